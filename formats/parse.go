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
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
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

// cfgLooksPython reports whether EMAIL_* assignments are Python rather
// than a .env file: True/False, spaces around '=', imports.
func cfgLooksPython(t string) bool {
	if containsAny(t, "import ", "os.environ", "env(", "getenv(") {
		return true
	}
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		if !strings.HasPrefix(line, "EMAIL_") {
			continue
		}
		if strings.HasSuffix(line, " = True") || strings.HasSuffix(line, " = False") {
			return true
		}
		if containsAny(line, " = '", " = \"", " = config(") {
			return true
		}
	}
	return false
}

// cfgLooksEnv reports whether most non-comment lines are KEY=value.
func cfgLooksEnv(t string) bool {
	good, bad := 0, 0
	for _, line := range strings.Split(t, "\n") {
		line = trimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		line = strings.TrimPrefix(line, "- ")
		k := 0
		for k < len(line) && cfgIsKeyChar(line[k]) && line[k] != '.' {
			k++
		}
		rest := strings.TrimLeft(line[k:], " \t")
		if k > 0 && rest != "" && (rest[0] == '=' || rest[0] == ':') && strings.ToUpper(line[:k]) == line[:k] {
			good++
		} else {
			bad++
		}
	}
	return good > 0 && good >= bad
}

// cfgBuild collects the settings of one parse.
type cfgBuild struct {
	p       Parsed
	oauth   bool
	authOff bool
	code    *cfgCode
}

func (b *cfgBuild) note(s string) {
	for _, n := range b.p.Notes {
		if n == s {
			return
		}
	}
	b.p.Notes = append(b.p.Notes, s)
}

// done finishes the settings: auth kind, library and use.
func (b *cfgBuild) done(lib rules.Library, use rules.Use, out *Parsed) error {
	s := &b.p.Settings
	s.Library = lib
	b.p.Library = lib
	s.Use = use
	switch {
	case b.oauth:
		s.Auth = rules.AuthOAuth2
	case cfgIsAPIKeyUser(s.Username) && (s.PasswordPresent || s.Username != ""):
		s.Auth = rules.AuthAPIKey
	case s.PasswordPresent || s.Username != "":
		s.Auth = rules.AuthPassword
	case b.authOff:
		s.Auth = rules.AuthNone
	}
	*out = b.p
	return nil
}

func cfgIsAPIKeyUser(u string) bool {
	switch switchText := strings.ToLower(trimSpace(u)); {
	case slices.Contains([]string{"apikey", "resend", "smtp_injection"}, switchText):
		return true
	}
	return false
}

// resolve follows a value that names a variable to the literal assigned to
// it elsewhere in the text (one level).
func (c *cfgCode) resolve(v *cfgValue) *cfgValue {
	if v == nil {
		return nil
	}
	if v.kind == cfgValName && c != nil {
		for i := len(c.entries) - 1; i >= 0; i-- {
			e := &c.entries[i]
			if e.key == v.text && e.val.start != v.start {
				if l := e.val.literal(); l != nil && l.kind != cfgValName {
					return l
				}
			}
		}
	}
	return v.literal()
}

// cfgDescribe says where a non-literal value comes from, without
// repeating anything that could be a secret: a variable name, or the name
// of the environment variable an expression reads.
func cfgDescribe(v *cfgValue) string {
	if v == nil {
		return "elsewhere"
	}
	t := v.text
	if v.source != "" {
		t = v.source
	}
	if (strings.Contains(strings.ToLower(t), "env") || strings.Contains(t, "config(")) && len(t) <= 200 {
		if k := strings.Index(t, "env."); k >= 0 {
			n := k + 4
			for n < len(t) && cfgCharClass[t[n]]&2 != 0 {
				n++
			}
			if n > k+4 {
				return "the environment variable " + t[k+4:n]
			}
		}
		// The first quoted word is the variable's name: ENV['X'], os.getenv("X").
		for i := 0; i < len(t); i++ {
			if t[i] == '"' || t[i] == '\'' {
				if j := strings.IndexByte(t[i+1:], t[i]); j > 0 && cfgSafeKey(t[i+1:i+1+j]) == t[i+1:i+1+j] {
					return "the environment variable " + t[i+1:i+1+j]
				}
				break
			}
		}
		return "the environment"
	}
	if v.kind == cfgValName && len(t) <= 60 {
		return "the variable " + t
	}
	return "an expression"
}

// str returns the literal string form of a value, following variables.
func (b *cfgBuild) str(v *cfgValue, what string) (string, bool) {
	l := b.code.resolve(v)
	if l != nil && (v.kind == cfgValExpr || v.kind == cfgValCall) {
		b.note(what + " is read from the environment; the default written next to it was used")
	}
	// No literal, or a bare identifier that names no literal: a variable
	// set somewhere else.
	if l == nil || l.kind == cfgValName {
		from := v
		if l != nil {
			from = l
		}
		b.note(what + " is read from " + cfgDescribe(from) + ", which is not in the text; fill it in")
		return "", false
	}
	if l.kind == cfgValNull {
		return "", false
	}
	return l.text, true
}

func (b *cfgBuild) setHost(v *cfgValue, what string) {
	h, ok := b.str(v, what)
	if !ok {
		return
	}
	h = strings.ToLower(trimSpace(h))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	b.p.Settings.Host = h
}

func (b *cfgBuild) setPort(v *cfgValue, what string) {
	t, ok := b.str(v, what)
	if !ok {
		return
	}
	p, err := strconv.Atoi(trimSpace(t))
	if err != nil || p < 1 || p > 65535 {
		b.note(what + " is not a number between 1 and 65535")
		return
	}
	b.p.Settings.Port = p
}

func (b *cfgBuild) setUser(v *cfgValue, what string) {
	u, ok := b.str(v, what)
	if !ok {
		return
	}
	if strings.EqualFold(u, "null") {
		return
	}
	b.p.Settings.Username = u
}

// setPassword records whether a password is given. It never keeps the
// value, and never mentions it in a note.
func (b *cfgBuild) setPassword(v *cfgValue) {
	if v == nil {
		return
	}
	switch v.kind {
	case cfgValNull:
		return
	case cfgValString, cfgValNumber:
		if v.text == "" || strings.EqualFold(v.text, "null") {
			return
		}
	case cfgValBool:
		return
	}
	b.p.Settings.PasswordPresent = true
}

// boolOf reads a yes/no value; known is false when it is not a literal.
func (b *cfgBuild) boolOf(v *cfgValue, what string) (val, known bool) {
	if v == nil {
		return false, false
	}
	l := b.code.resolve(v)
	if l == nil {
		b.note(what + " is computed from " + cfgDescribe(v) + " at run time; the TLS mode depends on it")
		return false, false
	}
	if l.isTrue() {
		return true, true
	}
	if l.isFalse() || l.kind == cfgValNull {
		return false, true
	}
	b.note(what + " has a value that is neither true nor false")
	return false, false
}

// find returns the last entry whose key (last dotted segment) is one of
// names, case-insensitively, accepted by keep (nil keeps all).
func (c *cfgCode) find(keep func(*cfgEntry) bool, names ...string) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := &c.entries[i]
		if keep != nil && !keep(e) {
			continue
		}
		k := e.key
		if d := strings.LastIndexByte(k, '.'); d >= 0 && e.sep != "put" && !strings.Contains(names[0], ".") {
			k = k[d+1:]
		}
		for _, n := range names {
			if strings.EqualFold(k, n) {
				return e
			}
		}
	}
	return nil
}

// findKey returns the last entry whose whole key is one of names.
func (c *cfgCode) findKey(names ...string) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := &c.entries[i]
		for _, n := range names {
			if strings.EqualFold(e.key, n) {
				return e
			}
		}
	}
	return nil
}

// findKeyList is findKey for names written "a|b|c".
func (c *cfgCode) findKeyList(list string) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := &c.entries[i]
		for rest := list; ; {
			n, more, found := strings.Cut(rest, "|")
			if strings.EqualFold(e.key, n) {
				return e
			}
			if !found {
				break
			}
			rest = more
		}
	}
	return nil
}

// keyVal returns the value of findKeyList(list), or nil.
func (c *cfgCode) keyVal(list string) *cfgValue {
	return cfgVal(c.findKeyList(list))
}

// keyVals sets vals[k] to keyVal(names[k]) for each name.
func (c *cfgCode) keyVals(names []string, vals []*cfgValue) {
	for k, n := range names {
		vals[k] = c.keyVal(n)
	}
}

func cfgVal(e *cfgEntry) *cfgValue {
	if e == nil {
		return nil
	}
	return &e.val
}

// calls returns the calls whose last name segment is one of names.
func (c *cfgCode) callsNamed(names ...string) []int {
	var out []int
	for i, call := range c.calls {
		last := call.name
		if d := strings.LastIndexByte(last, '.'); d >= 0 {
			last = last[d+1:]
		}
		for _, n := range names {
			if last == n {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// arg returns the n-th positional argument of a call, or the keyword
// argument named kw.
func (c *cfgCode) arg(call, n int, kw string) *cfgValue {
	if kw != "" {
		for i := len(c.entries) - 1; i >= 0; i-- {
			e := &c.entries[i]
			if e.call == call && e.object < 0 && strings.EqualFold(e.key, kw) {
				return &e.val
			}
		}
	}
	if call >= 0 && n < len(c.calls[call].args) {
		return &c.calls[call].args[n]
	}
	return nil
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

// cfgDescribeSettings says host, port and TLS mode in words.
func cfgDescribeSettings(s rules.Settings) string {
	var parts [3]string
	n := 0
	if s.Host != "" {
		parts[n] = "host " + s.Host
		n++
	}
	if s.Port != 0 {
		parts[n] = "port " + strconv.Itoa(s.Port)
		n++
	}
	if s.Security != rules.SecurityUnset {
		parts[n] = string(s.Security) + " TLS"
		n++
	}
	return strings.Join(parts[:n], ", ")
}
