package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// People paste configuration the way they found it: inside a Markdown
// fence, an HTML <pre>, a shell heredoc, a reStructuredText literal block,
// between lines of prose, behind "docker run -e" or an Ansible/Jinja
// directive. unwrap finds the configuration inside such a wrapper and blanks
// out everything else: each byte that is not configuration becomes a space
// (line breaks stay), so every offset and line number still points into
// the text the person pasted, and Rewrite can edit that text in place.

// Block is one stretch of configuration found in a pasted text: a fenced
// code block, a heredoc, a <pre> element. Lines are 1-based and inclusive.
type Block struct {
	Name      string `json:"name"` // "```ini", "heredoc EOF", "<pre>", "::"
	FirstLine int    `json:"first_line"`
	LastLine  int    `json:"last_line"`
	// Format and Label say what the block holds, for a picker: "gmail:
	// smtp.gmail.com" (an msmtp account), a host, "no mail settings".
	// LabelBlocks fills them in for the blocks of a wrapper.
	Format Format `json:"format,omitempty"`
	Label  string `json:"label,omitempty"`
}

// textLine is one line of a text and where it starts.
type textLine struct {
	start int
	text  string // without the line break
}

func splitLines(text string) []textLine {
	out := make([]textLine, 0, strings.Count(text, "\n")+1)
	for pos := 0; pos <= len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text) - pos // the last line
		}
		out = append(out, textLine{pos, text[pos : pos+end]})
		pos += end + 1
	}
	return out
}

// unwrapped is a text with its wrappers blanked out.
type unwrapped struct {
	text   string  // same length as the input
	blocks []Block // the blocks found, in order; none when the text has no wrapper
	how    string  // what was taken away, for a note; "" when nothing
}

// unwrap blanks out the wrapper around the configuration in text.
func unwrap(text string) unwrapped {
	if !mayBeWrapped(text) {
		return unwrapped{text: text}
	}
	lines := splitLines(text)
	keep := make([]bool, len(lines))
	for i := range keep {
		keep[i] = true
	}
	b := []byte(text)
	blank := func(from, to int) {
		for i := from; i < to && i < len(b); i++ {
			if b[i] != '\n' && b[i] != '\r' {
				b[i] = ' '
			}
		}
	}
	var u unwrapped
	var blocks []Block
	switch {
	case fencedBlocks(lines, &blocks):
		u.how = "the text around the code blocks"
	case preBlocks(lines, &blocks, blank):
		u.how = "the HTML around the <pre> block"
	case literalBlocks(lines, &blocks):
		u.how = "the text around the literal blocks"
	}
	if blocks != nil {
		markBlocks(keep, blocks)
	}
	// A heredoc inside what is kept holds the configuration the script writes.
	var docs []Block
	if heredocBlocks(lines, keep, &docs) {
		markBlocks(keep, docs)
		blocks = docs
		u.how = strings.TrimPrefix(u.how+" and ", " and ") + "the shell script around the heredoc"
	}
	for i, l := range lines {
		if !keep[i] {
			blank(l.start, l.start+len(l.text))
			continue
		}
		if k := strings.Index(l.text, "\" >>"); k > 0 && strings.HasPrefix(strings.TrimLeft(l.text, " \t"), "echo \"") {
			blank(l.start+k, l.start+len(l.text)) // echo "key = value" >> main.cf
		}
		if erbTags(l.text, l.start, blank) && u.how == "" {
			u.how = "the template tags around the values"
		}
		if n := wrapperPrefix(l.text); n > 0 {
			blank(l.start, l.start+n)
			if u.how == "" {
				u.how = "the shell and template lines around the settings"
			}
			if q := strings.TrimRight(l.text, " \t\r"); len(q) > n && (q[len(q)-1] == '"' || q[len(q)-1] == '\'') && strings.Count(l.text[n:], q[len(q)-1:]) == 1 {
				blank(l.start+len(q)-1, l.start+len(q))
			}
		}
	}
	if len(blocks) > 0 {
		u.blocks = blocks
	}
	u.text = string(b)
	return u
}

// mayBeWrapped reports whether text holds one of the marks some wrapper
// needs (a fence, "<pre", "::", "<<", a template or shell line): most
// pastes hold none, and unwrap then leaves them as they are without
// splitting them into lines.
func mayBeWrapped(text string) bool {
	return containsAny(text, wrapperMarks...) || indexFold(text, "<pre") >= 0
}

// wrapperMarks are the strings unwrap looks for, apart from "<pre" (in any
// case): fences, reStructuredText ("::", ".. code"), heredocs, template
// directives, "docker run -e", "--env" and echo lines.
var wrapperMarks = []string{"```", "~~~", "::", ".. code", "<<", "{%", "{{-", "{{/*", "-e ", "--env ", "echo ", "<%"}

// indexFold is strings.Index for a sub that starts with a byte other than
// a letter, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], sub[0])
		if k < 0 {
			return -1
		}
		i += k
		if i+len(sub) > len(s) {
			return -1
		}
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
}

// addBlock appends the block named name of lines first to last (1-based).
func addBlock(out *[]Block, name string, first, last int) {
	*out = append(*out, Block{Name: name, FirstLine: first, LastLine: last})
}

// markBlocks keeps the lines of blocks and no others.
func markBlocks(keep []bool, blocks []Block) {
	for i := range keep {
		keep[i] = false
	}
	for _, bl := range blocks {
		for n := bl.FirstLine; n <= bl.LastLine; n++ {
			keep[n-1] = true
		}
	}
}

// fencedBlocks finds Markdown fences (``` or ~~~): the lines between an
// opening and a closing fence.
func fencedBlocks(lines []textLine, out *[]Block) bool {
	open := -1
	info := ""
	for i, l := range lines {
		t := rules.TrimSpace(l.text)
		if !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") {
			continue
		}
		if open < 0 {
			open, info = i, t
			continue
		}
		if i > open+1 {
			addBlock(out, info, open+2, i)
		}
		open = -1
	}
	return len(*out) > 0
}

// preBlocks finds HTML <pre> (or <code>) elements and blanks their tags.
func preBlocks(lines []textLine, out *[]Block, blank func(int, int)) bool {
	first := -1
	for i, l := range lines {
		from := 0 // where "</pre>" may start
		if first < 0 {
			if k := indexFold(l.text, "<pre"); k >= 0 {
				if e := strings.IndexByte(l.text[k:], '>'); e > 0 {
					blank(l.start, l.start+k+e+1)
					first = i
					from = k + e + 1
				}
			}
		}
		if first >= 0 {
			if k := indexFold(l.text[from:], "</pre>"); k >= 0 {
				blank(l.start+from+k, l.start+len(l.text))
				addBlock(out, "<pre>", first+1, i+1)
				first = -1
			}
		}
	}
	return len(*out) > 0
}

// literalBlocks finds reStructuredText literal blocks: a line ending in
// "::" (or a ".. code-block::" directive), then lines indented deeper.
func literalBlocks(lines []textLine, out *[]Block) bool {
	for i := 0; i < len(lines); i++ {
		t := strings.TrimRight(lines[i].text, " \t\r")
		if !strings.HasSuffix(t, "::") && !strings.HasPrefix(rules.TrimSpace(t), ".. code") {
			continue
		}
		indent := len(t) - len(strings.TrimLeft(t, " \t"))
		j := i + 1
		last := -1
		for ; j < len(lines); j++ {
			l := strings.TrimRight(lines[j].text, " \t\r")
			if l == "" {
				continue
			}
			body := strings.TrimLeft(l, " \t")
			if in := len(l) - len(body); in <= indent || body[0] == ':' && last < 0 {
				if in <= indent {
					break
				}
				continue // a directive option such as ":caption:"
			}
			last = j
		}
		if last > i {
			addBlock(out, "::", i+2, last+1)
			i = last
		}
	}
	return len(*out) > 0
}

// heredocBlocks finds shell heredocs (cat <<EOF > file ... EOF) among the
// kept lines.
func heredocBlocks(lines []textLine, keep []bool, out *[]Block) bool {
	for i := 0; i < len(lines); i++ {
		if !keep[i] {
			continue
		}
		word := heredocWord(lines[i].text)
		if word == "" {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if rules.TrimSpace(lines[j].text) == word {
				if j > i+1 {
					addBlock(out, "heredoc "+word, i+2, j)
				}
				i = j
				break
			}
		}
	}
	return len(*out) > 0
}

// heredocWord returns the delimiter of a "<<WORD", "<< 'WORD'" or "<<-WORD"
// on a shell line, or "".
func heredocWord(line string) string {
	k := strings.Index(line, "<<")
	if k < 0 || strings.HasPrefix(line[k:], "<<<") {
		return ""
	}
	rest := strings.TrimLeft(line[k+2:], "-~ \t")
	rest = strings.TrimLeft(rest, "'\"")
	n := 0
	for n < len(rest) && (rest[n] == '_' || rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	if n == 0 {
		return ""
	}
	return rest[:n]
}

// erbTags blanks the ERB tags of a line (a Rails YAML file such as
// config/email.yml): "<%= ENV.fetch('SMTP_PORT', 25) %>" reads as the
// Ruby expression inside, and a line that is only a "<% ... %>" statement
// goes entirely. It reports whether it blanked anything.
func erbTags(line string, start int, blank func(int, int)) bool {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "<%") && !strings.HasPrefix(t, "<%=") && strings.HasSuffix(t, "%>") {
		blank(start, start+len(line))
		return true
	}
	found := false
	for pos := 0; ; {
		k := strings.Index(line[pos:], "<%=")
		if k < 0 {
			return found
		}
		k += pos
		e := strings.Index(line[k:], "%>")
		if e < 0 {
			return found
		}
		e += k
		open := 3
		if strings.HasPrefix(line[k:], "<%=-") {
			open = 4
		}
		close := e
		if close > k && line[close-1] == '-' {
			close-- // -%>
		}
		blank(start+k, start+k+open)
		blank(start+close, start+e+2)
		found = true
		pos = e + 2
	}
}

// wrapperPrefix returns how many bytes at the start of a line are a
// wrapper rather than configuration: a whole template directive line
// ({% ... %}), a Pygments marker (:::ini), "docker run -e", or a shell
// echo writing the line into a file.
func wrapperPrefix(line string) int {
	t := strings.TrimLeft(line, " \t")
	lead := len(line) - len(t)
	tt := strings.TrimRight(t, " \t\r")
	switch {
	case strings.HasPrefix(tt, "{%") && strings.HasSuffix(tt, "%}"),
		strings.HasPrefix(tt, "{{-") || strings.HasPrefix(tt, "{{/*"),
		strings.HasPrefix(tt, ":::") && !strings.Contains(tt, " "):
		return len(line)
	case strings.HasPrefix(tt, "-e ") || strings.HasPrefix(tt, "--env "):
		n := strings.IndexByte(tt, ' ') + 1
		for n < len(tt) && tt[n] == ' ' {
			n++
		}
		if n < len(tt) && (tt[n] == '"' || tt[n] == '\'') {
			n++
		}
		return lead + n
	case strings.HasPrefix(tt, "echo \"") || strings.HasPrefix(tt, "echo '"):
		if strings.Contains(tt, ">>") || strings.Contains(tt, "> /") {
			return lead + len("echo \"")
		}
	}
	return 0
}
