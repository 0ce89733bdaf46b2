//go:build !linux

package probe

import "net"

// quickAckConn: only Linux has TCP_QUICKACK.
func quickAckConn(c net.Conn) net.Conn { return c }
