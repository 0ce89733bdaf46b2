package probe

import (
	"io"
	"net"
	"syscall"
	"testing"
)

// TestQuickAck checks, through the kernel's own state, that a probe's socket
// leaves the delayed-acknowledgement mode after each command it writes:
// getsockopt(TCP_QUICKACK) is 0 while Linux delays acknowledgements
// ("pingpong" mode) and 1 otherwise. The dialogue is what makes Linux enter
// that mode: the client writes as soon as it has read a reply.
func TestQuickAck(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		go func() { // an echo server: every command gets its reply at once
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			io.Copy(c, c)
		}()
		raw, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		c := raw
		if wrap {
			c = quickAck(raw)
			if _, ok := c.(*ackingConn); !ok {
				t.Fatalf("quickAck(%T) = %T, want *ackingConn", raw, c)
			}
		}
		buf := make([]byte, 6)
		delaying := 0
		for range 8 {
			if _, err := c.Write([]byte("EHLO\r\n")); err != nil {
				t.Fatal(err)
			}
			if quickAckState(t, raw) == 0 {
				delaying++
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case wrap && delaying > 0:
			t.Errorf("with quickAck: %d of 8 commands left the socket delaying acknowledgements", delaying)
		case !wrap && delaying == 0:
			// The control: if the kernel never delays, this test shows nothing.
			t.Errorf("without quickAck the kernel never entered its delayed-acknowledgement mode")
		}
	}
}

func quickAckState(t *testing.T, c net.Conn) int {
	t.Helper()
	rc, err := c.(syscall.Conn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK)
	}); err != nil {
		t.Fatal(err)
	}
	if serr != nil {
		t.Fatal(serr)
	}
	return v
}

// TestQuickAckLeavesOtherConns: connections without a socket (net.Pipe,
// the Workers dialer's) are returned as they are.
func TestQuickAckLeavesOtherConns(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if got := quickAck(a); got != a {
		t.Errorf("quickAck(net.Pipe) = %T, want the pipe itself", got)
	}
}
