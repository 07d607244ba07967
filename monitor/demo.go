package monitor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

// DemoServer serves the bundled fictional demo site (assets.DemoSite) on
// 127.0.0.1 with a random port. It exists so a newcomer can watch a real
// scan find real (fictional) exposures without touching the internet.
type DemoServer struct {
	// URL is the site's base address, e.g. http://127.0.0.1:43127 (no slash).
	URL string
	srv *http.Server
	ln  net.Listener
	err chan error
}

// ServeDemo starts the demo site. Close it when done.
func ServeDemo() (*DemoServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo site: listen: %w", err)
	}
	d := &DemoServer{URL: "http://" + ln.Addr().String(), ln: ln, err: make(chan error, 1)}
	d.srv = &http.Server{Handler: DemoHandler(d.URL), ReadHeaderTimeout: 10 * time.Second}
	go func() { d.err <- d.srv.Serve(ln) }()
	return d, nil
}

// Close stops the server and waits for it.
func (d *DemoServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := d.srv.Shutdown(ctx)
	if serr := <-d.err; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// DemoHandler serves the demo site as if it lived at base. Files are served
// byte for byte — the GBK page stays GBK and its Content-Type names no
// charset, so the crawler's charset repair is what decodes it — except that
// {{BASE}} in the XML files (feed, sitemap) becomes base, because those
// formats need absolute URLs.
func DemoHandler(base string) http.Handler {
	site := assets.DemoSite()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		body, err := fs.ReadFile(site, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ext := path.Ext(name)
		ctype := mime.TypeByExtension(ext)
		switch ext {
		case ".html":
			ctype = "text/html; charset=utf-8"
			if bytes.Contains(body[:min(len(body), 512)], []byte("charset=gbk")) {
				// Like many old Chinese sites: no charset in the header,
				// only in <meta>.
				ctype = "text/html"
			}
		case ".xml":
			ctype = "application/xml; charset=utf-8"
			body = bytes.ReplaceAll(body, []byte("{{BASE}}"), []byte(base))
		case ".txt":
			ctype = "text/plain; charset=utf-8"
		}
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		// A fixed validator so re-scans of the demo exercise conditional
		// requests (304 re-uses the stored capture).
		sum := sha256.Sum256(body)
		etag := fmt.Sprintf(`"%x"`, sum[:8])
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// DemoPassphrase unlocks demo databases. It is printed to the user: a demo
// database holds only the fictional demo person.
const DemoPassphrase = "doxguard-demo"

// DemoPerson is the fictional person planted in the demo site (the test
// identity of docs/ARCHITECTURE.md), as a roster file would list her.
var DemoPerson = struct {
	Name, Alias string
	Identifiers [][2]string // kind, value as a user would type it
}{
	Name:  "程安然",
	Alias: "安然然",
	Identifiers: [][2]string{
		{"phone", "138 0013 8000"},
		{"cn_id", "11010519491231002X"},
		{"bank_card", "6222021234567890128"},
		{"email", "anran.cheng@example.com"},
		{"address", "浙江省杭州市西湖区文三路88号5幢2单元301室"},
		{"qq", "48151623"},
		{"plate", "浙A·D12345"},
	},
}

// AddDemoPerson registers DemoPerson with every identifier through the
// roster importer (so values are validated and canonicalised exactly as
// `doxguard import` does; running it twice changes nothing) and returns
// the person's ID.
func AddDemoPerson(db *store.DB) (string, error) {
	type jid struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	}
	type jperson struct {
		Name        string   `json:"name"`
		Aliases     []string `json:"aliases"`
		Tags        []string `json:"tags"`
		Identifiers []jid    `json:"identifiers"`
	}
	jp := jperson{Name: DemoPerson.Name, Aliases: []string{DemoPerson.Alias}, Tags: []string{"demo"}}
	for _, kv := range DemoPerson.Identifiers {
		jp.Identifiers = append(jp.Identifiers, jid{kv[0], kv[1]})
	}
	data, err := json.Marshal(map[string]any{"people": []jperson{jp}})
	if err != nil {
		return "", fmt.Errorf("demo person: %w", err)
	}
	r, err := roster.Parse(data, roster.JSON, roster.Options{})
	if err != nil {
		return "", fmt.Errorf("demo person: %w", err)
	}
	var pid string
	err = db.Update(func(tx *store.Tx) error {
		if _, err := roster.Import(roster.StoreTx(tx), r, false); err != nil {
			return err
		}
		p, err := tx.PersonByName(DemoPerson.Name)
		pid = p.ID
		return err
	})
	if err != nil {
		return "", fmt.Errorf("demo person: %w", err)
	}
	return pid, nil
}

// SetupDemo registers the demo person and three sources over the demo site
// at base — the whole site (depth 2), its RSS feed and its sitemap — so one
// scan exercises every crawl path. The Monitor must allow private addresses
// (the site is on 127.0.0.1).
func (m *Monitor) SetupDemo(base string) error {
	if _, err := AddDemoPerson(m.db); err != nil {
		return err
	}
	for _, spec := range []SourceSpec{
		{URL: base + "/", Kind: KindSite, Depth: 2},
		{URL: base + "/feed.xml", Kind: KindFeed},
		{URL: base + "/sitemap.xml", Kind: KindSitemap},
	} {
		if _, err := m.AddSource(spec); err != nil {
			return fmt.Errorf("demo source: %w", err)
		}
	}
	return nil
}
