#!/usr/bin/env bash
# Builds the Go programs the local test cluster needs (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok, kwokctl, metrics-server, and this
# repository's hostpath-provisioner) from the Go module
# proxy at pinned versions, once per version, into a cache outside the clone:
#
#   ${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}/<tool>/<version>/<binary>
#
# and symlinks each binary into <repo>/bin/. A cached binary is only re-linked.
# No release archive is downloaded: everything is `go build` of modules pinned
# by the wrapper modules under hack/go-tools/<wrapper>/ (go.mod + go.sum).
#
# Usage:
#   hack/build-go-tools.sh [TOOL...]     build (or re-link) TOOLs, default: all
#   hack/build-go-tools.sh --list        print tool=version lines
#   hack/build-go-tools.sh --path TOOL   print the cached binary path of TOOL
#   hack/build-go-tools.sh --update-mods [WRAPPER...] regenerate hack/go-tools/*/go.{mod,sum}
#                                        from the versions below (after a bump)
# Environment:
#   RSVG_TOOLS_CACHE  cache root (default $HOME/.cache/realtime-svg-packaging);
#                     Go's module and build caches live in $RSVG_TOOLS_CACHE/go/.
#
# See hack/go-tools/README.md for how to bump a version.
set -euo pipefail

# ---------------------------------------------------------------------------
# Pinned versions: the only place to change them (then run --update-mods).
KUBERNETES_VERSION=v1.37.2 # k8s.io/kubernetes: kube-apiserver, kube-controller-manager, kube-scheduler
ETCD_VERSION=v3.7.3        # go.etcd.io/etcd/server/v3: etcd
KWOK_VERSION=v0.8.0        # sigs.k8s.io/kwok: kwok, kwokctl
METRICS_SERVER_VERSION=v0.8.0 # sigs.k8s.io/metrics-server: metrics-server (resource metrics for HPAs on the local cluster)
HELM3_VERSION=v3.22.0      # helm.sh/helm/v3: helm3 (the chart must keep working on Helm 3)
KUBE_SCORE_VERSION=v1.20.0 # github.com/zegl/kube-score: kube-score (manifest linter)
TOFU_VERSION=v1.12.6       # github.com/opentofu/opentofu: tofu (the Terraform route, run offline)
KUSTOMIZATION_PROVIDER_VERSION=v0.9.8 # github.com/kbst/terraform-provider-kustomize: terraform-provider-kustomization
PULUMI_VERSION=v3.229.0    # github.com/pulumi/pulumi/{pkg,sdk}/v3: pulumi, pulumi-language-python (= PyPI pulumi)
PULUMI_KUBERNETES_VERSION=v4.0.0-20260115033456-f47bc2d6f199 # .../pulumi-kubernetes/provider/v4: pulumi-resource-kubernetes
PULUMI_KUBERNETES_PLUGIN_VERSION=4.25.0-alpha.1768448096 # its plugin version (= PyPI pulumi-kubernetes 4.25.0a1768448096)
# sigs.k8s.io/sig-storage-lib-external-provisioner/v13: hostpath-provisioner (our own main.go,
# the local cluster's volume provisioner), with client-go v0.${KUBERNETES_VERSION#v1.}, the cluster's own
# release. v13.1.0 requires client-go v0.37 (v13.0.0 was pinned while the cluster ran 1.35).
STORAGE_LIB_VERSION=v13.1.0
# golang.stackrox.io/kube-linter is not served by the Go module proxy (403 for it and for
# github.com/stackrox/kube-linter), so kube-linter cannot be built here.
# ---------------------------------------------------------------------------

ALL_TOOLS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwokctl metrics-server hostpath-provisioner helm3 kube-score tofu terraform-provider-kustomization pulumi pulumi-language-python pulumi-resource-kubernetes)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPT_DIR}/.." && pwd)
WRAPPERS_DIR="${SCRIPT_DIR}/go-tools"
BIN_DIR="${REPO_ROOT}/bin"
CACHE_ROOT="${RSVG_TOOLS_CACHE:-${HOME}/.cache/realtime-svg-packaging}"

export GOTOOLCHAIN=local
export GOWORK=off
export GOMODCACHE="${CACHE_ROOT}/go/mod"
export GOCACHE="${CACHE_ROOT}/go/build"
export GOFLAGS="-mod=readonly -buildvcs=false"
export CGO_ENABLED=0

log() { printf '%s\n' "$*" >&2; }
die() { log "build-go-tools: error: $*"; exit 1; }

# tool_info TOOL: sets WRAPPER MODULE VERSION PKG BINARY TAGS
tool_info() {
  BINARY=$1
  TAGS=""
  case "$1" in
    kube-apiserver | kube-controller-manager | kube-scheduler)
      WRAPPER=kubernetes MODULE=k8s.io/kubernetes VERSION=${KUBERNETES_VERSION}
      PKG="k8s.io/kubernetes/cmd/$1"
      # the tags Kubernetes' own release build uses (hack/lib/golang.sh)
      TAGS="selinux,notest,grpcnotrace"
      ;;
    etcd)
      WRAPPER=etcd MODULE=go.etcd.io/etcd/server/v3 VERSION=${ETCD_VERSION}
      PKG="go.etcd.io/etcd/server/v3" # server/main.go is the etcd binary
      ;;
    kwok | kwokctl)
      WRAPPER=kwok MODULE=sigs.k8s.io/kwok VERSION=${KWOK_VERSION}
      PKG="sigs.k8s.io/kwok/cmd/$1"
      ;;
    metrics-server)
      WRAPPER=metrics-server MODULE=sigs.k8s.io/metrics-server VERSION=${METRICS_SERVER_VERSION}
      PKG="sigs.k8s.io/metrics-server/cmd/metrics-server"
      ;;
    hostpath-provisioner)
      # this repository's own provisioner (hack/go-tools/hostpath-provisioner/main.go) on
      # sig-storage-lib-external-provisioner, with client-go of KUBERNETES_VERSION
      WRAPPER=hostpath-provisioner MODULE=sigs.k8s.io/sig-storage-lib-external-provisioner/v13
      VERSION=${STORAGE_LIB_VERSION} PKG="realtime-svg.local/hack/go-tools/hostpath-provisioner"
      ;;
    helm3)
      WRAPPER=helm3 MODULE=helm.sh/helm/v3 VERSION=${HELM3_VERSION}
      PKG="helm.sh/helm/v3/cmd/helm"
      ;;
    kube-score)
      WRAPPER=kube-score MODULE=github.com/zegl/kube-score VERSION=${KUBE_SCORE_VERSION}
      PKG="github.com/zegl/kube-score/cmd/kube-score"
      ;;
    tofu)
      WRAPPER=tofu MODULE=github.com/opentofu/opentofu VERSION=${TOFU_VERSION}
      PKG="github.com/opentofu/opentofu/cmd/tofu"
      ;;
    terraform-provider-kustomization)
      # the repository kbst/terraform-provider-kustomization declares this module path;
      # the wrapper requires it and replaces it with the repository's module
      WRAPPER=terraform-provider-kustomization MODULE=github.com/kbst/terraform-provider-kustomize
      VERSION=${KUSTOMIZATION_PROVIDER_VERSION} PKG="github.com/kbst/terraform-provider-kustomize"
      ;;
    pulumi)
      WRAPPER=pulumi MODULE=github.com/pulumi/pulumi/pkg/v3 VERSION=${PULUMI_VERSION}
      PKG="github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
      ;;
    pulumi-language-python)
      # upstream's host (module .../sdk/python/cmd/pulumi-language-python/v3) is an untagged
      # nested module the proxy does not serve: hack/go-tools/pulumi-language-python/ is a
      # minimal host on sdk/v3 at the same version, running sdk/v3's own exec shim
      WRAPPER=pulumi-language-python MODULE=github.com/pulumi/pulumi/sdk/v3 VERSION=${PULUMI_VERSION}
      PKG="realtime-svg.local/hack/go-tools/pulumi-language-python"
      ;;
    pulumi-resource-kubernetes)
      # provider/v4 has no module tags, only pseudo-versions; this one is the commit of
      # the PyPI pre-release 4.25.0a1768448096 (a<unix time of the commit>)
      WRAPPER=pulumi-kubernetes MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
      VERSION=${PULUMI_KUBERNETES_VERSION} PKG="${MODULE}/cmd/pulumi-resource-kubernetes"
      ;;
    *) die "unknown tool '$1' (known: ${ALL_TOOLS[*]})" ;;
  esac
}

# tools_of_wrapper WRAPPER: the tools (= tool directives) of a wrapper module
tools_of_wrapper() {
  local t
  for t in "${ALL_TOOLS[@]}"; do
    tool_info "$t"
    if [[ ${WRAPPER} == "$1" ]]; then printf '%s\n' "${PKG}"; fi
  done
  return 0
}

# module_time: commit time of MODULE@VERSION as recorded by the module proxy,
# used as the reproducible build date.
module_time() {
  (cd "${WRAPPERS_DIR}/${WRAPPER}" &&
    go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "${MODULE}")
}

# ldflags_for TOOL (after tool_info): -s -w plus version stamping
ldflags_for() {
  local flags="-s -w" p date major minor
  case "${WRAPPER}" in
    kubernetes)
      # same variables as kube::version::ldflags in hack/lib/version.sh
      date=$(module_time)
      major=${VERSION#v}
      major=${major%%.*}
      minor=${VERSION#v"${major}".}
      minor=${minor%%.*}
      for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
        flags+=" -X ${p}.gitVersion=${VERSION}"
        flags+=" -X ${p}.gitMajor=${major} -X ${p}.gitMinor=${minor}"
        # the proxy does not record the commit: leave it empty, not "$Format:%H$"
        flags+=" -X ${p}.gitCommit= -X ${p}.gitTreeState=clean"
        [[ -n ${date} ]] && flags+=" -X ${p}.buildDate=${date}"
      done
      ;;
    etcd)
      # etcd's Version is a constant; its build script stamps only the git SHA,
      # which the module proxy does not know: record the tag instead.
      flags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=${VERSION}"
      ;;
    kwok)
      # as kwok's hack/releases.sh does; KubeVersion makes kwokctl's defaults
      # match the Kubernetes version built here.
      flags+=" -X sigs.k8s.io/kwok/pkg/consts.Version=${VERSION}"
      flags+=" -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBERNETES_VERSION}"
      flags+=" -X sigs.k8s.io/kwok/pkg/consts.PreRelease=GA"
      ;;
    metrics-server)
      # as metrics-server's Makefile does (VERSION_LDFLAGS); kwokctl reads the version
      # from `metrics-server --version`. No commit: the proxy does not record it.
      p=k8s.io/client-go/pkg/version
      date=$(module_time)
      flags+=" -X ${p}.gitVersion=${VERSION} -X ${p}.gitCommit="
      [[ -n ${date} ]] && flags+=" -X ${p}.buildDate=${date}"
      ;;
    kube-score)
      flags+=" -X main.version=${VERSION#v}"
      ;;
    pulumi | pulumi-language-python)
      # as pulumi's Makefile and .goreleaser.yml do
      flags+=" -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${VERSION}"
      ;;
    pulumi-kubernetes)
      # as the provider's Makefile does; the version the Python SDK asks the engine for
      flags+=" -X ${MODULE}/pkg/version.Version=${PULUMI_KUBERNETES_PLUGIN_VERSION}"
      ;;
    tofu)
      # as OpenTofu's .goreleaser.yaml does (a release, not a -dev build)
      flags+=" -X github.com/opentofu/opentofu/version.dev=no"
      ;;
    terraform-provider-kustomization)
      # as the provider's Makefile does
      flags+=" -X google.golang.org/protobuf/reflect/protoregistry.conflictPolicy=warn"
      ;;
    helm3)
      # as Helm's Makefile does
      flags+=" -X helm.sh/helm/v3/internal/version.version=${VERSION}"
      flags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
      # the default Kubernetes version of `helm template` / `helm lint`: that of the
      # client-go it is built with (Helm's Makefile: K8S_MODULES_VER)
      local k8s
      k8s=$(sed -n 's/^[[:space:]]*k8s.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "${WRAPPERS_DIR}/helm3/go.mod")
      for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
        flags+=" -X ${p}.k8sVersionMajor=1 -X ${p}.k8sVersionMinor=${k8s}"
      done
      ;;
  esac
  printf '%s' "${flags}"
}

# patches_key (after tool_info): "-patched.<digest>" of the wrapper's patches/*.patch, "" if none
patches_key() {
  local patches=("${WRAPPERS_DIR}/${WRAPPER}"/patches/*.patch)
  [[ -e ${patches[0]} ]] || return 0
  printf -- '-patched.%s' "$(cat "${patches[@]}" | sha256sum | cut -c1-12)"
}

# copy_module DIR SRC WORK: a writable copy of the module SRC as WORK/module, linked from the
# wrapper DIR as .provider-src (git-ignored), and WORK/go.mod: the wrapper's go.mod with MODULE
# replaced by that link (a relative path: the binary records the same one whatever the cache's
# location, and stays reproducible). Built with -modfile=WORK/go.mod.
copy_module() {
  local dir=$1 src=$2 work=$3
  rm -rf "${work}"
  mkdir -p "${work}"
  cp -R "${src}" "${work}/module"
  chmod -R u+w "${work}/module"
  ln -sfn "${work}/module" "${dir}/.provider-src"
  # drop the wrapper's own replace of MODULE (if any): the copy replaces it
  { grep -v "^replace ${MODULE//./\\.} " "${dir}/go.mod"; echo; echo "replace ${MODULE} => ./.provider-src"; } >"${work}/go.mod"
  cp "${dir}/go.sum" "${work}/go.sum"
}

# cached_path TOOL (after tool_info TOOL)
cached_path() {
  local src=""
  # built from this repository's source too: a change of it is a new cached binary
  [[ $1 != pulumi-language-python ]] || src=-src.$(cat "${WRAPPERS_DIR}/${WRAPPER}"/*.go | sha256sum | cut -c1-12)
  # (and of its go.mod/go.sum: client-go follows KUBERNETES_VERSION, not VERSION)
  [[ $1 != hostpath-provisioner ]] ||
    src=-src.$(cat "${WRAPPERS_DIR}/${WRAPPER}"/{*.go,go.mod,go.sum} | sha256sum | cut -c1-12)
  # built against pkg/sdk at PULUMI_VERSION (its go.mod's pulumi requirement is raised to it):
  # a new Pulumi version is a new cached binary
  [[ $1 != pulumi-resource-kubernetes ]] || src=-pulumi-${PULUMI_VERSION}
  # kwok and kwokctl are stamped with consts.KubeVersion=KUBERNETES_VERSION (ldflags_for): a
  # new Kubernetes version is a new cached binary (only the link step reruns)
  [[ ${WRAPPER} != kwok ]] || src=-k8s-${KUBERNETES_VERSION}
  # patched (hack/go-tools/<wrapper>/patches/*.patch): a change of the patches is a new binary
  [[ $1 != terraform-provider-kustomization ]] || src=$(patches_key)
  printf '%s/%s/%s/%s' "${CACHE_ROOT}" "$1" "${VERSION}${src}" "${BINARY}"
}

# prebuild_for TOOL OUT (after tool_info): steps before `go build`; sets PREBUILD_FLAGS
prebuild_for() {
  PREBUILD_FLAGS=()
  local dir="${WRAPPERS_DIR}/${WRAPPER}" src work
  case "$1" in
    pulumi-language-python | pulumi-resource-kubernetes | terraform-provider-kustomization)
      (cd "${dir}" && go mod download "${MODULE}") # checked against go.sum
      src=$(cd "${dir}" && go list -m -f '{{.Dir}}' "${MODULE}")
      ;;
  esac
  case "$1" in
    pulumi-language-python)
      # the exec shim the host runs, from sdk/v3 at the same version, beside the binary
      install -m 0755 "${src}/python/cmd/pulumi-language-python-exec" "$(dirname "$2")/"
      ;;
    pulumi-resource-kubernetes)
      # main.go embeds schema-embed.json and terraform-mapping-embed.json, which upstream's
      # `go generate` (generate.go) writes from schema.json and the version; the module zip
      # lacks them and the module cache is read-only: generate them in a copy of the module
      # and build that copy (-modfile: the wrapper's go.mod plus a replace by the copy, through
      # the git-ignored link .provider-src, so that the binary records the same relative path
      # whatever the cache's location, and stays reproducible).
      work="$(dirname "$2")/src"
      copy_module "${dir}" "${src}" "${work}"
      (cd "${dir}" && go build -modfile="${work}/go.mod" -o "${work}/generate" \
        "${work}/module/cmd/pulumi-resource-kubernetes/generate.go")
      (cd "${work}/module/cmd/pulumi-resource-kubernetes" && VERSION=${PULUMI_KUBERNETES_PLUGIN_VERSION} "${work}/generate")
      PREBUILD_FLAGS=(-modfile="${work}/go.mod")
      ;;
    terraform-provider-kustomization)
      # hack/go-tools/terraform-provider-kustomization/patches/*.patch (each one says why),
      # applied to a copy of the module (the module cache is read-only), built as above
      local patch
      [[ -n $(patches_key) ]] || return 0
      command -v patch >/dev/null || die "patch not found in PATH (needed to patch ${MODULE})"
      work="$(dirname "$2")/src"
      copy_module "${dir}" "${src}" "${work}"
      for patch in "${dir}"/patches/*.patch; do
        log "    applying ${patch#"${REPO_ROOT}"/}"
        patch -d "${work}/module" -p1 --forward --silent --no-backup-if-mismatch <"${patch}" ||
          die "${patch} does not apply to ${MODULE} ${VERSION}"
      done
      PREBUILD_FLAGS=(-modfile="${work}/go.mod")
      ;;
  esac
}

check_wrapper() {
  local mod="${WRAPPERS_DIR}/${WRAPPER}/go.mod"
  [[ -f ${mod} ]] || die "${mod} missing: run $0 --update-mods"
  grep -Eq "^[[:space:]]*(require[[:space:]]+)?${MODULE//./\\.} ${VERSION//./\\.}([[:space:]]|$)" "${mod}" ||
    die "${mod} does not require ${MODULE} ${VERSION} (version bumped?): run $0 --update-mods"
}

link_tool() {
  mkdir -p "${BIN_DIR}"
  ln -sfn "$2" "${BIN_DIR}/${BINARY}"
  # the Terraform route installs the provider from a filesystem mirror (no registry)
  [[ $1 != terraform-provider-kustomization ]] || "${SCRIPT_DIR}/terraform/install-mirror.sh" "$2" "${VERSION}"
}

build_tool() {
  local tool=$1 out tmp start ticker rc ldflags
  tool_info "${tool}"
  out=$(cached_path "${tool}")
  if [[ -x ${out} ]]; then
    link_tool "${tool}" "${out}"
    log "==> ${tool} ${VERSION}: cached (${out})"
    return 0
  fi
  check_wrapper
  mkdir -p "$(dirname "${out}")" "${GOMODCACHE}" "${GOCACHE}"
  tmp="${out}.tmp.$$"
  start=${SECONDS}
  log "==> ${tool} ${VERSION}: building ${PKG} (wrapper hack/go-tools/${WRAPPER})"
  prebuild_for "${tool}" "${out}"
  # progress while the (long) build runs; 1s sleeps so that nothing of the
  # ticker outlives the build by more than a second
  (
    n=0
    while sleep 1 >/dev/null 2>&1; do
      kill -0 $$ 2>/dev/null || exit 0
      n=$((n + 1))
      ((n % 30 == 0)) && log "    ... ${tool} ${VERSION}: $((SECONDS - start))s"
    done
  ) &
  ticker=$!
  ldflags=$(ldflags_for "${tool}")
  rc=0
  (
    cd "${WRAPPERS_DIR}/${WRAPPER}"
    go build -trimpath ${TAGS:+-tags "${TAGS}"} "${PREBUILD_FLAGS[@]}" -ldflags "${ldflags}" -o "${tmp}" "${PKG}"
  ) || rc=$?
  kill "${ticker}" 2>/dev/null || true
  wait "${ticker}" 2>/dev/null || true
  if [[ ${rc} -ne 0 ]]; then
    rm -f "${tmp}"
    die "building ${tool} ${VERSION} failed (exit ${rc}) after $((SECONDS - start))s"
  fi
  mv -f "${tmp}" "${out}"
  link_tool "${tool}" "${out}"
  log "==> ${tool} ${VERSION}: built in $((SECONDS - start))s (${out})"
}

# --update-mods: regenerate one wrapper's go.mod/go.sum from upstream's go.mod
update_wrapper() {
  local wrapper=$1 dir="${WRAPPERS_DIR}/$1" up goline godebug tmpdir
  local first
  first=$(for t in "${ALL_TOOLS[@]}"; do tool_info "$t"; [[ ${WRAPPER} == "${wrapper}" ]] && echo "$t" && break; done)
  tool_info "${first}"
  # the checksum database behind this proxy lacks the provider's pseudo-version and
  # cloud-ready-checks v1.3.0 (its readiness checks); go.sum pins what was downloaded
  local GONOSUMDB=${GONOSUMDB:-}
  [[ ${wrapper} != pulumi-kubernetes ]] || export GONOSUMDB=${MODULE},github.com/pulumi/cloud-ready-checks
  mkdir -p "${dir}" "${GOMODCACHE}"
  log "==> updating hack/go-tools/${wrapper} for ${MODULE} ${VERSION}"
  tmpdir=$(mktemp -d)
  # upstream go.mod (from the module proxy, through the go command)
  (cd "${tmpdir}" && GOFLAGS=-mod=mod go mod download -json "${MODULE}@${VERSION}") >"${tmpdir}/dl.json"
  up=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["GoMod"])' "${tmpdir}/dl.json")
  goline=$(grep -E '^go [0-9]' "${up}" | head -1)
  # a one-line godebug, or a godebug ( ... ) block (OpenTofu)
  godebug=$(sed -n -e '/^godebug (/,/^)/p' -e '/^godebug [^(]/p' "${up}")
  {
    echo "// Wrapper module: pins ${MODULE} ${VERSION} for hack/build-go-tools.sh."
    echo "// Generated by 'hack/build-go-tools.sh --update-mods'; edit the versions there."
    echo "module realtime-svg.local/hack/go-tools/${wrapper}"
    echo
    echo "${goline}"
    [[ -n ${godebug} ]] && { echo; echo "${godebug}"; }
    echo
    echo "tool ("
    tools_of_wrapper "${wrapper}" | sed 's/^/\t/'
    echo ")"
    echo
    echo "require ${MODULE} ${VERSION}"
    if [[ ${wrapper} == kubernetes ]]; then
      # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces
      # them with ./staging/src/...; a dependent module must repeat those
      # replaces with the published versions (v1.X.Y -> v0.X.Y).
      local staging_version="v0.${VERSION#v1.}"
      echo
      echo "replace ("
      python3 - "${up}" "${staging_version}" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
required = set(re.findall(r'^\s*(k8s\.io/[^\s]+) v0\.0\.0\s*$', text, re.M))
for mod in re.findall(r'^\s*(k8s\.io/[^\s]+) => \./staging/', text, re.M):
    if mod in required:
        print(f"\t{mod} => {mod} {sys.argv[2]}")
EOF
      echo ")"
    fi
    if [[ ${wrapper} == hostpath-provisioner ]]; then
      # the client of the cluster's release (the library alone would pull an older one)
      local staging_version="v0.${KUBERNETES_VERSION#v1.}"
      echo
      printf 'require (\n\tk8s.io/api %s\n\tk8s.io/apimachinery %s\n\tk8s.io/client-go %s\n)\n' \
        "${staging_version}" "${staging_version}" "${staging_version}"
    fi
    if [[ ${wrapper} == tofu ]]; then
      # OpenTofu replaces github.com/hashicorp/hcl/v2 with its fork; repeat its
      # module (not ./local) replaces, or the build gets the wrong hcl.
      echo
      grep -E '^replace [^ ]+ ([^ ]+ )?=> [^ .][^ ]* v[^ ]*$' "${up}"
    fi
    if [[ ${wrapper} == terraform-provider-kustomization ]]; then
      # its go.mod names github.com/kbst/terraform-provider-kustomize, the repository
      # (and the Go proxy's module) is .../terraform-provider-kustomization
      echo
      echo "replace ${MODULE} ${VERSION} => github.com/kbst/terraform-provider-kustomization ${VERSION}"
    fi
    if [[ ${wrapper} == pulumi || ${wrapper} == pulumi-kubernetes ]]; then
      # upstream replaces its sibling modules with ../paths (not in the module zip): drop
      # those, so the published versions upstream requires apply; repeat the forks
      # (module => module version). The provider's pulumi requirement (3.215.0, which the
      # checksum database here does not know) is raised to PULUMI_VERSION, as for the CLI.
      echo
      [[ ${wrapper} == pulumi ]] || printf 'require (\n\tgithub.com/pulumi/pulumi/pkg/v3 %s\n\tgithub.com/pulumi/pulumi/sdk/v3 %s\n)\n\n' \
        "${PULUMI_VERSION}" "${PULUMI_VERSION}"
      python3 - "${up}" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
lines = re.findall(r'^replace\s+([^(\s].*=>.+)$', text, re.M)
for block in re.findall(r'^replace \((.*?)^\)', text, re.M | re.S):
    lines += [l.strip() for l in block.splitlines() if "=>" in l]
for line in lines:
    if len(line.split("=>", 1)[1].split()) == 2:  # a fork at a version; ./ ../ paths are dropped
        print(f"replace {line}")
EOF
    fi
  } >"${dir}/go.mod"
  rm -f "${dir}/go.sum"
  (cd "${dir}" && GOFLAGS=-mod=mod go mod tidy)
  rm -rf "${tmpdir}"
  log "    wrote ${dir}/go.mod and go.sum"
}

main() {
  case "${1:-}" in
    --list)
      local t
      for t in "${ALL_TOOLS[@]}"; do
        tool_info "$t"
        echo "${t}=${VERSION}"
      done
      return 0
      ;;
    --path)
      [[ $# -eq 2 ]] || die "usage: $0 --path TOOL"
      tool_info "$2"
      cached_path "$2"
      echo
      return 0
      ;;
    --update-mods)
      local w wrappers=("${@:2}")
      [[ ${#wrappers[@]} -gt 0 ]] || wrappers=(kubernetes etcd kwok metrics-server hostpath-provisioner helm3 kube-score tofu terraform-provider-kustomization pulumi pulumi-language-python pulumi-kubernetes)
      for w in "${wrappers[@]}"; do update_wrapper "$w"; done
      return 0
      ;;
    -h | --help)
      sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
      return 0
      ;;
    -*) die "unknown option $1" ;;
  esac
  command -v go >/dev/null || die "go not found in PATH"
  local tools=("$@") t total_start=${SECONDS}
  [[ ${#tools[@]} -gt 0 ]] || tools=("${ALL_TOOLS[@]}")
  for t in "${tools[@]}"; do tool_info "$t"; done # validate names first
  log "build-go-tools: cache ${CACHE_ROOT}, $(go version)"
  for t in "${tools[@]}"; do build_tool "$t"; done
  log "build-go-tools: done in $((SECONDS - total_start))s; binaries linked in ${BIN_DIR}"
}

main "$@"
