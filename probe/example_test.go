package probe_test

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/whichport/whichport/probe"
)

func ExampleReadReply() {
	in := "250-smtp.example.com Hello\r\n250-SIZE 35882577\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
	r, err := probe.ReadReply(bufio.NewReader(strings.NewReader(in)), probe.Limits{})
	if err != nil {
		panic(err)
	}
	c := probe.ParseCapabilities(r)
	fmt.Println(r.Code, len(r.Lines), c.StartTLS, c.Size, c.Auth)
	// Output: 250 4 true 35882577 [PLAIN LOGIN]
}

func ExampleSMTPError() {
	r, _ := probe.ReadReply(bufio.NewReader(strings.NewReader("421 4.7.0 Try again later\r\n")), probe.Limits{})
	var se *probe.SMTPError
	if errors.As(r.Err(), &se) {
		fmt.Println(se.Code, se.Enhanced, se.Permanent)
	}
	_, err := probe.ReadReply(bufio.NewReader(strings.NewReader("\x16\x03\x03\x00\x2a...\n")), probe.Limits{})
	fmt.Println(errors.Is(err, probe.ErrMalformedReply))
	// Output:
	// 421 4.7.0 false
	// true
}
