package rules

import "strings"

// Small stand-ins for strings functions whose general versions (Unicode
// cut sets, Rabin-Karp search, repeat by doubling) cost the browser module
// more code than the engine's inputs need. Each does exactly what the
// strings function does for the arguments the engine passes.

// cfgSplit is strings.Split(s, sep) for a non-empty sep.
func cfgSplit(s, sep string) []string {
	out := make([]string, 0, strings.Count(s, sep)+1)
	for {
		i := strings.Index(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+len(sep):]
	}
}

// cfgLastIndex is strings.LastIndex.
func cfgLastIndex(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// cfgIndexAnyByte is strings.IndexAny(s, chars) for ASCII chars.
func cfgIndexAnyByte(s, chars string) int {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(chars, s[i]) >= 0 {
			return i
		}
	}
	return -1
}

// cfgTrimBytes is strings.Trim(s, cutset) for an ASCII cutset.
func cfgTrimBytes(s, cutset string) string {
	for s != "" && strings.IndexByte(cutset, s[0]) >= 0 {
		s = s[1:]
	}
	for s != "" && strings.IndexByte(cutset, s[len(s)-1]) >= 0 {
		s = s[:len(s)-1]
	}
	return s
}

// cfgSpaces is strings.Repeat(" ", n).
func cfgSpaces(n int) string {
	if n < 0 {
		panic("strings: negative Repeat count")
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
