package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// GrafanaINI is the [smtp] section of grafana.ini (or custom.ini).
// Grafana sends with gopkg.in/mail.v2: host carries the port
// (host = smtp.example.com:587, split with net.SplitHostPort, so a host
// without a port is an error); port 465 is implicit TLS; otherwise
// STARTTLS is used when offered (startTLS_policy = OpportunisticStartTLS,
// the default), required with MandatoryStartTLS and never used with
// NoStartTLS. Source: grafana/grafana pkg/services/notifications/smtp.go.
const GrafanaINI Format = "grafana-ini"

// LibGrafana is Grafana's own mail settings.
const LibGrafana rules.Library = "grafana"

var grafanaINISpec = spec{
	name: GrafanaINI,
	menu: 17,
	clues: []clue{
		{score: 84, any: []string{"[smtp]"}},
		{score: 62, any: []string{"from_address"}, and: []string{"skip_verify", "from_name", "ehlo_identity"}},
	},
	input:   cfgLinesINI,
	read:    cfgParseGrafanaINI,
	rewrite: (*cfgRewriter).rewriteGrafanaINI,
}

var libGrafanaSnippet = snippetWriter{
	lib: LibGrafana, title: "Grafana — grafana.ini", codeLang: &codeLang{language: "ini", comment: "; ", quote: quoteGrafana, envUser: `${SMTP_USERNAME}`},
	template: tmplGrafana,
}

func init() {
	register(grafanaINISpec)
	registerSnippet(libGrafanaSnippet)
}

// cfgGrafanaINIKeys: host, user, password, startTLS_policy, enabled.
var cfgGrafanaINIKeys = [...][]string{{"smtp.host", "host"}, {"smtp.user", "user"}, {"smtp.password", "password"}, {"smtp.starttls_policy", "starttls_policy"}, {"smtp.enabled", "enabled"}}

func cfgParseGrafanaINI(out *Parsed, text string, code *cfgCode) error {
	var kv [len(cfgGrafanaINIKeys)]*cfgValue
	for i, names := range cfgGrafanaINIKeys {
		kv[i] = code.keyVal(names...)
	}
	if kv[0] == nil && kv[1] == nil {
		return &ParseError{Msg: "found no host or user in the [smtp] section"}
	}
	return cfgGrafana(out, code, kv, "host", "enabled")
}

// cfgGrafana reads Grafana's smtp settings: kv holds host, user,
// password, startTLS policy and enabled; the names are for notes.
func cfgGrafana(out *Parsed, code *cfgCode, kv [5]*cfgValue, hostName, enabledName string) error {
	b := &cfgBuild{code: code}
	if v := kv[4]; v != nil && v.isFalse() {
		b.note(enabledName + " is false: Grafana sends no mail until it is true")
	}
	if v := kv[0]; v != nil {
		if hp, ok := b.str(v, hostName); ok {
			host, port, found := strings.Cut(rules.TrimSpace(hp), ":")
			if k := strings.LastIndexByte(hp, ':'); k >= 0 && strings.Count(hp, ":") > 1 {
				host, port, found = hp[:k], hp[k+1:], true // [::1]:25
			}
			b.p.Settings.Host = strings.ToLower(strings.Trim(host, "[]"))
			if !found {
				b.note(hostName + " has no port: Grafana needs host:port (smtp.example.com:587) and fails without one")
			} else if p, err := strconv.Atoi(port); err == nil && p > 0 && p <= 65535 {
				b.p.Settings.Port = p
			} else {
				b.note(hostName + " has a port that is not a number between 1 and 65535")
			}
		}
	}
	if v := kv[1]; v != nil && v.text != "" {
		b.setUser(v, "user")
	}
	b.setPassword(kv[2])
	policy := ""
	if v := kv[3]; v != nil {
		policy = strings.ToLower(rules.TrimSpace(v.text))
	}
	switch {
	case b.p.Settings.Port == 465:
		b.p.Settings.Security = rules.SecurityImplicit
	case policy == "nostarttls":
		b.p.Settings.Security = rules.SecurityNone
	default:
		b.p.Settings.Security = rules.SecurityStartTLS
		if policy != "mandatorystarttls" && b.p.Settings.Port != 0 {
			b.note("Grafana uses STARTTLS when the server offers it (startTLS_policy OpportunisticStartTLS); MandatoryStartTLS refuses to send in clear")
		}
	}
	return b.done(LibGrafana, rules.UseApplication, out)
}

// hostPortWant is the wanted host and port as one host:port value (an
// IPv6 address in brackets): Grafana's host key, SMTP_SEND_HOST.
func (r *cfgRewriter) hostPortWant() string {
	h := r.want.Host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	return h + ":" + r.wp
}

func (r *cfgRewriter) rewriteGrafanaINI() error {
	code, err := cfgLines(r.src, cfgLinesINI)
	if err != nil {
		return err
	}
	var es [len(cfgGrafanaINIKeys)]*cfgEntry
	names := [len(cfgGrafanaINIKeys)]string{"host", "user", "password", "startTLS_policy", "enabled"}
	for i, k := range cfgGrafanaINIKeys {
		es[i] = code.findKey(k...)
	}
	return r.rewriteGrafana(es[:], names[:])
}

// rewriteGrafana writes host:port, the user and the STARTTLS policy.
// Grafana decides implicit TLS by the port alone: 465 is implicit, any
// other port is not.
func (r *cfgRewriter) rewriteGrafana(es []*cfgEntry, names []string) error {
	if r.sc || r.pc {
		if r.implicit != (r.want.Port == 465) {
			return rwErr("Grafana uses implicit TLS on port 465 and only there; pick port 465 for implicit TLS or another port for STARTTLS")
		}
	}
	return r.setKeyLines(es, names, []keyWant{
		0: {r.hostPortWant(), r.hc || r.pc},
		1: {r.fixed.Username, r.uc},
		3: {bySecurity(r.want.Security, "OpportunisticStartTLS", "MandatoryStartTLS", "NoStartTLS"), r.sc && (es[3] != nil || r.none)},
	})
}

// quoteGrafana writes an ini value; Grafana reads """...""" for values
// with # or ;.
func quoteGrafana(s string) string {
	if strings.ContainsAny(s, "#;") && !strings.Contains(s, `"""`) {
		return `"""` + s + `"""`
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

const tmplGrafana = `«header»
; grafana.ini (or GF_SMTP_* variables), then restart Grafana
[smtp]
enabled = true
host = «host»:«port»
?login user = «user»
?login ; The password comes from the GF_SMTP_PASSWORD environment variable; never commit it.
?login password = $__env{GF_SMTP_PASSWORD}
?implicit ; Grafana uses implicit TLS because the port is 465.
?starttls startTLS_policy = MandatoryStartTLS
?none startTLS_policy = NoStartTLS
from_address = «from»
`
