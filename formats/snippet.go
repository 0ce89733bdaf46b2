package formats

// Snippets: ready-to-paste configuration for every library and client of
// FACTS §5, written with each library's own option names. A snippet never
// holds a password: code reads it from the SMTP_PASSWORD environment
// variable, config files carry an obvious placeholder. Hosts and usernames
// are quoted for each language (quote.go) and never written into a
// comment.
//
// Each library's snippet is a template in its format's file (tmplNodemailer
// in nodemailer.go, ...), registered with registerSnippet; the texts read
// like the files they become. See snippetWriter.render for the syntax.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// SnippetFor writes ready-to-paste config for one library from settings
// (normally Report.Recommended applied to the person's settings). It
// returns false for a library it has no snippet for (LibUnset, LibOther).
//
// When Security is not given it is taken from the port (465, 2465 and 8465
// implicit TLS, anything else STARTTLS) and the snippet says so; when the
// port is not given it is 465 for implicit TLS, 587 for STARTTLS and 25 for
// none.
func SnippetFor(lib rules.Library, s rules.Settings) (Snippet, bool) {
	if w := snippetWriterFor(lib); w != nil {
		c := newSnipSettings(s)
		code, title := "", w.title
		if w.instead != nil {
			if other, why := w.instead(c); other != "" {
				code, w = why, snippetWriterFor(other)
			}
		}
		code += w.render(c)
		return Snippet{Library: lib, Title: title, Language: w.language, Code: code}, true
	}
	return Snippet{}, false
}

// Snippets writes config for every library of FACTS §5 and a mail client,
// in the order of FACTS §5.
func Snippets(s rules.Settings) []Snippet {
	out := make([]Snippet, 0, len(snippetWriters))
	for _, lib := range rules.Libraries() {
		if sn, ok := SnippetFor(lib, s); ok {
			out = append(out, sn)
		}
	}
	return out
}

type snippetWriter struct {
	lib   rules.Library
	title string
	*codeLang
	template string

	// instead, when set, may name another library whose snippet is written
	// for these settings, with a comment saying why.
	instead func(c snipSettings) (other rules.Library, why string)
}

func snippetWriterFor(lib rules.Library) *snippetWriter {
	for _, w := range snippetWriters {
		if w.lib == lib {
			return w
		}
	}
	return nil
}

// snippetWriters are the registered writers, one per library.
var snippetWriters []*snippetWriter

// registerSnippet adds the writer of a library's snippet; it is called from
// the init function of the file that holds the library's format.
func registerSnippet(w snippetWriter) {
	if snippetWriterFor(w.lib) != nil {
		panic("formats: two snippet writers for " + string(w.lib))
	}
	snippetWriters = append(snippetWriters, &w)
}

// render fills the template. A line "«header»" becomes the header comment.
// A line "?cond,cond rest" is kept as "rest" when every condition holds
// (see snipSettings.holds). «host», «port», «user» and «from» are replaced
// in one pass, so a value is never expanded again.
func (w *snippetWriter) render(c snipSettings) string {
	user := w.envUser
	if c.userGiven {
		user = w.quote(c.user)
	}
	host := w.quote(c.host)
	if w.lib == rules.LibPostfix { // no quoting there: placeholders, and the template says so
		if c.badHost = !postfixHostSafe(c.host); c.badHost {
			host = "smtp.example.com"
		}
		if c.badUser = c.userGiven && !postfixUserSafe(c.user); c.badUser {
			user = "USERNAME"
		}
	}
	values := [...]string{"host", host, "port", strconv.Itoa(c.port), "user", user, "from", w.quote(c.from())}
	var b strings.Builder
	for rest := w.template; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(line, "?") {
			conds, text, _ := strings.Cut(line[1:], " ")
			if !c.holds(conds) {
				continue
			}
			line = text
		}
		if line == "«header»" {
			c.header(&b, w.comment)
			continue
		}
		for {
			k := strings.Index(line, "«")
			if k < 0 {
				break
			}
			b.WriteString(line[:k])
			line = line[k+len("«"):]
			name, after, ok := strings.Cut(line, "»")
			if !ok {
				b.WriteString("«")
				continue
			}
			for i := 0; i < len(values); i += 2 {
				if values[i] == name {
					b.WriteString(values[i+1])
				}
			}
			line = after
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// snipSettings is Settings made complete for writing a snippet.
type snipSettings struct {
	host      string
	port      int
	sec       rules.Security // never SecurityUnset
	notes     []string       // plain-language lines for the header comment (no user data)
	user      string
	userGiven bool
	login     bool // the snippet logs in
	auth      rules.Auth
	// Postfix: the host or user name cannot be written as given into
	// main.cf or sasl_passwd; the template says what stands in for it.
	badHost, badUser bool
}

func newSnipSettings(s rules.Settings) snipSettings {
	c := snipSettings{host: s.Host, port: s.Port, sec: s.Security, user: s.Username, userGiven: s.Username != "", auth: s.Auth}
	if c.host == "" {
		c.host = "smtp.example.com"
		c.note("No host was given: replace smtp.example.com with your provider's SMTP host.", "", "")
	}
	if c.sec != rules.SecurityStartTLS && c.sec != rules.SecurityImplicit && c.sec != rules.SecurityNone {
		c.sec = rules.SecurityStartTLS
		if rules.ImplicitTLSPort(c.port) {
			c.sec = rules.SecurityImplicit
		}
		c.note("The TLS mode was not given; ", snipModeName(c.sec), " is assumed. Check it against your provider's documentation.")
	}
	if c.port <= 0 || c.port > 65535 {
		c.port = 587
		if c.sec == rules.SecurityImplicit {
			c.port = 465
		} else if c.sec == rules.SecurityNone {
			c.port = 25
		}
		c.note("No port was given: ", strconv.Itoa(c.port), " is the usual one for "+snipModeName(c.sec)+".")
	}
	pair := ""
	if c.sec == rules.SecurityImplicit && (c.port == 25 || c.port == 587 || c.port == 2525 || c.port == 2587) {
		pair = " usually speaks STARTTLS: implicit TLS there fails with \"wrong version number\". Check this pair."
	} else if c.sec == rules.SecurityStartTLS && rules.ImplicitTLSPort(c.port) {
		pair = " usually expects implicit TLS: STARTTLS there waits for a greeting that never comes. Check this pair."
	}
	if pair != "" {
		c.note("Port ", strconv.Itoa(c.port), pair)
	}
	c.login = s.Auth != rules.AuthNone
	for _, a := range snipAuthNotes {
		if a.auth == s.Auth {
			c.note(a.note, "", "")
		}
	}
	if c.sec == rules.SecurityNone {
		what := "the mail crosses"
		if c.login {
			what = "the password and the mail cross"
		}
		c.note("No TLS: ", what, " the network in clear. Use this only for a relay on the same machine or a trusted network.")
	}
	return c
}

// snipAuthNotes say what to put in place of the password, by kind of login.
var snipAuthNotes = []struct {
	auth rules.Auth
	note string
}{
	{rules.AuthAppPassword, "Password: use an app password, not the account password."},
	{rules.AuthAPIKey, "Password: use the provider's API key or SMTP key."},
	{rules.AuthOAuth2, "This account uses OAuth2: replace the password with an OAuth2 access token (XOAUTH2) as your library documents."},
}

// note adds a header note made of up to three parts.
func (c *snipSettings) note(a, b, d string) {
	c.notes = append(c.notes, a+b+d)
}

func snipModeName(s rules.Security) string {
	switch s {
	case rules.SecurityImplicit:
		return "implicit TLS"
	case rules.SecurityNone:
		return "no TLS"
	}
	return "STARTTLS"
}

// snipSummary is the first comment line: port and mode, no user data.
func (c snipSettings) summary() string {
	t := " with STARTTLS: plaintext greeting, then the upgrade to TLS."
	switch c.sec {
	case rules.SecurityImplicit:
		t = " with implicit TLS: TLS from the first byte (\"SSL/TLS\")."
	case rules.SecurityNone:
		t = " without TLS."
	}
	return "Port " + strconv.Itoa(c.port) + t
}

// header writes the summary and notes as comment lines.
func (c snipSettings) header(b *strings.Builder, prefix string) {
	b.WriteString(prefix + c.summary() + "\n")
	for _, n := range c.notes {
		b.WriteString(prefix + n + "\n")
	}
}

// from is the sender address used in the examples.
func (c snipSettings) from() string {
	if c.userGiven && strings.Contains(c.user, "@") {
		return c.user
	}
	return "you@example.com"
}

// holds reports whether every comma-separated template condition holds.
func (c snipSettings) holds(conds string) bool {
	imp, none := c.sec == rules.SecurityImplicit, c.sec == rules.SecurityNone
	oauth, app, key := c.auth == rules.AuthOAuth2, c.auth == rules.AuthAppPassword, c.auth == rules.AuthAPIKey
	facts := [...]bool{imp, c.sec == rules.SecurityStartTLS, none, !none, !imp, c.login, !c.login,
		oauth, !oauth, app, key, !oauth && !app && !key, c.badHost, c.badUser}
	for conds != "" {
		var cond string
		cond, conds, _ = strings.Cut(conds, ",")
		i := slices.Index(snipConds, cond)
		if i < 0 || !facts[i] {
			return false
		}
	}
	return true
}

// snipConds are the template conditions holds knows, in the order of its
// facts; any other condition never holds.
var snipConds = []string{"implicit", "starttls", "none", "tls", "notimplicit", "login", "nologin",
	"oauth", "notoauth", "app", "apikey", "pw", "badhost", "baduser"}
