package formats

import (
	"cmp"
	"slices"
	"strings"
)

// MaxInput is the largest text Parse and Rewrite read. Mail settings are a
// few lines; anything longer is a whole file pasted by mistake.
const MaxInput = 64 << 10

// Format names a configuration format or library's way of writing mail
// settings. The values are public API (JSON, wasm): never rename them. Each
// format's file declares its name.
type Format string

// A spec is everything this package knows about one format. Each format's
// file registers one from an init function, the way image/png registers
// itself with image.RegisterFormat; nothing outside that file needs to
// change to add a format.
type spec struct {
	name Format
	menu int // position in Formats, the "paste as" menu

	// clues are the signs the format leaves in a text; Detect picks the
	// format whose matching clue scores highest. Scores are distinct across
	// formats (TestDetectScoresDistinct), so no file order decides a tie.
	clues []clue

	// input is what read gets besides the text: KEY=value lines in one of
	// the cfgLines styles, cfgReadCode for cfgWalk's entries, 0 for nothing.
	input cfgLineStyle
	read  func(out *Parsed, text string, code *cfgCode) error

	// rewrite records the edits that apply r.want to r.src (rewrite.go).
	rewrite func(r *cfgRewriter) error

	// snippets write fresh configuration in this format's option names,
	// one per library that writes it (snippet.go).
	snippets []snippetWriter
}

// cfgReadCode asks ParseAs to read the text with cfgWalk.
const cfgReadCode cfgLineStyle = 255

var registry []*spec

// register adds a format; it is called from init functions only.
func register(s spec) {
	for _, r := range registry {
		if r.name == s.name {
			panic("formats: " + string(s.name) + " registered twice")
		}
	}
	registry = append(registry, &s)
}

func lookup(f Format) *spec {
	for _, s := range registry {
		if s.name == f {
			return s
		}
	}
	return nil
}

// Formats lists every format Parse reads, in the order of a "paste as" menu.
func Formats() []Format {
	specs := slices.SortedFunc(slices.Values(registry), func(a, b *spec) int { return cmp.Compare(a.menu, b.menu) })
	out := make([]Format, len(specs))
	for i, s := range specs {
		out[i] = s.name
	}
	return out
}

// Parse reads a pasted URL or config snippet, detecting its format.
// It returns a *ParseError naming the line for input it cannot read.
func Parse(text string) (Parsed, error) {
	if err := checkInput(text); err != nil {
		return Parsed{}, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	f := Detect(text)
	if f == "" {
		return Parsed{}, &ParseError{Msg: "could not tell what kind of settings this is: paste an smtp:// URL, a .env block, or the code or config file that sets up sending mail"}
	}
	return ParseAs(text, f)
}

// ParseAs reads text as the given format, for when the person said which
// format it is.
func ParseAs(text string, f Format) (Parsed, error) {
	if err := checkInput(text); err != nil {
		return Parsed{}, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	s := lookup(f)
	if s == nil {
		return Parsed{}, &ParseError{Msg: "unknown format"}
	}
	var code *cfgCode
	var err error
	switch s.input {
	case cfgLinesEnv, cfgLinesPostfix:
		code, err = cfgLines(text, s.input)
	case cfgReadCode:
		code, err = cfgWalk(text)
	}
	var p Parsed
	if err == nil {
		err = s.read(&p, text, code)
	}
	if err != nil {
		return Parsed{}, err
	}
	p.Format = f
	return p, nil
}

func checkInput(text string) error {
	if len(text) > MaxInput {
		return &ParseError{Msg: "the text is longer than 64 KB; paste only the part that sets up sending mail"}
	}
	if trimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return &ParseError{Msg: "nothing to read: paste an smtp:// URL or your mail settings"}
	}
	return nil
}

// Detect says which format a text looks like, or "" when it looks like
// none of them: the format with the highest-scoring clue that holds.
func Detect(text string) Format {
	t := trimSpace(strings.TrimPrefix(text, "\ufeff"))
	if t == "" {
		return ""
	}
	var best Format
	score := 0
	for _, s := range registry {
		for _, c := range s.clues {
			if c.score > score && c.holds(t) {
				best, score = s.name, c.score
			}
		}
	}
	return best
}

// clue is one reason to think a text is in a format: the text contains
// one of the words of any (when any is given) and one of the words of and
// (when and is given), and test holds (when there is one).
type clue struct {
	score    int
	any, and []string
	test     func(t string) bool
}

func (c *clue) holds(t string) bool {
	return (c.any == nil || containsAny(t, c.any...)) &&
		(c.and == nil || containsAny(t, c.and...)) &&
		(c.test == nil || c.test(t))
}

// containsAny reports whether t contains one of subs.
func containsAny(t string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(s string) bool { return strings.Contains(t, s) })
}

// cfgHasLineKey reports whether some line starts with one of the keys
// followed by '='.
func cfgHasLineKey(t string, keys ...string) bool {
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		for _, k := range keys {
			if strings.HasPrefix(line, k) {
				rest := strings.TrimLeft(line[len(k):], " \t")
				if rest != "" && rest[0] == '=' {
					return true
				}
			}
		}
	}
	return false
}

// cfgHasLineWord reports whether some line starts with word and a space.
func cfgHasLineWord(t, word string) bool {
	for _, line := range strings.Split(t, "\n") {
		line = strings.TrimLeft(line, " \t")
		if n := len(word); len(line) > n && line[:n] == word && (line[n] == ' ' || line[n] == '\t') {
			return true
		}
	}
	return false
}
