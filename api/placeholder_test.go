package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/whichport/whichport/formats"
)

// A host written to be replaced is never checked or probed: 400 naming it
// as a placeholder, and no connection is made.
func TestPlaceholderNotChecked(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, d := liveConfig(peer, true)
	e, _ := newTest(t, cfg)
	for _, tc := range []struct{ path, field, host string }{
		{"/api/v1/probe?port=587&host=", "host", "smtp.example.com"},
		{"/api/v1/probe?port=587&host=", "host", "smtp.example.com:465"},
		{"/api/v1/probe?port=25&host=", "host", "mail.invalid"},
		{"/api/v1/probe?port=587&host=", "host", "${SMTP_HOST}"},
		{"/api/v1/probe?port=587&host=", "host", "{{ smtp_host }}"},
		{"/api/v1/probe?port=587&host=", "host", "<your-smtp-host>"},
		{"/api/v1/probe?port=587&host=", "host", "smtp.mail.example"},
		{"/api/v1/probe?port=587&host=", "host", "smtp.example.de"},
		{"/api/v1/check?domain=", "domain", "example.com"},
		{"/api/v1/check?domain=", "domain", "ann@Example.ORG"},
		{"/api/v1/check?domain=", "domain", "${MAIL_DOMAIN}"},
		{"/api/v1/check?stream=1&domain=", "domain", "example.net"},
	} {
		rec := do(e, "GET", tc.path+url.QueryEscape(tc.host), "")
		if rec.Code != 400 {
			t.Errorf("%s: status %d: %s", tc.host, rec.Code, rec.Body.String())
			continue
		}
		eb := errorBody(t, rec)
		if eb.Field != tc.field || !strings.Contains(eb.Error, "is a placeholder, not a server to check") || !strings.Contains(eb.Error, "provider's host") {
			t.Errorf("%s: %+v", tc.host, eb)
		}
	}
	d.mu.Lock()
	asked := d.asked
	d.mu.Unlock()
	if len(asked) != 0 {
		t.Errorf("placeholders were dialled: %v", asked)
	}
	// Said even where live checks are off (503 otherwise): it is the input.
	off, _ := newTest(t, Config{Static: testStatic()})
	if rec := do(off, "GET", "/api/v1/probe?port=587&host=smtp.example.com", ""); rec.Code != 400 {
		t.Errorf("no live checks: %d %s", rec.Code, rec.Body.String())
	}
	// A real host on the same server is still probed.
	if rec := do(e, "GET", "/api/v1/probe?host=smtp.acme-mail.net&port=587", ""); rec.Code != 200 {
		t.Errorf("real host: %d %s", rec.Code, rec.Body.String())
	}
}

func TestParseBlocksAndSkipped(t *testing.T) {
	e, _ := newTest(t, Config{Static: testStatic()})
	const msmtprc = "defaults\ntls on\n\naccount work\nhost smtp.work-mail.net\nport 587\n\naccount home\nhost mail.home-isp.org\nport 465\ntls_starttls off\n"
	body := func(text string, block int) string {
		b, _ := json.Marshal(parseRequest{Text: text, Block: block})
		return string(b)
	}
	parse := func(t *testing.T, text string, block int) formats.Answer {
		t.Helper()
		rec := do(e, "POST", "/api/v1/parse", body(text, block))
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		var p formats.Answer
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("accounts", func(t *testing.T) {
		p := parse(t, msmtprc, 0)
		if len(p.Blocks) != 2 || p.Block != 1 || p.Settings.Host != "smtp.work-mail.net" {
			t.Fatalf("%+v", p)
		}
		if b := p.Blocks[1]; b.FirstLine != 8 || b.Label != "home: mail.home-isp.org" || b.Format != "msmtp" {
			t.Errorf("block 2: %+v", b)
		}
		p = parse(t, msmtprc, 2)
		if p.Block != 2 || p.Settings.Host != "mail.home-isp.org" || p.Settings.Port != 465 || p.Report.Settings.Port != 465 {
			t.Errorf("block 2 read: %+v", p)
		}
	})
	t.Run("no such block", func(t *testing.T) {
		rec := do(e, "POST", "/api/v1/parse", body(msmtprc, 3))
		if rec.Code != 400 || errorBody(t, rec).Field != "block" {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
		rec = do(e, "POST", "/api/v1/parse", `{"text":"MAIL_HOST=smtp.gmail.com","block":-1}`)
		if rec.Code != 400 || errorBody(t, rec).Field != "block" {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("fenced blocks, placeholder", func(t *testing.T) {
		text := "Set these:\n\n```\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\n```\n\nor\n\n```\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=465\n```\n"
		p := parse(t, text, 0)
		if p.Placeholder != "smtp.example.com" || len(p.Blocks) != 2 || p.Block != 1 {
			t.Fatalf("%+v", p)
		}
		if !strings.Contains(p.Blocks[0].Label, "placeholder") || p.Blocks[1].Label != "smtp.gmail.com" {
			t.Errorf("labels %+v", p.Blocks)
		}
		if p = parse(t, text, 2); p.Placeholder != "" || p.Settings.Host != "smtp.gmail.com" || p.Block != 2 {
			t.Errorf("block 2: %+v", p)
		}
	})
	t.Run("skipped lines", func(t *testing.T) {
		p := parse(t, "MAIL_HOST=smtp.gmail.com\nthen set the port below\nMAIL_PORT=587\n", 0)
		if len(p.Skipped) != 1 || p.Skipped[0] != 2 || p.Settings.Port != 587 {
			t.Errorf("%+v", p)
		}
	})
}
