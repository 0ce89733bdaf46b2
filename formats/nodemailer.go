package formats

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Nodemailer is a nodemailer transport: createTransport({...}) in JavaScript,
// or its options as JSON or YAML.
const Nodemailer Format = "nodemailer"

// nodemailerLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {nodemailer.word}
// slots (rules.LibraryText).
var nodemailerLibrary = rules.LibraryInfo{
	ID: rules.LibNodemailer, Name: "Node.js nodemailer", Implicit: "secure: true", StartTLS: "secure: false, requireTLS: true",
	Trap: "`secure: true` on 587 fails with \"wrong version number\"; `secure: false` on 465 waits for a greeting that never comes (\"Greeting never received\"). `secure: false` alone only upgrades when the server offers STARTTLS: add `requireTLS: true` to insist.",
	Forms: [3]string{
		"host: '%h', port: %p, secure: true",
		"host: '%h', port: %p, secure: false, requireTLS: true",
		"host: '%h', port: %p, secure: false, ignoreTLS: true",
	},
	Words: []rules.Word{
		{"greeting-timeout", "greetingTimeout"},
		{"implicit", "secure: true"},
		{"starttls", "secure: false"},
		{"require", "requireTLS: true"},
		{rules.WordOnStartTLSPort, "nodemailer with `secure: true` fails with \"wrong version number\""},
		{rules.WordOnImplicitPort, "nodemailer with `secure: false` fails with \"Greeting never received\""},
		{rules.WordFixWrongVersion, "nodemailer: secure: false (with requireTLS: true) on 587; secure: true only with port 465."},
		{rules.WordFixNoGreeting, "nodemailer: secure: true for port 465 (or secure: false with port 587)."},
		{rules.WordFixNeedsStartTLS, "nodemailer: secure: false with requireTLS: true on port 587."},
	},
	Options: []string{"requireTLS", nodemailerIgnoreTLS, "greetingTimeout"},
}

// nodemailerIgnoreTLS is nodemailer's "no STARTTLS at all" option, which
// its smtp:// URLs take as a parameter too (url.go).
const nodemailerIgnoreTLS = "ignoreTLS"

var nodemailerSpec = spec{
	name: Nodemailer,
	menu: 2,
	clues: []clue{
		{score: 85, any: []string{"createTransport", "nodemailer"}},
		{score: 45, any: []string{"host", "secure", "requireTLS", "ignoreTLS"}, test: func(t string) bool { return t != "" && t[0] == '{' }},
		{score: 40, any: []string{"secure:", "requireTLS", "ignoreTLS", "\"secure\""}, and: []string{"host"}},
	},
	read:    cfgParseNodemailer,
	rewrite: (*cfgRewriter).rewriteNodemailer,
}

var libNodemailerSnippet = snippetWriter{
	lib: rules.LibNodemailer, title: "Node.js — nodemailer", codeLang: langJS,
	template: tmplNodemailer,
}

func init() {
	rules.RegisterLibrary(&nodemailerLibrary)
	register(nodemailerSpec)
	registerSnippet(libNodemailerSnippet)
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

func cfgParseNodemailer(out *Parsed, text string, _ *cfgCode) error {
	code, _, err := cfgNodemailerCode(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: code}
	top, auth, tlsOpts := cfgNodemailerScope(code)
	filters := [3]func(*cfgEntry) bool{top, auth, tlsOpts}
	var nv [len(cfgNodemailerKeys)]*cfgValue
	for k, t := range cfgNodemailerKeys {
		nv[k] = cfgVal(code.find(filters[t.in], t.names...))
	}
	urlVal := nodemailerURL(code, nv[0])
	host := nv[1]
	var svc *cfgService
	if v := nv[2]; v != nil {
		if name, ok := b.str(v, "service"); ok {
			name = strings.ToLower(rules.TrimSpace(name))
			for i := range cfgServices {
				if slices.Contains(cfgServices[i].names, name) {
					svc = &cfgServices[i]
					break
				}
			}
			if svc != nil {
				b.note("service: '" + svc.names[0] + "' sets host " + svc.host + ", port " + strconv.Itoa(svc.port) + " and secure: " + cfgBoolWord(svc.secure) + ", overriding any host, port and secure written next to it")
			} else {
				b.note("service is not one of nodemailer's well-known services that whichport knows")
			}
		}
	}
	if svc != nil {
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
		b.setHostOr(host, "host", "localhost", "host is not set: nodemailer connects to localhost")
		secure, secureKnown := false, true
		secureV := nv[3]
		if v := secureV; v != nil {
			if v.kind == cfgValString {
				// Any non-empty string is true in JavaScript.
				secure = v.text != ""
				if v.isFalse() && secure {
					b.note("secure: '" + cfgSafeKey(v.text) + "' is a string, and every non-empty string counts as true in JavaScript: nodemailer uses implicit TLS; write secure: false without quotes")
				}
			} else {
				secure, secureKnown = b.boolOf(v, "secure")
			}
		}
		portV := nv[4]
		if portV != nil {
			b.setPort(portV, "port")
		}
		// No port, or process.env.SMTP_PORT with no default: nodemailer
		// picks one by secure.
		if l := b.code.resolve(portV); secureKnown && (portV == nil || b.p.Settings.Port == 0 && (l == nil || l.kind == cfgValName)) {
			b.p.Settings.Port = 587
			if secure {
				b.p.Settings.Port = 465
			}
			uses := "nodemailer uses " + strconv.Itoa(b.p.Settings.Port)
			if portV == nil {
				b.note("port is not set: " + uses + " when secure is " + cfgBoolWord(secure))
			} else {
				b.note("port has no default next to it: when the variable is unset, " + uses)
			}
		}
		ignoreTLS, _ := b.boolOf(nv[5], "ignoreTLS")
		requireTLS, _ := b.boolOf(nv[6], "requireTLS")
		switch {
		case !secureKnown:
		case secure:
			b.p.Settings.Security = rules.SecurityImplicit
		case ignoreTLS:
			b.p.Settings.Security = rules.SecurityNone
		default:
			b.p.Settings.Security = rules.SecurityStartTLS
			if !requireTLS && b.p.Settings.Port != 465 {
				if secureV == nil {
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
	if on, known := b.boolOf(nv[7], "tls.rejectUnauthorized"); known && !on {
		b.note("tls.rejectUnauthorized: false turns off certificate checks: anyone on the path can read the password")
	}
	b.setUserIf(nv[8], "auth.user")
	b.setPassword(nv[9])
	if v := nv[10]; v != nil && strings.EqualFold(v.text, "oauth2") {
		b.oauth = true
	}
	if nv[11] != nil {
		b.oauth = true
	}
	return b.done(rules.LibNodemailer, rules.UseApplication, out)
}

// nodemailerURL is the transport given as a URL, nil when there is none:
// createTransport("smtps://...") or the url option (url, when a string).
func nodemailerURL(code *cfgCode, url *cfgValue) *cfgValue {
	var urlVal *cfgValue
	for _, ci := range code.callsNamed("createTransport", "createTransporter") {
		if a := code.arg(ci, 0, ""); a != nil && a.kind == cfgValString {
			urlVal = a
		}
	}
	if url != nil && url.kind == cfgValString {
		urlVal = url
	}
	return urlVal
}

// cfgNodemailerScope picks the entries of the transport options: those
// inside createTransport(...) when it is called with an object literal,
// those of the object it is called with by name, else every object's.
// It returns filters for the options themselves, for auth and for tls.
func cfgNodemailerScope(code *cfgCode) (top, auth, tlsOpts func(*cfgEntry) bool) {
	s := &nodemailerScope{call: -1, notNested: cfgNotIn("auth", "tls", "oauth2", "dkim", "proxy", "headers", "envelope", "defaults", "options")}
	for _, ci := range code.callsNamed("createTransport", "createTransporter") {
		a := code.arg(ci, 0, "")
		switch {
		case a != nil && a.kind == cfgValObject:
			s.call, s.name = ci, ""
		case a != nil && a.kind == cfgValName && code.findKey(a.text) != nil:
			s.call, s.name = -1, a.text
		}
	}
	// Ghost: mail: { transport: 'SMTP', options: { ...nodemailer options } }.
	for i := range code.objects {
		if code.objects[i].key == "options" && code.findKey("transport") != nil {
			s.options = &code.objects[i]
			break
		}
	}
	return s.filter(""), s.filter("auth"), s.filter("tls")
}

// nodemailerScope says where nodemailer's transport options are written
// (cfgNodemailerScope); with none of call, name and options set, they are
// the entries of every object.
type nodemailerScope struct {
	call      int        // createTransport({...}): the entries of this call; -1 when not
	name      string     // createTransport(name): the entries of the object named so
	options   *cfgObject // Ghost's options: {...}: the entries inside it
	notNested func(*cfgEntry) bool
}

// in reports whether e is among the transport options, at any depth.
func (s *nodemailerScope) in(e *cfgEntry) bool {
	switch {
	case s.options != nil:
		return e.start > s.options.open && (s.options.close < 0 || e.start < s.options.close)
	case s.call >= 0:
		return e.call == s.call
	case s.name != "":
		p := e.parent
		return p == s.name || strings.HasSuffix(p, "."+s.name) || p == "auth" || p == "tls"
	}
	return true
}

// filter returns a filter for code.find: the options of the object under
// parent (auth, tls), or with parent "" the transport options themselves.
func (s *nodemailerScope) filter(parent string) func(*cfgEntry) bool {
	return func(e *cfgEntry) bool {
		switch {
		case !s.in(e):
			return false
		case parent != "":
			return strings.EqualFold(e.parent, parent)
		case s.options != nil:
			return strings.EqualFold(e.parent, "options")
		}
		return s.notNested(e)
	}
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
			switch strings.ToLower(e.val.text) {
			case "true", "false", "yes", "no", "on", "off":
				e.val.kind = cfgValBool
			case "null", "~":
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
		s := rules.TrimSpace(line)
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

// cfgNodemailerKeys are the options cfgParseNodemailer reads, in the order
// of its nv array; in picks the filter: 0 the transport options, 1 auth,
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

// rwOp is one option a rewrite sets: entry e (nil when missing) to val.
type rwOp struct {
	e        *cfgEntry
	key, val string
	isString bool
}

// nodemailerSet sets one transport option, or adds it next to ref.
func (r *cfgRewriter) nodemailerSet(code *cfgCode, yaml *cfgYAML, ref *cfgEntry, op *rwOp) error {
	e, key, val, isString := op.e, op.key, op.val, op.isString
	if e != nil {
		text := val
		switch {
		case yaml != nil:
			// YAML: plain scalars.
			text = cfgQuote(val, e.val.quote)
		case e.shorthand:
			// { host } names a variable: change the variable when it
			// holds a literal, else spell the property out.
			if l := code.resolve(&e.val); l != nil && l.start != e.val.start {
				if !isString && l.kind == cfgValString {
					r.edit(l.start, l.end, val)
				} else {
					r.setValue(l, val, isString, true)
				}
				return nil
			}
			if isString {
				text = cfgQuote(val, r.q)
			}
			text = e.key + ": " + text
		case !isString && e.val.kind == cfgValString:
			// secure: 'false' is true in JavaScript: write a real boolean.
		default:
			r.setValue(&e.val, val, isString, true)
			return nil
		}
		r.edit(e.val.start, e.val.end, text)
		return nil
	}
	if yaml != nil {
		// YAML: new keys next to the reference's.
		path := key
		if ref != nil {
			if d := strings.LastIndexByte(ref.path, '.'); d >= 0 {
				path = ref.path[:d+1] + key
			}
		}
		yaml.insert(r, path, val)
		return nil
	}
	if ref == nil {
		return rwErr("found no transport options to add " + key + " to")
	}
	if isString {
		q := r.q
		if ref.quotedKey != 0 {
			q = ref.quotedKey
		}
		val = cfgQuote(val, q)
	}
	r.entryInsert(ref, key, val)
	return nil
}

func (r *cfgRewriter) rewriteNodemailer() error {
	code, yaml, err := cfgNodemailerCode(r.src)
	if err != nil {
		return err
	}
	top, auth, _ := cfgNodemailerScope(code)
	// The transport options; the first four, in order, are where new
	// ones go.
	var found [8]*cfgEntry
	var ref *cfgEntry
	for i, n := range [...]string{"host", "port", "secure", "auth", "url", "service", "ignoreTLS", "requireTLS"} {
		found[i] = code.find(top, n)
		if ref == nil && i < 4 {
			ref = found[i]
		}
	}
	host := found[0]
	urlVal := nodemailerURL(code, cfgVal(found[4]))
	svc := found[5]
	if urlVal != nil && host == nil && svc == nil {
		return r.rewriteURL(urlVal.start+1, urlVal.end-1, urlVal.line, false)
	}
	force := false
	if svc != nil && (r.hc || r.pc || r.sc) {
		// The service preset overrides host, port and secure: drop it
		// and write all three.
		r.deleteEntry(svc)
		force = true
	}
	// New options go before the first option of the transport object,
	// never before the service entry that is being removed.
	if ref == nil && svc != nil {
		for i := range code.entries {
			e := &code.entries[i]
			if e.object == svc.object && e.start != svc.start && e.object >= 0 {
				ref = e
				break
			}
		}
	}
	// The options to write, in this order; an empty val leaves one alone.
	port, ignore := found[1], found[6]
	ops := [5]rwOp{{e: host, key: "host", isString: true}, {e: port, key: "port"}, {e: found[2], key: "secure"}, {e: ignore, key: "ignoreTLS"}, {e: found[7], key: "requireTLS"}}
	if e := found[7]; r.requireTLS && r.starttls && (e == nil || code.resolve(&e.val) == nil || !code.resolve(&e.val).isTrue()) {
		ops[4].val = "true"
	}
	if r.hc || force {
		ops[0].val = r.want.Host
	}
	// The default port follows secure: write it out when secure changes.
	if r.pc || (force || r.sc && port == nil) && r.want.Port > 0 {
		ops[1].val = r.wp
	}
	secure := r.sc || force
	if secure && (r.implicit || r.starttls || r.none) {
		ops[2].val = cfgBoolWord(r.implicit)
		if r.none {
			ops[3].val = "true"
		}
	}
	for i := range ops {
		if ops[i].val == "" {
			continue
		}
		if err := r.nodemailerSet(code, yaml, ref, &ops[i]); err != nil {
			return err
		}
	}
	if ignore != nil && secure && r.starttls {
		r.setValue(&ignore.val, "false", false, true)
	}
	if r.uc {
		if e := code.find(auth, "user"); e != nil && e.shorthand {
			if l := code.resolve(&e.val); l != nil && l.start != e.val.start {
				r.setValue(l, r.fixed.Username, true, false)
			}
		} else if e != nil {
			r.setValue(&e.val, r.fixed.Username, true, false)
		} else if e := code.find(auth, "pass", "password", "type"); e != nil {
			// A new user option, next to the password.
			return r.nodemailerSet(code, yaml, e, &rwOp{key: "user", val: r.fixed.Username, isString: true})
		}
	}
	return nil
}

const tmplNodemailer = `«header»
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: «host»,
  port: «port»,
?implicit   secure: true, // implicit TLS
?none   secure: false,
?none   ignoreTLS: true, // never upgrade with STARTTLS
?starttls   secure: false, // STARTTLS: secure: true is for implicit TLS only
?starttls   requireTLS: true, // fail rather than go on without STARTTLS
?login   auth: {
?login     user: «user»,
?login     pass: process.env.SMTP_PASSWORD,
?login   },
});

transporter
  .sendMail({
    from: «from»,
    to: "someone@example.com",
    subject: "Test",
    text: "It works.",
  })
  .then((info) => console.log(info.response), console.error);
`
