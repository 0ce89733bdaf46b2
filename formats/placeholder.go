package formats

import (
	"slices"
	"strings"

	"github.com/whichport/whichport/rules"
)

// A placeholder is a host written to be replaced (smtp.example.com,
// <your-host>, ${SMTP_HOST}, {{ smtp_host }}, YOUR_SMTP_SERVER). It is
// reported as such and never becomes a host anything checks or connects to.

// markPlaceholder records a placeholder host. One that is not even a host
// name (template or shell syntax) also leaves the settings; a documentation
// name such as smtp.example.com stays there, so the text can still be
// explained and rewritten, but Parsed.Placeholder says not to check it.
func markPlaceholder(p *Parsed) {
	h := p.Settings.Host
	if h == "" || !isPlaceholderHost(h) {
		return
	}
	p.Placeholder = h
	if !cfgValidHost(h) {
		p.Settings.Host = ""
	}
	p.note("the host " + cfgSafeHost(h) + " is a placeholder, not a server to check: put your provider's SMTP host there")
}

// isPlaceholderHost reports whether h is a stand-in rather than a host.
func isPlaceholderHost(h string) bool {
	low := strings.ToLower(rules.TrimSpace(h))
	if low == "" {
		return false
	}
	// Template and shell syntax, angle brackets, "xxx" and "your-…" words.
	if strings.ContainsAny(low, "${}<>%|") || strings.Contains(low, "xxx") {
		return true
	}
	// A name in capitals with underscores: YOUR_SMTP_SERVER, SMTP_HOST.
	if strings.Contains(h, "_") && strings.ToUpper(h) == h {
		return true
	}
	// A label in capitals among lower-case ones: email-smtp.REGION.amazonaws.com.
	if h != strings.ToLower(h) && h != strings.ToUpper(h) {
		for _, label := range strings.Split(h, ".") {
			if len(label) >= 3 && label == strings.ToUpper(label) && label != strings.ToLower(label) {
				return true
			}
		}
	}
	// Words that name the setting instead of filling it in.
	if slices.Contains(settingWords, low) {
		return true
	}
	labels := strings.Split(low, ".")
	if n := len(labels); n >= 2 {
		// The documentation domains of RFC 2606 and their look-alikes,
		// and the top-level domains no mail host is under.
		if slices.Contains(docDomains, labels[n-2]+"."+labels[n-1]) || slices.Contains(docTLDs, labels[n-1]) {
			return true
		}
		// example.<any country or generic TLD>: smtp.example.de, example.co.uk.
		if labels[n-2] == "example" || n >= 3 && labels[n-3] == "example" && len(labels[n-2]) <= 3 && len(labels[n-1]) == 2 {
			return true
		}
	}
	for _, label := range labels {
		// A "your…" label that only names the setting: your-smtp-server,
		// yourdomain, YOUR_HOST (but yourhosting.nl is a real company).
		if rest, ok := strings.CutPrefix(label, "your"); ok && slices.Contains(yourWords, strings.ReplaceAll(strings.ReplaceAll(rest, "-", ""), "_", "")) {
			return true
		}
		// A label asking to be changed: smtp.changeme.com.
		if slices.Contains(changeWords, label) {
			return true
		}
	}
	return false
}

// settingWords are hosts that name the setting instead of filling it in.
var settingWords = []string{"hostname", "host", "smtp", "server", "smtp.server", "smtp-server", "smtp_server", "mailserver", "mail.server", "smtp.host.com", "smtp.host", "todo"}

// changeWords are labels asking to be changed: smtp.changeme.com.
var changeWords = []string{"changeme", "change-me", "replaceme"}

// docDomains are the documentation domains of RFC 2606 and their
// look-alikes; docTLDs are top-level domains no mail host is under.
var (
	docDomains = []string{"domain.com", "domain.tld", "mydomain.com"} // example.*, *.dom and yourdomain.* are caught below
	docTLDs    = []string{"example", "invalid", "dom"}
)

// cfgSafeHost is a host for a note: short, and printable.
func cfgSafeHost(h string) string {
	if len(h) > 80 {
		h = h[:80] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, h)
}

// yourWords are what follows "your" in a placeholder label.
var yourWords = []string{
	"", "domain", "domainname", "host", "hostname", "server", "servername", "smtp", "smtpserver",
	"smtphost", "smtprelay", "mail", "mailserver", "mailhost", "email", "emailserver", "emailprovider",
	"provider", "smtpprovider", "isp", "company", "site", "website", "relay", "org", "app", "name",
}
