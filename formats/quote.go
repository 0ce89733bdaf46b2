package formats

// String quoting for the snippets: every host and username written into a
// snippet goes through one of these, so that a value holding a quote, a
// backslash or a line break stays inside its string literal.

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// codeLang is what a snippet's language writes the same way in every
// snippet: its name (for the page's highlighting), the header's line
// comment, a host or username as a literal, and the username read from
// the environment when none was given.
type codeLang struct {
	language string
	comment  string              // line-comment prefix of the header
	quote    func(string) string // writes a host or username as a literal
	envUser  string              // the username when none was given
}

// The programming languages snippets are written in. A configuration
// file read only by its own program (Postfix's main.cf, grafana.ini,
// Discourse's app.yml, a mail client's settings) says how it is written in
// its format's file.
var (
	langPython = &codeLang{language: "python", comment: "# ", quote: quotePy, envUser: `os.environ["SMTP_USERNAME"]`}
	langRuby   = &codeLang{language: "ruby", comment: "# ", quote: quoteRuby, envUser: `ENV["SMTP_USERNAME"]`}
	langCSharp = &codeLang{language: "csharp", comment: "// ", quote: quoteCS, envUser: `Environment.GetEnvironmentVariable("SMTP_USERNAME")`}
	langPHP    = &codeLang{language: "php", comment: "// ", quote: quotePHP, envUser: `getenv('SMTP_USERNAME')`}
	langJava   = &codeLang{language: "java", comment: "// ", quote: quoteJava, envUser: `System.getenv("SMTP_USERNAME")`}
	langGo     = &codeLang{language: "go", comment: "// ", quote: quoteGo, envUser: `os.Getenv("SMTP_USERNAME")`}
	langJS     = &codeLang{language: "js", comment: "// ", quote: quoteJS, envUser: "process.env.SMTP_USERNAME"}
	langDotenv = &codeLang{language: "env", comment: "# ", quote: quoteEnv, envUser: `"${SMTP_USERNAME}"`} // .env files read by dotenv
)

// quoteStyle says how one language writes a double-quoted string literal.
// A control or line-separator rune r is written as short + r in base
// digits, at least width of them, when r < below; otherwise as long + r in
// 4 hex digits + end.
type quoteStyle struct {
	esc, escTo string // esc[i] is written as \ and escTo[i]
	below      rune
	short      string
	base       int
	width      int
	long, end  string
}

// hex is the escape of r.
func (q *quoteStyle) hex(r rune) string {
	if r < q.below {
		return q.short + padDigits(r, q.base, q.width)
	}
	return q.long + padDigits(r, 16, 4) + q.end
}

// padDigits writes r in base with leading zeros up to width digits.
func padDigits(r rune, base int, width int) string {
	h := strconv.FormatUint(uint64(r), base)
	for len(h) < width {
		h = "0" + h
	}
	return h
}

// The escapes of every style: \\ \" \n \r \t.
const escC, escCTo = "\\\"\n\r\t", `\"nrt`

var (
	// JavaScript and Python: \xNN up to U+00FF, \uNNNN beyond.
	quoteJSStyle = quoteStyle{esc: escC, escTo: escCTo, below: 0x100, short: `\x`, base: 16, width: 2, long: `\u`}
	quotePyStyle = quoteJSStyle
	// C#: \uNNNN.
	quoteCSStyle = quoteStyle{esc: escC, escTo: escCTo, long: `\u`}
	// Java: octal below U+0100, because Java turns \u000a into a real line
	// break before it reads string literals.
	quoteJavaStyle = quoteStyle{esc: escC, escTo: escCTo, below: 0x100, short: `\`, base: 8, width: 3, long: `\u`}
	// Go: \xNN below U+0080, \uNNNN beyond.
	quoteGoStyle = quoteStyle{esc: escC, escTo: escCTo, below: 0x80, short: `\x`, base: 16, width: 2, long: `\u`}
	// PHP double quotes: $ starts interpolation.
	quotePHPStyle = quoteStyle{esc: escC + "$", escTo: escCTo + "$", below: 0x80, short: `\x`, base: 16, width: 2, long: `\u{`, end: "}"}
	// Ruby double quotes: # starts interpolation.
	quoteRubyStyle = quoteStyle{esc: escC + "#", escTo: escCTo + "#", below: 0x80, short: `\x`, base: 16, width: 2, long: `\u{`, end: "}"}
)

// needsHexEscape: control characters, and the runes some languages or
// editors take as line breaks.
func needsHexEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == 0xfeff
}

// quote writes s as a double-quoted literal in style q. Invalid UTF-8
// becomes U+FFFD.
func (q *quoteStyle) quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s { // invalid bytes arrive as utf8.RuneError (U+FFFD)
		if r < utf8.RuneSelf {
			if k := strings.IndexByte(q.esc, byte(r)); k >= 0 {
				b.WriteByte('\\')
				b.WriteByte(q.escTo[k])
				continue
			}
		}
		if needsHexEscape(r) {
			b.WriteString(q.hex(r))
		} else {
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteJS(s string) string   { return quoteJSStyle.quote(s) }
func quotePy(s string) string   { return quotePyStyle.quote(s) }
func quoteCS(s string) string   { return quoteCSStyle.quote(s) }
func quoteJava(s string) string { return quoteJavaStyle.quote(s) }
func quotePHP(s string) string  { return quotePHPStyle.quote(s) }
func quoteRuby(s string) string { return quoteRubyStyle.quote(s) }

// quoteGo writes a Go string literal (strconv.Quote would do, at the cost
// of its tables in the WebAssembly module). \x only below U+0080: in Go it
// writes a byte, not a rune.
func quoteGo(s string) string { return quoteGoStyle.quote(s) }

// quoteYAML writes a YAML double-quoted scalar: the same escapes as Go's
// (\x below U+0080, \u beyond) are YAML escapes too.
func quoteYAML(s string) string { return quoteGoStyle.quote(s) }
