package formats

// Ghost is the mail part of a Ghost blog's configuration (config.js before
// Ghost 1.0, config.production.json after): mail: { transport: 'SMTP',
// options: { service: 'Mailgun', host, port, secure, auth: { user, pass } } }.
// Ghost hands options to nodemailer, so they mean what nodemailer's mean,
// including its well-known service names (service: 'Mailgun' is
// smtp.mailgun.org on 465 with TLS). Source: Ghost's mail configuration
// docs and nodemailer lib/well-known/services.json.
const Ghost Format = "ghost"

var ghostSpec = spec{
	name: Ghost,
	menu: 22,
	clues: []clue{
		{score: 96, any: []string{"transport: 'SMTP'", `transport: "SMTP"`, `"transport": "SMTP"`, "transport: 'smtp'", `"transport": "smtp"`}, and: []string{"options"}},
	},
	read:    cfgParseNodemailer,
	rewrite: (*cfgRewriter).rewriteNodemailer,
}

func init() {
	register(ghostSpec)
}
