// Package testlog is a log sink for tests: a [Buffer] that writers on
// several goroutines (a slog handler under concurrent requests, a child
// process's stdout and stderr) share while the test reads what they wrote.
//
//	logs := &testlog.Buffer{}
//	logger := slog.New(slog.NewTextHandler(logs, nil))
//	... // run the handlers
//	if strings.Contains(logs.String(), "secret") { t.Error(...) }
package testlog

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer safe for concurrent Write and String.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
