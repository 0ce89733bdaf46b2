package formats

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Format
	}{
		{"smtps url", "smtps://u:p@smtp.example.com", URL},
		{"quoted url", "  'submission://smtp.example.com'\n", URL},
		{"bare host:port", "smtp.gmail.com:587", URL},
		{"bare ipv6 host:port", "[2001:db8::1]:465", URL},
		{"a word with a colon is not a host", "hello:587", ""},
		{"url in env is env", "MAILER_DSN=smtp://u:p@smtp.example.com:587", Env},
		{"laravel env", "MAIL_HOST=smtp.example.com\nMAIL_PORT=587", Env},
		{"django env file", "EMAIL_HOST=smtp.example.com\nEMAIL_USE_TLS=True", Env},
		{"django settings.py", "EMAIL_HOST = 'smtp.example.com'\nEMAIL_USE_TLS = True", Django},
		{"docker compose list", "environment:\n  - SMTP_HOST=smtp.example.com\n  - SMTP_PORT=587", Env},
		{"nodemailer js", "nodemailer.createTransport({ host: 'h', port: 587 })", Nodemailer},
		{"bare json transport", `{"host": "h", "port": 465, "secure": true}`, Nodemailer},
		{"js object without createTransport", "const opts = {\n host: 'h',\n secure: false,\n}", Nodemailer},
		{"smtplib", "import smtplib\ns = smtplib.SMTP('h', 587)", Smtplib},
		// Python that also names EMAIL_HOST variables is still smtplib code.
		{"smtplib with EMAIL_ vars", "EMAIL_HOST = 'h'\nimport smtplib\nsmtplib.SMTP_SSL(EMAIL_HOST, 465)", Smtplib},
		{"phpmailer", "$mail->Host = 'h';\n$mail->Port = 587;", PHPMailer},
		{"javamail props", "mail.smtp.host=h\nmail.smtp.port=587", JavaMail},
		{"spring", "spring.mail.host=h\nspring.mail.port=587", JavaMail},
		{"rails", "config.action_mailer.smtp_settings = { address: 'h', port: 587 }", Rails},
		{"rails hash only", "{ :address => 'h', :port => 587, :user_name => 'u' }", Rails},
		{"smtpclient", "var c = new SmtpClient(\"h\", 587) { EnableSsl = true };", SmtpClient},
		// MailKit's class is also called SmtpClient: SecureSocketOptions decides.
		{"mailkit", "var c = new SmtpClient();\nc.Connect(\"h\", 465, SecureSocketOptions.SslOnConnect);", MailKit},
		{"mailkit without options", "client.Connect(\"h\", 587);\nclient.Authenticate(\"u\", \"p\");", MailKit},
		{"postfix", "relayhost = [h]:587\nsmtp_tls_security_level = encrypt", Postfix},
		{"autoconfig", "<clientConfig><emailProvider><outgoingServer type=\"smtp\"></outgoingServer></emailProvider></clientConfig>", Autoconfig},
		{"prose", "my mail is broken please help", ""},
		{"empty", " \n\t", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.text); got != tt.want {
				t.Errorf("DetectFormat = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestParseErrors checks errors name the right line and never repeat the
// password (every password below is "hunter2SECRET").
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		msg  string // substring of the message
	}{
		{"env line without =", "environment:\n  SMTP_PASS hunter2SECRET\n", 2, "KEY=value"},
		{"env unclosed quote", "# SMTP settings\n\nSMTP_PASS='hunter2SECRET\n", 3, "SMTP_PASS"},
		{"url bad percent in user", "smtp://us%zzer:hunter2SECRET@h:587", 1, "%"},
		{"url no host", "smtps://u:hunter2SECRET@:465", 1, "no host"},
		{"url bad port", "smtp://u:hunter2SECRET@h:http", 1, "port"},
		{"unclosed js string", "nodemailer.createTransport({ auth: { pass: 'hunter2SECRET } })", 1, "never closed"},
		{"unclosed comment", "nodemailer.createTransport({ host: 'h' })\n/* hunter2SECRET", 2, "comment"},
		{"autoconfig without end", "<clientConfig>\n<outgoingServer type=\"smtp\">\n<hostname>h</hostname>", 2, "</outgoingServer>"},
		{"autoconfig bad port", "<clientConfig><outgoingServer type=\"smtp\">\n<hostname>h</hostname>\n<port>hunter2SECRET</port></outgoingServer></clientConfig>", 3, "port"},
		{"smtplib without SMTP call", "import smtplib\nserver.login('u', 'hunter2SECRET')", 0, "SMTP"},
		{"too long", "SMTP_HOST=h\nSMTP_PASS=hunter2SECRET\n" + strings.Repeat("#", MaxInput), 0, "64 KB"},
		{"too deep", "nodemailer.createTransport(" + strings.Repeat("[", 200) + "'hunter2SECRET'", 1, "nested"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want *ParseError", err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", pe.Line, pe.Msg, tt.line, tt.msg)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the password leaked into the error: %q", err)
			}
			if _, err := Rewrite(tt.text, rules.Settings{Port: 465}); err == nil || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Rewrite error = %v", err)
			}
		})
	}
}

// TestParseNotesNeverLeak runs inputs whose password sits where notes and
// fallbacks look, and searches every field for it.
func TestParseNotesNeverLeak(t *testing.T) {
	inputs := []string{
		"SMTP_HOST=h\nSMTP_PASS=hunter2SECRET\nSMTP_SECURE=hunter2SECRET",
		"MAIL_MAILER=hunter2SECRET\nMAIL_HOST=h\nMAIL_PASSWORD=hunter2SECRET",
		"EMAIL_HOST = os.environ.get('EMAIL_HOST')\nEMAIL_HOST_PASSWORD = os.environ.get('P', 'hunter2SECRET')\nEMAIL_USE_TLS = True",
		"nodemailer.createTransport({ service: 'hunter2SECRET', auth: { user: 'u', pass: 'hunter2SECRET' } })",
		"nodemailer.createTransport({ host: h + 'hunter2SECRET', port: p, secure: s === 'hunter2SECRET', auth: { pass: 'hunter2SECRET' } })",
		"$mail->Host = $cfg['hunter2SECRET'];\n$mail->SMTPSecure = 'hunter2SECRET';\n$mail->Password = 'hunter2SECRET';",
		"smtp://u:hunter2SECRET@h:587?tls=hunter2SECRET",
		"relayhost = [h]:587\nsmtp_sasl_password_maps = static:u:hunter2SECRET\nsmtp_tls_security_level = hunter2SECRET\nsmtp_sasl_auth_enable = yes",
	}
	for _, in := range inputs {
		p, err := Parse(in)
		if err != nil {
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("leak in error %q", err)
			}
			continue
		}
		all := strings.Join(append(p.Notes, p.Settings.Host, p.Settings.Username, string(p.Settings.Security), string(p.Format)), "|")
		if strings.Contains(all, "hunter2") {
			t.Errorf("Parse(%q) leaked the password: %s", in, all)
		}
		if !p.Settings.PasswordPresent {
			t.Errorf("Parse(%q): password_present is false", in)
		}
	}
}

func TestRewriteKeepsLineEndings(t *testing.T) {
	in := "MAIL_MAILER=smtp\r\nMAIL_HOST=smtp.example.com\r\nMAIL_PORT=587\r\nMAIL_PASSWORD=hunter2\r\n"
	out, err := Rewrite(in, rules.Settings{Host: "smtp.fixed.example", Port: 465, Security: rules.SecurityImplicit})
	if err != nil {
		t.Fatal(err)
	}
	want := "MAIL_MAILER=smtp\r\nMAIL_HOST=smtp.fixed.example\r\nMAIL_PORT=465\r\nMAIL_PASSWORD=hunter2\r\n"
	if out != want {
		t.Errorf("Rewrite =\n%q\nwant\n%q", out, want)
	}
}

func TestRewriteAddsMissingOptions(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		fixed rules.Settings
		want  string
	}{
		{
			"nodemailer one line",
			"nodemailer.createTransport({ host: 'h', auth: { user: 'u', pass: 'p' } })",
			rules.Settings{Port: 465, Security: rules.SecurityImplicit},
			"nodemailer.createTransport({ port: 465, secure: true, host: 'h', auth: { user: 'u', pass: 'p' } })",
		},
		{
			"postfix without TLS settings",
			"myhostname = mx.example.com\nrelayhost = [smtp.example.com]:587\n",
			rules.Settings{Port: 465, Security: rules.SecurityImplicit},
			"myhostname = mx.example.com\nrelayhost = [smtp.example.com]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\n",
		},
		{
			"url gains user and port",
			"smtp://smtp.example.com",
			rules.Settings{Port: 587, Username: "me@example.com"},
			"smtp://me%40example.com@smtp.example.com:587",
		},
		{
			"url to no TLS",
			"smtps://u:p@smtp.example.com:465",
			rules.Settings{Port: 25, Security: rules.SecurityNone},
			"smtp://u:p@smtp.example.com:25?ignoreTLS=true",
		},
		{
			"autoconfig missing socketType",
			"<clientConfig>\n  <outgoingServer type=\"smtp\">\n    <hostname>h</hostname>\n    <port>25</port>\n  </outgoingServer>\n</clientConfig>\n",
			rules.Settings{Port: 587, Security: rules.SecurityStartTLS},
			"<clientConfig>\n  <outgoingServer type=\"smtp\">\n    <hostname>h</hostname>\n    <port>587</port>\n    <socketType>STARTTLS</socketType>\n  </outgoingServer>\n</clientConfig>\n",
		},
		{
			"smtplib gains starttls",
			"import smtplib\nserver = smtplib.SMTP('h', 25)\nserver.login('u', 'p')\n",
			rules.Settings{Port: 587, Security: rules.SecurityStartTLS},
			"import smtplib\nserver = smtplib.SMTP('h', 587)\nserver.starttls()\nserver.login('u', 'p')\n",
		},
		{
			"mailkit gains options",
			"client.Connect(\"h\", 587);\nclient.Authenticate(\"u\", \"p\");",
			rules.Settings{Security: rules.SecurityNone},
			"client.Connect(\"h\", 587, SecureSocketOptions.None);\nclient.Authenticate(\"u\", \"p\");",
		},
		{
			"wp mail smtp gains WPMS_SSL",
			"define( 'WPMS_ON', true );\ndefine( 'WPMS_SMTP_HOST', 'h' );\ndefine( 'WPMS_SMTP_PORT', 587 );\n",
			rules.Settings{Port: 465, Security: rules.SecurityImplicit},
			"define( 'WPMS_ON', true );\ndefine( 'WPMS_SSL', 'ssl' );\ndefine( 'WPMS_SMTP_HOST', 'h' );\ndefine( 'WPMS_SMTP_PORT', 465 );\n",
		},
		{
			"nodemailer YAML gains port",
			"host: h\nsecure: false\nauth:\n  user: u\n",
			rules.Settings{Port: 465, Security: rules.SecurityImplicit},
			"host: h\nsecure: true\nauth:\n  user: u\nport: 465\n",
		},
		{
			"smtpclient property style",
			"var smtp = new SmtpClient();\nsmtp.Host = \"h\";\nsmtp.Port = 25;\n",
			rules.Settings{Port: 587, Security: rules.SecurityStartTLS},
			"var smtp = new SmtpClient();\nsmtp.EnableSsl = true;\nsmtp.Host = \"h\";\nsmtp.Port = 587;\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Rewrite(tt.in, tt.fixed)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Rewrite =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestRewriteRefusesWhatTheLibraryCannotDo(t *testing.T) {
	_, err := Rewrite("var c = new SmtpClient(\"h\", 587) { EnableSsl = true };", rules.Settings{Port: 465, Security: rules.SecurityImplicit})
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "MailKit") {
		t.Errorf("SmtpClient to implicit TLS: err = %v, want advice to use MailKit", err)
	}
	_, err = Rewrite("MAIL_HOST=h\nMAIL_PORT=465\nMAIL_SCHEME=smtps", rules.Settings{Security: rules.SecurityStartTLS})
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "465") {
		t.Errorf("Laravel STARTTLS on 465: err = %v", err)
	}
	if _, err := Rewrite("smtp://h:587", rules.Settings{Host: "bad host\n"}); err == nil {
		t.Error("a host with a space and a newline was accepted")
	}
}

func TestParseURLSecurity(t *testing.T) {
	tests := []struct {
		url  string
		port int
		sec  rules.Security
	}{
		{"smtp://h", 25, rules.SecurityStartTLS},
		{"smtps://h", 465, rules.SecurityImplicit},
		{"submission://h", 587, rules.SecurityStartTLS},
		{"submissions://h", 465, rules.SecurityImplicit},
		{"smtp://h?secure=true", 465, rules.SecurityImplicit},
		{"smtps://h:465?secure=false", 465, rules.SecurityStartTLS},
		{"smtp://h:587?ignoreTLS=true", 587, rules.SecurityNone},
		{"smtp://h:587?tls=required", 587, rules.SecurityStartTLS},
		{"smtp://h:465?tls=wrapper", 465, rules.SecurityImplicit},
		{"smtp://h:25?tls=none", 25, rules.SecurityNone},
		{"SMTP://H.Example.COM:2525", 2525, rules.SecurityStartTLS},
		{"smtp://[::1]:1025", 1025, rules.SecurityStartTLS},
	}
	for _, tt := range tests {
		p, err := Parse(tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if p.Settings.Port != tt.port || p.Settings.Security != tt.sec {
			t.Errorf("%s: port %d %s, want %d %s", tt.url, p.Settings.Port, p.Settings.Security, tt.port, tt.sec)
		}
	}
}

func TestPostfixIPv6Relayhost(t *testing.T) {
	p, err := Parse("relayhost = [ipv6:2001:db8::25]:587\nsmtp_tls_security_level = encrypt\n")
	if err != nil || p.Settings.Host != "2001:db8::25" || p.Settings.Port != 587 {
		t.Fatalf("Parse = %+v, %v", p.Settings, err)
	}
	out, err := Rewrite("relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = encrypt\n", rules.Settings{Host: "2001:db8::26"})
	if err != nil || !strings.Contains(out, "relayhost = [ipv6:2001:db8::26]:587\n") {
		t.Fatalf("Rewrite = %q, %v", out, err)
	}
}

func TestRewriteEnvKeepsLineStyle(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			"services:\n  app:\n    environment:\n      SMTP_HOST: smtp.example.com\n      SMTP_PORT: 587\n",
			"services:\n  app:\n    environment:\n      SMTP_HOST: smtp.example.com\n      SMTP_SECURE: true\n      SMTP_PORT: 465\n",
		},
		{
			"export EMAIL_HOST=smtp.example.com\nexport EMAIL_PORT=587\n",
			"export EMAIL_HOST=smtp.example.com\nexport EMAIL_USE_SSL=True\nexport EMAIL_PORT=465\n",
		},
		{
			"EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n",
			"EMAIL_HOST = 'smtp.example.com'\nEMAIL_USE_SSL = True\nEMAIL_PORT = 465\nEMAIL_USE_TLS = False\n",
		},
	}
	for _, tt := range tests {
		got, err := Rewrite(tt.in, rules.Settings{Port: 465, Security: rules.SecurityImplicit})
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Rewrite =\n%s\nwant\n%s", got, tt.want)
		}
	}
}

// TestRewriteWritesDefaultPort: where the default port follows the TLS
// mode, changing only the mode must keep the port by writing it out.
func TestRewriteWritesDefaultPort(t *testing.T) {
	for _, in := range []string{
		"nodemailer.createTransport({ host: 'h', auth: { user: 'u', pass: 'p' } })",
		"mail.smtp.host=h\nmail.smtp.auth=true\n",
		"account a\nhost h\ntls on\ntls_starttls off\n",
		"import smtplib\ns = smtplib.SMTP_SSL('h')\n",
		"client.Connect(\"h\");\nclient.Authenticate(\"u\", \"p\");",
	} {
		before, err := Parse(in)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		for _, sec := range []rules.Security{rules.SecurityImplicit, rules.SecurityStartTLS, rules.SecurityNone} {
			out, err := Rewrite(in, rules.Settings{Security: sec})
			if err != nil {
				t.Errorf("%q -> %s: %v", in, sec, err)
				continue
			}
			after, _ := Parse(out)
			if after.Settings.Port != before.Settings.Port || after.Settings.Security != sec {
				t.Errorf("%q -> %s: read back port %d %s, want port %d\n%s", in, sec, after.Settings.Port, after.Settings.Security, before.Settings.Port, out)
			}
		}
	}
}

func TestParseMoreShapes(t *testing.T) {
	tests := []struct {
		name, in string
		host     string
		port     int
		sec      rules.Security
		user     string
		pass     bool
	}{
		{"shell line with several pairs", "MAIL_HOST=smtp.gmail.com MAIL_PORT=587 MAIL_ENCRYPTION=tls", "smtp.gmail.com", 587, rules.SecurityStartTLS, "", false},
		{"appsettings.json", `{"Smtp": {"Host": "smtp.office365.com", "Port": 587, "EnableSsl": true, "Username": "me@contoso.com", "Password": "x"}}`, "smtp.office365.com", 587, rules.SecurityStartTLS, "me@contoso.com", true},
		{"PHPMailer port from env is unknown, not 25", "$mail->isSMTP();\n$mail->Host = 'h';\n$mail->Port = (int) getenv('SMTP_PORT');\n$mail->SMTPSecure = 'tls';", "h", 0, rules.SecurityStartTLS, "", false},
		{"python-decouple defaults", "EMAIL_HOST = config('EMAIL_HOST', default='smtp.gmail.com')\nEMAIL_PORT = config('EMAIL_PORT', default=465, cast=int)\nEMAIL_USE_SSL = config('EMAIL_USE_SSL', default=True, cast=bool)", "smtp.gmail.com", 465, rules.SecurityImplicit, "", false},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		s := p.Settings
		if s.Host != tt.host || s.Port != tt.port || s.Security != tt.sec || s.Username != tt.user || s.PasswordPresent != tt.pass {
			t.Errorf("%s: got %s user %q pass %v", tt.name, cfgDescribeSettings(s), s.Username, s.PasswordPresent)
		}
	}
}

func TestRewriteQuotesAwkwardUserNames(t *testing.T) {
	for _, in := range []string{
		"SMTP_HOST=h\nSMTP_PORT=587\nSMTP_USER=old\nSMTP_SECURE=false\n",
		"nodemailer.createTransport({ host: 'h', port: 587, auth: { user: 'old', pass: 'p' } })",
		"smtp://old:p@h:587",
		"$mail->Host = 'h';\n$mail->Username = 'old';\n",
	} {
		for _, user := range []string{"John Smith #2", `we'ird"user\`, "ümlaut@example.de", "a b"} {
			out, err := Rewrite(in, rules.Settings{Username: user})
			if err != nil {
				t.Errorf("%q with user %q: %v", in, user, err)
				continue
			}
			p, err := Parse(out)
			if err != nil || p.Settings.Username != user {
				t.Errorf("%q with user %q: read back %q, %v\n%s", in, user, p.Settings.Username, err, out)
			}
		}
	}
}

// TestRewriteNeverWritesPortZero: when the port is unknown and not given,
// a TLS change must not write "port 0".
func TestRewriteNeverWritesPortZero(t *testing.T) {
	for _, in := range []string{
		"nodemailer.createTransport({ host: 'h', secure: process.env.S === '1', auth: { user: 'u', pass: 'p' } })",
		"mail.smtp.host=h\nmail.smtp.port=${SMTP_PORT}\n",
		"err := smtp.SendMail(addr, auth, from, to, msg)\nauth := smtp.PlainAuth(\"\", \"u\", \"p\", \"h\")",
	} {
		for _, fixed := range []rules.Settings{{Security: rules.SecurityImplicit}, {Host: "h2"}} {
			out, err := Rewrite(in, fixed)
			if err != nil {
				continue
			}
			if strings.Contains(out, ": 0") || strings.Contains(out, "=0") || strings.Contains(out, ":0\"") || strings.Contains(out, "port: 0") {
				t.Errorf("%q -> %+v wrote port 0:\n%s", in, fixed, out)
			}
		}
	}
}

// TestParsePartial checks that a text with some unreadable lines among
// readable ones gives what could be read and names the lines left out,
// never their text.
func TestParsePartial(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		host    string
		port    int
		skipped []int
	}{
		{"env line without =", "SMTP_HOST=h\nSMTP_PASS hunter2SECRET\nSMTP_PORT=587\n", "h", 587, []int{2}},
		{"env unclosed quote", "SMTP_HOST=h\nSMTP_PORT=587\nSMTP_PASS='hunter2SECRET\n", "h", 587, []int{3}},
		{"prose between lines", "Add these lines to main.cf\n\nrelayhost = [smtp.example.net]:587\nThen enable SASL\nsmtp_tls_security_level = encrypt\n", "smtp.example.net", 587, []int{1, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Settings.Host != tt.host || p.Settings.Port != tt.port || !slices.Equal(p.Skipped, tt.skipped) {
				t.Errorf("got %s:%d skipping %v, want %s:%d skipping %v", p.Settings.Host, p.Settings.Port, p.Skipped, tt.host, tt.port, tt.skipped)
			}
			if all := strings.Join(p.Notes, "|"); strings.Contains(all, "hunter2") || !strings.Contains(all, "left out") {
				t.Errorf("notes %q must name the lines left out and never their text", all)
			}
		})
	}
}
