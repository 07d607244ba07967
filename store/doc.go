// Package store is DoxGuard's encrypted database: one bbolt file holding
// people, identifiers, sources, captured pages, the custody log, findings,
// runs, cases and settings. Nothing outside this package touches bbolt.
//
// # Opening and the vault
//
//	db, err := store.Open(path, store.Options{})  // 0600 file, 0700 folder; *InUseError (ErrInUse) within ~1 s
//	if !db.Initialized() { err = db.Init(pass, store.DefaultKDF) } else { err = db.Unlock(pass) } // ErrWrongPassphrase
//	defer db.Close()                             // locks (zeroes the keys) and releases the file
//	db.Lock(); db.Unlocked(); db.ChangePassphrase(old, new); db.Path()
//
// The passphrase goes through argon2id (parameters and salt in meta; tests
// use [TestKDF]) to a key-encryption key that unwraps a random data key
// (XChaCha20-Poly1305, AD "dek-wrap-v1"). HKDF derives one sub-key per
// purpose from the data key: record encryption and the blind index. Every
// value is 0x01 ‖ nonce24 ‖ XChaCha20-Poly1305(value, AD = bucket ‖ 0 ‖ key),
// so a value moved to another slot or with a flipped byte fails and is
// reported as [ErrCorrupt], never returned. Keys never hold plaintext:
// records are keyed by counters (p1, i7, f12, …), lookups go through
// HMAC blind indexes. ChangePassphrase re-wraps only the data key.
//
// # Transactions and accessors
//
// Work happens in a transaction; a bulk import is one Update:
//
//	err := db.Update(func(tx *store.Tx) error {
//		p := store.Person{Name: "程安然"}
//		if err := tx.PutPerson(&p); err != nil { return err }   // assigns p.ID
//		return tx.PutIdentifier(&store.Identifier{PersonID: p.ID, Kind: "phone", Value: "+8613800138000", Masked: "138****8000"})
//	})
//	err = db.View(func(tx *store.Tx) error { i, err := tx.FindIdentifier("phone", "+8613800138000"); … })
//
// Accessors on *Tx (Put* inserts when the ID is empty, assigning one, and
// replaces otherwise; Get* and lookups return ErrNotFound):
//
//	people       PutPerson GetPerson PersonByName ResolvePerson ListPeople DeletePerson
//	identifiers  PutIdentifier GetIdentifier FindIdentifier ListIdentifiers DeleteIdentifier
//	sources      PutSource GetSource ListSources DeleteSource
//	url state    PutURLState GetURLState
//	captures     PutCapture UpdateCapture GetCapture GetCaptureBody ListCaptures  (content-addressed, deduped, custody entry)
//	blobs        PutBlob GetBlob                                      (screenshots)
//	custody      AppendCustody AppendCustodyEntry GetCustody ListCustody CustodyHead
//	findings     FindingKey ValueKey PutFinding GetFinding GetFindingByKey ListFindings ListFindingsByURL FindFindings DeleteFinding
//	runs         PutRun GetRun ListRuns
//	cases        PutCase GetCase ListCases DeleteCase
//	settings     PutSetting GetSetting DeleteSetting
//
// Values returned are copies and stay valid after the transaction. The
// common reads (and PutSetting, AppendCustody) also exist as one-call
// wrappers on *DB that open their own transaction; never call those from
// inside Update or View. [DB.ValueKey] gives the detector keys for
// unregistered values without a transaction.
//
// # Integrity
//
// [DB.Verify] checks that every record decrypts, that indexes point at
// records and that the custody chain links; with ReadData it also
// decompresses and re-hashes every capture body and blob.
//
// # Bucket tree
//
// See schema.go; repeated here:
//
//	meta/          schema, kdf, dek, custody_head
//	people/        p<seq> → Person          people_name/  blind(name)‖ID
//	identifiers/   i<seq> → Identifier      ident_value/  blind(kind‖value) → ID; ident_person/ pID‖0‖iID
//	sources/       s<seq> → Source          url_state/    blind(url) → URLState
//	captures/      sha256 → Capture         capture_body/ sha256 → flate(raw)
//	blobs/         sha256 → Blob            custody/      seq → CustodyEntry
//	findings/      f<seq> → Finding         finding_key/  Key → ID; finding_url/ blind(url)‖ID
//	runs/          r<seq> → Run             cases/        c<seq> → Case
//	settings/      blind(key) → JSON
package store
