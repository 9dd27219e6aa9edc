"""The chart's PostgreSQL (settings ``postgresql``): its objects templated from a sentinel
build of the postgresql/ part (composer/postgresql.py), as the app's are from theirs.

The sentinel turns the in-cluster server on with every setting a token and the app off,
so the render holds exactly the part's objects. What depends on more than one setting
(the ConfigMap's host and port, the Secret's name behind `existingSecret`, the init Job's
DATABASES and its digest name) comes from the named templates generated from
composer/postgresql.py DERIVED (composer/derived.py); which objects exist is the composer's
`active` / `enabled` / `existingSecret`.
"""
from __future__ import annotations

from composer import postgresql
from composer.helm import sentinel
from composer.helm.part import CLAIM, CONTAINER, POD, PULL_SECRETS, Part

SECRET_NAME = 'include "realtime-svg.postgresqlSecretName" . | quote'

PART = Part(
    key="postgresql",
    component=postgresql.SERVER_COMPONENT,
    # scalar settings under `postgresql`, as tokens (strings) and distinct integers
    strings=["user", "image.repository", "image.tag", "image.pullPolicy", "resources.requests.cpu",
             "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory",
             "storage.size", "storage.accessMode", "storage.storageClassName"],
    integers={"securityContext.runAsUser": 987801, "securityContext.runAsGroup": 987802,
              "securityContext.fsGroup": 987803},
    secrets=["password"],
    fixed={"enabled": True, "host": "", "port": 5432, "existingSecret": "",
           "databases": {sentinel._t("postgresql.databases"): {"owner": ""}}},
    # (kind, JSON pointer) -> expression, for values derived from more than one setting
    # (composer/postgresql.py DERIVED, its generated helpers)
    values={
        ("ConfigMap", "/data/host"): 'include "realtime-svg.postgresqlHost" . | quote',
        ("ConfigMap", "/data/port"): 'include "realtime-svg.postgresqlPort" . | quote',
        ("Job", "/metadata/name"): 'include "realtime-svg.postgresqlJobName" . | quote',
        ("Job", f"{CONTAINER}/env/0/value"): 'include "realtime-svg.postgresqlDatabases" . | quote',
        ("Job", f"{CONTAINER}/env/4/valueFrom/secretKeyRef/name"): SECRET_NAME,
        ("StatefulSet", f"{CONTAINER}/env/1/valueFrom/secretKeyRef/name"): SECRET_NAME,
    },
    # (kind, JSON pointer) -> (condition, YAML pipeline or None): keys only some settings have
    conditional_keys={
        ("*", "/metadata/namespace"): (".Values.namespace", None),
        ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.postgresql.storage.storageClassName", None),
        ("StatefulSet", f"{POD}/imagePullSecrets"): PULL_SECRETS,
        ("Job", f"{POD}/imagePullSecrets"): PULL_SECRETS,
    },
    # Which objects exist (composer/postgresql.py build): the connection whenever the part is
    # active, the Secret unless existingSecret names the user's, the server when in-cluster.
    conditions={
        "ConfigMap": 'include "realtime-svg.postgresqlActive" .',
        "Secret": 'and (include "realtime-svg.postgresqlActive" .) (not .Values.postgresql.existingSecret)',
    },
    server_condition=".Values.postgresql.enabled",
)

# The wait-for-postgresql container of a workload (the first of its init containers,
# composer/postgresql.py wait_container): its PGPASSWORD's Secret.
WAIT_VALUES = {
    ("Deployment", f"{POD}/initContainers/0/env/3/valueFrom/secretKeyRef/name"):
        'include "realtime-svg.postgresqlSecretName" $ | quote',
}

HELPERS = r'''
{{/* "true" when an enabled workload uses PostgreSQL (composer/postgresql.py users). */}}
{{- define "realtime-svg.postgresqlUsed" -}}
{{- include "realtime-svg.workloadsUse" (dict "root" . "key" "postgresql") -}}
{{- end }}

{{/* "true" when the system has the postgresql part (composer/postgresql.py active). */}}
{{- define "realtime-svg.postgresqlActive" -}}
{{- if or .Values.postgresql.enabled (include "realtime-svg.postgresqlUsed" .) }}true{{ end -}}
{{- end }}

'''
