"""The chart's PostgreSQL (settings ``postgresql``): its objects templated from a sentinel
build of the postgresql/ part (composer/postgresql.py), as the app's are from theirs.

The sentinel turns the in-cluster server on with every setting a token and the app off,
so the render holds exactly the part's objects. What depends on more than one setting
(the ConfigMap's host and port, the Secret's name behind `existingSecret`, the init Job's
DATABASES and its digest name) comes from helpers that compute what composer/postgresql.py
computes; which objects exist is the composer's `active` / `enabled` / `existingSecret`.
"""
from __future__ import annotations

import base64
from typing import Any

import yaml

from composer import postgresql, render
from composer.helm import sentinel, template

POD = template.POD
CONTAINER = template.CONTAINER
CLAIM = "/spec/volumeClaimTemplates/0/spec"

# Scalar settings under `postgresql`, as tokens (strings) and distinct integers.
STRINGS = ["user", "image.repository", "image.tag", "image.pullPolicy", "resources.requests.cpu",
           "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory",
           "storage.size", "storage.accessMode", "storage.storageClassName"]
INTEGERS = {"securityContext.runAsUser": 987801, "securityContext.runAsGroup": 987802,
            "securityContext.fsGroup": 987803}
PASSWORD = "password"


def _t(path: str) -> str:
    return sentinel._t(f"postgresql.{path}")


def _expr(root: str, path: str) -> str:
    """The values expression of setting postgresql.PATH; ROOT is `.` or `$` (inside a range)."""
    return f"{root.rstrip('.')}.Values.postgresql.{path}"


def settings() -> dict[str, Any]:
    """The sentinel `postgresql` settings: in-cluster, every value a token."""
    pg: dict[str, Any] = {"enabled": True, "host": "", "port": 5432, "existingSecret": "",
                          "password": _t(PASSWORD), "databases": {_t("databases"): {"owner": ""}}}

    def put(path: str, value: Any) -> None:
        node = pg
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    for path in STRINGS:
        put(path, _t(path))
    for path, number in INTEGERS.items():
        put(path, number)
    return pg


def string_tokens(root: str) -> dict[str, str]:
    """token -> expression, for the templaters of the part and of the workloads' init container."""
    tokens = {_t(p): _expr(root, p) for p in STRINGS}
    tokens[base64.b64encode(_t(PASSWORD).encode()).decode()] = f"b64enc {_expr(root, PASSWORD)}"
    return tokens


def integer_tokens(root: str) -> dict[int, str]:
    return {n: f"{_expr(root, p)} | int64" for p, n in INTEGERS.items()}


def secret_name_expr(root: str) -> str:
    """The Secret holding the password: the user's (existingSecret) or the part's."""
    return f'include "realtime-svg.postgresqlSecretName" {root} | quote'


# (kind, JSON pointer) -> expression, for values derived from more than one setting.
VALUES: dict[tuple[str, str], str] = {
    ("ConfigMap", "/data/host"): 'include "realtime-svg.postgresqlConnection" . | fromJson | dig "host" "" | quote',
    ("ConfigMap", "/data/port"): 'include "realtime-svg.postgresqlConnection" . | fromJson | dig "port" "" | quote',
    ("Job", "/metadata/name"): 'include "realtime-svg.postgresqlJobName" . | quote',
    ("Job", f"{CONTAINER}/env/0/value"): 'include "realtime-svg.postgresqlDatabases" . | quote',
    ("Job", f"{CONTAINER}/env/4/valueFrom/secretKeyRef/name"): secret_name_expr("."),
    ("StatefulSet", f"{CONTAINER}/env/1/valueFrom/secretKeyRef/name"): secret_name_expr("."),
}
# (kind, JSON pointer) -> (condition, YAML pipeline or None): keys only some settings have.
CONDITIONAL_KEYS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("*", "/metadata/namespace"): (".Values.namespace", None),
    ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.postgresql.storage.storageClassName", None),
    ("StatefulSet", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
    ("Job", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
}
# Which objects exist (composer/postgresql.py build): the connection whenever the part is
# active, the Secret unless existingSecret names the user's, the server when in-cluster.
CONDITIONS = {
    "ConfigMap": 'include "realtime-svg.postgresqlActive" .',
    "Secret": 'and (include "realtime-svg.postgresqlActive" .) (not .Values.postgresql.existingSecret)',
}
SERVER_CONDITION = ".Values.postgresql.enabled"


class PostgresqlTemplater(template.Templater):
    """template.Templater for the objects of the postgresql/ part (fixed names, no hashes)."""

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
    """The app's sentinel with the app off and the in-cluster server on: only the part."""
    s = sentinel.settings()
    s["enabled"] = False
    s["postgresql"] = settings()
    return s


def is_part(obj: dict[str, Any]) -> bool:
    return obj["metadata"].get("labels", {}).get("app.kubernetes.io/name") == postgresql.SERVER_COMPONENT


def files() -> dict[str, str]:
    objects = [o for o in yaml.safe_load_all(render.render(sentinel_settings(), "python -m composer generate"))
               if o and is_part(o)]
    return {"templates/postgresql.yaml": PostgresqlTemplater(objects).part_file()}


HELPERS = r'''
{{/* PostgreSQL's objects are named after the system (composer/postgresql.py name). */}}
{{- define "realtime-svg.postgresqlName" -}}
{{- printf "%s-postgresql" (include "realtime-svg.fullname" .) -}}
{{- end }}

{{/* The Secret with the password: postgresql.existingSecret, else the part's. */}}
{{- define "realtime-svg.postgresqlSecretName" -}}
{{- .Values.postgresql.existingSecret | default (include "realtime-svg.postgresqlName" .) -}}
{{- end }}

{{/* "true" when an enabled workload uses PostgreSQL (composer/postgresql.py users). */}}
{{- define "realtime-svg.postgresqlUsed" -}}
{{- include "realtime-svg.workloadsUse" (dict "root" . "key" "postgresql") -}}
{{- end }}

{{/* "true" when the system has the postgresql part (composer/postgresql.py active). */}}
{{- define "realtime-svg.postgresqlActive" -}}
{{- if or .Values.postgresql.enabled (include "realtime-svg.postgresqlUsed" .) }}true{{ end -}}
{{- end }}

{{/* The ConfigMap's host, port and user (composer/postgresql.py connection). */}}
{{- define "realtime-svg.postgresqlConnection" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.enabled -}}
{{- toJson (dict "host" (include "realtime-svg.postgresqlName" .) "port" "5432" "user" $pg.user) -}}
{{- else -}}
{{- toJson (dict "host" $pg.host "port" ($pg.port | int64 | toString) "user" $pg.user) -}}
{{- end -}}
{{- end }}

{{/* The init Job's DATABASES: name=owner pairs, sorted (composer/postgresql.py databases). */}}
{{- define "realtime-svg.postgresqlDatabases" -}}
{{- $pg := .Values.postgresql -}}
{{- $pairs := list -}}
{{- range $db := keys ($pg.databases | default dict) | sortAlpha -}}
{{- $pairs = append $pairs (printf "%s=%s" $db ((get $pg.databases $db | default dict).owner | default $pg.user)) -}}
{{- end -}}
{{- join " " $pairs -}}
{{- end }}

{{/*
The init Job's name: a digest of everything in its immutable pod template, so a change is
a new Job (composer/postgresql.py job_inputs and job_name).
*/}}
{{- define "realtime-svg.postgresqlJobName" -}}
{{- $pg := .Values.postgresql -}}
{{- $inputs := list (include "realtime-svg.postgresqlDatabases" .) (printf "%s:%s" $pg.image.repository $pg.image.tag) $pg.image.pullPolicy ($pg.securityContext.runAsUser | int64 | toString) ($pg.securityContext.runAsGroup | int64 | toString) (join "," (.Values.imagePullSecrets | default list)) (include "realtime-svg.fullname" .) (include "realtime-svg.postgresqlSecretName" .) -}}
{{- printf "%s-init-%s" (include "realtime-svg.postgresqlName" .) (join "|" $inputs | sha256sum | trunc 8) -}}
{{- end }}

{{/*
The digest of a workload's connection, which rolls its pods when the values behind its
references change (composer/postgresql.py connection_digest): .root, .database.
*/}}
{{- define "realtime-svg.postgresqlDigest" -}}
{{- $c := include "realtime-svg.postgresqlConnection" .root | fromJson -}}
{{- list $c.host $c.port $c.user (include "realtime-svg.postgresqlSecretName" .root) .database | join "|" | sha256sum | trunc 8 -}}
{{- end }}

'''
