"""The command line: ``python -m composer render|overlay|summary|export|check|generate``.

Imports of anything heavier than click stay inside the commands, so ``--help`` is fast
and ``render`` never loads the Kubernetes client.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

SETTINGS_HELP = "Settings file (YAML). Omitted: the defaults of the settings schema."
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _load(settings_file: str | None):
    from composer.settings import SettingsError, load_file

    try:
        return load_file(settings_file)
    except SettingsError as exc:
        for problem in exc.problems:
            click.echo(f"error: {exc.source}: {problem}", err=True)
        sys.exit(2)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn one settings file into every install route's inputs for realtime-svg."""


@main.command("render")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write DIR/install.yaml instead of printing.")
def render_cmd(settings_file: str | None, out_dir: str | None) -> None:
    """Print (or write) every object the settings describe, built by kustomize."""
    from composer import fsutil, kustomize, paths, render

    settings = _load(settings_file)
    argv = "python -m composer render" + (f" --settings {paths.display(Path(settings_file))}" if settings_file else "")
    try:
        if out_dir:
            text = render.rendered_file(settings, argv + f" --out {paths.display(Path(out_dir))}")
            fsutil.write_file_atomically(Path(out_dir) / paths.RENDERED_FILE, text)
            click.echo(f"wrote {paths.display(Path(out_dir) / paths.RENDERED_FILE)}", err=True)
        else:
            click.echo(render.render(settings, argv), nl=False)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


@main.command("summary")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
def summary_cmd(settings_file: str | None) -> None:
    """Print a table of the objects the settings create."""
    from composer import kustomize, render, summary

    settings = _load(settings_file)
    try:
        click.echo(summary.table(render.render(settings)), nl=False)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


@main.command("overlay")
@click.argument("name")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
def overlay_cmd(name: str, settings_file: str | None) -> None:
    """Write overlays/NAME/ for the settings (atomically: on error nothing changes)."""
    from composer import fsutil, kustomize, overlay, paths, render

    if not DNS_LABEL.match(name) or len(name) > 63:
        _fail(f"overlay name {name!r} is invalid; allowed: lowercase letters, digits and '-', "
              "starting and ending with a letter or digit", 2)
    settings = _load(settings_file)
    source = paths.display(Path(settings_file)) if settings_file else None
    command = f"python -m composer overlay {name}" + (f" --settings {source}" if source else "")
    built = overlay.build(settings, render.overlay_header(command))
    target = paths.OVERLAYS / name
    try:
        with fsutil.staged_directory(target) as stage:
            fsutil.write_tree(stage, built.files)
            kustomize.build(stage)  # refuse to install an overlay kustomize cannot build
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))
    if built.plaintext_secrets:
        click.echo(f"warning: {', '.join(built.plaintext_secrets)} written (base64, not encrypted) into "
                   f"{paths.display(target)}/patch-secret-*.yaml; do not commit it, prefer existingSecret", err=True)
    click.echo(f"wrote {paths.display(target)}/ ({len(built.files)} files)", err=True)


@main.group("export")
def export_group() -> None:
    """Write the settings in another route's own format."""


@export_group.command("helm")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
def export_helm(settings_file: str | None) -> None:
    """Print a Helm values file: `helm install ... -f` it for the same objects as render."""
    from composer.helm import values

    click.echo(values.export(_load(settings_file)), nl=False)


@export_group.command("pulumi")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
def export_pulumi(settings_file: str | None) -> None:
    """Print a Pulumi stack config (save it as pulumi/Pulumi.STACK.yaml) for the same objects as render."""
    from composer import paths
    from composer.pulumi_route import config

    settings = _load(settings_file)
    command = "python -m composer export pulumi" + (f" --settings {paths.display(Path(settings_file))}"
                                                    if settings_file else "")
    click.echo(config.stack_config(settings, command), nl=False)
    if config.plaintext_secrets(settings):
        click.echo(f"warning: {', '.join(config.plaintext_secrets(settings))} written in plain text; "
                   "do not commit the file, prefer existingSecret or `pulumi config set --secret`", err=True)


@export_group.command("terraform")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help=SETTINGS_HELP)
def export_terraform(settings_file: str | None) -> None:
    """Print a .tfvars.json: `terraform apply -var-file` it in terraform/ for the same objects as render."""
    from composer.terraform import tfvars

    settings = _load(settings_file)
    click.echo(tfvars.export(settings), nl=False)
    if tfvars.plaintext_secrets(settings):
        click.echo(f"warning: {', '.join(tfvars.plaintext_secrets(settings))} written in plain text; "
                   "do not commit the file, prefer existingSecret", err=True)


@main.command("generate")
def generate_cmd() -> None:
    """Regenerate everything committed: rendered/, docs/, the chart, terraform/, pulumi/ and
    the overlays of examples/*.yaml (a user's working files there are kept)."""
    from composer import fsutil, generated, kustomize, paths

    try:
        for artifact in generated.artifacts():
            files = artifact.make()
            with fsutil.staged_directory(artifact.directory) as stage:
                fsutil.write_tree(stage, files)
                artifact.carry_kept(stage, files)
            click.echo(f"wrote {paths.display(artifact.directory)}/ ({len(files)} files)", err=True)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


@main.command("check")
def check_cmd() -> None:
    """Exit non-zero, with a diff, when a committed generated file is stale."""
    import difflib

    from composer import generated, kustomize, paths

    stale = 0
    try:
        for artifact in generated.artifacts():
            want = artifact.make()
            have = artifact.on_disk(want)
            for rel in sorted(set(want) | set(have)):
                if want.get(rel) == have.get(rel):
                    continue
                stale += 1
                shown = f"{paths.display(artifact.directory)}/{rel}"
                diff = difflib.unified_diff(
                    (have.get(rel) or "").splitlines(keepends=True),
                    (want.get(rel) or "").splitlines(keepends=True),
                    fromfile=f"{shown} (committed{'' if rel in have else ', missing'})",
                    tofile=f"{shown} (generated{'' if rel in want else ': should not exist'})",
                )
                sys.stdout.writelines(diff)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))
    if stale:
        _fail(f"{stale} generated file(s) are stale: run `python -m composer generate` (or `make generate`)")
    click.echo("generated files are up to date", err=True)
