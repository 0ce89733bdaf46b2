package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/whichport/whichport/check"
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

func checkWith(t *testing.T, fake outcomeProbe, domain string, dns *lookup.Client) CheckReport {
	t.Helper()
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	cfg.Probe = fake.run
	if dns != nil {
		cfg.Lookup, cfg.Resolver = dns, nil
	}
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain="+domain, "")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var rep CheckReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// The stream's summary event says the same.
	rec = do(e, "GET", "/api/v1/check?domain="+domain+"&stream=1", "")
	evs := parseSSE(t, rec.Body.String())
	var sum check.Summary
	if err := json.Unmarshal(evs[len(evs)-2].Data, &sum); err != nil || evs[len(evs)-2].Name != "summary" {
		t.Fatalf("summary event %s: %v", evs[len(evs)-2].Data, err)
	}
	if sum.Verdict != rep.Verdict || len(sum.Findings) != len(rep.Findings) {
		t.Errorf("stream summary: verdict %q, %d findings; JSON: %q, %d", sum.Verdict, len(sum.Findings), rep.Verdict, len(rep.Findings))
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
