//go:build js && wasm

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/lookup"
)

// fetchDoer sends HTTP requests with the Workers fetch() API, through the
// loader in the context of the request they are made for, following no
// redirects (MTA-STS forbids them) and honouring the request's context.
// The loader reads the whole response body (up to 1 MiB).
type fetchDoer struct {
	guard *api.Guard
}

var _ lookup.Fetcher = (*fetchDoer)(nil)

func (d *fetchDoer) Fetch(req *http.Request) (*http.Response, error) {
	if err := checkFetchURL(req, d.guard); err != nil {
		return nil, err
	}
	rio, ok := ioFrom(req.Context())
	if !ok {
		return nil, errors.New("worker: fetch outside a request")
	}
	var body any // undefined: no body
	if req.Body != nil {
		b, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = bytesToJS(b)
	}
	var headers []any
	for name, values := range req.Header {
		for _, v := range values {
			headers = append(headers, []any{name, v})
		}
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	v, err := rio.await(req.Context(), "fetch", req.URL.String(), method, headers, body)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("fetch %s: %w", req.URL.Redacted(), err)
	}
	status := v.Get("status").Int()
	data := bytesFromJS(v.Get("body"))
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        parseHeaderText(v.Get("headers").String()),
		Body:          io.NopCloser(bytes.NewReader(data)),
		ContentLength: int64(len(data)),
		Request:       req,
	}, nil
}
