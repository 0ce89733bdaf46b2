package api

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestOpenAPIDescribesEveryRoute checks that each registered route and
// method is in the embedded OpenAPI document.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPISpec, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	e, _ := newTest(t, Config{Static: testStatic()})
	param := regexp.MustCompile(`:([a-z]+)`)
	n := 0
	for _, r := range e.Routes() {
		if r.Method == "echo_route_not_found" || r.Method == "RouteNotFound" {
			continue
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		p = strings.Replace(p, "*", "{path}", 1)
		ops, ok := doc.Paths[p]
		if !ok {
			t.Errorf("route %s %s (%s) is not in openapi.json", r.Method, r.Path, p)
			continue
		}
		if _, ok := ops[strings.ToLower(r.Method)]; !ok {
			t.Errorf("method %s of %s is not in openapi.json", r.Method, p)
		}
		n++
	}
	// And the other way round: every documented path is served.
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		p := param.ReplaceAllString(r.Path, "{$1}")
		routes[strings.Replace(p, "*", "{path}", 1)] = true
	}
	for p := range doc.Paths {
		if !routes[p] {
			t.Errorf("openapi.json describes %s, which is not a route", p)
		}
	}
	if n < 15 {
		t.Errorf("only %d routes checked", n)
	}
}
