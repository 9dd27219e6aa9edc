"""The chart's Kafka (settings ``kafka``): its objects templated from a sentinel build of the
kafka/ part (composer/kafka.py) by composer/helm/part.py, as PostgreSQL's and Redis's are.

The sentinel turns the in-cluster Kafka on with three nodes (so the PodDisruptionBudget is
built) and every setting a token; what depends on more than one setting (the address, the
quorum voters, the advertised listener, the replication factors) comes from the named
templates generated from composer/kafka.py DERIVED (composer/derived.py).
"""
from __future__ import annotations

from composer import kafka
from composer.helm.part import CLAIM, CONTAINER, POD, PULL_SECRETS, Part


def _env(var: str) -> str:
    return f"{CONTAINER}/env/{kafka.ENV[var]}/value"


PART = Part(
    key="kafka",
    component=kafka.SERVER_COMPONENT,
    strings=["clusterId", "image.repository", "image.tag", "image.pullPolicy", "resources.requests.cpu",
             "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory",
             "storage.size", "storage.accessMode", "storage.storageClassName"],
    integers={"securityContext.runAsUser": 987901, "securityContext.runAsGroup": 987902,
              "securityContext.fsGroup": 987903},
    fixed={"enabled": True, "nodes": 3, "bootstrapServers": ""},
    values={
        ("ConfigMap", "/data/bootstrapServers"): 'include "realtime-svg.kafkaBootstrap" . | quote',
        ("StatefulSet", "/spec/replicas"): ".Values.kafka.nodes | int64",
        # the env values the description derives (composer/kafka.py DERIVED, its generated helpers)
        **{("StatefulSet", _env(var)): f'include "realtime-svg.{value}" . | quote'
           for var, value in kafka.ENV_DERIVED.items()},
    },
    conditional_keys={
        ("*", "/metadata/namespace"): (".Values.namespace", None),
        ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.kafka.storage.storageClassName", None),
        ("StatefulSet", f"{POD}/imagePullSecrets"): PULL_SECRETS,
    },
    conditions={
        "ConfigMap": 'include "realtime-svg.kafkaActive" .',
        "PodDisruptionBudget": "and .Values.kafka.enabled (gt (.Values.kafka.nodes | int) 1)",
    },
    server_condition=".Values.kafka.enabled",
)


HELPERS = r'''
{{/* "true" when the system has the kafka part (composer/kafka.py active). */}}
{{- define "realtime-svg.kafkaActive" -}}
{{- $used := include "realtime-svg.workloadsUse" (dict "root" . "key" "kafka") -}}
{{- if or .Values.kafka.enabled $used }}true{{ end -}}
{{- end }}

'''
