# -- Redis in its roles (composer/redis.py) --------------------------------------------------------
#
# The redis part, once a workload uses Redis or the app's Redis is asked for persistence,
# read replicas or a cache (the app then drops components/redis, main.tf local.components):
# components/redis-client (a ConfigMap `<name>-redis` with the host of each role and the port,
# a Secret `<name>-redis` with the password, or none with existingSecret), redis-server (the
# primary, a StatefulSet), redis-persistence (its append-only file on a claim), redis-replica
# (read replicas behind `<name>-redis-read`) and redis-cache; renamed from realtime-svg to
# `name`, every setting a patch, as composer/redis.py writes them.

locals {
  redis       = local.s.redis
  redis_base  = "${local.app}-redis"
  redis_users = [for n, w in local.workloads : n if w.redis.enabled]
  # more than the app's in-memory Redis (composer/redis.py roles_asked, active)
  redis_roles_asked = local.redis.enabled && (local.redis.persistence.enabled || local.redis.replica.count > 0 || local.redis.cache.enabled)
  redis_active      = length(local.redis_users) > 0 || (local.s.enabled && local.redis_roles_asked)
  redis_has_replica = local.redis.enabled && local.redis.replica.count > 0
  redis_components = concat(
    ["redis-client"],
    local.redis.enabled ? ["redis-server"] : [],
    local.redis.enabled && local.redis.persistence.enabled ? ["redis-persistence"] : [],
    local.redis_has_replica ? ["redis-replica"] : [],
    local.redis.cache.enabled ? ["redis-cache"] : [],
  )
  # the key of the connection ConfigMap holding each role's host
  redis_host_key = { primary = "primaryHost", replica = "replicaHost", cache = "cacheHost" }
  # the ConfigMap's data: the host of each role the system has, and the port ("" = absent);
  # the names, hosts, port and digest are composer/redis.py DERIVED (derived.tf)
  redis_connection_all = {
    primaryHost = local.redis_primary_host
    replicaHost = local.redis_replica_host
    cacheHost   = local.redis_cache_host
    port        = local.redis_port
  }
  redis_connection = { for k, v in local.redis_connection_all : k => v if v != "" }

  redis_stable_labels = {
    "app.kubernetes.io/name"     = "redis"
    "app.kubernetes.io/instance" = local.s.name
    "app.kubernetes.io/part-of"  = local.s.name
  }
  # Image, version and stable template labels, pull secrets and the password's Secret: the
  # same in every role (composer/redis.py _pod_ops; the provider's labels block has no
  # includeTemplates, so the template labels are patches).
  redis_pod_ops = concat(
    [
      jsonencode({ op = "replace", path = "${local.container}/image", value = "${local.redis.image.repository}:${local.redis.image.tag}" }),
      jsonencode({ op = "replace", path = "${local.container}/imagePullPolicy", value = local.redis.image.pullPolicy }),
    ],
    [
      for k, v in merge(local.redis_stable_labels, { "app.kubernetes.io/version" = local.redis.image.tag }) :
      jsonencode({ op = "add", path = "/spec/template/metadata/labels/${replace(k, "/", "~1")}", value = v })
    ],
    local.pull_secret_ops,
    local.redis.existingSecret == "" ? [] : [
      jsonencode({ op = "test", path = "${local.container}/env/0/name", value = "REDIS_PASSWORD" }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/valueFrom/secretKeyRef/name", value = local.redis.existingSecret }),
    ],
  )
  redis_server_ops = concat(
    local.redis_pod_ops,
    [jsonencode({ op = "replace", path = "${local.container}/resources", value = local.redis.resources })],
    !local.redis.persistence.enabled ? [] : concat(
      [
        jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/accessModes", value = [local.redis.persistence.accessMode] }),
        jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/resources/requests/storage", value = local.redis.persistence.size }),
        # the stable labels only: a claim template is immutable
        jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/metadata/labels", value = local.redis_stable_labels }),
      ],
      local.redis.persistence.storageClassName == "" ? [] : [
        jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/spec/storageClassName", value = local.redis.persistence.storageClassName }),
      ],
    ),
  )
  # [env var, its index in the component's container, value]
  redis_replica_env = [["REDIS_PRIMARY_HOST", 1, local.redis_name]]
  redis_cache_env = [
    ["REDIS_MAXMEMORY", 1, local.redis.cache.maxmemory],
    ["REDIS_MAXMEMORY_POLICY", 2, local.redis.cache.maxmemoryPolicy],
  ]
  redis_replica_ops = concat(
    [jsonencode({ op = "replace", path = "/spec/replicas", value = local.redis.replica.count })],
    local.redis_pod_ops,
    [jsonencode({ op = "replace", path = "${local.container}/resources", value = local.redis.replica.resources })],
    flatten([for e in local.redis_replica_env : [
      jsonencode({ op = "test", path = "${local.container}/env/${e[1]}/name", value = e[0] }),
      jsonencode({ op = "replace", path = "${local.container}/env/${e[1]}/value", value = e[2] }),
    ]]),
  )
  redis_cache_ops = concat(
    local.redis_pod_ops,
    [jsonencode({ op = "replace", path = "${local.container}/resources", value = local.redis.cache.resources })],
    flatten([for e in local.redis_cache_env : [
      jsonencode({ op = "test", path = "${local.container}/env/${e[1]}/name", value = e[0] }),
      jsonencode({ op = "replace", path = "${local.container}/env/${e[1]}/value", value = e[2] }),
    ]]),
  )

  redis_renames = {
    for id, o in local.redis_sources : id => concat(
      [for l in o.labels : jsonencode({ op = "replace", path = l.path, value = "${local.s.name}${substr(l.value, length(local.app), -1)}" })],
      [jsonencode({ op = "replace", path = "/metadata/name", value = "${local.s.name}${substr(o.name, length(local.app), -1)}" })],
    ) if contains(local.redis_components, o.component)
  }
  redis_patched = {
    # the keys of the roles present, the others removed
    "ConfigMap/${local.redis_base}" = [
      for k in ["primaryHost", "replicaHost", "cacheHost", "port"] :
      contains(keys(local.redis_connection), k)
      ? jsonencode({ op = "replace", path = "/data/${k}", value = local.redis_connection[k] })
      : jsonencode({ op = "remove", path = "/data/${k}" })
    ]
    "Secret/${local.redis_base}"             = [jsonencode({ op = "replace", path = "/data/redis-password", value = base64encode(local.redis.password) })]
    "StatefulSet/${local.redis_base}"        = local.redis_server_ops
    "Deployment/${local.redis_base}-replica" = local.redis_replica_ops
    "Deployment/${local.redis_base}-cache"   = local.redis_cache_ops
  }
  redis_patches = [
    for id, renames in local.redis_renames : {
      kind = split("/", id)[0]
      name = split("/", id)[1]
      ops  = concat(lookup(local.redis_patched, id, []), renames)
    } if !(local.redis.existingSecret != "" && id == "Secret/${local.redis_base}")
  ]

  # The init container of a workload that uses Redis (composer/redis.py wait_container); its
  # variables and digest are derived.tf's redis_env and redis_digest.
  redis_wait_container = {
    for n, w in local.workloads : n => merge(local.wait_container_base, {
      name            = "wait-for-redis"
      image           = "${local.redis.image.repository}:${local.redis.image.tag}"
      imagePullPolicy = local.redis.image.pullPolicy
      command         = ["sh", "-c", local.redis_wait_script]
      env = [
        { name = "REDIS_HOST", valueFrom = { configMapKeyRef = { name = local.redis_name, key = local.redis_host_key[w.redis.role] } } },
        { name = "REDIS_PORT", valueFrom = { configMapKeyRef = { name = local.redis_name, key = "port" } } },
        { name = "REDIS_PASSWORD", valueFrom = { secretKeyRef = { name = local.redis_secret_name, key = "redis-password" } } },
      ]
    }) if w.redis.enabled
  }
}
