//go:build js && wasm

// OWNER: wasm/frontend helper. Placeholder.
package main

import "github.com/whichport/whichport/rules"

func main() { _ = rules.Explain(rules.Settings{}); select {} }
