package roster

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

// bigRoster generates n fictitious people with 10 valid identifiers each,
// as CSV.
func bigRoster(tb testing.TB, n int) []byte {
	tb.Helper()
	var b strings.Builder
	b.WriteString("person,kind,value,label\n")
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("测试艺人%04d", i)
		body := fmt.Sprintf("1101051980%02d%02d%03d", 1+i%12, 1+i%28, i%1000)
		c, _ := ident.CheckDigit(body)
		card := fmt.Sprintf("622202%012d", i)
		for d := byte('0'); d <= '9'; d++ {
			if ident.Luhn(card + string(d)) {
				card += string(d)
				break
			}
		}
		fmt.Fprintf(&b, "%s,alias,Artist %d,\n%s,tag,roster,\n", name, i, name)
		fmt.Fprintf(&b, "%s,phone,138%08d,\n", name, i)
		fmt.Fprintf(&b, "%s,phone,0571%08d,office\n", name, 20000000+i)
		fmt.Fprintf(&b, "%s,cn_id,%s%c,\n", name, body, c)
		fmt.Fprintf(&b, "%s,bank_card,%s,\n", name, card)
		fmt.Fprintf(&b, "%s,email,artist%d@example.com,\n", name, i)
		fmt.Fprintf(&b, "%s,qq,%d,\n", name, 10000000+i)
		fmt.Fprintf(&b, "%s,wechat,artist_%d,\n", name, i)
		fmt.Fprintf(&b, "%s,address,浙江省杭州市西湖区文三路 %d 号,\n", name, i)
		fmt.Fprintf(&b, "%s,handle,artist.%d,\n", name, i)
		fmt.Fprintf(&b, "%s,passport,E%08d,\n", name, i)
	}
	return []byte(b.String())
}

func openTestDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Init([]byte("benchmark passphrase"), store.TestKDF); err != nil {
		tb.Fatal(err)
	}
	return db
}

// TestStoreImportIdempotent imports a generated roster into a real store
// twice: the second time nothing changes, and export gives it all back.
func TestStoreImportIdempotent(t *testing.T) {
	r, err := Parse(bigRoster(t, 20), CSV, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t)
	var plan *Plan
	imp := func(dry bool) {
		t.Helper()
		if err := db.Update(func(tx *store.Tx) error {
			var err error
			plan, err = Import(StoreTx(tx), r, dry)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	imp(false)
	if plan.PeopleAdded != 20 || plan.IDsAdded != 200 {
		t.Fatalf("first import: %+v", plan)
	}
	imp(false)
	if plan.Changed() || plan.IDsUnchanged != 200 {
		t.Fatalf("second import changed something: %+v", plan)
	}
	var back *Roster
	if err := db.View(func(tx *store.Tx) error {
		back, err = FromStore(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	r.Sort()
	if fmt.Sprint(back.People) != fmt.Sprint(r.People) {
		t.Errorf("export differs from the import")
	}
}

// BenchmarkImport1000x10 parses and imports 1,000 people × 10 identifiers
// into a fresh encrypted store in one transaction (DESIGN: "in seconds").
func BenchmarkImport1000x10(b *testing.B) {
	data := bigRoster(b, 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		db := openTestDB(b)
		b.StartTimer()
		r, err := Parse(data, CSV, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Update(func(tx *store.Tx) error {
			_, err := Import(StoreTx(tx), r, false)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse1000x10 is the parse + validate share of the import.
func BenchmarkParse1000x10(b *testing.B) {
	data := bigRoster(b, 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, CSV, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStorePuts1000x10 is the peer: the same records written straight
// through the store (no parsing, no idempotence lookups), in one
// transaction. Import / StorePuts is the roster layer's overhead.
func BenchmarkStorePuts1000x10(b *testing.B) {
	r, err := Parse(bigRoster(b, 1000), CSV, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		db := openTestDB(b)
		b.StartTimer()
		if err := db.Update(func(tx *store.Tx) error {
			for _, p := range r.People {
				sp := store.Person{Name: p.Name, Aliases: p.Aliases, Tags: p.Tags}
				if err := tx.PutPerson(&sp); err != nil {
					return err
				}
				for _, id := range p.Identifiers {
					if _, err := PutIdentifier(tx, sp.ID, id); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}
