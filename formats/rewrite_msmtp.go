package formats

import "strings"

func (r *cfgRewriter) rewriteMsmtp() error {
	m, err := cfgMsmtpLines(r.src)
	if err != nil {
		return err
	}
	if m.hostE == nil {
		return rwErr("found no host line to rewrite")
	}
	ref := m.hostE
	// The values to write, in this order; "" leaves a key alone.
	keys := [5]string{"host", "port", "tls", "tls_starttls", "user"}
	var vals [5]string
	if r.hc {
		vals[0] = r.want.Host
	}
	if r.pc || r.sc && m.get("port") == nil && r.want.Port > 0 {
		// msmtp's default port follows the TLS mode: write it out.
		vals[1] = r.wp
	}
	if r.sc {
		switch {
		case r.none:
			vals[2] = "off"
		case r.starttls:
			vals[2] = "on"
			if e := m.get("tls_starttls"); e != nil {
				vals[3] = "on"
			}
		case r.implicit:
			vals[2], vals[3] = "on", "off"
		}
	}
	if r.uc {
		vals[4] = r.fixed.Username
	}
	for i, key := range keys {
		val := vals[i]
		if val == "" {
			continue
		}
		e := m.get(key)
		if e != nil && strings.EqualFold(e.val.text, val) {
			continue // already so, perhaps in defaults
		}
		if e != nil && (strings.HasPrefix(e.key, m.account+".") || m.account == "defaults") {
			r.edit(e.val.start, e.val.end, val)
			continue
		}
		// Missing, or only in defaults: add it to the account, aligned
		// like the host line.
		ls, _ := r.lineStart(ref.val.start)
		head := r.src[ls:ref.val.start]
		line := key + " " + val
		if k := strings.Index(head, "host"); k >= 0 {
			pad := len(head) - k - len(key)
			if pad < 1 {
				pad = 1
			}
			line = head[:k] + key + strings.Repeat(" ", pad) + val
		}
		r.insertLineAfter(ref.val.end, line)
	}
	return nil
}
