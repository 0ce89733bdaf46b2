package formats

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// URL is an SMTP URL: smtp://, smtps://, submission://, submissions:// or a Symfony DSN;
// also a bare host:port.
const URL Format = "url"

var urlSpec = spec{
	name: URL,
	menu: 0,
	clues: []clue{
		{score: 99, test: func(t string) bool {
			if strings.Contains(t, "\n") {
				return false
			}
			u := strings.Trim(t, "\"'`")
			if i := strings.Index(u, "://"); i > 0 && cfgIsURLScheme(strings.ToLower(u[:i])) {
				return true
			}
			return cfgLooksHostPort(u) // smtp.gmail.com:587
		}},
	},
	read:    cfgParseURLText,
	rewrite: (*cfgRewriter).rewriteURLText,
}

func init() {
	register(urlSpec)
}

// cfgParseURLText reads a whole text that is one URL (quotes and
// surrounding spaces allowed).
func cfgParseURLText(out *Parsed, text string, _ *cfgCode) error {
	start, end, line := cfgURLBounds(text)
	u, err := cfgParseURLMode(text, start, end, line, true)
	if err != nil {
		return err
	}
	b := cfgBuild{}
	b.p.Format = URL
	b.fromURL(&u, false)
	return b.done(rules.LibOther, rules.UseApplication, out)
}

// cfgURLBounds finds the URL in a text: trimmed, without quotes.
func cfgURLBounds(text string) (start, end, line int) {
	start, end = 0, len(text)
	for start < end && cfgIsSpace(text[start]) {
		start++
	}
	for end > start && cfgIsSpace(text[end-1]) {
		end--
	}
	if end-start >= 2 && (text[start] == '"' || text[start] == '\'' || text[start] == '`') && text[end-1] == text[start] {
		start++
		end--
	}
	line = 1 + strings.Count(text[:start], "\n")
	return start, end, line
}

// cfgLooksHostPort reports whether a one-line text is a bare host name
// or address with a port, such as smtp.gmail.com:587 or [2001:db8::1]:465.
func cfgLooksHostPort(t string) bool {
	if t == "" || len(t) > 260 {
		return false
	}
	host, port := t, ""
	if t != "" && t[0] == '[' {
		rb := strings.IndexByte(t, ']')
		if rb < 0 || rb+1 >= len(t) || t[rb+1] != ':' {
			return false
		}
		host, port = t[1:rb], t[rb+2:]
	} else if c := strings.LastIndexByte(t, ':'); c > 0 {
		host, port = t[:c], t[c+1:]
	} else {
		return false
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return false
	}
	if t != "" && t[0] == '[' {
		return strings.Count(host, ":") >= 2
	}
	if !strings.Contains(host, ".") && host != "localhost" {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if cfgCharClass[c]&4 == 0 && c != '@' { // letters, digits, . - _ @
			return false
		}
	}
	return true
}

// rewriteURL edits an SMTP URL in place: scheme, user, host, port and the
// TLS query parameters.
func (r *cfgRewriter) rewriteURL(start, end, line int, bare bool) error {
	u, err := cfgParseURLMode(r.src, start, end, line, bare)
	if err != nil {
		return err
	}
	if cfgProviderDSN(u.scheme) != nil {
		return rwErr(u.scheme + ":// always sends through the provider's own host and port; write smtp:// or smtps:// with the host to choose them")
	}
	if r.symfony && r.starttls && r.want.Port == 465 {
		return rwErr("Symfony Mailer always uses implicit TLS on port 465; STARTTLS needs another port such as 587")
	}
	secDirty := r.sc || r.pc
	implicit := r.implicit
	if u.bare && secDirty && r.want.Security != rules.SecurityUnset {
		// host:port gains a scheme, before any user@ added below.
		r.edit(u.schemeStart, u.schemeStart, pickString(implicit, "smtps://", "smtp://"))
	}
	if r.uc {
		enc := cfgPercentEncode(r.fixed.Username)
		if u.hasUser || u.hasPass {
			r.edit(u.userStart, u.userEnd, enc)
		} else {
			r.edit(u.hostStart, u.hostStart, enc+"@")
		}
	}
	if r.hc {
		h := r.fixed.Host
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		r.edit(u.hostStart, u.hostEnd, h)
	}
	if r.pc || u.port == 0 && secDirty && r.want.Port > 0 {
		r.edit(u.hostEnd, u.portEnd, ":"+r.wp)
	}
	if !secDirty {
		return nil
	}
	scheme := pickString(strings.HasPrefix(u.scheme, "submission"), "submission", "smtp")
	if implicit {
		scheme += "s"
	}
	if !u.bare && scheme != u.scheme {
		r.edit(u.schemeStart, u.schemeEnd, scheme)
	}
	// Drop every TLS parameter that says something else, keep the rest.
	keep := "" // "&p" for each parameter kept
	changed := false
	for i := range u.query {
		q := &u.query[i]
		switch {
		case slices.Contains(urlTLSParams, q.key):
			changed = true
			continue
		case q.key == "requiretls":
			if !r.starttls {
				changed = true
				continue
			}
		}
		keep += "&" + r.src[q.start:q.end]
	}
	if r.none {
		keep += pickString(r.symfony, "&auto_tls=false", "&"+nodemailerIgnoreTLS+"=true")
		changed = true
	}
	if !changed {
		return nil
	}
	q := ""
	if keep != "" {
		q = "?" + keep[1:]
	}
	if u.queryStart >= 0 {
		end := u.end
		if h := strings.IndexByte(r.src[u.queryStart:u.end], '#'); h >= 0 {
			end = u.queryStart + h
		}
		r.edit(u.queryStart, end, q)
	} else {
		r.edit(u.portEnd, u.portEnd, q)
	}
	return nil
}

// rewriteURLText rewrites a pasted URL, quoted or bare.
func (r *cfgRewriter) rewriteURLText() error {
	s, e, line := cfgURLBounds(r.src)
	return r.rewriteURL(s, e, line, true)
}

// urlSecurity returns what the URL asks for: the scheme, then query
// parameters used by nodemailer (its own, see nodemailer.go), lettre
// (tls=required|opportunistic|wrapper) and others (ssl, starttls,
// encryption). It notes each parameter whose value it cannot tell.
func (b *cfgBuild) urlSecurity(u *cfgURL) rules.Security {
	if u.bare {
		return rules.SecurityUnset
	}
	m := 1 // an index in cfgSecurities: STARTTLS
	if u.scheme == "smtps" || u.scheme == "submissions" {
		m = 2
	}
	for _, q := range u.query {
		v := strings.ToLower(q.value)
		yes := slices.Contains(cfgYesWords, v)
		no := slices.Contains(cfgNoWords, v)
		switch {
		case slices.Contains(urlTLSParams[:3], q.key): // secure, ssl, implicit_tls
			if yes {
				m = 2
			} else if no && m == 2 && q.key == "secure" {
				m = 1
			}
		case q.key == "ignoretls":
			if yes && m != 2 {
				m = 0
			}
		case q.key == "auto_tls": // Symfony Mailer
			if no && m != 2 {
				m = 0
			}
		case slices.Contains(urlTLSParams[4:7], q.key): // tls, encryption, starttls
			switch {
			case slices.Contains(urlImplicitWords, v):
				m = 2
			case slices.Contains(urlStartTLSWords, v) || yes:
				if m != 2 {
					m = 1
				}
			case no || v == "none" || v == "never":
				if m != 2 {
					m = 0
				}
			default:
				b.note("the URL parameter " + cfgSafeKey(q.key) + " has a value whose effect is unclear; it was ignored")
			}
		}
	}
	return cfgSecurities[m]
}

// urlTLSParams are the query parameters that say the TLS mode: the
// implicit-TLS flags (secure, ssl, implicit_tls), nodemailer's no-STARTTLS flag,
// the mode words (tls, encryption, starttls) and Symfony's auto_tls.
var urlTLSParams = []string{"secure", "ssl", "implicit_tls", "ignoretls", "tls", "encryption", "starttls", "auto_tls"}

// The values of tls=, encryption= and starttls= that ask for implicit TLS
// or for STARTTLS (so do the yes words).
var (
	urlImplicitWords = []string{"wrapper", "implicit", "ssl", "smtps"}
	urlStartTLSWords = []string{"required", "opportunistic", "starttls", "tls", "always", "auto"}
)

// cfgSecurities are the TLS modes by strength, for code that tracks
// them as a small number.
var cfgSecurities = [3]rules.Security{rules.SecurityNone, rules.SecurityStartTLS, rules.SecurityImplicit}

// fromSymfonyDSN fills the settings from a Symfony Mailer DSN
// (MAILER_DSN, Laravel's MAIL_URL): smtp:// on port 465 is implicit TLS
// there, and auto_tls=false turns STARTTLS off.
// fromURL fills the settings from an URL; symfony for a Symfony Mailer
// DSN, which means implicit TLS on port 465 even with smtp://.
func (b *cfgBuild) fromURL(u *cfgURL, symfony bool) {
	if pv := cfgProviderDSN(u.scheme); pv != nil {
		region := pv.region
		for _, q := range u.query {
			if q.key == "region" && q.value != "" {
				region = q.value
			}
		}
		host := pv.host
		if pv.region != "" {
			host = strings.Replace(host, "%s", region, 1)
			if region == "global" {
				host = strings.Replace(host, "global.", "", 1)
			}
		}
		// The host keeps the region as written: REGION in capitals is a
		// placeholder, and reads as one.
		b.p.Settings.Host, b.p.Settings.Port, b.p.Settings.Security = host, 465, rules.SecurityImplicit
		b.p.Settings.Username = u.user
		if pv.user != "" {
			b.p.Settings.Username = pv.user
		}
		b.p.Settings.PasswordPresent = u.hasPass || pv.user != "" && u.hasUser
		b.note(u.scheme + ":// sends through " + host + " on port 465 with implicit TLS, whatever host and port the DSN names")
		return
	}
	b.p.Settings.Host = strings.ToLower(u.host)
	sec := b.urlSecurity(u)
	b.p.Settings.Security = sec
	sub, implicit := u.scheme == "submission", sec == rules.SecurityImplicit
	b.p.Settings.Port = u.port
	if u.bare {
		b.note("no smtp:// or smtps:// in front: the TLS mode is not said; smtps:// means implicit TLS, smtp:// STARTTLS")
	} else if u.port == 0 {
		switch {
		case sub:
			b.p.Settings.Port = 587
		case u.scheme == "smtps" || u.scheme == "submissions" || implicit:
			b.p.Settings.Port = 465
		default:
			b.p.Settings.Port = 25
			b.note("no port in the URL: most libraries use 25 for smtp:// (nodemailer uses 587)")
		}
	}
	if (u.scheme == "smtp" || sub) && b.p.Settings.Port == 465 && !implicit {
		b.note("smtp:// with port 465: nodemailer and most libraries then wait for a plaintext greeting, Symfony Mailer switches to implicit TLS; smtps:// says implicit TLS for all of them")
	}
	if u.hasUser {
		b.p.Settings.Username = u.user
	}
	if u.hasPass {
		b.p.Settings.PasswordPresent = true
	}
	for _, q := range u.query {
		if (q.key == "auth" || q.key == "authmethod") && strings.EqualFold(q.value, "xoauth2") {
			b.oauth = true
		}
	}
	if symfony && b.p.Settings.Port == 465 && b.p.Settings.Security == rules.SecurityStartTLS {
		b.p.Settings.Security = rules.SecurityImplicit
		b.p.Notes = nil
		b.note("Symfony Mailer uses implicit TLS on port 465 even with smtp://")
	}
}
