package rules

import (
	"slices"
	"strings"
)

// This file holds FACTS §4 (where outbound ports are blocked) and the
// closed value lists of Settings for the API's "unknown value" answers.
//
//	Environments()           every Environment value, "unknown" last
//	EnvironmentDetails()     the same with blocked ports, way out and source
//	ValidEnvironment(string) bool (and ValidLibrary, ValidSecurity, ValidAuth, ValidUse)

var environmentTable = []EnvironmentInfo{
	{ID: EnvAWS, Name: "AWS EC2 / Lambda", Blocks: []int{25}, Condition: "throttled and restricted by default",
		WayOut: "ask AWS to lift the port 25 restriction with its request form, or submit on 587, 465 or 2587 to a relay",
		Source: Ref{Name: "AWS docs"}, Confidence: "H"},
	{ID: EnvGCP, Name: "Google Cloud (GCE, GKE, App Engine)", Blocks: []int{25}, Condition: "with no exceptions",
		WayOut: "submit on 587 or 465 to a relay or mail provider",
		Source: Ref{Name: "Google Cloud docs"}, Confidence: "H"},
	{ID: EnvAzure, Name: "Azure VMs", Blocks: []int{25}, Condition: "since 2017-11-15, except Enterprise Agreement and MCA-E subscriptions",
		WayOut: "submit on 587 to an authenticated relay",
		Source: Ref{Name: "Microsoft Learn \"Troubleshoot outbound SMTP connectivity\""}, Confidence: "H"},
	{ID: EnvDigitalOcean, Name: "DigitalOcean", Blocks: []int{25}, Condition: "on new accounts",
		WayOut: "submit on 587, 465 or 2525 to a relay",
		Source: Ref{Name: "DigitalOcean docs"}, Confidence: "H"},
	{ID: EnvLinode, Name: "Linode / Akamai", Blocks: []int{25, 465, 587}, Condition: "on new accounts since 2019-11-05",
		WayOut: "open a support ticket once the server has an A record and reverse DNS",
		Source: Ref{Name: "Linode blog"}, Confidence: "H"},
	{ID: EnvVultr, Name: "Vultr", Blocks: []int{25},
		WayOut: "ask Vultr to open it (often refused), or submit on 587 or 465",
		Source: Ref{Name: "Vultr docs (secondary source)"}, Confidence: "M"},
	{ID: EnvHetzner, Name: "Hetzner Cloud", Blocks: []int{25, 465},
		WayOut: "use 587, which is open, or ask Hetzner to unblock",
		Source: Ref{Name: "Hetzner docs (secondary source)"}, Confidence: "M"},
	{ID: EnvOVH, Name: "OVHcloud", Blocks: []int{25}, Condition: "only after spam has been detected from the server; open by default",
		WayOut: "fix the cause of the spam, then ask OVHcloud to unblock",
		Source: Ref{Name: "OVHcloud anti-spam guide"}, Confidence: "H"},
	{ID: EnvOracle, Name: "Oracle Cloud", Blocks: []int{25},
		WayOut: "paid accounts can request an exemption, or submit on 587 or 465",
		Source: Ref{Name: "secondary source"}, Confidence: "M"},
	{ID: EnvCloudflareWorkers, Name: "Cloudflare Workers connect()", Blocks: []int{25}, Condition: "always; Cloudflare's own IP ranges cannot be reached either",
		WayOut: "use 587, 465 or 2525",
		Source: Ref{Name: "Cloudflare TCP sockets docs"}, Confidence: "H"},
	{ID: EnvRender, Name: "Render (free web services)", Blocks: []int{25, 465, 587}, Condition: "on free web services since 2025-09-26",
		WayOut: "move to a paid plan, use port 2525, or use the mail provider's HTTP API",
		Source: Ref{Name: "Render support (secondary source)"}, Confidence: "M"},
	{ID: EnvZerops, Name: "Zerops", Blocks: []int{25, 465},
		WayOut: "use 587",
		Source: Ref{Name: "Zerops docs"}, Confidence: "H"},
	{ID: EnvHome, Name: "Home (residential ISP)", Blocks: []int{25}, Condition: "commonly",
		WayOut: "submit on 587 or 465",
		Source: Ref{Name: "widely reported"}, Confidence: "M"},
	{ID: EnvOffice, Name: "Office network", Source: Ref{Name: "no FACTS row: ask the network administrator"}},
	{ID: EnvUnknown, Name: "Unknown", Source: Ref{Name: "FACTS.md §4"}},
}

// Environments lists every Environment value, "unknown" last.
func Environments() []Environment {
	out := make([]Environment, len(environmentTable))
	for i, e := range environmentTable {
		out[i] = e.ID
	}
	return out
}

// EnvironmentDetails lists every environment with the ports it blocks by
// default, the way out and the source (FACTS §4). The slices are copies.
func EnvironmentDetails() []EnvironmentInfo {
	out := make([]EnvironmentInfo, len(environmentTable))
	copy(out, environmentTable)
	for i := range out {
		out[i].Blocks = append([]int{}, out[i].Blocks...)
	}
	return out
}

func environmentInfo(id Environment) *EnvironmentInfo {
	for i := range environmentTable {
		if environmentTable[i].ID == id {
			return &environmentTable[i]
		}
	}
	return nil
}

// blockLevel says how surely an environment blocks a port: 0 open, 1 only
// in some cases (OVH after spam), 2 reported (M confidence), 3 documented.
func blockLevel(env Environment, port int) int {
	e := environmentInfo(env)
	if e == nil {
		return 0
	}
	for _, p := range e.Blocks {
		if p == port {
			switch {
			case e.ID == EnvOVH:
				return 1
			case e.Confidence == "H":
				return 3
			default:
				return 2
			}
		}
	}
	return 0
}

// ValidEnvironment says whether s is an Environment value ("" is not).
func ValidEnvironment(s string) bool { return environmentInfo(Environment(lowerTrim(s))) != nil }

// ValidSecurity says whether s is a Security value ("" is not). Like every
// Valid function it ignores case and surrounding spaces, as Explain does.
func ValidSecurity(s string) bool {
	return slices.Contains([]string{"none", "starttls", "implicit"}, lowerTrim(s))
}

// ValidAuth says whether s is an Auth value ("" is not).
func ValidAuth(s string) bool {
	return slices.Contains([]string{"none", "password", "app-password", "oauth2", "api-key"}, lowerTrim(s))
}

// ValidUse says whether s is a Use value ("" is not).
func ValidUse(s string) bool {
	return slices.Contains([]string{"application", "mail-client", "server-relay"}, lowerTrim(s))
}

// lowerTrim is the normalisation of every closed-list value.
func lowerTrim(s string) string { return strings.ToLower(TrimSpace(s)) }

// Securities lists every Security value a form may offer.
func Securities() []Security { return []Security{SecurityStartTLS, SecurityImplicit, SecurityNone} }

// Auths lists every Auth value a form may offer.
func Auths() []Auth {
	return []Auth{AuthPassword, AuthAppPassword, AuthOAuth2, AuthAPIKey, AuthNone}
}

// Uses lists every Use value a form may offer.
func Uses() []Use { return []Use{UseApplication, UseMailClient, UseServerRelay} }
