package rules

// OWNER: api. Pure: no fmt, no network; it is in the browser module.

import (
	"strconv"
	"strings"
)

// MX look-up statuses, as package lookup names them (DomainFacts.MXStatus).
const (
	MXStatusFound    = "mx"       // one or more MX records
	MXStatusImplicit = "implicit" // no MX records: the domain's own A/AAAA is the MX (RFC 5321 §5.1)
	MXStatusNull     = "null"     // a sole "MX 0 .": the domain accepts no mail (RFC 7505)
	MXStatusNone     = "none"     // no MX and no A/AAAA: nowhere to deliver
	MXStatusNXDomain = "nxdomain" // the domain does not exist
	MXStatusError    = "error"    // SERVFAIL, timeout, ...
)

// MXHostFacts is what DNS said about one MX target.
type MXHostFacts struct {
	Host        string
	Preference  int
	CNAME       string // the alias the target points to, when the target is a CNAME
	IPLiteral   bool   // the target is an IP address, not a host name
	Missing     bool   // the target does not exist (NXDOMAIN)
	NoAddress   bool   // the target exists but has no A or AAAA record
	LookupError string // the A/AAAA look-up failed (SERVFAIL, timeout)
	DNSSEC      bool   // the A/AAAA answers were validated
	TLSA        int    // TLSA records at _25._tcp.<host>
	TLSADNSSEC  bool   // the TLSA answer was validated
}

// usable: a sender can reach this MX by name.
func (h MXHostFacts) usable() bool {
	return !h.IPLiteral && !h.Missing && !h.NoAddress && h.LookupError == ""
}

// DomainFacts is what the DNS and HTTPS look-ups of a whole-domain check
// found, in the engine's own terms (plain data, filled by the api from
// package lookup's results), so the browser and the server explain a domain
// with the same rules. Zero values mean "not looked up": no finding.
type DomainFacts struct {
	Domain string

	MXStatus    string // MXStatus* above; "" when the look-up did not finish
	MXError     string
	MXDNSSEC    bool // the MX answer was validated
	MXHosts     []MXHostFacts
	NullMXMixed bool // "MX 0 ." published together with other MX records

	MTASTSRecords       int    // TXT records at _mta-sts.<domain> starting with v=STSv1
	MTASTSRecordError   string // the one record does not parse
	MTASTSPolicyFetched bool
	MTASTSPolicyError   string   // why the policy could not be fetched or parsed
	MTASTSMode          string   // enforce, testing or none
	MTASTSMaxAge        int      // seconds
	MTASTSMissed        []string // MX hosts no mx: pattern of the policy covers

	TLSRPTRecords int    // TXT records at _smtp._tls.<domain> starting with v=TLSRPTv1
	TLSRPTError   string // the one record does not parse

	SPFRecords   int // TXT records of the domain starting with v=spf1
	DMARCPresent bool
	DMARCPolicy  string // none, quarantine, reject

	// Submission discovery (RFC 6186, RFC 8314, RFC 7817).
	SubmissionNotOffered      []string // SRV names whose only target is "." (not offered)
	SubmissionSRVInsecure     []string // hosts from SRV answers that were not DNSSEC-validated
	SubmissionGuessed         []string // hosts found only by guessing (smtp.<domain>, ...)
	SubmissionSearched        bool     // discovery ran to the end
	SubmissionFound           bool     // at least one submission server was found
	SubmissionAutoconfigFound bool     // an autoconfig file listed a server (fetched over HTTPS)
}

var (
	domRefRFC5321MX    = Ref{Name: "RFC 5321 §5.1", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-5.1"}
	domRefRFC7505      = Ref{Name: "RFC 7505 §3", URL: "https://www.rfc-editor.org/rfc/rfc7505#section-3"}
	domRefRFC8461TXT   = Ref{Name: "RFC 8461 §3.1", URL: "https://www.rfc-editor.org/rfc/rfc8461#section-3.1"}
	domRefRFC8461Pol   = Ref{Name: "RFC 8461 §3.2", URL: "https://www.rfc-editor.org/rfc/rfc8461#section-3.2"}
	domRefRFC8461Fetch = Ref{Name: "RFC 8461 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8461#section-3.3"}
	domRefRFC8461MX    = Ref{Name: "RFC 8461 §4.1", URL: "https://www.rfc-editor.org/rfc/rfc8461#section-4.1"}
	domRefRFC8461Apply = Ref{Name: "RFC 8461 §5", URL: "https://www.rfc-editor.org/rfc/rfc8461#section-5"}
	domRefRFC8460      = Ref{Name: "RFC 8460 §3", URL: "https://www.rfc-editor.org/rfc/rfc8460#section-3"}
	domRefRFC7672      = Ref{Name: "RFC 7672 §2.2", URL: "https://www.rfc-editor.org/rfc/rfc7672#section-2.2"}
	domRefRFC7817      = Ref{Name: "RFC 7817 §3", URL: "https://www.rfc-editor.org/rfc/rfc7817#section-3"}
	domRefRFC6186      = Ref{Name: "RFC 6186", URL: "https://www.rfc-editor.org/rfc/rfc6186"}
	domRefRFC8314SRV   = Ref{Name: "RFC 8314 §5.1", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-5.1"}
	domRefRFC7208      = Ref{Name: "RFC 7208 §4.5", URL: "https://www.rfc-editor.org/rfc/rfc7208#section-4.5"}
	domRefFacts2       = Ref{Name: "whichport FACTS §2 (protocol facts a prober must honour)"}
)

// name is the domain, or "this domain" when it is not known.
func (d DomainFacts) name() string { return orText(d.Domain, "this domain") }

// DomainFindings explains what the DNS and HTTPS look-ups of a domain found,
// in plain language, worst first. IDs are stable public API.
func DomainFindings(d DomainFacts) []Finding {
	out := []Finding{}
	add := func(x Finding) { out = append(out, x) }
	dom := d.name()

	switch d.MXStatus {
	case MXStatusNXDomain:
		add(Finding{ID: "domain-nxdomain", Severity: SeverityError,
			Title:   dom + " does not exist in DNS",
			Detail:  "The DNS answered NXDOMAIN: there is no such domain, so mail to it cannot be delivered and it has no mail servers to connect to. A typo in the domain is the usual cause.",
			Fix:     "Check the spelling of the domain (the part after @ in the address).",
			Setting: "host", Refs: []Ref{domRefRFC5321MX, domRefFacts2}})
	case MXStatusNone:
		add(Finding{ID: "domain-no-mail", Severity: SeverityWarning,
			Title:  dom + " has no MX records and no address: it cannot receive mail",
			Detail: "Without MX records a sender uses the domain's own A/AAAA address (the implicit MX); " + dom + " has neither, so there is nowhere to deliver.",
			Fix:    "Publish MX records for the mail servers; if the domain should receive no mail, publish a null MX (\"MX 0 .\") to say so.",
			Refs:   []Ref{domRefRFC5321MX, domRefRFC7505}})
	case MXStatusNull:
		add(Finding{ID: "domain-null-mx", Severity: SeverityInfo,
			Title:  dom + " publishes a null MX: it accepts no mail",
			Detail: "A sole \"MX 0 .\" record (null MX) says the domain receives no mail; senders must not fall back to its A/AAAA address. This is a deliberate setting, not a fault.",
			Fix:    "Nothing to fix if the domain is not meant to receive mail; otherwise replace the null MX by MX records for the mail servers.",
			Refs:   []Ref{domRefRFC7505, domRefFacts2}})
	case MXStatusImplicit:
		add(Finding{ID: "domain-no-mx-implicit", Severity: SeverityInfo,
			Title:  dom + " has no MX records: mail goes to its own address (implicit MX)",
			Detail: "With no MX records but an A/AAAA address, senders deliver to the domain's own address on port 25. This is valid SMTP, not an error, though MX records make the intent explicit.",
			Fix:    "Nothing required; publish an MX record if a dedicated mail server should receive the mail.",
			Refs:   []Ref{domRefRFC5321MX, domRefFacts2}})
	case MXStatusError:
		add(Finding{ID: "domain-mx-lookup-failed", Severity: SeverityWarning,
			Title:  "The MX look-up of " + dom + " failed",
			Detail: "The DNS did not answer the MX question: " + orText(d.MXError, "no answer") + ". Senders asking now get the same failure.",
			Fix:    "Try again later; if it persists, the domain's DNS servers need attention.",
			Refs:   []Ref{domRefRFC5321MX}})
	}
	if d.NullMXMixed && d.MXStatus == MXStatusFound {
		add(Finding{ID: "domain-null-mx-mixed", Severity: SeverityWarning,
			Title:  dom + " mixes a null MX (\"MX 0 .\") with other MX records",
			Detail: "A null MX means \"no mail\" only when it is the sole MX record. Next to other MX records it says nothing, and senders deliver to the others.",
			Fix:    "Remove the \"MX 0 .\" record if the domain receives mail, or remove the other MX records if it does not.",
			Refs:   []Ref{domRefRFC7505}})
	}

	d.addMXHostFindings(add)
	d.addMTASTSFindings(add)

	switch {
	case d.TLSRPTRecords > 1:
		add(Finding{ID: "tls-rpt-multiple", Severity: SeverityWarning,
			Title:  dom + " publishes " + strconv.Itoa(d.TLSRPTRecords) + " TLS-RPT records; exactly one is allowed",
			Detail: "TLS-RPT (reports of TLS failures from sending servers) reads one TXT record at _smtp._tls." + dom + ". With several, senders have no reporting address to use.",
			Fix:    "Merge them into one record: v=TLSRPTv1; rua=mailto:a@example.com,mailto:b@example.com.",
			Refs:   []Ref{domRefRFC8460, domRefFacts2}})
	case d.TLSRPTRecords == 1 && d.TLSRPTError != "":
		add(Finding{ID: "tls-rpt-invalid", Severity: SeverityWarning,
			Title:  "The TLS-RPT record of " + dom + " does not parse",
			Detail: d.TLSRPTError + ". It must read v=TLSRPTv1; rua=mailto:... or rua=https://....",
			Fix:    "Rewrite it as v=TLSRPTv1; rua=mailto:tls-reports@" + dom + ".",
			Refs:   []Ref{domRefRFC8460}})
	}
	if d.SPFRecords > 1 {
		add(Finding{ID: "spf-multiple", Severity: SeverityWarning,
			Title:  dom + " publishes " + strconv.Itoa(d.SPFRecords) + " SPF records; the SPF check then fails (permerror)",
			Detail: "A domain may have one TXT record starting with v=spf1. With more than one, every receiver's SPF check ends in \"permerror\", as if the domain had a broken SPF policy.",
			Fix:    "Merge them into one v=spf1 record (combine the include: and ip4:/ip6: terms, one \"all\" at the end).",
			Refs:   []Ref{domRefRFC7208}})
	}

	d.addDANEFindings(add)
	d.addSubmissionFindings(add)
	return sortWorstFirst(out)
}

func (d DomainFacts) addMXHostFindings(add func(Finding)) {
	if d.MXStatus != MXStatusFound {
		return
	}
	usable := 0
	for _, h := range d.MXHosts {
		if h.usable() {
			usable++
		}
	}
	// A broken MX host is an error when no other host takes the mail,
	// else a warning (senders move on to the next MX).
	broken := SeverityError
	if usable > 0 {
		broken = SeverityWarning
	}
	for _, h := range d.MXHosts {
		switch {
		case h.IPLiteral:
			add(Finding{ID: "mx-target-ip-literal", Severity: broken,
				Title:  "The MX record names an IP address (" + h.Host + "), not a host name",
				Detail: "MX targets must be host names. A sender that follows the rule does not use an address here.",
				Fix:    "Give the server a host name with an A/AAAA record (mx1." + d.name() + ") and put that name in the MX record.",
				Refs:   []Ref{domRefRFC5321MX, domRefFacts2}})
		case h.Missing:
			add(Finding{ID: "mx-target-missing", Severity: broken,
				Title:  "The MX host " + h.Host + " does not exist",
				Detail: "The MX record points to a name that does not exist in DNS (NXDOMAIN), so no mail can be delivered through it.",
				Fix:    "Correct the MX record, or create the A/AAAA record of " + h.Host + ".",
				Refs:   []Ref{domRefRFC5321MX}})
		case h.NoAddress:
			add(Finding{ID: "mx-target-no-address", Severity: broken,
				Title:  "The MX host " + h.Host + " has no address",
				Detail: "The name exists but has no A or AAAA record, so senders cannot connect to it.",
				Fix:    "Publish the A/AAAA record of " + h.Host + ", or point the MX record at the right host.",
				Refs:   []Ref{domRefRFC5321MX}})
		case h.LookupError != "":
			add(Finding{ID: "mx-target-lookup-failed", Severity: SeverityWarning,
				Title:  "The address of the MX host " + h.Host + " could not be looked up",
				Detail: "The DNS did not answer: " + h.LookupError + ". Senders asking now get the same failure.",
				Fix:    "Try again later; if it persists, the DNS servers of " + h.Host + " need attention.",
				Refs:   []Ref{domRefRFC5321MX}})
		}
		if h.CNAME != "" && !h.IPLiteral {
			add(Finding{ID: "mx-target-cname", Severity: SeverityWarning,
				Title:  "The MX host " + h.Host + " is an alias (CNAME) of " + h.CNAME,
				Detail: "MX targets must be host names, not CNAMEs.",
				Fix:    "Put " + h.CNAME + " (the name the alias points to) in the MX record.",
				Refs:   []Ref{domRefRFC5321MX, domRefFacts2}})
		}
	}
}

func (d DomainFacts) addMTASTSFindings(add func(Finding)) {
	dom := d.name()
	if d.MTASTSRecords == 0 {
		return
	}
	if d.MTASTSRecords == 1 && d.MTASTSRecordError != "" {
		add(Finding{ID: "mta-sts-record-invalid", Severity: SeverityWarning,
			Title:  "The MTA-STS record of " + dom + " does not parse",
			Detail: d.MTASTSRecordError + ". The TXT record at _mta-sts." + dom + " must read v=STSv1; id=<a new value on every policy change>.",
			Fix:    "Rewrite it as v=STSv1; id=20260101T000000 (change id whenever the policy changes).",
			Refs:   []Ref{domRefRFC8461TXT, domRefFacts2}})
		return
	}
	if d.MTASTSRecords != 1 {
		return
	}
	if !d.MTASTSPolicyFetched {
		add(Finding{ID: "mta-sts-policy-unreachable", Severity: SeverityWarning,
			Title:  "MTA-STS is announced, but its policy could not be fetched",
			Detail: "The TXT record says " + dom + " has an MTA-STS policy, but https://mta-sts." + dom + "/.well-known/mta-sts.txt could not be used: " + orText(d.MTASTSPolicyError, "no answer") + ". The policy host needs a certificate valid for mta-sts." + dom + " and must serve the file (at most 64 KB) with status 200. Senders that cannot read the policy cannot apply it.",
			Fix:    "Serve the policy at https://mta-sts." + dom + "/.well-known/mta-sts.txt with a valid certificate.",
			Refs:   []Ref{domRefRFC8461Fetch, domRefFacts2}})
		return
	}
	switch d.MTASTSMode {
	case "testing":
		add(Finding{ID: "mta-sts-testing-mode", Severity: SeverityInfo,
			Title:  "MTA-STS is in testing mode: published, not enforced",
			Detail: "In testing mode senders still deliver when TLS to the MX fails and only report it (TLS-RPT); in enforce mode they refuse to deliver over a connection that fails the policy.",
			Fix:    "Once the TLS-RPT reports show no failures, switch the policy to mode: enforce (and change the id in the TXT record).",
			Refs:   []Ref{domRefRFC8461Apply, domRefFacts2}})
	case "none":
		add(Finding{ID: "mta-sts-mode-none", Severity: SeverityInfo,
			Title:  "MTA-STS policy in mode none: switched off",
			Detail: "Mode none tells senders to forget the policy; it is how a domain withdraws MTA-STS.",
			Fix:    "Nothing to fix if MTA-STS is being withdrawn; otherwise use mode: testing, then enforce.",
			Refs:   []Ref{domRefRFC8461Pol}})
	}
	if len(d.MTASTSMissed) > 0 && d.MTASTSMode != "none" {
		sev, effect := SeverityError, "Senders that enforce MTA-STS refuse to deliver to a host the policy does not list."
		if d.MTASTSMode == "testing" {
			sev, effect = SeverityWarning, "In testing mode senders still deliver but report a failure; once the mode is enforce, they would refuse these hosts."
		}
		add(Finding{ID: "mta-sts-mx-not-covered", Severity: sev,
			Title:  "The MTA-STS policy does not cover the MX host(s) " + strings.Join(d.MTASTSMissed, ", "),
			Detail: "No mx: line of the policy matches " + strings.Join(d.MTASTSMissed, ", ") + " (a \"*.\" pattern covers exactly one left-most label). " + effect,
			Fix:    "Add an mx: line for each MX host to the policy (mx: " + d.MTASTSMissed[0] + "), and change the id in the TXT record so senders fetch it again.",
			Refs:   []Ref{domRefRFC8461MX, domRefFacts2}})
	}
	if d.MTASTSMaxAge > 0 && d.MTASTSMaxAge < 86400 && d.MTASTSMode != "none" {
		add(Finding{ID: "mta-sts-max-age-short", Severity: SeverityWarning,
			Title:  "MTA-STS max_age is very short (" + strconv.Itoa(d.MTASTSMaxAge) + " seconds)",
			Detail: "max_age is how long senders keep the policy. A policy that expires within hours protects little between fetches; the maximum is 31557600 seconds (a year).",
			Fix:    "Use a max_age of weeks, e.g. max_age: 1209600 (two weeks), once the policy works.",
			Refs:   []Ref{domRefRFC8461Pol, domRefFacts2}})
	}
	if d.MTASTSMode == "enforce" && len(d.MTASTSMissed) == 0 {
		add(Finding{ID: "mta-sts-enforced", Severity: SeverityOK,
			Title:  "MTA-STS enforced, covering every MX host",
			Detail: "Senders that support MTA-STS deliver to " + dom + " only over TLS with a valid certificate.",
			Refs:   []Ref{domRefRFC8461Apply}})
	}
}

func (d DomainFacts) addDANEFindings(add func(Finding)) {
	for _, h := range d.MXHosts {
		if h.TLSA == 0 {
			continue
		}
		if h.TLSADNSSEC && d.MXDNSSEC {
			continue // usable: the probe of port 25 compares it with the certificate
		}
		unsigned := "the TLSA answer"
		if h.TLSADNSSEC {
			unsigned = "the MX answer of " + d.name()
		}
		add(Finding{ID: "dane-without-dnssec", Severity: SeverityWarning,
			Title:  "DANE records for " + h.Host + " are ignored: " + unsigned + " is not DNSSEC-signed",
			Detail: "TLSA records at _25._tcp." + h.Host + " mean something only when both the MX and the TLSA answers are DNSSEC-validated; otherwise sending servers ignore them, so they give no protection.",
			Fix:    "Sign the zones with DNSSEC (the domain's and the MX host's), or remove the TLSA records.",
			Refs:   []Ref{domRefRFC7672, domRefFacts2}})
	}
}

func (d DomainFacts) addSubmissionFindings(add func(Finding)) {
	dom := d.name()
	for _, name := range d.SubmissionNotOffered {
		add(Finding{ID: "submission-srv-not-offered", Severity: SeverityInfo,
			Title:  name + " says \"not offered\" (target \".\")",
			Detail: "An SRV record with target \".\" tells mail clients that the domain does not offer this service. It is a deliberate answer, not an error.",
			Fix:    "Nothing to fix; use the submission host your provider documents.",
			Refs:   []Ref{domRefRFC6186, domRefFacts2}})
	}
	if len(d.SubmissionSRVInsecure) > 0 {
		add(Finding{ID: "submission-srv-unauthenticated", Severity: SeverityInfo,
			Title:  "The submission host " + strings.Join(d.SubmissionSRVInsecure, ", ") + " comes from SRV records without DNSSEC",
			Detail: "A host name learned from DNS without DNSSEC is not authenticated: the certificate must match the host name you configure, not a name a DNS answer supplied.",
			Fix:    "Configure the host name your provider documents, and check the certificate matches it.",
			Refs:   []Ref{domRefRFC7817, domRefRFC8314SRV}})
	}
	if len(d.SubmissionGuessed) > 0 {
		add(Finding{ID: "submission-guessed", Severity: SeverityInfo,
			Title:  "The submission host " + d.SubmissionGuessed[0] + " was guessed, not published",
			Detail: dom + " publishes no submission SRV records (_submissions._tcp, _submission._tcp) and no autoconfig file, so whichport tried common names (" + strings.Join(d.SubmissionGuessed, ", ") + "). A guessed name is not authenticated: it may not be the provider's submission server, and its certificate need not match.",
			Fix:    "Type the submission host your provider documents; the domain's operator can publish _submissions._tcp." + dom + " and _submission._tcp." + dom + " SRV records.",
			Refs:   []Ref{domRefRFC7817, domRefRFC6186, domRefRFC8314SRV}})
	}
	if d.SubmissionSearched && !d.SubmissionFound {
		add(Finding{ID: "submission-not-found", Severity: SeverityInfo,
			Title:  "No submission server found for " + dom,
			Detail: "No SRV records, no autoconfig file, and none of the usual names (smtp." + dom + ", mail." + dom + ") resolves. The domain may receive mail only, or its mail is sent through a provider under another name.",
			Fix:    "Use the submission host your mail provider documents (whichport's provider list has the common ones).",
			Refs:   []Ref{domRefRFC6186, domRefRFC8314SRV}})
	}
}

// domainFindingCatalog lists every finding ID DomainFindings can produce.
var domainFindingCatalog = []FindingInfo{
	{"domain-nxdomain", SeverityError, "the domain does not exist (NXDOMAIN): no mail", "RFC 5321 §5.1; FACTS §2 (RFC 5321)"},
	{"domain-no-mail", SeverityWarning, "no MX records and no A/AAAA: nowhere to deliver", "RFC 5321 §5.1; RFC 7505"},
	{"domain-null-mx", SeverityInfo, "a sole MX 0 . (null MX): the domain accepts no mail, deliberately", "RFC 7505; FACTS §2 (RFC 7505)"},
	{"domain-no-mx-implicit", SeverityInfo, "no MX records (NODATA) but an address: the implicit MX, valid SMTP", "RFC 5321 §5.1; FACTS §2 (RFC 5321)"},
	{"domain-mx-lookup-failed", SeverityWarning, "the MX query failed (SERVFAIL, timeout)", "RFC 5321 §5.1"},
	{"domain-null-mx-mixed", SeverityWarning, "MX 0 . published together with other MX records", "RFC 7505 §3"},
	{"mx-target-ip-literal", SeverityError, "an MX target is an IP address (warning when another MX host is usable)", "RFC 5321 §5.1; FACTS §2 (RFC 5321)"},
	{"mx-target-missing", SeverityError, "an MX target does not exist (warning when another MX host is usable)", "RFC 5321 §5.1"},
	{"mx-target-no-address", SeverityError, "an MX target has no A/AAAA (warning when another MX host is usable)", "RFC 5321 §5.1"},
	{"mx-target-lookup-failed", SeverityWarning, "the A/AAAA look-up of an MX target failed", "RFC 5321 §5.1"},
	{"mx-target-cname", SeverityWarning, "an MX target is a CNAME", "RFC 5321 §5.1; FACTS §2 (RFC 5321)"},
	{"mta-sts-record-invalid", SeverityWarning, "the one v=STSv1 TXT record does not parse", "RFC 8461 §3.1; FACTS §2 (RFC 8461)"},
	{"mta-sts-policy-unreachable", SeverityWarning, "the TXT record exists but the policy could not be fetched or parsed", "RFC 8461 §3.3; FACTS §2 (RFC 8461)"},
	{"mta-sts-testing-mode", SeverityInfo, "the policy is in mode testing", "RFC 8461 §5; FACTS §2 (RFC 8461)"},
	{"mta-sts-mode-none", SeverityInfo, "the policy is in mode none", "RFC 8461 §3.2"},
	{"mta-sts-mx-not-covered", SeverityError, "an MX host matches no mx: pattern (warning in testing mode)", "RFC 8461 §4.1; FACTS §2 (RFC 8461)"},
	{"mta-sts-max-age-short", SeverityWarning, "max_age under a day", "RFC 8461 §3.2; FACTS §2 (RFC 8461: very short max_age)"},
	{"mta-sts-enforced", SeverityOK, "mode enforce and every MX host covered", "RFC 8461 §5"},
	{"tls-rpt-multiple", SeverityWarning, "more than one v=TLSRPTv1 record", "RFC 8460 §3; FACTS §2 (RFC 8460)"},
	{"tls-rpt-invalid", SeverityWarning, "the one v=TLSRPTv1 record does not parse", "RFC 8460 §3"},
	{"spf-multiple", SeverityWarning, "more than one v=spf1 record: permerror", "RFC 7208 §4.5"},
	{"dane-without-dnssec", SeverityWarning, "TLSA records for an MX host, but the TLSA or MX answer is not DNSSEC-validated: ignored", "RFC 7672 §2.2; FACTS §2 (RFC 7672)"},
	{"submission-srv-not-offered", SeverityInfo, "a submission SRV record with target . (not offered): fine", "RFC 6186; FACTS §2 (RFC 6186)"},
	{"submission-srv-unauthenticated", SeverityInfo, "submission hosts from SRV answers without DNSSEC", "RFC 7817 §3; RFC 8314"},
	{"submission-guessed", SeverityInfo, "the submission host was found only by guessing common names", "RFC 7817 §3; RFC 6186; FACTS §2 (RFC 7817)"},
	{"submission-not-found", SeverityInfo, "no SRV, no autoconfig and no guessed name resolves", "RFC 6186; RFC 8314"},
}

// KnownDomainFindings lists every finding ID DomainFindings can produce,
// with its usual severity, when it fires and its source.
func KnownDomainFindings() []FindingInfo {
	return append([]FindingInfo(nil), domainFindingCatalog...)
}
