"""Where things live in the repository, so no other module hard-codes a path."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "base"
COMPONENTS = ROOT / "components"
WORKLOADS = ROOT / "workloads"  # the workload base and its components
OVERLAYS = ROOT / "overlays"
EXAMPLES = ROOT / "examples"
RENDERED = ROOT / "rendered"
DOCS = ROOT / "docs"
CHART = ROOT / "helm-wrapper" / "realtime-svg"
BIN = ROOT / "bin"
SCHEMA = Path(__file__).resolve().parent / "settings.schema.json"

# The file name of a render written with --out, and of the committed rendered/ copy.
RENDERED_FILE = "install.yaml"


def display(path: Path) -> str:
    """A path as the user should see it: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
