"""The chart's NetworkPolicies (settings ``networkPolicy``; composer/netpol.py).

The per-group policies depend on the set of workloads and on what each one uses, so they
are not a sentinel build. The edges are the EDGES tables compiled to Go template statements
(composer/edges.py); templates/networkpolicy.yaml files them and ports composer/netpol.py's
``policies()``. Each edge is kept under a key that
sorts as Python sorts the edges ((source kind, source name), (target kind, target name),
port), so the rules of a policy come out in the same order; a second edge with the same
key is dropped, as ``edges()`` drops it. The default-deny and DNS policies are
components/network-policy with the system's name and the DNS peer. The parity property
tests compare the chart's objects with the overlay's for generated settings.
"""
from __future__ import annotations

from composer import edges, netpol

LABELS = '''  labels:
@APP@    app.kubernetes.io/name: network-policy
    app.kubernetes.io/component: network-policy
    app.kubernetes.io/version: {{ $.Values.image.tag | toString | quote }}
    app.kubernetes.io/instance: {{ $name | quote }}
    app.kubernetes.io/part-of: {{ $name | quote }}
    helm.sh/chart: {{ include "realtime-svg.chart" $ | quote }}
    app.kubernetes.io/managed-by: {{ $.Release.Service | quote }}
'''
NAMESPACE = '''{{- if $.Values.namespace }}
  namespace: {{ $.Values.namespace | toString | quote }}
{{- end }}
'''

TEMPLATE = ('''{{- if (.Values.networkPolicy | default dict).enabled }}
{{- $np := .Values.networkPolicy }}
{{- $name := include "realtime-svg.fullname" . }}
{{- $active := dict }}
{{- range $n, $e := .Values.workloads }}
{{- $w := include "realtime-svg.workloadValues" $e | fromJson }}
{{- if $w.enabled }}{{ $_ := set $active $n $w }}{{ end }}
{{- end }}
{{- $edges := dict }}
{{- $s := .Values }}
{{- /* every edge (composer/edges.py: the EDGES tables, generated) */}}
''' + edges.go_statements() + '''{{- /* one policy per group of pods an edge touches (policies) */}}
{{- $groups := dict }}
{{- range $key := keys $edges | sortAlpha }}
{{- $e := get $edges $key }}
{{- range $side := list (list 0 1 2 3 "egress" "to") (list 2 3 0 1 "ingress" "from") }}
{{- if eq (index $e (index $side 0)) "pod" }}
{{- $app := index $e (index $side 1) }}
{{- if not (hasKey $groups $app) }}{{ $_ := set $groups $app (dict "ingress" list "egress" list) }}{{ end }}
{{- $g := get $groups $app }}
{{- $kind := index $e (index $side 2) }}
{{- $peer := dict "ipBlock" (dict "cidr" "@EVERYWHERE@") }}
{{- if eq $kind "pod" }}{{ $peer = dict "podSelector" (dict "matchLabels" (dict "app" (index $e (index $side 3)))) }}{{ end }}
{{- if or (eq $kind "ingress-controller") (eq $kind "prometheus") }}
{{- $cfg := ternary $np.ingressController $np.prometheus (eq $kind "ingress-controller") }}
{{- $labels := dict }}
{{- range $k, $v := ($cfg.podLabels | default dict) }}{{ $_ := set $labels $k (toString $v) }}{{ end }}
{{- $peer = dict "namespaceSelector" (dict "matchLabels" (dict "@NS_LABEL@" (toString $cfg.namespace))) "podSelector" (ternary (dict "matchLabels" $labels) dict (gt (len $labels) 0)) }}
{{- end }}
{{- $_ := set $g (index $side 4) (append (get $g (index $side 4)) (dict (index $side 5) (list $peer) "ports" (list (dict "protocol" "TCP" "port" (index $e 4))))) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $app, $g := $groups }}
{{- $spec := dict "podSelector" (dict "matchLabels" (dict "app" $app)) "policyTypes" list }}
{{- if $g.ingress }}{{ $_ := set $spec "ingress" $g.ingress }}{{ $_ := set $spec "policyTypes" (append $spec.policyTypes "Ingress") }}{{ end }}
{{- if $g.egress }}{{ $_ := set $spec "egress" $g.egress }}{{ $_ := set $spec "policyTypes" (append $spec.policyTypes "Egress") }}{{ end }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
''' + LABELS.replace("@APP@", "    app: {{ $app | quote }}\n") + '''  name: {{ printf "%s-allow" $app | quote }}
''' + NAMESPACE + '''spec:
  {{- toYaml $spec | nindent 2 }}
{{- end }}
{{- $dns := $np.dns }}
{{- $dnsLabels := dict }}
{{- range $k, $v := ($dns.podLabels | default dict) }}{{ $_ := set $dnsLabels $k (toString $v) }}{{ end }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
''' + LABELS.replace("@APP@", "") + '''  name: {{ printf "%s-default-deny" $name | quote }}
''' + NAMESPACE + '''spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
''' + LABELS.replace("@APP@", "") + '''  name: {{ printf "%s-allow-dns" $name | quote }}
''' + NAMESPACE + '''spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              @NS_LABEL@: {{ $dns.namespace | toString | quote }}
          podSelector: {{- if $dnsLabels }}{{ dict "matchLabels" $dnsLabels | toYaml | nindent 12 }}{{ else }} {}{{ end }}
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
{{- end }}
''').replace("@EVERYWHERE@", netpol.EVERYWHERE).replace("@NS_LABEL@", netpol.NAMESPACE_LABEL)

HELPERS = r'''{{/*
File one NetworkPolicy edge (composer/netpol.py Edge), given as (list $edges (list sourceKind
sourceName targetKind targetName port)), under a key that sorts as edges() sorts: the
names end with a space (below every character of a name), the port has five digits. The
first edge under a key stays, as in edges().
*/}}
{{- define "realtime-svg.netpolAdd" -}}
{{- $edges := index . 0 -}}
{{- $e := index . 1 -}}
{{- $key := printf "%s %s %s %s %05d TCP" (index $e 0) (index $e 1) (index $e 2) (index $e 3) (index $e 4 | int) -}}
{{- if not (hasKey $edges $key) }}{{ $_ := set $edges $key (list (index $e 0) (index $e 1) (index $e 2) (index $e 3) (index $e 4 | int)) }}{{ end -}}
{{- end }}
'''


def files() -> dict[str, str]:
    return {"templates/_netpol.tpl": HELPERS, "templates/networkpolicy.yaml": TEMPLATE}
