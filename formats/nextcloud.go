package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Nextcloud is the mail part of Nextcloud's config/config.php
// ('mail_smtphost' => 'smtp.example.com', ...). Nextcloud sends with
// Symfony Mailer: EsmtpTransport(mail_smtphost, mail_smtpport,
// mail_smtpsecure === 'ssl' ? true : null), so 'ssl' is implicit TLS,
// port 465 is implicit TLS whatever mail_smtpsecure says, and anything
// else uses STARTTLS when the server offers it. The defaults are 127.0.0.1
// and 25. Source: nextcloud/server lib/private/Mail/Mailer.php.
const Nextcloud Format = "nextcloud"

// LibNextcloud is Nextcloud's own mail settings.
const LibNextcloud rules.Library = "nextcloud"

var nextcloudSpec = spec{
	name: Nextcloud,
	menu: 19,
	clues: []clue{
		{score: 89, any: []string{"mail_smtphost", "mail_smtpmode", "mail_smtpsecure", "mail_smtpport"}},
	},
	input:   cfgReadCode,
	read:    cfgParseNextcloud,
	rewrite: (*cfgRewriter).rewriteNextcloud,
}

var libNextcloudSnippet = snippetWriter{
	lib: LibNextcloud, title: "Nextcloud — config/config.php", codeLang: langPHP,
	template: tmplNextcloud,
}

func init() {
	register(nextcloudSpec)
	registerSnippet(libNextcloudSnippet)
}

var cfgNextcloudKeys = [...]string{"mail_smtphost", "mail_smtpport", "mail_smtpname", "mail_smtppassword", "mail_smtpsecure", "mail_smtpmode", "mail_smtpauth"}

func cfgParseNextcloud(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var kv [len(cfgNextcloudKeys)]*cfgValue
	for i, k := range cfgNextcloudKeys {
		kv[i] = cfgVal(code.findKey(k))
	}
	if kv[0] == nil && kv[1] == nil && kv[5] == nil {
		return &ParseError{Msg: "found no mail_smtphost, mail_smtpport or mail_smtpmode"}
	}
	if v := kv[5]; v != nil && v.kind == cfgValString && !strings.EqualFold(v.text, "smtp") {
		b.note("mail_smtpmode is " + cfgSafeKey(v.text) + ", not smtp: Nextcloud does not use the SMTP settings")
	}
	b.setHostOr(kv[0], "mail_smtphost", "127.0.0.1", "mail_smtphost is not set: Nextcloud uses 127.0.0.1")
	if h, p, ok := strings.Cut(b.p.Settings.Host, ":"); ok && strings.Count(b.p.Settings.Host, ":") == 1 {
		if n, err := strconv.Atoi(p); err == nil && n > 0 && n <= 65535 {
			b.p.Settings.Host = h
			if kv[1] == nil {
				b.p.Settings.Port = n
			}
			b.note("mail_smtphost holds a port (" + p + "): current Nextcloud passes it on unsplit and fails; put the port in mail_smtpport")
		}
	}
	if b.p.Settings.Port == 0 {
		b.setPortOr(kv[1], "mail_smtpport", 25, "mail_smtpport is not set: Nextcloud uses 25")
	}
	if v := kv[2]; v != nil && v.text != "" {
		b.setUser(v, "mail_smtpname")
	}
	b.setPassword(kv[3])
	secure := ""
	if v := kv[4]; v != nil {
		secure = strings.ToLower(rules.TrimSpace(v.text))
	}
	switch {
	case secure == "ssl" || b.p.Settings.Port == 465:
		b.p.Settings.Security = rules.SecurityImplicit
	default:
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("Nextcloud uses STARTTLS when the server offers it; it cannot be made to insist on it")
	}
	return b.done(LibNextcloud, rules.UseApplication, out)
}

func (r *cfgRewriter) rewriteNextcloud() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	if r.sc && r.none {
		return rwErr("Nextcloud always uses STARTTLS when the server offers it; it has no setting to turn TLS off")
	}
	if r.sc && r.starttls && r.want.Port == 465 {
		return rwErr("Nextcloud uses implicit TLS on port 465; STARTTLS needs another port such as 587")
	}
	var es [len(cfgNextcloudKeys)]*cfgEntry
	var anchor *cfgEntry
	for i, k := range cfgNextcloudKeys {
		es[i] = code.findKey(k)
		if es[i] != nil && (anchor == nil || es[i].start > anchor.start) {
			anchor = es[i]
		}
	}
	vals := [...]struct {
		i     int
		val   string
		on, q bool
	}{
		{0, r.want.Host, r.hc || es[0] != nil && strings.Contains(es[0].val.text, ":") && r.pc, true},
		{1, r.wp, r.pc, false},
		{2, r.fixed.Username, r.uc, true},
		{4, pickString(r.implicit, "ssl", ""), r.sc && (es[4] != nil || r.implicit), true},
	}
	for _, v := range vals {
		if !v.on {
			continue
		}
		if err := r.setKey(es[v.i], anchor, cfgNextcloudKeys[v.i], v.val, v.q); err != nil {
			return err
		}
	}
	return nil
}

const tmplNextcloud = `«header»
// config/config.php, inside $CONFIG = array( ... );
  'mail_smtpmode' => 'smtp',
  'mail_smtphost' => «host»,
  'mail_smtpport' => «port»,
?implicit   'mail_smtpsecure' => 'ssl',
?starttls   // STARTTLS is used when the server offers it; Nextcloud cannot insist on it.
?starttls   'mail_smtpsecure' => '',
?login   'mail_smtpauth' => true,
?login   'mail_smtpname' => «user»,
?login   // The password: put it here on the server only; never commit it.
?login   'mail_smtppassword' => 'REPLACE_WITH_SMTP_PASSWORD',
  'mail_from_address' => 'noreply',
`
