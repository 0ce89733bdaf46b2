package formats

import (
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

// The rewriter changes the address the reader read, whichever call dials
// it: a dialer's own Dial method, or smtp.SendMail with a net.Dial after it
// that is not the mail connection.
func TestRewriteGoNetSMTPDialledAddress(t *testing.T) {
	fixed := rules.Settings{Host: "smtp.fixed.example", Port: 2525}
	for _, src := range []string{
		`conn, err := dialer.Dial("tcp", "smtp.example.com:587")
c, err := smtp.NewClient(conn, "smtp.example.com")
err = c.StartTLS(&tls.Config{ServerName: "smtp.example.com"})
`,
		`err := smtp.SendMail("smtp.example.com:587", auth, from, to, msg)
probe, err := net.Dial("tcp", "localhost:25")
`,
	} {
		before, err := Parse(src)
		if err != nil || before.Format != GoNetSMTP || before.Settings.Host != "smtp.example.com" || before.Settings.Port != 587 {
			t.Fatalf("%q read as %s %s:%d (%v)", src, before.Format, before.Settings.Host, before.Settings.Port, err)
		}
		out, err := Rewrite(src, fixed)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if !strings.Contains(out, `"smtp.fixed.example:2525"`) {
			t.Errorf("%q: the dialled address is not rewritten:\n%s", src, out)
		}
		after, err := Parse(out)
		if err != nil || after.Settings.Host != fixed.Host || after.Settings.Port != fixed.Port {
			t.Errorf("%q: rewritten text reads as %s:%d (%v)", src, after.Settings.Host, after.Settings.Port, err)
		}
	}
}

// A real program that dials its server twice (net.Dial with
// smtp.NewClient, then smtp.SendMail with host + ":" + port): a new port
// reaches both calls, written where each spells it, and the result is
// still Go.
func TestRewriteGoNetSMTPEveryDial(t *testing.T) {
	var text string
	for _, c := range readCorpus(t) {
		if c.name == "go-bangarangler-dial-twice" {
			text = c.text
		}
	}
	fixed := rules.Settings{Host: "smtp.gmail.com", Port: 2525, Security: rules.SecurityStartTLS}
	out, err := Rewrite(text, fixed)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`net.Dial("tcp", "smtp.gmail.com:2525")`, `smtpPort := "2525"`, `smtp.SendMail(smtpHost+":"+smtpPort,`} {
		if !strings.Contains(out, want) {
			t.Errorf("the rewrite has no %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "587") {
		t.Errorf("the old port is left:\n%s", out)
	}
	if !parsesAsGo(out) {
		t.Errorf("the rewrite is not Go:\n%s", out)
	}
}
