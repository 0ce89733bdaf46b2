package formats

import (
	"slices"
	"testing"
)

// cfgGoSplit cuts Go source at a top-level separator only: not inside
// strings (a raw string's backslash escapes nothing), runes or brackets.
func TestCfgGoSplit(t *testing.T) {
	for _, c := range []struct {
		src   string
		sep   byte
		want  []string
		keyed bool
	}{
		{`"smtp.example.org", 587, true`, ',', []string{`"smtp.example.org"`, ` 587`, ` true`}, false},
		{"`C:\\`, \"a,b\", f(1, 2), []int{3, 4}", ',', []string{"`C:\\`", ` "a,b"`, ` f(1, 2)`, ` []int{3, 4}`}, false},
		{`Host: "h", Port: 25`, ',', []string{`Host: "h"`, ` Port: 25`}, true},
		{`host + ":" + strconv.Itoa(port+1)`, '+', []string{`host `, ` ":" `, ` strconv.Itoa(port+1)`}, false},
		{`'+' + "\"+"`, '+', []string{`'+' `, ` "\"+"`}, false},
		{``, ',', []string{``}, false},
	} {
		parts, keyed := cfgGoSplit(c.src, c.sep)
		var got []string
		for _, p := range parts {
			got = append(got, c.src[p[0]:p[1]])
		}
		if !slices.Equal(got, c.want) || keyed != c.keyed {
			t.Errorf("cfgGoSplit(%q, %q) = %q, keyed %v; want %q, keyed %v", c.src, c.sep, got, keyed, c.want, c.keyed)
		}
	}
}
