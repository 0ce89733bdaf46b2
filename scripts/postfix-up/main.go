// Command postfix-up starts a throwaway Postfix for the benchmark and smoke
// scripts with internal/testmta (the same configuration the integration tests
// use): everything under -dir, listening on 127.0.0.1, relaying nothing. It
// prints shell assignments and exits, leaving Postfix running:
//
//	PF_SMTP=<port of the STARTTLS-offered listener (-port)>
//	PF_SUBMISSION=<port>  PF_SUBMISSIONS=<port>  PF_CA=<CA certificate file>
//
// Stop it with `postfix -c DIR/conf stop`. Needs root and Postfix.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/whichport/whichport/internal/testmta"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("postfix-up: ")
	dir := flag.String("dir", "", "folder for configuration, queue and logs (must exist)")
	port := flag.Uint("port", 0, "port of the STARTTLS-offered listener (0: a free one)")
	names := flag.String("names", "", "comma-separated extra DNS names for the server certificate")
	flag.Parse()
	if *dir == "" || *port > 65535 {
		log.Fatal("usage: postfix-up -dir DIR [-port N] [-names a,b]")
	}
	o := testmta.Options{SMTPPort: uint16(*port)}
	if *names != "" {
		o.Names = strings.Split(*names, ",")
	}
	m, _, err := testmta.StartWith(*dir, o)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "PF_SMTP=%d\nPF_SUBMISSION=%d\nPF_SUBMISSIONS=%d\nPF_CA=%s\n",
		m.SMTP.Port(), m.Submission.Port(), m.Submissions.Port(), m.CAFile)
}
