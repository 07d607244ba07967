package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/roster"
)

func init() {
	register(&Command{
		Name:    "detect",
		Summary: "offline scan of saved pages and files for the roster's identifiers (no database)",
		Usage:   "--roster FILE [--json] [--snippets] [--window N] PATH...",
		Run:     cmdDetect,
	})
}

// cmdDetect is `doxguard detect --roster FILE [--json] PATH...`: an offline
// scan of files and folders (recursively) with no database. The roster's
// values stay in memory; the output shows masked values only.
func cmdDetect(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("detect")
	rosterPath := fs.String("roster", "", "roster file (JSON or CSV) with the people to look for")
	asJSON := fs.Bool("json", false, "one JSON object per match per line")
	snippets := fs.Bool("snippets", false, "also print the masked page text around each match (page excerpts: keep them off disk)")
	window := fs.Int("window", 0, "runes around a name within which unregistered numbers count (default 80)")
	paths, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if *rosterPath == "" {
		return Usagef("--roster FILE is required (名单文件必填)")
	}
	if len(paths) == 0 {
		return Usagef("give at least one file or folder to scan (请指定要扫描的文件或文件夹)")
	}
	r, err := roster.Load(*rosterPath)
	if err != nil {
		var re *roster.Error
		if errors.As(err, &re) {
			return err
		}
		return &InputError{Msg: "cannot read the roster (名单无法读取)", Err: err}
	}
	people := detectPeople(r)
	det, err := detect.New(detect.Roster{People: people}, detect.Options{NameWindow: *window})
	if err != nil {
		return Inputf("the roster has nobody in it (名单里没有人)")
	}
	for _, s := range det.Skipped() {
		i, _ := strconv.Atoi(s.PersonID)
		e.Warnf("not searched (未搜索) %s #%s: %s", ident.MaskName(people[i-1].Name), s.IdentifierID, s.Reason)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return &InputError{Msg: "cannot read " + p + " (无法读取)", Err: errors.Unwrap(err)}
		}
	}
	_, err = runDetectFiles(ctx, det, people, paths, detectOutput{json: *asJSON, snippets: *snippets}, e.Stdout, e.Stderr)
	return err
}

// detectPeople turns a validated roster into detector input. Person IDs
// are their 1-based position in the roster, identifier IDs "person.n".
func detectPeople(r *roster.Roster) []detect.Person {
	var out []detect.Person
	for i, p := range r.People {
		dp := detect.Person{ID: strconv.Itoa(i + 1), Name: p.Name, Aliases: p.Aliases}
		for k, id := range p.Identifiers {
			dp.Identifiers = append(dp.Identifiers, detect.Identifier{
				ID: fmt.Sprintf("%d.%d", i+1, k+1), Kind: string(id.Value.Kind), Value: id.Value.Canonical})
		}
		out = append(out, dp)
	}
	return out
}

// detectHit is one line of `doxguard detect --json`. It never holds the
// unmasked value: Masked and Snippet are masked by the detector.
type detectHit struct {
	Path        string `json:"path"`
	Person      string `json:"person"` // masked name (杨某)
	PersonIndex int    `json:"person_index"`
	Kind        string `json:"kind"`
	Form        string `json:"form"`
	Severity    string `json:"severity"`
	Where       string `json:"where"`
	Masked      string `json:"masked"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Exposed     string `json:"exposed,omitempty"`
	Snippet     string `json:"snippet,omitempty"` // only with --snippets
	Charset     string `json:"charset,omitempty"`
}

// maxDetectFile bounds what one file may take in memory.
const maxDetectFile = 64 << 20

var imageExt = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true}

// detectContentType picks the content type from the extension; unknown
// extensions are sniffed by the detector (HTML, JSON or text).
func detectContentType(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp":
		return "text/html"
	case ".json":
		return "application/json"
	case ".xml", ".rss", ".atom":
		return "application/xml"
	case ".txt", ".md", ".csv":
		return "text/plain"
	}
	return ""
}

// detectCandidate says whether a file is worth scanning: known text or
// image extensions, or content that is not binary.
func detectCandidate(path string, head []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if detectContentType(path) != "" || imageExt[ext] {
		return true
	}
	return len(head) > 0 && !bytes.ContainsRune(head, 0)
}

// collectFiles expands folders recursively, in a stable order.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				out = append(out, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// runDetectFiles scans every file and writes the matches; it returns how
// many matches were printed.
type detectOutput struct{ json, snippets bool }

func runDetectFiles(ctx context.Context, det *detect.Detector, people []detect.Person, paths []string, o detectOutput, w, errw io.Writer) (int, error) {
	files, err := collectFiles(paths)
	if err != nil {
		return 0, err
	}
	var hits []detectHit
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return len(hits), err
		}
		body, err := readBounded(f)
		if err != nil {
			fmt.Fprintf(errw, "doxguard: warning: skipped (跳过) %s: %v\n", f, err)
			continue
		}
		if !detectCandidate(f, body[:min(len(body), 512)]) {
			continue
		}
		var ms []detect.Match
		charset := ""
		if imageExt[strings.ToLower(filepath.Ext(f))] {
			ms, err = det.ScanImage(body)
			if err != nil {
				fmt.Fprintf(errw, "doxguard: warning: skipped (跳过) %s: %v\n", f, err)
				continue
			}
		} else {
			res := det.Scan(detect.Doc{Body: body, ContentType: detectContentType(f)})
			ms, charset = res.Matches, res.Charset
		}
		for _, m := range ms {
			pi, _ := strconv.Atoi(m.PersonID)
			h := detectHit{Path: f, Person: ident.MaskName(people[pi-1].Name), PersonIndex: pi, Kind: m.Kind,
				Form: m.Form, Severity: m.Severity, Where: string(m.Where), Masked: m.Masked, Start: m.Start,
				End: m.End, Exposed: m.Exposed, Charset: charset}
			if o.snippets {
				h.Snippet = m.Snippet
			}
			if o.json {
				if err := enc.Encode(h); err != nil {
					return len(hits), err
				}
			}
			hits = append(hits, h)
		}
	}
	if !o.json {
		return len(hits), writeDetectTable(w, hits, o.snippets)
	}
	return len(hits), nil
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDetectFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxDetectFile {
		return nil, fmt.Errorf("larger than %d MiB", maxDetectFile>>20)
	}
	return b, nil
}

func writeDetectTable(w io.Writer, hits []detectHit, snippets bool) error {
	if len(hits) == 0 {
		_, err := fmt.Fprintln(w, "没有发现 No matches.")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "文件 FILE\t人 PERSON\t类型 KIND\t形式 FORM\t严重度 SEVERITY\t位置 WHERE\t值 MASKED\t字节 BYTES")
	for _, h := range hits {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d-%d\n", shorten(h.Path, 50), h.Person, h.Kind, h.Form,
			h.Severity, h.Where, h.Masked, h.Start, h.End)
		if snippets {
			fmt.Fprintf(tw, "\t\t\t\t\t\t%s\t\n", h.Snippet)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, h := range hits {
		if h.Kind != detect.KindName {
			counts[h.Severity]++
		}
	}
	_, err := fmt.Fprintf(w, "\n%d 处匹配 matches · %d 严重 critical · %d 高 high · %d 中 medium · %d 低 low (姓名仅作参考 names are context only)\n",
		len(hits), counts["critical"], counts["high"], counts["medium"], counts["low"])
	return err
}
