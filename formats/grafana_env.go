package formats

// GrafanaEnv is Grafana's [smtp] settings as GF_SMTP_* environment
// variables (docker run -e, docker-compose, .env); they mean what the
// grafana.ini keys mean (see GrafanaINI).
const GrafanaEnv Format = "grafana-env"

var grafanaEnvSpec = spec{
	name: GrafanaEnv,
	menu: 18,
	clues: []clue{
		{score: 95, any: []string{"GF_SMTP_"}},
	},
	input:   cfgLinesEnv,
	read:    cfgParseGrafanaEnv,
	rewrite: (*cfgRewriter).rewriteGrafanaEnv,
}

func init() {
	register(grafanaEnvSpec)
}

var cfgGrafanaEnvKeys = [...]string{"GF_SMTP_HOST", "GF_SMTP_USER", "GF_SMTP_PASSWORD", "GF_SMTP_STARTTLS_POLICY", "GF_SMTP_ENABLED"}

func cfgParseGrafanaEnv(out *Parsed, text string, code *cfgCode) error {
	var kv [len(cfgGrafanaEnvKeys)]*cfgValue
	code.keyVals(cfgGrafanaEnvKeys[:], kv[:])
	if kv[0] == nil && kv[1] == nil {
		return &ParseError{Msg: "found no GF_SMTP_HOST or GF_SMTP_USER"}
	}
	return cfgGrafana(out, code, kv, "GF_SMTP_HOST", "GF_SMTP_ENABLED")
}

func (r *cfgRewriter) rewriteGrafanaEnv() error {
	code, err := cfgLines(r.src, cfgLinesEnv)
	if err != nil {
		return err
	}
	var es [len(cfgGrafanaEnvKeys)]*cfgEntry
	for i, k := range cfgGrafanaEnvKeys {
		es[i] = code.findKey(k)
	}
	return r.rewriteGrafana(es[:], cfgGrafanaEnvKeys[:])
}
