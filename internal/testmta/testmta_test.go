package testmta

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"
)

func TestStart(t *testing.T) {
	m := Start(t)
	greet := func(c net.Conn) string {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return line
	}
	for _, ap := range []string{m.SMTP.String(), m.Submission.String()} {
		c, err := net.Dial("tcp", ap)
		if err != nil {
			t.Fatal(err)
		}
		if g := greet(c); !strings.HasPrefix(g, "220 "+Host) {
			t.Errorf("%s greeted %q", ap, g)
		}
		c.Close()
	}
	c, err := tls.Dial("tcp", m.Submissions.String(), &tls.Config{ServerName: Host, RootCAs: m.Roots})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if g := greet(c); !strings.HasPrefix(g, "220 "+Host) {
		t.Errorf("465-like greeted %q", g)
	}
}
