"""What each install route would create for one settings file, built offline by the route's own
tool, and the comparison of them all: ``python -m composer parity``.

- kubectl -k: the composer's overlay, built by kubectl's kustomize;
- kubectl -f: the file `composer render` writes (rendered/ for the defaults);
- helm, helm3: `helm template` of the chart with the exported values;
- terraform: the module's kustomization_overlay data sources, read from a `tofu plan` that
  targets only them (no cluster is contacted);
- pulumi: the overlay the Pulumi program hands to kustomize, built by kustomize.

A route whose tool is missing is skipped and said to be, never counted as passing.

The routes are built side by side (each mostly waits for its tool's process), and kubectl -k and
kubectl -f share one kustomize build: `composer render` prints exactly what kustomize prints for
the overlay (under a comment header), so the file is that build's output, read as a file.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


from composer import kustomize, parity, paths, render, yamlio

ROUTES = ("kubectl -k", "kubectl -f", "helm", "helm3", "terraform", "pulumi")
TF_DATA_SOURCE = "module.realtime_svg.data.kustomization_overlay.this"
TF_WORKLOAD_SOURCES = "module.realtime_svg.data.kustomization_overlay.workload"
# A plan of only the data sources: what kustomize builds inside the provider, with no cluster.
TF_DATA_SERVICE_SOURCES = "module.realtime_svg.data.kustomization_overlay.data_service"
TF_NETPOL_SOURCE = "module.realtime_svg.data.kustomization_overlay.netpol"
TF_TARGETS = (f"-target={TF_DATA_SOURCE}", f"-target={TF_WORKLOAD_SOURCES}", f"-target={TF_DATA_SERVICE_SOURCES}",
              f"-target={TF_NETPOL_SOURCE}")


class Skipped(Exception):
    """The route's tool is not there."""


# libyaml's parser where PyYAML has it (5x faster on a large render), the same safe constructor
PARITY_COMMAND = "python -m composer parity"


def _objects(text: str) -> list[dict[str, Any]]:
    return yamlio.load_all(text)


def _tool(name: str) -> str:
    try:
        return kustomize.find_tool(name)
    except kustomize.ToolMissing as exc:
        raise Skipped(str(exc)) from None


def kubectl_k(settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
    from composer import overlay

    files = overlay.build(settings, render.overlay_header(PARITY_COMMAND)).files
    return _objects(kustomize.build(render.write_overlay_tree(tmp, files, "parity")))


def kubectl_f(settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
    return _objects(render.rendered_file(settings, PARITY_COMMAND))


class _SharedOverlayBuild:
    """The kustomize build of the composer's overlay, made once for kubectl -k and kubectl -f
    (by whichever asks first; the other waits for it)."""

    def __init__(self, settings: dict[str, Any], tmp: Path):
        self.settings, self.tmp = settings, tmp
        self.lock = threading.Lock()
        self.text: str | None = None

    def built(self) -> str:
        with self.lock:
            if self.text is None:
                from composer import overlay

                files = overlay.build(self.settings, render.overlay_header(PARITY_COMMAND)).files
                self.text = kustomize.build(render.write_overlay_tree(self.tmp, files, "parity"))
            return self.text

    def kubectl_k(self, settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
        return _objects(self.built())

    def kubectl_f(self, settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
        # what `composer render` writes: its header, then this very build
        return _objects(render.rendered_header(PARITY_COMMAND) + self.built())


def _helm(binary: str) -> Callable[[dict[str, Any], Path], list[dict[str, Any]]]:
    def build(settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
        from composer.helm import values

        helm = _tool(binary)
        path = tmp / "values.yaml"
        path.write_text(values.export(settings), encoding="utf-8")
        proc = subprocess.run([helm, "template", settings["name"], str(paths.CHART), "--skip-tests", "-f", str(path),
                               *values.release_namespace_args(settings)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} template failed:\n{proc.stderr.strip()}")
        return _objects(proc.stdout)
    return build


def tofu_env() -> dict[str, str]:
    e = dict(os.environ)
    e.update({"TF_CLI_CONFIG_FILE": str(paths.BIN / "offline.tfrc"), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
              "CHECKPOINT_DISABLE": "1"})
    e.pop("TF_DATA_DIR", None)
    return e


def data_source_objects(run: Callable[..., subprocess.CompletedProcess], vars_file: Path) -> list[dict[str, Any]]:
    """What the module's kustomization_overlay data sources (the app's, one per enabled
    workload, one per data service, the policies') build for a variables file: `run(*tofu_args)` runs tofu in an initialised copy."""
    plan = vars_file.with_suffix(".plan")
    run("plan", "-input=false", "-no-color", "-lock=false", *TF_TARGETS, f"-var-file={vars_file}",
        "-var=kubeconfig_path=", f"-out={plan}")
    shown = json.loads(run("show", "-json", str(plan)).stdout)
    found: dict[str, dict[str, str]] = {}
    for module in shown["prior_state"]["values"]["root_module"].get("child_modules", []):
        for resource in module.get("resources", []):
            if resource["address"] == TF_DATA_SOURCE or resource["address"].startswith(
                    (TF_WORKLOAD_SOURCES + "[", TF_DATA_SERVICE_SOURCES + "[", TF_NETPOL_SOURCE + "[")):
                found[resource["address"]] = resource["values"]["manifests"]
    if TF_DATA_SOURCE not in found:
        raise RuntimeError("the plan holds no kustomization_overlay data")
    ids = [i for manifests in found.values() for i in manifests]
    if len(ids) != len(set(ids)):
        raise RuntimeError("two data sources build the same object")
    # the objects of your own (extraObjects) are no data source's: the module adds them to its
    # `manifests` output, which the plan evaluates from the data sources and the variables
    applied = shown.get("planned_values", {}).get("outputs", {}).get("manifests", {}).get("value") or {}
    extra = [m for i, m in applied.items() if i not in set(ids)]
    return [json.loads(m) for manifests in found.values() for m in manifests.values()] + [json.loads(m) for m in extra]


def terraform(settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
    from composer.terraform import tfvars

    tofu = _tool("tofu")
    if not (paths.BIN / "offline.tfrc").exists():
        raise Skipped("bin/offline.tfrc not found: run `make tools`")
    for part in ("base", "components", "workloads", "terraform"):
        shutil.copytree(paths.ROOT / part, tmp / part, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    workdir = tmp / "terraform"

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([tofu, f"-chdir={workdir}", *args], env=tofu_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"tofu {args[0]} failed:\n{proc.stdout}\n{proc.stderr}".strip())
        return proc

    run("init", "-input=false", "-no-color")
    vars_file = workdir / "parity.tfvars.json"
    vars_file.write_text(tfvars.export(settings), encoding="utf-8")
    return data_source_objects(run, vars_file)


def pulumi(settings: dict[str, Any], tmp: Path) -> list[dict[str, Any]]:
    from composer.pulumi_route import program

    return _objects(kustomize.build(program.write_sources(tmp, settings)))


BUILDERS: dict[str, Callable[[dict[str, Any], Path], list[dict[str, Any]]]] = {
    "kubectl -k": kubectl_k, "kubectl -f": kubectl_f, "helm": _helm("helm"), "helm3": _helm("helm3"),
    "terraform": terraform, "pulumi": pulumi,
}


def digest_secrets(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Secrets with every value replaced by a short digest: two values can be told apart, and
    no value is ever printed."""
    out = []
    for obj in objects:
        if obj.get("kind") == "Secret":
            obj = dict(obj)
            for key in ("data", "stringData"):
                if obj.get(key):
                    obj[key] = {k: "sha256:" + hashlib.sha256(str(v).encode()).hexdigest()[:12]
                                for k, v in obj[key].items()}
        out.append(obj)
    return out


@dataclass
class Report:
    objects: int = 0
    compared: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"identical": not self.differences, "objects": self.objects, "routes": self.compared,
                "skipped": self.skipped, "differences": self.differences}


def compare_routes(settings: dict[str, Any], routes: tuple[str, ...] = ROUTES) -> Report:
    """Build ``settings`` by every route in ``routes`` and compare each with the first that
    builds (kubectl -k). Terraform puts objects of an empty namespace in `default`, which the
    comparison treats as the same place."""
    report = Report()
    built: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="composer-parity-") as tmp:
        shared = _SharedOverlayBuild(settings, Path(tmp) / "overlay")
        builders = dict(BUILDERS, **{"kubectl -k": shared.kubectl_k, "kubectl -f": shared.kubectl_f})

        def build(route: str) -> list[dict[str, Any]]:
            work = Path(tmp) / route.replace(" ", "_")
            work.mkdir()
            return digest_secrets(builders[route](settings, work))

        # every route at once; results (and the first failure) taken in the order of `routes`
        with ThreadPoolExecutor(max_workers=max(1, len(routes))) as pool:
            futures = {route: pool.submit(build, route) for route in routes}
            for route, future in futures.items():
                try:
                    built[route] = future.result()
                except Skipped as exc:
                    report.skipped[route] = str(exc)
    if not built:
        return report
    reference, *others = built
    report.compared = list(built)
    report.objects = len(built[reference])
    for route in others:
        report.differences += [f"{reference} vs {route}: {d}" for d in
                               parity.compare(built[reference], built[route], (reference, route), default_namespace="default")]
    return report
