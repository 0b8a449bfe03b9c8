// CoreDNS with only the plugins in the Corefile kubeadm writes for the cluster DNS (cmd/kubeadm/app/phases/addons/dns:
// errors, health, ready, kubernetes, prometheus, forward, cache, loop, reload, loadbalance). This is CoreDNS's own
// recipe for a build outside its tree (coredns.io, "Build with external golang source code"): import the plugins and
// set dnsserver.Directives. The full build also links every cloud provider's SDK; the kind node does not need them.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

// kept is the plugin set above by directive name; the order is upstream's (plugin.cfg), so it is filtered, not restated.
var kept = map[string]bool{
	"cache": true, "errors": true, "forward": true, "health": true, "kubernetes": true,
	"loadbalance": true, "loop": true, "prometheus": true, "ready": true, "reload": true,
}

func init() {
	order := dnsserver.Directives[:0:0]
	for _, d := range dnsserver.Directives {
		if kept[d] {
			order = append(order, d)
		}
	}
	dnsserver.Directives = order
}

func main() { coremain.Run() }
