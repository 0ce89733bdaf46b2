package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

func (r *cfgRewriter) rewriteGoNetSMTP() error {
	if r.sc {
		msg := "changing the TLS mode of Go net/smtp code means changing which functions it calls; see the Go snippet"
		switch r.before.Settings.Security {
		case rules.SecurityStartTLS, rules.SecurityNone:
			if r.implicit {
				msg = "net/smtp's SendMail and smtp.Dial cannot do implicit TLS: dial with tls.Dial and pass the connection to smtp.NewClient"
			}
		}
		return rwErr(msg)
	}
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	if r.hc || r.pc {
		var addr *cfgValue
		for _, ci := range code.callsNamed("SendMail", "Dial", "DialTLS", "DialWithDialer") {
			name := code.calls[ci].name
			n := -1 // which argument is the address
			switch {
			case strings.HasSuffix(name, "smtp.SendMail"), strings.HasSuffix(name, "smtp.Dial"):
				n = 0
			case name == "tls.DialWithDialer":
				n = 2
			case strings.HasPrefix(name, "tls.") || strings.HasPrefix(name, "net."):
				n = 1
			}
			if n >= 0 {
				addr = code.arg(ci, n, "")
			}
		}
		hostV, portV := cfgGoAddr(code, addr)
		if hostV == nil {
			return rwErr("the address is built at run time; change it by hand")
		}
		h := r.want.Host
		if portV == nil {
			// one "host:port" string
			if strings.Contains(h, ":") {
				h = "[" + h + "]"
			}
			if r.want.Port > 0 {
				h += ":" + r.wp
			}
		}
		r.setValue(hostV, h, true, true)
		if portV != nil {
			r.setValue(portV, r.wp, true, true)
		}
	}
	if r.hc && r.before.Settings.Host != "" {
		// PlainAuth's host, tls.Config.ServerName and smtp.NewClient's
		// host must name the new server too, or the login or the
		// certificate check fails.
		toks, err := cfgLex(r.src)
		if err != nil {
			return err
		}
		for i := range toks {
			t := &toks[i]
			if t.kind == cfgTokString && strings.EqualFold(t.text, r.before.Settings.Host) {
				r.edit(t.start, t.end, cfgQuote(r.want.Host, t.quote))
			}
		}
	}
	if r.uc {
		r.setCallArgs(code, "PlainAuth", 1, "")
	}
	return nil
}
