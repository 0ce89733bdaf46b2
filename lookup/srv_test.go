package lookup_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

func TestSRV(t *testing.T) {
	r := lookuptest.New(
		"_submission._tcp.example.com. SRV 20 0 587 c.example.com.",
		"_submission._tcp.example.com. SRV 10 1 587 b.example.com.",
		"_submission._tcp.example.com. SRV 10 9 2587 A.example.com.",
	)
	r.Fail["_submissions._tcp.fail.example"] = lookuptest.ServFail
	c := &lookup.Client{Resolver: r}
	ctx := context.Background()
	res, err := c.SRV(ctx, "submission", "example.com")
	if err != nil {
		t.Fatal(err)
	}
	want := []lookup.SRVRecord{{10, 9, 2587, "a.example.com"}, {10, 1, 587, "b.example.com"}, {20, 0, 587, "c.example.com"}}
	if !reflect.DeepEqual(res.Records, want) || !res.Found || res.NotOffered {
		t.Fatalf("%+v", res)
	}
	res, err = c.SRV(ctx, "submissions", "example.com")
	if err != nil || res.Found || len(res.Records) != 0 {
		t.Errorf("missing: %v %+v", err, res)
	}
	if _, err := c.SRV(ctx, "submissions", "fail.example"); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail: %v", err)
	}
	if _, err := c.SRV(ctx, "sub.mission", "example.com"); !errors.Is(err, lookup.ErrBadName) {
		t.Errorf("bad service: %v", err)
	}
}

func TestTLSA(t *testing.T) {
	r := lookuptest.New(
		"_25._tcp.mx.example.com. TLSA 3 1 1 ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"_25._tcp.mx.secure.example. TLSA 2 0 1 abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
	)
	r.Secure["_25._tcp.mx.secure.example"] = true
	c := &lookup.Client{Resolver: r}
	ctx := context.Background()
	res, err := c.TLSA(ctx, "MX.example.com.", 25)
	if err != nil || len(res.Records) != 1 || res.DNSSEC || res.Name != "_25._tcp.mx.example.com" {
		t.Fatalf("%v %+v", err, res)
	}
	rec := res.Records[0]
	if rec.Usage != 3 || rec.Selector != 1 || rec.MatchingType != 1 || len(rec.Data) != 32 || rec.Hex[:6] != "abcdef" {
		t.Errorf("record %+v", rec)
	}
	if got := problemCodes(res.Problems); !reflect.DeepEqual(got, []string{lookup.ProblemNotAuthenticated}) {
		t.Errorf("problems %v", got)
	}
	res, err = c.TLSA(ctx, "mx.secure.example", 25)
	if err != nil || !res.DNSSEC || len(res.Problems) != 0 {
		t.Errorf("secure: %v %+v", err, res)
	}
	if res, err := c.TLSA(ctx, "none.example", 465); err != nil || len(res.Records) != 0 {
		t.Errorf("none: %v %+v", err, res)
	}
	if _, err := c.TLSA(ctx, "mx.example.com", 0); !errors.Is(err, lookup.ErrBadName) {
		t.Errorf("port 0: %v", err)
	}
}
