package lookup

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Where a submission server was learned.
const (
	SourceSRV        = "srv"        // _submissions._tcp / _submission._tcp (RFC 6186, RFC 8314)
	SourceAutoconfig = "autoconfig" // Thunderbird autoconfig file over HTTPS
	SourceGuess      = "guess"      // a conventional name that resolves
)

// Security says how a submission server expects TLS. The strings match
// probe.ModeImplicit and probe.ModeStartTLS.
const (
	SecurityImplicit = "implicit" // TLS from the first byte (port 465)
	SecurityStartTLS = "starttls" // plain connect, then STARTTLS (port 587)
	SecurityPlain    = "plain"    // no TLS (autoconfig socketType "plain")
)

// MaxAutoconfigSize caps an autoconfig file.
const MaxAutoconfigSize = 256 * 1024

// SubmissionServer is one place a mail client could submit mail.
type SubmissionServer struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"` // implicit, starttls or plain
	Source   string `json:"source"`   // srv, autoconfig or guess
	// SRVName and SRV are the record this came from (source srv).
	SRVName string     `json:"srv_name,omitempty"`
	SRV     *SRVRecord `json:"srv,omitempty"`
	// URL is the autoconfig file this came from (source autoconfig).
	URL string `json:"url,omitempty"`
	// Authenticated is true when the name is vouched for: a DNSSEC-validated
	// SRV answer or an autoconfig file fetched over HTTPS. Per RFC 7817 a
	// name from DNS without DNSSEC (or a guess) is not: the TLS certificate
	// must match the name the user configured, not one learned this way.
	Authenticated bool   `json:"authenticated"`
	Note          string `json:"note,omitempty"`
}

// AutoconfigAttempt is one autoconfig URL tried.
type AutoconfigAttempt struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"` // HTTP status, 0 when no answer
	Found  bool   `json:"found"`            // an SMTP server was listed
	Error  string `json:"error,omitempty"`
}

// GuessAttempt is one conventional host name tried.
type GuessAttempt struct {
	Host     string `json:"host"`
	Resolves bool   `json:"resolves"`
	Error    string `json:"error,omitempty"`
}

// DiscoveryResult is where mail clients would find the submission server of
// a domain.
type DiscoveryResult struct {
	Input      string              `json:"input"`
	Domain     string              `json:"domain"`
	Servers    []SubmissionServer  `json:"servers"`
	SRV        []SRVResult         `json:"srv"`
	Autoconfig []AutoconfigAttempt `json:"autoconfig"`
	Guesses    []GuessAttempt      `json:"guesses"`
	Notes      []string            `json:"notes,omitempty"`
	Error      string              `json:"error,omitempty"`
}

// Discover finds the submission servers of a domain or email address the
// way mail clients do: SRV records (_submissions._tcp, then
// _submission._tcp), the autoconfig file at
// https://autoconfig.<domain>/mail/config-v1.1.xml or
// https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml, and, only
// when those give nothing, the names smtp.<domain>, mail.<domain> and
// <domain> that resolve (each as 465 implicit TLS and 587 STARTTLS). SRV
// and autoconfig are looked up concurrently. Servers lists SRV results
// first, then autoconfig, then guesses. The error is only for a bad input;
// failures of single steps are in SRV, Autoconfig and Guesses.
func (c *Client) Discover(ctx context.Context, input string) (DiscoveryResult, error) {
	res := DiscoveryResult{Input: input, Servers: []SubmissionServer{}, SRV: []SRVResult{},
		Autoconfig: []AutoconfigAttempt{}, Guesses: []GuessAttempt{}}
	domain, err := DomainOf(input)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Domain = domain

	var (
		wg         sync.WaitGroup
		srvs       []SRVResult
		acServers  []SubmissionServer
		acAttempts []AutoconfigAttempt
	)
	wg.Add(2)
	go func() { defer wg.Done(); srvs, _ = c.SubmissionSRV(ctx, domain) }()
	go func() { defer wg.Done(); acServers, acAttempts = c.autoconfig(ctx, domain) }()
	wg.Wait()
	res.SRV = srvs
	res.Autoconfig = acAttempts

	insecureSRV := false
	for _, s := range srvs {
		security := SecurityStartTLS
		if s.Service == "submissions" {
			security = SecurityImplicit
		}
		if s.NotOffered {
			res.Notes = append(res.Notes, fmt.Sprintf("%s has target \".\": the domain says it does not offer %s.", s.Name, s.Service))
			continue
		}
		for _, r := range s.Records {
			if r.Target == "." || r.Port == 0 {
				continue
			}
			r := r
			srv := SubmissionServer{Host: r.Target, Port: int(r.Port), Security: security, Source: SourceSRV,
				SRVName: s.Name, SRV: &r, Authenticated: s.DNSSEC}
			if !s.DNSSEC {
				insecureSRV = true
				srv.Note = "From DNS without DNSSEC: not authenticated (RFC 7817)."
			}
			res.Servers = append(res.Servers, srv)
		}
	}
	if insecureSRV {
		res.Notes = append(res.Notes, "The SRV answers were not DNSSEC-validated, so the host names they give are not authenticated (RFC 7817): "+
			"configure the host name your provider documents and make sure the certificate matches it.")
	}
	res.Servers = append(res.Servers, acServers...)
	if len(res.Servers) > 0 {
		return res, nil
	}

	guesses := []string{"smtp." + domain, "mail." + domain, domain}
	res.Guesses = make([]GuessAttempt, len(guesses))
	for i, h := range guesses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			addrs, err := c.LookupAddrs(ctx, h)
			res.Guesses[i] = GuessAttempt{Host: h, Resolves: len(addrs) > 0, Error: errString(err)}
		}()
	}
	wg.Wait()
	for _, g := range res.Guesses {
		if !g.Resolves {
			continue
		}
		for _, p := range []struct {
			port     int
			security string
		}{{465, SecurityImplicit}, {587, SecurityStartTLS}} {
			res.Servers = append(res.Servers, SubmissionServer{Host: g.Host, Port: p.port, Security: p.security,
				Source: SourceGuess, Note: "Guessed from the domain name; not published by the domain."})
		}
	}
	if len(res.Servers) == 0 {
		res.Notes = append(res.Notes, "No SRV records, no autoconfig file and none of "+strings.Join(guesses, ", ")+" resolves.")
	}
	return res, nil
}

// autoconfig fetches the two autoconfig URLs concurrently and uses the
// first, in order, that lists an SMTP server.
func (c *Client) autoconfig(ctx context.Context, domain string) ([]SubmissionServer, []AutoconfigAttempt) {
	urls := []string{
		"https://autoconfig." + domain + "/mail/config-v1.1.xml",
		"https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml",
	}
	attempts := make([]AutoconfigAttempt, len(urls))
	found := make([][]SubmissionServer, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := AutoconfigAttempt{URL: u}
			f, err := c.fetch(ctx, u, MaxAutoconfigSize)
			at.Status = f.status
			if err == nil && f.status != http.StatusOK {
				err = fmt.Errorf("%w: %s answered HTTP %d", ErrHTTP, u, f.status)
			}
			var servers []SubmissionServer
			if err == nil {
				servers, err = ParseAutoconfig(f.body, domain)
			}
			if err == nil && len(servers) == 0 {
				err = fmt.Errorf("%w: no SMTP server in %s", ErrSyntax, u)
			}
			if err != nil {
				at.Error = err.Error()
			} else {
				at.Found = true
				for j := range servers {
					servers[j].URL = u
					servers[j].Authenticated = true
				}
			}
			attempts[i], found[i] = at, servers
		}()
	}
	wg.Wait()
	for _, servers := range found {
		if len(servers) > 0 {
			return servers, attempts
		}
	}
	return nil, attempts
}

type autoconfigXML struct {
	XMLName  xml.Name `xml:"clientConfig"`
	Provider []struct {
		Outgoing []struct {
			Type       string `xml:"type,attr"`
			Hostname   string `xml:"hostname"`
			Port       string `xml:"port"`
			SocketType string `xml:"socketType"`
		} `xml:"outgoingServer"`
	} `xml:"emailProvider"`
}

// ParseAutoconfig reads the outgoingServer entries of type smtp from a
// Thunderbird autoconfig file (config-v1.1.xml). %EMAILDOMAIN% in a host
// name is replaced with domain. socketType SSL is implicit TLS, STARTTLS is
// STARTTLS, plain is plain. Entries with an invalid host or port are
// skipped; a file that is not autoconfig XML is an error wrapping ErrSyntax.
func ParseAutoconfig(body []byte, domain string) ([]SubmissionServer, error) {
	var doc autoconfigXML
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: autoconfig: %v", ErrSyntax, err)
	}
	var out []SubmissionServer
	for _, p := range doc.Provider {
		for _, o := range p.Outgoing {
			if !strings.EqualFold(strings.TrimSpace(o.Type), "smtp") {
				continue
			}
			host := strings.TrimSpace(o.Hostname)
			host = strings.ReplaceAll(host, "%EMAILDOMAIN%", domain)
			host, err := NormalizeName(host)
			if err != nil || isIP(host) {
				continue
			}
			port, err := strconv.Atoi(strings.TrimSpace(o.Port))
			if err != nil || port <= 0 || port > 65535 {
				continue
			}
			var security string
			switch strings.ToUpper(strings.TrimSpace(o.SocketType)) {
			case "SSL", "TLS":
				security = SecurityImplicit
			case "STARTTLS":
				security = SecurityStartTLS
			case "PLAIN":
				security = SecurityPlain
			default:
				continue
			}
			out = append(out, SubmissionServer{Host: host, Port: port, Security: security, Source: SourceAutoconfig})
		}
	}
	return out, nil
}
