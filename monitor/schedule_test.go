package monitor

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/doxguard/doxguard/store"
)

// fakeScans replaces the crawl with a scan that takes scanTime of (fake)
// time and then reschedules its sources exactly as a real scan does.
type fakeScans struct {
	mu       sync.Mutex
	at       []time.Time // wall-clock start of each scan
	inFlight int
	maxIn    int
}

func (f *fakeScans) install(m *Monitor, scanTime time.Duration) {
	m.scanFn = func(ctx context.Context, req ScanRequest, _ ProgressSink) (*store.Run, error) {
		f.mu.Lock()
		f.at = append(f.at, m.now())
		f.inFlight++
		f.maxIn = max(f.maxIn, f.inFlight)
		f.mu.Unlock()
		select {
		case <-time.After(scanTime):
		case <-ctx.Done():
		}
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
		end := m.now()
		return &store.Run{}, m.db.Update(func(tx *store.Tx) error { return reschedule(tx, req.SourceIDs, end, nil) })
	}
}

func (f *fakeScans) running() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inFlight > 0
}

func (f *fakeScans) starts() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.at...)
}

func TestWatchDueTimesCatchUpAndRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := newTestDB(t)
		var mu sync.Mutex
		var slept time.Duration // wall-clock time that passed while "suspended"
		now := func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			return time.Now().Add(slept)
		}
		m := New(db, Options{Now: now, Tick: time.Minute})
		if _, err := m.AddSource(SourceSpec{URL: "https://forum.example.com/t/1", Kind: KindPage, Every: time.Hour}); err != nil {
			t.Fatal(err)
		}
		var f fakeScans
		f.install(m, 3*time.Minute) // longer than a tick

		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- m.Watch(ctx) }()
		time.Sleep(24 * time.Hour)
		synctest.Wait()

		at := f.starts()
		if len(at) < 20 || len(at) > 24 {
			t.Fatalf("%d scans in 24 h of a 1 h source, want 20–24", len(at))
		}
		if !at[0].Equal(now().Add(-24 * time.Hour)) {
			t.Errorf("first scan at %v, want at once (a new source is due)", at[0])
		}
		for i := 1; i < len(at); i++ {
			gap := at[i].Sub(at[i-1])
			// interval + scan time + ≤ 5% jitter + one tick of lateness
			if gap < time.Hour || gap > time.Hour+3*time.Minute+3*time.Minute+time.Minute {
				t.Errorf("gap %d: %v", i, gap)
			}
		}
		if f.maxIn != 1 {
			t.Errorf("%d scans ran at once", f.maxIn)
		}

		// The laptop sleeps 10 h: the monotonic clock (and the ticker)
		// stand still, the wall clock jumps. On the next tick it scans
		// once — not once per missed hour.
		// (Suspend between scans, not in the middle of one.)
		for f.running() {
			time.Sleep(time.Minute)
			synctest.Wait()
		}
		n := len(f.starts())
		mu.Lock()
		slept = 10 * time.Hour
		mu.Unlock()
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := len(f.starts()) - n; got != 1 {
			t.Errorf("after waking from a 10 h sleep: %d scans within a tick, want 1", got)
		}
		time.Sleep(30 * time.Minute)
		synctest.Wait()
		if got := len(f.starts()) - n; got != 1 {
			t.Errorf("half an hour after waking: %d scans, want 1 (no scan per missed hour)", got)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch returned %v after cancel, want nil", err)
		}

		// A restart keeps the schedule: the source was just scanned, so a
		// new scheduler waits for its due time instead of scanning at once.
		m2 := New(db, Options{Now: now, Tick: time.Minute})
		var f2 fakeScans
		f2.install(m2, time.Second)
		ctx2, cancel2 := context.WithCancel(context.Background())
		go func() { done <- m2.Watch(ctx2) }()
		time.Sleep(30 * time.Minute)
		synctest.Wait()
		if got := len(f2.starts()); got != 0 {
			t.Errorf("restarted scheduler scanned %d times before the source was due", got)
		}
		time.Sleep(45 * time.Minute)
		synctest.Wait()
		if got := len(f2.starts()); got != 1 {
			t.Errorf("restarted scheduler: %d scans once due, want 1", got)
		}
		cancel2()
		<-done
	})
}

// Disabled sources are never due.
func TestDueSourcesSkipsDisabled(t *testing.T) {
	db := newTestDB(t)
	m := New(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: "https://a.example/", Kind: KindPage, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	on, err := m.AddSource(SourceSpec{URL: "https://b.example/", Kind: KindPage})
	if err != nil {
		t.Fatal(err)
	}
	due, err := m.DueSources()
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].ID != on.ID {
		t.Errorf("due %+v, want only %s", due, on.ID)
	}
}
