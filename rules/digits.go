package rules

// The engine's own number conversions. strconv's error values print
// themselves with strconv.Quote, which links Unicode's printable-rune tables
// into the browser module; these few loops do what the engine needs.

// atoi is strconv.Atoi for base 10 without the error value: ok is false
// exactly when strconv.Atoi returns an error (empty, a stray character, an
// underscore, out of int64 range).
func atoi(s string) (n int, ok bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 || u > 1<<63/10 {
			return 0, false
		}
		u = u*10 + uint64(d)
		if u > 1<<63 {
			return 0, false
		}
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return int(-u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int(u), true
}

// parseHex reads 1 to 16 hexadecimal digits (strconv.ParseUint(s, 16, 64)
// for such s).
func parseHex(s string) (uint64, bool) {
	if s == "" || len(s) > 16 {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		u = u<<4 | uint64(c)
	}
	return u, true
}

// formatUint writes n in base 8, 10 or 16 with lowercase digits
// (strconv.FormatUint).
func formatUint(n uint64, base uint64) string {
	var b [24]byte
	i := len(b)
	for {
		i--
		b[i] = "0123456789abcdef"[n%base]
		n /= base
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// itoa is strconv.Itoa. It is one small loop so that the compiler can
// inline it and keep short results off the heap.
func itoa(n int) string {
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		return "-" + string(b[i:])
	}
	return string(b[i:])
}
