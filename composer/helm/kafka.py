"""The chart's Kafka (settings ``kafka``): its objects templated from a sentinel build of the
kafka/ part (composer/kafka.py), as PostgreSQL's are (composer/helm/postgresql.py).

The sentinel turns the in-cluster Kafka on with three nodes (so the PodDisruptionBudget is
built) and every setting a token; what depends on more than one setting (the address, the
quorum voters, the advertised listener, the replication factors, the replicas) comes from
helpers that compute what composer/kafka.py computes.
"""
from __future__ import annotations

from typing import Any

import yaml

from composer import kafka, render
from composer.helm import sentinel, template

POD = template.POD
CONTAINER = template.CONTAINER
CLAIM = "/spec/volumeClaimTemplates/0/spec"

STRINGS = ["clusterId", "image.repository", "image.tag", "image.pullPolicy", "resources.requests.cpu",
           "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory",
           "storage.size", "storage.accessMode", "storage.storageClassName"]
INTEGERS = {"securityContext.runAsUser": 987901, "securityContext.runAsGroup": 987902,
            "securityContext.fsGroup": 987903}


def _t(path: str) -> str:
    return sentinel._t(f"kafka.{path}")


def _expr(root: str, path: str) -> str:
    return f"{root.rstrip('.')}.Values.kafka.{path}"


def settings() -> dict[str, Any]:
    """The sentinel `kafka` settings: in-cluster, three nodes, every value a token."""
    k: dict[str, Any] = {"enabled": True, "nodes": 3, "bootstrapServers": ""}

    def put(path: str, value: Any) -> None:
        node = k
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    for path in STRINGS:
        put(path, _t(path))
    for path, number in INTEGERS.items():
        put(path, number)
    return k


def string_tokens(root: str) -> dict[str, str]:
    return {_t(p): _expr(root, p) for p in STRINGS}


def integer_tokens(root: str) -> dict[int, str]:
    return {n: f"{_expr(root, p)} | int64" for p, n in INTEGERS.items()}


def _env(var: str) -> str:
    return f"{CONTAINER}/env/{kafka.ENV[var]}/value"


VALUES: dict[tuple[str, str], str] = {
    ("ConfigMap", "/data/bootstrapServers"): 'include "realtime-svg.kafkaBootstrap" . | quote',
    ("StatefulSet", "/spec/replicas"): ".Values.kafka.nodes | int64",
    ("StatefulSet", _env("KAFKA_CONTROLLER_QUORUM_VOTERS")): 'include "realtime-svg.kafkaVoters" . | quote',
    ("StatefulSet", _env("KAFKA_ADVERTISED_LISTENERS")):
        'printf "PLAINTEXT://$(POD_NAME).%s-headless:9092" (include "realtime-svg.kafkaName" .) | quote',
    **{("StatefulSet", _env(v)): ".Values.kafka.nodes | int64 | toString | quote"
       for v in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                 "KAFKA_DEFAULT_REPLICATION_FACTOR")},
    **{("StatefulSet", _env(v)): 'ternary "2" "1" (ge (.Values.kafka.nodes | int) 3) | quote'
       for v in ("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_MIN_INSYNC_REPLICAS")},
}
CONDITIONAL_KEYS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("*", "/metadata/namespace"): (".Values.namespace", None),
    ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.kafka.storage.storageClassName", None),
    ("StatefulSet", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
}
CONDITIONS = {
    "ConfigMap": 'include "realtime-svg.kafkaActive" .',
    "PodDisruptionBudget": "and .Values.kafka.enabled (gt (.Values.kafka.nodes | int) 1)",
}
SERVER_CONDITION = ".Values.kafka.enabled"


class KafkaTemplater(template.Templater):
    """template.Templater for the objects of the kafka/ part (fixed names, no hashes)."""

    def __init__(self, objects: list[dict[str, Any]]):
        self.objects = objects
        self.whole = {}
        self.tokens = {**string_tokens("."), sentinel.NAME_TOKEN: sentinel.FULLNAME,
                       sentinel._t("namespace"): ".Values.namespace"}
        self.token_re = template.token_regex(self.tokens)
        self.integers = integer_tokens(".")

    def render_part_object(self, obj: dict[str, Any]) -> str:
        kind = obj["kind"]
        text = template.render_marked(obj, self, template.HELM_LABELS,
                                      {p: e for (k, p), e in VALUES.items() if k == kind},
                                      {p: c for (k, p), c in CONDITIONAL_KEYS.items() if k in ("*", kind)})
        return f"{{{{- if {CONDITIONS.get(kind, SERVER_CONDITION)} }}}}\n{text}{{{{- end }}}}\n"

    def part_file(self) -> str:
        return "".join(f"---\n{self.render_part_object(o)}" for o in self.objects)


def sentinel_settings() -> dict[str, Any]:
    s = sentinel.settings()
    s["enabled"] = False
    s["kafka"] = settings()
    return s


def is_part(obj: dict[str, Any]) -> bool:
    return obj["metadata"].get("labels", {}).get("app.kubernetes.io/name") == kafka.SERVER_COMPONENT


def files() -> dict[str, str]:
    objects = [o for o in yaml.safe_load_all(render.render(sentinel_settings(), "python -m composer generate"))
               if o and is_part(o)]
    return {"templates/kafka.yaml": KafkaTemplater(objects).part_file()}


HELPERS = r'''
{{/* Kafka's objects are named after the system (composer/kafka.py name). */}}
{{- define "realtime-svg.kafkaName" -}}
{{- printf "%s-kafka" (include "realtime-svg.fullname" .) -}}
{{- end }}

{{/* "true" when the system has the kafka part (composer/kafka.py active). */}}
{{- define "realtime-svg.kafkaActive" -}}
{{- $used := include "realtime-svg.workloadsUse" (dict "root" . "key" "kafka") -}}
{{- if or .Values.kafka.enabled $used }}true{{ end -}}
{{- end }}

{{/* The bootstrap servers (composer/kafka.py bootstrap_servers). */}}
{{- define "realtime-svg.kafkaBootstrap" -}}
{{- if .Values.kafka.enabled -}}
{{- printf "%s:9092" (include "realtime-svg.kafkaName" .) -}}
{{- else -}}
{{- .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end }}

{{/* controller.quorum.voters (composer/kafka.py quorum_voters). */}}
{{- define "realtime-svg.kafkaVoters" -}}
{{- $name := include "realtime-svg.kafkaName" . -}}
{{- $voters := list -}}
{{- range $i := until (.Values.kafka.nodes | int) -}}
{{- $voters = append $voters (printf "%d@%s-%d.%s-headless:9093" $i $name $i $name) -}}
{{- end -}}
{{- join "," $voters -}}
{{- end }}

'''
