package formats

import (
	"strings"
	"testing"
)

// A value written as ${NAME:-default} (.env files, Docker Compose,
// envsubst templates) is read as its default, and the report says so.
func TestShellDefaults(t *testing.T) {
	for _, tc := range []struct {
		text string
		host string
		port int
		note string
	}{
		{"MAIL_HOST=smtp.acme-mail.net\nMAIL_PORT=${SMTP_PORT:-587}\nMAIL_ENCRYPTION=tls\n", "smtp.acme-mail.net", 587, "MAIL_PORT is read from the environment variable SMTP_PORT"},
		{"SMTP_HOST=${SMTP_HOST:-mail.acme-mail.net}\nSMTP_PORT=${SMTP_PORT-465}\n", "mail.acme-mail.net", 465, "SMTP_HOST is read from the environment variable SMTP_HOST"},
		{"services:\n  app:\n    environment:\n      - SMTP_HOST=mail.acme-mail.net\n      - SMTP_PORT=${SMTP_PORT:=25}\n", "mail.acme-mail.net", 25, "SMTP_PORT is read from the environment variable SMTP_PORT"},
		// No default: a placeholder, not a port.
		{"SMTP_HOST=mail.acme-mail.net\nSMTP_PORT=${SMTP_PORT}\n", "mail.acme-mail.net", 0, "template placeholder"},
	} {
		p, err := Parse(tc.text)
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		if p.Settings.Host != tc.host || p.Settings.Port != tc.port || !strings.Contains(strings.Join(p.Notes, "\n"), tc.note) {
			t.Errorf("%q: host %q port %d notes %q", tc.text, p.Settings.Host, p.Settings.Port, p.Notes)
		}
		if p.Placeholder != "" {
			t.Errorf("%q: placeholder %q", tc.text, p.Placeholder)
		}
	}
	if _, _, ok := shellDefault("${SMTP_PORT:-${OTHER}}"); ok {
		t.Error("a nested expansion was read as a default")
	}
}

// A URL whose host is written to be replaced reads as a placeholder, not
// as a broken URL.
func TestURLPlaceholderHost(t *testing.T) {
	p, err := Parse("smtps://user:secret@<your-host>:465")
	if err != nil {
		t.Fatal(err)
	}
	if p.Placeholder != "<your-host>" || p.Settings.Host != "" || p.Settings.Port != 465 || strings.Contains(strings.Join(p.Notes, " "), "secret") {
		t.Errorf("placeholder %q, settings %+v, notes %q", p.Placeholder, p.Settings, p.Notes)
	}
	if _, err := Parse("smtp://smtp.acme mail.net:587"); err == nil {
		t.Error("a host with a space was read")
	}
}
