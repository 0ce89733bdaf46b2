package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// Mastodon is the mail part of a Mastodon .env.production: SMTP_SERVER,
// SMTP_PORT, SMTP_LOGIN and friends. Mastodon's config/email.yml hands them
// to Action Mailer: no SMTP_PORT means the mail gem's 25; STARTTLS is on
// (opportunistic) unless SMTP_ENABLE_STARTTLS_AUTO=false or
// SMTP_ENABLE_STARTTLS=never, required with SMTP_ENABLE_STARTTLS=always;
// SMTP_TLS=true or SMTP_SSL=true is implicit TLS.
// Source: mastodon/mastodon config/email.yml.
const Mastodon Format = "mastodon"

// LibMastodon is Mastodon's own mail settings.
const LibMastodon rules.Library = "mastodon"

var mastodonSpec = spec{
	name: Mastodon,
	menu: 16,
	clues: []clue{
		{score: 61, any: []string{"SMTP_SERVER"}, and: []string{"SMTP_LOGIN", "SMTP_FROM_ADDRESS", "SMTP_AUTH_METHOD", "SMTP_OPENSSL_VERIFY_MODE", "SMTP_ENABLE_STARTTLS"}},
	},
	input:   cfgLinesEnv,
	read:    cfgParseMastodon,
	rewrite: (*cfgRewriter).rewriteMastodon,
}

var libMastodonSnippet = snippetWriter{
	lib: LibMastodon, title: "Mastodon — .env.production", codeLang: langDotenv,
	template: tmplMastodon,
}

func init() {
	register(mastodonSpec)
	registerSnippet(libMastodonSnippet)
}

// cfgMastodonKeys: server, port, login, password, TLS, SSL, STARTTLS, STARTTLS auto.
var cfgMastodonKeys = [...]string{"SMTP_SERVER", "SMTP_PORT", "SMTP_LOGIN", "SMTP_PASSWORD", "SMTP_TLS", "SMTP_SSL", "SMTP_ENABLE_STARTTLS", "SMTP_ENABLE_STARTTLS_AUTO"}

func cfgParseMastodon(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var kv [len(cfgMastodonKeys)]*cfgValue
	code.keyVals(cfgMastodonKeys[:], kv[:])
	if kv[0] == nil {
		return &ParseError{Msg: "found no SMTP_SERVER"}
	}
	if v := kv[0]; v.text != "" {
		b.setHost(v, "SMTP_SERVER")
	} else {
		b.note("SMTP_SERVER is empty: Mastodon cannot send mail until it is set")
	}
	if v := kv[1]; v != nil && v.text != "" {
		b.setPort(v, "SMTP_PORT")
	} else {
		b.p.Settings.Port = 25
		b.note("SMTP_PORT is not set: Mastodon passes no port and the mail gem uses 25")
	}
	if v := kv[2]; v != nil && v.text != "" {
		b.setUser(v, "SMTP_LOGIN")
	}
	b.setPassword(kv[3])
	is := func(v *cfgValue, word string) bool {
		return v != nil && strings.EqualFold(rules.TrimSpace(v.text), word)
	}
	switch {
	case is(kv[4], "true") || is(kv[5], "true"):
		b.p.Settings.Security = rules.SecurityImplicit
	case is(kv[6], "never") || is(kv[7], "false") && !is(kv[6], "always"):
		b.p.Settings.Security = rules.SecurityNone
	default:
		b.p.Settings.Security = rules.SecurityStartTLS
		if !is(kv[6], "always") {
			b.note("Mastodon uses STARTTLS when the server offers it; SMTP_ENABLE_STARTTLS=always refuses to send in clear")
		}
		if b.p.Settings.Port == 465 {
			b.note("port 465 needs SMTP_TLS=true (implicit TLS); with STARTTLS Mastodon waits for a greeting that never comes")
		}
	}
	return b.done(LibMastodon, rules.UseApplication, out)
}

func (r *cfgRewriter) rewriteMastodon() error {
	code, err := cfgLines(r.src, cfgLinesEnv)
	if err != nil {
		return err
	}
	var es [len(cfgMastodonKeys)]*cfgEntry
	for i, k := range cfgMastodonKeys {
		es[i] = code.findKey(k)
	}
	return r.setKeyLines(es[:], cfgMastodonKeys[:], []keyWant{
		0: {r.fixed.Host, r.hc},
		1: {r.wp, r.pc},
		2: {r.fixed.Username, r.uc},
		4: {cfgBoolWord(r.implicit), r.sc && (es[4] != nil || r.implicit)},
		5: {cfgBoolWord(r.implicit), r.sc && es[5] != nil},
		6: {bySecurity(r.want.Security, "never", "always", "never"), r.sc && es[6] != nil},
		7: {cfgBoolWord(r.starttls), r.sc && (es[7] != nil || r.none)},
	})
}

const tmplMastodon = `«header»
# .env.production, then restart Mastodon's web and sidekiq services
SMTP_SERVER=«host»
SMTP_PORT=«port»
?login SMTP_LOGIN=«user»
?login # The password: put it here on the server only; never commit it.
?login SMTP_PASSWORD=REPLACE_WITH_SMTP_PASSWORD
?implicit SMTP_TLS=true
?implicit SMTP_ENABLE_STARTTLS=never
?starttls SMTP_ENABLE_STARTTLS=always
?none SMTP_ENABLE_STARTTLS=never
SMTP_FROM_ADDRESS=«from»
`
