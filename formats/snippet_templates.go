package formats

// The snippet templates, one per library of FACTS §5 (syntax: see
// snippetWriter.render). Option names follow FACTS §5 exactly.

const tmplNodemailer = `«header»
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: «host»,
  port: «port»,
?implicit   secure: true, // implicit TLS
?none   secure: false,
?none   ignoreTLS: true, // never upgrade with STARTTLS
?starttls   secure: false, // STARTTLS: secure: true is for implicit TLS only
?starttls   requireTLS: true, // fail rather than go on without STARTTLS
?login   auth: {
?login     user: «user»,
?login     pass: process.env.SMTP_PASSWORD,
?login   },
});

transporter
  .sendMail({
    from: «from»,
    to: "someone@example.com",
    subject: "Test",
    text: "It works.",
  })
  .then((info) => console.log(info.response), console.error);
`

const tmplSmtplib = `«header»
import os
import smtplib
import ssl
from email.message import EmailMessage

msg = EmailMessage()
msg["From"] = «from»
msg["To"] = "someone@example.com"
msg["Subject"] = "Test"
msg.set_content("It works.")

context = ssl.create_default_context()
?implicit # SMTP_SSL: implicit TLS. smtplib.SMTP would wait for a greeting that never comes.
?implicit with smtplib.SMTP_SSL(«host», «port», context=context, timeout=30) as server:
?none with smtplib.SMTP(«host», «port», timeout=30) as server:
?starttls # SMTP then starttls(): SMTP_SSL on this port fails with "wrong version number".
?starttls with smtplib.SMTP(«host», «port», timeout=30) as server:
?starttls     server.starttls(context=context)
?login     server.login(«user», os.environ["SMTP_PASSWORD"])
    server.send_message(msg)
`

const tmplGo = `«header»
?implicit // smtp.SendMail cannot do implicit TLS (it would hang, then fail with EOF):
?implicit // dial TLS yourself and hand the connection to smtp.NewClient.
?none // smtp.SendMail still upgrades with STARTTLS when the server offers it,
?none // and PlainAuth refuses to send a password without TLS except to localhost.
?starttls // smtp.SendMail upgrades with STARTTLS when the server offers it,
?starttls // and PlainAuth refuses to send the password if it did not.
package main

import (
?implicit 	"crypto/tls"
	"log"
	"net"
	"net/smtp"
?login 	"os"
)

func main() {
	host := «host»
	from := «from»
	to := "someone@example.com"
	msg := []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: Test\r\n\r\nIt works.\r\n")

?implicit 	conn, err := tls.Dial("tcp", net.JoinHostPort(host, "«port»"), &tls.Config{ServerName: host})
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	c, err := smtp.NewClient(conn, host)
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	defer c.Close()
?implicit,login 	if err := c.Auth(smtp.PlainAuth("", «user», os.Getenv("SMTP_PASSWORD"), host)); err != nil {
?implicit,login 		log.Fatal(err)
?implicit,login 	}
?implicit 	if err := c.Mail(from); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := c.Rcpt(to); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	w, err := c.Data()
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if _, err := w.Write(msg); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := w.Close(); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := c.Quit(); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?notimplicit,login 	auth := smtp.PlainAuth("", «user», os.Getenv("SMTP_PASSWORD"), host)
?notimplicit,nologin 	var auth smtp.Auth // no login
?notimplicit 	err := smtp.SendMail(net.JoinHostPort(host, "«port»"), auth, from, []string{to}, msg)
?notimplicit 	if err != nil {
?notimplicit 		log.Fatal(err)
?notimplicit 	}
}
`

const tmplSmtpClient = `«header»
using System;
using System.Net;
using System.Net.Mail;

using var client = new SmtpClient(«host», «port»)
{
?none     EnableSsl = false,
?tls     EnableSsl = true, // STARTTLS for SmtpClient
?login     Credentials = new NetworkCredential(«user», Environment.GetEnvironmentVariable("SMTP_PASSWORD")),
};
client.Send(«from», "someone@example.com", "Test", "It works.");
`

const tmplMailKit = `«header»
using System;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

var message = new MimeMessage();
message.From.Add(MailboxAddress.Parse(«from»));
message.To.Add(MailboxAddress.Parse("someone@example.com"));
message.Subject = "Test";
message.Body = new TextPart("plain") { Text = "It works." };

using var client = new SmtpClient();
// Say the TLS mode: SecureSocketOptions.Auto only guesses it from the port.
?starttls client.Connect(«host», «port», SecureSocketOptions.StartTls);
?implicit client.Connect(«host», «port», SecureSocketOptions.SslOnConnect);
?none client.Connect(«host», «port», SecureSocketOptions.None);
?login client.Authenticate(«user», Environment.GetEnvironmentVariable("SMTP_PASSWORD"));
client.Send(message);
client.Disconnect(true);
`

const tmplPHPMailer = `<?php
«header»
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = «host»;
$mail->Port = «port»;
?implicit // ENCRYPTION_SMTPS ('ssl') is implicit TLS; the names are modes, not TLS versions.
?implicit $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
?none $mail->SMTPSecure = '';
?none $mail->SMTPAutoTLS = false;
?starttls // ENCRYPTION_STARTTLS ('tls') is STARTTLS; the names are modes, not TLS versions.
?starttls $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
?login $mail->SMTPAuth = true;
?login $mail->Username = «user»;
?login $mail->Password = getenv('SMTP_PASSWORD');
?nologin $mail->SMTPAuth = false;
$mail->setFrom(«from»);
$mail->addAddress('someone@example.com');
$mail->Subject = 'Test';
$mail->Body = 'It works.';
$mail->send();
`

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

const tmplRails = `«header»
# config/environments/production.rb
config.action_mailer.delivery_method = :smtp
config.action_mailer.smtp_settings = {
  address: «host»,
  port: «port»,
?login   user_name: «user»,
?login   password: ENV["SMTP_PASSWORD"],
?login   authentication: :plain,
?implicit   tls: true, # implicit TLS; tls: true on 587 fails
?none   enable_starttls_auto: false,
?starttls   enable_starttls_auto: true, # STARTTLS; enable_starttls: true insists on it
}
`

const tmplJavaMail = `«header»
// Jakarta Mail; with JavaMail 1.x, import javax.mail instead of jakarta.mail.
import java.util.Properties;
import jakarta.mail.*;
import jakarta.mail.internet.*;

public class SendTest {
    public static void main(String[] args) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", «host»);
        props.put("mail.smtp.port", "«port»");
?login         props.put("mail.smtp.auth", "true");
?implicit         props.put("mail.smtp.ssl.enable", "true"); // implicit TLS
?starttls         props.put("mail.smtp.starttls.enable", "true");
?starttls         props.put("mail.smtp.starttls.required", "true"); // fail rather than go on without TLS
?login         Session session = Session.getInstance(props, new Authenticator() {
?login             @Override
?login             protected PasswordAuthentication getPasswordAuthentication() {
?login                 return new PasswordAuthentication(«user», System.getenv("SMTP_PASSWORD"));
?login             }
?login         });
?nologin         Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(«from»));
        message.setRecipients(Message.RecipientType.TO, "someone@example.com");
        message.setSubject("Test");
        message.setText("It works.");
        Transport.send(message);
    }
}
`

const tmplPostfix = `«header»
?badhost # The host given contains characters main.cf cannot hold: smtp.example.com stands in for it.
# /etc/postfix/main.cf: relay all outgoing mail through this host.
# The brackets stop Postfix from looking up MX records for it.
relayhost = [«host»]:«port»
?implicit smtp_tls_wrappermode = yes
?implicit # without wrappermode Postfix waits for a plaintext greeting on this port and hangs
?tls smtp_tls_security_level = encrypt
?none smtp_tls_security_level = may
?login,baduser # The username given contains characters sasl_passwd cannot hold: USERNAME stands in for it.
?login smtp_sasl_auth_enable = yes
?login smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
?login smtp_sasl_security_options = noanonymous
?login 
?login # /etc/postfix/sasl_passwd (then: chmod 600 /etc/postfix/sasl_passwd;
?login # postmap /etc/postfix/sasl_passwd; postfix reload)
?login [«host»]:«port» «user»:YOUR_SMTP_PASSWORD
`

const tmplMailClient = `«header»

Outgoing server (SMTP)
Server name: «host»
Port: «port»
?implicit Connection security: SSL/TLS
?none Connection security: None
?starttls Connection security: STARTTLS
?nologin Authentication: None
?login,oauth Authentication: OAuth2
?login,notoauth Authentication: Normal password
?login User name: «user»
?login,app Password: an app password, not the account password
?login,apikey Password: the provider's API key or SMTP key
?login,oauth Password: none; the client signs you in with OAuth2
?login,pw Password: your password

In Thunderbird, Apple Mail and Outlook, "SSL/TLS" means implicit TLS (TLS from the
first byte, port 465) and "STARTTLS" means upgrading after connecting (port 587).
`
