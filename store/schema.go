package store

// The bucket tree. Every name lives here; nothing else in the package
// spells a bucket name. Update this comment, add a migration (migrate.go)
// and a migration test each time the structure changes.
//
//	meta/                         plain values (no secrets)
//	    schema        -> uint64 BE  schema version (see migrations)
//	    kdf           -> JSON       {salt, time, memory_kib, threads}
//	    dek           -> bytes      0x01 ‖ nonce24 ‖ XChaCha20-Poly1305(KEK, DEK, AD "dek-wrap-v1")
//	    custody_head  -> sealed     {seq, hash} of the last custody entry
//	people/       p<seq>          -> sealed Person
//	people_name/  blind(name)‖ID  -> ""            PersonByName
//	identifiers/  i<seq>          -> sealed Identifier
//	ident_value/  blind(kind‖0‖canonical) -> ID    FindIdentifier (unique)
//	ident_person/ pID‖0‖iID       -> ""            ListIdentifiers(person)
//	sources/      s<seq>          -> sealed Source
//	url_state/    blind(url)      -> sealed URLState
//	captures/     sha256 hex      -> sealed Capture (metadata)
//	capture_body/ sha256 hex      -> sealed flate(raw bytes)
//	blobs/        sha256 hex      -> sealed Blob{MediaType, flate(data)}
//	custody/      seq uint64 BE   -> sealed CustodyEntry (append-only hash chain)
//	findings/     f<seq>          -> sealed Finding
//	finding_key/  Finding.Key     -> ID            GetFindingByKey (unique)
//	finding_url/  blind(url)‖ID   -> ""            ListFindingsByURL
//	runs/         r<seq>          -> sealed Run
//	cases/        c<seq>          -> sealed Case
//	settings/     blind(key)      -> sealed JSON
//
// "sealed" = 0x01 ‖ nonce24 ‖ XChaCha20-Poly1305(k_enc, JSON, AD = bucket ‖ 0 ‖ key).
// "blind(x)" = HMAC-SHA256(k_idx, purpose ‖ 0 ‖ x)[:16]. Keys never hold
// plaintext: IDs are counters, hashes are keyed or of public page bytes.
var (
	bMeta        = []byte("meta")
	bPeople      = []byte("people")
	bPeopleName  = []byte("people_name")
	bIdents      = []byte("identifiers")
	bIdentValue  = []byte("ident_value")
	bIdentPerson = []byte("ident_person")
	bSources     = []byte("sources")
	bURLState    = []byte("url_state")
	bCaptures    = []byte("captures")
	bCaptureBody = []byte("capture_body")
	bBlobs       = []byte("blobs")
	bCustody     = []byte("custody")
	bFindings    = []byte("findings")
	bFindingKey  = []byte("finding_key")
	bFindingURL  = []byte("finding_url")
	bRuns        = []byte("runs")
	bCases       = []byte("cases")
	bSettings    = []byte("settings")
)

// Keys in the meta bucket.
var (
	kSchema      = []byte("schema")
	kKDF         = []byte("kdf")
	kDEK         = []byte("dek")
	kCustodyHead = []byte("custody_head")
)

// Purposes of blind-index keys (part of the HMAC input, so equal values
// in different indexes do not collide).
const (
	purposeName    = "name"
	purposeIdent   = "ident"
	purposeURL     = "url"
	purposeSetting = "setting"
	purposeFinding = "finding"
	purposeValue   = "value"
)
