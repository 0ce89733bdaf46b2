package rules

import "strconv"

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

// settingText writes the exact settings for host, port and TLS mode in the
// library's own option names, ready to copy.
func settingText(l Library, host string, port int, sec Security) string {
	p := strconv.Itoa(port)
	q := strconv.Quote(host)
	switch l {
	case LibNodemailer:
		switch sec {
		case SecurityImplicit:
			return "host: '" + host + "', port: " + p + ", secure: true"
		case SecurityStartTLS:
			return "host: '" + host + "', port: " + p + ", secure: false, requireTLS: true"
		}
		return "host: '" + host + "', port: " + p + ", secure: false, ignoreTLS: true"
	case LibSmtplib:
		switch sec {
		case SecurityImplicit:
			return "smtplib.SMTP_SSL(" + q + ", " + p + ")"
		case SecurityStartTLS:
			return "s = smtplib.SMTP(" + q + ", " + p + "); s.starttls()"
		}
		return "smtplib.SMTP(" + q + ", " + p + ") without .starttls()"
	case LibGoNetSMTP:
		switch sec {
		case SecurityImplicit:
			return "conn, err := tls.Dial(\"tcp\", " + strconv.Quote(host+":"+p) + ", &tls.Config{ServerName: " + q + "}); c, err := smtp.NewClient(conn, " + q + ")"
		case SecurityStartTLS:
			return "smtp.SendMail(" + strconv.Quote(host+":"+p) + ", auth, from, to, msg)"
		}
		return "smtp.SendMail(" + strconv.Quote(host+":"+p) + ", nil, from, to, msg)"
	case LibSmtpClient:
		switch sec {
		case SecurityImplicit:
			return "SmtpClient cannot do implicit TLS; with MailKit: client.Connect(" + q + ", " + p + ", SecureSocketOptions.SslOnConnect)"
		case SecurityStartTLS:
			return "new SmtpClient(" + q + ", " + p + ") { EnableSsl = true }"
		}
		return "new SmtpClient(" + q + ", " + p + ") { EnableSsl = false }"
	case LibMailKit:
		switch sec {
		case SecurityImplicit:
			return "client.Connect(" + q + ", " + p + ", SecureSocketOptions.SslOnConnect)"
		case SecurityStartTLS:
			return "client.Connect(" + q + ", " + p + ", SecureSocketOptions.StartTls)"
		}
		return "client.Connect(" + q + ", " + p + ", SecureSocketOptions.None)"
	case LibPHPMailer:
		base := "$mail->Host = '" + host + "'; $mail->Port = " + p + "; "
		switch sec {
		case SecurityImplicit:
			return base + "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl'"
		case SecurityStartTLS:
			return base + "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'"
		}
		return base + "$mail->SMTPSecure = ''; $mail->SMTPAutoTLS = false;"
	case LibDjango:
		base := "EMAIL_HOST = " + q + "; EMAIL_PORT = " + p + "; "
		switch sec {
		case SecurityImplicit:
			return base + "EMAIL_USE_SSL = True; EMAIL_USE_TLS = False"
		case SecurityStartTLS:
			return base + "EMAIL_USE_TLS = True; EMAIL_USE_SSL = False"
		}
		return base + "EMAIL_USE_TLS = False; EMAIL_USE_SSL = False"
	case LibLaravel:
		base := "MAIL_HOST=" + host + " MAIL_PORT=" + p + " "
		switch sec {
		case SecurityImplicit:
			return base + "MAIL_SCHEME=smtps (Laravel 11+; before: MAIL_ENCRYPTION=ssl)"
		case SecurityStartTLS:
			return base + "MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=tls)"
		}
		return base + "MAIL_SCHEME=smtp (Laravel 11+; before: MAIL_ENCRYPTION=null)"
	case LibRails:
		base := "address: " + q + ", port: " + p + ", "
		switch sec {
		case SecurityImplicit:
			return base + "tls: true"
		case SecurityStartTLS:
			return base + "enable_starttls_auto: true"
		}
		return base + "enable_starttls_auto: false"
	case LibJavaMail:
		base := "mail.smtp.host=" + host + " mail.smtp.port=" + p + " "
		switch sec {
		case SecurityImplicit:
			return base + "mail.smtp.ssl.enable=true"
		case SecurityStartTLS:
			return base + "mail.smtp.starttls.enable=true mail.smtp.starttls.required=true"
		}
		return base + "mail.smtp.starttls.enable=false"
	case LibPostfix:
		base := "relayhost = [" + host + "]:" + p + "; "
		switch sec {
		case SecurityImplicit:
			return base + "smtp_tls_wrappermode = yes; smtp_tls_security_level = encrypt"
		case SecurityStartTLS:
			return base + "smtp_tls_security_level = encrypt"
		}
		return base + "smtp_tls_security_level = may"
	case LibMailClient:
		base := "Server: " + host + ", Port: " + p + ", Connection security: "
		switch sec {
		case SecurityImplicit:
			return base + "SSL/TLS"
		case SecurityStartTLS:
			return base + "STARTTLS"
		}
		return base + "None"
	}
	base := "host " + host + ", port " + p + ", "
	switch sec {
	case SecurityImplicit:
		return base + "implicit TLS (often called SSL, SMTPS or \"secure\")"
	case SecurityStartTLS:
		return base + "STARTTLS (often called TLS)"
	}
	return base + "no TLS"
}

// securityWords names a TLS mode in plain words.
func securityWords(s Security) string {
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
