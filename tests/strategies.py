"""Hypothesis strategies for valid settings: every key of the vocabulary, within the
schema's limits, including the combinations that change which objects exist."""
from __future__ import annotations

from hypothesis import strategies as st

dns_label = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}\Z")
quantity_cpu = st.sampled_from(["50m", "100m", "250m", "500m", "1", "1.5", "2"])
quantity_mem = st.sampled_from(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "1.5Gi", "2G"])
host = st.builds(lambda a, b: f"{a}.{b}.example.com", dns_label, dns_label)


@st.composite
def settings(draw) -> dict:
    s: dict = {}
    if draw(st.booleans()):
        s["name"] = draw(dns_label)
    if draw(st.booleans()):
        s["namespace"] = draw(dns_label)
    s["replicas"] = draw(st.integers(0, 12))
    s["image"] = {
        "repository": draw(st.sampled_from(["ghcr.io/egoavara/realtime-svg", "registry.example.com/mirror/realtime-svg"])),
        "tag": draw(st.from_regex(r"\Av[0-9]\.[0-9]{1,2}\.[0-9]{1,2}(-rc[0-9])?\Z")),
        "pullPolicy": draw(st.sampled_from(["Always", "IfNotPresent", "Never"])),
    }
    s["imagePullSecrets"] = draw(st.lists(dns_label, max_size=2, unique=True))
    s["resources"] = {
        "requests": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
        "limits": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
    }
    service_type = draw(st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer"]))
    s["service"] = {"type": service_type, "port": draw(st.integers(1, 65535))}
    if service_type != "ClusterIP" and draw(st.booleans()):
        s["service"]["nodePort"] = draw(st.integers(30000, 32767))
    s["config"] = {"logLevel": draw(st.sampled_from(["trace", "debug", "info", "warn", "error"]))}
    s["secrets"] = {"apiKey": draw(st.sampled_from(["", "k-123", "p@ss=w0rd\"'"])),
                    "existingSecret": draw(st.sampled_from(["", "app-keys"]))}
    redis_enabled = draw(st.booleans())
    s["redis"] = {"enabled": redis_enabled, "port": draw(st.integers(1, 65535)),
                  "password": draw(st.sampled_from(["", "hunter2"])),
                  "existingSecret": draw(st.sampled_from(["", "redis-auth"]))}
    if not redis_enabled or draw(st.booleans()):
        s["redis"]["host"] = draw(st.one_of(host, st.just("10.0.0.7")))
    ingress_enabled = draw(st.booleans())
    s["ingress"] = {"enabled": ingress_enabled,
                    "className": draw(st.sampled_from(["", "nginx", "traefik"])),
                    "path": draw(st.sampled_from(["/", "/svg", "/a/b"])),
                    "annotations": draw(st.dictionaries(st.sampled_from(["a.example.com/x", "b.example.com/y"]),
                                                        st.sampled_from(["1", "true", "x y"]), max_size=2)),
                    "tls": {"enabled": draw(st.booleans()), "secretName": draw(st.sampled_from(["", "tls-cert"]))}}
    if ingress_enabled or draw(st.booleans()):
        s["ingress"]["host"] = draw(host)
    s["podDisruptionBudget"] = {"enabled": draw(st.booleans()), "minAvailable": draw(st.integers(1, 3))}
    s["nodeSelector"] = draw(st.dictionaries(st.sampled_from(["disktype", "kubernetes.io/arch"]),
                                             st.sampled_from(["ssd", "amd64"]), max_size=2))
    s["tolerations"] = draw(st.lists(st.builds(lambda k: {"key": k, "operator": "Exists", "effect": "NoSchedule"},
                                               dns_label), max_size=2))
    if draw(st.booleans()):
        s["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}
    return s
