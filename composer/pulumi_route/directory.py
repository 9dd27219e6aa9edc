"""pulumi_kubernetes.kustomize.v2.Directory, with its `resources` output typed as the provider
returns it (a list of the applied objects' references), imported without kustomize v1.

The SDK pinned here types that output as a string, so the Python runtime raises "Unexpected type.
Expected 'list' got '<class 'str'>'" after the objects have been applied, and the update fails
(pulumi/pulumi-kubernetes#3389; the schema was fixed in #4295, released in 4.30, whose provider
module the Go module proxy does not serve). The component is the SDK's own class, the same type
token and the same provider Construct; only the getter's annotation differs.

Import cost: the package ``pulumi_kubernetes.kustomize`` re-exports kustomize v1 (``from .kustomize
import *``), which imports ``pulumi_kubernetes.yaml`` and with it every resource class of the SDK:
about 0.3 s of CPU, 1 s on a busy machine, on every ``pulumi up``, for a module this program never
uses. So the package is registered without running its ``__init__`` before ``v2`` is imported; v2
itself only needs ``pulumi`` and ``pulumi_kubernetes._utilities``.

Imported only by program.run(): it needs the Pulumi SDKs.
"""
from __future__ import annotations

import importlib.util
import sys
from typing import Any, Optional, Sequence

import pulumi

import pulumi_kubernetes  # noqa: E402,F401  (the parent package, as a normal import)

_PACKAGE = "pulumi_kubernetes.kustomize"
if f"{_PACKAGE}.kustomize" not in sys.modules:  # else the package is loaded already: nothing to save
    # The SDK's parent package puts a lazy module there, which runs the __init__ as soon as the
    # import system reads its __path__: replaced by one that is never run.
    sys.modules[_PACKAGE] = importlib.util.module_from_spec(importlib.util.find_spec(_PACKAGE))

from pulumi_kubernetes.kustomize import v2  # noqa: E402


class Directory(v2.Directory):
    @property
    @pulumi.getter
    def resources(self) -> pulumi.Output[Optional[Sequence[Any]]]:
        return pulumi.get(self, "resources")
