package formats

// This file holds the small tokenizer shared by every code-like format Parse
// reads (JavaScript and JSON objects, Python, PHP, Ruby, C#, Java). It knows
// just enough of each language to find "key = value", "key: value",
// "key => value" and "name(arg, arg)" with the byte span of every value, so
// that Rewrite can replace a value in place and leave everything else alone.
//
// The cfg prefix of the reading helpers dates from when they shared package
// rules with the explainer.

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whichport/whichport/rules"
)

type cfgTokKind uint8

const (
	cfgTokIdent  cfgTokKind = iota + 1 // name, keyword, $variable
	cfgTokString                       // any quoted string; text is the decoded content
	cfgTokNumber
	cfgTokSymbol // Ruby :symbol; text is the name without the colon
	cfgTokPunct
)

type cfgToken struct {
	kind       cfgTokKind
	text       string
	start, end int // byte span in the input, quotes included
	line       int // 1-based
	quote      byte
}

// cfgMaxDepth bounds bracket nesting so hostile input cannot make the walker
// keep an ever-growing stack.
const cfgMaxDepth = 64

// cfgCharClass classes every byte: 1 starts an identifier, 2 continues
// one, 4 is a key character (cfgIsKeyChar), 8 opens a bracket, 16 closes
// one, 32 is ',' or ';'. Indexing it is cheaper in the browser module
// than a call.
const cfgCharClass = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x03\x00\x00\x00\x08\x10\x00\x00\x20\x04\x04\x00\x06\x06\x06\x06\x06\x06\x06\x06\x06\x06\x00\x20\x00\x00\x00\x00" +
	"\x03\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x08\x00\x10\x00\x07" +
	"\x00\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x07\x08\x00\x10\x00\x00" +
	"\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03" +
	"\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03" +
	"\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03" +
	"\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03"

func cfgIsIdentChar(c byte) bool { return cfgCharClass[c]&2 != 0 }

func cfgIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// cfgLex splits code into tokens, skipping comments. It fails only on a
// string or block comment that is never closed.
func cfgLex(src string) ([]cfgToken, error) {
	toks := make([]cfgToken, 0, min(len(src)/6+8, 2048)) // about a token per 6 bytes of code
	line := 1
	i := 0
	n := len(src)
	for i < n {
		c := src[i]
		// Each case below either skips (continue) or sets the token's kind
		// and end j, or strAt: where a string's opening quote is.
		kind := cfgTokPunct
		j := i + 1
		from := i // where the token's text starts
		strAt := -1
		raw := false
		switch {
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '/' && i+1 < n && src[i+1] == '/', c == '#':
			for i < n && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, &ParseError{Line: line, Msg: "a /* comment starts here and is never closed"}
			}
			line += strings.Count(src[i:i+2+end+2], "\n")
			i += 2 + end + 2
			continue
		case c == '"' || c == '\'' || c == '`':
			strAt = i
		case c == '@' && i+1 < n && src[i+1] == '"':
			// C# verbatim string: no escapes, "" is a quote.
			strAt, raw = i+1, true
		case cfgIsDigit(c):
			j = i
			for j < n && (cfgCharClass[src[j]]&2 != 0 || src[j] == '.') {
				j++
			}
			kind = cfgTokNumber
		case cfgCharClass[c]&1 != 0:
			for j < n && cfgCharClass[src[j]]&2 != 0 {
				j++
			}
			kind = cfgTokIdent
			if word := src[i:j]; j < n && (src[j] == '"' || src[j] == '\'') && cfgIsStringPrefix(word) {
				strAt, raw = j, strings.ContainsAny(word, "rR@")
			}
		case c == ':' && i+1 < n && src[i+1] == ':':
			j = i + 2
		case c == ':' && i+1 < n && cfgCharClass[src[i+1]]&1 != 0 && src[i+1] != '$' && (i == 0 || cfgCharClass[src[i-1]]&2 == 0 && src[i-1] != '"' && src[i-1] != '\'' && src[i-1] != ')' && src[i-1] != ']'):
			for j < n && cfgCharClass[src[j]]&2 != 0 {
				j++
			}
			kind, from = cfgTokSymbol, i+1
		default:
			w := 1
			if i+2 < n && (src[i:i+3] == "===" || src[i:i+3] == "!==") {
				w = 3
			} else if i+1 < n {
				// The two-character operators, two bytes each.
				const ops = "->=>?.==!=<=>=+=-=*=/=|=&=||&&??:="
				for k := 0; k < len(ops); k += 2 {
					if ops[k] == c && ops[k+1] == src[i+1] {
						w = 2
					}
				}
			}
			if c >= 0x80 {
				_, w = utf8.DecodeRuneInString(src[i:])
			}
			j = i + w
		}
		t := cfgToken{kind: kind, text: src[from:j], start: i, end: j, line: line}
		if strAt >= 0 {
			var lines int
			var err error
			t, j, lines, err = cfgLexString(src, i, strAt, line, raw)
			if err != nil {
				return nil, err
			}
			line += lines
		}
		toks = append(toks, t)
		i = j
	}
	return toks, nil
}

// cfgIsStringPrefix reports whether w, just before a quote, makes it a
// prefixed string: Python's r"…", b"…", f"…", C#'s @"…" and $"…".
func cfgIsStringPrefix(w string) bool {
	return slices.Contains(cfgStringPrefixes, strings.ToLower(w))
}

var cfgStringPrefixes = []string{"r", "b", "u", "f", "rb", "br", "fr", "rf", "$", "@", "$@", "@$"}

// cfgLexString reads the string whose opening quote is at q (the token
// starts at start, which is before q when there is a prefix such as r or @).
// It returns the token, the index after it and the number of newlines inside.
func cfgLexString(src string, start, q, line int, raw bool) (cfgToken, int, int, error) {
	quote := src[q]
	n := len(src)
	triple := quote != '`' && q+2 < n && src[q+1] == quote && src[q+2] == quote
	i := q + 1
	closeLen := 1
	if triple {
		i = q + 3
		closeLen = 3
	}
	var b []byte
	lines := 0
	for {
		if i >= n {
			return cfgToken{}, 0, 0, &ParseError{Line: line, Msg: cfgMsgOpenQuote}
		}
		c := src[i]
		if c == quote {
			if triple {
				if i+2 < n && src[i+1] == quote && src[i+2] == quote {
					break
				}
			} else if raw && src[start] == '@' && i+1 < n && src[i+1] == quote {
				i++ // "" is one quote, appended below
			} else {
				break
			}
		}
		if c == '\n' {
			lines++
		}
		if c == '\\' && !raw && i+1 < n {
			// An escape: i moves to the escaped byte, which the append
			// below writes (decoded), or to the last of its hex digits.
			i++
			c = src[i]
			switch c {
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			case 'r':
				c = '\r'
			case '0':
				c = 0
			case 'u':
				if i+5 <= n {
					if v, err := strconv.ParseUint(src[i+1:i+5], 16, 64); err == nil {
						b = utf8.AppendRune(b, rune(v))
						i += 5
						continue
					}
				}
			case 'x':
				if i+3 <= n {
					if v, err := strconv.ParseUint(src[i+1:i+3], 16, 64); err == nil {
						c = byte(v)
						i += 2
					}
				}
			case '\n':
				lines++ // a line continued inside the string
				i++
				continue
			}
		}
		b = append(b, c)
		i++
	}
	end := i + closeLen
	return cfgToken{kind: cfgTokString, text: string(b), start: start, end: end, line: line, quote: quote}, end, lines, nil
}

// cfgValKind says what a value is.
type cfgValKind uint8

const (
	cfgValString cfgValKind = iota + 1
	cfgValNumber
	cfgValBool
	cfgValNull
	cfgValName   // an identifier or a class constant (Class::NAME)
	cfgValExpr   // anything else: process.env.X, a call, a sum...
	cfgValObject // { ... }
	cfgValList   // [ ... ]
	cfgValCall   // name(...): calls[call]
)

// cfgValue is one value read from the text.
type cfgValue struct {
	kind       cfgValKind
	text       string // decoded string, number, identifier (qualified, joined with '.'), or source of an expression
	start, end int    // span in the input, quotes included
	quote      byte
	line       int
	call       int    // index in cfgCode.calls for cfgValCall
	source     string // the call's source text, for cfgValCall
	// fallback is the literal default inside an expression such as
	// process.env.SMTP_HOST || 'smtp.example.com' or env('MAIL_HOST', 'x').
	fallback *cfgValue
}

// isTrue reports whether a value reads as "yes" in any of the languages.
func (v cfgValue) isTrue() bool {
	t := strings.ToLower(rules.TrimSpace(v.text))
	return t == "y" || slices.Contains(cfgYesWords, t)
}

func (v cfgValue) isFalse() bool {
	t := strings.ToLower(rules.TrimSpace(v.text))
	return t == "n" || t == "" || slices.Contains(cfgNoWords, t)
}

// literal returns the value itself when it is a literal, else its
// fallback, else nil.
func (v *cfgValue) literal() *cfgValue {
	if v == nil {
		return nil
	}
	switch v.kind {
	case cfgValString, cfgValNumber, cfgValBool, cfgValName:
		return v
	case cfgValExpr, cfgValCall:
		return v.fallback
	}
	return nil
}

// cfgEntry is one "key <sep> value" pair.
type cfgEntry struct {
	key       string // as written, qualified names joined with '.', quotes removed
	parent    string // key of the enclosing object literal; "" at top level
	object    int    // index in cfgCode.objects of the enclosing object, -1 if none
	call      int    // index of the enclosing call, -1 if none
	val       cfgValue
	sep       string // ":", "=", "=>", "put"
	start     int    // where the entry starts (its key), to insert before it
	line      int
	quotedKey byte   // quote of the key when written as a string
	symbolKey bool   // Ruby :key => value
	shorthand bool   // JavaScript { host } meaning { host: host }
	path      string // YAML: the whole dotted key
}

// cfgCall is one call name(args).
type cfgCall struct {
	name        string // qualified, joined with '.'
	args        []cfgValue
	start, open int // name start, "(" position
	close       int // ")" position, -1 if never closed
	line        int
}

// cfgObject is one {...} literal.
type cfgObject struct {
	key         string // key it is the value of, "" for an anonymous object
	open, close int
	call        int // enclosing call, -1 if none
}

// cfgCode is everything the walker found in a code-like text.
type cfgCode struct {
	src     string
	skipped []int       // 1-based lines a line reader could not read and left out
	skipErr *ParseError // why the first of them could not be read
	entries []cfgEntry
	calls   []cfgCall
	objects []cfgObject
}

type cfgFrame struct {
	open byte // '{', '(' or '['

	key      string
	call     int // call this "(" belongs to; -1 otherwise
	object   int // object this "{" is; -1 otherwise
	argStart bool
}

// add appends an entry.
func (c *cfgCode) add(e *cfgEntry) {
	c.entries = append(c.entries, *e)
}

// cfgWalk finds entries and calls in code.
func cfgWalk(src string) (*cfgCode, error) {
	toks, err := cfgLex(src)
	// A line damaged in the source ($mail->SMTPAuth';) opens a quote that
	// nothing closes: leave that line out and read the rest, a few times
	// at most. The first error stays, for when nothing else can be read.
	var skipped []int
	var first *ParseError
	lexed := src
	for tries := 0; err != nil && tries < 4; tries++ {
		pe, ok := err.(*ParseError)
		if !ok || pe.Line < 1 || pe.Msg != cfgMsgOpenQuote {
			break
		}
		if first == nil {
			first = pe
		}
		skipped = append(skipped, pe.Line)
		lexed = blankLine(lexed, pe.Line)
		toks, err = cfgLex(lexed)
	}
	if err != nil {
		if first != nil {
			err = first // the first line left out, for when nothing else can be read
		}
		return nil, err
	}
	code := &cfgCode{src: src, skipped: skipped, skipErr: first, entries: make([]cfgEntry, 0, min(len(toks)/4+4, 256))}
	w := &cfgWalker{src: src, toks: toks, code: code}
	if err := w.run(); err != nil {
		return nil, err
	}
	return w.code, nil
}

// cfgMsgOpenQuote is the lexer's error for a quote nothing closes.
const cfgMsgOpenQuote = "a quoted string starts here and is never closed"

// blankLine returns text with line n (1-based) made spaces, so every
// other offset stays the same.
func blankLine(text string, n int) string {
	start := 0
	for ; n > 1; n-- {
		k := strings.IndexByte(text[start:], '\n')
		if k < 0 {
			return text
		}
		start += k + 1
	}
	end := strings.IndexByte(text[start:], '\n')
	if end < 0 {
		end = len(text) - start
	}
	return text[:start] + strings.Repeat(" ", end) + text[start+end:]
}

type cfgWalker struct {
	src        string
	toks       []cfgToken
	code       *cfgCode
	stack      []cfgFrame
	pendingKey string
	hasPending bool
}

func (w *cfgWalker) tok(i int) cfgToken {
	if i < 0 || i >= len(w.toks) {
		return cfgToken{}
	}
	return w.toks[i]
}

func (w *cfgWalker) isPunct(i int, s string) bool {
	t := w.tok(i)
	return t.kind == cfgTokPunct && t.text == s
}

// name reads a qualified name a.b->c::d starting at i. It returns the name
// joined with '.', and the index after it; ok is false when i is not a name.
func (w *cfgWalker) name(i int) (string, int, bool) {
	t := w.tok(i)
	if t.kind != cfgTokIdent {
		return "", i, false
	}
	var b strings.Builder
	b.WriteString(t.text)
	j := i + 1
	for {
		p, n := w.tok(j), w.tok(j+1)
		if p.kind == cfgTokPunct && slices.Contains(cfgNameJoins, p.text) && n.kind == cfgTokIdent {
			b.WriteByte('.')
			b.WriteString(n.text)
			j += 2
			continue
		}
		break
	}
	return b.String(), j, true
}

func (w *cfgWalker) top() *cfgFrame {
	if len(w.stack) == 0 {
		return nil
	}
	return &w.stack[len(w.stack)-1]
}

// callFrame returns the innermost frame when it is a call's "(", else nil.
func (w *cfgWalker) callFrame() *cfgFrame {
	if f := w.top(); f != nil && f.open == '(' {
		return f
	}
	return nil
}

// context returns the enclosing object's key and index and the enclosing call.
func (w *cfgWalker) context() (parent string, object, call int) {
	object, call = -1, -1
	for k := len(w.stack) - 1; k >= 0; k-- {
		f := w.stack[k]
		if f.open == '{' && object < 0 && call < 0 {
			object = f.object
			parent = f.key
		}
		if f.open == '(' && call < 0 {
			call = f.call
		}
	}
	return parent, object, call
}

func (w *cfgWalker) push(f cfgFrame, line int) error {
	if len(w.stack) >= cfgMaxDepth {
		return &ParseError{Line: line, Msg: "brackets are nested too deeply to read"}
	}
	w.stack = append(w.stack, f)
	return nil
}

func (w *cfgWalker) run() error {
	i := 0
	for i < len(w.toks) {
		t := w.toks[i]
		if t.kind == cfgTokPunct {
			switch {
			case len(t.text) == 1 && cfgCharClass[t.text[0]]&8 != 0:
				f := cfgFrame{open: t.text[0], call: -1, object: -1}
				if w.hasPending {
					f.key = w.pendingKey
					w.hasPending = false
				}
				if c := w.callFrame(); c != nil {
					c.argStart = false
				}
				if t.text == "{" {
					_, _, call := w.context()
					f.object = len(w.code.objects)
					w.code.objects = append(w.code.objects, cfgObject{key: f.key, open: t.start, close: -1, call: call})
				}
				if err := w.push(f, t.line); err != nil {
					return err
				}
				i++
				continue
			case len(t.text) == 1 && cfgCharClass[t.text[0]]&16 != 0:
				w.pop(t)
				w.hasPending = false
				i++
				continue
			case t.text == ",":
				if c := w.callFrame(); c != nil {
					c.argStart = true
				}
				i++
				continue
			}
		}
		if w.shorthandAt(i) {
			i++
			continue
		}
		next, handled, err := w.entryAt(i)
		if err != nil {
			return err
		}
		if handled {
			i = next
			continue
		}
		if c := w.callFrame(); c != nil && c.argStart && c.call >= 0 {
			c.argStart = false
			call := c.call
			v, next, err := w.value(i, "")
			if err != nil {
				return err
			}
			w.code.calls[call].args = append(w.code.calls[call].args, v)
			i = next
			continue
		}
		if _, after, ok := w.name(i); ok && w.isPunct(after, "(") {
			next, err := w.startCall(i)
			if err != nil {
				return err
			}
			i = next
			continue
		}
		i++
	}
	w.putCalls()
	return nil
}

func (w *cfgWalker) pop(t cfgToken) {
	want := byte('{')
	switch t.text[0] {
	case ')':
		want = '('
	case ']':
		want = '['
	}
	for k := len(w.stack) - 1; k >= 0; k-- {
		if w.stack[k].open != want {
			continue
		}
		f := w.stack[k]
		if f.object >= 0 {
			w.code.objects[f.object].close = t.start
		}
		if f.call >= 0 {
			w.code.calls[f.call].close = t.start
		}
		w.stack = w.stack[:k]
		return
	}
}

// startCall records the call whose name starts at token i and pushes the
// frame of its "(". It returns the index after the "(".
func (w *cfgWalker) startCall(i int) (int, error) {
	name, after, _ := w.name(i)
	t := w.tok(i)
	if c := w.callFrame(); c != nil {
		c.argStart = false
	}
	idx := len(w.code.calls)
	w.code.calls = append(w.code.calls, cfgCall{name: name, start: t.start, open: w.tok(after).start, close: -1, line: t.line})
	w.hasPending = false
	if err := w.push(cfgFrame{open: '(', call: idx, object: -1, argStart: true}, t.line); err != nil {
		return 0, err
	}
	return after + 1, nil
}

// entryAt reads "key sep value" at token i, if there is one.
func (w *cfgWalker) entryAt(i int) (int, bool, error) {
	t := w.tok(i)
	var key string
	var after int
	e := cfgEntry{start: t.start, line: t.line}
	switch t.kind {
	case cfgTokIdent:
		name, j, _ := w.name(i)
		key, after = name, j
		// props["some.key"] = value
		if w.isPunct(j, "[") && w.tok(j+1).kind == cfgTokString && w.isPunct(j+2, "]") && w.isPunct(j+3, "=") {
			key, after = w.tok(j+1).text, j+3
		}
		if slices.Contains(cfgKeywords, key) {
			return 0, false, nil
		}
	case cfgTokString:
		key, after = t.text, i+1
		e.quotedKey = t.quote
	case cfgTokSymbol:
		key, after = t.text, i+1
		e.symbolKey = true
	default:
		return 0, false, nil
	}
	sep := w.tok(after)
	if sep.kind != cfgTokPunct {
		return 0, false, nil
	}
	switch {
	case sep.text == ":":
		if t.kind == cfgTokSymbol {
			return 0, false, nil
		}
		// Python blocks (else:, with ... as s:) end a line with ':'.
		if v := w.tok(after + 1); v.line != sep.line || v.kind == 0 {
			return 0, false, nil
		}
	case sep.text == "=":
		if t.kind == cfgTokString && e.quotedKey != 0 {
			return 0, false, nil
		}
	case sep.text == "=>" || sep.text == ":=":
	default:
		return 0, false, nil
	}
	e.key = key
	e.sep = sep.text
	e.parent, e.object, e.call = w.context()
	v, next, err := w.value(after+1, key)
	if err != nil {
		return 0, false, err
	}
	e.val = v
	w.code.add(&e)
	return next, true, nil
}

// value reads the value at token i. Objects, lists and calls are not
// consumed: the index returned points into them so the walker visits
// their insides. key names the entry the value belongs to ("" for an
// argument), for the object it opens.
func (w *cfgWalker) value(i int, key string) (cfgValue, int, error) {
	t := w.tok(i)
	if t.kind == cfgTokIdent && (t.text == "new" || t.text == "await") && w.tok(i+1).kind == cfgTokIdent {
		i++
		t = w.tok(i)
	}
	v := cfgValue{start: t.start, end: t.end, line: t.line, call: -1}
	var next, end int
	switch t.kind {
	case 0:
		v.kind = cfgValExpr
		v.start, v.end = len(w.src), len(w.src)
		return v, i, nil
	case cfgTokPunct:
		if t.text == "{" || t.text == "[" {
			v.kind = cfgValObject
			if t.text == "[" {
				v.kind = cfgValList
			}
			next = i
			goto pending
		}
	case cfgTokIdent:
		name, after, _ := w.name(i)
		if w.isPunct(after, "(") {
			closeIdx := w.matching(after)
			if closeIdx >= 0 && w.terminates(closeIdx+1, w.tok(closeIdx).line) {
				v.kind = cfgValCall
				v.text = name
				v.end = w.tok(closeIdx).end
				v.source = w.src[v.start:v.end]
				v.call = len(w.code.calls)
				if cfgReadsConfig(name) {
					v.fallback = w.fallback(after+1, closeIdx)
				}
				next, err := w.startCall(i)
				return v, next, err
			}
			break
		}
		if w.isPunct(after, "{") {
			// new SmtpClient { Host = "..." }
			v.kind = cfgValObject
			v.text = name
			next = after
			goto pending
		}
		if w.terminates(after, w.tok(after-1).line) {
			v.end = w.tok(after - 1).end
			v.text = name
			v.kind = cfgValName
			if low := strings.ToLower(name); low == "true" || low == "false" {
				v.kind = cfgValBool
			} else if slices.Contains(cfgNullWords, low) {
				v.kind = cfgValNull
			}
			return v, after, nil
		}
	case cfgTokString, cfgTokNumber, cfgTokSymbol:
		if w.terminates(i+1, t.line) {
			v.text = t.text
			v.quote = t.quote
			switch t.kind {
			case cfgTokString:
				v.kind = cfgValString
			case cfgTokNumber:
				v.kind = cfgValNumber
			default:
				v.kind = cfgValName
			}
			return v, i + 1, nil
		}
	}
	// An expression: read to the end of it.
	end = w.exprEnd(i)
	v.kind = cfgValExpr
	if end > i {
		v.end = w.tok(end - 1).end
	}
	v.text = w.src[v.start:v.end]
	v.fallback = w.fallback(i, end)
	// Walk on inside the expression: it may hold calls such as
	// new PasswordAuthentication(user, password) or an object literal.
	return v, i + 1, nil
pending: // an object or list: the walker reads its entries for key
	w.pendingKey, w.hasPending = key, true
	return v, next, nil
}

// terminates reports whether the token at i ends a value that ended on line.
func (w *cfgWalker) terminates(i, line int) bool {
	t := w.tok(i)
	if t.kind == 0 {
		return true
	}
	if t.line > line {
		return true
	}
	if t.kind == cfgTokPunct {
		switch {
		case len(t.text) == 1 && cfgCharClass[t.text[0]]&48 != 0:
			return true
		}
	}
	// "localhost"   port = 587: a literal followed by "name =" on the same
	// line ends there (two statements run together, no language joins them).
	if p, n := w.tok(i-1), w.tok(i+1); t.kind == cfgTokIdent && (p.kind == cfgTokString || p.kind == cfgTokNumber) &&
		n.kind == cfgTokPunct && n.text == "=" {
		return true
	}
	return false
}

// matching returns the index of the bracket closing the one at i, or -1.
func (w *cfgWalker) matching(i int) int {
	depth := 0
	for j := i; j < len(w.toks); j++ {
		t := w.toks[j]
		if t.kind != cfgTokPunct {
			continue
		}
		switch {
		case len(t.text) == 1 && cfgCharClass[t.text[0]]&8 != 0:
			depth++
		case len(t.text) == 1 && cfgCharClass[t.text[0]]&16 != 0:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// exprEnd returns the index after the expression starting at i.
func (w *cfgWalker) exprEnd(i int) int {
	depth := 0
	j := i
	for j < len(w.toks) {
		t := w.toks[j]
		if j > i && depth == 0 {
			prev := w.toks[j-1]
			if t.line > prev.line && !(prev.kind == cfgTokPunct && !(len(prev.text) == 1 && cfgCharClass[prev.text[0]]&16 != 0)) {
				return j
			}
		}
		if t.kind == cfgTokPunct {
			switch {
			case len(t.text) == 1 && cfgCharClass[t.text[0]]&8 != 0:
				depth++
			case len(t.text) == 1 && cfgCharClass[t.text[0]]&16 != 0:
				if depth == 0 {
					return j
				}
				depth--
			case len(t.text) == 1 && cfgCharClass[t.text[0]]&32 != 0:
				if depth == 0 {
					return j
				}
			}
		}
		j++
	}
	return j
}

// fallback finds the literal default in tokens [i, end): the last literal
// that follows ",", "||", "??", "or" or ":".
func (w *cfgWalker) fallback(i, end int) *cfgValue {
	var found *cfgValue
	for j := i + 1; j < end && j < len(w.toks); j++ {
		t := w.toks[j]
		if t.kind != cfgTokString && t.kind != cfgTokNumber && !(t.kind == cfgTokIdent && slices.Contains(cfgBoolWords, t.text)) {
			continue
		}
		p := w.toks[j-1]
		if !(p.kind == cfgTokPunct && slices.Contains(cfgFallbackOps, p.text)) && !(p.kind == cfgTokIdent && p.text == "or") {
			continue
		}
		v := &cfgValue{text: t.text, start: t.start, end: t.end, quote: t.quote, line: t.line, call: -1}
		switch t.kind {
		case cfgTokString:
			v.kind = cfgValString
		case cfgTokNumber:
			v.kind = cfgValNumber
		default:
			v.kind = cfgValBool
		}
		found = v
	}
	return found
}

// putCalls turns props.put("some.key", "x") and
// props.setProperty(...) into entries.
func (w *cfgWalker) putCalls() {
	for ci, c := range w.code.calls {
		last := c.name
		if k := strings.LastIndexByte(last, '.'); k >= 0 {
			last = last[k+1:]
		}
		if !slices.Contains(cfgPutCalls, last) {
			continue
		}
		if len(c.args) < 2 || c.args[0].kind != cfgValString {
			continue
		}
		w.code.add(&cfgEntry{
			key: c.args[0].text, object: -1, call: ci, val: c.args[1], sep: "put",
			start: c.start, line: c.line, quotedKey: c.args[0].quote,
		})
	}
}

// cfgReadsConfig reports whether a call reads a setting with a default,
// such as env("X", "default") or os.getenv("X", 587): only then is its last
// literal argument a fallback value.
func cfgReadsConfig(name string) bool {
	last := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
	return slices.Contains(cfgConfigReaders, last)
}

// The words the walker knows, by what they are.
var (
	// cfgNameJoins join the parts of a qualified name: a.b->c::d?.e.
	cfgNameJoins = []string{".", "->", "::", "?."}
	// cfgKeywords start a statement, never a "key = value" entry.
	cfgKeywords = []string{"return", "if", "else", "elif", "case", "default", "try", "finally"}
	// cfgNullWords are the languages' words for no value, lower case.
	cfgNullWords = []string{"null", "none", "nil", "undefined"}
	// cfgBoolWords are the literal booleans of the languages.
	cfgBoolWords = []string{"true", "false", "True", "False"}
	// cfgFallbackOps come before a default value: x || 'd', env('X', 'd').
	cfgFallbackOps = []string{",", "||", "??", ":", "="}
	// cfgPutCalls set one key of a map or properties: props.put("k", v).
	cfgPutCalls = []string{"put", "setProperty", "Add", "set", "define"}
	// cfgConfigReaders read a setting with a default (cfgReadsConfig),
	// lower case.
	cfgConfigReaders = []string{"env", "getenv", "get", "fetch", "number", "parseint", "int", "integer", "config", "string", "str", "valueof", "getproperty", "getenvironmentvariable", "getvalue"}
)

// shorthandAt records a JavaScript shorthand property { host, port }: a
// lone identifier between "{" or "," and "," or "}" inside an object.
func (w *cfgWalker) shorthandAt(i int) bool {
	t := w.tok(i)
	top := w.top()
	if t.kind != cfgTokIdent || top == nil || top.open != '{' || i == 0 {
		return false
	}
	if !w.isPunct(i-1, "{") && !w.isPunct(i-1, ",") {
		return false
	}
	if !w.isPunct(i+1, ",") && !w.isPunct(i+1, "}") {
		return false
	}
	e := cfgEntry{key: t.text, start: t.start, line: t.line, sep: ":", shorthand: true}
	e.parent, e.object, e.call = w.context()
	e.val = cfgValue{kind: cfgValName, text: t.text, start: t.start, end: t.end, line: t.line, call: -1}
	w.code.add(&e)
	return true
}

// pickString is yes when c holds, otherwise no.
func pickString(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// bySecurity picks the word for sec; "" for an unset or unknown one.
func bySecurity(sec rules.Security, implicit, starttls, none string) string {
	switch sec {
	case rules.SecurityImplicit:
		return implicit
	case rules.SecurityStartTLS:
		return starttls
	case rules.SecurityNone:
		return none
	}
	return ""
}
