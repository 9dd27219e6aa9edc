"""The rules that span more than one setting, each written once (composer/rules.py says what
the primitives mean). The composer evaluates this table (composer/system.py), the Helm chart
runs it as realtime-svg.rulesProblems and the Terraform module as rules.tf, all generated
from here: every route words a problem the same way, one line naming both settings.
"""
from __future__ import annotations

from composer import extra_objects, monitoring
from composer.rules import (
    ACTIVE, And, Exists, Coalesce, Concat, Count, Each, Empty, Eq, Fmt, G, Gt, Has, In, Index, Int, IsJsonObject,
    IsNull, Keys, List, Listed, Lit, Ne, Not, Or, Pick, S, StartsWith, Var, check, claim, compare, not_reserved, refers_to,
    agree, requires, unique,
)

N, W = Var("n"), Var("w")
WORKLOADS = (Each("n", "w", ACTIVE),)  # the enabled workloads, by name


def _where(path: str) -> Fmt:
    return Fmt("workloads.{n}." + path, {"n": N})


def _named(suffix: str) -> Fmt:
    return Fmt("{app}-" + suffix, {"app": G(S, "name")})


def _named_like(what: str, reserved, when):
    """A workload may not take the name of an object that ``what`` makes while ``when``."""
    return not_reserved(N, reserved, Fmt("workloads.{n}", {"n": N}),
                        '{at}: "{name}" is the name of an object of ' + what + ' (name: "{app}"); '
                        "allowed: a workload name not in {reserved}", WORKLOADS, when=when, app=G(S, "name"))


def _users(service: str) -> tuple[Each, ...]:
    """The enabled workloads that use a data service (workloads.<name>.<service>.enabled)."""
    return (Each("n", "w", ACTIVE, G(W, service + ".enabled")),)


def _any_user(service: str):
    return Exists(Each("n", "w", ACTIVE), G(W, service + ".enabled"))


def _has_node_port(service) -> object:
    return And(Ne(G(service, "type"), Lit("ClusterIP")), Not(IsNull(G(service, "nodePort"))))


def _env_references():
    """serviceUrlOf/ingressUrlOf: an enabled workload, one with an ingress for ingressUrlOf."""
    out = []
    for kind in ("serviceUrlOf", "ingressUrlOf"):
        loops = WORKLOADS + (Each("k", "v", G(W, "env"), Has(Var("v"), Lit(kind))),)
        at = Fmt("workloads.{n}.env.{k}." + kind, {"n": N, "k": Var("k")})
        target = G(Var("v"), kind)
        out.append(refers_to(target, ACTIVE, at, '{at}: "{target}" is not an enabled workload; allowed: one of {listed}',
                             loops))
        if kind == "serviceUrlOf":
            out.append(requires(Has(ACTIVE, target), Not(IsNull(Index(ACTIVE, target, ("port",), 0))), at,
                                '{at}: workload "{target}" is a worker (port: null) and has no Service; '
                                "allowed: a workload with a port", loops, target=target))
        if kind == "ingressUrlOf":
            out.append(requires(Has(ACTIVE, target), Index(ACTIVE, target, ("ingress", "enabled"), False), at,
                                '{at}: workload "{target}" has no ingress; allowed: a workload with ingress.enabled: true',
                                loops, target=target))
    return out


# A worker (port: null) serves no port: it has no Service, so nothing may route to it, name
# it as a URL, or scrape it (composer/workloads.py is_worker).
_WORKER = IsNull(G(W, "port"))
_NO_PORT = "{at}: {shown}, but port is null (a worker serves no port and has no Service); allowed: "
_WORKERS = [
    requires(G(W, "ingress.enabled"), Not(_WORKER), _where("ingress.enabled"),
             _NO_PORT + "ingress.enabled: false, or a port", WORKLOADS, shown=Lit("true")),
    check(And(_WORKER, Not(Empty(G(W, "extraPorts")))), _where("extraPorts"),
          _NO_PORT + "no extraPorts, or a port", WORKLOADS, shown=Listed(G(W, "extraPorts"), keys=True, none="none")),
    requires(G(W, "metrics.enabled"), Not(_WORKER), _where("metrics.enabled"),
             _NO_PORT + "metrics.enabled: false, or a port", WORKLOADS, shown=Lit("true")),
    requires(G(W, "probes.startup.enabled"), Not(_WORKER), _where("probes.startup.enabled"),
             _NO_PORT + "probes.startup.enabled: false (a worker has a liveness command at most), or a port",
             WORKLOADS, shown=Lit("true")),
    check(And(_WORKER, Or(Ne(G(W, "service.type"), Lit("ClusterIP")), Not(IsNull(G(W, "service.port"))))),
          _where("service"), _NO_PORT + "service left at its defaults (type ClusterIP, port null), or a port",
          WORKLOADS, shown=Fmt("type {t}", {"t": G(W, "service.type")})),
]

# A CronJob or a Job (composer/workload_kinds.py) runs its pods to completion: it serves no
# port, and nothing scales it.
_NOT_DEPLOYMENT = Ne(G(W, "kind"), Lit("Deployment"))
_KINDS = [
    check(And(_NOT_DEPLOYMENT, Not(_WORKER)), _where("port"),
          "{at}: {port}, but kind is {kind} (its pods run to completion and serve no port); allowed: port: null",
          WORKLOADS, port=Int(G(W, "port")), kind=G(W, "kind")),
    requires(G(W, "autoscaling.enabled"), Not(_NOT_DEPLOYMENT), _where("autoscaling.enabled"),
             "{at}: true, but kind is {kind} (an autoscaler scales a Deployment); "
             "allowed: autoscaling.enabled: false, or kind Deployment", WORKLOADS, kind=G(W, "kind")),
    check(And(Eq(G(W, "kind"), Lit("CronJob")), Empty(G(W, "cronJob.schedule"))), _where("cronJob.schedule"),
          '{at}: empty, but kind is CronJob; allowed: a cron schedule such as "0 3 * * *" or @daily', WORKLOADS),
    check(And(Eq(G(W, "kind"), Lit("Job")), Not(IsNull(G(W, "job.ttlSecondsAfterFinished")))),
          _where("job.ttlSecondsAfterFinished"),
          "{at}: {ttl}, but kind is Job (once it is deleted after it finished, every route would create it "
          "again and run it once more); allowed: null, or kind CronJob", WORKLOADS,
          ttl=Int(G(W, "job.ttlSecondsAfterFinished"))),
]

# A Job that runs before named workloads (job.before): they wait for it with a token of their
# own ServiceAccount and a Role bound in the system's namespace (composer/workloads.py).
_BEFORE = G(W, "job.before")
_IS_JOB = Eq(G(W, "kind"), Lit("Job"))
_BEFORE_EACH = WORKLOADS + (Each("i", "b", _BEFORE),)
_BEFORE_AT = Fmt("workloads.{n}.job.before.{i}", {"n": N, "i": Var("i")})
_ORDERING = [
    check(And(Not(Empty(_BEFORE)), Not(_IS_JOB)), _where("job.before"),
          "{at}: {listed}, but kind is {kind} (only a Job runs once, before other workloads); allowed: [], or kind Job",
          WORKLOADS, listed=Listed(_BEFORE), kind=G(W, "kind")),
    check(And(_IS_JOB, Not(Empty(_BEFORE)), Empty(G(S, "namespace"))), _where("job.before"),
          "{at}: {listed}, but namespace is empty (the Role that lets them read the Job is bound in a named "
          "namespace); allowed: a namespace, or []", WORKLOADS, listed=Listed(_BEFORE)),
    refers_to(Var("b"), ACTIVE, _BEFORE_AT, '{at}: "{target}" is not an enabled workload; allowed: one of {listed}',
              _BEFORE_EACH, when=_IS_JOB),
    requires(And(_IS_JOB, Has(ACTIVE, Var("b"))), Ne(Index(ACTIVE, Var("b"), ("kind",), "Deployment"), Lit("Job")),
             _BEFORE_AT, '{at}: "{target}" is a Job (Jobs do not wait for one another); '
             "allowed: a Deployment or a CronJob", _BEFORE_EACH, target=Var("b")),
]

# TLS of a host (composer/workloads.py wants_certificate): every Ingress of the host names one
# Secret, and one of them names the cert-manager issuer, whose workload then holds the Certificate.
_TLS = And(G(W, "ingress.enabled"), G(W, "ingress.tls.enabled"))
_ISSUER = G(W, "ingress.tls.issuer.name")
_CERTIFICATES = [
    requires(And(G(W, "ingress.enabled"), Not(Empty(_ISSUER))), G(W, "ingress.tls.enabled"),
             _where("ingress.tls.issuer.name"),
             '{at}: "{shown}", but ingress.tls.enabled is false (a certificate is only for TLS); '
             "allowed: ingress.tls.enabled: true, or an empty issuer name", WORKLOADS, shown=_ISSUER),
    agree((claim(_where("ingress.tls.secretName"), (G(W, "ingress.host"),),
                 Fmt('"{v}"', {"v": G(W, "ingress.tls.secretName")}), when=_TLS, loops=WORKLOADS,
                 value=(G(W, "ingress.tls.secretName"),)),),
          "{at}: {shown} differs from {first} ({firstShown}) on the same host; allowed: one certificate Secret "
          "per host, the same ingress.tls.secretName on every Ingress of the host"),
    unique((claim(_where("ingress.tls.issuer.name"), (G(W, "ingress.host"),), G(W, "ingress.host"),
                  when=And(_TLS, Not(Empty(_ISSUER))), loops=WORKLOADS),),
           "{at}: host {shown} already has its Certificate from {first}; allowed: the issuer on one Ingress "
           "of a host (one object asks cert-manager for its Secret), an empty issuer name on the others"),
]

# Objects of your own (composer/extra_objects.py): each in the system's namespace, once.
_EXTRA = (Each("i", "o", G(S, "extraObjects")),)
_EXTRA_AT = Fmt("extraObjects[{i}]", {"i": Var("i")})
_EXTRA_OBJECTS = [
    check(Has(G(Var("o"), "metadata"), Lit("namespace")), Fmt("extraObjects[{i}].metadata.namespace", {"i": Var("i")}),
          '{at}: "{ns}" is set; allowed: no namespace (every extra object is put in the system\'s namespace)',
          _EXTRA, ns=G(Var("o"), "metadata.namespace")),
    not_reserved(G(Var("o"), "kind"), List(tuple(Lit(k) for k in extra_objects.CLUSTER_SCOPED)),
                 Fmt("extraObjects[{i}].kind", {"i": Var("i")}),
                 '{at}: "{name}" is cluster-scoped (it cannot be put in the system\'s namespace); allowed: a '
                 "namespaced kind", _EXTRA),
    unique((claim(_EXTRA_AT, (G(Var("o"), "kind"), G(Var("o"), "metadata.name")),
                  Fmt("{k} {n}", {"k": G(Var("o"), "kind"), "n": G(Var("o"), "metadata.name")}), loops=_EXTRA),),
           "{at}: {shown} is already {first}; allowed: one extra object of a kind and name"),
]

SYSTEM = [
    check(And(Not(G(S, "enabled")), Empty(ACTIVE)), "enabled",
          "{at}: false leaves nothing to install; allowed: enabled: true (the realtime-svg app), "
          "or at least one enabled workload under workloads"),
    _named_like("the realtime-svg app", (G(S, "name"), _named("redis")), G(S, "enabled")),
    # the app's ingress first, then the workloads by name: the first claim of a host and path wins
    unique((claim("ingress.path", (G(S, "ingress.host"), G(S, "ingress.path")),
                  Fmt("{h}{p}", {"h": G(S, "ingress.host"), "p": G(S, "ingress.path")}),
                  when=And(G(S, "enabled"), G(S, "ingress.enabled"))),
            claim(_where("ingress.path"), (G(W, "ingress.host"), G(W, "ingress.path")),
                  Fmt("{h}{p}", {"h": G(W, "ingress.host"), "p": G(W, "ingress.path")}),
                  when=G(W, "ingress.enabled"), loops=WORKLOADS)),
           "{at}: {shown} is already routed by {first}; allowed: one workload per host and path"),
    unique((claim("service.nodePort", (Int(G(S, "service.nodePort")),), Int(G(S, "service.nodePort")),
                  when=And(G(S, "enabled"), _has_node_port(G(S, "service")))),
            claim(_where("service.nodePort"), (Int(G(W, "service.nodePort")),), Int(G(W, "service.nodePort")),
                  when=_has_node_port(G(W, "service")), loops=WORKLOADS)),
           "{at}: {shown} is already used by {first}; allowed: a node port no other Service uses"),
    # each extra port is a container port and a Service port of the same number, next to the
    # container's port and the Service's service.port: a number twice is refused by the API server
    unique((claim(_where("port"), (Int(G(W, "port")),), Int(G(W, "port")), when=Not(_WORKER)),
            claim(_where("service.port"), (Int(Coalesce(G(W, "service.port"), G(W, "port"))),),
                  Int(Coalesce(G(W, "service.port"), G(W, "port"))), when=Not(_WORKER), refusable=False),
            claim(Fmt("workloads.{n}.extraPorts.{pn}", {"n": N, "pn": Var("pn")}), (Int(Var("num")),), Int(Var("num")),
                  loops=(Each("pn", "num", G(W, "extraPorts")),))),
           "{at}: {shown} is already used by {first}; allowed: a port number no other port of the workload uses",
           loops=WORKLOADS),
    compare(Int(G(W, "autoscaling.maxReplicas")), Int(G(W, "autoscaling.minReplicas")), _where("autoscaling.maxReplicas"),
            "{at}: {a} is below autoscaling.minReplicas ({b}); allowed: at least minReplicas", WORKLOADS,
            when=G(W, "autoscaling.enabled")),
    *_env_references(),
    *_WORKERS,
    *_KINDS,
    *_ORDERING,
    *_CERTIFICATES,
    *_EXTRA_OBJECTS,
]


# Metrics on a port of their own (composer/monitoring.py own_port): container and Service port
# `metrics`, next to the workload's other ports.
_OWN_PORT = And(G(W, "metrics.enabled"), Not(IsNull(G(W, "metrics.port"))),
                Ne(Int(G(W, "metrics.port")), Int(G(W, "port"))))
_METRICS_PORT = Int(G(W, "metrics.port"))

MONITORING = [
    check(And(_OWN_PORT, Or(In(Lit(monitoring.PORT_NAME), Keys(G(W, "extraPorts"))),
                            In(_METRICS_PORT, Keys(G(W, "extraPorts"), values=True)))),
          _where("metrics.port"),
          "{at}: {port} clashes with extraPorts (the name metrics or the number {port}); "
          "allowed: the app's port, or a number no extra port uses and no extra port named metrics",
          WORKLOADS, port=_METRICS_PORT),
    check(And(_OWN_PORT, Not(IsNull(G(W, "service.port"))), Eq(Int(G(W, "service.port")), _METRICS_PORT)),
          _where("metrics.port"),
          "{at}: {port} is also service.port, the Service's port of http; "
          "allowed: the app's port, or a number service.port does not use", WORKLOADS, port=_METRICS_PORT),
    check(And(G(W, "grafanaDashboard.enabled"), Not(IsJsonObject(G(W, "grafanaDashboard.json")))),
          _where("grafanaDashboard.json"),
          "{at}: not a JSON object; allowed: a dashboard as Grafana exports it (JSON text of an object)", WORKLOADS),
    requires(G(W, "metrics.serviceMonitor.enabled"), G(W, "metrics.enabled"), _where("metrics.serviceMonitor.enabled"),
             "{at}: true, but metrics.enabled is false; allowed: metrics.enabled: true with it", WORKLOADS),
]

# Connection variables: each data service's variables are names in the workload's env.
EK, EV = Var("ek"), Var("ev")
_ALSO_IN_ENV = "{at}: {var} is also set by workloads.{n}.env.{var}; allowed: a variable name the workload's env does not set"
_TWICE = "{at}: {var} names two connection variables; allowed: a different name for each"


def _env_of(service: str) -> tuple[Each, ...]:
    return _users(service) + (Each("ek", "ev", G(W, service + ".env")),)


def _env_at(service: str) -> Fmt:
    return Fmt("workloads.{n}." + service + ".env.{ek}", {"n": N, "ek": EK})


PG = G(S, "postgresql")
DB = (Each("db", "spec", G(PG, "databases")),)
_PG_PREFIX = '{at}: "{role}" starts with pg_, which PostgreSQL reserves; allowed: a name not starting with pg_'

POSTGRESQL = [
    _named_like("PostgreSQL", (_named("postgresql"), _named("postgresql-headless")),
                Or(G(PG, "enabled"), _any_user("postgresql"))),
    check(StartsWith(G(PG, "user"), Lit("pg_")), "postgresql.user", _PG_PREFIX, role=G(PG, "user")),
    check(StartsWith(G(Var("spec"), "owner"), Lit("pg_")), Fmt("postgresql.databases.{db}.owner", {"db": Var("db")}),
          _PG_PREFIX, DB, role=G(Var("spec"), "owner")),
    check(StartsWith(Var("db"), Lit("pg_")), Fmt("postgresql.databases.{db}", {"db": Var("db")}), _PG_PREFIX, DB,
          role=Var("db")),
    check(And(Not(G(PG, "enabled")), Empty(G(PG, "host"))), _where("postgresql.enabled"),
          "{at}: true, but postgresql.enabled is false and postgresql.host is empty; "
          "allowed: postgresql.enabled: true (in-cluster) or postgresql.host (external)", _users("postgresql")),
    refers_to(G(W, "postgresql.database"), G(PG, "databases"), _where("postgresql.database"),
              '{at}: "{target}" is not created by postgresql.databases; allowed: one of {listed}, '
              "or add it to postgresql.databases", _users("postgresql"), when=G(PG, "enabled")),
    check(Has(G(W, "env"), EV), _env_at("postgresql"), _ALSO_IN_ENV, _env_of("postgresql"), var=EV, n=N),
    check(Gt(Count(Keys(G(W, "postgresql.env"), values=True), EV), Lit(1)), _env_at("postgresql"), _TWICE,
          _env_of("postgresql"), var=EV),
]

K = G(S, "kafka")
_BOOTSTRAP = G(W, "kafka.env.bootstrapServers")

KAFKA = [
    _named_like("Kafka", (_named("kafka"), _named("kafka-headless")), Or(G(K, "enabled"), _any_user("kafka"))),
    check(And(Not(G(K, "enabled")), Empty(G(K, "bootstrapServers"))), _where("kafka.enabled"),
          "{at}: true, but kafka.enabled is false and kafka.bootstrapServers is empty; "
          "allowed: kafka.enabled: true (in-cluster) or kafka.bootstrapServers (external)", _users("kafka")),
    check(Has(G(W, "env"), _BOOTSTRAP), _where("kafka.env.bootstrapServers"), _ALSO_IN_ENV, _users("kafka"),
          var=_BOOTSTRAP, n=N),
    check(And(G(W, "postgresql.enabled"), In(_BOOTSTRAP, Keys(G(W, "postgresql.env"), values=True))),
          _where("kafka.env.bootstrapServers"),
          "{at}: {var} is also set by workloads.{n}.postgresql.env; allowed: a variable name no other connection "
          "variable uses", _users("kafka"), var=_BOOTSTRAP, n=N),
]

R = G(S, "redis")
_REPLICAS = Int(G(R, "replica.count"))
_HAS_REPLICA = And(G(R, "enabled"), Gt(_REPLICAS, Lit(0)))
_NONE = List(())
# the workload's other variables: its env, its PostgreSQL and Kafka connection variables
_OTHER = Concat((Keys(G(W, "env")),
                 Pick(G(W, "postgresql.enabled"), Keys(G(W, "postgresql.env"), values=True), _NONE),
                 Pick(G(W, "kafka.enabled"), List((_BOOTSTRAP,)), _NONE)))

REDIS = [
    check(And(Gt(_REPLICAS, Lit(0)), Not(G(R, "enabled"))), "redis.replica.count",
          "{at}: {count} read replicas need the in-cluster primary, but redis.enabled is false; "
          "allowed: 0 with an external Redis, or redis.enabled: true", count=_REPLICAS),
    _named_like("Redis", Concat((Pick(G(R, "enabled"), List((_named("redis"), _named("redis-headless"))), _NONE),
                                 Pick(_HAS_REPLICA, List((_named("redis-replica"), _named("redis-read"))), _NONE),
                                 Pick(G(R, "cache.enabled"), List((_named("redis-cache"),)), _NONE))),
                _any_user("redis")),
    check(And(Eq(G(W, "redis.role"), Lit("replica")), Not(_HAS_REPLICA)), _where("redis.role"),
          '{at}: "replica", but the system has no read replicas (redis.replica.count: {count}, redis.enabled: '
          "{enabled}); allowed: primary, cache with redis.cache.enabled, or replica with redis.enabled: true "
          "and redis.replica.count of 1 or more", _users("redis"), count=_REPLICAS, enabled=G(R, "enabled")),
    check(And(Eq(G(W, "redis.role"), Lit("cache")), Not(G(R, "cache.enabled"))), _where("redis.role"),
          '{at}: "cache", but redis.cache.enabled is false; allowed: primary, replica, or cache with '
          "redis.cache.enabled: true", _users("redis")),
    check(In(EV, _OTHER), _env_at("redis"),
          "{at}: {var} is also set by the workload's env or another connection; "
          "allowed: a variable name no other variable of the workload uses", _env_of("redis"), var=EV),
    check(And(Not(In(EV, _OTHER)), Gt(Count(Keys(G(W, "redis.env"), values=True), EV), Lit(1))), _env_at("redis"),
          _TWICE, _env_of("redis"), var=EV),
]

# Everything the composer evaluates and the generators emit, capability by capability.
TABLE = SYSTEM + MONITORING + POSTGRESQL + KAFKA + REDIS
