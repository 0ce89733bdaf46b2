package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestEngineEndpoints(t *testing.T) {
	e, logs := newTest(t, Config{Static: testStatic(), MaxBodyBytes: 2048})
	const secret = "hunter2-Sup3rSecret"
	tests := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		field                    string // of a 400
		has                      []string
	}{
		{name: "explain", method: "POST", path: "/api/v1/explain", body: `{"host":"smtp.gmail.com","port":465,"security":"implicit","auth":"app-password","use":"application","environment":"aws","library":"nodemailer"}`, status: 200, has: []string{`"verdict"`, `"settings"`, `"host":"smtp.gmail.com"`}},
		{name: "explain password becomes presence", method: "POST", path: "/api/v1/explain", body: `{"host":"smtp.gmail.com","port":587,"username":"me@example.com","password":"` + secret + `"}`, status: 200, has: []string{`"password_present":true`}},
		{name: "explain preset", method: "POST", path: "/api/v1/explain", body: `{"host":"smtp.example.com","port":587,"against":{"id":"acme","name":"Acme","hosts":["smtp.example.com"],"ports":[{"port":587,"security":"starttls"}]}}`, status: 200},
		{name: "enum case and spaces as the engine reads them", method: "POST", path: "/api/v1/explain", body: `{"security":" STARTTLS ","environment":"unknown","library":"Nodemailer"}`, status: 200},
		{name: "bad json", method: "POST", path: "/api/v1/explain", body: `{"host":`, status: 400},
		{name: "not an object", method: "POST", path: "/api/v1/explain", body: `[1,2]`, status: 400},
		{name: "unknown field", method: "POST", path: "/api/v1/explain", body: `{"hots":"x"}`, status: 400, field: "hots"},
		{name: "wrong type", method: "POST", path: "/api/v1/explain", body: `{"port":"587"}`, status: 400, field: "port"},
		{name: "bad port", method: "POST", path: "/api/v1/explain", body: `{"port":70000}`, status: 400, field: "port"},
		{name: "unknown security", method: "POST", path: "/api/v1/explain", body: `{"security":"ssl"}`, status: 400, field: "security", has: []string{"starttls"}},
		{name: "unknown auth", method: "POST", path: "/api/v1/explain", body: `{"auth":"kerberos"}`, status: 400, field: "auth"},
		{name: "unknown use", method: "POST", path: "/api/v1/explain", body: `{"use":"spam"}`, status: 400, field: "use"},
		{name: "unknown environment", method: "POST", path: "/api/v1/explain", body: `{"environment":"mars"}`, status: 400, field: "environment"},
		{name: "unknown library", method: "POST", path: "/api/v1/explain", body: `{"library":"cobol"}`, status: 400, field: "library"},
		{name: "crlf in host", method: "POST", path: "/api/v1/explain", body: `{"host":"a\r\nb"}`, status: 400, field: "host"},
		{name: "two values", method: "POST", path: "/api/v1/explain", body: `{} {}`, status: 400},
		{name: "empty body", method: "POST", path: "/api/v1/explain", body: ` `, status: 400},
		{name: "oversized", method: "POST", path: "/api/v1/explain", body: `{"host":"` + strings.Repeat("a", 4096) + `"}`, status: 400, has: []string{"larger than 2048"}},
		{name: "not json", method: "POST", path: "/api/v1/explain", body: `host=x`, header: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 400},
		{name: "explain GET", method: "GET", path: "/api/v1/explain", status: 405},
		{name: "explain-error", method: "POST", path: "/api/v1/explain-error", body: `{"text":"Error: 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number"}`, status: 200, has: []string{`"matches":[`}},
		{name: "explain-error unknown field", method: "POST", path: "/api/v1/explain-error", body: `{"txt":"x"}`, status: 400, field: "txt"},
		{name: "explain-error bad type", method: "POST", path: "/api/v1/explain-error", body: `{"text":5}`, status: 400, field: "text"},
		{name: "parse url", method: "POST", path: "/api/v1/parse", body: `{"text":"smtps://me:` + secret + `@smtp.gmail.com:465"}`, status: 200, has: []string{`"format":"url"`, `"password_present":true`, `"report":{`}},
		{name: "parse unknown field", method: "POST", path: "/api/v1/parse", body: `{"text":"x","y":1}`, status: 400, field: "y"},
		{name: "providers", method: "GET", path: "/api/v1/providers", status: 200, has: []string{`"providers":[`}},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, has: []string{`"ok"`}},
		{name: "openapi", method: "GET", path: "/api/v1/openapi.json", status: 200, has: []string{`"openapi"`}},
		{name: "unknown api", method: "GET", path: "/api/v1/nope", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(e, tc.method, tc.path, tc.body, tc.header...)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.status >= 400 {
				eb := errorBody(t, rec)
				if eb.Field != tc.field {
					t.Errorf("field %q, want %q (%s)", eb.Field, tc.field, eb.Error)
				}
			}
			for _, h := range tc.has {
				if !strings.Contains(rec.Body.String(), h) {
					t.Errorf("body lacks %s: %.300s", h, rec.Body.String())
				}
			}
			if strings.Contains(rec.Body.String(), secret) {
				t.Error("the password is in the response")
			}
		})
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), "hunter2") {
		t.Errorf("the password is in the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "path=/api/v1/explain") {
		t.Errorf("no request line logged:\n%s", logs.String())
	}
}

func TestParseNeverEchoesPassword(t *testing.T) {
	e, logs := newTest(t, Config{Static: testStatic()})
	const secret = "p%40ss-W0rd-Zebra"
	inputs := []string{
		"smtp://me%40example.com:" + secret + "@smtp.example.com:587",
		"MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_USERNAME=me\nMAIL_PASSWORD=" + secret + "\nMAIL_ENCRYPTION=ssl\n",
		"{ host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'me', pass: '" + secret + "' } }",
		"server = smtplib.SMTP_SSL('smtp.example.com', 465)\nserver.login('me', '" + secret + "')\n",
		"this is not a configuration " + secret,
	}
	for _, in := range inputs {
		body, _ := json.Marshal(map[string]string{"text": in})
		rec := do(e, "POST", "/api/v1/parse", string(body))
		switch rec.Code {
		case http.StatusOK:
			var resp struct {
				Format   string         `json:"format"`
				Settings map[string]any `json:"settings"`
				Report   map[string]any `json:"report"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatal(err)
			}
			if resp.Format == "" || resp.Report == nil {
				t.Errorf("parse answer lacks format or report: %s", rec.Body.String())
			}
			if _, ok := resp.Settings["password"]; ok {
				t.Errorf("settings carry a password field: %s", rec.Body.String())
			}
		case http.StatusBadRequest:
			if eb := errorBody(t, rec); eb.Field != "text" {
				t.Errorf("parse error field %q", eb.Field)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		for _, s := range []string{secret, "p@ss-W0rd-Zebra", "W0rd-Zebra"} {
			if strings.Contains(rec.Body.String(), s) {
				t.Errorf("response to %q echoes the password: %s", in, rec.Body.String())
			}
		}
	}
	if strings.Contains(logs.String(), "Zebra") {
		t.Errorf("password in logs:\n%s", logs.String())
	}
}

func TestSecretsIn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"smtps://u:s3cr%21t@h:465", "s3cr!t"},
		{"EMAIL_HOST_PASSWORD = 'abcd efgh'", "abcd"},
		{`"pass": "tok-123456"`, "tok-123456"},
		{"mail.smtp.password=xyzzy1", "xyzzy1"},
		{`client.Credentials = new NetworkCredential("me", "pw-998877");`, "pw-998877"},
		{"C: AUTH PLAIN AGFiYwB4eXo=", "AGFiYwB4eXo="},
	} {
		found := false
		for _, s := range secretsIn(tc.in) {
			if s == tc.want {
				found = true
			}
		}
		if !found {
			t.Errorf("secretsIn(%q) = %q, want it to hold %q", tc.in, secretsIn(tc.in), tc.want)
		}
	}
}
