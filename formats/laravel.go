package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

var libLaravelSnippet = snippetWriter{rules.LibLaravel, "PHP — Laravel .env", "env", "# ", quoteEnv, `"${SMTP_USERNAME}"`, tmplLaravel}

func init() {
	registerSnippet(libLaravelSnippet)
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

// cfgLaravelNames are the keys laravel reads, in the order of its kv array.
var cfgLaravelNames = [...]string{"MAIL_MAILER|MAIL_DRIVER", "MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SCHEME", "MAIL_ENCRYPTION"}

const tmplLaravel = `«header»
# Laravel 11 and later read MAIL_SCHEME (smtps = implicit TLS, smtp = STARTTLS).
MAIL_MAILER=smtp
?implicit MAIL_SCHEME=smtps
?notimplicit MAIL_SCHEME=smtp
MAIL_HOST=«host»
MAIL_PORT=«port»
?login MAIL_USERNAME=«user»
?login # The password comes from the SMTP_PASSWORD environment variable; never commit it.
?login MAIL_PASSWORD="${SMTP_PASSWORD}"
MAIL_FROM_ADDRESS=«from»
# Laravel 10 and older read MAIL_ENCRYPTION instead of MAIL_SCHEME:
?implicit # MAIL_ENCRYPTION=ssl
?starttls # MAIL_ENCRYPTION=tls
?none # MAIL_ENCRYPTION=null
`
