package rules

import (
	"strings"
	"testing"
)

func TestDomainFindings(t *testing.T) {
	// A healthy domain: two MX hosts, MTA-STS enforce covering both, one
	// TLS-RPT and SPF record, DMARC, submission from signed SRV records.
	ok := DomainFacts{Domain: "example.com", MXStatus: MXStatusFound, MXDNSSEC: true,
		MXHosts:       []MXHostFacts{{Host: "mx1.example.com", Preference: 10}, {Host: "mx2.example.com", Preference: 20}},
		MTASTSRecords: 1, MTASTSPolicyFetched: true, MTASTSMode: "enforce", MTASTSMaxAge: 604800,
		TLSRPTRecords: 1, SPFRecords: 1, DMARCPresent: true, DMARCPolicy: "reject",
		SubmissionSearched: true, SubmissionFound: true}
	with := func(change func(*DomainFacts)) DomainFacts {
		f := ok
		f.MXHosts = append([]MXHostFacts(nil), ok.MXHosts...)
		change(&f)
		return f
	}
	for _, tc := range []struct {
		name string
		in   DomainFacts
		want map[string]Severity // id -> severity
		not  []string
	}{
		{"healthy", ok, map[string]Severity{"mta-sts-enforced": SeverityOK},
			[]string{"domain-nxdomain", "domain-null-mx", "domain-no-mx-implicit", "mx-target-cname", "mta-sts-mx-not-covered",
				"mta-sts-testing-mode", "tls-rpt-multiple", "spf-multiple", "dane-without-dnssec", "submission-guessed", "submission-not-found",
				"mx-target-ip-literal", "mx-target-lookup-failed", "mta-sts-mode-none", "submission-srv-not-offered", "submission-srv-unauthenticated"}},
		{"nothing looked up", DomainFacts{Domain: "example.com"}, nil, []string{"domain-mx-lookup-failed", "submission-not-found"}},
		{"nxdomain", DomainFacts{Domain: "exmaple.com", MXStatus: MXStatusNXDomain}, map[string]Severity{"domain-nxdomain": SeverityError}, nil},
		{"no mail", DomainFacts{Domain: "example.com", MXStatus: MXStatusNone}, map[string]Severity{"domain-no-mail": SeverityWarning}, []string{"domain-nxdomain"}},
		{"null mx", DomainFacts{Domain: "example.com", MXStatus: MXStatusNull}, map[string]Severity{"domain-null-mx": SeverityInfo}, []string{"domain-no-mail"}},
		{"implicit mx is not an error", DomainFacts{Domain: "example.com", MXStatus: MXStatusImplicit, MXHosts: []MXHostFacts{{Host: "example.com"}}},
			map[string]Severity{"domain-no-mx-implicit": SeverityInfo}, nil},
		{"mx look-up failed", DomainFacts{Domain: "example.com", MXStatus: MXStatusError, MXError: "SERVFAIL"}, map[string]Severity{"domain-mx-lookup-failed": SeverityWarning}, nil},
		{"null mx mixed", with(func(f *DomainFacts) { f.NullMXMixed = true }), map[string]Severity{"domain-null-mx-mixed": SeverityWarning}, []string{"domain-null-mx"}},
		{"null mx mixed, said only with other MX", DomainFacts{MXStatus: MXStatusNull, NullMXMixed: true}, nil, []string{"domain-null-mx-mixed"}},
		{"cname target", with(func(f *DomainFacts) { f.MXHosts[0].CNAME = "mail.hoster.example" }), map[string]Severity{"mx-target-cname": SeverityWarning}, []string{"mx-target-missing"}},
		{"ip literal, only MX", DomainFacts{Domain: "example.com", MXStatus: MXStatusFound, MXHosts: []MXHostFacts{{Host: "192.0.2.1", IPLiteral: true}}},
			map[string]Severity{"mx-target-ip-literal": SeverityError}, []string{"mx-target-cname", "mx-target-no-address"}},
		{"missing target, another MX works", with(func(f *DomainFacts) { f.MXHosts[1].Missing = true }), map[string]Severity{"mx-target-missing": SeverityWarning}, nil},
		{"missing target, only MX", DomainFacts{MXStatus: MXStatusFound, MXHosts: []MXHostFacts{{Host: "mx.gone.example", Missing: true}}},
			map[string]Severity{"mx-target-missing": SeverityError}, nil},
		{"no address", with(func(f *DomainFacts) { f.MXHosts[0].NoAddress = true; f.MXHosts[1].NoAddress = true }), map[string]Severity{"mx-target-no-address": SeverityError}, nil},
		{"target look-up failed", with(func(f *DomainFacts) { f.MXHosts[0].LookupError = "SERVFAIL" }), map[string]Severity{"mx-target-lookup-failed": SeverityWarning}, []string{"mx-target-missing"}},
		{"target problems need MX status mx", DomainFacts{MXStatus: MXStatusImplicit, MXHosts: []MXHostFacts{{Host: "example.com", CNAME: "x.example"}}}, nil, []string{"mx-target-cname"}},
		{"mta-sts record invalid", with(func(f *DomainFacts) { f.MTASTSRecordError = "no id=" }), map[string]Severity{"mta-sts-record-invalid": SeverityWarning}, []string{"mta-sts-enforced", "mta-sts-policy-unreachable"}},
		{"mta-sts policy unreachable", with(func(f *DomainFacts) {
			f.MTASTSPolicyFetched, f.MTASTSMode, f.MTASTSPolicyError = false, "", "x509: certificate signed by unknown authority"
		}),
			map[string]Severity{"mta-sts-policy-unreachable": SeverityWarning}, []string{"mta-sts-enforced"}},
		{"no mta-sts at all", with(func(f *DomainFacts) { f.MTASTSRecords, f.MTASTSPolicyFetched, f.MTASTSMode = 0, false, "" }), nil,
			[]string{"mta-sts-policy-unreachable", "mta-sts-enforced", "mta-sts-record-invalid"}},
		{"two mta-sts records: the lookup says it; no policy finding", with(func(f *DomainFacts) { f.MTASTSRecords = 2 }), nil, []string{"mta-sts-enforced", "mta-sts-policy-unreachable"}},
		{"testing mode", with(func(f *DomainFacts) { f.MTASTSMode = "testing" }), map[string]Severity{"mta-sts-testing-mode": SeverityInfo}, []string{"mta-sts-enforced"}},
		{"mode none", with(func(f *DomainFacts) {
			f.MTASTSMode, f.MTASTSMissed, f.MTASTSMaxAge = "none", []string{"mx2.example.com"}, 60
		}),
			map[string]Severity{"mta-sts-mode-none": SeverityInfo}, []string{"mta-sts-mx-not-covered", "mta-sts-max-age-short"}},
		{"mx not covered, enforce", with(func(f *DomainFacts) { f.MTASTSMissed = []string{"mx2.example.com"} }), map[string]Severity{"mta-sts-mx-not-covered": SeverityError}, []string{"mta-sts-enforced"}},
		{"mx not covered, testing", with(func(f *DomainFacts) { f.MTASTSMode, f.MTASTSMissed = "testing", []string{"mx2.example.com"} }),
			map[string]Severity{"mta-sts-mx-not-covered": SeverityWarning, "mta-sts-testing-mode": SeverityInfo}, nil},
		{"max_age short", with(func(f *DomainFacts) { f.MTASTSMaxAge = 3600 }), map[string]Severity{"mta-sts-max-age-short": SeverityWarning}, nil},
		{"max_age a day is fine", with(func(f *DomainFacts) { f.MTASTSMaxAge = 86400 }), nil, []string{"mta-sts-max-age-short"}},
		{"tls-rpt twice", with(func(f *DomainFacts) { f.TLSRPTRecords = 2 }), map[string]Severity{"tls-rpt-multiple": SeverityWarning}, []string{"tls-rpt-invalid"}},
		{"tls-rpt invalid", with(func(f *DomainFacts) { f.TLSRPTError = "rua missing" }), map[string]Severity{"tls-rpt-invalid": SeverityWarning}, []string{"tls-rpt-multiple"}},
		{"no tls-rpt is no finding", with(func(f *DomainFacts) { f.TLSRPTRecords = 0 }), nil, []string{"tls-rpt-multiple", "tls-rpt-invalid"}},
		{"spf twice", with(func(f *DomainFacts) { f.SPFRecords = 2 }), map[string]Severity{"spf-multiple": SeverityWarning}, nil},
		{"tlsa without dnssec", with(func(f *DomainFacts) { f.MXHosts[0].TLSA = 2 }), map[string]Severity{"dane-without-dnssec": SeverityWarning}, nil},
		{"tlsa signed, mx answer not", with(func(f *DomainFacts) { f.MXDNSSEC = false; f.MXHosts[0].TLSA, f.MXHosts[0].TLSADNSSEC = 1, true }),
			map[string]Severity{"dane-without-dnssec": SeverityWarning}, nil},
		{"tlsa and mx signed", with(func(f *DomainFacts) { f.MXHosts[0].TLSA, f.MXHosts[0].TLSADNSSEC = 1, true }), nil, []string{"dane-without-dnssec"}},
		{"srv not offered", with(func(f *DomainFacts) { f.SubmissionNotOffered = []string{"_submissions._tcp.example.com"} }),
			map[string]Severity{"submission-srv-not-offered": SeverityInfo}, nil},
		{"srv without dnssec", with(func(f *DomainFacts) { f.SubmissionSRVInsecure = []string{"smtp.example.com"} }),
			map[string]Severity{"submission-srv-unauthenticated": SeverityInfo}, []string{"submission-guessed"}},
		{"guessed", with(func(f *DomainFacts) { f.SubmissionGuessed = []string{"smtp.example.com", "mail.example.com"} }),
			map[string]Severity{"submission-guessed": SeverityInfo}, []string{"submission-not-found"}},
		{"not found", with(func(f *DomainFacts) { f.SubmissionFound = false }), map[string]Severity{"submission-not-found": SeverityInfo}, []string{"submission-guessed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DomainFindings(tc.in)
			ids := map[string]Severity{}
			titles := map[string]bool{}
			last := -1
			rank := map[Severity]int{SeverityError: 0, SeverityWarning: 1, SeverityInfo: 2, SeverityOK: 3}
			for _, f := range got {
				if titles[f.ID+f.Title] { // one per host: the titles differ
					t.Errorf("duplicate %s", f.ID)
				}
				titles[f.ID+f.Title] = true
				ids[f.ID] = f.Severity
				if f.Title == "" || f.Detail == "" || len(f.Refs) == 0 || f.Severity == "" {
					t.Errorf("incomplete finding %+v", f)
				}
				if f.Severity != SeverityOK && f.Fix == "" {
					t.Errorf("%s has no fix", f.ID)
				}
				if strings.Contains(f.Title, "\n") {
					t.Errorf("multi-line title %q", f.Title)
				}
				if rank[f.Severity] < last {
					t.Errorf("not worst first: %s (%s) after a milder finding", f.ID, f.Severity)
				}
				last = rank[f.Severity]
			}
			for id, sev := range tc.want {
				if ids[id] != sev {
					t.Errorf("%s: severity %q, want %q; got %v", id, ids[id], sev, ids)
				}
				domainTriggered[id] = true
			}
			for _, id := range tc.not {
				if _, ok := ids[id]; ok {
					t.Errorf("unexpected %s", id)
				}
				domainSpared[id] = true
			}
		})
	}
	for _, info := range KnownDomainFindings() {
		if !domainTriggered[info.ID] {
			t.Errorf("catalogued finding %s has no trigger case", info.ID)
		}
		if !domainSpared[info.ID] {
			t.Errorf("catalogued finding %s has no must-not case", info.ID)
		}
	}
}

var domainTriggered, domainSpared = map[string]bool{}, map[string]bool{}

// Every ID DomainFindings can emit is catalogued, once, with a source.
func TestDomainFindingsCatalogued(t *testing.T) {
	known := map[string]bool{}
	for _, info := range KnownDomainFindings() {
		if known[info.ID] {
			t.Errorf("duplicate catalogue entry %s", info.ID)
		}
		known[info.ID] = true
		if info.Source == "" || info.When == "" {
			t.Errorf("%s: no source or condition", info.ID)
		}
	}
	for _, info := range KnownProbeFindings() {
		if known[info.ID] {
			t.Errorf("%s is both a probe and a domain finding", info.ID)
		}
	}
	for id := range domainTriggered {
		if !known[id] {
			t.Errorf("%s is not catalogued", id)
		}
	}
}
