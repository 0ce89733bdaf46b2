//go:build !nostatic

package api

import (
	"bytes"
	"compress/gzip"
	"net/http"
)

// compressJSON returns the JSON body b as it is sent: gzipped when it is at
// least 2 KB and acceptEncoding accepts gzip, with the response headers h
// set to match.
func compressJSON(h http.Header, acceptEncoding string, b []byte) []byte {
	if len(b) < 2048 {
		return b
	}
	h.Add("Vary", "Accept-Encoding")
	if !acceptsEncoding(acceptEncoding, "gzip") {
		return b
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 5)
	w.Write(b)
	w.Close()
	h.Set("Content-Encoding", "gzip")
	return buf.Bytes()
}
