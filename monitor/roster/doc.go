// Package roster reads and writes roster files — the list of people and
// their identifiers a manager keeps for the artists they look after — and
// imports them into the store.
//
// Two shapes are accepted (DESIGN.md "Roster"):
//
//	{"people":[{"name":"程安然","aliases":["安然然"],"tags":["hosts"],
//	  "identifiers":[{"kind":"phone","value":"138 0013 8000","label":"old number"}]}]}
//
//	person,kind,value,label
//	程安然,alias,安然然,
//	程安然,tag,hosts,
//	程安然,phone,138 0013 8000,old number
//
// CSV may be UTF-8 with or without a byte-order mark, or GBK/GB18030 as
// Excel in China saves it (detected by the bytes not being valid UTF-8 and
// decoded as GB18030, which is a superset of GBK).
//
// Parsing is all-or-nothing: every value is validated with package ident
// and every bad row is reported (CSV line number, or a JSON path such as
// people[3].identifiers[1]) in one *Error. Reports name the row and the
// problem, never the value, so they are safe to print.
//
// Import applies a parsed roster through the small Tx interface in one
// transaction and is idempotent: a person is matched by name, an identifier
// by its (kind, canonical value) blind index, and what already exists is
// left unchanged. Plan computes the same result without writing, for
// --dry-run.
package roster
