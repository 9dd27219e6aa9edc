"""CPU time (user + sys) of one `pulumi up` of the Pulumi route, in total and per process: the
CLI (engine), the language host, the Python program and the kubernetes provider. Each run is a
fresh stack on a local file backend installing into a fresh namespace of the cluster that
KUBECONFIG names (default: the local control plane, .cluster/kubeconfig); it is destroyed after.

    .venv/bin/python bench/pulumi_cpu.py [--settings examples/dev.yaml] [--ingress] [--runs 3]
                                         [--bin DIR] [--venv DIR]

--ingress turns `ingress.enabled` on (host realtime-svg.example.com). --hold SECONDS makes the
rollout that long: every node is cordoned before `pulumi up` and uncordoned SECONDS after it
started, so the provider awaits Pending pods meanwhile (the local cluster's kwok nodes make a pod
Ready as soon as it is scheduled); that is when the old SDK's busy loop burned a core. --bin puts DIR first on
PATH (another build of pulumi and its plugins), --venv runs the program in another virtualenv
(another Python SDK): how the figures before the move to a Pulumi release without the busy
loop of `wait_for_rpcs` (pulumi/pulumi#22411) were taken.

The total is the children's rusage of the `pulumi up` process tree (every process is waited
for); the split is sampled from /proc every 10 ms (so it may miss the last few ms of a process).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer import settings as settings_mod  # noqa: E402
from composer.pulumi_route import config as pconfig  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ROLES = ("engine (pulumi)", "language host", "Python program", "kubernetes provider")


def role_of(cmdline: list[str]) -> str | None:
    text = " ".join(cmdline)
    if "pulumi-language-python-exec" in text:
        return ROLES[2]
    name = Path(cmdline[0]).name if cmdline else ""
    if name == "pulumi-language-python":
        return ROLES[1]
    if name == "pulumi-resource-kubernetes":
        return ROLES[3]
    if name == "pulumi":
        return ROLES[0]
    return None


class Sampler(threading.Thread):
    """The last utime+stime seen of every process under ``root`` (by pid), with its role."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.stop, self.seen = root, threading.Event(), {}

    def run(self) -> None:
        while not self.stop.wait(0.01):
            self.sample()

    def sample(self) -> None:
        parents, stats = {}, {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                raw = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = raw.rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            stats[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
        for pid, cpu in stats.items():
            p, depth = pid, 0
            while p in parents and p != self.root and depth < 10:
                p, depth = parents[p], depth + 1
            if p != self.root:
                continue
            if pid not in self.seen:
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                self.seen[pid] = [role_of([c.decode() for c in cmd if c]), 0.0]
            self.seen[pid][1] = max(self.seen[pid][1], cpu)

    def by_role(self) -> dict[str, float]:
        out = dict.fromkeys(ROLES, 0.0)
        for role, cpu in self.seen.values():
            if role:
                out[role] += cpu
        return out


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")


def one_up(settings: dict, bindir: Path | None, venv: Path, kubeconfig: str, scratch: Path, n: int,
           hold: float = 0) -> dict:
    work = scratch / f"run{n}"
    project = work / "project"
    shutil.copytree(ROOT / "pulumi", project, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
    yml = project / "Pulumi.yaml"
    yml.write_text(yml.read_text().replace("virtualenv: ../.venv", f"virtualenv: {venv}"))
    for sub in ("state", "home", "work"):
        (work / sub).mkdir()
    ns = f"bench-cpu-{os.getpid()}-{n}"
    s = settings_mod.validate({**settings, "namespace": ns})
    (project / "Pulumi.bench.yaml").write_text(pconfig.stack_config(s, "bench/pulumi_cpu.py"))
    path = [str(bindir)] if bindir else []
    env = {**os.environ, "PATH": os.pathsep.join(path + [str(ROOT / "bin"), os.environ["PATH"]]),
           "KUBECONFIG": kubeconfig, "PULUMI_BACKEND_URL": f"file://{work / 'state'}",
           "PULUMI_HOME": str(work / "home"), "PULUMI_CONFIG_PASSPHRASE": "bench",
           "PULUMI_SKIP_UPDATE_CHECK": "true", "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
           "RSVG_PULUMI_WORKDIR": str(work / "work")}
    kubectl = str(ROOT / "bin" / "kubectl")
    run([kubectl, "create", "namespace", ns], ROOT, env)
    pulumi = shutil.which("pulumi", path=env["PATH"])
    version = subprocess.run([pulumi, "version"], env=env, capture_output=True, text=True).stdout.strip()
    run([pulumi, "stack", "init", "bench", "--non-interactive"], project, env)
    nodes = []
    if hold:
        nodes = [line.split("/", 1)[1] for line in subprocess.run(
            [kubectl, "get", "nodes", "-o", "name"], env=env, capture_output=True, text=True, check=True).stdout.split()]
        run([kubectl, "cordon", *nodes], ROOT, env)
    uncordon = threading.Timer(hold, lambda: run([kubectl, "uncordon", *nodes], ROOT, env))
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        if hold:
            uncordon.start()
        proc = subprocess.Popen([pulumi, "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never"],
                                cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sampler = Sampler(proc.pid)
        sampler.start()
        out, _ = proc.communicate()
        wall = time.monotonic() - start
        sampler.stop.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode:
            raise SystemExit(f"pulumi up exited {proc.returncode}:\n{out}")
        total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return {"pulumi": version, "wall": wall, "cpu": total, **sampler.by_role()}
    finally:
        if nodes:
            uncordon.cancel()
            subprocess.run([kubectl, "uncordon", *nodes], env=env, capture_output=True)
        subprocess.run([pulumi, "destroy", "--yes", "--skip-preview", "--non-interactive"], cwd=project, env=env,
                       capture_output=True)
        subprocess.run([kubectl, "delete", "namespace", ns, "--wait=false"], env=env, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default=str(ROOT / "examples" / "dev.yaml"))
    parser.add_argument("--ingress", action="store_true", help="turn ingress.enabled on")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hold", type=float, default=0, help="seconds the nodes stay cordoned after `pulumi up` starts")
    parser.add_argument("--bin", type=Path, help="a directory with pulumi and its plugins, first on PATH")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="the program's virtualenv")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kubeconfig = os.environ.get("KUBECONFIG") or str(ROOT / ".cluster" / "kubeconfig")
    settings = settings_mod.parse_yaml(Path(args.settings).read_text(), args.settings)
    if args.ingress:
        settings["ingress"] = {**(settings.get("ingress") or {}), "enabled": True,
                               "host": "realtime-svg.example.com"}
    results = []
    with tempfile.TemporaryDirectory(prefix="pulumi-cpu-", dir=os.environ.get("RSVG_BENCH_TMP")) as tmp:
        for n in range(args.runs):
            results.append(one_up(settings, args.bin, args.venv.resolve(), kubeconfig, Path(tmp), n, args.hold))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    sdk = subprocess.run([str(args.venv / "bin" / "python"), "-c", "import importlib.metadata as m; print(m.version('pulumi'))"],
                         capture_output=True, text=True).stdout.strip()
    print(f"pulumi up of {args.settings}{' + ingress' if args.ingress else ''}"
          f"{f', rollout held {args.hold:g}s' if args.hold else ''}: CLI {results[0]['pulumi']}, "
          f"Python SDK {sdk}; median of {len(results)} runs (each: " +
          ", ".join(f"{r['cpu']:.2f}s" for r in results) + " CPU)")
    for key, label in [("wall", "wall time"), ("cpu", "CPU user+sys, all processes")] + [(r, f"  {r}") for r in ROLES]:
        print(f"{label:32} {statistics.median(r[key] for r in results):6.2f} s")


if __name__ == "__main__":
    main()
