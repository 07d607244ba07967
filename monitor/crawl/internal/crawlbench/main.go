// Command crawlbench measures monitor/crawl against wget on a generated
// local site (see package benchsite). Each crawler runs in its own process
// so its peak RSS (ru_maxrss) is its own.
//
//	crawlbench all   -n 10000 -corpus DIR [-workers 4,16] [-wget]   server + crawls + wget, prints a table
//	crawlbench serve -n 10000 -corpus DIR -addr 127.0.0.1:0         prints the URL, serves until killed
//	crawlbench crawl -url URL -workers 4 -max 200000                 one crawl, prints one result line
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/doxguard/doxguard/monitor/crawl"
	"github.com/doxguard/doxguard/monitor/crawl/internal/benchsite"
)

type result struct {
	Tool     string  `json:"tool"`
	Workers  int     `json:"workers"`
	Pages    int     `json:"pages"`
	Errors   int     `json:"errors"`
	Seconds  float64 `json:"seconds"`
	PagesSec float64 `json:"pages_per_s"`
	MB       float64 `json:"mb"`
	MaxRSSMB float64 `json:"max_rss_mb"`
	Served   int     `json:"served"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: crawlbench all|serve|crawl [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "crawl":
		err = crawlOnce(os.Args[2:])
	case "all":
		err = all(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crawlbench:", err)
		os.Exit(1)
	}
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	n := fs.Int("n", 10000, "pages")
	corpus := fs.String("corpus", "/work/shared/corpus/pages", "corpus folder")
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	fs.Parse(args)
	site, err := benchsite.Load(*corpus, *n)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	// /_count reports how many documents were served, so every crawler's
	// page count — wget has none of its own — is checked the same way.
	var served atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/_count", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, served.Swap(0)) })
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			served.Add(1)
		}
		site.ServeHTTP(w, r)
	}))
	srv := &http.Server{Handler: mux}
	go func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
		<-ch
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func crawlOnce(args []string) error {
	fs := flag.NewFlagSet("crawl", flag.ExitOnError)
	u := fs.String("url", "", "site URL")
	workers := fs.Int("workers", 4, "workers")
	max := fs.Int("max", 200000, "page cap")
	prof := fs.String("cpuprofile", "", "write a CPU profile")
	fs.Parse(args)
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var bytes int64
	start := time.Now()
	st, err := crawl.Run(context.Background(), crawl.Config{
		Version: "bench", AllowPrivate: true, PerHostDelay: -1, Workers: *workers, MaxPages: *max,
	}, []crawl.Target{{Kind: crawl.KindSite, URL: *u, Depth: crawl.MaxDepth, MaxPages: *max}}, crawl.Hooks{
		// The hook keeps nothing: what a well-behaved caller does.
		Page: func(p crawl.Page) {},
	})
	if err != nil {
		return err
	}
	sec := time.Since(start).Seconds()
	bytes = st.Bytes
	res := result{Tool: "doxguard", Workers: *workers, Pages: st.Pages, Errors: st.Errors, Seconds: sec,
		PagesSec: float64(st.Pages) / sec, MB: float64(bytes) / 1e6, MaxRSSMB: vmHWM()}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// vmHWM is this process's peak resident set in MB.
func vmHWM() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func all(args []string) error {
	fs := flag.NewFlagSet("all", flag.ExitOnError)
	n := fs.Int("n", 10000, "pages")
	corpus := fs.String("corpus", "/work/shared/corpus/pages", "corpus folder")
	workerList := fs.String("workers", "4,16", "worker counts")
	withWget := fs.Bool("wget", true, "run the wget peer")
	fs.Parse(args)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	srv := exec.Command(self, "serve", "-n", strconv.Itoa(*n), "-corpus", *corpus)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	url := strings.TrimSpace(line)
	fmt.Printf("site: %d pages + index at %s (server pid %d)\n\n", *n, url, srv.Process.Pid)
	fmt.Println("| crawler | workers | documents | served | errors | seconds | pages/s | MB | peak RSS MB |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	served(url) // reset
	var wgetRate float64
	var rows []result
	if *withWget {
		r, err := runWget(url)
		if err != nil {
			return err
		}
		r.Served = served(url)
		r.Pages = r.Served
		r.PagesSec = float64(r.Pages) / r.Seconds
		wgetRate = r.PagesSec
		rows = append(rows, r)
		printRow(r)
	}
	for _, w := range strings.Split(*workerList, ",") {
		cmd := exec.Command(self, "crawl", "-url", url, "-workers", w)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("crawl %s workers: %w", w, err)
		}
		var r result
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && r.MaxRSSMB == 0 {
			r.MaxRSSMB = float64(ru.Maxrss) / 1024
		}
		r.Served = served(url)
		rows = append(rows, r)
		printRow(r)
	}
	if wgetRate > 0 {
		fmt.Println()
		for _, r := range rows[1:] {
			fmt.Printf("ratio doxguard/%d workers ÷ wget: %.2f×\n", r.Workers, r.PagesSec/wgetRate)
		}
	}
	return nil
}

func printRow(r result) {
	fmt.Printf("| %s | %d | %d | %d | %d | %.1f | %.0f | %.0f | %.0f |\n", r.Tool, r.Workers, r.Pages, r.Served, r.Errors, r.Seconds, r.PagesSec, r.MB, r.MaxRSSMB)
}

// served reads and resets the server's document counter.
func served(url string) int {
	resp, err := http.Get(url + "_count")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var n int
	fmt.Fscan(resp.Body, &n)
	return n
}

// runWget is the peer: wget's recursive retrieval of the same site, files
// deleted after download, one connection (wget has no parallelism).
func runWget(url string) (result, error) {
	dir, err := os.MkdirTemp("", "crawlbench-wget-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	cmd := exec.Command("wget", "--recursive", "--level=inf", "-q", "--delete-after", "-P", dir, url)
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	sec := time.Since(start).Seconds()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return result{}, fmt.Errorf("wget: %w", err)
	}
	// Pages come from the server's counter. Exit status 8 (server errors)
	// would mean 404s.
	r := result{Tool: "wget", Workers: 1, Seconds: sec}
	if ee != nil {
		r.Errors = ee.ExitCode()
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.MaxRSSMB = float64(ru.Maxrss) / 1024
	}
	return r, nil
}
