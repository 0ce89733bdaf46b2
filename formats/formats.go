package formats

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// MaxInput is the largest text Parse and Rewrite read. Mail settings are a
// few lines; anything longer is a whole file pasted by mistake.
const MaxInput = 64 << 10

// Format names a configuration format or library's way of writing mail
// settings. The values are public API (JSON, wasm): never rename them. Each
// format's file declares its name.
type Format string

// A spec is everything this package knows about one format. Each format's
// file declares one as a package-level value (static data in the browser
// module, not code) and registers it from an init function, the way
// image/png registers itself with image.RegisterFormat; nothing outside
// that file needs to change to add a format.
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

// cluesByScore holds every registered clue, highest score first, so that
// the first one that holds names the format.
var cluesByScore []rankedClue

type rankedClue struct {
	*clue
	format Format
}

// register adds a format; it is called from init functions only.
func register(s spec) {
	if lookup(s.name) != nil {
		panic("formats: " + string(s.name) + " registered twice")
	}
	registry = append(registry, &s)
	for i := range s.clues {
		// In its place by score, after the clues that score as high.
		c := rankedClue{&s.clues[i], s.name}
		at := len(cluesByScore)
		for at > 0 && cluesByScore[at-1].score < c.score {
			at--
		}
		cluesByScore = append(cluesByScore, rankedClue{})
		copy(cluesByScore[at+1:], cluesByScore[at:])
		cluesByScore[at] = c
	}
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
// A text wrapped in Markdown, HTML, a heredoc or prose is read from inside
// its wrapper; when it holds several blocks, the first that holds mail
// settings is read and Parsed.Blocks lists them all.
func Parse(text string) (Parsed, error) {
	return ParseBlock(text, 0)
}

// ParseBlock is Parse for one block of a text that holds several
// (Parsed.Blocks lists them): block is 1-based; 0 picks the first block
// that holds mail settings.
func ParseBlock(text string, block int) (Parsed, error) {
	if err := checkInput(text); err != nil {
		return Parsed{}, err
	}
	_, _, p, err := pick(strings.TrimPrefix(text, "\ufeff"), block, "")
	return p, err
}

// ParseAs reads text as the given format, for when the person said which
// format it is.
func ParseAs(text string, f Format) (Parsed, error) {
	if err := checkInput(text); err != nil {
		return Parsed{}, err
	}
	if lookup(f) == nil {
		return Parsed{}, &ParseError{Msg: "unknown format"}
	}
	_, _, p, err := pick(strings.TrimPrefix(text, "\ufeff"), 0, f)
	return p, err
}

// pick unwraps text, chooses the block to read (block, or the first that
// holds mail settings when block is 0) and reads it as format f (or the
// format it looks like when f is ""). It returns the text as read (the
// same length as text, everything else blanked) and the format.
func pick(text string, block int, f Format) (string, Format, Parsed, error) {
	u := unwrap(text)
	if block < 0 || block > len(u.blocks) && len(u.blocks) > 1 {
		return "", "", Parsed{}, errNoBlock(block)
	}
	var first error
	if len(u.blocks) > 1 {
		lines := splitLines(u.text)
		for n, bl := range u.blocks {
			if block != 0 && n+1 != block {
				continue
			}
			// Try the block on its own (cheap: a page can hold hundreds),
			// then read the one picked in place, so offsets and line
			// numbers are those of the whole text.
			last := lines[bl.LastLine-1]
			start, end := lines[bl.FirstLine-1].start, last.start+len(last.text)
			g, p, err := readDetected(u.text[start:end], f, 0)
			if g == "" {
				continue
			}
			if err == nil && (block != 0 || p.Settings.Host != "" || p.Placeholder != "" || p.Settings.Port != 0) {
				t := blankOutside(u.text, start, end)
				if p, err = readAs(t, g, 0); err != nil {
					return "", "", Parsed{}, err
				}
				p.Blocks, p.Block, p.unwrapped = u.blocks, n+1, u.text
				p.note("the text holds " + strconv.Itoa(len(u.blocks)) + " blocks; this is block " + strconv.Itoa(n+1) +
					" (lines " + strconv.Itoa(bl.FirstLine) + "–" + strconv.Itoa(bl.LastLine) + "); pick another to read that one instead")
				return t, g, p, nil
			}
			if first == nil {
				first = err
			}
		}
		if block != 0 {
			// The block asked for, and no other.
			if first == nil {
				first = &ParseError{Msg: "block " + strconv.Itoa(block) + " holds nothing that reads as mail settings"}
			}
			return "", "", Parsed{}, first
		}
	}
	g, p, err := readDetected(u.text, f, block)
	if pe, ok := err.(*ParseError); ok && (pe.Msg == msgUnknownFormat || f == URL) && first == nil {
		// An SMTP URL in prose or in code of no known format (a PHP
		// array, a reStructuredText role): read the URL alone.
		if t, ok := onlyURL(u.text); ok {
			if g2, p2, err2 := readDetected(t, f, block); err2 == nil {
				p2.note("read the SMTP URL in the text alone; left out the text around it")
				return t, g2, p2, nil
			}
		}
	}
	if err != nil {
		if first != nil {
			err = first // the first block's error, for a page of blocks
		}
		return "", "", Parsed{}, err
	}
	if len(u.blocks) == 1 && p.Blocks == nil {
		p.Blocks, p.Block = u.blocks, 1
	}
	if u.how != "" {
		p.note("read from inside its wrapper; left out " + u.how)
	}
	return u.text, g, p, nil
}

// readDetected reads an unwrapped text as format f, or as the format it
// looks like when f is "", which it returns ("" when it looks like none).
// With one wrapper block or none, the block asked for is one of the
// format's own sections (an msmtp account), if it has any.
func readDetected(t string, f Format, block int) (Format, Parsed, error) {
	if f == "" {
		f = detectUnwrapped(t)
	}
	if f == "" {
		return "", Parsed{}, &ParseError{Msg: msgUnknownFormat}
	}
	p, err := readAs(t, f, block)
	if err == nil && block > 1 && p.Block != block {
		err = errNoBlock(block)
	}
	return f, p, err
}

// errNoBlock says that the text has no block number block.
func errNoBlock(block int) error {
	return &ParseError{Msg: "there is no block " + strconv.Itoa(block) + " in this text"}
}

// onlyURL blanks everything in text but its first SMTP URL (smtp://,
// smtps://, a provider scheme such as gmail://); ok is false when there is
// none.
func onlyURL(text string) (string, bool) {
	for pos := 0; ; {
		k := strings.Index(text[pos:], "://")
		if k < 0 {
			return "", false
		}
		k += pos
		pos = k + 3
		start := k
		for start > 0 && cfgIsSchemeChar(text[start-1]) {
			start--
		}
		if start == k || !cfgIsURLScheme(strings.ToLower(text[start:k])) {
			continue
		}
		end := pos
		for end < len(text) && !strings.ContainsRune(" \t\r\n\"'`<>()", rune(text[end])) {
			end++
		}
		return blankOutside(text, start, end), true
	}
}

func cfgIsSchemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// msgUnknownFormat is the error for a text in no format Parse knows.
const msgUnknownFormat = "could not tell what kind of settings this is: paste an smtp:// URL, a .env block, or the code or config file that sets up sending mail"

// blankOutside blanks every byte of text outside text[start:end], line
// breaks apart, so that offsets and line numbers stay those of text.
func blankOutside(text string, start, end int) string {
	b := []byte(text)
	for i := range b {
		if (i < start || i >= end) && b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}

// readAs reads an unwrapped text as format f; want is the section to
// read in a format that has several (Parsed.want).
func readAs(text string, f Format, want int) (Parsed, error) {
	s := lookup(f)
	var code *cfgCode
	var err error
	switch s.input {
	case cfgLinesEnv, cfgLinesPostfix, cfgLinesProperties, cfgLinesINI:
		code, err = cfgLines(text, s.input)
	case cfgReadCode:
		code, err = cfgWalk(text)
	}
	p := Parsed{want: want}
	if err == nil {
		err = s.read(&p, text, code)
		p.want = want
		// Nothing read, and a line was left out: that line is the one to fix.
		if pe, ok := err.(*ParseError); ok && pe.Line == 0 && code != nil && code.skipErr != nil {
			err = code.skipErr
		} else if ok && pe.Line == 0 && code == nil && s.input == 0 {
			// The reader lexed the text itself: a line it left out is
			// the one to fix.
			if _, lexErr := cfgLex(text); lexErr != nil {
				err = lexErr
			}
		}
	}
	if err != nil {
		return Parsed{}, err
	}
	p.Format = f
	if code != nil && len(code.skipped) > 0 {
		p.Skipped = code.skipped
	}
	if len(p.Skipped) > 0 {
		p.note("left out " + cfgLineList(p.Skipped) + ", which could not be read as settings")
	}
	markPlaceholder(&p)
	return p, nil
}

// cfgLineList says "line 3" or "lines 3, 5 and 9".
func cfgLineList(lines []int) string {
	if len(lines) == 1 {
		return "line " + strconv.Itoa(lines[0])
	}
	var b strings.Builder
	b.WriteString("lines ")
	for i, n := range lines {
		switch {
		case i == len(lines)-1:
			b.WriteString(" and ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

func checkInput(text string) error {
	if len(text) > MaxInput {
		return &ParseError{Msg: "the text is longer than 64 KB; paste only the part that sets up sending mail"}
	}
	if rules.TrimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return &ParseError{Msg: "nothing to read: paste an smtp:// URL or your mail settings"}
	}
	return nil
}

// Detect says which format a text looks like, or "" when it looks like
// none of them: the format with the highest-scoring clue that holds.
// Scores are distinct across formats, so no order of registration decides.
func Detect(text string) Format {
	return detectUnwrapped(unwrap(strings.TrimPrefix(text, "\ufeff")).text)
}

// detectUnwrapped is Detect for a text already unwrapped.
func detectUnwrapped(text string) Format {
	t := rules.TrimSpace(text)
	if t == "" {
		return ""
	}
	var pairs pairSet
	pairs.fill(t)
	for _, c := range cluesByScore {
		if c.score > 0 && c.holds(t, &pairs) {
			return c.format
		}
	}
	return ""
}

// pairSet is a hashed set of the byte pairs a text holds: a word with a
// pair the text lacks is not in it, which most clue words are not, so
// detection rarely has to search the text for them (a 64 KB paste is
// searched for over a hundred words).
type pairSet [64]uint64

func pairBit(a, b byte) (int, uint64) {
	h := (uint(a)<<5 ^ uint(b)) & 4095
	return int(h >> 6), 1 << (h & 63)
}

func (p *pairSet) fill(t string) {
	for i := 0; i+1 < len(t); i++ {
		w, bit := pairBit(t[i], t[i+1])
		p[w] |= bit
	}
}

// mayHold reports whether every byte pair of s is in the set.
func (p *pairSet) mayHold(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if w, bit := pairBit(s[i], s[i+1]); p[w]&bit == 0 {
			return false
		}
	}
	return true
}

// clue is one reason to think a text is in a format: the text contains
// one of the words of any (when any is given) and one of the words of and
// (when and is given), and test holds (when there is one).
type clue struct {
	score    int
	any, and []string
	test     func(t string) bool
}

func (c *clue) holds(t string, pairs *pairSet) bool {
	return (c.any == nil || pairs.containsAny(t, c.any)) &&
		(c.and == nil || pairs.containsAny(t, c.and)) &&
		(c.test == nil || c.test(t))
}

// containsAny is containsAny for the text the set was filled from.
func (p *pairSet) containsAny(t string, words []string) bool {
	for _, w := range words {
		if p.mayHold(w) && strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// containsAny reports whether t contains one of subs.
func containsAny(t string, subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// cfgHasLineKey reports whether some line starts with one of the keys
// followed by '='.
func cfgHasLineKey(t string, keys ...string) bool {
	for rest := t; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = rules.TrimSpace(line)
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
	for rest := t; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimLeft(line, " \t")
		if n := len(word); len(line) > n && line[:n] == word && (line[n] == ' ' || line[n] == '\t') {
			return true
		}
	}
	return false
}

// Explain is rules.Explain of the settings read, with the findings only
// the format shows (Parsed.Findings) among them, worst first.
func Explain(p Parsed) rules.Report {
	return rules.Explain(p.Settings).WithFindings(p.Findings)
}
