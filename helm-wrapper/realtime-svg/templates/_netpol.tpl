{{/*
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
