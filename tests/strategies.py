"""Hypothesis strategies for valid settings: every key of the vocabulary, within the
schema's limits, including the combinations that change which objects exist."""
from __future__ import annotations

import json

from hypothesis import strategies as st

dns_label = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}\Z")
# strings a YAML reader may take for a number, a boolean or null (CI found a digest, 60084e39,
# read as a float): every route must keep them strings
tricky = st.sampled_from(["60084e39", "1e5", "0o17", "012", "0x1F", "1_000", "null", "on", "y", "true", "1"])
quantity_cpu = st.sampled_from(["50m", "100m", "250m", "500m", "1", "1.5", "2"])
quantity_mem = st.sampled_from(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "1.5Gi", "2G"])
host = st.builds(lambda a, b: f"{a}.{b}.example.com", dns_label, dns_label)
# PostgreSQL role and database names; pg_ is reserved (composer/rules_table.py POSTGRESQL)
pg_name = st.from_regex(r"\A[a-z_][a-z0-9_]{0,8}\Z").filter(lambda n: not n.startswith("pg_"))
# Connection variable names a workload may choose instead of libpq's (distinct, as the rules want)
PG_ENV_NAMES = {"host": "DB_HOST", "port": "DB_PORT", "user": "DB_USER", "password": "DB_PASS", "database": "DB_NAME"}


@st.composite
def postgresql(draw) -> dict:
    """The postgresql settings: in-cluster, external or neither; the password in the settings
    or a Secret of the user's; with or without a StorageClass. Always valid on its own (an
    in-cluster server without existingSecret has a password)."""
    enabled = draw(st.booleans())
    pg: dict = {"enabled": enabled, "user": draw(pg_name),
                "databases": draw(st.dictionaries(pg_name, st.fixed_dictionaries(
                    {}, optional={"owner": st.one_of(st.just(""), pg_name)}), max_size=3))}
    if not enabled and draw(st.booleans()):
        pg["host"] = draw(st.one_of(host, st.just("10.0.0.8")))
        pg["port"] = draw(st.integers(1, 65535))
    pg["existingSecret"] = draw(st.sampled_from(["", "pg-auth"]))
    if not pg["existingSecret"] or draw(st.booleans()):
        pg["password"] = draw(st.sampled_from(["s3cr3t", "p@ss=w0rd\"'"]))
    if draw(st.booleans()):
        pg["image"] = {"repository": draw(st.sampled_from(["postgres", "registry.example.com/mirror/postgres"])),
                       "tag": draw(st.sampled_from(["16-alpine", "15.6"])),
                       "pullPolicy": draw(st.sampled_from(["Always", "IfNotPresent", "Never"]))}
    if draw(st.booleans()):
        uid = draw(st.sampled_from([70, 999, 10001]))
        pg["securityContext"] = {"runAsUser": uid, "runAsGroup": uid, "fsGroup": draw(st.sampled_from([uid, 2000]))}
    if draw(st.booleans()):
        pg["resources"] = {"requests": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
                           "limits": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)}}
    pg["storage"] = {"size": draw(st.sampled_from(["1Gi", "8Gi", "500Mi"])),
                     "storageClassName": draw(st.sampled_from(["", "local-path", "fast-ssd"])),
                     "accessMode": draw(st.sampled_from(["ReadWriteOnce", "ReadWriteOncePod"]))}
    return pg


def use_postgresql(draw, s: dict, w: dict) -> None:
    """Make workload ``w`` use the system's PostgreSQL, as the rules allow: an in-cluster
    database it uses is in postgresql.databases, its connection variables are its own."""
    pg = s["postgresql"]
    database = draw(st.sampled_from(sorted(pg["databases"]))) if pg["databases"] and draw(st.booleans()) else draw(pg_name)
    if pg["enabled"]:
        pg["databases"].setdefault(database, {})
    use: dict = {"enabled": True, "database": database}
    names = dict(PG_ENV_NAMES) if draw(st.booleans()) else {}
    if names:
        use["env"] = names
    for var in (names or {k: f"PG{k.upper()}" for k in PG_ENV_NAMES}).values():
        w.get("env", {}).pop(var, None)
    w["postgresql"] = use


@st.composite
def kafka(draw) -> dict:
    """The kafka settings: in-cluster with one or three nodes, external, or neither."""
    enabled = draw(st.booleans())
    k: dict = {"enabled": enabled, "nodes": draw(st.sampled_from([1, 3]))}
    if not enabled and draw(st.booleans()):
        k["bootstrapServers"] = ",".join(f"{h}:{p}" for h, p in draw(
            st.lists(st.tuples(host, st.integers(1, 65535)), min_size=1, max_size=3)))
    if draw(st.booleans()):
        k["clusterId"] = draw(st.sampled_from(["MkU3OEVBNTcwNTJENDM2Qk", "AAAAAAAAAAAAAAAAAAAAAA", "q-_9zZ0aBcDeFgHiJkLmNo"]))
    if draw(st.booleans()):
        k["image"] = {"repository": draw(st.sampled_from(["apache/kafka", "registry.example.com/mirror/kafka"])),
                      "tag": draw(st.sampled_from(["4.1.0", "4.0.0"])),
                      "pullPolicy": draw(st.sampled_from(["Always", "IfNotPresent", "Never"]))}
    if draw(st.booleans()):
        uid = draw(st.sampled_from([1000, 1001, 10001]))
        k["securityContext"] = {"runAsUser": uid, "runAsGroup": uid, "fsGroup": draw(st.sampled_from([uid, 2000]))}
    if draw(st.booleans()):
        k["resources"] = {"requests": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
                          "limits": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)}}
    k["storage"] = {"size": draw(st.sampled_from(["1Gi", "20Gi"])),
                    "storageClassName": draw(st.sampled_from(["", "local-path"])),
                    "accessMode": draw(st.sampled_from(["ReadWriteOnce", "ReadWriteOncePod"]))}
    return k


def use_kafka(draw, w: dict) -> None:
    """Make workload ``w`` use the system's Kafka, its variable its own."""
    var = "BROKERS" if draw(st.booleans()) else "KAFKA_BOOTSTRAP_SERVERS"
    w.get("env", {}).pop(var, None)
    w["kafka"] = {"enabled": True, **({"env": {"bootstrapServers": var}} if var == "BROKERS" else {})}


@st.composite
def network_policy(draw) -> dict:
    """networkPolicy (composer/netpol.py): on or off, and each peer's namespace and pod labels
    left to their defaults, changed, or given keys beside the default's."""
    np: dict = {"enabled": draw(st.booleans())}
    for peer in ("ingressController", "dns", "prometheus"):
        if draw(st.booleans()):
            p: dict = {}
            if draw(st.booleans()):
                p["namespace"] = draw(dns_label)
            if draw(st.booleans()):
                p["podLabels"] = draw(st.dictionaries(
                    st.sampled_from(["app.kubernetes.io/name", "k8s-app", "app", "example.com/role"]),
                    st.one_of(dns_label, tricky), max_size=2))
            np[peer] = p
    return np


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
                                                        st.one_of(st.sampled_from(["x y"]), tricky), max_size=2)),
                    "tls": {"enabled": draw(st.booleans()), "secretName": draw(st.sampled_from(["", "tls-cert"]))}}
    if ingress_enabled or draw(st.booleans()):
        s["ingress"]["host"] = draw(host)
    s["podDisruptionBudget"] = {"enabled": draw(st.booleans()), "minAvailable": draw(st.integers(1, 3))}
    s["nodeSelector"] = draw(st.dictionaries(st.sampled_from(["disktype", "kubernetes.io/arch"]),
                                             st.one_of(st.sampled_from(["ssd", "amd64"]), tricky), max_size=2))
    s["tolerations"] = draw(st.lists(st.builds(lambda k: {"key": k, "operator": "Exists", "effect": "NoSchedule"},
                                               dns_label), max_size=2))
    if draw(st.booleans()):
        s["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}
    s["postgresql"] = draw(postgresql())
    s["kafka"] = draw(kafka())
    s["redis"].update(draw(redis_roles(redis_enabled)))
    s["networkPolicy"] = draw(network_policy())
    return s


env_name = st.from_regex(r"\A[A-Z][A-Z0-9_]{0,8}\Z")
image_ref = st.fixed_dictionaries({
    "repository": st.sampled_from(["registry.example.com/team/api", "ghcr.io/org/web", "nginx"]),
    "tag": st.from_regex(r"\A[0-9]\.[0-9]{1,2}(-[a-z]{1,4})?\Z"),
}, optional={"pullPolicy": st.sampled_from(["Always", "IfNotPresent", "Never"])})


@st.composite
def workload(draw, name: str, names: list[str], used_routes: set, used_ports: set) -> dict:
    """One workload, with any optional part; references only ``names`` (the system's
    workloads), and no host/path or node port already in ``used_*``."""
    w: dict = {"image": draw(image_ref)}
    maybe = lambda: draw(st.booleans())  # noqa: E731
    if maybe():
        w["enabled"] = draw(st.sampled_from([True, True, False]))
    if maybe():
        w["replicas"] = draw(st.integers(0, 5))
    if maybe():
        w["port"] = draw(st.integers(1024, 9999))
    if maybe():
        w["command"] = draw(st.lists(st.sampled_from(["/bin/app", "serve", "--flag=y"]), min_size=1, max_size=2))
    if maybe():
        w["args"] = draw(st.lists(st.one_of(st.sampled_from(["--port", "8080"]), tricky), max_size=2))
    if maybe():
        # distinct numbers, none the main port's nor the Service's: the settings refuse a port
        # number twice (tests/test_workloads.py "extra port twice"), as the API server would
        numbers = draw(st.lists(st.integers(1024, 9999).filter(lambda p: p != w.get("port", 8080)),
                                unique=True, max_size=2))
        w["extraPorts"] = dict(zip(draw(st.permutations(["metrics", "grpc", "admin"])), numbers))
    env: dict = {}
    for var in draw(st.lists(env_name, max_size=4, unique=True)):
        kind = draw(st.sampled_from(["plain", "secret", "ref", "svc", "ing"]))
        if kind == "plain":
            env[var] = draw(st.one_of(st.sampled_from(["", "a=b", "http://x:1/"]), tricky))
        elif kind == "secret":
            env[var] = {"secret": draw(st.sampled_from(["s3cr3t", "p@ss=w0rd\"'"]))}
        elif kind == "ref":
            env[var] = {"secretKeyRef": {"name": "db-auth", "key": draw(st.sampled_from(["password", "user.name"]))}}
        elif kind == "svc":
            env[var] = {"serviceUrlOf": draw(st.sampled_from(names))}
    if env:
        w["env"] = env
    if maybe():
        w["resources"] = {"requests": {"cpu": draw(quantity_cpu)}, "limits": {"memory": draw(quantity_mem)}}
    if maybe():
        w["securityContext"] = {"runAsUser": draw(st.sampled_from([1000, 10001, 65532, 2147483647]))}
    if maybe():
        w["probes"] = {p: {"path": draw(st.sampled_from(["", "/", "/healthz"])), "periodSeconds": draw(st.integers(1, 30))}
                       for p in draw(st.lists(st.sampled_from(["liveness", "readiness"]), unique=True))}
        if "liveness" in w["probes"] and maybe():
            w["probes"]["liveness"]["command"] = ["/bin/app", "--check"]
        if maybe():
            w["probes"]["startup"] = {"enabled": draw(st.booleans()), "failureThreshold": draw(st.integers(1, 30))}
    if maybe():
        w["writablePaths"] = draw(st.lists(st.sampled_from(["/tmp", "/cache", "/app/.next/cache"]), unique=True, max_size=3))
    stype = draw(st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer"]))
    w["service"] = {"type": stype}
    if maybe():
        w["service"]["port"] = draw(st.integers(1, 65535).filter(lambda p: p not in w.get("extraPorts", {}).values()))
    if stype != "ClusterIP" and maybe():
        port = draw(st.integers(30000, 32767).filter(lambda p: p not in used_ports))
        used_ports.add(port)
        w["service"]["nodePort"] = port
    if maybe():
        ing = {"enabled": draw(st.booleans()), "host": draw(st.sampled_from(["app.example.com", "api.example.com"])),
               "path": draw(st.sampled_from(["/", "/api", "/v1/x"]))}
        if ing["enabled"] and (ing["host"], ing["path"]) in used_routes:
            ing["enabled"] = False
        if ing["enabled"]:
            used_routes.add((ing["host"], ing["path"]))
        if maybe():
            ing.update({"className": draw(st.sampled_from(["", "traefik", "nginx"])),
                        "pathType": draw(st.sampled_from(["Prefix", "Exact", "ImplementationSpecific"])),
                        "annotations": draw(st.dictionaries(st.sampled_from(["traefik.io/x", "n.example.com/y"]),
                                                            st.sampled_from(["1", "y"]), max_size=2)),
                        "tls": {"enabled": draw(st.booleans()), "secretName": draw(st.sampled_from(["", "cert"]))}})
        w["ingress"] = ing
    if maybe():
        lo = draw(st.integers(1, 4))
        w["autoscaling"] = {"enabled": draw(st.booleans()), "minReplicas": lo, "maxReplicas": draw(st.integers(lo, 8)),
                            "targetCPUUtilizationPercentage": draw(st.sampled_from([None, 50, 80])),
                            "targetMemoryUtilizationPercentage": draw(st.sampled_from([None, 70])),
                            "scaleDownStabilizationSeconds": draw(st.sampled_from([None, 0, 60]))}
    if maybe():
        w["podDisruptionBudget"] = {"enabled": draw(st.booleans()), "minAvailable": draw(st.integers(1, 3))}
    if maybe():
        w["topologySpread"] = {"whenUnsatisfiable": draw(st.sampled_from(["ScheduleAnyway", "DoNotSchedule"]))}
    if maybe():
        w["podAnnotations"] = {"kwok.x-k8s.io/usage-cpu": draw(st.sampled_from(["10m", "400m"])),
                               **draw(st.dictionaries(st.just("example.com/rev"), tricky, max_size=1))}
    if maybe():
        w["nodeSelector"] = {"disktype": draw(st.one_of(st.just("ssd"), tricky))}
    if maybe():
        w["tolerations"] = [{"key": "y", "operator": "Exists"}]
    return w


@st.composite
def system_settings(draw) -> dict:
    """Settings with 0 to 6 workloads (with or without the realtime-svg app, ingress and
    autoscaling), and references between them that hold."""
    s = draw(settings())
    names = draw(st.lists(st.from_regex(r"\A[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?\Z")
                          .filter(lambda n: not n.startswith("realtime-svg")), max_size=6, unique=True))
    names = [n for n in names if n not in (s.get("name", "realtime-svg"), s.get("name", "realtime-svg") + "-redis")]
    used_routes = {(s["ingress"]["host"], s["ingress"]["path"])} if s["ingress"]["enabled"] else set()
    used_ports = {s["service"]["nodePort"]} if s["service"].get("nodePort") else set()
    if names:
        s["workloads"] = {n: draw(workload(n, names, used_routes, used_ports)) for n in names}
        disabled = {n for n, w in s["workloads"].items() if w.get("enabled") is False}
        for w in s["workloads"].values():  # references to disabled workloads are settings errors
            for var, value in list(w.get("env", {}).items()):
                if isinstance(value, dict) and value.get("serviceUrlOf") in disabled:
                    del w["env"][var]
        routed = [n for n in names if s["workloads"][n].get("ingress", {}).get("enabled")]
        for n in draw(st.lists(st.sampled_from(routed), unique=True)) if routed else []:
            s["workloads"][n]["ingress"].setdefault("tls", {})["enabled"] = True
        tls_of_host: dict[str, list[dict]] = {}  # one Secret per host, one issuer at most (rules_table _CERTIFICATES)
        for n, w in s["workloads"].items():
            if n not in disabled and w.get("ingress", {}).get("enabled") and w["ingress"].get("tls", {}).get("enabled"):
                tls_of_host.setdefault(w["ingress"]["host"], []).append(w["ingress"]["tls"])
        for tls in tls_of_host.values():
            for other in tls[1:]:
                other["secretName"] = tls[0].get("secretName", "")
            if draw(st.booleans()):
                draw(st.sampled_from(tls))["issuer"] = {"name": draw(st.sampled_from(["letsencrypt", "ca"])),
                                                        "kind": draw(st.sampled_from(["ClusterIssuer", "Issuer"]))}
        public = [n for n, w in s["workloads"].items() if n not in disabled and w.get("ingress", {}).get("enabled")]
        if public and draw(st.booleans()):
            reader = draw(st.sampled_from(names))
            s["workloads"][reader].setdefault("env", {})["PUBLIC_URL"] = {"ingressUrlOf": draw(st.sampled_from(public))}
        if s["postgresql"]["enabled"] or s["postgresql"].get("host"):
            for n in draw(st.lists(st.sampled_from(names), unique=True)):
                use_postgresql(draw, s, s["workloads"][n])
        for n in draw(st.lists(st.sampled_from(names), unique=True)):
            use_monitoring(draw, s["workloads"][n])
        system_name = s.get("name", "realtime-svg")
        if {f"{system_name}-kafka", f"{system_name}-kafka-headless"} & set(names):
            s["kafka"] = {"enabled": False}  # a workload named like Kafka's objects is a settings error
        if s["kafka"]["enabled"] or s["kafka"].get("bootstrapServers"):
            for n in draw(st.lists(st.sampled_from(names), unique=True)):
                use_kafka(draw, s["workloads"][n])
        for n in draw(st.lists(st.sampled_from(names), unique=True)):
            use_redis(draw, s, s["workloads"][n])
        workers = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
        for n in workers:
            make_worker(draw, s, n)
        for n in draw(st.lists(st.sampled_from(workers), unique=True, max_size=2)) if workers else []:
            make_job(draw, s["workloads"][n])
        # a Job some enabled Deployments or CronJobs start after (job.before; needs a namespace)
        starters = [n for n, w in s["workloads"].items() if w.get("kind") != "Job" and n not in disabled]
        for n, w in s["workloads"].items():
            if w.get("kind") == "Job" and s.get("namespace") and starters and draw(st.booleans()):
                w.setdefault("job", {})["before"] = draw(st.lists(st.sampled_from(starters), unique=True, min_size=1))
        if draw(st.booleans()) and len(disabled) < len(names):
            s["enabled"] = False
    if draw(st.booleans()):
        s["extraObjects"] = draw(st.lists(extra_object(), max_size=3,
                                          unique_by=lambda o: (o["kind"], o["metadata"]["name"])))
    return s


@st.composite
def extra_object(draw) -> dict:
    """An object of your own (extraObjects): a built-in kind or an operator's, with strings that
    look like numbers; named so that no object of the system has its kind and name."""
    name = draw(st.sampled_from(["zz-extra", "zz-extra2"]))
    kind = draw(st.sampled_from(["ConfigMap", "LimitRange", "Issuer"]))
    labels = draw(st.dictionaries(st.just("example.com/team"), tricky, max_size=1))
    meta = {"name": name, **({"labels": labels} if labels else {})}
    if kind == "ConfigMap":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta,
                "data": draw(st.dictionaries(st.sampled_from(["a", "b.conf"]), tricky, max_size=2))}
    if kind == "LimitRange":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta, "spec": {"limits": [
            {"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
             "defaultRequest": {"cpu": draw(st.sampled_from(["100m", "250m"])), "memory": "128Mi"}}]}}
    return {"apiVersion": "cert-manager.io/v1", "kind": kind, "metadata": meta, "spec": {"selfSigned": {}}}


def make_worker(draw, s: dict, name: str) -> None:
    """Turn workload ``name`` into a worker (port: null, composer/workloads.py is_worker):
    nothing that needs a port (extra ports, an ingress, metrics, a Service of its own, a
    startup probe), no reference to it as a URL, and sometimes a liveness command."""
    w = s["workloads"][name]
    w["port"] = None
    for key in ("extraPorts", "ingress", "metrics", "service"):
        w.pop(key, None)
    w.get("probes", {}).pop("startup", None)
    if draw(st.booleans()):
        w.setdefault("probes", {}).setdefault("liveness", {})["command"] = ["/bin/worker", "health"]
    for other in s["workloads"].values():
        for var, value in list(other.get("env", {}).items()):
            if isinstance(value, dict) and (value.get("serviceUrlOf") == name or value.get("ingressUrlOf") == name):
                del other["env"][var]


def make_job(draw, w: dict) -> None:
    """Turn worker ``w`` into a CronJob or a Job (composer/workload_kinds.py): nothing scales
    it, a CronJob has a schedule, a Job no TTL (the routes would create it again)."""
    kind = draw(st.sampled_from(["CronJob", "Job"]))
    w["kind"] = kind
    w.pop("autoscaling", None)
    job: dict = {}
    if draw(st.booleans()):
        job["backoffLimit"] = draw(st.integers(0, 10))
    if draw(st.booleans()):
        job["activeDeadlineSeconds"] = draw(st.sampled_from([None, 60, 3600]))
    if draw(st.booleans()):
        job["restartPolicy"] = draw(st.sampled_from(["OnFailure", "Never"]))
    if kind == "CronJob":
        if draw(st.booleans()):
            job["ttlSecondsAfterFinished"] = draw(st.sampled_from([None, 0, 86400]))
        cron: dict = {"schedule": draw(st.sampled_from(["@daily", "0 3 * * *", "*/5 * * * 1-5"]))}
        if draw(st.booleans()):
            cron.update({"timeZone": draw(st.sampled_from(["", "Europe/Paris", "Asia/Seoul"])),
                         "concurrencyPolicy": draw(st.sampled_from(["Allow", "Forbid", "Replace"])),
                         "suspend": draw(st.booleans()),
                         "startingDeadlineSeconds": draw(st.sampled_from([None, 10, 600])),
                         "successfulJobsHistoryLimit": draw(st.integers(0, 5)),
                         "failedJobsHistoryLimit": draw(st.integers(0, 5))})
        w["cronJob"] = cron
    if job:
        w["job"] = job


# a dashboard as Grafana exports it: indented, with a non-ASCII character and quotes
DASHBOARD = json.dumps({"title": "\u00e9 \"q\"", "panels": []}, indent=2, ensure_ascii=False) + "\n"


def use_monitoring(draw, w: dict) -> None:
    """metrics and grafanaDashboard of workload ``w`` (composer/monitoring.py): a metrics port of
    its own or the app's, a ServiceMonitor only with metrics on, no clash with extraPorts."""
    port = w.get("port", 8080)
    extra = w.get("extraPorts", {})
    metrics: dict = {"enabled": draw(st.booleans())}
    own = draw(st.sampled_from([None, port, 9100, 9464]))
    if own is not None and own != port and ("metrics" in extra or own in extra.values()
                                             or own == w.get("service", {}).get("port")):
        own = None
    if own is not None or draw(st.booleans()):
        metrics["port"] = own
    if draw(st.booleans()):
        metrics["path"] = draw(st.sampled_from(["/metrics", "/api/metrics", "/-/m"]))
    if metrics["enabled"] and draw(st.booleans()):
        metrics["serviceMonitor"] = {"enabled": True,
                                     "interval": draw(st.sampled_from(["", "30s", "1m", "1h30m"])),
                                     "scrapeTimeout": draw(st.sampled_from(["", "10s", "250ms"])),
                                     "labels": draw(st.dictionaries(st.sampled_from(["release", "team", "prometheus"]),
                                                                    st.sampled_from(["kube-prometheus-stack", "1", "a.b_c"]),
                                                                    max_size=2))}
    w["metrics"] = metrics
    if draw(st.booleans()):
        d: dict = {"enabled": draw(st.booleans()),
                   "json": draw(st.sampled_from(['{"title": "x"}', DASHBOARD, "{}"]))}
        if draw(st.booleans()):
            d["folder"] = draw(st.sampled_from(["", "Apps", "Team A/ops"]))
        if draw(st.booleans()):
            d["labels"] = draw(st.dictionaries(st.sampled_from(["grafana_dashboard", "team"]), st.sampled_from(["1", "x"]),
                                               max_size=2))
        w["grafanaDashboard"] = d


@st.composite
def redis_roles(draw, enabled: bool) -> dict:
    """The roles of the system's Redis (composer/redis.py): persistence, read replicas (only
    with the in-cluster primary, composer/rules_table.py REDIS) and the cache."""
    out: dict = {}
    if draw(st.booleans()):
        out["persistence"] = {"enabled": draw(st.booleans()), "size": draw(st.sampled_from(["1Gi", "5Gi", "500Mi"])),
                              "storageClassName": draw(st.sampled_from(["", "local-path"])),
                              "accessMode": draw(st.sampled_from(["ReadWriteOnce", "ReadWriteOncePod"]))}
    if enabled and draw(st.booleans()):
        out["replica"] = {"count": draw(st.integers(0, 3))}
        if draw(st.booleans()):
            out["replica"]["resources"] = {"requests": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
                                           "limits": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)}}
    if draw(st.booleans()):
        out["cache"] = {"enabled": draw(st.booleans()),
                        "maxmemory": draw(st.sampled_from(["64mb", "1gb", "512kb", "100mb"])),
                        "maxmemoryPolicy": draw(st.sampled_from(["allkeys-lru", "allkeys-lfu", "volatile-ttl"]))}
        if draw(st.booleans()):
            out["cache"]["resources"] = {"requests": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)},
                                         "limits": {"cpu": draw(quantity_cpu), "memory": draw(quantity_mem)}}
    return out


# Connection variable names a workload may choose instead of REDIS_HOST, REDIS_PORT, REDIS_PASSWORD
REDIS_ENV_NAMES = {"host": "CACHE_HOST", "port": "CACHE_PORT", "password": "CACHE_PASSWORD"}


def use_redis(draw, s: dict, w: dict) -> None:
    """Make workload ``w`` use one of the roles the system's Redis has (a replica only with
    read replicas of the in-cluster primary, the cache only when enabled), its variables its own."""
    r = s["redis"]
    roles = (["primary"] + (["replica"] if r["enabled"] and r.get("replica", {}).get("count") else [])
             + (["cache"] if r.get("cache", {}).get("enabled") else []))
    use: dict = {"enabled": True, "role": draw(st.sampled_from(roles))}
    names = dict(REDIS_ENV_NAMES) if draw(st.booleans()) else {}
    if names:
        use["env"] = names
    for var in (names or {k: f"REDIS_{k.upper()}" for k in REDIS_ENV_NAMES}).values():
        w.get("env", {}).pop(var, None)
    w["redis"] = use
