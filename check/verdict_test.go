package check

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// outcomeProbe answers each probe with the outcome given for its port (or
// for host:port), and the rules engine's findings for it, as probe.Run does.
type outcomeProbe map[string]string

func (o outcomeProbe) run(ctx context.Context, cfg probe.Config, t probe.Target) (probe.Result, error) {
	out, ok := o[t.Host+":"+itoa(t.Port)]
	if !ok {
		out = o[itoa(t.Port)]
	}
	if out == "" {
		out = probe.OutcomeOK
	}
	res := probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode, From: cfg.From,
		Addresses: []probe.AddressResult{{IP: "127.0.0.1", Mode: t.Mode, Outcome: out}}}
	f := rules.ProbeFacts{Host: t.Host, Port: t.Port, Mode: rules.Security(t.Mode), Outcome: out}
	if out == probe.OutcomeOK {
		f.Connected, f.GreetingCode, f.EHLOCapable, f.TLSDone, f.TLSVersion = true, 220, true, true, "TLS 1.3"
		f.TLSVerified, f.ChainVerified, f.HostnameMatch = true, true, true
		if t.Port != 25 {
			f.AuthAfterTLS = []string{"PLAIN"}
		}
	}
	res.Findings = rules.ProbeFindings(f)
	return res, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkWith checks domain with fake probes (over the DNS of testDNS, or
// dns), and makes sure the stream's summary event says what the report says.
func checkWith(t *testing.T, fake outcomeProbe, domain string, dns *lookup.Client) Report {
	t.Helper()
	if dns == nil {
		dns = testDNS()
	}
	rec := &recorder{}
	rep, err := Domain(context.Background(), Config{Lookup: dns, Probe: fake.run, From: "test-runner (loopback)"}, domain, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	last := rec.events[len(rec.events)-2]
	sum, ok := last.Data.(Summary)
	if !ok || last.Name != "summary" {
		t.Fatalf("next to last event %s %v, want the summary", last.Name, last.Data)
	}
	if sum.Verdict != rep.Verdict || len(sum.Findings) != len(rep.Findings) || sum.Summary != rep.Summary {
		t.Errorf("stream summary: verdict %q, %d findings; report: %q, %d", sum.Verdict, len(sum.Findings), rep.Verdict, len(rep.Findings))
	}
	return rep
}

// TestCheckVerdictWeighsPorts: the domain's verdict is "error" only when
// what matters fails: no MX answers on 25, or neither 587 nor 465 works.
// A closed 2525 (an unofficial alternate) or a closed 465 beside a working
// 587 is a note.
func TestCheckVerdictWeighsPorts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fake    outcomeProbe
		verdict rules.Verdict
		sev     map[string]rules.Severity // finding title fragment -> severity
		summary []string
	}{
		{"all work", outcomeProbe{}, rules.VerdictOK, nil, []string{"To send, use smtp.example.com port 465 with implicit TLS.", "port 25 with STARTTLS works on 3 of 3"}},
		{"only 2525 refused", outcomeProbe{"2525": probe.OutcomeRefused}, rules.VerdictOK,
			map[string]rules.Severity{"smtp.example.com:2525 (connection refused)": rules.SeverityInfo},
			[]string{"2525 STARTTLS refused (an unofficial alternate, not needed)"}},
		{"2525 filtered", outcomeProbe{"2525": probe.OutcomeTimeout}, rules.VerdictOK,
			map[string]rules.Severity{"may block port 2525": rules.SeverityInfo}, nil},
		{"465 refused, 587 works (Microsoft 365, iCloud)", outcomeProbe{"465": probe.OutcomeRefused}, rules.VerdictOK,
			map[string]rules.Severity{"smtp.example.com:465 (connection refused)": rules.SeverityInfo},
			[]string{"To send, use smtp.example.com port 587 with STARTTLS.", "(not needed: another port works)"}},
		{"587 and 465 refused, 2525 works", outcomeProbe{"465": probe.OutcomeRefused, "587": probe.OutcomeRefused}, rules.VerdictError,
			map[string]rules.Severity{"smtp.example.com:465 (connection refused)": rules.SeverityError, "smtp.example.com:587 (connection refused)": rules.SeverityError},
			[]string{"no official submission port"}},
		{"everything on submission refused", outcomeProbe{"465": probe.OutcomeRefused, "587": probe.OutcomeRefused, "2525": probe.OutcomeRefused}, rules.VerdictError, nil,
			[]string{"2525 STARTTLS refused (an unofficial alternate)"}},
		{"every MX filtered", outcomeProbe{"25": probe.OutcomeTimeout}, rules.VerdictError,
			map[string]rules.Severity{"may block port 25": rules.SeverityError}, []string{"works on 0 of 3 probed"}},
		{"one MX down", outcomeProbe{"mx3.example.com:25": probe.OutcomeRefused}, rules.VerdictWarning,
			map[string]rules.Severity{"mx3.example.com:25 (connection refused)": rules.SeverityWarning}, []string{"works on 2 of 3 probed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checkWith(t, tc.fake, "example.com", nil)
			if rep.Verdict != tc.verdict {
				t.Errorf("verdict %q, want %q; findings:", rep.Verdict, tc.verdict)
				for _, f := range rep.Findings {
					t.Logf("  %s %s: %s", f.Severity, f.ID, f.Title)
				}
			}
			for frag, sev := range tc.sev {
				found := false
				for _, f := range rep.Findings {
					if strings.Contains(f.Title, frag) {
						found = true
						if f.Severity != sev {
							t.Errorf("%q: %s, want %s", f.Title, f.Severity, sev)
						}
					}
				}
				if !found {
					t.Errorf("no finding titled ...%q...", frag)
				}
			}
			for _, s := range tc.summary {
				if !strings.Contains(rep.Summary, s) {
					t.Errorf("summary %q does not say %q", rep.Summary, s)
				}
			}
			sevRank := map[rules.Severity]int{rules.SeverityError: 0, rules.SeverityWarning: 1, rules.SeverityInfo: 2, rules.SeverityOK: 3}
			for i := 1; i < len(rep.Findings); i++ {
				if sevRank[rep.Findings[i].Severity] < sevRank[rep.Findings[i-1].Severity] {
					t.Errorf("findings not worst first at %d: %s after %s", i, rep.Findings[i].Severity, rep.Findings[i-1].Severity)
				}
			}
		})
	}
}

// TestCheckDomainFindings: what DNS says about the domain (an MX that is a
// CNAME, two SPF records, TLSA without DNSSEC, MTA-STS in testing mode not
// covering an MX, a guessed submission host) reaches the report's findings
// and the stream's summary, worst first.
func TestCheckDomainFindings(t *testing.T) {
	r := lookuptest.New(
		"odd.example. MX 10 alias.odd.example.",
		"odd.example. MX 20 mx2.elsewhere.example.",
		"alias.odd.example. CNAME real.odd.example.",
		"real.odd.example. A 127.0.0.41",
		"mx2.elsewhere.example. A 127.0.0.42",
		"_25._tcp.mx2.elsewhere.example. TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000",
		"odd.example. TXT \"v=spf1 mx -all\"",
		"odd.example. TXT \"v=spf1 a -all\"",
		"_mta-sts.odd.example. TXT \"v=STSv1; id=1\"",
		"smtp.odd.example. A 127.0.0.43",
		"_submissions._tcp.odd.example. SRV 0 0 0 .",
	)
	dns := &lookup.Client{Resolver: r, HTTP: lookuptest.Web{
		"https://mta-sts.odd.example/.well-known/mta-sts.txt": {Body: "version: STSv1\nmode: testing\nmx: *.odd.example\nmax_age: 604800\n"},
	}}
	rep := checkWith(t, outcomeProbe{}, "odd.example", dns)
	want := map[string]rules.Severity{
		"mx-target-cname":            rules.SeverityWarning,
		"spf-multiple":               rules.SeverityWarning,
		"dane-without-dnssec":        rules.SeverityWarning,
		"mta-sts-mx-not-covered":     rules.SeverityWarning,
		"mta-sts-testing-mode":       rules.SeverityInfo,
		"submission-guessed":         rules.SeverityInfo,
		"submission-srv-not-offered": rules.SeverityInfo,
	}
	got := map[string]rules.Severity{}
	for _, f := range rep.Findings {
		got[f.ID] = f.Severity
	}
	for id, sev := range want {
		if got[id] != sev {
			t.Errorf("%s: %q, want %q (got %v)", id, got[id], sev, got)
		}
	}
	if rep.Verdict != rules.VerdictWarning {
		t.Errorf("verdict %q, want warning", rep.Verdict)
	}
	for _, id := range []string{"domain-nxdomain", "mta-sts-enforced", "tls-rpt-multiple"} {
		if _, ok := got[id]; ok {
			t.Errorf("unexpected %s", id)
		}
	}
}

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
	rep, err := Host(context.Background(), Config{Lookup: twoMXDNS(), Probe: fake.run}, "smtp.example.com", func(Event) {})
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
	rep, _ = Host(context.Background(), Config{Lookup: twoMXDNS(), Probe: fake.run}, "smtp.example.com", func(Event) {})
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
	rep, err := Domain(context.Background(), Config{Lookup: twoMXDNS(), Probe: (&fakeProbe{tweak: tweak}).run}, "example.com", func(Event) {})
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

// twoMXDNS publishes a domain with two MX hosts, a submission SRV record,
// SPF and DMARC, all on loopback addresses: no MTA-STS and no DANE, so
// port 25's certificate is opportunistic.
func twoMXDNS() *lookup.Client {
	r := lookuptest.New(
		"example.com. MX 10 mx1.example.com.",
		"example.com. MX 20 mx2.example.com.",
		"mx1.example.com. A 127.0.0.11",
		"mx2.example.com. A 127.0.0.12",
		"_submission._tcp.example.com. SRV 0 1 587 smtp.example.com.",
		"smtp.example.com. A 127.0.0.20",
		"example.com. TXT \"v=spf1 mx -all\"",
		"_dmarc.example.com. TXT \"v=DMARC1; p=reject\"",
	)
	return &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}
}
