package store

// One-call wrappers on *DB for reads and single writes that need no
// transaction of their own; anything touching several records belongs in
// one Update. Each wrapper opens its own transaction, so none may be
// called from inside a function passed to Update or View.

func viewT[T any](db *DB, fn func(*Tx) (T, error)) (T, error) {
	var v T
	err := db.View(func(t *Tx) error {
		var err error
		v, err = fn(t)
		return err
	})
	return v, err
}

// GetPerson is Tx.GetPerson in its own transaction.
func (db *DB) GetPerson(id string) (Person, error) {
	return viewT(db, func(t *Tx) (Person, error) { return t.GetPerson(id) })
}

// PersonByName is Tx.PersonByName in its own transaction.
func (db *DB) PersonByName(name string) (Person, error) {
	return viewT(db, func(t *Tx) (Person, error) { return t.PersonByName(name) })
}

// ListPeople is Tx.ListPeople in its own transaction.
func (db *DB) ListPeople() ([]Person, error) { return viewT(db, (*Tx).ListPeople) }

// FindIdentifier is Tx.FindIdentifier in its own transaction.
func (db *DB) FindIdentifier(kind, canonical string) (Identifier, error) {
	return viewT(db, func(t *Tx) (Identifier, error) { return t.FindIdentifier(kind, canonical) })
}

// ListIdentifiers is Tx.ListIdentifiers in its own transaction.
func (db *DB) ListIdentifiers(personID string) ([]Identifier, error) {
	return viewT(db, func(t *Tx) ([]Identifier, error) { return t.ListIdentifiers(personID) })
}

// ListSources is Tx.ListSources in its own transaction.
func (db *DB) ListSources() ([]Source, error) { return viewT(db, (*Tx).ListSources) }

// GetFinding is Tx.GetFinding in its own transaction.
func (db *DB) GetFinding(id string) (Finding, error) {
	return viewT(db, func(t *Tx) (Finding, error) { return t.GetFinding(id) })
}

// FindFindings is Tx.FindFindings in its own transaction.
func (db *DB) FindFindings(flt FindingFilter) ([]Finding, error) {
	return viewT(db, func(t *Tx) ([]Finding, error) { return t.FindFindings(flt) })
}

// ListFindings is Tx.ListFindings in its own transaction.
func (db *DB) ListFindings() ([]Finding, error) { return viewT(db, (*Tx).ListFindings) }

// GetCase is Tx.GetCase in its own transaction.
func (db *DB) GetCase(id string) (Case, error) {
	return viewT(db, func(t *Tx) (Case, error) { return t.GetCase(id) })
}

// ListCases is Tx.ListCases in its own transaction.
func (db *DB) ListCases() ([]Case, error) { return viewT(db, (*Tx).ListCases) }

// ListRuns is Tx.ListRuns in its own transaction.
func (db *DB) ListRuns() ([]Run, error) { return viewT(db, (*Tx).ListRuns) }

// GetCapture is Tx.GetCapture in its own transaction.
func (db *DB) GetCapture(id string) (Capture, error) {
	return viewT(db, func(t *Tx) (Capture, error) { return t.GetCapture(id) })
}

// GetCaptureBody is Tx.GetCaptureBody in its own transaction.
func (db *DB) GetCaptureBody(id string) ([]byte, error) {
	return viewT(db, func(t *Tx) ([]byte, error) { return t.GetCaptureBody(id) })
}

// ListCustody is Tx.ListCustody in its own transaction.
func (db *DB) ListCustody(from uint64) ([]CustodyEntry, error) {
	return viewT(db, func(t *Tx) ([]CustodyEntry, error) { return t.ListCustody(from) })
}

// GetSetting is Tx.GetSetting in its own transaction.
func (db *DB) GetSetting(key string, v any) error {
	return db.View(func(t *Tx) error { return t.GetSetting(key, v) })
}

// PutSetting is Tx.PutSetting in its own transaction.
func (db *DB) PutSetting(key string, v any) error {
	return db.Update(func(t *Tx) error { return t.PutSetting(key, v) })
}

// AppendCustody is Tx.AppendCustody in its own transaction.
func (db *DB) AppendCustody(action, subject, detail string) error {
	return db.Update(func(t *Tx) error { return t.AppendCustody(action, subject, detail) })
}
