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
from typing import Any

from composer import datapart, sources
from composer.derived import SYSTEM_NAME, Derived, Digest, EnvVar, Join, JoinMap, Param, Ref, Str
from composer.edges import EdgeRule, workloads
from composer.rules import Empty, Fmt, G, Get, Int, Lit, Not, Pick, S, Var

BASE = f"{sources.BASE_NAME}-postgresql"
JOB = f"{BASE}-init"
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
PORT = 5432  # the in-cluster server's
# The pod annotation carrying the digest of a workload's connection settings.
CONNECTION_ANNOTATION = "postgresql.realtime-svg.dev/connection"
CLIENT_COMPONENT = "postgresql-client"
SERVER_COMPONENT = "postgresql"
# every component the part may add (the Terraform module embeds their objects: sources.tf)
COMPONENTS = (CLIENT_COMPONENT, SERVER_COMPONENT)
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


def _pg(path: str):
    return G(S, f"postgresql.{path}")


_OWNER = Get(Var("spec"), "owner")
# What PostgreSQL computes from more than one setting, once: the composer evaluates it, the
# chart and the module get it as named templates and locals (composer/derived.py).
DERIVED = (
    Derived("postgresqlName", Fmt("{name}-postgresql", {"name": SYSTEM_NAME}),
            "PostgreSQL's objects are named after the system"),
    Derived("postgresqlSecretName", Pick(Empty(_pg("existingSecret")), Ref("postgresqlName"), _pg("existingSecret")),
            "The Secret with the password: postgresql.existingSecret, else the part's"),
    Derived("postgresqlHost", Pick(_pg("enabled"), Ref("postgresqlName"), _pg("host")),
            "The connection's host: the in-cluster Service, else postgresql.host"),
    Derived("postgresqlPort", Pick(_pg("enabled"), Lit(str(PORT)), Str(Int(_pg("port")))),
            "The connection's port, as text: the in-cluster server's, else postgresql.port"),
    Derived("postgresqlDatabases", JoinMap(_pg("databases"), "db", "spec", Fmt("{db}={owner}", {
        "db": Var("db"), "owner": Pick(Empty(_OWNER), _pg("user"), _OWNER)}), " "),
            "The init Job's DATABASES: name=owner pairs, sorted, the owner postgresql.user unless set"),
    Derived("postgresqlJobName", Fmt("{name}-init-{digest}", {"name": Ref("postgresqlName"), "digest": Digest((
        Ref("postgresqlDatabases"), Fmt("{repository}:{tag}", {"repository": _pg("image.repository"), "tag": _pg("image.tag")}),
        _pg("image.pullPolicy"), Str(Int(_pg("securityContext.runAsUser"))), Str(Int(_pg("securityContext.runAsGroup"))),
        Join(G(S, "imagePullSecrets"), ","), SYSTEM_NAME, Ref("postgresqlSecretName")))}),
            "The init Job's name: a Job's pod template is immutable, so the name carries the digest of "
            "everything in it (the password's Secret included) and a change is a new Job"),
    Derived("postgresqlDigest", Digest((Ref("postgresqlHost"), Ref("postgresqlPort"), _pg("user"),
                                        Ref("postgresqlSecretName"), Param("database", "postgresql.database"))),
            "A user's pod annotation: rolls its pods when the host, port, user, password Secret or database "
            "change (values behind references, which do not touch the manifest)",
            per_workload="postgresql.enabled",
            annotation=CONNECTION_ANNOTATION),
)

# What a workload that uses PostgreSQL reads, by reference but for the database's name: each
# variable named by its `postgresql.env.<setting>`.
WORKLOAD_ENV = (
    *(EnvVar(key, "configMapKeyRef", Ref("postgresqlName"), Lit(key)) for key in ("host", "port", "user")),
    EnvVar("password", "secretKeyRef", Ref("postgresqlSecretName"), Lit("password")),
    EnvVar("database", None, None, Param("database", "postgresql.database")),
)

# Who reaches the server (composer/edges.py): each workload with postgresql.enabled (its wait
# init container is in the same pod), the init Job; an external server at any address.
_USERS = (workloads(G(Var("w"), "postgresql.enabled")),)
EDGES = (
    EdgeRule("pod", Var("n"), "pod", Ref("postgresqlName"), Lit(PORT), Fmt("workloads.{n}.postgresql", {"n": Var("n")}),
             when=_pg("enabled"), loops=_USERS),
    EdgeRule("pod", Var("n"), "external", Lit(""), Int(_pg("port")),
             Fmt("workloads.{n}.postgresql (postgresql.host)", {"n": Var("n")}), when=Not(_pg("enabled")), loops=_USERS),
    EdgeRule("pod", Fmt("{name}-init", {"name": Ref("postgresqlName")}), "pod", Ref("postgresqlName"), Lit(PORT),
             Lit("postgresql init Job"), when=_pg("enabled")),
)


def derived(settings: dict[str, Any], **params: Any) -> dict[str, Any]:
    """The values of DERIVED for the settings (a workload's ``database``: its digest too)."""
    from composer import derived as derived_mod

    return derived_mod.evaluate(DERIVED, settings, **params)


def name(settings: dict[str, Any]) -> str:
    return derived(settings)["postgresqlName"]


def connection(settings: dict[str, Any]) -> dict[str, str]:
    """The ConfigMap's data: where the server is and who to connect as."""
    d = derived(settings)
    return {"host": d["postgresqlHost"], "port": d["postgresqlPort"], "user": settings["postgresql"]["user"]}


def secret_name(settings: dict[str, Any]) -> str:
    return derived(settings)["postgresqlSecretName"]


def job_name(settings: dict[str, Any]) -> str:
    return derived(settings)["postgresqlJobName"]


def connection_digest(settings: dict[str, Any], database: str) -> str:
    """What a workload's pods must roll for (DERIVED postgresqlDigest)."""
    return derived(settings, database=database)["postgresqlDigest"]


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
        _op("replace", f"{CONTAINER}/env/0/value", derived(settings)["postgresqlDatabases"]),
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
    """The container's connection variables (WORKLOAD_ENV)."""
    from composer import derived as derived_mod

    return derived_mod.workload_env("postgresql", settings, w)


def wait_container(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, Any]:
    """The init container that holds the workload until its database answers."""
    from composer import derived as derived_mod

    libpq = {k: f"PG{k.upper()}" for k in ("host", "port", "user", "password", "database")}
    return datapart.wait_container("postgresql", settings["postgresql"]["image"], "sh", WAIT_SCRIPT,
                                   derived_mod.workload_env("postgresql", settings, w, libpq)
                                   + [{"name": "PGCONNECT_TIMEOUT", "value": "5"}])
