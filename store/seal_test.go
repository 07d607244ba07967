package store

import (
	"bytes"
	"context"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// Any stored bytes either open to exactly what was sealed for that slot
// or fail: never a panic, never plaintext from another slot.
func FuzzOpenSealed(f *testing.F) {
	key := bytes.Repeat([]byte{9}, keySize)
	// A fixed nonce, so every fuzz worker process has the same value.
	a, _ := chacha20poly1305.NewX(key)
	nonce := bytes.Repeat([]byte{5}, chacha20poly1305.NonceSizeX)
	good := a.Seal(append([]byte{sealV1}, nonce...), nonce, []byte(`{"name":"x"}`), slotAD(bPeople, []byte("p1")))
	f.Add(good, []byte("p1"))
	f.Add(good, []byte("p2"))
	f.Add([]byte{1, 2, 3}, []byte("p1"))
	f.Fuzz(func(t *testing.T, sealed, k []byte) {
		p, err := openRaw(key, sealed, slotAD(bPeople, k))
		if err != nil {
			return
		}
		if !bytes.Equal(sealed, good) || string(k) != "p1" || string(p) != `{"name":"x"}` {
			t.Fatalf("forged value opened: %q", p)
		}
	})
}

func TestSealedFormat(t *testing.T) {
	key := bytes.Repeat([]byte{1}, keySize)
	a, _ := sealRaw(key, []byte("same"), []byte("ad"))
	b, _ := sealRaw(key, []byte("same"), []byte("ad"))
	if a[0] != 0x01 || len(a) != 1+24+4+16 {
		t.Fatalf("layout: version %#x, %d bytes", a[0], len(a))
	}
	if bytes.Equal(a, b) {
		t.Fatal("two seals of one value are equal: nonce reused")
	}
}

func TestVerifyCancelled(t *testing.T) {
	db := newDB(t)
	addPerson(t, db, "程安然")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Verify(ctx, VerifyOptions{ReadData: true}); err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}
