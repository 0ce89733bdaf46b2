package rules

// This file holds the public vocabulary of the engine. The string values are
// the public API (JSON, wasm, query parameters): never rename them.
//
// The package must build for GOOS=js without the network stack, syscall/js,
// fmt, reflect, encoding/json, encoding/xml, net/url or regexp: it is the
// browser module's engine too, and the module has a size budget.

// Security is how a connection is protected.
type Security string

const (
	SecurityUnset    Security = ""         // not said; the explainer asks for it
	SecurityNone     Security = "none"     // plaintext, no TLS at all
	SecurityStartTLS Security = "starttls" // plaintext greeting, then STARTTLS (RFC 3207)
	SecurityImplicit Security = "implicit" // TLS is the first thing on the wire (RFC 8314)
)

// Auth is the kind of credential a person uses.
type Auth string

const (
	AuthUnset       Auth = ""
	AuthNone        Auth = "none"
	AuthPassword    Auth = "password"
	AuthAppPassword Auth = "app-password"
	AuthOAuth2      Auth = "oauth2"
	AuthAPIKey      Auth = "api-key"
)

// Use is what the connection is for.
type Use string

const (
	UseUnset       Use = ""
	UseApplication Use = "application"  // an app or script sending mail
	UseMailClient  Use = "mail-client"  // Thunderbird, Apple Mail, Outlook...
	UseServerRelay Use = "server-relay" // an MTA relaying to an MX or a smarthost
)

// Environment is where the sending program runs (FACTS §4).
type Environment string

const (
	EnvUnknown           Environment = "unknown"
	EnvAWS               Environment = "aws"
	EnvGCP               Environment = "gcp"
	EnvAzure             Environment = "azure"
	EnvDigitalOcean      Environment = "digitalocean"
	EnvLinode            Environment = "linode"
	EnvVultr             Environment = "vultr"
	EnvHetzner           Environment = "hetzner"
	EnvOVH               Environment = "ovh"
	EnvOracle            Environment = "oracle"
	EnvCloudflareWorkers Environment = "cloudflare-workers"
	EnvRender            Environment = "render"
	EnvZerops            Environment = "zerops"
	EnvHome              Environment = "home"
	EnvOffice            Environment = "office"
)

// Library is the program or library whose option names the person uses (FACTS §5).
type Library string

const (
	LibUnset      Library = ""
	LibNodemailer Library = "nodemailer"
	LibSmtplib    Library = "python-smtplib"
	LibGoNetSMTP  Library = "go-net-smtp"
	LibSmtpClient Library = "dotnet-smtpclient"
	LibMailKit    Library = "mailkit"
	LibPHPMailer  Library = "phpmailer"
	LibDjango     Library = "django"
	LibLaravel    Library = "laravel"
	LibRails      Library = "rails"
	LibJavaMail   Library = "javamail"
	LibPostfix    Library = "postfix"
	LibMailClient Library = "mail-client"
	LibOther      Library = "other"
)

// Severity of one finding. Verdict of a whole report uses ok|warning|error.
type Severity string

const (
	SeverityOK      Severity = "ok"
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Verdict is the one-word answer of a report.
type Verdict string

const (
	VerdictOK      Verdict = "ok"
	VerdictWarning Verdict = "warning"
	VerdictError   Verdict = "error"
)

// Settings is what a person configured. It never holds a password: only
// whether one was given.
type Settings struct {
	Host            string   `json:"host"`
	Port            int      `json:"port"`     // 0 = not given
	Security        Security `json:"security"` // "" = not given
	Auth            Auth     `json:"auth"`
	Username        string   `json:"username"`
	PasswordPresent bool     `json:"password_present"`
	// UsernameEmpty and PasswordEmpty: the config names the setting but
	// leaves it empty (a pasted MAIL_PASSWORD=), which is a fault. A form
	// field not filled in yet is only not given: both stay false.
	UsernameEmpty bool        `json:"username_empty,omitempty"`
	PasswordEmpty bool        `json:"password_empty,omitempty"`
	Use           Use         `json:"use"`
	Environment   Environment `json:"environment"`
	Library       Library     `json:"library"`
	Provider      string      `json:"provider"` // Provider.ID; "" = detect from Host
}

// Ref names the document a finding rests on: an RFC section, a provider
// document, or a FACTS.md row.
type Ref struct {
	Name string `json:"name"`          // "RFC 8314 §3.3", "Postmark support article 811"
	URL  string `json:"url,omitempty"` // https://www.rfc-editor.org/rfc/rfc8314#section-3.3
}

// Finding is one thing the explainer noticed. ID is stable public API.
type Finding struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`             // one line, in the person's words ("This will hang until it times out")
	Detail   string   `json:"detail"`            // why, in plain language
	Fix      string   `json:"fix"`               // what to do, copyable where possible
	Setting  string   `json:"setting,omitempty"` // the setting to change: host|port|security|auth|username|password|environment|library
	Refs     []Ref    `json:"refs"`
}

// Choice is one port and TLS mode on a host.
type Choice struct {
	Host     string   `json:"host,omitempty"`
	Port     int      `json:"port"`
	Security Security `json:"security"`
	Why      string   `json:"why,omitempty"`
}

// Report is the answer of Explain.
type Report struct {
	Verdict      Verdict   `json:"verdict"`
	Settings     Settings  `json:"settings"` // as understood (normalised), never with a password
	Provider     string    `json:"provider,omitempty"`
	Findings     []Finding `json:"findings"`
	Recommended  Choice    `json:"recommended"`
	Alternatives []Choice  `json:"alternatives"` // ranked, best first, excluding Recommended
}

// Provider is one row of FACTS §3.
type Provider struct {
	ID          string   `json:"id"`   // "gmail", "sendgrid", "ses", ...
	Name        string   `json:"name"` // "Gmail / Google Workspace"
	Hosts       []string `json:"hosts"`
	Ports       []Choice `json:"ports"` // every port/security pair the provider accepts, preferred first
	Credentials string   `json:"credentials"`
	Source      Ref      `json:"source"`
	Confidence  string   `json:"confidence"` // H, M or L (FACTS.md)
}

// EnvironmentInfo describes one environment of FACTS §4 for the page and the
// API: which outbound ports it blocks and the way out.
type EnvironmentInfo struct {
	ID         Environment `json:"id"`
	Name       string      `json:"name"`                 // "AWS EC2 / Lambda"
	Blocks     []int       `json:"blocks"`               // ports blocked outbound by default
	Condition  string      `json:"condition,omitempty"`  // "on new accounts", "after spam detection"
	WayOut     string      `json:"way_out,omitempty"`    // what to do instead
	Source     Ref         `json:"source"`               // the document the row rests on
	Confidence string      `json:"confidence,omitempty"` // H, M or L (FACTS.md)
}

// LibraryInfo describes one library or client of FACTS §5: its own option
// names for each TLS mode and its usual trap. Each library's formats file
// declares it once (RegisterLibrary); the fields after Source are not in
// the JSON.
type LibraryInfo struct {
	ID       Library `json:"id"`
	Name     string  `json:"name"`     // "Node.js nodemailer"
	Implicit string  `json:"implicit"` // option for implicit TLS (465), "" when unsupported
	StartTLS string  `json:"starttls"` // option for STARTTLS (587)
	Trap     string  `json:"trap,omitempty"`
	Source   Ref     `json:"source"`

	// Forms are the exact settings for implicit TLS, STARTTLS and no TLS,
	// ready to copy. Markers: %h host, %p port, %q the host in double
	// quotes, %a "host:port" in double quotes.
	Forms [3]string `json:"-"`
	// Words are named phrases in the library's option names that texts
	// elsewhere quote through a {id.word} slot (see LibraryText), such as
	// "implicit", "starttls", "require", and the WordOn* sentences.
	Words []Word `json:"-"`
	// Options are the library's own option names; a test keeps each one
	// in the library's formats file alone.
	Options []string `json:"-"`
}

// Word is one named phrase of a library (LibraryInfo.Words): its name
// and its text.
type Word [2]string

// PortFact is one row of FACTS §1: what a port is for and who blocks it.
type PortFact struct {
	Port      int           `json:"port"`
	Name      string        `json:"name"`     // "submission", "submissions", "smtp", ""
	Security  Security      `json:"security"` // the TLS mode the port expects
	TLS       string        `json:"tls"`      // the TLS mode in words
	Purpose   string        `json:"purpose"`  // who uses it, when
	Standard  Ref           `json:"standard"`
	BlockedBy []Environment `json:"blocked_by"` // environments of FACTS §4 blocking it by default
}

// FindingInfo is one entry of the catalogue of finding IDs (docs/findings.md).
type FindingInfo struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"` // the usual severity; some findings vary (see When)
	When     string   `json:"when"`
	Source   string   `json:"source"`
}

// pickString is c ? yes : no. A map literal indexed on the spot does the
// same at the cost of building the map on every call.
func pickString(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// bySecurity picks the word for sec; "" for an unset or unknown one.
func bySecurity(sec Security, implicit, starttls, none string) string {
	switch sec {
	case SecurityImplicit:
		return implicit
	case SecurityStartTLS:
		return starttls
	case SecurityNone:
		return none
	}
	return ""
}
