"""One workload's settings (``workloads.<name>``) -> its kustomization directory.

Each enabled workload gets overlays/<x>/workloads/<name>/: a kustomization that builds the
hand-written workload base (workloads/base) with the components its settings ask for
(workloads/components/ingress, .../autoscaling), renames every object from `workload` to
the workload's name, and sets every setting with JSON6902 patches, as composer/overlay.py
does for the realtime-svg app. Building the base once per workload is what lets one source
serve any number of them.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from composer import monitoring, paths, sources, system, workload_kinds, yamlio

BASE = sources.WORKLOAD_NAME
# References between a workload's objects (Ingress backend, HPA target, ServiceAccount) are
# set by the patches, not left to kustomize's name-reference fixing: with several workloads
# built from one base, every Service was once named `workload`, and kustomize refuses the
# ambiguous reference.
# Every writable path is an emptyDir of this size.
WRITABLE_SIZE = "64Mi"


def _op(op: str, path: str, value: Any = None) -> dict[str, Any]:
    return {"op": op, "path": path} if op == "remove" else {"op": op, "path": path, "value": value}


def components(w: dict[str, Any], jobs: list[str]) -> list[str]:
    """The components of a workload's directory; ``jobs``: the Jobs it waits for (waited_jobs)."""
    return ([c for c in sources.WORKLOAD_COMPONENTS if w[c]["enabled"]] + ([CERTIFICATE] if wants_certificate(w) else [])
            + workload_kinds.components(w) + ([JOB_WAIT] if jobs else []) + monitoring.components(w))


# -- ordering: a workload that starts after Jobs (settings job.before of each Job) --------------
# workloads/components/job-wait: a Role to read those Jobs and its RoleBinding
JOB_WAIT = "job-wait"
# the token of the workload's ServiceAccount, in the wait container alone
TOKEN_VOLUME = "kube-api-access"
TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
TOKEN_SOURCES = [
    {"serviceAccountToken": {"path": "token", "expirationSeconds": 3607}},
    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
]


def waited_jobs(settings: dict[str, Any], name: str) -> list[str]:
    """The names of the Jobs workload ``name`` starts after: every enabled Job whose
    job.before names it, in workload order (a Job's name carries its digest)."""
    return [workload_kinds.object_name(n, j, config_data(settings, j), pod_annotations(settings, j))
            for n, j in system.active(settings).items() if j["kind"] == "Job" and name in j["job"]["before"]]


def token_volume() -> dict[str, Any]:
    return {"name": TOKEN_VOLUME, "projected": {"defaultMode": 0o444, "sources": [dict(s) for s in TOKEN_SOURCES]}}


def job_wait_container(settings: dict[str, Any], jobs: list[str]) -> dict[str, Any]:
    """The init container `wait-for-jobs`: kubectl (the image's entrypoint) waits until every
    Job has completed; the kubelet restarts it while one is not there yet."""
    image = settings["jobWait"]["image"]
    return {
        "name": "wait-for-jobs",
        "image": f"{image['repository']}:{image['tag']}",
        "imagePullPolicy": image["pullPolicy"],
        "args": ["wait", "--for=condition=complete", "--timeout=-1s"] + [f"job/{j}" for j in jobs],
        "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "100m", "memory": "128Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": TOKEN_VOLUME, "mountPath": TOKEN_PATH, "readOnly": True}],
    }


def hcl_init_containers() -> str:
    """The module's local.data_service_wait_containers (kinds.tf): each workload's
    wait-for-<service> init containers (local.<service>_wait_container), in the descriptions'
    order, as init_containers lists them."""
    from composer import derived

    waits = ", ".join(f"w.{s}.enabled ? local.{s}_wait_container[n] : null" for s in derived.services())
    return ("locals {\n"
            "  # the init containers that hold each workload until the data services it uses answer\n"
            "  data_service_wait_containers = {\n"
            f"    for n, w in local.workloads : n => [for c in [{waits}] : c if c != null]\n"
            "  }\n}\n")


def hcl_ordering() -> str:
    """The module's locals for the ordering (kinds.tf): the token volume and the wait
    container from the dicts above, as JSON the module decodes, so they are written once."""
    container = job_wait_container({"jobWait": {"image": {"repository": "", "tag": "", "pullPolicy": ""}}}, [])
    base = {k: v for k, v in container.items() if k not in ("image", "imagePullPolicy", "args")}
    return ("locals {\n"
            "  # composer/workloads.py token_volume and job_wait_container (less image and args)\n"
            f"  workload_token_volume  = jsondecode({json.dumps(json.dumps(token_volume(), sort_keys=True))})\n"
            f"  workload_job_wait_base = jsondecode({json.dumps(json.dumps(base, sort_keys=True))})\n"
            f"  workload_job_wait_args = {json.dumps(container['args'])}\n"
            f"  workload_job_wait_role = {json.dumps(JOB_WAIT)}\n"
            "}\n")


def job_wait_role_ops(jobs: list[str]) -> list[dict[str, Any]]:
    return [_op("replace", "/rules/0/resourceNames", jobs)]


def job_wait_binding_ops(settings: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [_op("replace", "/roleRef/name", f"{name}-{JOB_WAIT}"), _op("replace", "/subjects/0/name", name),
            _op("replace", "/subjects/0/namespace", settings["namespace"])]


def config_data(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, str]:
    """The workload's ConfigMap: its plain env values and the addresses it refers to."""
    out = {}
    for var, value in sorted(w["env"].items()):
        if isinstance(value, str):
            out[var] = value
        elif "serviceUrlOf" in value:
            out[var] = system.service_url(settings, value["serviceUrlOf"])
        elif "ingressUrlOf" in value:
            out[var] = system.ingress_url(settings, value["ingressUrlOf"])
    return out


def secret_data(w: dict[str, Any]) -> dict[str, str]:
    """The workload's Secret: its secret env values, base64-encoded as Secret data is."""
    return {var: base64.b64encode(value["secret"].encode("utf-8")).decode("ascii")
            for var, value in sorted(w["env"].items()) if isinstance(value, dict) and "secret" in value}


def secret_refs(w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's `env` entries: keys of Secrets the user manages, by reference."""
    return [{"name": var, "valueFrom": {"secretKeyRef": {"name": value["secretKeyRef"]["name"],
                                                         "key": value["secretKeyRef"]["key"]}}}
            for var, value in sorted(w["env"].items()) if isinstance(value, dict) and "secretKeyRef" in value]


def env_sources(settings: dict[str, Any], name: str, w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's envFrom: the workload's ConfigMap and Secret, each only when it holds
    something (an object without data is left out rather than created empty: Pulumi's
    provider would show an empty Secret as a change on every preview)."""
    out: list[dict[str, Any]] = []
    if config_data(settings, w):
        out.append({"configMapRef": {"name": f"{name}-config"}})
    if secret_data(w):
        out.append({"secretRef": {"name": f"{name}-secret"}})
    return out


def container_env(settings: dict[str, Any], w: dict[str, Any]) -> list[dict[str, Any]]:
    """The container's `env`: keys of the user's Secrets, then the data services' connection
    variables, all by reference."""
    from composer import derived

    env = secret_refs(w)
    for svc, description in zip(derived.services(), derived.modules()):
        if w[svc]["enabled"]:
            env += description.workload_env(settings, w)
    return env


def pod_annotations(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, str]:
    """The pod template's annotations: the settings' own, and the digest of each data
    service connection, which rolls the pods when the values behind a reference change."""
    from composer import derived

    return {**w["podAnnotations"], **derived.workload_annotations(settings, w)}


def init_containers(settings: dict[str, Any], w: dict[str, Any]) -> list[dict[str, Any]]:
    """The init containers that hold the workload until the data services it uses answer."""
    from composer import derived

    return [description.wait_container(settings, w)
            for svc, description in zip(derived.services(), derived.modules()) if w[svc]["enabled"]]


def plaintext_secrets(name: str, w: dict[str, Any]) -> list[str]:
    return [f"workloads.{name}.env.{var}.secret" for var, value in sorted(w["env"].items())
            if isinstance(value, dict) and "secret" in value]


def wants_pdb(w: dict[str, Any]) -> bool:
    """A PodDisruptionBudget only for a Deployment, and only when it cannot block a drain."""
    if w["kind"] != "Deployment":
        return False
    pods = w["autoscaling"]["minReplicas"] if w["autoscaling"]["enabled"] else w["replicas"]
    return bool(w["podDisruptionBudget"]["enabled"]) and pods > w["podDisruptionBudget"]["minAvailable"]


def is_worker(w: dict[str, Any]) -> bool:
    """A worker (``port: null``) serves no port: no Service, no container port, no probe on a
    port (a restart loop and a pod that is never Ready otherwise), at most a liveness command."""
    return w["port"] is None


def container_ports(w: dict[str, Any]) -> list[dict[str, Any]]:
    if is_worker(w):
        return []
    ports = [{"name": "http", "containerPort": w["port"], "protocol": "TCP"}]
    ports += [{"name": n, "containerPort": p, "protocol": "TCP"} for n, p in sorted(w["extraPorts"].items())]
    return ports + monitoring.container_ports(w)


def service_ports(w: dict[str, Any]) -> list[dict[str, Any]]:
    first: dict[str, Any] = {"name": "http", "port": system.service_port(w), "targetPort": "http", "protocol": "TCP"}
    if w["service"]["type"] != "ClusterIP" and w["service"]["nodePort"] is not None:
        first["nodePort"] = w["service"]["nodePort"]
    return [first] + [{"name": n, "port": p, "targetPort": n, "protocol": "TCP"}
                      for n, p in sorted(w["extraPorts"].items())] + monitoring.service_ports(w)


# the probes workloads/base/deployment.yaml has (the others are added when asked)
BASE_PROBES = ("livenessProbe", "readinessProbe")


def _probe_handler(p: dict[str, Any]) -> dict[str, Any]:
    """A command when the probe has one (liveness), else an HTTP GET of the path on `http`,
    or a TCP connection to it when the path is empty."""
    if p.get("command"):
        return {"exec": {"command": list(p["command"])}}
    return {"httpGet": {"path": p["path"], "port": "http"}} if p["path"] else {"tcpSocket": {"port": "http"}}


def _probe_ops(w: dict[str, Any], container: str) -> list[dict[str, Any]]:
    ops = []
    for kind, key in (("liveness", "livenessProbe"), ("readiness", "readinessProbe"), ("startup", "startupProbe")):
        p = w["probes"][kind]
        probe = {**_probe_handler(p), "initialDelaySeconds": p["initialDelaySeconds"],
                 "periodSeconds": p["periodSeconds"], "timeoutSeconds": 2, "failureThreshold": p["failureThreshold"]}
        # liveness and readiness are always on, startup when asked; a worker has only a
        # liveness command
        wanted = p.get("enabled", True) if not is_worker(w) else bool(p.get("command"))
        if wanted:
            ops.append(_op("add", f"{container}/{key}", probe))
        elif key in BASE_PROBES:
            ops.append(_op("remove", f"{container}/{key}"))
    return ops


def _volume_ops(w: dict[str, Any], pod: str, container: str, token: bool) -> list[dict[str, Any]]:
    """Every writable path an emptyDir of its own, and the token of the wait container."""
    paths_ = w["writablePaths"]
    volumes = [{"name": f"writable-{i}", "emptyDir": {"sizeLimit": WRITABLE_SIZE}} for i in range(len(paths_))]
    volumes += [token_volume()] if token else []
    mounts = [{"name": f"writable-{i}", "mountPath": p} for i, p in enumerate(paths_)]
    return [_op("replace", f"{container}/volumeMounts", mounts) if mounts else _op("remove", f"{container}/volumeMounts"),
            _op("replace", f"{pod}/volumes", volumes) if volumes else _op("remove", f"{pod}/volumes")]


def pod_ops(settings: dict[str, Any], name: str, w: dict[str, Any], jobs: list[str]) -> list[dict[str, Any]]:
    """The ops on the workload's pod object: the Deployment, or the CronJob or Job of its
    kind, whose pod template is elsewhere (composer/workload_kinds.py); ``jobs``: the Jobs it
    waits for (waited_jobs)."""
    kind = workload_kinds.of(w)
    pod, container = kind.pod, f"{kind.pod}/containers/0"
    image = w["image"]
    ops = [] if w["autoscaling"]["enabled"] or kind is not workload_kinds.DEPLOYMENT \
        else [_op("replace", "/spec/replicas", w["replicas"])]
    ops += workload_kinds.field_ops(w)
    annotations = pod_annotations(settings, w)
    if annotations:
        ops.append(_op("add", f"{kind.template}/metadata/annotations", annotations))
    ops += [
        _op("replace", f"{pod}/securityContext/runAsUser", w["securityContext"]["runAsUser"]),
        _op("replace", f"{pod}/securityContext/runAsGroup", w["securityContext"]["runAsGroup"]),
        _op("replace", f"{pod}/securityContext/fsGroup", w["securityContext"]["fsGroup"]),
        _op("replace", f"{pod}/topologySpreadConstraints/0/maxSkew", w["topologySpread"]["maxSkew"]),
        _op("replace", f"{pod}/topologySpreadConstraints/0/whenUnsatisfiable", w["topologySpread"]["whenUnsatisfiable"]),
        _op("replace", f"{pod}/serviceAccountName", name),
        _op("replace", f"{container}/name", name),

        _op("replace", f"{container}/image", f"{image['repository']}:{image['tag']}"),
        _op("replace", f"{container}/imagePullPolicy", image["pullPolicy"]),
    ]
    for key in ("command", "args"):
        if w[key]:
            ops.append(_op("add", f"{container}/{key}", list(w[key])))
    ports = container_ports(w)
    ops.append(_op("replace", f"{container}/ports", ports) if ports else _op("remove", f"{container}/ports"))
    env_from = env_sources(settings, name, w)
    ops.append(_op("replace", f"{container}/envFrom", env_from) if env_from else _op("remove", f"{container}/envFrom"))
    env = container_env(settings, w)
    if env:
        ops.append(_op("add", f"{container}/env", env))
    init = init_containers(settings, w) + ([job_wait_container(settings, jobs)] if jobs else [])
    if init:
        ops.append(_op("add", f"{pod}/initContainers", init))
    ops += _probe_ops(w, container)
    ops.append(_op("replace", f"{container}/resources", w["resources"]))
    ops += _volume_ops(w, pod, container, bool(jobs))
    if settings["imagePullSecrets"]:
        ops.append(_op("add", f"{pod}/imagePullSecrets", [{"name": n} for n in settings["imagePullSecrets"]]))
    for key in ("nodeSelector", "tolerations", "affinity"):
        if w[key]:
            ops.append(_op("add", f"{pod}/{key}", w[key]))
    return ops


def pdb_ops(w: dict[str, Any]) -> list[dict[str, Any]]:
    ops = [_op("replace", "/spec/minAvailable", w["podDisruptionBudget"]["minAvailable"])]
    if is_worker(w):
        # A worker has no readiness probe: its pods are not Ready only while they fail, and
        # the default policy would then refuse every eviction, so a drain would wait forever.
        ops.append(_op("add", "/spec/unhealthyPodEvictionPolicy", "AlwaysAllow"))
    return ops


def _delete(files: dict[str, str], patches: list[dict[str, Any]], renames: dict[Any, Any], api_version: str,
            kind: str, filename: str) -> None:
    """Leave the base's ``kind`` object out of the build (a strategic-merge delete patch)."""
    renames.pop((kind, BASE), None)
    files[filename] = yamlio.dump({"$patch": "delete", "apiVersion": api_version, "kind": kind,
                                   "metadata": {"name": BASE}})
    patches.append({"path": filename})


def service_ops(w: dict[str, Any]) -> list[dict[str, Any]]:
    return [_op("replace", "/spec/type", w["service"]["type"]), _op("replace", "/spec/ports", service_ports(w))]


def tls_secret_name(ing: dict[str, Any]) -> str:
    return ing["tls"]["secretName"] or ing["host"].replace("*", "wildcard").replace(".", "-") + "-tls"


# workloads/components/certificate: the host's Certificate, in the overlay of the workload that
# names the issuer (composer/rules_table.py: one per host, every Ingress of it names its Secret)
CERTIFICATE = "certificate"


def wants_certificate(w: dict[str, Any]) -> bool:
    ing = w["ingress"]
    return ing["enabled"] and ing["tls"]["enabled"] and ing["tls"]["issuer"]["name"] != ""


def certificate_ops(w: dict[str, Any]) -> list[dict[str, Any]]:
    ing = w["ingress"]
    return [_op("replace", "/spec/secretName", tls_secret_name(ing)),
            _op("replace", "/spec/dnsNames", [ing["host"]]),
            _op("replace", "/spec/issuerRef/kind", ing["tls"]["issuer"]["kind"]),
            _op("replace", "/spec/issuerRef/name", ing["tls"]["issuer"]["name"])]


def ingress_ops(name: str, w: dict[str, Any]) -> list[dict[str, Any]]:
    ing = w["ingress"]
    path = "/spec/rules/0/http/paths/0"
    ops = [
        _op("replace", "/spec/rules/0/host", ing["host"]),
        _op("replace", f"{path}/backend/service/name", name),
        _op("replace", f"{path}/path", ing["path"]),
        _op("replace", f"{path}/pathType", ing["pathType"]),
    ]
    return ops + ingress_option_ops(ing, tls_secret_name(ing))


def ingress_option_ops(ing: dict[str, Any], tls_secret: str) -> list[dict[str, Any]]:
    """The optional parts of an Ingress (class, annotations, TLS), for the app's and each
    workload's."""
    ops = []
    if ing["className"]:
        ops.append(_op("add", "/spec/ingressClassName", ing["className"]))
    if ing["annotations"]:
        ops.append(_op("add", "/metadata/annotations", dict(ing["annotations"])))
    if ing["tls"]["enabled"]:
        ops.append(_op("add", "/spec/tls", [{"hosts": [ing["host"]], "secretName": tls_secret}]))
    return ops


def hpa_metrics(a: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "Resource", "resource": {"name": resource, "target": {"type": "Utilization",
                                                                           "averageUtilization": a[key]}}}
            for resource, key in (("cpu", "targetCPUUtilizationPercentage"),
                                  ("memory", "targetMemoryUtilizationPercentage")) if a[key] is not None]


def hpa_ops(name: str, w: dict[str, Any]) -> list[dict[str, Any]]:
    a = w["autoscaling"]
    ops = [_op("replace", "/spec/scaleTargetRef/name", name),_op("replace", "/spec/minReplicas", a["minReplicas"]), _op("replace", "/spec/maxReplicas", a["maxReplicas"])]
    metrics = hpa_metrics(a)
    ops.append(_op("replace", "/spec/metrics", metrics) if metrics else _op("remove", "/spec/metrics"))
    if a["scaleDownStabilizationSeconds"] is not None:
        ops.append(_op("add", "/spec/behavior", {"scaleDown": {"stabilizationWindowSeconds": a["scaleDownStabilizationSeconds"]}}))
    return ops


def labels(settings: dict[str, Any], name: str, w: dict[str, Any]) -> dict[str, str]:
    """The recommended labels of every object of the workload (never in selectors)."""
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": settings["name"],
        "app.kubernetes.io/version": w["image"]["tag"],
        "app.kubernetes.io/component": name,
        "app.kubernetes.io/part-of": settings["name"],
    }


def _literals(data: dict[str, str]) -> list[str]:
    return [f"{key}={value}" for key, value in data.items()]


def build(settings: dict[str, Any], name: str, w: dict[str, Any], root_rel: str) -> dict[str, str]:
    """The files of the workload's kustomization directory. ``root_rel`` is the path from
    that directory to the one holding workloads/."""
    jobs = waited_jobs(settings, name)
    comps = components(w, jobs)
    renames = sources.rename_ops([paths.WORKLOADS / "base"] + [paths.WORKLOADS / "components" / c for c in comps],
                                 name, BASE)
    files: dict[str, str] = {}
    patches: list[dict[str, Any]] = []

    def patch(kind: str, old: str, ops: list[dict[str, Any]]) -> None:
        ops = ops + renames.pop((kind, old), [])
        filename = f"patch-{kind.lower()}.yaml" if old == BASE else f"patch-{kind.lower()}-{old[len(BASE) + 1:]}.yaml"
        files[filename] = yamlio.dump(ops)
        patches.append({"path": filename, "target": {"kind": kind, "name": old}})

    kind = workload_kinds.of(w)
    if kind is workload_kinds.DEPLOYMENT:
        patch("Deployment", BASE, pod_ops(settings, name, w, jobs))
    else:
        # the kind's object copied the Deployment's pod spec (its component's replacement);
        # the pod spec's own `app` selectors are renamed where the copy put them
        deployment_renames = renames.pop(("Deployment", BASE))
        pod_renames = [{**op, "path": kind.template + op["path"][len("/spec/template"):]} for op in deployment_renames
                       if op["path"].startswith("/spec/template/spec/")]
        renames[(kind.name, BASE)] = [
            op if op["path"] != "/metadata/name"
            else {**op, "value": workload_kinds.object_name(name, w, config_data(settings, w), pod_annotations(settings, w))}
            for op in renames[(kind.name, BASE)]] + pod_renames
        patch(kind.name, BASE, pod_ops(settings, name, w, jobs))
        _delete(files, patches, renames, "apps/v1", "Deployment", "delete-deployment.yaml")
    if is_worker(w):
        _delete(files, patches, renames, "v1", "Service", "delete-service.yaml")
    else:
        patch("Service", BASE, service_ops(w))
    if jobs:
        patch("Role", f"{BASE}-{JOB_WAIT}", job_wait_role_ops(jobs))
        patch("RoleBinding", f"{BASE}-{JOB_WAIT}", job_wait_binding_ops(settings, name))
    if w["ingress"]["enabled"]:
        patch("Ingress", BASE, ingress_ops(name, w))
    if wants_certificate(w):
        patch("Certificate", BASE, certificate_ops(w))
    if w["autoscaling"]["enabled"]:
        patch("HorizontalPodAutoscaler", BASE, hpa_ops(name, w))
    if monitoring.wants_service_monitor(w):
        patch("ServiceMonitor", BASE, monitoring.service_monitor_ops(name, w))
    if w["grafanaDashboard"]["enabled"]:
        patch("ConfigMap", f"{BASE}-dashboard", monitoring.dashboard_ops(name, w))
    if wants_pdb(w):
        patch("PodDisruptionBudget", BASE, pdb_ops(w))
    else:
        # A PodDisruptionBudget that could block a drain is worse than none.
        _delete(files, patches, renames, "policy/v1", "PodDisruptionBudget", "delete-poddisruptionbudget.yaml")
    for kind, old in list(renames):
        patch(kind, old, [])

    kustomization: dict[str, Any] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": [f"{root_rel}/workloads/base"],
    }
    if comps:
        kustomization["components"] = [f"{root_rel}/workloads/components/{c}" for c in comps]
    kustomization["labels"] = [{"includeSelectors": False, "includeTemplates": True, "pairs": labels(settings, name, w)}]
    config = config_data(settings, w)
    if config:
        kustomization["configMapGenerator"] = [{"name": f"{name}-config", "literals": _literals(config)}]
    secret = {var: base64.b64decode(v).decode("utf-8") for var, v in secret_data(w).items()}
    if secret:
        kustomization["secretGenerator"] = [{"name": f"{name}-secret", "type": "Opaque", "literals": _literals(secret)}]
    kustomization["patches"] = patches
    files["kustomization.yaml"] = (f"# Workload {name}: generated with the overlay around it; do not edit.\n"
                                   + yamlio.dump(kustomization))
    return files
