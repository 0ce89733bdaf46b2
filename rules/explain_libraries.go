package rules

import (
	"strconv"
	"strings"
)

// This file holds FACTS §5: each library's own option names for implicit
// TLS and STARTTLS, and its usual trap, so that every Fix speaks the
// person's own configuration language.
//
//	Libraries()        every Library value, "other" last
//	LibraryDetails()   the same with option names, trap and source
//	ValidLibrary(s)    whether s is a Library value

var libraryTable = []LibraryInfo{
	{ID: LibNodemailer, Name: "Node.js nodemailer", Implicit: "secure: true", StartTLS: "secure: false, requireTLS: true",
		Trap: "`secure: true` on 587 fails with \"wrong version number\"; `secure: false` on 465 waits for a greeting that never comes (\"Greeting never received\"). `secure: false` alone only upgrades when the server offers STARTTLS: add `requireTLS: true` to insist."},
	{ID: LibSmtplib, Name: "Python smtplib", Implicit: "smtplib.SMTP_SSL(host, 465)", StartTLS: "smtplib.SMTP(host, 587) then .starttls()",
		Trap: "`SMTP()` on 465 hangs or raises SMTPServerDisconnected; `SMTP_SSL` on 587 raises \"wrong version number\"."},
	{ID: LibGoNetSMTP, Name: "Go net/smtp", Implicit: "tls.Dial then smtp.NewClient (smtp.SendMail cannot do implicit TLS)", StartTLS: "smtp.SendMail (upgrades with STARTTLS when offered)",
		Trap: "`smtp.SendMail` to 465 hangs, then fails with EOF; Go says \"first record does not look like a TLS handshake\" when it speaks TLS to a plaintext port."},
	{ID: LibSmtpClient, Name: ".NET System.Net.Mail SmtpClient", Implicit: "", StartTLS: "EnableSsl = true",
		Trap: "SmtpClient cannot do implicit TLS: `EnableSsl = true` on 465 times out. Use MailKit with SecureSocketOptions.SslOnConnect for 465."},
	{ID: LibMailKit, Name: ".NET MailKit", Implicit: "SecureSocketOptions.SslOnConnect", StartTLS: "SecureSocketOptions.StartTls",
		Trap: "SecureSocketOptions.Auto guesses the mode from the port number: name the mode yourself."},
	{ID: LibPHPMailer, Name: "PHPMailer", Implicit: "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (the value 'ssl')", StartTLS: "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (the value 'tls')",
		Trap: "The names 'ssl' and 'tls' mean connection modes (implicit TLS and STARTTLS), not protocol versions."},
	{ID: LibDjango, Name: "Django", Implicit: "EMAIL_USE_SSL = True", StartTLS: "EMAIL_USE_TLS = True",
		Trap: "EMAIL_USE_TLS and EMAIL_USE_SSL are mutually exclusive: set one, leave the other False; both True raises ValueError."},
	{ID: LibLaravel, Name: "Laravel", Implicit: "MAIL_SCHEME=smtps (Laravel 11+; MAIL_ENCRYPTION=ssl before)", StartTLS: "MAIL_SCHEME=smtp (Laravel 11+; MAIL_ENCRYPTION=tls before)",
		Trap: "Laravel 11 replaced MAIL_ENCRYPTION with MAIL_SCHEME: an old MAIL_ENCRYPTION line is ignored there."},
	{ID: LibRails, Name: "Rails ActionMailer", Implicit: "tls: true (or ssl: true)", StartTLS: "enable_starttls_auto: true (or enable_starttls: true)",
		Trap: "`tls: true` on 587 fails."},
	{ID: LibJavaMail, Name: "JavaMail / Jakarta Mail", Implicit: "mail.smtp.ssl.enable=true", StartTLS: "mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true"},
	{ID: LibPostfix, Name: "Postfix (relayhost)", Implicit: "relayhost = [host]:465, smtp_tls_wrappermode = yes, smtp_tls_security_level = encrypt", StartTLS: "relayhost = [host]:587, smtp_tls_security_level = encrypt",
		Trap: "Without smtp_tls_wrappermode = yes, port 465 hangs. The brackets around the host suppress the MX lookup."},
	{ID: LibMailClient, Name: "Mail client (Thunderbird, Apple Mail, Outlook)", Implicit: "Connection security: SSL/TLS", StartTLS: "Connection security: STARTTLS",
		Trap: "\"SSL/TLS\" in a mail client means implicit TLS (port 465); \"STARTTLS\" means port 587."},
	{ID: LibOther, Name: "Other", Implicit: "implicit TLS (often called SSL, SMTPS or \"secure\")", StartTLS: "STARTTLS (often called TLS)"},
}

func init() {
	for i := range libraryTable {
		libraryTable[i].Source = refFacts5
	}
}

// Libraries lists every Library value, "other" last.
func Libraries() []Library {
	out := make([]Library, len(libraryTable))
	for i, l := range libraryTable {
		out[i] = l.ID
	}
	return out
}

// LibraryDetails lists every library with its option names and trap.
func LibraryDetails() []LibraryInfo { return append([]LibraryInfo(nil), libraryTable...) }

// ValidLibrary says whether s is a Library value ("" is not).
func ValidLibrary(s string) bool { return libraryInfo(Library(lowerTrim(s))) != nil }

func libraryInfo(id Library) *LibraryInfo {
	for i := range libraryTable {
		if libraryTable[i].ID == id {
			return &libraryTable[i]
		}
	}
	return nil
}

// libraryName is the library's display name, or "your program".
func libraryName(l Library) string {
	if li := libraryInfo(l); li != nil && l != LibOther {
		return li.Name
	}
	return "your program"
}

// settingForms holds, per library, the exact settings for each TLS mode in
// the library's own option names. Markers: %h host, %p port, %q the host
// in double quotes, %a "host:port" in double quotes.
var settingForms = []struct {
	lib                      Library
	implicit, starttls, none string
}{
	{LibNodemailer, "host: '%h', port: %p, secure: true", "host: '%h', port: %p, secure: false, requireTLS: true", "host: '%h', port: %p, secure: false, ignoreTLS: true"},
	{LibSmtplib, "smtplib.SMTP_SSL(%q, %p)", "s = smtplib.SMTP(%q, %p); s.starttls()", "smtplib.SMTP(%q, %p) without .starttls()"},
	{LibGoNetSMTP, "conn, err := tls.Dial(\"tcp\", %a, &tls.Config{ServerName: %q}); c, err := smtp.NewClient(conn, %q)",
		"smtp.SendMail(%a, auth, from, to, msg)", "smtp.SendMail(%a, nil, from, to, msg)"},
	{LibSmtpClient, "SmtpClient cannot do implicit TLS; with MailKit: client.Connect(%q, %p, SecureSocketOptions.SslOnConnect)",
		"new SmtpClient(%q, %p) { EnableSsl = true }", "new SmtpClient(%q, %p) { EnableSsl = false }"},
	{LibMailKit, "client.Connect(%q, %p, SecureSocketOptions.SslOnConnect)", "client.Connect(%q, %p, SecureSocketOptions.StartTls)", "client.Connect(%q, %p, SecureSocketOptions.None)"},
	{LibPHPMailer, phpBase + "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl'", phpBase + "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'",
		phpBase + "$mail->SMTPSecure = ''; $mail->SMTPAutoTLS = false;"},
	{LibDjango, djangoBase + "EMAIL_USE_SSL = True; EMAIL_USE_TLS = False", djangoBase + "EMAIL_USE_TLS = True; EMAIL_USE_SSL = False", djangoBase + "EMAIL_USE_TLS = False; EMAIL_USE_SSL = False"},
	{LibLaravel, laravelBase + "MAIL_SCHEME=smtps (Laravel 11+; before: MAIL_ENCRYPTION=ssl)", laravelBase + "MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=tls)",
		laravelBase + "MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=null)"},
	{LibRails, railsBase + "tls: true", railsBase + "enable_starttls_auto: true", railsBase + "enable_starttls_auto: false"},
	{LibJavaMail, javaBase + "mail.smtp.ssl.enable=true", javaBase + "mail.smtp.starttls.enable=true mail.smtp.starttls.required=true", javaBase + "mail.smtp.starttls.enable=false"},
	{LibPostfix, postfixBase + "smtp_tls_wrappermode = yes; smtp_tls_security_level = encrypt", postfixBase + "smtp_tls_security_level = encrypt", postfixBase + "smtp_tls_security_level = may"},
	{LibMailClient, clientBase + "SSL/TLS", clientBase + "STARTTLS", clientBase + "None"},
	{LibOther, otherBase + "implicit TLS (often called SSL, SMTPS or \"secure\")", otherBase + "STARTTLS (often called TLS)", otherBase + "no TLS"},
}

const (
	phpBase     = "$mail->Host = '%h'; $mail->Port = %p; "
	djangoBase  = "EMAIL_HOST = %q; EMAIL_PORT = %p; "
	laravelBase = "MAIL_HOST=%h MAIL_PORT=%p "
	railsBase   = "address: %q, port: %p, "
	javaBase    = "mail.smtp.host=%h mail.smtp.port=%p "
	postfixBase = "relayhost = [%h]:%p; "
	clientBase  = "Server: %h, Port: %p, Connection security: "
	otherBase   = "host %h, port %p, "
)

// settingText writes the exact settings for host, port and TLS mode in the
// library's own option names, ready to copy.
func settingText(l Library, host string, port int, sec Security) string {
	form := settingForms[len(settingForms)-1] // other, and unset
	for _, f := range settingForms {
		if f.lib == l {
			form = f
			break
		}
	}
	t := form.none
	switch sec {
	case SecurityImplicit:
		t = form.implicit
	case SecurityStartTLS:
		t = form.starttls
	}
	p := strconv.Itoa(port)
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 == len(t) {
			b.WriteByte(t[i])
			continue
		}
		i++
		switch t[i] {
		case 'h':
			b.WriteString(host)
		case 'p':
			b.WriteString(p)
		case 'q':
			b.WriteString(quoted(host))
		case 'a':
			b.WriteString(quoted(host + ":" + p))
		default:
			b.WriteByte('%')
			b.WriteByte(t[i])
		}
	}
	return b.String()
}

// quoted puts s in double quotes with backslashes and quotes escaped, as
// code in the snippet languages expects.
func quoted(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}

// SecurityWords names a TLS mode in plain words.
func SecurityWords(s Security) string {
	switch s {
	case SecurityImplicit:
		return "implicit TLS"
	case SecurityStartTLS:
		return "STARTTLS"
	case SecurityNone:
		return "no TLS"
	}
	return "no TLS mode chosen"
}
