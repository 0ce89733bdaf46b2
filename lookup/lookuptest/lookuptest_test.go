package lookuptest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/lookup/lookuptest"
)

func ask(t *testing.T, r *lookuptest.Resolver, name string, qtype uint16) *dns.Msg {
	t.Helper()
	q := new(dns.Msg)
	q.SetQuestion(name, qtype)
	m, err := r.Exchange(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestResolver(t *testing.T) {
	r := lookuptest.New(
		"a.example. CNAME b.example.",
		"b.example. A 192.0.2.1",
		"x.y.example. TXT \"deep\"",
	)
	r.Fail["bad.example/AAAA"] = lookuptest.ServFail
	r.Secure["*"] = true

	m := ask(t, r, "A.example.", dns.TypeA)
	if m.Rcode != dns.RcodeSuccess || len(m.Answer) != 2 || !m.AuthenticatedData {
		t.Fatalf("chase: %v", m)
	}
	if m := ask(t, r, "b.example.", dns.TypeMX); m.Rcode != dns.RcodeSuccess || len(m.Answer) != 0 {
		t.Errorf("nodata: %v", m)
	}
	if m := ask(t, r, "y.example.", dns.TypeA); m.Rcode != dns.RcodeSuccess {
		t.Errorf("empty non-terminal should be NODATA: %v", m)
	}
	if m := ask(t, r, "c.example.", dns.TypeA); m.Rcode != dns.RcodeNameError {
		t.Errorf("nxdomain: %v", m)
	}
	if m := ask(t, r, "bad.example.", dns.TypeAAAA); m.Rcode != dns.RcodeServerFailure || m.AuthenticatedData {
		t.Errorf("servfail: %v", m)
	}
	r.NoChase = true
	if m := ask(t, r, "a.example.", dns.TypeA); len(m.Answer) != 1 {
		t.Errorf("no chase: %v", m)
	}
	if got := r.Queries(); len(got) != 6 || got[0] != "a.example A" {
		t.Errorf("queries %v", got)
	}

	r.Fail["slow.example"] = lookuptest.Timeout
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	q := new(dns.Msg)
	q.SetQuestion("slow.example.", dns.TypeA)
	if _, err := r.Exchange(ctx, q); err == nil {
		t.Error("timeout: want error")
	}
}

func TestWeb(t *testing.T) {
	w := lookuptest.Web{"https://a.example/x": {Body: "hi"}, "https://a.example/r": {Status: 302, Location: "https://b.example/"}}
	req, _ := http.NewRequest("GET", "https://a.example/x", nil)
	resp, err := w.Fetch(req)
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/plain" {
		t.Fatalf("%v %v", resp, err)
	}
	req, _ = http.NewRequest("GET", "https://a.example/r", nil)
	if resp, _ := w.Fetch(req); resp.StatusCode != 302 || resp.Header.Get("Location") != "https://b.example/" {
		t.Errorf("redirect %v", resp)
	}
	req, _ = http.NewRequest("GET", "https://nope.example/", nil)
	if _, err := w.Fetch(req); err == nil {
		t.Error("unknown URL: want error")
	}
}
