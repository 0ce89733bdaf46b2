package rules

// OWNER: probe helper. Stub until implemented.

// ProbeFacts is what one live probe observed, in the engine's own terms, so
// that live results are explained by the same rules as typed settings.
type ProbeFacts struct {
	Host            string
	Port            int
	Mode            Security // starttls or implicit: what was tried
	Connected       bool
	ConnectError    string // "refused", "timeout", "reset", "unreachable", ""
	GreetingCode    int
	GreetingText    string
	GreetingSlowMS  int // > 0 when the greeting came late (greet-pause)
	SpokeOtherMode  bool
	StartTLSOffered bool
	StartTLSCode    int
	TLSVersion      string // "TLS 1.3"
	TLSVerified     bool
	VerifyError     string
	HostnameMatch   bool
	OldTLSAccepted  bool // TLS 1.0 or 1.1 accepted
	AuthBeforeTLS   []string
	AuthAfterTLS    []string
	DANEPresent     bool
	DANEMatch       bool
}

// ProbeFindings explains what one probe observed.
func ProbeFindings(f ProbeFacts) []Finding { return nil }
