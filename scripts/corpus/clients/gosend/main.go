// Command gosend sends one message with Go's net/smtp, as an application
// would; settings from the environment (see scripts/corpus/main.go). It is
// built and run by scripts/corpus only.
package main

import (
	"crypto/tls"
	"log"
	"net"
	"net/smtp"
	"os"
	"time"
)

func main() {
	host := os.Getenv("SMTP_HOST")
	addr := net.JoinHostPort(host, os.Getenv("SMTP_PORT"))
	security := os.Getenv("SMTP_SECURITY") // plain, starttls or implicit
	tlsConfig := &tls.Config{ServerName: host}
	dialer := &net.Dialer{Timeout: 5 * time.Second}

	var conn net.Conn
	var err error
	if security == "implicit" {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConfig)
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		log.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		log.Fatal(err)
	}
	if security == "starttls" {
		if err := c.StartTLS(tlsConfig); err != nil {
			log.Fatal(err)
		}
	}
	if user := os.Getenv("SMTP_USER"); user != "" {
		if err := c.Auth(smtp.PlainAuth("", user, os.Getenv("SMTP_PASS"), host)); err != nil {
			log.Fatal(err)
		}
	}
	if err := c.Mail(os.Getenv("MAIL_FROM")); err != nil {
		log.Fatal(err)
	}
	if err := c.Rcpt(os.Getenv("MAIL_TO")); err != nil {
		log.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := w.Write([]byte("Subject: whichport corpus\r\n\r\n" + os.Getenv("MAIL_BODY") + "\r\n")); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := c.Quit(); err != nil {
		log.Fatal(err)
	}
}
