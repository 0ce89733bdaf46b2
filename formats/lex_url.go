package formats

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// cfgURL is an smtp://, smtps://, submission:// or submissions:// URL, with
// the span of each part in the text it came from so Rewrite can replace
// the scheme, user, host and port and leave the password and query alone.
type cfgURL struct {
	scheme      string // lower case; "" for a bare host:port
	bare        bool   // host:port with no scheme: the TLS mode is not said
	user        string // percent-decoded
	hasUser     bool
	hasPass     bool
	host        string // without IPv6 brackets
	port        int
	query       []cfgQueryParam
	schemeStart int // spans in the text
	schemeEnd   int
	userStart   int // userinfo user part; userEnd == userStart when absent
	userEnd     int
	hostStart   int // host, brackets included
	hostEnd     int
	portEnd     int // end of ":port" (== hostEnd when absent)
	queryStart  int // index of '?', -1 when absent
	end         int // end of the URL
}

type cfgQueryParam struct {
	key, value string // decoded; key lower case
	start, end int    // span of key=value
}

func cfgIsURLScheme(s string) bool {
	switch {
	case slices.Contains([]string{"smtp", "smtps", "submission", "submissions"}, s):
		return true
	}
	return cfgProviderDSN(s) != nil
}

// cfgProviderDSNs are the Symfony Mailer bridge schemes (and SwiftMailer's
// gmail:// MAILER_URL) whose SMTP transport fixes host, port and TLS:
// GmailSmtpTransport (smtp.gmail.com, 465, TLS), SendgridSmtpTransport
// (smtp.sendgrid.net or smtp.REGION.sendgrid.net, 465, TLS, user apikey),
// SesSmtpTransport (email-smtp.REGION.amazonaws.com, region eu-west-1 by
// default, 465, TLS). The host written in the DSN ("default") is ignored.
var cfgProviderDSNs = [...]struct {
	schemes []string
	host    string // %s is the region
	region  string // the region when none is given; "" when the host has none
	user    string // the user the transport always logs in as
}{
	{[]string{"gmail", "gmail+smtp", "gmail+smtps"}, "smtp.gmail.com", "", ""},
	{[]string{"sendgrid+smtp", "sendgrid+smtps"}, "smtp.%s.sendgrid.net", "global", "apikey"},
	{[]string{"ses+smtp", "ses+smtps"}, "email-smtp.%s.amazonaws.com", "eu-west-1", ""},
}

// cfgProviderDSN returns the provider entry of a scheme, or nil.
func cfgProviderDSN(scheme string) *struct {
	schemes []string
	host    string
	region  string
	user    string
} {
	for i := range cfgProviderDSNs {
		if slices.Contains(cfgProviderDSNs[i].schemes, scheme) {
			return &cfgProviderDSNs[i]
		}
	}
	return nil
}

// cfgParseURL reads an SMTP URL that starts at offset off of src and ends
// at end. Errors name what is wrong, never the value.
func cfgParseURL(src string, off, end, line int) (cfgURL, error) {
	return cfgParseURLMode(src, off, end, line, false)
}

// cfgParseURLMode reads an SMTP URL, or with allowBare a bare
// host:port that has no scheme at all.
func cfgParseURLMode(src string, off, end, line int, allowBare bool) (cfgURL, error) {
	u := cfgURL{queryStart: -1, end: end, schemeStart: off}
	msg := "" // what is wrong, for the one error return at fail
	var rest, beforeQuery, hp, hostport, portText string
	var hostFrom, hpEnd int
	s := src[off:end]
	sep := strings.Index(s, "://")
	restStart := off + sep + 3
	switch {
	case sep <= 0 && allowBare:
		u.bare = true
		u.schemeEnd = off
		restStart = off
	case sep <= 0:
		msg = "this is not a URL of the form smtp://user:password@host:port"
		goto fail
	default:
		u.scheme = strings.ToLower(s[:sep])
		u.schemeEnd = off + sep
		if !cfgIsURLScheme(u.scheme) {
			msg = "the URL scheme must be smtp, smtps, submission or submissions"
			goto fail
		}
	}
	rest = src[restStart:end]
	// The password may hold '@', '/' or '#' when not percent-encoded: the
	// user info ends at the last '@' before the query.
	beforeQuery = rest
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		beforeQuery = rest[:q]
	}
	hostFrom = 0
	u.userStart, u.userEnd = restStart, restStart
	if at := strings.LastIndexByte(beforeQuery, '@'); at >= 0 {
		info := rest[:at]
		userPart := info
		if c := strings.IndexByte(info, ':'); c >= 0 {
			userPart = info[:c]
			u.hasPass = c+1 < len(info)
		}
		dec, ok := cfgPercentDecode(userPart)
		if !ok {
			msg = "the user name in the URL has a % that is not followed by two hex digits"
			goto fail
		}
		u.user = dec
		u.hasUser = true
		u.userEnd = restStart + len(userPart)
		hostFrom = at + 1
	}
	hp = rest[hostFrom:]
	hpEnd = len(hp)
	for i := 0; i < len(hp); i++ {
		if hp[i] == '/' || hp[i] == '?' || hp[i] == '#' {
			hpEnd = i
			break
		}
	}
	hostport = hp[:hpEnd]
	u.hostStart = restStart + hostFrom
	if hpEnd < len(hp) && hp[hpEnd] == '?' {
		u.queryStart = u.hostStart + hpEnd
	} else if q := strings.IndexByte(hp[hpEnd:], '?'); q >= 0 {
		u.queryStart = u.hostStart + hpEnd + q
	}
	portText = ""
	if hostport != "" && hostport[0] == '[' {
		rb := strings.IndexByte(hostport, ']')
		if rb < 0 {
			msg = "the IPv6 address in the URL opens [ and never closes it"
			goto fail
		}
		u.host = hostport[1:rb]
		u.hostEnd = u.hostStart + rb + 1
		after := hostport[rb+1:]
		if after != "" {
			if after[0] != ':' {
				msg = "expected :port after the IPv6 address"
				goto fail
			}
			portText = after[1:]
		}
	} else if c := strings.LastIndexByte(hostport, ':'); c >= 0 {
		u.host = hostport[:c]
		u.hostEnd = u.hostStart + c
		portText = hostport[c+1:]
		if strings.Count(hostport, ":") > 1 {
			msg = "an IPv6 address in a URL must be written in brackets: smtp://[2001:db8::1]:587"
			goto fail
		}
	} else {
		u.host = hostport
		u.hostEnd = u.hostStart + len(hostport)
	}
	u.portEnd = u.hostStart + len(hostport)
	if h, ok := cfgPercentDecode(u.host); ok {
		u.host = h
	}
	if u.host == "" {
		msg = "the URL has no host name"
		goto fail
	}
	if strings.ContainsAny(u.host, " \t\"'<>\\") {
		msg = "the host name in the URL has characters a host name cannot have"
		goto fail
	}
	if portText != "" {
		p, err := strconv.Atoi(portText)
		if err != nil || p < 1 || p > 65535 {
			msg = "the port in the URL is not a number between 1 and 65535"
			goto fail
		}
		u.port = p
	}
	if u.queryStart >= 0 {
		qs := src[u.queryStart+1 : end]
		if h := strings.IndexByte(qs, '#'); h >= 0 {
			qs = qs[:h]
		}
		pos := u.queryStart + 1
		for _, part := range strings.Split(qs, "&") {
			if part != "" {
				k, v, _ := strings.Cut(part, "=")
				kd, _ := cfgPercentDecode(k)
				vd, _ := cfgPercentDecode(v)
				u.query = append(u.query, cfgQueryParam{key: strings.ToLower(kd), value: vd, start: pos, end: pos + len(part)})
			}
			pos += len(part) + 1
		}
	}
	return u, nil
fail:
	return u, &ParseError{Line: line, Msg: msg}
}

// cfgPercentDecode decodes %XX escapes (and nothing else). ok is false for
// a % not followed by two hex digits.
func cfgPercentDecode(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			hi, lo := -1, -1
			if i+2 < len(s) {
				hi, lo = cfgUnhex(s[i+1]), cfgUnhex(s[i+2])
			}
			if hi < 0 || lo < 0 {
				return "", false
			}
			c = byte(hi<<4 | lo)
			i += 2
		}
		b = append(b, c)
	}
	return string(b), true
}

func cfgUnhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// cfgPercentEncode encodes a user name for the user info of a URL.
func cfgPercentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// security returns what the URL asks for: the scheme, then query
// parameters used by nodemailer (secure, ignoreTLS, requireTLS), lettre
// (tls=required|opportunistic|wrapper) and others (ssl, starttls, encryption).
func (u *cfgURL) security() (rules.Security, []string) {
	if u.bare {
		return rules.SecurityUnset, nil
	}
	m := 1 // an index in cfgSecurities: STARTTLS
	if u.scheme == "smtps" || u.scheme == "submissions" {
		m = 2
	}
	var notes []string
	for _, q := range u.query {
		v := strings.ToLower(q.value)
		yes := slices.Contains([]string{"true", "1", "yes", "on"}, v)
		no := slices.Contains([]string{"false", "0", "no", "off"}, v)
		switch {
		case slices.Contains([]string{"secure", "ssl", "implicit_tls"}, q.key):
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
		case slices.Contains([]string{"tls", "encryption", "starttls"}, q.key):
			switch {
			case slices.Contains([]string{"wrapper", "implicit", "ssl", "smtps"}, v):
				m = 2
			case slices.Contains([]string{"required", "opportunistic", "starttls", "tls", "true", "1", "yes", "always", "auto"}, v):
				if m != 2 {
					m = 1
				}
			case slices.Contains([]string{"none", "false", "0", "no", "never", "off"}, v):
				if m != 2 {
					m = 0
				}
			default:
				notes = append(notes, "the URL parameter "+cfgSafeKey(q.key)+" has a value whose effect is unclear; it was ignored")
			}
		}
	}
	return cfgSecurities[m], notes
}

// cfgSecurities are the TLS modes by strength, for code that tracks
// them as a small number.
var cfgSecurities = [3]rules.Security{rules.SecurityNone, rules.SecurityStartTLS, rules.SecurityImplicit}

func cfgIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

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
	sec, notes := u.security()
	b.p.Settings.Security = sec
	sub, implicit := u.scheme == "submission", sec == rules.SecurityImplicit
	b.p.Notes = append(b.p.Notes, notes...)
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
