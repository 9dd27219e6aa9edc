# realtime-svg and the workloads of the system, built by kustomize (inside the
# kbst/kustomization provider) from the repository's sources with the overlay
# `python -m composer overlay` writes for the same settings: the app from base/ and
# components/ (composer/overlay.py), each enabled workload from workloads/base and
# workloads/components (composer/workloads.py), with JSON6902 patches for every setting,
# labels, the namespace and the chosen components. Then applied in the provider's three
# priority groups.

locals {
  s   = local.settings # settings.tf: every setting, defaults filled in
  app = "realtime-svg" # the name every hand-written object is derived from
  # relative paths are relative to where tofu/terraform runs, as path.module is
  source_root = var.source_root == null ? "${path.module}/../../.." : var.source_root
  namespace   = local.s.namespace == "" ? "default" : local.s.namespace
  components  = [for c in ["redis", "ingress"] : c if local.s[c].enabled && local.s.enabled && !(c == "redis" && local.redis_active)]
  container   = "/spec/template/spec/containers/0"
  pod         = "/spec/template/spec"
  wants_pdb   = local.s.podDisruptionBudget.enabled && local.s.replicas > local.s.podDisruptionBudget.minAvailable

  # Each JSON6902 operation is JSON-encoded on its own: their values have different types.

  # ConfigMap <name>-config: what the app reads from its environment.
  config_data = [
    ["REDIS_HOST", local.s.redis.enabled ? "${local.s.name}-redis" : local.s.redis.host],
    ["REDIS_PORT", local.s.redis.enabled ? "6379" : tostring(local.s.redis.port)],
    ["LOG_LEVEL", local.s.config.logLevel],
    ["PORT", "8080"],
  ]
  config_ops = [for kv in local.config_data : jsonencode({ op = "replace", path = "/data/${kv[0]}", value = kv[1] })]

  # Secret <name>-secret: only the values the settings carry; empty ones keep the base's
  # empty placeholder.
  secret_ops = [
    for kv in [["redis-password", local.s.redis.password], ["apiKey", local.s.secrets.apiKey]] :
    jsonencode({ op = "replace", path = "/data/${kv[0]}", value = base64encode(kv[1]) }) if kv[1] != ""
  ]

  # Pod templates get the instance and version labels by a patch: the provider's labels
  # block has no includeTemplates.
  template_label_ops = [
    jsonencode({ op = "replace", path = "/spec/template/metadata/labels/app.kubernetes.io~1instance", value = local.s.name }),
    jsonencode({ op = "replace", path = "/spec/template/metadata/labels/app.kubernetes.io~1version", value = local.s.image.tag }),
  ]
  pull_secret_ops = length(local.s.imagePullSecrets) == 0 ? [] : [
    jsonencode({ op = "add", path = "${local.pod}/imagePullSecrets", value = [for n in local.s.imagePullSecrets : { name = n }] }),
  ]

  app_ops = concat(
    [
      jsonencode({ op = "replace", path = "/spec/replicas", value = local.s.replicas }),
      jsonencode({ op = "replace", path = "${local.container}/image", value = "${local.s.image.repository}:${local.s.image.tag}" }),
      jsonencode({ op = "replace", path = "${local.container}/imagePullPolicy", value = local.s.image.pullPolicy }),
      jsonencode({ op = "replace", path = "${local.container}/resources", value = local.s.resources }),
    ],
    local.s.redis.existingSecret == "" ? [] : [
      jsonencode({ op = "test", path = "${local.container}/env/0/name", value = "REDIS_PASSWORD" }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/valueFrom/secretKeyRef/name", value = local.s.redis.existingSecret }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/valueFrom/secretKeyRef/optional", value = false }),
    ],
    local.s.secrets.existingSecret == "" ? [] : [
      jsonencode({ op = "test", path = "${local.container}/env/1/name", value = "API_KEY" }),
      jsonencode({ op = "replace", path = "${local.container}/env/1/valueFrom/secretKeyRef/name", value = local.s.secrets.existingSecret }),
      jsonencode({ op = "replace", path = "${local.container}/env/1/valueFrom/secretKeyRef/optional", value = false }),
    ],
    local.pull_secret_ops,
    length(local.s.nodeSelector) == 0 ? [] : [jsonencode({ op = "add", path = "${local.pod}/nodeSelector", value = local.s.nodeSelector })],
    length(local.s.tolerations) == 0 ? [] : [jsonencode({ op = "add", path = "${local.pod}/tolerations", value = local.s.tolerations })],
    length(local.s.affinity) == 0 ? [] : [jsonencode({ op = "add", path = "${local.pod}/affinity", value = local.s.affinity })],
    local.template_label_ops,
  )

  service_ops = concat(
    [
      jsonencode({ op = "replace", path = "/spec/type", value = local.s.service.type }),
      jsonencode({ op = "replace", path = "/spec/ports/0/port", value = local.s.service.port }),
    ],
    local.s.service.nodePort == null ? [] : [jsonencode({ op = "add", path = "/spec/ports/0/nodePort", value = local.s.service.nodePort })],
  )

  redis_ops = concat(
    [
      jsonencode({ op = "replace", path = "${local.container}/image", value = "${local.s.redis.image.repository}:${local.s.redis.image.tag}" }),
      jsonencode({ op = "replace", path = "${local.container}/imagePullPolicy", value = local.s.redis.image.pullPolicy }),
      jsonencode({ op = "replace", path = "${local.container}/resources", value = local.s.redis.resources }),
    ],
    local.s.redis.existingSecret == "" ? [] : [
      jsonencode({ op = "test", path = "${local.container}/env/0/name", value = "REDIS_PASSWORD" }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/valueFrom/secretKeyRef/name", value = local.s.redis.existingSecret }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/valueFrom/secretKeyRef/optional", value = false }),
    ],
    local.pull_secret_ops,
    local.template_label_ops,
  )

  ingress_ops = concat(
    [
      jsonencode({ op = "replace", path = "/spec/rules/0/host", value = local.s.ingress.host }),
      jsonencode({ op = "replace", path = "/spec/rules/0/http/paths/0/path", value = local.s.ingress.path }),
    ],
    local.s.ingress.className == "" ? [] : [jsonencode({ op = "add", path = "/spec/ingressClassName", value = local.s.ingress.className })],
    length(local.s.ingress.annotations) == 0 ? [] : [jsonencode({ op = "add", path = "/metadata/annotations", value = local.s.ingress.annotations })],
    !local.s.ingress.tls.enabled ? [] : [jsonencode({
      op    = "add"
      path  = "/spec/tls"
      value = [{ hosts = [local.s.ingress.host], secretName = local.s.ingress.tls.secretName != "" ? local.s.ingress.tls.secretName : "${local.s.name}-tls" }]
    })],
  )

  # When name is not realtime-svg: rename every object of base/ and the chosen components,
  # and the `app` labels and selectors that carry its name (sources.tf lists them).
  renames = {
    for id, o in local.sources : id => concat(
      [for l in o.labels : jsonencode({ op = "replace", path = l.path, value = "${local.s.name}${substr(l.value, length(local.app), -1)}" })],
      [jsonencode({ op = "replace", path = "/metadata/name", value = "${local.s.name}${substr(o.name, length(local.app), -1)}" })],
    ) if local.s.name != local.app && contains(concat(["base"], local.components), o.component)
  }

  # One patch per object, as the composer's overlay has them.
  patches = [
    for p in [
      { kind = "ConfigMap", name = "${local.app}-config", ops = local.config_ops, when = true },
      { kind = "Secret", name = "${local.app}-secret", ops = local.secret_ops, when = true },
      { kind = "Deployment", name = local.app, ops = local.app_ops, when = true },
      { kind = "Service", name = local.app, ops = local.service_ops, when = true },
      { kind = "Deployment", name = "${local.app}-redis", ops = local.redis_ops, when = contains(local.components, "redis") },
      { kind = "Service", name = "${local.app}-redis", ops = [], when = contains(local.components, "redis") },
      { kind = "Ingress", name = local.app, ops = local.ingress_ops, when = local.s.ingress.enabled },
      { kind = "PodDisruptionBudget", name = local.app, ops = [jsonencode({ op = "replace", path = "/spec/minAvailable", value = local.s.podDisruptionBudget.minAvailable })], when = local.wants_pdb },
      { kind = "ServiceAccount", name = local.app, ops = [], when = true },
    ] : merge(p, { ops = concat(p.ops, lookup(local.renames, "${p.kind}/${p.name}", [])) }) if p.when
  ]
}

# The realtime-svg app; with `enabled = false` an overlay of nothing, which still carries
# the checks across settings (system.tf): every overlay is built after them.
data "kustomization_overlay" "this" {
  namespace  = local.namespace
  resources  = local.s.enabled ? ["${local.source_root}/base"] : []
  components = [for c in local.components : "${local.source_root}/components/${c}"]

  dynamic "labels" {
    for_each = local.s.enabled ? [local.s.name] : []
    content {
      pairs = {
        "app.kubernetes.io/instance" = local.s.name
        "app.kubernetes.io/version"  = local.s.image.tag
      }
      include_selectors = false
    }
  }

  dynamic "patches" {
    for_each = [for p in local.patches : p if length(p.ops) > 0 && local.s.enabled]
    content {
      patch = "[${join(",", patches.value.ops)}]"
      target {
        kind = patches.value.kind
        name = patches.value.name
      }
    }
  }

  # A PodDisruptionBudget that could block a drain is worse than none.
  dynamic "patches" {
    for_each = local.wants_pdb || !local.s.enabled ? [] : [local.app]
    content {
      patch = jsonencode({ "$patch" = "delete", apiVersion = "policy/v1", kind = "PodDisruptionBudget", metadata = { name = patches.value } })
    }
  }

  lifecycle {
    # The rules across settings (composer/system.py), once every setting is valid (the
    # variables' checks come first: nothing here runs while one of them fails).
    precondition {
      condition     = length(local.system_problems) == 0
      error_message = join("\n", sort(distinct(local.system_problems)))
    }
  }
}

# -- the workloads (composer/workloads.py) ------------------------------------------------------
#
# Each enabled workload is its own kustomize build of workloads/base and the components its
# settings ask for, renamed from `workload` to its name; every setting is a JSON6902 patch,
# its environment a generated ConfigMap `<name>-config` and Secret `<name>-secret`.

locals {
  # The enabled workloads by name; maps iterate in key order, the composer's sorted order.
  workloads = { for n, w in local.s.workloads : n => w if w.enabled }

  workload_components = {
    for n, w in local.workloads : n => concat(
      [for c in local.workload_component_names : c if w[c].enabled],
      local.workload_wants_certificate[n] ? ["certificate"] : [],
      local.workload_kinds[w.kind].component == null ? [] : [local.workload_kinds[w.kind].component],
      length(local.workload_waited_jobs[n]) == 0 ? [] : [local.workload_job_wait_role],
      local.monitoring_components[n],
    )
  }
  # The Jobs each workload starts after (composer/workloads.py waited_jobs): every enabled Job
  # whose job.before names it, in workload order, by the name that carries its digest.
  workload_waited_jobs = {
    for n, w in local.workloads : n => [for jn, jw in local.workloads : local.workload_object_name[jn] if jw.kind == "Job" && contains(jw.job.before, n)]
  }
  # The init containers: the data services' waits (kinds.tf), then the wait for the Jobs the
  # workload starts after (composer/workloads.py init_containers, job_wait_container).
  workload_init_containers = {
    for n, w in local.workloads : n => concat(
      local.data_service_wait_containers[n],
      length(local.workload_waited_jobs[n]) == 0 ? [] : [merge(local.workload_job_wait_base, {
        image           = "${local.s.jobWait.image.repository}:${local.s.jobWait.image.tag}"
        imagePullPolicy = local.s.jobWait.image.pullPolicy
        args            = concat(local.workload_job_wait_args, [for j in local.workload_waited_jobs[n] : "job/${j}"])
      })],
    )
  }
  # the kind's pod template and pod spec (kinds.tf, composer/workload_kinds.py)
  workload_template  = { for n, w in local.workloads : n => local.workload_kinds[w.kind].template }
  workload_pod       = { for n, w in local.workloads : n => "${local.workload_template[n]}/spec" }
  workload_container = { for n, w in local.workloads : n => "${local.workload_pod[n]}/containers/0" }
  # a PodDisruptionBudget only for a Deployment, and only when it cannot block a drain
  workload_wants_pdb = {
    for n, w in local.workloads : n => w.kind == "Deployment" && w.podDisruptionBudget.enabled && (
      w.autoscaling.enabled ? w.autoscaling.minReplicas : w.replicas
    ) > w.podDisruptionBudget.minAvailable
  }
  # The recommended labels of every object of a workload (never in selectors).
  workload_labels = {
    for n, w in local.workloads : n => {
      "app.kubernetes.io/name"      = n
      "app.kubernetes.io/instance"  = local.s.name
      "app.kubernetes.io/version"   = w.image.tag
      "app.kubernetes.io/component" = n
      "app.kubernetes.io/part-of"   = local.s.name
    }
  }

  # Addresses of the workloads, for env values serviceUrlOf and ingressUrlOf: Terraform always
  # has a namespace, so in-cluster URLs are fully qualified.
  workload_service_port = { for n, w in local.workloads : n => w.service.port == null ? w.port : w.service.port }
  # short when the settings name no namespace (composer/system.py service_url), as every route
  # writes it; `default`, Terraform's stand-in for an empty namespace, is not a setting's value
  # (none for a worker, port null: it has no Service)
  workload_service_url = {
    for n, w in local.workloads : n => "http://${local.s.namespace == "" ? n : "${n}.${local.s.namespace}.svc"}:${local.workload_service_port[n]}"
    if w.port != null
  }
  workload_ingress_url = { for n, w in local.workloads : n => "${w.ingress.tls.enabled ? "https" : "http"}://${w.ingress.host}${w.ingress.path}" }

  # The environment: plain values and addresses in the ConfigMap, secret values in the
  # Secret (literals, as the composer's generators have them), keys of the user's Secrets
  # by reference.
  workload_config_data = {
    for n, w in local.workloads : n => {
      for k, v in w.env : k => can(v.serviceUrlOf) ? lookup(local.workload_service_url, v.serviceUrlOf, "") : can(v.ingressUrlOf) ? lookup(local.workload_ingress_url, v.ingressUrlOf, "") : try(tostring(v), "")
      if !can(v.secret) && !can(v.secretKeyRef)
    }
  }
  workload_config = { for n, data in local.workload_config_data : n => [for k, v in data : "${k}=${v}"] }
  workload_secret = {
    for n, w in local.workloads : n => [for k, v in w.env : "${k}=${v.secret}" if can(v.secret)]
  }
  workload_env_refs = {
    for n, w in local.workloads : n => [
      for k, v in w.env : { name = k, valueFrom = { secretKeyRef = { name = v.secretKeyRef.name, key = v.secretKeyRef.key } } }
      if can(v.secretKeyRef)
    ]
  }

  # The container's env: keys of the user's Secrets, then the data services' connection
  # variables, all by reference (composer/workloads.py container_env).
  workload_env = {
    for n, w in local.workloads : n => concat(local.workload_env_refs[n], local.data_service_env[n])
  }
  # The pod annotations: the settings' own and the digest of each data service connection,
  # which rolls the pods when the values behind a reference change.
  workload_annotations = {
    for n, w in local.workloads : n => merge(w.podAnnotations, local.connection_annotations[n])
  }

  workload_env_from = {
    for n, w in local.workloads : n => concat(
      length(local.workload_config[n]) == 0 ? [] : [{ configMapRef = { name = "${n}-config" } }],
      length(local.workload_secret[n]) == 0 ? [] : [{ secretRef = { name = "${n}-secret" } }],
    )
  }

  workload_pod_ops = {
    for n, w in local.workloads : n => concat(
      w.autoscaling.enabled || w.kind != "Deployment" ? [] : [jsonencode({ op = "replace", path = "/spec/replicas", value = w.replicas })],
      # the kind's own fields (kinds.tf, composer/workload_kinds.py field_ops)
      [
        for f in local.workload_kinds[w.kind].fields : jsonencode({ op = "add", path = f.pointer, value = w[f.section][f.key] })
        if !(f.omit == "null" && w[f.section][f.key] == null) && !(f.omit == "empty" && w[f.section][f.key] == "")
      ],
      local.workload_kinds[w.kind].restartPolicy ? [jsonencode({ op = "add", path = "${local.workload_pod[n]}/restartPolicy", value = w.job.restartPolicy })] : [],
      length(local.workload_annotations[n]) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_template[n]}/metadata/annotations", value = local.workload_annotations[n] })],
      [
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/securityContext/runAsUser", value = w.securityContext.runAsUser }),
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/securityContext/runAsGroup", value = w.securityContext.runAsGroup }),
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/securityContext/fsGroup", value = w.securityContext.fsGroup }),
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/topologySpreadConstraints/0/maxSkew", value = w.topologySpread.maxSkew }),
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/topologySpreadConstraints/0/whenUnsatisfiable", value = w.topologySpread.whenUnsatisfiable }),
        jsonencode({ op = "replace", path = "${local.workload_pod[n]}/serviceAccountName", value = n }),
        jsonencode({ op = "replace", path = "${local.workload_container[n]}/name", value = n }),
        jsonencode({ op = "replace", path = "${local.workload_container[n]}/image", value = "${w.image.repository}:${w.image.tag}" }),
        jsonencode({ op = "replace", path = "${local.workload_container[n]}/imagePullPolicy", value = w.image.pullPolicy }),
      ],
      # envFrom: the ConfigMap and Secret, each only when it holds something (composer/workloads.py env_sources)
      length(local.workload_env_from[n]) == 0
      ? [jsonencode({ op = "remove", path = "${local.workload_container[n]}/envFrom" })]
      : [jsonencode({ op = "replace", path = "${local.workload_container[n]}/envFrom", value = local.workload_env_from[n] })],
      length(w.command) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_container[n]}/command", value = w.command })],
      length(w.args) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_container[n]}/args", value = w.args })],
      # none for a worker (port null, composer/workloads.py is_worker)
      w.port == null
      ? [jsonencode({ op = "remove", path = "${local.workload_container[n]}/ports" })]
      : [jsonencode({ op = "replace", path = "${local.workload_container[n]}/ports", value = local.workload_container_ports[n] })],
      length(local.workload_env[n]) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_container[n]}/env", value = local.workload_env[n] })],
      length(local.workload_init_containers[n]) == 0 ? [] : [
        jsonencode({ op = "add", path = "${local.workload_pod[n]}/initContainers", value = local.workload_init_containers[n] }),
      ],
      # liveness and readiness always, startup when enabled; a worker (port null) a liveness
      # command at most, and the base's probes removed (composer/workloads.py _probe_ops)
      [
        for probe in [["liveness", "livenessProbe"], ["readiness", "readinessProbe"], ["startup", "startupProbe"]] : jsonencode({
          op   = "add"
          path = "${local.workload_container[n]}/${probe[1]}"
          # a command, else an HTTP GET of the path, or a TCP connection when the path is empty
          value = merge(
            {
              for handler, spec in {
                exec      = { command = try(w.probes[probe[0]].command, []) }
                httpGet   = { path = w.probes[probe[0]].path, port = "http" }
                tcpSocket = { port = "http" }
              } : handler => spec if handler == (length(try(w.probes[probe[0]].command, [])) > 0 ? "exec" : w.probes[probe[0]].path == "" ? "tcpSocket" : "httpGet")
            },
            {
              initialDelaySeconds = w.probes[probe[0]].initialDelaySeconds
              periodSeconds       = w.probes[probe[0]].periodSeconds
              timeoutSeconds      = 2
              failureThreshold    = w.probes[probe[0]].failureThreshold
            },
          )
        }) if(w.port == null ? length(try(w.probes[probe[0]].command, [])) > 0 : try(w.probes[probe[0]].enabled, true))
      ],
      [
        for probe in ["livenessProbe", "readinessProbe"] : jsonencode({ op = "remove", path = "${local.workload_container[n]}/${probe}" })
        if w.port == null && !(probe == "livenessProbe" && length(w.probes.liveness.command) > 0)
      ],
      [jsonencode({ op = "replace", path = "${local.workload_container[n]}/resources", value = w.resources })],
      # every writable path an emptyDir of 64Mi, and the wait container's token (composer/workloads.py _volume_ops)
      [
        length(w.writablePaths) == 0
        ? jsonencode({ op = "remove", path = "${local.workload_container[n]}/volumeMounts" })
        : jsonencode({ op = "replace", path = "${local.workload_container[n]}/volumeMounts", value = [for i, p in w.writablePaths : { name = "writable-${i}", mountPath = p }] }),
        length(w.writablePaths) == 0 && length(local.workload_waited_jobs[n]) == 0
        ? jsonencode({ op = "remove", path = "${local.workload_pod[n]}/volumes" })
        : jsonencode({ op = "replace", path = "${local.workload_pod[n]}/volumes", value = concat(
          [for i, p in w.writablePaths : jsondecode(jsonencode({ name = "writable-${i}", emptyDir = { sizeLimit = "64Mi" } }))],
          length(local.workload_waited_jobs[n]) == 0 ? [] : [jsondecode(jsonencode(local.workload_token_volume))],
        ) }),
      ],
      length(local.s.imagePullSecrets) == 0 ? [] : [
        jsonencode({ op = "add", path = "${local.workload_pod[n]}/imagePullSecrets", value = [for s in local.s.imagePullSecrets : { name = s }] }),
      ],
      length(w.nodeSelector) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_pod[n]}/nodeSelector", value = w.nodeSelector })],
      length(w.tolerations) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_pod[n]}/tolerations", value = w.tolerations })],
      length(w.affinity) == 0 ? [] : [jsonencode({ op = "add", path = "${local.workload_pod[n]}/affinity", value = w.affinity })],
      # the labels of the pod template: the provider's labels block has no includeTemplates
      flatten([
        for labels in local.workload_kinds[w.kind].labelPaths : [
          for k, v in local.workload_labels[n] : jsonencode({ op = "add", path = "${labels}/${replace(k, "/", "~1")}", value = v })
        ]
      ]),
    )
  }

  workload_container_ports = {
    for n, w in local.workloads : n => concat(
      [{ name = "http", containerPort = w.port, protocol = "TCP" }],
      [for pn, p in w.extraPorts : { name = pn, containerPort = p, protocol = "TCP" }],
      local.monitoring_container_ports[n],
    )
  }

  # a worker's PodDisruptionBudget lets its failing pods go (composer/workloads.py pdb_ops)
  workload_pdb_ops = {
    for n, w in local.workloads : n => concat(
      [jsonencode({ op = "replace", path = "/spec/minAvailable", value = w.podDisruptionBudget.minAvailable })],
      w.port == null ? [jsonencode({ op = "add", path = "/spec/unhealthyPodEvictionPolicy", value = "AlwaysAllow" })] : [],
    )
  }

  workload_service_ops = {
    for n, w in local.workloads : n => [
      jsonencode({ op = "replace", path = "/spec/type", value = w.service.type }),
      jsonencode({
        op   = "replace"
        path = "/spec/ports"
        value = concat(
          [merge(
            { name = "http", port = local.workload_service_port[n], targetPort = "http", protocol = "TCP" },
            w.service.type != "ClusterIP" && w.service.nodePort != null ? { nodePort = w.service.nodePort } : {},
          )],
          [for pn, p in w.extraPorts : { name = pn, port = p, targetPort = pn, protocol = "TCP" }],
          local.monitoring_service_ports[n],
        )
      }),
    ]
  }

  workload_ingress_ops = {
    for n, w in local.workloads : n => concat(
      [
        jsonencode({ op = "replace", path = "/spec/rules/0/host", value = w.ingress.host }),
        jsonencode({ op = "replace", path = "/spec/rules/0/http/paths/0/backend/service/name", value = n }),
        jsonencode({ op = "replace", path = "/spec/rules/0/http/paths/0/path", value = w.ingress.path }),
        jsonencode({ op = "replace", path = "/spec/rules/0/http/paths/0/pathType", value = w.ingress.pathType }),
      ],
      w.ingress.className == "" ? [] : [jsonencode({ op = "add", path = "/spec/ingressClassName", value = w.ingress.className })],
      length(w.ingress.annotations) == 0 ? [] : [jsonencode({ op = "add", path = "/metadata/annotations", value = w.ingress.annotations })],
      !w.ingress.tls.enabled ? [] : [jsonencode({
        op   = "add"
        path = "/spec/tls"
        value = [{
          hosts      = [w.ingress.host]
          secretName = local.workload_tls_secret[n]
        }]
      })],
    )
  }
  # the Secret of the workload's host certificate (composer/workloads.py tls_secret_name)
  workload_tls_secret = {
    for n, w in local.workloads : n => w.ingress.tls.secretName != "" ? w.ingress.tls.secretName : "${replace(replace(w.ingress.host, "*", "wildcard"), ".", "-")}-tls"
  }

  # The host's Certificate, in the workload that names the issuer (composer/workloads.py
  # wants_certificate, certificate_ops; rules.tf: one per host, one Secret per host).
  workload_wants_certificate = {
    for n, w in local.workloads : n => w.ingress.enabled && w.ingress.tls.enabled && w.ingress.tls.issuer.name != ""
  }
  workload_certificate_ops = {
    for n, w in local.workloads : n => [
      jsonencode({ op = "replace", path = "/spec/secretName", value = local.workload_tls_secret[n] }),
      jsonencode({ op = "replace", path = "/spec/dnsNames", value = [w.ingress.host] }),
      jsonencode({ op = "replace", path = "/spec/issuerRef/kind", value = w.ingress.tls.issuer.kind }),
      jsonencode({ op = "replace", path = "/spec/issuerRef/name", value = w.ingress.tls.issuer.name }),
    ]
  }

  workload_hpa_ops = {
    for n, w in local.workloads : n => concat(
      [
        jsonencode({ op = "replace", path = "/spec/scaleTargetRef/name", value = n }),
        jsonencode({ op = "replace", path = "/spec/minReplicas", value = w.autoscaling.minReplicas }),
        jsonencode({ op = "replace", path = "/spec/maxReplicas", value = w.autoscaling.maxReplicas }),
      ],
      [
        for metrics in [[
          for m in [["cpu", w.autoscaling.targetCPUUtilizationPercentage], ["memory", w.autoscaling.targetMemoryUtilizationPercentage]] :
          { type = "Resource", resource = { name = m[0], target = { type = "Utilization", averageUtilization = m[1] } } } if m[1] != null
        ]] :
        length(metrics) == 0 ? jsonencode({ op = "remove", path = "/spec/metrics" }) : jsonencode({ op = "replace", path = "/spec/metrics", value = metrics })
      ],
      w.autoscaling.scaleDownStabilizationSeconds == null ? [] : [jsonencode({
        op    = "add"
        path  = "/spec/behavior"
        value = { scaleDown = { stabilizationWindowSeconds = w.autoscaling.scaleDownStabilizationSeconds } }
      })],
    )
  }

  # Rename every object of workloads/base and the chosen components from `workload` to the
  # workload's name, and the `app` labels and selectors that carry it (sources.tf).
  workload_renames = {
    for n, w in local.workloads : n => {
      for id, o in local.workload_sources : id => concat(
        [for l in o.labels : jsonencode({ op = "replace", path = l.path, value = "${n}${substr(l.value, length(local.workload_base), -1)}" })],
        [jsonencode({ op = "replace", path = "/metadata/name", value = "${n}${substr(o.name, length(local.workload_base), -1)}" })],
      ) if contains(concat(["base"], local.workload_components[n]), o.component)
    }
  }
  # the ops on the workload's pod object: for a CronJob or Job, its own renames (its name a
  # digest's for a Job, composer/workload_kinds.py object_name) and the Deployment's `app`
  # selectors in the pod spec it copied, where the copy put them
  workload_pod_renames = {
    for n, w in local.workloads : n => w.kind == "Deployment" ? local.workload_renames[n]["Deployment/${local.workload_base}"] : concat(
      [
        for op in local.workload_renames[n]["${w.kind}/${local.workload_base}"] :
        jsondecode(op).path == "/metadata/name" ? jsonencode({ op = "replace", path = "/metadata/name", value = local.workload_object_name[n] }) : op
      ],
      [
        for op in local.workload_renames[n]["Deployment/${local.workload_base}"] :
        jsonencode(merge(jsondecode(op), { path = "${local.workload_template[n]}${substr(jsondecode(op).path, length("/spec/template"), -1)}" }))
        if startswith(jsondecode(op).path, "/spec/template/spec/")
      ],
    )
  }

  # One patch per object, as the composer's workload directories have them.
  workload_patched = ["Deployment", "CronJob", "Job", "Service", "Ingress", "Certificate", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor", "ConfigMap", "Role", "RoleBinding"]
  workload_patches = {
    for n, w in local.workloads : n => concat(
      [{ kind = w.kind, name = local.workload_base, ops = concat(local.workload_pod_ops[n], local.workload_pod_renames[n]) }],
      [
        for p in [
          { kind = "Service", ops = local.workload_service_ops[n], when = w.port != null },
          { kind = "Ingress", ops = local.workload_ingress_ops[n], when = w.ingress.enabled },
          { kind = "Certificate", ops = local.workload_certificate_ops[n], when = local.workload_wants_certificate[n] },
          { kind = "HorizontalPodAutoscaler", ops = local.workload_hpa_ops[n], when = w.autoscaling.enabled },
          { kind = "PodDisruptionBudget", ops = local.workload_pdb_ops[n], when = local.workload_wants_pdb[n] },
        ] :
        { kind = p.kind, name = local.workload_base, ops = concat(p.ops, lookup(local.workload_renames[n], "${p.kind}/${local.workload_base}", [])) } if p.when
      ],
      # the Role and RoleBinding of the wait for Jobs (composer/workloads.py job_wait_role_ops, job_wait_binding_ops)
      [
        for p in [
          { kind = "Role", ops = [jsonencode({ op = "replace", path = "/rules/0/resourceNames", value = local.workload_waited_jobs[n] })] },
          { kind = "RoleBinding", ops = [
            jsonencode({ op = "replace", path = "/roleRef/name", value = "${n}-${local.workload_job_wait_role}" }),
            jsonencode({ op = "replace", path = "/subjects/0/name", value = n }),
            jsonencode({ op = "replace", path = "/subjects/0/namespace", value = local.s.namespace }),
          ] },
        ] :
        {
          kind = p.kind
          name = "${local.workload_base}-${local.workload_job_wait_role}"
          ops  = concat(p.ops, local.workload_renames[n]["${p.kind}/${local.workload_base}-${local.workload_job_wait_role}"])
        } if length(local.workload_waited_jobs[n]) > 0
      ],
      local.monitoring_patches[n],
      # every other object: renamed only
      [
        for id, ops in local.workload_renames[n] : { kind = split("/", id)[0], name = split("/", id)[1], ops = ops }
        if !contains(local.workload_patched, split("/", id)[0])
      ],
    )
  }
}

data "kustomization_overlay" "workload" {
  for_each = local.workloads

  namespace  = local.namespace
  resources  = ["${local.source_root}/workloads/base"]
  components = [for c in local.workload_components[each.key] : "${local.source_root}/workloads/components/${c}"]

  labels {
    pairs             = local.workload_labels[each.key]
    include_selectors = false
  }

  # Only a ConfigMap or Secret that holds something is made (composer/workloads.py).
  dynamic "config_map_generator" {
    for_each = length(local.workload_config[each.key]) == 0 ? [] : [each.key]
    content {
      name     = "${config_map_generator.value}-config"
      literals = local.workload_config[each.key]
    }
  }

  dynamic "secret_generator" {
    for_each = length(local.workload_secret[each.key]) == 0 ? [] : [each.key]
    content {
      name     = "${secret_generator.value}-secret"
      type     = "Opaque"
      literals = local.workload_secret[each.key]
    }
  }

  dynamic "patches" {
    for_each = local.workload_patches[each.key]
    content {
      patch = "[${join(",", patches.value.ops)}]"
      target {
        kind = patches.value.kind
        name = patches.value.name
      }
    }
  }

  # A PodDisruptionBudget that could block a drain is worse than none; a worker has no Service;
  # a CronJob or Job copied the Deployment's pod spec and replaces it.
  dynamic "patches" {
    for_each = [
      for d in [
        { apiVersion = "apps/v1", kind = "Deployment", when = each.value.kind != "Deployment" },
        { apiVersion = "v1", kind = "Service", when = each.value.port == null },
        { apiVersion = "policy/v1", kind = "PodDisruptionBudget", when = !local.workload_wants_pdb[each.key] },
      ] : d if d.when
    ]
    content {
      patch = jsonencode({ "$patch" = "delete", apiVersion = patches.value.apiVersion, kind = patches.value.kind, metadata = { name = local.workload_base } })
    }
  }

  # built only once the rules across settings hold (the precondition of the app's overlay)
  depends_on = [data.kustomization_overlay.this]
}

# -- monitoring (composer/monitoring.py) ----------------------------------------------------------
#
# kube-prometheus-stack's way: a port `metrics` when metrics.port differs from the app's, a
# ServiceMonitor (workloads/components/servicemonitor) selecting the workload's Service by its
# `app` label, a dashboard ConfigMap (workloads/components/grafana-dashboard) with the Grafana
# sidecar's label.

locals {
  monitoring_service_monitor = { for n, w in local.workloads : n => w.metrics.enabled && w.metrics.serviceMonitor.enabled }
  monitoring_components = {
    for n, w in local.workloads : n => concat(
      local.monitoring_service_monitor[n] ? ["servicemonitor"] : [],
      w.grafanaDashboard.enabled ? ["grafana-dashboard"] : [],
    )
  }
  monitoring_own_port = { for n, w in local.workloads : n => w.metrics.enabled && w.metrics.port != null && w.metrics.port != w.port }
  monitoring_container_ports = {
    for n, w in local.workloads : n => local.monitoring_own_port[n] ? [{ name = "metrics", containerPort = w.metrics.port, protocol = "TCP" }] : []
  }
  monitoring_service_ports = {
    for n, w in local.workloads : n => local.monitoring_own_port[n] ? [{ name = "metrics", port = w.metrics.port, targetPort = "metrics", protocol = "TCP" }] : []
  }
  monitoring_patches = {
    for n, w in local.workloads : n => concat(
      !local.monitoring_service_monitor[n] ? [] : [{
        kind = "ServiceMonitor"
        name = local.workload_base
        ops = concat(
          [jsonencode({
            op   = "replace"
            path = "/spec/endpoints"
            value = [merge(
              { port = local.monitoring_own_port[n] ? "metrics" : "http", path = w.metrics.path },
              w.metrics.serviceMonitor.interval == "" ? {} : { interval = w.metrics.serviceMonitor.interval },
              w.metrics.serviceMonitor.scrapeTimeout == "" ? {} : { scrapeTimeout = w.metrics.serviceMonitor.scrapeTimeout },
            )]
          })],
          [for k, v in w.metrics.serviceMonitor.labels : jsonencode({ op = "add", path = "/metadata/labels/${replace(replace(k, "~", "~0"), "/", "~1")}", value = v })],
          lookup(local.workload_renames[n], "ServiceMonitor/${local.workload_base}", []),
        )
      }],
      !w.grafanaDashboard.enabled ? [] : [{
        kind = "ConfigMap"
        name = "${local.workload_base}-dashboard"
        ops = concat(
          [jsonencode({ op = "replace", path = "/data", value = { "${n}.json" = w.grafanaDashboard.json } })],
          [for k, v in w.grafanaDashboard.labels : jsonencode({ op = "add", path = "/metadata/labels/${replace(replace(k, "~", "~0"), "/", "~1")}", value = v })],
          w.grafanaDashboard.folder == "" ? [] : [jsonencode({ op = "add", path = "/metadata/annotations", value = { grafana_folder = w.grafanaDashboard.folder } })],
          lookup(local.workload_renames[n], "ConfigMap/${local.workload_base}-dashboard", []),
        )
      }],
    )
  }
}

# -- PostgreSQL (composer/postgresql.py) -----------------------------------------------------------
#
# The postgresql part: components/postgresql-client (a ConfigMap with host, port and user, a
# Secret with the password, under fixed names) whenever the server is in the cluster or a
# workload uses an external one, and components/postgresql (StatefulSet, Services, init Job)
# for an in-cluster server; renamed from realtime-svg to `name`, every setting a patch.

locals {
  pg            = local.s.postgresql
  pg_job_source = "${local.app}-postgresql-init"
  pg_active     = local.pg.enabled || length([for n, w in local.workloads : n if w.postgresql.enabled]) > 0
  pg_components = concat(["postgresql-client"], local.pg.enabled ? ["postgresql"] : [])

  # The ConfigMap's host, port and user. The names, the connection, the init Job's DATABASES
  # and its digest name are composer/postgresql.py DERIVED (derived.tf).
  pg_connection = {
    host = local.postgresql_host
    port = local.postgresql_port
    user = local.pg.user
  }

  # Two label sets: the version only on objects and pod templates (by patch), never on the
  # StatefulSet's immutable volumeClaimTemplates; the provider's labels block has no
  # includeTemplates, so the template labels are patches too.
  pg_stable_labels = {
    "app.kubernetes.io/name"     = "postgresql"
    "app.kubernetes.io/instance" = local.s.name
    "app.kubernetes.io/part-of"  = local.s.name
  }
  pg_template_label_ops = [
    for k, v in merge(local.pg_stable_labels, { "app.kubernetes.io/version" = local.pg.image.tag }) :
    jsonencode({ op = "add", path = "/spec/template/metadata/labels/${replace(k, "/", "~1")}", value = v })
  ]

  # image, security context, pull secrets and template labels: the same in the StatefulSet and the Job
  pg_pod_ops = concat(
    [
      jsonencode({ op = "replace", path = "${local.container}/image", value = "${local.pg.image.repository}:${local.pg.image.tag}" }),
      jsonencode({ op = "replace", path = "${local.container}/imagePullPolicy", value = local.pg.image.pullPolicy }),
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/runAsUser", value = local.pg.securityContext.runAsUser }),
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/runAsGroup", value = local.pg.securityContext.runAsGroup }),
    ],
    local.pull_secret_ops,
    local.pg_template_label_ops,
  )
  # the password references pointed at the user's Secret: [env var, its index]
  pg_existing_secret_ops = {
    for kind, env in { StatefulSet = ["POSTGRES_PASSWORD", 1], Job = ["PGPASSWORD", 4] } : kind => local.pg.existingSecret == "" ? [] : [
      jsonencode({ op = "test", path = "${local.container}/env/${env[1]}/name", value = env[0] }),
      jsonencode({ op = "replace", path = "${local.container}/env/${env[1]}/valueFrom/secretKeyRef/name", value = local.pg.existingSecret }),
    ]
  }
  pg_statefulset_ops = concat(
    local.pg_pod_ops,
    [
      jsonencode({ op = "replace", path = "${local.pod}/securityContext/fsGroup", value = local.pg.securityContext.fsGroup }),
      jsonencode({ op = "replace", path = "${local.container}/resources", value = local.pg.resources }),
      jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/accessModes", value = [local.pg.storage.accessMode] }),
      jsonencode({ op = "replace", path = "/spec/volumeClaimTemplates/0/spec/resources/requests/storage", value = local.pg.storage.size }),
    ],
    local.pg.storage.storageClassName == "" ? [] : [jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/spec/storageClassName", value = local.pg.storage.storageClassName })],
    local.pg_existing_secret_ops["StatefulSet"],
    [for k, v in local.pg_stable_labels : jsonencode({ op = "add", path = "/spec/volumeClaimTemplates/0/metadata/labels/${replace(k, "/", "~1")}", value = v })],
  )
  pg_job_ops = concat(
    local.pg_pod_ops,
    [
      jsonencode({ op = "test", path = "${local.container}/env/0/name", value = "DATABASES" }),
      jsonencode({ op = "replace", path = "${local.container}/env/0/value", value = local.postgresql_databases }),
    ],
    local.pg_existing_secret_ops["Job"],
  )

  # Rename every object of the chosen components, and the `app` labels and selectors that carry
  # the name (sources.tf); the Job's name carries the digest instead.
  pg_renames = {
    for id, o in local.postgresql_sources : id => concat(
      [for l in o.labels : jsonencode({ op = "replace", path = l.path, value = "${local.s.name}${substr(l.value, length(local.app), -1)}" })],
      [jsonencode({ op = "replace", path = "/metadata/name", value = o.name == local.pg_job_source ? local.postgresql_job_name : "${local.s.name}${substr(o.name, length(local.app), -1)}" })],
    ) if contains(local.pg_components, o.component)
  }
  pg_patched = {
    "ConfigMap/${local.app}-postgresql"   = [for k, v in local.pg_connection : jsonencode({ op = "replace", path = "/data/${k}", value = v })]
    "Secret/${local.app}-postgresql"      = [jsonencode({ op = "replace", path = "/data/password", value = base64encode(local.pg.password) })]
    "StatefulSet/${local.app}-postgresql" = local.pg_statefulset_ops
    "Job/${local.pg_job_source}"          = local.pg_job_ops
  }
  pg_patches = [
    for id, renames in local.pg_renames : {
      kind = split("/", id)[0]
      name = split("/", id)[1]
      ops  = concat(lookup(local.pg_patched, id, []), renames)
    } if !(local.pg.existingSecret != "" && id == "Secret/${local.app}-postgresql")
  ]

  # The init container of a workload that uses PostgreSQL (composer/postgresql.py wait_container);
  # its variables are derived.tf's postgresql_env.
  postgresql_wait_container = {
    for n, w in local.workloads : n => merge(local.wait_container_base, {
      name            = "wait-for-postgresql"
      image           = "${local.pg.image.repository}:${local.pg.image.tag}"
      imagePullPolicy = local.pg.image.pullPolicy
      command         = ["sh", "-c", local.postgresql_wait_script]
      env = [
        { name = "PGHOST", valueFrom = { configMapKeyRef = { name = local.postgresql_name, key = "host" } } },
        { name = "PGPORT", valueFrom = { configMapKeyRef = { name = local.postgresql_name, key = "port" } } },
        { name = "PGUSER", valueFrom = { configMapKeyRef = { name = local.postgresql_name, key = "user" } } },
        { name = "PGPASSWORD", valueFrom = { secretKeyRef = { name = local.postgresql_secret_name, key = "password" } } },
        { name = "PGDATABASE", value = w.postgresql.database },
        { name = "PGCONNECT_TIMEOUT", value = "5" },
      ]
    }) if w.postgresql.enabled
  }
}

# -- applying -------------------------------------------------------------------------------------

locals {
  # Every object of every overlay: the app's, the workloads', the data services' and the policies'.
  overlays = concat([data.kustomization_overlay.this], [for n in keys(local.workloads) : data.kustomization_overlay.workload[n]], values(data.kustomization_overlay.data_service),
  values(data.kustomization_overlay.netpol))
  manifests = merge(concat([for o in local.overlays : o.manifests], [local.extra_manifests])...)
  ids_prio = [
    for i in range(3) : toset(flatten(concat([for o in local.overlays : tolist(o.ids_prio[i])], i == 1 ? keys(local.extra_manifests) : [])))
  ]

  # Objects of your own (settings extraObjects, composer/extra_objects.py): as written, in the
  # system's namespace, by the IDs the provider gives what it builds (group/Kind/namespace/name).
  # Grouped, so that one written twice reaches the precondition's words (rules.tf), not an error.
  extra_manifests = { for id, written in local.extra_manifests_by_id : id => written[0] }
  extra_manifests_by_id = {
    for o in local.s.extraObjects :
    "${length(split("/", o.apiVersion)) == 2 ? split("/", o.apiVersion)[0] : "_"}/${o.kind}/${local.namespace}/${o.metadata.name}" =>
    jsonencode(merge(o, { metadata = merge(o.metadata, {
      namespace = local.namespace
      # the recommended labels under the ones written (composer/extra_objects.py labels)
      labels = merge({
        "app.kubernetes.io/name"      = o.metadata.name
        "app.kubernetes.io/instance"  = local.s.name
        "app.kubernetes.io/component" = "extra-objects"
        "app.kubernetes.io/part-of"   = local.s.name
      }, try(o.metadata.labels, {}))
    }) }))...
  }
}

# The provider's three priority groups (ids_prio): namespaces and CRDs first, webhooks
# last, everything else in between. Secrets are marked sensitive, so their data never
# shows in a plan.

resource "kustomization_resource" "p0" {
  for_each = local.ids_prio[0]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(local.manifests[each.value])
    : local.manifests[each.value]
  )
}

resource "kustomization_resource" "p1" {
  for_each = local.ids_prio[1]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(local.manifests[each.value])
    : local.manifests[each.value]
  )
  # wait for Deployments to be rolled out and Ready
  wait = var.wait

  timeouts {
    create = "5m"
    update = "5m"
  }

  depends_on = [kustomization_resource.p0]
}

resource "kustomization_resource" "p2" {
  for_each = local.ids_prio[2]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(local.manifests[each.value])
    : local.manifests[each.value]
  )

  depends_on = [kustomization_resource.p1]
}
