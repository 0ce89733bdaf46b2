package formats

import (
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

const twoAccounts = `defaults
auth on
tls on

account work
host smtp.work-mail.net
port 587
user ann@work-mail.net

account home
host mail.home-isp.org
port 465
tls_starttls off
user ann@home-isp.org

account default : work
`

func TestMsmtpAccountsAreBlocks(t *testing.T) {
	p, err := Parse(twoAccounts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Blocks) != 2 || p.Block != 1 || p.Settings.Host != "smtp.work-mail.net" {
		t.Fatalf("default read: block %d of %+v, host %q", p.Block, p.Blocks, p.Settings.Host)
	}
	if b := p.Blocks[1]; b.FirstLine != 10 || b.LastLine != 15 || b.Format != Msmtp || !strings.Contains(b.Label, "home") || !strings.Contains(b.Label, "mail.home-isp.org") {
		t.Errorf("second block %+v", b)
	}
	q, err := ParseBlock(twoAccounts, 2)
	if err != nil {
		t.Fatal(err)
	}
	if q.Block != 2 || q.Settings.Host != "mail.home-isp.org" || q.Settings.Port != 465 || q.Settings.Security != rules.SecurityImplicit {
		t.Errorf("block 2: %d %+v", q.Block, q.Settings)
	}
	if _, err := ParseBlock(twoAccounts, 3); err == nil {
		t.Error("block 3 of two accounts was read")
	}
	// The rewrite of block 2 changes that account only, and reads back.
	out, err := RewriteBlock(twoAccounts, rules.Settings{Port: 587, Security: rules.SecurityStartTLS}, 2)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := ParseBlock(out, 1)
	h, _ := ParseBlock(out, 2)
	if w.Settings != p.Settings || h.Settings.Port != 587 || h.Settings.Security != rules.SecurityStartTLS {
		t.Errorf("rewrite of block 2:\n%s", out)
	}
}

func TestLabelBlocks(t *testing.T) {
	text := "Some notes.\n\n```\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\n```\n\nand\n\n```ini\nhello\n```\n\n```\nSMTP_HOST=mail.real-isp.net\nSMTP_PORT=465\n```\n"
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	LabelBlocks(text, &p)
	if len(p.Blocks) != 3 {
		t.Fatalf("blocks %+v", p.Blocks)
	}
	if !strings.Contains(p.Blocks[0].Label, "placeholder") || p.Blocks[1].Label != "no mail settings" || p.Blocks[2].Label != "mail.real-isp.net" || p.Blocks[2].Format == "" {
		t.Errorf("labels %+v", p.Blocks)
	}
	if p.Placeholder != "smtp.example.com" || p.Block != 1 {
		t.Errorf("read block %d, placeholder %q", p.Block, p.Placeholder)
	}
	q, err := ParseBlock(text, 3)
	if err != nil || q.Placeholder != "" || q.Settings.Host != "mail.real-isp.net" {
		t.Errorf("block 3: %+v %v", q, err)
	}
	for _, h := range []string{"smtp.example.com", "mail.invalid", "${SMTP_HOST}", "<your-host>", "{{ smtp_host }}"} {
		if !IsPlaceholderHost(h) {
			t.Errorf("%s is not a placeholder", h)
		}
	}
	if IsPlaceholderHost("smtp.gmail.com") {
		t.Error("smtp.gmail.com is a placeholder")
	}
}
