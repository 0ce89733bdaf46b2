package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// GitLab is the SMTP part of an Omnibus GitLab gitlab.rb:
// gitlab_rails['smtp_address'] = "smtp.example.com" and so on, also inside
// GITLAB_OMNIBUS_CONFIG. GitLab hands these to Action Mailer (the mail
// gem): smtp_tls = true is implicit TLS and wins; otherwise
// smtp_enable_starttls_auto (on unless set false) or smtp_enable_starttls
// is STARTTLS; the port defaults to 25.
// Source: https://docs.gitlab.com/omnibus/settings/smtp.html
const GitLab Format = "gitlab"

var gitLabSpec = spec{
	name: GitLab,
	menu: 14,
	clues: []clue{
		{score: 92, any: []string{"gitlab_rails['smtp_", `gitlab_rails["smtp_`, "gitlab_ci['smtp_"}},
	},
	input:   cfgReadCode,
	read:    cfgParseGitLab,
	rewrite: (*cfgRewriter).rewriteGitLab,
}

var libGitLabSnippet = snippetWriter{
	lib: LibGitLab, title: "GitLab — gitlab.rb", codeLang: langRuby,
	template: tmplGitLab,
}

func init() {
	register(gitLabSpec)
	registerSnippet(libGitLabSnippet)
}

// LibGitLab is GitLab's own mail settings (Action Mailer underneath).
const LibGitLab rules.Library = "gitlab"

// cfgGitLabKeys are the gitlab.rb keys read, in the order of kv below.
var cfgGitLabKeys = [...]string{"smtp_address", "smtp_port", "smtp_user_name", "smtp_password", "smtp_tls", "smtp_enable_starttls_auto", "smtp_enable_starttls", "smtp_enable", "smtp_authentication"}

func cfgGitLabEntries(code *cfgCode) (kv [len(cfgGitLabKeys)]*cfgEntry) {
	for i, k := range cfgGitLabKeys {
		kv[i] = code.findKey(k)
	}
	return kv
}

func cfgParseGitLab(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	kv := cfgGitLabEntries(code)
	if kv[0] == nil && kv[1] == nil && kv[2] == nil {
		return &ParseError{Msg: "found no gitlab_rails['smtp_address'], ['smtp_port'] or ['smtp_user_name']"}
	}
	if e := kv[7]; e != nil && e.val.isFalse() {
		b.note("smtp_enable is false: GitLab sends with sendmail and ignores these SMTP settings")
	}
	b.setHostOr(cfgVal(kv[0]), "smtp_address", "localhost", "smtp_address is not set: GitLab (the mail gem) uses localhost")
	b.setPortOr(cfgVal(kv[1]), "smtp_port", 25, "smtp_port is not set: GitLab (the mail gem) uses 25")
	b.setUserIf(cfgVal(kv[2]), "smtp_user_name")
	b.setPassword(cfgVal(kv[3]))
	tls, _ := b.boolOf(cfgVal(kv[4]), "smtp_tls")
	starttls, _ := b.boolOf(cfgVal(kv[6]), "smtp_enable_starttls")
	auto := true
	if e := kv[5]; e != nil {
		if on, known := b.boolOf(&e.val, "smtp_enable_starttls_auto"); known {
			auto = on
		}
	}
	switch {
	case tls:
		b.p.Settings.Security = rules.SecurityImplicit
		if kv[5] != nil && auto {
			b.note("smtp_tls = true wins over smtp_enable_starttls_auto: TLS starts on connect")
		}
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	case auto:
		b.p.Settings.Security = rules.SecurityStartTLS
		if b.p.Settings.Port == 465 {
			b.note("port 465 without smtp_tls = true: GitLab connects in clear and waits for a greeting that never comes; set gitlab_rails['smtp_tls'] = true")
		}
	default:
		b.p.Settings.Security = rules.SecurityNone
	}
	if e := kv[8]; e != nil && strings.EqualFold(e.val.text, "xoauth2") {
		b.oauth = true
	}
	return b.done(LibGitLab, rules.UseApplication, out)
}

// rewriteGitLab sets smtp_address, smtp_port, smtp_user_name, and smtp_tls
// with smtp_enable_starttls_auto for the TLS mode.
func (r *cfgRewriter) rewriteGitLab() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	kv := cfgGitLabEntries(code)
	// New lines go after smtp_address (or the first key there is) until one
	// has been written; then after the last key there is.
	anchor, last := kv[0], kv[0]
	for _, e := range kv {
		if anchor == nil {
			anchor = e
		}
		if e != nil && (last == nil || e.start > last.start) {
			last = e
		}
	}
	// What to write, by the index of cfgGitLabKeys.
	want := [...]keyWant{
		0: {r.fixed.Host, r.hc},
		1: {r.wp, r.pc},
		2: {r.fixed.Username, r.uc},
		4: {cfgBoolWord(r.implicit), r.sc && (kv[4] != nil || r.implicit)},
		5: {cfgBoolWord(!r.none), r.sc && (kv[5] != nil || r.none)},
		6: {cfgBoolWord(r.starttls), r.sc && kv[6] != nil},
	}
	for i, w := range want {
		if !w.on {
			continue
		}
		// smtp_address and smtp_user_name are strings.
		if err := r.setKey(kv[i], anchor, cfgGitLabKeys[i], w.val, i == 0 || i == 2); err != nil {
			return err
		}
		if kv[i] == nil {
			anchor = last // one new line per anchor: later ones follow the earlier
		}
	}
	return nil
}

const tmplGitLab = `«header»
# /etc/gitlab/gitlab.rb, then: gitlab-ctl reconfigure
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = «host»
gitlab_rails['smtp_port'] = «port»
?login gitlab_rails['smtp_user_name'] = «user»
?login # The password comes from the SMTP_PASSWORD environment variable; never commit it.
?login gitlab_rails['smtp_password'] = ENV["SMTP_PASSWORD"]
?login gitlab_rails['smtp_authentication'] = "login"
?implicit gitlab_rails['smtp_tls'] = true
?implicit gitlab_rails['smtp_enable_starttls_auto'] = false
?starttls gitlab_rails['smtp_tls'] = false
?starttls gitlab_rails['smtp_enable_starttls_auto'] = true
?none gitlab_rails['smtp_tls'] = false
?none gitlab_rails['smtp_enable_starttls_auto'] = false
gitlab_rails['gitlab_email_from'] = «from»
`
