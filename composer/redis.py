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
from typing import Any

from composer import datapart, sources
from composer.derived import SYSTEM_NAME, Derived, Digest, EnvVar, Param, Ref, Str
from composer.edges import EdgeRule, workloads
from composer.rules import ACTIVE, And, Each, Empty, Eq, Exists, Fmt, G, Gt, Int, Lit, Not, Or, Pick, S, Var

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
# every component the part may add (the Terraform module embeds their objects: sources.tf)
COMPONENTS = (CLIENT_COMPONENT, SERVER_COMPONENT, PERSISTENCE_COMPONENT, REPLICA_COMPONENT, CACHE_COMPONENT)
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


def _r(path: str):
    return G(S, f"redis.{path}")


_ROLE = Param("role", "redis.role")
_HAS_REPLICA = And(_r("enabled"), Gt(Int(_r("replica.count")), Lit(0)))
# The host of a workload's role (composer/redis.py HOST_KEY: the ConfigMap key it reads).
_ROLE_HOST = Pick(Eq(_ROLE, Lit("primary")), Ref("redisPrimaryHost"),
                  Pick(Eq(_ROLE, Lit("replica")), Ref("redisReplicaHost"), Ref("redisCacheHost")))


def _service(role: str):
    return Fmt(f"{{name}}{SERVICE_SUFFIX[role]}", {"name": SYSTEM_NAME})


# What the Redis roles compute from more than one setting, once: the composer evaluates it,
# the chart and the module get it as named templates and locals (composer/derived.py).
DERIVED = (
    Derived("redisName", _service("primary"), "The Redis roles' objects are named after the system"),
    Derived("redisSecretName", Pick(Empty(_r("existingSecret")), Ref("redisName"), _r("existingSecret")),
            "The Secret with the password: redis.existingSecret, else the part's"),
    Derived("redisPrimaryHost", Pick(_r("enabled"), Ref("redisName"), _r("host")),
            "The primary's host: the in-cluster StatefulSet's Service, else redis.host"),
    Derived("redisReplicaHost", Pick(_HAS_REPLICA, _service("replica"), Lit("")),
            "The read replicas' Service, when there are any (else empty: no key)"),
    Derived("redisCacheHost", Pick(_r("cache.enabled"), _service("cache"), Lit("")),
            "The cache's Service, when there is one (else empty: no key)"),
    Derived("redisPort", Pick(_r("enabled"), Lit(str(PORT)), Str(Int(_r("port")))),
            "The port, as text: every in-cluster role's, else redis.port"),
    Derived("redisDigest", Digest((_ROLE_HOST, Ref("redisPort"), Ref("redisSecretName"), _ROLE)),
            "A user's pod annotation: rolls its pods when its role's host, the port or the password's "
            "Secret change (values behind references, which do not touch the manifest)",
            per_workload="redis.enabled",
            annotation=CONNECTION_ANNOTATION),
)


# The pods behind each role (components/redis-*): `<name>-redis` (the primary),
# `<name>-redis-replica`, `<name>-redis-cache`.
POD_SUFFIX = {"primary": "", "replica": "-replica", "cache": "-cache"}


def _by_role(role: Any, values: dict[str, Any]):
    (*others, (_, last)) = values.items()
    expr = Lit(last)
    for r, v in reversed(others):
        expr = Pick(Eq(role, Lit(r)), Lit(v), expr)
    return expr


def _host_key():
    """The ConfigMap key of the workload's role's host (HOST_KEY), as one expression."""
    return _by_role(_ROLE, HOST_KEY)


# What a workload that uses Redis reads, all by reference: its role's host, the port and the
# password, each named by its `redis.env.<setting>`.
WORKLOAD_ENV = (
    EnvVar("host", "configMapKeyRef", Ref("redisName"), _host_key()),
    EnvVar("port", "configMapKeyRef", Ref("redisName"), Lit("port")),
    EnvVar("password", "secretKeyRef", Ref("redisSecretName"), Lit("redis-password")),
)


_W_ROLE = G(Var("w"), "redis.role")
_EXTERNAL_PRIMARY = And(Eq(_W_ROLE, Lit("primary")), Not(_r("enabled")))
_ACTIVE = Or(Exists(Each("n", "w", ACTIVE), G(Var("w"), "redis.enabled")),
             And(G(S, "enabled"), _r("enabled"), Or(_r("persistence.enabled"), Gt(Int(_r("replica.count")), Lit(0)),
                                                    _r("cache.enabled"))))
# Who reaches each role (composer/edges.py): each workload its role's pods on 6379 (its wait
# init container is in the same pod), an external primary on redis.port at any address; the
# read replicas the primary (replicaof).
EDGES = (
    EdgeRule("pod", Var("n"), "external", Lit(""), Int(_r("port")), Fmt("workloads.{n}.redis (redis.host)", {"n": Var("n")}),
             when=_EXTERNAL_PRIMARY, loops=(workloads(G(Var("w"), "redis.enabled")),)),
    EdgeRule("pod", Var("n"), "pod", Fmt("{name}-redis{suffix}", {"name": SYSTEM_NAME, "suffix": _by_role(_W_ROLE, POD_SUFFIX)}),
             Lit(PORT), Fmt("workloads.{n}.redis.role {role}", {"n": Var("n"), "role": _W_ROLE}),
             when=Not(_EXTERNAL_PRIMARY), loops=(workloads(G(Var("w"), "redis.enabled")),)),
    EdgeRule("pod", Fmt("{name}-redis-replica", {"name": SYSTEM_NAME}), "pod", Ref("redisName"), Lit(PORT),
             Lit("redis.replica (replicaof the primary)"), when=And(_ACTIVE, _HAS_REPLICA)),
)


def derived(settings: dict[str, Any], **params: Any) -> dict[str, Any]:
    """The values of DERIVED for the settings (a workload's ``role``: its digest too)."""
    from composer import derived as derived_mod

    return derived_mod.evaluate(DERIVED, settings, **params)


def name(settings: dict[str, Any]) -> str:
    return derived(settings)["redisName"]


def roles(settings: dict[str, Any]) -> list[str]:
    """The roles the system has: the primary (in-cluster or external), then replica and cache."""
    r = settings["redis"]
    return (["primary"] + (["replica"] if r["enabled"] and r["replica"]["count"] else [])
            + (["cache"] if r["cache"]["enabled"] else []))


def connection(settings: dict[str, Any]) -> dict[str, str]:
    """The ConfigMap's data: the host of each role the system has, and the port (in the order
    the overlay's patches list them)."""
    d = derived(settings)
    values = {"primaryHost": d["redisPrimaryHost"], "replicaHost": d["redisReplicaHost"],
              "cacheHost": d["redisCacheHost"], "port": d["redisPort"]}
    order = (("primaryHost", "replicaHost", "cacheHost", "port") if settings["redis"]["enabled"]
             else ("primaryHost", "port", "cacheHost"))
    return {k: values[k] for k in order if k in ("primaryHost", "port") or values[k]}


def secret_name(settings: dict[str, Any]) -> str:
    return derived(settings)["redisSecretName"]


def connection_digest(settings: dict[str, Any], role: str) -> str:
    """What a workload's pods must roll for (DERIVED redisDigest)."""
    return derived(settings, role=role)["redisDigest"]


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
    """The container's connection variables (WORKLOAD_ENV)."""
    from composer import derived as derived_mod

    return derived_mod.workload_env("redis", settings, w)


def wait_container(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, Any]:
    """The init container that holds the workload until its role's Redis answers."""
    from composer import derived as derived_mod

    names = {"host": "REDIS_HOST", "port": "REDIS_PORT", "password": "REDIS_PASSWORD"}
    return datapart.wait_container("redis", settings["redis"]["image"], "sh", WAIT_SCRIPT,
                                   derived_mod.workload_env("redis", settings, w, names))
