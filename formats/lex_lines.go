package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// cfgLineStyle says which line-oriented format a text is in.
type cfgLineStyle uint8

const (
	cfgLinesEnv        cfgLineStyle = iota + 1 // .env: [export ]KEY=value, quotes, # comments
	cfgLinesProperties                         // Java .properties: key=value, key: value, # and ! comments
	cfgLinesPostfix                            // main.cf: key = value, # comments, indented continuation lines
	cfgLinesINI                                // .ini: [section] headers, key = value, # and ; comments; keys are "section.key"
)

// cfgLines reads KEY=value lines into entries. Values keep their span in
// src so Rewrite can replace them.
func cfgLines(src string, style cfgLineStyle) (*cfgCode, error) {
	// About one entry a line; growing the slice one by one copied them all.
	code := &cfgCode{src: src, entries: make([]cfgEntry, 0, min(strings.Count(src, "\n")+1, 64))}
	section := "" // the current [section] of an .ini
	// main.cf continues a value on an indented line; a whole file
	// indented (a Markdown code block) is indented from its own margin.
	base := 0
	if style == cfgLinesPostfix {
		base = cfgMargin(src)
	}
	lineNo := 0
	pos := 0
	docKey := "" // the variable a Markdown heading names, until its value line
	for pos <= len(src) {
		lineNo++
		end := strings.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += pos
		}
		lineStart := pos
		line := src[pos:end]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		pos = end + 1
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if style == cfgLinesEnv && trimmed != "" && trimmed[0] == '#' {
			docKey = cfgDocHeadingKey(trimmed) // "### `SMTP_SERVER`" in a page of variables
			continue
		}
		if trimmed == "" || trimmed[0] == '#' || (style == cfgLinesProperties && trimmed[0] == '!') || (style == cfgLinesINI && trimmed[0] == ';') {
			continue
		}
		if docKey != "" {
			// "**Value:** `smtp.example.com`" under the heading: its value.
			_, rest, ok := strings.Cut(trimmed, "Value:")
			_, rest, ok2 := strings.Cut(rest, "`")
			if val, _, ok3 := strings.Cut(rest, "`"); ok && ok2 && ok3 {
				start := lineStart + len(line) - len(rest) // rest runs to the end of the line
				v := cfgValue{kind: cfgValString, text: val, line: lineNo, call: -1, start: start, end: start + len(val)}
				code.addLine(docKey, &v, "=", lineStart, lineNo)
				docKey = ""
				continue
			}
		}
		if style == cfgLinesINI && trimmed[0] == '[' {
			if t := rules.TrimSpace(trimmed); t[len(t)-1] == ']' {
				section = strings.ToLower(rules.TrimSpace(t[1 : len(t)-1]))
				continue
			}
		}
		if style == cfgLinesPostfix && indent > base {
			continue // continuation of the previous value
		}
		listItem := false
		orVar := "" // the variable of a "test && export || export" line
		if style == cfgLinesEnv {
			// docker-compose lists: "- KEY=value"
			if len(trimmed) > 1 && trimmed[0] == '-' && trimmed[1] == ' ' {
				trimmed = strings.TrimLeft(trimmed[2:], " \t")
				listItem = true
			}
			if len(trimmed) > 6 && trimmed[:6] == "export" && (trimmed[6] == ' ' || trimmed[6] == '\t') {
				trimmed = strings.TrimLeft(trimmed[7:], " \t")
			}
			// [[ -n $X ]] && export K=$X || export K="default": K is $X,
			// or the default when the test fails.
			if strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "test ") {
				if a := strings.Index(trimmed, "&& export "); a > 0 {
					if o := strings.Index(trimmed[a:], "|| export "); o > 0 {
						_, orVar, _ = strings.Cut(trimmed[a+len("&& export "):a+o], "=")
						orVar = rules.TrimSpace(orVar)
						trimmed = strings.TrimLeft(trimmed[a+o+len("|| export "):], " \t")
					}
				}
			}
		}
	pairs: // a shell line may set several: A=1 B=2
		off := lineStart + len(line) - len(trimmed) // offset of trimmed in src
		k := 0
		for k < len(trimmed) && cfgCharClass[trimmed[k]]&4 != 0 {
			k++
		}
		key := trimmed[:k]
		rest := trimmed[k:]
		restTrim := strings.TrimLeft(rest, " \t")
		sepOK := false
		if restTrim != "" {
			switch restTrim[0] {
			case '=':
				sepOK = true
			case ':':
				sepOK = style != cfgLinesPostfix
			}
		}
		if style == cfgLinesProperties && !sepOK && key != "" && len(restTrim) < len(rest) {
			// "key value" is allowed in .properties.
			sepOK = true
			restTrim = " " + restTrim
		}
		if key == "" || !sepOK {
			if listItem {
				continue // another list, such as ports: - "3000:3000"
			}
			if style == cfgLinesEnv && key != "" && restTrim == "" {
				continue // a bare word such as a YAML "environment:" header
			}
			if t := rules.TrimSpace(trimmed); style == cfgLinesEnv && t != "" && t[len(t)-1] == ':' {
				continue
			}
			if style == cfgLinesPostfix && code.saslPasswdLine(trimmed, off, lineStart, lineNo) {
				continue
			}
			code.skip(lineNo, "expected a KEY=value line here")
			continue
		}
		valText := restTrim[1:]
		valLead := len(valText) - len(strings.TrimLeft(valText, " \t"))
		valText = valText[valLead:]
		valOff := off + k + (len(rest) - len(restTrim)) + 1 + valLead
		v := cfgValue{kind: cfgValString, line: lineNo, call: -1, start: valOff}
		next := ""
		if (style == cfgLinesEnv || style == cfgLinesINI) && valText != "" && (valText[0] == '"' || valText[0] == '\'' || valText[0] == '`') {
			q := valText[0]
			closeAt := -1
			for j := 1; j < len(valText); j++ {
				if valText[j] == '\\' && q == '"' {
					j++
					continue
				}
				if valText[j] == q {
					closeAt = j
					break
				}
			}
			if closeAt < 0 {
				code.skip(lineNo, "the value of "+cfgSafeKey(key)+" opens a quote and never closes it")
				continue
			}
			v.quote = q
			v.text = valText[1:closeAt]
			if q == '"' {
				v.text = cfgUnescapeDouble(v.text)
			}
			v.end = valOff + closeAt + 1
		} else {
			raw := valText
			if style == cfgLinesEnv || style == cfgLinesINI {
				if h := strings.Index(raw, " #"); h >= 0 {
					raw = raw[:h]
				} else if h := strings.Index(raw, "\t#"); h >= 0 {
					raw = raw[:h]
				}
			}
			if style == cfgLinesEnv {
				if k2 := cfgNextPair(raw); k2 > 0 {
					next = strings.TrimLeft(raw[k2:], " \t")
					raw = raw[:k2]
				}
			}
			raw = strings.TrimRight(raw, " \t")
			v.text = raw
			v.end = valOff + len(raw)
		}
		if section != "" {
			key = section + "." + key
		}
		if orVar != "" {
			lit := v
			v = cfgValue{kind: cfgValExpr, text: orVar, start: lit.start, end: lit.end, line: lineNo, call: -1, fallback: &lit}
		}
		code.addLine(key, &v, "=", lineStart, lineNo)
		if next != "" {
			trimmed = next
			goto pairs
		}
	}
	if len(code.entries) == 0 && code.skipErr != nil {
		return nil, code.skipErr
	}
	return code, nil
}

// cfgDocHeadingKey returns KEY for a Markdown heading that is only a
// variable name in backticks ("### `SMTP_SERVER`"), else "".
func cfgDocHeadingKey(line string) string {
	t := rules.TrimSpace(strings.TrimLeft(line, "#"))
	if len(t) < 3 || t[0] != '`' || t[len(t)-1] != '`' {
		return ""
	}
	k := t[1 : len(t)-1]
	for i := 0; i < len(k); i++ {
		if !cfgIsKeyChar(k[i]) {
			return ""
		}
	}
	return k
}

// skip leaves out a line that cannot be read, remembering the first such
// line's error for when nothing at all can be read.
func (c *cfgCode) skip(line int, msg string) {
	if c.skipErr == nil {
		c.skipErr = &ParseError{Line: line, Msg: msg}
	}
	c.skipped = append(c.skipped, line)
}

// saslPasswdLine reads a line of Postfix's sasl_passwd table, which people
// paste next to main.cf: "[host]:port user:password". It adds the entries
// sasl_passwd.nexthop and sasl_passwd.user (and sasl_passwd.password, for
// its presence) and reports whether the line was one.
func (c *cfgCode) saslPasswdLine(t string, off, lineStart, lineNo int) bool {
	t = strings.TrimRight(t, " \t")
	sp := strings.IndexAny(t, " \t")
	if sp <= 0 || (t[0] != '[' && !strings.Contains(t[:sp], ".")) {
		return false
	}
	cred := strings.TrimLeft(t[sp:], " \t")
	credOff := off + len(t) - len(cred)
	colon := strings.IndexByte(cred, ':')
	if colon <= 0 || strings.ContainsAny(cred, " \t") {
		return false
	}
	for _, f := range [...]struct {
		key, sep   string
		start, end int // the value's span in c.src
	}{
		{"sasl_passwd.nexthop", " ", off, off + sp},
		{"sasl_passwd.user", ":", credOff, credOff + colon},
		{"sasl_passwd.password", ":", credOff + colon + 1, credOff + len(cred)},
	} {
		v := cfgValue{kind: cfgValString, text: c.src[f.start:f.end], line: lineNo, call: -1, start: f.start, end: f.end}
		c.addLine(f.key, &v, f.sep, lineStart, lineNo)
	}
	return true
}

// addLine appends the entry of one line-oriented "key sep value".
func (c *cfgCode) addLine(key string, v *cfgValue, sep string, start, line int) {
	c.add(&cfgEntry{key: key, object: -1, call: -1, val: *v, sep: sep, start: start, line: line})
}

func cfgIsKeyChar(c byte) bool { return cfgCharClass[c]&4 != 0 }

func cfgUnescapeDouble(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// cfgSafeKey returns a key name fit to quote in a message: key names are
// never secrets, but a broken line might put a value where the key goes,
// so anything that does not look like a key name is not repeated.
func cfgSafeKey(k string) string {
	if k == "" || len(k) > 64 {
		return "this setting"
	}
	for i := 0; i < len(k); i++ {
		if cfgCharClass[k[i]]&4 == 0 && k[i] != '$' && k[i] != '>' {
			return "this setting"
		}
	}
	return k
}

// cfgNextPair finds " KEY=" in an unquoted value: the start of another
// assignment on the same line, or -1.
func cfgNextPair(v string) int {
	for i := 1; i < len(v); i++ {
		if v[i-1] != ' ' && v[i-1] != '\t' || v[i] == ' ' || v[i] == '\t' {
			continue
		}
		j := i
		for j < len(v) && (v[j] == '_' || v[j] >= 'A' && v[j] <= 'Z' || v[j] >= '0' && v[j] <= '9' && j > i) {
			j++
		}
		if j > i && j < len(v) && v[j] == '=' {
			return i
		}
	}
	return -1
}

// cfgMargin is the smallest indentation of the "key = value" lines.
func cfgMargin(src string) int {
	m := -1
	for _, l := range splitLines(src) {
		t := strings.TrimLeft(l.text, " \t")
		if t == "" || t[0] == '#' || !strings.Contains(t, "=") {
			continue
		}
		if n := len(l.text) - len(t); m < 0 || n < m {
			m = n
		}
	}
	return max(m, 0)
}
