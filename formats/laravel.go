package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// laravelLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {laravel.word}
// slots (rules.LibraryText).
var laravelLibrary = rules.LibraryInfo{
	ID: rules.LibLaravel, Name: "Laravel", Implicit: "MAIL_SCHEME=smtps (Laravel 11+; MAIL_ENCRYPTION=ssl before)", StartTLS: "MAIL_SCHEME=smtp (Laravel 11+; MAIL_ENCRYPTION=tls before)",
	Trap: "Laravel 11 replaced MAIL_ENCRYPTION with MAIL_SCHEME: an old MAIL_ENCRYPTION line is ignored there.",
	Forms: [3]string{
		"MAIL_HOST=%h MAIL_PORT=%p MAIL_SCHEME=smtps (Laravel 11+; before: MAIL_ENCRYPTION=ssl)",
		"MAIL_HOST=%h MAIL_PORT=%p MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=tls)",
		"MAIL_HOST=%h MAIL_PORT=%p MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=null)",
	},
	Words: []rules.Word{
		{rules.WordFixWrongVersion, "Laravel: MAIL_SCHEME=smtp on 587 (MAIL_ENCRYPTION=tls before Laravel 11); smtps only with port 465."},
		{rules.WordFixNoGreeting, "Laravel: MAIL_SCHEME=smtps for port 465 (MAIL_ENCRYPTION=ssl before Laravel 11)."},
		{rules.WordFixNeedsStartTLS, "Laravel: MAIL_SCHEME=smtp on port 587 (MAIL_ENCRYPTION=tls before Laravel 11)."},
	},
	Options: []string{laravelEncryption, laravelScheme},
}

// Laravel's TLS option names, which config/mail.php reads too
// (laravel_config.go).
const (
	laravelScheme     = "MAIL_SCHEME"     // Laravel 11+: smtp or smtps
	laravelEncryption = "MAIL_ENCRYPTION" // before Laravel 11: tls or ssl
)

var libLaravelSnippet = snippetWriter{
	lib: rules.LibLaravel, title: "PHP — Laravel .env", codeLang: langDotenv,
	template: tmplLaravel,
}

func init() {
	rules.RegisterLibrary(&laravelLibrary)
	registerSnippet(libLaravelSnippet)
}

// laravel maps MAIL_* keys. Laravel 9 and later send through Symfony
// Mailer: MAIL_SCHEME=smtps (or MAIL_ENCRYPTION=tls on port 465) means
// implicit TLS, port 465 always means implicit TLS, anything else means
// STARTTLS when the server offers it.
func (b *cfgBuild) laravel(f *keyFamily) {
	var kv [7]*cfgValue // mailer, host, port, user, password, scheme, encryption
	for k, names := range [...][]string{{"MAIL_MAILER", "MAIL_DRIVER"}, f.host, f.port, f.user, f.password, {"MAIL_SCHEME"}, {"MAIL_ENCRYPTION"}} {
		kv[k] = b.code.keyVal(names...)
	}
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
		// Laravel 9 and later (Symfony Mailer) ignore it off port 465 and
		// use STARTTLS; Laravel 8 and older (SwiftMailer) start TLS at once,
		// which fails on a STARTTLS port. Say both, and fix the line.
		b.p.Settings.Security = rules.SecurityStartTLS
		f, p := laravelSSLFinding, strconv.Itoa(port)
		f.Title = "MAIL_ENCRYPTION=ssl on port " + p + ": Laravel 8 and older fail, Laravel 9 and later ignore it"
		f.Fix = "Set `MAIL_ENCRYPTION=tls` (and `MAIL_SCHEME=smtp` on Laravel 11 and later): STARTTLS on port " + p + " in every version."
		b.p.Findings = append(b.p.Findings, f)
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

// laravelSSLFinding is what MAIL_ENCRYPTION=ssl off port 465 means; the
// reader adds a title and a fix that name the port.
var laravelSSLFinding = rules.Finding{ID: "laravel-encryption-ssl", Severity: rules.SeverityWarning, Setting: "security",
	Detail: "Laravel 8 and older (SwiftMailer) start TLS at once with ssl, which fails on a STARTTLS port with \"wrong version number\". Laravel 9 and later (Symfony Mailer) ignore MAIL_ENCRYPTION off port 465 and use STARTTLS when the server offers it, so it works there by accident.",
	Refs:   []rules.Ref{{Name: "whichport FACTS §5 (Laravel)"}}}

// laravelKeys are Laravel's MAIL_* keys (.env, read by config/mail.php).
var laravelKeys = keyFamily{
	lib:        rules.LibLaravel,
	marks:      []string{"MAIL_HOST", "MAIL_MAILER", "MAIL_ENCRYPTION", "MAIL_SCHEME", "MAIL_DRIVER"},
	host:       []string{"MAIL_HOST"},
	port:       []string{"MAIL_PORT"},
	user:       []string{"MAIL_USERNAME"},
	password:   []string{"MAIL_PASSWORD"},
	anchor:     []string{"MAIL_MAILER", "MAIL_PORT", "MAIL_USERNAME"},
	urlKey:     "MAIL_URL",
	symfonyURL: true, // Laravel 9 and later send through Symfony Mailer
	read:       (*cfgBuild).laravel,
	rewriteTLS: (*cfgRewriter).rewriteLaravelTLS,
}

// rewriteLaravelTLS writes MAIL_SCHEME (and MAIL_ENCRYPTION when it is
// there) for the TLS mode, or says why Laravel cannot do it.
func (r *cfgRewriter) rewriteLaravelTLS(code *cfgCode, _ *keyFamily) error {
	if !r.sc && !r.pc {
		return nil
	}
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
	return nil
}

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
