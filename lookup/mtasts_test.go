package lookup_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

const goodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.mail.example.com\r\nmax_age: 604800\r\n"

func TestParsePolicy(t *testing.T) {
	p, err := lookup.ParsePolicy([]byte(goodPolicy))
	if err != nil {
		t.Fatal(err)
	}
	want := lookup.Policy{Version: "STSv1", Mode: lookup.ModeEnforce, MX: []string{"mx1.example.com", "*.mail.example.com"}, MaxAge: 604800}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v, want %+v", p, want)
	}

	ok := []string{
		"version: STSv1\nmode: testing\nmx: MX.Example.com\nmax_age: 86400", // LF, no final newline
		"version: STSv1\nmode: none\nmax_age: 0\n",                          // none needs no mx
		"mode: enforce\nversion: STSv1\nmx: a.example\nmax_age: 31557600\n", // order free, max value
		"version:STSv1\nmode:\tenforce\nmx: a.example\nmax_age: 1\nfuture_ext: some value\n",
	}
	for _, s := range ok {
		if _, err := lookup.ParsePolicy([]byte(s)); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}

	bad := []string{
		"",
		"\n",
		"version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforced\nmx: a.example\nmax_age: 1\n",
		"version: STSv1\nmode: ENFORCE\nmx: a.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmax_age: 1\n",    // no mx
		"version: STSv1\nmode: enforce\nmx: a.example\n", // no max_age
		"mode: enforce\nmx: a.example\nmax_age: 1\n",     // no version
		"version: STSv1\nmx: a.example\nmax_age: 1\n",    // no mode
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nmax_age: 2\n",
		"version: STSv1\nversion: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmx: mx*.example\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmx: \nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nno colon here\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n bad key: x\n",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n" + strings.Repeat("#", 70000),
	}
	for _, s := range bad {
		if _, err := lookup.ParsePolicy([]byte(s)); !errors.Is(err, lookup.ErrSyntax) {
			t.Errorf("%.80q: err %v, want ErrSyntax", s, err)
		}
	}
}

func TestPolicyMatches(t *testing.T) {
	p := lookup.Policy{MX: []string{"mx1.example.com", "*.mail.example.com"}}
	for host, want := range map[string]bool{
		"mx1.example.com":      true,
		"MX1.Example.COM.":     true,
		"a.mail.example.com":   true,
		"mail.example.com":     false,
		"a.b.mail.example.com": false,
		"mx2.example.com":      false,
		".mail.example.com":    false,
	} {
		if got := p.Matches(host); got != want {
			t.Errorf("%s: %v, want %v", host, got, want)
		}
	}
}

func TestParseSTSRecord(t *testing.T) {
	r, err := lookup.ParseSTSRecord("v=STSv1; id=20260101T00;")
	if err != nil || r.ID != "20260101T00" {
		t.Fatalf("%+v %v", r, err)
	}
	if r, err := lookup.ParseSTSRecord("v=STSv1;id=abc;  ext=val"); err != nil || r.Extensions[0] != "ext=val" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, s := range []string{
		"", "v=STSv1", "id=1; v=STSv1", "v=STSv2; id=1", "v=STSv1; id=", "v=STSv1; id=a-b",
		"v=STSv1; id=" + strings.Repeat("a", 33), "v=STSv1; id=1; id=2", "v=STSv1;; id=1", "v=STSv1; id=1\r\n",
	} {
		if _, err := lookup.ParseSTSRecord(s); !errors.Is(err, lookup.ErrSyntax) {
			t.Errorf("%q: %v, want ErrSyntax", s, err)
		}
	}
}

const policyURL = "https://mta-sts.example.com/.well-known/mta-sts.txt"

func stsClient(page lookuptest.Page, extra ...string) *lookup.Client {
	r := mxZone()
	for _, s := range extra {
		r2 := lookuptest.New(s)
		r.RRs = append(r.RRs, r2.RRs...)
	}
	return &lookup.Client{Resolver: r, HTTP: lookuptest.Web{policyURL: page}}
}

func TestMTASTS(t *testing.T) {
	ctx := context.Background()
	rec := `_mta-sts.example.com. TXT "v=STSv1; id=1"`

	c := stsClient(lookuptest.Page{Body: "version: STSv1\nmode: enforce\nmx: mx0.example.com\nmx: mx1.example.com\nmax_age: 604800\n"}, rec)
	res, err := c.MTASTS(ctx, "example.com", nil)
	if err != nil || !res.Found || res.Policy == nil {
		t.Fatalf("%v %+v", err, res)
	}
	if !reflect.DeepEqual(res.Covered, []string{"mx0.example.com", "mx1.example.com"}) || !reflect.DeepEqual(res.Missed, []string{"mx2.example.com"}) {
		t.Errorf("covered %v missed %v", res.Covered, res.Missed)
	}
	if got := problemCodes(res.Problems); !reflect.DeepEqual(got, []string{lookup.ProblemPolicyMismatch}) {
		t.Errorf("problems %v", got)
	}

	// Given MX hosts are used as they are.
	res, _ = c.MTASTS(ctx, "example.com", []string{"MX1.example.com."})
	if !reflect.DeepEqual(res.Covered, []string{"mx1.example.com"}) || len(res.Missed) != 0 || len(res.Problems) != 0 {
		t.Errorf("given hosts: %+v", res)
	}

	// No record: not an error, nothing fetched.
	c = stsClient(lookuptest.Page{Body: goodPolicy})
	res, err = c.MTASTS(ctx, "example.com", nil)
	if err != nil || res.Found || res.Policy != nil || res.PolicyURL != "" {
		t.Errorf("no record: %v %+v", err, res)
	}

	// SERVFAIL on the TXT is an error.
	r := mxZone()
	r.Fail["_mta-sts.example.com"] = lookuptest.ServFail
	c = &lookup.Client{Resolver: r}
	if _, err := c.MTASTS(ctx, "example.com", nil); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail: %v", err)
	}

	// Two records.
	c = stsClient(lookuptest.Page{Body: goodPolicy}, rec, `_mta-sts.example.com. TXT "v=STSv1; id=2"`)
	res, err = c.MTASTS(ctx, "example.com", nil)
	if err != nil || res.Found || len(res.TXT) != 2 || problemCodes(res.Problems)[0] != lookup.ProblemMultiple {
		t.Errorf("two records: %v %+v", err, res)
	}

	// Policy fetch failures.
	for name, page := range map[string]lookuptest.Page{
		"404":          {Status: 404, Body: "not found"},
		"redirect":     {Status: 301, Location: "https://elsewhere.example/"},
		"content-type": {ContentType: "text/html", Body: goodPolicy},
		"too-large":    {Body: goodPolicy + strings.Repeat("x", 70000)},
		"syntax":       {Body: "version: STSv1\n"},
		"network":      {Err: errors.New("connection refused")},
	} {
		c = stsClient(page, rec)
		res, err = c.MTASTS(ctx, "example.com", nil)
		if err != nil || !res.Found || res.Policy != nil || res.PolicyError == "" ||
			!reflect.DeepEqual(problemCodes(res.Problems), []string{lookup.ProblemPolicyFetch}) {
			t.Errorf("%s: %v %+v", name, err, res)
		}
	}
	// text/plain with parameters is fine.
	c = stsClient(lookuptest.Page{ContentType: "text/plain; charset=utf-8", Body: goodPolicy}, rec)
	if res, _ := c.MTASTS(ctx, "example.com", []string{"mx1.example.com"}); res.Policy == nil {
		t.Errorf("charset: %+v", res)
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(goodPolicy))
	f.Add([]byte("version: STSv1\nmode: none\nmax_age: 0\n"))
	f.Add([]byte("version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 31557600\next: a b c\n"))
	f.Add([]byte("version: STSv1\nmode: enforce\nmx: xn--bcher-kva.example\nmax_age: 86400"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := lookup.ParsePolicy(b)
		if err != nil {
			if !errors.Is(err, lookup.ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		if p.Version != "STSv1" || p.MaxAge < 0 || p.MaxAge > lookup.MaxPolicyAge {
			t.Fatalf("accepted bad policy %+v", p)
		}
		if p.Mode != lookup.ModeNone && len(p.MX) == 0 {
			t.Fatalf("accepted %s without mx", p.Mode)
		}
		for _, m := range p.MX {
			if m != strings.ToLower(m) || strings.Count(m, "*") > 1 || strings.Contains(strings.TrimPrefix(m, "*."), "*") {
				t.Fatalf("bad mx pattern %q", m)
			}
			if !strings.HasPrefix(m, "*.") && !p.Matches(m) {
				t.Fatalf("pattern %q does not match itself", m)
			}
		}
	})
}

func FuzzParseSTSRecord(f *testing.F) {
	f.Add("v=STSv1; id=20260101T000000;")
	f.Add("v=STSv1;id=1")
	f.Add("v=STSv1; id=abc; ext=1")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := lookup.ParseSTSRecord(s)
		if err != nil {
			if !errors.Is(err, lookup.ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		if r.Version != "STSv1" || r.ID == "" || len(r.ID) > 32 {
			t.Fatalf("accepted %q as %+v", s, r)
		}
	})
}
