"""pulumi_kubernetes.kustomize.v2.Directory, with its `resources` output typed as the provider
returns it (a list of the applied objects' references).

The SDK pinned here types that output as a string, so the Python runtime raises "Unexpected type.
Expected 'list' got '<class 'str'>'" after the objects have been applied, and the update fails
(pulumi/pulumi-kubernetes#3389; the schema was fixed in #4295, released in 4.30, whose provider
module the Go module proxy does not serve). The component is the SDK's own class, the same type
token and the same provider Construct; only the getter's annotation differs.

Imported only by program.run(): it needs the Pulumi SDKs.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

import pulumi
from pulumi_kubernetes.kustomize import v2


class Directory(v2.Directory):
    @property
    @pulumi.getter
    def resources(self) -> pulumi.Output[Optional[Sequence[Any]]]:
        return pulumi.get(self, "resources")
