// Command kube-ops-view is the kind-pause-lab STAND-IN for hjacobs/kube-ops-view:20.4.0 on the offline kind cluster,
// where no registry serves the real image (scripts/kind/standins/README.md). It is not kube-ops-view: it serves on
// :8080 one page that names itself the stand-in, with TZ, and lists the cluster's nodes and pods as it reads them
// from the API server with its pod's ServiceAccount token, which only the chart's ClusterRole lets it do
// (test/kind/kube-ops-view-standin/templates/rbac.yaml). It writes nothing to disk, so it runs under the real chart's
// securityContext (uid 1000, non-root, read-only root filesystem). /health answers OK as the real application's does.
// Standard library only; time zones embedded (time/tzdata), as the image holds no /usr/share/zoneinfo.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata"
)

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// What the page shows of the API's NodeList and PodList.
type nodeList struct {
	Items []struct {
		Metadata struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Status struct {
			Addresses []struct {
				Type    string `json:"type"`
				Address string `json:"address"`
			} `json:"addresses"`
			Conditions []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"conditions"`
			NodeInfo struct {
				KubeletVersion string `json:"kubeletVersion"`
			} `json:"nodeInfo"`
		} `json:"status"`
	} `json:"items"`
}

type podList struct {
	Items []struct {
		Metadata struct {
			Namespace string `json:"namespace"`
			Name      string `json:"name"`
		} `json:"metadata"`
		Spec struct {
			NodeName string `json:"nodeName"`
		} `json:"spec"`
		Status struct {
			Phase string `json:"phase"`
			PodIP string `json:"podIP"`
		} `json:"status"`
	} `json:"items"`
}

type nodeRow struct{ Name, Roles, Ready, InternalIP, Kubelet string }
type podRow struct{ Namespace, Name, Node, Phase, IP string }

type page struct {
	Host, TZ, Now, User, RootFS, API, Who string
	Nodes                                 []nodeRow
	Pods                                  []podRow
	NodesError, PodsError                 string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kubernetes Operational View (kind-pause-lab stand-in)</title></head>
<body>
<h1>Kubernetes Operational View</h1>
<p>kind-pause-lab stand-in for kube-ops-view (a small Go program, not hjacobs/kube-ops-view) on {{.Host}}, TZ={{.TZ}}, local time {{.Now}}</p>
<p>Running as {{.User}}; root filesystem {{.RootFS}}.</p>
{{if .API}}<p>Read from the API server at {{.API}} as {{.Who}} (the pod's ServiceAccount token): {{len .Nodes}} nodes, {{len .Pods}} pods.</p>{{end}}
<h2>Nodes</h2>
{{if .NodesError}}<p>cannot list nodes: {{.NodesError}}</p>{{end}}
<table>
<tr><th>node</th><th>roles</th><th>Ready</th><th>InternalIP</th><th>kubelet</th></tr>
{{range .Nodes}}<tr><td>{{.Name}}</td><td>{{.Roles}}</td><td>{{.Ready}}</td><td>{{.InternalIP}}</td><td>{{.Kubelet}}</td></tr>
{{end}}</table>
<h2>Pods</h2>
{{if .PodsError}}<p>cannot list pods: {{.PodsError}}</p>{{end}}
<table>
<tr><th>namespace</th><th>pod</th><th>node</th><th>phase</th><th>pod IP</th></tr>
{{range .Pods}}<tr><td>{{.Namespace}}</td><td>{{.Name}}</td><td>{{.Node}}</td><td>{{.Phase}}</td><td>{{.IP}}</td></tr>
{{end}}</table>
</body></html>
`))

// apiClient reads the in-cluster API with the pod's ServiceAccount, as client-go's in-cluster config does.
type apiClient struct {
	base   string
	client *http.Client
}

func newAPIClient() (*apiClient, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, errors.New("KUBERNETES_SERVICE_HOST/PORT are not set: not running in a pod")
	}
	ca, err := os.ReadFile(serviceAccountDir + "/ca.crt")
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, errors.New(serviceAccountDir + "/ca.crt holds no certificate")
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &apiClient{base: "https://" + net.JoinHostPort(host, port), client: &http.Client{Transport: transport, Timeout: 5 * time.Second}}, nil
}

// token is read at each call: the kubelet rotates the projected token.
func token() (string, error) {
	b, err := os.ReadFile(serviceAccountDir + "/token")
	return strings.TrimSpace(string(b)), err
}

// subject is the token's `sub` claim (system:serviceaccount:NAMESPACE:NAME), read without verifying it: only shown.
func subject(tok string) string {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "an unreadable token"
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Sub string `json:"sub"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil || claims.Sub == "" {
		return "an unreadable token"
	}
	return claims.Sub
}

func (c *apiClient) get(ctx context.Context, path string, into any) error {
	tok, err := token()
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	res, err := c.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var status struct {
			Message string `json:"message"`
		}
		_ = json.NewDecoder(res.Body).Decode(&status)
		return fmt.Errorf("GET %s: HTTP %d: %s", path, res.StatusCode, status.Message)
	}
	return json.NewDecoder(res.Body).Decode(into)
}

func nodeRows(l *nodeList) []nodeRow {
	rows := make([]nodeRow, 0, len(l.Items))
	for _, n := range l.Items {
		var roles []string
		for k := range n.Metadata.Labels {
			if r, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok {
				roles = append(roles, r)
			}
		}
		sort.Strings(roles)
		row := nodeRow{Name: n.Metadata.Name, Roles: strings.Join(roles, ","), Ready: "Unknown", Kubelet: n.Status.NodeInfo.KubeletVersion}
		for _, c := range n.Status.Conditions {
			if c.Type == "Ready" {
				row.Ready = c.Status
			}
		}
		for _, a := range n.Status.Addresses {
			if a.Type == "InternalIP" {
				row.InternalIP = a.Address
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func podRows(l *podList) []podRow {
	rows := make([]podRow, 0, len(l.Items))
	for _, p := range l.Items {
		rows = append(rows, podRow{p.Metadata.Namespace, p.Metadata.Name, p.Spec.NodeName, p.Status.Phase, p.Status.PodIP})
	}
	return rows
}

// rootFS says whether the root filesystem takes a new file (the chart mounts it read-only); a file made is removed.
func rootFS() string {
	const probe = "/.kind-pause-lab-write-check"
	f, err := os.OpenFile(probe, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		if errors.Is(err, syscall.EROFS) {
			return "read-only (creating " + probe + ": read-only file system)"
		}
		return "not writable for this user (" + err.Error() + ")"
	}
	f.Close()
	os.Remove(probe)
	return "writable"
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("kube-ops-view (kind-pause-lab stand-in): ")
	host, _ := os.Hostname()
	user := fmt.Sprintf("uid %d, gid %d", os.Getuid(), os.Getgid())
	root := rootFS()
	api, apiErr := newAPIClient()
	if apiErr != nil {
		log.Printf("no in-cluster API: %v", apiErr)
	}
	log.Printf("serving on :8080 as %s; root filesystem %s; TZ=%s", user, root, os.Getenv("TZ"))

	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "OK")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		p := page{Host: host, TZ: os.Getenv("TZ"), Now: time.Now().Format("2006-01-02 15:04:05 MST"), User: user, RootFS: root}
		if api == nil {
			p.NodesError, p.PodsError = apiErr.Error(), apiErr.Error()
		} else {
			p.API = api.base
			p.Who = "an unreadable token"
			if tok, err := token(); err == nil {
				p.Who = subject(tok)
			}
			var nodes nodeList
			if err := api.get(r.Context(), "/api/v1/nodes", &nodes); err != nil {
				p.NodesError = err.Error()
			}
			var pods podList
			if err := api.get(r.Context(), "/api/v1/pods", &pods); err != nil {
				p.PodsError = err.Error()
			}
			p.Nodes, p.Pods = nodeRows(&nodes), podRows(&pods)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := pageTemplate.Execute(w, p); err != nil {
			log.Printf("writing the page: %v", err)
		}
	})

	server := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		s := <-stop
		log.Printf("%v: stopping", s)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}()
	if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
