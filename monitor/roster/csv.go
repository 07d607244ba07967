package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// columns are the CSV header names, with the Chinese headers a manager's
// spreadsheet is likely to have.
var columns = map[string]string{
	"person": "person", "name": "person", "姓名": "person", "人员": "person", "艺人": "person",
	"kind": "kind", "type": "kind", "类型": "kind", "种类": "kind",
	"value": "value", "值": "value", "内容": "value", "号码": "value",
	"label": "label", "note": "label", "备注": "label", "标签": "label",
}

// decodeText turns roster bytes into UTF-8: the BOM is dropped, and bytes
// that are not UTF-8 are taken as GB18030 (a superset of GBK, which is what
// Excel writes on a Chinese Windows; notes/libs.md §5).
func decodeText(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("neither UTF-8 nor GBK/GB18030 text: %w", err)
	}
	return out, nil
}

func (b *builder) parseCSV(data []byte) {
	text, err := decodeText(data)
	if err != nil {
		b.fail(0, "", "%v", err)
		return
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	if first, _, _ := bytes.Cut(text, []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		cr.Comma = '\t' // "Unicode text" / TSV exports
	}
	col := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				b.fail(pe.Line, "", "broken CSV quoting (%v)", pe.Err)
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					return // the rest of the file cannot be split reliably
				}
				continue
			}
			b.fail(0, "", "cannot read: %v", err)
			return
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) || strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue
		}
		if len(col) == 0 {
			if !b.header(rec, col, line) {
				return
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		name := get("person")
		if nameKey(name) == "" {
			b.fail(line, "", "the person column is empty")
			continue
		}
		p := b.person(name)
		kind, value := strings.ToLower(CleanText(get("kind"))), get("value")
		switch kind {
		case "name", "姓名":
			// Declares the person; nothing else to add.
		case "alias", "别名", "艺名":
			if CleanText(value) == "" {
				b.fail(line, "", "alias: is empty")
			}
			p.Aliases = addUnique(p.Aliases, value)
		case "tag", "标签", "分组":
			if CleanText(value) == "" {
				b.fail(line, "", "tag: is empty")
			}
			p.Tags = addUnique(p.Tags, value)
		case "notes", "note", "备注":
			p.Notes = strings.TrimSpace(value)
		default:
			b.addValue(p, where{line: line}, kind, value, get("label"))
		}
	}
	if len(col) == 0 && len(b.problems) == 0 {
		b.fail(0, "", "the file is empty (expected the header person,kind,value,label)")
	}
}

// header maps column names to positions.
func (b *builder) header(rec []string, col map[string]int, line int) bool {
	for i, h := range rec {
		if c, ok := columns[strings.ToLower(CleanText(h))]; ok {
			if _, dup := col[c]; !dup {
				col[c] = i
			}
		}
	}
	for _, need := range []string{"person", "kind", "value"} {
		if _, ok := col[need]; !ok {
			b.fail(line, "", "the first row must be the header person,kind,value,label (no %s column)", need)
			return false
		}
	}
	return true
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// WriteCSV writes r in the CSV roster shape (UTF-8 with a BOM, so Excel
// opens the Chinese correctly), canonical values in clear.
func WriteCSV(w io.Writer, r *Roster) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	cw := csv.NewWriter(w)
	rows := [][]string{{"person", "kind", "value", "label"}}
	for _, p := range r.People {
		rows = append(rows, []string{p.Name, "name", p.Name, ""})
		for _, a := range p.Aliases {
			rows = append(rows, []string{p.Name, "alias", a, ""})
		}
		for _, t := range p.Tags {
			rows = append(rows, []string{p.Name, "tag", t, ""})
		}
		if p.Notes != "" {
			rows = append(rows, []string{p.Name, "notes", p.Notes, ""})
		}
		for _, id := range p.Identifiers {
			rows = append(rows, []string{p.Name, string(id.Value.Kind), id.Value.Canonical, id.Label})
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	return nil
}
