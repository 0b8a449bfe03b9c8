module kind-pause-lab.local/kube-ops-view-standin

go 1.22
