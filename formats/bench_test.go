package formats

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkParse measures Parse on a typical paste (a gitlab.rb SMTP block
// from the corpus) and on the largest text Parse accepts: 64 KB of a
// Markdown page holding that block among prose and other code blocks.
func BenchmarkParse(b *testing.B) {
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
