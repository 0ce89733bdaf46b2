package rules

// CertProblem is one reason a server's certificate would be refused, in
// plain language, beside the verifier's own words. The prober (package
// probe) finds them; the findings quote them.
type CertProblem struct {
	// Reason is one of the CertReason constants.
	Reason CertReason `json:"reason"`
	// Text says it for a person: "expired on 2 Jan 2026 (3 days ago)".
	Text string `json:"text"`
	// Verifier is what the certificate verifier itself said ("x509:
	// certificate has expired or is not yet valid: ..."), when it said it.
	Verifier string `json:"verifier,omitempty"`
}

// CertReason names why a certificate is refused.
type CertReason string

const (
	CertSelfSigned    CertReason = "self-signed"    // issued by itself, trusted by nobody
	CertExpired       CertReason = "expired"        // past its end date (it or a certificate of its chain)
	CertNotYetValid   CertReason = "not-yet-valid"  // before its start date
	CertUnknownIssuer CertReason = "unknown-issuer" // a private authority, or a missing intermediate
	CertNameMismatch  CertReason = "name-mismatch"  // does not name the host asked for
	CertWeakKey       CertReason = "weak-key"       // RSA under 2048 bits, or a curve under 256
	CertWeakSignature CertReason = "weak-signature" // SHA-1 or MD5 signature
	CertInvalid       CertReason = "invalid"        // anything else the verifier refused
)
