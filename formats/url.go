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

var uRLSpec = spec{
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
	register(uRLSpec)
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
		case slices.Contains([]string{"secure", "ssl", "implicit_tls", "ignoretls", "tls", "encryption", "starttls", "auto_tls"}, q.key):
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
		keep += pickString(r.symfony, "&auto_tls=false", "&ignoreTLS=true")
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
