//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
)

// requestIO is one request's way to the Workers runtime: the loader's io
// function (worker.mjs), which runs each operation in that request's own
// context (see the loader's comment for why).
type requestIO struct{ call js.Value }

type ioKey struct{}

// ioFrom returns the requestIO of the request ctx belongs to.
func ioFrom(ctx context.Context) (requestIO, bool) {
	r, ok := ctx.Value(ioKey{}).(requestIO)
	return r, ok
}

// post queues op without waiting for it.
func (r requestIO) post(op string, args ...any) {
	r.call.Invoke(op, js.ValueOf(args), js.Null())
}

// await runs op and waits for its result or for ctx to end (the operation
// then finishes on its own; its result is dropped).
func (r requestIO) await(ctx context.Context, op string, args ...any) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	var cb js.Func
	cb = js.FuncOf(func(_ js.Value, a []js.Value) any {
		cb.Release()
		if len(a) > 0 && !a[0].IsNull() && !a[0].IsUndefined() {
			done <- result{err: errors.New(a[0].String())}
			return nil
		}
		v := js.Undefined()
		if len(a) > 1 {
			v = a[1]
		}
		done <- result{v: v}
		return nil
	})
	r.call.Invoke(op, js.ValueOf(args), cb)
	select {
	case res := <-done:
		return res.v, res.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}

// bytesToJS copies b into a new Uint8Array.
func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// bytesFromJS copies a Uint8Array (null or undefined: none) into Go.
func bytesFromJS(v js.Value) []byte {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

// parseHeaderText reads the loader's "Name: value\r\n" lines.
func parseHeaderText(s string) http.Header {
	h := http.Header{}
	for line := range strings.SplitSeq(s, "\r\n") {
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		h.Add(name, value)
	}
	return h
}

// headerPairs turns h into [[name, value], ...] for the Headers constructor.
func headerPairs(h http.Header) js.Value {
	var pairs []any
	for name, values := range h {
		for _, v := range values {
			pairs = append(pairs, []any{name, v})
		}
	}
	return js.ValueOf(pairs)
}

// newRequest builds the http.Request of a request object from the loader.
func newRequest(o js.Value) (*http.Request, error) {
	u, err := url.Parse(o.Get("url").String())
	if err != nil {
		return nil, err
	}
	body := bytesFromJS(o.Get("body"))
	h := parseHeaderText(o.Get("headers").String())
	r := &http.Request{
		Method:        o.Get("method").String(),
		URL:           u,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Host:          u.Host,
		RequestURI:    u.RequestURI(),
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
	}
	return r, nil
}

// responseWriter collects the answer and sends it whole when the handler
// returns, or streams it from the first Flush on (server-sent events).
type responseWriter struct {
	io      requestIO
	header  http.Header
	status  int
	buf     bytes.Buffer
	started bool // headers sent, body streaming
}

var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ http.Flusher        = (*responseWriter)(nil)
)

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *responseWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.buf.Write(b)
}

func (w *responseWriter) Flush() {
	w.WriteHeader(http.StatusOK)
	if !w.started {
		w.started = true
		w.io.post("stream", w.status, headerPairs(w.header))
	}
	if w.buf.Len() > 0 {
		w.io.post("chunk", bytesToJS(w.buf.Bytes()))
		w.buf.Reset()
	}
}

// finish sends what the handler wrote.
func (w *responseWriter) finish() {
	w.WriteHeader(http.StatusOK)
	if w.started {
		w.Flush()
		w.io.post("end")
		return
	}
	w.header.Set("Content-Length", strconv.Itoa(w.buf.Len()))
	w.io.post("send", w.status, headerPairs(w.header), bytesToJS(w.buf.Bytes()))
}

// envValue reads a string variable from a request's env (wrangler.toml
// [vars], --var); "" when unset or not a string.
func envValue(env js.Value, name string) string {
	if env.IsUndefined() || env.IsNull() {
		return ""
	}
	v := env.Get(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// servePerIsolate hands the loader a serve function and parks main. The
// handler is built once, from the first request (its env and CF-Ray), and
// shared by every request after it: its limits and caches are safe for
// concurrent use (one Go instance runs every request in flight).
func servePerIsolate(build func(env js.Value, first *http.Request) (http.Handler, error)) {
	var (
		once    sync.Once
		handler http.Handler
		initErr error
	)
	serve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		o := args[0]
		rio := requestIO{call: o.Get("io")}
		env := o.Get("env")
		req, err := newRequest(o)
		go func() {
			w := &responseWriter{io: rio, header: http.Header{}}
			defer func() {
				if p := recover(); p != nil {
					rio.post("fail", fmt.Sprint("whichport worker: panic: ", p))
				}
			}()
			if err != nil {
				http.Error(w, `{"error":"bad request URL"}`, http.StatusBadRequest)
				w.finish()
				return
			}
			once.Do(func() { handler, initErr = build(env, req) })
			if initErr != nil {
				w.header.Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"error":"worker failed to start"}`))
				w.finish()
				return
			}
			ctx := context.WithValue(context.Background(), ioKey{}, rio)
			req = req.WithContext(ctx)
			prepareRequest(req)
			handler.ServeHTTP(w, req)
			w.finish()
		}()
		return nil
	})
	// tick does nothing: entering Go lets its scheduler fire due timers.
	tick := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	js.Global().Get("whichportWorker").Call("ready", serve, tick)
	select {}
}
