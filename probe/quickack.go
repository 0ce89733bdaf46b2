package probe

import "net"

// Prompt acknowledgements.
//
// A probe is a dialogue of small writes, each answered at once, so Linux
// puts the client's socket in its interactive ("pingpong") mode, in which it
// holds the acknowledgement of what it receives for up to 40 ms, hoping to
// send it with the next command. Many servers do not set TCP_NODELAY, so
// Nagle's algorithm holds a small reply back while an earlier small segment
// of theirs is unacknowledged. The two meet after every TLS 1.3 handshake
// with Postfix and other OpenSSL servers: the server sends a session ticket
// as soon as it has the client's Finished, the client (which has already sent
// its EHLO, or after implicit TLS waits for the greeting) has nothing to send
// it with, and the server's reply waits for the delayed acknowledgement. A
// probe of a Postfix on loopback took 48 ms at the median, 44 of them there,
// against 4 ms when the ticket happened to arrive before the EHLO left; on a
// longer path the same wait costs a round trip plus 40 ms.
//
// quickAck wraps a connection so that each write is followed by
// TCP_QUICKACK, which leaves the interactive mode: the ticket is then
// acknowledged as soon as it is read, and the reply follows. It returns c
// as it is where the option does not exist (other systems, net.Pipe, the
// Workers socket).
func quickAck(c net.Conn) net.Conn {
	return quickAckConn(c)
}
