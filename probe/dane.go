package probe

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"strings"
	"time"
)

// DANE usages, selectors and matching types (RFC 6698 §2.1, RFC 7218 names).
const (
	DANEPKIXTA = 0 // unusable for SMTP (RFC 7672 §3.1.3)
	DANEPKIXEE = 1 // unusable for SMTP
	DANETA     = 2 // DANE-TA: a trust anchor in the chain the server sends
	DANEEE     = 3 // DANE-EE: the server's own certificate or key

	SelectorCert = 0 // the whole certificate (DER)
	SelectorSPKI = 1 // the SubjectPublicKeyInfo (DER)

	MatchFull   = 0
	MatchSHA256 = 1
	MatchSHA512 = 2
)

// TLSAMatches reports whether one TLSA record's data matches certificate c
// under the record's selector and matching type.
func TLSAMatches(r TLSA, c *x509.Certificate) bool {
	var data []byte
	switch r.Selector {
	case SelectorCert:
		data = c.Raw
	case SelectorSPKI:
		data = c.RawSubjectPublicKeyInfo
	default:
		return false
	}
	switch r.MatchingType {
	case MatchFull:
		return bytes.Equal(data, r.Data)
	case MatchSHA256:
		sum := sha256.Sum256(data)
		return bytes.Equal(sum[:], r.Data)
	case MatchSHA512:
		sum := sha512.Sum512(data)
		return bytes.Equal(sum[:], r.Data)
	}
	return false
}

// matchDANE checks the chain the server sent against the TLSA records as
// RFC 7672 §3 says an SMTP client does: only usages DANE-EE (3) and DANE-TA
// (2) count; DANE-EE matches the leaf with no name or expiry check; DANE-TA
// matches a certificate the server sent (other than the leaf), which must
// then sign the chain to a leaf valid for host.
func matchDANE(records []TLSA, certs []*x509.Certificate, host string, now time.Time) *DANEInfo {
	info := &DANEInfo{Records: len(records)}
	if len(certs) == 0 {
		info.Detail = "the server sent no certificate"
		return info
	}
	leaf := certs[0]
	var notes []string
	for _, r := range records {
		switch r.Usage {
		case DANEEE:
			info.Usable++
			if TLSAMatches(r, leaf) {
				info.Match = true
				info.Detail = "DANE-EE record (3 " + itoa(int(r.Selector)) + " " + itoa(int(r.MatchingType)) + ") matches the server's certificate"
				return info
			}
		case DANETA:
			info.Usable++
			for _, ta := range certs[1:] {
				if !TLSAMatches(r, ta) {
					continue
				}
				roots := x509.NewCertPool()
				roots.AddCert(ta)
				inter := x509.NewCertPool()
				for _, c := range certs[1:] {
					inter.AddCert(c)
				}
				name := strings.TrimSuffix(host, ".")
				if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: name, CurrentTime: now}); err != nil {
					notes = append(notes, "DANE-TA record matches "+ta.Subject.String()+" but the chain does not verify to it: "+err.Error())
					continue
				}
				info.Match = true
				info.Detail = "DANE-TA record (2 " + itoa(int(r.Selector)) + " " + itoa(int(r.MatchingType)) + ") matches " + ta.Subject.String() + ", which signs the chain"
				return info
			}
		}
	}
	switch {
	case info.Usable == 0:
		info.Detail = "no usable TLSA record: SMTP uses only DANE-EE (3) and DANE-TA (2) (RFC 7672 §3.1.3)"
	case len(notes) > 0:
		info.Detail = strings.Join(notes, "; ")
	default:
		info.Detail = "no TLSA record matches the certificate the server sent: the TLSA records are stale or the certificate changed"
	}
	return info
}
