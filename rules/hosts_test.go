package rules

import (
	"strings"
	"testing"
	"unicode"
)

// TrimSpace trims what unicode.IsSpace calls space and the byte order mark,
// in any mix, from both ends.
func FuzzTrimSpace(f *testing.F) {
	for _, s := range []string{"", " x ", "\ufeff x\u00a0", "\u3000\ufeff\t\ufeffy\ufeff \n", "\xff \xfe", "a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
		if got := TrimSpace(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
