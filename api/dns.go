package api

import "github.com/whichport/whichport/check"

// DNS is what live checks ask of DNS and of HTTPS (MTA-STS policies,
// autoconfig files): check.DNS. *lookup.Client implements it; cmd/api
// builds one with a guarded HTTP client, tests one over lookuptest fakes.
type DNS = check.DNS

var _ check.Policy = (*Guard)(nil)
