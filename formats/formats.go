package formats

// Parse and its helpers read a pasted configuration and say what the
// library will actually do with it (FACTS.md §5), never the password
// itself: only whether one was given.
//
// Formats: SMTP URLs (smtp, smtps, submission, submissions; Symfony DSNs);
// .env blocks (Laravel MAIL_*, Django EMAIL_*, Flask-Mail, generic SMTP_*,
// *_URL / *_DSN, docker-compose environment: blocks); Django settings.py;
// nodemailer transports (JS or JSON); Python smtplib; PHPMailer and WP Mail
// SMTP constants; JavaMail properties, props.put(...) and Spring Boot
// spring.mail.* (properties or YAML); Rails smtp_settings; .NET SmtpClient;
// MailKit; Go net/smtp; Postfix main.cf; msmtp; Thunderbird autoconfig.
//
// How it works: DetectFormat scores the signs each format leaves; a reader
// turns the text into entries ("key", value, and the byte span of the
// value); an interpreter per library maps entries to Settings and Notes.
// Rewrite (rewrite.go) uses the same spans to replace values in place, and
// checks its result by parsing it again.
//
// The package is compiled to WebAssembly, so the readers are small
// hand-written scanners (parse_lex.go for code, parse_lines.go for
// KEY=value lines, parse_url.go, parse_xml.go, parse_yaml.go) rather than
// encoding/json, encoding/xml or net/url. Every input is capped at
// MaxParseInput bytes and bracket nesting at 64 levels.

import (
	"strings"
)

// MaxParseInput is the largest text Parse and Rewrite read. Mail settings
// are a few lines; anything longer is a whole file pasted by mistake.
const MaxParseInput = 64 << 10

// Parse reads a pasted URL or config snippet, detecting its format.
// It returns a *ParseError naming the line for input it cannot read.
func Parse(text string) (Parsed, error) {
	if err := cfgCheckInput(text); err != nil {
		return Parsed{}, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	f := DetectFormat(text)
	if f == "" {
		return Parsed{}, &ParseError{Msg: "could not tell what kind of settings this is: paste an smtp:// URL, a .env block, or the code or config file that sets up sending mail"}
	}
	return ParseAs(text, f)
}

// ParseAs reads text as the given format, for when the person said which
// format it is.
func ParseAs(text string, f Format) (Parsed, error) {
	if err := cfgCheckInput(text); err != nil {
		return Parsed{}, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	for _, c := range cfgParsers {
		if c.f == f {
			var p Parsed
			var code *cfgCode
			var err error
			switch c.read {
			case cfgLinesEnv, cfgLinesPostfix:
				code, err = cfgLines(text, c.read)
			case cfgReadCode:
				code, err = cfgWalk(text)
			}
			if err == nil {
				err = c.fn(&p, text, code)
			}
			if err != nil {
				return Parsed{}, err
			}
			p.Format = f
			return p, nil
		}
	}
	return Parsed{}, &ParseError{Msg: "unknown format"}
}

// cfgReadCode asks ParseAs to read the text with cfgWalk.
const cfgReadCode cfgLineStyle = 255

// cfgParsers maps each format to its reader.
var cfgParsers = [...]struct {
	f    Format
	read cfgLineStyle // what ParseAs reads the text into for fn: cfgLines' style, cfgReadCode for cfgWalk, 0 for nothing
	fn   func(*Parsed, string, *cfgCode) error
}{
	{FormatURL, 0, cfgParseURLText},
	{FormatEnv, cfgLinesEnv, cfgParseEnv},
	{FormatDjango, cfgReadCode, cfgParseDjangoPy},
	{FormatNodemailer, 0, cfgParseNodemailer},
	{FormatSmtplib, cfgReadCode, cfgParseSmtplib},
	{FormatPHPMailer, cfgReadCode, cfgParsePHPMailer},
	{FormatJavaMail, 0, cfgParseJavaMail},
	{FormatRails, cfgReadCode, cfgParseRails},
	{FormatSmtpClient, cfgReadCode, cfgParseSmtpClient},
	{FormatMailKit, cfgReadCode, cfgParseMailKit},
	{FormatPostfix, cfgLinesPostfix, cfgParsePostfix},
	{FormatAutoconfig, 0, cfgParseAutoconfig},
	{FormatGoNetSMTP, cfgReadCode, cfgParseGoNetSMTP},
	{FormatMsmtp, 0, cfgParseMsmtp},
}

func cfgCheckInput(text string) error {
	if len(text) > MaxParseInput {
		return &ParseError{Msg: "the text is longer than 64 KB; paste only the part that sets up sending mail"}
	}
	if trimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return &ParseError{Msg: "nothing to read: paste an smtp:// URL or your mail settings"}
	}
	return nil
}

// DetectFormat says which format a text looks like, or "" when it looks
// like none of them. Each format scores the signs it would leave; the
// highest score wins and ties go to the earlier, more specific format.
func DetectFormat(text string) Format {
	t := trimSpace(strings.TrimPrefix(text, "\ufeff"))
	if t == "" {
		return ""
	}
	if containsAny(t, "<outgoingServer", "<clientConfig") || strings.HasPrefix(t, "<?xml") {
		return FormatAutoconfig
	}
	if !strings.ContainsAny(t, "\n") {
		u := strings.Trim(t, "\"'`")
		if i := strings.Index(u, "://"); i > 0 && cfgIsURLScheme(strings.ToLower(u[:i])) {
			return FormatURL
		}
		if cfgLooksHostPort(u) {
			return FormatURL // smtp.gmail.com:587
		}
	}
	best := formatClue{}
	for _, c := range formatClues {
		if c.score > best.score && cfgHasWord(t, c.any) && cfgHasWord(t, c.and) && (c.test == nil || c.test(t)) {
			best = c
		}
	}
	return best.format
}

// formatClue is one reason to think a text is in a format: one of the
// words of any is in it, and one of the words of and when and is given,
// and test holds when there is one. Words are written "a|b|c".
type formatClue struct {
	format Format
	score  int
	any    string
	and    string
	test   func(t string) bool
}

// formatClues are tried in order; the highest score wins, the first among
// equals.
var formatClues = []formatClue{
	{FormatMailKit, 90, "SecureSocketOptions|MailKit|.AuthenticateAsync(|.ConnectAsync(", "", nil},
	// System.Net.Mail.SmtpClient has no Connect: this is MailKit's.
	{FormatMailKit, 80, ".Connect(|.Connect (", ".Authenticate(|.Authenticate (", nil},
	{FormatGoNetSMTP, 88, "net/smtp|smtp.SendMail(|smtp.PlainAuth(|smtp.NewClient(|smtp.Dial(", "", nil},
	{FormatSmtplib, 85, "smtplib|SMTP_SSL(|.starttls(|.ehlo(", "", nil},
	{FormatPHPMailer, 85, "PHPMailer|->SMTPSecure|->Host|->isSMTP|->SMTPAuth|WPMS_SMTP_HOST|WPMS_SSL", "", nil},
	{FormatNodemailer, 85, "createTransport|nodemailer", "", nil},
	{FormatRails, 80, "smtp_settings|action_mailer|enable_starttls", "", nil},
	{FormatSmtpClient, 75, "EnableSsl|NetworkCredential|SmtpClient", "", nil},
	{FormatJavaMail, 70, "mail.smtp.|mail.smtps.|spring.mail.", "", nil},
	{FormatJavaMail, 70, "spring:", "mail:", cfgLooksYAML},
	{FormatPostfix, 70, "", "", func(t string) bool {
		return cfgHasLineKey(t, "relayhost", "smtp_tls_security_level", "smtp_tls_wrappermode", "smtp_sasl_auth_enable", "smtp_sasl_password_maps", "smtp_use_tls", "smtp_enforce_tls")
	}},
	{FormatDjango, 60, "EMAIL_HOST|EMAIL_USE_TLS|EMAIL_USE_SSL|EMAIL_PORT|EMAIL_BACKEND", "", cfgLooksPython},
	{FormatEnv, 50, "", "", cfgLooksEnv},
	{FormatMsmtp, 75, "", "", func(t string) bool {
		return cfgHasLineWord(t, "account") && cfgHasLineWord(t, "host") || cfgHasLineWord(t, "tls_starttls")
	}},
	{FormatEnv, 55, "environment:", "SMTP_|MAIL_|EMAIL_", nil}, // a docker-compose service
	{FormatNodemailer, 45, "host|secure|requireTLS|ignoreTLS", "", func(t string) bool { return t != "" && t[0] == '{' }},
	{FormatNodemailer, 40, "secure:|requireTLS|ignoreTLS|\"secure\"", "host", nil},
	{FormatRails, 35, "address:|:address|user_name", "", nil},
}

// cfgHasWord reports whether t contains one of the words of list ("a|b|c");
// an empty list is no condition.
func cfgHasWord(t, list string) bool {
	if list == "" {
		return true
	}
	for {
		i := strings.IndexByte(list, '|')
		if i < 0 {
			return strings.Contains(t, list)
		}
		if strings.Contains(t, list[:i]) {
			return true
		}
		list = list[i+1:]
	}
}

// cfgHasLineKey reports whether some line starts with one of the keys
// followed by '='.
func cfgHasLineKey(t string, keys ...string) bool {
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		for _, k := range keys {
			if strings.HasPrefix(line, k) {
				rest := strings.TrimLeft(line[len(k):], " \t")
				if rest != "" && rest[0] == '=' {
					return true
				}
			}
		}
	}
	return false
}

// ParseFormats lists every format Parse reads, for a "paste as" menu.
func ParseFormats() []Format {
	return []Format{
		FormatURL, FormatEnv, FormatNodemailer, FormatSmtplib, FormatPHPMailer,
		FormatJavaMail, FormatRails, FormatDjango, FormatSmtpClient, FormatMailKit,
		FormatPostfix, FormatAutoconfig, FormatGoNetSMTP, FormatMsmtp,
	}
}

// cfgHasLineWord reports whether some line starts with word and a space.
func cfgHasLineWord(t, word string) bool {
	for _, line := range strings.Split(t, "\n") {
		line = strings.TrimLeft(line, " \t")
		if n := len(word); len(line) > n && line[:n] == word && (line[n] == ' ' || line[n] == '\t') {
			return true
		}
	}
	return false
}

// containsAny reports whether t contains one of subs.
func containsAny(t string, subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}
