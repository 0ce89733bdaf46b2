package rules

import (
	"strconv"
	"strings"
	"testing"
)

// The engine's number helpers must agree with strconv on every input.
func checkDigits(t *testing.T, s string) {
	n, err := strconv.Atoi(s)
	m, ok := atoi(s)
	if ok != (err == nil) || (ok && n != m) {
		t.Errorf("atoi(%q) = %d, %v; strconv.Atoi = %d, %v", s, m, ok, n, err)
	}
	if len(s) <= 16 {
		u, err := strconv.ParseUint(s, 16, 64)
		v, ok := parseHex(s)
		if ok != (err == nil) || (ok && u != v) {
			t.Errorf("parseHex(%q) = %d, %v; strconv = %d, %v", s, v, ok, u, err)
		}
	}
	if err == nil {
		if got := itoa(n); got != strconv.Itoa(n) {
			t.Errorf("itoa(%d) = %q", n, got)
		}
		if n >= 0 {
			for _, base := range []int{8, 16} {
				if got, want := formatUint(uint64(n), uint64(base)), strconv.FormatUint(uint64(n), base); got != want {
					t.Errorf("formatUint(%d, %d) = %q, want %q", n, base, got, want)
				}
			}
		}
	}
}

var digitSeeds = []string{"", "0", "+", "-", "-0", "+7", "587", "0587", "65535", "1_000", " 25", "25 ", "2a", "ff", "FF", "fFfF",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616", "99999999999999999999", "ffffffffffffffff", "10000000000000000", "0x1f", "١٢"}

func TestDigitsMatchStrconv(t *testing.T) {
	for _, s := range digitSeeds {
		checkDigits(t, s)
	}
}

func FuzzDigits(f *testing.F) {
	for _, s := range digitSeeds {
		f.Add(s)
	}
	f.Fuzz(checkDigits)
}

// cfgReplacePairs must do what strings.NewReplacer does for the XML pairs.
func checkReplacePairs(t *testing.T, s string) {
	for _, pairs := range [][]string{
		{"&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&amp;", "&"},
		{"&", "&amp;", "<", "&lt;", ">", "&gt;"},
	} {
		if got, want := cfgReplacePairs(s, pairs...), strings.NewReplacer(pairs...).Replace(s); got != want {
			t.Errorf("cfgReplacePairs(%q, %q) = %q, want %q", s, pairs, got, want)
		}
	}
}

var replaceSeeds = []string{"", "&", "&amp;", "&amp;lt;", "a&lt;b&gt;c", "&&lt;;", "<x a=\"&quot;\">&apos;</x>", "&am", "tail&"}

func TestReplacePairsMatchesReplacer(t *testing.T) {
	for _, s := range replaceSeeds {
		checkReplacePairs(t, s)
	}
}

func FuzzReplacePairs(f *testing.F) {
	for _, s := range replaceSeeds {
		f.Add(s)
	}
	f.Fuzz(checkReplacePairs)
}

// The small string helpers must agree with the strings functions they stand for.
func checkSmallStrings(t *testing.T, s, sub string) {
	if sub != "" {
		if got, want := cfgSplit(s, sub), strings.Split(s, sub); strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Errorf("cfgSplit(%q, %q) = %q, want %q", s, sub, got, want)
		}
	}
	if got, want := cfgLastIndex(s, sub), strings.LastIndex(s, sub); got != want {
		t.Errorf("cfgLastIndex(%q, %q) = %d, want %d", s, sub, got, want)
	}
	for _, chars := range []string{"'\"`\n", ";(", "/?#", ", \t", "\"'`"} {
		if got, want := cfgIndexAnyByte(s, chars), strings.IndexAny(s, chars); got != want {
			t.Errorf("cfgIndexAnyByte(%q, %q) = %d, want %d", s, chars, got, want)
		}
		if got, want := cfgTrimBytes(s, chars), strings.Trim(s, chars); got != want {
			t.Errorf("cfgTrimBytes(%q, %q) = %q, want %q", s, chars, got, want)
		}
	}
}

func TestSmallStringsMatchStrings(t *testing.T) {
	for _, s := range []string{"", "a.b.c", ".", "..", "'x'", "\"smtp://h\"", "a, b", "é;(ü", "\xff/?#\xfe"} {
		for _, sub := range []string{"", ".", "\n", "->", ", not ", "&", "*"} {
			checkSmallStrings(t, s, sub)
		}
	}
	if cfgSpaces(3) != "   " || cfgSpaces(0) != "" {
		t.Error("cfgSpaces")
	}
}

func FuzzSmallStrings(f *testing.F) {
	f.Add("a.b..c", ".")
	f.Add("x -> y -> z", "->")
	f.Fuzz(checkSmallStrings)
}
