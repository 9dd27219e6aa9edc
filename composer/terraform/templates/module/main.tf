# realtime-svg, built by kustomize (inside the kbst/kustomization provider) from the
# repository's base/ and components/ with the overlay `python -m composer overlay` writes
# for the same settings (composer/overlay.py): JSON6902 patches for every setting, labels
# for instance and version, the namespace and the chosen components. Then applied in the
# provider's three priority groups.

locals {
  s   = local.settings # settings.tf: every setting, defaults filled in
  app = "realtime-svg" # the name every hand-written object is derived from
  # relative paths are relative to where tofu/terraform runs, as path.module is
  source_root = var.source_root == null ? "${path.module}/../../.." : var.source_root
  namespace   = local.s.namespace == "" ? "default" : local.s.namespace
  components  = [for c in ["redis", "ingress"] : c if local.s[c].enabled]
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
      { kind = "Deployment", name = "${local.app}-redis", ops = local.redis_ops, when = local.s.redis.enabled },
      { kind = "Service", name = "${local.app}-redis", ops = [], when = local.s.redis.enabled },
      { kind = "Ingress", name = local.app, ops = local.ingress_ops, when = local.s.ingress.enabled },
      { kind = "PodDisruptionBudget", name = local.app, ops = [jsonencode({ op = "replace", path = "/spec/minAvailable", value = local.s.podDisruptionBudget.minAvailable })], when = local.wants_pdb },
      { kind = "ServiceAccount", name = local.app, ops = [], when = true },
    ] : merge(p, { ops = concat(p.ops, lookup(local.renames, "${p.kind}/${p.name}", [])) }) if p.when
  ]
}

data "kustomization_overlay" "this" {
  namespace  = local.namespace
  resources  = ["${local.source_root}/base"]
  components = [for c in local.components : "${local.source_root}/components/${c}"]

  labels {
    pairs = {
      "app.kubernetes.io/instance" = local.s.name
      "app.kubernetes.io/version"  = local.s.image.tag
    }
    include_selectors = false
  }

  dynamic "patches" {
    for_each = [for p in local.patches : p if length(p.ops) > 0]
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
    for_each = local.wants_pdb ? [] : [local.app]
    content {
      patch = jsonencode({ "$patch" = "delete", apiVersion = "policy/v1", kind = "PodDisruptionBudget", metadata = { name = patches.value } })
    }
  }
}

# The provider's three priority groups (ids_prio): namespaces and CRDs first, webhooks
# last, everything else in between. Secrets are marked sensitive, so their data never
# shows in a plan.

resource "kustomization_resource" "p0" {
  for_each = data.kustomization_overlay.this.ids_prio[0]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(data.kustomization_overlay.this.manifests[each.value])
    : data.kustomization_overlay.this.manifests[each.value]
  )
}

resource "kustomization_resource" "p1" {
  for_each = data.kustomization_overlay.this.ids_prio[1]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(data.kustomization_overlay.this.manifests[each.value])
    : data.kustomization_overlay.this.manifests[each.value]
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
  for_each = data.kustomization_overlay.this.ids_prio[2]

  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(data.kustomization_overlay.this.manifests[each.value])
    : data.kustomization_overlay.this.manifests[each.value]
  )

  depends_on = [kustomization_resource.p1]
}
