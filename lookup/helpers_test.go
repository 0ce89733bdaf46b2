package lookup_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

type failingDoer struct{}

func (failingDoer) Fetch(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}
