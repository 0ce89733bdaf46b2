package probe

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what the prober reads from a peer. Zero fields take the
// package defaults (see the accessors).
type Limits struct {
	MaxLineLength int // bytes in one reply line, CRLF included; default 2048
	MaxLines      int // lines in one reply; default 100
}

// Package defaults for Limits and the per-connection byte budget.
const (
	DefaultMaxLineLength = 2048
	DefaultMaxLines      = 100
	DefaultMaxBytes      = 64 << 10
)

func (l Limits) maxLineLength() int {
	if l.MaxLineLength > 0 {
		return l.MaxLineLength
	}
	return DefaultMaxLineLength
}

func (l Limits) maxLines() int {
	if l.MaxLines > 0 {
		return l.MaxLines
	}
	return DefaultMaxLines
}

// SMTPError is a reply of class 4 or 5 (RFC 5321 §4.2), as an error.
type SMTPError struct {
	Code      int    // 421, 454, 554...
	Enhanced  string // "4.7.0" (RFC 3463), "" when the reply has none
	Text      string // every line's text, joined with "\n"
	Permanent bool   // 5xx
}

func (e *SMTPError) Error() string {
	s := "smtp: " + strconv.Itoa(e.Code)
	if e.Enhanced != "" && !strings.HasPrefix(e.Text, e.Enhanced) {
		s += " " + e.Enhanced
	}
	if e.Text != "" {
		s += " " + strings.ReplaceAll(e.Text, "\n", " / ")
	}
	return s
}

// Temporary reports whether the reply was a 4xx (try again later).
func (e *SMTPError) Temporary() bool { return !e.Permanent }

// Err returns the reply as an *SMTPError when it is of class 4 or 5, else nil.
func (r Reply) Err() error {
	if r.Code < 400 {
		return nil
	}
	return &SMTPError{Code: r.Code, Enhanced: r.Enhanced, Text: strings.Join(r.Lines, "\n"), Permanent: r.Code >= 500}
}

// Text is every line of the reply joined with "\n", codes left out.
func (r Reply) Text() string { return strings.Join(r.Lines, "\n") }

// ReadReply reads one SMTP reply (RFC 5321 §4.2): one or more lines, each a
// three-digit code followed by "-" (more lines follow) or " " (the last line).
// Every line is kept, without its code and CRLF. A line longer than
// lim.MaxLineLength fails with ErrLineTooLong, a reply of more than
// lim.MaxLines lines with ErrTooManyLines, anything that is not a reply line
// (or a code that changes between lines) with ErrMalformedReply. An early
// end of input is io.ErrUnexpectedEOF (io.EOF when nothing at all was read).
func ReadReply(br *bufio.Reader, lim Limits) (Reply, error) {
	var r Reply
	_, err := readReply(br, lim, &r, nil)
	return r, err
}

// readReply is ReadReply that also hands every raw line (without CRLF) to
// onLine, for the transcript.
func readReply(br *bufio.Reader, lim Limits, r *Reply, onLine func(string)) (int, error) {
	*r = Reply{}
	n := 0
	for {
		line, err := readLine(br, lim.maxLineLength())
		if err != nil {
			if err == io.EOF && n > 0 {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
		n++
		if onLine != nil {
			onLine(line)
		}
		code, more, text, ok := parseReplyLine(line)
		if !ok {
			return n, &malformedError{line: line}
		}
		if n == 1 {
			r.Code = code
		} else if code != r.Code {
			return n, &malformedError{line: line, why: "code changed within one reply"}
		}
		r.Lines = append(r.Lines, text)
		if !more {
			r.Enhanced = enhancedCode(r.Code, r.Lines[0])
			return n, nil
		}
		if n >= lim.maxLines() {
			return n, ErrTooManyLines
		}
	}
}

type malformedError struct {
	line string
	why  string
}

func (e *malformedError) Error() string {
	s := "probe: malformed SMTP reply"
	if e.why != "" {
		s += " (" + e.why + ")"
	}
	return s + ": " + strconv.Quote(truncate(e.line, 64))
}

func (e *malformedError) Unwrap() error { return ErrMalformedReply }

// readLine reads one line ending in LF (CRLF or a bare LF), returned without
// them; at most max bytes, terminator included.
func readLine(br *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > max {
			return "", ErrLineTooLong
		}
		buf = append(buf, chunk...)
		if err == nil {
			break
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) > 0 {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	buf = bytes.TrimSuffix(buf, []byte("\r"))
	return string(buf), nil
}

// parseReplyLine splits "250-text", "250 text" or a bare "250".
func parseReplyLine(line string) (code int, more bool, text string, ok bool) {
	if len(line) < 3 {
		return 0, false, "", false
	}
	for i := 0; i < 3; i++ {
		if line[i] < '0' || line[i] > '9' {
			return 0, false, "", false
		}
	}
	if line[0] < '2' || line[0] > '5' || line[1] > '5' {
		return 0, false, "", false
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	if len(line) == 3 {
		return code, false, "", true
	}
	switch line[3] {
	case '-':
		more = true
	case ' ':
	default:
		return 0, false, "", false
	}
	return code, more, line[4:], true
}

// enhancedCode returns the RFC 3463 status code at the start of text when
// its class matches the reply code ("4.7.0" for a 421), else "".
func enhancedCode(code int, text string) string {
	end := strings.IndexByte(text, ' ')
	if end < 0 {
		end = len(text)
	}
	s := text[:end]
	parts := strings.Split(s, ".")
	if len(parts) != 3 || len(parts[0]) != 1 || byte('0'+code/100) != parts[0][0] {
		return ""
	}
	for i, p := range parts {
		if p == "" || len(p) > 3 || (i == 0 && len(p) != 1) {
			return ""
		}
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return ""
			}
		}
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// checkLine rejects a command that would smuggle CR or LF to the peer.
func checkLine(s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return ErrCRLF
	}
	return nil
}

var _ error = (*SMTPError)(nil)

// isSMTPError reports whether err is or wraps an *SMTPError.
func isSMTPError(err error) (*SMTPError, bool) {
	var e *SMTPError
	ok := errors.As(err, &e)
	return e, ok
}

// printable shows a line a hostile or confused peer sent (TLS records,
// terminal escapes, invalid UTF-8) with Go escapes, so that the transcript
// is safe to display; ordinary lines are unchanged.
func printable(s string) string {
	ok := utf8.ValidString(s)
	for i := 0; ok && i < len(s); i++ {
		if (s[i] < ' ' && s[i] != '\t') || s[i] == 0x7f {
			ok = false
		}
	}
	if ok {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
