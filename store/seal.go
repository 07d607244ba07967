package store

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

type aeadX = cipher.AEAD

var errAuth = errors.New("authentication failed")

// sealRaw returns 0x01 ‖ nonce24 ‖ XChaCha20-Poly1305(key, plain, ad).
func sealRaw(key, plain, ad []byte) ([]byte, error) {
	a, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, 1+chacha20poly1305.NonceSizeX+len(plain)+a.Overhead())
	out[0] = sealV1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	return a.Seal(out, out[1:], plain, ad), nil
}

func openRaw(key, sealed, ad []byte) ([]byte, error) {
	const hdr = 1 + chacha20poly1305.NonceSizeX
	if len(sealed) < hdr+chacha20poly1305.Overhead || sealed[0] != sealV1 {
		return nil, errAuth
	}
	a, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	p, err := a.Open(nil, sealed[1:hdr], sealed[hdr:], ad)
	if err != nil {
		return nil, errAuth
	}
	return p, nil
}

// slotAD binds a ciphertext to its bucket and key, so a value copied to
// another slot fails authentication.
func slotAD(bucket, key []byte) []byte {
	ad := make([]byte, 0, len(bucket)+1+len(key))
	ad = append(ad, bucket...)
	ad = append(ad, 0)
	return append(ad, key...)
}

// blind is the keyed index of x for one purpose: HMAC(k_idx, purpose‖0‖x)[:16].
func (k *keys) blind(purpose string, parts ...string) []byte {
	m := hmac.New(sha256.New, k.idx)
	m.Write([]byte(purpose))
	for _, p := range parts {
		m.Write([]byte{0})
		m.Write([]byte(p))
	}
	return m.Sum(nil)[:16]
}

// sealBytes seals plain for bucket/key.
func (t *Tx) sealBytes(bucket, key, plain []byte) ([]byte, error) {
	return sealRaw(t.k.enc, plain, slotAD(bucket, key))
}

// openBytes opens the sealed value at bucket/key; ErrNotFound when
// absent, ErrCorrupt (naming the slot) when it fails authentication.
func (t *Tx) openBytes(bucket, key []byte) ([]byte, error) {
	v := t.b(bucket).Get(key)
	if v == nil {
		return nil, fmt.Errorf("%s %s: %w", bucket, printableKey(key), ErrNotFound)
	}
	p, err := openRaw(t.k.enc, v, slotAD(bucket, key))
	if err != nil {
		return nil, corrupt(bucket, key, "value does not authenticate")
	}
	return p, nil
}

// putSealed JSON-encodes v and stores it sealed at bucket/key.
func putSealed[T any](t *Tx, bucket, key []byte, v *T) error {
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", bucket, printableKey(key), err)
	}
	s, err := t.sealBytes(bucket, key, j)
	clear(j)
	if err != nil {
		return err
	}
	return t.b(bucket).Put(key, s)
}

// getSealed opens and decodes the value at bucket/key.
func getSealed[T any](t *Tx, bucket, key []byte) (T, error) {
	var v T
	p, err := t.openBytes(bucket, key)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(p, &v); err != nil {
		return v, corrupt(bucket, key, "undecodable value")
	}
	return v, nil
}

// listSealed decodes every value of bucket in key order.
func listSealed[T any](t *Tx, bucket []byte) ([]T, error) {
	var out []T
	c := t.b(bucket).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		v, err := getSealed[T](t, bucket, k)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
