"""NetworkPolicies from the wiring (networkPolicy.enabled): the edge list, and what the
rendered policies allow, computed by a small evaluator of NetworkPolicy semantics over the
rendered pods (plus an ingress controller, the cluster DNS, a pod of another namespace and
an outside address). The local test cluster has no network plugin that enforces policies:
enforcement itself is not proven live, only these semantics."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from composer import netpol, settings as settings_mod
from tests.helpers import composer, objects, pod_template
from tests.test_terraform import tofu  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parent.parent
API = {"image": {"repository": "registry.example.com/api", "tag": "1.0.0"}}
TRAEFIK = {"namespace": "kube-system", "podLabels": {"app.kubernetes.io/name": "traefik"}}


def render(tmp_path, data: dict) -> list[dict]:
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data))
    return objects(composer("render", "--settings", str(path), check=True).stdout)


def portfolio(**np) -> dict:
    data = yaml.safe_load((ROOT / "examples/portfolio.yaml").read_text())
    data["networkPolicy"] = {"enabled": True, "ingressController": TRAEFIK, **np}
    return data


def app_system() -> dict:
    """The realtime-svg app (in-cluster Redis, an Ingress) and a worker on external PostgreSQL."""
    return {"name": "svg", "namespace": "svg", "ingress": {"enabled": True, "host": "svg.example.com"},
            "postgresql": {"enabled": False, "host": "db.example.com", "port": 6543, "password": "pw"},
            "workloads": {"worker": {**API, "port": 9000, "postgresql": {"enabled": True, "database": "jobs"}}},
            "networkPolicy": {"enabled": True}}


def data_system() -> dict:
    """Kafka on three nodes, the Redis roles (a persistent primary, two read replicas, a cache)
    and workloads using each, one scraped on its own metrics port, one on its app port."""
    return {"name": "shop", "namespace": "shop", "enabled": False,
            "redis": {"enabled": True, "password": "pw", "persistence": {"enabled": True},
                      "replica": {"count": 2}, "cache": {"enabled": True}},
            "kafka": {"enabled": True, "nodes": 3},
            "workloads": {
                "orders": {**API, "port": 8000, "kafka": {"enabled": True}, "redis": {"enabled": True},
                           "metrics": {"enabled": True, "port": 9100, "serviceMonitor": {"enabled": True}}},
                "catalog": {**API, "port": 8001, "redis": {"enabled": True, "role": "replica"},
                            "metrics": {"enabled": True, "serviceMonitor": {"enabled": True}}},
                "pages": {**API, "port": 8002, "redis": {"enabled": True, "role": "cache"},
                          "metrics": {"enabled": True}}},
            "networkPolicy": {"enabled": True}}


def external_kafka() -> dict:
    """An external Kafka on two ports and an external Redis primary with an in-cluster cache;
    Prometheus found by other labels in another namespace."""
    return {"name": "ext", "enabled": False,
            "redis": {"enabled": False, "host": "redis.example.com", "port": 6390, "cache": {"enabled": True}},
            "kafka": {"enabled": False, "bootstrapServers": "k0.example.com:9092,k1.example.com:9094,k2.example.com:9092"},
            "workloads": {
                "feed": {**API, "kafka": {"enabled": True}, "redis": {"enabled": True},
                         "metrics": {"enabled": True, "serviceMonitor": {"enabled": True}}},
                "tiles": {**API, "redis": {"enabled": True, "role": "cache"}}},
            "networkPolicy": {"enabled": True,
                              "prometheus": {"namespace": "obs", "podLabels": {"app.kubernetes.io/name": "prom"}}}}


def external_redis() -> dict:
    return {"name": "solo", "redis": {"enabled": False, "host": "redis.example.com", "port": 6380},
            "networkPolicy": {"enabled": True, "dns": {"namespace": "dns", "podLabels": {"k8s-app": "coredns"}}}}


# ---- the evaluator -------------------------------------------------------------------

def _matches(selector: dict, labels: dict) -> bool:
    assert set(selector) <= {"matchLabels"}, selector  # the only form the composer writes
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def _peer_matches(peer: dict, policy_ns: str, endpoint: dict) -> bool:
    if "ipBlock" in peer:
        # Only the outside address: what an ipBlock does to pod IPs is up to the plugin.
        return endpoint["ns"] is None and peer["ipBlock"]["cidr"] == "0.0.0.0/0"
    if endpoint["ns"] is None:
        return False
    if "namespaceSelector" in peer:
        ns_ok = _matches(peer["namespaceSelector"], {"kubernetes.io/metadata.name": endpoint["ns"]})
    else:
        ns_ok = endpoint["ns"] == policy_ns
    return ns_ok and _matches(peer.get("podSelector", {}), endpoint["labels"])


def _ports_match(ports: list | None, port: int, proto: str) -> bool:
    return not ports or any(p.get("protocol", "TCP") == proto and p.get("port") in (None, port) for p in ports)


def _side_allows(policies: list[dict], pod: dict, other: dict, port: int, proto: str, direction: str) -> bool:
    """Whether ``pod``'s policies let this connection through on its ``direction`` side."""
    if pod["ns"] is None:
        return True
    selecting = [p for p in policies if p["metadata"].get("namespace", "default") == pod["ns"]
                 and _matches(p["spec"]["podSelector"], pod["labels"])
                 and direction.capitalize() in p["spec"].get("policyTypes", ["Ingress"])]
    if not selecting:
        return True
    key = "from" if direction == "ingress" else "to"
    return any(_ports_match(rule.get("ports"), port, proto)
               and (not rule.get(key) or any(_peer_matches(peer, p["metadata"].get("namespace", "default"), other) for peer in rule[key]))
               for p in selecting for rule in p["spec"].get(direction, []))


def allowed(objs: list[dict], extra: dict[str, dict], ports: set[tuple[int, str]]) -> set[tuple[str, str, int, str]]:
    """Every (source, target, port, protocol) the policies let through, between the
    rendered pods (named by their `app` label) and the ``extra`` endpoints."""
    policies = [o for o in objs if o["kind"] == "NetworkPolicy"]
    endpoints = dict(extra)
    for o in objs:
        if o["kind"] in ("Deployment", "StatefulSet", "Job", "CronJob"):
            labels = pod_template(o)["metadata"]["labels"]
            endpoints[labels["app"]] = {"ns": o["metadata"].get("namespace", "default"), "labels": labels}
    policed = {p["metadata"].get("namespace", "default") for p in policies}  # the others are not the composer's
    out = set()
    for s_name, s in endpoints.items():
        for t_name, t in endpoints.items():
            # s_name == t_name: two pods of one group (the Kafka nodes talk to each other)
            if not ({s["ns"], t["ns"]} & policed):
                continue
            for port, proto in ports:
                if (_side_allows(policies, s, t, port, proto, "egress")
                        and _side_allows(policies, t, s, port, proto, "ingress")):
                    out.add((s_name, t_name, port, proto))
    return out


def expected(settings: dict, objs: list[dict], dns: str) -> set[tuple[str, str, int, str]]:
    names = {"ingress-controller": "controller", "external": "outside", "prometheus": "prometheus"}
    out = {(names.get(e.source.kind, e.source.name), names.get(e.target.kind, e.target.name), e.port, e.protocol)
           for e in netpol.edges(settings)}
    for o in objs:
        if o["kind"] in ("Deployment", "StatefulSet", "Job", "CronJob"):
            out |= {(pod_template(o)["metadata"]["labels"]["app"], dns, 53, p) for p in ("UDP", "TCP")}
    return out


CASES = {
    "portfolio": (portfolio(), TRAEFIK, ("kube-system", {"k8s-app": "kube-dns"})),
    "app-system": (app_system(), {"namespace": "ingress-nginx", "podLabels": {"app.kubernetes.io/name": "ingress-nginx"}},
                   ("kube-system", {"k8s-app": "kube-dns"})),
    "external-redis": (external_redis(), None, ("dns", {"k8s-app": "coredns", "other": "x"})),
    "data-system": (data_system(), None, ("kube-system", {"k8s-app": "kube-dns"})),
    "external-kafka": (external_kafka(), None, ("kube-system", {"k8s-app": "kube-dns"})),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_policies_allow_exactly_the_wired_edges(tmp_path, case):
    data, controller, (dns_ns, dns_labels) = CASES[case]
    objs = render(tmp_path, data)
    settings = settings_mod.validate(data)
    extra = {
        "dns": {"ns": dns_ns, "labels": dns_labels},
        "outside": {"ns": None, "labels": {}},
        # an ingress controller of another kind, and pods that are wired to nothing
        "stranger": {"ns": "elsewhere", "labels": {"app.kubernetes.io/name": "ingress-nginx"}},
        "dns-impostor": {"ns": "elsewhere", "labels": {"k8s-app": "kube-dns"}},
    }
    if controller:
        extra["controller"] = {"ns": controller["namespace"], "labels": controller["podLabels"]}
    prom = settings["networkPolicy"]["prometheus"]
    extra["prometheus"] = {"ns": prom["namespace"], "labels": prom["podLabels"]}
    # a Prometheus elsewhere, or with other labels, scrapes nothing
    extra["prometheus-impostor"] = {"ns": "elsewhere", "labels": dict(prom["podLabels"])}
    wired = expected(settings, objs, "dns")
    ports = {(p, proto) for *_, p, proto in wired} | {(9999, "TCP"), (53, "UDP")}
    got = allowed(objs, extra, ports)
    # A pod of the namespace the composer did not make (say, a debug pod) is denied too.
    assert got == wired, (sorted(got - wired), sorted(wired - got))
    impostors = ("stranger", "dns-impostor", "prometheus-impostor")
    assert not any(s in impostors or t in impostors for s, t, *_ in got)


def test_edges_of_the_portfolio():
    s = settings_mod.validate(portfolio())
    got = {(e.source.kind, e.source.name, e.target.kind, e.target.name, e.port) for e in netpol.edges(s)}
    assert got == {
        ("ingress-controller", "", "pod", "frontend", 3000),
        ("ingress-controller", "", "pod", "api-gateway", 8080),
        ("pod", "frontend", "pod", "api-gateway", 8080),           # API_INTERNAL_URL: serviceUrlOf
        ("pod", "api-gateway", "pod", "portfolio-postgresql", 5432),
        ("pod", "portfolio-postgresql-init", "pod", "portfolio-postgresql", 5432),
    }


def test_edges_of_external_services_and_the_app():
    s = settings_mod.validate(app_system())
    got = {(e.source.name or e.source.kind, e.target.name or e.target.kind, e.port) for e in netpol.edges(s)}
    assert got == {("ingress-controller", "svg", 8080), ("svg", "svg-redis", 6379), ("worker", "external", 6543)}
    s = settings_mod.validate(external_redis())
    assert [(e.source.name, e.target.kind, e.port) for e in netpol.edges(s)] == [("solo", "external", 6380)]


def test_edges_of_kafka_redis_roles_and_metrics():
    s = settings_mod.validate(data_system())
    got = {(e.source.name or e.source.kind, e.target.name or e.target.kind, e.port) for e in netpol.edges(s)}
    assert got == {
        ("orders", "shop-kafka", 9092),
        ("shop-kafka", "shop-kafka", 9092), ("shop-kafka", "shop-kafka", 9093),
        ("orders", "shop-redis", 6379), ("catalog", "shop-redis-replica", 6379), ("pages", "shop-redis-cache", 6379),
        ("shop-redis-replica", "shop-redis", 6379),
        ("prometheus", "orders", 9100), ("prometheus", "catalog", 8001),  # pages has no ServiceMonitor
    }
    s = settings_mod.validate(external_kafka())
    got = {(e.source.name or e.source.kind, e.target.name or e.target.kind, e.port) for e in netpol.edges(s)}
    assert got == {("feed", "external", 9092), ("feed", "external", 9094), ("feed", "external", 6390),
                   ("tiles", "ext-redis-cache", 6379), ("prometheus", "feed", 8080)}


def test_prometheus_peer_defaults_to_kube_prometheus_stack():
    s = settings_mod.validate(data_system())
    assert s["networkPolicy"]["prometheus"] == {"namespace": "monitoring",
                                                 "podLabels": {"app.kubernetes.io/name": "prometheus"}}


def test_disabled_makes_no_policies(tmp_path):
    data = portfolio()
    data["networkPolicy"]["enabled"] = False
    assert not [o for o in render(tmp_path, data) if o["kind"] == "NetworkPolicy"]


def test_every_pod_of_the_system_is_covered_and_selectors_use_app_only(tmp_path):
    objs = render(tmp_path, portfolio())
    pols = [o for o in objs if o["kind"] == "NetworkPolicy"]
    assert {p["metadata"]["name"] for p in pols} == {
        "portfolio-default-deny", "portfolio-allow-dns", "frontend-allow", "api-gateway-allow",
        "portfolio-postgresql-allow", "portfolio-postgresql-init-allow"}
    for p in pols:
        assert set(p["spec"]["podSelector"].get("matchLabels", {})) <= {"app"}
        assert p["metadata"]["labels"]["app.kubernetes.io/part-of"] == "portfolio"


@pytest.mark.parametrize("bad, words", [
    ({"dns": {"namespace": "Kube_System"}}, "networkPolicy.dns.namespace"),
    ({"ingressController": {"podLabels": {"app": "-x"}}}, "networkPolicy.ingressController.podLabels.app"),
    ({"ingressController": {"podLabels": {"bad key!": "x"}}}, "networkPolicy.ingressController.podLabels"),
    ({"enabled": "yes"}, "networkPolicy.enabled"),
    ({"egress": []}, "networkPolicy"),
])
def test_bad_input_is_refused_with_the_setting_path(tmp_path, bad, words):
    path = tmp_path / "settings.yaml"
    data = portfolio()
    data["networkPolicy"].update(bad)
    path.write_text(yaml.safe_dump(data))
    result = composer("render", "--settings", str(path))
    assert result.returncode != 0
    assert words in result.stderr, result.stderr


def _policies(objs: list[dict]) -> list[dict]:
    return [o for o in objs if o["kind"] == "NetworkPolicy"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_helm_builds_the_same_network_policies(tmp_path, case):
    """The chart's templates/networkpolicy.yaml (a port of edges() and policies()) against the
    overlay, and the whole system (the Redis roles included)."""
    from composer import parity, render
    from tests.test_helm_chart import _values_file, helm_template
    s = settings_mod.validate(CASES[case][0])
    want, got = objects(render.render(s)), helm_template(_values_file(tmp_path, s))
    assert _policies(want) and parity.compare(_policies(want), _policies(got), ("composer render", "helm template")) == []
    assert parity.compare(want, got, ("composer render", "helm template")) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_terraform_builds_the_same_network_policies(tofu, case):  # noqa: F811
    """netpol.tf's data sources against the overlay (Terraform puts an empty namespace in
    `default`)."""
    from composer import parity
    from tests.test_terraform import overlay_objects, rendered
    s = settings_mod.validate(CASES[case][0])
    want, got = rendered(s), overlay_objects(tofu, tofu.write_vars(case, s))
    assert _policies(want) and parity.compare(_policies(got), _policies(want), ("terraform", "render")) == []
    assert parity.compare(got, want, ("terraform", "render")) == []


BAD = [
    ({"dns": {"namespace": "Kube_System"}}, "networkPolicy.dns.namespace"),
    ({"prometheus": {"podLabels": {"app": "-x"}}}, "networkPolicy.prometheus.podLabels.app"),
    ({"enabled": "yes"}, "networkPolicy.enabled"),
]


@pytest.mark.parametrize("bad, words", BAD)
def test_helm_refuses_bad_network_policy_values(tmp_path, bad, words):
    from tests.helpers import helm
    from tests.test_helm_chart import CHART
    data = portfolio()
    data["networkPolicy"].update(bad)
    path = tmp_path / "values.yaml"
    path.write_text(yaml.safe_dump(data))
    result = helm("template", "portfolio", str(CHART), "-f", str(path), check=False)
    # Helm's values schema names the setting by its JSON pointer
    assert result.returncode != 0 and "/" + words.replace(".", "/") in result.stderr, result.stderr


def test_terraform_refuses_bad_network_policy_values_in_the_composers_words(tofu, tmp_path):  # noqa: F811
    """Every bad value of BAD at once: each refused by the variable validations with the
    composer's words (setting path, value, what is allowed)."""
    import json
    from tests.test_terraform import tofu_problems
    data = portfolio()
    for bad, _ in BAD:
        for k, v in bad.items():
            data["networkPolicy"].setdefault(k, {})
            data["networkPolicy"][k] = {**data["networkPolicy"][k], **v} if isinstance(v, dict) else v
    path = tofu.dir / "np-bad.tfvars.json"
    path.write_text(json.dumps(data))
    code, messages = tofu_problems(tofu, path)
    assert code != 0
    settings_path = tmp_path / "settings.yaml"
    settings_path.write_text(yaml.safe_dump(data))
    result = composer("render", "--settings", str(settings_path))
    assert result.returncode != 0
    composer_words = {line.split("settings.yaml: ", 1)[1] for line in result.stderr.splitlines() if "settings.yaml: " in line}
    for _, words in BAD:
        assert [m for m in composer_words if m.startswith(words + ":")], result.stderr
    assert composer_words <= messages, (composer_words, messages)
