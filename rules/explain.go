package rules

// OWNER: rules-core helper. Stub until implemented.

// Explain checks one person's settings and says what will happen and why.
func Explain(s Settings) Report {
	return Report{Verdict: VerdictOK, Settings: s}
}

// Providers returns every provider of FACTS §3.
func Providers() []Provider { return nil }

// ProviderByID finds a provider by its ID.
func ProviderByID(id string) (Provider, bool) { return Provider{}, false }

// DetectProvider finds the provider whose submission host this is.
func DetectProvider(host string) (Provider, bool) { return Provider{}, false }

// ExplainAgainst checks settings against a provider preset given by an
// embedding page (name, host, accepted port/security pairs).
func ExplainAgainst(s Settings, p Provider) Report { return Explain(s) }
