"""What every data service's part of an overlay has in common (postgresql/, kafka/, redis/):
a kustomization over the service's components, every object renamed from realtime-svg to
the settings' name, every setting a JSON6902 patch file, and the wait container a workload
that uses the service gets. Each service's module (composer/postgresql.py, kafka.py,
redis.py) says only what is its own: which components, which ops, which wait script."""
from __future__ import annotations

from typing import Any

from composer import paths, sources, yamlio

def op(kind: str, path: str, value: Any = None) -> dict[str, Any]:
    return {"op": kind, "path": path} if kind == "remove" else {"op": kind, "path": path, "value": value}


class Part:
    """The files of one data service's directory in an overlay, written patch by patch.

    ``components`` are the names under components/ the part builds; the rename ops of their
    objects are added to each object's patch, and an object nobody patches gets a patch of
    its renames alone when ``files()`` is called."""

    def __init__(self, settings: dict[str, Any], components: list[str], root_rel: str):
        self.components = components
        self.root_rel = root_rel
        self.renames = sources.rename_ops([paths.COMPONENTS / c for c in components], settings["name"])
        self._files: dict[str, str] = {}
        self._patches: list[dict[str, Any]] = []

    def patch(self, kind: str, old: str, ops: list[dict[str, Any]], rename: bool = True) -> None:
        """``ops`` (and, with ``rename``, the object's renames) on object ``kind``/``old``."""
        ops = ops + (self.renames.pop((kind, old), []) if rename else [])
        stem = old[len(sources.BASE_NAME) + 1:]
        filename = f"patch-{kind.lower()}-{stem}.yaml"
        self._files[filename] = yamlio.dump(ops)
        self._patches.append({"path": filename, "target": {"kind": kind, "name": old}})

    def renames_of(self, kind: str, old: str) -> list[dict[str, Any]]:
        """Take the rename ops of ``kind``/``old`` (to patch it with other ops than the usual)."""
        return self.renames.pop((kind, old), [])

    def delete(self, kind: str, api_version: str, old: str) -> None:
        """Leave object ``kind``/``old`` out (a Secret when the user names one of theirs)."""
        self.renames.pop((kind, old), None)
        filename = f"delete-{kind.lower()}.yaml"
        self._files[filename] = yamlio.dump(
            {"$patch": "delete", "apiVersion": api_version, "kind": kind, "metadata": {"name": old}})
        self._patches.append({"path": filename})

    def files(self, title: str, labels: list[dict[str, Any]]) -> dict[str, str]:
        for kind, old in list(self.renames):
            self.patch(kind, old, [])
        kustomization: dict[str, Any] = {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "components": [f"{self.root_rel}/components/{c}" for c in self.components],
            "labels": labels,
            "patches": self._patches,
        }
        self._files["kustomization.yaml"] = (f"# {title}: generated with the overlay around it; do not edit.\n"
                                             + yamlio.dump(kustomization))
        return self._files


def wait_container(service: str, image: dict[str, Any], shell: str, script: str,
                   env: list[dict[str, Any]]) -> dict[str, Any]:
    """The init container `wait-for-<service>`: ``script`` under ``shell`` in the service's own
    image (which has its client), with ``env`` (the connection, by reference)."""
    return {
        "name": f"wait-for-{service}",
        "image": f"{image['repository']}:{image['tag']}",
        "imagePullPolicy": image["pullPolicy"],
        "command": [shell, "-c", script],
        "env": env,
        # small, and under Pod Security "restricted" like every container (new dicts each
        # time: a YAML writer would make a shared one an anchor and alias)
        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
    }
