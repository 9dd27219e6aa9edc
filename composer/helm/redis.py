"""The chart's Redis roles (settings ``redis``, used by ``workloads.<n>.redis``): the objects of
the redis/ part (composer/redis.py) templated from a sentinel build, as Kafka's are
(composer/helm/kafka.py).

The sentinel turns every role on (the primary with persistence, read replicas, the cache)
with every setting a token. What depends on more than one setting comes from the named
templates generated from composer/redis.py DERIVED (the names, hosts, port and digest;
composer/derived.py) and from helpers for which objects exist (`active`, `roles`), the
ConfigMap's keys (`connection`) and append-only on or off. The primary's scratch emptyDir, which the persistence component replaces by the
claim, is put back from a build without persistence, each behind its own `if`.
"""
from __future__ import annotations

import copy
from typing import Any

from composer import redis, yamlio
from composer.helm import sentinel
from composer.helm.part import CLAIM, CONTAINER, POD, PULL_SECRETS, Part, _put

RESOURCES = ["resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory"]
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
# The connection ConfigMap's data (composer/redis.py connection), quoted as the workloads'
# annotations are (a port is a string there).
DATA = 'include "realtime-svg.redisConnection" . | fromJson | include "realtime-svg.quotedMap"'
DATA_MARK = "ZZREDISDATAZZ"


def _condition(obj: dict[str, Any]) -> str:
    role = obj["metadata"]["labels"]["app.kubernetes.io/component"]
    return CONDITIONS.get((obj["kind"], role)) or CONDITIONS[role]


def _prepare(obj: dict[str, Any]) -> dict[str, Any]:
    # the keys of the roles present: a helper's map
    return {**obj, "data": DATA_MARK} if obj["kind"] == "ConfigMap" else obj


def _finish(text: str) -> str:
    return text.replace(f"data: {DATA_MARK}\n", f"data: {{{{- {DATA} | nindent 2 }}}}\n")


def sentinel_settings(persistence: bool = True) -> dict[str, Any]:
    """The app's sentinel with every Redis role on (the app's own objects are filtered out)."""
    s = sentinel.settings()
    r = s["redis"]
    for path in PART.strings:
        _put(r, path, PART.token(path))
    for path, number in PART.integers.items():
        _put(r, path, number)
    r["persistence"]["enabled"] = persistence
    r["cache"]["enabled"] = True
    return s


def _objects() -> list[dict[str, Any]]:
    """The sentinel part, its primary carrying both the claim and the emptyDir it replaces."""
    import yaml

    from composer import render

    def part(settings: dict[str, Any]) -> list[dict[str, Any]]:
        return [o for o in yamlio.load_all(render.render(settings, "python -m composer generate"))
                if o and PART.is_part(o)]

    objs = part(sentinel_settings(persistence=True))
    bare = next(o for o in part(sentinel_settings(persistence=False)) if o["kind"] == "StatefulSet")
    for obj in objs:
        if obj["kind"] == "StatefulSet":
            pod = obj["spec"]["template"]["spec"]
            obj["spec"]["template"]["spec"] = dict(sorted({**pod, "volumes": copy.deepcopy(
                bare["spec"]["template"]["spec"]["volumes"])}.items()))
    return objs


PART = Part(
    key="redis",
    component="redis",
    # settings under `redis` only the roles have (the image and the primary's resources are the
    # app sentinel's, composer/helm/sentinel.py)
    strings=(["persistence.size", "persistence.storageClassName", "persistence.accessMode",
              "cache.maxmemory", "cache.maxmemoryPolicy"]
             + [f"replica.{p}" for p in RESOURCES] + [f"cache.{p}" for p in RESOURCES]),
    integers={"replica.count": 987501},
    fixed={},
    # (kind, JSON pointer) -> expression, for values derived from more than one setting
    values={
        ("StatefulSet", f"{CONTAINER}/env/1/value"): 'ternary "yes" "no" .Values.redis.persistence.enabled | quote',
        ("StatefulSet", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"): SECRET_NAME,
        ("Deployment", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"): SECRET_NAME,
    },
    # (kind, JSON pointer) -> (condition, YAML pipeline or None): keys only some settings have
    conditional_keys={
        ("*", "/metadata/namespace"): (".Values.namespace", None),
        ("StatefulSet", f"{CLAIM}/storageClassName"): (".Values.redis.persistence.storageClassName", None),  # before its parent's `if`
        ("StatefulSet", "/spec/volumeClaimTemplates"): (".Values.redis.persistence.enabled", None),
        ("StatefulSet", f"{POD}/volumes"): ("not .Values.redis.persistence.enabled", None),
        ("StatefulSet", f"{POD}/imagePullSecrets"): PULL_SECRETS,
        ("Deployment", f"{POD}/imagePullSecrets"): PULL_SECRETS,
    },
    conditions={},
    server_condition="",
    app_tokens=True,
    condition_of=_condition,
    prepare=_prepare,
    finish=_finish,
    sentinel_of=sentinel_settings,
    objects_of=_objects,
)


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

{{/*
The connection ConfigMap's data: the host of each role the system has, and the port
(composer/redis.py connection; the values are its DERIVED, generated helpers).
*/}}
{{- define "realtime-svg.redisConnection" -}}
{{- $out := dict "primaryHost" (include "realtime-svg.redisPrimaryHost" .) "port" (include "realtime-svg.redisPort" .) -}}
{{- with include "realtime-svg.redisReplicaHost" . }}{{ $_ := set $out "replicaHost" . }}{{ end -}}
{{- with include "realtime-svg.redisCacheHost" . }}{{ $_ := set $out "cacheHost" . }}{{ end -}}
{{- toJson $out -}}
{{- end }}

'''
