"""The chart's monitoring objects of the workloads (composer/monitoring.py): a ServiceMonitor
and a Grafana dashboard ConfigMap per workload that asks for them, written as templates over
`.Values.workloads` (few fields, so by hand rather than from a sentinel build; the parity
tests compare them with the kustomize build). The metrics port lines are in the workloads'
port helpers (composer/helm/workload.py)."""
from __future__ import annotations

from composer import monitoring

LABELS = '''  labels:
    {{- include "realtime-svg.monitoringLabels" (dict "root" $ "name" $name "w" $w "extra" @EXTRA@) | nindent 4 }}
    helm.sh/chart: {{ include "realtime-svg.chart" $ | quote }}
    app.kubernetes.io/managed-by: {{ $.Release.Service | quote }}
'''
NAMESPACE = '''{{- if $.Values.namespace }}
  namespace: {{ $.Values.namespace | toString | quote }}
{{- end }}
'''

TEMPLATE = ('''{{- range $name, $entry := .Values.workloads }}
{{- $w := include "realtime-svg.workloadValues" $entry | fromJson }}
{{- if $w.enabled }}
{{- if and $w.metrics.enabled $w.metrics.serviceMonitor.enabled }}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
''' + LABELS.replace("@EXTRA@", "$w.metrics.serviceMonitor.labels") + '''  name: {{ $name | toString | quote }}
''' + NAMESPACE + '''spec:
  endpoints:
  - path: {{ $w.metrics.path | toString | quote }}
    port: {{ ternary "@PORT@" "http" (eq (include "realtime-svg.metricsOwnPort" $w) "true") }}
{{- if $w.metrics.serviceMonitor.interval }}
    interval: {{ $w.metrics.serviceMonitor.interval | toString | quote }}
{{- end }}
{{- if $w.metrics.serviceMonitor.scrapeTimeout }}
    scrapeTimeout: {{ $w.metrics.serviceMonitor.scrapeTimeout | toString | quote }}
{{- end }}
  selector:
    matchLabels:
      app: {{ $name | toString | quote }}
{{- end }}
{{- if $w.grafanaDashboard.enabled }}
---
apiVersion: v1
kind: ConfigMap
metadata:
{{- if $w.grafanaDashboard.folder }}
  annotations:
    @FOLDER@: {{ $w.grafanaDashboard.folder | toString | quote }}
{{- end }}
''' + LABELS.replace("@EXTRA@", "$w.grafanaDashboard.labels") + '''  name: {{ printf "%s-dashboard" $name | quote }}
''' + NAMESPACE + '''data:
  {{ printf "%s.json" $name | quote }}: {{ $w.grafanaDashboard.json | toString | toJson }}
{{- end }}
{{- end }}
{{- end }}
''').replace("@PORT@", monitoring.PORT_NAME).replace("@FOLDER@", monitoring.FOLDER_ANNOTATION)

HELPERS = r'''
{{/* "true" when the workload's metrics have a port of their own (composer/monitoring.py own_port). */}}
{{- define "realtime-svg.metricsOwnPort" -}}
{{- if and .metrics.enabled (not (kindIs "invalid" .metrics.port)) -}}
{{- ne (.metrics.port | int64) (.port | int64) -}}
{{- else -}}
false
{{- end -}}
{{- end }}

{{/* The labels of a workload's monitoring objects: its recommended labels, `app`, and .extra. */}}
{{- define "realtime-svg.monitoringLabels" -}}
{{- $fullname := include "realtime-svg.fullname" .root -}}
{{- $l := dict "app" .name "app.kubernetes.io/component" .name "app.kubernetes.io/instance" $fullname "app.kubernetes.io/name" .name "app.kubernetes.io/part-of" $fullname "app.kubernetes.io/version" (.w.image.tag | toString) -}}
{{- range $k, $v := .extra }}{{ $_ := set $l $k ($v | toString) }}{{ end -}}
{{- include "realtime-svg.quotedMap" $l -}}
{{- end }}
'''


def files() -> dict[str, str]:
    return {"templates/monitoring.yaml": TEMPLATE}
