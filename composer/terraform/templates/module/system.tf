# The rules that span more than one setting, in the words of composer/system.py (the
# reference): those of the table composer/rules_table.py (rules.tf, generated: two workloads
# on one host and path, one node port twice, a workload named like an object of the app, a
# reference to a workload that does not exist or has no ingress, an autoscaler whose maximum
# is below its minimum, nothing to install, the metrics' rules), and the data services' rules below. Checked by
# the precondition of data.kustomization_overlay.this (main.tf) once every setting is
# valid, as the composer checks them; no overlay is built and nothing is created while one
# of them is broken.

locals {
  # PostgreSQL: the names it takes, the roles and databases it makes, the workloads that use it
  # (composer/system.py postgresql_problems).
  system_pg_taken = local.pg_active ? [local.pg_name, "${local.pg_name}-headless"] : []
  system_pg_names = concat(
    [{ at = "postgresql.user", name = local.pg.user }],
    [for db in sort(keys(local.pg.databases)) : { at = "postgresql.databases.${db}.owner", name = local.pg.databases[db].owner }],
    [for db in sort(keys(local.pg.databases)) : { at = "postgresql.databases.${db}", name = db }],
  )
  system_pg_users = { for n, w in local.workloads : n => w.postgresql if w.postgresql.enabled }

  # Kafka: the names it takes, the workloads that use it (composer/system.py kafka_problems).
  system_kafka_taken = local.kafka_active ? [local.kafka_name, local.kafka_headless] : []
  system_kafka_users = { for n, w in local.workloads : n => w.kafka if w.kafka.enabled }

  # Redis: the names its roles take once a workload uses it, the other variables of each
  # user (composer/system.py redis_problems).
  system_redis_users = { for n, w in local.workloads : n => w.redis if w.redis.enabled }
  system_redis_taken = length(local.system_redis_users) == 0 ? [] : concat(
    local.redis.enabled ? [local.redis_name, "${local.redis_name}-headless"] : [],
    local.redis_has_replica ? ["${local.redis_name}-replica", "${local.redis_name}-read"] : [],
    local.redis.cache.enabled ? ["${local.redis_name}-cache"] : [],
  )
  system_redis_other = {
    for n, u in local.system_redis_users : n => concat(
      keys(local.workloads[n].env),
      local.workloads[n].postgresql.enabled ? values(local.workloads[n].postgresql.env) : [],
      local.workloads[n].kafka.enabled ? [local.workloads[n].kafka.env.bootstrapServers] : [],
    )
  }

  system_problems = concat(
    local.rules_problems, # rules.tf: the table of composer/rules_table.py
    [
      for n in keys(local.workloads) :
      "workloads.${n}: \"${n}\" is the name of an object of PostgreSQL (name: \"${local.s.name}\"); allowed: a workload name not in ${join(", ", sort(local.system_pg_taken))}"
      if contains(local.system_pg_taken, n)
    ],
    [
      for r in local.system_pg_names :
      "${r.at}: \"${r.name}\" starts with pg_, which PostgreSQL reserves; allowed: a name not starting with pg_"
      if startswith(r.name, "pg_")
    ],
    [
      for n, u in local.system_pg_users :
      !local.pg.enabled
      ? "workloads.${n}.postgresql.enabled: true, but postgresql.enabled is false and postgresql.host is empty; allowed: postgresql.enabled: true (in-cluster) or postgresql.host (external)"
      : "workloads.${n}.postgresql.database: \"${u.database}\" is not created by postgresql.databases; allowed: one of ${length(local.pg.databases) == 0 ? "none" : join(", ", sort(keys(local.pg.databases)))}, or add it to postgresql.databases"
      if(!local.pg.enabled && local.pg.host == "") || (local.pg.enabled && !contains(keys(local.pg.databases), u.database))
    ],
    flatten([
      for n, u in local.system_pg_users : [
        for key in sort(keys(u.env)) : concat(
          contains(keys(local.workloads[n].env), u.env[key]) ? ["workloads.${n}.postgresql.env.${key}: ${u.env[key]} is also set by workloads.${n}.env.${u.env[key]}; allowed: a variable name the workload's env does not set"] : [],
          length([for k2, v2 in u.env : k2 if v2 == u.env[key]]) > 1 ? ["workloads.${n}.postgresql.env.${key}: ${u.env[key]} names two connection variables; allowed: a different name for each"] : [],
        )
      ]
    ]),
    [
      for n in keys(local.workloads) :
      "workloads.${n}: \"${n}\" is the name of an object of Kafka (name: \"${local.s.name}\"); allowed: a workload name not in ${join(", ", sort(local.system_kafka_taken))}"
      if contains(local.system_kafka_taken, n)
    ],
    flatten([
      for n, u in local.system_kafka_users : concat(
        !local.kafka.enabled && local.kafka.bootstrapServers == "" ? ["workloads.${n}.kafka.enabled: true, but kafka.enabled is false and kafka.bootstrapServers is empty; allowed: kafka.enabled: true (in-cluster) or kafka.bootstrapServers (external)"] : [],
        contains(keys(local.workloads[n].env), u.env.bootstrapServers) ? ["workloads.${n}.kafka.env.bootstrapServers: ${u.env.bootstrapServers} is also set by workloads.${n}.env.${u.env.bootstrapServers}; allowed: a variable name the workload's env does not set"] : [],
        local.workloads[n].postgresql.enabled && contains(values(local.workloads[n].postgresql.env), u.env.bootstrapServers) ? ["workloads.${n}.kafka.env.bootstrapServers: ${u.env.bootstrapServers} is also set by workloads.${n}.postgresql.env; allowed: a variable name no other connection variable uses"] : [],
      )
    ]),
    local.redis.replica.count > 0 && !local.redis.enabled ? [
      "redis.replica.count: ${local.redis.replica.count} read replicas need the in-cluster primary, but redis.enabled is false; allowed: 0 with an external Redis, or redis.enabled: true",
    ] : [],
    [
      for n in keys(local.workloads) :
      "workloads.${n}: \"${n}\" is the name of an object of Redis (name: \"${local.s.name}\"); allowed: a workload name not in ${join(", ", sort(local.system_redis_taken))}"
      if contains(local.system_redis_taken, n)
    ],
    flatten([
      for n, u in local.system_redis_users : concat(
        u.role == "replica" && !local.redis_has_replica ? ["workloads.${n}.redis.role: \"replica\", but the system has no read replicas (redis.replica.count: ${local.redis.replica.count}, redis.enabled: ${local.redis.enabled}); allowed: primary, cache with redis.cache.enabled, or replica with redis.enabled: true and redis.replica.count of 1 or more"] : [],
        u.role == "cache" && !local.redis.cache.enabled ? ["workloads.${n}.redis.role: \"cache\", but redis.cache.enabled is false; allowed: primary, replica, or cache with redis.cache.enabled: true"] : [],
        [
          for key in sort(keys(u.env)) :
          contains(local.system_redis_other[n], u.env[key])
          ? "workloads.${n}.redis.env.${key}: ${u.env[key]} is also set by the workload's env or another connection; allowed: a variable name no other variable of the workload uses"
          : "workloads.${n}.redis.env.${key}: ${u.env[key]} names two connection variables; allowed: a different name for each"
          if contains(local.system_redis_other[n], u.env[key]) || length([for k2, v2 in u.env : k2 if v2 == u.env[key]]) > 1
        ],
      )
    ]),
  )
}
