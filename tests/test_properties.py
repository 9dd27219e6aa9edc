"""Property-based: for hundreds of generated settings, the real kustomize build holds
the settings' values, the right objects exist, and the rules hold on every object."""
from __future__ import annotations

import base64

from hypothesis import HealthCheck, example, given, settings as hsettings

from composer import postgresql, redis, render, settings as settings_mod, yamlio
from tests.helpers import by_id, label_violations, restricted_violations
from tests.strategies import settings as settings_strategy

EXAMPLES = 200


def _render(raw):
    s = settings_mod.validate(raw)
    return s, yamlio.load_all(render.render(s))


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settings_strategy())
# Go's YAML 1.1 reads a plain y/n as a boolean; the overlay must quote them.
@example({"name": "n", "namespace": "y", "redis": {"enabled": False, "host": "y"}})
def test_render_follows_the_settings(raw):
    s, every = _render(raw)
    _check_postgresql(s, [o for o in every if _is_postgresql(o)])
    _check_kafka(s, [o for o in every if _is_kafka(o)])
    _check_redis(s, [o for o in every if _is_redis(o)])
    _check_network_policies(s, [o for o in every if _is_network_policy(o)])
    objs = [o for o in every if not _is_postgresql(o) and not _is_kafka(o) and not _is_redis(o)
            and not _is_network_policy(o)]
    name = s["name"]
    ids = by_id(objs)
    app = ids["Deployment", name]
    pod = app["spec"]["template"]["spec"]
    container = pod["containers"][0]

    assert app["spec"]["replicas"] == s["replicas"]
    assert container["image"] == f"{s['image']['repository']}:{s['image']['tag']}"
    assert container["imagePullPolicy"] == s["image"]["pullPolicy"]
    assert container["resources"] == s["resources"]
    assert pod.get("nodeSelector", {}) == s["nodeSelector"]
    assert pod.get("tolerations", []) == s["tolerations"]
    assert pod.get("affinity", {}) == s["affinity"]
    assert [x["name"] for x in pod.get("imagePullSecrets", [])] == s["imagePullSecrets"]

    # The app's in-memory Redis exists if and only if redis.enabled and no role is asked for
    # (then the redis/ part's primary, _check_redis, has its Service name); REDIS_HOST points
    # at it or outside.
    has_redis = ("Deployment", f"{name}-redis") in ids and ("Service", f"{name}-redis") in ids
    assert has_redis == (s["redis"]["enabled"] and not redis.active(s))
    assert sum(1 for o in objs if o["kind"] == "Deployment") == (2 if has_redis else 1)
    config = next(o for o in objs if o["kind"] == "ConfigMap")
    assert container["envFrom"][0]["configMapRef"]["name"] == config["metadata"]["name"]
    if s["redis"]["enabled"]:
        assert config["data"]["REDIS_HOST"] == f"{name}-redis"
        assert by_id(every)["Service", f"{name}-redis"]["spec"]["ports"][0]["port"] == int(config["data"]["REDIS_PORT"])
    else:
        assert config["data"]["REDIS_HOST"] == s["redis"]["host"]
        assert config["data"]["REDIS_PORT"] == str(s["redis"]["port"])
    assert config["data"]["LOG_LEVEL"] == s["config"]["logLevel"]

    # Secrets: the value when given, the user's own Secret when named.
    secret = next(o for o in objs if o["kind"] == "Secret")
    assert base64.b64decode(secret["data"]["apiKey"]).decode() == s["secrets"]["apiKey"]
    env = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"]}
    assert env["API_KEY"] == (s["secrets"]["existingSecret"] or secret["metadata"]["name"])
    assert env["REDIS_PASSWORD"] == (s["redis"]["existingSecret"] or secret["metadata"]["name"])

    # Ingress exists if and only if ingress.enabled.
    ingresses = [o for o in objs if o["kind"] == "Ingress"]
    assert len(ingresses) == (1 if s["ingress"]["enabled"] else 0)
    if ingresses:
        rule = ingresses[0]["spec"]["rules"][0]
        assert rule["host"] == s["ingress"]["host"]
        assert rule["http"]["paths"][0]["path"] == s["ingress"]["path"]
        assert rule["http"]["paths"][0]["backend"]["service"]["name"] == name
        assert ("tls" in ingresses[0]["spec"]) == s["ingress"]["tls"]["enabled"]

    service = ids["Service", name]
    assert service["spec"]["type"] == s["service"]["type"]
    assert service["spec"]["ports"][0]["port"] == s["service"]["port"]
    assert service["spec"]["ports"][0].get("nodePort") == s["service"]["nodePort"]

    pdb_wanted = s["podDisruptionBudget"]["enabled"] and s["replicas"] > s["podDisruptionBudget"]["minAvailable"]
    assert (("PodDisruptionBudget", name) in ids) == pdb_wanted

    # Selectors depend on the name alone, so two settings with the same name never
    # change a selector (they are immutable on Deployments).
    assert app["spec"]["selector"] == {"matchLabels": {"app": name}}
    assert service["spec"]["selector"] == {"app": name}
    if has_redis:
        assert ids["Deployment", f"{name}-redis"]["spec"]["selector"] == {"matchLabels": {"app": f"{name}-redis"}}

    for obj in objs:
        assert obj["metadata"].get("namespace") == (s["namespace"] or None)
        assert obj["metadata"]["labels"]["app.kubernetes.io/instance"] == name
        assert obj["metadata"]["labels"]["app.kubernetes.io/version"] == s["image"]["tag"]
        assert obj["metadata"]["name"].startswith(name)
    assert [p for o in objs for p in restricted_violations(o) + label_violations(o)] == []


def _is_postgresql(obj) -> bool:
    return obj["metadata"]["labels"].get("app.kubernetes.io/name") == "postgresql"


def _is_redis(obj) -> bool:
    return obj["metadata"]["labels"].get("app.kubernetes.io/name") == "redis"


def _check_redis(s, objs) -> None:
    """The redis part exists as its settings say (no workload uses it here: only the app's
    Redis asked for persistence, replicas or a cache): each role's objects, nothing else."""
    r = s["redis"]
    ids = by_id(objs)
    name = f"{s['name']}-redis"
    if not (s["enabled"] and r["enabled"] and (r["persistence"]["enabled"] or r["replica"]["count"] or r["cache"]["enabled"])):
        assert objs == []
        return
    sts = ids["StatefulSet", name]
    env = {e["name"]: e.get("value") for e in sts["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["REDIS_APPENDONLY"] == ("yes" if r["persistence"]["enabled"] else "no")
    claims = sts["spec"].get("volumeClaimTemplates", [])
    assert len(claims) == (1 if r["persistence"]["enabled"] else 0)
    if claims:
        assert claims[0]["spec"] == {"accessModes": [r["persistence"]["accessMode"]],
                                     "resources": {"requests": {"storage": r["persistence"]["size"]}},
                                     **({"storageClassName": r["persistence"]["storageClassName"]}
                                        if r["persistence"]["storageClassName"] else {})}
        assert "app.kubernetes.io/version" not in claims[0]["metadata"]["labels"]
    replicas = ids.get(("Deployment", f"{name}-replica"))
    assert (replicas["spec"]["replicas"] if replicas else 0) == r["replica"]["count"]
    assert (("Service", f"{name}-read") in ids) == bool(r["replica"]["count"])
    cache = ids.get(("Deployment", f"{name}-cache"))
    assert bool(cache) == r["cache"]["enabled"]
    if cache:
        cenv = {e["name"]: e.get("value") for e in cache["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert (cenv["REDIS_MAXMEMORY"], cenv["REDIS_MAXMEMORY_POLICY"]) == (r["cache"]["maxmemory"], r["cache"]["maxmemoryPolicy"])
    assert ids["ConfigMap", name]["data"] == {"primaryHost": name, "port": "6379",
                                             **({"replicaHost": f"{name}-read"} if r["replica"]["count"] else {}),
                                             **({"cacheHost": f"{name}-cache"} if r["cache"]["enabled"] else {})}
    assert (("Secret", name) in ids) == (not r["existingSecret"])
    for obj in objs:
        assert obj["metadata"].get("namespace") == (s["namespace"] or None)
        assert obj["metadata"]["labels"]["app.kubernetes.io/version"] == r["image"]["tag"]
    assert [p for o in objs for p in restricted_violations(o) + label_violations(o)] == []
def _is_network_policy(obj) -> bool:
    return obj["kind"] == "NetworkPolicy"


def _check_network_policies(s, objs) -> None:
    """NetworkPolicies exactly when networkPolicy.enabled: the default deny, DNS and one per
    group of pods (composer/netpol.py), labelled as the system's (no version: they belong to no
    one image), never selecting by the app.kubernetes.io/* labels."""
    from composer import netpol
    if not s["networkPolicy"]["enabled"]:
        assert objs == []
        return
    groups = sorted({p.name for e in netpol.edges(s) for p in (e.source, e.target) if p.kind == "pod"})
    assert sorted(o["metadata"]["name"] for o in objs) == sorted(
        [f"{s['name']}-default-deny", f"{s['name']}-allow-dns"] + [f"{g}-allow" for g in groups])
    for o in objs:
        assert o["metadata"].get("namespace") == (s["namespace"] or None)
        assert o["metadata"]["labels"]["app.kubernetes.io/instance"] == s["name"]
        assert o["metadata"]["labels"]["app.kubernetes.io/component"] == "network-policy"
        assert set(o["spec"]["podSelector"].get("matchLabels", {})) <= {"app"}


def _is_kafka(obj) -> bool:
    return obj["metadata"]["labels"].get("app.kubernetes.io/name") == "kafka"


def _check_kafka(s, objs) -> None:
    """The kafka part exists as its settings say (no workload uses it here): the server's
    objects when enabled, with a budget for three nodes; nothing otherwise."""
    k = s["kafka"]
    ids = by_id(objs)
    name = f"{s['name']}-kafka"
    if not k["enabled"]:
        assert objs == []
        return
    sts = ids["StatefulSet", name]
    assert sts["spec"]["replicas"] == k["nodes"]
    assert sts["spec"]["template"]["spec"]["containers"][0]["image"] == f"{k['image']['repository']}:{k['image']['tag']}"
    assert ids["ConfigMap", name]["data"] == {"bootstrapServers": f"{name}:9092"}
    assert (("PodDisruptionBudget", name) in ids) == (k["nodes"] == 3)
    assert {key[1] for key in ids if key[0] == "Service"} == {name, f"{name}-headless"}


def _check_postgresql(s, objs) -> None:
    """The postgresql part exists as its settings say (no workload uses it here)."""
    pg = s["postgresql"]
    ids = by_id(objs)
    name = f"{s['name']}-postgresql"
    assert (("ConfigMap", name) in ids) == pg["enabled"]
    assert (("Secret", name) in ids) == (pg["enabled"] and not pg["existingSecret"])
    assert (("StatefulSet", name) in ids) == pg["enabled"]
    assert ("Job", postgresql.job_name(s)) in ids if pg["enabled"] else not [o for o in objs if o["kind"] == "Job"]
    if pg["enabled"]:
        claim = ids["StatefulSet", name]["spec"]["volumeClaimTemplates"][0]
        assert claim["spec"].get("storageClassName", "") == pg["storage"]["storageClassName"]
        assert claim["spec"]["accessModes"] == [pg["storage"]["accessMode"]]
        assert "app.kubernetes.io/version" not in claim["metadata"]["labels"]
        assert ids["ConfigMap", name]["data"] == postgresql.connection(s)
    for obj in objs:
        assert obj["metadata"].get("namespace") == (s["namespace"] or None)
        assert obj["metadata"]["labels"]["app.kubernetes.io/version"] == pg["image"]["tag"]
    assert [p for o in objs for p in restricted_violations(o) + label_violations(o)] == []


def test_two_settings_with_the_same_name_have_identical_selectors():
    def sels(raw):
        _, objs = _render(raw)
        return {(o["kind"], o["metadata"]["name"]): (o["spec"].get("selector")) for o in objs
                if o["kind"] in ("Deployment", "Service", "PodDisruptionBudget")}
    a = sels({"name": "shop", "replicas": 2})
    b = sels({"name": "shop", "replicas": 5, "image": {"tag": "v9"}, "redis": {"enabled": True},
              "config": {"logLevel": "debug"}, "service": {"type": "NodePort", "port": 80}})
    assert a == b
