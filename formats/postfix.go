package formats

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whichport/whichport/rules"
)

// Postfix is a Postfix main.cf relaying through a smarthost (relayhost).
const Postfix Format = "postfix"

// postfixLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {postfix.word}
// slots (rules.LibraryText).
var postfixLibrary = rules.LibraryInfo{
	ID: rules.LibPostfix, Name: "Postfix (relayhost)", Implicit: "relayhost = [host]:465, smtp_tls_wrappermode = yes, smtp_tls_security_level = encrypt", StartTLS: "relayhost = [host]:587, smtp_tls_security_level = encrypt",
	Trap: "Without smtp_tls_wrappermode = yes, port 465 hangs. The brackets around the host suppress the MX lookup.",
	Forms: [3]string{
		"relayhost = [%h]:%p; smtp_tls_wrappermode = yes; smtp_tls_security_level = encrypt",
		"relayhost = [%h]:%p; smtp_tls_security_level = encrypt",
		"relayhost = [%h]:%p; smtp_tls_security_level = may",
	},
	Words: []rules.Word{
		{"relayhost", "relayhost"},
		{"auth-only", "smtpd_tls_auth_only = yes"},
		{"wrappermode", "smtp_tls_wrappermode = yes"},
		{rules.WordOnImplicitPort, "Postfix without smtp_tls_wrappermode = yes hangs, then times out"},
		{rules.WordFixWrongVersion, "Postfix: relayhost = [host]:587 without smtp_tls_wrappermode; wrappermode only with port 465."},
		{rules.WordFixNoGreeting, "Postfix: smtp_tls_wrappermode = yes and smtp_tls_security_level = encrypt with relayhost = [host]:465."},
		{rules.WordFixNeedsStartTLS, "Postfix: smtp_tls_security_level = encrypt."},
	},
	Options: []string{"smtp_tls_wrappermode", "smtp_tls_security_level", "relayhost", "smtpd_tls_auth_only"},
}

var postfixSpec = spec{
	name: Postfix,
	menu: 10,
	clues: []clue{
		{score: 70, test: func(t string) bool {
			return cfgHasLineKey(t, "relayhost", "smtp_tls_security_level", "smtp_tls_wrappermode", "smtp_sasl_auth_enable", "smtp_sasl_password_maps", "smtp_use_tls", "smtp_enforce_tls")
		}},
	},
	input:   cfgLinesPostfix,
	read:    cfgParsePostfix,
	rewrite: (*cfgRewriter).rewritePostfix,
}

var libPostfixSnippet = snippetWriter{
	lib: rules.LibPostfix, title: "Postfix — main.cf relayhost", codeLang: &codeLang{language: "ini", comment: "# ", quote: postfixRaw, envUser: "USERNAME"},
	template: tmplPostfix,
}

func init() {
	rules.RegisterLibrary(&postfixLibrary)
	register(postfixSpec)
	registerSnippet(libPostfixSnippet)
}

// cfgParsePostfix reads main.cf: relayhost and the smtp_tls_* /
// smtp_sasl_* client settings.
func cfgParsePostfix(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var kv [len(cfgPostfixNames)]*cfgValue
	code.keyVals(cfgPostfixNames[:], kv[:])
	if v := kv[0]; v != nil && rules.TrimSpace(v.text) != "" {
		host, port, bracket, many := cfgRelayhost(v.text)
		if many {
			b.note("relayhost lists several hosts; the first one is checked here")
		}
		if !bracket {
			b.note("relayhost without [brackets]: Postfix looks up the MX records of that name instead of connecting to it")
		}
		b.p.Settings.Host = strings.ToLower(host)
		if port == 0 {
			port = 25
			b.note("relayhost has no :port: Postfix uses 25")
		}
		b.p.Settings.Port = port
	} else {
		b.p.Settings.Port = 25
		b.note("relayhost is empty: Postfix delivers straight to each recipient's MX on port 25")
	}
	level := ""
	if v := kv[1]; v != nil {
		level = strings.ToLower(rules.TrimSpace(v.text))
	} else if v := kv[2]; v != nil && cfgPostfixYes(v.text) {
		level = "encrypt"
	} else if v := kv[3]; v != nil && cfgPostfixYes(v.text) {
		level = "may"
	}
	wrapper := false
	if v := kv[4]; v != nil {
		wrapper = cfgPostfixYes(v.text)
	}
	strong := slices.Contains(postfixStrongLevels, level)
	switch {
	case wrapper:
		b.p.Settings.Security = rules.SecurityImplicit
		if !strong {
			b.note("smtp_tls_wrappermode = yes needs smtp_tls_security_level = encrypt (or stronger)")
		}
	case level == "may" || level == "dane":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("smtp_tls_security_level = " + level + " uses STARTTLS only when the server offers it; encrypt insists")
	case strong:
		b.p.Settings.Security = rules.SecurityStartTLS
	case level == "" || level == "none":
		b.p.Settings.Security = rules.SecurityNone
	default:
		b.note("smtp_tls_security_level has a value Postfix does not know")
	}
	relay := ""
	if kv[0] != nil {
		relay = kv[0].text
	}
	sasl, other := cfgSaslPasswdFor(code, relay) // a sasl_passwd line pasted along
	if v := kv[5]; v != nil {
		if cfgPostfixYes(v.text) {
			if m := kv[6]; m != nil && rules.TrimSpace(m.text) != "" {
				b.p.Settings.PasswordPresent = true
				if sasl == nil {
					b.note("the user name and password live in smtp_sasl_password_maps, which is not part of this text")
				}
			} else {
				b.note("smtp_sasl_auth_enable = yes but smtp_sasl_password_maps is not set: Postfix has no password to send")
			}
			b.p.Settings.Auth = rules.AuthPassword
		} else {
			b.authOff = true
		}
	}
	switch {
	case sasl != nil:
		i := sasl[len(sasl)-1] // the last one, as for every key
		b.setUser(&code.entries[i+1].val, "the sasl_passwd line")
		b.setPassword(&code.entries[i+2].val)
		b.note("the user name is read from the sasl_passwd line for " + b.p.Settings.Host + "; Postfix uses it when smtp_sasl_password_maps points to that table")
	case other:
		b.note("the sasl_passwd line names neither the relayhost as written nor its host name: Postfix will not use it")
	}
	b.done(rules.LibPostfix, rules.UseServerRelay, out)
	if out.Settings.Auth == rules.AuthUnset && !b.authOff {
		out.Settings.Auth = rules.AuthNone
	}
	return nil
}

// cfgSaslPasswdFor finds the sasl_passwd lines pasted along that Postfix
// would use for relayhost: smtp_sasl_glue.c looks up the remote host name,
// then the next hop as written ("[host]:port"). Each is the index of its
// nexthop entry, which its user and password entries follow. other is true
// when there are such lines and none is for relayhost.
func cfgSaslPasswdFor(code *cfgCode, relayhost string) (lines []int, other bool) {
	relayhost = rules.TrimSpace(relayhost)
	host, _, _, _ := cfgRelayhost(relayhost)
	for i := range code.entries {
		e := &code.entries[i]
		if e.key != "sasl_passwd.nexthop" || i+2 >= len(code.entries) {
			continue
		}
		k := rules.TrimSpace(e.val.text)
		if host != "" && (strings.EqualFold(k, host) || strings.EqualFold(k, relayhost)) {
			lines = append(lines, i)
		} else {
			other = true
		}
	}
	return lines, other && lines == nil
}

func cfgPostfixYes(s string) bool {
	return slices.Contains(cfgYesWords, strings.ToLower(rules.TrimSpace(s)))
}

// postfixStrongLevels are the smtp_tls_security_level values that insist
// on TLS.
var postfixStrongLevels = []string{"encrypt", "verify", "secure", "fingerprint", "dane-only"}

// cfgRelayhost splits "[host]:port" (or host:port, [host], host); many is
// true when several hosts are listed.
func cfgRelayhost(v string) (host string, port int, bracket, many bool) {
	v = rules.TrimSpace(v)
	if i := strings.IndexAny(v, ", \t"); i >= 0 {
		many = rules.TrimSpace(strings.Trim(v[i:], ", \t")) != ""
		v = v[:i]
	}
	rest := v
	if v != "" && v[0] == '[' {
		if rb := strings.IndexByte(v, ']'); rb > 0 {
			host, rest, bracket = v[1:rb], v[rb+1:], true
		}
	} else if c := strings.LastIndexByte(v, ':'); c >= 0 {
		host, rest = v[:c], v[c:]
	} else {
		host, rest = v, ""
	}
	if rest != "" && rest[0] == ':' {
		if n, err := strconv.Atoi(rest[1:]); err == nil && n > 0 && n < 65536 {
			port = n
		}
	}
	if len(host) > 5 && strings.EqualFold(host[:5], "ipv6:") {
		host = host[5:] // [ipv6:2001:db8::1]:587
	}
	if host == "" {
		host = v
	}
	return host, port, bracket, many
}

// cfgPostfixNames are the main.cf keys cfgParsePostfix reads, in the order of its kv array.
var cfgPostfixNames = [...]string{"relayhost", "smtp_tls_security_level", "smtp_enforce_tls", "smtp_use_tls", "smtp_tls_wrappermode", "smtp_sasl_auth_enable", "smtp_sasl_password_maps"}

// postfixHostSafe: a host Postfix can take in relayhost and as a
// sasl_passwd key: letters, digits, '.', '-', '_' (an IPv4 address fits).
func postfixHostSafe(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if cfgCharClass[c]&4 == 0 { // letters, digits, '.', '-', '_' (cfgIsKeyChar)
			return false
		}
	}
	return true
}

// postfixUserSafe: a username sasl_passwd can hold in "user:password".
func postfixUserSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == ':' || r == '#' || needsHexEscape(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func (r *cfgRewriter) rewritePostfix() error {
	code, err := cfgLines(r.src, cfgLinesPostfix)
	if err != nil {
		return err
	}
	// The keys written, each found where it is; new lines follow the
	// first of them there is (in the order of postfixRewriteKeys).
	var found [len(postfixRewriteKeys)]*cfgEntry
	var ref *cfgEntry
	for i, n := range postfixRewriteKeys {
		found[i] = code.findKey(n)
		if ref == nil {
			ref = found[i]
		}
	}
	// What to write, by the index of postfixRewriteKeys; "" leaves one alone.
	var vals [len(postfixRewriteKeys)]string
	if r.hc || r.pc {
		h := r.want.Host
		if h == "" {
			return rwErr("relayhost needs a host name")
		}
		if strings.Contains(h, ":") {
			h = "ipv6:" + h
		}
		vals[0] = "[" + h + "]:" + r.wp
	}
	if r.sc || r.hc || r.pc {
		level := ""
		levelE := found[1]
		if levelE != nil {
			level = strings.ToLower(rules.TrimSpace(levelE.val.text))
		}
		wrap := found[3]
		strong := slices.Contains(postfixStrongLevels, level)
		switch {
		case r.implicit:
			vals[3] = "yes"
			if !strong {
				vals[1] = "encrypt"
			}
		case r.starttls || r.none:
			if wrap != nil && cfgPostfixYes(wrap.val.text) {
				vals[3] = "no"
			}
			if r.starttls {
				if !strong && level != "may" && level != "dane" || r.sc && level != "" && !strong {
					vals[1] = "encrypt"
				}
			} else if levelE != nil || code.findKey("smtp_use_tls", "smtp_enforce_tls") != nil {
				vals[1] = "none"
			}
		}
	}
	for _, i := range [...]int{0, 3, 1} { // relayhost, smtp_tls_wrappermode, smtp_tls_security_level
		e, val := found[i], vals[i]
		if val == "" {
			continue
		}
		if e != nil {
			r.edit(e.val.start, e.val.end, val)
			continue
		}
		line := postfixRewriteKeys[i] + " = " + val
		if ref == nil {
			r.edit(len(r.src), len(r.src), cfgTrailingNL(r.src, r.nl)+line+r.nl)
			continue
		}
		_, indent := r.lineStart(ref.start) // an indented block stays one
		r.insertLineAfter(ref.start, indent+line)
	}
	// The user name lives in smtp_sasl_password_maps, not in main.cf; a
	// sasl_passwd line pasted along follows the relayhost and the user.
	oldRelay := ""
	if found[0] != nil {
		oldRelay = rules.TrimSpace(found[0].val.text)
	}
	sasl, _ := cfgSaslPasswdFor(code, oldRelay)
	for _, i := range sasl {
		e := &code.entries[i]
		switch {
		case strings.EqualFold(rules.TrimSpace(e.val.text), oldRelay) && vals[0] != "":
			r.edit(e.val.start, e.val.end, vals[0])
		case r.hc: // it names the host
			r.edit(e.val.start, e.val.end, r.want.Host)
		}
		if u := &code.entries[i+1]; r.uc && postfixUserSafe(r.want.Username) {
			r.edit(u.val.start, u.val.end, r.want.Username)
		}
	}
	return nil
}

// postfixRewriteKeys are the main.cf keys rewritePostfix looks at.
var postfixRewriteKeys = [...]string{"relayhost", "smtp_tls_security_level", "smtp_sasl_auth_enable", "smtp_tls_wrappermode"}

// postfixRaw: main.cf and sasl_passwd have no quoting (render checks the
// values instead).
func postfixRaw(s string) string { return s }

const tmplPostfix = `«header»
?badhost # The host given contains characters main.cf cannot hold: smtp.example.com stands in for it.
# /etc/postfix/main.cf: relay all outgoing mail through this host.
# The brackets stop Postfix from looking up MX records for it.
relayhost = [«host»]:«port»
?implicit smtp_tls_wrappermode = yes
?implicit # without wrappermode Postfix waits for a plaintext greeting on this port and hangs
?tls smtp_tls_security_level = encrypt
?none smtp_tls_security_level = may
?login,baduser # The username given contains characters sasl_passwd cannot hold: USERNAME stands in for it.
?login smtp_sasl_auth_enable = yes
?login smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
?login smtp_sasl_security_options = noanonymous
?login 
?login # /etc/postfix/sasl_passwd (then: chmod 600 /etc/postfix/sasl_passwd;
?login # postmap /etc/postfix/sasl_passwd; postfix reload)
?login [«host»]:«port» «user»:YOUR_SMTP_PASSWORD
`
