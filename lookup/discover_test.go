package lookup_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

const autoconfigXML = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <incomingServer type="imap">
      <hostname>imap.example.org</hostname><port>993</port><socketType>SSL</socketType>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%EMAILDOMAIN%</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.org</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>bad host</hostname><port>25</port><socketType>plain</socketType>
    </outgoingServer>
  </emailProvider>
</clientConfig>`

type serverKey struct {
	Host     string
	Port     int
	Security string
	Source   string
	Auth     bool
}

func serverKeys(ss []lookup.SubmissionServer) []serverKey {
	var out []serverKey
	for _, s := range ss {
		out = append(out, serverKey{s.Host, s.Port, s.Security, s.Source, s.Authenticated})
	}
	return out
}

func TestDiscoverSRV(t *testing.T) {
	r := lookuptest.New(
		"_submissions._tcp.example.com. SRV 10 0 465 smtp2.example.com.",
		"_submissions._tcp.example.com. SRV 0 5 465 smtp.example.com.",
		"_submission._tcp.example.com. SRV 0 0 0 .",
		"_submissions._tcp.secure.example. SRV 0 0 465 smtp.secure.example.",
	)
	r.Secure["_submissions._tcp.secure.example"] = true
	c := &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}
	res, err := c.Discover(context.Background(), "Ann <ann@Example.com>")
	if err != nil {
		t.Fatal(err)
	}
	want := []serverKey{
		{"smtp.example.com", 465, "implicit", "srv", false},
		{"smtp2.example.com", 465, "implicit", "srv", false},
	}
	if got := serverKeys(res.Servers); !reflect.DeepEqual(got, want) {
		t.Fatalf("servers %+v", got)
	}
	if res.Domain != "example.com" || len(res.SRV) != 2 || !res.SRV[1].NotOffered || len(res.Notes) != 2 {
		t.Errorf("result %+v", res)
	}
	if len(res.Autoconfig) != 2 || len(res.Guesses) != 0 {
		t.Errorf("autoconfig %+v guesses %+v", res.Autoconfig, res.Guesses)
	}
	if res.Servers[0].SRV == nil || res.Servers[0].SRVName != "_submissions._tcp.example.com" {
		t.Errorf("srv source %+v", res.Servers[0])
	}

	res, _ = c.Discover(context.Background(), "secure.example")
	if got := serverKeys(res.Servers); !reflect.DeepEqual(got, []serverKey{{"smtp.secure.example", 465, "implicit", "srv", true}}) {
		t.Fatalf("secure servers %+v", got)
	}
}

func TestDiscoverAutoconfig(t *testing.T) {
	c := &lookup.Client{Resolver: lookuptest.New("example.org. A 192.0.2.1"), HTTP: lookuptest.Web{
		"https://autoconfig.example.org/mail/config-v1.1.xml":             {Status: 404},
		"https://example.org/.well-known/autoconfig/mail/config-v1.1.xml": {ContentType: "text/xml", Body: autoconfigXML},
	}}
	res, err := c.Discover(context.Background(), "example.org")
	if err != nil {
		t.Fatal(err)
	}
	want := []serverKey{
		{"smtp.example.org", 465, "implicit", "autoconfig", true},
		{"smtp.example.org", 587, "starttls", "autoconfig", true},
	}
	if got := serverKeys(res.Servers); !reflect.DeepEqual(got, want) {
		t.Fatalf("servers %+v", got)
	}
	if res.Servers[0].URL != "https://example.org/.well-known/autoconfig/mail/config-v1.1.xml" {
		t.Errorf("url %q", res.Servers[0].URL)
	}
	if len(res.Autoconfig) != 2 || res.Autoconfig[0].Status != 404 || res.Autoconfig[0].Found || !res.Autoconfig[1].Found {
		t.Errorf("attempts %+v", res.Autoconfig)
	}
}

func TestDiscoverGuesses(t *testing.T) {
	r := lookuptest.New(
		"smtp.example.net. A 192.0.2.25",
		"example.net. AAAA 2001:db8::1",
	)
	r.Fail["mail.example.net"] = lookuptest.ServFail
	c := &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}
	res, err := c.Discover(context.Background(), "example.net")
	if err != nil {
		t.Fatal(err)
	}
	want := []serverKey{
		{"smtp.example.net", 465, "implicit", "guess", false},
		{"smtp.example.net", 587, "starttls", "guess", false},
		{"example.net", 465, "implicit", "guess", false},
		{"example.net", 587, "starttls", "guess", false},
	}
	if got := serverKeys(res.Servers); !reflect.DeepEqual(got, want) {
		t.Fatalf("servers %+v", got)
	}
	if len(res.Guesses) != 3 || res.Guesses[1].Resolves || res.Guesses[1].Error == "" {
		t.Errorf("guesses %+v", res.Guesses)
	}

	res, err = c.Discover(context.Background(), "nothing.example")
	if err != nil || len(res.Servers) != 0 || len(res.Notes) != 1 {
		t.Errorf("nothing: %v %+v", err, res)
	}
	if _, err := c.Discover(context.Background(), "user@[192.0.2.1]"); !errors.Is(err, lookup.ErrBadName) {
		t.Errorf("literal: %v", err)
	}
}

func TestParseAutoconfig(t *testing.T) {
	got, err := lookup.ParseAutoconfig([]byte(autoconfigXML), "example.org")
	if err != nil || len(got) != 2 {
		t.Fatalf("%v %+v", err, got)
	}
	for _, bad := range []string{"", "not xml", "<html><body>hi</body></html>", "<clientConfig><emailProvider>"} {
		if _, err := lookup.ParseAutoconfig([]byte(bad), "example.org"); !errors.Is(err, lookup.ErrSyntax) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzParseAutoconfig(f *testing.F) {
	f.Add([]byte(autoconfigXML))
	f.Add([]byte(`<clientConfig><emailProvider><outgoingServer type="smtp"><hostname>a.example</hostname><port>1</port><socketType>plain</socketType></outgoingServer></emailProvider></clientConfig>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		servers, err := lookup.ParseAutoconfig(b, "example.org")
		if err != nil {
			return
		}
		for _, s := range servers {
			if s.Port <= 0 || s.Port > 65535 || s.Host == "" || s.Security == "" {
				t.Fatalf("bad server %+v", s)
			}
			if n, err := lookup.NormalizeName(s.Host); err != nil || n != s.Host {
				t.Fatalf("host %q not normalised: %v", s.Host, err)
			}
		}
	})
}
