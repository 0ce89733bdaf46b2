package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// Discourse is the mail part of a Discourse container definition
// (containers/app.yml, env: DISCOURSE_SMTP_*) or of discourse.conf
// (smtp_address = ...). Discourse hands them to Action Mailer:
// smtp_enable_start_tls (default true) becomes its STARTTLS option,
// smtp_force_tls is implicit TLS, and the port defaults to 25.
// Source: discourse/discourse config/discourse_defaults.conf and
// config/environments/production.rb.
const Discourse Format = "discourse"

// LibDiscourse is Discourse's own mail settings.
const LibDiscourse rules.Library = "discourse"

var discourseSpec = spec{
	name: Discourse,
	menu: 15,
	clues: []clue{
		{score: 91, any: []string{"DISCOURSE_SMTP_"}},
		{score: 65, any: []string{"smtp_enable_start_tls"}, and: []string{"smtp_address"}},
	},
	input:   cfgLinesEnv,
	read:    cfgParseDiscourse,
	rewrite: (*cfgRewriter).rewriteDiscourse,
}

var libDiscourseSnippet = snippetWriter{
	lib: LibDiscourse, title: "Discourse — containers/app.yml", codeLang: &codeLang{language: "yaml", comment: "## ", quote: quoteYAML, envUser: `"${SMTP_USERNAME}"`},
	template: tmplDiscourse,
}

func init() {
	register(discourseSpec)
	registerSnippet(libDiscourseSnippet)
}

// cfgDiscourseKeys: address, port, user, password, start TLS, force TLS.
// The first name is the container's environment, the second app.yml's.
var cfgDiscourseKeys = [...][]string{
	{"DISCOURSE_SMTP_ADDRESS", "smtp_address"}, {"DISCOURSE_SMTP_PORT", "smtp_port"}, {"DISCOURSE_SMTP_USER_NAME", "smtp_user_name"},
	{"DISCOURSE_SMTP_PASSWORD", "smtp_password"}, {"DISCOURSE_SMTP_ENABLE_START_TLS", "smtp_enable_start_tls"}, {"DISCOURSE_SMTP_FORCE_TLS", "smtp_force_tls"},
}

func cfgParseDiscourse(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var kv [len(cfgDiscourseKeys)]*cfgValue
	for i, names := range cfgDiscourseKeys {
		v := code.keyVal(names...)
		if v != nil && v.quote == 0 && strings.HasPrefix(v.text, "#") {
			v = nil // "KEY: # comment" is empty, as YAML has it
		}
		kv[i] = v
	}
	if code.findKey(cfgDiscourseKeys[0]...) == nil && kv[1] == nil && kv[2] == nil {
		return &ParseError{Msg: "found no DISCOURSE_SMTP_ADDRESS, DISCOURSE_SMTP_PORT or DISCOURSE_SMTP_USER_NAME"}
	}
	if kv[0] == nil || kv[0].text == "" {
		b.note("DISCOURSE_SMTP_ADDRESS is empty: Discourse will not send mail until it is set")
	} else {
		b.setHost(kv[0], "DISCOURSE_SMTP_ADDRESS")
	}
	b.setPortOr(kv[1], "DISCOURSE_SMTP_PORT", 25, "DISCOURSE_SMTP_PORT is not set: Discourse uses 25")
	b.setUserIf(kv[2], "DISCOURSE_SMTP_USER_NAME")
	b.setPassword(kv[3])
	force, _ := b.boolOf(kv[5], "DISCOURSE_SMTP_FORCE_TLS")
	start := true
	if kv[4] != nil {
		if on, known := b.boolOf(kv[4], "DISCOURSE_SMTP_ENABLE_START_TLS"); known {
			start = on
		}
	}
	switch {
	case force:
		b.p.Settings.Security = rules.SecurityImplicit
	case start:
		b.p.Settings.Security = rules.SecurityStartTLS
		if b.p.Settings.Port == 465 {
			b.note("port 465 without DISCOURSE_SMTP_FORCE_TLS: true: Discourse waits for a plaintext greeting that never comes")
		}
	default:
		b.p.Settings.Security = rules.SecurityNone
		b.note("DISCOURSE_SMTP_ENABLE_START_TLS is false: mail and the password go in clear")
	}
	return b.done(LibDiscourse, rules.UseApplication, out)
}

func (r *cfgRewriter) rewriteDiscourse() error {
	code, err := cfgLines(r.src, cfgLinesEnv)
	if err != nil {
		return err
	}
	var es [len(cfgDiscourseKeys)]*cfgEntry
	names := [len(cfgDiscourseKeys)]string{}
	for i, k := range cfgDiscourseKeys {
		es[i] = code.findKey(k...)
		names[i] = k[0]
		if es[i] != nil {
			names[i] = es[i].key
		} else if strings.Contains(r.src, "smtp_address") && !strings.Contains(r.src, "DISCOURSE_SMTP_") {
			names[i] = k[1]
		}
	}
	return r.setKeyLines(es[:], names[:], []keyWant{
		0: {r.fixed.Host, r.hc},
		1: {r.wp, r.pc},
		2: {r.fixed.Username, r.uc},
		4: {cfgBoolWord(!r.none), r.sc && (es[4] != nil || r.none)},
		5: {cfgBoolWord(r.implicit), r.sc && (es[5] != nil || r.implicit)},
	})
}

const tmplDiscourse = `«header»
## containers/app.yml, under env:, then: ./launcher rebuild app
  DISCOURSE_SMTP_ADDRESS: «host»
  DISCOURSE_SMTP_PORT: «port»
?login   DISCOURSE_SMTP_USER_NAME: «user»
?login   ## The password: put it here on the server only; never commit it.
?login   DISCOURSE_SMTP_PASSWORD: "REPLACE_WITH_SMTP_PASSWORD"
?implicit   DISCOURSE_SMTP_FORCE_TLS: true
?starttls   DISCOURSE_SMTP_ENABLE_START_TLS: true
?none   DISCOURSE_SMTP_ENABLE_START_TLS: false
  DISCOURSE_NOTIFICATION_EMAIL: «from»
`
