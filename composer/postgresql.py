"""The system's PostgreSQL (settings ``postgresql``) -> its kustomization directory, and what
a workload that uses it (``workloads.<name>.postgresql``) gets.

The overlay's postgresql/ builds components/postgresql-client (a ConfigMap with host, port
and user and a Secret with the password, under fixed names) and, for an in-cluster server,
components/postgresql (StatefulSet, Services, init Job), renamed from realtime-svg to the
settings' name with every setting a JSON6902 patch, as the app and the workloads are.

A workload that uses PostgreSQL reads its connection by reference (configMapKeyRef,
secretKeyRef): nothing but the database name is copied into its manifest. An init
container holds it until its database answers, which on an in-cluster server means the
init Job has created it: the start order lives in the objects, so every route, hooks or
none, starts things in the same order. A digest of the connection in a pod annotation
rolls the workload when the server moves.
"""
from __future__ import annotations

import base64
import hashlib
from typing import Any

from composer import datapart, sources

BASE = f"{sources.BASE_NAME}-postgresql"
JOB = f"{BASE}-init"
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
PORT = 5432  # the in-cluster server's
# The pod annotation carrying the digest of a workload's connection settings.
CONNECTION_ANNOTATION = "postgresql.realtime-svg.dev/connection"
CLIENT_COMPONENT = "postgresql-client"
SERVER_COMPONENT = "postgresql"
# What the waiting init container runs: the database answers a query (so the server is up
# and, in-cluster, the init Job has created it).
WAIT_SCRIPT = ('until pg_isready -q && psql -Atqc "SELECT 1" >/dev/null 2>&1; do '
               'echo "waiting for database $PGDATABASE at $PGHOST:$PGPORT"; sleep 2; done')


def users(settings: dict[str, Any]) -> list[str]:
    """The enabled workloads that use PostgreSQL, sorted."""
    return [n for n, w in sorted(settings.get("workloads", {}).items())
            if w["enabled"] and w["postgresql"]["enabled"]]


def active(settings: dict[str, Any]) -> bool:
    """Whether the system has a postgresql/ part: an in-cluster server, or a workload that
    connects to an external one."""
    return bool(settings["postgresql"]["enabled"] or users(settings))


def name(settings: dict[str, Any]) -> str:
    return f"{settings['name']}-postgresql"


def connection(settings: dict[str, Any]) -> dict[str, str]:
    """The ConfigMap's data: where the server is and who to connect as."""
    pg = settings["postgresql"]
    if pg["enabled"]:
        return {"host": name(settings), "port": str(PORT), "user": pg["user"]}
    return {"host": pg["host"], "port": str(pg["port"]), "user": pg["user"]}


def secret_name(settings: dict[str, Any]) -> str:
    return settings["postgresql"]["existingSecret"] or name(settings)


def databases(pg: dict[str, Any]) -> str:
    """The init Job's DATABASES: `name=owner` pairs, sorted, space-separated."""
    return " ".join(f"{db}={spec['owner'] or pg['user']}" for db, spec in sorted(pg["databases"].items()))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def job_inputs(settings: dict[str, Any]) -> str:
    """Every setting that lands in the init Job's pod template, as one string: a Job's
    template is immutable, so its name carries their digest and a change is a new Job. The
    Secret its password is read from is one of them (existingSecret points PGPASSWORD there)."""
    pg = settings["postgresql"]
    sc = pg["securityContext"]
    return "|".join([databases(pg), f"{pg['image']['repository']}:{pg['image']['tag']}", pg["image"]["pullPolicy"],
                     str(sc["runAsUser"]), str(sc["runAsGroup"]), ",".join(settings["imagePullSecrets"]),
                     settings["name"], secret_name(settings)])


def job_name(settings: dict[str, Any]) -> str:
    return f"{name(settings)}-init-{_digest(job_inputs(settings))}"


def connection_digest(settings: dict[str, Any], database: str) -> str:
    """What a workload's pods must roll for: a new host, port, user, password Secret or
    database (the values behind the references change without touching the manifest)."""
    c = connection(settings)
    return _digest("|".join([c["host"], c["port"], c["user"], secret_name(settings), database]))


def labels(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The recommended labels (never in selectors). The version goes on objects and pod
    templates by patch, not through `labels`, which would also put it on the StatefulSet's
    volumeClaimTemplates: those are immutable, and a new image tag would be refused."""
    stable = {"app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": settings["name"],
              "app.kubernetes.io/part-of": settings["name"]}
    return [{"includeSelectors": False, "includeTemplates": True, "pairs": stable},
            {"includeSelectors": False, "includeTemplates": False, "pairs": {"app.kubernetes.io/version": version(settings)}}]


def version(settings: dict[str, Any]) -> str:
    return settings["postgresql"]["image"]["tag"]


def _template_version_op(settings: dict[str, Any]) -> dict[str, Any]:
    return _op("add", "/spec/template/metadata/labels/app.kubernetes.io~1version", version(settings))


def plaintext_secrets(settings: dict[str, Any]) -> list[str]:
    pg = settings["postgresql"]
    return ["postgresql.password"] if pg["password"] and not pg["existingSecret"] else []


_op = datapart.op


def _pull_secret_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    names = settings["imagePullSecrets"]
    return [_op("add", f"{POD}/imagePullSecrets", [{"name": n} for n in names])] if names else []


def _pod_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """Image, security context and pull secrets: the same in the StatefulSet and the Job."""
    pg = settings["postgresql"]
    sc = pg["securityContext"]
    return [
        _op("replace", f"{CONTAINER}/image", f"{pg['image']['repository']}:{pg['image']['tag']}"),
        _op("replace", f"{CONTAINER}/imagePullPolicy", pg["image"]["pullPolicy"]),
        _op("replace", f"{POD}/securityContext/runAsUser", sc["runAsUser"]),
        _op("replace", f"{POD}/securityContext/runAsGroup", sc["runAsGroup"]),
        _template_version_op(settings),
    ] + _pull_secret_ops(settings)


def _existing_secret_ops(settings: dict[str, Any], env: dict[str, int]) -> list[dict[str, Any]]:
    """Point the password references (env entries by name -> index) at the user's Secret."""
    existing = settings["postgresql"]["existingSecret"]
    if not existing:
        return []
    return [op for var, i in env.items() for op in (
        _op("test", f"{CONTAINER}/env/{i}/name", var),
        _op("replace", f"{CONTAINER}/env/{i}/valueFrom/secretKeyRef/name", existing))]


def statefulset_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    pg = settings["postgresql"]
    storage = pg["storage"]
    claim = "/spec/volumeClaimTemplates/0/spec"
    ops = _pod_ops(settings) + [
        _op("replace", f"{POD}/securityContext/fsGroup", pg["securityContext"]["fsGroup"]),
        _op("replace", f"{CONTAINER}/resources", pg["resources"]),
        _op("replace", f"{claim}/accessModes", [storage["accessMode"]]),
        _op("replace", f"{claim}/resources/requests/storage", storage["size"]),
    ]
    if storage["storageClassName"]:
        ops.append(_op("add", f"{claim}/storageClassName", storage["storageClassName"]))
    return ops + _existing_secret_ops(settings, {"POSTGRES_PASSWORD": 1})


def job_ops(settings: dict[str, Any]) -> list[dict[str, Any]]:
    return _pod_ops(settings) + [
        _op("test", f"{CONTAINER}/env/0/name", "DATABASES"),
        _op("replace", f"{CONTAINER}/env/0/value", databases(settings["postgresql"])),
    ] + _existing_secret_ops(settings, {"PGPASSWORD": 4})


def build(settings: dict[str, Any], root_rel: str) -> dict[str, str]:
    """The files of the overlay's postgresql/ directory. ``root_rel`` is the path from it to
    the directory holding components/."""
    pg = settings["postgresql"]
    part = datapart.Part(settings, [CLIENT_COMPONENT] + ([SERVER_COMPONENT] if pg["enabled"] else []), root_rel)
    part.patch("ConfigMap", BASE, [_op("replace", f"/data/{k}", v) for k, v in connection(settings).items()])
    if pg["existingSecret"]:
        part.delete("Secret", "v1", BASE)
    else:
        encoded = base64.b64encode(pg["password"].encode("utf-8")).decode("ascii")
        part.patch("Secret", BASE, [_op("replace", "/data/password", encoded)])
    if pg["enabled"]:
        part.patch("StatefulSet", BASE, statefulset_ops(settings))
        # renamed with the digest: its `app` labels as every object's, its name here
        labels_only = [op for op in part.renames_of("Job", JOB) if op["path"] != "/metadata/name"]
        part.patch("Job", JOB, job_ops(settings) + labels_only + [_op("replace", "/metadata/name", job_name(settings))])
    return part.files("PostgreSQL", labels(settings))


# -- a workload that uses it -------------------------------------------------------------------

def workload_env(settings: dict[str, Any], w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's connection variables: by reference, but for the database's name."""
    use = w["postgresql"]
    names = use["env"]
    config = name(settings)
    return [
        {"name": names["host"], "valueFrom": {"configMapKeyRef": {"name": config, "key": "host"}}},
        {"name": names["port"], "valueFrom": {"configMapKeyRef": {"name": config, "key": "port"}}},
        {"name": names["user"], "valueFrom": {"configMapKeyRef": {"name": config, "key": "user"}}},
        {"name": names["password"], "valueFrom": {"secretKeyRef": {"name": secret_name(settings), "key": "password"}}},
        {"name": names["database"], "value": use["database"]},
    ]


def wait_container(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, Any]:
    """The init container that holds the workload until its database answers."""
    libpq = {"postgresql": {**w["postgresql"],
                            "env": {k: f"PG{k.upper()}" for k in ("host", "port", "user", "password", "database")}}}
    return datapart.wait_container("postgresql", settings["postgresql"]["image"], "sh", WAIT_SCRIPT,
                                   workload_env(settings, libpq) + [{"name": "PGCONNECT_TIMEOUT", "value": "5"}])
