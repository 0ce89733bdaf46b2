package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// Rails is Ruby on Rails ActionMailer configuration:
// config.action_mailer.smtp_settings = {...}.
const Rails Format = "rails"

// railsLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {rails.word}
// slots (rules.LibraryText).
var railsLibrary = rules.LibraryInfo{
	ID: rules.LibRails, Name: "Rails ActionMailer", Implicit: "tls: true (or ssl: true)", StartTLS: "enable_starttls_auto: true (or enable_starttls: true)",
	Trap: "`tls: true` on 587 fails.",
	Forms: [3]string{
		"address: %q, port: %p, tls: true",
		"address: %q, port: %p, enable_starttls_auto: true",
		"address: %q, port: %p, enable_starttls_auto: false",
	},
	Words: []rules.Word{
		{"starttls", "enable_starttls_auto: true"},
		{rules.WordOnStartTLSPort, "ActionMailer with `tls: true` fails the handshake (\"wrong version number\")"},
		{rules.WordFixWrongVersion, "Rails: enable_starttls_auto: true on 587; tls: true only with port 465."},
		{rules.WordFixNoGreeting, "Rails: tls: true for port 465 (or enable_starttls_auto: true with port 587)."},
		{rules.WordFixNeedsStartTLS, "Rails: enable_starttls_auto: true (or enable_starttls: true)."},
	},
	Options: []string{"enable_starttls_auto", "enable_starttls"},
}

var railsSpec = spec{
	name: Rails,
	menu: 6,
	clues: []clue{
		{score: 80, any: []string{"smtp_settings", "action_mailer", "enable_starttls"}},
		{score: 35, any: []string{"address:", ":address", "user_name"}},
	},
	input:   cfgReadCode,
	read:    cfgParseRails,
	rewrite: (*cfgRewriter).rewriteRails,
}

var libRailsSnippet = snippetWriter{
	lib: rules.LibRails, title: "Ruby — Rails ActionMailer", codeLang: langRuby,
	template: tmplRails,
}

func init() {
	rules.RegisterLibrary(&railsLibrary)
	register(railsSpec)
	registerSnippet(libRailsSnippet)
}

// cfgParseRails reads config.action_mailer.smtp_settings = { ... }.
func cfgParseRails(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	es := cfgRailsEntries(code)
	var rv [len(es)]*cfgValue
	for k, e := range es {
		rv[k] = cfgVal(e)
	}
	addrV, portV, startV := rv[0], rv[1], rv[4]
	if addrV == nil && portV == nil && rv[6] == nil {
		return &ParseError{Msg: "found no smtp_settings with address:, port: or user_name:"}
	}
	if v := cfgVal(code.find(nil, "delivery_method")); v != nil && v.kind == cfgValName && !strings.EqualFold(v.text, "smtp") {
		b.note("delivery_method is not :smtp: Action Mailer does not use these settings")
	}
	b.setHostOr(addrV, "address", "localhost", "address is not set: Action Mailer uses localhost")
	b.setPortOr(portV, "port", 25, "port is not set: Action Mailer uses 25")
	if portV != nil && b.p.Settings.Port == 0 && portV.kind == cfgValCall && portV.call >= 0 &&
		strings.HasSuffix(code.calls[portV.call].name, ".fetch") && cfgIsNil(code.arg(portV.call, 1, "")) {
		// ENV.fetch('SMTP_PORT', nil): unset, nil, and Net::SMTP's own 25.
		b.p.Settings.Port = 25
		b.note("port defaults to nil: when it is unset, Net::SMTP uses 25")
	}
	tls, _ := b.boolOf(rv[2], "tls")
	ssl, _ := b.boolOf(rv[3], "ssl")
	starttls, _ := b.boolOf(startV, "enable_starttls")
	if v := startV; v != nil && (strings.EqualFold(v.text, "always") || strings.EqualFold(v.text, "auto")) {
		starttls = true
	}
	auto, autoKnown := true, true
	if v := rv[5]; v != nil {
		auto, autoKnown = b.boolOf(v, "enable_starttls_auto")
	}
	switch {
	case tls || ssl:
		b.p.Settings.Security = rules.SecurityImplicit
		if starttls {
			b.note("tls/ssl and enable_starttls are both set: the mail gem raises an error; keep one")
		}
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	case !autoKnown:
		// Set from something this text does not hold: STARTTLS or none.
	case auto:
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("enable_starttls_auto (on by default) uses STARTTLS only when the server offers it")
	default:
		b.p.Settings.Security = rules.SecurityNone
	}
	b.setUserIf(rv[6], "user_name")
	b.setPassword(rv[7])
	if v := rv[8]; v != nil {
		switch strings.ToLower(v.text) {
		case "xoauth2":
			b.oauth = true
		case "none":
			b.authOff = true
		}
	}
	return b.done(rules.LibRails, rules.UseApplication, out)
}

func cfgInSMTPSettings(e *cfgEntry) bool { return strings.HasSuffix(e.parent, "smtp_settings") }

// cfgRailsNames are the smtp_settings options read and rewritten, in the
// order they are written (password and authentication only help the
// rewriter find where new ones go).
var cfgRailsNames = [...]string{"address", "port", "tls", "ssl", "enable_starttls", "enable_starttls_auto", "user_name", "password", "authentication"}

// cfgRailsEntries finds each of cfgRailsNames: inside smtp_settings when
// the text has one with an address or port, else anywhere.
func cfgRailsEntries(code *cfgCode) (es [len(cfgRailsNames)]*cfgEntry) {
	var keep func(*cfgEntry) bool
	if code.find(cfgInSMTPSettings, "address", "port") != nil {
		keep = cfgInSMTPSettings
	}
	for i, n := range cfgRailsNames {
		es[i] = code.find(keep, n)
	}
	return es
}

func (r *cfgRewriter) rewriteRails() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	// The options by cfgRailsNames; mode 1 sets one, mode 2 turns an
	// existing one off.
	es := cfgRailsEntries(code)
	var ref *cfgEntry
	for _, i := range [...]int{0, 1, 6, 7, 8} {
		if ref == nil {
			ref = es[i]
		}
	}
	if ref == nil {
		return rwErr("found no smtp_settings to rewrite")
	}
	vals := [len(es)]string{r.want.Host, r.wp, "true", "true", "true", "true", r.fixed.Username}
	var mode [len(es)]byte
	if r.hc {
		mode[0] = 1
	}
	if r.pc {
		mode[1] = 1
	}
	if r.sc {
		switch {
		case r.implicit:
			if es[3] != nil && es[2] == nil {
				mode[3] = 1
			} else {
				mode[2] = 1
			}
			mode[4], mode[5] = 2, 2
		case r.starttls:
			mode[2], mode[3] = 2, 2
			if es[4] != nil {
				mode[4] = 1
			} else {
				mode[5] = 1
			}
		case r.none:
			mode[2], mode[3], mode[4], mode[5], vals[5] = 2, 2, 2, 1, "false"
		}
	}
	if r.uc {
		mode[6] = 1
	}
	for i, e := range es {
		switch {
		case mode[i] == 0:
		case mode[i] == 2:
			if e != nil {
				r.edit(e.val.start, e.val.end, "false")
			}
		case e != nil:
			r.setValue(&e.val, vals[i], i == 0 || i == 6, i != 6)
		default:
			val := vals[i]
			if i == 0 || i == 6 {
				val = cfgQuote(val, r.q)
			}
			r.entryInsert(ref, cfgRailsNames[i], val)
		}
	}
	return nil
}

const tmplRails = `«header»
# config/environments/production.rb
config.action_mailer.delivery_method = :smtp
config.action_mailer.smtp_settings = {
  address: «host»,
  port: «port»,
?login   user_name: «user»,
?login   password: ENV["SMTP_PASSWORD"],
?login   authentication: :plain,
?implicit   tls: true, # implicit TLS; tls: true on 587 fails
?none   enable_starttls_auto: false,
?starttls   enable_starttls_auto: true, # STARTTLS; enable_starttls: true insists on it
}
`

// cfgIsNil reports whether a value is Ruby's nil (or null, None).
func cfgIsNil(v *cfgValue) bool {
	return v != nil && (v.kind == cfgValNull || v.kind == cfgValName && (v.text == "nil" || v.text == "null" || v.text == "None"))
}
