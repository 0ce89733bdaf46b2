package rules

// ASCII stand-ins for strings.ToLower, ToUpper, EqualFold, TrimSpace, Fields
// and FieldsFunc. The strings versions reach Unicode's case and space tables,
// which cost the browser module about 7 KB brotli; everything the engine
// compares (keys, host names, option names, error texts) is ASCII. Non-ASCII
// bytes pass through unchanged, and trimSpace still trims the non-ASCII spaces
// a copy from a web page brings (no-break space, the BOM, U+2000–U+200A,
// U+202F, U+205F, U+3000) without a table.

// asciiLower is strings.ToLower for ASCII letters.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}

// asciiUpper is strings.ToUpper for ASCII letters.
func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'a' <= c && c <= 'z' {
					b[j] = c - ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}

// asciiEqualFold is strings.EqualFold for ASCII letters.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// spaceAt reports the length of the white space starting at s[i] (0 if none):
// ASCII white space, and the non-ASCII spaces of the Unicode White_Space
// property plus the BOM, read from their UTF-8 bytes.
func spaceAt(s string, i int) int {
	switch c := s[i]; {
	case c == ' ' || ('\t' <= c && c <= '\r'):
		return 1
	case c == 0xC2 && i+1 < len(s) && (s[i+1] == 0x85 || s[i+1] == 0xA0): // NEL, no-break space
		return 2
	case c == 0xE1 && i+2 < len(s) && s[i+1] == 0x9A && s[i+2] == 0x80: // U+1680
		return 3
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] <= 0x8A || s[i+2] == 0xA8 || s[i+2] == 0xA9 || s[i+2] == 0xAF): // U+2000–200A, 2028, 2029, 202F
		return 3
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x81 && s[i+2] == 0x9F: // U+205F
		return 3
	case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80: // U+3000
		return 3
	case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF: // BOM
		return 3
	}
	return 0
}

// spaceBefore reports the length of the white space ending at s[j-1] (0 if none).
func spaceBefore(s string, j int) int {
	for n := 1; n <= 3 && n <= j; n++ {
		if spaceAt(s, j-n) == n {
			return n
		}
	}
	return 0
}

// trimSpace is strings.TrimSpace (plus the BOM).
func trimSpace(s string) string {
	for s != "" {
		n := spaceAt(s, 0)
		if n == 0 {
			break
		}
		s = s[n:]
	}
	for s != "" {
		n := spaceBefore(s, len(s))
		if n == 0 {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// fieldsSpace is strings.Fields, with trimSpace's idea of white space.
func fieldsSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); {
		if n := spaceAt(s, i); n > 0 {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			i += n
			continue
		}
		if start < 0 {
			start = i
		}
		i++
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// fieldsFunc is strings.FieldsFunc.
func fieldsFunc(s string, sep func(rune) bool) []string {
	var out []string
	start := -1
	for i, r := range s {
		if sep(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
