// Package hostenv tells where this machine runs — which cloud or hosting
// platform, and whether inside a container, Kubernetes or WSL — from local
// facts only: the DMI strings the firmware gives the kernel
// (/sys/class/dmi/id/sys_vendor, product_name, chassis_asset_tag), files
// the platforms leave (/.dockerenv, /var/run/secrets/kubernetes.io, ...)
// and environment variables they set (FLY_APP_NAME, RENDER, K_SERVICE...).
// It never asks a metadata endpoint: a tool that checks whether the network
// blocks a port must not send traffic to find out where it is.
//
// The DMI strings are those cloud-init's ds-identify matches on (Hetzner,
// DigitalOcean, Linode/Akamai, Vultr by sys_vendor; Oracle and Azure by
// chassis asset tag; Google by product name) and AWS's "Identify EC2
// instances" (sys_vendor "Amazon EC2" on Nitro, /sys/hypervisor/uuid
// starting with "ec2" on Xen).
//
// A detected provider that has a row in FACTS §4 carries that row
// (rules.EnvironmentInfo): which outbound ports it blocks and the way out.
//
// Usage (only a main package reads the environment, so it is passed in):
//
//	where := hostenv.Detect(hostenv.Config{Root: "/", Getenv: os.Getenv})
//	if p := where.Provider; p != nil && p.Rule != nil {
//		fmt.Println(where.Sentence(25))
//	}
package hostenv

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Config says where to read the local facts from.
type Config struct {
	// Root is the file system root the well-known paths are read under:
	// "/" (or "") on a real machine, a testdata directory in tests.
	Root string
	// Getenv reads one environment variable; nil reads none.
	Getenv func(string) string
}

// Place is one layer of where the program runs: a provider (a cloud or
// hosting platform) or a wrapper around it (container, Kubernetes, WSL).
type Place struct {
	ID       string `json:"id"`       // "gcp", "fly", "docker", "kubernetes", "wsl"...
	Name     string `json:"name"`     // "Google Compute Engine"
	Evidence string `json:"evidence"` // what showed it: `DMI product_name "Google Compute Engine"`
	// Rule is the FACTS §4 row of the provider, when it has one.
	Rule *rules.EnvironmentInfo `json:"rule,omitempty"`
}

// Where is what Detect found: at most one provider and any wrappers.
type Where struct {
	Provider *Place  `json:"provider,omitempty"`
	Layers   []Place `json:"layers"` // docker, kubernetes, wsl: they change the network path
}

// DMI is the directory of the firmware's identification strings.
const DMI = "sys/class/dmi/id"

// Azure's chassis asset tag on every Azure VM (cloud-init ds-identify).
const azureAssetTag = "7783-7084-3265-9085-8269-3286-77"

// Detect reads the local facts. It never fails: what it cannot read is
// not evidence.
func Detect(c Config) Where {
	d := detector{c: c}
	w := Where{Layers: []Place{}}
	w.Provider = d.provider()
	w.Layers = d.layers()
	if p := w.Provider; p != nil && p.Name == "Google Compute Engine" && w.Has("kubernetes") {
		p.Name = "Google Kubernetes Engine"
	}
	return w
}

type detector struct{ c Config }

func (d detector) env(name string) string {
	if d.c.Getenv == nil {
		return ""
	}
	return strings.TrimSpace(d.c.Getenv(name))
}

func (d detector) path(p string) string {
	root := d.c.Root
	if root == "" {
		root = "/"
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// read returns a small file's first line, trimmed; "" when unreadable.
func (d detector) read(p string) string {
	f, err := os.Open(d.path(p))
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 512) // DMI strings and osrelease are short
	n, _ := f.Read(buf)
	s := string(buf[:n])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func (d detector) exists(p string) bool {
	_, err := os.Stat(d.path(p))
	return err == nil
}

func place(id, name, evidence string, env rules.Environment) *Place {
	p := &Place{ID: id, Name: name, Evidence: evidence}
	if env != "" {
		for _, e := range rules.EnvironmentDetails() {
			if e.ID == env {
				p.Rule = &e
				break
			}
		}
	}
	return p
}

func quoted(field, value string) string { return field + " " + strconv.Quote(value) }

// provider finds the platform: environment variables of the serverless and
// PaaS platforms first (they run on some cloud's VMs, and their own rule is
// the one that applies), then the DMI strings of the VM.
func (d detector) provider() *Place {
	switch {
	case d.env("RENDER") != "" || d.env("RENDER_SERVICE_ID") != "":
		return place("render", "Render", "environment variable RENDER / RENDER_SERVICE_ID", rules.EnvRender)
	case d.env("FLY_APP_NAME") != "" || d.env("FLY_MACHINE_ID") != "":
		return place("fly", "Fly.io", "environment variable FLY_APP_NAME / FLY_MACHINE_ID", "")
	case d.env("AWS_LAMBDA_FUNCTION_NAME") != "" || strings.HasPrefix(d.env("AWS_EXECUTION_ENV"), "AWS_Lambda_"):
		return place("aws", "AWS Lambda", "environment variable AWS_LAMBDA_FUNCTION_NAME / AWS_EXECUTION_ENV", rules.EnvAWS)
	case strings.HasPrefix(d.env("AWS_EXECUTION_ENV"), "AWS_ECS"):
		return place("aws", "Amazon ECS", quoted("environment variable AWS_EXECUTION_ENV", d.env("AWS_EXECUTION_ENV")), rules.EnvAWS)
	case d.env("K_SERVICE") != "" && d.env("K_REVISION") != "":
		return place("gcp", "Google Cloud Run", "environment variables K_SERVICE and K_REVISION", rules.EnvGCP)
	case d.env("GAE_APPLICATION") != "" || d.env("GAE_SERVICE") != "":
		return place("gcp", "Google App Engine", "environment variable GAE_APPLICATION / GAE_SERVICE", rules.EnvGCP)
	case d.env("WEBSITE_SITE_NAME") != "" && d.env("WEBSITE_INSTANCE_ID") != "":
		// App Service is not an Azure VM: FACTS §4 has no row for it.
		return place("azure-app-service", "Azure App Service", "environment variables WEBSITE_SITE_NAME and WEBSITE_INSTANCE_ID", "")
	}

	vendor := d.read(DMI + "/sys_vendor")
	product := d.read(DMI + "/product_name")
	asset := d.read(DMI + "/chassis_asset_tag")
	switch {
	case vendor == "Amazon EC2":
		return place("aws", "Amazon EC2", quoted("DMI sys_vendor", vendor), rules.EnvAWS)
	case strings.HasPrefix(strings.ToLower(d.read("sys/hypervisor/uuid")), "ec2"):
		return place("aws", "Amazon EC2", "/sys/hypervisor/uuid starts with ec2", rules.EnvAWS)
	case product == "Google Compute Engine" || vendor == "Google":
		ev := quoted("DMI product_name", product)
		if product != "Google Compute Engine" {
			ev = quoted("DMI sys_vendor", vendor)
		}
		return place("gcp", "Google Compute Engine", ev, rules.EnvGCP)
	case asset == azureAssetTag:
		return place("azure", "Azure VM", quoted("DMI chassis_asset_tag", asset)+" (Azure's)", rules.EnvAzure)
	case vendor == "DigitalOcean":
		return place("digitalocean", "DigitalOcean Droplet", quoted("DMI sys_vendor", vendor), rules.EnvDigitalOcean)
	case vendor == "Hetzner":
		return place("hetzner", "Hetzner Cloud", quoted("DMI sys_vendor", vendor), rules.EnvHetzner)
	case vendor == "Linode" || vendor == "Akamai":
		return place("linode", "Linode / Akamai", quoted("DMI sys_vendor", vendor), rules.EnvLinode)
	case asset == "OracleCloud.com":
		return place("oracle", "Oracle Cloud", quoted("DMI chassis_asset_tag", asset), rules.EnvOracle)
	case vendor == "Vultr":
		return place("vultr", "Vultr", quoted("DMI sys_vendor", vendor), rules.EnvVultr)
	}
	return nil
}

// layers finds what wraps the program's network: a container, Kubernetes,
// WSL. Several can hold at once (a container in a Kubernetes pod).
func (d detector) layers() []Place {
	out := []Place{}
	if d.env("KUBERNETES_SERVICE_HOST") != "" {
		out = append(out, Place{ID: "kubernetes", Name: "Kubernetes pod", Evidence: "environment variable KUBERNETES_SERVICE_HOST"})
	} else if d.exists("var/run/secrets/kubernetes.io/serviceaccount") {
		out = append(out, Place{ID: "kubernetes", Name: "Kubernetes pod", Evidence: "/var/run/secrets/kubernetes.io/serviceaccount exists"})
	}
	switch {
	case d.exists(".dockerenv"):
		out = append(out, Place{ID: "docker", Name: "Docker container", Evidence: "/.dockerenv exists"})
	case d.exists("run/.containerenv"):
		out = append(out, Place{ID: "docker", Name: "Podman container", Evidence: "/run/.containerenv exists"})
	case d.env("container") != "":
		out = append(out, Place{ID: "docker", Name: "container (" + d.env("container") + ")", Evidence: quoted("environment variable container", d.env("container"))})
	default:
		if cg := d.read("proc/1/cgroup"); strings.Contains(cg, "docker") || strings.Contains(cg, "containerd") {
			out = append(out, Place{ID: "docker", Name: "container", Evidence: "/proc/1/cgroup names docker"})
		}
	}
	rel := strings.ToLower(d.read("proc/sys/kernel/osrelease"))
	switch {
	case d.env("WSL_DISTRO_NAME") != "":
		out = append(out, Place{ID: "wsl", Name: "Windows Subsystem for Linux", Evidence: "environment variable WSL_DISTRO_NAME"})
	case strings.Contains(rel, "microsoft") || strings.Contains(rel, "wsl"):
		out = append(out, Place{ID: "wsl", Name: "Windows Subsystem for Linux", Evidence: "kernel release names Microsoft"})
	}
	return out
}

// Has reports whether a layer of that ID was found.
func (w Where) Has(id string) bool {
	return slices.ContainsFunc(w.Layers, func(p Place) bool { return p.ID == id })
}

// Blocks reports whether the provider's FACTS §4 row blocks port by default.
func (w Where) Blocks(port int) bool {
	return w.Provider != nil && w.Provider.Rule != nil && slices.Contains(w.Provider.Rule.Blocks, port)
}

// Sentence names the provider and its rule for port in one line: "You are
// on Google Compute Engine: outbound port 25 is blocked, with no
// exceptions. Submit on 587 or 465 to a relay or mail provider." It is ""
// when no provider was found or its rule does not block port.
func (w Where) Sentence(port int) string {
	if !w.Blocks(port) {
		return ""
	}
	r := w.Provider.Rule
	var b strings.Builder
	b.WriteString("You are on " + w.Provider.Name + ": outbound port " + strconv.Itoa(port) + " is blocked")
	if r.Condition != "" {
		b.WriteString(", " + r.Condition)
	}
	b.WriteString(". ")
	if r.WayOut != "" {
		b.WriteString(upperFirst(r.WayOut) + ".")
	}
	if r.Confidence != "" && r.Confidence != "H" {
		b.WriteString(" (" + r.Source.Name + ".)")
	}
	return strings.TrimSpace(b.String())
}

// Describe says where the program runs, in one line: "Google Compute
// Engine (DMI product_name "Google Compute Engine"), in a Docker container".
func (w Where) Describe() string {
	var parts []string
	if w.Provider != nil {
		parts = append(parts, w.Provider.Name+" ("+w.Provider.Evidence+")")
	}
	for _, l := range w.Layers {
		parts = append(parts, "in a "+l.Name+" ("+l.Evidence+")")
	}
	if len(parts) == 0 {
		return "no cloud or container recognised"
	}
	return strings.Join(parts, ", ")
}

// Notes are what each layer means for a probe's result.
func (w Where) Notes() []string {
	var out []string
	for _, l := range w.Layers {
		switch l.ID {
		case "docker":
			out = append(out, "Inside a container, connections also pass the host's firewall and the container network's rules: if a port is blocked here, try the same probe on the host.")
		case "kubernetes":
			out = append(out, "In a Kubernetes pod, a NetworkPolicy can block egress: ask the cluster's administrator whether outbound SMTP ports are allowed.")
		case "wsl":
			out = append(out, "Under WSL, connections go out through Windows: its firewall, antivirus or VPN can block a port that Linux itself does not.")
		}
	}
	if w.Provider != nil && w.Provider.Rule == nil {
		out = append(out, "whichport has no documented port rule for "+w.Provider.Name+": the probes below are the evidence.")
	}
	return out
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
