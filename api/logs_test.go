package api

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestScrubQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"host=smtp.example.com&port=587", "host=smtp.example.com&port=587"},
		{"host=smtp://u:secret@smtp.example.com&port=587", "host=smtp%3A%2F%2FREDACTED%40smtp.example.com&port=587"},
		{"port=587&host=smtp.example.com:587&mode=auto", "port=587&host=smtp.example.com:587&mode=auto"},
		{"host=smtp%3A%2F%2Fu%3Asecret%40h.example", "host=smtp%3A%2F%2FREDACTED%40h.example"},
		{"host=smtps://user@h.example", "host=smtps%3A%2F%2FREDACTED%40h.example"},
		{"host=u:secret@h.example", "host=REDACTED%40h.example"},
		{"domain=someone@example.com", "domain=someone@example.com"},
		{"host=h.example&password=secret", "host=h.example&password=REDACTED"},
		{"host=h.example&smtp_pass=secret", "host=h.example&smtp_pass=REDACTED"},
		{"host=h.example%3Fpassword%3Dsecret1", "host=h.example%3Fpassword%3DREDACTED"},
		{"host=%zz&port=25", "port=25"},
	} {
		if got := scrubQuery(tc.in); got != tc.want {
			t.Errorf("scrubQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLogNeverHoldsSecrets: the request log (and the answer) of live
// checks given a URL with credentials never contain the password.
func TestLogNeverHoldsSecrets(t *testing.T) {
	fake := &fakeProbe{}
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	cfg.Probe = fake.run
	e, logs := newTest(t, cfg)
	for _, q := range []string{
		"/api/v1/probe?host=smtp://u:secret@127.0.0.1&port=25",
		"/api/v1/probe?host=smtp://u:secret@127.0.0.1:587&mode=starttls&stream=1",
		"/api/v1/probe?host=smtp%3A%2F%2Fu%3Asecret%40smtp.example.com&port=587",
		"/api/v1/probe?host=u:secret@smtp.example.com&port=587",
		"/api/v1/probe?host=smtp.example.com&port=587&password=secret",
		"/api/v1/check?domain=smtp://u:secret@example.com",
		"/api/v1/mx?domain=smtps://u:secret@example.com",
	} {
		rec := do(e, "GET", q, "")
		if strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("%s: the answer (%d) holds the password: %s", q, rec.Code, rec.Body.String())
		}
	}
	out := logs.String()
	if strings.Contains(out, "secret") {
		t.Errorf("the request log holds the password:\n%s", out)
	}
	if n := strings.Count(out, "path=/api/v1/"); n != 7 || !strings.Contains(out, "REDACTED") {
		t.Errorf("%d request lines, want 7 with REDACTED in place of the password:\n%s", n, out)
	}
}

// TestRateLimitLogIsSampled: a client refused 500 times writes one line
// for its first 429 and, once the minute is over, one count.
func TestRateLimitLogIsSampled(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e, logs := newTest(t, Config{Static: testStatic(), EngineRate: 0.001, EngineBurst: 1, Now: clock})
	const n = 501
	for range n {
		do(e, "POST", "/api/v1/explain", `{"host":"smtp.example.com","port":587}`)
	}
	if got := strings.Count(logs.String(), "status=429"); got != 1 {
		t.Errorf("%d lines for 500 refused requests, want 1:\n%s", got, logs.String())
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	do(e, "POST", "/api/v1/explain", `{"host":"smtp.example.com","port":587}`)
	out := logs.String()
	if !strings.Contains(out, "msg=\"rate limited\" client=192.0.2.1 count=500 seconds=61") {
		t.Errorf("no count of the refused requests:\n%s", out)
	}
}
