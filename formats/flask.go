package formats

import "github.com/whichport/whichport/rules"

// flaskKeys are Flask-Mail's MAIL_* settings. Flask-Mail has no format of
// its own here: its keys come as .env lines.
var flaskKeys = keyFamily{
	lib:      rules.LibOther,
	marks:    []string{"MAIL_SERVER", "MAIL_USE_TLS", "MAIL_USE_SSL"},
	host:     []string{"MAIL_SERVER"},
	port:     []string{"MAIL_PORT"},
	user:     []string{"MAIL_USERNAME"},
	password: []string{"MAIL_PASSWORD"},
	anchor:   []string{"MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME"},
	tls: &flagPair{
		startTLS: "MAIL_USE_TLS", implicit: "MAIL_USE_SSL",
		hostNote: "MAIL_SERVER is not set: Flask-Mail uses localhost",
		portNote: "MAIL_PORT is not set: Flask-Mail uses 25",
		both:     "the mail library then wraps an implicit-TLS connection in STARTTLS and fails",
	},
	read:       (*cfgBuild).readFlagPair,
	rewriteTLS: (*cfgRewriter).rewriteFlagPair,
}
