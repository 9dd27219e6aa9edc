"""Systems of workloads (`workloads.<name>`): what the kustomize build holds for generated
settings with 0 to 6 workloads, Helm's equality with it, the rules across workloads, and
the rollout of one workload only when its configuration changes."""
from __future__ import annotations

import base64
import copy

import pytest
from hypothesis import HealthCheck, given, settings as hsettings

from composer import monitoring, redis, render, settings as settings_mod, system, workload_kinds, workloads, yamlio
from tests.helpers import by_id, composer, label_violations, pod_template, restricted_violations, tree_digest
from tests.strategies import system_settings
from tests.test_helm_chart import assert_parity

EXAMPLES = 120

TWO = {
    "name": "shop", "enabled": False,
    "workloads": {
        "web": {"image": {"repository": "example.com/web", "tag": "1"}, "port": 3000,
                "env": {"API": {"serviceUrlOf": "api"}, "PUBLIC_API": {"ingressUrlOf": "api"}, "MODE": "prod"},
                "ingress": {"enabled": True, "host": "shop.example.com", "path": "/"}},
        "api": {"image": {"repository": "example.com/api", "tag": "2"},
                "env": {"TOKEN": {"secret": "t0ken"}, "DB_PASSWORD": {"secretKeyRef": {"name": "db", "key": "pw"}}},
                "ingress": {"enabled": True, "host": "shop.example.com", "path": "/api"},
                "autoscaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 6}},
    },
}


def _objects(s: dict) -> list[dict]:
    return yamlio.load_all(render.render(s))


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system_settings())
def test_every_workload_gets_its_objects_and_the_rules_hold(raw):
    s = settings_mod.validate(raw)
    objs = _objects(s)
    ids = by_id(objs)
    # Kafka's container keeps a writable root filesystem (its image writes its configuration
    # under /opt/kafka/config; components/kafka/statefulset.yaml says why): the one exception.
    kafka_rw = f"StatefulSet/{s['name']}-kafka container kafka: root filesystem is writable"
    for obj in objs:
        assert [v for v in restricted_violations(obj) if v != kafka_rw] == []
        assert label_violations(obj) == []
    active = system.active(s)
    # the app's in-memory Redis, unless the redis/ part's primary (a StatefulSet) replaces it;
    # the part's read replicas and cache are Deployments
    app_redis = 1 if s["enabled"] and s["redis"]["enabled"] and not redis.active(s) else 0
    redis_part = len({redis.REPLICA_COMPONENT, redis.CACHE_COMPONENT} & set(redis.components(s))) if redis.active(s) else 0
    deployments = {n: w for n, w in active.items() if w["kind"] == "Deployment"}
    assert sum(1 for o in objs if o["kind"] == "Deployment") == (
        len(deployments) + ((1 + app_redis) if s["enabled"] else 0) + redis_part)
    for name, w in active.items():
        kind = workload_kinds.of(w)
        # the pod runs as the kind the settings name, and only as that kind; a Job's name
        # carries the digest of what it runs
        pod_objects = [o for o in objs if o["kind"] in workload_kinds.KINDS and o["metadata"]["labels"]["app"] == name]
        assert [o["kind"] for o in pod_objects] == [w["kind"]]
        deploy = pod_objects[0]
        assert deploy["metadata"]["name"] == (name if not kind.digest_name else
                                              workload_kinds.object_name(name, w, workloads.config_data(s, w),
                                                                         workloads.pod_annotations(s, w)))
        pod = pod_template(deploy)["spec"]
        c = pod["containers"][0]
        if kind is workload_kinds.DEPLOYMENT:
            assert deploy["spec"]["selector"]["matchLabels"] == {"app": name}
            # With an autoscaler, no route may own spec.replicas.
            assert ("replicas" in deploy["spec"]) == (not w["autoscaling"]["enabled"])
        else:
            assert pod["restartPolicy"] == w["job"]["restartPolicy"] and "replicas" not in deploy["spec"]
            job_spec = deploy["spec"]["jobTemplate"]["spec"] if w["kind"] == "CronJob" else deploy["spec"]
            assert job_spec["backoffLimit"] == w["job"]["backoffLimit"]
            assert job_spec.get("activeDeadlineSeconds") == w["job"]["activeDeadlineSeconds"]
            assert job_spec.get("ttlSecondsAfterFinished") == w["job"]["ttlSecondsAfterFinished"]
            if w["kind"] == "CronJob":
                cron = w["cronJob"]
                assert deploy["spec"]["schedule"] == cron["schedule"] and deploy["spec"]["suspend"] == cron["suspend"]
                assert deploy["spec"].get("timeZone", "") == cron["timeZone"]
                assert deploy["spec"].get("startingDeadlineSeconds") == cron["startingDeadlineSeconds"]
                assert (deploy["spec"]["concurrencyPolicy"], deploy["spec"]["successfulJobsHistoryLimit"],
                        deploy["spec"]["failedJobsHistoryLimit"]) == (
                    cron["concurrencyPolicy"], cron["successfulJobsHistoryLimit"], cron["failedJobsHistoryLimit"])
        assert c["image"] == f"{w['image']['repository']}:{w['image']['tag']}"
        assert c["resources"] == w["resources"]
        assert (("HorizontalPodAutoscaler", name) in ids) == w["autoscaling"]["enabled"]
        assert (("Ingress", name) in ids) == w["ingress"]["enabled"]
        assert (("PodDisruptionBudget", name) in ids) == workloads.wants_pdb(w)
        if workloads.is_worker(w):
            # no port, so no Service and no probe on one; a liveness command at most, and a
            # PodDisruptionBudget that lets failing pods be evicted (a drain never waits on it)
            assert "ports" not in c and ("Service", name) not in ids
            assert "readinessProbe" not in c and "startupProbe" not in c
            assert c.get("livenessProbe", {}).get("exec", {}).get("command", []) == w["probes"]["liveness"]["command"]
            if workloads.wants_pdb(w):
                assert ids["PodDisruptionBudget", name]["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
        else:
            assert [p["containerPort"] for p in c["ports"]] == [w["port"], *[p for _, p in sorted(w["extraPorts"].items())],
                                                                *([w["metrics"]["port"]] if monitoring.own_port(w) else [])]
            assert ids["Service", name]["spec"]["ports"][0]["port"] == system.service_port(w)
            assert "readinessProbe" in c
            if w["probes"]["liveness"]["command"]:
                assert c["livenessProbe"]["exec"] == {"command": w["probes"]["liveness"]["command"]}
        assert [m["mountPath"] for m in c.get("volumeMounts", [])] == w["writablePaths"]
        # Environment: plain values and addresses in its ConfigMap, secrets in its Secret,
        # keys of the user's Secrets by reference; never a secret value in plain text.
        sources = {next(iter(e)): next(iter(e.values()))["name"] for e in c.get("envFrom", [])}
        config = next((o for o in objs if o["kind"] == "ConfigMap"
                       and o["metadata"]["name"] == sources.get("configMapRef")), {"data": {}})
        secret = next((o for o in objs if o["kind"] == "Secret"
                       and o["metadata"]["name"] == sources.get("secretRef")), {"data": {}})
        # Only a ConfigMap or Secret that holds something exists, and it is the workload's own.
        assert ("configMapRef" in sources) == bool(workloads.config_data(s, w))
        assert ("secretRef" in sources) == bool(workloads.secret_data(w))
        assert all(v.startswith(f"{name}-config-") or v.startswith(f"{name}-secret-") for v in sources.values())
        for var, value in w["env"].items():
            if isinstance(value, str):
                assert config["data"][var] == value
            elif "secret" in value:
                assert base64.b64decode(secret["data"][var]).decode() == value["secret"]
                assert var not in config.get("data", {})
            elif "secretKeyRef" in value:
                ref = next(e for e in c["env"] if e["name"] == var)["valueFrom"]["secretKeyRef"]
                assert ref == value["secretKeyRef"]
            elif "serviceUrlOf" in value:
                target = value["serviceUrlOf"]
                port = ids["Service", target]["spec"]["ports"][0]["port"]
                assert config["data"][var].startswith(f"http://{target}") and config["data"][var].endswith(f":{port}")
            else:
                target = ids["Ingress", value["ingressUrlOf"]]["spec"]
                assert config["data"][var].endswith(target["rules"][0]["host"] + target["rules"][0]["http"]["paths"][0]["path"])
        if w["ingress"]["enabled"]:
            backend = ids["Ingress", name]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
            assert backend == {"name": name, "port": {"name": "http"}}
        if w["autoscaling"]["enabled"]:
            assert ids["HorizontalPodAutoscaler", name]["spec"]["scaleTargetRef"]["name"] == name


@hsettings(max_examples=EXAMPLES, deadline=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=system_settings())
def test_helm_template_equals_render_for_generated_systems(raw, tmp_path):
    assert_parity(settings_mod.validate(raw), tmp_path)


@pytest.mark.parametrize("binary", ["helm", "helm3"])
def test_helm_takes_any_number_of_workloads(binary, tmp_path):
    s = copy.deepcopy(TWO)
    for i in range(4):
        s["workloads"][f"worker-{i}"] = {"image": {"repository": "example.com/worker", "tag": str(i)}, "replicas": i}
    assert_parity(settings_mod.validate(s), tmp_path, binary=binary)


def test_a_config_change_rolls_that_workload_only():
    before = by_id(_objects(settings_mod.validate(TWO)))
    changed = copy.deepcopy(TWO)
    changed["workloads"]["api"]["env"]["TOKEN"] = {"secret": "rotated"}
    after = by_id(_objects(settings_mod.validate(changed)))
    assert before["Deployment", "web"] == after["Deployment", "web"]
    old = before["Deployment", "api"]["spec"]["template"]
    new = after["Deployment", "api"]["spec"]["template"]
    assert old != new
    assert old["spec"]["containers"][0]["envFrom"][-1] != new["spec"]["containers"][0]["envFrom"][-1]


def test_existing_settings_render_as_before_with_workloads_beside_them():
    """Adding workloads leaves the realtime-svg app's objects exactly as they were."""
    alone = by_id(_objects(settings_mod.validate({"namespace": "team"})))
    system_ = by_id(_objects(settings_mod.validate({"namespace": "team", "workloads": {
        "worker": {"image": {"repository": "example.com/w", "tag": "1"}}}})))
    assert {k: system_[k] for k in alone} == alone
    assert ("Deployment", "worker") in system_


BAD = {
    "same host and path": (
        "enabled: false\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com, path: /api}}\n"
        "  b: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com, path: /api}}\n",
        ["workloads.b.ingress.path: h.example.com/api is already routed by workloads.a.ingress.path; "
         "allowed: one workload per host and path"]),
    "same node port": (
        "enabled: false\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, service: {type: NodePort, nodePort: 30080}}\n"
        "  b: {image: {repository: x, tag: '1'}, service: {type: NodePort, nodePort: 30080}}\n",
        ["workloads.b.service.nodePort: 30080 is already used by workloads.a.service.nodePort"]),
    "node port of the app": (
        "service: {type: NodePort, nodePort: 30080}\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, service: {type: NodePort, nodePort: 30080}}\n",
        ["workloads.a.service.nodePort: 30080 is already used by service.nodePort"]),
    "extra port twice": (
        "enabled: false\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, port: 8080, service: {port: 80},"
        " extraPorts: {admin: 9090, metrics: 9090, http-alt: 8080, web: 80}}\n",
        ["workloads.a.extraPorts.metrics: 9090 is already used by workloads.a.extraPorts.admin; "
         "allowed: a port number no other port of the workload uses",
         "workloads.a.extraPorts.http-alt: 8080 is already used by workloads.a.port",
         "workloads.a.extraPorts.web: 80 is already used by workloads.a.service.port"]),
    "unknown reference": (
        "workloads:\n  a: {image: {repository: x, tag: '1'}, env: {U: {serviceUrlOf: nope}}}\n",
        ['workloads.a.env.U.serviceUrlOf: "nope" is not an enabled workload; allowed: one of a']),
    "ingress URL without ingress": (
        "workloads:\n  a: {image: {repository: x, tag: '1'}, env: {U: {ingressUrlOf: a}}}\n",
        ['workloads.a.env.U.ingressUrlOf: workload "a" has no ingress']),
    "bad workload name": (
        "workloads:\n  Api_1: {image: {repository: x, tag: '1'}}\n",
        ['workloads.Api_1: "Api_1" is an invalid name; allowed: a DNS-1123 label']),
    "missing image": ("workloads:\n  a: {replicas: 2}\n", ["workloads.a.image.repository: missing", "workloads.a.image.tag: missing"]),
    "unknown workload key": ("workloads:\n  a: {image: {repository: x, tag: '1'}, replica: 2}\n",
                             ["workloads.a.replica: unknown key; did you mean 'replicas'?"]),
    "nodePort on ClusterIP": ("workloads:\n  a: {image: {repository: x, tag: '1'}, service: {nodePort: 30080}}\n",
                              ["workloads.a.service.nodePort: 30080 is only allowed when service.type is NodePort"]),
    "two forms of one env value": (
        "workloads:\n  a: {image: {repository: x, tag: '1'}, env: {X: {secret: s, serviceUrlOf: a}}}\n",
        ["workloads.a.env.X:", "allowed: a string, or a mapping with exactly one of"]),
    "a number as env value": ("workloads:\n  a: {image: {repository: x, tag: '1'}, env: {PORT: 5432}}\n",
                              ["workloads.a.env.PORT: 5432 is an integer; allowed: a string or a mapping"]),
    "autoscaling max below min": (
        "workloads:\n  a: {image: {repository: x, tag: '1'}, autoscaling: {enabled: true, minReplicas: 4, maxReplicas: 2}}\n",
        ["workloads.a.autoscaling.maxReplicas: 2 is below autoscaling.minReplicas (4)"]),
    "workload named like the app": ("workloads:\n  realtime-svg-redis: {image: {repository: x, tag: '1'}}\n",
                                    ['workloads.realtime-svg-redis: "realtime-svg-redis" is the name of an object']),
    "nothing to install": ("enabled: false\n", ["enabled: false leaves nothing to install"]),
    "ingress to a worker": (
        "enabled: false\nworkloads:\n  w: {image: {repository: x, tag: '1'}, port: null, extraPorts: {admin: 9000},"
        " ingress: {enabled: true, host: w.example.com}, service: {type: NodePort}}\n",
        ["workloads.w.ingress.enabled: true, but port is null (a worker serves no port and has no Service); "
         "allowed: ingress.enabled: false, or a port",
         "workloads.w.extraPorts: admin, but port is null", "workloads.w.service: type NodePort, but port is null"]),
    "URL of a worker": (
        "enabled: false\nworkloads:\n  w: {image: {repository: x, tag: '1'}, port: null, probes: {startup: {enabled: true}}}\n"
        "  a: {image: {repository: x, tag: '1'}, env: {U: {serviceUrlOf: w}}}\n",
        ['workloads.a.env.U.serviceUrlOf: workload "w" is a worker (port: null) and has no Service; '
         "allowed: a workload with a port", "workloads.w.probes.startup.enabled: true, but port is null"]),
    "CronJob with a port": (
        "enabled: false\nworkloads:\n  n: {image: {repository: x, tag: '1'}, kind: CronJob, cronJob: {schedule: '@daily'}}\n",
        ["workloads.n.port: 8080, but kind is CronJob (its pods run to completion and serve no port); "
         "allowed: port: null"]),
    "Job autoscaled": (
        "enabled: false\nworkloads:\n  m: {image: {repository: x, tag: '1'}, kind: Job, port: null,"
        " autoscaling: {enabled: true}}\n",
        ["workloads.m.autoscaling.enabled: true, but kind is Job (an autoscaler scales a Deployment); "
         "allowed: autoscaling.enabled: false, or kind Deployment"]),
    "CronJob without a schedule": (
        "enabled: false\nworkloads:\n  n: {image: {repository: x, tag: '1'}, kind: CronJob, port: null}\n",
        ['workloads.n.cronJob.schedule: empty, but kind is CronJob; allowed: a cron schedule such as "0 3 * * *" '
         "or @daily"]),
    "Job with a TTL": (
        "enabled: false\nworkloads:\n  m: {image: {repository: x, tag: '1'}, kind: Job, port: null,"
        " job: {ttlSecondsAfterFinished: 60}}\n",
        ["workloads.m.job.ttlSecondsAfterFinished: 60, but kind is Job (once it is deleted after it finished, "
         "every route would create it again and run it once more); allowed: null, or kind CronJob"]),
    "Deployment runs before": (
        "namespace: x\nenabled: false\nworkloads:\n  a: {image: {repository: x, tag: '1'}, job: {before: [b]}}\n"
        "  b: {image: {repository: x, tag: '1'}}\n",
        ["workloads.a.job.before: b, but kind is Deployment (only a Job runs once, before other workloads); "
         "allowed: [], or kind Job"]),
    "Job before without a namespace": (
        "namespace: ''\nenabled: false\nworkloads:\n  m: {image: {repository: x, tag: '1'}, kind: Job, port: null,"
        " job: {before: [b]}}\n"
        "  b: {image: {repository: x, tag: '1'}}\n",
        ["workloads.m.job.before: b, but namespace is empty (the Role that lets them read the Job is bound in a "
         "named namespace); allowed: a namespace, or []"]),
    "Job before an unknown workload": (
        "namespace: x\nenabled: false\nworkloads:\n  m: {image: {repository: x, tag: '1'}, kind: Job, port: null,"
        " job: {before: [nope]}}\n",
        ['workloads.m.job.before.0: "nope" is not an enabled workload; allowed: one of m']),
    "Job before a Job": (
        "namespace: x\nenabled: false\nworkloads:\n  m: {image: {repository: x, tag: '1'}, kind: Job, port: null,"
        " job: {before: [m]}}\n",
        ['workloads.m.job.before.0: "m" is a Job (Jobs do not wait for one another); allowed: a Deployment or a CronJob']),
    "issuer without TLS": (
        "enabled: false\nworkloads:\n  a: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com,"
        " tls: {issuer: {name: letsencrypt}}}}\n",
        ['workloads.a.ingress.tls.issuer.name: "letsencrypt", but ingress.tls.enabled is false (a certificate is only '
         "for TLS); allowed: ingress.tls.enabled: true, or an empty issuer name"]),
    "two Secrets for one host": (
        "enabled: false\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com, tls: {enabled: true}}}\n"
        "  b: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com, path: /b,"
        " tls: {enabled: true, secretName: b-tls}}}\n",
        ['workloads.b.ingress.tls.secretName: "b-tls" differs from workloads.a.ingress.tls.secretName ("") on the '
         "same host; allowed: one certificate Secret per host, the same ingress.tls.secretName on every Ingress of "
         "the host"]),
    "two issuers for one host": (
        "enabled: false\nworkloads:\n"
        "  a: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com,"
        " tls: {enabled: true, issuer: {name: one}}}}\n"
        "  b: {image: {repository: x, tag: '1'}, ingress: {enabled: true, host: h.example.com, path: /b,"
        " tls: {enabled: true, issuer: {name: two, kind: Issuer}}}}\n",
        ["workloads.b.ingress.tls.issuer.name: host h.example.com already has its Certificate from "
         "workloads.a.ingress.tls.issuer.name; allowed: the issuer on one Ingress of a host (one object asks "
         "cert-manager for its Secret), an empty issuer name on the others"]),
    "extra object with a namespace": (
        "extraObjects:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: other}}\n",
        ['extraObjects[0].metadata.namespace: "other" is set; allowed: no namespace (every extra object is put in '
         "the system's namespace)"]),
    "cluster-scoped extra object": (
        "extraObjects:\n  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: b}}\n",
        ['extraObjects[0].kind: "ClusterRole" is cluster-scoped (it cannot be put in the system\'s namespace); '
         "allowed: a namespaced kind"]),
    "extra object twice": (
        "extraObjects:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n"
        "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {x: y}}\n",
        ["extraObjects[1]: ConfigMap a is already extraObjects[0]; allowed: one extra object of a kind and name"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_workload_settings_are_refused_and_nothing_is_written(case, repo_copy):
    text, expected = BAD[case]
    path = repo_copy / "bad.yaml"
    path.write_text(text)
    before = tree_digest(repo_copy / "overlays")
    proc = composer("overlay", "mine", "--settings", str(path), cwd=repo_copy)
    assert proc.returncode == 2, proc.stderr
    for fragment in expected:
        assert fragment in proc.stderr, f"{fragment!r} not in {proc.stderr!r}"
    assert tree_digest(repo_copy / "overlays") == before


CROSS_RULES = ["same host and path", "same node port", "extra port twice", "node port of the app", "unknown reference",
               "ingress URL without ingress", "autoscaling max below min", "workload named like the app",
               "nothing to install", "ingress to a worker", "URL of a worker", "CronJob with a port", "Job autoscaled",
               "CronJob without a schedule", "Job with a TTL", "Deployment runs before", "Job before without a namespace",
               "Job before an unknown workload", "Job before a Job", "issuer without TLS", "two Secrets for one host",
               "two issuers for one host", "extra object with a namespace", "cluster-scoped extra object",
               "extra object twice"]


@pytest.mark.parametrize("binary", ["helm", "helm3"])
@pytest.mark.parametrize("case", CROSS_RULES)
def test_helm_refuses_what_the_composer_refuses_in_the_same_words(case, binary, tmp_path):
    from composer.helm import values
    from tests.helpers import CHART, helm

    raw = settings_mod.parse_yaml(BAD[case][0], case)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[case][0])
    composer_lines = [line.split(": ", 2)[2] for line in composer("render", "--settings", str(path)).stderr.splitlines()]
    # The values a user would hand to Helm: the settings, complete, as `export helm` writes them.
    merged = settings_mod.schema.fill_entry_defaults(settings_mod.schema.deep_merge(settings_mod.schema.defaults(), raw))
    (tmp_path / "values.yaml").write_text(values.export(merged))
    proc = helm("template", "x", str(CHART), "-f", str(tmp_path / "values.yaml"), binary=binary, check=False)
    assert proc.returncode != 0
    helm_lines = [line.removeprefix("error: values: ") for line in proc.stderr.splitlines() if line.startswith("error: values: ")]
    assert helm_lines == composer_lines


def test_helm_notes_list_each_workloads_addresses(tmp_path):
    from composer.helm import values
    from tests.helpers import CHART, ROOT, helm

    path = tmp_path / "values.yaml"
    path.write_text(values.export(settings_mod.load_file(ROOT / "examples" / "portfolio.yaml")))
    notes = helm("install", "portfolio", str(CHART), "--dry-run=client", "-f", str(path)).stdout.split("NOTES:", 1)[1]
    assert "realtime-svg v0.1.4 is installed" not in notes  # enabled: false
    assert "api-gateway: http://api-gateway.portfolio.svc:8080 and http://my-app.example.com/api" in notes
    assert "frontend: http://frontend.portfolio.svc:3000 and http://my-app.example.com/" in notes


def test_helm_notes_say_a_worker_has_no_address(tmp_path):
    from composer.helm import values
    from tests.helpers import CHART, ROOT, helm

    path = tmp_path / "values.yaml"
    path.write_text(values.export(settings_mod.load_file(ROOT / "examples" / "shop.yaml")))
    notes = helm("install", "shop", str(CHART), "--dry-run=client", "-f", str(path)).stdout.split("NOTES:", 1)[1]
    assert "worker: a worker (no port, no Service) (2 to 6 pods, autoscaled)" in notes
    assert "api: http://api.shop.svc:8080 and https://shop.example.com/api (2 to 8 pods, autoscaled)" in notes
