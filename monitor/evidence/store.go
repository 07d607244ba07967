package evidence

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/doxguard/doxguard/store"
)

// SettingTSAURL is the store setting naming the RFC 3161 timestamp
// authority; empty or absent means time-stamping is off (the default).
const SettingTSAURL = "tsa_url"

// ErrTSAURL means a timestamp authority address is not an http(s) URL.
var ErrTSAURL = errors.New("timestamp authority must be an http:// or https:// address")

// CheckTSAURL validates a timestamp authority address typed by the user
// and returns it trimmed.
func CheckTSAURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", ErrTSAURL
	}
	return s, nil
}

// ExportStats says what an export wrote.
type ExportStats struct {
	Captures, Screenshots, Records int
	Missing                        int // captures referenced by findings but not in the store
}

// ExportWARC writes the captures behind personID's findings (every capture
// when personID is "") to w as WARC, oldest first, and records export_made
// in the custody log. The output holds page bytes in plaintext.
func ExportWARC(ctx context.Context, db *store.DB, personID string, w io.Writer, info WARCInfo) (ExportStats, error) {
	var st ExportStats
	var ids []string
	err := db.View(func(tx *store.Tx) error {
		if personID == "" {
			cs, err := tx.ListCaptures()
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			return err
		}
		fs, err := tx.FindFindings(store.FindingFilter{PersonID: personID})
		for _, f := range fs {
			if f.CaptureID != "" {
				ids = append(ids, f.CaptureID)
			}
			for _, e := range f.Timeline {
				if e.CaptureID != "" {
					ids = append(ids, e.CaptureID)
				}
			}
		}
		return err
	})
	if err != nil {
		return st, fmt.Errorf("export warc: list captures: %w", err)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ww, err := NewWARCWriter(w, info)
	if err != nil {
		return st, fmt.Errorf("export warc: %w", err)
	}
	type item struct {
		c      WARCCapture
		shotID string
	}
	var items []item
	// Metadata first (for the order), bodies one at a time while writing,
	// so a big export never holds every page in memory.
	for _, id := range ids {
		var it item
		err := db.View(func(tx *store.Tx) error {
			c, err := tx.GetCapture(id)
			if err != nil {
				return err
			}
			it = item{c: WARCCapture{ID: c.ID, URL: c.URL, Method: c.Method, Status: c.Status,
				RequestHeader: c.RequestHeader, ResponseHeader: c.ResponseHeader, RemoteIP: c.RemoteIP,
				FetchedAt: c.FetchedAt, ScreenshotAt: c.FetchedAt, Truncated: c.Truncated}, shotID: c.ScreenshotID}
			return nil
		})
		if errors.Is(err, store.ErrNotFound) {
			st.Missing++
			continue
		}
		if err != nil {
			return st, fmt.Errorf("export warc: capture %s: %w", id, err)
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b item) int { return a.c.FetchedAt.Compare(b.c.FetchedAt) })
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		c, shotID := it.c, it.shotID
		err := db.View(func(tx *store.Tx) error {
			raw, err := tx.GetCaptureBody(c.ID)
			if err != nil {
				return err
			}
			c.Raw = raw
			if shotID != "" {
				b, err := tx.GetBlob(shotID)
				if err != nil {
					return fmt.Errorf("screenshot %s: %w", shotID, err)
				}
				c.Screenshot = b.Data
			}
			return nil
		})
		if err != nil {
			return st, fmt.Errorf("export warc: capture %s: %w", c.ID, err)
		}
		if err := ww.Add(c); err != nil {
			return st, fmt.Errorf("export warc: %w", err)
		}
		st.Captures++
		if len(c.Screenshot) > 0 {
			st.Screenshots++
		}
	}
	st.Records = ww.Records
	subject := "all"
	if personID != "" {
		subject = personID
	}
	err = db.Update(func(tx *store.Tx) error {
		return tx.AppendCustody("export_made", subject, fmt.Sprintf("warc captures=%d records=%d", st.Captures, st.Records))
	})
	if err != nil {
		return st, fmt.Errorf("export warc: custody log: %w", err)
	}
	return st, nil
}

// StampPending time-stamps every capture that has no token yet with the
// authority in the tsa_url setting; with no setting it does nothing. It
// returns how many captures were stamped. A failing authority stops the
// run: the next call retries the rest.
func StampPending(ctx context.Context, db *store.DB, tsa TSA) (int, error) {
	if tsa.URL == "" {
		var u string
		err := db.View(func(tx *store.Tx) error { return tx.GetSetting(SettingTSAURL, &u) })
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, fmt.Errorf("stamp: read setting: %w", err)
		}
		if u == "" {
			return 0, nil
		}
		tsa.URL = u
	}
	var todo []string
	if err := db.View(func(tx *store.Tx) error {
		cs, err := tx.ListCaptures()
		for _, c := range cs {
			if len(c.TSAToken) == 0 {
				todo = append(todo, c.ID)
			}
		}
		return err
	}); err != nil {
		return 0, fmt.Errorf("stamp: list captures: %w", err)
	}
	n := 0
	for _, id := range todo {
		sum, err := hexSum(id)
		if err != nil {
			continue
		}
		token, _, err := tsa.Stamp(ctx, sum)
		if err != nil {
			return n, fmt.Errorf("stamp capture %s: %w", id, err)
		}
		err = db.Update(func(tx *store.Tx) error {
			c, err := tx.GetCapture(id)
			if err != nil {
				return err
			}
			c.TSAToken, c.TSAURL = token, tsa.URL
			if err := tx.UpdateCapture(&c); err != nil {
				return err
			}
			return tx.AppendCustody("capture_timestamped", id, tsa.URL)
		})
		if err != nil {
			return n, fmt.Errorf("stamp capture %s: %w", id, err)
		}
		n++
	}
	return n, nil
}

// hexSum decodes a capture ID into the SHA-256 it names.
func hexSum(id string) ([32]byte, error) {
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != 32 {
		return [32]byte{}, fmt.Errorf("capture id %q is not a sha256", id)
	}
	return [32]byte(raw), nil
}
