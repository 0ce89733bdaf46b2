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
		// a docker-compose service, a Kubernetes ConfigMap or Secret
		{score: 55, any: []string{"environment:", "data:", "stringData:"}, and: []string{"SMTP_", "MAIL_", "EMAIL_"}},
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
	good, bad, shell, exports := 0, 0, 0, 0
	for rest := t; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = rules.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if o := strings.LastIndex(line, "|| export "); o > 0 && (line[0] == '[' || strings.HasPrefix(line, "test ")) {
			line = line[o+len("|| "):] // [[ -n $X ]] && export K=$X || export K=default
		}
		if strings.HasPrefix(line, "export ") {
			exports++
			line = line[len("export "):]
		}
		line = strings.TrimPrefix(line, "- ")
		k := 0
		for k < len(line) && cfgIsKeyChar(line[k]) && line[k] != '.' {
			k++
		}
		rest := strings.TrimLeft(line[k:], " \t")
		switch {
		case k > 0 && rest != "" && (rest[0] == '=' || rest[0] == ':') && strings.ToUpper(line[:k]) == line[:k]:
			good++
		case cfgShellCommand(line):
			shell++
			bad++
		default:
			bad++
		}
	}
	// In a shell script that exports its settings, the other commands
	// (echo, set -e, envsubst ...) are neither for nor against.
	if exports > 0 {
		bad -= shell
	}
	return good > 0 && good >= bad
}

// cfgShellCommand reports whether a line looks like a shell command: a
// lower-case command name and its arguments, or a [[ test ]].
func cfgShellCommand(line string) bool {
	if strings.HasPrefix(line, "[") {
		return true
	}
	n := 0
	for n < len(line) && (line[n] >= 'a' && line[n] <= 'z' || n > 0 && line[n] == '-') {
		n++
	}
	return n > 0 && (n == len(line) || line[n] == ' ')
}

// keyFamily is one library's names for its mail settings as KEY=value
// pairs, in a .env file or a settings.py. Each library's file declares its
// family (django.go, flask.go, laravel.go; the generic SMTP_* names are
// here); the Env and Django formats find out which family a text uses and
// let it read and rewrite the keys.
type keyFamily struct {
	lib rules.Library // rules.LibOther when the names are no one library's

	// marks are the keys whose presence says this family is in use.
	marks []string

	// The names each setting is looked up by (the last key set wins); a
	// missing key is written with the first name.
	host, port, user, password []string

	// anchor are the keys new lines follow when there is no host key.
	anchor []string

	// urlKey is the key the library reads a whole SMTP URL from, and
	// symfonyURL says that it reads it as a Symfony Mailer DSN.
	urlKey     string
	symfonyURL bool

	// read maps the keys to settings; rewriteTLS writes the TLS mode (and
	// checks what the port change means for it).
	read       func(b *cfgBuild, f *keyFamily)
	rewriteTLS func(r *cfgRewriter, code *cfgCode, f *keyFamily) error

	// tls holds the names of a USE_TLS / USE_SSL pair (Django, Flask-Mail).
	tls *flagPair
}

// keyFamilies are tried in order: the first family one of whose marks is
// set wins. A *_URL or *_DSN key holding an SMTP URL comes after them, and
// the generic family's weaker marks after that.
var keyFamilies = []*keyFamily{&djangoKeys, &flaskKeys, &laravelKeys, &genericKeys}

// findFamily returns the family code uses, the *_URL entry when the URL
// is all there is, or neither.
func findFamily(code *cfgCode) (*keyFamily, *cfgEntry) {
	for _, f := range keyFamilies {
		if code.findKey(f.marks...) != nil {
			return f, nil
		}
	}
	if e := cfgURLEntry(code); e != nil {
		return nil, e
	}
	if code.findKey(genericWeakMarks...) != nil || genericOtherHost(code) != nil {
		return &genericKeys, nil
	}
	return nil, nil
}

// urlKeyOwner says which library reads the URL key k, and whether it
// reads it as a Symfony Mailer DSN (which says "no TLS" with auto_tls).
func urlKeyOwner(k string) (rules.Library, bool) {
	for _, f := range keyFamilies {
		if f.urlKey != "" && f.urlKey == k {
			return f.lib, f.symfonyURL
		}
	}
	return rules.LibOther, k == "MAILER_DSN" // Symfony Mailer's own
}

// cfgParseEnv reads a .env block: Laravel MAIL_*, Django EMAIL_*,
// Flask-Mail MAIL_SERVER, generic SMTP_*, or a *_URL / *_DSN with an SMTP URL.
func cfgParseEnv(out *Parsed, text string, code *cfgCode) error {
	return cfgInterpretKeys(out, code, "found no mail settings: expected keys such as MAIL_HOST, EMAIL_HOST, SMTP_HOST or an smtp:// URL")
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

// cfgInterpretKeys reads the keys of code with the family they belong to;
// none is the error when they belong to none.
func cfgInterpretKeys(out *Parsed, code *cfgCode, none string) error {
	b := &cfgBuild{code: code}
	fam, urlEntry := findFamily(code)
	switch {
	case urlEntry != nil:
		s, end := cfgURLSpan(urlEntry)
		u, err := cfgParseURL(code.src, s, end, urlEntry.line)
		if err != nil {
			return err
		}
		lib, symfony := urlKeyOwner(strings.ToUpper(urlEntry.key))
		b.fromURL(&u, symfony)
		return b.done(lib, rules.UseApplication, out)
	case fam == nil:
		return &ParseError{Msg: none}
	}
	fam.read(b, fam)
	return b.done(fam.lib, rules.UseApplication, out)
}

// flagPair are a library's two yes/no keys for STARTTLS and implicit TLS
// (Django's pair, in django.go; Flask-Mail's MAIL_USE_TLS and
// MAIL_USE_SSL), and what it does when a key is missing or both are true.
type flagPair struct {
	startTLS, implicit string
	hostNote, portNote string // the library's defaults: localhost and 25
	both               string
}

// readFlagPair reads a family with a flagPair: host and port with the
// library's defaults, user, password and the pair.
func (b *cfgBuild) readFlagPair(f *keyFamily) {
	d, c := f.tls, b.code
	b.setHostOr(c.keyVal(f.host...), f.host[0], "localhost", d.hostNote)
	pv := c.keyVal(f.port...)
	b.setPortOr(pv, f.port[0], 25, d.portNote)
	if b.p.Settings.Port == 0 && pv != nil && b.code.resolve(pv) == nil {
		b.p.Settings.Port = 25
		b.note(f.port[0] + " has no default next to it: when the variable is unset, the port is 25")
	}
	b.setUserIf(c.keyVal(f.user...), f.user[0])
	b.setPassword(c.keyVal(f.password...))
	// The pair: Django-style USE_TLS / USE_SSL flags.
	tlsV, sslV := c.keyVal(d.startTLS), c.keyVal(d.implicit)
	useTLS, tlsKnown := b.boolOf(tlsV, d.startTLS)
	useSSL, sslKnown := b.boolOf(sslV, d.implicit)
	switch {
	case useTLS && useSSL:
		b.note("both " + d.startTLS + " and " + d.implicit + " are True: " + d.both + "; keep only one")
	case useSSL:
		b.p.Settings.Security = rules.SecurityImplicit
	case useTLS:
		b.p.Settings.Security = rules.SecurityStartTLS
	case (tlsKnown || tlsV == nil) && (sslKnown || sslV == nil):
		b.p.Settings.Security = rules.SecurityNone
	}
}

// rewriteFlagPair writes the TLS mode as a flagPair: the STARTTLS key says
// STARTTLS, the implicit key implicit TLS.
func (r *cfgRewriter) rewriteFlagPair(code *cfgCode, f *keyFamily) error {
	if !r.sc {
		return nil
	}
	for j, key := range [2]string{f.tls.startTLS, f.tls.implicit} {
		want := r.implicit
		if j == 0 {
			want = r.starttls
		}
		if e := code.findKey(key); e != nil || want {
			r.keySet(e, key, pickString(want, "True", "False"), 0)
		}
	}
	return nil
}

// genericKeys are SMTP_* keys and the like, whose meaning depends on the
// program reading them; the common meanings are used.
var genericKeys = keyFamily{
	lib:        rules.LibOther,
	marks:      genericHostKeys,
	host:       genericHostKeys,
	port:       []string{"SMTP_PORT", "EMAIL_SERVER_PORT", "EMAIL_SMTP_PORT", "MAIL_SMTP_PORT"},
	user:       []string{"SMTP_USER", "SMTP_USERNAME", "SMTP_LOGIN", "SMTP_AUTH_USER", "EMAIL_SERVER_USER", "SMTP_FROM_USER"},
	password:   []string{"SMTP_PASS", "SMTP_PASSWORD", "SMTP_AUTH_PASS", "SMTP_AUTH_PASSWORD", "EMAIL_SERVER_PASSWORD", "SMTP_KEY"},
	anchor:     genericWeakMarks,
	read:       (*cfgBuild).generic,
	rewriteTLS: (*cfgRewriter).rewriteGenericTLS,
}

var genericHostKeys = []string{"SMTP_HOST", "SMTP_SERVER", "SMTP_HOSTNAME", "SMTP_ADDRESS", "EMAIL_SERVER_HOST", "EMAIL_SMTP_HOST", "MAIL_SMTP_HOST"}

// genericWeakMarks say the generic family is in use when no family's
// marks and no *_URL key are there.
var genericWeakMarks = []string{"SMTP_PORT", "SMTP_USER", "SMTP_SECURE"}

// genericSecurityKeys are the keys that may say the TLS mode, the first
// one written when none is there.
var genericSecurityKeys = []string{"SMTP_SECURE", "SMTP_SSL", "SMTP_USE_SSL", "SMTP_TLS", "SMTP_USE_TLS", "SMTP_STARTTLS", "SMTP_ENCRYPTION", "SMTP_SECURITY", "EMAIL_SERVER_SECURE"}

// generic maps SMTP_* keys and the like.
func (b *cfgBuild) generic(f *keyFamily) {
	c := b.code
	hv, hostWhat := c.keyVal(f.host...), "SMTP_HOST"
	other := "" // the host key named otherwise, whose _PORT and _USER follow it
	if e := genericOtherHost(c); e != nil && hv == nil {
		hv, other = &e.val, strings.ToUpper(e.key)
		hostWhat = cfgSafeKey(other)
	}
	if hv != nil {
		b.setHost(hv, hostWhat)
	}
	if v := c.keyVal(f.port...); v != nil {
		b.setPort(v, "SMTP_PORT")
	} else if v := genericBeside(c, other, "_PORT"); v != nil {
		b.setPort(v, cfgSafeKey(other)+"_PORT")
	} else if h, p, ok := cfgSplitHostPort(b.p.Settings.Host); ok && strings.Count(h, ":") == 0 {
		// SMTP_SEND_HOST=smtp.example.com:587, a host:port address as Go net/smtp takes it
		b.p.Settings.Host, b.p.Settings.Port = h, p
		b.note("the port is written after the host")
	}
	if v := c.keyVal(f.user...); v != nil {
		b.setUser(v, "SMTP_USER")
	} else if v := genericBeside(c, other, "_USER", "_USERNAME", "_LOGIN"); v != nil {
		b.setUser(v, cfgSafeKey(other)+"_USER")
	}
	pw := c.keyVal(f.password...)
	if pw == nil {
		pw = genericBeside(c, other, "_PASSWORD", "_PASS")
	}
	b.setPassword(pw)
	if e := c.findKey(genericSecurityKeys...); e != nil {
		b.p.Settings.Security = cfgGenericSecurity(strings.ToUpper(e.key), e.val.text)
		if b.p.Settings.Security == rules.SecurityUnset {
			b.note(cfgSafeKey(e.key) + " has a value whose meaning is unclear")
		}
	}
	if b.p.Settings.Security == rules.SecurityUnset && b.p.Settings.Port != 0 {
		b.note("no SMTP_SECURE or similar key: the TLS mode depends on the program that reads these variables")
	}
}

// genericOtherHost finds a host key named otherwise, SMTP_<word>_HOST or
// SMTP_<word>_SERVER (SMTP_SEND_HOST, SMTP_RELAY_SERVER), or a relay
// container's *RELAYHOST / *RELAY_HOST: the last one set, as for every key.
func genericOtherHost(c *cfgCode) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		k := strings.ToUpper(c.entries[i].key)
		if strings.HasPrefix(k, "SMTP_") && (strings.HasSuffix(k, "_HOST") || strings.HasSuffix(k, "_SERVER")) ||
			strings.HasSuffix(k, "RELAYHOST") || strings.HasSuffix(k, "RELAY_HOST") {
			return &c.entries[i]
		}
	}
	return nil
}

// genericBeside finds the value of the host key's sibling: host key
// POSTFIX_RELAYHOST, suffix _PORT: POSTFIX_RELAYHOST_PORT.
func genericBeside(c *cfgCode, hostKey string, suffixes ...string) *cfgValue {
	if hostKey == "" {
		return nil
	}
	for _, s := range suffixes {
		if v := c.keyVal(hostKey + s); v != nil {
			return v
		}
	}
	return nil
}

// cfgYesWords and cfgNoWords are the words a yes/no setting is written
// with, in lower case (SMTP_SECURE=true, ?secure=1, smtp_use_tls = yes).
var (
	cfgYesWords = []string{"true", "1", "yes", "on"}
	cfgNoWords  = []string{"false", "0", "no", "off"}
)

// The values of a generic security key that name a TLS mode; cfgGenericWrite
// keeps to such words when the key already holds one.
var (
	genericImplicitWords = []string{"ssl", "smtps", "implicit", "tls-wrapper", "wrapper", "ssl/tls"}
	genericStartTLSWords = []string{"tls", "starttls", "required", "opportunistic"}
	genericNoTLSWords    = []string{"none", "plain", "plaintext"}
	genericModeWords     = []string{"ssl", "tls", "starttls", "none", "smtps", "implicit", "plain"}
)

func cfgGenericSecurity(key, val string) rules.Security {
	v := strings.ToLower(rules.TrimSpace(val))
	yes := slices.Contains(cfgYesWords, v)
	no := slices.Contains(cfgNoWords, v) || v == ""
	switch {
	case slices.Contains(genericImplicitWords, v):
		return rules.SecurityImplicit
	case slices.Contains(genericStartTLSWords, v):
		return rules.SecurityStartTLS
	case slices.Contains(genericNoTLSWords, v):
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
	bare := s != ""
	for i := 0; i < len(s) && bare; i++ {
		c := s[i] // safe: letters, digits, . - _ @ + : /
		bare = cfgCharClass[c]&4 != 0 || strings.IndexByte("@+:/", c) >= 0
	}
	if bare {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s { // an invalid byte arrives as U+FFFD
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

// rewriteKeys handles env files and settings.py: the family in use writes
// host, port and user, then its TLS mode; a *_URL key is rewritten as a URL.
func (r *cfgRewriter) rewriteKeys(code *cfgCode, python bool) error {
	f, urlEntry := findFamily(code)
	switch {
	case urlEntry != nil:
		s, end := cfgURLSpan(urlEntry)
		_, r.symfony = urlKeyOwner(strings.ToUpper(urlEntry.key))
		return r.rewriteURL(s, end, urlEntry.line, false)
	case f == nil:
		return rwErr("found no mail settings to rewrite")
	}
	// New lines go after the host line, or the first mail key.
	anchor := code.findKey(f.host...)
	if anchor == nil {
		anchor = code.findKey(f.anchor...)
	}
	r.anchor, r.python = anchor, python
	names := [3][]string{f.host, f.port, f.user}
	vals, on := [3]string{r.fixed.Host, r.wp, r.fixed.Username}, [3]bool{r.hc, r.pc, r.uc}
	if f == &genericKeys && code.findKey(f.host...) == nil && code.findKey(f.port...) == nil && (r.hc || r.pc) {
		// SMTP_SEND_HOST=host:port: host and port are changed in place.
		if e := genericOtherHost(code); e != nil {
			if _, _, ok := cfgSplitHostPort(e.val.text); ok {
				r.setValue(&e.val, r.hostPortWant(), true, false)
				on[0], on[1] = false, false
			}
		}
	}
	for j, n := range names {
		if on[j] {
			r.keySet(code.findKey(n...), n[0], vals[j], [3]byte{1, 0, 2}[j])
		}
	}
	return f.rewriteTLS(r, code, f)
}

// rewriteGenericTLS writes SMTP_SECURE or the security key already there,
// in the style it uses.
func (r *cfgRewriter) rewriteGenericTLS(code *cfgCode, _ *keyFamily) error {
	if !r.sc {
		return nil
	}
	e := code.findKey(genericSecurityKeys...)
	val, ok := cfgGenericWrite(e, r.want.Security)
	if !ok {
		return rwErr("SMTP_SECURE can only say implicit TLS (true) or STARTTLS (false)")
	}
	key := genericSecurityKeys[0]
	if e != nil {
		key = e.key
	}
	r.keySet(e, key, val, 1)
	return nil
}

// cfgGenericWrite picks the value of a generic security key for sec, in
// the style the key already uses.
func cfgGenericWrite(e *cfgEntry, sec rules.Security) (string, bool) {
	key, old := "SMTP_SECURE", ""
	if e != nil {
		key, old = strings.ToUpper(e.key), strings.ToLower(e.val.text)
	}
	if slices.Contains(genericModeWords, old) || containsAny(key, "ENCRYPTION", "SECURITY") {
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
