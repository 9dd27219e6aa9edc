"""Shared by the tests: running the composer, parsing renders, and the rules every
rendered object must follow (Pod Security Standards "restricted", labels, selectors)."""
from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import yaml

from composer import yamlio

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
RECOMMENDED = ("app.kubernetes.io/name", "app.kubernetes.io/instance",
               "app.kubernetes.io/version", "app.kubernetes.io/part-of")


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PATH"] = f"{ROOT / 'bin'}{os.pathsep}{out.get('PATH', '')}"
    return out


def composer(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "composer", *args], cwd=cwd, env=env(),
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"composer {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def kubectl(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(ROOT / "bin" / "kubectl"), *args], cwd=ROOT, env=env(),
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"kubectl {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


class Lazy(Mapping[str, str]):
    """A mapping whose keys are known up front (test ids at collection) and whose values are
    made on first use, once per test process: under pytest-xdist every worker imports every
    test module, so a module that built them on import would build them in each worker."""

    def __init__(self, makers: dict[str, Callable[[], str]]):
        self._makers = makers
        self._made: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._made:
            self._made[key] = self._makers[key]()
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


@functools.cache
def kustomize_overlay(name: str) -> str:
    """`kubectl kustomize overlays/NAME` of a shipped overlay, built once per test process (no
    test changes overlays/ in the working tree: they work in copies, conftest.repo_copy)."""
    return kubectl("kustomize", f"overlays/{name}").stdout


def shipped_sources() -> Lazy:
    """The committed render and the build of every shipped overlay, by name."""
    makers: dict[str, Callable[[], str]] = {"rendered": lambda: (ROOT / "rendered" / "install.yaml").read_text()}
    for example in EXAMPLES:
        makers[f"overlays/{example.stem}"] = functools.partial(kustomize_overlay, example.stem)
    return Lazy(makers)


def objects(text: str) -> list[dict[str, Any]]:
    return yamlio.load_all(text)


def by_id(objs: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(o["kind"], o["metadata"]["name"]): o for o in objs}


def of_kind(objs: Iterable[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objs if o["kind"] == kind]


def tree_digest(directory: Path) -> str:
    """A digest of every file (names and contents) under ``directory``, hidden ones too."""
    h = hashlib.sha256()
    if directory.exists():
        for p in sorted(directory.rglob("*")):
            h.update(str(p.relative_to(directory)).encode())
            if p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()


def pod_template(obj: dict[str, Any]) -> dict[str, Any] | None:
    """The pod template of a kind that has one (a CronJob's is in its jobTemplate)."""
    if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"):
        return obj["spec"]["template"]
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]
    return None


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    if obj["kind"] == "Pod":
        return obj["spec"]
    template = pod_template(obj)
    return None if template is None else template["spec"]


def restricted_violations(obj: dict[str, Any]) -> list[str]:
    """Why ``obj`` breaks Pod Security Standards "restricted" (plus this project's own
    bar: read-only root filesystem, requests and limits, probes). Empty when it holds."""
    spec = pod_spec(obj)
    if spec is None:
        return []
    where = f"{obj['kind']}/{obj['metadata']['name']}"
    bad = []
    pod_sc = spec.get("securityContext", {})
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(key):
            bad.append(f"{where}: {key}")
    for vol in spec.get("volumes", []):
        allowed = {"name", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                   "persistentVolumeClaim", "projected", "secret"}
        if set(vol) - allowed:
            bad.append(f"{where}: volume {vol['name']} of a restricted type")
    if pod_sc.get("seccompProfile", {}).get("type") not in ("RuntimeDefault", "Localhost"):
        bad.append(f"{where}: pod seccompProfile is not RuntimeDefault")
    for c in spec.get("initContainers", []) + spec["containers"]:
        cw = f"{where} container {c['name']}"
        sc = c.get("securityContext", {})
        if sc.get("privileged"):
            bad.append(f"{cw}: privileged")
        if sc.get("allowPrivilegeEscalation") is not False:
            bad.append(f"{cw}: allowPrivilegeEscalation is not false")
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            bad.append(f"{cw}: capabilities do not drop ALL")
        if set(sc.get("capabilities", {}).get("add", [])) - {"NET_BIND_SERVICE"}:
            bad.append(f"{cw}: adds capabilities")
        if not (sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True):
            bad.append(f"{cw}: runAsNonRoot is not true")
        if sc.get("runAsUser", pod_sc.get("runAsUser")) == 0:
            bad.append(f"{cw}: runs as uid 0")
        if sc.get("readOnlyRootFilesystem") is not True:
            bad.append(f"{cw}: root filesystem is writable")
        res = c.get("resources", {})
        for part in ("requests", "limits"):
            for what in ("cpu", "memory"):
                if what not in res.get(part, {}):
                    bad.append(f"{cw}: no {part}.{what}")
        # Probes: on every long-running container that serves a port. An init container runs
        # to completion before the others start (the API refuses probes on it), and so does a
        # Job's pod; a worker (no port) has no probe on one, and a liveness command only when
        # its settings give one (composer/workloads.py is_worker).
        if c in spec["containers"] and obj["kind"] not in ("Job", "CronJob") and c.get("ports"):
            for probe in ("livenessProbe", "readinessProbe"):
                if probe not in c:
                    bad.append(f"{cw}: no {probe}")
    return bad


def kafka_writable_root(obj: dict[str, Any], violation: str) -> bool:
    """The one documented exception to "restricted": the Kafka broker's root filesystem is
    writable, because the apache/kafka image's start script writes /opt/kafka/config
    (README, Data services: Kafka). Only that rule, only on the Kafka StatefulSet."""
    return (obj.get("kind") == "StatefulSet"
            and obj.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/name") == "kafka"
            and violation == f"StatefulSet/{obj['metadata']['name']} container kafka: root filesystem is writable")


def selectors(obj: dict[str, Any]) -> list[dict[str, str]]:
    """Every label selector an object carries."""
    out = []
    spec = obj.get("spec", {})
    if obj["kind"] == "Service":
        out.append(spec.get("selector", {}))
    elif "selector" in spec:
        out.append(spec["selector"].get("matchLabels", {}))
    ps = pod_spec(obj)
    for tsc in (ps or {}).get("topologySpreadConstraints", []):
        out.append(tsc.get("labelSelector", {}).get("matchLabels", {}))
    return out


def label_violations(obj: dict[str, Any]) -> list[str]:
    where = f"{obj['kind']}/{obj['metadata']['name']}"
    labels = obj["metadata"].get("labels", {})
    # an object of your own (extraObjects) has no version of its own to label
    required = [k for k in RECOMMENDED
                if k != "app.kubernetes.io/version" or labels.get("app.kubernetes.io/component") != "extra-objects"]
    bad = [f"{where}: missing label {k}" for k in required if k not in labels]
    if obj["kind"] not in ("ConfigMap", "Secret") and "app.kubernetes.io/component" not in labels:
        bad.append(f"{where}: missing label app.kubernetes.io/component")
    for sel in selectors(obj):
        if not sel:
            bad.append(f"{where}: empty selector")
        for key in sel:
            if key.startswith("app.kubernetes.io/") or key.startswith("helm.sh/"):
                bad.append(f"{where}: selector uses {key}")
    ps = pod_spec(obj)
    if ps is not None:
        tpl = pod_template(obj)["metadata"].get("labels", {})
        bad += [f"{where}: pod template missing label {k}" for k in RECOMMENDED if k not in tpl]
        # (a Job's selector is the server's to generate)
        for k, v in obj["spec"].get("selector", {}).get("matchLabels", {}).items():
            if tpl.get(k) != v:
                bad.append(f"{where}: selector {k}={v} does not match the pod template")
    return bad


def helm(*args: str, binary: str = "helm", check: bool = True) -> subprocess.CompletedProcess:
    """Helm as a user runs it: `template`, `install` or `upgrade` with values files that name a
    namespace, and no --namespace of the test's own, is released in that namespace (the chart
    refuses any other: composer/helm/values.py release_namespace_args)."""
    from composer.helm import values as helm_values

    args_ = list(args)
    if args_ and args_[0] in ("template", "install", "upgrade") and not {"-n", "--namespace"} & set(args_):
        files = [args_[i + 1] for i, a in enumerate(args_[:-1]) if a in ("-f", "--values")]
        for f in files[-1:]:
            args_ += helm_values.release_namespace_args(f)
    proc = subprocess.run([str(ROOT / "bin" / binary), *args_], cwd=ROOT, env=env(), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{binary} {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


CHART = ROOT / "helm-wrapper" / "realtime-svg"


# -- objects of operators' CRDs ------------------------------------------------------------------

# The operators' API versions the settings can ask objects of, and their CRD sets (hack/install-crds.sh)
CRD_SETS = {"monitoring.coreos.com/v1": "monitoring", "cert-manager.io/v1": "cert-manager"}


@functools.lru_cache(maxsize=None)
def crd_schemas(crd_set: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The openAPIV3Schema of each (kind, apiVersion) of a CRD set of hack/install-crds.sh,
    fetched from the operator's Go module (cached)."""
    paths = subprocess.run([str(ROOT / "hack" / "install-crds.sh"), crd_set, "--path"], check=True,
                           capture_output=True, text=True).stdout.split()
    out = {}
    for path in paths:
        crd = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for version in crd["spec"]["versions"]:
            if version["served"]:
                out[(crd["spec"]["names"]["kind"], f"{crd['spec']['group']}/{version['name']}")] = \
                    version["schema"]["openAPIV3Schema"]
    return out


def unknown_fields(obj: Any, schema: dict[str, Any], at: str = "") -> list[str]:
    """Fields the schema does not declare: the API server prunes them from a structural CRD's
    objects without a word, which jsonschema (no additionalProperties there) lets through."""
    if isinstance(obj, dict) and "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
        out = []
        for key, value in obj.items():
            if at == "" and key in ("apiVersion", "kind", "metadata") or at == ".metadata":
                continue
            if key not in schema["properties"]:
                out.append(f"{at}.{key}")
            else:
                out += unknown_fields(value, schema["properties"][key], f"{at}.{key}")
        return out
    if isinstance(obj, list) and "items" in schema:
        return [p for i, item in enumerate(obj) for p in unknown_fields(item, schema["items"], f"{at}[{i}]")]
    return []


def crd_problems(crd_set: str, obj: dict[str, Any]) -> list[str]:
    """What the API server would refuse or prune in ``obj``, an object of the set's CRDs."""
    import jsonschema

    schema = crd_schemas(crd_set)[(obj["kind"], obj["apiVersion"])]
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft7Validator(schema).iter_errors(obj)]
    return errors + [f"{p}: unknown field (pruned)" for p in unknown_fields(obj, schema)]
