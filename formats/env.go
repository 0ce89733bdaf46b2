package formats

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/whichport/whichport/rules"
)

// Env is a block of KEY=value lines (.env files, docker-compose environment:
// blocks): Laravel MAIL_*, Django EMAIL_*, Flask-Mail, generic SMTP_* and
// *_URL / *_DSN keys.
const Env Format = "env"

var envSpec = spec{
	name: Env,
	menu: 1,
	clues: []clue{
		{score: 55, any: []string{"environment:"}, and: []string{"SMTP_", "MAIL_", "EMAIL_"}}, // a docker-compose service
		{score: 50, test: cfgLooksEnv},
	},
	input:   cfgLinesEnv,
	read:    cfgParseEnv,
	rewrite: (*cfgRewriter).rewriteEnv,
}

func init() {
	register(envSpec)
}

// cfgLooksEnv reports whether most non-comment lines are KEY=value.
func cfgLooksEnv(t string) bool {
	good, bad := 0, 0
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		line = strings.TrimPrefix(line, "- ")
		k := 0
		for k < len(line) && cfgIsKeyChar(line[k]) && line[k] != '.' {
			k++
		}
		rest := strings.TrimLeft(line[k:], " \t")
		if k > 0 && rest != "" && (rest[0] == '=' || rest[0] == ':') && strings.ToUpper(line[:k]) == line[:k] {
			good++
		} else {
			bad++
		}
	}
	return good > 0 && good >= bad
}

// cfgParseEnv reads a .env block: Laravel MAIL_*, Django EMAIL_*,
// Flask-Mail MAIL_SERVER, generic SMTP_*, or a *_URL / *_DSN with an SMTP URL.
func cfgParseEnv(out *Parsed, text string, code *cfgCode) error {
	return cfgInterpretKeys(out, code, Env)
}

// cfgKeyFamily says which naming scheme a block of keys uses.
type cfgKeyFamily uint8

const (
	cfgFamilyNone    cfgKeyFamily = iota
	cfgFamilyLaravel              // MAIL_HOST, MAIL_ENCRYPTION, MAIL_SCHEME
	cfgFamilyDjango               // EMAIL_HOST, EMAIL_USE_TLS
	cfgFamilyFlask                // MAIL_SERVER, MAIL_USE_TLS
	cfgFamilyGeneric              // SMTP_HOST, SMTP_SECURE
	cfgFamilyURL                  // MAIL_URL / MAILER_DSN / SMTP_URL only
)

func cfgFamily(code *cfgCode) cfgKeyFamily {
	for _, f := range cfgFamilies {
		if f.keys == "" && cfgURLEntry(code) != nil || f.keys != "" && code.findKeyList(f.keys) != nil {
			return f.fam
		}
	}
	return cfgFamilyNone
}

// cfgFamilies are tried in order: the first whose keys are set wins; ""
// stands for a *_URL or *_DSN key holding an SMTP URL.
var cfgFamilies = [...]struct {
	fam  cfgKeyFamily
	keys string
}{
	{cfgFamilyDjango, "EMAIL_HOST|EMAIL_USE_TLS|EMAIL_USE_SSL|EMAIL_HOST_USER"},
	{cfgFamilyFlask, "MAIL_SERVER|MAIL_USE_TLS|MAIL_USE_SSL"},
	{cfgFamilyLaravel, "MAIL_HOST|MAIL_MAILER|MAIL_ENCRYPTION|MAIL_SCHEME|MAIL_DRIVER"},
	{cfgFamilyGeneric, "SMTP_HOST|SMTP_SERVER|SMTP_HOSTNAME|SMTP_ADDRESS|EMAIL_SERVER_HOST|EMAIL_SMTP_HOST|MAIL_SMTP_HOST"},
	{cfgFamilyURL, ""},
	{cfgFamilyGeneric, "SMTP_PORT|SMTP_USER|SMTP_SECURE"},
}

// cfgURLEntry finds a *_URL or *_DSN key holding an SMTP URL.
func cfgURLEntry(code *cfgCode) *cfgEntry {
	for i := len(code.entries) - 1; i >= 0; i-- {
		e := &code.entries[i]
		k := strings.ToUpper(e.key)
		if !strings.HasSuffix(k, "_URL") && !strings.HasSuffix(k, "_DSN") && k != "URL" && k != "DSN" {
			continue
		}
		if e.val.kind != cfgValString {
			continue
		}
		if j := strings.Index(e.val.text, "://"); j > 0 && cfgIsURLScheme(strings.ToLower(e.val.text[:j])) {
			return e
		}
	}
	return nil
}

// cfgURLSpan returns the span of the URL text inside an entry's value.
func cfgURLSpan(e *cfgEntry) (int, int) {
	if e.val.quote != 0 {
		return e.val.start + 1, e.val.end - 1
	}
	return e.val.start, e.val.end
}

func cfgInterpretKeys(out *Parsed, code *cfgCode, f Format) error {
	b := &cfgBuild{code: code}
	fam := cfgFamily(code)
	lib := rules.LibOther
	switch fam {
	case cfgFamilyNone:
		if f == Django {
			return &ParseError{Msg: "found no EMAIL_HOST, EMAIL_PORT or EMAIL_USE_TLS setting"}
		}
		return &ParseError{Msg: "found no mail settings: expected keys such as MAIL_HOST, EMAIL_HOST, SMTP_HOST or an smtp:// URL"}
	case cfgFamilyURL:
		e := cfgURLEntry(code)
		s, end := cfgURLSpan(e)
		u, err := cfgParseURL(code.src, s, end, e.line)
		if err != nil {
			return err
		}
		symfony := false
		switch switchText := strings.ToUpper(e.key); {
		case switchText == "EMAIL_URL":
			lib = rules.LibDjango
		case switchText == "MAIL_URL":
			lib, symfony = rules.LibLaravel, true
		case switchText == "MAILER_DSN":
			symfony = true
		}
		b.fromURL(&u, symfony)
		return b.done(lib, rules.UseApplication, out)
	case cfgFamilyDjango, cfgFamilyFlask:
		d := &cfgPyMailKeys[0]
		if fam == cfgFamilyDjango {
			lib = rules.LibDjango
			if v := code.keyVal("EMAIL_BACKEND"); v != nil && v.kind == cfgValString && !strings.Contains(v.text, "smtp") {
				b.note("EMAIL_BACKEND is not the SMTP backend: Django will not connect to any SMTP server")
			}
		} else {
			d = &cfgPyMailKeys[1]
		}
		var kv [6]*cfgValue
		code.keyVals(d.keys[:], kv[:])
		b.setHostOr(kv[0], d.keys[0], "localhost", d.hostNote)
		b.setPortOr(kv[1], d.keys[1], 25, d.portNote)
		if b.p.Settings.Port == 0 && kv[1] != nil && b.code.resolve(kv[1]) == nil {
			b.p.Settings.Port = 25
			b.note(d.keys[1] + " has no default next to it: when the variable is unset, the port is 25")
		}
		b.setUserIf(kv[2], d.keys[2])
		b.setPassword(kv[3])
		b.useTLSPair(kv[4], kv[5], d.keys[4], d.keys[5], d.both)
	case cfgFamilyLaravel:
		lib = rules.LibLaravel
		b.laravel()
	case cfgFamilyGeneric:
		b.generic()
	}
	return b.done(lib, rules.UseApplication, out)
}

// useTLSPair maps Django-style USE_TLS / USE_SSL flags.
func (b *cfgBuild) useTLSPair(tlsV, sslV *cfgValue, tlsName, sslName, both string) {
	useTLS, tlsKnown := b.boolOf(tlsV, tlsName)
	useSSL, sslKnown := b.boolOf(sslV, sslName)
	if tlsV == nil {
		tlsKnown = true
	}
	if sslV == nil {
		sslKnown = true
	}
	switch {
	case useTLS && useSSL:
		b.note("both " + tlsName + " and " + sslName + " are True: " + both + "; keep only one")
	case useSSL:
		b.p.Settings.Security = rules.SecurityImplicit
	case useTLS:
		b.p.Settings.Security = rules.SecurityStartTLS
	case tlsKnown && sslKnown:
		b.p.Settings.Security = rules.SecurityNone
	}
}

// generic maps SMTP_* keys and the like, whose meaning depends on the
// program reading them; the common meanings are used.
func (b *cfgBuild) generic() {
	c := b.code
	var kv [4]*cfgValue
	c.keyVals(cfgGenericKeys[:4], kv[:])
	if kv[0] != nil {
		b.setHost(kv[0], "SMTP_HOST")
	}
	if kv[1] != nil {
		b.setPort(kv[1], "SMTP_PORT")
	}
	b.setUserIf(kv[2], "SMTP_USER")
	b.setPassword(kv[3])
	if e := c.findKeyList(cfgGenericKeys[4]); e != nil {
		b.p.Settings.Security = cfgGenericSecurity(strings.ToUpper(e.key), e.val.text)
		if b.p.Settings.Security == rules.SecurityUnset {
			b.note(cfgSafeKey(e.key) + " has a value whose meaning is unclear")
		}
	}
	if b.p.Settings.Security == rules.SecurityUnset && b.p.Settings.Port != 0 {
		b.note("no SMTP_SECURE or similar key: the TLS mode depends on the program that reads these variables")
	}
}

// cfgGenericKeys are the keys generic reads: host, port, user, password,
// TLS mode.
var cfgGenericKeys = [...]string{
	"SMTP_HOST|SMTP_SERVER|SMTP_HOSTNAME|SMTP_ADDRESS|EMAIL_SERVER_HOST|EMAIL_SMTP_HOST|MAIL_SMTP_HOST",
	"SMTP_PORT|EMAIL_SERVER_PORT|EMAIL_SMTP_PORT|MAIL_SMTP_PORT",
	"SMTP_USER|SMTP_USERNAME|SMTP_LOGIN|SMTP_AUTH_USER|EMAIL_SERVER_USER|SMTP_FROM_USER",
	"SMTP_PASS|SMTP_PASSWORD|SMTP_AUTH_PASS|SMTP_AUTH_PASSWORD|EMAIL_SERVER_PASSWORD|SMTP_KEY",
	"SMTP_SECURE|SMTP_SSL|SMTP_USE_SSL|SMTP_TLS|SMTP_USE_TLS|SMTP_STARTTLS|SMTP_ENCRYPTION|SMTP_SECURITY|EMAIL_SERVER_SECURE",
}

func cfgGenericSecurity(key, val string) rules.Security {
	v := strings.ToLower(trimSpace(val))
	yes := slices.Contains([]string{"true", "1", "yes", "on"}, v)
	no := slices.Contains([]string{"false", "0", "no", "off", "none", ""}, v)
	switch {
	case slices.Contains([]string{"ssl", "smtps", "implicit", "tls-wrapper", "wrapper", "ssl/tls"}, v):
		return rules.SecurityImplicit
	case slices.Contains([]string{"tls", "starttls", "required", "opportunistic"}, v):
		return rules.SecurityStartTLS
	case slices.Contains([]string{"none", "plain", "plaintext"}, v):
		return rules.SecurityNone
	}
	switch {
	case containsAny(key, "SECURE", "SSL"):
		if yes {
			return rules.SecurityImplicit
		}
		if no {
			return rules.SecurityStartTLS // SMTP_SECURE=false is nodemailer's secure: false
		}
	case strings.Contains(key, "TLS"):
		if yes {
			return rules.SecurityStartTLS
		}
		if no {
			return rules.SecurityNone
		}
	}
	return rules.SecurityUnset
}

// quoteEnv writes a .env value (Laravel reads it with vlucas/phpdotenv):
// bare when it holds only safe characters, otherwise double-quoted with the
// escapes phpdotenv knows (\" \\ \$ \n \r \t \f \v); other control
// characters, which it has no escape for, are dropped.
func quoteEnv(s string) string {
	if s != "" && envBareSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if r < utf8.RuneSelf {
			if k := strings.IndexByte("\"\\$\n\r\t\f\v", byte(r)); k >= 0 {
				b.WriteByte('\\')
				b.WriteByte(`"\$nrtfv`[k])
				continue
			}
		}
		if !needsHexEscape(r) {
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func envBareSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._@+-:/", c) >= 0) {
			return false
		}
	}
	return true
}

// rwKeyNames are one family's mail keys: the host, port and user keys a
// new line is written with, the "|" lists each is looked up by, the keys
// after which new lines go when there is no host key, and the TLS keys.
type rwKeyNames struct {
	keys, lists [3]string
	anchor      string
	tls, ssl    string
}

var rwKeyFamilies = [...]rwKeyNames{
	{[3]string{"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"}, [3]string{"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"},
		"EMAIL_PORT|EMAIL_USE_TLS|EMAIL_USE_SSL|EMAIL_HOST_USER", "EMAIL_USE_TLS", "EMAIL_USE_SSL"},
	{[3]string{"MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME"}, [3]string{"MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME"},
		"MAIL_PORT|MAIL_USE_TLS|MAIL_USE_SSL|MAIL_USERNAME", "MAIL_USE_TLS", "MAIL_USE_SSL"},
	{[3]string{"MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME"}, [3]string{"MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME"},
		"MAIL_MAILER|MAIL_PORT|MAIL_USERNAME", "", ""},
	{[3]string{"SMTP_HOST", "SMTP_PORT", "SMTP_USER"}, [3]string{
		"SMTP_HOST|SMTP_SERVER|SMTP_HOSTNAME|SMTP_ADDRESS|EMAIL_SERVER_HOST|EMAIL_SMTP_HOST|MAIL_SMTP_HOST",
		"SMTP_PORT|EMAIL_SERVER_PORT|EMAIL_SMTP_PORT|MAIL_SMTP_PORT",
		"SMTP_USER|SMTP_USERNAME|SMTP_LOGIN|SMTP_AUTH_USER|EMAIL_SERVER_USER|SMTP_FROM_USER"},
		"SMTP_PORT|SMTP_USER|SMTP_SECURE", "", ""},
}

// rwFindKeys is code.findKey for a "|" list of names.
func rwFindKeys(code *cfgCode, list string) *cfgEntry {
	for i := len(code.entries) - 1; i >= 0; i-- {
		e := &code.entries[i]
		l := list
		for {
			j := 0
			for j < len(l) && l[j] != '|' {
				j++
			}
			if strings.EqualFold(e.key, l[:j]) {
				return e
			}
			if j == len(l) {
				break
			}
			l = l[j+1:]
		}
	}
	return nil
}

// keySet sets an env or settings.py key, or writes a new KEY=value line
// after the anchor line (or at the end) in the file's own style.
// kind is 0 for a number or boolean, 1 for a string, 2 for the user name
// (which, read from the environment, stays so).
func (r *cfgRewriter) keySet(e *cfgEntry, key, val string, kind byte) {
	anchor, python := r.anchor, r.python
	isString := kind != 0
	if e != nil {
		r.setValue(&e.val, val, isString && python, kind != 2)
		return
	}
	if python && isString {
		val = cfgQuote(val, r.q)
	}
	line := key + pickString(python, " = ", "=") + val
	if anchor == nil {
		r.edit(len(r.src), len(r.src), r.nl+line+r.nl)
		return
	}
	// Write the new key the way the anchor line is written:
	// its indentation, "export " or "- ", and "=", " = " or ": ".
	ls, _ := r.lineStart(anchor.val.start)
	head := r.src[ls:anchor.val.start]
	if len(r.orig) == len(r.src) {
		head = r.orig[ls:anchor.val.start] // with its wrapper: export, - , -e "
	}
	if k := strings.Index(head, anchor.key); k >= 0 {
		line = head[:k] + key + head[k+len(anchor.key):] + val
	}
	r.insertLineAfter(anchor.val.end, line)
}

// rewriteKeys handles env files and settings.py: Laravel, Django, Flask,
// generic SMTP_* and *_URL keys.
func (r *cfgRewriter) rewriteKeys(code *cfgCode, python bool) error {
	fam := cfgFamily(code)
	var n *rwKeyNames
	switch fam {
	case cfgFamilyURL:
		e := cfgURLEntry(code)
		s, end := cfgURLSpan(e)
		k := strings.ToUpper(e.key)
		r.symfony = k == "MAILER_DSN" || k == "MAIL_URL"
		return r.rewriteURL(s, end, e.line, false)
	case cfgFamilyDjango:
		n = &rwKeyFamilies[0]
	case cfgFamilyFlask:
		n = &rwKeyFamilies[1]
	case cfgFamilyLaravel:
		n = &rwKeyFamilies[2]
	case cfgFamilyGeneric:
		n = &rwKeyFamilies[3]
	default:
		return rwErr("found no mail settings to rewrite")
	}
	// New lines go after the host line, or the first mail key.
	anchor := rwFindKeys(code, n.lists[0])
	if anchor == nil {
		anchor = rwFindKeys(code, n.anchor)
	}
	r.anchor, r.python = anchor, python
	vals, on := [3]string{r.fixed.Host, r.wp, r.fixed.Username}, [3]bool{r.hc, r.pc, r.uc}
	for j := range n.lists {
		if on[j] {
			r.keySet(rwFindKeys(code, n.lists[j]), n.keys[j], vals[j], [3]byte{1, 0, 2}[j])
		}
	}
	switch fam {
	case cfgFamilyDjango, cfgFamilyFlask:
		if r.sc {
			// EMAIL_USE_TLS says STARTTLS, EMAIL_USE_SSL implicit TLS.
			for j, key := range [2]string{n.tls, n.ssl} {
				want := r.implicit
				if j == 0 {
					want = r.starttls
				}
				if e := rwFindKeys(code, key); e != nil || want {
					r.keySet(e, key, pickString(want, "True", "False"), 0)
				}
			}
		}
	case cfgFamilyLaravel:
		if r.sc || r.pc {
			msg := "Laravel's mail settings cannot turn TLS off: it uses STARTTLS whenever the server offers it"
			if r.starttls && r.want.Port == 465 {
				msg = "Laravel always uses implicit TLS on port 465; STARTTLS needs another port such as 587"
			}
			if r.none || r.starttls && r.want.Port == 465 {
				return rwErr(msg)
			}
			scheme, enc := code.findKey("MAIL_SCHEME"), code.findKey("MAIL_ENCRYPTION")
			implicit := r.implicit
			if scheme != nil || implicit && r.want.Port != 465 {
				r.keySet(scheme, "MAIL_SCHEME", pickString(implicit, "smtps", "smtp"), 1)
			}
			if enc != nil && !strings.EqualFold(enc.val.text, "null") {
				r.keySet(enc, "MAIL_ENCRYPTION", pickString(implicit, "ssl", "tls"), 1)
			}
		}
	default:
		if r.sc {
			e := rwFindKeys(code, "SMTP_SECURE|SMTP_SSL|SMTP_USE_SSL|SMTP_TLS|SMTP_USE_TLS|SMTP_STARTTLS|SMTP_ENCRYPTION|SMTP_SECURITY|EMAIL_SERVER_SECURE")
			val, ok := cfgGenericWrite(e, r.want.Security)
			if !ok {
				return rwErr("SMTP_SECURE can only say implicit TLS (true) or STARTTLS (false)")
			}
			key := "SMTP_SECURE"
			if e != nil {
				key = e.key
			}
			r.keySet(e, key, val, 1)
		}
	}
	return nil
}

// cfgGenericWrite picks the value of a generic security key for sec, in
// the style the key already uses.
func cfgGenericWrite(e *cfgEntry, sec rules.Security) (string, bool) {
	key, old := "SMTP_SECURE", ""
	if e != nil {
		key, old = strings.ToUpper(e.key), strings.ToLower(e.val.text)
	}
	if slices.Contains([]string{"ssl", "tls", "starttls", "none", "smtps", "implicit", "plain"}, old) || containsAny(key, "ENCRYPTION", "SECURITY") {
		return bySecurity(sec, "ssl", "tls", "none"), true
	}
	v := ""
	switch {
	case containsAny(key, "SECURE", "SSL"):
		v = bySecurity(sec, "true", "false", "")
	case strings.Contains(key, "TLS"):
		v = bySecurity(sec, "", "true", "false")
	}
	return v, v != ""
}

// rewriteEnv rewrites KEY=value lines.
func (r *cfgRewriter) rewriteEnv() error {
	code, err := cfgLines(r.src, cfgLinesEnv)
	if err != nil {
		return err
	}
	return r.rewriteKeys(code, false)
}
