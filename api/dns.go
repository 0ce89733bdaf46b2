package api

// DNS is what live checks ask of DNS and of HTTPS (MTA-STS policy fetch).
// cmd/api adapts the lookup package's Client to it; tests use maps.
type DNS interface{}
