package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// Django is a Django settings.py: EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS...
// assignments in Python.
const Django Format = "django"

// djangoLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {django.word}
// slots (rules.LibraryText).
var djangoLibrary = rules.LibraryInfo{
	ID: rules.LibDjango, Name: "Django", Implicit: "EMAIL_USE_SSL = True", StartTLS: "EMAIL_USE_TLS = True",
	Trap: "EMAIL_USE_TLS and EMAIL_USE_SSL are mutually exclusive: set one, leave the other False; both True raises ValueError.",
	Forms: [3]string{
		"EMAIL_HOST = %q; EMAIL_PORT = %p; EMAIL_USE_SSL = True; EMAIL_USE_TLS = False",
		"EMAIL_HOST = %q; EMAIL_PORT = %p; EMAIL_USE_TLS = True; EMAIL_USE_SSL = False",
		"EMAIL_HOST = %q; EMAIL_PORT = %p; EMAIL_USE_TLS = False; EMAIL_USE_SSL = False",
	},
	Words: []rules.Word{
		{"starttls", "EMAIL_USE_TLS = True"},
		{rules.WordFixWrongVersion, "Django: EMAIL_USE_TLS = True with port 587; EMAIL_USE_SSL = True only with port 465 (never both)."},
		{rules.WordFixNoGreeting, "Django: EMAIL_USE_SSL = True and EMAIL_USE_TLS = False for port 465 (or EMAIL_USE_TLS = True with port 587)."},
		{rules.WordFixNeedsStartTLS, "Django: EMAIL_USE_TLS = True."},
	},
	Options: []string{"EMAIL_USE_SSL", "EMAIL_USE_TLS", "EMAIL_PORT"},
}

var djangoSpec = spec{
	name: Django,
	menu: 7,
	clues: []clue{
		{score: 60, any: []string{"EMAIL_HOST", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_PORT", "EMAIL_BACKEND"}, test: cfgLooksPython},
	},
	input:   cfgReadCode,
	read:    cfgParseDjangoPy,
	rewrite: (*cfgRewriter).rewriteDjango,
}

var libDjangoSnippet = snippetWriter{
	lib: rules.LibDjango, title: "Python — Django settings.py", codeLang: langPython,
	template: tmplDjango,
}

func init() {
	rules.RegisterLibrary(&djangoLibrary)
	register(djangoSpec)
	registerSnippet(libDjangoSnippet)
}

// cfgLooksPython reports whether EMAIL_* assignments are Python rather
// than a .env file: True/False, spaces around '=', imports.
func cfgLooksPython(t string) bool {
	if containsAny(t, "import ", "os.environ", "env(", "getenv(") {
		return true
	}
	for _, line := range strings.Split(t, "\n") {
		line = rules.TrimSpace(line)
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
	return cfgInterpretKeys(out, code, "found no EMAIL_HOST, EMAIL_PORT or EMAIL_USE_TLS setting")
}

// djangoKeys are Django's EMAIL_* settings, in settings.py or a .env file.
var djangoKeys = keyFamily{
	lib:      rules.LibDjango,
	marks:    []string{"EMAIL_HOST", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_HOST_USER"},
	host:     []string{"EMAIL_HOST"},
	port:     []string{"EMAIL_PORT"},
	user:     []string{"EMAIL_HOST_USER"},
	password: []string{"EMAIL_HOST_PASSWORD"},
	anchor:   []string{"EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_HOST_USER"},
	urlKey:   "EMAIL_URL", // dj-email-url
	tls: &flagPair{
		startTLS: "EMAIL_USE_TLS", implicit: "EMAIL_USE_SSL",
		hostNote: "EMAIL_HOST is not set: Django uses localhost",
		portNote: "EMAIL_PORT is not set: Django uses 25",
		both:     "Django raises ValueError",
	},
	read: func(b *cfgBuild, f *keyFamily) {
		if v := b.code.keyVal("EMAIL_BACKEND"); v != nil && v.kind == cfgValString && !strings.Contains(v.text, "smtp") {
			b.note("EMAIL_BACKEND is not the SMTP backend: Django will not connect to any SMTP server")
		}
		b.readFlagPair(f)
	},
	rewriteTLS: (*cfgRewriter).rewriteFlagPair,
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
