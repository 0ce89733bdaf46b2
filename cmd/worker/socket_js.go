//go:build js && wasm

package main

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/whichport/whichport/probe"
)

// socketDialer dials with Cloudflare TCP sockets (cloudflare:sockets
// connect(), secureTransport "off"), through the loader, in the context of
// the request the dial is for; the probe runs crypto/tls on top (implicit
// TLS and STARTTLS alike).
type socketDialer struct{}

var _ probe.Dialer = socketDialer{}

func (socketDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if err := checkWorkerDial(network, address); err != nil {
		return nil, err
	}
	rio, ok := ioFrom(ctx)
	if !ok {
		return nil, errors.New("worker: dial outside a request")
	}
	v, err := rio.await(ctx, "connect", address)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &net.OpError{Op: "dial", Net: network, Addr: dialedAddr(address), Err: errors.New(err.Error())}
	}
	return newSocketConn(rio, v.Int(), address), nil
}

// socketConn is a net.Conn over one loader socket. Reads and writes wait
// for the loader; deadlines are Go timers (a zero deadline means none),
// and a read that times out stays pending, its data kept for the next Read.
type socketConn struct {
	rio    requestIO
	id     int
	remote net.Addr

	mu            sync.Mutex
	readDeadline  time.Time
	writeDeadline time.Time
	pending       chan readResult // the read under way, if any
	buf           []byte          // data read but not yet returned
	eof           bool
	closed        bool
	closeCh       chan struct{}
}

type readResult struct {
	data []byte
	eof  bool
	err  error
}

func newSocketConn(rio requestIO, id int, address string) *socketConn {
	return &socketConn{rio: rio, id: id, remote: remoteAddr(address), closeCh: make(chan struct{})}
}

// deadlineDone returns a channel closed at d (nil for no deadline) and a
// function that stops its timer.
func deadlineDone(d time.Time) (<-chan time.Time, func()) {
	if d.IsZero() {
		return nil, func() {}
	}
	t := time.NewTimer(time.Until(d))
	return t.C, func() { t.Stop() }
}

func (c *socketConn) Read(b []byte) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, net.ErrClosed
	}
	if len(c.buf) > 0 {
		n := copy(b, c.buf)
		c.buf = c.buf[n:]
		c.mu.Unlock()
		return n, nil
	}
	if c.eof {
		c.mu.Unlock()
		return 0, io.EOF
	}
	if !c.readDeadline.IsZero() && !time.Now().Before(c.readDeadline) {
		c.mu.Unlock()
		return 0, os.ErrDeadlineExceeded
	}
	if c.pending == nil {
		ch := make(chan readResult, 1)
		c.pending = ch
		go func() {
			v, err := c.rio.await(context.Background(), "read", c.id)
			if err != nil {
				ch <- readResult{err: err}
				return
			}
			if v.IsNull() {
				ch <- readResult{eof: true}
				return
			}
			ch <- readResult{data: bytesFromJS(v)}
		}()
	}
	pending := c.pending
	timeout, stop := deadlineDone(c.readDeadline)
	c.mu.Unlock()
	defer stop()
	select {
	case r := <-pending:
		c.mu.Lock()
		defer c.mu.Unlock()
		c.pending = nil
		if r.err != nil {
			return 0, &net.OpError{Op: "read", Net: "tcp", Addr: c.remote, Err: r.err}
		}
		if r.eof {
			c.eof = true
			return 0, io.EOF
		}
		n := copy(b, r.data)
		c.buf = r.data[n:]
		return n, nil
	case <-timeout:
		return 0, os.ErrDeadlineExceeded
	case <-c.closeCh:
		return 0, net.ErrClosed
	}
}

func (c *socketConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, net.ErrClosed
	}
	d := c.writeDeadline
	c.mu.Unlock()
	if !d.IsZero() && !time.Now().Before(d) {
		return 0, os.ErrDeadlineExceeded
	}
	ctx := context.Background()
	if !d.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	if _, err := c.rio.await(ctx, "write", c.id, bytesToJS(b)); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return 0, os.ErrDeadlineExceeded
		}
		return 0, &net.OpError{Op: "write", Net: "tcp", Addr: c.remote, Err: err}
	}
	return len(b), nil
}

func (c *socketConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	close(c.closeCh)
	c.rio.post("close", c.id)
	return nil
}

func (c *socketConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDeadline, c.writeDeadline = t, t
	return nil
}

func (c *socketConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDeadline = t
	return nil
}

func (c *socketConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeDeadline = t
	return nil
}

func (c *socketConn) RemoteAddr() net.Addr { return c.remote }

func (c *socketConn) LocalAddr() net.Addr { return dialedAddr("worker") }

var _ net.Conn = (*socketConn)(nil)
