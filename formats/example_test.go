package formats_test

import (
	"fmt"

	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

func ExampleParse() {
	p, err := formats.Parse("MAIL_HOST=smtp.gmail.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\n")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Format, p.Library, p.Settings.Host, p.Settings.Port, p.Settings.Security)
	// Output: env laravel smtp.gmail.com 587 starttls
}

func ExampleRewrite() {
	text := "MAIL_HOST=smtp.gmail.com\nMAIL_PORT=587\n"
	out, err := formats.Rewrite(text, rules.Settings{Port: 465, Security: rules.SecurityImplicit})
	if err != nil {
		panic(err)
	}
	fmt.Print(out) // Laravel always uses implicit TLS on 465: the port is enough
	// Output:
	// MAIL_HOST=smtp.gmail.com
	// MAIL_PORT=465
}
