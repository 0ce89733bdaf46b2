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

// twoAccountBlocks checks a text of two accounts, each a block: the
// default read, block 2 (host, port 465, implicit TLS), no block 3, and a
// rewrite of block 2 that leaves block 1 alone and reads back.
func twoAccountBlocks(t *testing.T, text string, f Format, first, last int) {
	t.Helper()
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != f || len(p.Blocks) != 2 || p.Block != 1 || p.Settings.Host != "smtp.work-mail.net" {
		t.Fatalf("default read: %s block %d of %+v, host %q", p.Format, p.Block, p.Blocks, p.Settings.Host)
	}
	if b := p.Blocks[1]; b.FirstLine != first || b.LastLine != last || b.Format != f || b.Label != "home: mail.home-isp.org" {
		t.Errorf("second block %+v", b)
	}
	q, err := ParseBlock(text, 2)
	if err != nil {
		t.Fatal(err)
	}
	if q.Block != 2 || q.Settings.Host != "mail.home-isp.org" || q.Settings.Port != 465 || q.Settings.Security != rules.SecurityImplicit {
		t.Errorf("block 2: %d %+v", q.Block, q.Settings)
	}
	if _, err := ParseBlock(text, 3); err == nil {
		t.Error("block 3 of two accounts was read")
	}
	// The rewrite of block 2 changes that account only, and reads back.
	out, err := RewriteBlock(text, rules.Settings{Port: 587, Security: rules.SecurityStartTLS}, 2)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := ParseBlock(out, 1)
	h, _ := ParseBlock(out, 2)
	if w.Settings != p.Settings || h.Settings.Port != 587 || h.Settings.Security != rules.SecurityStartTLS {
		t.Errorf("rewrite of block 2:\n%s", out)
	}
}

func TestMsmtpAccountsAreBlocks(t *testing.T) { twoAccountBlocks(t, twoAccounts, Msmtp, 10, 15) }

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
	for _, h := range []string{"smtp.example.com", "mail.invalid", "${SMTP_HOST}", "<your-host>", "{{ smtp_host }}", "smtp.example.de", "mail.example.co.uk", "example.fr"} {
		if !IsPlaceholderHost(h) {
			t.Errorf("%s is not a placeholder", h)
		}
	}
	for _, h := range []string{"smtp.gmail.com", "example.mail-host.net", "smtp.examples.de", "mail.example.mycompany.com"} {
		if IsPlaceholderHost(h) {
			t.Errorf("%s is a placeholder", h)
		}
	}
}

// Every block ParseBlock lists can be read by its number, says the block it
// read, and lies inside the text; LabelBlocks and RewriteBlock never panic.
func FuzzParseBlock(f *testing.F) {
	f.Add(twoAccounts, uint8(2))
	f.Add("```\nMAIL_HOST=a.b\n```\ntext\n```\nSMTP_HOST=c.d\n```\n", uint8(2))
	f.Add("account a\nhost x\naccount b\naccount c\nhost y\n", uint8(3))
	for i, s := range addParseSeeds(f) {
		f.Add(s, uint8(i%4))
	}
	f.Fuzz(func(t *testing.T, text string, n uint8) {
		p, err := ParseBlock(text, int(n))
		checkParsed(t, p, err)
		if err != nil {
			return
		}
		lines := strings.Count(text, "\n") + 1
		if len(p.Blocks) > 0 && (p.Block < 1 || p.Block > len(p.Blocks)) {
			t.Fatalf("block %d of %d", p.Block, len(p.Blocks))
		}
		if n > 0 && len(p.Blocks) > 1 && p.Block != int(n) {
			t.Fatalf("asked for block %d, read %d", n, p.Block)
		}
		for _, b := range p.Blocks {
			if b.FirstLine < 1 || b.LastLine < b.FirstLine || b.LastLine > lines {
				t.Fatalf("block %+v outside %d lines", b, lines)
			}
		}
		LabelBlocks(text, &p)
		if len(p.Blocks) > 1 {
			// A block listed is read as itself, or says why it cannot be.
			last := len(p.Blocks)
			q, err := ParseBlock(text, last)
			checkParsed(t, q, err)
			if err == nil && q.Block != last {
				t.Fatalf("asked for block %d of %d, read %d", last, last, q.Block)
			}
		}
		RewriteBlock(text, rules.Settings{Port: 587, Security: rules.SecurityStartTLS}, p.Block)
	})
}

// BenchmarkLabelBlocks is what labelling the blocks adds to a Parse of the
// largest page (every block read once more, up to maxLabelled).
func BenchmarkLabelBlocks(b *testing.B) {
	big := bigMarkdown(b)
	p, err := Parse(big)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(p.Blocks)), "blocks")
	for b.Loop() {
		q := p
		q.Blocks = append([]Block(nil), p.Blocks...)
		LabelBlocks(big, &q)
	}
}

// home-manager's programs.msmtp with two accounts: each is a block.
const twoNixAccounts = `programs.msmtp = {
  enable = true;
  defaults = { auth = true; tls = true; };
  accounts.work = {
    host = "smtp.work-mail.net";
    port = 587;
    user = "ann";
  };
  accounts.home = {
    host = "mail.home-isp.org";
    port = 465;
    tls_starttls = false;
  };
};
`

func TestMsmtpNixAccountsAreBlocks(t *testing.T) {
	twoAccountBlocks(t, twoNixAccounts, MsmtpNix, 10, 12)
}
