package rules

import "strings"

// This file holds FACTS §3: every provider's submission hosts, the port and
// TLS pairs it accepts (preferred first), its credentials and the rules the
// explainer checks beyond ports.
//
// Use Providers to list them, ProviderByID to find one by its ID and
// DetectProvider to recognise a submission host, including region hosts
// such as email-smtp.eu-west-1.amazonaws.com or smtp.eu.mailgun.org.

// regionLabel in a host pattern matches one DNS label (SES regions).
const regionLabel = "<region>"

// credentialRule says how a provider wants people to sign in.
type credentialRule int

const (
	credAny         credentialRule = iota // nothing beyond its credentials note
	credAppPassword                       // app password or OAuth2; the account password is refused
	credOAuth2                            // OAuth2 only
	credM365                              // Microsoft 365 SMTP AUTH rules (MC786329)
)

// providerRule is one row of FACTS §3 with what the engine checks.
type providerRule struct {
	Provider
	domains  []string       // mail domains people type instead of the submission host
	cred     credentialRule // how sign-in works
	credWhy  string         // the sentence the credential finding rests on
	username string         // the user name that must be typed literally ("apikey")
	fullUser bool           // the user name is the full e-mail address
	bridge   bool           // reached through a local bridge (Proton)
	lacksWhy []portNote     // what happens on a port the provider does not run
	noteID   string         // an informational finding for this provider (text in explain_messages.go)
}

// portNote says something about one port. A short list of them costs the
// browser module less than a map keyed by int, which brings the runtime's
// 64-bit-key map code.
type portNote struct {
	port int
	why  string
}

// noteFor returns the note on port, or "".
func noteFor(notes []portNote, port int) string {
	for _, n := range notes {
		if n.port == port {
			return n.why
		}
	}
	return ""
}

func sp(port int) Choice { return Choice{Port: port, Security: SecurityStartTLS} }
func ip(port int) Choice { return Choice{Port: port, Security: SecurityImplicit} }

var providerTable = []providerRule{
	{
		Provider: Provider{ID: "gmail", Name: "Gmail / Google Workspace", Hosts: []string{"smtp.gmail.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}},
			Credentials: "OAuth2 or an app password; plain password sign-in ended on 2022-05-30 (consumer accounts) and 2025-05-01 (Workspace)",
			Source:      Ref{Name: "Thunderbird ISPDB googlemail.com; Google notices"}, Confidence: "H"},
		domains: []string{"gmail.com", "googlemail.com"},
		cred:    credAppPassword,
		credWhy: "Google ended sign-in with the account password for SMTP on 2022-05-30 for consumer accounts and on 2025-05-01 for Google Workspace.",
	},
	{
		Provider: Provider{ID: "google-relay", Name: "Google Workspace SMTP relay", Hosts: []string{"smtp-relay.gmail.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "an IP address allow-list or SMTP AUTH",
			Source:      Ref{Name: "Google Workspace docs (secondary source)"}, Confidence: "M"},
		noteID: "google-relay-access",
	},
	{
		Provider: Provider{ID: "outlook", Name: "Outlook.com", Hosts: []string{"smtp-mail.outlook.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}},
			Credentials: "OAuth2",
			Source:      Ref{Name: "Thunderbird ISPDB hotmail.com"}, Confidence: "H"},
		domains:  []string{"outlook.com", "hotmail.com"},
		cred:     credOAuth2,
		credWhy:  "Outlook.com accepts OAuth2 sign-in for SMTP.",
		lacksWhy: []portNote{{465, "Outlook.com offers submission on 587 with STARTTLS only."}},
	},
	{
		Provider: Provider{ID: "microsoft365", Name: "Microsoft 365 (Exchange Online)", Hosts: []string{"smtp.office365.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}},
			Credentials: "SMTP AUTH is off by default per tenant; basic authentication for SMTP AUTH is unchanged until the end of December 2026, then off by default (rejection: 550 5.7.30); OAuth2 keeps working",
			Source:      Ref{Name: "Microsoft message center MC786329 (updated 2026-01-27)"}, Confidence: "H"},
		domains:  []string{"office365.com"},
		cred:     credM365,
		lacksWhy: []portNote{{465, "Microsoft 365 offers SMTP AUTH submission on 587 with STARTTLS only."}},
	},
	{
		Provider: Provider{ID: "yahoo", Name: "Yahoo Mail", Hosts: []string{"smtp.mail.yahoo.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}},
			Credentials: "OAuth2 or an app password",
			Source:      Ref{Name: "Thunderbird ISPDB yahoo.com"}, Confidence: "H"},
		domains: []string{"yahoo.com"},
		cred:    credAppPassword,
		credWhy: "Yahoo accepts OAuth2 or an app password for SMTP, not the account password.",
	},
	{
		Provider: Provider{ID: "icloud", Name: "iCloud Mail", Hosts: []string{"smtp.mail.me.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}},
			Credentials: "the full e-mail address as user name and an app-specific password",
			Source:      Ref{Name: "Thunderbird ISPDB me.com; Apple HT202304"}, Confidence: "H"},
		domains:  []string{"icloud.com", "me.com"},
		cred:     credAppPassword,
		credWhy:  "iCloud Mail needs an app-specific password for SMTP, not the Apple Account password.",
		fullUser: true,
		lacksWhy: []portNote{{465, "iCloud Mail offers submission on 587 with STARTTLS only."}},
	},
	{
		Provider: Provider{ID: "zoho", Name: "Zoho Mail",
			Hosts:       []string{"smtp.zoho.com", "smtp.zoho.eu", "smtp.zoho.in", "smtppro.zoho.com", "smtppro.zoho.eu", "smtppro.zoho.in"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}},
			Credentials: "the Zoho Mail account; smtppro.zoho.* for organisation accounts; the host of your data-centre region (.com, .eu, .in)",
			Source:      Ref{Name: "Thunderbird ISPDB zoho.com"}, Confidence: "M"},
		domains: []string{"zoho.com", "zoho.eu", "zoho.in"},
	},
	{
		Provider: Provider{ID: "fastmail", Name: "Fastmail", Hosts: []string{"smtp.fastmail.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}},
			Credentials: "an app password",
			Source:      Ref{Name: "Thunderbird ISPDB messagingengine.com"}, Confidence: "M"},
		domains: []string{"fastmail.com"},
		cred:    credAppPassword,
		credWhy: "Fastmail asks for an app password for SMTP (Thunderbird ISPDB; reported by users).",
	},
	{
		Provider: Provider{ID: "proton", Name: "Proton Mail (through Proton Mail Bridge)", Hosts: []string{"127.0.0.1"},
			Ports:       []Choice{{Port: 1025, Security: SecurityStartTLS}},
			Credentials: "paid plans; the password generated by Proton Mail Bridge",
			Source:      Ref{Name: "Proton docs (secondary source)"}, Confidence: "M"},
		domains: []string{"proton.me", "protonmail.com"},
		bridge:  true,
	},
	{
		Provider: Provider{ID: "gmx", Name: "GMX", Hosts: []string{"mail.gmx.net"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}},
			Credentials: "GMX account; enable POP3/IMAP access in the GMX settings first",
			Source:      Ref{Name: "Thunderbird ISPDB gmx.net"}, Confidence: "H"},
		domains: []string{"gmx.net"},
		noteID:  "gmx-enable-access",
	},
	{
		Provider: Provider{ID: "sendgrid", Name: "Twilio SendGrid", Hosts: []string{"smtp.sendgrid.net"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "user name literally `apikey`, password = an API key",
			Source:      Ref{Name: "Twilio SendGrid SMTP docs"}, Confidence: "H"},
		domains:  []string{"sendgrid.net", "sendgrid.com"},
		username: "apikey",
	},
	{
		Provider: Provider{ID: "mailgun", Name: "Mailgun", Hosts: []string{"smtp.mailgun.org", "smtp.eu.mailgun.org"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "the domain's SMTP credentials; smtp.eu.mailgun.org for EU domains",
			Source:      Ref{Name: "Mailgun docs / blog"}, Confidence: "M"},
		domains: []string{"mailgun.org", "mailgun.com"},
	},
	{
		Provider: Provider{ID: "postmark", Name: "Postmark",
			Hosts:       []string{"smtp.postmarkapp.com", "smtp-broadcasts.postmarkapp.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 2525, Security: SecurityStartTLS}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "a server token (smtp-broadcasts.postmarkapp.com for broadcast streams)",
			Source:      Ref{Name: "Postmark support article 811"}, Confidence: "H"},
		domains:  []string{"postmarkapp.com"},
		lacksWhy: []portNote{{465, "Postmark does not offer port 465: a connection there hangs (Postmark support article 811)."}},
	},
	{
		Provider: Provider{ID: "ses", Name: "Amazon SES", Hosts: []string{"email-smtp." + regionLabel + ".amazonaws.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2587, Security: SecurityStartTLS}, {Port: 2465, Security: SecurityImplicit}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "SES SMTP credentials, not AWS access keys",
			Source:      Ref{Name: "AWS SES \"Connecting to an SMTP endpoint\""}, Confidence: "H"},
	},
	{
		Provider: Provider{ID: "sparkpost", Name: "SparkPost", Hosts: []string{"smtp.sparkpostmail.com", "smtp.eu.sparkpostmail.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 2525, Security: SecurityStartTLS}},
			Credentials: "user name `SMTP_Injection`, password = an API key",
			Source:      Ref{Name: "SparkPost SMTP docs"}, Confidence: "H"},
		domains:  []string{"sparkpostmail.com", "sparkpost.com"},
		username: "SMTP_Injection",
		lacksWhy: []portNote{{465, "SparkPost does not offer port 465; it runs 587 and 2525 with STARTTLS."}},
	},
	{
		Provider: Provider{ID: "brevo", Name: "Brevo", Hosts: []string{"smtp-relay.brevo.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}},
			Credentials: "an SMTP key (not the API key) with the account's SMTP login",
			Source:      Ref{Name: "Brevo SMTP docs"}, Confidence: "H"},
		domains: []string{"brevo.com"},
	},
	{
		Provider: Provider{ID: "mailjet", Name: "Mailjet", Hosts: []string{"in-v3.mailjet.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "API key as user name, secret key as password",
			Source:      Ref{Name: "GCP Mailjet guide"}, Confidence: "M"},
		domains: []string{"mailjet.com"},
	},
	{
		Provider: Provider{ID: "resend", Name: "Resend", Hosts: []string{"smtp.resend.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2587, Security: SecurityStartTLS}, {Port: 2465, Security: SecurityImplicit}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "user name `resend`, password = an API key",
			Source:      Ref{Name: "Resend changelog"}, Confidence: "H"},
		domains:  []string{"resend.com"},
		username: "resend",
	},
	{
		Provider: Provider{ID: "mandrill", Name: "Mandrill (Mailchimp Transactional)", Hosts: []string{"smtp.mandrillapp.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "any user name, password = an API key",
			Source:      Ref{Name: "unofficial"}, Confidence: "L"},
		domains: []string{"mandrillapp.com"},
	},
	{
		Provider: Provider{ID: "smtp2go", Name: "SMTP2GO", Hosts: []string{"mail.smtp2go.com"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}, {Port: 8025, Security: SecurityStartTLS}, {Port: 8465, Security: SecurityImplicit}, {Port: 80, Security: SecurityStartTLS}, {Port: 443, Security: SecurityImplicit}, {Port: 25, Security: SecurityStartTLS}},
			Credentials: "an SMTP user made in the SMTP2GO console",
			Source:      Ref{Name: "SMTP2GO docs"}, Confidence: "H"},
		domains: []string{"smtp2go.com"},
	},
	{
		Provider: Provider{ID: "azure-communication", Name: "Azure Communication Services", Hosts: []string{"smtp.azurecomm.net"},
			Ports:       []Choice{{Port: 587, Security: SecurityStartTLS}},
			Credentials: "Microsoft Entra application credentials",
			Source:      Ref{Name: "Microsoft docs (secondary source)"}, Confidence: "M"},
	},
}

// Providers returns every provider of FACTS §3, in a fixed order. The slices
// are copies: callers may change them.
func Providers() []Provider {
	out := make([]Provider, len(providerTable))
	for i := range providerTable {
		out[i] = copyProvider(providerTable[i].Provider)
	}
	return out
}

// ProviderByID finds a provider by its ID ("gmail", "ses", ...).
func ProviderByID(id string) (Provider, bool) {
	r := ruleByID(strings.ToLower(TrimSpace(id)))
	if r == nil {
		return Provider{}, false
	}
	return copyProvider(r.Provider), true
}

// DetectProvider finds the provider whose submission host this is. It
// accepts the host as typed (case, surrounding spaces and a trailing dot do
// not matter) and region hosts such as email-smtp.us-east-1.amazonaws.com.
// Proton's 127.0.0.1 is not detected here: a local host is only Proton Mail
// Bridge when the port says so, which Explain checks.
func DetectProvider(host string) (Provider, bool) {
	r := ruleForHost(normalHostName(host))
	if r == nil {
		return Provider{}, false
	}
	return copyProvider(r.Provider), true
}

func copyProvider(p Provider) Provider {
	p.Hosts = append([]string(nil), p.Hosts...)
	p.Ports = append([]Choice(nil), p.Ports...)
	return p
}

func ruleByID(id string) *providerRule {
	for i := range providerTable {
		if providerTable[i].ID == id {
			return &providerTable[i]
		}
	}
	return nil
}

// ruleForHost finds the provider of an already normalised host.
func ruleForHost(host string) *providerRule {
	if host == "" {
		return nil
	}
	for i := range providerTable {
		r := &providerTable[i]
		if r.bridge {
			continue
		}
		if r.hasHost(host) {
			return r
		}
	}
	return nil
}

// hasHost says whether a normalised host is one of the provider's hosts.
func (r *providerRule) hasHost(host string) bool {
	return hostInList(r.Hosts, host)
}

// hostInList matches host against names, where a name may hold <region>
// for one DNS label.
func hostInList(names []string, host string) bool {
	for _, h := range names {
		if hostMatches(h, host) {
			return true
		}
	}
	return false
}

func hostMatches(pattern, host string) bool {
	pattern = strings.ToLower(pattern)
	i := strings.Index(pattern, regionLabel)
	if i < 0 {
		return pattern == host
	}
	prefix, suffix := pattern[:i], pattern[i+len(regionLabel):]
	if len(host) <= len(prefix)+len(suffix) || !strings.HasPrefix(host, prefix) || !strings.HasSuffix(host, suffix) {
		return false
	}
	label := host[len(prefix) : len(host)-len(suffix)]
	for j := 0; j < len(label); j++ {
		c := label[j]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ruleForDomain finds the provider whose mail domain (not submission host)
// this is: "gmail.com" for Gmail.
func ruleForDomain(host string) *providerRule {
	for i := range providerTable {
		for _, d := range providerTable[i].domains {
			if d == host {
				return &providerTable[i]
			}
		}
	}
	return nil
}

// accepts says whether the provider runs this port, and with which TLS mode.
func (r *providerRule) portSecurity(port int) (Security, bool) {
	for _, c := range r.Ports {
		if c.Port == port {
			return c.Security, true
		}
	}
	return SecurityUnset, false
}

func (r *providerRule) acceptsPair(port int, sec Security) bool {
	for _, c := range r.Ports {
		if c.Port == port && c.Security == sec {
			return true
		}
	}
	return false
}

// defaultHost is the host to recommend: the provider's first host, or a
// readable pattern for region hosts.
func (r *providerRule) defaultHost() string {
	if len(r.Hosts) == 0 {
		return ""
	}
	return r.Hosts[0]
}

// providerRef is the Ref a provider finding cites.
func (r *providerRule) ref() Ref { return r.Source }

// reported adds the wording FACTS.md asks for when a row is not an official
// document (M or L confidence).
func (r *providerRule) reported() string {
	switch r.Confidence {
	case "M":
		return " (reported by users and secondary sources: " + r.Source.Name + ")"
	case "L":
		return " (reported by users; unofficial source)"
	}
	return ""
}
