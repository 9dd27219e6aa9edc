"""The Pulumi program of the Pulumi route (pulumi/__main__.py calls ``run()``).

1. The stack config (keys = the settings) is converted and validated by the composer; bad
   config raises before any resource, provider included, is registered, so nothing is touched.
2. The composer builds the settings' overlay in-process (composer.overlay.build, as every other
   route does) and writes it next to copies of base/ and components/ in a scratch directory.
3. pulumi_kubernetes' kustomize.v2.Directory builds and applies it, with no resource prefix, in
   the settings' namespace or, when that is empty, in ``default`` (never the kubeconfig's).

Three traps and how they are handled:

- ConfigMap/Secret replacement: the generated ConfigMap and Secret keep kustomize's content-hash
  suffix, so new configuration is a new object (a new resource to Pulumi) and the Deployment's
  pod template changes and rolls; Pulumi deletes the old object only at the end of the update,
  after the Deployment has finished rolling out. Nothing is mutated or replaced in place.
- Readiness: Deployments and StatefulSets are awaited until the rollout is complete and the pods
  are Ready; Services, Ingresses and Jobs are not (pulumi.com/skipAwait): no other route waits for
  an ingress controller's address or a Job's completion, a Service's endpoints are the pods
  already awaited, and a workload that needs the PostgreSQL init Job's user and database is not
  Ready before the Job has made them (its wait-for-postgresql init container logs in as that user).
- Server-side apply conflicts: `kubectl scale` (or an autoscaler) takes over spec.replicas, and
  the next apply of a changed `replicas` would fail with a conflict. The stack is the source of
  truth, so every object carries pulumi.com/patchForce: "true" (an ownership annotation, added by
  one extra patch in this route only; it changes no name or hash) and Pulumi takes its fields back.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from composer import overlay, render, yamlio
from composer.pulumi_route import config as pconfig

OVERLAY = "pulumi"  # overlays/<this> inside the scratch directory
PATCH_FORCE = {
    "patch": yamlio.dump({"apiVersion": "v1", "kind": "Any",
                          "metadata": {"name": "any", "annotations": {"pulumi.com/patchForce": "true"}}}),
    "target": {"name": ".*"},
}
# Every route returns when the workloads are Ready, and only then: Deployments are awaited, but
# not a Service or an Ingress. An Ingress's address comes from an ingress controller that many
# clusters (bare metal, the local test cluster) lack, and the provider would wait 10 minutes for
# it and fail; a Service's endpoints are the Deployment's Ready pods, already awaited, and the
# provider adds a fixed wait of about 10 s after they change. A Job (the PostgreSQL init Job) is
# not awaited either, as Helm's --wait, `kubectl rollout status` and the module's wait do not: the
# provider would hold `pulumi up` until the Job completes (1-2 s more on the local cluster, after
# the workloads are Ready), while the workloads that need it are already held by their
# wait-for-postgresql init containers, which log in as the user the Job creates.
SKIP_AWAIT_KINDS = ("Service", "Ingress", "Job")
SKIP_AWAIT = {
    "patch": yamlio.dump({"apiVersion": "v1", "kind": "Any",
                          "metadata": {"name": "any", "annotations": {"pulumi.com/skipAwait": "true"}}}),
    "target": {"kind": f"^({'|'.join(SKIP_AWAIT_KINDS)})$", "name": ".*"},
}


def overlay_files(settings: dict[str, Any]) -> dict[str, str]:
    """The overlay the program hands to kustomize: the composer's overlay for ``settings`` plus
    the patchForce annotation patch."""
    built = overlay.build(settings, "")
    files = dict(built.files)
    kustomization = yaml.safe_load(files["kustomization.yaml"])
    kustomization["patches"] = list(kustomization.get("patches") or []) + [PATCH_FORCE, SKIP_AWAIT]
    files["kustomization.yaml"] = (render.overlay_header("the Pulumi route (composer/pulumi_route/program.py)")
                                   + yamlio.dump(kustomization))
    return files


def write_sources(root: Path, settings: dict[str, Any]) -> Path:
    """base/, components/ and overlays/pulumi/ under ``root`` (replaced); returns the overlay dir."""
    return render.write_overlay_tree(root, overlay_files(settings), OVERLAY)


def scratch_root(project: str, stack: str) -> Path:
    """One fixed directory per stack, so the Directory's `directory` input only changes when the
    stack does (a new path on every run would be a change on every preview)."""
    base = Path(os.environ.get("RSVG_PULUMI_WORKDIR") or Path(tempfile.gettempdir()) / "realtime-svg-pulumi")
    return base / f"{project}.{stack}"


def namespace_of(settings: dict[str, Any]) -> str:
    """The namespace every object goes to: the settings' one, or `default` (FR-016)."""
    return settings["namespace"] or "default"


def load_settings() -> dict[str, Any]:
    """The stack config as settings; a pulumi.RunError with the composer's messages when bad."""
    import pulumi
    from pulumi.runtime import config as runtime_config

    from composer.settings import SettingsError

    raw = dict(runtime_config.CONFIG.get()) or dict(pulumi.runtime.get_config_env())
    project, stack = pulumi.get_project(), pulumi.get_stack()
    try:
        return pconfig.settings_from_config(raw, project=project, source=f"stack {stack} config")
    except SettingsError as exc:
        raise pulumi.RunError(f"invalid settings in the stack config, nothing was changed:\n{exc}") from None


def run() -> None:
    import pulumi
    import pulumi_kubernetes as k8s

    from composer.pulumi_route.directory import Directory  # the SDK's, with `resources` typed right

    # The Directory's `resources` output lists every applied object. With resource references on,
    # the SDK rehydrates each one into an SDK resource object (one `getResource` call each, and an
    # import of its class's module): about 0.5 s after the objects are Ready, for an output this
    # program never reads. Off, the engine hands back the objects' IDs as strings (Pulumi's own
    # switch, read by the SDK at each registration; it changes nothing in the state or the objects).
    os.environ["PULUMI_DISABLE_RESOURCE_REFERENCES"] = "true"
    settings = load_settings()  # first: bad config registers nothing
    root = scratch_root(pulumi.get_project(), pulumi.get_stack())
    overlay_dir = write_sources(root, settings)
    # The provider reads the directory while the program runs; remove it when the program ends.
    atexit.register(shutil.rmtree, root, True)

    namespace = namespace_of(settings)
    kube = pulumi.Config("kubernetes")
    provider = k8s.Provider(
        "kubernetes",
        kubeconfig=kube.get("kubeconfig"),  # unset: $KUBECONFIG or ~/.kube/config, as kubectl
        context=kube.get("context"),
        namespace=namespace,
        enable_server_side_apply=True,
    )
    Directory(
        "realtime-svg",
        directory=str(overlay_dir),
        namespace=namespace,
        resource_prefix="",
        opts=pulumi.ResourceOptions(provider=provider),
    )
    pulumi.export("namespace", namespace)
    pulumi.export("name", settings["name"])
    pulumi.export("replicas", settings["replicas"])
