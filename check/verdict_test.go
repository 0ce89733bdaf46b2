package check

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// Issue 9: the verdict and the summary count a port as working only when a
// client would succeed there.

var expiredAt = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// goodTLS is a session whose certificate verifies.
func goodTLS(a *probe.AddressResult) {
	a.TLS = &probe.TLSInfo{Version: "TLS 1.3", Verified: true, ChainVerified: true, HostnameMatch: true,
		Chain: []probe.Cert{{Subject: "CN=x", NotAfter: expiredAt.AddDate(1, 0, 0)}}}
	a.EHLO.After = &probe.Capabilities{Auth: []string{"PLAIN"}}
}

// expiredTLS is a session whose certificate expired.
func expiredTLS(a *probe.AddressResult) {
	a.TLS = &probe.TLSInfo{Version: "TLS 1.3", HostnameMatch: true,
		VerifyError: "x509: certificate has expired or is not yet valid: current time 2026-12-05T07:00:00Z is after 2026-11-30T00:00:00Z",
		Chain:       []probe.Cert{{Subject: "CN=x", NotAfter: expiredAt}},
		Problems:    []rules.CertProblem{{Reason: rules.CertExpired, Text: "The certificate expired on 30 Nov 2026 00:00 UTC (5 days ago).", Verifier: "x509: certificate has expired or is not yet valid"}}}
	a.EHLO.After = &probe.Capabilities{Auth: []string{"PLAIN"}}
}

func TestExpiredSubmissionCertificateIsNotRecommended(t *testing.T) {
	fake := &fakeProbe{tweak: func(tg probe.Target, a *probe.AddressResult) {
		if tg.Port == 465 {
			expiredTLS(a)
		} else {
			goodTLS(a)
		}
	}}
	rep, err := Host(context.Background(), Config{Lookup: testDNS(), Probe: fake.run}, "smtp.example.com", func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rep.Summary, "port 465 with implicit TLS. ") || !strings.Contains(rep.Summary, "To send, use smtp.example.com port 587 with STARTTLS") {
		t.Errorf("summary recommends the port whose certificate expired, or not 587: %q", rep.Summary)
	}
	if !strings.Contains(rep.Summary, "smtp.example.com port 465 (certificate expired on 30 Nov 2026)") {
		t.Errorf("summary does not name the failing port and its reason: %q", rep.Summary)
	}
	for _, p := range rep.Probes {
		if p.Port == 465 {
			if ok, _ := outcome(p); ok {
				t.Error("465 with an expired certificate counted as working")
			}
			if p.Role != rules.ProbeSpare {
				t.Errorf("465 role %q: 587 works, so it is a spare", p.Role)
			}
		}
	}
	// One finding for the certificate, naming host and port, a warning
	// since 587 works.
	n := 0
	for _, f := range rep.Findings {
		if f.ID == "probe-cert-expired" {
			n++
			if f.Severity != rules.SeverityWarning || !strings.Contains(f.Title, "smtp.example.com:465") {
				t.Errorf("certificate finding %s %q", f.Severity, f.Title)
			}
		}
	}
	if n != 1 || rep.Verdict != rules.VerdictWarning {
		t.Errorf("%d certificate findings, verdict %s", n, rep.Verdict)
	}

	// With only 465 there, an expired certificate fails the check.
	fake = &fakeProbe{outcomes: map[int]string{587: probe.OutcomeRefused, 2525: probe.OutcomeRefused}, tweak: func(tg probe.Target, a *probe.AddressResult) {
		if tg.Port == 465 {
			expiredTLS(a)
		}
	}}
	rep, _ = Host(context.Background(), Config{Lookup: testDNS(), Probe: fake.run}, "smtp.example.com", func(Event) {})
	if rep.Verdict != rules.VerdictError || strings.Contains(rep.Summary, "To send, use") {
		t.Errorf("verdict %s, summary %q", rep.Verdict, rep.Summary)
	}
}

func TestPort25CertificateIsOpportunisticUnlessDANEOrMTASTS(t *testing.T) {
	tweak := func(tg probe.Target, a *probe.AddressResult) {
		if tg.Port == 25 {
			expiredTLS(a)
		} else {
			goodTLS(a)
		}
	}
	rep, err := Domain(context.Background(), Config{Lookup: testDNS(), Probe: (&fakeProbe{tweak: tweak}).run}, "example.com", func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.Summary, "port 25 with STARTTLS works on 2 of 2 probed") {
		t.Errorf("port 25 with a bad certificate is opportunistic TLS, it works: %q", rep.Summary)
	}
	// DANE for mx1: senders check the certificate there.
	r := lookuptest.New(
		"example.com. MX 10 mx1.example.com.", "example.com. MX 20 mx2.example.com.",
		"mx1.example.com. A 127.0.0.11", "mx2.example.com. A 127.0.0.12",
		"_25._tcp.mx1.example.com. TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"_submission._tcp.example.com. SRV 0 1 587 smtp.example.com.", "smtp.example.com. A 127.0.0.20")
	r.Secure["*"] = true
	rep, err = Domain(context.Background(), Config{Lookup: &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}, Probe: (&fakeProbe{tweak: tweak}).run}, "example.com", func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.Summary, "port 25 with STARTTLS works on 1 of 2 probed") || !strings.Contains(rep.Summary, "mx1.example.com port 25 (certificate expired on 30 Nov 2026)") {
		t.Errorf("under DANE the certificate counts: %q", rep.Summary)
	}
}

func TestSummaryNamesFailingHosts(t *testing.T) {
	r := lookuptest.New(
		"example.com. MX 10 mx1.example.com.", "example.com. MX 20 mx2.example.com.", "example.com. MX 30 mx3.example.com.",
		"example.com. MX 40 mx4.example.com.", "example.com. MX 50 mx5.example.com.",
		"mx1.example.com. A 127.0.0.11", "mx2.example.com. A 127.0.0.12", "mx3.example.com. A 127.0.0.13",
		"mx4.example.com. A 127.0.0.14", "mx5.example.com. A 127.0.0.15",
		"_submission._tcp.example.com. SRV 0 1 587 smtp.example.com.", "smtp.example.com. A 127.0.0.20")
	fake := &fakeProbe{tweak: func(tg probe.Target, a *probe.AddressResult) {
		switch tg.Host {
		case "mx2.example.com", "mx4.example.com", "mx5.example.com":
			a.Outcome = probe.OutcomeTimeout
		case "mx3.example.com":
			a.Outcome = probe.OutcomeNoStartTLS
		default:
			goodTLS(a)
		}
	}}
	rep, err := Domain(context.Background(), Config{Lookup: &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}, Probe: fake.run}, "example.com", func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	want := "Not working: mx2.example.com port 25 (timeout), mx3.example.com port 25 (no starttls), mx4.example.com port 25 (timeout) and 1 more."
	if !strings.Contains(rep.Summary, want) {
		t.Errorf("summary %q lacks %q", rep.Summary, want)
	}
	// Each finding of a probe names its host and port; one per fact.
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.ID, "probe-") && !strings.Contains(f.Title, ".example.com") {
			t.Errorf("finding %s %q does not name its host", f.ID, f.Title)
		}
		if seen[f.ID+f.Title] {
			t.Errorf("finding %s %q twice", f.ID, f.Title)
		}
		seen[f.ID+f.Title] = true
	}
}

func TestProbeChecksDANE(t *testing.T) {
	r := lookuptest.New("smtp.example.com. A 127.0.0.20",
		"_587._tcp.smtp.example.com. TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	r.Secure["*"] = true
	fake := &fakeProbe{}
	rec := &recorder{}
	if _, err := Probe(context.Background(), Config{Lookup: &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}, Probe: fake.run}, Target{Host: "smtp.example.com", Port: 587}, rec.emit); err != nil {
		t.Fatal(err)
	}
	if len(fake.targets) != 1 || len(fake.targets[0].TLSA) != 1 {
		t.Errorf("the probe was not given the TLSA records: %+v", fake.targets)
	}
	if !slices.Contains(rec.names(), "dns") {
		t.Errorf("no dns event for the TLSA records: %v", rec.names())
	}
}
