"""The rules that span more than one setting, each written once (composer/rules.py says what
the primitives mean). The composer evaluates this table (composer/system.py), the Helm chart
runs it as realtime-svg.rulesProblems and the Terraform module as rules.tf, all generated
from here: every route words a problem the same way, one line naming both settings.
"""
from __future__ import annotations

from composer import monitoring
from composer.rules import (
    ACTIVE, And, Coalesce, Each, Empty, Eq, Fmt, G, Has, In, Index, Int, IsJsonObject, IsNull, Keys, Lit, Ne, Not,
    Or, S, Var, check, claim, compare, not_reserved, refers_to, requires, unique,
)

N, W = Var("n"), Var("w")
WORKLOADS = (Each("n", "w", ACTIVE),)  # the enabled workloads, by name


def _where(path: str) -> Fmt:
    return Fmt("workloads.{n}." + path, {"n": N})


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
        if kind == "ingressUrlOf":
            out.append(requires(Has(ACTIVE, target), Index(ACTIVE, target, ("ingress", "enabled"), False), at,
                                '{at}: workload "{target}" has no ingress; allowed: a workload with ingress.enabled: true',
                                loops, target=target))
    return out


SYSTEM = [
    check(And(Not(G(S, "enabled")), Empty(ACTIVE)), "enabled",
          "{at}: false leaves nothing to install; allowed: enabled: true (the realtime-svg app), "
          "or at least one enabled workload under workloads"),
    not_reserved(N, (G(S, "name"), Fmt("{app}-redis", {"app": G(S, "name")})), Fmt("workloads.{n}", {"n": N}),
                 '{at}: "{name}" is the name of an object of the realtime-svg app (name: "{app}"); '
                 "allowed: a workload name not in {reserved}", WORKLOADS, when=G(S, "enabled"), app=G(S, "name")),
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
    unique((claim(_where("port"), (Int(G(W, "port")),), Int(G(W, "port"))),
            claim(_where("service.port"), (Int(Coalesce(G(W, "service.port"), G(W, "port"))),),
                  Int(Coalesce(G(W, "service.port"), G(W, "port"))), refusable=False),
            claim(Fmt("workloads.{n}.extraPorts.{pn}", {"n": N, "pn": Var("pn")}), (Int(Var("num")),), Int(Var("num")),
                  loops=(Each("pn", "num", G(W, "extraPorts")),))),
           "{at}: {shown} is already used by {first}; allowed: a port number no other port of the workload uses",
           loops=WORKLOADS),
    compare(Int(G(W, "autoscaling.maxReplicas")), Int(G(W, "autoscaling.minReplicas")), _where("autoscaling.maxReplicas"),
            "{at}: {a} is below autoscaling.minReplicas ({b}); allowed: at least minReplicas", WORKLOADS,
            when=G(W, "autoscaling.enabled")),
    *_env_references(),
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

# Everything the composer evaluates and the generators emit, capability by capability.
TABLE = SYSTEM + MONITORING
