package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/doxguard/doxguard/app/report"
	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{
		Name:    "verify",
		Summary: "check the database: records decrypt, captures re-hash, the custody chain links (校验证据)",
		Usage:   "[--read-data] [--json]",
		NeedsDB: true,
		Run:     verifyCmd,
	})
	register(&Command{
		Name:    "report",
		Summary: "write the PDF evidence report for a person, identifiers masked (生成证据报告)",
		Usage:   "--person P --out FILE.pdf [--lang zh|en] [--from DATE] [--to DATE]",
		NeedsDB: true,
		Run:     reportCmd,
	})
	register(&Command{
		Name:    "export warc",
		Summary: "export captures as a WARC 1.1 archive to check hashes independently (导出 WARC 归档)",
		Usage:   "[--person P] --out FILE.warc.gz",
		NeedsDB: true,
		Run:     exportWARCCmd,
	})
}

// verifyCmd prints a summary like `restic check`, then each problem with
// what to do about it. Problems make the exit status 1.
func verifyCmd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("verify")
	readData := fs.Bool("read-data", false, "also decrypt and re-hash every stored page and screenshot (slower)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("verify takes no arguments (got %q)", pos[0])
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	mode := "structure only; add --read-data to re-hash page bytes"
	if *readData {
		mode = "structure and page data"
	}
	if !*asJSON {
		e.Printf("checking %s (%s)\n", db.Path(), mode)
	}
	start := time.Now()
	rep, err := db.Verify(ctx, store.VerifyOptions{ReadData: *readData})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	tokens, tokenProblems, err := verifyTokens(db)
	if err != nil {
		return fmt.Errorf("verify timestamps: %w", err)
	}
	rep.Problems = append(rep.Problems, tokenProblems...)
	if *asJSON {
		if err := e.JSON(struct {
			store.VerifyReport
			Tokens   int  `json:"timestamp_tokens"`
			ReadData bool `json:"read_data"`
			OK       bool `json:"ok"`
		}{rep, tokens, *readData, rep.OK()}); err != nil {
			return err
		}
	} else {
		e.Printf("%d records decrypted, %d captures, %d custody log entries, %d timestamp tokens\n",
			rep.Records, rep.Captures, rep.Custody, tokens)
		if *readData {
			e.Printf("%d page bodies and screenshots re-hashed (%s)\n", rep.BodiesRead, size(rep.BytesRead))
		}
		for _, p := range rep.Problems {
			e.Printf("\nerror: %s: %s\n  what to do: %s\n", p.Record, p.What, p.Hint)
		}
		if rep.OK() {
			e.Printf("no errors were found (未发现问题) in %s\n", time.Since(start).Round(time.Millisecond))
		}
	}
	if !rep.OK() {
		return fmt.Errorf("%d problem(s) found — see the list above; keep this database file unchanged until you have dealt with them (发现 %d 个问题)",
			len(rep.Problems), len(rep.Problems))
	}
	return nil
}

// verifyTokens re-checks every stored RFC 3161 token against its capture.
func verifyTokens(db *store.DB) (int, []store.Problem, error) {
	var n int
	var probs []store.Problem
	err := db.View(func(tx *store.Tx) error {
		cs, err := tx.ListCaptures()
		for _, c := range cs {
			if len(c.TSAToken) == 0 {
				continue
			}
			n++
			raw, derr := hex.DecodeString(c.ID)
			if derr != nil || len(raw) != sha256.Size {
				continue // reported by store.Verify as a bad content address
			}
			if _, verr := evidence.VerifyToken(c.TSAToken, [32]byte(raw), nil); verr != nil {
				probs = append(probs, store.Problem{Record: "captures/" + c.ID, What: "timestamp token: " + verr.Error(),
					Hint: "the page bytes may still be fine (see the other errors), but this trusted timestamp cannot be relied on; keep the database unchanged and restore the capture record from a backup"})
			}
		}
		return err
	})
	return n, probs, err
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// parseDay reads DATE as YYYY-MM-DD in UTC; end moves it to the last
// nanosecond of that day so --to is inclusive.
func parseDay(flagName, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, Usagef("--%s %q: want a date like 2026-01-31", flagName, s)
	}
	if end {
		t = t.Add(24*time.Hour - 1)
	}
	return t, nil
}

func reportCmd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("report")
	person := fs.String("person", "", "person name or ID")
	out := fs.String("out", "", "output PDF file")
	lang := fs.String("lang", "zh", "zh or en")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD (UTC)")
	toS := fs.String("to", "", "last day, YYYY-MM-DD (UTC), inclusive")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("report takes no positional arguments (got %q)", pos[0])
	}
	if *person == "" || *out == "" {
		return Usagef("report needs --person and --out")
	}
	if *lang != "zh" && *lang != "en" {
		return Usagef("--lang %q: want zh or en", *lang)
	}
	if !strings.EqualFold(filepath.Ext(*out), ".pdf") {
		return Usagef("--out %q: the report is a PDF; name it FILE.pdf", *out)
	}
	from, err := parseDay("from", *fromS, false)
	if err != nil {
		return err
	}
	to, err := parseDay("to", *toS, true)
	if err != nil {
		return err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Usagef("--to is before --from")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var pid string
	if err := db.View(func(tx *store.Tx) error {
		p, err := resolvePerson(tx, *person)
		pid = p.ID
		return err
	}); err != nil {
		return err
	}
	return writeReport(ctx, e, db, reportRequest{personID: pid, lang: *lang, from: from, to: to, out: *out})
}

// reportRequest says which evidence report to write where.
type reportRequest struct {
	personID string
	caseID   string // only this case's findings, all time; "" = the person's from..to
	lang     string
	from, to time.Time
	out      string
}

// writeReport builds the PDF evidence report, writes it atomically (0600)
// and records its ID and SHA-256 in the custody log.
func writeReport(ctx context.Context, e *Env, db *store.DB, r reportRequest) error {
	start := time.Now()
	var data report.Data
	var err error
	if r.caseID != "" {
		data, err = report.ForCase(ctx, db, r.caseID)
	} else {
		data, err = report.FromStore(ctx, db, r.personID, r.from, r.to)
	}
	if err != nil {
		return err
	}
	data.Lang = r.lang
	var buf bytes.Buffer
	if err := report.Render(data, &buf); err != nil {
		return err
	}
	if err := writeFileAtomic(r.out, buf.Bytes()); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if err := db.Update(func(tx *store.Tx) error {
		return tx.AppendCustody("report_generated", r.personID, data.ReportID+" sha256="+hex.EncodeToString(sum[:]))
	}); err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	e.Printf("wrote %s: report %s, %d finding(s), in %s (证据报告已生成)\n", r.out, data.ReportID,
		len(data.Findings), time.Since(start).Round(time.Millisecond))
	e.Printf("sha256 %s (recorded in the custody log)\n", hex.EncodeToString(sum[:]))
	return nil
}

func exportWARCCmd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("export warc")
	person := fs.String("person", "", "only the captures behind this person's findings (default: every capture)")
	out := fs.String("out", "", "output file, FILE.warc.gz")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("export warc takes no positional arguments (got %q)", pos[0])
	}
	if *out == "" {
		return Usagef("export warc needs --out FILE.warc.gz")
	}
	if !strings.HasSuffix(strings.ToLower(*out), ".warc.gz") {
		return Usagef("--out %q: name it FILE.warc.gz (each record is gzip-compressed)", *out)
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var pid string
	if *person != "" {
		if err := db.View(func(tx *store.Tx) error {
			p, err := resolvePerson(tx, *person)
			pid = p.ID
			return err
		}); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	st, err := evidence.ExportWARC(ctx, db, pid, &buf, evidence.WARCInfo{
		Software: "DoxGuard " + assets.Version, Filename: filepath.Base(*out),
		Description: "DoxGuard evidence export: raw bytes of captured pages", Created: time.Now().UTC()})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	e.Warnf("%s holds the captured pages unencrypted, including the personal data on them: keep it safe and delete copies you do not need (归档未加密，含页面原文)", *out)
	e.Printf("wrote %s: %d capture(s), %d screenshot(s), %d records", *out, st.Captures, st.Screenshots, st.Records)
	if st.Missing > 0 {
		e.Printf("; %d capture(s) referenced by findings are missing — run doxguard verify", st.Missing)
	}
	e.Printf("\n")
	return nil
}

// writeFileAtomic writes data to path with mode 0600 through a temporary
// file, so a failed write never leaves half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".doxguard-*")
	if err != nil {
		return Inputf("cannot write %s: %v", path, errors.Unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
