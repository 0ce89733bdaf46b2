//go:build !whichport_norewrite

package rules

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
	set := func(key, val string) {
		e := m.get(key)
		if e != nil && strings.EqualFold(e.val.text, val) {
			return // already so, perhaps in defaults
		}
		if e != nil && (strings.HasPrefix(e.key, m.account+".") || m.account == "defaults") {
			r.edit(e.val.start, e.val.end, val)
			return
		}
		// Missing, or only in defaults: add it to the account, aligned
		// like the host line.
		ls, _ := r.lineStart(ref.val.start)
		head := r.src[ls:ref.val.start]
		line := key + " " + val
		if k := cfgIndex(head, "host"); k >= 0 {
			pad := len(head) - k - len(key)
			if pad < 1 {
				pad = 1
			}
			line = head[:k] + key + cfgSpaces(pad) + val
		}
		r.insertLineAfter(ref.val.end, line)
	}
	if r.hc {
		set("host", r.want.Host)
	}
	if r.pc || r.sc && m.get("port") == nil && r.want.Port > 0 {
		// msmtp's default port follows the TLS mode: write it out.
		set("port", r.wp)
	}
	if r.sc {
		switch r.want.Security {
		case SecurityNone:
			set("tls", "off")
		case SecurityStartTLS:
			set("tls", "on")
			if e := m.get("tls_starttls"); e != nil {
				set("tls_starttls", "on")
			}
		case SecurityImplicit:
			set("tls", "on")
			set("tls_starttls", "off")
		}
	}
	if r.uc {
		set("user", r.fixed.Username)
	}
	return nil
}
