package rules

import (
	"strconv"
	"strings"
)

// This file holds the registry of FACTS §5: each library's own option
// names for implicit TLS and STARTTLS, and its usual trap, so that every
// Fix speaks the person's own configuration language. rules owns the
// Library values and the texts with named slots; each library's formats
// file declares its names once and registers them (RegisterLibrary), in
// the style of image.RegisterFormat. A program that explains settings
// imports formats (the binaries and wasm do).
//
//	Libraries()        every Library value, "other" last
//	LibraryDetails()   the same with option names, trap and source
//	ValidLibrary(s)    whether s is a Library value
//	RegisterLibrary    a formats file declares its library
//	LibraryText(t)     fills {id.word} slots with a library's words

// libraryTable has one row per Library value, in the order Libraries
// lists them; RegisterLibrary fills the rows of the libraries that have a
// formats file. A mail client and "other" have none: their words are
// rules' own.
var libraryTable = []LibraryInfo{
	{ID: LibNodemailer}, {ID: LibSmtplib}, {ID: LibGoNetSMTP}, {ID: LibSmtpClient}, {ID: LibMailKit},
	{ID: LibPHPMailer}, {ID: LibDjango}, {ID: LibLaravel}, {ID: LibRails}, {ID: LibJavaMail}, {ID: LibPostfix},
	{ID: LibMailClient, Name: "Mail client (Thunderbird, Apple Mail, Outlook)", Implicit: "Connection security: SSL/TLS", StartTLS: "Connection security: STARTTLS",
		Trap:  "\"SSL/TLS\" in a mail client means implicit TLS (port 465); \"STARTTLS\" means port 587.",
		Forms: [3]string{clientBase + "SSL/TLS", clientBase + "STARTTLS", clientBase + "None"},
		Words: []Word{
			{WordFixWrongVersion, "Mail client: Connection security \"STARTTLS\" with port 587; \"SSL/TLS\" only with port 465."},
			{WordFixNoGreeting, "Mail client: Connection security \"SSL/TLS\" for port 465 (or \"STARTTLS\" with port 587)."},
			{WordFixNeedsStartTLS, "Mail client: Connection security \"STARTTLS\"."},
		}},
	{ID: LibOther, Name: "Other", Implicit: "implicit TLS (often called SSL, SMTPS or \"secure\")", StartTLS: "STARTTLS (often called TLS)",
		Forms: [3]string{otherBase + "implicit TLS (often called SSL, SMTPS or \"secure\")", otherBase + "STARTTLS (often called TLS)", otherBase + "no TLS"}},
}

const (
	clientBase = "Server: %h, Port: %p, Connection security: "
	otherBase  = "host %h, port %p, "
)

// The named words every library may declare beyond its option phrases:
// what it shows on a TLS-mode mistake, and the fix diagnose gives for
// three errors in its option names.
const (
	WordOnStartTLSPort   = "on-starttls-port"   // implicit TLS on a STARTTLS port
	WordOnImplicitPort   = "on-implicit-port"   // plaintext on an implicit-TLS port
	WordFixWrongVersion  = "fix-wrong-version"  // "wrong version number"
	WordFixNoGreeting    = "fix-no-greeting"    // "Greeting never received"
	WordFixNeedsStartTLS = "fix-needs-starttls" // "Must issue a STARTTLS command first"
)

func init() {
	for i := range libraryTable {
		libraryTable[i].Source = refFacts5
	}
}

// RegisterLibrary declares a library's option names, trap, forms and
// words. Each library's formats file calls it once from init; it panics on
// an unknown Library or a second registration, as sql.Register does.
func RegisterLibrary(info *LibraryInfo) {
	li := libraryInfo(info.ID)
	if li == nil || li.Name != "" {
		panic("rules: RegisterLibrary: unknown library, or registered twice")
	}
	*li = *info
	li.Source = refFacts5
}

// Libraries lists every Library value, "other" last.
func Libraries() []Library {
	out := make([]Library, len(libraryTable))
	for i, l := range libraryTable {
		out[i] = l.ID
	}
	return out
}

// LibraryDetails lists every library with its option names and trap.
func LibraryDetails() []LibraryInfo {
	out := append([]LibraryInfo(nil), libraryTable...)
	for i := range out {
		l := &out[i]
		l.Implicit, l.StartTLS, l.Trap = LibraryText(l.Implicit), LibraryText(l.StartTLS), LibraryText(l.Trap)
	}
	return out
}

// ValidLibrary says whether s is a Library value ("" is not).
func ValidLibrary(s string) bool { return libraryInfo(Library(lowerTrim(s))) != nil }

func libraryInfo(id Library) *LibraryInfo {
	for i := range libraryTable {
		if libraryTable[i].ID == id {
			return &libraryTable[i]
		}
	}
	return nil
}

// libraryName is the library's display name, or "your program".
func libraryName(l Library) string {
	if li := libraryInfo(l); li != nil && l != LibOther {
		return li.Name
	}
	return "your program"
}

// LibraryWord is the word library l declared under name, or "". Its
// slots are filled: one library's words may quote another's.
func LibraryWord(l Library, name string) string {
	if li := libraryInfo(l); li != nil {
		for _, w := range li.Words {
			if w[0] == name {
				return LibraryText(w[1])
			}
		}
	}
	return ""
}

// LibraryText fills each {id.word} slot of t with LibraryWord(id, word),
// so that a text naming several libraries' options spells none of them
// itself. A slot nobody declared stays as it is.
func LibraryText(t string) string {
	if strings.IndexByte(t, '{') < 0 {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 64) // one allocation for most texts
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			break
		}
		if id, name, ok := strings.Cut(t[i+1:i+j], "."); ok {
			if w := LibraryWord(Library(id), name); w != "" {
				b.WriteString(t[:i])
				b.WriteString(w)
				t = t[i+j+1:]
				continue
			}
		}
		b.WriteString(t[:i+1])
		t = t[i+1:]
	}
	b.WriteString(t)
	return b.String()
}

// settingText writes the exact settings for host, port and TLS mode in the
// library's own option names, ready to copy.
func settingText(l Library, host string, port int, sec Security) string {
	li := libraryInfo(l)
	if li == nil || li.Forms[2] == "" {
		li = &libraryTable[len(libraryTable)-1] // other, unset and unregistered
	}
	t := li.Forms[2]
	switch sec {
	case SecurityImplicit:
		t = li.Forms[0]
	case SecurityStartTLS:
		t = li.Forms[1]
	}
	t = LibraryText(t)
	p := strconv.Itoa(port)
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 == len(t) {
			b.WriteByte(t[i])
			continue
		}
		i++
		switch t[i] {
		case 'h':
			b.WriteString(host)
		case 'p':
			b.WriteString(p)
		case 'q':
			b.WriteString(quoted(host))
		case 'a':
			b.WriteString(quoted(host + ":" + p))
		default:
			b.WriteByte('%')
			b.WriteByte(t[i])
		}
	}
	return b.String()
}

// quoted puts s in double quotes with backslashes and quotes escaped, as
// code in the snippet languages expects.
func quoted(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}

// SecurityWords names a TLS mode in plain words.
func SecurityWords(s Security) string {
	switch s {
	case SecurityImplicit:
		return "implicit TLS"
	case SecurityStartTLS:
		return "STARTTLS"
	case SecurityNone:
		return "no TLS"
	}
	return "no TLS mode chosen"
}
