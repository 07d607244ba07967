package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doxguard/doxguard/store"
)

// ErrNoBrowser means no Chromium was found: screenshots are optional, so
// callers tell the user once (NoBrowserMessage) and carry on.
var ErrNoBrowser = errors.New("chromium not found")

// NoBrowserMessage is the one-time notice for ErrNoBrowser.
const NoBrowserMessage = "no Chromium found: evidence screenshots are off; the captured page bytes remain the evidence. " +
	"Install chromium (and fonts-wqy-microhei for Chinese) to add screenshots. " +
	"(未找到 Chromium：不截图，原始网页字节仍是证据)"

// browserNames are tried on PATH in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindBrowser returns the path of a Chromium on PATH, or ErrNoBrowser.
func FindBrowser() (string, error) {
	for _, n := range browserNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Screenshotter keeps one headless Chromium for a batch of screenshots
// (start-up costs ~1 s, each page ~0.3 s; notes/colly.md §7). One tab at a
// time: Shoot is safe for concurrent use but serialised.
type Screenshotter struct {
	mu      sync.Mutex
	browser context.Context
	cancel  func()
	// Settle is how long to wait after load for scripts to draw (default
	// 500 ms); Timeout bounds one page (default 30 s).
	Settle, Timeout time.Duration
}

// NewScreenshotter starts Chromium (headless, no sandbox so it runs as
// root in containers, no GPU, no background traffic, images on). It
// returns ErrNoBrowser when there is none. Close it when done.
func NewScreenshotter(ctx context.Context) (*Screenshotter, error) {
	path, err := FindBrowser()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("incognito", true), // fresh profile: no cookies, no cache (notes/legal.md §4.6)
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first Do launches the browser and ties its life to the context
	// it is given, so it must be bctx itself, not a derived timeout.
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	return &Screenshotter{browser: bctx, cancel: func() { bcancel(); acancel() },
		Settle: 500 * time.Millisecond, Timeout: 30 * time.Second}, nil
}

// Close stops the browser.
func (s *Screenshotter) Close() { s.cancel() }

// pngMagic starts every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// Shoot loads url in a new tab and returns a full-page PNG.
func (s *Screenshotter) Shoot(ctx context.Context, url string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tab, cancel := chromedp.NewContext(s.browser)
	defer cancel()
	tab, tcancel := context.WithTimeout(tab, s.Timeout)
	defer tcancel()
	// Stop with the caller's context too.
	stop := context.AfterFunc(ctx, tcancel)
	defer stop()
	if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.Sleep(s.Settle)); err != nil {
		return nil, fmt.Errorf("screenshot: load page: %w", err)
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100)) // 100 = PNG, anything else is JPEG
	if err != nil {
		return nil, fmt.Errorf("screenshot: capture: %w", err)
	}
	if !bytes.HasPrefix(png, pngMagic) {
		return nil, errors.New("screenshot: browser did not return a png")
	}
	return png, nil
}

// AttachScreenshot stores png as a blob, points the capture at it and logs
// screenshot_added in the custody log. It returns the blob ID (SHA-256).
func AttachScreenshot(db *store.DB, captureID string, png []byte) (string, error) {
	var id string
	err := db.Update(func(tx *store.Tx) error {
		c, err := tx.GetCapture(captureID)
		if err != nil {
			return err
		}
		if id, err = tx.PutBlob("image/png", png); err != nil {
			return err
		}
		c.ScreenshotID = id
		if err := tx.UpdateCapture(&c); err != nil {
			return err
		}
		return tx.AppendCustody("screenshot_added", captureID, id)
	})
	if err != nil {
		return "", fmt.Errorf("attach screenshot to %s: %w", captureID, err)
	}
	return id, nil
}

// ScreenshotCaptures takes a screenshot of the page of each capture that
// has none and attaches it. Without Chromium it returns ErrNoBrowser
// before doing anything; a page that fails is skipped and counted.
func ScreenshotCaptures(ctx context.Context, db *store.DB, captureIDs []string) (done, failed int, err error) {
	type job struct{ id, url string }
	var jobs []job
	err = db.View(func(tx *store.Tx) error {
		for _, id := range captureIDs {
			c, err := tx.GetCapture(id)
			if err != nil {
				return err
			}
			if c.ScreenshotID == "" {
				u := c.FinalURL
				if u == "" {
					u = c.URL
				}
				jobs = append(jobs, job{id, u})
			}
		}
		return nil
	})
	if err != nil || len(jobs) == 0 {
		return 0, 0, err
	}
	s, err := NewScreenshotter(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return done, failed, err
		}
		png, err := s.Shoot(ctx, j.url)
		if err != nil {
			failed++
			continue
		}
		if _, err := AttachScreenshot(db, j.id, png); err != nil {
			return done, failed, err
		}
		done++
	}
	return done, failed, nil
}
