package formats

import (
	"slices"
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

// Detect takes the highest-scoring clue; two formats sharing a score would
// let the order of the files decide between them.
func TestDetectScoresDistinct(t *testing.T) {
	owner := map[int]Format{}
	for _, s := range registry {
		for _, c := range s.clues {
			if c.score <= 0 {
				t.Errorf("%s: clue score %d never wins", s.name, c.score)
			}
			if o, ok := owner[c.score]; ok && o != s.name {
				t.Errorf("score %d is used by %s and %s", c.score, o, s.name)
			}
			owner[c.score] = s.name
		}
	}
}

func TestRegistryComplete(t *testing.T) {
	want := []Format{URL, Env, Nodemailer, Smtplib, PHPMailer, JavaMail, Rails, Django, SmtpClient, MailKit, Postfix, Autoconfig, GoNetSMTP, Msmtp,
		GitLab, Discourse, Mastodon, GrafanaINI, GrafanaEnv, Nextcloud, LaravelConfig, MsmtpNix, Ghost, JavaMailSender, YAML}
	if got := Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %q, want %q", got, want)
	}
	menus := map[int]bool{}
	for _, s := range registry {
		if s.read == nil || s.rewrite == nil || len(s.clues) == 0 {
			t.Errorf("%s: missing reader, rewriter or clues", s.name)
		}
		if menus[s.menu] {
			t.Errorf("%s: menu position %d taken twice", s.name, s.menu)
		}
		menus[s.menu] = true
	}
	// Every library of FACTS §5 but "other" has a snippet writer.
	for _, lib := range rules.Libraries() {
		if (snippetWriterFor(lib) != nil) != (lib != rules.LibOther) {
			t.Errorf("snippet writer for %s: registered = %v", lib, snippetWriterFor(lib) != nil)
		}
	}
}

func TestParseAsUnknownFormat(t *testing.T) {
	if _, err := ParseAs("host=x", Format("cobol")); err == nil {
		t.Error("ParseAs with an unknown format: no error")
	}
}

// The XML helpers must do what strings.NewReplacer does with the same pairs
// (left to right, no overlaps): autoconfig values may hold entities.
func checkXMLEntities(t *testing.T, s string) {
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&amp;", "&")
	escape := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	if got, want := cfgXMLUnescape(s), unescape.Replace(s); got != want {
		t.Errorf("cfgXMLUnescape(%q) = %q, want %q", s, got, want)
	}
	if got, want := cfgXMLEscape(s), escape.Replace(s); got != want {
		t.Errorf("cfgXMLEscape(%q) = %q, want %q", s, got, want)
	}
}

var xmlEntitySeeds = []string{"", "&", "&amp;", "&amp;lt;", "a&lt;b&gt;c", "&&lt;;", "<x a=\"&quot;\">&apos;</x>", "&am", "tail&", "&amp;amp;"}

func TestXMLEntities(t *testing.T) {
	for _, s := range xmlEntitySeeds {
		checkXMLEntities(t, s)
	}
}

func FuzzXMLEntities(f *testing.F) {
	for _, s := range xmlEntitySeeds {
		f.Add(s)
	}
	f.Fuzz(checkXMLEntities)
}
