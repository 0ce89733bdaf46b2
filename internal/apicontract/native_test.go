package apicontract

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/internal/testmta"
	"github.com/whichport/whichport/lookup"
)

// TestNative runs the contract against the native server: package api
// behind net/http, configured as cmd/api configures it with --doh and
// --allow-private.
func TestNative(t *testing.T) {
	mta := testmta.Start(t)
	doh := StartDoH(t, Zone(mta)...)
	dns := &lookup.Client{Resolver: lookup.NewDoHResolver(doh, lookup.HTTPClient{Client: &http.Client{Timeout: lookup.DefaultTimeout}})}
	e, err := api.New(api.Config{
		Dialer:       &net.Dialer{Timeout: 10 * time.Second},
		Lookup:       dns,
		Resolver:     dns,
		From:         "the contract test",
		AllowPrivate: true,
		Ports:        append([]int{465, 587}, Ports(mta)...),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	Run(t, Env{Base: srv.URL, MTA: mta})
}
