package formats

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkParseCorpus measures Parse on a typical paste (a gitlab.rb SMTP block
// from the corpus) and on the largest text Parse accepts: 64 KB of a
// Markdown page holding that block among prose and other code blocks.
func BenchmarkParseCorpus(b *testing.B) {
	typical := corpusText(b, "gitlab-melvincv")
	big := bigMarkdown(b)
	b.Run("typical", func(b *testing.B) {
		b.SetBytes(int64(len(typical)))
		for b.Loop() {
			if _, err := Parse(typical); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("64KB", func(b *testing.B) {
		b.SetBytes(int64(len(big)))
		for b.Loop() {
			if _, err := Parse(big); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func corpusText(tb testing.TB, name string) string {
	tb.Helper()
	raw, err := os.ReadFile("testdata/corpus/" + name + ".txt")
	if err != nil {
		tb.Fatal(err)
	}
	_, text, _ := strings.Cut(string(raw), "\n---\n")
	return text
}

// bigMarkdown is a page just under MaxInput: prose and shell blocks, with
// the SMTP settings in a fenced block near the end.
func bigMarkdown(tb testing.TB) string {
	tb.Helper()
	block := "```ruby\n" + corpusText(tb, "gitlab-melvincv") + "```\n"
	filler := "Run the installer, then open the web page and log in as root.\n\n```sh\nsudo gitlab-ctl reconfigure\nsudo gitlab-ctl status\n```\n\n"
	var b strings.Builder
	for b.Len()+len(filler)+len(block) < MaxInput {
		b.WriteString(filler)
	}
	b.WriteString(block)
	if b.Len() > MaxInput {
		tb.Fatalf("the big input is %d bytes, over MaxInput", b.Len())
	}
	return b.String()
}

func TestBigMarkdownParses(t *testing.T) {
	p, err := Parse(bigMarkdown(t))
	if err != nil || p.Format != GitLab || p.Settings.Host != "smtp.gmail.com" || len(p.Blocks) < 100 {
		t.Fatalf("Parse(64 KB page) = %s %s, %d blocks, %v", p.Format, p.Settings.Host, len(p.Blocks), err)
	}
}

// BenchmarkParseSame runs inputs every version of Parse reads the same
// way, so the cost of unwrapping and block picking can be compared with
// the code before it (run this file against an older checkout).
func BenchmarkParseSame(b *testing.B) {
	nodemailer := "const nodemailer = require('nodemailer');\n\nexports.transport = nodemailer.createTransport({\n    host: process.env.MAIL_HOST,\n    port: process.env.MAIL_PORT || 587,\n    secure: false,\n    auth: {\n      user: process.env.MAIL_USER,\n      pass: process.env.MAIL_PASSWORD\n    }\n});\n"
	env := "# mail\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_USERNAME=postmaster@example.org\nMAIL_ENCRYPTION=tls\n"
	var big strings.Builder
	for big.Len() < MaxInput-len(env)-80 {
		big.WriteString("# a comment line such as a long .env file carries between settings\n")
	}
	big.WriteString(env)
	for _, in := range []struct{ name, text string }{{"nodemailer", nodemailer}, {"env", env}, {"env-64KB", big.String()}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for b.Loop() {
				if _, err := Parse(in.text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
