package rules

// Snippets: ready-to-paste configuration for every library and client of
// FACTS §5, written with each library's own option names. A snippet never
// holds a password: code reads it from the SMTP_PASSWORD environment
// variable, config files carry an obvious placeholder. Hosts and usernames
// are quoted for each language (snippet_quote.go) and never written into a
// comment.

import (
	"strconv"
	"strings"
)

// SnippetFor writes ready-to-paste config for one library from settings
// (normally Report.Recommended applied to the person's settings). It
// returns false for a library it has no snippet for (LibUnset, LibOther).
//
// When Security is not given it is taken from the port (465, 2465 and 8465
// implicit TLS, anything else STARTTLS) and the snippet says so; when the
// port is not given it is 465 for implicit TLS, 587 for STARTTLS and 25 for
// none.
func SnippetFor(lib Library, s Settings) (Snippet, bool) {
	for _, w := range snippetWriters {
		if w.lib == lib {
			c := newSnipSettings(s)
			sn := Snippet{Library: lib, Title: w.title, Language: w.language}
			sn.Code = w.write(c)
			return sn, true
		}
	}
	return Snippet{}, false
}

// Snippets writes config for every library of FACTS §5 and a mail client,
// in the order of FACTS §5.
func Snippets(s Settings) []Snippet {
	out := make([]Snippet, 0, len(snippetWriters))
	for _, w := range snippetWriters {
		sn, _ := SnippetFor(w.lib, s)
		out = append(out, sn)
	}
	return out
}

type snippetWriter struct {
	lib      Library
	title    string
	language string
	write    func(c snipSettings) string
}

var snippetWriters = []snippetWriter{
	{LibNodemailer, "Node.js — nodemailer", "js", snipNodemailer},
	{LibSmtplib, "Python — smtplib", "python", snipSmtplib},
	{LibGoNetSMTP, "Go — net/smtp", "go", snipGo},
	{LibSmtpClient, ".NET — System.Net.Mail.SmtpClient", "csharp", snipSmtpClient},
	{LibMailKit, ".NET — MailKit", "csharp", snipMailKit},
	{LibPHPMailer, "PHP — PHPMailer", "php", snipPHPMailer},
	{LibDjango, "Python — Django settings.py", "python", snipDjango},
	{LibLaravel, "PHP — Laravel .env", "env", snipLaravel},
	{LibRails, "Ruby — Rails ActionMailer", "ruby", snipRails},
	{LibJavaMail, "Java — Jakarta Mail / JavaMail", "java", snipJavaMail},
	{LibPostfix, "Postfix — main.cf relayhost", "ini", snipPostfix},
	{LibMailClient, "Mail client — Thunderbird, Apple Mail, Outlook", "text", snipMailClient},
}

// snipSettings is Settings made complete for writing a snippet.
type snipSettings struct {
	host      string
	port      int
	sec       Security // never SecurityUnset
	notes     []string // plain-language lines for the header comment (no user data)
	user      string
	userGiven bool
	login     bool // the snippet logs in
	auth      Auth
}

func newSnipSettings(s Settings) snipSettings {
	c := snipSettings{host: s.Host, port: s.Port, sec: s.Security, user: s.Username, userGiven: s.Username != "", auth: s.Auth}
	if c.host == "" {
		c.host = "smtp.example.com"
		c.notes = append(c.notes, "No host was given: replace smtp.example.com with your provider's SMTP host.")
	}
	if c.sec != SecurityStartTLS && c.sec != SecurityImplicit && c.sec != SecurityNone {
		if errImplicitPort(c.port) {
			c.sec = SecurityImplicit
		} else {
			c.sec = SecurityStartTLS
		}
		c.notes = append(c.notes, "The TLS mode was not given; "+snipModeName(c.sec)+" is assumed. Check it against your provider's documentation.")
	}
	if c.port <= 0 || c.port > 65535 {
		switch c.sec {
		case SecurityImplicit:
			c.port = 465
		case SecurityNone:
			c.port = 25
		default:
			c.port = 587
		}
		c.notes = append(c.notes, "No port was given: "+strconv.Itoa(c.port)+" is the usual one for "+snipModeName(c.sec)+".")
	}
	c.login = s.Auth != AuthNone
	switch s.Auth {
	case AuthAppPassword:
		c.notes = append(c.notes, "Password: use an app password, not the account password.")
	case AuthAPIKey:
		c.notes = append(c.notes, "Password: use the provider's API key or SMTP key.")
	case AuthOAuth2:
		c.notes = append(c.notes, "This account uses OAuth2: replace the password with an OAuth2 access token (XOAUTH2) as your library documents.")
	}
	if c.sec == SecurityNone {
		what := "the mail crosses"
		if c.login {
			what = "the password and the mail cross"
		}
		c.notes = append(c.notes, "No TLS: "+what+" the network in clear. Use this only for a relay on the same machine or a trusted network.")
	}
	return c
}

func snipModeName(s Security) string {
	switch s {
	case SecurityImplicit:
		return "implicit TLS"
	case SecurityNone:
		return "no TLS"
	}
	return "STARTTLS"
}

// snipSummary is the first comment line: port and mode, no user data.
func (c snipSettings) summary() string {
	switch c.sec {
	case SecurityImplicit:
		return "Port " + strconv.Itoa(c.port) + " with implicit TLS: TLS from the first byte (\"SSL/TLS\")."
	case SecurityNone:
		return "Port " + strconv.Itoa(c.port) + " without TLS."
	}
	return "Port " + strconv.Itoa(c.port) + " with STARTTLS: plaintext greeting, then the upgrade to TLS."
}

// header writes the summary and notes as comment lines.
func (c snipSettings) header(b *strings.Builder, prefix string) {
	b.WriteString(prefix + c.summary() + "\n")
	for _, n := range c.notes {
		b.WriteString(prefix + n + "\n")
	}
}

// from is the sender address used in the examples.
func (c snipSettings) from() string {
	if c.userGiven && strings.Contains(c.user, "@") {
		return c.user
	}
	return "you@example.com"
}

func snipNodemailer(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "// ")
	b.WriteString("const nodemailer = require(\"nodemailer\");\n\n")
	b.WriteString("const transporter = nodemailer.createTransport({\n")
	b.WriteString("  host: " + quoteJS(c.host) + ",\n")
	b.WriteString("  port: " + strconv.Itoa(c.port) + ",\n")
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("  secure: true, // implicit TLS\n")
	case SecurityNone:
		b.WriteString("  secure: false,\n  ignoreTLS: true, // never upgrade with STARTTLS\n")
	default:
		b.WriteString("  secure: false, // STARTTLS: secure: true is for implicit TLS only\n")
		b.WriteString("  requireTLS: true, // fail rather than go on without STARTTLS\n")
	}
	if c.login {
		user := "process.env.SMTP_USERNAME"
		if c.userGiven {
			user = quoteJS(c.user)
		}
		b.WriteString("  auth: {\n    user: " + user + ",\n    pass: process.env.SMTP_PASSWORD,\n  },\n")
	}
	b.WriteString("});\n\n")
	b.WriteString("transporter\n  .sendMail({\n")
	b.WriteString("    from: " + quoteJS(c.from()) + ",\n")
	b.WriteString("    to: \"someone@example.com\",\n    subject: \"Test\",\n    text: \"It works.\",\n  })\n")
	b.WriteString("  .then((info) => console.log(info.response), console.error);\n")
	return b.String()
}

func snipSmtplib(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "# ")
	b.WriteString("import os\nimport smtplib\nimport ssl\nfrom email.message import EmailMessage\n\n")
	b.WriteString("msg = EmailMessage()\n")
	b.WriteString("msg[\"From\"] = " + quotePy(c.from()) + "\n")
	b.WriteString("msg[\"To\"] = \"someone@example.com\"\nmsg[\"Subject\"] = \"Test\"\nmsg.set_content(\"It works.\")\n\n")
	b.WriteString("context = ssl.create_default_context()\n")
	host, port := quotePy(c.host), strconv.Itoa(c.port)
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("# SMTP_SSL: implicit TLS. smtplib.SMTP would wait for a greeting that never comes.\n")
		b.WriteString("with smtplib.SMTP_SSL(" + host + ", " + port + ", context=context, timeout=30) as server:\n")
	case SecurityNone:
		b.WriteString("with smtplib.SMTP(" + host + ", " + port + ", timeout=30) as server:\n")
	default:
		b.WriteString("# SMTP then starttls(): SMTP_SSL on this port fails with \"wrong version number\".\n")
		b.WriteString("with smtplib.SMTP(" + host + ", " + port + ", timeout=30) as server:\n")
		b.WriteString("    server.starttls(context=context)\n")
	}
	if c.login {
		user := "os.environ[\"SMTP_USERNAME\"]"
		if c.userGiven {
			user = quotePy(c.user)
		}
		b.WriteString("    server.login(" + user + ", os.environ[\"SMTP_PASSWORD\"])\n")
	}
	b.WriteString("    server.send_message(msg)\n")
	return b.String()
}

func snipGo(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "// ")
	user := "os.Getenv(\"SMTP_USERNAME\")"
	if c.userGiven {
		user = quoteGo(c.user)
	}
	port := strconv.Itoa(c.port)
	goOS := "" // the os import, needed only to read the credentials
	if c.login {
		goOS = "\t\"os\"\n"
	}
	if c.sec == SecurityImplicit {
		b.WriteString("// smtp.SendMail cannot do implicit TLS (it would hang, then fail with EOF):\n")
		b.WriteString("// dial TLS yourself and hand the connection to smtp.NewClient.\n")
		b.WriteString("package main\n\nimport (\n\t\"crypto/tls\"\n\t\"log\"\n\t\"net\"\n\t\"net/smtp\"\n" + goOS + ")\n\n")
		b.WriteString("func main() {\n")
		b.WriteString("\thost := " + quoteGo(c.host) + "\n")
		b.WriteString("\tfrom := " + quoteGo(c.from()) + "\n")
		b.WriteString("\tto := \"someone@example.com\"\n")
		b.WriteString("\tmsg := []byte(\"From: \" + from + \"\\r\\nTo: \" + to + \"\\r\\nSubject: Test\\r\\n\\r\\nIt works.\\r\\n\")\n\n")
		b.WriteString("\tconn, err := tls.Dial(\"tcp\", net.JoinHostPort(host, \"" + port + "\"), &tls.Config{ServerName: host})\n")
		b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tc, err := smtp.NewClient(conn, host)\n")
		b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tdefer c.Close()\n")
		if c.login {
			b.WriteString("\tif err := c.Auth(smtp.PlainAuth(\"\", " + user + ", os.Getenv(\"SMTP_PASSWORD\"), host)); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		}
		b.WriteString("\tif err := c.Mail(from); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tif err := c.Rcpt(to); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tw, err := c.Data()\n")
		b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tif _, err := w.Write(msg); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tif err := w.Close(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("\tif err := c.Quit(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
		b.WriteString("}\n")
		return b.String()
	}
	if c.sec == SecurityNone {
		b.WriteString("// smtp.SendMail still upgrades with STARTTLS when the server offers it,\n")
		b.WriteString("// and PlainAuth refuses to send a password without TLS except to localhost.\n")
	} else {
		b.WriteString("// smtp.SendMail upgrades with STARTTLS when the server offers it,\n")
		b.WriteString("// and PlainAuth refuses to send the password if it did not.\n")
	}
	b.WriteString("package main\n\nimport (\n\t\"log\"\n\t\"net\"\n\t\"net/smtp\"\n" + goOS + ")\n\n")
	b.WriteString("func main() {\n")
	b.WriteString("\thost := " + quoteGo(c.host) + "\n")
	b.WriteString("\tfrom := " + quoteGo(c.from()) + "\n")
	b.WriteString("\tto := \"someone@example.com\"\n")
	b.WriteString("\tmsg := []byte(\"From: \" + from + \"\\r\\nTo: \" + to + \"\\r\\nSubject: Test\\r\\n\\r\\nIt works.\\r\\n\")\n\n")
	if c.login {
		b.WriteString("\tauth := smtp.PlainAuth(\"\", " + user + ", os.Getenv(\"SMTP_PASSWORD\"), host)\n")
	} else {
		b.WriteString("\tvar auth smtp.Auth // no login\n")
	}
	b.WriteString("\terr := smtp.SendMail(net.JoinHostPort(host, \"" + port + "\"), auth, from, []string{to}, msg)\n")
	b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
	b.WriteString("}\n")
	return b.String()
}

func snipSmtpClient(c snipSettings) string {
	var b strings.Builder
	if c.sec == SecurityImplicit {
		b.WriteString("// System.Net.Mail.SmtpClient does not support implicit TLS (port " + strconv.Itoa(c.port) + "):\n")
		b.WriteString("// EnableSsl = true means STARTTLS, and on an implicit-TLS port it times out.\n")
		b.WriteString("// Use MailKit with SecureSocketOptions.SslOnConnect instead:\n//\n")
		b.WriteString(snipMailKit(c))
		return b.String()
	}
	c.header(&b, "// ")
	b.WriteString("using System;\nusing System.Net;\nusing System.Net.Mail;\n\n")
	b.WriteString("using var client = new SmtpClient(" + quoteCS(c.host) + ", " + strconv.Itoa(c.port) + ")\n{\n")
	if c.sec == SecurityNone {
		b.WriteString("    EnableSsl = false,\n")
	} else {
		b.WriteString("    EnableSsl = true, // STARTTLS for SmtpClient\n")
	}
	if c.login {
		user := "Environment.GetEnvironmentVariable(\"SMTP_USERNAME\")"
		if c.userGiven {
			user = quoteCS(c.user)
		}
		b.WriteString("    Credentials = new NetworkCredential(" + user + ", Environment.GetEnvironmentVariable(\"SMTP_PASSWORD\")),\n")
	}
	b.WriteString("};\n")
	b.WriteString("client.Send(" + quoteCS(c.from()) + ", \"someone@example.com\", \"Test\", \"It works.\");\n")
	return b.String()
}

func snipMailKit(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "// ")
	b.WriteString("using System;\nusing MailKit.Net.Smtp;\nusing MailKit.Security;\nusing MimeKit;\n\n")
	b.WriteString("var message = new MimeMessage();\n")
	b.WriteString("message.From.Add(MailboxAddress.Parse(" + quoteCS(c.from()) + "));\n")
	b.WriteString("message.To.Add(MailboxAddress.Parse(\"someone@example.com\"));\n")
	b.WriteString("message.Subject = \"Test\";\n")
	b.WriteString("message.Body = new TextPart(\"plain\") { Text = \"It works.\" };\n\n")
	b.WriteString("using var client = new SmtpClient();\n")
	opt := "SecureSocketOptions.StartTls"
	switch c.sec {
	case SecurityImplicit:
		opt = "SecureSocketOptions.SslOnConnect"
	case SecurityNone:
		opt = "SecureSocketOptions.None"
	}
	b.WriteString("// Say the TLS mode: SecureSocketOptions.Auto only guesses it from the port.\n")
	b.WriteString("client.Connect(" + quoteCS(c.host) + ", " + strconv.Itoa(c.port) + ", " + opt + ");\n")
	if c.login {
		user := "Environment.GetEnvironmentVariable(\"SMTP_USERNAME\")"
		if c.userGiven {
			user = quoteCS(c.user)
		}
		b.WriteString("client.Authenticate(" + user + ", Environment.GetEnvironmentVariable(\"SMTP_PASSWORD\"));\n")
	}
	b.WriteString("client.Send(message);\n")
	b.WriteString("client.Disconnect(true);\n")
	return b.String()
}

func snipPHPMailer(c snipSettings) string {
	var b strings.Builder
	b.WriteString("<?php\n")
	c.header(&b, "// ")
	b.WriteString("use PHPMailer\\PHPMailer\\PHPMailer;\n\nrequire 'vendor/autoload.php';\n\n")
	b.WriteString("$mail = new PHPMailer(true);\n")
	b.WriteString("$mail->isSMTP();\n")
	b.WriteString("$mail->Host = " + quotePHP(c.host) + ";\n")
	b.WriteString("$mail->Port = " + strconv.Itoa(c.port) + ";\n")
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("// ENCRYPTION_SMTPS ('ssl') is implicit TLS; the names are modes, not TLS versions.\n")
		b.WriteString("$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;\n")
	case SecurityNone:
		b.WriteString("$mail->SMTPSecure = '';\n$mail->SMTPAutoTLS = false;\n")
	default:
		b.WriteString("// ENCRYPTION_STARTTLS ('tls') is STARTTLS; the names are modes, not TLS versions.\n")
		b.WriteString("$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;\n")
	}
	if c.login {
		user := "getenv('SMTP_USERNAME')"
		if c.userGiven {
			user = quotePHP(c.user)
		}
		b.WriteString("$mail->SMTPAuth = true;\n")
		b.WriteString("$mail->Username = " + user + ";\n")
		b.WriteString("$mail->Password = getenv('SMTP_PASSWORD');\n")
	} else {
		b.WriteString("$mail->SMTPAuth = false;\n")
	}
	b.WriteString("$mail->setFrom(" + quotePHP(c.from()) + ");\n")
	b.WriteString("$mail->addAddress('someone@example.com');\n")
	b.WriteString("$mail->Subject = 'Test';\n$mail->Body = 'It works.';\n$mail->send();\n")
	return b.String()
}

func snipDjango(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "# ")
	b.WriteString("# settings.py\nimport os\n\n")
	b.WriteString("EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\"\n")
	b.WriteString("EMAIL_HOST = " + quotePy(c.host) + "\n")
	b.WriteString("EMAIL_PORT = " + strconv.Itoa(c.port) + "\n")
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("EMAIL_USE_SSL = True  # implicit TLS\nEMAIL_USE_TLS = False  # never both True: Django raises ValueError\n")
	case SecurityNone:
		b.WriteString("EMAIL_USE_TLS = False\nEMAIL_USE_SSL = False\n")
	default:
		b.WriteString("EMAIL_USE_TLS = True  # STARTTLS\nEMAIL_USE_SSL = False  # never both True: Django raises ValueError\n")
	}
	if c.login {
		user := "os.environ[\"SMTP_USERNAME\"]"
		if c.userGiven {
			user = quotePy(c.user)
		}
		b.WriteString("EMAIL_HOST_USER = " + user + "\n")
		b.WriteString("EMAIL_HOST_PASSWORD = os.environ[\"SMTP_PASSWORD\"]\n")
	}
	b.WriteString("DEFAULT_FROM_EMAIL = " + quotePy(c.from()) + "\n")
	return b.String()
}

func snipLaravel(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "# ")
	scheme, encryption := "smtp", "tls"
	switch c.sec {
	case SecurityImplicit:
		scheme, encryption = "smtps", "ssl"
	case SecurityNone:
		encryption = "null"
	}
	b.WriteString("# Laravel 11 and later read MAIL_SCHEME (smtps = implicit TLS, smtp = STARTTLS).\n")
	b.WriteString("MAIL_MAILER=smtp\n")
	b.WriteString("MAIL_SCHEME=" + scheme + "\n")
	b.WriteString("MAIL_HOST=" + quoteEnv(c.host) + "\n")
	b.WriteString("MAIL_PORT=" + strconv.Itoa(c.port) + "\n")
	if c.login {
		if c.userGiven {
			b.WriteString("MAIL_USERNAME=" + quoteEnv(c.user) + "\n")
		} else {
			b.WriteString("MAIL_USERNAME=\"${SMTP_USERNAME}\"\n")
		}
		b.WriteString("# The password comes from the SMTP_PASSWORD environment variable; never commit it.\n")
		b.WriteString("MAIL_PASSWORD=\"${SMTP_PASSWORD}\"\n")
	}
	b.WriteString("MAIL_FROM_ADDRESS=" + quoteEnv(c.from()) + "\n")
	b.WriteString("# Laravel 10 and older read MAIL_ENCRYPTION instead of MAIL_SCHEME:\n")
	b.WriteString("# MAIL_ENCRYPTION=" + encryption + "\n")
	return b.String()
}

func snipRails(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "# ")
	b.WriteString("# config/environments/production.rb\n")
	b.WriteString("config.action_mailer.delivery_method = :smtp\n")
	b.WriteString("config.action_mailer.smtp_settings = {\n")
	b.WriteString("  address: " + quoteRuby(c.host) + ",\n")
	b.WriteString("  port: " + strconv.Itoa(c.port) + ",\n")
	if c.login {
		user := "ENV[\"SMTP_USERNAME\"]"
		if c.userGiven {
			user = quoteRuby(c.user)
		}
		b.WriteString("  user_name: " + user + ",\n")
		b.WriteString("  password: ENV[\"SMTP_PASSWORD\"],\n")
		b.WriteString("  authentication: :plain,\n")
	}
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("  tls: true, # implicit TLS; tls: true on 587 fails\n")
	case SecurityNone:
		b.WriteString("  enable_starttls_auto: false,\n")
	default:
		b.WriteString("  enable_starttls_auto: true, # STARTTLS; enable_starttls: true insists on it\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func snipJavaMail(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "// ")
	b.WriteString("// Jakarta Mail; with JavaMail 1.x, import javax.mail instead of jakarta.mail.\n")
	b.WriteString("import java.util.Properties;\nimport jakarta.mail.*;\nimport jakarta.mail.internet.*;\n\n")
	b.WriteString("public class SendTest {\n    public static void main(String[] args) throws MessagingException {\n")
	b.WriteString("        Properties props = new Properties();\n")
	b.WriteString("        props.put(\"mail.smtp.host\", " + quoteJava(c.host) + ");\n")
	b.WriteString("        props.put(\"mail.smtp.port\", \"" + strconv.Itoa(c.port) + "\");\n")
	if c.login {
		b.WriteString("        props.put(\"mail.smtp.auth\", \"true\");\n")
	}
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("        props.put(\"mail.smtp.ssl.enable\", \"true\"); // implicit TLS\n")
	case SecurityStartTLS:
		b.WriteString("        props.put(\"mail.smtp.starttls.enable\", \"true\");\n")
		b.WriteString("        props.put(\"mail.smtp.starttls.required\", \"true\"); // fail rather than go on without TLS\n")
	}
	if c.login {
		user := "System.getenv(\"SMTP_USERNAME\")"
		if c.userGiven {
			user = quoteJava(c.user)
		}
		b.WriteString("        Session session = Session.getInstance(props, new Authenticator() {\n")
		b.WriteString("            @Override\n            protected PasswordAuthentication getPasswordAuthentication() {\n")
		b.WriteString("                return new PasswordAuthentication(" + user + ", System.getenv(\"SMTP_PASSWORD\"));\n")
		b.WriteString("            }\n        });\n")
	} else {
		b.WriteString("        Session session = Session.getInstance(props);\n")
	}
	b.WriteString("        MimeMessage message = new MimeMessage(session);\n")
	b.WriteString("        message.setFrom(new InternetAddress(" + quoteJava(c.from()) + "));\n")
	b.WriteString("        message.setRecipients(Message.RecipientType.TO, \"someone@example.com\");\n")
	b.WriteString("        message.setSubject(\"Test\");\n        message.setText(\"It works.\");\n")
	b.WriteString("        Transport.send(message);\n    }\n}\n")
	return b.String()
}

func snipPostfix(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "# ")
	host := c.host
	if !postfixHostSafe(host) {
		host = "smtp.example.com"
		b.WriteString("# The host given contains characters main.cf cannot hold: smtp.example.com stands in for it.\n")
	}
	next := "[" + host + "]:" + strconv.Itoa(c.port)
	b.WriteString("# /etc/postfix/main.cf: relay all outgoing mail through this host.\n")
	b.WriteString("# The brackets stop Postfix from looking up MX records for it.\n")
	b.WriteString("relayhost = " + next + "\n")
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("smtp_tls_wrappermode = yes\n# without wrappermode Postfix waits for a plaintext greeting on this port and hangs\n")
		b.WriteString("smtp_tls_security_level = encrypt\n")
	case SecurityNone:
		b.WriteString("smtp_tls_security_level = may\n")
	default:
		b.WriteString("smtp_tls_security_level = encrypt\n")
	}
	if c.login {
		user := c.user
		if !c.userGiven {
			user = "USERNAME"
		} else if !postfixUserSafe(user) {
			user = "USERNAME"
			b.WriteString("# The username given contains characters sasl_passwd cannot hold: USERNAME stands in for it.\n")
		}
		b.WriteString("smtp_sasl_auth_enable = yes\n")
		b.WriteString("smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n")
		b.WriteString("smtp_sasl_security_options = noanonymous\n\n")
		b.WriteString("# /etc/postfix/sasl_passwd (then: chmod 600 /etc/postfix/sasl_passwd;\n")
		b.WriteString("# postmap /etc/postfix/sasl_passwd; postfix reload)\n")
		b.WriteString(next + " " + user + ":YOUR_SMTP_PASSWORD\n")
	}
	return b.String()
}

func snipMailClient(c snipSettings) string {
	var b strings.Builder
	c.header(&b, "")
	b.WriteString("\nOutgoing server (SMTP)\n")
	b.WriteString("Server name: " + plainText(c.host) + "\n")
	b.WriteString("Port: " + strconv.Itoa(c.port) + "\n")
	switch c.sec {
	case SecurityImplicit:
		b.WriteString("Connection security: SSL/TLS\n")
	case SecurityNone:
		b.WriteString("Connection security: None\n")
	default:
		b.WriteString("Connection security: STARTTLS\n")
	}
	switch {
	case !c.login:
		b.WriteString("Authentication: None\n")
	case c.auth == AuthOAuth2:
		b.WriteString("Authentication: OAuth2\n")
	default:
		b.WriteString("Authentication: Normal password\n")
	}
	if c.login {
		user := "(your username)"
		if c.userGiven {
			user = plainText(c.user)
		}
		b.WriteString("User name: " + user + "\n")
		switch c.auth {
		case AuthAppPassword:
			b.WriteString("Password: an app password, not the account password\n")
		case AuthAPIKey:
			b.WriteString("Password: the provider's API key or SMTP key\n")
		case AuthOAuth2:
			b.WriteString("Password: none; the client signs you in with OAuth2\n")
		default:
			b.WriteString("Password: your password\n")
		}
	}
	b.WriteString("\nIn Thunderbird, Apple Mail and Outlook, \"SSL/TLS\" means implicit TLS (TLS from the\n")
	b.WriteString("first byte, port 465) and \"STARTTLS\" means upgrading after connecting (port 587).\n")
	return b.String()
}
