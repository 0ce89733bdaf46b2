package lookup_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

// dohServer answers RFC 8484 POSTs from a fake resolver over HTTPS on
// loopback. mode changes the answer to test failures.
func dohServer(t *testing.T, mode *string) *httptest.Server {
	t.Helper()
	fake := mxZone()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/dns-message" ||
			r.Header.Get("Accept") != "application/dns-message" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		body, _ := io.ReadAll(r.Body)
		q := new(dns.Msg)
		if err := q.Unpack(body); err != nil || q.Id != 0 {
			http.Error(w, "bad message", http.StatusBadRequest)
			return
		}
		resp, err := fake.Exchange(r.Context(), q)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		switch *mode {
		case "500":
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>"))
			return
		case "garbage":
			w.Header().Set("Content-Type", "application/dns-message")
			w.Write([]byte{1, 2, 3})
			return
		case "otherquestion":
			resp.Question[0].Name = "other.example."
		case "slow":
			time.Sleep(300 * time.Millisecond)
		}
		wire, _ := resp.Pack()
		w.Header().Set("Content-Type", "application/dns-message")
		w.Write(wire)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDoHResolver(t *testing.T) {
	mode := ""
	srv := dohServer(t, &mode)
	c := &lookup.Client{Resolver: lookup.NewDoHResolver(srv.URL+"/dns-query", lookup.HTTPClient{Client: srv.Client()})}
	res, err := c.MX(context.Background(), "example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got := hostNames(res.Hosts); !reflect.DeepEqual(got, []string{"mx0.example.com", "mx1.example.com", "mx2.example.com"}) {
		t.Fatalf("hosts %v", got)
	}
	if _, err := c.MX(context.Background(), "servfail.example"); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail over DoH: %v", err)
	}
	if _, err := c.MX(context.Background(), "missing.example"); !errors.Is(err, lookup.ErrNXDomain) {
		t.Errorf("nxdomain over DoH: %v", err)
	}

	for _, m := range []string{"500", "html", "garbage", "otherquestion"} {
		mode = m
		if _, err := c.MX(context.Background(), "example.com"); !errors.Is(err, lookup.ErrBadResponse) {
			t.Errorf("mode %s: err %v, want ErrBadResponse", m, err)
		}
	}

	mode = "slow"
	c.Timeout = 50 * time.Millisecond
	if _, err := c.MX(context.Background(), "example.com"); !errors.Is(err, lookup.ErrTimeout) {
		t.Errorf("slow: err %v, want ErrTimeout", err)
	}
}

func TestDoHResolverKeepsID(t *testing.T) {
	mode := ""
	srv := dohServer(t, &mode)
	r := lookup.NewDoHResolver(srv.URL, lookup.HTTPClient{Client: srv.Client()})
	q := new(dns.Msg)
	q.SetQuestion("example.com.", dns.TypeMX)
	resp, err := r.Exchange(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Id != q.Id || len(resp.Answer) != 3 {
		t.Fatalf("id %d (want %d), %d answers", resp.Id, q.Id, len(resp.Answer))
	}
}

// The Worker injects its own Fetcher; a fake one must be enough.
func TestDoHResolverInjectedDoer(t *testing.T) {
	fake := lookuptest.New("example.com. A 192.0.2.1")
	doer := doerFunc(func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		q := new(dns.Msg)
		if err := q.Unpack(body); err != nil {
			return nil, err
		}
		resp, _ := fake.Exchange(req.Context(), q)
		wire, _ := resp.Pack()
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/dns-message"}},
			Body: io.NopCloser(bytesReader(wire)), Request: req}, nil
	})
	c := &lookup.Client{Resolver: lookup.NewDoHResolver("https://doh.invalid/dns-query", doer)}
	addrs, err := c.LookupAddrs(context.Background(), "example.com")
	if err != nil || len(addrs) != 1 {
		t.Fatalf("%v %v", addrs, err)
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Fetch(r *http.Request) (*http.Response, error) { return f(r) }
