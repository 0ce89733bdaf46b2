package api

import (
	"context"
	"net/netip"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

// DNS is what live checks ask of DNS and of HTTPS (MTA-STS policies,
// autoconfig files). *lookup.Client implements it; cmd/api builds one with
// a guarded HTTP client, tests one over lookuptest fakes.
type DNS interface {
	MX(ctx context.Context, domain string) (lookup.MXResult, error)
	LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error)
	TLSA(ctx context.Context, host string, port int) (lookup.TLSAResult, error)
	Discover(ctx context.Context, input string) (lookup.DiscoveryResult, error)
	MTASTS(ctx context.Context, domain string, mxHosts []string) (lookup.MTASTSResult, error)
	TLSRPT(ctx context.Context, domain string) (lookup.TLSRPTResult, error)
	SPF(ctx context.Context, domain string) (lookup.SPFResult, error)
	DMARC(ctx context.Context, domain string) (lookup.DMARCResult, error)
}

var (
	_ DNS                = (*lookup.Client)(nil)
	_ probe.HostResolver = DNS(nil)
)
