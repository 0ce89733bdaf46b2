package probe

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"strings"
	"testing"
	"time"
)

func sha256Of(b []byte) []byte { s := sha256.Sum256(b); return s[:] }
func sha512Of(b []byte) []byte { s := sha512.Sum512(b); return s[:] }

func TestMatchDANE(t *testing.T) {
	p := getPKI(t)
	direct := p.leaf(leafOpts{names: []string{"mx.test"}})
	viaInter := p.leaf(leafOpts{names: []string{"mx.test"}, viaInter: true})
	other := p.leaf(leafOpts{names: []string{"mx.test"}})
	chain := func(c [][]byte) []*x509.Certificate {
		var out []*x509.Certificate
		for _, der := range c {
			x, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, x)
		}
		return out
	}
	leaf, interChain := direct.Leaf, chain(viaInter.Certificate)
	now := time.Now()
	for _, tc := range []struct {
		name    string
		records []TLSA
		certs   []*x509.Certificate
		host    string
		match   bool
		usable  int
		detail  string
	}{
		{"3 1 1", []TLSA{{3, 1, 1, sha256Of(leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "mx.test", true, 1, "DANE-EE record (3 1 1)"},
		{"3 0 1", []TLSA{{3, 0, 1, sha256Of(leaf.Raw)}}, []*x509.Certificate{leaf}, "mx.test", true, 1, "3 0 1"},
		{"3 0 0 full", []TLSA{{3, 0, 0, leaf.Raw}}, []*x509.Certificate{leaf}, "mx.test", true, 1, "3 0 0"},
		{"3 1 2 sha512", []TLSA{{3, 1, 2, sha512Of(leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "mx.test", true, 1, "3 1 2"},
		{"3 1 1 ignores the name", []TLSA{{3, 1, 1, sha256Of(leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "elsewhere.test", true, 1, ""},
		{"stale 3 1 1", []TLSA{{3, 1, 1, sha256Of(other.Leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "mx.test", false, 1, "stale"},
		{"one of two matches", []TLSA{{3, 1, 1, sha256Of(other.Leaf.RawSubjectPublicKeyInfo)}, {3, 1, 1, sha256Of(leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "mx.test", true, 2, ""},
		{"2 0 1 intermediate", []TLSA{{2, 0, 1, sha256Of(p.inter.Raw)}}, interChain, "mx.test", true, 1, "DANE-TA"},
		{"2 1 1 intermediate", []TLSA{{2, 1, 1, sha256Of(p.inter.RawSubjectPublicKeyInfo)}}, interChain, "mx.test", true, 1, "DANE-TA"},
		{"2 0 1 wrong name", []TLSA{{2, 0, 1, sha256Of(p.inter.Raw)}}, interChain, "other.test", false, 1, "does not verify"},
		{"2 0 1 TA not sent", []TLSA{{2, 0, 1, sha256Of(p.root.Raw)}}, interChain, "mx.test", false, 1, "stale"},
		{"2 x x on the leaf does not count", []TLSA{{2, 0, 1, sha256Of(leaf.Raw)}}, []*x509.Certificate{leaf}, "mx.test", false, 1, ""},
		{"PKIX usages unusable", []TLSA{{0, 0, 1, sha256Of(p.root.Raw)}, {1, 1, 1, sha256Of(leaf.RawSubjectPublicKeyInfo)}}, []*x509.Certificate{leaf}, "mx.test", false, 0, "no usable TLSA"},
		{"bad selector", []TLSA{{3, 7, 1, sha256Of(leaf.Raw)}}, []*x509.Certificate{leaf}, "mx.test", false, 1, ""},
		{"bad matching type", []TLSA{{3, 0, 9, leaf.Raw}}, []*x509.Certificate{leaf}, "mx.test", false, 1, ""},
		{"no certificate", []TLSA{{3, 0, 0, leaf.Raw}}, nil, "mx.test", false, 0, "no certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := matchDANE(tc.records, tc.certs, tc.host, now)
			if d.Match != tc.match || d.Usable != tc.usable || d.Records != len(tc.records) || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("%+v", d)
			}
		})
	}
}

// TestDANEProbe: the TLSA records given with the target are checked against
// the chain the server sent, and explained.
func TestDANEProbe(t *testing.T) {
	checkGoroutines(t)
	cert := getPKI(t).leaf(leafOpts{names: []string{"mx.test"}})
	for _, tc := range []struct {
		tlsa    TLSA
		finding string
	}{
		{TLSA{3, 1, 1, sha256Of(cert.Leaf.RawSubjectPublicKeyInfo)}, "probe-dane-match"},
		{TLSA{3, 1, 1, make([]byte, 32)}, "probe-dane-mismatch"},
		{TLSA{1, 1, 1, sha256Of(cert.Leaf.RawSubjectPublicKeyInfo)}, "probe-dane-unusable"},
	} {
		srv := &server{tls: serverTLS(cert)}
		srv.tls = serverTLS(cert)
		cfg := testConfig(&pipeDialer{srv: srv})
		res, err := Run(t.Context(), cfg, Target{Host: "mx.test", Port: 25, Mode: ModeStartTLS, Addrs: loopback, TLSA: []TLSA{tc.tlsa}})
		srv.wg.Wait()
		if err != nil || res.DANE == nil {
			t.Fatalf("%v %+v", err, res)
		}
		wantFinding(t, res, tc.finding)
	}
}
