# -- Kafka (composer/kafka.py) --------------------------------------------------------------------
#
# The kafka part: components/kafka-client (a ConfigMap `<name>-kafka` with bootstrapServers)
# whenever Kafka is in the cluster or a workload uses an external one, components/kafka
# (StatefulSet of KRaft broker+controller nodes, Services) in the cluster, and
# components/kafka-quorum (PodDisruptionBudget) for three nodes; renamed from realtime-svg to
# `name`, every setting a patch, as composer/kafka.py writes them.

locals {
  kafka          = local.s.kafka
  kafka_name     = "${local.s.name}-kafka"
  kafka_headless = "${local.s.name}-kafka-headless"
  kafka_active   = local.kafka.enabled || length([for n, w in local.workloads : n if w.kafka.enabled]) > 0
  kafka_components = concat(["kafka-client"], local.kafka.enabled ? ["kafka"] : [],
  local.kafka.enabled && local.kafka.nodes > 1 ? ["kafka-quorum"] : [])
  kafka_bootstrap = local.kafka.enabled ? "${local.kafka_name}:9092" : local.kafka.bootstrapServers
  kafka_voters    = join(",", [for i in range(local.kafka.nodes) : "${i}@${local.kafka_name}-${i}.${local.kafka_headless}:9093"])
  kafka_isr       = local.kafka.nodes >= 3 ? "2" : "1"
  # [env var, its index in components/kafka/statefulset.yaml, value]
  kafka_env_values = [
    ["CLUSTER_ID", 1, local.kafka.clusterId],
    ["KAFKA_CONTROLLER_QUORUM_VOTERS", 3, local.kafka_voters],
    ["KAFKA_ADVERTISED_LISTENERS", 5, "PLAINTEXT://$(POD_NAME).${local.kafka_headless}:9092"],
    ["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 10, tostring(local.kafka.nodes)],
    ["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 11, tostring(local.kafka.nodes)],
    ["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 12, local.kafka_isr],
    ["KAFKA_MIN_INSYNC_REPLICAS", 13, local.kafka_isr],
    ["KAFKA_DEFAULT_REPLICATION_FACTOR", 14, tostring(local.kafka.nodes)],
  ]
  kafka_stable_labels = {
    "app.kubernetes.io/name"     = "kafka"
    "app.kubernetes.io/instance" = local.s.name
    "app.kubernetes.io/part-of"  = local.s.name
  }
  kafka_statefulset_ops = concat(
    [
      jsonencode({ op = "replace", path = "/spec/replicas", value = local.kafka.nodes }),
      jsonencode({ op = "replace", path = "/spec/serviceName", value = local.kafka_headless }),
      jsonencode({ op = "replace", path = "${local.container}/image", value = "${local.kafka.image.repository}:${local.kafka.image.tag}" }),
      jsonencode({ op = "replace", path = "${local.container}/imagePullPolicy", value = local.kafka.image.pullPolicy }),
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/runAsUser", value = local.kafka.securityContext.runAsUser }),
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/runAsGroup", value = local.kafka.securityContext.runAsGroup }),
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/fsGroup", value = local.kafka.securityContext.fsGroup }),
      jsonencode({ op = "replace", path = "${local.container}/resources", value = local.kafka.resources }),
      jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/accessModes", value = [local.kafka.storage.accessMode] }),
      jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/resources/requests/storage", value = local.kafka.storage.size }),
    ],
    local.kafka.storage.storageClassName == "" ? [] : [jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/spec/storageClassName", value = local.kafka.storage.storageClassName })],
    local.pull_secret_ops,
    [
      for k, v in merge(local.kafka_stable_labels, { "app.kubernetes.io/version" = local.kafka.image.tag }) :
      jsonencode({ op = "add", path = "/spec/template/metadata/labels/${replace(k, "/", "~1")}", value = v })
    ],
    [for k, v in local.kafka_stable_labels : jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/metadata/labels/${replace(k, "/", "~1")}", value = v })],
    flatten([for e in local.kafka_env_values : [
      jsonencode({ op = "test", path = "${local.container}/env/${e[1]}/name", value = e[0] }),
      jsonencode({ op = "replace", path = "${local.container}/env/${e[1]}/value", value = e[2] }),
    ]]),
  )
  kafka_renames = {
    for id, o in local.kafka_sources : id => concat(
      [for l in o.labels : jsonencode({ op = "replace", path = l.path, value = "${local.s.name}${substr(l.value, length(local.app), -1)}" })],
      [jsonencode({ op = "replace", path = "/metadata/name", value = "${local.s.name}${substr(o.name, length(local.app), -1)}" })],
    ) if contains(local.kafka_components, o.component)
  }
  kafka_patched = {
    "ConfigMap/${local.app}-kafka"   = [jsonencode({ op = "replace", path = "/data/bootstrapServers", value = local.kafka_bootstrap })]
    "StatefulSet/${local.app}-kafka" = local.kafka_statefulset_ops
  }
  kafka_patches = [
    for id, renames in local.kafka_renames : {
      kind = split("/", id)[0]
      name = split("/", id)[1]
      ops  = concat(lookup(local.kafka_patched, id, []), renames)
    }
  ]

  # What a workload that uses Kafka gets (composer/kafka.py workload_env, wait_container).
  kafka_env = {
    for n, w in local.workloads : n => [
      { name = w.kafka.env.bootstrapServers, valueFrom = { configMapKeyRef = { name = local.kafka_name, key = "bootstrapServers" } } },
    ] if w.kafka.enabled
  }
  kafka_digest = { for n, w in local.workloads : n => substr(sha256(local.kafka_bootstrap), 0, 8) if w.kafka.enabled }
  kafka_wait_container = {
    for n, w in local.workloads : n => merge(local.wait_container_base, {
      name            = "wait-for-kafka"
      image           = "${local.kafka.image.repository}:${local.kafka.image.tag}"
      imagePullPolicy = local.kafka.image.pullPolicy
      command         = ["bash", "-c", local.kafka_wait_script]
      env = [
        { name = "KAFKA_BOOTSTRAP_SERVERS", valueFrom = { configMapKeyRef = { name = local.kafka_name, key = "bootstrapServers" } } },
      ]
    }) if w.kafka.enabled
  }
}
