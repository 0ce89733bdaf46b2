package rules

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var asciiSamples = []string{
	"", " ", "SMTP.Gmail.COM", "  MAIL_HOST = smtp.example.com \t\r\n", "a\tb  c\n\nd",
	"\u00a0smtp.example.com\u00a0", "\ufeffMAIL_PORT=587", "x\u3000y\u2003z", "\u2028\u2029", "ÄÖÜ smtp", "\xff\xc2", "\xc2",
	"already lower", "ALLCAPS", "MiXeD 123 !?", "\u205fq\u202f", "\u1680w\u0085",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// The stand-ins agree with the strings functions on ASCII, and on the spaces
// the Unicode White_Space property lists; non-ASCII letters pass through.
func TestASCIIStandIns(t *testing.T) {
	for _, s := range asciiSamples {
		if isASCII(s) {
			if got, want := asciiLower(s), strings.ToLower(s); got != want {
				t.Errorf("asciiLower(%q) = %q, want %q", s, got, want)
			}
			if got, want := asciiUpper(s), strings.ToUpper(s); got != want {
				t.Errorf("asciiUpper(%q) = %q, want %q", s, got, want)
			}
		}
		if utf8.ValidString(s) && !strings.HasPrefix(s, "\ufeff") {
			if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
				t.Errorf("trimSpace(%q) = %q, want %q", s, got, want)
			}
			if got, want := fieldsSpace(s), strings.Fields(s); !slices.Equal(got, want) {
				t.Errorf("fieldsSpace(%q) = %q, want %q", s, got, want)
			}
		}
		for _, o := range asciiSamples {
			if isASCII(s) && isASCII(o) && asciiEqualFold(s, o) != strings.EqualFold(s, o) {
				t.Errorf("asciiEqualFold(%q, %q) = %v", s, o, !strings.EqualFold(s, o))
			}
		}
		sep := func(r rune) bool { return r == ' ' || r == ',' }
		if got, want := fieldsFunc(s, sep), strings.FieldsFunc(s, sep); !slices.Equal(got, want) {
			t.Errorf("fieldsFunc(%q) = %q, want %q", s, got, want)
		}
	}
	if got := trimSpace("\ufeffMAIL_PORT=587 "); got != "MAIL_PORT=587" {
		t.Errorf("trimSpace does not trim the BOM: %q", got)
	}
	if got := asciiLower("SMTP.GMAİL.COM"); got != "smtp.gmaİl.com" {
		t.Errorf("asciiLower leaves non-ASCII alone: %q", got)
	}
}

func FuzzASCIIStandIns(f *testing.F) {
	for _, s := range asciiSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isASCII(s) {
			if asciiLower(s) != strings.ToLower(s) || asciiUpper(s) != strings.ToUpper(s) || !asciiEqualFold(s, strings.ToUpper(s)) {
				t.Fatalf("case mapping differs for %q", s)
			}
		}
		if utf8.ValidString(s) && !strings.Contains(s, "\ufeff") {
			if trimSpace(s) != strings.TrimSpace(s) || !slices.Equal(fieldsSpace(s), strings.Fields(s)) {
				t.Fatalf("space handling differs for %q", s)
			}
		}
	})
}
