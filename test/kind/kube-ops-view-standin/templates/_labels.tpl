{{- define "kube-ops-view.labels" -}}
app.kubernetes.io/name: kube-ops-view
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
