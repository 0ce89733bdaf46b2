package lookuptest

import (
	"strings"

	"github.com/whichport/whichport/lookup"
)

// CheckClient is a lookup.Client for tests of a whole check of domain:
// three MX hosts (mx1 to mx3 at 127.0.0.11 to .13), an SRV submission
// server (smtp.<domain> at 127.0.0.20), SPF, DMARC, TLS-RPT and MTA-STS
// records with an enforcing policy on the fake web, and a TLSA record for
// mx1, every answer signed (AD). The extra records (zone-file syntax, as for
// [New]) add other names.
func CheckClient(domain string, extra ...string) *lookup.Client {
	zone := []string{
		"example.com. MX 10 mx1.example.com.",
		"example.com. MX 20 mx2.example.com.",
		"example.com. MX 30 mx3.example.com.",
		"mx1.example.com. A 127.0.0.11",
		"mx2.example.com. A 127.0.0.12",
		"mx3.example.com. A 127.0.0.13",
		"_submission._tcp.example.com. SRV 0 1 587 smtp.example.com.",
		"smtp.example.com. A 127.0.0.20",
		"example.com. TXT \"v=spf1 mx -all\"",
		"_dmarc.example.com. TXT \"v=DMARC1; p=reject\"",
		"_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"",
		"_mta-sts.example.com. TXT \"v=STSv1; id=2024\"",
		"_25._tcp.mx1.example.com. TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000",
	}
	for i, rr := range zone {
		zone[i] = strings.ReplaceAll(rr, "example.com", domain)
	}
	r := New(append(zone, extra...)...)
	r.Secure["*"] = true
	return &lookup.Client{Resolver: r, HTTP: Web{
		"https://mta-sts." + domain + "/.well-known/mta-sts.txt": {Body: "version: STSv1\nmode: enforce\nmx: *." + domain + "\nmax_age: 86400\n"},
	}}
}
