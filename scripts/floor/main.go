//go:build js && wasm

// Command floor is the smallest Go browser module: it tells the Web Worker
// that runs it that it is ready, and does nothing else. scripts/ready-floor.mjs
// builds it with the browser module's flags (make wasm-module) and times a
// page that loads it (floor.html) beside whichport's page: the floor of any
// Go WebAssembly page on the machine, which "checker ready" is compared with.
package main

import "syscall/js"

func main() {
	msg := js.Global().Get("Object").New()
	msg.Set("ready", true)
	js.Global().Call("postMessage", msg)
}
