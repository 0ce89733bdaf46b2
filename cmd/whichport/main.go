// Command whichport answers, from the machine mail is sent from, "which
// SMTP port works here, and is my host blocking the others?". It runs the
// same engine, probes and checks as the whichport server, but from here:
// the network it sees is the one your application or mail server uses.
//
//	whichport smtp.example.com          probe 587, 465, 2525, the provider's alternates and 25
//	whichport you@example.com           the same on the address's submission host
//	whichport smtps://smtp.example.com  the URL's port and mode first, then the others
//	whichport check example.com         the whole check of a mail domain (MX, submission, MTA-STS...)
//	whichport explain FILE|-            read a mail config, say what is wrong, print it fixed
//	whichport error TEXT|-              explain an error message or a log
//
// It never sends MAIL, RCPT, DATA or AUTH, and never asks a cloud metadata
// endpoint where it runs: it reads that from local facts (hostenv).
//
// This is the only package of the tool that reads flags, the environment
// and the wall clock; run gets them as arguments, so tests call it in
// process as well as running the built binary.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// version is stamped by `make dist` (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fi, err := os.Stdout.Stat()
	terminal := err == nil && fi.Mode()&os.ModeCharDevice != 0
	if runtime.GOOS == "windows" && os.Getenv("WT_SESSION") == "" {
		terminal = false // the classic console shows ANSI escapes as text
	}
	os.Exit(run(ctx, os.Args[1:], sys{
		stdin:    os.Stdin,
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		getenv:   os.Getenv,
		terminal: terminal,
		now:      time.Now,
	}))
}
