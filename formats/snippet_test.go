package formats

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/whichport/whichport/rules"
)

var updateSnippetGolden = flag.Bool("update-snippets", false, "rewrite testdata/snippets/*.golden from the current output")

var snippetLibs = []rules.Library{
	rules.LibNodemailer, rules.LibSmtplib, rules.LibGoNetSMTP, rules.LibSmtpClient, rules.LibMailKit, rules.LibPHPMailer,
	rules.LibDjango, rules.LibLaravel, rules.LibRails, rules.LibJavaMail, rules.LibPostfix, rules.LibMailClient,
}

var snippetGoldenSettings = []rules.Settings{
	{Host: "smtp.example.com", Port: 587, Security: rules.SecurityStartTLS, Auth: rules.AuthPassword, Username: "user@example.com", PasswordPresent: true},
	{Host: "smtp.example.com", Port: 465, Security: rules.SecurityImplicit, Auth: rules.AuthAppPassword, Username: "user@example.com"},
	{Host: "localhost", Port: 25, Security: rules.SecurityNone, Auth: rules.AuthNone},
	{Host: "smtp.sendgrid.net", Port: 2525, Security: rules.SecurityStartTLS, Auth: rules.AuthAPIKey, Username: "apikey"},
	{}, // nothing given: placeholders and notes
}

func snippetGoldenName(lib rules.Library, s rules.Settings) string {
	sec := string(s.Security)
	if sec == "" {
		sec = "unset"
	}
	return string(lib) + "-" + strconv.Itoa(s.Port) + "-" + sec + ".golden"
}

func TestSnippetGolden(t *testing.T) {
	for _, s := range snippetGoldenSettings {
		for _, lib := range snippetLibs {
			name := snippetGoldenName(lib, s)
			t.Run(name, func(t *testing.T) {
				sn, ok := SnippetFor(lib, s)
				if !ok {
					t.Fatalf("SnippetFor(%s) not ok", lib)
				}
				path := filepath.Join("testdata", "snippets", name)
				if *updateSnippetGolden {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(sn.Code), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./rules -run TestSnippetGolden -update-snippets)", err)
				}
				if sn.Code != string(want) {
					t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, sn.Code, want)
				}
			})
		}
	}
}

// The option names of FACTS §5, per library and TLS mode.
func TestSnippetOptionNames(t *testing.T) {
	type want struct{ has, hasNot []string }
	cases := map[rules.Library]map[rules.Security]want{
		rules.LibNodemailer: {
			rules.SecurityImplicit: {has: []string{"secure: true", "port: 465"}, hasNot: []string{"secure: false", "requireTLS"}},
			rules.SecurityStartTLS: {has: []string{"secure: false", "requireTLS: true", "port: 587"}, hasNot: []string{"secure: true,"}},
		},
		rules.LibSmtplib: {
			rules.SecurityImplicit: {has: []string{"smtplib.SMTP_SSL(\"smtp.example.com\", 465"}, hasNot: []string{"starttls(", "smtplib.SMTP("}},
			rules.SecurityStartTLS: {has: []string{"smtplib.SMTP(\"smtp.example.com\", 587", "server.starttls("}, hasNot: []string{"smtplib.SMTP_SSL("}},
		},
		rules.LibGoNetSMTP: {
			rules.SecurityImplicit: {has: []string{"tls.Dial(", "smtp.NewClient(conn, host)", `"465"`}, hasNot: []string{"smtp.SendMail("}},
			rules.SecurityStartTLS: {has: []string{"smtp.SendMail(", `"587"`}, hasNot: []string{"tls.Dial"}},
		},
		rules.LibSmtpClient: {
			rules.SecurityImplicit: {has: []string{"does not support implicit TLS", "SecureSocketOptions.SslOnConnect"}, hasNot: []string{"EnableSsl = true,"}},
			rules.SecurityStartTLS: {has: []string{"EnableSsl = true", "new SmtpClient(\"smtp.example.com\", 587)"}},
		},
		rules.LibMailKit: {
			rules.SecurityImplicit: {has: []string{"SecureSocketOptions.SslOnConnect", ", 465,"}, hasNot: []string{"SecureSocketOptions.StartTls"}},
			rules.SecurityStartTLS: {has: []string{"SecureSocketOptions.StartTls", ", 587,"}, hasNot: []string{"SslOnConnect"}},
		},
		rules.LibPHPMailer: {
			rules.SecurityImplicit: {has: []string{"$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;", "$mail->Port = 465;"}},
			rules.SecurityStartTLS: {has: []string{"$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;", "$mail->Port = 587;"}},
		},
		rules.LibDjango: {
			rules.SecurityImplicit: {has: []string{"EMAIL_USE_SSL = True", "EMAIL_USE_TLS = False", "EMAIL_PORT = 465"}, hasNot: []string{"EMAIL_USE_TLS = True"}},
			rules.SecurityStartTLS: {has: []string{"EMAIL_USE_TLS = True", "EMAIL_USE_SSL = False", "EMAIL_PORT = 587"}, hasNot: []string{"EMAIL_USE_SSL = True"}},
		},
		rules.LibLaravel: {
			rules.SecurityImplicit: {has: []string{"\nMAIL_SCHEME=smtps\n", "# MAIL_ENCRYPTION=ssl", "MAIL_PORT=465"}},
			rules.SecurityStartTLS: {has: []string{"\nMAIL_SCHEME=smtp\n", "# MAIL_ENCRYPTION=tls", "MAIL_PORT=587"}},
		},
		rules.LibRails: {
			rules.SecurityImplicit: {has: []string{"tls: true", "port: 465"}, hasNot: []string{"enable_starttls_auto: true"}},
			rules.SecurityStartTLS: {has: []string{"enable_starttls_auto: true", "port: 587"}, hasNot: []string{"  tls: true"}},
		},
		rules.LibJavaMail: {
			rules.SecurityImplicit: {has: []string{`props.put("mail.smtp.ssl.enable", "true")`, `"465"`}, hasNot: []string{"starttls"}},
			rules.SecurityStartTLS: {has: []string{`props.put("mail.smtp.starttls.enable", "true")`, `props.put("mail.smtp.starttls.required", "true")`}, hasNot: []string{"ssl.enable"}},
		},
		rules.LibPostfix: {
			rules.SecurityImplicit: {has: []string{"relayhost = [smtp.example.com]:465", "smtp_tls_wrappermode = yes", "smtp_tls_security_level = encrypt", "[smtp.example.com]:465 user@example.com:YOUR_SMTP_PASSWORD"}},
			rules.SecurityStartTLS: {has: []string{"relayhost = [smtp.example.com]:587", "smtp_tls_security_level = encrypt", "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd"}, hasNot: []string{"wrappermode"}},
		},
		rules.LibMailClient: {
			rules.SecurityImplicit: {has: []string{"Connection security: SSL/TLS", "Port: 465", "Server name: smtp.example.com", "User name: user@example.com"}},
			rules.SecurityStartTLS: {has: []string{"Connection security: STARTTLS", "Port: 587"}},
		},
	}
	for lib, bySec := range cases {
		for sec, w := range bySec {
			port := 587
			if sec == rules.SecurityImplicit {
				port = 465
			}
			s := rules.Settings{Host: "smtp.example.com", Port: port, Security: sec, Auth: rules.AuthPassword, Username: "user@example.com"}
			sn, ok := SnippetFor(lib, s)
			if !ok {
				t.Fatalf("SnippetFor(%s) not ok", lib)
			}
			for _, h := range w.has {
				if !strings.Contains(sn.Code, h) {
					t.Errorf("%s %s: missing %q in\n%s", lib, sec, h, sn.Code)
				}
			}
			for _, h := range w.hasNot {
				if strings.Contains(sn.Code, h) {
					t.Errorf("%s %s: unexpected %q in\n%s", lib, sec, h, sn.Code)
				}
			}
		}
	}
	if len(cases) != len(snippetLibs) {
		t.Errorf("option-name cases for %d libraries, want %d", len(cases), len(snippetLibs))
	}
}

func TestSnippetsCoverEveryLibrary(t *testing.T) {
	s := rules.Settings{Host: "smtp.example.com", Port: 587, Security: rules.SecurityStartTLS, Username: "u", Auth: rules.AuthPassword}
	all := Snippets(s)
	if len(all) != len(snippetLibs) {
		t.Fatalf("Snippets returned %d, want %d", len(all), len(snippetLibs))
	}
	for i, sn := range all {
		if sn.Library != snippetLibs[i] || sn.Title == "" || sn.Language == "" || sn.Code == "" {
			t.Errorf("snippet %d = %+v", i, sn)
		}
	}
	for _, lib := range []rules.Library{rules.LibUnset, rules.LibOther, "cobol"} {
		if _, ok := SnippetFor(lib, s); ok {
			t.Errorf("SnippetFor(%q) ok, want false", lib)
		}
	}
}

// The password never appears: code reads SMTP_PASSWORD, config files hold a placeholder.
func TestSnippetPasswordFromEnvironment(t *testing.T) {
	want := map[rules.Library]string{
		rules.LibNodemailer: "pass: process.env.SMTP_PASSWORD", rules.LibSmtplib: `os.environ["SMTP_PASSWORD"]`,
		rules.LibGoNetSMTP: `os.Getenv("SMTP_PASSWORD")`, rules.LibSmtpClient: `Environment.GetEnvironmentVariable("SMTP_PASSWORD")`,
		rules.LibMailKit: `Environment.GetEnvironmentVariable("SMTP_PASSWORD")`, rules.LibPHPMailer: "$mail->Password = getenv('SMTP_PASSWORD');",
		rules.LibDjango: `EMAIL_HOST_PASSWORD = os.environ["SMTP_PASSWORD"]`, rules.LibLaravel: `MAIL_PASSWORD="${SMTP_PASSWORD}"`,
		rules.LibRails: `password: ENV["SMTP_PASSWORD"]`, rules.LibJavaMail: `System.getenv("SMTP_PASSWORD")`,
		rules.LibPostfix: ":YOUR_SMTP_PASSWORD", rules.LibMailClient: "Password: your password",
	}
	for _, sec := range []rules.Security{rules.SecurityStartTLS, rules.SecurityImplicit} {
		for _, lib := range snippetLibs {
			sn, _ := SnippetFor(lib, rules.Settings{Host: "h.example", Port: 465, Security: sec, Auth: rules.AuthPassword, Username: "u", PasswordPresent: true})
			if !strings.Contains(sn.Code, want[lib]) {
				t.Errorf("%s %s: missing %q in\n%s", lib, sec, want[lib], sn.Code)
			}
		}
	}
	// No login: no credentials at all.
	for _, lib := range snippetLibs {
		sn, _ := SnippetFor(lib, rules.Settings{Host: "localhost", Port: 25, Security: rules.SecurityNone, Auth: rules.AuthNone})
		if strings.Contains(sn.Code, "SMTP_PASSWORD") || strings.Contains(sn.Code, "sasl_passwd") {
			t.Errorf("%s without auth still logs in:\n%s", lib, sn.Code)
		}
	}
}

const hostileUser = "o'brien\"\\x\nINJECTED = 1 #{x} ${y} $z \r\u2028\u0085\x00\x1b[31m\t`"
const hostileHost = "smtp\".example.com\nINJECTED\\"

// Hostile values stay inside their string literals in every snippet.
func TestSnippetEscaping(t *testing.T) {
	s := rules.Settings{Host: hostileHost, Port: 587, Security: rules.SecurityStartTLS, Auth: rules.AuthPassword, Username: hostileUser}
	for _, sec := range []rules.Security{rules.SecurityStartTLS, rules.SecurityImplicit, rules.SecurityNone} {
		s.Security = sec
		for _, lib := range snippetLibs {
			sn, _ := SnippetFor(lib, s)
			for _, bad := range []string{"\nINJECTED", "\rINJECTED", "\u2028", "\u0085", "\x00", "\x1b"} {
				if strings.Contains(sn.Code, bad) {
					t.Errorf("%s %s: output contains %q:\n%s", lib, sec, bad, sn.Code)
				}
			}
		}
	}
	// Postfix and the mail client cannot quote: placeholders and visible escapes.
	sn, _ := SnippetFor(rules.LibPostfix, s)
	if !strings.Contains(sn.Code, "relayhost = [smtp.example.com]:587") || !strings.Contains(sn.Code, "USERNAME:YOUR_SMTP_PASSWORD") {
		t.Errorf("postfix with hostile values:\n%s", sn.Code)
	}
	sn, _ = SnippetFor(rules.LibMailClient, rules.Settings{Host: "h.example", Port: 587, Security: rules.SecurityStartTLS, Username: "a\nb"})
	if !strings.Contains(sn.Code, `User name: "a\nb"`) {
		t.Errorf("mail client with hostile username:\n%s", sn.Code)
	}
}

// The quoted literals mean the original value, checked where the literal
// syntax is simple to state.
func TestSnippetQuoteLiterals(t *testing.T) {
	for _, c := range []struct {
		name      string
		quote     func(string) string
		in, want  string
		wantLaxed bool
	}{
		{"js", quoteJS, "a\"b\\c\n\u2028\x01é", `"a\"b\\c\n\u2028\x01é"`, false},
		{"python", quotePy, "a\"b\\c\n\x7f", `"a\"b\\c\n\x7f"`, false},
		{"csharp", quoteCS, "a\"b\\c\n\u0085\x00", `"a\"b\\c\n\u0085\u0000"`, false},
		{"java", quoteJava, "a\"b\\u000a\n\x01\u2028", `"a\"b\\u000a\n\001\u2028"`, false},
		{"php", quotePHP, "a\"b\\c$x {$y}\n\x01\u2028", `"a\"b\\c\$x {\$y}\n\x01\u{2028}"`, false},
		{"ruby", quoteRuby, "a\"b\\c#{x}\n\x01", `"a\"b\\c\#{x}\n\x01"`, false},
		{"env", quoteEnv, "a\"b\\c${X}\n\x01", `"a\"b\\c\${X}\n"`, false},
		{"env bare", quoteEnv, "user@example.com", `user@example.com`, false},
		{"env empty", quoteEnv, "", `""`, false},
		{"env invalid utf8", quoteEnv, "a\xff\xfeb", "\"a\uFFFD\uFFFDb\"", false}, // a U+FFFD per byte, as the other quoters
		{"text", plainText, "smtp.example.com", "smtp.example.com", false},
		{"text invalid utf8", plainText, "a\xffb", "\"a\uFFFDb\"", false},
		{"text U+FFFD", plainText, "a\uFFFDb", "\"a\uFFFDb\"", false}, // shown quoted: it may stand for a byte that was lost
		{"invalid utf8", quoteJS, "a\xffb", "\"a\uFFFDb\"", false},
		{"go", quoteGo, "a\"b\\c\n\x01\u0085\u2028é\xff", `"a\"b\\c\n\x01\u0085\u2028é` + "\uFFFD\"", false},
	} {
		if got := c.quote(c.in); got != c.want {
			t.Errorf("%s: quote(%q) = %s, want %s", c.name, c.in, got, c.want)
		}
	}
}

// Round trips through the real languages, when they are installed.
func TestSnippetQuoteRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("runs interpreters")
	}
	values := []string{hostileUser, "plain", "ünïcødé 🎉", "\\u000a", "a\u2029b", "'\"'\"", "#{1+1}", "${HOME}"}
	run := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	t.Run("node", func(t *testing.T) {
		if _, err := exec.LookPath("node"); err != nil {
			t.Skip("node not installed")
		}
		for _, v := range values {
			got := run(t, "node", "-e", "process.stdout.write(JSON.stringify("+quoteJS(v)+"))")
			if want := strconv.Quote(v); !jsonEqualsGo(got, v) {
				t.Errorf("node read %s for %s", got, want)
			}
		}
	})
	t.Run("python", func(t *testing.T) {
		if _, err := exec.LookPath("python3"); err != nil {
			t.Skip("python3 not installed")
		}
		for _, v := range values {
			got := run(t, "python3", "-c", "import json,sys; sys.stdout.write(json.dumps("+quotePy(v)+", ensure_ascii=False))")
			if !jsonEqualsGo(got, v) {
				t.Errorf("python read %s for %q", got, v)
			}
		}
	})
	t.Run("php", func(t *testing.T) {
		if _, err := exec.LookPath("php"); err != nil {
			t.Skip("php not installed")
		}
		for _, v := range values {
			got := run(t, "php", "-r", "echo json_encode("+quotePHP(v)+", JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);")
			if !jsonEqualsGo(got, v) {
				t.Errorf("php read %s for %q", got, v)
			}
		}
	})
	t.Run("ruby", func(t *testing.T) {
		if _, err := exec.LookPath("ruby"); err != nil {
			t.Skip("ruby not installed")
		}
		for _, v := range values {
			got := run(t, "ruby", "-e", "require 'json'; print JSON.generate("+quoteRuby(v)+")")
			if !jsonEqualsGo(got, v) {
				t.Errorf("ruby read %s for %q", got, v)
			}
		}
	})
	t.Run("java", func(t *testing.T) {
		if _, err := exec.LookPath("java"); err != nil {
			t.Skip("java not installed")
		}
		dir := t.TempDir()
		var src strings.Builder
		src.WriteString("public class Q { public static void main(String[] a) {\n")
		for _, v := range values {
			src.WriteString("  p(" + quoteJava(v) + ");\n")
		}
		src.WriteString("}\n static void p(String s) { StringBuilder b = new StringBuilder(); for (char c : s.toCharArray()) b.append((int) c).append(' '); System.out.println(b.toString().trim()); }\n}\n")
		file := filepath.Join(dir, "Q.java")
		if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSpace(run(t, "java", file)), "\n")
		if len(got) != len(values) {
			t.Fatalf("java printed %d lines, want %d", len(got), len(values))
		}
		for i, v := range values {
			var want []string
			for _, u := range utf16.Encode([]rune(v)) {
				want = append(want, strconv.Itoa(int(u)))
			}
			if got[i] != strings.Join(want, " ") {
				t.Errorf("java read %s for %q, want %s", got[i], v, strings.Join(want, " "))
			}
		}
	})
}

// jsonEqualsGo reports whether the JSON string literal js holds v.
func jsonEqualsGo(js, v string) bool {
	// JSON string escapes are a subset of Go's, except \u escapes of
	// surrogate pairs and '/', which these values do not produce.
	u, err := strconv.Unquote(js)
	if err != nil {
		return false
	}
	return u == v
}

// The Go snippets compile (go vet) and their literals hold the values;
// the JavaScript and Python snippets parse. Hostile values included.
func TestSnippetCodeParses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs compilers")
	}
	settings := []rules.Settings{
		{Host: "smtp.example.com", Port: 587, Security: rules.SecurityStartTLS, Auth: rules.AuthPassword, Username: "user@example.com"},
		{Host: hostileHost, Port: 465, Security: rules.SecurityImplicit, Auth: rules.AuthPassword, Username: hostileUser},
		{Host: hostileHost, Port: 25, Security: rules.SecurityNone, Auth: rules.AuthNone},
		{},
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module snippets\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, s := range settings {
		sn, _ := SnippetFor(rules.LibGoNetSMTP, s)
		f, err := parser.ParseFile(token.NewFileSet(), "main.go", sn.Code, 0)
		if err != nil {
			t.Fatalf("go snippet %d does not parse: %v\n%s", i, err, sn.Code)
		}
		if s.Username != "" {
			found := false
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if v, err := strconv.Unquote(lit.Value); err == nil && v == strings.ToValidUTF8(s.Username, "\uFFFD") {
						found = true
					}
				}
				return true
			})
			if !found {
				t.Errorf("go snippet %d has no literal holding the username", i)
			}
		}
		sub := filepath.Join(dir, "s"+strconv.Itoa(i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "main.go"), []byte(sn.Code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet of the Go snippets: %v\n%s", err, out)
	}

	// Java: compile against stubs of the few jakarta.mail classes used.
	if _, err := exec.LookPath("javac"); err != nil {
		t.Log("javac not installed: JavaMail snippets not compiled")
	} else {
		jdir := filepath.Join(dir, "java")
		stubs := map[string]string{
			"jakarta/mail/MessagingException.java":        "package jakarta.mail; public class MessagingException extends Exception {}",
			"jakarta/mail/Authenticator.java":             "package jakarta.mail; public abstract class Authenticator { protected PasswordAuthentication getPasswordAuthentication() { return null; } }",
			"jakarta/mail/PasswordAuthentication.java":    "package jakarta.mail; public class PasswordAuthentication { public PasswordAuthentication(String u, String p) {} }",
			"jakarta/mail/Session.java":                   "package jakarta.mail; public class Session { public static Session getInstance(java.util.Properties p, Authenticator a) { return null; } public static Session getInstance(java.util.Properties p) { return null; } }",
			"jakarta/mail/Message.java":                   "package jakarta.mail; public abstract class Message { public static class RecipientType { public static final RecipientType TO = new RecipientType(); } }",
			"jakarta/mail/Transport.java":                 "package jakarta.mail; public class Transport { public static void send(Message m) throws MessagingException {} }",
			"jakarta/mail/internet/AddressException.java": "package jakarta.mail.internet; public class AddressException extends jakarta.mail.MessagingException {}",
			"jakarta/mail/internet/InternetAddress.java":  "package jakarta.mail.internet; public class InternetAddress { public InternetAddress(String s) throws AddressException {} }",
			"jakarta/mail/internet/MimeMessage.java":      "package jakarta.mail.internet; public class MimeMessage extends jakarta.mail.Message { public MimeMessage(jakarta.mail.Session s) {} public void setFrom(InternetAddress a) throws jakarta.mail.MessagingException {} public void setRecipients(jakarta.mail.Message.RecipientType t, String s) throws jakarta.mail.MessagingException {} public void setSubject(String s) throws jakarta.mail.MessagingException {} public void setText(String s) throws jakarta.mail.MessagingException {} }",
		}
		args := []string{"-d", filepath.Join(jdir, "out")}
		for name, src := range stubs {
			file := filepath.Join(jdir, name)
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, file)
		}
		for i, s := range settings {
			sn, _ := SnippetFor(rules.LibJavaMail, s)
			file := filepath.Join(jdir, "s"+strconv.Itoa(i), "SendTest.java")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(sn.Code), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("javac", append(append([]string{}, args...), file)...).CombinedOutput(); err != nil {
				t.Errorf("javac of JavaMail snippet %d: %v\n%s\n%s", i, err, out, sn.Code)
			}
		}
	}

	for _, tool := range []struct {
		lib       rules.Library
		bin, ext  string
		checkArgs func(file string) []string
	}{
		{rules.LibNodemailer, "node", ".js", func(f string) []string { return []string{"--check", f} }},
		{rules.LibSmtplib, "python3", ".py", func(f string) []string { return []string{"-m", "py_compile", f} }},
		{rules.LibDjango, "python3", ".py", func(f string) []string { return []string{"-m", "py_compile", f} }},
		{rules.LibPHPMailer, "php", ".php", func(f string) []string { return []string{"-l", f} }},
		{rules.LibRails, "ruby", ".rb", func(f string) []string { return []string{"-c", f} }},
	} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			t.Logf("%s not installed: %s snippets not checked", tool.bin, tool.lib)
			continue
		}
		for i, s := range settings {
			sn, _ := SnippetFor(tool.lib, s)
			file := filepath.Join(dir, string(tool.lib)+strconv.Itoa(i)+tool.ext)
			if err := os.WriteFile(file, []byte(sn.Code), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(tool.bin, tool.checkArgs(file)...).CombinedOutput(); err != nil {
				t.Errorf("%s snippet %d: %v\n%s\n%s", tool.lib, i, err, out, sn.Code)
			}
		}
	}
}

// FuzzSnippet: never panics, code is never empty, and a line break or line
// separator injected through the host or the username never reaches the
// output unescaped.
func FuzzSnippet(f *testing.F) {
	f.Add("smtp.example.com", "user@example.com", 587, "starttls", "password")
	f.Add(hostileHost, hostileUser, 465, "implicit", "app-password")
	f.Add("", "", 0, "", "")
	f.Add("\xff\xfe", "\\", -1, "none", "none")
	f.Add("h", "u", 70000, "bogus", "oauth2")
	f.Fuzz(func(t *testing.T, host, user string, port int, sec, auth string) {
		for _, marker := range []string{"\nZZINJECT", "\rZZINJECT", "\u2028ZZINJECT"} {
			s := rules.Settings{Host: host + marker, Port: port, Security: rules.Security(sec), Auth: rules.Auth(auth), Username: user + marker}
			for _, sn := range Snippets(s) {
				if strings.TrimSpace(sn.Code) == "" {
					t.Fatalf("%s: empty code", sn.Library)
				}
				if strings.Contains(sn.Code, marker) {
					t.Fatalf("%s: %q reached the output:\n%s", sn.Library, marker, sn.Code)
				}
				if sn.Library == rules.LibGoNetSMTP {
					if _, err := parser.ParseFile(token.NewFileSet(), "main.go", sn.Code, 0); err != nil {
						t.Fatalf("go snippet does not parse: %v\n%s", err, sn.Code)
					}
				}
			}
		}
	})
}

// Without TLS each library is told not to upgrade, where it has the option.
func TestSnippetNoTLSOptionNames(t *testing.T) {
	want := map[rules.Library][]string{
		rules.LibNodemailer: {"secure: false", "ignoreTLS: true"}, rules.LibSmtplib: {"smtplib.SMTP(\"localhost\", 25"},
		rules.LibGoNetSMTP: {"smtp.SendMail("}, rules.LibSmtpClient: {"EnableSsl = false"}, rules.LibMailKit: {"SecureSocketOptions.None"},
		rules.LibPHPMailer: {"$mail->SMTPSecure = '';", "$mail->SMTPAutoTLS = false;"}, rules.LibDjango: {"EMAIL_USE_TLS = False", "EMAIL_USE_SSL = False"},
		rules.LibLaravel: {"MAIL_SCHEME=smtp\n", "# MAIL_ENCRYPTION=null"}, rules.LibRails: {"enable_starttls_auto: false"},
		rules.LibJavaMail: {`props.put("mail.smtp.port", "25")`}, rules.LibPostfix: {"smtp_tls_security_level = may"}, rules.LibMailClient: {"Connection security: None"},
	}
	notWant := []string{".starttls(", "requireTLS", "SMTP_SSL", "tls.Dial", "EnableSsl = true", "ENCRYPTION_", "= True", "MAIL_SCHEME=smtps", "tls: true", "starttls.enable", "ssl.enable", "wrappermode", "= encrypt"}
	for _, lib := range snippetLibs {
		sn, _ := SnippetFor(lib, rules.Settings{Host: "localhost", Port: 25, Security: rules.SecurityNone, Auth: rules.AuthNone})
		for _, w := range want[lib] {
			if !strings.Contains(sn.Code, w) {
				t.Errorf("%s: missing %q in\n%s", lib, w, sn.Code)
			}
		}
		for _, w := range notWant {
			if strings.Contains(sn.Code, w) {
				t.Errorf("%s: unexpected %q in\n%s", lib, w, sn.Code)
			}
		}
		if !strings.Contains(sn.Code, "No TLS: the mail crosses the network in clear") {
			t.Errorf("%s: no warning about cleartext", lib)
		}
	}
}

// Security not given: taken from the port, and the snippet says so.
func TestSnippetAssumedMode(t *testing.T) {
	for _, c := range []struct {
		port     int
		want     rules.Security
		wantPort string
	}{{465, rules.SecurityImplicit, "465"}, {2465, rules.SecurityImplicit, "2465"}, {587, rules.SecurityStartTLS, "587"}, {0, rules.SecurityStartTLS, "587"}, {25, rules.SecurityStartTLS, "25"}} {
		sn, _ := SnippetFor(rules.LibNodemailer, rules.Settings{Host: "smtp.example.com", Port: c.port, Username: "u"})
		wantSecure := "secure: false"
		if c.want == rules.SecurityImplicit {
			wantSecure = "secure: true"
		}
		if !strings.Contains(sn.Code, wantSecure) || !strings.Contains(sn.Code, "port: "+c.wantPort+",") || !strings.Contains(sn.Code, "The TLS mode was not given") {
			t.Errorf("port %d: got\n%s", c.port, sn.Code)
		}
	}
	// An unusual pair is flagged in the header (FACTS §1, §6).
	sn, _ := SnippetFor(rules.LibNodemailer, rules.Settings{Host: "h.example", Port: 587, Security: rules.SecurityImplicit})
	if !strings.Contains(sn.Code, "// Port 587 usually speaks STARTTLS") || !strings.Contains(sn.Code, "secure: true") {
		t.Errorf("implicit TLS on 587 not flagged:\n%s", sn.Code)
	}
	sn, _ = SnippetFor(rules.LibSmtplib, rules.Settings{Host: "h.example", Port: 465, Security: rules.SecurityStartTLS})
	if !strings.Contains(sn.Code, "# Port 465 usually expects implicit TLS") || !strings.Contains(sn.Code, "server.starttls(") {
		t.Errorf("STARTTLS on 465 not flagged:\n%s", sn.Code)
	}
	sn, _ = SnippetFor(rules.LibDjango, rules.Settings{Host: "h.example", Port: 465, Security: rules.SecurityImplicit})
	if strings.Contains(sn.Code, "was not given") || strings.Contains(sn.Code, "usually") {
		t.Errorf("a given mode is reported as assumed:\n%s", sn.Code)
	}
}

// Templates use only known conditions and placeholders, and a value that
// looks like a placeholder is not expanded again.
func TestSnippetTemplates(t *testing.T) {
	known := map[string]bool{"implicit": true, "starttls": true, "none": true, "tls": true, "notimplicit": true,
		"login": true, "nologin": true, "oauth": true, "notoauth": true, "app": true, "apikey": true, "pw": true,
		"badhost": true, "baduser": true}
	for _, w := range snippetWriters {
		for _, line := range strings.Split(w.template, "\n") {
			if strings.HasPrefix(line, "?") {
				conds, _, ok := strings.Cut(line[1:], " ")
				if !ok {
					t.Errorf("%s: condition line without a space: %q", w.lib, line)
				}
				for _, c := range strings.Split(conds, ",") {
					if !known[c] {
						t.Errorf("%s: unknown condition %q in %q", w.lib, c, line)
					}
				}
			}
			for rest := line; ; {
				_, after, ok := strings.Cut(rest, "«")
				if !ok {
					break
				}
				name, after, _ := strings.Cut(after, "»")
				if name != "host" && name != "port" && name != "user" && name != "from" && name != "header" {
					t.Errorf("%s: unknown placeholder «%s»", w.lib, name)
				}
				rest = after
			}
		}
		if !strings.HasPrefix(w.template, "«header»\n") && !strings.HasPrefix(w.template, "<?php\n«header»\n") {
			t.Errorf("%s: template does not start with the header", w.lib)
		}
	}
	sn, _ := SnippetFor(rules.LibNodemailer, rules.Settings{Host: "«user»", Port: 587, Security: rules.SecurityStartTLS, Username: "«port»@x"})
	if !strings.Contains(sn.Code, `host: "«user»",`) || !strings.Contains(sn.Code, `user: "«port»@x",`) {
		t.Errorf("a value was expanded again:\n%s", sn.Code)
	}
}
