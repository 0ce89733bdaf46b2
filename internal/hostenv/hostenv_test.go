package hostenv_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/whichport/whichport/internal/hostenv"
	"github.com/whichport/whichport/rules"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDetectFromFakeRoots(t *testing.T) {
	cases := []struct {
		root     string
		env      map[string]string
		provider string // Place.ID, "" = none
		name     string
		rule     rules.Environment // "" = no FACTS row
		layers   []string
	}{
		{root: "gce", provider: "gcp", name: "Google Compute Engine", rule: rules.EnvGCP},
		{root: "k8s-gke", provider: "gcp", name: "Google Kubernetes Engine", rule: rules.EnvGCP, layers: []string{"kubernetes"}},
		{root: "aws-nitro", provider: "aws", name: "Amazon EC2", rule: rules.EnvAWS},
		{root: "aws-xen", provider: "aws", name: "Amazon EC2", rule: rules.EnvAWS},
		{root: "azure", provider: "azure", name: "Azure VM", rule: rules.EnvAzure},
		// Hyper-V on a desktop says "Microsoft Corporation" too; only the
		// asset tag tells Azure.
		{root: "hyperv-laptop"},
		{root: "digitalocean", provider: "digitalocean", rule: rules.EnvDigitalOcean},
		{root: "hetzner", provider: "hetzner", rule: rules.EnvHetzner},
		{root: "linode", provider: "linode", rule: rules.EnvLinode},
		{root: "akamai", provider: "linode", rule: rules.EnvLinode},
		{root: "oracle", provider: "oracle", rule: rules.EnvOracle},
		{root: "laptop"},
		{root: "missing-root"},
		{root: "docker-on-do", provider: "digitalocean", rule: rules.EnvDigitalOcean, layers: []string{"docker"}},
		{root: "podman", layers: []string{"docker"}},
		{root: "cgroup-docker", layers: []string{"docker"}},
		{root: "wsl", layers: []string{"wsl"}},
		{root: "laptop", env: map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, layers: []string{"wsl"}},
		{root: "laptop", env: map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, layers: []string{"kubernetes"}},
		{root: "laptop", env: map[string]string{"container": "podman"}, layers: []string{"docker"}},
		// Platforms known by their environment win over the VM under them.
		{root: "gce", env: map[string]string{"RENDER": "true", "RENDER_SERVICE_ID": "srv-1"}, provider: "render", name: "Render", rule: rules.EnvRender},
		{root: "laptop", env: map[string]string{"FLY_APP_NAME": "app", "FLY_MACHINE_ID": "m1"}, provider: "fly", name: "Fly.io"},
		{root: "aws-nitro", env: map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "f"}, provider: "aws", name: "AWS Lambda", rule: rules.EnvAWS},
		{root: "laptop", env: map[string]string{"AWS_EXECUTION_ENV": "AWS_ECS_FARGATE"}, provider: "aws", name: "Amazon ECS", rule: rules.EnvAWS},
		{root: "laptop", env: map[string]string{"K_SERVICE": "svc", "K_REVISION": "svc-1"}, provider: "gcp", name: "Google Cloud Run", rule: rules.EnvGCP},
		{root: "laptop", env: map[string]string{"GAE_APPLICATION": "app"}, provider: "gcp", name: "Google App Engine", rule: rules.EnvGCP},
		// AWS_REGION alone is what developers set on laptops: not evidence.
		{root: "laptop", env: map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_python3.12"}, provider: "aws", name: "AWS Lambda", rule: rules.EnvAWS},
		{root: "laptop", env: map[string]string{"AWS_REGION": "eu-west-1", "AWS_PROFILE": "dev"}},
	}
	for _, c := range cases {
		t.Run(c.root+"/"+strings.Join(keys(c.env), ","), func(t *testing.T) {
			w := hostenv.Detect(hostenv.Config{Root: filepath.Join("testdata", "roots", c.root), Getenv: envOf(c.env)})
			got := ""
			if w.Provider != nil {
				got = w.Provider.ID
			}
			if got != c.provider {
				t.Fatalf("provider = %q, want %q (%s)", got, c.provider, w.Describe())
			}
			if w.Provider != nil {
				if c.name != "" && w.Provider.Name != c.name {
					t.Errorf("name = %q, want %q", w.Provider.Name, c.name)
				}
				if w.Provider.Evidence == "" {
					t.Error("no evidence given")
				}
				var rule rules.Environment
				if w.Provider.Rule != nil {
					rule = w.Provider.Rule.ID
				}
				if rule != c.rule {
					t.Errorf("rule = %q, want %q", rule, c.rule)
				}
			}
			var layers []string
			for _, l := range w.Layers {
				layers = append(layers, l.ID)
			}
			if strings.Join(layers, ",") != strings.Join(c.layers, ",") {
				t.Errorf("layers = %v, want %v", layers, c.layers)
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSentenceNamesTheRuleAndTheWayOut(t *testing.T) {
	w := hostenv.Detect(hostenv.Config{Root: filepath.Join("testdata", "roots", "gce")})
	got := w.Sentence(25)
	want := "You are on Google Compute Engine: outbound port 25 is blocked, with no exceptions. Submit on 587 or 465 to a relay or mail provider."
	if got != want {
		t.Errorf("Sentence(25) =\n%q\nwant\n%q", got, want)
	}
	if s := w.Sentence(587); s != "" {
		t.Errorf("Sentence(587) = %q: GCE does not block 587", s)
	}
	h := hostenv.Detect(hostenv.Config{Root: filepath.Join("testdata", "roots", "hetzner")})
	if !h.Blocks(465) || h.Blocks(587) {
		t.Errorf("Hetzner blocks 465 and not 587 (FACTS §4)")
	}
	if s := h.Sentence(465); !strings.Contains(s, "587") || !strings.Contains(s, "secondary source") {
		t.Errorf("Hetzner's sentence should give the way out and say its source is secondary: %q", s)
	}
	none := hostenv.Detect(hostenv.Config{Root: filepath.Join("testdata", "roots", "laptop")})
	if none.Sentence(25) != "" || none.Blocks(25) {
		t.Error("no provider, no rule")
	}
}

func TestNotesForLayersAndUnknownRules(t *testing.T) {
	w := hostenv.Detect(hostenv.Config{Root: filepath.Join("testdata", "roots", "docker-on-do")})
	if n := strings.Join(w.Notes(), " "); !strings.Contains(n, "host") {
		t.Errorf("a container's note should send the person to the host: %q", n)
	}
	fly := hostenv.Detect(hostenv.Config{Root: "testdata/roots/laptop", Getenv: envOf(map[string]string{"FLY_APP_NAME": "a"})})
	if n := strings.Join(fly.Notes(), " "); !strings.Contains(n, "no documented port rule for Fly.io") {
		t.Errorf("Fly has no FACTS row and should say so: %q", n)
	}
	if d := fly.Describe(); !strings.Contains(d, "FLY_APP_NAME") {
		t.Errorf("Describe should give the evidence: %q", d)
	}
}
