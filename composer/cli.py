"""The command line: ``python -m composer COMMAND`` (or ``composer COMMAND`` once installed).

On click, with its conventions: ``--help`` on every command, exit 2 on a usage error, shell
completion (``eval "$(_COMPOSER_COMPLETE=bash_source composer)"``; zsh_source, fish_source).
Each command imports what it runs when it runs: ``render`` is on every route's path (the live
tests, a user's loop) and every import is paid on every call, so ``--help`` and ``render`` never
load the Kubernetes client, jsonschema's validators for Helm or the Terraform writer.
``bench/cli_startup.py`` prints what start-up costs.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

SETTINGS_HELP = "Settings file (YAML). Omitted: the defaults of the settings schema."
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
PROG_NAME = "python -m composer"
COMPLETE_VAR = "_COMPOSER_COMPLETE"


def _out(text: str, nl: bool = True) -> None:
    sys.stdout.write(text + ("\n" if nl else ""))


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _load(settings_file: str | None):
    from composer.settings import SettingsError, load_file

    try:
        return load_file(settings_file)
    except SettingsError as exc:
        for problem in exc.problems:
            _err(f"error: {exc.source}: {problem}")
        sys.exit(2)


def _fail(message: str, code: int = 1) -> None:
    _err(f"error: {message}")
    sys.exit(code)


def render_cmd(settings_file: str | None, out_dir: str | None) -> None:
    """Print (or write) every object the settings describe, built by kustomize."""
    from composer import fsutil, kustomize, paths, render

    settings = _load(settings_file)
    argv = "python -m composer render" + (f" --settings {paths.display(Path(settings_file))}" if settings_file else "")
    try:
        if out_dir:
            text = render.rendered_file(settings, argv + f" --out {paths.display(Path(out_dir))}")
            fsutil.write_file_atomically(Path(out_dir) / paths.RENDERED_FILE, text)
            _err(f"wrote {paths.display(Path(out_dir) / paths.RENDERED_FILE)}")
        else:
            _out(render.render(settings, argv), nl=False)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


def summary_cmd(settings_file: str | None) -> None:
    """Print a table of the objects the settings create."""
    from composer import kustomize, render, summary

    settings = _load(settings_file)
    try:
        _out(summary.table(render.render(settings)), nl=False)
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


def overlay_cmd(name: str, settings_file: str | None) -> None:
    """Write overlays/NAME/ for the settings (atomically: on error nothing changes)."""
    from composer import fsutil, kustomize, overlay, paths, render

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
        _err(f"warning: {', '.join(built.plaintext_secrets)} written (base64, not encrypted) into "
             f"{paths.display(target)}/; do not commit it, prefer existingSecret or secretKeyRef")
    _err(f"wrote {paths.display(target)}/ ({len(built.files)} files)")


def export_helm(settings_file: str | None) -> None:
    """Print a Helm values file: `helm install ... -f` it for the same objects as render."""
    from composer.helm import values

    _out(values.export(_load(settings_file)), nl=False)


def export_pulumi(settings_file: str | None) -> None:
    """Print a Pulumi stack config (save it as pulumi/Pulumi.STACK.yaml) for the same objects as render."""
    from composer import paths
    from composer.pulumi_route import config

    settings = _load(settings_file)
    command = "python -m composer export pulumi" + (f" --settings {paths.display(Path(settings_file))}"
                                                    if settings_file else "")
    _out(config.stack_config(settings, command), nl=False)
    if config.plaintext_secrets(settings):
        _err(f"warning: {', '.join(config.plaintext_secrets(settings))} written in plain text; "
             "do not commit the file, prefer existingSecret or `pulumi config set --secret`")


def export_terraform(settings_file: str | None) -> None:
    """Print a .tfvars.json: `terraform apply -var-file` it in terraform/ for the same objects as render."""
    from composer.terraform import tfvars

    settings = _load(settings_file)
    _out(tfvars.export(settings), nl=False)
    if tfvars.plaintext_secrets(settings):
        _err(f"warning: {', '.join(tfvars.plaintext_secrets(settings))} written in plain text; "
             "do not commit the file, prefer existingSecret")


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
            _err(f"wrote {paths.display(artifact.directory)}/ ({len(files)} files)")
    except (kustomize.ToolMissing, kustomize.BuildFailed) as exc:
        _fail(str(exc))


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
    _err("generated files are up to date")


def parity_cmd(settings_file: str | None, output: str, routes: list[str] | None) -> None:
    """Build the settings by every route that can build offline and compare the objects."""
    import json

    from composer import kustomize, routebuild

    settings = _load(settings_file)
    try:
        report = routebuild.compare_routes(settings, tuple(routes) if routes else routebuild.ROUTES)
    except (kustomize.ToolMissing, kustomize.BuildFailed, RuntimeError) as exc:
        _fail(str(exc))
    if output == "json":
        _out(json.dumps(report.as_json(), indent=2))
    else:
        for route, why in report.skipped.items():
            _err(f"skipped: {route}: {why}")
        for line in report.differences:
            _out(line)
        if not report.differences:
            _out(f"identical: {report.objects} objects across {len(report.compared)} routes "
                 f"({', '.join(report.compared)})")
    sys.exit(1 if report.differences else 0)


def diff_cmd(settings_file: str | None, namespace: str | None, kubeconfig: str | None, output: str) -> None:
    """Compare the live objects with what the settings render; exit 1 on drift."""
    import json

    from composer import drift, kustomize

    settings = _load(settings_file)
    namespace = namespace or settings["namespace"] or "default"
    try:
        report = drift.drift(settings, namespace, kubeconfig)
    except drift.ClusterUnreachable as exc:
        _fail(str(exc), 2)
    except (kustomize.ToolMissing, kustomize.BuildFailed, RuntimeError) as exc:
        _fail(str(exc))
    if output == "json":
        _out(json.dumps(report.as_json(), indent=2))
    else:
        for line in report.differences:
            _out(line)
        if not report.differences:
            _out(f"no drift: {report.objects} objects in namespace {namespace} are as the settings render them")
    sys.exit(1 if report.differences else 0)


def routebuild_routes() -> tuple[str, ...]:
    # the names only; composer.routebuild itself loads on use
    return ("kubectl -k", "kubectl -f", "helm", "helm3", "terraform", "pulumi")


def _overlay_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not DNS_LABEL.match(value) or len(value) > 63:
        raise click.BadParameter(f"overlay name {value!r} is invalid; allowed: lowercase letters, digits and '-', "
                                 "starting and ending with a letter or digit, at most 63 characters")
    return value


settings_option = click.option("--settings", "settings_file", metavar="FILE", type=click.Path(dir_okay=False),
                               help=SETTINGS_HELP)
output_option = click.option("--output", type=click.Choice(["text", "json"]), default="text", show_default=True,
                             help="How the report is printed.")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
def cli() -> None:
    """Turn one settings file into every install route's inputs for realtime-svg."""


@cli.command("render", help=render_cmd.__doc__, short_help="Print (or write) the objects the settings describe.")
@settings_option
@click.option("--out", "out_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Write DIR/install.yaml instead of printing.")
def _render(settings_file, out_dir):
    render_cmd(settings_file, out_dir)


@cli.command("summary", help=summary_cmd.__doc__)
@settings_option
def _summary(settings_file):
    summary_cmd(settings_file)


@cli.command("overlay", help=overlay_cmd.__doc__, short_help="Write overlays/NAME/ for the settings.")
@click.argument("name", metavar="NAME", callback=_overlay_name)
@settings_option
def _overlay(name, settings_file):
    overlay_cmd(name, settings_file)


@cli.group("export")
def _export() -> None:
    """Write the settings in another route's own format."""


@_export.command("helm", help=export_helm.__doc__, short_help="Print a Helm values file.")
@settings_option
def _export_helm(settings_file):
    export_helm(settings_file)


@_export.command("pulumi", help=export_pulumi.__doc__, short_help="Print a Pulumi stack config.")
@settings_option
def _export_pulumi(settings_file):
    export_pulumi(settings_file)


@_export.command("terraform", help=export_terraform.__doc__, short_help="Print a .tfvars.json for terraform/.")
@settings_option
def _export_terraform(settings_file):
    export_terraform(settings_file)


@cli.command("parity", short_help="Compare the objects every route builds offline.", help="Build the settings by every route that can build offline (kubectl -k, kubectl -f, "
             "helm, helm3, terraform, pulumi) and compare the objects; exit 1 on a difference. A route whose "
             "tool is missing is reported as skipped.")
@settings_option
@output_option
@click.option("--route", "routes", multiple=True, type=click.Choice(routebuild_routes()), metavar="ROUTE",
              help="Only these routes (repeatable), the first being the reference: "
                   + ", ".join(routebuild_routes()) + ".")
def _parity(settings_file, output, routes):
    parity_cmd(settings_file, output, list(routes) or None)


@cli.command("diff", short_help="Compare the live objects with the settings' objects.", help="Compare the live objects in a namespace with what the settings render (as a "
             "server-side dry run of applying them would leave them); exit 1 on drift, 2 when the cluster "
             "is unreachable.")
@settings_option
@click.option("--namespace", metavar="NS", help="Namespace of the install; default: the settings' namespace, "
              "else `default`.")
@click.option("--kubeconfig", metavar="FILE", help="Kubeconfig of the cluster; default: $KUBECONFIG or "
              "~/.kube/config, as kubectl.")
@output_option
def _diff(settings_file, namespace, kubeconfig, output):
    diff_cmd(settings_file, namespace, kubeconfig, output)


@cli.command("generate", help=generate_cmd.__doc__, short_help="Regenerate every committed generated file.")
def _generate():
    generate_cmd()


@cli.command("check", help=check_cmd.__doc__, short_help="Fail, with a diff, when a generated file is stale.")
def _check():
    check_cmd()


def main(argv: list[str] | None = None, prog_name: str | None = None) -> None:
    """``python -m composer`` and the ``composer`` script: one completion variable for both."""
    cli.main(args=argv, prog_name=prog_name, complete_var=COMPLETE_VAR)
