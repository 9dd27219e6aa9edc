#!/usr/bin/env bash
# Installs a built terraform-provider-kustomization into a provider filesystem mirror
# and writes the CLI configuration that makes `tofu init` (or `terraform init`) use
# only that mirror, so init never reaches a registry:
#
#   <dir of PROVIDER_BINARY>/mirror/<host>/kbst/kustomization/<version>/<os>_<arch>/
#       terraform-provider-kustomization_v<version>
#   <dir of PROVIDER_BINARY>/mirror/offline.tfrc   (linked as <repo>/bin/offline.tfrc)
#
# One mirror per cached build (beside it in ${RSVG_TOOLS_CACHE}/terraform-provider-kustomization/
# <version>[-patched.<digest>]/): clones on the same cache that pin different builds of the same
# provider version (patched or not) never overwrite each other's mirror or lock-file hashes.
#
# <host> is registry.opentofu.org (where `tofu` resolves source "kbst/kustomization")
# and registry.terraform.io (where `terraform` resolves it).
# Called by hack/build-go-tools.sh after it built or re-linked the provider; by hand:
#
#   hack/terraform/install-mirror.sh "$(hack/build-go-tools.sh --path terraform-provider-kustomization)" v0.9.8
#
# Use: TF_CLI_CONFIG_FILE=<repo>/bin/offline.tfrc tofu init
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PROVIDER_BINARY VERSION" >&2; exit 2; }
binary=$1
version=${2#v}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPT_DIR}/../.." && pwd)
MIRROR="$(cd "$(dirname "${binary}")" && pwd)/mirror"
platform="$(go env GOOS)_$(go env GOARCH)"
name="terraform-provider-kustomization_v${version}"

[[ -x ${binary} ]] || { echo "install-mirror: ${binary} is not an executable" >&2; exit 1; }
for host in registry.opentofu.org registry.terraform.io; do
  dir="${MIRROR}/${host}/kbst/kustomization/${version}/${platform}"
  mkdir -p "${dir}"
  # A copy, not a link: the lock file's h1: hash covers the package directory's files.
  if ! cmp -s "${binary}" "${dir}/${name}"; then
    cp -f "${binary}" "${dir}/${name}.tmp.$$"
    mv -f "${dir}/${name}.tmp.$$" "${dir}/${name}"
  fi
done

# No direct {} block: a provider that is not in the mirror is an error, not a download.
tfrc="${MIRROR}/offline.tfrc"
cat >"${tfrc}.tmp.$$" <<TFRC
# Written by hack/terraform/install-mirror.sh: install providers only from the local
# filesystem mirror (no registry access).
provider_installation {
  filesystem_mirror {
    path    = "${MIRROR}"
    include = ["registry.opentofu.org/kbst/kustomization", "registry.terraform.io/kbst/kustomization"]
  }
}
TFRC
mv -f "${tfrc}.tmp.$$" "${tfrc}"
mkdir -p "${REPO_ROOT}/bin"
ln -sfn "${tfrc}" "${REPO_ROOT}/bin/offline.tfrc"
echo "==> terraform-provider-kustomization ${version}: in the mirror ${MIRROR} (CLI config bin/offline.tfrc)" >&2
