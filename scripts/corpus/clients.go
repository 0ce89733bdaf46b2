package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// A client is one library or tool and how to run it for a scenario.
type client struct {
	id      string // file name in the corpus
	name    string // what a user calls it
	version func() (string, error)
	// command returns the command line for a scenario; env holds the
	// SMTP_* and MAIL_* settings and stdin the message (for the tools).
	command func(s scenario) []string
	// prepare builds what the client needs (a Go binary, Java classes).
	build   func() error
	only    func(s scenario) bool // nil: every scenario
	env     []string              // more environment
	noStdin bool                  // the message is not given on standard input
	limit   time.Duration         // when to end a hung run; 0 = hardLimit
	// cause, when set, names the cause for a scenario where this client
	// stops at a different fault than the scenario's own (nil: the
	// scenario's cause).
	cause   func(s scenario) string
	ver     string
	skipped error
}

// entry is one recorded run.
type entry struct {
	scenario scenario
	text     string
	exit     int
	elapsed  time.Duration
	killed   bool
	limit    time.Duration
}

// hardLimit ends a client that hangs: every client is told to give up after
// 5 s, so reaching this is itself worth a note.
const hardLimit = 25 * time.Second

func (c *client) prepare() error {
	if c.build != nil {
		if err := c.build(); err != nil {
			return err
		}
	}
	v, err := c.version()
	if err != nil {
		return err
	}
	c.ver = strings.TrimSpace(v)
	return nil
}

func (c *client) applies(s scenario) bool { return c.only == nil || c.only(s) }

func message(s scenario) string {
	body := "Hello from the whichport corpus."
	if s.big {
		line := strings.Repeat("x", 75) + "\n"
		body = strings.TrimSuffix(strings.Repeat(line, 60*1024/len(line)), "\n")
	}
	return body
}

func (c *client) run(ctx context.Context, s scenario) entry {
	limit := c.limit
	if limit == 0 {
		limit = hardLimit
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	argv := c.command(s)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = time.Second
	body := message(s)
	cmd.Env = append(os.Environ(),
		"SMTP_HOST="+s.host, fmt.Sprintf("SMTP_PORT=%d", s.port), "SMTP_SECURITY="+s.security,
		"MAIL_FROM="+mailFrom, "MAIL_TO="+s.to, "MAIL_BODY="+body,
		// Python, Ruby, PHP, Perl, curl, Go and OpenSSL read the trusted
		// roots from these; Node from NODE_EXTRA_CA_CERTS.
		"LANG=C.UTF-8", "TZ=UTC")
	if s.user != "" {
		cmd.Env = append(cmd.Env, "SMTP_USER="+s.user, "SMTP_PASS="+s.password)
	}
	cmd.Env = append(cmd.Env, c.env...)
	if !c.noStdin {
		cmd.Stdin = strings.NewReader("From: " + mailFrom + "\r\nTo: " + s.to + "\r\nSubject: whichport corpus\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n") + "\r\n")
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	e := entry{scenario: s, text: out.String(), elapsed: time.Since(start), limit: limit}
	if c.cause != nil {
		e.scenario.cause = c.cause(s)
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		e.killed = true
		e.exit = -1
	case errors.As(err, &exit):
		e.exit = exit.ExitCode()
	case err != nil:
		e.text += "\n(corpus: " + err.Error() + ")"
		e.exit = -1
	}
	return e
}

func output(name string, args ...string) func() (string, error) {
	return func() (string, error) {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("%s: %v: %s", name, err, bytes.TrimSpace(out))
		}
		return string(out), nil
	}
}

func firstLine(f func() (string, error)) func() (string, error) {
	return func() (string, error) {
		s, err := f()
		s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
		return s, err
	}
}

func joinVersions(fs ...func() (string, error)) func() (string, error) {
	return func() (string, error) {
		var parts []string
		for _, f := range fs {
			s, err := f()
			if err != nil {
				return "", err
			}
			parts = append(parts, strings.TrimSpace(s))
		}
		return strings.Join(parts, "; "), nil
	}
}

func debVersion(pkg string) func() (string, error) {
	return func() (string, error) {
		out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
		if err != nil || len(out) == 0 {
			return "", fmt.Errorf("Debian package %s is not installed", pkg)
		}
		return pkg + " " + string(out), nil
	}
}

// python3 is Debian's interpreter (its smtplib and Django are the packaged
// ones), not whatever python3 comes first in PATH.
const python3 = "/usr/bin/python3"

func allClients(scriptDir, work string, env *serverEnv) []*client {
	cl := filepath.Join(scriptDir, "clients")
	ca := env.caFile
	caEnv := []string{"SSL_CERT_FILE=" + ca, "CURL_CA_BUNDLE=" + ca}
	goBin := filepath.Join(work, "gosend")
	javaClasses := filepath.Join(work, "java")
	jars := "/usr/share/java/jakarta-mail.jar:/usr/share/java/jakarta-activation.jar"
	onlyTLS := func(s scenario) bool { return s.tls }
	return []*client{
		{
			id: "python-smtplib", name: "Python smtplib",
			version: output(python3, "-c", "import sys; print('Python', sys.version.split()[0])"),
			command: func(s scenario) []string { return []string{python3, filepath.Join(cl, "send.py")} },
			env:     caEnv,
		},
		{
			id: "django", name: "Django send_mail",
			version: joinVersions(output(python3, "-c", "import django; print('Django', django.get_version())"), output(python3, "-c", "import sys; print('Python', sys.version.split()[0])")),
			command: func(s scenario) []string { return []string{python3, filepath.Join(cl, "django_send.py")} },
			env:     caEnv,
		},
		{
			id: "nodemailer", name: "nodemailer",
			version: joinVersions(output("node", "-p", "'nodemailer '+require('"+filepath.Join(cl, "node", "node_modules", "nodemailer", "package.json")+"').version"), output("node", "-p", "'Node.js '+process.version")),
			command: func(s scenario) []string { return []string{"node", filepath.Join(cl, "node", "send.mjs")} },
			env:     []string{"NODE_EXTRA_CA_CERTS=" + ca},
		},
		{
			id: "go-net-smtp", name: "Go net/smtp",
			build: func() error {
				cmd := exec.Command("go", "build", "-o", goBin, "./scripts/corpus/clients/gosend")
				if out, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("go build: %v: %s", err, out)
				}
				return nil
			},
			version: output("go", "env", "GOVERSION"),
			command: func(s scenario) []string { return []string{goBin} },
			env:     caEnv,
			// smtp.PlainAuth refuses to send the password over a connection
			// without TLS (to any host but localhost): "unencrypted
			// connection", before the server's AUTH offer matters.
			cause: func(s scenario) string {
				if s.security == "plain" && s.user != "" {
					return "starttls-required"
				}
				return s.cause
			},
		},
		{
			id: "phpmailer", name: "PHPMailer",
			version: joinVersions(output("php", "-r", "require '/usr/share/php/libphp-phpmailer/autoload.php'; echo 'PHPMailer ', PHPMailer\\PHPMailer\\PHPMailer::VERSION;"), firstLine(output("php", "-v"))),
			command: func(s scenario) []string { return []string{"php", filepath.Join(cl, "send.php")} },
			env:     caEnv,
		},
		{
			id: "ruby-net-smtp", name: "Ruby net-smtp",
			version: output("ruby", "-rnet/smtp", "-e", "puts \"net-smtp #{Net::SMTP::VERSION}; ruby #{RUBY_VERSION}\""),
			command: func(s scenario) []string { return []string{"ruby", filepath.Join(cl, "send.rb")} },
			env:     caEnv,
		},
		{
			id: "jakarta-mail", name: "Jakarta Mail",
			build: func() error {
				if env.trustStore == "" {
					return errors.New("keytool is missing (JDK)")
				}
				cmd := exec.Command("javac", "-cp", jars, "-d", javaClasses, filepath.Join(cl, "Send.java"))
				if out, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("javac: %v: %s", err, out)
				}
				return nil
			},
			version: joinVersions(debVersion("libjakarta-mail-java"), firstLine(output("java", "-version"))),
			limit:   90 * time.Second, // a JVM starts slowly on a busy machine
			command: func(s scenario) []string {
				return []string{"java", "-XX:TieredStopAtLevel=1", "-Djavax.net.ssl.trustStore=" + env.trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
					"-Djavax.net.ssl.trustStoreType=PKCS12", "-cp", javaClasses + ":" + jars, "Send"}
			},
		},
		{
			id: "perl-net-smtp", name: "Perl Net::SMTP",
			version: output("perl", "-MNet::SMTP", "-MIO::Socket::SSL", "-e", "print qq{Net::SMTP $Net::SMTP::VERSION; IO::Socket::SSL $IO::Socket::SSL::VERSION; perl $^V}"),
			command: func(s scenario) []string { return []string{"perl", filepath.Join(cl, "send.pl")} },
			env:     caEnv,
		},
		{
			id: "curl", name: "curl",
			version: firstLine(output("curl", "--version")),
			command: func(s scenario) []string {
				scheme := "smtp"
				if s.security == "implicit" {
					scheme = "smtps"
				}
				argv := []string{"curl", "-sS", "--connect-timeout", "5", "--max-time", "5",
					"--url", fmt.Sprintf("%s://%s:%d", scheme, s.host, s.port),
					"--mail-from", mailFrom, "--mail-rcpt", s.to, "--upload-file", "-"}
				if s.security == "starttls" {
					argv = append(argv, "--ssl-reqd")
				}
				if s.user != "" {
					argv = append(argv, "--user", s.user+":"+s.password)
				}
				return argv
			},
			env: caEnv,
		},
		{
			id: "msmtp", name: "msmtp",
			version: firstLine(output("msmtp", "--version")),
			command: func(s scenario) []string {
				tls, starttls := "off", "on"
				switch s.security {
				case "starttls":
					tls = "on"
				case "implicit":
					tls, starttls = "on", "off"
				}
				argv := []string{"msmtp", "--host=" + s.host, fmt.Sprintf("--port=%d", s.port), "--timeout=5",
					"--tls=" + tls, "--tls-starttls=" + starttls, "--tls-trust-file=" + ca, "--from=" + mailFrom}
				if s.user != "" {
					argv = append(argv, "--auth=on", "--user="+s.user, "--passwordeval=echo "+s.password)
				} else {
					argv = append(argv, "--auth=off")
				}
				return append(argv, "--", s.to)
			},
		},
		{
			id: "swaks", name: "swaks",
			version: firstLine(output("swaks", "--version")),
			command: func(s scenario) []string {
				argv := []string{"swaks", "--server", s.host, "--port", fmt.Sprint(s.port), "--from", mailFrom, "--to", s.to,
					"--timeout", "5", "--suppress-data", "--tls-verify", "--tls-ca-path", ca}
				switch s.security {
				case "starttls":
					argv = append(argv, "--tls")
				case "implicit":
					argv = append(argv, "--tls-on-connect")
				}
				if s.user != "" {
					argv = append(argv, "--auth", "--auth-user", s.user, "--auth-password", s.password)
				}
				if s.big {
					argv = append(argv, "--body", "-")
				}
				return argv
			},
		},
		{
			id: "openssl-s-client", name: "openssl s_client",
			version: firstLine(output("openssl", "version")),
			only:    onlyTLS,
			noStdin: true,
			command: func(s scenario) []string {
				argv := []string{"openssl", "s_client", "-connect", fmt.Sprintf("%s:%d", s.host, s.port), "-verify_return_error", "-brief"}
				if _, err := netip.ParseAddr(s.host); err == nil {
					argv = append(argv, "-verify_ip", s.host)
				} else {
					argv = append(argv, "-verify_hostname", s.host, "-servername", s.host)
				}
				if s.security == "starttls" {
					argv = append(argv, "-starttls", "smtp")
				}
				return argv
			},
			env: caEnv,
		},
	}
}
