"""What a system's workloads say about each other: their addresses, and the rules that
span more than one setting (two workloads on one host and path, one node port twice, a
reference to a workload that does not exist).

The single-setting rules live in the schema, where every route reads them; these need the
whole settings, so the composer checks them after the schema, and every route that can
compute them words them the same way (the messages below are the reference).
"""
from __future__ import annotations

from typing import Any, Iterable

from composer import rules, rules_table


def active(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The enabled workloads, sorted by name: the order every route lays them out in."""
    return {name: w for name, w in sorted(settings.get("workloads", {}).items()) if w["enabled"]}


def service_port(workload: dict[str, Any]) -> int:
    port = workload["service"]["port"]
    return workload["port"] if port is None else port


def service_url(settings: dict[str, Any], name: str) -> str:
    """The in-cluster URL of workload ``name``: short when the settings name no namespace
    (the readers live in the same one), fully qualified otherwise."""
    w = settings["workloads"][name]
    host = f"{name}.{settings['namespace']}.svc" if settings["namespace"] else name
    return f"http://{host}:{service_port(w)}"


def ingress_url(settings: dict[str, Any], name: str) -> str:
    """The public URL of workload ``name``: its ingress host and path, https with TLS."""
    ing = settings["workloads"][name]["ingress"]
    scheme = "https" if ing["tls"]["enabled"] else "http"
    return f"{scheme}://{ing['host']}{ing['path']}"


def problems(settings: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(key path, message) for every rule across settings that ``settings`` break: the table
    of composer/rules_table.py, then the data services' rules."""
    workloads = active(settings)
    yield from rules.evaluate(rules_table.TABLE, {"s": settings, "active": workloads})
    yield from postgresql_problems(settings, workloads)
    yield from kafka_problems(settings, workloads)
    yield from redis_problems(settings, workloads)


def postgresql_problems(settings: dict[str, Any], workloads: dict[str, dict[str, Any]]) -> Iterable[tuple[str, str]]:
    """The rules between postgresql and the workloads that use it."""
    pg = settings["postgresql"]
    service = f"{settings['name']}-postgresql"
    users = {n: w for n, w in workloads.items() if w["postgresql"]["enabled"]}
    if pg["enabled"] or users:
        taken = {service, f"{service}-headless"}
        for name in workloads:
            if name in taken:
                yield f"workloads.{name}", (f"workloads.{name}: \"{name}\" is the name of an object of PostgreSQL "
                                            f"(name: \"{settings['name']}\"); allowed: a workload name not in "
                                            f"{', '.join(sorted(taken))}")
    for role, here in ([(pg["user"], "postgresql.user")]
                       + [(spec["owner"], f"postgresql.databases.{db}.owner") for db, spec in sorted(pg["databases"].items())]
                       + [(db, f"postgresql.databases.{db}") for db in sorted(pg["databases"])]):
        if role.startswith("pg_"):
            yield here, (f"{here}: \"{role}\" starts with pg_, which PostgreSQL reserves; "
                         "allowed: a name not starting with pg_")
    for name, w in users.items():
        use = w["postgresql"]
        here = f"workloads.{name}.postgresql"
        if not pg["enabled"] and not pg["host"]:
            yield f"{here}.enabled", (f"{here}.enabled: true, but postgresql.enabled is false and postgresql.host is empty; "
                                      "allowed: postgresql.enabled: true (in-cluster) or postgresql.host (external)")
        elif pg["enabled"] and use["database"] not in pg["databases"]:
            listed = ", ".join(sorted(pg["databases"])) or "none"
            yield f"{here}.database", (f"{here}.database: \"{use['database']}\" is not created by postgresql.databases; "
                                       f"allowed: one of {listed}, or add it to postgresql.databases")
        for key, var in sorted(use["env"].items()):
            if var in w["env"]:
                yield f"{here}.env.{key}", (f"{here}.env.{key}: {var} is also set by workloads.{name}.env.{var}; "
                                            "allowed: a variable name the workload's env does not set")
        names = list(use["env"].values())
        for key, var in sorted(use["env"].items()):
            if names.count(var) > 1:
                yield f"{here}.env.{key}", (f"{here}.env.{key}: {var} names two connection variables; "
                                            "allowed: a different name for each")


def kafka_problems(settings: dict[str, Any], workloads: dict[str, dict[str, Any]]) -> Iterable[tuple[str, str]]:
    """The rules between kafka and the workloads that use it."""
    k = settings["kafka"]
    service = f"{settings['name']}-kafka"
    users = {n: w for n, w in workloads.items() if w["kafka"]["enabled"]}
    if k["enabled"] or users:
        taken = {service, f"{service}-headless"}
        for name in workloads:
            if name in taken:
                yield f"workloads.{name}", (f"workloads.{name}: \"{name}\" is the name of an object of Kafka "
                                            f"(name: \"{settings['name']}\"); allowed: a workload name not in "
                                            f"{', '.join(sorted(taken))}")
    for name, w in users.items():
        here = f"workloads.{name}.kafka"
        if not k["enabled"] and not k["bootstrapServers"]:
            yield f"{here}.enabled", (f"{here}.enabled: true, but kafka.enabled is false and kafka.bootstrapServers is empty; "
                                      "allowed: kafka.enabled: true (in-cluster) or kafka.bootstrapServers (external)")
        var = w["kafka"]["env"]["bootstrapServers"]
        if var in w["env"]:
            yield f"{here}.env.bootstrapServers", (f"{here}.env.bootstrapServers: {var} is also set by workloads.{name}.env.{var}; "
                                                   "allowed: a variable name the workload's env does not set")
        if w["postgresql"]["enabled"] and var in w["postgresql"]["env"].values():
            yield f"{here}.env.bootstrapServers", (f"{here}.env.bootstrapServers: {var} is also set by workloads.{name}.postgresql.env; "
                                                   "allowed: a variable name no other connection variable uses")


def redis_problems(settings: dict[str, Any], workloads: dict[str, dict[str, Any]]) -> Iterable[tuple[str, str]]:
    """The rules between redis's roles and the workloads that use them."""
    r = settings["redis"]
    base = f"{settings['name']}-redis"
    users = {n: w for n, w in workloads.items() if w["redis"]["enabled"]}
    if r["replica"]["count"] and not r["enabled"]:
        yield "redis.replica.count", (f"redis.replica.count: {r['replica']['count']} read replicas need the in-cluster "
                                      "primary, but redis.enabled is false; allowed: 0 with an external Redis, "
                                      "or redis.enabled: true")
    if users:
        taken = ({base, f"{base}-headless"} if r["enabled"] else set()) | (
            {f"{base}-replica", f"{base}-read"} if r["enabled"] and r["replica"]["count"] else set()) | (
            {f"{base}-cache"} if r["cache"]["enabled"] else set())
        for name in workloads:
            if name in taken:
                yield f"workloads.{name}", (f"workloads.{name}: \"{name}\" is the name of an object of Redis "
                                            f"(name: \"{settings['name']}\"); allowed: a workload name not in "
                                            f"{', '.join(sorted(taken))}")
    for name, w in users.items():
        use = w["redis"]
        here = f"workloads.{name}.redis"
        if use["role"] == "replica" and not (r["enabled"] and r["replica"]["count"]):
            yield f"{here}.role", (f"{here}.role: \"replica\", but the system has no read replicas "
                                   f"(redis.replica.count: {r['replica']['count']}, redis.enabled: {str(r['enabled']).lower()}); "
                                   "allowed: primary, cache with redis.cache.enabled, or replica with redis.enabled: true "
                                   "and redis.replica.count of 1 or more")
        if use["role"] == "cache" and not r["cache"]["enabled"]:
            yield f"{here}.role", (f"{here}.role: \"cache\", but redis.cache.enabled is false; "
                                   "allowed: primary, replica, or cache with redis.cache.enabled: true")
        other = set(w["env"]) | (set(w["postgresql"]["env"].values()) if w["postgresql"]["enabled"] else set()) | (
            {w["kafka"]["env"]["bootstrapServers"]} if w["kafka"]["enabled"] else set())
        names = list(use["env"].values())
        for key, var in sorted(use["env"].items()):
            if var in other:
                yield f"{here}.env.{key}", (f"{here}.env.{key}: {var} is also set by the workload's env or another "
                                            "connection; allowed: a variable name no other variable of the workload uses")
            elif names.count(var) > 1:
                yield f"{here}.env.{key}", (f"{here}.env.{key}: {var} names two connection variables; "
                                            "allowed: a different name for each")
