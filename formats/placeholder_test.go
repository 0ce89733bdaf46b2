package formats

import "testing"

// Placeholders are refused by the live check, so a real host must never be
// taken for one.
func TestIsPlaceholderHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"smtp.example.com", true},
		{"mail.example.co.uk", true},
		{"your-smtp-server.com", true},
		{"smtp.yourdomain.com", true},
		{"YOUR_SMTP_HOST", true},
		{"${SMTP_HOST}", true},
		{"<your-host>", true},
		{"smtp.changeme.com", true},
		{"mail.example.org", true},
		{"example.io", true},
		{"server.dom", true},
		{"yourdomain.com", true},
		{"smtp.mydomain.com", true},
		{"email-smtp.REGION.amazonaws.com", true},
		{"smtp.yourhosting.nl", false},
		{"mail.yourmembership.com", false},
		{"smtp.gmail.com", false},
		{"smtp.office365.com", false},
		{"mx.examplebank.com", false},
	} {
		if got := IsPlaceholderHost(tc.host); got != tc.want {
			t.Errorf("IsPlaceholderHost(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}
