package report

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doxguard/doxguard/store"
)

func TestFromStore(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Init([]byte("pass phrase"), store.TestKDF); err != nil {
		t.Fatal(err)
	}
	var pid string
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	err = db.Update(func(tx *store.Tx) error {
		p := store.Person{Name: "程安然", Aliases: []string{"安然然"}}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		pid = p.ID
		for _, i := range []store.Identifier{{PersonID: pid, Kind: "phone", Value: "+8613800138000", Masked: "138****8000"},
			{PersonID: pid, Kind: "cn_id", Value: "11010519491231002X", Masked: "110105********002X"}} {
			if err := tx.PutIdentifier(&i); err != nil {
				return err
			}
		}
		for n, f := range []struct {
			sev   string
			first int
			token []byte
		}{{"high", 3, []byte{0x30, 0x00}}, {"critical", 5, nil}, {"high", 20, nil}} {
			c := store.Capture{URL: "https://bbs.example.com/t/" + string(rune('a'+n)), Status: 200, FetchedAt: day(f.first), Tool: "DoxGuard", ToolVersion: "t"}
			if err := tx.PutCapture(&c, []byte("page "+c.URL)); err != nil {
				return err
			}
			if f.token != nil {
				c.TSAToken, c.TSAURL = f.token, "http://tsa.example"
				if err := tx.UpdateCapture(&c); err != nil {
					return err
				}
			}
			caseID := ""
			if n == 1 {
				cs := store.Case{PersonID: pid, Host: "bbs.example.com", Platform: "示例论坛", Status: "sent", Ref: "T-1"}
				if err := tx.PutCase(&cs); err != nil {
					return err
				}
				caseID = cs.ID
			}
			fd := store.Finding{CaseID: caseID, Key: tx.FindingKey(c.URL, pid, "x", ""), URL: c.URL, Host: "bbs.example.com", PersonID: pid,
				Kind: "phone", Form: "exact", Severity: f.sev, Status: "new", Masked: "138****8000", CaptureID: c.ID,
				FirstSeen: day(f.first), LastSeen: day(f.first + 1)}
			if err := tx.PutFinding(&fd); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromStore(context.Background(), db, pid, day(1), day(10))
	if err != nil {
		t.Fatal(err)
	}
	if d.Person != "程某" || !strings.HasPrefix(d.ReportID, "R-") || len(d.ReportID) != 14 {
		t.Errorf("cover fields: person %q, id %q", d.Person, d.ReportID)
	}
	for _, s := range []string{"程安然", "安然然", "+8613800138000", "13800138000", "11010519491231002X"} {
		if !slices.Contains(d.Secrets, s) {
			t.Errorf("Secrets lacks a registered form (%d runes)", len([]rune(s)))
		}
	}
	// The finding first seen on day 20 is outside the period; critical comes first.
	if len(d.Findings) != 2 || d.Findings[0].Severity != "critical" {
		t.Fatalf("findings %+v", d.Findings)
	}
	tsa := d.Findings[1].Capture.TSA
	if tsa == nil || tsa.Verified || tsa.Problem == "" {
		t.Errorf("a malformed token must show as not verified: %+v", tsa)
	}
	if d.CustodyTotal != 3 || len(d.Custody) != 3 || d.Custody[2].Seq != 3 || d.Custody[0].Action != "capture_added" {
		t.Errorf("custody head %d %+v", d.CustodyTotal, d.Custody)
	}
	if len(d.Cases) != 1 || d.Cases[0].Ref != "T-1" || d.Cases[0].Findings != 1 || d.Findings[0].Platform != "示例论坛" {
		t.Errorf("cases %+v, platform %q", d.Cases, d.Findings[0].Platform)
	}
	var buf bytes.Buffer
	if err := Render(d, &buf); err != nil {
		t.Fatalf("render from store: %v", err)
	}
}
