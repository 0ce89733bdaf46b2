// Package apicontract is the contract of whichport's HTTP API, run against
// every target that serves it: the native server (package api behind
// net/http, as cmd/api runs it) and the Cloudflare Worker (cmd/worker under
// `wrangler dev`, offline). Both targets must answer the same requests the
// same way: explain, parse, explain-error, an MX lookup over DNS over HTTPS
// (a DoH test server on loopback, see [StartDoH]) and probes of a real
// Postfix on loopback (internal/testmta), STARTTLS and implicit TLS.
//
// A target is started with private addresses allowed (loopback test
// servers) and the test servers' ports allowed; nothing leaves the machine.
//
//	mta := testmta.Start(t)
//	doh := apicontract.StartDoH(t, apicontract.Zone(mta)...)
//	base := ... // start the target with doh and mta's ports
//	apicontract.Run(t, apicontract.Env{Base: base, MTA: mta})
package apicontract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/internal/testmta"
)

// Domain is the mail domain the DoH test server answers for: its MX is the
// test MTA's name (testmta.Host), which resolves to 127.0.0.1.
const Domain = "whichport.test"

// Zone is what the DoH test server answers: Domain's MX and the MTA's
// address.
func Zone(m *testmta.MTA) []string {
	return []string{
		Domain + ". MX 10 " + m.Host + ".",
		m.Host + ". A " + m.Addr.String(),
	}
}

// Env is one running target and the test servers it reaches.
type Env struct {
	Base string       // "http://127.0.0.1:port"
	MTA  *testmta.MTA // STARTTLS on Submission, implicit TLS on Submissions
}

// Ports are the test MTA's ports a target must allow probes to reach.
func Ports(m *testmta.MTA) []int {
	return []int{int(m.Submission.Port()), int(m.Submissions.Port())}
}

var client = &http.Client{Timeout: 60 * time.Second}

// call sends one request and decodes the JSON answer into a map.
func call(t *testing.T, method, u, body string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, u, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s: %d, not a JSON object: %v\n%s", method, u, res.StatusCode, err, b)
	}
	return res.StatusCode, res.Header, m
}

// jsonBody encodes v for a request body.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// get walks a decoded JSON value: get(m, "tls", "version").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := get(v, path...).(string)
	return s
}

func num(v any, path ...any) float64 {
	n, _ := get(v, path...).(float64)
	return n
}

func list(v any, path ...any) []any {
	a, _ := get(v, path...).([]any)
	return a
}

// Run runs the contract against e.
func Run(t *testing.T, e Env) {
	t.Run("healthz", func(t *testing.T) {
		status, h, m := call(t, "GET", e.Base+"/healthz", "")
		if status != 200 || str(m, "status") != "ok" {
			t.Errorf("healthz: %d %v", status, m)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("healthz: security headers missing: %v", h)
		}
	})
	t.Run("explain", func(t *testing.T) {
		status, _, m := call(t, "POST", e.Base+"/api/v1/explain",
			jsonBody(t, map[string]any{"host": "smtp.gmail.com", "port": 465, "security": "starttls"}))
		if status != 200 {
			t.Fatalf("explain: %d %v", status, m)
		}
		// Port 465 speaks implicit TLS: STARTTLS there is the mistake the
		// engine must name, and it recommends the submission port.
		if len(list(m, "findings")) == 0 {
			t.Errorf("explain: no findings: %v", m)
		}
		if num(m, "recommended", "port") != 587 || str(m, "recommended", "security") != "starttls" {
			t.Errorf("explain: recommended %v, want 587 starttls", get(m, "recommended"))
		}
	})
	t.Run("explain-bad-json", func(t *testing.T) {
		status, _, m := call(t, "POST", e.Base+"/api/v1/explain", `{"host":"smtp.gmail.com","port":"465"`)
		if status != 400 || str(m, "error") == "" {
			t.Errorf("broken JSON: %d %v, want 400 with an error", status, m)
		}
		status, _, m = call(t, "POST", e.Base+"/api/v1/explain", `{"hots":"smtp.gmail.com"}`)
		if status != 400 || !strings.Contains(str(m, "error"), "hots") {
			t.Errorf("unknown field: %d %v, want 400 naming it", status, m)
		}
	})
	t.Run("parse", func(t *testing.T) {
		const secret = "s3cr3t-Pa55"
		status, _, m := call(t, "POST", e.Base+"/api/v1/parse",
			jsonBody(t, map[string]any{"text": "smtps://mailer:" + secret + "@smtp.gmail.com:465"}))
		if status != 200 {
			t.Fatalf("parse: %d %v", status, m)
		}
		if str(m, "settings", "host") != "smtp.gmail.com" || num(m, "settings", "port") != 465 {
			t.Errorf("parse: settings %v", get(m, "settings"))
		}
		if b, _ := json.Marshal(m); bytes.Contains(b, []byte(secret)) {
			t.Errorf("parse: the answer carries the password: %s", b)
		}
		status, _, m = call(t, "POST", e.Base+"/api/v1/parse", jsonBody(t, map[string]any{"text": ""}))
		if status != 400 || str(m, "error") == "" {
			t.Errorf("parse of nothing: %d %v, want 400", status, m)
		}
	})
	t.Run("explain-error", func(t *testing.T) {
		status, _, m := call(t, "POST", e.Base+"/api/v1/explain-error",
			jsonBody(t, map[string]any{"text": "535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials"}))
		if status != 200 || len(list(m, "matches")) == 0 {
			t.Errorf("explain-error: %d %v, want matches", status, m)
		}
	})
	t.Run("mx", func(t *testing.T) {
		status, _, m := call(t, "GET", e.Base+"/api/v1/mx?domain="+Domain, "")
		if status != 200 {
			t.Fatalf("mx: %d %v", status, m)
		}
		if str(m, "status") != "mx" || str(m, "hosts", 0, "host") != e.MTA.Host ||
			!slices.Contains(list(m, "hosts", 0, "addrs"), any(e.MTA.Addr.String())) {
			t.Errorf("mx: %v, want %s at %s", m, e.MTA.Host, e.MTA.Addr)
		}
		status, _, m = call(t, "GET", e.Base+"/api/v1/mx?domain=missing."+Domain, "")
		if status != 200 || str(m, "status") != "nxdomain" {
			t.Errorf("mx of a missing domain: %d %v, want nxdomain", status, m)
		}
	})
	probe := func(t *testing.T, host string, port uint16, mode string) map[string]any {
		t.Helper()
		q := url.Values{"host": {host}, "port": {fmt.Sprint(port)}, "mode": {mode}}
		status, _, m := call(t, "GET", e.Base+"/api/v1/probe?"+q.Encode(), "")
		if status != 200 {
			t.Fatalf("probe %s:%d %s: %d %v", host, port, mode, status, m)
		}
		r, _ := get(m, "result").(map[string]any)
		if out := str(r, "addresses", 0, "outcome"); out != "ok" {
			t.Fatalf("probe %s:%d %s: outcome %q, want ok: %v", host, port, mode, out, r)
		}
		if v := str(r, "tls", "version"); v != "TLS 1.3" {
			t.Errorf("probe %s:%d %s: TLS version %q, want TLS 1.3", host, port, mode, v)
		}
		if len(list(r, "tls", "chain")) == 0 {
			t.Errorf("probe %s:%d %s: no certificate chain", host, port, mode)
		}
		if !strings.Contains(str(r, "greeting", "lines", 0), e.MTA.Host) {
			t.Errorf("probe %s:%d %s: greeting %v does not name %s", host, port, mode, get(r, "greeting"), e.MTA.Host)
		}
		return r
	}
	t.Run("probe-starttls", func(t *testing.T) {
		r := probe(t, e.MTA.Addr.String(), e.MTA.Submission.Port(), "starttls")
		if get(r, "starttls", "offered") != true {
			t.Errorf("STARTTLS not offered: %v", get(r, "starttls"))
		}
		var sent []string
		for _, l := range list(r, "transcript") {
			if str(l, "dir") == "c" {
				sent = append(sent, str(l, "text"))
			}
		}
		if !slices.Contains(sent, "STARTTLS") {
			t.Errorf("transcript: the client never said STARTTLS: %q", sent)
		}
	})
	t.Run("probe-implicit", func(t *testing.T) {
		probe(t, e.MTA.Addr.String(), e.MTA.Submissions.Port(), "implicit")
	})
	t.Run("probe-by-name", func(t *testing.T) {
		// The name resolves through the DoH server; the certificate
		// names it.
		r := probe(t, e.MTA.Host, e.MTA.Submissions.Port(), "implicit")
		if get(r, "tls", "hostname_match") != true {
			t.Errorf("the certificate does not match %s: %v", e.MTA.Host, get(r, "tls"))
		}
	})
	t.Run("probe-refused-port", func(t *testing.T) {
		status, _, m := call(t, "GET", e.Base+"/api/v1/probe?host=127.0.0.1&port=22&mode=starttls", "")
		if status != 422 || str(m, "field") != "port" {
			t.Errorf("probe of port 22: %d %v, want 422 about the port", status, m)
		}
	})
	// Last, as it empties this client's bucket: the per-client limit of
	// live checks holds across requests (on the Worker: one Go instance,
	// and its limits, per isolate).
	t.Run("live-rate-limit", func(t *testing.T) {
		for i := range 12 {
			status, h, m := call(t, "GET", e.Base+"/api/v1/mx?domain="+Domain, "")
			if status == http.StatusTooManyRequests {
				if h.Get("Retry-After") == "" || str(m, "error") == "" {
					t.Errorf("429 without Retry-After or error: %v %v", h, m)
				}
				return
			}
			if status != 200 {
				t.Fatalf("mx %d: %d %v", i, status, m)
			}
		}
		t.Error("12 live requests in a burst and no 429: the per-client limit does not hold across requests")
	})
}
