package rules

import (
	"slices"
	"strconv"
	"strings"
)

// Explain checks one person's settings and says what will happen and why.
func Explain(s Settings) Report { return explain(s, nil) }

// ExplainAgainst checks a visitor's settings against a provider preset given
// by an embedding page (Name, Hosts, Ports; ID optional, Source not needed).
// A host other than the preset's, or a port/TLS pair the preset does not
// list, is an error; the preset's first pair is recommended. When the
// preset's ID is a known provider, that provider's credential rules apply
// too.
func ExplainAgainst(s Settings, p Provider) Report { return explain(s, &p) }

// explainer holds one run of the engine.
type explainer struct {
	s        Settings
	hr       hostReading
	rule     *providerRule // the provider whose rules apply: preset, given, detected or suggested
	preset   bool          // rule came from ExplainAgainst
	local    bool          // the host is this machine (localhost, loopback): nothing outbound to block
	bridge   bool          // Proton Mail Bridge on this machine
	localMTA bool          // a mail server on this machine (localhost, not a bridge): no network path to protect
	recHost  string        // the host to recommend
	lib      Library       // library for option names (mail-client when use says so)
	creds    bool          // some credential is used
	expected Security      // the TLS mode the port expects, "" when unknown
	dropped  []int         // ports left out of the recommendation because the environment blocks them
	rec      Choice
	alts     []Choice
	findings []Finding
}

func explain(in Settings, preset *Provider) Report {
	e := &explainer{}
	e.normalise(in)
	e.chooseProvider(preset)
	e.checkHost()
	e.recommend()
	e.checkPort()
	e.checkCredentials()
	e.checkProvider()
	e.checkEnvironment()
	e.checkLibrary()
	return e.report()
}

func (e *explainer) has(id string) bool {
	for _, f := range e.findings {
		if f.ID == id {
			return true
		}
	}
	return false
}

// normalise lowercases and trims every value, reads the host field and maps
// unknown closed-list values to "not given" with a finding.
func (e *explainer) normalise(in Settings) {
	s := in
	e.hr = cleanHost(in.Host)
	s.Host = e.hr.host
	if s.Port == 0 && e.hr.port > 0 {
		s.Port = e.hr.port
	}
	s.Username = TrimSpace(s.Username)
	s.Provider = lowerTrim(s.Provider)

	for _, f := range [...]struct {
		setting string
		v       *string
		valid   func(string) bool
	}{
		{"security", (*string)(&s.Security), ValidSecurity},
		{"auth", (*string)(&s.Auth), ValidAuth},
		{"use", (*string)(&s.Use), ValidUse},
		{"library", (*string)(&s.Library), ValidLibrary},
		{"environment", (*string)(&s.Environment), ValidEnvironment},
	} {
		*f.v = e.closed(f.setting, *f.v, f.valid)
	}
	if s.Environment == "" {
		s.Environment = EnvUnknown
	}
	e.s = s
	e.lib = s.Library
	if e.lib == LibUnset && s.Use == UseMailClient {
		e.lib = LibMailClient
	}
	switch s.Auth {
	case AuthPassword, AuthAppPassword, AuthAPIKey, AuthOAuth2:
		e.creds = true
	case AuthUnset:
		e.creds = s.PasswordPresent
	}
}

// closed normalises one closed-list value; an unknown one becomes "" with
// a finding.
func (e *explainer) closed(setting, v string, valid func(string) bool) string {
	v = lowerTrim(v)
	if v == "" || valid(v) {
		return v
	}
	want := "" // ", a, b, c"
	switch setting {
	case "security":
		want = ", none, starttls, implicit"
	case "auth":
		want = ", none, password, app-password, oauth2, api-key"
	case "use":
		want = ", application, mail-client, server-relay"
	case "environment":
		for _, x := range environmentTable {
			want += ", " + string(x.ID)
		}
	case "library":
		for _, x := range libraryTable {
			want += ", " + string(x.ID)
		}
	}
	e.unknownValue(setting, v, "one of "+want[min(2, len(want)):])
	return ""
}

func (e *explainer) unknownValue(setting, value, want string) {
	e.say("setting-unknown-value", "", nil, setting, value, want)
}

func strqq(s string) string { return "\"" + s + "\"" }

// chooseProvider picks the provider whose rules apply: the embed preset, the
// one named in Settings.Provider, or the one detected from the host.
func (e *explainer) chooseProvider(preset *Provider) {
	h := e.s.Host
	e.local = isLocalHost(h)
	var r *providerRule
	if preset != nil {
		r = presetRule(preset)
		e.preset = true
	} else {
		if e.s.Provider != "" {
			if r = ruleByID(e.s.Provider); r == nil {
				e.unknownValue("provider", e.s.Provider, "a provider ID such as gmail, ses or sendgrid, or leave it empty to detect it from the host")
				e.s.Provider = ""
			}
		}
		if r == nil {
			r = ruleForHost(h)
		}
	}
	e.rule = r
	if !e.preset && e.local && (e.s.Port == 1025 || e.rule != nil && e.rule.bridge) {
		e.rule = ruleByID("proton")
		e.bridge = true
	}
	e.localMTA = e.local && !e.bridge && !e.preset && e.rule == nil
	if e.rule != nil {
		if e.rule.bridge && !e.local && !e.preset {
			e.recHost = e.rule.defaultHost()
		} else if h != "" && (e.rule.hasHost(h) || len(e.rule.Hosts) == 0) {
			e.recHost = h
		} else {
			e.recHost = e.rule.defaultHost()
		}
	} else {
		e.recHost = h
	}
}

// presetRule turns an embed preset into a rule, borrowing the credential
// rules of a known provider with the same ID.
func presetRule(p *Provider) *providerRule {
	id := lowerTrim(p.ID)
	var r providerRule // built on the stack, copied to the heap once
	if known := ruleByID(id); known != nil {
		r = *known
	}
	r.ID = id
	if p.Name != "" {
		r.Name = p.Name
	}
	if r.Name == "" {
		r.Name = "this provider"
	}
	var hosts []string
	for _, h := range p.Hosts {
		if h = normalHostName(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) > 0 {
		r.Hosts = hosts
	}
	var ports []Choice
	for _, c := range p.Ports {
		if c.Port > 0 && c.Port <= 65535 && (c.Security == SecurityStartTLS || c.Security == SecurityImplicit || c.Security == SecurityNone) {
			ports = append(ports, Choice{Port: c.Port, Security: c.Security})
		}
	}
	if len(ports) > 0 {
		r.Ports = ports
	} else if len(r.Ports) == 0 {
		r.Ports = defaultCandidates[1:3:3] // 587 with STARTTLS, 465 with implicit TLS; never written to
	}
	r.Source = Ref{Name: r.Name + " settings given by this page"}
	r.Confidence = ""
	r.lacksWhy = nil
	r.bridge = false
	out := new(providerRule)
	*out = r
	return out
}

// ---- host ----

func (e *explainer) checkHost() {
	h := e.s.Host
	hr := e.hr
	if h == "" {
		fix := "Type the SMTP server name your provider documents"
		if e.recHost != "" {
			fix = "Use "
		}
		e.sayf("host-empty", fix, e.recHost)
		return
	}
	if hr.scheme != "" || hr.hadUser || hr.hadPath {
		what := "a URL"
		if hr.scheme == "" && hr.hadUser {
			what = "a user name (user@host)"
		}
		note := ""
		switch {
		case slices.Contains([]string{"smtps", "submissions"}, hr.scheme):
			note = " In a URL, smtps:// means implicit TLS (usually port 465)."
		case slices.Contains([]string{"smtp", "submission"}, hr.scheme):
			note = " In a URL, smtp:// means STARTTLS by library convention (usually port 587)."
		}
		e.sayf("host-has-scheme", what, note)
	}
	if hr.hadSpaces {
		e.sayf("host-has-spaces", "", "")
	}
	if hr.port > 0 || hr.badPort {
		note := ""
		if hr.port > 0 && e.s.Port != hr.port {
			note = " The host says port " + strconv.Itoa(hr.port) + " but the port setting says " + strconv.Itoa(e.s.Port) + "."
		}
		e.sayf("host-has-port", note, "")
	}
	switch {
	case e.local: // this machine: no address or name to question
	case isIPLiteral(h):
		e.sayf("host-ip-literal", "", "")
	default:
		if why := hostNameProblem(h); why != "" {
			e.sayf("host-invalid", why, "")
		}
	}
	if e.local {
		if e.bridge {
			sev, title := SeverityInfo, "Proton Mail Bridge on this machine"
			if e.s.Port == 1025 && e.s.Security == SecurityStartTLS {
				sev, title = SeverityOK, "Proton Mail Bridge on this machine: 1025 with STARTTLS"
			}
			e.say("proton-bridge", sev, e.ruleRefs(), title)
		} else if !e.preset {
			e.sayf("host-localhost", "", "")
		}
	}

	if e.preset {
		if len(e.rule.Hosts) > 0 && !e.rule.hasHost(h) {
			if s, _ := typoSuggestion(h, e.rule.Hosts); s != "" && e.rule.hasHost(s) {
				e.say("host-typo", SeverityError, e.ruleRefs(), s, e.rule.Name)
			} else {
				e.sayr("preset-host-mismatch", strings.Join(e.rule.Hosts, " or "), "", "")
			}
		}
		return
	}

	if e.rule == nil || e.s.Provider == "" && !e.rule.hasHost(h) && !e.bridge {
		e.suggestHost(h)
	}
	if e.rule != nil && e.s.Provider != "" && !e.bridge && !e.rule.hasHost(h) && !e.rule.bridge {
		e.sayr("provider-host-mismatch", strings.Join(e.rule.Hosts, " or "), "", "")
	}
	if e.rule != nil && e.rule.bridge && !e.local {
		e.sayr("proton-bridge-required", "", "", "")
	}
}

// ruleRefs cites the provider's (or preset's) document.
func (e *explainer) ruleRefs() []Ref {
	if e.rule == nil {
		return nil
	}
	return []Ref{e.rule.ref()}
}

// suggestHost handles a host that is not a known submission host: a mail
// domain typed instead of the host, an IMAP/POP host, or a typo.
func (e *explainer) suggestHost(h string) {
	if p := protocolPrefix(h); p != "" {
		rest := h[len(p)+1:]
		r := ruleForDomain(rest)
		if r == nil {
			r = ruleForHost("smtp." + rest)
		}
		fix := "Use the SMTP (outgoing) server name your provider documents, often smtp."
		if r != nil && !r.bridge {
			e.rule, e.recHost = r, r.defaultHost()
			fix, rest = "Set the host to ", e.recHost
		}
		e.say("host-not-smtp", "", nil, p, strings.ToUpper(p), fix, rest)
		return
	}
	if r := ruleForDomain(h); r != nil {
		e.rule, e.recHost = r, r.defaultHost()
		if !r.bridge { // for Proton, proton-bridge-required says it
			e.sayr("host-bare-domain", "", "", "")
		}
		return
	}
	if e.rule != nil {
		return
	}
	if s, r := typoSuggestion(h, nil); s != "" {
		e.rule, e.recHost = r, s
		e.sayr("host-typo", s, r.Name, "")
	}
}
