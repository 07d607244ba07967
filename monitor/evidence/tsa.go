package evidence

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"
)

// RFC 3161 time-stamp protocol, written with encoding/asn1: the maintained
// Go library (github.com/digitorus/timestamp) now needs Go 1.27 and no older
// version is on the module proxy, and the protocol subset we need — one
// SHA-256 imprint, a CMS SignedData token with signed attributes — is small.

// Object identifiers used by RFC 3161 / RFC 5652.
var (
	oidSHA256                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSignedData            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidContentType           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidRSA                   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECDSAWithSHA256       = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384       = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512       = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidECPublicKey           = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSigningCertV2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	errTSA                   = errors.New("timestamp authority")
	ErrTokenInvalid          = errors.New("timestamp token invalid")
	ErrTokenWrongHash        = errors.New("timestamp token is for different bytes")
	ErrTSARejected           = errors.New("timestamp authority rejected the request")
	maxTSAResponse     int64 = 1 << 20
)

type algorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type messageImprint struct {
	HashAlgorithm algorithmIdentifier
	HashedMessage []byte
}

type timeStampReq struct {
	Version        int
	MessageImprint messageImprint
	ReqPolicy      asn1.ObjectIdentifier `asn1:"optional"`
	Nonce          *big.Int              `asn1:"optional"`
	CertReq        bool                  `asn1:"optional,default:false"`
}

type pkiStatusInfo struct {
	Status       int
	StatusString []string       `asn1:"optional,utf8"`
	FailInfo     asn1.BitString `asn1:"optional"`
}

type timeStampResp struct {
	Status pkiStatusInfo
	Token  asn1.RawValue `asn1:"optional"`
}

// contentInfo.Content is [0] EXPLICIT; encoding/asn1 does not apply
// "explicit" to a RawValue when marshalling, so writers set Class and Tag.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type signedData struct {
	Version          int
	DigestAlgorithms []algorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      []signerInfo  `asn1:"set"`
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     []byte `asn1:"explicit,tag:0"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    algorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm algorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue // the SET of values
}

type accuracy struct {
	Seconds int `asn1:"optional"`
	Millis  int `asn1:"optional,tag:0"`
	Micros  int `asn1:"optional,tag:1"`
}

type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time     `asn1:"generalized"`
	Accuracy       accuracy      `asn1:"optional"`
	Ordering       bool          `asn1:"optional,default:false"`
	Nonce          *big.Int      `asn1:"optional"`
	TSA            asn1.RawValue `asn1:"optional,tag:0"`
	Extensions     asn1.RawValue `asn1:"optional,tag:1"`
}

// TokenInfo is what a verified token says.
type TokenInfo struct {
	Time   time.Time // genTime: when the TSA saw the hash
	Serial string    // the TSA's serial number of the token
	Policy string    // TSA policy OID
	Signer string    // subject of the signing certificate
	// Chained is true when the signing certificate chains to the roots
	// given to VerifyToken (false when none were given).
	Chained bool
	nonce   *big.Int
}

// TSA asks an RFC 3161 timestamp authority to time-stamp SHA-256 sums.
type TSA struct {
	URL    string
	Client *http.Client // nil → a client with a 30 s timeout
	// Roots, if set, must be the root of the TSA's certificate chain; the
	// token is then also checked to chain to it.
	Roots *x509.CertPool
}

// Stamp requests a token for sum, verifies it (signature, imprint, nonce)
// and returns the DER token with what it says.
func (t TSA) Stamp(ctx context.Context, sum [32]byte) ([]byte, TokenInfo, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, TokenInfo{}, fmt.Errorf("tsa nonce: %w", err)
	}
	req, err := asn1.Marshal(timeStampReq{Version: 1,
		MessageImprint: messageImprint{algorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}, sum[:]},
		Nonce:          nonce, CertReq: true})
	if err != nil {
		return nil, TokenInfo{}, fmt.Errorf("tsa request: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(req))
	if err != nil {
		return nil, TokenInfo{}, fmt.Errorf("tsa request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	client := t.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, TokenInfo{}, fmt.Errorf("%w: %w", errTSA, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse))
	if err != nil {
		return nil, TokenInfo{}, fmt.Errorf("%w: read response: %w", errTSA, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, TokenInfo{}, fmt.Errorf("%w: http status %d", errTSA, resp.StatusCode)
	}
	var tr timeStampResp
	if rest, err := asn1.Unmarshal(body, &tr); err != nil || len(rest) > 0 {
		return nil, TokenInfo{}, fmt.Errorf("%w: response is not a TimeStampResp", errTSA)
	}
	// 0 granted, 1 grantedWithMods; anything else is a refusal.
	if tr.Status.Status > 1 || len(tr.Token.FullBytes) == 0 {
		return nil, TokenInfo{}, fmt.Errorf("%w: status %d", ErrTSARejected, tr.Status.Status)
	}
	token := tr.Token.FullBytes
	info, err := VerifyToken(token, sum, t.Roots)
	if err != nil {
		return nil, TokenInfo{}, err
	}
	if info.nonce == nil || info.nonce.Cmp(nonce) != 0 {
		return nil, TokenInfo{}, fmt.Errorf("%w: nonce does not match the request", ErrTokenInvalid)
	}
	return token, info, nil
}

// VerifyToken checks an RFC 3161 token: it is CMS SignedData over a TSTInfo
// whose imprint is SHA-256 sum, the signed attributes carry the digest of
// that TSTInfo, and the signature verifies with the embedded certificate,
// which must be allowed to time-stamp. With roots the certificate must also
// chain to them.
func VerifyToken(token []byte, sum [32]byte, roots *x509.CertPool) (TokenInfo, error) {
	bad := func(what string) (TokenInfo, error) { return TokenInfo{}, fmt.Errorf("%w: %s", ErrTokenInvalid, what) }
	var ci contentInfo
	if rest, err := asn1.Unmarshal(token, &ci); err != nil || len(rest) > 0 || !ci.ContentType.Equal(oidSignedData) {
		return bad("not CMS signed data")
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return bad("signed data: " + err.Error())
	}
	if !sd.EncapContentInfo.EContentType.Equal(oidTSTInfo) {
		return bad("content is not TSTInfo")
	}
	var tst tstInfo
	if _, err := asn1.Unmarshal(sd.EncapContentInfo.EContent, &tst); err != nil {
		return bad("tstinfo: " + err.Error())
	}
	if !tst.MessageImprint.HashAlgorithm.Algorithm.Equal(oidSHA256) {
		return bad("imprint is not sha256")
	}
	if !bytes.Equal(tst.MessageImprint.HashedMessage, sum[:]) {
		return TokenInfo{}, ErrTokenWrongHash
	}
	if len(sd.SignerInfos) != 1 {
		return bad("want exactly one signer")
	}
	si := sd.SignerInfos[0]
	certs, err := parseCertSet(sd.Certificates)
	if err != nil || len(certs) == 0 {
		return bad("no signing certificate in token")
	}
	cert := signerCert(si.SID, certs)
	if cert == nil {
		return bad("signer certificate not in token")
	}
	hash, ok := hashFor(si.DigestAlgorithm.Algorithm)
	if !ok {
		return bad("unsupported digest algorithm")
	}
	if len(si.SignedAttrs.FullBytes) == 0 {
		return bad("no signed attributes")
	}
	var attrs []attribute
	if _, err := asn1.UnmarshalWithParams(si.SignedAttrs.FullBytes, &attrs, "set,tag:0"); err != nil {
		return bad("signed attributes: " + err.Error())
	}
	h := hash.New()
	h.Write(sd.EncapContentInfo.EContent)
	var digestOK, typeOK bool
	for _, a := range attrs {
		switch {
		case a.Type.Equal(oidMessageDigest):
			var md []byte
			if _, err := asn1.Unmarshal(a.Values.Bytes, &md); err == nil && bytes.Equal(md, h.Sum(nil)) {
				digestOK = true
			}
		case a.Type.Equal(oidContentType):
			var ct asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(a.Values.Bytes, &ct); err == nil && ct.Equal(oidTSTInfo) {
				typeOK = true
			}
		}
	}
	if !digestOK || !typeOK {
		return bad("signed attributes do not match the content")
	}
	// The signature covers the attributes DER-encoded as a SET, not with
	// the [0] tag they carry inside SignerInfo (RFC 5652 §5.4).
	signed := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	algo, ok := sigAlgorithm(si.SignatureAlgorithm.Algorithm, si.DigestAlgorithm.Algorithm)
	if !ok {
		return bad("unsupported signature algorithm")
	}
	if err := cert.CheckSignature(algo, signed, si.Signature); err != nil {
		return bad("signature does not verify")
	}
	tsaUse := false
	for _, u := range cert.ExtKeyUsage {
		tsaUse = tsaUse || u == x509.ExtKeyUsageTimeStamping
	}
	if !tsaUse {
		return bad("certificate is not for time-stamping")
	}
	info := TokenInfo{Time: tst.GenTime.UTC(), Serial: tst.SerialNumber.String(), Policy: tst.Policy.String(),
		Signer: cert.Subject.String(), nonce: tst.Nonce}
	if roots != nil {
		inter := x509.NewCertPool()
		for _, c := range certs {
			inter.AddCert(c)
		}
		if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: info.Time,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}}); err != nil {
			return bad("certificate does not chain to the configured roots")
		}
		info.Chained = true
	}
	return info, nil
}

func parseCertSet(raw asn1.RawValue) ([]*x509.Certificate, error) {
	if len(raw.Bytes) == 0 {
		return nil, nil
	}
	var out []*x509.Certificate
	rest := raw.Bytes
	for len(rest) > 0 {
		var one asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &one); err != nil {
			return nil, err
		}
		if one.Tag != asn1.TagSequence { // other certificate formats
			continue
		}
		c, err := x509.ParseCertificate(one.FullBytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func signerCert(sid asn1.RawValue, certs []*x509.Certificate) *x509.Certificate {
	if sid.Class == asn1.ClassContextSpecific && sid.Tag == 0 { // subjectKeyIdentifier
		for _, c := range certs {
			if bytes.Equal(c.SubjectKeyId, sid.Bytes) {
				return c
			}
		}
		return nil
	}
	var ias issuerAndSerial
	if _, err := asn1.Unmarshal(sid.FullBytes, &ias); err != nil {
		return nil
	}
	for _, c := range certs {
		if c.SerialNumber.Cmp(ias.Serial) == 0 && bytes.Equal(c.RawIssuer, ias.Issuer.FullBytes) {
			return c
		}
	}
	return nil
}

func hashFor(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	switch {
	case oid.Equal(oidSHA256):
		return crypto.SHA256, true
	case oid.Equal(oidSHA384):
		return crypto.SHA384, true
	case oid.Equal(oidSHA512):
		return crypto.SHA512, true
	}
	return 0, false
}

func sigAlgorithm(sig, digest asn1.ObjectIdentifier) (x509.SignatureAlgorithm, bool) {
	h, ok := hashFor(digest)
	if !ok {
		return 0, false
	}
	switch {
	case sig.Equal(oidECDSAWithSHA256):
		return x509.ECDSAWithSHA256, true
	case sig.Equal(oidECDSAWithSHA384):
		return x509.ECDSAWithSHA384, true
	case sig.Equal(oidECDSAWithSHA512):
		return x509.ECDSAWithSHA512, true
	case sig.Equal(oidSHA256WithRSA):
		return x509.SHA256WithRSA, true
	case sig.Equal(oidSHA384WithRSA):
		return x509.SHA384WithRSA, true
	case sig.Equal(oidSHA512WithRSA):
		return x509.SHA512WithRSA, true
	case sig.Equal(oidRSA), sig.Equal(oidECPublicKey):
		// Some TSAs name only the key type; the digest algorithm decides.
		rsa := sig.Equal(oidRSA)
		switch h {
		case crypto.SHA256:
			return map[bool]x509.SignatureAlgorithm{true: x509.SHA256WithRSA, false: x509.ECDSAWithSHA256}[rsa], true
		case crypto.SHA384:
			return map[bool]x509.SignatureAlgorithm{true: x509.SHA384WithRSA, false: x509.ECDSAWithSHA384}[rsa], true
		case crypto.SHA512:
			return map[bool]x509.SignatureAlgorithm{true: x509.SHA512WithRSA, false: x509.ECDSAWithSHA512}[rsa], true
		}
	}
	return 0, false
}
