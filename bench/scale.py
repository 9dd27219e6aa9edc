"""How every route's offline build grows with the number of workloads: a generated system of N
workloads (each with an Ingress path; every third autoscaled, every second on the in-cluster
PostgreSQL, every fourth on the Redis cache role; NetworkPolicies on), and for each N the median
wall time of K runs of

- `python -m composer render`,
- `kubectl kustomize` of the composer's overlay (laid out as `render` lays it out),
- `kubectl kustomize` of the flat floor: one kustomization whose only resource is the rendered
  objects in one file (what kustomize costs at the least for these objects),
- `helm template` of the chart with the exported values, by Helm 4 (bin/helm) and Helm 3 (bin/helm3),
- `tofu plan` of the module's kustomization_overlay data sources only (-target, as
  `composer parity` runs it; `tofu init` is done once before, untimed),
- the Pulumi program (pulumi/__main__.py's program.run()) under Pulumi's mocks with the exported
  stack config, then `kubectl kustomize` of the directory it hands the kubernetes provider: the
  Pulumi route's preview without a cluster (a real `pulumi preview` needs one),
- `python -m composer parity` (every route, compared),

each with its ratio to the flat floor, the peak resident memory of the command's process tree
(wait4's ru_maxrss: the largest single process of the tree), and the number of objects.
A benchmark prints figures; it asserts nothing.

    .venv/bin/python bench/scale.py [--workloads 6,60,200] [--runs 3] [--only render,overlay,...]
                                    [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from composer import overlay, paths, render, routebuild  # noqa: E402
from composer import settings as settings_mod  # noqa: E402
from composer.helm import values as helm_values  # noqa: E402

ROWS = ("render", "overlay", "flat", "helm", "helm3", "tofu", "pulumi", "parity")
LABELS = {
    "render": "composer render",
    "overlay": "kustomize overlay",
    "flat": "kustomize flat floor",
    "helm": "helm template (4)",
    "helm3": "helm template (3)",
    "tofu": "tofu plan (data sources)",
    "pulumi": "pulumi program + kustomize",
    "parity": "composer parity",
}

PULUMI_RUNNER = textwrap.dedent("""\
    import json, os, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    import pulumi, yaml
    from composer import kustomize
    from composer.pulumi_route import config as pconfig, program

    raw = yaml.safe_load(Path(sys.argv[2]).read_text()).get("config") or {}
    config = {k: json.dumps(v) if isinstance(v, (dict, list)) else ("true" if v is True else "false" if v is False
              else "" if v is None else str(v)) for k, v in raw.items()}
    directories = []

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            if args.typ == "kubernetes:kustomize/v2:Directory":
                directories.append(args.inputs["directory"])
            return [f"{args.name}-id", args.inputs]

        def call(self, args):
            return {}

    pulumi.runtime.set_mocks(Mocks(), project=pconfig.PROJECT, stack="bench", preview=True)
    pulumi.runtime.set_all_config(config, [])
    os.environ["RSVG_PULUMI_WORKDIR"] = sys.argv[3]
    pulumi.runtime.test(lambda: program.run())()
    assert len(directories) == 1, directories
    sys.stdout.write(kustomize.build(Path(directories[0])))
""")


def system(n: int) -> dict:
    """The settings of a system of ``n`` workloads."""
    workloads = {}
    for i in range(n):
        name = f"svc-{i:03d}"
        w: dict = {
            "image": {"repository": f"registry.example.com/scale/{name}", "tag": "1.0.0"},
            "port": 8080,
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
            "ingress": {"enabled": True, "className": "nginx", "host": "scale.local", "path": f"/{name}"},
        }
        if i % 3 == 0:
            w["autoscaling"] = {"enabled": True, "minReplicas": 2, "maxReplicas": 6, "targetCPUUtilizationPercentage": 70}
        if i % 2 == 0:
            w["postgresql"] = {"enabled": True, "database": "app"}
        if i % 4 == 0:
            w["redis"] = {"enabled": True, "role": "cache"}
        workloads[name] = w
    return {
        "name": "scale",
        "namespace": "scale",
        "enabled": False,
        "postgresql": {"enabled": True, "user": "app", "existingSecret": "scale-db", "databases": {"app": {}}},
        "redis": {"existingSecret": "scale-redis", "cache": {"enabled": True}},
        "networkPolicy": {"enabled": True},
        "workloads": workloads,
    }


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the process tree) and peak RSS (KiB) of one
    run; stdout discarded, stderr shown on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.read().decode()[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(cmd: list[str], runs: int, cwd: Path = ROOT,
            env: dict[str, str] | None = None) -> tuple[float, float, int]:
    run_once(cmd, cwd, env)  # warm the page cache
    results = [run_once(cmd, cwd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def prepare(n: int, work: Path) -> dict[str, object]:
    """Every input of the commands timed for ``n`` workloads, under ``work``."""
    raw = system(n)
    settings_file = work / "settings.yaml"
    settings_file.write_text(yaml.safe_dump(raw, sort_keys=False))
    settings = settings_mod.load_file(str(settings_file))
    py = [sys.executable, "-m", "composer"]

    def composer_out(*args: str) -> str:
        return subprocess.run([*py, *args, "--settings", str(settings_file)], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout

    rendered = composer_out("render")
    (work / "flat").mkdir()
    (work / "flat" / "install.yaml").write_text(rendered)
    (work / "flat" / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- install.yaml\n")
    overlay_dir = render.write_overlay_tree(work / "tree", overlay.build(settings, render.overlay_header("bench")).files,
                                            "scale")
    (work / "values.yaml").write_text(composer_out("export", "helm"))
    (work / "stack.yaml").write_text(composer_out("export", "pulumi"))
    (work / "pulumi-runner.py").write_text(PULUMI_RUNNER)
    objects = sum(1 for d in yaml.load_all(rendered, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if d)
    return {"settings": settings_file, "overlay": overlay_dir, "objects": objects, "raw": raw}


def tofu_workdir(work: Path, settings_file: Path) -> Path | None:
    """A copy of the module, initialised, with the exported variables; None without tofu."""
    tofu = paths.BIN / "tofu"
    if not tofu.exists() or not (paths.BIN / "offline.tfrc").exists():
        return None
    for part in ("base", "components", "workloads", "terraform"):
        shutil.copytree(ROOT / part, work / "tf" / part, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    workdir = work / "tf" / "terraform"
    subprocess.run([str(tofu), f"-chdir={workdir}", "init", "-input=false", "-no-color"], env=routebuild.tofu_env(),
                   check=True, capture_output=True)
    vars_text = subprocess.run([sys.executable, "-m", "composer", "export", "terraform", "--settings", str(settings_file)],
                               cwd=ROOT, check=True, capture_output=True, text=True).stdout
    (workdir / "bench.tfvars.json").write_text(vars_text)
    return workdir


def commands(n: int, work: Path, inputs: dict[str, object], only: set[str]) -> dict[str, tuple[list[str], dict | None]]:
    kubectl = str(paths.BIN / "kubectl")
    s = str(inputs["settings"])
    out: dict[str, tuple[list[str], dict | None]] = {
        "render": ([sys.executable, "-m", "composer", "render", "--settings", s], None),
        "overlay": ([kubectl, "kustomize", str(inputs["overlay"])], None),
        "flat": ([kubectl, "kustomize", str(work / "flat")], None),
        "helm": ([str(paths.BIN / "helm"), "template", "scale", str(paths.CHART), "--skip-tests",
                  "-f", str(work / "values.yaml"), *helm_values.release_namespace_args(work / "values.yaml")], None),
        "helm3": ([str(paths.BIN / "helm3"), "template", "scale", str(paths.CHART), "--skip-tests",
                   "-f", str(work / "values.yaml"), *helm_values.release_namespace_args(work / "values.yaml")], None),
        "pulumi": ([sys.executable, str(work / "pulumi-runner.py"), str(ROOT), str(work / "stack.yaml"),
                    str(work / "pulumi-work")], None),
        "parity": ([sys.executable, "-m", "composer", "parity", "--settings", s], None),
    }
    if "tofu" in only:
        workdir = tofu_workdir(work, inputs["settings"])
        if workdir is not None:
            out["tofu"] = ([str(paths.BIN / "tofu"), f"-chdir={workdir}", "plan", "-input=false", "-no-color",
                            "-lock=false", *routebuild.TF_TARGETS, "-var-file=bench.tfvars.json",
                            "-var=kubeconfig_path=", "-out=bench.plan"], routebuild.tofu_env())
    return {k: v for k, v in out.items() if k in only}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default="6,60,200", help="comma-separated N (default 6,60,200)")
    parser.add_argument("--runs", type=int, default=3, help="K runs per figure, median taken (default 3)")
    parser.add_argument("--only", default=",".join(ROWS), help="comma-separated rows: " + ",".join(ROWS))
    parser.add_argument("--keep", metavar="DIR", help="keep the generated inputs under DIR")
    args = parser.parse_args()
    only = set(args.only.split(",")) | {"flat"}
    sizes = [int(x) for x in args.workloads.split(",")]
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    counts: dict[int, int] = {}
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        for n in sizes:
            work = tmp / f"n{n}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            inputs = prepare(n, work)
            counts[n] = int(inputs["objects"])
            results[n] = {}
            for row, (cmd, env) in commands(n, work, inputs, only).items():
                results[n][row] = measure(cmd, args.runs, env=env)
                sec, cpu, rss = results[n][row]
                print(f"  N={n:<4} {LABELS[row]:28s} {sec * 1000:9.0f} ms  cpu {cpu * 1000:9.0f} ms  {rss / 1024:7.0f} MB",
                      file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"median of {args.runs} runs each; wall ms and its ratio to the flat floor's at the same N; cpu ms "
          f"(user + system of the process tree) and its ratio; peak = largest RSS of one process of the command")
    head = f"{'':28s}" + "".join(f" | {'N=' + str(n) + ' (' + str(counts[n]) + ' objects)':>46s}" for n in sizes)
    print(head)
    print(f"{'':28s}" + "".join(f" | {'wall ms':>9s} {'ratio':>7s} {'cpu ms':>9s} {'ratio':>7s} {'peak MB':>8s}"
                                  for _ in sizes))
    print("-" * len(head))
    for row in ROWS:
        if not any(row in results[n] for n in sizes):
            continue
        line = f"{LABELS[row]:28s}"
        for n in sizes:
            if row in results[n]:
                sec, cpu, rss = results[n][row]
                line += (f" | {sec * 1000:9.0f} {sec / results[n]['flat'][0]:6.2f}x {cpu * 1000:9.0f} "
                         f"{cpu / results[n]['flat'][1]:6.2f}x {rss / 1024:8.0f}")
            else:
                line += f" | {'-':>9s} {'-':>7s} {'-':>9s} {'-':>7s} {'-':>8s}"
        print(line)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"\ngrowth from N={first} to N={last} (x{last / first:.1f} workloads, "
              f"x{counts[last] / counts[first]:.1f} objects): wall and cpu per object at N={last} / at N={first} "
              f"(1 or below: linear or better)")
        for row in ROWS:
            if row in results[first] and row in results[last]:
                wall = [(results[n][row][0] / counts[n]) for n in (first, last)]
                cpu = [(results[n][row][1] / counts[n]) for n in (first, last)]
                print(f"  {LABELS[row]:28s} wall {wall[1] / wall[0]:5.2f}  cpu {cpu[1] / cpu[0]:5.2f}")


if __name__ == "__main__":
    main()
