package api

import "strings"

// acceptsEncoding reports whether an Accept-Encoding header accepts coding
// (a q=0 refuses it; "*" accepts anything not named).
func acceptsEncoding(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		refused := false
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				v = strings.TrimSpace(v)
				if v == "0" || v == "0.0" || v == "0.00" || v == "0.000" {
					refused = true
				}
			}
		}
		if name == coding {
			return !refused
		}
		if name == "*" && !refused {
			star = true
		}
	}
	return star
}
