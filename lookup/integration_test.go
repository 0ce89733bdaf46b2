package lookup_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/internal/testdns"
	"github.com/whichport/whichport/lookup"
)

// TestNSDIntegration queries a real authoritative server (NSD) through the
// real UDP/TCP resolver. Skipped when nsd is missing, unless CI=true.
func TestNSDIntegration(t *testing.T) {
	var big []string
	for i := 0; i < 12; i++ {
		big = append(big, fmt.Sprintf(`big TXT "%03d %s"`, i, strings.Repeat("x", 200)))
	}
	addr := testdns.Start(t, map[string]string{
		"example.test": testdns.Zone("example.test", append([]string{
			"@ MX 20 mx2",
			"@ MX 10 mx1",
			"@ MX 30 mx3",
			"mx1 A 192.0.2.1",
			"mx1 AAAA 2001:db8::1",
			"mx2 A 192.0.2.2",
			"mx3 A 192.0.2.3",
			`@ TXT "v=spf1 mx -all"`,
			`_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"`,
			`_mta-sts TXT "v=STSv1; id=20260101"`,
			`_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"`,
			"_submissions._tcp SRV 0 1 465 smtp.example.test.",
			"_submission._tcp SRV 0 1 587 smtp.example.test.",
			"smtp A 192.0.2.9",
			"_25._tcp.mx1 TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			"nullmx MX 0 .",
			"implicit A 192.0.2.4",
			"nodata TXT \"nothing here\"",
			"cnamemx MX 10 alias",
			"alias CNAME mx1",
			"outside MX 10 mail.other.test.",
			"loop1 CNAME loop2",
			"loop2 CNAME loop1",
		}, big...)...),
		"other.test": testdns.Zone("other.test",
			"mail A 192.0.2.20",
			"_submissions._tcp SRV 0 0 0 .",
		),
	})
	c := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{addr}, 2*time.Second)}
	ctx := context.Background()

	t.Run("mx", func(t *testing.T) {
		res, err := c.MX(ctx, "postmaster@example.test")
		if err != nil {
			t.Fatal(err)
		}
		if got := hostNames(res.Hosts); !reflect.DeepEqual(got, []string{"mx1.example.test", "mx2.example.test", "mx3.example.test"}) {
			t.Fatalf("hosts %v", got)
		}
		if len(res.Hosts[0].Addrs) != 2 || res.DNSSEC {
			t.Errorf("mx1 %+v, dnssec %v", res.Hosts[0], res.DNSSEC)
		}
	})
	t.Run("null", func(t *testing.T) {
		res, err := c.MX(ctx, "nullmx.example.test")
		if err != nil || res.Status != lookup.MXNull || len(res.Hosts) != 0 {
			t.Fatalf("%v %+v", err, res)
		}
	})
	t.Run("implicit", func(t *testing.T) {
		res, err := c.MX(ctx, "implicit.example.test")
		if err != nil || res.Status != lookup.MXImplicit || res.Hosts[0].Addrs[0].String() != "192.0.2.4" {
			t.Fatalf("%v %+v", err, res)
		}
	})
	t.Run("nodata-vs-nxdomain", func(t *testing.T) {
		res, err := c.MX(ctx, "nodata.example.test")
		if err != nil || res.Status != lookup.MXNone {
			t.Fatalf("nodata: %v %+v", err, res)
		}
		res, err = c.MX(ctx, "missing.example.test")
		if !errors.Is(err, lookup.ErrNXDomain) || res.Status != lookup.MXNXDomain {
			t.Fatalf("nxdomain: %v %+v", err, res)
		}
	})
	t.Run("cname-target", func(t *testing.T) {
		res, err := c.MX(ctx, "cnamemx.example.test")
		if err != nil {
			t.Fatal(err)
		}
		if got := problemCodes(res.Hosts[0].Problems); !reflect.DeepEqual(got, []string{lookup.ProblemMXIsCNAME}) || len(res.Hosts[0].Addrs) != 2 {
			t.Fatalf("%+v", res.Hosts[0])
		}
	})
	t.Run("other-zone", func(t *testing.T) {
		res, err := c.MX(ctx, "outside.example.test")
		if err != nil || len(res.Hosts) != 1 || len(res.Hosts[0].Addrs) != 1 {
			t.Fatalf("%v %+v", err, res)
		}
	})
	t.Run("cname-loop", func(t *testing.T) {
		if _, err := c.LookupAddrs(ctx, "loop1.example.test"); !errors.Is(err, lookup.ErrCNAMELoop) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("truncated-tcp", func(t *testing.T) {
		q := new(dns.Msg)
		q.SetQuestion("big.example.test.", dns.TypeTXT)
		q.SetEdns0(1232, true)
		udp := &dns.Client{Net: "udp", UDPSize: 1232, Timeout: time.Second}
		resp, _, err := udp.Exchange(q, addr)
		if err != nil || !resp.Truncated {
			t.Fatalf("plain UDP should be truncated: %v %v", err, resp)
		}
		resp, err = lookup.NewDNSResolver([]string{addr}, time.Second).Exchange(ctx, q)
		if err != nil || resp.Truncated || len(resp.Answer) != 12 {
			t.Fatalf("after TCP retry: %v truncated=%v answers=%d", err, resp != nil && resp.Truncated, len(resp.Answer))
		}
	})
	t.Run("srv", func(t *testing.T) {
		srvs, err := c.SubmissionSRV(ctx, "example.test")
		if err != nil || len(srvs) != 2 || srvs[0].Records[0].Port != 465 || srvs[1].Records[0].Port != 587 {
			t.Fatalf("%v %+v", err, srvs)
		}
		srv, err := c.SRV(ctx, "submissions", "other.test")
		if err != nil || !srv.NotOffered {
			t.Fatalf("not offered: %v %+v", err, srv)
		}
	})
	t.Run("tlsa", func(t *testing.T) {
		res, err := c.TLSA(ctx, "mx1.example.test", 25)
		if err != nil || len(res.Records) != 1 || res.Records[0].Usage != 3 || len(res.Records[0].Data) != 32 {
			t.Fatalf("%v %+v", err, res)
		}
	})
	t.Run("txt", func(t *testing.T) {
		spf, err := c.SPF(ctx, "example.test")
		if err != nil || spf.Record != "v=spf1 mx -all" {
			t.Fatalf("spf %v %+v", err, spf)
		}
		dm, err := c.DMARC(ctx, "example.test")
		if err != nil || dm.Record == nil || dm.Record.Policy != "reject" {
			t.Fatalf("dmarc %v %+v", err, dm)
		}
		rpt, err := c.TLSRPT(ctx, "example.test")
		if err != nil || rpt.Record == nil || rpt.Record.RUA[0] != "mailto:tlsrpt@example.test" {
			t.Fatalf("tlsrpt %v %+v", err, rpt)
		}
	})
}
