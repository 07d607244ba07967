// Package evidence turns stored captures into evidence other tools can
// check: a WARC 1.1 export (ISO 28500:2017) of the exact bytes received,
// RFC 3161 trusted timestamps over each capture's SHA-256, and full-page
// screenshots through a headless Chromium.
//
// WARC: NewWARCWriter writes a warcinfo record, then Add writes for each
// capture a response record (status line and headers as received, then the
// raw body — still gzip if the server sent gzip), the request record
// concurrent to it, and the screenshot, if any, as a resource record. Every
// record carries a sha256 WARC-Block-Digest, responses and resources a
// WARC-Payload-Digest, and each record is its own gzip member. Records are
// built with gowarc's strict validation, so nothing gowarc would reject is
// written. The payload digest of a response is the SHA-256 the evidence
// report prints for the capture, which is how a reader of the report checks
// it against the archive. Exports contain page bytes in plaintext: callers
// warn the user and log export_made in the custody log.
package evidence
