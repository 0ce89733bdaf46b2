package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// Exit statuses (documented in the help text and the README).
const (
	exitOK      = 0 // a working way to send, or no fault in the config or text
	exitProblem = 1 // a problem found: nothing works, a fault in the config, an error recognised
	exitUsage   = 2 // a usage error or bad input
)

// sys is what main reads from the process, passed in so tests run the
// command in process.
type sys struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       bool // stdout is a terminal
	now            func() time.Time
}

// options are the command-line flags.
type options struct {
	json     bool
	resolver string
	caFile   string
	timeout  time.Duration
	ehloName string
	library  string
	control  string
	ports    string
	noColor  bool
	write    bool
	block    int
	root     string
	version  bool
	help     bool
}

// usageError is bad input: one line to stderr, exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

const defaultTimeout = 8 * time.Second

const helpText = `whichport: which SMTP port works from this machine, and is something blocking the others?

Usage:
  whichport [flags] HOST           probe 587, 465, 2525, the provider's alternates and 25 of HOST
  whichport [flags] EMAIL          the same on the address's submission host (SRV, autoconfig)
  whichport [flags] smtps://HOST   the URL's port and TLS mode first (also smtp://, HOST:PORT)
  whichport check [flags] DOMAIN   the whole check of a mail domain, as /api/v1/check
  whichport explain [flags] FILE   read a mail config (- for stdin), say what is wrong, print it fixed
  whichport error [flags] TEXT     explain an error message (- reads a log from stdin)

Flags:
  --json            print the API's own JSON, one document (same field names)
  --resolver H:P    DNS server to ask (default: the system's)
  --ca-file PEM     more CA certificates to trust when checking certificates
  --timeout D       give up on a connection step after D (default 8s; the greeting may take
                    2.5×D, at least D+5s; the whole run 5.6×D)
  --ehlo-name NAME  name to send in EHLO (default whichport.invalid)
  --library LIB     also print a ready-to-paste snippet for LIB (nodemailer, python-smtplib,
                    go-net-smtp, django, laravel, rails, phpmailer, javamail, mailkit, postfix...)
  --control HOST    when a port times out, also try to connect (TCP only) to HOST on that
                    port to tell a local block from a server problem; default: an unrelated
                    provider that documents the port (smtp.sendgrid.net...); "none" turns it off
  --ports LIST      probe these ports instead (e.g. 587,465)
  --write           explain: save the fixed config in place, after a backup to FILE.bak
  --block N         explain: read block N of a file that holds several (code blocks, msmtp
                    accounts); explain lists them
  --root DIR        read this machine's identity (DMI, well-known files) under DIR, not /
  --no-color        no colour (so does the NO_COLOR environment variable)
  --version         print the version

Exit status:
  0  there is a working way to send (or the config or text shows no fault)
  1  a problem was found: no port works, the config has a fault, an error was recognised
  2  usage error or bad input

It never sends MAIL, RCPT, DATA or AUTH, and never asks a cloud metadata service where it
runs: the provider is told from local facts (DMI strings, well-known files, environment).
`

func newFlags(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("whichport", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.json, "json", false, "")
	fs.StringVar(&o.resolver, "resolver", "", "")
	fs.StringVar(&o.caFile, "ca-file", "", "")
	fs.DurationVar(&o.timeout, "timeout", defaultTimeout, "")
	fs.StringVar(&o.ehloName, "ehlo-name", "", "")
	fs.StringVar(&o.library, "library", "", "")
	fs.StringVar(&o.control, "control", "", "")
	fs.StringVar(&o.ports, "ports", "", "")
	fs.BoolVar(&o.noColor, "no-color", false, "")
	fs.BoolVar(&o.write, "write", false, "")
	fs.IntVar(&o.block, "block", 0, "")
	fs.StringVar(&o.root, "root", "/", "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.help, "help", false, "")
	fs.BoolVar(&o.help, "h", false, "")
	return fs
}

// parseArgs parses flags wherever they are among the arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version // go install ...@v1.2.3
	}
	return version
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, s sys) int {
	var o options
	rest, err := parseArgs(newFlags(&o), args)
	if errors.Is(err, flag.ErrHelp) {
		o.help = true
	} else if err != nil {
		return fail(s, usagef("%s", flagError(err)))
	}
	switch {
	case o.help:
		io.WriteString(s.stdout, helpText)
		return exitOK
	case o.version:
		fmt.Fprintln(s.stdout, "whichport", versionString())
		return exitOK
	case len(rest) == 0:
		return fail(s, usagef("give a host, an email address or a command: whichport smtp.example.com (whichport --help)"))
	}
	if err := o.validate(); err != nil {
		return fail(s, err)
	}
	out := newOutput(s, o)
	var code int
	switch rest[0] {
	case "check":
		code, err = cmdCheck(ctx, s, o, out, rest[1:])
	case "explain":
		code, err = cmdExplain(s, o, out, rest[1:])
	case "error":
		code, err = cmdError(s, o, out, rest[1:])
	default:
		if len(rest) > 1 {
			return fail(s, usagef("one target at a time, not %d: whichport %s", len(rest), rest[0]))
		}
		code, err = cmdHost(ctx, s, o, out, rest[0])
	}
	if err != nil {
		return fail(s, err)
	}
	return code
}

// flagError makes the flag package's message say what to do.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag " + name + " (whichport --help lists the flags)"
	}
	return msg + " (whichport --help)"
}

func (o options) validate() error {
	if o.block < 0 {
		return usagef("--block %d: give a block number from 1, as explain lists them", o.block)
	}
	if o.timeout <= 0 || o.timeout > 5*time.Minute {
		return usagef("--timeout %s: give a duration between 1s and 5m, such as 10s", o.timeout)
	}
	if o.ehloName != "" && probe.ValidEHLOName(o.ehloName) != nil {
		return usagef("--ehlo-name %q: give a host name without spaces, such as mail.example.com", o.ehloName)
	}
	if o.library != "" && !rules.ValidLibrary(o.library) {
		var names []string
		for _, l := range rules.Libraries() {
			if l != "" {
				names = append(names, string(l))
			}
		}
		return usagef("--library %q: use one of %s", o.library, strings.Join(names, ", "))
	}
	return nil
}

// fail prints err in one line and returns its exit status: 2 for bad
// input, 1 for anything else (a look-up that failed, a file not written).
func fail(s sys, err error) int {
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	fmt.Fprintln(s.stderr, "whichport: "+msg)
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitProblem
}
