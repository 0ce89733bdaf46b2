package diagnose_test

import (
	"fmt"

	"github.com/whichport/whichport/diagnose"
)

func ExampleExplain() {
	log := "INFO Connection established to 142.250.102.108:465\nERROR Send Error: Greeting never received\n"
	for _, m := range diagnose.Explain(log) {
		fmt.Println(m.Line, m.ID)
	}
	// Output: 2 greeting-never-received
}
