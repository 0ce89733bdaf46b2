package probe

import (
	"bufio"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// Real replies, from Postfix, Exim, Gmail, Microsoft 365 and the RFCs; the
// fuzz corpus starts from them.
var realReplies = []string{
	"220 mx.google.com ESMTP a640c23a62f3a-abc.123 - gsmtp\r\n",
	"220-mail.example.com ESMTP Exim 4.96 Sun, 22 Nov 2026 08:00:00 +0000\r\n220-We do not authorize the use of this system to transport unsolicited,\r\n220 and/or bulk e-mail.\r\n",
	"250-smtp.gmail.com at your service, [203.0.113.7]\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
	"250-SN4PR0501CA0123.outlook.office365.com Hello [203.0.113.7]\r\n250-SIZE 157286400\r\n250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-AUTH LOGIN XOAUTH2\r\n250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
	"421 4.7.0 [TSS04] Messages from 203.0.113.7 temporarily deferred due to unexpected volume\r\n",
	"454 4.7.0 TLS not available due to local problem\r\n",
	"554 5.5.1 SMTP synchronization error\r\n",
	"220 2.0.0 Ready to start TLS\r\n",
	"502 5.5.2 Error: command not recognized\r\n",
	"250-mail.example.org\r\n250-AUTH=LOGIN PLAIN\r\n250 AUTH LOGIN PLAIN CRAM-MD5\r\n",
	"221 2.0.0 Bye\r\n",
	"250\r\n",
	"220 bare LF\n",
}

func TestReadReply(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		lim      Limits
		code     int
		enhanced string
		lines    []string
		err      error
	}{
		{name: "one line", in: "220 mx.test ESMTP\r\n", code: 220, lines: []string{"mx.test ESMTP"}},
		{name: "multi", in: "250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n", code: 250, lines: []string{"mx.test", "PIPELINING", "8BITMIME"}},
		{name: "enhanced", in: "421 4.7.0 Try again later\r\n", code: 421, enhanced: "4.7.0", lines: []string{"4.7.0 Try again later"}},
		{name: "enhanced class must match", in: "421 5.7.0 odd\r\n", code: 421, lines: []string{"5.7.0 odd"}},
		{name: "not enhanced", in: "250 1.2.3.4 is an address\r\n", code: 250, lines: []string{"1.2.3.4 is an address"}},
		{name: "bare code", in: "250\r\n", code: 250, lines: []string{""}},
		{name: "bare LF", in: "220 hi\n", code: 220, lines: []string{"hi"}},
		{name: "code changes", in: "250-a\r\n251 b\r\n", err: ErrMalformedReply},
		{name: "no separator", in: "250x\r\n", err: ErrMalformedReply},
		{name: "not digits", in: "HTTP/1.1 400 Bad Request\r\n", err: ErrMalformedReply},
		{name: "code out of range", in: "650 nope\r\n", err: ErrMalformedReply},
		{name: "second digit out of range", in: "270 nope\r\n", err: ErrMalformedReply},
		{name: "short", in: "25\r\n", err: ErrMalformedReply},
		{name: "tls alert", in: "\x15\x03\x01\x00\x02\x02\x28\n", err: ErrMalformedReply},
		{name: "empty line", in: "\r\n", err: ErrMalformedReply},
		{name: "line too long", in: "250 " + strings.Repeat("a", 3000) + "\r\n", err: ErrLineTooLong},
		{name: "line at the limit", in: "250 " + strings.Repeat("a", 10) + "\r\n", lim: Limits{MaxLineLength: 16}, code: 250, lines: []string{strings.Repeat("a", 10)}},
		{name: "line over the limit", in: "250 " + strings.Repeat("a", 11) + "\r\n", lim: Limits{MaxLineLength: 16}, err: ErrLineTooLong},
		{name: "too many lines", in: strings.Repeat("250-x\r\n", 5) + "250 y\r\n", lim: Limits{MaxLines: 5}, err: ErrTooManyLines},
		{name: "as many lines as allowed", in: strings.Repeat("250-x\r\n", 4) + "250 y\r\n", lim: Limits{MaxLines: 5}, code: 250, lines: []string{"x", "x", "x", "x", "y"}},
		{name: "eof at start", in: "", err: io.EOF},
		{name: "eof mid reply", in: "250-a\r\n", err: io.ErrUnexpectedEOF},
		{name: "eof mid line", in: "250 a", err: io.ErrUnexpectedEOF},
		// Crashers and surprises found by FuzzReadReply become rows here.
		{name: "fuzz: enhanced code of the wrong length", in: "250 2.0000.0 x\r\n", code: 250, lines: []string{"2.0000.0 x"}},
		{name: "fuzz: dots only", in: "250 ..\r\n", code: 250, lines: []string{".."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadReply(bufio.NewReader(strings.NewReader(tc.in)), tc.lim)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Code != tc.code || r.Enhanced != tc.enhanced || !slices.Equal(r.Lines, tc.lines) {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestReplyErr(t *testing.T) {
	r, _ := ReadReply(bufio.NewReader(strings.NewReader("421-4.7.0 mx.test busy\r\n421 4.7.0 try later\r\n")), Limits{})
	err := r.Err()
	var se *SMTPError
	if !errors.As(err, &se) || se.Code != 421 || se.Enhanced != "4.7.0" || se.Permanent || !se.Temporary() || se.Text != "4.7.0 mx.test busy\n4.7.0 try later" {
		t.Fatalf("%#v", se)
	}
	if err.Error() != "smtp: 421 4.7.0 mx.test busy / 4.7.0 try later" {
		t.Errorf("%q", err.Error())
	}
	r, _ = ReadReply(bufio.NewReader(strings.NewReader("554 no\r\n")), Limits{})
	if se, _ := r.Err().(*SMTPError); !se.Permanent || se.Error() != "smtp: 554 no" {
		t.Errorf("%#v", se)
	}
	r, _ = ReadReply(bufio.NewReader(strings.NewReader("250 ok\r\n")), Limits{})
	if r.Err() != nil {
		t.Error("250 is not an error")
	}
}

func TestParseCapabilities(t *testing.T) {
	r, err := ReadReply(bufio.NewReader(strings.NewReader(realReplies[3])), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	c := ParseCapabilities(r)
	if c.Size != 157286400 || !c.Pipelining || !c.DSN || !c.Enhanced || !c.EightBit || !c.Chunking || !c.SMTPUTF8 || c.StartTLS || c.RequireTLS {
		t.Errorf("%+v", c)
	}
	if !slices.Equal(c.Auth, []string{"LOGIN", "XOAUTH2"}) || len(c.Keywords) != 9 {
		t.Errorf("auth %v keywords %v", c.Auth, c.Keywords)
	}
	r, _ = ReadReply(bufio.NewReader(strings.NewReader(realReplies[9])), Limits{})
	if c := ParseCapabilities(r); !slices.Equal(c.Auth, []string{"LOGIN", "PLAIN", "CRAM-MD5"}) {
		t.Errorf("old AUTH= form: %v", c.Auth)
	}
	r, _ = ReadReply(bufio.NewReader(strings.NewReader("250-x\r\n250-requiretls\r\n250-SIZE\r\n250 SIZE 99999999999999999999999\r\n")), Limits{})
	if c := ParseCapabilities(r); !c.RequireTLS || c.Size != 0 {
		t.Errorf("%+v", c)
	}
}

func FuzzReadReply(f *testing.F) {
	for _, r := range realReplies {
		f.Add(r)
	}
	f.Add(strings.Repeat("250-x\r\n", 200))
	f.Fuzz(func(t *testing.T, in string) {
		lim := Limits{MaxLineLength: 512, MaxLines: 20}
		r, err := ReadReply(bufio.NewReader(strings.NewReader(in)), lim)
		if err != nil {
			if r.Code != 0 && len(r.Lines) == 0 {
				t.Fatalf("error %v with a half-filled reply %+v", err, r)
			}
			return
		}
		if r.Code < 200 || r.Code > 559 || len(r.Lines) == 0 || len(r.Lines) > lim.MaxLines {
			t.Fatalf("reply out of bounds: %+v", r)
		}
		for _, l := range r.Lines {
			if len(l) > lim.MaxLineLength || strings.ContainsAny(l, "\n") {
				t.Fatalf("line out of bounds: %q", l)
			}
		}
		if r.Enhanced != "" && (r.Enhanced[0] != byte('0'+r.Code/100) || !strings.HasPrefix(r.Lines[0], r.Enhanced)) {
			t.Fatalf("enhanced %q for %d %q", r.Enhanced, r.Code, r.Lines[0])
		}
		// What was parsed parses again the same.
		var b strings.Builder
		for i, l := range r.Lines {
			sep := "-"
			if i == len(r.Lines)-1 {
				sep = " "
			}
			b.WriteString(itoa(r.Code) + sep + l + "\r\n")
		}
		r2, err := ReadReply(bufio.NewReader(strings.NewReader(b.String())), lim)
		if err != nil && !errors.Is(err, ErrLineTooLong) {
			t.Fatalf("reparse of %q: %v", b.String(), err)
		}
		if err == nil && (r2.Code != r.Code || !slices.Equal(r2.Lines, r.Lines)) {
			t.Fatalf("reparse differs: %+v vs %+v", r2, r)
		}
		_ = ParseCapabilities(r)
		if e := r.Err(); e != nil {
			_ = e.Error()
		}
	})
}

func newReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
