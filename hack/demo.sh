#!/usr/bin/env bash
# `make demo`: realtime-svg installed on a real Kubernetes API server by one route, shown
# Ready, with how to reach it. Uses the cluster KUBECONFIG names, else starts the local
# control plane (hack/cluster.sh: real kube-apiserver, kwok-simulated nodes).
#
#   ROUTE=helm|kustomize|kubectl|terraform|pulumi   (default helm)   NAMESPACE=realtime-svg-<route>
# Each route installs into a namespace of its own, so the routes can be tried one after the
# other; in a namespace where another route already installed realtime-svg, the demo stops
# before changing anything and says which route owns it and how to remove it.
# Terraform and Pulumi keep their state under .cluster/demo-* (removed by make cluster-down;
# RSVG_DEMO_STATE=DIR puts it, and the Helm values, under DIR instead: the tests do).
# A demo that was killed (Ctrl-C, a closed laptop) is recovered by running it again: the
# route's leftover is detected and repaired first, saying what was done (README, "Reliability").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python
export PATH="$PWD/bin:$PATH"
ROUTE=${ROUTE:-helm}
DEMO_STATE=${RSVG_DEMO_STATE:-$PWD/.cluster}
NS=${NAMESPACE:-realtime-svg-$ROUTE}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Tools for route '$ROUTE' (built once, then cached in ${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging})"
start=$SECONDS
PYTHON=$PY hack/install-tools.sh
case $ROUTE in
  terraform) hack/build-go-tools.sh tofu terraform-provider-kustomization ;;
  pulumi)
    hack/build-go-tools.sh pulumi pulumi-language-python pulumi-resource-kubernetes
    # The state, the plugins and the CLI's settings of the demo, all under $DEMO_STATE/demo-pulumi.
    export PULUMI_BACKEND_URL=file://$DEMO_STATE/demo-pulumi/state PULUMI_HOME=$DEMO_STATE/demo-pulumi/home \
      PULUMI_CONFIG_PASSPHRASE=demo PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    mkdir -p "$DEMO_STATE/demo-pulumi/state" "$DEMO_STATE/demo-pulumi/home"
    # The engine runs the plugins it finds on PATH (bin/) and then warns "using ... from $PATH"
    # on every step: here they are plugins of this PULUMI_HOME (links to the built binaries, in
    # the plugin cache's <kind>-<name>-v<version> layout) and PATH is not searched. A missing
    # or broken plugin is still an error, and every other warning still shows. The versions:
    # the CLI's (the language host is built with it) and the one pulumi_kubernetes'
    # pulumi-plugin.json asks for (read from the file: importing the SDK takes a second).
    link_plugin() { # KIND-NAME-vVERSION BINARY
      mkdir -p "$PULUMI_HOME/plugins/$1"
      ln -sfn "$(readlink -f "bin/$2")" "$PULUMI_HOME/plugins/$1/$2"
    }
    k8s_plugin_json=$(echo .venv/lib/python3*/site-packages/pulumi_kubernetes/pulumi-plugin.json)
    k8s_plugin_version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$k8s_plugin_json")
    [[ -n $k8s_plugin_version ]] || { echo "demo: no plugin version in $k8s_plugin_json" >&2; exit 1; }
    link_plugin "language-python-$(pulumi version)" pulumi-language-python
    link_plugin "resource-kubernetes-v$k8s_plugin_version" pulumi-resource-kubernetes
    export PULUMI_IGNORE_AMBIENT_PLUGINS=true
    ;;
esac
echo "tools ready in $((SECONDS - start))s"

step "What the settings create (examples/dev.yaml: 1 replica, in-cluster Redis)"
$PY -m composer summary --settings examples/dev.yaml

if [[ -z ${KUBECONFIG:-} ]]; then
  step "Starting the local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok nodes)"
  start=$SECONDS
  hack/cluster.sh up
  export KUBECONFIG=$PWD/.cluster/kubeconfig
  echo "cluster ready in $((SECONDS - start))s; KUBECONFIG=$KUBECONFIG"
else
  step "Using the cluster of KUBECONFIG=$KUBECONFIG"
fi
kubectl get nodes

# owner_of NS: the route whose field manager wrote the app's Deployment in NS ("" if none)
owner_of() {
  local managers
  managers=$(kubectl get deployment realtime-svg -n "$1" -o jsonpath='{.metadata.managedFields[*].manager}' 2>/dev/null) || return 0
  case " $managers " in
    *" helm "*) echo helm ;;
    *pulumi*) echo pulumi ;;
    *terraform-provider-kustomization*) echo terraform ;;
    *kubectl-client-side-apply*) echo kubectl ;;
  esac
}
removal() {
  case $1 in
    helm) echo "helm uninstall realtime-svg -n $2" ;;
    kubectl) echo "kubectl delete -n $2 -k overlays/dev" ;;
    *) echo "ROUTE=$1 NAMESPACE=$2 make demo prints it; or: kubectl delete namespace $2" ;;
  esac
}
family() { [[ $1 == kustomize ]] && echo kubectl || echo "$1"; }
owner=$(owner_of "$NS")
if [[ -n $owner && $owner != "$(family "$ROUTE")" ]]; then
  echo "demo: realtime-svg in namespace $NS is installed by the $owner route; remove it first ($(removal "$owner" "$NS")) or use another NAMESPACE" >&2
  exit 1
fi

recovered() { printf '\033[1mdemo: recovering from an interrupted run:\033[0m %s\n' "$*"; }

# helm_recover: a release left pending-install / pending-upgrade by a killed helm makes every
# next command fail ("another operation (install/upgrade/rollback) is in progress")
helm_recover() {
  local status
  status=$(helm status realtime-svg -n "$NS" -o json 2>/dev/null |
    $PY -c 'import json,sys; print(json.load(sys.stdin)["info"]["status"])' 2>/dev/null) || return 0
  case $status in
    pending-install)
      recovered "release realtime-svg is pending-install: helm uninstall realtime-svg -n $NS, then install again"
      helm uninstall realtime-svg -n "$NS" --wait ;;
    pending-upgrade | pending-rollback)
      recovered "release realtime-svg is $status: helm rollback realtime-svg -n $NS, then upgrade again"
      # Helm 4.1 may answer "original object ... not found" when the interrupted upgrade
      # renamed the ConfigMap; the release is no longer pending all the same
      helm rollback realtime-svg -n "$NS" --wait || true ;;
  esac
}

# tofu_apply ARGS...: apply; if it stops on objects that exist but are not in the state (a
# killed apply created them: "already exists"), import those and apply again. (The local state
# a killed apply leaves is not locked: its lock is the OS's, released with the process.)
tofu_apply() {
  local log=$DEMO_STATE/demo-terraform/apply.log addr id n=0
  if tofu -chdir=terraform apply -auto-approve -input=false "$@" 2>&1 | tee "$log"; then return 0; fi
  while read -r addr; do
    id=${addr#*\[\"}; id=${id%\"\]}
    recovered "$id exists but is not in the state: tofu import '$addr' $id"
    tofu -chdir=terraform import -input=false "$@" "$addr" "$id" >/dev/null
    n=$((n + 1))
  done < <(awk '/already exists/ {f=1} f && match($0, /with module\.[^ ,]*/) {print substr($0, RSTART + 5, RLENGTH - 5); f=0}' "$log")
  ((n > 0)) || return 1
  tofu -chdir=terraform apply -auto-approve -input=false "$@"
}

# pulumi_checkpoint: the demo stack's checkpoint file in the file backend ("" before the first run)
pulumi_checkpoint() {
  { find "${PULUMI_BACKEND_URL#file://}/.pulumi/stacks" -name 'demo.json' 2>/dev/null || true; } | head -1
}

# pulumi_recover: a killed `pulumi up` leaves the stack locked and its state with pending
# operations; a kill during a checkpoint write can leave the checkpoint's metadata file empty
# (every command then fails "failed to load checkpoint: EOF")
pulumi_recover() {
  local locks broken checkpoint
  broken=$(find "${PULUMI_BACKEND_URL#file://}/.pulumi/stacks" -name '*.attrs' -size 0 2>/dev/null || true)
  if [[ -n $broken ]]; then
    recovered "empty checkpoint metadata left by a kill: rm $broken"
    rm -f $broken
  fi
  locks=$( (find "${PULUMI_BACKEND_URL#file://}/.pulumi/locks" -path '*/realtime-svg/demo/*.json' 2>/dev/null || true) | wc -l)
  if ((locks > 0)); then
    recovered "the stack is locked by an interrupted update: pulumi cancel --yes"
    pulumi cancel demo --yes --non-interactive >/dev/null
  fi
  # pending operations, read from the checkpoint file itself (`pulumi stack export` would
  # start the CLI and derive the passphrase's key on every run, for a case that is rare)
  checkpoint=$(pulumi_checkpoint)
  if [[ -n $checkpoint ]] && grep -q '"pending_operations"' "$checkpoint" &&
    $PY -c 'import json,sys; sys.exit(0 if (json.load(open(sys.argv[1]))["checkpoint"].get("latest") or {}).get("pending_operations") else 1)' "$checkpoint" 2>/dev/null; then
    recovered "pending operations in the state: pulumi refresh --clear-pending-creates --yes"
    pulumi refresh --stack demo --clear-pending-creates --yes --non-interactive --skip-preview >/dev/null
  fi
}

step "Installing with route '$ROUTE' into namespace $NS"
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl label --overwrite namespace "$NS" pod-security.kubernetes.io/enforce=restricted >/dev/null
start=$SECONDS
case $ROUTE in
  helm)
    mkdir -p "$DEMO_STATE" && $PY -m composer export helm --settings examples/dev.yaml > "$DEMO_STATE/demo-values.yaml"
    values=$DEMO_STATE/demo-values.yaml
    helm_recover
    helm upgrade --install realtime-svg ./helm-wrapper/realtime-svg -n "$NS" -f "$values" --wait --timeout 3m
    ;;
  kustomize) kubectl apply -n "$NS" -k overlays/dev ;;
  kubectl) kubectl apply -n "$NS" -f rendered/ ;;
  terraform)
    # The generated configuration as it is, state and plugins outside the clone's terraform/.
    export TF_CLI_CONFIG_FILE=$PWD/bin/offline.tfrc TF_DATA_DIR=$DEMO_STATE/demo-terraform/data TF_IN_AUTOMATION=1
    mkdir -p "$DEMO_STATE/demo-terraform"
    $PY -m composer export terraform --settings examples/dev.yaml > "$DEMO_STATE/demo-terraform/dev.tfvars.json"
    # The lock file (git-ignored, written by init) only pins the local mirror's provider: drop
    # it, so a provider rebuilt with other patches (a new checksum) does not fail `init`.
    rm -f terraform/.terraform.lock.hcl
    tofu -chdir=terraform init -input=false >/dev/null
    tofu_apply -state="$DEMO_STATE/demo-terraform/terraform.tfstate" \
      -var-file="$DEMO_STATE/demo-terraform/dev.tfvars.json" -var "namespace=\"$NS\"" -var kubeconfig_path="$KUBECONFIG"
    ;;
  pulumi)
    # A fresh copy of the program, its stack file the settings with this namespace (so no
    # `pulumi config set`: each pulumi command starts the CLI and derives the passphrase's key,
    # about a second on a busy machine). The stack file also keeps the encryption salt that
    # `pulumi stack init` wrote into the previous copy.
    project=$DEMO_STATE/demo-pulumi/project
    salt=$(grep -h '^encryptionsalt:' "$project/Pulumi.demo.yaml" 2>/dev/null || true)
    rm -rf "$project" && cp -r pulumi "$project"
    sed -i "s|virtualenv: ../.venv|virtualenv: $PWD/.venv|" "$project/Pulumi.yaml"
    $PY -m composer export pulumi --settings examples/dev.yaml > "$project/Pulumi.demo.yaml"
    sed -i "s|^  realtime-svg:namespace: ''\$|  realtime-svg:namespace: '$NS'|" "$project/Pulumi.demo.yaml"
    grep -qx "  realtime-svg:namespace: '$NS'" "$project/Pulumi.demo.yaml" ||
      { echo "demo: could not set the namespace in $project/Pulumi.demo.yaml" >&2; exit 1; }
    [[ -z $salt ]] || echo "$salt" >> "$project/Pulumi.demo.yaml"
    cd "$project"
    pulumi_recover
    # the stack: created on the first run (init also selects it); then `up` names it
    [[ -n $(pulumi_checkpoint) ]] || pulumi stack init demo --non-interactive >/dev/null
    pulumi up --stack demo --yes --non-interactive --skip-preview
    cd - >/dev/null
    ;;
  *) echo "ROUTE=$ROUTE: use helm, kustomize, kubectl, terraform or pulumi" >&2; exit 2 ;;
esac
step "Waiting for Ready"
kubectl rollout status deployment/realtime-svg -n "$NS" --timeout=3m
kubectl rollout status deployment/realtime-svg-redis -n "$NS" --timeout=3m
echo "installed and Ready in $((SECONDS - start))s"

step "The objects"
kubectl get deployments,pods,services,configmaps,secrets,poddisruptionbudgets,ingresses -n "$NS" \
  -l app.kubernetes.io/instance=realtime-svg -o wide

step "Reach it"
echo "  kubectl port-forward -n $NS svc/realtime-svg 8080:8080   # then http://127.0.0.1:8080/"
echo "  (on the local control plane the pods are simulated by kwok: objects, scheduling and"
echo "   readiness are real Kubernetes, the containers themselves do not run)"
echo
case $ROUTE in
  helm) echo "Remove it:  helm uninstall realtime-svg -n $NS" ;;
  terraform) echo "Remove it:  TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE TF_DATA_DIR=$TF_DATA_DIR bin/tofu -chdir=terraform destroy -state=$DEMO_STATE/demo-terraform/terraform.tfstate -var-file=$DEMO_STATE/demo-terraform/dev.tfvars.json -var 'namespace=\"$NS\"' -var kubeconfig_path=$KUBECONFIG" ;;
  pulumi) echo "Remove it:  (cd $DEMO_STATE/demo-pulumi/project && PATH=$PWD/bin:\$PATH PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_HOME=$PULUMI_HOME PULUMI_IGNORE_AMBIENT_PLUGINS=true PULUMI_CONFIG_PASSPHRASE=demo KUBECONFIG=$KUBECONFIG pulumi destroy --stack demo --yes)" ;;
  *) echo "Remove it:  kubectl delete namespace $NS" ;;
esac
echo "Stop the local cluster:  make cluster-down"
