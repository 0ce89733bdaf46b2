package lookup_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/whichport/whichport/lookup"
)

func TestNormalizeName(t *testing.T) {
	ok := map[string]string{
		"Example.COM.":          "example.com",
		"mx1.example.com":       "mx1.example.com",
		"_dmarc.example.com":    "_dmarc.example.com",
		"bücher.example":        "xn--bcher-kva.example",
		"xn--bcher-kva.example": "xn--bcher-kva.example",
		strings.Repeat("a", 63): strings.Repeat("a", 63),
		"ÉXAMPLE.test":          "xn--xample-9ua.test",
	}
	for in, want := range ok {
		if got, err := lookup.NormalizeName(in); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", ".", "a..b", "exa mple.com", "example.com\r\nRCPT TO:<x>", "a\x00b", "-a.example", "a-.example",
		strings.Repeat("a", 64) + ".example", strings.Repeat("abcdefghi.", 26) + "com", "a/b", "a@b", "例え\u200b.テスト\x01",
	}
	for _, in := range bad {
		if _, err := lookup.NormalizeName(in); !errors.Is(err, lookup.ErrBadName) {
			t.Errorf("%q: %v, want ErrBadName", in, err)
		}
	}
}

func TestDomainOf(t *testing.T) {
	ok := map[string]string{
		"ann@Example.com":             "example.com",
		"  example.com  ":             "example.com",
		"Ann Smith <ann@example.com>": "example.com",
		"mailto:ann@example.com":      "example.com",
		"\"a@b\"@example.com":         "example.com",
		"ann@bücher.example":          "xn--bcher-kva.example",
	}
	for in, want := range ok {
		if got, err := lookup.DomainOf(in); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "@example.com", "ann@", "ann@[192.0.2.1]", "192.0.2.1", "::1", "ann@exa\nmple.com", "ann@ex ample.com"} {
		if _, err := lookup.DomainOf(in); !errors.Is(err, lookup.ErrBadName) {
			t.Errorf("%q: %v, want ErrBadName", in, err)
		}
	}
}

func FuzzNormalizeName(f *testing.F) {
	f.Add("Example.COM.")
	f.Add("bücher.example")
	f.Add("a\r\nb")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := lookup.NormalizeName(s)
		if err != nil {
			if !errors.Is(err, lookup.ErrBadName) {
				t.Fatalf("error %v does not wrap ErrBadName", err)
			}
			return
		}
		if len(n) > 253 || n != strings.ToLower(n) || strings.ContainsAny(n, "\r\n \x00") || strings.HasSuffix(n, ".") {
			t.Fatalf("%q normalised to bad %q", s, n)
		}
		if n2, err := lookup.NormalizeName(n); err != nil || n2 != n {
			t.Fatalf("not idempotent: %q -> %q -> %q %v", s, n, n2, err)
		}
	})
}
