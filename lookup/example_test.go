package lookup_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

func ExampleClient_MX() {
	c := &lookup.Client{Resolver: lookuptest.New(
		"example.com. MX 20 backup.example.com.",
		"example.com. MX 10 mx.example.com.",
		"mx.example.com. A 192.0.2.25",
		"backup.example.com. A 192.0.2.26",
		"nomail.example. MX 0 .",
	)}
	ctx := context.Background()
	mx, err := c.MX(ctx, "ann@example.com")
	if err != nil {
		panic(err)
	}
	for _, h := range mx.Hosts {
		fmt.Println(h.Preference, h.Host, h.Addrs)
	}
	mx, _ = c.MX(ctx, "nomail.example")
	fmt.Println(mx.Status)
	_, err = c.MX(ctx, "missing.example")
	fmt.Println(errors.Is(err, lookup.ErrNXDomain))
	// Output:
	// 10 mx.example.com [192.0.2.25]
	// 20 backup.example.com [192.0.2.26]
	// null
	// true
}

func ExampleParsePolicy() {
	p, err := lookup.ParsePolicy([]byte("version: STSv1\nmode: enforce\nmx: *.mail.example.com\nmax_age: 604800\n"))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Mode, p.Matches("mx1.mail.example.com"), p.Matches("mail.example.com"))
	// Output: enforce true false
}
