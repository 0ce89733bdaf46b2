package check

import (
	"fmt"
	"net/netip"
	"testing"
)

func TestLimitAddrs(t *testing.T) {
	var in []netip.Addr
	for _, s := range []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1", "2001:db8::2", "192.0.2.4"} {
		in = append(in, netip.MustParseAddr(s))
	}
	got := fmt.Sprint(LimitAddrs(in, 4))
	if want := "[192.0.2.1 2001:db8::1 192.0.2.2 2001:db8::2]"; got != want {
		t.Errorf("LimitAddrs = %s, want %s", got, want)
	}
	if got := LimitAddrs(in[:2], 4); len(got) != 2 {
		t.Errorf("short list changed: %v", got)
	}
}
