package formats

import (
	"slices"
	"strconv"
	"strings"
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
	return slices.Contains(cfgURLSchemes, s) || cfgProviderDSN(s) != nil
}

// cfgURLSchemes are the schemes of a plain SMTP URL.
var cfgURLSchemes = []string{"smtp", "smtps", "submission", "submissions"}

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
	// <your-host> is a placeholder (Parsed.Placeholder), not a bad host.
	if strings.ContainsAny(u.host, " \t\"'<>\\") && !isPlaceholderHost(u.host) {
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

func cfgIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
