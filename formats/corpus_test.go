package formats

import (
	"cmp"
	"flag"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

// The corpus (testdata/corpus, described in its README.md) is configuration
// real projects ship, each file with the reading the library itself would
// make. TestCorpus reads every file and compares; files this package does not
// read right yet are listed in corpusMisses with the field that is wrong, so
// the test fails both when a reading breaks and when a listed miss starts
// passing (then the entry must go). go test -v -run TestCorpus prints the
// accuracy per format.

// corpusCase is one corpus file: its header and the snippet.
type corpusCase struct {
	name   string
	header map[string]string
	text   string
}

// readCorpus reads testdata/corpus/*.txt. The header is "key: value" lines
// up to a line "---"; the snippet follows verbatim.
func readCorpus(tb testing.TB) []corpusCase {
	tb.Helper()
	files, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus files: %v", err)
	}
	var out []corpusCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		head, text, ok := strings.Cut(string(b), "\n---\n")
		if !ok {
			tb.Fatalf("%s: no line --- after the header", f)
		}
		c := corpusCase{name: strings.TrimSuffix(filepath.Base(f), ".txt"), header: map[string]string{}, text: text}
		for _, line := range strings.Split(head, "\n") {
			k, v, ok := strings.Cut(line, ": ")
			if !ok {
				tb.Fatalf("%s: header line %q is not \"key: value\"", f, line)
			}
			c.header[k] = v
		}
		for _, k := range []string{"source", "format", "host", "port", "tls", "user", "placeholder"} {
			if c.header[k] == "" {
				tb.Fatalf("%s: header has no %s", f, k)
			}
		}
		out = append(out, c)
	}
	return out
}

// corpusField is one expected field of a corpus case.
type corpusField struct {
	name      string
	want, got string
}

// corpusCompare returns the fields of c that Parse reads wrong.
func corpusCompare(c corpusCase) (wrong []corpusField) {
	h := c.header
	p, err := Parse(c.text)
	if err != nil {
		return []corpusField{{"parse", "no error", err.Error()}}
	}
	add := func(name, want, got string) {
		if want != got {
			wrong = append(wrong, corpusField{name, want, got})
		}
	}
	add("format", h["format"], string(p.Format))
	// A placeholder is reported as such (Parsed.Placeholder), never as a
	// host to check; a real host never is.
	add("placeholder", h["placeholder"], pickString(p.Placeholder != "", "yes", "no"))
	add("host", dash(strings.ToLower(h["host"])), dash(strings.ToLower(hostOf(p))))
	port := "-"
	if p.Settings.Port != 0 {
		port = strconv.Itoa(p.Settings.Port)
	}
	add("port", h["port"], port)
	add("tls", h["tls"], dash(string(p.Settings.Security)))
	add("user", h["user"], dash(p.Settings.Username))
	return wrong
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func TestCorpus(t *testing.T) {
	cases := readCorpus(t)
	type tally struct{ right, all int }
	perFormat := map[string]*tally{}
	for _, c := range cases {
		wrong := corpusCompare(c)
		f := c.header["format"]
		if perFormat[f] == nil {
			perFormat[f] = &tally{}
		}
		perFormat[f].all++
		if len(wrong) == 0 {
			perFormat[f].right++
		}
		miss, listed := corpusMisses[c.name]
		switch {
		case *updateCorpusMisses:
		case len(wrong) == 0 && listed:
			t.Errorf("%s: read right now; remove it from corpusMisses (%s)", c.name, miss)
		case len(wrong) > 0 && !listed:
			t.Errorf("%s (%s): %s", c.name, c.header["source"], corpusDescribe(wrong))
		case len(wrong) > 0 && wrong[0].name != miss:
			t.Errorf("%s: first wrong field is %s, corpusMisses says %s: %s", c.name, wrong[0].name, miss, corpusDescribe(wrong))
		}
	}
	for name := range corpusMisses {
		if !slices.ContainsFunc(cases, func(c corpusCase) bool { return c.name == name }) {
			t.Errorf("corpusMisses lists %s, which is not in the corpus", name)
		}
	}
	if *updateCorpusMisses {
		misses := map[string]string{}
		for _, c := range cases {
			if wrong := corpusCompare(c); len(wrong) > 0 {
				misses[c.name] = wrong[0].name
			}
		}
		writeCorpusMisses(t, misses)
	}
	right, all := 0, 0
	formats := slices.SortedFunc(func(yield func(string) bool) {
		for f := range perFormat {
			if !yield(f) {
				return
			}
		}
	}, cmp.Compare)
	for _, f := range formats {
		n := perFormat[f]
		right += n.right
		all += n.all
		t.Logf("%-24s %3d/%-3d all fields right", f, n.right, n.all)
	}
	t.Logf("%-24s %3d/%-3d all fields right", "total", right, all)
}

func corpusDescribe(wrong []corpusField) string {
	var parts []string
	for _, w := range wrong {
		parts = append(parts, w.name+" "+strconv.Quote(w.got)+", want "+strconv.Quote(w.want))
	}
	return strings.Join(parts, "; ")
}

var updateCorpusMisses = flag.Bool("update-corpus-misses", false, "rewrite corpus_misses_test.go from the current readings")

// writeCorpusMisses writes corpus_misses_test.go: the corpus files Parse
// does not read right yet, each with its first wrong field.
func writeCorpusMisses(t *testing.T, misses map[string]string) {
	var b strings.Builder
	b.WriteString("// Code generated by go test -run TestCorpus -update-corpus-misses; DO NOT EDIT.\n\n")
	b.WriteString("package formats\n\n")
	b.WriteString("// corpusMisses are the corpus files Parse does not read right yet, each\n")
	b.WriteString("// with the first field that is wrong (in the order parse, format,\n")
	b.WriteString("// placeholder, host, port, tls, user).\n")
	b.WriteString("var corpusMisses = map[string]string{\n")
	for _, k := range slices.Sorted(maps.Keys(misses)) {
		b.WriteString("\t" + strconv.Quote(k) + ": " + strconv.Quote(misses[k]) + ",\n")
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("corpus_misses_test.go", src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// parsesAsGo reports whether src is a Go source file.
func parsesAsGo(src string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	return err == nil
}

// portOnlyRefused are the corpus files whose port alone cannot be
// rewritten, and why.
var portOnlyRefused = map[string]string{
	"go-jimysheepman-hostname-25":         "the port is a literal inside the expression that builds the address",
	"javamail-wangdiao-socketfactory-465": "socketFactory.port names the port as well, and the rewriter leaves it to the person",
	"symfony-dsn-sendgrid-readme":         "a provider scheme (sendgrid+smtp://) fixes host and port",
	"symfony-dsn-ses-readme":              "a provider scheme (ses+smtp://) fixes host and port",
	"symfony-dsn-sylius-gmail":            "a provider scheme (gmail://) fixes host and port",
}

// TestCorpusRewriteReadsBack rewrites every corpus file that Parse reads
// to a different port and TLS mode where its format can say so, and checks
// the result reads back as asked.
func TestCorpusRewriteReadsBack(t *testing.T) {
	rewritten, refused := 0, 0
	defer func() {
		t.Logf("%d corpus rewrites read back; %d refused (the format cannot say it)", rewritten, refused)
	}()
	for _, c := range readCorpus(t) {
		before, err := Parse(c.text)
		if err != nil || before.Settings.Host == "" {
			continue
		}
		// Another port and TLS mode, and another port alone (every format
		// can say that, also those whose TLS mode is fixed by the calls
		// the code makes; the files in portOnlyRefused say why not).
		other := before.Settings
		other.Port, other.Security = 465, rules.SecurityImplicit
		if before.Settings.Security == rules.SecurityImplicit {
			other.Port, other.Security = 587, rules.SecurityStartTLS
		}
		portOnly := before.Settings
		portOnly.Port = 2525
		for _, target := range []rules.Settings{other, portOnly} {
			out, err := Rewrite(c.text, target)
			if err != nil {
				refused++
				if target == portOnly && portOnlyRefused[c.name] == "" {
					t.Errorf("%s: another port alone is refused: %v", c.name, err)
				}
				continue // the format cannot express this change; Rewrite says so
			}
			rewritten++
			if before.Format == GoNetSMTP && parsesAsGo(c.text) && !parsesAsGo(out) {
				t.Errorf("%s: the rewrite to %d/%s is no longer Go:\n%s", c.name, target.Port, target.Security, out)
			}
			after, err := Parse(out)
			if err != nil {
				t.Errorf("%s: the rewrite does not read back: %v\n%s", c.name, err, out)
				continue
			}
			if after.Format != before.Format || after.Settings.Port != target.Port || after.Settings.Security != target.Security || after.Settings.Host != before.Settings.Host {
				t.Errorf("%s: rewritten to %d/%s reads back as %s %s:%d/%s", c.name, target.Port, target.Security,
					after.Format, after.Settings.Host, after.Settings.Port, after.Settings.Security)
			}
		}
	}
}
