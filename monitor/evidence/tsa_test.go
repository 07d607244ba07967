package evidence

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// testTSA is a minimal RFC 3161 responder on 127.0.0.1 with a self-signed
// ECDSA certificate marked for time-stamping (critical EKU, as RFC 3161
// requires).
type testTSA struct {
	key    *ecdsa.PrivateKey
	cert   *x509.Certificate // the TSA's certificate, in every token
	ca     *x509.Certificate // its issuer, the trust root
	serial int64
	now    time.Time
	// tamper, if set, changes the DER token before it is sent.
	tamper func([]byte) []byte
	status int
}

func newTestTSA(t *testing.T) *testTSA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "DoxGuard test root"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// RFC 3161 §2.3: the TSA certificate has exactly one, critical,
	// extended key usage: timeStamping. Go marks EKU non-critical, so the
	// extension is written by hand.
	eku := mustDER(t, []asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}}, "")
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: "DoxGuard test TSA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testTSA{key: key, cert: cert, ca: ca, now: time.Now().UTC().Truncate(time.Second)}
}

func mustDER(t testing.TB, v any, params string) []byte {
	b, err := asn1.MarshalWithParams(v, params)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (s *testTSA) handler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req timeStampReq
		if _, err := asn1.Unmarshal(body, &req); err != nil || r.Header.Get("Content-Type") != "application/timestamp-query" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if s.status != 0 {
			w.Write(mustDER(t, timeStampResp{Status: pkiStatusInfo{Status: s.status}}, ""))
			return
		}
		s.serial++
		tst := mustDER(t, tstInfo{Version: 1, Policy: asn1.ObjectIdentifier{1, 2, 3, 4, 1}, MessageImprint: req.MessageImprint,
			SerialNumber: big.NewInt(s.serial), GenTime: s.now, Nonce: req.Nonce}, "")
		md := sha256.Sum256(tst)
		certHash := sha256.Sum256(s.cert.Raw)
		set := func(v []byte) asn1.RawValue {
			return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}
		}
		essCert := mustDER(t, []any{[]any{[]any{certHash[:]}}}, "")
		attrs := mustDER(t, []attribute{
			{oidContentType, set(mustDER(t, oidTSTInfo, ""))},
			{oidMessageDigest, set(mustDER(t, md[:], ""))},
			{oidSigningCertV2, set(essCert)},
		}, "set")
		digest := sha256.Sum256(attrs)
		sig, err := ecdsa.SignASN1(rand.Reader, s.key, digest[:])
		if err != nil {
			t.Error(err)
			return
		}
		sid := mustDER(t, issuerAndSerial{Issuer: asn1.RawValue{FullBytes: s.cert.RawIssuer}, Serial: s.cert.SerialNumber}, "")
		sha := algorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}
		sd := signedData{Version: 3, DigestAlgorithms: []algorithmIdentifier{sha},
			EncapContentInfo: encapContentInfo{EContentType: oidTSTInfo, EContent: tst},
			Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: s.cert.Raw},
			SignerInfos: []signerInfo{{Version: 1, SID: asn1.RawValue{FullBytes: sid}, DigestAlgorithm: sha,
				SignedAttrs:        asn1.RawValue{FullBytes: append([]byte{0xA0}, attrs[1:]...)},
				SignatureAlgorithm: algorithmIdentifier{Algorithm: oidECDSAWithSHA256}, Signature: sig}},
		}
		token := mustDER(t, contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustDER(t, sd, "")}}, "")
		if s.tamper != nil {
			token = s.tamper(token)
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(mustDER(t, timeStampResp{Status: pkiStatusInfo{Status: 0}, Token: asn1.RawValue{FullBytes: token}}, ""))
	})
}

func TestTSAStampAndVerify(t *testing.T) {
	tsa := newTestTSA(t)
	srv := httptest.NewServer(tsa.handler(t))
	defer srv.Close()
	ctx := context.Background()
	raw := []byte("<p>captured page</p>")
	sum := sha256.Sum256(raw)
	roots := x509.NewCertPool()
	roots.AddCert(tsa.ca)

	token, info, err := TSA{URL: srv.URL, Roots: roots}.Stamp(ctx, sum)
	if err != nil {
		t.Fatalf("Stamp: %v", err)
	}
	if !info.Time.Equal(tsa.now) || info.Serial != "1" || info.Policy != "1.2.3.4.1" || !info.Chained || info.Signer != "CN=DoxGuard test TSA" {
		t.Errorf("token info %+v", info)
	}
	// Stored and re-verified later, e.g. by doxguard verify.
	if _, err := VerifyToken(token, sum, nil); err != nil {
		t.Errorf("re-verify: %v", err)
	}
	other := sha256.Sum256([]byte("other bytes"))
	if _, err := VerifyToken(token, other, nil); !errors.Is(err, ErrTokenWrongHash) {
		t.Errorf("token for other bytes: %v, want ErrTokenWrongHash", err)
	}
	flipped := append([]byte{}, token...)
	flipped[len(flipped)-5] ^= 0x01 // inside the signature
	if _, err := VerifyToken(flipped, sum, nil); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("flipped token: %v, want ErrTokenInvalid", err)
	}
	stranger := x509.NewCertPool()
	stranger.AddCert(newTestTSA(t).ca)
	if _, err := VerifyToken(token, sum, stranger); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("unknown root: %v, want ErrTokenInvalid", err)
	}

	// openssl is the reference verifier users are told about.
	if _, err := exec.LookPath("openssl"); err == nil {
		dir := t.TempDir()
		write := func(name string, b []byte) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		tok := write("tok.der", token)
		data := write("data", raw)
		ca := write("ca.pem", pemCert(tsa.ca.Raw))
		out, err := exec.Command("openssl", "ts", "-verify", "-token_in", "-in", tok, "-data", data, "-CAfile", ca).CombinedOutput()
		if err != nil {
			t.Errorf("openssl ts -verify: %v\n%s", err, out)
		}
	} else {
		t.Log("openssl not installed: interoperability check skipped")
	}
}

func pemCert(der []byte) []byte {
	return []byte("-----BEGIN CERTIFICATE-----\n" + b64Lines(der) + "-----END CERTIFICATE-----\n")
}

func TestTSARejections(t *testing.T) {
	tsa := newTestTSA(t)
	srv := httptest.NewServer(tsa.handler(t))
	defer srv.Close()
	sum := sha256.Sum256([]byte("x"))
	tsa.status = 2 // rejection
	if _, _, err := (TSA{URL: srv.URL}).Stamp(context.Background(), sum); !errors.Is(err, ErrTSARejected) {
		t.Errorf("rejected: %v", err)
	}
	tsa.status = 0
	// A TSA (or a man in the middle) that changes the time after signing.
	tsa.tamper = func(b []byte) []byte {
		gen := []byte(tsa.now.Format("20060102150405Z"))
		i := bytes.Index(b, gen)
		b = append([]byte{}, b...)
		b[i] = '1' // year 1026
		return b
	}
	if _, _, err := (TSA{URL: srv.URL}).Stamp(context.Background(), sum); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("token with a changed time: %v, want ErrTokenInvalid", err)
	}
}

func b64Lines(der []byte) string {
	s := base64.StdEncoding.EncodeToString(der)
	out := ""
	for len(s) > 64 {
		out += s[:64] + "\n"
		s = s[64:]
	}
	return out + s + "\n"
}

// FuzzVerifyToken: tokens come from the network and from the database;
// garbage must be an error, never a panic or a pass.
func FuzzVerifyToken(f *testing.F) {
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x00})
	f.Add([]byte{0x30, 0x80})
	f.Fuzz(func(t *testing.T, token []byte) {
		if _, err := VerifyToken(token, [32]byte{}, nil); err == nil {
			t.Fatal("a fuzzed token verified")
		}
	})
}
