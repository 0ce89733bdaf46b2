package formats

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Each cfgParseX reads one format and says what that library will do with
// it (FACTS.md §5).

// cfgNotIn keeps entries whose enclosing object is none of parents.
func cfgNotIn(parents ...string) func(*cfgEntry) bool {
	return func(e *cfgEntry) bool {
		last := e.parent
		if d := strings.LastIndexByte(last, '.'); d >= 0 {
			last = last[d+1:]
		}
		for _, p := range parents {
			if strings.EqualFold(last, p) {
				return false
			}
		}
		return true
	}
}

func cfgIn(parent string) func(*cfgEntry) bool {
	return func(e *cfgEntry) bool { return strings.EqualFold(e.parent, parent) }
}

// nodemailer's well-known services (lib/well-known/services.json), the
// ones people use most. The service preset overrides host, port and secure.
type cfgService struct {
	names  []string // lower case, aliases included
	host   string
	port   int
	secure bool
}

var cfgServices = []cfgService{
	{[]string{"gmail", "googlemail", "google mail", "gmail.com", "googlemail.com"}, "smtp.gmail.com", 465, true},
	{[]string{"outlook365", "office365"}, "smtp.office365.com", 587, false},
	{[]string{"hotmail", "outlook", "outlook.com", "hotmail.com"}, "smtp-mail.outlook.com", 587, false},
	{[]string{"yahoo", "yahoo.com"}, "smtp.mail.yahoo.com", 465, true},
	{[]string{"icloud", "me", "mac"}, "smtp.mail.me.com", 587, false},
	{[]string{"zoho"}, "smtp.zoho.com", 465, true},
	{[]string{"fastmail", "fastmail.fm"}, "smtp.fastmail.com", 465, true},
	{[]string{"gmx", "gmx.com", "gmx.net", "gmx.de"}, "mail.gmx.com", 587, false},
	{[]string{"sendgrid"}, "smtp.sendgrid.net", 587, false},
	{[]string{"mailgun"}, "smtp.mailgun.org", 465, true},
	{[]string{"postmark", "postmarkapp"}, "smtp.postmarkapp.com", 2525, false},
	{[]string{"ses", "ses-us-east-1"}, "email-smtp.us-east-1.amazonaws.com", 465, true},
	{[]string{"sparkpost"}, "smtp.sparkpostmail.com", 587, false},
	{[]string{"sendinblue", "brevo"}, "smtp-relay.brevo.com", 587, false},
	{[]string{"mailjet"}, "in.mailjet.com", 587, false},
	{[]string{"mandrill"}, "smtp.mandrillapp.com", 587, false},
	{[]string{"resend"}, "smtp.resend.com", 465, true},
	{[]string{"smtp2go"}, "mail.smtp2go.com", 2525, false},
	{[]string{"yandex"}, "smtp.yandex.ru", 465, true},
	{[]string{"aol"}, "smtp.aol.com", 587, false},
	{[]string{"mailtrap"}, "live.smtp.mailtrap.io", 587, false},
	{[]string{"proton", "protonmail"}, "smtp.protonmail.ch", 587, false},
}

func cfgFindService(name string) (cfgService, bool) {
	n := strings.ToLower(trimSpace(name))
	for _, s := range cfgServices {
		for _, a := range s.names {
			if a == n {
				return s, true
			}
		}
	}
	return cfgService{}, false
}

func cfgParseNodemailer(out *Parsed, text string, _ *cfgCode) error {
	code, _, err := cfgNodemailerCode(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: code}
	top, auth, tlsOpts := cfgNodemailerScope(code)
	filters := [3]func(*cfgEntry) bool{top, auth, tlsOpts}
	var ne [len(cfgNodemailerKeys)]*cfgEntry
	for k, t := range cfgNodemailerKeys {
		ne[k] = code.find(filters[t.in], t.names...)
	}
	// createTransport("smtps://...") or { url: "..." }
	var urlVal *cfgValue
	for _, ci := range code.callsNamed("createTransport", "createTransporter") {
		if a := code.arg(ci, 0, ""); a != nil && a.kind == cfgValString {
			urlVal = a
		}
	}
	if e := ne[0]; e != nil && e.val.kind == cfgValString {
		urlVal = &e.val
	}
	host := ne[1]
	var svc cfgService
	svcKnown := false
	if e := ne[2]; e != nil {
		if name, ok := b.str(&e.val, "service"); ok {
			if svc, svcKnown = cfgFindService(name); svcKnown {
				b.note("service: '" + svc.names[0] + "' sets host " + svc.host + ", port " + strconv.Itoa(svc.port) + " and secure: " + cfgBoolWord(svc.secure) + ", overriding any host, port and secure written next to it")
			} else {
				b.note("service is not one of nodemailer's well-known services that whichport knows")
			}
		}
	}
	if svcKnown {
		b.p.Settings.Host = svc.host
		b.p.Settings.Port = svc.port
		b.p.Settings.Security = rules.SecurityStartTLS
		if svc.secure {
			b.p.Settings.Security = rules.SecurityImplicit
		}
	} else if urlVal != nil && host == nil {
		u, err := cfgParseURL(text, urlVal.start+1, urlVal.end-1, urlVal.line)
		if err != nil {
			return err
		}
		b.fromURL(&u, false)
	} else {
		b.setHostOr(cfgVal(host), "host", "localhost", "host is not set: nodemailer connects to localhost")
		secure, secureKnown := false, true
		secureE := ne[3]
		if e := secureE; e != nil {
			if e.val.kind == cfgValString {
				// Any non-empty string is true in JavaScript.
				secure = e.val.text != ""
				if e.val.isFalse() && secure {
					b.note("secure: '" + cfgSafeKey(e.val.text) + "' is a string, and every non-empty string counts as true in JavaScript: nodemailer uses implicit TLS; write secure: false without quotes")
				}
			} else {
				secure, secureKnown = b.boolOf(&e.val, "secure")
			}
		}
		if e := ne[4]; e != nil {
			b.setPort(&e.val, "port")
		} else if secureKnown {
			if secure {
				b.p.Settings.Port = 465
			} else {
				b.p.Settings.Port = 587
			}
			b.note("port is not set: nodemailer uses " + strconv.Itoa(b.p.Settings.Port) + " when secure is " + cfgBoolWord(secure))
		}
		ignoreTLS, _ := b.boolOf(cfgVal(ne[5]), "ignoreTLS")
		requireTLS, _ := b.boolOf(cfgVal(ne[6]), "requireTLS")
		switch {
		case !secureKnown:
		case secure:
			b.p.Settings.Security = rules.SecurityImplicit
		case ignoreTLS:
			b.p.Settings.Security = rules.SecurityNone
		default:
			b.p.Settings.Security = rules.SecurityStartTLS
			if !requireTLS && b.p.Settings.Port != 465 {
				if secureE == nil {
					b.note("secure is not set, so it is false: nodemailer uses STARTTLS only when the server offers it; add requireTLS: true to refuse sending in plaintext")
				} else {
					b.note("secure: false uses STARTTLS only when the server offers it; add requireTLS: true to refuse sending in plaintext")
				}
			}
		}
		if ignoreTLS && requireTLS {
			b.note("ignoreTLS and requireTLS are both set; they contradict each other")
		}
	}
	if v := cfgVal(ne[7]); v != nil {
		if on, known := b.boolOf(v, "tls.rejectUnauthorized"); known && !on {
			b.note("tls.rejectUnauthorized: false turns off certificate checks: anyone on the path can read the password")
		}
	}
	if e := ne[8]; e != nil {
		b.setUser(&e.val, "auth.user")
	}
	b.setPassword(cfgVal(ne[9]))
	if e := ne[10]; e != nil && strings.EqualFold(e.val.text, "oauth2") {
		b.oauth = true
	}
	if ne[11] != nil {
		b.oauth = true
	}
	return b.done(rules.LibNodemailer, rules.UseApplication, out)
}

func cfgBoolWord(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// cfgParseEnv reads a .env block: Laravel MAIL_*, Django EMAIL_*,
// Flask-Mail MAIL_SERVER, generic SMTP_*, or a *_URL / *_DSN with an SMTP URL.
func cfgParseEnv(out *Parsed, text string, code *cfgCode) error {
	return cfgInterpretKeys(out, code, FormatEnv)
}

// cfgParseDjangoPy reads settings.py assignments.
func cfgParseDjangoPy(out *Parsed, text string, code *cfgCode) error {
	return cfgInterpretKeys(out, code, FormatDjango)
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
		if f == FormatDjango {
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

// cfgPyMailKeys are the key names of Django's settings and Flask-Mail's.
var cfgPyMailKeys = [2]struct {
	keys               [6]string // host, port, user, password, use TLS, use SSL
	hostNote, portNote string
	both               string
}{
	{[6]string{"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL"}, "EMAIL_HOST is not set: Django uses localhost", "EMAIL_PORT is not set: Django uses 25", "Django raises ValueError"},
	{[6]string{"MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL"}, "MAIL_SERVER is not set: Flask-Mail uses localhost", "MAIL_PORT is not set: Flask-Mail uses 25", "the mail library then wraps an implicit-TLS connection in STARTTLS and fails"},
}

func (b *cfgBuild) setHostOr(v *cfgValue, what, def, note string) {
	if v == nil {
		b.p.Settings.Host = def
		b.note(note)
		return
	}
	b.setHost(v, what)
}

func (b *cfgBuild) setPortOr(v *cfgValue, what string, def int, note string) {
	if v == nil {
		b.p.Settings.Port = def
		b.note(note)
		return
	}
	b.setPort(v, what)
}

func (b *cfgBuild) setUserIf(v *cfgValue, what string) {
	if v != nil {
		b.setUser(v, what)
	}
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

// laravel maps MAIL_* keys. Laravel 9 and later send through Symfony
// Mailer: MAIL_SCHEME=smtps (or MAIL_ENCRYPTION=tls on port 465) means
// implicit TLS, port 465 always means implicit TLS, anything else means
// STARTTLS when the server offers it.
func (b *cfgBuild) laravel() {
	var kv [len(cfgLaravelNames)]*cfgValue
	b.code.keyVals(cfgLaravelNames[:], kv[:])
	if v := kv[0]; v != nil && v.kind == cfgValString && v.text != "" && !strings.EqualFold(v.text, "smtp") {
		b.note("MAIL_MAILER is not smtp: Laravel does not use these SMTP settings")
	}
	if v := kv[1]; v != nil {
		b.setHost(v, "MAIL_HOST")
	}
	if v := kv[2]; v != nil {
		b.setPort(v, "MAIL_PORT")
	} else {
		b.note("MAIL_PORT is not set: config/mail.php falls back to its own default (2525 in Laravel 11, 587 before)")
	}
	b.setUserIf(kv[3], "MAIL_USERNAME")
	b.setPassword(kv[4])
	port := b.p.Settings.Port
	scheme, enc := "", ""
	if v := kv[5]; v != nil && !strings.EqualFold(v.text, "null") {
		scheme = strings.ToLower(v.text)
	}
	if v := kv[6]; v != nil && !strings.EqualFold(v.text, "null") {
		enc = strings.ToLower(v.text)
	}
	switch {
	case scheme == "smtps":
		b.p.Settings.Security = rules.SecurityImplicit
		if port == 0 {
			b.p.Settings.Port = 465
		}
	case scheme != "" && scheme != "smtp":
		b.note("MAIL_SCHEME must be smtp or smtps")
	case port == 465:
		b.p.Settings.Security = rules.SecurityImplicit
		if enc == "tls" || scheme == "smtp" {
			b.note("Laravel 9 and later use implicit TLS on port 465 whatever MAIL_SCHEME or MAIL_ENCRYPTION say; Laravel 8 and older tried STARTTLS here")
		}
	case enc == "ssl":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("MAIL_ENCRYPTION=ssl is ignored by Laravel 9 and later unless the port is 465 (they use STARTTLS when offered); Laravel 8 and older used implicit TLS")
	case port != 0:
		b.p.Settings.Security = rules.SecurityStartTLS
		if scheme == "" && enc == "" {
			b.note("no MAIL_SCHEME or MAIL_ENCRYPTION: Laravel uses STARTTLS when the server offers it")
		}
	}
	if scheme != "" && enc != "" {
		b.note("MAIL_SCHEME and MAIL_ENCRYPTION are both set: Laravel 11 reads MAIL_SCHEME, older versions MAIL_ENCRYPTION")
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

// cfgNodemailerScope picks the entries of the transport options: those
// inside createTransport(...) when it is called with an object literal,
// those of the object it is called with by name, else every object's.
// It returns filters for the options themselves, for auth and for tls.
func cfgNodemailerScope(code *cfgCode) (top, auth, tlsOpts func(*cfgEntry) bool) {
	notNested := cfgNotIn("auth", "tls", "oauth2", "dkim", "proxy", "headers", "envelope", "defaults", "options")
	in := func(e *cfgEntry) bool { return true }
	for _, ci := range code.callsNamed("createTransport", "createTransporter") {
		a := code.arg(ci, 0, "")
		switch {
		case a != nil && a.kind == cfgValObject:
			call := ci
			in = func(e *cfgEntry) bool { return e.call == call }
		case a != nil && a.kind == cfgValName:
			name := a.text
			if code.findKey(name) != nil {
				in = func(e *cfgEntry) bool {
					p := e.parent
					return p == name || strings.HasSuffix(p, "."+name) || p == "auth" || p == "tls"
				}
			}
		}
	}
	top = func(e *cfgEntry) bool { return in(e) && notNested(e) }
	auth = func(e *cfgEntry) bool { return in(e) && strings.EqualFold(e.parent, "auth") }
	tlsOpts = func(e *cfgEntry) bool { return in(e) && strings.EqualFold(e.parent, "tls") }
	return top, auth, tlsOpts
}

// cfgNodemailerCode reads nodemailer options written as JavaScript or
// JSON, or as the YAML of a config file (host: ..., auth: user: ...).
func cfgNodemailerCode(text string) (*cfgCode, *cfgYAML, error) {
	if !cfgLooksPlainYAML(text) {
		code, err := cfgWalk(text)
		return code, nil, err
	}
	y, err := cfgYAMLLines(text)
	if err != nil {
		return nil, nil, err
	}
	for i := range y.code.entries {
		e := &y.code.entries[i]
		e.path = e.key
		segs := strings.Split(e.key, ".")
		e.key = segs[len(segs)-1]
		if len(segs) > 1 {
			e.parent = segs[len(segs)-2]
		}
		if e.val.quote == 0 {
			switch switchText := strings.ToLower(e.val.text); {
			case slices.Contains([]string{"true", "false", "yes", "no", "on", "off"}, switchText):
				e.val.kind = cfgValBool
			case slices.Contains([]string{"null", "~"}, switchText):
				e.val.kind = cfgValNull
			default:
				if _, err := strconv.Atoi(e.val.text); err == nil {
					e.val.kind = cfgValNumber
				}
			}
		}
	}
	return y.code, y, nil
}

// cfgLooksPlainYAML reports whether every line is "key: value" or
// "key:", with no braces, brackets, calls or statements.
func cfgLooksPlainYAML(t string) bool {
	if strings.ContainsAny(t, "{}();=") {
		return false
	}
	n := 0
	for _, line := range strings.Split(t, "\n") {
		s := trimSpace(line)
		if s == "" || s[0] == '#' || s == "---" {
			continue
		}
		if _, _, ok := cfgYAMLKey(s); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// cfgLaravelNames are the keys laravel reads, in the order of its kv array.
var cfgLaravelNames = [...]string{"MAIL_MAILER|MAIL_DRIVER", "MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SCHEME", "MAIL_ENCRYPTION"}

// cfgNodemailerKeys are the options cfgParseNodemailer reads, in the order
// of its ne array; in picks the filter: 0 the transport options, 1 auth,
// 2 tls.
var cfgNodemailerKeys = [...]struct {
	in    uint8
	names []string
}{
	{0, []string{"url"}},
	{0, []string{"host"}},
	{0, []string{"service"}},
	{0, []string{"secure"}},
	{0, []string{"port"}},
	{0, []string{"ignoreTLS"}},
	{0, []string{"requireTLS"}},
	{2, []string{"rejectUnauthorized"}},
	{1, []string{"user"}},
	{1, []string{"pass", "password"}},
	{1, []string{"type"}},
	{1, []string{"accessToken", "refreshToken"}},
}
