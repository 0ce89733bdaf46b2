package formats_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

// TestLibraryNamesInOneFile: the option names of one library appear in one
// file only (issue 6). Each library's formats file declares them
// (rules.RegisterLibrary, Options); every other text quotes them through a
// {id.word} slot. The test reads every non-test Go file of the module
// (testdata left out) and looks for each name in string literals and
// comments, as a whole word: "enable_starttls" does not count inside
// "smtp_enable_starttls_auto", another program's option.
func TestLibraryNamesInOneFile(t *testing.T) {
	files, raw := moduleSources(t)
	checked := 0
	for _, li := range rules.LibraryDetails() {
		if li.ID == rules.LibMailClient || li.ID == rules.LibOther {
			continue // no formats file: their words are rules' own plain words
		}
		if len(li.Options) == 0 {
			t.Errorf("%s declares no option names", li.ID)
		}
		for _, name := range li.Options {
			checked++
			var in []string
			for path, text := range files {
				if hasWord(text, name) {
					in = append(in, path)
				}
			}
			switch {
			case len(in) != 1:
				t.Errorf("%s option %q appears in %d files, want 1: %q", li.ID, name, len(in), in)
			case !strings.Contains(raw[in[0]], "RegisterLibrary(") || !strings.Contains(raw[in[0]], strconv.Quote(li.Name)):
				t.Errorf("%s option %q appears in %s, which does not register the library", li.ID, name, in[0])
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d option names checked", checked)
	}
}

// TestLibrarySlotsResolve: every {id.word} slot in the module's texts names
// a word its library declared, so no text shows a slot.
func TestLibrarySlotsResolve(t *testing.T) {
	words, _ := moduleSources(t)
	n := 0
	for path, text := range words {
		for rest := text; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			rest = rest[i+1:]
			j := strings.IndexByte(rest, '}')
			if j < 0 {
				break
			}
			id, word, ok := strings.Cut(rest[:j], ".")
			if !ok || !rules.ValidLibrary(id) || word == "word" || strings.ContainsAny(word, " \n") {
				continue // not a slot, or the docs' {id.word}
			}
			n++
			if rules.LibraryWord(rules.Library(id), word) == "" {
				t.Errorf("%s: slot {%s.%s} names no word of %s", path, id, word, id)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d slots found", n)
	}
	if got := rules.LibraryText("a {nodemailer.require} b {nodemailer.nope} {x.y} {"); got != "a requireTLS: true b {nodemailer.nope} {x.y} {" {
		t.Errorf("LibraryText = %q", got)
	}
}

// moduleSources maps each non-test Go file of the module (the directory
// above formats) to the text of its string literals and comments, one per
// line, string literals unquoted; and to its source.
func moduleSources(t *testing.T) (words, raw map[string]string) {
	t.Helper()
	root := ".."
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	out, raw := map[string]string{}, map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || name == "vendor" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var b strings.Builder
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(path, -1, len(src)), src, nil, scanner.ScanComments)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			switch tok {
			case token.STRING, token.CHAR:
				if u, err := strconv.Unquote(lit); err == nil {
					lit = u
				}
			case token.COMMENT:
			default:
				continue
			}
			b.WriteString(lit)
			b.WriteByte('\n')
		}
		out[filepath.ToSlash(path)], raw[filepath.ToSlash(path)] = b.String(), string(src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("read only %d Go files under %s", len(out), root)
	}
	return out, raw
}

// hasWord says whether name occurs in text with no letter, digit, '_' or
// '.' joined to it on either side (a '.' ending a sentence is fine).
func hasWord(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		before := j == 0 || !wordByte(text[j-1])
		after := end == len(text) || !wordByte(text[end]) || text[end] == '.' && (end+1 == len(text) || !wordByte(text[end+1]))
		if before && after {
			return true
		}
		i = j + 1
	}
}

func wordByte(c byte) bool {
	return c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func TestHasWord(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       bool
	}{
		{"set enable_starttls: true", "enable_starttls", true},
		{"smtp_enable_starttls_auto", "enable_starttls", false},
		{"enable_starttls_auto: true", "enable_starttls", false},
		{"spring.mail.properties.mail.smtp.ssl.enable=true", "mail.smtp.ssl.enable", false},
		{"use mail.smtp.ssl.enable.", "mail.smtp.ssl.enable", true},
		{"EnableSsl", "EnableSsl", true},
		{"EnableSslX", "EnableSsl", false},
		{"x EnableSsl and EnableSsl", "EnableSsl", true},
		{"", "EnableSsl", false},
	} {
		if got := hasWord(c.text, c.name); got != c.want {
			t.Errorf("hasWord(%q, %q) = %v", c.text, c.name, got)
		}
	}
}
