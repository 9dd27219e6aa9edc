"""Median wall time of `python -m composer render` and `helm template` (4 and 3) on each
example against `kubectl kustomize overlays/<example>` alone, measured in the same run;
prints a ratio.

    .venv/bin/python bench/render_vs_kustomize.py [--runs 15]
"""
from __future__ import annotations

import argparse
import tempfile
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.helm import values as helm_values  # noqa: E402  (the chart's release namespace)


def median_seconds(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # warm the page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    kubectl = str(ROOT / "bin" / "kubectl")
    chart = str(ROOT / "helm-wrapper" / "realtime-svg")
    baseline = {}

    def kustomize(name: str) -> float:
        if name not in baseline:
            baseline[name] = median_seconds([kubectl, "kustomize", f"overlays/{name}"], args.runs)
            print(f"{'kubectl kustomize overlays/' + name:55s} median {baseline[name] * 1000:7.1f} ms")
        return baseline[name]

    def report(label: str, seconds: float, against: str) -> None:
        print(f"{label:55s} median {seconds * 1000:7.1f} ms  ratio to kustomize {seconds / kustomize(against):.2f}")

    for example in sorted((ROOT / "examples").glob("*.yaml")):
        report(f"composer render --settings examples/{example.name}",
               median_seconds([sys.executable, "-m", "composer", "render", "--settings", f"examples/{example.name}"],
                              args.runs), example.stem)
    with tempfile.TemporaryDirectory() as tmp:
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            values = Path(tmp) / f"{example.stem}.yaml"
            values.write_text(subprocess.run([sys.executable, "-m", "composer", "export", "helm", "--settings", str(example)],
                                             cwd=ROOT, check=True, capture_output=True, text=True).stdout)
            for helm in ("helm", "helm3"):
                cmd = [str(ROOT / "bin" / helm), "template", "realtime-svg", chart, "-f", str(values),
                       *helm_values.release_namespace_args(values)]
                report(f"{helm} template -f <{example.stem} values>", median_seconds(cmd, args.runs), example.stem)
    print(f"({args.runs} runs each)")


if __name__ == "__main__":
    main()
