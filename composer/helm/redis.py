"""The chart's Redis roles (settings ``redis``, used by ``workloads.<n>.redis``): the objects of
the redis/ part (composer/redis.py) templated from a sentinel build, as Kafka's are
(composer/helm/kafka.py).

The sentinel turns every role on (the primary with persistence, read replicas, the cache)
with every setting a token. What depends on more than one setting comes from helpers that
compute what composer/redis.py computes: which objects exist (`active`, `roles`), the
ConfigMap's hosts (`connection`), the Secret's name behind `existingSecret`, append-only on
or off. The primary's scratch emptyDir, which the persistence component replaces by the
claim, is put back from a build without persistence, each behind its own `if`.
"""
from __future__ import annotations

import copy
from typing import Any

import yaml

from composer import redis, render
from composer.helm import sentinel, template

POD = template.POD
CONTAINER = template.CONTAINER
CLAIM = "/spec/volumeClaimTemplates/0/spec"
RESOURCES = ["resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory"]
# Settings under `redis` only the roles have (the image and the primary's resources are the
# app sentinel's, composer/helm/sentinel.py).
STRINGS = (["persistence.size", "persistence.storageClassName", "persistence.accessMode",
            "cache.maxmemory", "cache.maxmemoryPolicy"]
           + [f"replica.{p}" for p in RESOURCES] + [f"cache.{p}" for p in RESOURCES])
INTEGERS = {"replica.count": 987501}

ACTIVE = 'include "realtime-svg.redisActive" .'
SECRET_NAME = 'include "realtime-svg.redisSecretName" . | quote'
# Which objects exist, by their component label (composer/redis.py components).
CONDITIONS = {
    ("ConfigMap", "redis"): ACTIVE,
    ("Secret", "redis"): f"and ({ACTIVE}) (not .Values.redis.existingSecret)",
    "primary": f"and ({ACTIVE}) .Values.redis.enabled",
    "replica": f"and ({ACTIVE}) .Values.redis.enabled (gt (int .Values.redis.replica.count) 0)",
    "cache": f"and ({ACTIVE}) .Values.redis.cache.enabled",
}
# (kind, JSON pointer) -> expression, for values derived from more than one setting.
VALUES: dict[tuple[str, str], str] = {
    ("StatefulSet", f"{CONTAINER}/env/1/value"): 'ternary "yes" "no" .Values.redis.persistence.enabled | quote',
    ("StatefulSet", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"): SECRET_NAME,
    ("Deployment", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"): SECRET_NAME,
}
# The connection ConfigMap's data (composer/redis.py connection), quoted as the workloads'
# annotations are (a port is a string there).
DATA = 'include "realtime-svg.redisConnection" . | fromJson | include "realtime-svg.quotedMap"'
DATA_MARK = "ZZREDISDATAZZ"
# (kind, JSON pointer) -> (condition, YAML pipeline or None): keys only some settings have.
CONDITIONAL_KEYS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("*", "/metadata/namespace"): (".Values.namespace", None),
    ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.redis.persistence.storageClassName", None),  # before its parent's `if`
    ("StatefulSet", "/spec/volumeClaimTemplates"): (".Values.redis.persistence.enabled", None),
    ("StatefulSet", f"{POD}/volumes"): ("not .Values.redis.persistence.enabled", None),
    ("StatefulSet", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
    ("Deployment", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
}


def _t(path: str) -> str:
    return sentinel._t(f"redis.{path}")


def _put(node: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def string_tokens(root: str) -> dict[str, str]:
    return {_t(p): f"{root.rstrip('.')}.Values.redis.{p}" for p in STRINGS}


def image_tokens(root: str) -> dict[str, str]:
    """The image settings the workloads' wait-for-redis container shares with the servers."""
    return {sentinel._t(f"redis.image.{p}"): f"{root.rstrip('.')}.Values.redis.image.{p}"
            for p in ("repository", "tag", "pullPolicy")}


def sentinel_settings(persistence: bool = True) -> dict[str, Any]:
    """The app's sentinel with every Redis role on (the app's own objects are filtered out)."""
    s = sentinel.settings()
    r = s["redis"]
    for path in STRINGS:
        _put(r, path, _t(path))
    for path, number in INTEGERS.items():
        _put(r, path, number)
    r["persistence"]["enabled"] = persistence
    r["cache"]["enabled"] = True
    return s


def is_part(obj: dict[str, Any]) -> bool:
    return obj["metadata"].get("labels", {}).get("app.kubernetes.io/name") == "redis"


def _part(settings: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in yaml.safe_load_all(render.render(settings, "python -m composer generate")) if o and is_part(o)]


class RedisTemplater(template.Templater):
    """template.Templater for the objects of the redis/ part (fixed names, no hashes)."""

    def __init__(self, objects: list[dict[str, Any]]):
        self.objects = objects
        self.whole = {}
        self.tokens = {**sentinel.scalar_tokens(), **string_tokens(".")}
        self.token_re = template.token_regex(self.tokens)
        self.integers = {**sentinel.integer_tokens(), **{n: f".Values.redis.{p} | int64" for p, n in INTEGERS.items()}}

    def render_part_object(self, obj: dict[str, Any]) -> str:
        kind = obj["kind"]
        role = obj["metadata"]["labels"]["app.kubernetes.io/component"]
        condition = CONDITIONS.get((kind, role)) or CONDITIONS[role]
        if kind == "ConfigMap":  # the keys of the roles present: a helper's map
            obj = {**obj, "data": DATA_MARK}
        text = template.render_marked(obj, self, template.HELM_LABELS,
                                      {p: e for (k, p), e in VALUES.items() if k == kind},
                                      {p: c for (k, p), c in CONDITIONAL_KEYS.items() if k in ("*", kind)})
        text = text.replace(f"data: {DATA_MARK}\n", f"data: {{{{- {DATA} | nindent 2 }}}}\n")
        return f"{{{{- if {condition} }}}}\n{text}{{{{- end }}}}\n"

    def part_file(self) -> str:
        return "".join(f"---\n{self.render_part_object(o)}" for o in self.objects)


def objects() -> list[dict[str, Any]]:
    """The sentinel part, its primary carrying both the claim and the emptyDir it replaces."""
    objs = _part(sentinel_settings(persistence=True))
    bare = next(o for o in _part(sentinel_settings(persistence=False)) if o["kind"] == "StatefulSet")
    for obj in objs:
        if obj["kind"] == "StatefulSet":
            pod = obj["spec"]["template"]["spec"]
            obj["spec"]["template"]["spec"] = dict(sorted({**pod, "volumes": copy.deepcopy(
                bare["spec"]["template"]["spec"]["volumes"])}.items()))
    return objs


def files() -> dict[str, str]:
    return {"templates/redis.yaml": RedisTemplater(objects()).part_file()}


# -- the workloads that use it (composer/helm/workload.py) ----------------------------------------

HOST_KEYS = " ".join(f'"{role}" "{key}"' for role, key in redis.HOST_KEY.items())


def host_key_expr(w: str) -> str:
    """The connection ConfigMap's key of the workload's role (composer/redis.py HOST_KEY)."""
    return f"get (dict {HOST_KEYS}) {w}.redis.role | quote"


# The sentinel workload's init containers are composer/workloads.py init_containers with every
# data service used: wait-for-postgresql, wait-for-kafka, then wait-for-redis.
WAIT = f"{POD}/initContainers/2"
WAIT_VALUES: dict[tuple[str, str], str] = {
    ("Deployment", f"{WAIT}/env/0/valueFrom/configMapKeyRef/key"): host_key_expr("$w"),
    ("Deployment", f"{WAIT}/env/2/valueFrom/secretKeyRef/name"): 'include "realtime-svg.redisSecretName" $ | quote',
}


HELPERS = r'''
{{/* The Redis roles' objects are named after the system (composer/redis.py name). */}}
{{- define "realtime-svg.redisName" -}}
{{- printf "%s-redis" (include "realtime-svg.fullname" .) -}}
{{- end }}

{{/* The Secret with the password: redis.existingSecret, else the part's. */}}
{{- define "realtime-svg.redisSecretName" -}}
{{- .Values.redis.existingSecret | default (include "realtime-svg.redisName" .) -}}
{{- end }}

{{/*
"true" when the system has the redis part (composer/redis.py active): an enabled workload
uses Redis, or the app's Redis is asked for persistence, read replicas or a cache. Then the
app's own in-memory Redis (components/redis) is left out: the part's primary replaces it.
*/}}
{{- define "realtime-svg.redisActive" -}}
{{- $r := .Values.redis -}}
{{- $used := include "realtime-svg.workloadsUse" (dict "root" . "key" "redis") -}}
{{- if or $used (and .Values.enabled $r.enabled (or $r.persistence.enabled (gt (int $r.replica.count) 0) $r.cache.enabled)) }}true{{ end -}}
{{- end }}

{{/* The connection ConfigMap's data: the host of each role the system has, and the port (composer/redis.py connection). */}}
{{- define "realtime-svg.redisConnection" -}}
{{- $r := .Values.redis -}}
{{- $name := include "realtime-svg.redisName" . -}}
{{- $out := dict -}}
{{- if $r.enabled -}}
{{- $_ := set $out "primaryHost" $name -}}
{{- if gt (int $r.replica.count) 0 }}{{ $_ := set $out "replicaHost" (printf "%s-read" $name) }}{{ end -}}
{{- $_ := set $out "port" "@PORT@" -}}
{{- else -}}
{{- $_ := set $out "primaryHost" ($r.host | toString) -}}
{{- $_ := set $out "port" ($r.port | int64 | toString) -}}
{{- end -}}
{{- if $r.cache.enabled }}{{ $_ := set $out "cacheHost" (printf "%s-cache" $name) }}{{ end -}}
{{- toJson $out -}}
{{- end }}

{{/*
The digest of a workload's connection, which rolls its pods when its role's host, the port
or the password's Secret changes (composer/redis.py connection_digest): .root, .role.
*/}}
{{- define "realtime-svg.redisDigest" -}}
{{- $c := include "realtime-svg.redisConnection" .root | fromJson -}}
{{- $key := get (dict @HOST_KEYS@) .role -}}
{{- list (get $c $key) $c.port (include "realtime-svg.redisSecretName" .root) .role | join "|" | sha256sum | trunc 8 -}}
{{- end }}

'''.replace("@PORT@", str(redis.PORT)).replace("@HOST_KEYS@", HOST_KEYS)
