"""Median wall time of `python -m composer render` on the dev settings against
`kubectl kustomize overlays/dev` alone, measured in the same run; prints a ratio.

    .venv/bin/python bench/render_vs_kustomize.py [--runs 15]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], runs: int) -> float:
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
    pairs = [
        ("composer render --settings examples/dev.yaml",
         [sys.executable, "-m", "composer", "render", "--settings", "examples/dev.yaml"]),
        ("kubectl kustomize overlays/dev", [kubectl, "kustomize", "overlays/dev"]),
    ]
    results = {label: median_seconds(cmd, args.runs) for label, cmd in pairs}
    for label, seconds in results.items():
        print(f"{label:45s} median {seconds * 1000:7.1f} ms over {args.runs} runs")
    composer, kustomize = results.values()
    print(f"ratio composer/kustomize: {composer / kustomize:.2f}")


if __name__ == "__main__":
    main()
