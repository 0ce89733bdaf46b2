package formats

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whichport/whichport/rules"
)

// Autoconfig is a Thunderbird autoconfig file (config-v1.1.xml).
const Autoconfig Format = "thunderbird-autoconfig"

var autoconfigSpec = spec{
	name: Autoconfig,
	menu: 11,
	clues: []clue{
		{score: 100, any: []string{"<outgoingServer", "<clientConfig"}},
		{score: 100, test: func(t string) bool { return strings.HasPrefix(t, "<?xml") }},
	},
	read:    cfgParseAutoconfig,
	rewrite: (*cfgRewriter).rewriteAutoconfig,
}

var libMailClientSnippet = snippetWriter{
	lib: rules.LibMailClient, title: "Mail client — Thunderbird, Apple Mail, Outlook", codeLang: &codeLang{language: "text", comment: "", quote: plainText, envUser: "(your username)"},
	template: tmplMailClient,
}

func init() {
	register(autoconfigSpec)
	registerSnippet(libMailClientSnippet)
}

// A Thunderbird autoconfig file (config-v1.1.xml) is read by a small
// scanner: only <outgoingServer type="smtp"> and its hostname, port,
// socketType, authentication and username children matter.

// cfgXMLField is one child element of <outgoingServer>.
type cfgXMLField struct {
	text       string // content, entities decoded, trimmed
	start, end int    // span of the raw content in the text
	line       int
}

type cfgXMLServer struct {
	start, end int // from "<outgoingServer" to the start of "</outgoingServer>"
	bodyStart  int // after the opening tag's '>'
	line       int
	fields     [len(cfgXMLNames)][]cfgXMLField // by cfgXMLNames
}

// cfgXMLNames are the children of <outgoingServer> read, in the order of
// cfgXMLServer.fields; the rewriter writes the first four.
var cfgXMLNames = [...]string{"hostname", "port", "socketType", "username", "authentication"}

// cfgBlankComments replaces <!-- ... --> with spaces, keeping offsets and
// newlines, so a commented-out element is not read.
func cfgBlankComments(src string) string {
	if !strings.Contains(src, "<!--") {
		return src
	}
	b := []byte(src)
	i := 0
	for {
		s := strings.Index(src[i:], "<!--")
		if s < 0 {
			break
		}
		s += i
		e := strings.Index(src[s+4:], "-->")
		end := len(src)
		if e >= 0 {
			end = s + 4 + e + 3
		}
		for k := s; k < end; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		i = end
		if i >= len(src) {
			break
		}
	}
	return string(b)
}

func cfgFindOutgoing(text string) (cfgXMLServer, error) {
	var errLine int // the one error return is at fail
	var errMsg string
	src := cfgBlankComments(text)
	i := 0
	for {
		s := strings.Index(src[i:], "<outgoingServer")
		if s < 0 {
			errLine, errMsg = 0, "found no <outgoingServer type=\"smtp\"> element"
			goto fail
		}
		s += i
		line := 1 + strings.Count(src[:s], "\n")
		gt := strings.IndexByte(src[s:], '>')
		if gt < 0 {
			errLine, errMsg = line, "the <outgoingServer> tag is never closed with >"
			goto fail
		}
		tag := src[s : s+gt]
		body := s + gt + 1
		closeAt := strings.Index(src[body:], "</outgoingServer>")
		if closeAt < 0 {
			errLine, errMsg = line, "<outgoingServer> has no matching </outgoingServer>"
			goto fail
		}
		closeAt += body
		typ := cfgXMLAttr(tag, "type")
		if typ == "" || strings.EqualFold(typ, "smtp") {
			srv := cfgXMLServer{start: s, end: closeAt, bodyStart: body, line: line}
			for k, name := range cfgXMLNames {
				srv.fields[k] = cfgXMLChildren(src, text, body, closeAt, name)
			}
			return srv, nil
		}
		i = closeAt
	}
fail:
	return cfgXMLServer{}, &ParseError{Line: errLine, Msg: errMsg}
}

// cfgXMLAttr returns the value of attribute name in an opening tag.
func cfgXMLAttr(tag, name string) string {
	for _, q := range []string{"\"", "'"} {
		k := strings.Index(tag, name+"="+q)
		if k >= 0 {
			rest := tag[k+len(name)+2:]
			if e := strings.Index(rest, q); e >= 0 {
				return rest[:e]
			}
		}
	}
	return ""
}

// cfgXMLChildren finds <name>content</name> between from and to.
func cfgXMLChildren(src, orig string, from, to int, name string) []cfgXMLField {
	var out []cfgXMLField
	i := from
	for i < to {
		s := strings.Index(src[i:to], "<"+name)
		if s < 0 {
			break
		}
		s += i
		after := s + 1 + len(name)
		if after >= to || (src[after] != '>' && src[after] != ' ' && src[after] != '/' && src[after] != '\t') {
			i = after
			continue
		}
		gt := strings.IndexByte(src[after:to], '>')
		if gt < 0 {
			break
		}
		if src[after+gt-1] == '/' { // <name/>
			i = after + gt + 1
			continue
		}
		cs := after + gt + 1
		ce := strings.Index(src[cs:to], "</"+name+">")
		if ce < 0 {
			break
		}
		ce += cs
		raw := orig[cs:ce]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n"))
		trail := len(raw) - len(strings.TrimRight(raw, " \t\r\n"))
		if lead == len(raw) {
			trail = 0
		}
		out = append(out, cfgXMLField{
			text:  cfgXMLUnescape(rules.TrimSpace(raw)),
			start: cs + lead, end: ce - trail,
			line: 1 + strings.Count(src[:cs], "\n"),
		})
		i = ce
	}
	return out
}

// cfgXMLUnescape replaces XML's five predefined entities. &amp; goes
// last, so that "&amp;lt;" becomes "&lt;" and not "<".
func cfgXMLUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	for _, p := range cfgXMLEntities {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

var cfgXMLEntities = [...][2]string{{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}

// cfgXMLEscape escapes the characters that end text content: & first, so
// that the others' entities are not escaped again.
func cfgXMLEscape(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

func cfgParseAutoconfig(out *Parsed, text string, _ *cfgCode) error {
	srv, err := cfgFindOutgoing(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{}
	// The first of each field: hostname, port, socketType, username.
	var first [4]*cfgXMLField
	for k, f := range srv.fields[:4] {
		if len(f) > 0 {
			first[k] = &f[0]
		}
	}
	if f := first[0]; f != nil {
		b.p.Settings.Host = strings.ToLower(f.text)
		if strings.Contains(f.text, "%") {
			b.note("the hostname has a placeholder that Thunderbird fills in from the address")
		}
	} else {
		return &ParseError{Line: srv.line, Msg: "<outgoingServer> has no <hostname>"}
	}
	if f := first[1]; f != nil {
		n, err := strconv.Atoi(f.text)
		if err != nil || n < 1 || n > 65535 {
			return &ParseError{Line: f.line, Msg: "<port> is not a number between 1 and 65535"}
		}
		b.p.Settings.Port = n
	}
	if f := first[2]; f != nil {
		switch strings.ToUpper(f.text) {
		case "SSL", "TLS":
			b.p.Settings.Security = rules.SecurityImplicit
		case "STARTTLS":
			b.p.Settings.Security = rules.SecurityStartTLS
		case "PLAIN":
			b.p.Settings.Security = rules.SecurityNone
		default:
			b.note("<socketType> must be SSL, STARTTLS or plain")
		}
	}
	password := false // a password-cleartext or password-encrypted method
	for _, f := range srv.fields[4] {
		t := strings.ToLower(f.text)
		password = password || strings.HasPrefix(t, "password")
		switch t {
		case "oauth2":
			b.oauth = true
		case "none", "client-ip-address", "smtp-after-pop":
			b.authOff = true
		case "password-cleartext", "password-encrypted", "secure":
			b.p.Settings.Auth = rules.AuthPassword
		}
	}
	if f := first[3]; f != nil {
		b.p.Settings.Username = f.text
		if strings.Contains(f.text, "%") {
			shown := f.text
			if len(shown) > 40 {
				shown = "a placeholder"
			}
			b.note("the username is a placeholder (" + shown + ") that Thunderbird fills in from the address")
		}
	}
	b.done(rules.LibMailClient, rules.UseMailClient, out)
	if password && !b.oauth {
		out.Settings.Auth = rules.AuthPassword
	}
	return nil
}

// plainText shows a value in a text snippet (the mail-client settings): as
// is when printable, otherwise Go-quoted so that a line break shows as \n.
func plainText(s string) string {
	for _, r := range s { // an invalid byte arrives as U+FFFD
		if needsHexEscape(r) || r == utf8.RuneError {
			return quoteGo(s)
		}
	}
	return s
}

func (r *cfgRewriter) rewriteAutoconfig() error {
	srv, err := cfgFindOutgoing(r.src)
	if err != nil {
		return err
	}
	indent := ""
	if hs := srv.fields[0]; len(hs) > 0 {
		tagStart := strings.LastIndex(r.src[:hs[0].start], "<hostname")
		_, indent = r.lineStart(tagStart)
	}
	vals := [4]string{r.want.Host, r.wp, bySecurity(r.want.Security, "SSL", "STARTTLS", "plain"), r.fixed.Username}
	on := [4]bool{r.hc, r.pc, r.sc, r.uc}
	for i, name := range cfgXMLNames[:4] {
		if !on[i] {
			continue
		}
		val := cfgXMLEscape(vals[i])
		if f := srv.fields[i]; len(f) > 0 {
			r.edit(f[0].start, f[0].end, val)
			continue
		}
		// Before </outgoingServer>, on its own line.
		tag := "<" + name + ">" + val + "</" + name + ">"
		at := srv.end
		if ls, closeIndent := r.lineStart(srv.end); ls+len(closeIndent) == srv.end {
			ind := indent
			if ind == "" {
				ind = closeIndent + "  "
			}
			at, tag = ls, ind+tag+r.nl
		}
		r.edit(at, at, tag)
	}
	return nil
}

const tmplMailClient = `«header»

Outgoing server (SMTP)
Server name: «host»
Port: «port»
?implicit Connection security: SSL/TLS
?none Connection security: None
?starttls Connection security: STARTTLS
?nologin Authentication: None
?login,oauth Authentication: OAuth2
?login,notoauth Authentication: Normal password
?login User name: «user»
?login,app Password: an app password, not the account password
?login,apikey Password: the provider's API key or SMTP key
?login,oauth Password: none; the client signs you in with OAuth2
?login,pw Password: your password

In Thunderbird, Apple Mail and Outlook, "SSL/TLS" means implicit TLS (TLS from the
first byte, port 465) and "STARTTLS" means upgrading after connecting (port 587).
`
