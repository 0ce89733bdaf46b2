package formats

import "strings"

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
