package lookup

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// TLSAResult is the DANE records of one host and port (RFC 6698, RFC 7672).
type TLSAResult struct {
	// Name is the queried name, e.g. "_25._tcp.mx.example.com".
	Name    string       `json:"name"`
	Host    string       `json:"host"`
	Port    int          `json:"port"`
	Records []TLSARecord `json:"records"`
	// DNSSEC is true when the answer was validated (AD bit). TLSA records
	// without DNSSEC must not be used (RFC 7672 §2.2).
	DNSSEC   bool      `json:"dnssec"`
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// TLSARecord is one TLSA record.
type TLSARecord struct {
	Usage        uint8  `json:"usage"`         // 3 DANE-EE, 2 DANE-TA, 1 PKIX-EE, 0 PKIX-TA
	Selector     uint8  `json:"selector"`      // 0 full certificate, 1 public key
	MatchingType uint8  `json:"matching_type"` // 0 exact, 1 SHA-256, 2 SHA-512
	Data         []byte `json:"data"`          // certificate association data
	Hex          string `json:"hex"`           // Data in lower-case hex
}

// TLSA looks up _<port>._tcp.<host>. NXDOMAIN and NODATA are not errors: no
// records.
func (c *Client) TLSA(ctx context.Context, host string, port int) (TLSAResult, error) {
	res := TLSAResult{Host: host, Port: port, Records: []TLSARecord{}}
	name, err := NormalizeName(host)
	if err == nil && (port <= 0 || port > 65535) {
		err = fmt.Errorf("%w: port %d", ErrBadName, port)
	}
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Host = name
	res.Name = "_" + strconv.Itoa(port) + "._tcp." + name
	a, err := c.query(ctx, res.Name, dns.TypeTLSA)
	res.DNSSEC = err == nil && a.secure
	if err != nil && !errors.Is(err, ErrNXDomain) {
		res.Error = err.Error()
		return res, err
	}
	for _, rr := range a.rrs {
		t := rr.(*dns.TLSA)
		data, derr := hex.DecodeString(t.Certificate)
		if derr != nil {
			res.Problems = append(res.Problems, Problem{ProblemSyntax, "A TLSA record has malformed data."})
			continue
		}
		res.Records = append(res.Records, TLSARecord{Usage: t.Usage, Selector: t.Selector, MatchingType: t.MatchingType,
			Data: data, Hex: strings.ToLower(t.Certificate)})
	}
	if len(res.Records) > 0 && !res.DNSSEC {
		res.Problems = append(res.Problems, Problem{ProblemNotAuthenticated,
			"TLSA records were found but the answer was not DNSSEC-validated, so senders ignore them (RFC 7672 §2.2)."})
	}
	return res, nil
}
