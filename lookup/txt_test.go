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

func TestParseTLSRPTRecord(t *testing.T) {
	r, err := lookup.ParseTLSRPTRecord("v=TLSRPTv1; rua=mailto:tls@example.com, https://r.example/tls")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"mailto:tls@example.com", "https://r.example/tls"}; !reflect.DeepEqual(r.RUA, want) {
		t.Fatalf("rua %v", r.RUA)
	}
	for _, s := range []string{
		"", "v=TLSRPTv1", "v=TLSRPTv1;", "rua=mailto:a@b; v=TLSRPTv1", "v=TLSRPTv2; rua=mailto:a@b",
		"v=TLSRPTv1; rua=http://insecure.example/", "v=TLSRPTv1; rua=mailto:a@b; rua=mailto:c@d",
		"v=TLSRPTv1; rua=", "v=TLSRPTv1; rua=mailto:a@b,",
	} {
		if _, err := lookup.ParseTLSRPTRecord(s); !errors.Is(err, lookup.ErrSyntax) {
			t.Errorf("%q: %v, want ErrSyntax", s, err)
		}
	}
}

func TestParseDMARCRecord(t *testing.T) {
	r, err := lookup.ParseDMARCRecord("v=DMARC1; p=Reject; sp=none; rua=mailto:d@example.com!10m,mailto:e@example.com; pct=50; adkim=s; fo=1")
	if err != nil {
		t.Fatal(err)
	}
	want := lookup.DMARCRecord{Version: "DMARC1", Policy: "reject", SubdomainPolicy: "none",
		RUA: []string{"mailto:d@example.com!10m", "mailto:e@example.com"}, Percent: 50, ADKIM: "s", Tags: []string{"fo=1"}}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("got %+v\nwant %+v", r, want)
	}
	if r, err := lookup.ParseDMARCRecord("v=DMARC1; rua=mailto:d@example.com"); err != nil || r.Policy != "none" {
		t.Errorf("no p with rua: %+v %v", r, err)
	}
	for _, s := range []string{
		"", "v=DMARC1", "p=reject; v=DMARC1", "v=DMARC2; p=reject", "v=DMARC1; p=block",
		"v=DMARC1; p=reject; pct=101", "v=DMARC1; p=reject; pct=+5", "v=DMARC1; p=reject; p=none",
		"v=DMARC1; p=reject; rua=nocolon", "v=DMARC1; p=reject; adkim=x",
	} {
		if _, err := lookup.ParseDMARCRecord(s); !errors.Is(err, lookup.ErrSyntax) {
			t.Errorf("%q: %v, want ErrSyntax", s, err)
		}
	}
}

func TestIsSPF(t *testing.T) {
	for s, want := range map[string]bool{
		"v=spf1 -all": true, "V=SPF1 mx": true, "v=spf1": true, "v=spf10 -all": false, "spf1": false, "": false,
	} {
		if lookup.IsSPF(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}

func TestTXTLookups(t *testing.T) {
	r := lookuptest.New(
		`example.com. TXT "v=spf1 " "include:_spf.example.net -all"`,
		`example.com. TXT "google-site-verification=abc"`,
		`two.example. TXT "v=spf1 -all"`,
		`two.example. TXT "v=spf1 mx -all"`,
		`_dmarc.example.com. TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"`,
		`_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=mailto:t@example.com"`,
		`_smtp._tls.two.example. TXT "v=TLSRPTv1; rua=mailto:a@example.com"`,
		`_smtp._tls.two.example. TXT "v=TLSRPTv1; rua=mailto:b@example.com"`,
		`_dmarc.bad.example. TXT "v=DMARC1; p=maybe"`,
		`bad.example. A 192.0.2.1`,
	)
	r.Fail["_dmarc.fail.example"] = lookuptest.Timeout
	r.Fail["fail.example"] = lookuptest.ServFail
	c := &lookup.Client{Resolver: r, Timeout: 50e6}
	ctx := context.Background()

	spf, err := c.SPF(ctx, "example.com")
	if err != nil || !spf.Found || spf.Record != "v=spf1 include:_spf.example.net -all" {
		t.Errorf("spf: %v %+v", err, spf)
	}
	spf, err = c.SPF(ctx, "two.example")
	if err != nil || spf.Found || len(spf.Records) != 2 || problemCodes(spf.Problems)[0] != lookup.ProblemMultiple {
		t.Errorf("two spf: %v %+v", err, spf)
	}
	if spf, err := c.SPF(ctx, "nope.example"); err != nil || spf.Found {
		t.Errorf("nxdomain spf: %v %+v", err, spf)
	}
	if _, err := c.SPF(ctx, "fail.example"); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail spf: %v", err)
	}

	dm, err := c.DMARC(ctx, "example.com")
	if err != nil || !dm.Found || dm.Record.Policy != "quarantine" || dm.Name != "_dmarc.example.com" {
		t.Errorf("dmarc: %v %+v", err, dm)
	}
	dm, err = c.DMARC(ctx, "bad.example")
	if err != nil || dm.Found || len(dm.TXT) != 1 || problemCodes(dm.Problems)[0] != lookup.ProblemSyntax {
		t.Errorf("bad dmarc: %v %+v", err, dm)
	}
	if dm, err := c.DMARC(ctx, "fail.example"); !errors.Is(err, lookup.ErrTimeout) || dm.Error == "" {
		t.Errorf("timeout dmarc: %v %+v", err, dm)
	}

	rpt, err := c.TLSRPT(ctx, "a@example.com")
	if err != nil || !rpt.Found || rpt.Record.RUA[0] != "mailto:t@example.com" {
		t.Errorf("tlsrpt: %v %+v", err, rpt)
	}
	rpt, err = c.TLSRPT(ctx, "two.example")
	if err != nil || rpt.Found || len(rpt.TXT) != 2 || problemCodes(rpt.Problems)[0] != lookup.ProblemMultiple {
		t.Errorf("two tlsrpt: %v %+v", err, rpt)
	}
	if _, err := c.TLSRPT(ctx, "bad\nname"); !errors.Is(err, lookup.ErrBadName) {
		t.Errorf("bad name: %v", err)
	}
}

func FuzzParseTLSRPTRecord(f *testing.F) {
	f.Add("v=TLSRPTv1; rua=mailto:tls@example.com")
	f.Add("v=TLSRPTv1;rua=https://r.example/,mailto:a@b;ext=1;")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := lookup.ParseTLSRPTRecord(s)
		if err != nil {
			if !errors.Is(err, lookup.ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		if r.Version != "TLSRPTv1" || len(r.RUA) == 0 {
			t.Fatalf("accepted %q as %+v", s, r)
		}
		for _, u := range r.RUA {
			l := strings.ToLower(u)
			if !strings.HasPrefix(l, "mailto:") && !strings.HasPrefix(l, "https:") {
				t.Fatalf("rua %q", u)
			}
		}
	})
}

func FuzzParseDMARCRecord(f *testing.F) {
	f.Add("v=DMARC1; p=reject; rua=mailto:d@example.com")
	f.Add("v=DMARC1; p=none; sp=quarantine; pct=20; adkim=r; aspf=s; ruf=mailto:f@example.com!1m; fo=1")
	f.Add("v=DMARC1; rua=mailto:x@y")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := lookup.ParseDMARCRecord(s)
		if err != nil {
			if !errors.Is(err, lookup.ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		switch r.Policy {
		case "none", "quarantine", "reject":
		default:
			t.Fatalf("policy %q", r.Policy)
		}
		if r.Version != "DMARC1" || r.Percent < 0 || r.Percent > 100 {
			t.Fatalf("accepted %q as %+v", s, r)
		}
	})
}
