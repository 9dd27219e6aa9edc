# -- Kafka (composer/kafka.py) --------------------------------------------------------------------
#
# The kafka part: components/kafka-client (a ConfigMap `<name>-kafka` with bootstrapServers)
# whenever Kafka is in the cluster or a workload uses an external one, components/kafka
# (StatefulSet of KRaft broker+controller nodes, Services) in the cluster, and
# components/kafka-quorum (PodDisruptionBudget) for three nodes; renamed from realtime-svg to
# `name`, every setting a patch, as composer/kafka.py writes them.

locals {
  kafka        = local.s.kafka
  kafka_active = local.kafka.enabled || length([for n, w in local.workloads : n if w.kafka.enabled]) > 0
  kafka_components = concat(["kafka-client"], local.kafka.enabled ? ["kafka"] : [],
  local.kafka.enabled && local.kafka.nodes > 1 ? ["kafka-quorum"] : [])
  # [env var, its index in components/kafka/statefulset.yaml, value]; the names, the address,
  # the voters, the replication factor and min ISR are composer/kafka.py DERIVED (derived.tf)
  kafka_env_values = concat([["CLUSTER_ID", 1, local.kafka.clusterId]], local.kafka_env_derived)
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

  # The init container of a workload that uses Kafka (composer/kafka.py wait_container); its
  # variables are derived.tf's kafka_env.
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
