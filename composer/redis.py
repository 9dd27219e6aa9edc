"""The system's Redis (settings ``redis``) in its roles -> the overlay's redis/ directory,
and what a workload that uses it (``workloads.<name>.redis``) gets.

The realtime-svg app on its own keeps today's components/redis (an in-memory Deployment in
the app's layout). Once a workload uses Redis, or persistence, read replicas or a cache are
asked for, the system has a redis/ part instead, built from:

- components/redis-client: a ConfigMap `<name>-redis` with the host of each role the system
  has and the port, and a Secret `<name>-redis` with the password (or the user's Secret);
- components/redis-server: the primary, a StatefulSet of one pod (so that with
  components/redis-persistence its append-only file lives on a claim that outlives the pod
  and an uninstall, as PostgreSQL's and Kafka's do) and its Services;
- components/redis-replica: read replicas (`replicaof` the primary) behind `<name>-redis-read`;
- components/redis-cache: a separate Redis with maxmemory and an eviction policy.

Every role's command line is fixed in its component; what the settings decide reaches it as
environment values (append-only on or off, the primary's host, the cache's limits), which is
what the tests run against real redis-server processes. A workload reads its connection by
reference (configMapKeyRef, secretKeyRef); an init container holds it until its role's Redis
answers; a digest of the connection in a pod annotation rolls it when the connection moves.
"""
from __future__ import annotations

import base64
import hashlib
from typing import Any

from composer import datapart, sources

BASE = f"{sources.BASE_NAME}-redis"
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
PORT = 6379  # every in-cluster role's
CONNECTION_ANNOTATION = "redis.realtime-svg.dev/connection"
CLIENT_COMPONENT = "redis-client"
SERVER_COMPONENT = "redis-server"
PERSISTENCE_COMPONENT = "redis-persistence"
REPLICA_COMPONENT = "redis-replica"
CACHE_COMPONENT = "redis-cache"
# The key of the connection ConfigMap holding each role's host.
HOST_KEY = {"primary": "primaryHost", "replica": "replicaHost", "cache": "cacheHost"}
# The Service of each in-cluster role, after `<name>`.
SERVICE_SUFFIX = {"primary": "-redis", "replica": "-redis-read", "cache": "-redis-cache"}
# The index of each env entry of the components' containers that the overlay sets.
REPLICA_ENV = {"REDIS_PRIMARY_HOST": 1}
CACHE_ENV = {"REDIS_MAXMEMORY": 1, "REDIS_MAXMEMORY_POLICY": 2}
# What the waiting init container runs: until its role's Redis answers PING (with the
# password when there is one), each attempt bounded by redis-cli's own timeout.
WAIT_SCRIPT = ('until redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --no-auth-warning '
               '${REDIS_PASSWORD:+-a "$REDIS_PASSWORD"} ping 2>/dev/null | grep -q PONG; do '
               'echo "waiting for Redis at $REDIS_HOST:$REDIS_PORT"; sleep 2; done')


def users(settings: dict[str, Any]) -> list[str]:
    """The enabled workloads that use Redis, sorted."""
    return [n for n, w in sorted(settings.get("workloads", {}).items())
            if w["enabled"] and w["redis"]["enabled"]]


def roles_asked(settings: dict[str, Any]) -> bool:
    """Whether the settings ask for more than the app's in-memory Redis."""
    r = settings["redis"]
    return bool(r["enabled"] and (r["persistence"]["enabled"] or r["replica"]["count"] or r["cache"]["enabled"]))


def active(settings: dict[str, Any]) -> bool:
    """Whether the system has a redis/ part: a workload uses Redis, or the app's Redis is asked
    for persistence, replicas or a cache. Without one, the app keeps components/redis."""
    return bool(users(settings) or (settings["enabled"] and roles_asked(settings)))


def name(settings: dict[str, Any]) -> str:
    return f"{settings['name']}-redis"


def roles(settings: dict[str, Any]) -> list[str]:
    """The roles the system has: the primary (in-cluster or external), then replica and cache."""
    r = settings["redis"]
    return (["primary"] + (["replica"] if r["enabled"] and r["replica"]["count"] else [])
            + (["cache"] if r["cache"]["enabled"] else []))


def connection(settings: dict[str, Any]) -> dict[str, str]:
    """The ConfigMap's data: the host of each role, and the port."""
    r = settings["redis"]
    if not r["enabled"]:
        out = {"primaryHost": r["host"], "port": str(r["port"])}
        if r["cache"]["enabled"]:
            out["cacheHost"] = f"{settings['name']}{SERVICE_SUFFIX['cache']}"
        return out
    return {**{HOST_KEY[role]: f"{settings['name']}{SERVICE_SUFFIX[role]}" for role in roles(settings)},
            "port": str(PORT)}


def secret_name(settings: dict[str, Any]) -> str:
    return settings["redis"]["existingSecret"] or name(settings)


def connection_digest(settings: dict[str, Any], role: str) -> str:
    """What a workload's pods must roll for: a new host, port or password Secret."""
    c = connection(settings)
    text = "|".join([c[HOST_KEY[role]], c["port"], secret_name(settings), role])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def version(settings: dict[str, Any]) -> str:
    return settings["redis"]["image"]["tag"]


def labels(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The recommended labels (never in selectors); the version by patch, not on the primary's
    immutable volumeClaimTemplates (composer/postgresql.py labels)."""
    stable = {"app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": settings["name"],
              "app.kubernetes.io/part-of": settings["name"]}
    return [{"includeSelectors": False, "includeTemplates": True, "pairs": stable},
            {"includeSelectors": False, "includeTemplates": False, "pairs": {"app.kubernetes.io/version": version(settings)}}]


def plaintext_secrets(settings: dict[str, Any]) -> list[str]:
    r = settings["redis"]
    return ["redis.password"] if r["password"] and not r["existingSecret"] else []


def components(settings: dict[str, Any]) -> list[str]:
    r = settings["redis"]
    roles_ = roles(settings)
    return ([CLIENT_COMPONENT]
            + ([SERVER_COMPONENT] if r["enabled"] else [])
            + ([PERSISTENCE_COMPONENT] if r["enabled"] and r["persistence"]["enabled"] else [])
            + ([REPLICA_COMPONENT] if "replica" in roles_ else [])
            + ([CACHE_COMPONENT] if "cache" in roles_ else []))


_op = datapart.op


def _env_ops(env: dict[str, int], values: dict[str, str]) -> list[dict[str, Any]]:
    return [op for var, value in values.items() for op in (
        _op("test", f"{CONTAINER}/env/{env[var]}/name", var), _op("replace", f"{CONTAINER}/env/{env[var]}/value", value))]


def _pod_ops(settings: dict[str, Any], resources: dict[str, Any]) -> list[dict[str, Any]]:
    """Image, resources, version label, pull secrets and the password's Secret: the same in
    every role."""
    r = settings["redis"]
    ops = [
        _op("replace", f"{CONTAINER}/image", f"{r['image']['repository']}:{r['image']['tag']}"),
        _op("replace", f"{CONTAINER}/imagePullPolicy", r["image"]["pullPolicy"]),
        _op("replace", f"{CONTAINER}/resources", resources),
        _op("add", "/spec/template/metadata/labels/app.kubernetes.io~1version", version(settings)),
    ]
    if settings["imagePullSecrets"]:
        ops.append(_op("add", f"{POD}/imagePullSecrets", [{"name": n} for n in settings["imagePullSecrets"]]))
    if r["existingSecret"]:
        ops += [_op("test", f"{CONTAINER}/env/0/name", "REDIS_PASSWORD"),
                _op("replace", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name", r["existingSecret"])]
    return ops


def server_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    r = settings["redis"]
    ops = _pod_ops(settings, r["resources"])
    storage = r["persistence"]
    if storage["enabled"]:
        claim = "/spec/volumeClaimTemplates/0/spec"
        ops += [_op("replace", f"{claim}/accessModes", [storage["accessMode"]]),
                _op("replace", f"{claim}/resources/requests/storage", storage["size"])]
        if storage["storageClassName"]:
            ops.append(_op("add", f"{claim}/storageClassName", storage["storageClassName"]))
    return ops


def replica_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    r = settings["redis"]
    return ([_op("replace", "/spec/replicas", r["replica"]["count"])] + _pod_ops(settings, r["replica"]["resources"])
            + _env_ops(REPLICA_ENV, {"REDIS_PRIMARY_HOST": name(settings)}))


def cache_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    cache = settings["redis"]["cache"]
    return _pod_ops(settings, cache["resources"]) + _env_ops(
        CACHE_ENV, {"REDIS_MAXMEMORY": cache["maxmemory"], "REDIS_MAXMEMORY_POLICY": cache["maxmemoryPolicy"]})


def build(settings: dict[str, Any], root_rel: str) -> dict[str, str]:
    """The files of the overlay's redis/ directory. ``root_rel`` is the path from it to the
    directory holding components/."""
    r = settings["redis"]
    comps = components(settings)
    part = datapart.Part(settings, comps, root_rel)
    data = connection(settings)
    part.patch("ConfigMap", BASE, [_op("replace", f"/data/{k}", data[k]) if k in data else _op("remove", f"/data/{k}")
                                   for k in (*HOST_KEY.values(), "port")])
    if r["existingSecret"]:
        part.delete("Secret", "v1", BASE)
    else:
        encoded = base64.b64encode(r["password"].encode("utf-8")).decode("ascii")
        part.patch("Secret", BASE, [_op("replace", "/data/redis-password", encoded)])
    if SERVER_COMPONENT in comps:
        part.patch("StatefulSet", BASE, server_ops(settings))
    if REPLICA_COMPONENT in comps:
        part.patch("Deployment", f"{BASE}-replica", replica_ops(settings))
    if CACHE_COMPONENT in comps:
        part.patch("Deployment", f"{BASE}-cache", cache_ops(settings))
    return part.files("Redis", labels(settings))


# -- a workload that uses it -------------------------------------------------------------------

def workload_env(settings: dict[str, Any], w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's connection variables, all by reference."""
    use = w["redis"]
    names = use["env"]
    config = name(settings)
    return [
        {"name": names["host"], "valueFrom": {"configMapKeyRef": {"name": config, "key": HOST_KEY[use["role"]]}}},
        {"name": names["port"], "valueFrom": {"configMapKeyRef": {"name": config, "key": "port"}}},
        {"name": names["password"], "valueFrom": {"secretKeyRef": {"name": secret_name(settings), "key": "redis-password"}}},
    ]


def wait_container(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, Any]:
    """The init container that holds the workload until its role's Redis answers."""
    fixed = {"redis": {**w["redis"], "env": {"host": "REDIS_HOST", "port": "REDIS_PORT", "password": "REDIS_PASSWORD"}}}
    return datapart.wait_container("redis", settings["redis"]["image"], "sh", WAIT_SCRIPT, workload_env(settings, fixed))
