package rules

import (
	"strings"
	"testing"
)

func TestProbeFindings(t *testing.T) {
	ok := ProbeFacts{Host: "smtp.example.com", Port: 587, Mode: SecurityStartTLS, Outcome: "ok", Connected: true,
		GreetingCode: 220, GreetingText: "smtp.example.com ESMTP", EHLOCapable: true, StartTLSOffered: true, StartTLSCode: 220,
		TLSDone: true, TLSVersion: "TLS 1.3", TLSVerified: true, ChainVerified: true, HostnameMatch: true, AuthAfterTLS: []string{"PLAIN", "LOGIN"}}
	with := func(change func(*ProbeFacts)) ProbeFacts { f := ok; change(&f); return f }
	for _, tc := range []struct {
		name  string
		facts ProbeFacts
		want  []string
		not   []string
		title string // of the first finding, when set
	}{
		{"works", ok, []string{"probe-works"}, []string{"probe-auth-before-tls", "probe-no-auth"}, "smtp.example.com:587 answered with STARTTLS and TLS 1.3: use it"},
		{"implicit works", with(func(f *ProbeFacts) { f.Port, f.Mode = 465, SecurityImplicit }), []string{"probe-works"}, nil, "smtp.example.com:465 answered with implicit TLS (\"SSL/TLS\") and TLS 1.3: use it"},
		{"unresolved", ProbeFacts{Host: "smtp.exmaple.com", Port: 587, Outcome: "unresolved", Error: "lookup smtp.exmaple.com: no such host"}, []string{"probe-unresolved"}, []string{"probe-failed"}, "No address found for smtp.exmaple.com"},
		{"refused", ProbeFacts{Host: "h", Port: 587, Outcome: "refused", ConnectError: "refused"}, []string{"probe-refused"}, []string{"probe-failed"}, ""},
		{"filtered", ProbeFacts{Host: "h", Port: 25, Outcome: "timeout", ConnectError: "timeout"}, []string{"probe-filtered"}, nil, "Port filtered (timed out): your network or the server's may block port 25"},
		{"filtered from", ProbeFacts{Host: "h", Port: 25, Outcome: "timeout", From: "whichport.example (AS64500, Frankfurt)"}, []string{"probe-filtered"}, nil, ""},
		{"reset", ProbeFacts{Host: "h", Port: 25, Outcome: "reset"}, []string{"probe-reset"}, nil, ""},
		{"unreachable", ProbeFacts{Host: "h", Port: 25, Outcome: "unreachable"}, []string{"probe-unreachable"}, nil, ""},
		{"closed", ProbeFacts{Host: "h", Port: 25, Outcome: "closed", Connected: true}, []string{"probe-closed"}, nil, ""},
		{"no greeting", ProbeFacts{Host: "h", Port: 465, Mode: SecurityStartTLS, Outcome: "no-greeting", Connected: true}, []string{"probe-no-greeting"}, nil, ""},
		{"421", ProbeFacts{Host: "h", Port: 587, Outcome: "rejected", Connected: true, GreetingCode: 421, GreetingText: "4.7.0 Too many connections"}, []string{"probe-greeting-421"}, []string{"probe-no-starttls", "probe-ehlo-rejected", "probe-failed"}, "Greeting 421: the server is rate limiting or greylisting — not a TLS problem"},
		{"554", ProbeFacts{Host: "h", Port: 25, Outcome: "rejected", Connected: true, GreetingCode: 554, GreetingText: "5.7.1 go away"}, []string{"probe-greeting-554"}, nil, ""},
		{"other greeting", ProbeFacts{Host: "h", Port: 25, Outcome: "rejected", Connected: true, GreetingCode: 450}, []string{"probe-greeting-unexpected"}, nil, ""},
		{"slow", with(func(f *ProbeFacts) { f.GreetingSlowMS = 12000 }), []string{"probe-greeting-slow", "probe-works"}, nil, ""},
		{"plaintext on 465", ProbeFacts{Host: "h", Port: 465, Mode: SecurityImplicit, Outcome: "other-mode", Connected: true, SpokeOtherMode: true, PortSpeaks: SecurityStartTLS, OtherModeDetail: "a plaintext SMTP greeting came instead of TLS: 220 h"}, []string{"probe-port-speaks-plaintext"}, []string{"probe-failed", "probe-tls-failed"}, "465 speaks plaintext here (STARTTLS), not implicit TLS"},
		{"TLS on 587", ProbeFacts{Host: "h", Port: 587, Mode: SecurityStartTLS, Outcome: "other-mode", Connected: true, SpokeOtherMode: true, PortSpeaks: SecurityImplicit}, []string{"probe-port-speaks-tls"}, nil, "587 speaks implicit TLS here, not plaintext/STARTTLS"},
		{"auto found implicit", with(func(f *ProbeFacts) { f.Mode, f.SpokeOtherMode, f.PortSpeaks = SecurityImplicit, true, SecurityImplicit }), []string{"probe-port-speaks-tls", "probe-works-other-mode"}, []string{"probe-works"}, ""},
		{"helo only", ProbeFacts{Host: "h", Port: 25, Mode: SecurityStartTLS, Outcome: "no-starttls", Connected: true, GreetingCode: 220, HELOOnly: true, EHLOCapable: true}, []string{"probe-helo-only", "probe-no-starttls"}, nil, ""},
		{"ehlo rejected", ProbeFacts{Host: "h", Port: 25, Outcome: "rejected", Connected: true, GreetingCode: 220, Error: "smtp: 550 no"}, []string{"probe-ehlo-rejected"}, nil, ""},
		{"no starttls 587", ProbeFacts{Host: "h", Port: 587, Mode: SecurityStartTLS, Outcome: "no-starttls", Connected: true, GreetingCode: 220, EHLOCapable: true, AuthBeforeTLS: []string{"PLAIN"}}, []string{"probe-no-starttls", "probe-auth-before-tls"}, nil, "STARTTLS not offered on h:587"},
		{"454", ProbeFacts{Host: "h", Port: 587, Mode: SecurityStartTLS, Outcome: "starttls-failed", Connected: true, GreetingCode: 220, StartTLSOffered: true, StartTLSCode: 454, StartTLSText: "4.7.0 TLS not available"}, []string{"probe-starttls-454"}, nil, ""},
		{"501", ProbeFacts{Host: "h", Port: 587, Mode: SecurityStartTLS, Outcome: "starttls-failed", Connected: true, GreetingCode: 220, StartTLSOffered: true, StartTLSCode: 501}, []string{"probe-starttls-refused"}, nil, ""},
		{"tls failed", ProbeFacts{Host: "h", Port: 465, Mode: SecurityImplicit, Outcome: "tls-failed", Connected: true, TLSError: "remote error: tls: handshake failure"}, []string{"probe-tls-failed"}, nil, ""},
		{"wrong name", with(func(f *ProbeFacts) {
			f.TLSVerified, f.HostnameMatch = false, false
			f.HostnameError = "x509: certificate is valid for mx.other.com, not smtp.example.com"
			f.VerifyError = f.HostnameError
		}), []string{"probe-cert-name"}, []string{"probe-works"}, "The certificate on smtp.example.com:587 does not name smtp.example.com"},
		{"untrusted", with(func(f *ProbeFacts) {
			f.TLSVerified, f.ChainVerified = false, false
			f.VerifyError = "x509: certificate signed by unknown authority"
		}), []string{"probe-cert-untrusted"}, []string{"probe-works"}, ""},
		{"expired", with(func(f *ProbeFacts) {
			f.TLSVerified, f.ChainVerified = false, false
			f.VerifyError = "x509: certificate has expired or is not yet valid: current time ... is after ..."
		}), []string{"probe-cert-expired"}, []string{"probe-cert-untrusted"}, ""},
		{"bad certificate on 25 is a warning", with(func(f *ProbeFacts) {
			f.Port, f.TLSVerified, f.ChainVerified = 25, false, false
			f.VerifyError = "x509: certificate signed by unknown authority"
		}), []string{"probe-cert-untrusted"}, nil, ""},
		{"weak key", with(func(f *ProbeFacts) {
			f.CertProblems = []CertProblem{{Reason: CertWeakKey, Text: "The certificate has a 1024-bit RSA key: clients require at least 2048 bits."}}
		}), []string{"probe-cert-weak", "probe-works"}, nil, ""},
		{"old session", with(func(f *ProbeFacts) { f.TLSVersion = "TLS 1.0" }), []string{"probe-tls-version-old"}, nil, ""},
		{"old accepted", with(func(f *ProbeFacts) { f.OldTLSAccepted, f.OldTLSVersions = true, []string{"TLS 1.0", "TLS 1.1"} }), []string{"probe-old-tls-accepted", "probe-works"}, nil, ""},
		{"no auth on 587", with(func(f *ProbeFacts) { f.AuthAfterTLS = nil }), []string{"probe-no-auth"}, nil, ""},
		{"no auth on 25 is normal", with(func(f *ProbeFacts) { f.Port, f.AuthAfterTLS = 25, nil }), nil, []string{"probe-no-auth"}, ""},
		{"auth before tls on implicit is moot", with(func(f *ProbeFacts) { f.Mode, f.AuthBeforeTLS = SecurityImplicit, []string{"PLAIN"} }), nil, []string{"probe-auth-before-tls"}, ""},
		{"dane match", with(func(f *ProbeFacts) {
			f.DANEPresent, f.DANEUsable, f.DANEMatch, f.DANEDetail = true, true, true, "DANE-EE record (3 1 1) matches"
		}), []string{"probe-dane-match"}, nil, ""},
		{"dane mismatch", with(func(f *ProbeFacts) { f.DANEPresent, f.DANEUsable = true, true }), []string{"probe-dane-mismatch"}, nil, ""},
		{"dane unusable", with(func(f *ProbeFacts) { f.DANEPresent = true }), []string{"probe-dane-unusable"}, nil, ""},
		{"no dane, no dane finding", ok, nil, []string{"probe-dane-match", "probe-dane-mismatch", "probe-dane-unusable"}, ""},
		{"other failure", ProbeFacts{Host: "h", Port: 25, Outcome: "error", Connected: true, GreetingCode: 220, Error: "probe: too many lines in one reply"}, []string{"probe-failed"}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ProbeFindings(tc.facts)
			ids := map[string]bool{}
			for _, f := range got {
				if ids[f.ID] {
					t.Errorf("duplicate %s", f.ID)
				}
				ids[f.ID] = true
				if f.Title == "" || f.Detail == "" || len(f.Refs) == 0 || f.Severity == "" {
					t.Errorf("incomplete finding %+v", f)
				}
				if strings.Contains(f.Title, "\n") {
					t.Errorf("multi-line title %q", f.Title)
				}
			}
			for _, id := range tc.want {
				if !ids[id] {
					t.Errorf("missing %s; got %v", id, keys(ids))
				}
				probeTriggered[id] = true
			}
			for _, id := range tc.not {
				if ids[id] {
					t.Errorf("unexpected %s", id)
				}
			}
			if tc.facts.From != "" && !strings.Contains(got[0].Detail, tc.facts.From) {
				t.Errorf("detail does not say where the probe ran from: %q", got[0].Detail)
			}
			if tc.facts.Port == 25 {
				for _, f := range got {
					if strings.HasPrefix(f.ID, "probe-cert-") && f.Severity != SeverityWarning {
						t.Errorf("%s on port 25 is %s", f.ID, f.Severity)
					}
				}
			}
			if tc.title != "" && (len(got) == 0 || got[0].Title != tc.title) {
				t.Errorf("first title %q, want %q", got[0].Title, tc.title)
			}
		})
	}
	for _, info := range KnownProbeFindings() {
		if !probeTriggered[info.ID] {
			t.Errorf("catalogued finding %s has no trigger case", info.ID)
		}
	}
}

var probeTriggered = map[string]bool{}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Every ID ProbeFindings can emit is catalogued (the catalogue feeds the docs).
func TestProbeFindingsCatalogued(t *testing.T) {
	known := map[string]bool{}
	for _, info := range KnownProbeFindings() {
		if known[info.ID] {
			t.Errorf("duplicate catalogue entry %s", info.ID)
		}
		known[info.ID] = true
	}
	for id := range probeTriggered {
		if !known[id] {
			t.Errorf("%s is not catalogued", id)
		}
	}
}

// In a whole-domain check a closed alternate port is a note and a closed
// 465 beside a working 587 too; the port asked for keeps its error.
func TestProbeFindingsRole(t *testing.T) {
	refused := func(port int, role ProbeRole) ProbeFacts {
		return ProbeFacts{Host: "smtp.example.com", Port: port, Outcome: "refused", ConnectError: "refused", Role: role}
	}
	untrusted := ProbeFacts{Host: "smtp.example.com", Port: 2525, Mode: SecurityStartTLS, Outcome: "ok", Connected: true, GreetingCode: 220,
		EHLOCapable: true, StartTLSOffered: true, TLSDone: true, TLSVersion: "TLS 1.3", VerifyError: "x509: certificate signed by unknown authority",
		HostnameMatch: true, AuthAfterTLS: []string{"PLAIN"}, Role: ProbeFallback}
	for _, tc := range []struct {
		name  string
		facts ProbeFacts
		id    string
		want  Severity
		extra string // in the detail
	}{
		{"asked 2525 refused stays an error", refused(2525, ProbeAsked), "probe-refused", SeverityError, ""},
		{"fallback 2525 refused is info", refused(2525, ProbeFallback), "probe-refused", SeverityInfo, "unofficial alternate"},
		{"fallback 2587 filtered is info", ProbeFacts{Host: "h", Port: 2587, Outcome: "timeout", Role: ProbeFallback}, "probe-filtered", SeverityInfo, "587"},
		{"fallback with a bad certificate is a warning", untrusted, "probe-cert-untrusted", SeverityWarning, "unofficial alternate"},
		{"spare 465 refused is info", refused(465, ProbeSpare), "probe-refused", SeverityInfo, "Another submission port works"},
		{"spare MX refused on 25 is a warning", refused(25, ProbeSpare), "probe-refused", SeverityWarning, "Another MX host"},
		{"asked 587 refused stays an error", refused(587, ProbeAsked), "probe-refused", SeverityError, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *Finding
			for _, f := range ProbeFindings(tc.facts) {
				if f.ID == tc.id {
					got = &f
				}
				if tc.facts.Role != ProbeAsked && f.Severity == SeverityError {
					t.Errorf("%s is still an error in role %q", f.ID, tc.facts.Role)
				}
			}
			if got == nil {
				t.Fatalf("no %s", tc.id)
			}
			if got.Severity != tc.want {
				t.Errorf("%s: %s, want %s", tc.id, got.Severity, tc.want)
			}
			if !strings.Contains(got.Detail, tc.extra) {
				t.Errorf("detail %q does not say %q", got.Detail, tc.extra)
			}
		})
	}
	if !IsFallbackPort(2525) || !IsFallbackPort(2465) || !IsFallbackPort(2587) || IsFallbackPort(587) || IsFallbackPort(465) || IsFallbackPort(25) {
		t.Error("IsFallbackPort")
	}
	// The input slice is not changed.
	in := ProbeFindings(refused(587, ProbeAsked))
	_ = WeighProbeFindings(in, 587, ProbeSpare)
	if in[0].Severity != SeverityError || strings.Contains(in[0].Detail, "Another") {
		t.Error("WeighProbeFindings changed its input")
	}
}

// TestProbeFixesByContext: fix texts follow the probe's mode, the port's
// role and the server software its greeting names (issue 9).
func TestProbeFixesByContext(t *testing.T) {
	fix := func(f ProbeFacts, id string) string {
		for _, x := range ProbeFindings(f) {
			if x.ID == id {
				return x.Fix
			}
		}
		t.Fatalf("no %s in %+v", id, ProbeFindings(f))
		return ""
	}
	old := func(greeting string) ProbeFacts {
		return ProbeFacts{Host: "mx.example.com", Port: 587, Mode: SecurityStartTLS, Outcome: "ok", Connected: true, GreetingCode: 220, GreetingText: greeting,
			EHLOCapable: true, StartTLSOffered: true, TLSDone: true, TLSVersion: "TLS 1.3", TLSVerified: true, ChainVerified: true, HostnameMatch: true,
			AuthAfterTLS: []string{"PLAIN"}, OldTLSAccepted: true, OldTLSVersions: []string{"TLS 1.0"}}
	}
	if f := fix(old("mx.example.com ESMTP Exim 4.97"), "probe-old-tls-accepted"); strings.Contains(f, "smtpd_") || !strings.Contains(f, "openssl_options") {
		t.Errorf("Exim server, fix %q", f)
	}
	if f := fix(old("mx.example.com ESMTP Postfix (Debian)"), "probe-old-tls-accepted"); !strings.Contains(f, "smtpd_tls_protocols") || strings.Contains(f, "openssl_options") {
		t.Errorf("Postfix server, fix %q", f)
	}
	if f := fix(old("mx.example.com ESMTP ready"), "probe-old-tls-accepted"); strings.Contains(f, "smtpd_") || strings.Contains(f, "openssl_options") {
		t.Errorf("unnamed server, fix %q", f)
	}
	failed := ProbeFacts{Host: "mx.example.com", Port: 587, Mode: SecurityStartTLS, Outcome: "tls-failed", Connected: true, TLSError: "remote error: tls: handshake failure"}
	if f := fix(failed, "probe-tls-failed"); strings.Contains(f, "use STARTTLS") || strings.Contains(f, "try STARTTLS") {
		t.Errorf("STARTTLS probe told to try STARTTLS: %q", f)
	}
	failed.Mode, failed.Port = SecurityImplicit, 465
	if f := fix(failed, "probe-tls-failed"); !strings.Contains(f, "STARTTLS") {
		t.Errorf("implicit probe, fix %q", f)
	}
	for _, outcome := range []string{"refused", "timeout"} {
		mx := ProbeFacts{Host: "mx.example.com", Port: 25, Mode: SecurityStartTLS, Outcome: outcome}
		for _, x := range ProbeFindings(mx) {
			if strings.Contains(x.Fix, "587") || strings.Contains(x.Fix, "465") {
				t.Errorf("receiving MX on 25 (%s) told to try %q", outcome, x.Fix)
			}
		}
	}
}
