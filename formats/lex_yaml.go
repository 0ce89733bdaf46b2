package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// A small reader for the YAML that mail settings come in (Spring Boot's
// application.yml): nested "key: value" mappings become dotted keys,
// spring: mail: host: x becomes spring.mail.host. Lists, anchors and
// multi-line scalars are skipped.

// cfgYAMLSection is one "key:" line that opens a nested mapping.
type cfgYAMLSection struct {
	path        string // dotted
	lineEnd     int    // offset after the line's newline
	childIndent string // indentation of its first child, "" if none yet
	indent      int
}

type cfgYAML struct {
	code     *cfgCode
	sections []cfgYAMLSection
}

func cfgYAMLLines(src string) (*cfgYAML, error) {
	var errLine int // the one error return is at fail
	var errMsg string
	y := &cfgYAML{code: &cfgCode{src: src}}
	var stack []int // the sections the line is inside, outermost first
	pos, lineNo := 0, 0
	for pos < len(src) {
		lineNo++
		lineStart := pos
		line, next := cfgLineAt(src, pos)
		pos = next
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		// Blank lines, comments, "---", "- item" and "-" are skipped.
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == '-' && (len(trimmed) == 1 || trimmed[1] == ' ' || len(trimmed) > 2 && trimmed[1] == '-' && trimmed[2] == '-') {
			continue
		}
		if trimmed[0] == '\t' {
			errLine, errMsg = lineNo, "YAML does not allow tabs for indentation"
			goto fail
		}
		key, rest, ok := cfgYAMLKey(trimmed)
		if !ok {
			continue // a continuation of a multi-line value
		}
		for len(stack) > 0 && y.sections[stack[len(stack)-1]].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		var parent *cfgYAMLSection
		if len(stack) > 0 {
			if parent = &y.sections[stack[len(stack)-1]]; parent.childIndent == "" {
				parent.childIndent = line[:indent]
			}
		}
		if len(stack) >= cfgMaxDepth {
			errLine, errMsg = lineNo, "the YAML is nested too deeply to read"
			goto fail
		}
		path := key
		if parent != nil {
			path = parent.path + "." + key
		}
		valOff := lineStart + indent + (len(trimmed) - len(rest))
		val := strings.TrimLeft(rest, " ")
		valOff += len(rest) - len(val)
		if val == "" || val[0] == '#' || val == "|" || val == ">" {
			y.sections = append(y.sections, cfgYAMLSection{path: path, lineEnd: next, indent: indent})
			stack = append(stack, len(y.sections)-1)
			continue
		}
		v := cfgValue{kind: cfgValString, line: lineNo, call: -1, start: valOff}
		if val[0] == '"' || val[0] == '\'' {
			closeAt := strings.IndexByte(val[1:], val[0])
			if closeAt < 0 {
				errLine, errMsg = lineNo, "the value of "+cfgSafeKey(key)+" opens a quote and never closes it"
				goto fail
			}
			v.quote = val[0]
			v.text = val[1 : 1+closeAt]
			v.end = valOff + closeAt + 2
		} else {
			raw := val
			if h := strings.Index(raw, " #"); h >= 0 {
				raw = raw[:h]
			}
			raw = strings.TrimRight(raw, " \t")
			v.text = raw
			v.end = valOff + len(raw)
		}
		y.code.addLine(path, &v, ":", lineStart, lineNo)
	}
	return y, nil
fail:
	return nil, &ParseError{Line: errLine, Msg: errMsg}
}

// cfgLineAt returns the line starting at pos without its "\n" and
// trailing "\r"s, and the offset of the next line (len(src) after the
// last).
func cfgLineAt(src string, pos int) (string, int) {
	end := strings.IndexByte(src[pos:], '\n')
	next := len(src)
	if end < 0 {
		end = len(src)
	} else {
		end += pos
		next = end + 1
	}
	return strings.TrimRight(src[pos:end], "\r"), next
}

// cfgYAMLKey splits "key: rest" (or "key:" at the end of the line).
func cfgYAMLKey(s string) (key, rest string, ok bool) {
	if s[0] == '"' || s[0] == '\'' {
		c := strings.IndexByte(s[1:], s[0])
		if c < 0 || 2+c >= len(s)+1 || !strings.HasPrefix(s[2+c:], ":") {
			return "", "", false
		}
		return s[1 : 1+c], s[3+c:], true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') {
			k := rules.TrimSpace(s[:i])
			if k == "" {
				return "", "", false
			}
			return k, s[i+1:], true
		}
		if s[i] == ' ' && i+1 < len(s) && s[i+1] == '#' {
			return "", "", false
		}
	}
	return "", "", false
}

// cfgLooksYAML reports whether a text is nested "key:" YAML rather than
// key=value lines.
func cfgLooksYAML(t string) bool {
	nested, flat := 0, 0
	for _, line := range strings.Split(t, "\n") {
		s := rules.TrimSpace(line)
		if s == "" || s[0] == '#' {
			continue
		}
		if s != "" && s[len(s)-1] == ':' {
			nested++
		}
		if strings.Contains(s, "=") && !strings.Contains(s, ": ") {
			flat++
		}
	}
	return nested > 0 && nested >= flat
}

func cfgTrailingNL(src, nl string) string {
	if src == "" || strings.HasSuffix(src, "\n") {
		return ""
	}
	return nl
}

// insert adds "key: value" for a dotted key under the deepest section
// that exists, as a dotted remainder (Spring reads a.b: c as a: b: c).
func (y *cfgYAML) insert(r *cfgRewriter, key, val string) {
	best := -1
	for i := range y.sections {
		s := &y.sections[i]
		if strings.HasPrefix(key, s.path+".") && (best < 0 || len(s.path) > len(y.sections[best].path)) {
			best = i
		}
	}
	at, text := len(r.src), ""
	if best < 0 {
		text = cfgTrailingNL(r.src, r.nl) + key + ": " + val + r.nl
	} else {
		s := &y.sections[best]
		indent := s.childIndent
		if indent == "" {
			indent = strings.Repeat(" ", s.indent+2)
		}
		line := indent + key[len(s.path)+1:] + ": " + val
		if s.lineEnd >= len(r.src) && !strings.HasSuffix(r.src, "\n") {
			text = r.nl + line
		} else {
			at, text = s.lineEnd, line+r.nl
		}
	}
	r.edit(at, at, text)
}
