"""The command line: ``python -m composer render|overlay|summary|export|check|generate``.

argparse, not a CLI framework, and every other import inside the commands: ``render`` runs on
every route's path (the live tests, a user's loop), and each import is paid on every call.
``--help`` is fast and ``render`` never loads the Kubernetes client.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SETTINGS_HELP = "Settings file (YAML). Omitted: the defaults of the settings schema."
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m composer",
                                     description="Turn one settings file into every install route's inputs for realtime-svg.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, func, help_: str, parent=commands) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_, description=help_)
        sub.set_defaults(func=func)
        return sub

    def settings_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--settings", dest="settings_file", metavar="FILE", help=SETTINGS_HELP)

    sub = command("render", render_cmd, "Print (or write) every object the settings describe, built by kustomize.")
    settings_option(sub)
    sub.add_argument("--out", dest="out_dir", metavar="DIR", help="Write DIR/install.yaml instead of printing.")
    settings_option(command("summary", summary_cmd, "Print a table of the objects the settings create."))
    sub = command("overlay", overlay_cmd, "Write overlays/NAME/ for the settings (atomically: on error nothing changes).")
    sub.add_argument("name", metavar="NAME")
    settings_option(sub)
    export = commands.add_parser("export", help="Write the settings in another route's own format.")
    routes = export.add_subparsers(dest="route", metavar="ROUTE", required=True)
    settings_option(command("helm", export_helm, "Print a Helm values file: `helm install ... -f` it for the same "
                            "objects as render.", routes))
    settings_option(command("pulumi", export_pulumi, "Print a Pulumi stack config (save it as pulumi/Pulumi.STACK.yaml) "
                            "for the same objects as render.", routes))
    settings_option(command("terraform", export_terraform, "Print a .tfvars.json: `terraform apply -var-file` it in "
                            "terraform/ for the same objects as render.", routes))
    sub = command("parity", parity_cmd, "Build the settings by every route that can build offline (kubectl -k, "
                  "kubectl -f, helm, helm3, terraform, pulumi) and compare the objects; exit 1 on a difference. "
                  "A route whose tool is missing is reported as skipped.")
    settings_option(sub)
    sub.add_argument("--output", choices=("text", "json"), default="text", help="text (default) or json.")
    sub.add_argument("--route", dest="routes", action="append", choices=routebuild_routes(), metavar="ROUTE",
                     help="Only these routes (repeatable), the first being the reference: " + ", ".join(routebuild_routes()))
    sub = command("diff", diff_cmd, "Compare the live objects in a namespace with what the settings render (as a "
                  "server-side dry run of applying them would leave them); exit 1 on drift, 2 when the cluster is "
                  "unreachable.")
    settings_option(sub)
    sub.add_argument("--namespace", metavar="NS", help="Namespace of the install; default: the settings' namespace, "
                     "else `default`.")
    sub.add_argument("--kubeconfig", metavar="FILE", help="Kubeconfig of the cluster; default: $KUBECONFIG or "
                     "~/.kube/config, as kubectl.")
    sub.add_argument("--output", choices=("text", "json"), default="text", help="text (default) or json.")
    command("generate", generate_cmd, "Regenerate everything committed: rendered/, docs/, the chart, terraform/, "
            "pulumi/ and the overlays of examples/*.yaml (a user's working files there are kept).")
    command("check", check_cmd, "Exit non-zero, with a diff, when a committed generated file is stale.")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = vars(_parser().parse_args(argv))
    func = args.pop("func")
    args.pop("command")
    args.pop("route", None)
    func(**args)
