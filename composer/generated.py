"""The list of everything the composer generates and commits, in one place.

`generate` writes it and `check` compares it with the working tree, so a new generated
artifact (a chart, tfvars, stack config) is added here once and both commands follow.
"""
from __future__ import annotations

import fnmatch
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from composer import docs, overlay, paths, render, settings


@dataclass(frozen=True)
class Artifact:
    """A directory the composer owns: every file in it is generated, except the top-level
    entries matching ``keep`` (a user's working files, such as Terraform state), which
    `check` ignores and `generate` carries over unchanged."""

    directory: Path
    make: Callable[[], dict[str, str]]  # relative path -> content
    keep: tuple[str, ...] = ()

    def kept(self, rel: str, generated: dict[str, str]) -> bool:
        """A user's file: its top-level entry matches ``keep`` and is not generated."""
        top = rel.split("/", 1)[0]
        if any(g == top or g.startswith(top + "/") for g in generated):
            return False
        return any(fnmatch.fnmatch(top, pattern) for pattern in self.keep)

    def on_disk(self, generated: dict[str, str]) -> dict[str, str]:
        return {rel: text for rel, text in on_disk(self.directory).items() if not self.kept(rel, generated)}

    def carry_kept(self, stage: Path, generated: dict[str, str]) -> None:
        """Copy the user's kept top-level entries of the current directory into ``stage``."""
        if not self.directory.is_dir():
            return
        for entry in sorted(self.directory.iterdir()):
            if self.kept(entry.name, generated):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.copytree(entry, stage / entry.name, symlinks=True)
                else:
                    shutil.copy2(entry, stage / entry.name, follow_symlinks=False)


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


def _terraform_files() -> dict[str, str]:
    from composer.terraform import files

    return files.files()


def _terraform_working_files() -> tuple[str, ...]:
    from composer.terraform import files

    return files.WORKING_FILES


def _pulumi_files() -> dict[str, str]:
    from composer.pulumi_route import project

    return project.files()


def _pulumi_working_files() -> tuple[str, ...]:
    from composer.pulumi_route import project

    return project.WORKING_FILES


def artifacts() -> list[Artifact]:
    """rendered/ (the defaults), docs/ (from the schema), the Helm chart, terraform/, pulumi/
    and the shipped overlays (one per examples/NAME.yaml)."""
    found = [
        Artifact(paths.RENDERED, rendered_files),
        Artifact(paths.DOCS, lambda: {"settings.md": docs.settings_page()}),
        Artifact(paths.CHART, _chart_files),
        Artifact(paths.ROOT / "terraform", _terraform_files, keep=_terraform_working_files()),
        Artifact(paths.ROOT / "pulumi", _pulumi_files, keep=_pulumi_working_files()),
    ]
    for example in sorted(paths.EXAMPLES.glob("*.yaml")):
        found.append(Artifact(paths.OVERLAYS / example.stem,
                              lambda n=example.stem, f=example: overlay_files(n, f)))
    return found


def on_disk(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {
        str(p.relative_to(directory)): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(directory.rglob("*")) if p.is_file() and not p.is_symlink()
    }
