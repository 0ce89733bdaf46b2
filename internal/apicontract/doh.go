package apicontract

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/miekg/dns"

	"github.com/whichport/whichport/lookup/lookuptest"
)

// StartDoH starts a DNS-over-HTTP server (RFC 8484 POST, plain HTTP) on
// 127.0.0.1 answering from the records (lookuptest syntax, absolute names)
// and returns its URL; it stops when the test ends. Targets reach it with
// private addresses allowed.
func StartDoH(t testing.TB, records ...string) string {
	t.Helper()
	r := lookuptest.New(records...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/dns-message" {
			http.Error(w, "POST application/dns-message only", http.StatusBadRequest)
			return
		}
		wire, err := io.ReadAll(io.LimitReader(req.Body, 4096))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		q := new(dns.Msg)
		if err := q.Unpack(wire); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a, err := r.Exchange(req.Context(), q)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		out, err := a.Pack()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/dns-message")
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/dns-query"
}
