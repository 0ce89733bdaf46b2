package rules

import (
	"strconv"
	"strings"
)

// RenderText writes a report as plain text: the verdict, the settings as
// understood (never a password), the recommended pair and alternatives, and
// every finding with its fix and references. The golden files in
// testdata/explain hold this text; the CLI and plain-text API answers can
// use it as is.
func RenderText(r Report) string {
	var b strings.Builder
	b.WriteString("verdict: " + string(r.Verdict) + "\n")
	s := r.Settings
	pw := "none"
	if s.PasswordPresent {
		pw = "given"
	}
	b.WriteString("settings: host=" + orDash(s.Host) + " port=" + strconv.Itoa(s.Port) + " security=" + orDash(string(s.Security)) +
		" auth=" + orDash(string(s.Auth)) + " username=" + orDash(s.Username) + " password=" + pw +
		" use=" + orDash(string(s.Use)) + " environment=" + orDash(string(s.Environment)) +
		" library=" + orDash(string(s.Library)) + "\n")
	if r.Provider != "" {
		b.WriteString("provider: " + r.Provider + "\n")
	}
	b.WriteString("recommended: " + choiceText(r.Recommended) + "\n")
	for _, c := range r.Alternatives {
		b.WriteString("  alternative: " + choiceText(c) + "\n")
	}
	for _, f := range r.Findings {
		b.WriteString("\n[" + string(f.Severity) + "] " + f.ID + ": " + f.Title + "\n")
		b.WriteString("  " + f.Detail + "\n")
		if f.Fix != "" {
			b.WriteString("  fix: " + f.Fix + "\n")
		}
		if f.Setting != "" {
			b.WriteString("  setting: " + f.Setting + "\n")
		}
		for _, ref := range f.Refs {
			b.WriteString("  ref: " + ref.Name)
			if ref.URL != "" {
				b.WriteString(" <" + ref.URL + ">")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func choiceText(c Choice) string {
	t := strconv.Itoa(c.Port) + " " + string(c.Security)
	if c.Host != "" {
		t = c.Host + " " + t
	}
	if c.Why != "" {
		t += " (" + c.Why + ")"
	}
	return t
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Fixed returns the settings as understood with the recommendation applied:
// the recommended host, port and TLS mode, and the user name a provider
// wants literally (SendGrid "apikey", SparkPost "SMTP_Injection", Resend
// "resend"). It is what to hand to Rewrite and SnippetFor, and what the page
// shows next to the person's own settings.
func (r Report) Fixed() Settings {
	s := r.Settings
	if r.Recommended.Port > 0 {
		if r.Recommended.Host != "" {
			s.Host = r.Recommended.Host
		}
		s.Port = r.Recommended.Port
		s.Security = r.Recommended.Security
	}
	if p := ruleByID(r.Provider); p != nil && p.username != "" && s.Auth != AuthNone {
		s.Username = p.username
	}
	return s
}
