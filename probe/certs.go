package probe

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/whichport/whichport/rules"
)

// certProblems says, in plain language, why the chain a server sent would be
// refused by a client that verifies it for host at now: each reason once,
// with the verifier's own text beside it where the verifier gave one.
// chainErr and hostErr are what x509 said (Certificate.Verify and
// VerifyHostname).
func certProblems(certs []*x509.Certificate, roots *x509.CertPool, host string, now time.Time, chainErr, hostErr error) []rules.CertProblem {
	if len(certs) == 0 {
		return nil
	}
	var out []rules.CertProblem
	leaf := certs[0]
	verifier := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	var invalid x509.CertificateInvalidError
	expiredErr := ""
	if errors.As(chainErr, &invalid) && invalid.Reason == x509.Expired {
		expiredErr = verifier(chainErr)
	}

	// Validity periods, of every certificate sent.
	for i, c := range certs {
		which := "The certificate"
		if i > 0 {
			which = "The chain's certificate " + strconv.Quote(commonName(c))
		}
		switch {
		case now.After(c.NotAfter):
			out = append(out, rules.CertProblem{Reason: rules.CertExpired,
				Text:     which + " expired on " + day(c.NotAfter) + " (" + ago(now.Sub(c.NotAfter)) + " ago).",
				Verifier: expiredErr})
		case now.Before(c.NotBefore):
			out = append(out, rules.CertProblem{Reason: rules.CertNotYetValid,
				Text:     which + " is not valid before " + day(c.NotBefore) + " (in " + ago(c.NotBefore.Sub(now)) + "): it was installed too early, or the server's clock is wrong.",
				Verifier: expiredErr})
		}
	}

	// Trust. An expired chain stops the verifier before it looks at the
	// issuer: ask it again at a time inside every validity period.
	trustErr := chainErr
	if expiredErr != "" {
		if at, ok := insideValidity(certs); ok {
			inter := x509.NewCertPool()
			for _, c := range certs[1:] {
				inter.AddCert(c)
			}
			_, trustErr = leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at})
			if errors.As(trustErr, &invalid) && invalid.Reason == x509.Expired {
				trustErr = nil // a root outside that time: the dates are already said
			}
		} else {
			trustErr = nil
		}
	}
	var unknown x509.UnknownAuthorityError
	var insecure x509.InsecureAlgorithmError
	switch {
	case trustErr == nil:
	case errors.As(trustErr, &insecure) || strings.Contains(trustErr.Error(), "insecure algorithm"):
		out = append(out, rules.CertProblem{Reason: rules.CertWeakSignature,
			Text:     "The chain is signed with " + weakAlgorithm(certs, trustErr) + ", which clients no longer accept.",
			Verifier: verifier(trustErr)})
	case errors.As(trustErr, &unknown):
		v := verifier(trustErr)
		if v == expiredErr {
			v = ""
		}
		last := certs[len(certs)-1]
		switch {
		case len(certs) == 1 && selfSigned(leaf):
			out = append(out, rules.CertProblem{Reason: rules.CertSelfSigned,
				Text:     "The certificate is self-signed: the server vouches for itself, and no client trusts that unless told to. It is often a default or test certificate.",
				Verifier: v})
		case selfSigned(last):
			out = append(out, rules.CertProblem{Reason: rules.CertUnknownIssuer,
				Text:     "The chain ends at " + strconv.Quote(commonName(last)) + ", a private certificate authority that clients do not trust.",
				Verifier: v})
		default:
			out = append(out, rules.CertProblem{Reason: rules.CertUnknownIssuer,
				Text:     "The certificate's issuer, " + strconv.Quote(issuerName(last)) + ", is not a known authority: either the server does not send the intermediate certificate, or the issuer is a private authority.",
				Verifier: v})
		}
	default:
		out = append(out, rules.CertProblem{Reason: rules.CertInvalid,
			Text:     "The verifier refused the chain for a reason other than its dates or its issuer.",
			Verifier: verifier(trustErr)})
	}

	// The name asked for.
	if hostErr != nil {
		out = append(out, rules.CertProblem{Reason: rules.CertNameMismatch,
			Text:     nameText(leaf, host),
			Verifier: verifier(hostErr)})
	}

	// Keys and signatures clients refuse even where this verifier did not.
	for i, c := range certs {
		which := "The certificate"
		if i > 0 {
			which = "The chain's certificate " + strconv.Quote(commonName(c))
		}
		if bits, weak := weakKey(c); weak {
			out = append(out, rules.CertProblem{Reason: rules.CertWeakKey,
				Text: which + " has a " + strconv.Itoa(bits) + "-bit " + keyName(c) + " key: clients require at least " + strconv.Itoa(minBits(c)) + " bits."})
		}
		if i < len(certs)-1 || !selfSigned(c) { // a root's own signature is not checked
			if name, weak := weakSignature(c); weak && !hasReason(out, rules.CertWeakSignature) {
				out = append(out, rules.CertProblem{Reason: rules.CertWeakSignature,
					Text: which + " is signed with " + name + ", which clients no longer accept."})
			}
		}
	}
	return out
}

func hasReason(ps []rules.CertProblem, r rules.CertReason) bool {
	for _, p := range ps {
		if p.Reason == r {
			return true
		}
	}
	return false
}

// selfSigned: the certificate names itself as issuer and its own key signs it.
func selfSigned(c *x509.Certificate) bool {
	return string(c.RawIssuer) == string(c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// insideValidity returns a time inside every certificate's validity period.
func insideValidity(certs []*x509.Certificate) (time.Time, bool) {
	from, until := certs[0].NotBefore, certs[0].NotAfter
	for _, c := range certs[1:] {
		if c.NotBefore.After(from) {
			from = c.NotBefore
		}
		if c.NotAfter.Before(until) {
			until = c.NotAfter
		}
	}
	return from.Add(time.Second), !from.Add(time.Second).After(until)
}

func commonName(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

func issuerName(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return c.Issuer.String()
}

// nameText says which names the certificate does hold.
func nameText(leaf *x509.Certificate, host string) string {
	var names []string
	names = append(names, leaf.DNSNames...)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	switch {
	case len(names) == 0 && leaf.Subject.CommonName != "":
		return "The certificate names no host in its alternative names, only " + strconv.Quote(leaf.Subject.CommonName) + " as its common name, which clients ignore: it is valid for no host, " + host + " included."
	case len(names) == 0:
		return "The certificate names no host at all, so it is valid for none, " + host + " included."
	}
	list := strings.Join(names[:min(len(names), 8)], ", ")
	if len(names) > 8 {
		list += " and " + strconv.Itoa(len(names)-8) + " more"
	}
	return "The certificate is for " + list + ", not for " + host + ", the name asked for."
}

// weakKey reports keys below what clients accept (RSA 2048, curves 256).
func weakKey(c *x509.Certificate) (int, bool) {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return k.N.BitLen(), k.N.BitLen() < 2048
	case *ecdsa.PublicKey:
		return k.Curve.Params().BitSize, k.Curve.Params().BitSize < 256
	}
	return 0, false
}

func keyName(c *x509.Certificate) string {
	if _, ok := c.PublicKey.(*rsa.PublicKey); ok {
		return "RSA"
	}
	return "elliptic-curve"
}

func minBits(c *x509.Certificate) int {
	if _, ok := c.PublicKey.(*rsa.PublicKey); ok {
		return 2048
	}
	return 256
}

// weakSignature reports signatures made with SHA-1, MD5 or MD2.
func weakSignature(c *x509.Certificate) (string, bool) {
	switch c.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return "SHA-1 (" + c.SignatureAlgorithm.String() + ")", true
	case x509.MD5WithRSA, x509.MD2WithRSA:
		return c.SignatureAlgorithm.String(), true
	}
	return "", false
}

func weakAlgorithm(certs []*x509.Certificate, err error) string {
	for _, c := range certs {
		if name, weak := weakSignature(c); weak {
			return name
		}
	}
	var insecure x509.InsecureAlgorithmError
	if errors.As(err, &insecure) {
		return x509.SignatureAlgorithm(insecure).String()
	}
	return "an algorithm"
}

// day is a date as people read it, in UTC.
func day(t time.Time) string {
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// ago says a duration in the largest whole unit: "3 days", "5 hours".
func ago(d time.Duration) string {
	unit := func(n int64, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return strconv.FormatInt(n, 10) + " " + word + "s"
	}
	switch {
	case d >= 48*time.Hour:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= 2*time.Hour:
		return unit(int64(d/time.Hour), "hour")
	case d >= 2*time.Minute:
		return unit(int64(d/time.Minute), "minute")
	}
	return unit(int64(d/time.Second), "second")
}
