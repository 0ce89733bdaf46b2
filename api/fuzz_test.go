package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// FuzzExplainBody: any body gets 200 or a 400 JSON error, never a 500,
// and the password never comes back.
func FuzzExplainBody(f *testing.F) {
	for _, seed := range []string{
		`{"host":"smtp.gmail.com","port":465,"security":"implicit","password":"pw-123456"}`,
		`{"port":"587"}`, `{"security":"ssl"}`, `{"hots":1}`, `[`, `null`, `{"against":{"ports":[{"port":-1}]}}`,
		`{"host":"\u0000\r\n","username":"a\nb"}`, `{"password":null}`, `{} {}`,
	} {
		f.Add(seed)
	}
	e, err := New(Config{Static: testStatic(), MaxBodyBytes: 4096, EngineRate: 1e9, EngineBurst: 1 << 30})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rec := do(e, "POST", "/api/v1/explain", body)
		switch rec.Code {
		case 200:
			var req struct{ Password string }
			if json.Unmarshal([]byte(body), &req) == nil && len(req.Password) >= 4 {
				q, _ := json.Marshal(req.Password)
				if strings.Contains(rec.Body.String(), string(q[1:len(q)-1])) {
					t.Fatalf("password echoed: %s", rec.Body.String())
				}
			}
		case 400:
			var eb apiError
			if json.Unmarshal(rec.Body.Bytes(), &eb) != nil || eb.Error == "" {
				t.Fatalf("400 without a JSON error: %s", rec.Body.String())
			}
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
	})
}

// FuzzSecretsIn: every secret found is in the text, as is or percent-decoded.
func FuzzSecretsIn(f *testing.F) {
	for _, seed := range []string{
		"smtps://u:p%40ss@h:465", "MAIL_PASSWORD=hunter22", `"pass": "x"`, "AUTH PLAIN AGFiYwB4eXo=",
		`smtp.login("a", "b")`, "password=", "://:@", "%zz",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range secretsIn(text) {
			if len(s) < 4 {
				t.Fatalf("short secret %q", s)
			}
			if strings.Contains(text, s) {
				continue
			}
			found := false
			for _, enc := range []string{url.PathEscape(s), url.QueryEscape(s)} {
				if strings.Contains(text, enc) {
					found = true
				}
			}
			if !found && !strings.Contains(text, "%") {
				t.Fatalf("secret %q is not in %q", s, text)
			}
		}
	})
}

// FuzzAcceptsEncoding: any header is read without panicking, and a coding
// refused with q=0 is never chosen.
func FuzzAcceptsEncoding(f *testing.F) {
	for _, seed := range []string{"gzip, deflate, br", "br;q=0", "*;q=0", ";;,,=", "gzip;q=0.000, *"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		for _, coding := range []string{"br", "gzip"} {
			got := acceptsEncoding(header, coding)
			if got && header == coding+";q=0" {
				t.Fatalf("%q accepted %s", header, coding)
			}
		}
	})
}
