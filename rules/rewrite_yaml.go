//go:build !whichport_norewrite

package rules

import "strings"

// insert adds "key: value" for a dotted key under the deepest section
// that exists, as a dotted remainder (Spring reads a.b: c as a: b: c).
func (y *cfgYAML) insert(r *cfgRewriter, key, val string) {
	best := -1
	for i, s := range y.sections {
		if strings.HasPrefix(key, s.path+".") && (best < 0 || len(s.path) > len(y.sections[best].path)) {
			best = i
		}
	}
	if best < 0 {
		r.edit(len(r.src), len(r.src), cfgTrailingNL(r.src, r.nl)+key+": "+val+r.nl)
		return
	}
	s := y.sections[best]
	indent := s.childIndent
	if indent == "" {
		indent = cfgSpaces(s.indent + 2)
	}
	line := indent + key[len(s.path)+1:] + ": " + val
	if s.lineEnd >= len(r.src) && !strings.HasSuffix(r.src, "\n") {
		r.edit(len(r.src), len(r.src), r.nl+line)
		return
	}
	r.edit(s.lineEnd, s.lineEnd, line+r.nl)
}
