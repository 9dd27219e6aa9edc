"""The list of everything the composer generates and commits, in one place.

`generate` writes it and `check` compares it with the working tree, so a new generated
artifact (a chart, tfvars, stack config) is added here once and both commands follow.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from composer import docs, overlay, paths, render, settings


@dataclass(frozen=True)
class Artifact:
    """A directory the composer owns entirely: every file in it is generated."""

    directory: Path
    make: Callable[[], dict[str, str]]  # relative path -> content


def overlay_files(name: str, settings_file: Path) -> dict[str, str]:
    command = f"python -m composer overlay {name} --settings {paths.display(settings_file)}"
    built = overlay.build(settings.load_file(settings_file), render.overlay_header(command))
    return built.files


def rendered_files() -> dict[str, str]:
    command = f"python -m composer render --out {paths.display(paths.RENDERED)}"
    return {paths.RENDERED_FILE: render.rendered_file(settings.load_file(None), command)}


def _chart_files() -> dict[str, str]:
    from composer.helm import chart

    return chart.files()


def artifacts() -> list[Artifact]:
    """rendered/ (the defaults), docs/ (from the schema), the Helm chart and the shipped overlays
    (one per examples/NAME.yaml)."""
    found = [
        Artifact(paths.RENDERED, rendered_files),
        Artifact(paths.DOCS, lambda: {"settings.md": docs.settings_page()}),
        Artifact(paths.CHART, _chart_files),
    ]
    for example in sorted(paths.EXAMPLES.glob("*.yaml")):
        found.append(Artifact(paths.OVERLAYS / example.stem,
                              lambda n=example.stem, f=example: overlay_files(n, f)))
    return found


def on_disk(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {
        str(p.relative_to(directory)): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*")) if p.is_file()
    }
