package probe

import (
	"net"
	"syscall"
)

func quickAckConn(c net.Conn) net.Conn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return c
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return c
	}
	return &ackingConn{Conn: c, raw: rc}
}

// ackingConn sets TCP_QUICKACK after each write (see quickAck): the kernel
// re-enters its delayed-acknowledgement mode whenever the socket sends soon
// after it received, so once per connection is not enough.
type ackingConn struct {
	net.Conn
	raw syscall.RawConn
}

func (c *ackingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err == nil {
		c.raw.Control(func(fd uintptr) {
			// Best effort: without it the probe is slower, not wrong.
			syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
		})
	}
	return n, err
}
