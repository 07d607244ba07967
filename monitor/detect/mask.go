package detect

import "github.com/doxguard/doxguard/monitor/detect/ident"

// maskOf returns the display form of a match's value, masked the one way the
// whole product masks (ident.Mask: ID 110105********1234, phone
// 138****5678, card first 6 + last 4, address to district level, names 程某).
func (d *Detector) maskOf(r rawMatch) string {
	if r.t.kind == KindName {
		return ident.MaskName(d.people[r.t.person].Name)
	}
	v := r.value
	if r.t.ident >= 0 {
		v = d.people[r.t.person].Identifiers[r.t.ident].Value
	}
	return ident.Mask(ident.Kind(r.t.kind), v)
}
