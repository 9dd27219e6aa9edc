"""Settings -> a kustomize overlay (kustomization.yaml plus patch files).

The overlay references base/ and the chosen components and expresses every setting as a
kustomize construct: JSON6902 patches for fields (including the data of the generated
ConfigMap and Secret, whose hash suffix then changes and rolls the pods), ``labels`` for
the recommended labels and ``namespace``. Every settings-controlled field is written even when
it equals the base, so an overlay reads as the complete list of what the settings decide.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from composer import derived, extra_objects, netpol, paths, redis, sources, system, yamlio
from composer import workloads as workload_files

APP = sources.BASE_NAME
CONTAINER = "/spec/template/spec/containers/0"
POD = "/spec/template/spec"


@dataclass
class Overlay:
    """The files of one overlay directory, by relative path."""

    files: dict[str, str] = field(default_factory=dict)
    # Settings values that were written in plain text (secrets), to warn about.
    plaintext_secrets: list[str] = field(default_factory=list)


def build(settings: dict[str, Any], header: str, base_rel: str = "../..") -> Overlay:
    """The overlay for ``settings``. ``base_rel`` is the path from the overlay directory
    to the directory holding base/, components/ and workloads/.

    Settings without workloads give the flat overlay of the realtime-svg app. With
    workloads, the overlay is a list of directories, one per workload (workloads/<name>/)
    and app/ for the realtime-svg app when enabled, each with its own labels and
    components, and the namespace set once on top: a component or label list applies to
    everything in its kustomization, so each part keeps its own."""
    workloads = system.active(settings)
    # the data services the system has (composer/derived.py DESCRIPTIONS), each a part of its own
    services = [(svc, d) for svc, d in zip(derived.services(), derived.modules()) if d.active(settings)]
    extras = extra_objects.wanted(settings)
    if not workloads and not services and not netpol.enabled(settings) and not extras:
        return _app(settings, header, base_rel)
    out = Overlay()
    parts = []
    if settings["enabled"]:
        app = _app(settings, "# The realtime-svg app: generated with the overlay around it; do not edit.\n",
                   f"../{base_rel}", namespace=False)
        out.files.update({f"app/{rel}": text for rel, text in app.files.items()})
        out.plaintext_secrets += app.plaintext_secrets
        parts.append("app")
    for name, w in workloads.items():
        out.files.update({f"workloads/{name}/{rel}": text
                          for rel, text in workload_files.build(settings, name, w, f"../../{base_rel}").items()})
        out.plaintext_secrets += workload_files.plaintext_secrets(name, w)
        parts.append(f"workloads/{name}")
    for svc, description in services:
        out.files.update({f"{svc}/{rel}": text for rel, text in description.build(settings, f"../{base_rel}").items()})
        out.plaintext_secrets += getattr(description, "plaintext_secrets", lambda _: [])(settings)
        parts.append(svc)
    if netpol.enabled(settings):
        out.files.update({f"network-policy/{rel}": text for rel, text in netpol.build(settings, f"../{base_rel}").items()})
        parts.append("network-policy")
    kustomization: dict[str, Any] = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}
    if settings["namespace"]:
        kustomization["namespace"] = settings["namespace"]
    if extras:
        # objects of your own, as written: only the namespace above is set on them
        out.files[extra_objects.FILE] = "---\n".join(_dump(o) for o in extras)
        parts.append(extra_objects.FILE)
    kustomization["resources"] = parts
    out.files["kustomization.yaml"] = header + _dump(kustomization)
    return out


def _app(settings: dict[str, Any], header: str, base_rel: str, namespace: bool = True) -> Overlay:
    """The overlay of the realtime-svg app (base/ and components/). When the system has a
    redis/ part, that part holds the Redis the app uses (same Service name), not
    components/redis."""
    s = settings
    name = s["name"]
    components = [c for c in sources.COMPONENTS if s[c]["enabled"] and not (c == "redis" and redis.active(s))]
    out = Overlay()

    patches: list[dict[str, Any]] = []

    def patch(kind: str, old: str, ops: list[dict[str, Any]]) -> None:
        if not ops:
            return
        filename = f"patch-{kind.lower()}-{old}.yaml"
        out.files[filename] = _dump(ops)
        patches.append({"path": filename, "target": {"kind": kind, "name": old}})

    renames = _rename_ops(name, components)

    patch("ConfigMap", f"{APP}-config", _config_ops(s) + renames.pop(("ConfigMap", f"{APP}-config"), []))
    secret_ops = _secret_ops(s)
    out.plaintext_secrets = [setting for setting, _ in secret_ops]
    patch("Secret", f"{APP}-secret", [op for _, op in secret_ops] + renames.pop(("Secret", f"{APP}-secret"), []))
    patch("Deployment", APP, _app_ops(s) + renames.pop(("Deployment", APP), []))
    patch("Service", APP, _service_ops(s) + renames.pop(("Service", APP), []))
    if "redis" in components:
        patch("Deployment", f"{APP}-redis", _redis_ops(s) + renames.pop(("Deployment", f"{APP}-redis"), []))
    if s["ingress"]["enabled"]:
        patch("Ingress", APP, _ingress_ops(s) + renames.pop(("Ingress", APP), []))
    if _wants_pdb(s):
        patch("PodDisruptionBudget", APP, [_op("replace", "/spec/minAvailable", s["podDisruptionBudget"]["minAvailable"])]
              + renames.pop(("PodDisruptionBudget", APP), []))
    else:
        renames.pop(("PodDisruptionBudget", APP), None)
        # A PodDisruptionBudget that could block a drain is worse than none.
        out.files["delete-poddisruptionbudget.yaml"] = _dump(
            {"$patch": "delete", "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": APP}})
        patches.append({"path": "delete-poddisruptionbudget.yaml"})
    for (kind, old), ops in renames.items():
        patch(kind, old, ops)

    kustomization: dict[str, Any] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
    }
    if s["namespace"] and namespace:
        kustomization["namespace"] = s["namespace"]
    kustomization["resources"] = [f"{base_rel}/base"]
    if components:
        kustomization["components"] = [f"{base_rel}/components/{c}" for c in components]
    kustomization["labels"] = [{
        "includeSelectors": False,
        "includeTemplates": True,
        "pairs": {
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/version": s["image"]["tag"],
        },
    }]
    kustomization["patches"] = patches
    out.files["kustomization.yaml"] = header + _dump(kustomization)
    return out


def config_data(s: dict[str, Any]) -> dict[str, str]:
    """The ConfigMap's data: what the app reads from its environment."""
    redis = s["redis"]
    in_cluster = redis["enabled"]
    return {
        "REDIS_HOST": f"{s['name']}-redis" if in_cluster else redis["host"],
        "REDIS_PORT": "6379" if in_cluster else str(redis["port"]),
        "LOG_LEVEL": s["config"]["logLevel"],
        "PORT": "8080",
    }


def _config_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    # A patch, not a generator merge: patches run after every component's generators
    # (components/redis merges its own REDIS_HOST), and before kustomize hashes the name.
    return [_op("replace", f"/data/{key}", value) for key, value in config_data(s).items()]


def _secret_ops(s: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(setting, op) for each secret value the settings carry; empty ones keep the
    base's empty placeholder."""
    ops = []
    for key, setting, value in (("redis-password", "redis.password", s["redis"]["password"]),
                                ("apiKey", "secrets.apiKey", s["secrets"]["apiKey"])):
        if value:
            encoded = base64.b64encode(value.encode("utf-8")).decode("ascii")
            ops.append((setting, _op("replace", f"/data/{key}", encoded)))
    return ops


def _wants_pdb(s: dict[str, Any]) -> bool:
    pdb = s["podDisruptionBudget"]
    return bool(pdb["enabled"]) and s["replicas"] > pdb["minAvailable"]


def _op(op: str, path: str, value: Any = None) -> dict[str, Any]:
    return {"op": op, "path": path, "value": value}


def _image_ops(image: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _op("replace", f"{CONTAINER}/image", f"{image['repository']}:{image['tag']}"),
        _op("replace", f"{CONTAINER}/imagePullPolicy", image["pullPolicy"]),
    ]


def _secret_ref_ops(env_index: int, env_name: str, existing: str) -> list[dict[str, Any]]:
    """Point one env var's secretKeyRef at a Secret the user manages."""
    if not existing:
        return []
    env = f"{CONTAINER}/env/{env_index}"
    return [
        _op("test", f"{env}/name", env_name),
        _op("replace", f"{env}/valueFrom/secretKeyRef/name", existing),
        _op("replace", f"{env}/valueFrom/secretKeyRef/optional", False),
    ]


def _pull_secret_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    names = s["imagePullSecrets"]
    return [_op("add", f"{POD}/imagePullSecrets", [{"name": n} for n in names])] if names else []


def _app_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    ops = [_op("replace", "/spec/replicas", s["replicas"])]
    ops += _image_ops(s["image"])
    ops.append(_op("replace", f"{CONTAINER}/resources", s["resources"]))
    ops += _secret_ref_ops(0, "REDIS_PASSWORD", s["redis"]["existingSecret"])
    ops += _secret_ref_ops(1, "API_KEY", s["secrets"]["existingSecret"])
    ops += _pull_secret_ops(s)
    for key in ("nodeSelector", "tolerations", "affinity"):
        if s[key]:
            ops.append(_op("add", f"{POD}/{key}", s[key]))
    return ops


def _service_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    svc = s["service"]
    ops = [_op("replace", "/spec/type", svc["type"]), _op("replace", "/spec/ports/0/port", svc["port"])]
    if svc["nodePort"] is not None:
        ops.append(_op("add", "/spec/ports/0/nodePort", svc["nodePort"]))
    return ops


def _redis_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    redis = s["redis"]
    ops = _image_ops(redis["image"])
    ops.append(_op("replace", f"{CONTAINER}/resources", redis["resources"]))
    ops += _secret_ref_ops(0, "REDIS_PASSWORD", redis["existingSecret"])
    ops += _pull_secret_ops(s)
    return ops


def _ingress_ops(s: dict[str, Any]) -> list[dict[str, Any]]:
    ing = s["ingress"]
    rule = "/spec/rules/0"
    ops = [
        _op("replace", f"{rule}/host", ing["host"]),
        _op("replace", f"{rule}/http/paths/0/path", ing["path"]),
    ]
    return ops + workload_files.ingress_option_ops(ing, ing["tls"]["secretName"] or f"{s['name']}-tls")


def _rename_ops(name: str, components: list[str]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """JSON6902 ops that rename every object derived from realtime-svg, and the `app`
    labels and selectors that carry its name. References between objects (envFrom,
    secretKeyRef, serviceAccountName, Ingress backend) follow by kustomize itself."""
    if name == APP:
        return {}
    return sources.rename_ops([paths.BASE] + [paths.COMPONENTS / c for c in components], name)


def _dump(data: Any) -> str:
    return yamlio.dump(data)
