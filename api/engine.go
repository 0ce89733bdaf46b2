package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/whichport/whichport/diagnose"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

// explainRequest is rules.Settings plus a password, which is only turned
// into password_present: never echoed, logged or stored.
type explainRequest struct {
	Host            string         `json:"host"`
	Port            int            `json:"port"`
	Security        rules.Security `json:"security"`
	Auth            rules.Auth     `json:"auth"`
	Username        string         `json:"username"`
	Password        *string        `json:"password"`
	PasswordPresent bool           `json:"password_present"`
	// PasswordEmpty and UsernameEmpty say a config has the setting but
	// leaves it empty (a fault), unlike a field not given; an explicit
	// "password": "" says the same.
	PasswordEmpty bool              `json:"password_empty"`
	UsernameEmpty bool              `json:"username_empty"`
	Use           rules.Use         `json:"use"`
	Environment   rules.Environment `json:"environment"`
	Library       rules.Library     `json:"library"`
	Provider      string            `json:"provider"`
	// Against, when set, checks the settings against this provider preset
	// (the embed widget's host page names it) instead of the built-in table.
	Against *rules.Provider `json:"against,omitempty"`
}

type textRequest struct {
	Text string `json:"text"`
}

// parseRequest is a text and, optionally, which of its blocks to read
// (1-based, as formats.Answer.Blocks numbers them; 0 or absent: the first
// that holds mail settings).
type parseRequest struct {
	Text  string `json:"text"`
	Block int    `json:"block"`
}

type explainErrorResponse struct {
	Matches []diagnose.Match `json:"matches"`
}

// decodeJSON reads one JSON object into v, refusing unknown fields, trailing
// data and bodies over the limit, with errors that name the field.
func (s *server) decodeJSON(c echo.Context, v any) error {
	req := c.Request()
	if ct := req.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return badRequest("", "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return badRequest("", fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBodyBytes))
		}
		return badRequest("", "could not read the body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("", "the body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return badRequest("", "the body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into a 400 that names the field.
func jsonError(err error) *httpError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return badRequest("", fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return badRequest("", "the body must be a JSON object")
		}
		return badRequest(field, fmt.Sprintf("field %q must be a %s, not a %s", field, jsonKind(te.Type.Kind().String()), te.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return badRequest("", "the body is not valid JSON (it ends too early)")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return badRequest(name, fmt.Sprintf("unknown field %q", name))
	}
	return badRequest("", "the body is not valid JSON")
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "uint8", "uint16", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "list"
	case "struct", "map", "ptr":
		return "object"
	}
	return k
}

// enumField checks one closed-list value with the rules engine's Valid
// helper ("" means not given), and names the accepted values when it fails.
func enumField[T ~string](field string, v T, valid func(string) bool, values []T) error {
	if strings.TrimSpace(string(v)) == "" || valid(string(v)) {
		return nil
	}
	names := make([]string, 0, len(values))
	for _, ok := range values {
		if ok != "" {
			names = append(names, string(ok))
		}
	}
	return badRequest(field, fmt.Sprintf("field %q: unknown value %q; use one of %s", field, string(v), strings.Join(names, ", ")))
}

// settings validates the request and gives the engine's Settings.
func (r *explainRequest) settings() (rules.Settings, error) {
	for _, err := range []error{
		enumField("security", r.Security, rules.ValidSecurity, []rules.Security{rules.SecurityNone, rules.SecurityStartTLS, rules.SecurityImplicit}),
		enumField("auth", r.Auth, rules.ValidAuth, []rules.Auth{rules.AuthNone, rules.AuthPassword, rules.AuthAppPassword, rules.AuthOAuth2, rules.AuthAPIKey}),
		enumField("use", r.Use, rules.ValidUse, []rules.Use{rules.UseApplication, rules.UseMailClient, rules.UseServerRelay}),
		enumField("environment", r.Environment, rules.ValidEnvironment, rules.Environments()),
		enumField("library", r.Library, rules.ValidLibrary, rules.Libraries()),
	} {
		if err != nil {
			return rules.Settings{}, err
		}
	}
	if r.Port < 0 || r.Port > 65535 {
		return rules.Settings{}, badRequest("port", fmt.Sprintf("field \"port\" must be between 1 and 65535, not %d", r.Port))
	}
	if strings.ContainsAny(r.Host, "\r\n") || strings.ContainsAny(r.Username, "\r\n") {
		field := "host"
		if strings.ContainsAny(r.Username, "\r\n") {
			field = "username"
		}
		return rules.Settings{}, badRequest(field, fmt.Sprintf("field %q must not contain line breaks", field))
	}
	return rules.Settings{
		Host:            strings.TrimSpace(r.Host),
		Port:            r.Port,
		Security:        r.Security,
		Auth:            r.Auth,
		Username:        r.Username,
		PasswordPresent: r.PasswordPresent || (r.Password != nil && *r.Password != ""),
		PasswordEmpty:   !r.PasswordPresent && (r.PasswordEmpty || r.Password != nil && *r.Password == ""),
		UsernameEmpty:   r.UsernameEmpty && strings.TrimSpace(r.Username) == "",
		Use:             r.Use,
		Environment:     r.Environment,
		Library:         r.Library,
		Provider:        r.Provider,
	}, nil
}

func (s *server) explain(c echo.Context) error {
	var req explainRequest
	if err := s.decodeJSON(c, &req); err != nil {
		return err
	}
	var secrets []string
	if req.Password != nil {
		secrets = append(secrets, *req.Password)
	}
	set, err := req.settings()
	req.Password = nil
	if err != nil {
		return err
	}
	var rep rules.Report
	if req.Against != nil {
		rep = rules.ExplainAgainst(set, *req.Against)
	} else {
		rep = rules.Explain(set)
	}
	return s.jsonScrubbed(c, http.StatusOK, rep, secrets)
}

func (s *server) parse(c echo.Context) error {
	var req parseRequest
	if err := s.decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Block < 0 {
		return badRequest("block", "block is a number from 1, as blocks numbers them")
	}
	secrets := secretsIn(req.Text)
	p, err := formats.ParseBlock(req.Text, req.Block)
	if err != nil {
		he := badRequest("text", "could not read the text: "+redact(err.Error(), secrets))
		var pe *formats.ParseError
		if errors.As(err, &pe) {
			he.Msg = "could not read the text: " + redact(pe.Msg, secrets)
			he.Line = pe.Line
			if req.Block > 0 && strings.HasPrefix(pe.Msg, "there is no block") {
				he.Field = "block"
			}
		}
		return he
	}
	return s.jsonScrubbed(c, http.StatusOK, formats.AnswerFor(req.Text, p), secrets)
}

func (s *server) explainError(c echo.Context) error {
	var req textRequest
	if err := s.decodeJSON(c, &req); err != nil {
		return err
	}
	m := diagnose.Explain(req.Text)
	if m == nil {
		m = []diagnose.Match{}
	}
	return s.jsonScrubbed(c, http.StatusOK, explainErrorResponse{Matches: m}, secretsIn(req.Text))
}

func (s *server) providers(c echo.Context) error {
	p := rules.Providers()
	if p == nil {
		p = []rules.Provider{}
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return writeJSON(c, http.StatusOK, map[string]any{"providers": p})
}

// jsonScrubbed writes v as JSON after removing every secret the request
// carried (defence in depth: the engine never returns them).
func (s *server) jsonScrubbed(c echo.Context, status int, v any, secrets []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		q, _ := json.Marshal(sec)
		inner := q[1 : len(q)-1]
		b = bytes.ReplaceAll(b, inner, []byte("[redacted]"))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSONBlob(status, b)
}

func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}
