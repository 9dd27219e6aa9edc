"""Tables of the settings, generated from the schema so they are never hand-kept.
The same table documents the Helm values, the Terraform variables and the Pulumi config."""
from __future__ import annotations

import json
from typing import Any

from composer import schema


def _type(node: dict[str, Any]) -> str:
    t = node.get("type", "any")
    t = " or ".join(t) if isinstance(t, list) else t
    if "enum" in node:
        t += ": " + ", ".join(f"`{v}`" for v in node["enum"])
    elif node.get("minimum") is not None and node.get("maximum") is not None:
        t += f" {node['minimum']}..{node['maximum']}"
    return t


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def settings_table(root: dict[str, Any] | None = None, defaults: dict[str, Any] | None = None,
                   key_style=lambda path: path) -> str:
    """A markdown table of every leaf of ``root`` (the settings schema by default)."""
    defaults = schema.defaults() if defaults is None else defaults
    rows = ["| key | type | default | description |", "|---|---|---|---|"]
    for path, node in schema.leaves(root):
        value: Any = defaults
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        shown = json.dumps(value, ensure_ascii=False)
        desc = node.get("description", "")
        if node.get("x-allowed"):
            desc += f" Allowed: {node['x-allowed']}."
        rows.append(f"| `{key_style(path)}` | {_cell(_type(node))} | `{_cell(shown)}` | {_cell(desc)} |")
    return "\n".join(rows) + "\n"


def settings_page() -> str:
    root = schema.load()
    return (
        "# Settings\n\n"
        "<!-- Generated from composer/settings.schema.json by `python -m composer generate`; do not edit. -->\n\n"
        f"{root['description']}\n\n"
        "Conditions beyond single keys: `redis.host` is required when `redis.enabled` is false; "
        "`ingress.host` is required when `ingress.enabled` is true; `service.nodePort` is only allowed "
        "with `service.type` NodePort or LoadBalancer.\n\n"
        + settings_table()
        + WORKLOADS_INTRO
        + settings_table(root["definitions"]["workload"], schema.defaults(root["definitions"]["workload"]),
                         key_style=lambda path: f"workloads.<name>.{path}")
        + DATA_SERVICES
        + MONITORING
        + KAFKA
        + REDIS
        + NETWORK_POLICIES
    )


WORKLOADS_INTRO = """
## Systems of workloads

`workloads` holds any number of further workloads by name, each built from the hand-written
`workloads/base` (Deployment, ServiceAccount, Service, PodDisruptionBudget) and the components
`workloads/components/ingress` and `workloads/components/autoscaling`; every route (`kubectl apply -k`
on a generated overlay, `kubectl apply -f` of a render, the Helm chart, the Terraform module, the
Pulumi program) takes any number of them. `enabled: false` leaves out the realtime-svg app, for a
system of other teams' workloads. The two-workload tier of spec 002 ([examples/portfolio.yaml](../examples/portfolio.yaml)):

```yaml
name: portfolio
namespace: portfolio
enabled: false
workloads:
  frontend:
    image: {repository: registry.example.com/portfolio/frontend, tag: "1.4.0"}
    replicas: 2
    port: 3000
    writablePaths: [/tmp, /app/.next/cache]
    env:
      NEXT_PUBLIC_API_URL: {ingressUrlOf: api-gateway}   # http://my-app.example.com/api
      API_INTERNAL_URL: {serviceUrlOf: api-gateway}      # http://api-gateway.portfolio.svc:8080
    ingress: {enabled: true, className: traefik, host: my-app.example.com, path: /}
  api-gateway:
    image: {repository: registry.example.com/portfolio/api-gateway, tag: "1.4.0"}
    replicas: 2
    probes: {readiness: {path: /health}}              # liveness: a TCP check by default
    env:
      DATABASE_PASSWORD: {secretKeyRef: {name: portfolio-db, key: password}}
    ingress: {enabled: true, className: traefik, host: my-app.example.com, path: /api}
```

What each workload gets, and the rules across them:
- Objects are named after the workload (`api-gateway`: Deployment, Service, ServiceAccount, Ingress,
  HorizontalPodAutoscaler, PodDisruptionBudget; ConfigMap `api-gateway-config-<hash>` and Secret
  `api-gateway-secret-<hash>`). The selector is `app: <name>` alone; the recommended labels are
  `name`/`component` = the workload, `instance`/`part-of` = `name`, `version` = the image tag.
- `env`: a string goes into the workload's ConfigMap; `{secret: ...}` into its Secret;
  `{secretKeyRef: {name, key}}` is read from a Secret you manage; `{serviceUrlOf: W}` is W's in-cluster
  URL and `{ingressUrlOf: W}` its public URL, computed from W's settings, so renaming W or changing its
  port updates every reader. A change of one workload's environment rolls that workload only.
- Each workload with `ingress.enabled` has its own Ingress; ingress controllers (Traefik, NGINX) merge
  the rules of one host, so `/` and `/api` on one host go to two workloads. Two workloads (or the app)
  on the same host and path, or on the same node port, are refused, naming both settings.
- `autoscaling.enabled` adds an autoscaling/v2 HorizontalPodAutoscaler and leaves `spec.replicas` out of
  the Deployment, so no route resets what the autoscaler chose.
- Liveness and readiness probes are always on, on the `http` port: by default liveness is a TCP check
  and readiness an HTTP GET of `/`, so a failing dependency makes a pod unready without restarting it
  (identical probes are what kube-score reports as critical); `writablePaths` are emptyDir
  volumes under the read-only root filesystem; pods run as `securityContext.runAsUser` (never root) under
  Pod Security "restricted".

"""

DATA_SERVICES = """
## Data services: PostgreSQL

`postgresql` (keys in the table above) gives the system a PostgreSQL server, and
`workloads.<name>.postgresql` connects a workload to it:

```yaml
postgresql:
  enabled: true                 # in the cluster; or enabled: false with host: db.example.com
  user: portfolio
  existingSecret: portfolio-db  # key `password`; or password: ... (written into <name>-postgresql)
  databases: {portfolio: {}, audit: {owner: auditor}}
  storage: {size: 5Gi, storageClassName: local-path}   # empty class: the cluster's default
workloads:
  api-gateway:
    postgresql: {enabled: true, database: portfolio}   # PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
```

- **Objects** (`components/postgresql`, `components/postgresql-client`): a StatefulSet
  `<name>-postgresql` of the official `postgres` image with one volume claim `data-<name>-postgresql-0`,
  a client Service `<name>-postgresql` on 5432 and a headless one for the StatefulSet, a ConfigMap and
  a Secret `<name>-postgresql` (host, port, user; password), and a Job `<name>-postgresql-init-<digest>`
  that creates the databases and their owner roles. With `enabled: false` and `host` set, only the
  ConfigMap and Secret are made, pointing at your server.
- **Wiring by reference.** A workload reads host, port and user from the ConfigMap and the password
  from the Secret (`valueFrom`); only the database name is written into its manifest. The variable
  names are libpq's unless `env` renames them (`{host: DATABASE_HOST, ...}`). A digest of the
  connection in a pod annotation rolls the workload when the server, user or Secret changes.
- **Start order without hooks.** The workload's init container `wait-for-postgresql` runs `pg_isready`
  and a query on its database until both succeed, and the database exists only once the init Job has
  made it: so the order server, init Job, apps holds in every route (Helm, Terraform, Pulumi and
  `kubectl apply` alike), and after any restart.
- **The init Job** is idempotent: PostgreSQL has no `CREATE DATABASE IF NOT EXISTS` (spec 003's
  draft uses it; it is a syntax error), so each `CREATE` runs through `\\gexec` only for a name
  `pg_database` lacks, and `ALTER DATABASE ... OWNER` converges the owner. A Job's pod template is
  immutable, so its name carries a digest of what it runs: a changed `databases` list (or image) is
  a new Job, and an unchanged one is left alone by every route. `kubectl apply -k` without `--prune`
  leaves the previous, completed Job behind; delete it with
  `kubectl delete job -l app.kubernetes.io/component=postgresql-init --field-selector status.successful=1`
  when you like.
- **Restricted pods.** The server runs as the image's `postgres` account (uid 70 in the alpine image,
  999 in the Debian one: set `postgresql.securityContext`), with the volume owned through `fsGroup`,
  `PGDATA` in a subdirectory of it, a read-only root filesystem and emptyDirs for the socket and
  `/tmp`; probes use `pg_isready` and a query.
- **Data outlives the install.** Uninstalling (any route) keeps the volume claims
  (`persistentVolumeClaimRetentionPolicy: Retain`). To remove the data too:
  `kubectl delete pvc -n <namespace> -l app.kubernetes.io/instance=<name>,app.kubernetes.io/name=postgresql`.
- **What cannot change in place.** `password` takes effect when the volume is first initialized
  (PostgreSQL keeps its own); change it in the database with `ALTER ROLE`. `storage` applies to new
  claims only: Kubernetes refuses changes to a StatefulSet's `volumeClaimTemplates`, so resize a claim
  by editing the PersistentVolumeClaim (when its StorageClass allows expansion). `kubectl apply` and
  Helm stop with Kubernetes' "Forbidden: updates to statefulset spec" error; the Terraform provider
  and Pulumi instead replace the StatefulSet (delete and create; both list `volumeClaimTemplates` as a
  field that forces it): its pod restarts, and the claim keeps its data and its old size.
"""


MONITORING = """
## Monitoring (kube-prometheus-stack)

`workloads.<name>.metrics` and `workloads.<name>.grafanaDashboard` (keys in the workloads table)
give a workload what a cluster running
[kube-prometheus-stack](https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack)
collects; no Prometheus or Grafana is installed (examples/portfolio-monitoring.yaml):

```yaml
workloads:
  api-gateway:
    metrics:
      enabled: true
      port: 9100              # container and Service port `metrics`; null or the app's port: `http`
      path: /metrics
      serviceMonitor: {enabled: true, interval: 30s, scrapeTimeout: 10s, labels: {release: kube-prometheus-stack}}
    grafanaDashboard: {enabled: true, folder: Portfolio, json: '{"title": "API gateway", ...}'}
```

- **ServiceMonitor** `<name>` (monitoring.coreos.com/v1, `workloads/components/servicemonitor`): one
  endpoint on the port `metrics` (or `http`) and path, selecting the workload's Service by its
  `app: <name>` label (never the app.kubernetes.io/* labels, which are not in selectors). The
  Prometheus Operator's CRD must be in the cluster first (kube-prometheus-stack installs it;
  otherwise every route refuses the object: no matches for kind ServiceMonitor). Its Prometheus
  picks ServiceMonitors by label: kube-prometheus-stack's default `serviceMonitorSelector` wants
  `release: <its release name>`, hence `serviceMonitor.labels`. Made only with `metrics.enabled`
  (the settings refuse `serviceMonitor.enabled` without it).
- **No prometheus.io/\\* annotations**: kube-prometheus-stack does not read them, and a Prometheus
  that does would scrape the pods a second time beside the ServiceMonitor.
- **Dashboard** ConfigMap `<name>-dashboard` (`workloads/components/grafana-dashboard`) with the label
  the Grafana sidecar collects (kube-prometheus-stack: `grafana_dashboard: "1"`; set
  `grafanaDashboard.labels` for another `sidecar.dashboards.label`), the dashboard under the key
  `<name>.json` (the sidecar writes every key into one directory) and, with `folder`, the annotation
  `grafana_folder` (the sidecar's `folderAnnotation`, which kube-prometheus-stack users set to it).
- **Ports**: `metrics.port` must not be the number of an `extraPorts` entry, and no extra port may be
  named `metrics` while it has a port of its own; every route refuses that in the same words.
- **Uninstall** removes the ServiceMonitor and the ConfigMap with the rest; the CRD is the cluster's.
"""

KAFKA = """
## Data services: Kafka (KRaft)

**ZooKeeper was removed in Kafka 4.0; spec 003's ZooKeeper is replaced by KRaft**: every Kafka pod
is both a broker and a controller (`process.roles=broker,controller`), and the controllers' quorum
does what ZooKeeper did. There is no `zookeeper` setting.

```yaml
kafka:
  enabled: true                 # in the cluster; or enabled: false with bootstrapServers: k1.example.com:9092,...
  nodes: 3                      # 1 or 3
  storage: {size: 20Gi, storageClassName: local-path}
workloads:
  orders:
    kafka: {enabled: true}      # KAFKA_BOOTSTRAP_SERVERS (env.bootstrapServers renames it)
```

- **Objects** (`components/kafka`, `components/kafka-client`, `components/kafka-quorum`): a
  StatefulSet `<name>-kafka` of the official `apache/kafka` image (configured by its documented
  `KAFKA_*` environment variables and `CLUSTER_ID`) with one volume claim `data-<name>-kafka-<n>` per
  node, a client Service `<name>-kafka` on 9092, a headless Service `<name>-kafka-headless` (9092 and
  the controllers' 9093, addresses published before the pods are ready so the quorum can form), and a
  ConfigMap `<name>-kafka` with `bootstrapServers`. Three nodes add a PodDisruptionBudget
  (`maxUnavailable: 1`). With `enabled: false` and `bootstrapServers` set, only the ConfigMap is made.
- **KRaft settings.** `node.id` is the pod's ordinal (`<name>-kafka-<n>` -> n);
  `controller.quorum.voters` lists `<n>@<name>-kafka-<n>.<name>-kafka-headless:9093` for every node;
  each broker advertises its own stable name `<pod>.<name>-kafka-headless:9092`. With three nodes the
  internal topics are replicated three times and `min.insync.replicas` is 2; with one, 1. `clusterId`
  (22 characters of URL-safe base64, as `kafka-storage.sh random-uuid` prints) formats the volumes on
  first start; keep it: volumes formatted with another id are refused. Formatting also writes
  `min.insync.replicas` into the cluster's metadata (Kafka 4: a cluster-wide default that outranks
  the server's own setting), so it keeps the value of the first start.
- **Proven against real brokers** (`tests/test_kafka_broker.py`): the rendered container's
  environment, turned into `server.properties` and formatted storage by what the apache/kafka
  image's launch runs, Kafka's own `kafka.docker.KafkaDockerWrapper setup` (`KAFKA_` dropped, lower
  case, `_` -> `.`, `__` -> `_`, `___` -> `-`, the JVM's variables left out), runs Kafka 4.1.0
  (Maven Central's jars, `hack/install-kafka.sh`) as one node and as a three-node quorum on
  127.0.0.1: messages go through, three nodes replicate three times with `min.insync.replicas` 2,
  and the quorum serves with its leader stopped and takes it back when it restarts on its volume
  (the image's launch formats again and lets "already formatted" pass).
- **Wiring by reference.** A workload with `kafka.enabled` reads the bootstrap servers from the
  ConfigMap (`valueFrom`), never a copy; a digest of the address in a pod annotation rolls it when the
  address changes; its init container `wait-for-kafka` holds it until one of the servers accepts a
  TCP connection, so the brokers start first in every route.
- **Pods.** Non-root (the image's `appuser`, uid/gid 1000: `kafka.securityContext`), all capabilities
  dropped, seccomp RuntimeDefault, requests and limits, TCP startup/readiness probes on 9092 and a
  liveness probe on the controller port. The root filesystem stays writable: the image's start script
  writes `server.properties` into `/opt/kafka/config`, next to the logging files the image ships
  there, so that directory cannot be an empty volume.
- **Data outlives the install**: `kubectl delete pvc -n <namespace> -l app.kubernetes.io/instance=<name>,app.kubernetes.io/name=kafka`
  removes it. Going from 1 to 3 nodes changes only the StatefulSet (replicas, voters, replication) and
  adds the budget; KRaft's static quorum does not grow in place, so a running one-node Kafka must be
  re-formatted (its claims deleted) to become a three-node quorum.
- **Every route** builds the same objects: the overlay (`kubectl apply -k`, `kubectl apply -f`,
  Pulumi), the chart (`templates/kafka.yaml`, its checks in the composer's words) and the Terraform
  module (`kafka.tf`, its rules in `system.tf`). The voters, the replication factor and minimum
  in-sync replicas, the address and the digest are written once (composer/kafka.py `DERIVED`) and
  compiled to the chart's named templates and the module's `derived.tf`.
"""


REDIS = """
## Data services: Redis in roles

The realtime-svg app on its own keeps its in-memory Redis (`redis.enabled`, components/redis). A
system's Redis has roles, and `workloads.<name>.redis` connects a workload to one of them:

```yaml
redis:
  existingSecret: count-redis                # key `redis-password`; or password: ...; empty: no AUTH
  persistence: {enabled: true, size: 1Gi}    # the primary's append-only file on a volume claim
  replica: {count: 1}                        # read replicas behind <name>-redis-read
  cache: {enabled: true, maxmemory: 128mb, maxmemoryPolicy: allkeys-lru}   # <name>-redis-cache
workloads:
  writer: {redis: {enabled: true}}                 # role primary: REDIS_HOST, REDIS_PORT, REDIS_PASSWORD
  reader: {redis: {enabled: true, role: replica}}
  dashboards: {redis: {enabled: true, role: cache, env: {host: CACHE_HOST, port: CACHE_PORT, password: CACHE_PASSWORD}}}
```

- **Objects** (`components/redis-client`, `redis-server`, `redis-persistence`, `redis-replica`,
  `redis-cache`): the primary is a StatefulSet `<name>-redis` of one pod with a client Service
  `<name>-redis` and a headless one; with persistence its `/data` is the claim `data-<name>-redis-0`
  (`appendonly yes`, fsync every second; kept when the system is uninstalled), without it an emptyDir
  and nothing is saved (`--save ""`). Replicas are a Deployment `<name>-redis-replica`
  (`replicaof <name>-redis 6379`, read-only, `masterauth` with the same password) behind the Service
  `<name>-redis-read`; a replica is Ready only once its link to the primary is up. The cache is a
  Deployment and Service `<name>-redis-cache` with `maxmemory` and `maxmemory-policy` and no
  persistence. A ConfigMap `<name>-redis` holds `primaryHost`, `replicaHost`, `cacheHost` (only the
  roles the system has) and `port`; a Secret `<name>-redis` the password, unless `existingSecret`
  names yours.
- **External.** `redis.enabled: false` with `redis.host`: the primary is yours (the ConfigMap points
  at it); read replicas are refused (they would have no primary), a cache may still run in the cluster.
- **Wiring by reference.** A workload reads the host of its role and the port from the ConfigMap and
  the password from the Secret (`valueFrom`); a digest of the connection in a pod annotation rolls it
  when the connection moves; its init container `wait-for-redis` (the Redis image's `redis-cli`) holds
  it until that Redis answers PING with the password. One role per workload.
- **Pods.** Non-root (uid 10999), read-only root filesystem, all capabilities dropped, requests and
  limits (`redis.resources`, `redis.replica.resources`, `redis.cache.resources`), a TCP liveness probe
  and a `redis-cli` readiness probe.
- **When the app is in the system too**, its Redis is the primary of this part (same Service name
  `<name>-redis`), so persistence, replicas or a cache asked for the app move it there.
- **Rules across settings**, in the same words by every route: role `replica` without
  `redis.replica.count` (or with an external primary), role `cache` without `redis.cache.enabled`,
  replicas with `redis.enabled: false`, a workload named like a Redis object, a connection variable
  that another variable of the workload also sets.
- **Data outlives the install**: `kubectl delete pvc -n <namespace> -l app.kubernetes.io/instance=<name>,app.kubernetes.io/name=redis`
  removes the primary's claim.
"""


NETWORK_POLICIES = """
## NetworkPolicies (`networkPolicy`)

`networkPolicy.enabled: true` adds, in the namespace, `<name>-default-deny` (every pod of the
namespace: no ingress, no egress unless a policy allows it), `<name>-allow-dns` (egress to the
cluster DNS of `networkPolicy.dns` on 53/UDP and 53/TCP) and one `<app>-allow` policy per group
of pods the wiring connects, selected by the `app` label their Service and Deployment already
select on. The connections allowed are exactly these (the `EDGES` tables, composer/edges.py):

| from | to | port |
|---|---|---|
| the ingress controller (`networkPolicy.ingressController`) | each workload with `ingress.enabled`; the realtime-svg app with `ingress.enabled` | the pod's port (`workloads.<name>.port`; 8080) |
| a workload | a workload it names by `serviceUrlOf` in its env | the target's pod port |
| a workload with `postgresql.enabled` (its wait init container included) | the in-cluster PostgreSQL | 5432 |
| the PostgreSQL init Job | the in-cluster PostgreSQL | 5432 |
| the realtime-svg app | its in-cluster Redis | 6379 |
| a workload with `redis.enabled` | the pods of its role: `<name>-redis` (primary), `<name>-redis-replica`, `<name>-redis-cache` | 6379 |
| the Redis read replicas | the primary (`replicaof`) | 6379 |
| a workload with `kafka.enabled` | the in-cluster Kafka nodes (`<name>-kafka`) | 9092 |
| each Kafka node | the other Kafka nodes (replication; the KRaft controllers' quorum) | 9092, 9093 |
| a workload using an external Kafka (`kafka.bootstrapServers`) | any address (ipBlock 0.0.0.0/0) | each port of `bootstrapServers` |
| Prometheus (`networkPolicy.prometheus`; kube-prometheus-stack's: namespace `monitoring`, `app.kubernetes.io/name: prometheus`) | each workload with `metrics.serviceMonitor.enabled` | `metrics.port`, or the pod's port when the metrics are on it |
| a workload or the app using an external PostgreSQL or Redis (`host` set) | any address (ipBlock 0.0.0.0/0) on that port: the host is a name, a policy takes addresses | `postgresql.port`, `redis.port` |

A port in a policy is the pod's port (the Service's targetPort), which is what a NetworkPolicy
matches. The namespace of a peer is matched by its `kubernetes.io/metadata.name` label.
Policies are only enforced by a network plugin that implements them (Calico, Cilium, K3s's
built-in controller, ...); tests/test_network_policy.py checks their meaning offline with an
evaluator of NetworkPolicy semantics, the live tests check that every route creates them.
Every route builds the same policies from one description of the edges: each source of wiring
lists its edges as rules in an `EDGES` table (composer/netpol.py for the app, the Ingress,
`serviceUrlOf` and Prometheus; each data service's module for its own), which the composer
evaluates and composer/edges.py compiles to the chart's `templates/networkpolicy.yaml` and the
Terraform module's `edges.tf` (`netpol.tf` then files them, one `kustomization_overlay` per group
of pods over components/network-policy); the parity tests compare the routes for generated settings.

```yaml
networkPolicy:
  enabled: true
  ingressController: {namespace: kube-system, podLabels: {app.kubernetes.io/name: traefik}}  # K3s
  dns: {namespace: kube-system, podLabels: {k8s-app: kube-dns}}
  prometheus: {namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus}}       # kube-prometheus-stack
```
"""
