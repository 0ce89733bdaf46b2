package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// Django is a Django settings.py: EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS...
// assignments in Python.
const Django Format = "django"

func init() {
	register(spec{
		name: Django,
		menu: 7,
		clues: []clue{
			{score: 60, any: []string{"EMAIL_HOST", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_PORT", "EMAIL_BACKEND"}, test: cfgLooksPython},
		},
		input:   cfgReadCode,
		read:    cfgParseDjangoPy,
		rewrite: (*cfgRewriter).rewriteDjango,
	})
	registerSnippet(snippetWriter{rules.LibDjango, "Python — Django settings.py", "python", "# ", quotePy, `os.environ["SMTP_USERNAME"]`, tmplDjango})
}

// cfgLooksPython reports whether EMAIL_* assignments are Python rather
// than a .env file: True/False, spaces around '=', imports.
func cfgLooksPython(t string) bool {
	if containsAny(t, "import ", "os.environ", "env(", "getenv(") {
		return true
	}
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		if !strings.HasPrefix(line, "EMAIL_") {
			continue
		}
		if strings.HasSuffix(line, " = True") || strings.HasSuffix(line, " = False") {
			return true
		}
		if containsAny(line, " = '", " = \"", " = config(") {
			return true
		}
	}
	return false
}

// cfgParseDjangoPy reads settings.py assignments.
func cfgParseDjangoPy(out *Parsed, text string, code *cfgCode) error {
	return cfgInterpretKeys(out, code, Django)
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

const tmplDjango = `«header»
# settings.py
import os

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = «host»
EMAIL_PORT = «port»
?implicit EMAIL_USE_SSL = True  # implicit TLS
?implicit EMAIL_USE_TLS = False  # never both True: Django raises ValueError
?none EMAIL_USE_TLS = False
?none EMAIL_USE_SSL = False
?starttls EMAIL_USE_TLS = True  # STARTTLS
?starttls EMAIL_USE_SSL = False  # never both True: Django raises ValueError
?login EMAIL_HOST_USER = «user»
?login EMAIL_HOST_PASSWORD = os.environ["SMTP_PASSWORD"]
DEFAULT_FROM_EMAIL = «from»
`

// rewriteDjango rewrites settings.py assignments.
func (r *cfgRewriter) rewriteDjango() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	return r.rewriteKeys(code, true)
}
