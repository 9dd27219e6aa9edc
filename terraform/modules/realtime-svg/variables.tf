# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.

# One variable per top-level setting: the names, nesting and defaults of
# docs/settings.md. Nested keys left out take their defaults one by one. Every
# check of the settings schema is in the validation block of its variable, with
# its wording: written out one by one for a small setting; for a larger one, as
# data (composer/terraform/variables.py): T, the distinct shapes of checks (t: the
# types, e: the options, p: [pattern, minLength], x: maxLength, b: [minimum,
# maximum], u: the known keys, r: the required ones, n: a key's [pattern,
# minLength, maxLength], w or m: the words), and c, every value to check (l: its
# key path, or p below the variable; v: its value, or d its default; g: when it
# is checked; s: its shape in T), then one expression gives the lines of them.

variable "enabled" {
  description = "Install the realtime-svg app (the Deployment, Service, ConfigMap, Secret and the redis and ingress components that the other top-level keys describe). false: only the `workloads` of the system, for a system that is not realtime-svg; redis.* and ingress.* are then not used."
  type        = any
  default     = true
  nullable    = false

  validation {
    condition = alltrue([
      # enabled: true or false
      try(contains(["true", "false"], jsonencode(var.enabled)), false),
    ])
    error_message = join("\n", sort(compact([
      try(contains(["true", "false"], jsonencode(var.enabled)), false) ? "" : "enabled: ${length(jsonencode(var.enabled)) <= 80 ? jsonencode(var.enabled) : "${substr(jsonencode(var.enabled), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.enabled), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.enabled))) ? "an integer" : "a number")}; allowed: true or false",
    ])))
  }
}

variable "name" {
  description = "Name of every object (the app's Deployment, Service, ServiceAccount and PodDisruptionBudget; `<name>-config`, `<name>-secret`, `<name>-redis`) and the value of the `app` selector label. Allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)."
  type        = any
  default     = "realtime-svg"
  nullable    = false

  validation {
    condition = alltrue([
      # name: a string
      try(substr(jsonencode(var.name), 0, 1) == "\"", false),
      # name: pattern
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)), false),
      # name: at most 57 characters
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(length(var.name) <= 57, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.name), 0, 1) == "\"", false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.name), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.name))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)), false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is invalid; allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)",
      !(substr(jsonencode(var.name), 0, 1) == "\"") || try(length(var.name) <= 57, false) ? "" : "name: ${length(jsonencode(var.name)) <= 80 ? jsonencode(var.name) : "${substr(jsonencode(var.name), 0, 77)}..."} is too long; allowed: a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 57 characters (room for the '-redis' suffix)",
    ])))
  }
}

variable "namespace" {
  description = "Namespace of every object. Empty: no namespace field, so the tool's own namespace is used (kubectl's current namespace, the Helm release namespace, `default` for Terraform and Pulumi). Allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Terraform: empty or \"default\" both mean the namespace `default`."
  type        = any
  default     = "default"
  nullable    = false

  validation {
    condition = alltrue([
      # namespace: a string
      try(substr(jsonencode(var.namespace), 0, 1) == "\"", false),
      # namespace: pattern
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$", var.namespace)), false),
      # namespace: at most 63 characters
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(length(var.namespace) <= 63, false),
    ])
    error_message = join("\n", sort(compact([
      try(substr(jsonencode(var.namespace), 0, 1) == "\"", false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.namespace), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.namespace))) ? "an integer" : "a number")}; allowed: a string",
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(can(regex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$", var.namespace)), false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is invalid; allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
      !(substr(jsonencode(var.namespace), 0, 1) == "\"") || try(length(var.namespace) <= 63, false) ? "" : "namespace: ${length(jsonencode(var.namespace)) <= 80 ? jsonencode(var.namespace) : "${substr(jsonencode(var.namespace), 0, 77)}..."} is too long; allowed: empty, or a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
    ])))
  }
}

variable "replicas" {
  description = "Number of realtime-svg pods. The PodDisruptionBudget is created only when replicas > podDisruptionBudget.minAvailable."
  type        = any
  default     = 2
  nullable    = false

  validation {
    condition = alltrue([
      # replicas: an integer
      try(can(regex("^-?[0-9]+$", jsonencode(var.replicas))), false),
      # replicas: from 0 to 1000
      !(can(regex("^-?[0-9]", jsonencode(var.replicas)))) || try(var.replicas >= 0 && var.replicas <= 1000, false),
    ])
    error_message = join("\n", sort(compact([
      try(can(regex("^-?[0-9]+$", jsonencode(var.replicas))), false) ? "" : "replicas: ${length(jsonencode(var.replicas)) <= 80 ? jsonencode(var.replicas) : "${substr(jsonencode(var.replicas), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.replicas), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.replicas))) ? "an integer" : "a number")}; allowed: an integer",
      !(can(regex("^-?[0-9]", jsonencode(var.replicas)))) || try(var.replicas >= 0 && var.replicas <= 1000, false) ? "" : "replicas: ${length(jsonencode(var.replicas)) <= 80 ? jsonencode(var.replicas) : "${substr(jsonencode(var.replicas), 0, 77)}..."} is out of range; allowed: an integer from 0 to 1000",
    ])))
  }
}

variable "image" {
  description = "Image of the realtime-svg container."
  type        = any
  default = {
    repository = "ghcr.io/egoavara/realtime-svg"
    tag        = "v0.1.4"
    pullPolicy = "IfNotPresent"
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["repository"], d = "ghcr.io/egoavara/realtime-svg", s = 1 },
          { p = ["tag"], d = "v0.1.4", s = 2 },
          { p = ["pullPolicy"], d = "IfNotPresent", s = 3 },
        ] : merge(c, { l = "image.${join(".", c.p)}", v = try(var.image[c.p[0]], try(c.d, null)) })],
        { l = "image", v = var.image, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["repository"], d = "ghcr.io/egoavara/realtime-svg", s = 1 },
          { p = ["tag"], d = "v0.1.4", s = 2 },
          { p = ["pullPolicy"], d = "IfNotPresent", s = 3 },
        ] : merge(c, { l = "image.${join(".", c.p)}", v = try(var.image[c.p[0]], try(c.d, null)) })],
        { l = "image", v = var.image, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "imagePullSecrets" {
  description = "Names of existing Secrets of type kubernetes.io/dockerconfigjson used to pull the images."
  type        = any
  default     = []
  nullable    = false

  validation {
    condition = length([for T in [[
      { t = ["array"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253 },
      ]] : flatten([for c in flatten([
        { l = "imagePullSecrets", v = var.imagePullSecrets, s = 0 },
        try([for i1, x1 in var.imagePullSecrets : [
          { l = "imagePullSecrets[${i1}]", v = x1, s = 1 },
        ] if !can(keys(var.imagePullSecrets))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["array"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253, w = "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      ]] : flatten([for c in flatten([
        { l = "imagePullSecrets", v = var.imagePullSecrets, s = 0 },
        try([for i1, x1 in var.imagePullSecrets : [
          { l = "imagePullSecrets[${i1}]", v = x1, s = 1 },
        ] if !can(keys(var.imagePullSecrets))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "jobWait" {
  description = "The init container `wait-for-jobs` of a workload named in a Job's job.before: `kubectl wait --for=condition=complete` on those Jobs, with a token of the workload's own ServiceAccount."
  type        = any
  default = {
    image = {
      repository = "registry.k8s.io/kubectl"
      tag        = "v1.35.0"
      pullPolicy = "IfNotPresent"
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["image"] },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["image"], d = {}, s = 1 },
          { p = ["image", "repository"], d = "registry.k8s.io/kubectl", s = 2 },
          { p = ["image", "tag"], d = "v1.35.0", s = 3 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 4 },
        ] : merge(c, { l = "jobWait.${join(".", c.p)}", v = [try(var.jobWait[c.p[0]], try(c.d, null)), try(var.jobWait[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "jobWait", v = var.jobWait, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["image"] },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["image"], d = {}, s = 1 },
          { p = ["image", "repository"], d = "registry.k8s.io/kubectl", s = 2 },
          { p = ["image", "tag"], d = "v1.35.0", s = 3 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 4 },
        ] : merge(c, { l = "jobWait.${join(".", c.p)}", v = [try(var.jobWait[c.p[0]], try(c.d, null)), try(var.jobWait[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "jobWait", v = var.jobWait, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "resources" {
  description = "CPU and memory requests and limits of the realtime-svg container."
  type        = any
  default = {
    requests = {
      cpu    = "100m"
      memory = "128Mi"
    }
    limits = {
      cpu    = "500m"
      memory = "512Mi"
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["requests"], d = {}, s = 1 },
          { p = ["requests", "cpu"], d = "100m", s = 2 },
          { p = ["requests", "memory"], d = "128Mi", s = 2 },
          { p = ["limits"], d = {}, s = 1 },
          { p = ["limits", "cpu"], d = "500m", s = 2 },
          { p = ["limits", "memory"], d = "512Mi", s = 2 },
        ] : merge(c, { l = "resources.${join(".", c.p)}", v = [try(var.resources[c.p[0]], try(c.d, null)), try(var.resources[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "resources", v = var.resources, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null], w = "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["requests"], d = {}, s = 1 },
          { p = ["requests", "cpu"], d = "100m", s = 2 },
          { p = ["requests", "memory"], d = "128Mi", s = 2 },
          { p = ["limits"], d = {}, s = 1 },
          { p = ["limits", "cpu"], d = "500m", s = 2 },
          { p = ["limits", "memory"], d = "512Mi", s = 2 },
        ] : merge(c, { l = "resources.${join(".", c.p)}", v = [try(var.resources[c.p[0]], try(c.d, null)), try(var.resources[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "resources", v = var.resources, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "service" {
  description = "The app's Service."
  type        = any
  default = {
    type     = "ClusterIP"
    port     = 8080
    nodePort = null
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["type", "port", "nodePort"] },
      { t = ["string"], e = ["ClusterIP", "NodePort", "LoadBalancer"] },
      { t = ["integer"], b = [1, 65535] },
      { t = ["integer", "null"], b = [30000, 32767] },
      { t = ["null"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["type"], d = "ClusterIP", s = 1 },
          { p = ["port"], d = 8080, s = 2 },
          { p = ["nodePort"], s = 3 },
          { p = ["nodePort"], g = try(try(var.service.type, "ClusterIP") == "ClusterIP", false), s = 4 },
        ] : merge(c, { l = "service.${join(".", c.p)}", v = try(var.service[c.p[0]], try(c.d, null)) })],
        { l = "service", v = var.service, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["type", "port", "nodePort"] },
      { t = ["string"], e = ["ClusterIP", "NodePort", "LoadBalancer"] },
      { t = ["integer"], b = [1, 65535] },
      { t = ["integer", "null"], b = [30000, 32767] },
      { t = ["null"], m = "is only allowed when service.type is NodePort or LoadBalancer" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["type"], d = "ClusterIP", s = 1 },
          { p = ["port"], d = 8080, s = 2 },
          { p = ["nodePort"], s = 3 },
          { p = ["nodePort"], g = try(try(var.service.type, "ClusterIP") == "ClusterIP", false), s = 4 },
        ] : merge(c, { l = "service.${join(".", c.p)}", v = try(var.service[c.p[0]], try(c.d, null)) })],
        { l = "service", v = var.service, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "config" {
  description = "Non-secret configuration, delivered through the ConfigMap `<name>-config`."
  type        = any
  default = {
    logLevel = "info"
  }
  nullable = false

  validation {
    condition = alltrue([
      # config: a mapping
      try(can(keys(var.config)), false),
      # config: no other keys
      length(try((can(keys(var.config))) ? [for k in sort(setsubtract(keys(var.config), ["logLevel"])) : "config.${k}: unknown key; allowed keys here: logLevel"] : [], [])) == 0,
      # config.logLevel: a string
      try(substr(jsonencode(try(var.config.logLevel, "info")), 0, 1) == "\"", false),
      # config.logLevel: one of trace, debug, info, warn, error
      try(contains(["trace", "debug", "info", "warn", "error"], try(var.config.logLevel, "info")), false),
    ])
    error_message = join("\n", sort(distinct(compact(flatten([
      try(can(keys(var.config)), false) ? "" : "config: ${length(jsonencode(var.config)) <= 80 ? jsonencode(var.config) : "${substr(jsonencode(var.config), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.config), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.config))) ? "an integer" : "a number")}; allowed: a mapping",
      try((can(keys(var.config))) ? [for k in sort(setsubtract(keys(var.config), ["logLevel"])) : "config.${k}: unknown key; allowed keys here: logLevel"] : [], []),
      try(substr(jsonencode(try(var.config.logLevel, "info")), 0, 1) == "\"", false) ? "" : "config.logLevel: ${length(jsonencode(try(var.config.logLevel, "info"))) <= 80 ? jsonencode(try(var.config.logLevel, "info")) : "${substr(jsonencode(try(var.config.logLevel, "info")), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(try(var.config.logLevel, "info")), 0, 1), can(regex("^-?[0-9]+$", jsonencode(try(var.config.logLevel, "info")))) ? "an integer" : "a number")}; allowed: a string",
      try(contains(["trace", "debug", "info", "warn", "error"], try(var.config.logLevel, "info")), false) ? "" : "config.logLevel: ${length(jsonencode(try(var.config.logLevel, "info"))) <= 80 ? jsonencode(try(var.config.logLevel, "info")) : "${substr(jsonencode(try(var.config.logLevel, "info")), 0, 77)}..."} is not allowed; allowed: one of trace, debug, info, warn, error",
    ])))))
  }
}

variable "secrets" {
  description = "Secret values, delivered through the Secret `<name>-secret`. Never commit real values: prefer existingSecret."
  type        = any
  default = {
    apiKey         = ""
    existingSecret = ""
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["apiKey", "existingSecret"], h = 2 },
      { t = ["string"], h = 1 },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["apiKey"], d = "", s = 1 },
          { p = ["existingSecret"], d = "", s = 2 },
        ] : merge(c, { l = "secrets.${join(".", c.p)}", v = try(var.secrets[c.p[0]], try(c.d, null)) })],
        { l = "secrets", v = var.secrets, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["apiKey", "existingSecret"], h = 2, q = ["existingSecret"] },
      { t = ["string"], h = 1 },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["apiKey"], d = "", s = 1 },
          { p = ["existingSecret"], d = "", s = 2 },
        ] : merge(c, { l = "secrets.${join(".", c.p)}", v = try(var.secrets[c.p[0]], try(c.d, null)) })],
        { l = "secrets", v = var.secrets, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [try(S.h, 0) == 1 ? "(secret, not shown)" : try(S.h, 0) == 2 ? try(t == "object" ? replace(jsonencode(merge(c.v, { for k in keys(c.v) : k => "(secret, not shown)" if !contains(S.q, k) })), "\"(secret, not shown)\"", "(secret, not shown)") : (t == "array" ? "(secret, not shown)" : jsonencode(c.v)), "(secret, not shown)") : jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "redis" {
  description = "Where the app and the workloads keep their Redis state. enabled: an in-cluster Redis primary, in memory (development and tests) or with persistence; optionally read replicas and a separate cache. Disabled: an external Redis at redis.host (recommended for production)."
  type        = any
  default = {
    enabled        = true
    host           = ""
    port           = 6379
    password       = ""
    existingSecret = ""
    image = {
      repository = "redis"
      tag        = "7-alpine"
      pullPolicy = "IfNotPresent"
    }
    resources = {
      requests = {
        cpu    = "100m"
        memory = "128Mi"
      }
      limits = {
        cpu    = "200m"
        memory = "256Mi"
      }
    }
    persistence = {
      enabled          = false
      size             = "1Gi"
      storageClassName = ""
      accessMode       = "ReadWriteOnce"
    }
    replica = {
      count = 0
      resources = {
        requests = {
          cpu    = "100m"
          memory = "128Mi"
        }
        limits = {
          cpu    = "200m"
          memory = "256Mi"
        }
      }
    }
    cache = {
      enabled         = false
      maxmemory       = "64mb"
      maxmemoryPolicy = "allkeys-lru"
      resources = {
        requests = {
          cpu    = "100m"
          memory = "128Mi"
        }
        limits = {
          cpu    = "200m"
          memory = "256Mi"
        }
      }
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "host", "port", "password", "existingSecret", "image", "resources", "persistence", "replica", "cache"], h = 2 },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", null], x = 253 },
      { t = ["integer"], b = [1, 65535] },
      { t = ["string"], h = 1 },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null] },
      { t = ["object"], u = ["enabled", "size", "storageClassName", "accessMode"] },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      { t = ["object"], u = ["count", "resources"] },
      { t = ["integer"], b = [0, 10] },
      { t = ["object"], u = ["enabled", "maxmemory", "maxmemoryPolicy", "resources"] },
      { t = ["string"], p = ["^[1-9][0-9]{0,5}(kb|mb|gb)$", null] },
      { t = ["string"], e = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"] },
      { p = [null, 1] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = true, s = 1 },
          { p = ["host"], d = "", s = 2 },
          { p = ["port"], d = 6379, s = 3 },
          { p = ["password"], d = "", s = 4 },
          { p = ["existingSecret"], d = "", s = 5 },
          { p = ["image"], d = {}, s = 6 },
          { p = ["image", "repository"], d = "redis", s = 7 },
          { p = ["image", "tag"], d = "7-alpine", s = 8 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 9 },
          { p = ["resources"], d = {}, s = 10 },
          { p = ["resources", "requests"], d = {}, s = 11 },
          { p = ["resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["resources", "limits"], d = {}, s = 11 },
          { p = ["resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["persistence"], d = {}, s = 13 },
          { p = ["persistence", "enabled"], d = false, s = 1 },
          { p = ["persistence", "size"], d = "1Gi", s = 12 },
          { p = ["persistence", "storageClassName"], d = "", s = 5 },
          { p = ["persistence", "accessMode"], d = "ReadWriteOnce", s = 14 },
          { p = ["replica"], d = {}, s = 15 },
          { p = ["replica", "count"], d = 0, s = 16 },
          { p = ["replica", "resources"], d = {}, s = 10 },
          { p = ["replica", "resources", "requests"], d = {}, s = 11 },
          { p = ["replica", "resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["replica", "resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["replica", "resources", "limits"], d = {}, s = 11 },
          { p = ["replica", "resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["replica", "resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["cache"], d = {}, s = 17 },
          { p = ["cache", "enabled"], d = false, s = 1 },
          { p = ["cache", "maxmemory"], d = "64mb", s = 18 },
          { p = ["cache", "maxmemoryPolicy"], d = "allkeys-lru", s = 19 },
          { p = ["cache", "resources"], d = {}, s = 10 },
          { p = ["cache", "resources", "requests"], d = {}, s = 11 },
          { p = ["cache", "resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["cache", "resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["cache", "resources", "limits"], d = {}, s = 11 },
          { p = ["cache", "resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["cache", "resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["host"], d = "", g = try(try(var.redis.enabled, true) == false, false), s = 20 },
        ] : merge(c, { l = "redis.${join(".", c.p)}", v = [try(var.redis[c.p[0]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]][c.p[2]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]][c.p[2]][c.p[3]], try(c.d, null))][length(c.p) - 1] })],
        { l = "redis", v = var.redis, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "host", "port", "password", "existingSecret", "image", "resources", "persistence", "replica", "cache"], h = 2, q = ["enabled", "host", "port", "existingSecret", "image", "resources", "persistence", "replica", "cache"] },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", null], x = 253, w = "a host name (letters, digits, '-' and '.') or an IP address" },
      { t = ["integer"], b = [1, 65535] },
      { t = ["string"], h = 1 },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null], w = "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi" },
      { t = ["object"], u = ["enabled", "size", "storageClassName", "accessMode"] },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      { t = ["object"], u = ["count", "resources"] },
      { t = ["integer"], b = [0, 10] },
      { t = ["object"], u = ["enabled", "maxmemory", "maxmemoryPolicy", "resources"] },
      { t = ["string"], p = ["^[1-9][0-9]{0,5}(kb|mb|gb)$", null], w = "a size in Redis's units: a number followed by kb, mb or gb (e.g. 64mb)" },
      { t = ["string"], e = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"] },
      { p = [null, 1], m = "is empty; it is required when redis.enabled is false: set the external Redis host, or set redis.enabled: true for the in-cluster Redis" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = true, s = 1 },
          { p = ["host"], d = "", s = 2 },
          { p = ["port"], d = 6379, s = 3 },
          { p = ["password"], d = "", s = 4 },
          { p = ["existingSecret"], d = "", s = 5 },
          { p = ["image"], d = {}, s = 6 },
          { p = ["image", "repository"], d = "redis", s = 7 },
          { p = ["image", "tag"], d = "7-alpine", s = 8 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 9 },
          { p = ["resources"], d = {}, s = 10 },
          { p = ["resources", "requests"], d = {}, s = 11 },
          { p = ["resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["resources", "limits"], d = {}, s = 11 },
          { p = ["resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["persistence"], d = {}, s = 13 },
          { p = ["persistence", "enabled"], d = false, s = 1 },
          { p = ["persistence", "size"], d = "1Gi", s = 12 },
          { p = ["persistence", "storageClassName"], d = "", s = 5 },
          { p = ["persistence", "accessMode"], d = "ReadWriteOnce", s = 14 },
          { p = ["replica"], d = {}, s = 15 },
          { p = ["replica", "count"], d = 0, s = 16 },
          { p = ["replica", "resources"], d = {}, s = 10 },
          { p = ["replica", "resources", "requests"], d = {}, s = 11 },
          { p = ["replica", "resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["replica", "resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["replica", "resources", "limits"], d = {}, s = 11 },
          { p = ["replica", "resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["replica", "resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["cache"], d = {}, s = 17 },
          { p = ["cache", "enabled"], d = false, s = 1 },
          { p = ["cache", "maxmemory"], d = "64mb", s = 18 },
          { p = ["cache", "maxmemoryPolicy"], d = "allkeys-lru", s = 19 },
          { p = ["cache", "resources"], d = {}, s = 10 },
          { p = ["cache", "resources", "requests"], d = {}, s = 11 },
          { p = ["cache", "resources", "requests", "cpu"], d = "100m", s = 12 },
          { p = ["cache", "resources", "requests", "memory"], d = "128Mi", s = 12 },
          { p = ["cache", "resources", "limits"], d = {}, s = 11 },
          { p = ["cache", "resources", "limits", "cpu"], d = "200m", s = 12 },
          { p = ["cache", "resources", "limits", "memory"], d = "256Mi", s = 12 },
          { p = ["host"], d = "", g = try(try(var.redis.enabled, true) == false, false), s = 20 },
        ] : merge(c, { l = "redis.${join(".", c.p)}", v = [try(var.redis[c.p[0]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]][c.p[2]], try(c.d, null)), try(var.redis[c.p[0]][c.p[1]][c.p[2]][c.p[3]], try(c.d, null))][length(c.p) - 1] })],
        { l = "redis", v = var.redis, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : "${c.l}: ${[for j in [try(S.h, 0) == 1 ? "(secret, not shown)" : try(S.h, 0) == 2 ? try(t == "object" ? replace(jsonencode(merge(c.v, { for k in keys(c.v) : k => "(secret, not shown)" if !contains(S.q, k) })), "\"(secret, not shown)\"", "(secret, not shown)") : (t == "array" ? "(secret, not shown)" : jsonencode(c.v)), "(secret, not shown)") : jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "ingress" {
  description = "A networking.k8s.io/v1 Ingress in front of the Service (components/ingress)."
  type        = any
  default = {
    enabled     = false
    className   = ""
    host        = ""
    path        = "/"
    annotations = {}
    tls = {
      enabled    = false
      secretName = ""
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "className", "host", "path", "annotations", "tls"] },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["string"], p = ["^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["string"], p = ["^/[^\\s]*$", null] },
      { t = ["object"] },
      { t = ["string"] },
      { t = ["object"], u = ["enabled", "secretName"] },
      { p = [null, 1] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["className"], d = "", s = 2 },
          { p = ["host"], d = "", s = 3 },
          { p = ["path"], d = "/", s = 4 },
          { p = ["annotations"], d = {}, s = 5 },
          { p = ["tls"], d = {}, s = 7 },
          { p = ["tls", "enabled"], d = false, s = 1 },
          { p = ["tls", "secretName"], d = "", s = 2 },
          { p = ["host"], d = "", g = try(try(var.ingress.enabled, false) == true, false), s = 8 },
        ] : merge(c, { l = "ingress.${join(".", c.p)}", v = [try(var.ingress[c.p[0]], try(c.d, null)), try(var.ingress[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "ingress", v = var.ingress, s = 0 },
        try([for k1, x1 in try(var.ingress.annotations, {}) : [
          { l = "ingress.annotations.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.ingress.annotations, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "className", "host", "path", "annotations", "tls"] },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["string"], p = ["^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "a lowercase DNS name such as realtime-svg.example.com (a leading '*.' is allowed)" },
      { t = ["string"], p = ["^/[^\\s]*$", null], w = "an absolute path starting with '/' and without spaces" },
      { t = ["object"] },
      { t = ["string"] },
      { t = ["object"], u = ["enabled", "secretName"] },
      { p = [null, 1], m = "is empty; it is required when ingress.enabled is true: set the host name the Ingress answers for" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["className"], d = "", s = 2 },
          { p = ["host"], d = "", s = 3 },
          { p = ["path"], d = "/", s = 4 },
          { p = ["annotations"], d = {}, s = 5 },
          { p = ["tls"], d = {}, s = 7 },
          { p = ["tls", "enabled"], d = false, s = 1 },
          { p = ["tls", "secretName"], d = "", s = 2 },
          { p = ["host"], d = "", g = try(try(var.ingress.enabled, false) == true, false), s = 8 },
        ] : merge(c, { l = "ingress.${join(".", c.p)}", v = [try(var.ingress[c.p[0]], try(c.d, null)), try(var.ingress[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "ingress", v = var.ingress, s = 0 },
        try([for k1, x1 in try(var.ingress.annotations, {}) : [
          { l = "ingress.annotations.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.ingress.annotations, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "podDisruptionBudget" {
  description = "PodDisruptionBudget of the app, created only when it cannot block a node drain (replicas > minAvailable)."
  type        = any
  default = {
    enabled      = true
    minAvailable = 1
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "minAvailable"] },
      { t = ["boolean"] },
      { t = ["integer"], b = [1, 1000] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = true, s = 1 },
          { p = ["minAvailable"], d = 1, s = 2 },
        ] : merge(c, { l = "podDisruptionBudget.${join(".", c.p)}", v = try(var.podDisruptionBudget[c.p[0]], try(c.d, null)) })],
        { l = "podDisruptionBudget", v = var.podDisruptionBudget, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "minAvailable"] },
      { t = ["boolean"] },
      { t = ["integer"], b = [1, 1000] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = true, s = 1 },
          { p = ["minAvailable"], d = 1, s = 2 },
        ] : merge(c, { l = "podDisruptionBudget.${join(".", c.p)}", v = try(var.podDisruptionBudget[c.p[0]], try(c.d, null)) })],
        { l = "podDisruptionBudget", v = var.podDisruptionBudget, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "nodeSelector" {
  description = "nodeSelector of the app's pods."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      # nodeSelector: a mapping
      try(can(keys(var.nodeSelector)), false),
      # nodeSelector.*: a string
      length(try((can(keys(var.nodeSelector))) ? [for k1, x1 in var.nodeSelector : "nodeSelector.${k1}: ${length(jsonencode(x1)) <= 80 ? jsonencode(x1) : "${substr(jsonencode(x1), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(x1), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x1))) ? "an integer" : "a number")}; allowed: a string" if !(try(substr(jsonencode(x1), 0, 1) == "\"", false))] : [], [])) == 0,
    ])
    error_message = join("\n", sort(distinct(compact(flatten([
      try(can(keys(var.nodeSelector)), false) ? "" : "nodeSelector: ${length(jsonencode(var.nodeSelector)) <= 80 ? jsonencode(var.nodeSelector) : "${substr(jsonencode(var.nodeSelector), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.nodeSelector), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.nodeSelector))) ? "an integer" : "a number")}; allowed: a mapping",
      try((can(keys(var.nodeSelector))) ? [for k1, x1 in var.nodeSelector : "nodeSelector.${k1}: ${length(jsonencode(x1)) <= 80 ? jsonencode(x1) : "${substr(jsonencode(x1), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(x1), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x1))) ? "an integer" : "a number")}; allowed: a string" if !(try(substr(jsonencode(x1), 0, 1) == "\"", false))] : [], []),
    ])))))
  }
}

variable "tolerations" {
  description = "Tolerations of the app's pods (Kubernetes Toleration objects)."
  type        = any
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      # tolerations: a list
      try((can(length(var.tolerations)) && !can(keys(var.tolerations)) && !can(tostring(var.tolerations))), false),
      # tolerations[*]: a mapping
      length(try(((can(length(var.tolerations)) && !can(keys(var.tolerations)) && !can(tostring(var.tolerations)))) ? [for i1, x1 in var.tolerations : "tolerations[${i1}]: ${length(jsonencode(x1)) <= 80 ? jsonencode(x1) : "${substr(jsonencode(x1), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(x1), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x1))) ? "an integer" : "a number")}; allowed: a mapping" if !(try(can(keys(x1)), false))] : [], [])) == 0,
    ])
    error_message = join("\n", sort(distinct(compact(flatten([
      try((can(length(var.tolerations)) && !can(keys(var.tolerations)) && !can(tostring(var.tolerations))), false) ? "" : "tolerations: ${length(jsonencode(var.tolerations)) <= 80 ? jsonencode(var.tolerations) : "${substr(jsonencode(var.tolerations), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.tolerations), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.tolerations))) ? "an integer" : "a number")}; allowed: a list",
      try(((can(length(var.tolerations)) && !can(keys(var.tolerations)) && !can(tostring(var.tolerations)))) ? [for i1, x1 in var.tolerations : "tolerations[${i1}]: ${length(jsonencode(x1)) <= 80 ? jsonencode(x1) : "${substr(jsonencode(x1), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(x1), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x1))) ? "an integer" : "a number")}; allowed: a mapping" if !(try(can(keys(x1)), false))] : [], []),
    ])))))
  }
}

variable "affinity" {
  description = "Affinity of the app's pods (a Kubernetes Affinity object)."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      # affinity: a mapping
      try(can(keys(var.affinity)), false),
    ])
    error_message = join("\n", sort(compact([
      try(can(keys(var.affinity)), false) ? "" : "affinity: ${length(jsonencode(var.affinity)) <= 80 ? jsonencode(var.affinity) : "${substr(jsonencode(var.affinity), 0, 77)}..."} is ${lookup({ "\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", "f" = "a boolean", "n" = "null" }, substr(jsonencode(var.affinity), 0, 1), can(regex("^-?[0-9]+$", jsonencode(var.affinity))) ? "an integer" : "a number")}; allowed: a mapping",
    ])))
  }
}

variable "postgresql" {
  description = "PostgreSQL for the workloads (specs 002-004). enabled: an in-cluster server. Disabled with host set: an external server. Workloads that use it say so in workloads.<name>.postgresql; their environment gets its address and credentials by reference."
  type        = any
  default = {
    enabled        = false
    host           = ""
    port           = 5432
    user           = "app"
    password       = ""
    existingSecret = ""
    databases      = {}
    image = {
      repository = "postgres"
      tag        = "15-alpine"
      pullPolicy = "IfNotPresent"
    }
    resources = {
      requests = {
        cpu    = "250m"
        memory = "256Mi"
      }
      limits = {
        cpu    = "1"
        memory = "1Gi"
      }
    }
    securityContext = {
      runAsUser  = 70
      runAsGroup = 70
      fsGroup    = 70
    }
    storage = {
      size             = "8Gi"
      storageClassName = ""
      accessMode       = "ReadWriteOnce"
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "host", "port", "user", "password", "existingSecret", "databases", "image", "resources", "securityContext", "storage"], h = 2 },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", null], x = 253 },
      { t = ["integer"], b = [1, 65535] },
      { t = ["string"], p = ["^[a-z_][a-z0-9_]*$", 1], x = 63 },
      { t = ["string"], x = 1000, h = 1 },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["object"] },
      { n = ["^[a-z_][a-z0-9_]*$", 1, 63] },
      { t = ["object"], u = ["owner"] },
      { t = ["string"], p = ["^([a-z_][a-z0-9_]*)?$", null], x = 63 },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null] },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["size", "storageClassName", "accessMode"] },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      { p = [null, 1] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["host"], d = "", s = 2 },
          { p = ["port"], d = 5432, s = 3 },
          { p = ["user"], d = "app", s = 4 },
          { p = ["password"], d = "", s = 5 },
          { p = ["existingSecret"], d = "", s = 6 },
          { p = ["databases"], d = {}, s = 7 },
          { p = ["image"], d = {}, s = 11 },
          { p = ["image", "repository"], d = "postgres", s = 12 },
          { p = ["image", "tag"], d = "15-alpine", s = 13 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 14 },
          { p = ["resources"], d = {}, s = 15 },
          { p = ["resources", "requests"], d = {}, s = 16 },
          { p = ["resources", "requests", "cpu"], d = "250m", s = 17 },
          { p = ["resources", "requests", "memory"], d = "256Mi", s = 17 },
          { p = ["resources", "limits"], d = {}, s = 16 },
          { p = ["resources", "limits", "cpu"], d = "1", s = 17 },
          { p = ["resources", "limits", "memory"], d = "1Gi", s = 17 },
          { p = ["securityContext"], d = {}, s = 18 },
          { p = ["securityContext", "runAsUser"], d = 70, s = 19 },
          { p = ["securityContext", "runAsGroup"], d = 70, s = 19 },
          { p = ["securityContext", "fsGroup"], d = 70, s = 19 },
          { p = ["storage"], d = {}, s = 20 },
          { p = ["storage", "size"], d = "8Gi", s = 17 },
          { p = ["storage", "storageClassName"], d = "", s = 6 },
          { p = ["storage", "accessMode"], d = "ReadWriteOnce", s = 21 },
          { p = ["password"], d = "", g = try(try(var.postgresql.enabled, false) == true, false) && try(try(var.postgresql.existingSecret, "") == "", false), s = 22 },
        ] : merge(c, { l = "postgresql.${join(".", c.p)}", v = [try(var.postgresql[c.p[0]], try(c.d, null)), try(var.postgresql[c.p[0]][c.p[1]], try(c.d, null)), try(var.postgresql[c.p[0]][c.p[1]][c.p[2]], try(c.d, null))][length(c.p) - 1] })],
        { l = "postgresql", v = var.postgresql, s = 0 },
        try([for k1, x1 in try(var.postgresql.databases, {}) : [
          [for c in [
            { p = ["owner"], d = "", s = 10 },
          ] : merge(c, { l = "postgresql.databases.${k1}.${join(".", c.p)}", v = try(x1[c.p[0]], try(c.d, null)) })],
          { l = "postgresql.databases.${k1}", v = k1, s = 8 },
          { l = "postgresql.databases.${k1}", v = x1, s = 9 },
        ] if can(keys(try(var.postgresql.databases, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)], [for a in try([S.n], []) : 1 if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "host", "port", "user", "password", "existingSecret", "databases", "image", "resources", "securityContext", "storage"], h = 2, q = ["enabled", "host", "port", "user", "existingSecret", "databases", "image", "resources", "securityContext", "storage"] },
      { t = ["boolean"] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*)?$", null], x = 253, w = "a host name (letters, digits, '-' and '.') or an IP address" },
      { t = ["integer"], b = [1, 65535] },
      { t = ["string"], p = ["^[a-z_][a-z0-9_]*$", 1], x = 63, w = "a PostgreSQL name: lowercase letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with pg_" },
      { t = ["string"], x = 1000, h = 1, w = "at most 1000 characters" },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["object"] },
      { n = ["^[a-z_][a-z0-9_]*$", 1, 63], w = "a PostgreSQL name: lowercase letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with pg_" },
      { t = ["object"], u = ["owner"] },
      { t = ["string"], p = ["^([a-z_][a-z0-9_]*)?$", null], x = 63, w = "empty, or a PostgreSQL name: lowercase letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with pg_" },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null], w = "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi" },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["size", "storageClassName", "accessMode"] },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      { p = [null, 1], m = "is empty; it is required when postgresql.enabled is true and postgresql.existingSecret is empty: set postgresql.password, or postgresql.existingSecret to a Secret of yours with key `password`" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["host"], d = "", s = 2 },
          { p = ["port"], d = 5432, s = 3 },
          { p = ["user"], d = "app", s = 4 },
          { p = ["password"], d = "", s = 5 },
          { p = ["existingSecret"], d = "", s = 6 },
          { p = ["databases"], d = {}, s = 7 },
          { p = ["image"], d = {}, s = 11 },
          { p = ["image", "repository"], d = "postgres", s = 12 },
          { p = ["image", "tag"], d = "15-alpine", s = 13 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 14 },
          { p = ["resources"], d = {}, s = 15 },
          { p = ["resources", "requests"], d = {}, s = 16 },
          { p = ["resources", "requests", "cpu"], d = "250m", s = 17 },
          { p = ["resources", "requests", "memory"], d = "256Mi", s = 17 },
          { p = ["resources", "limits"], d = {}, s = 16 },
          { p = ["resources", "limits", "cpu"], d = "1", s = 17 },
          { p = ["resources", "limits", "memory"], d = "1Gi", s = 17 },
          { p = ["securityContext"], d = {}, s = 18 },
          { p = ["securityContext", "runAsUser"], d = 70, s = 19 },
          { p = ["securityContext", "runAsGroup"], d = 70, s = 19 },
          { p = ["securityContext", "fsGroup"], d = 70, s = 19 },
          { p = ["storage"], d = {}, s = 20 },
          { p = ["storage", "size"], d = "8Gi", s = 17 },
          { p = ["storage", "storageClassName"], d = "", s = 6 },
          { p = ["storage", "accessMode"], d = "ReadWriteOnce", s = 21 },
          { p = ["password"], d = "", g = try(try(var.postgresql.enabled, false) == true, false) && try(try(var.postgresql.existingSecret, "") == "", false), s = 22 },
        ] : merge(c, { l = "postgresql.${join(".", c.p)}", v = [try(var.postgresql[c.p[0]], try(c.d, null)), try(var.postgresql[c.p[0]][c.p[1]], try(c.d, null)), try(var.postgresql[c.p[0]][c.p[1]][c.p[2]], try(c.d, null))][length(c.p) - 1] })],
        { l = "postgresql", v = var.postgresql, s = 0 },
        try([for k1, x1 in try(var.postgresql.databases, {}) : [
          [for c in [
            { p = ["owner"], d = "", s = 10 },
          ] : merge(c, { l = "postgresql.databases.${k1}.${join(".", c.p)}", v = try(x1[c.p[0]], try(c.d, null)) })],
          { l = "postgresql.databases.${k1}", v = k1, s = 8 },
          { l = "postgresql.databases.${k1}", v = x1, s = 9 },
        ] if can(keys(try(var.postgresql.databases, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)], [for a in try([S.n], []) : try(S.m, "is an invalid name; allowed: ${S.w}") if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : "${c.l}: ${[for j in [try(S.h, 0) == 1 ? "(secret, not shown)" : try(S.h, 0) == 2 ? try(t == "object" ? replace(jsonencode(merge(c.v, { for k in keys(c.v) : k => "(secret, not shown)" if !contains(S.q, k) })), "\"(secret, not shown)\"", "(secret, not shown)") : (t == "array" ? "(secret, not shown)" : jsonencode(c.v)), "(secret, not shown)") : jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "kafka" {
  description = "Kafka for the workloads (specs 003-004), in KRaft mode: ZooKeeper was removed in Kafka 4.0, so spec 003's ZooKeeper is replaced by KRaft controllers running in the broker pods. enabled: an in-cluster Kafka. Disabled with bootstrapServers set: an external one. Workloads that use it say so in workloads.<name>.kafka; their environment gets the bootstrap address by reference."
  type        = any
  default = {
    enabled          = false
    nodes            = 1
    bootstrapServers = ""
    clusterId        = "5L6g3nShT-eMCtK--X86sw"
    image = {
      repository = "apache/kafka"
      tag        = "4.1.0"
      pullPolicy = "IfNotPresent"
    }
    resources = {
      requests = {
        cpu    = "250m"
        memory = "768Mi"
      }
      limits = {
        cpu    = "1"
        memory = "1536Mi"
      }
    }
    securityContext = {
      runAsUser  = 1000
      runAsGroup = 1000
      fsGroup    = 1000
    }
    storage = {
      size             = "8Gi"
      storageClassName = ""
      accessMode       = "ReadWriteOnce"
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "nodes", "bootstrapServers", "clusterId", "image", "resources", "securityContext", "storage"] },
      { t = ["boolean"] },
      { t = ["integer"], e = [1, 3] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?:[0-9]{1,5}(,[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?:[0-9]{1,5})*)?$", null], x = 1000 },
      { t = ["string"], p = ["^[A-Za-z0-9_-]{22}$", null] },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null] },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["size", "storageClassName", "accessMode"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["nodes"], d = 1, s = 2 },
          { p = ["bootstrapServers"], d = "", s = 3 },
          { p = ["clusterId"], d = "5L6g3nShT-eMCtK--X86sw", s = 4 },
          { p = ["image"], d = {}, s = 5 },
          { p = ["image", "repository"], d = "apache/kafka", s = 6 },
          { p = ["image", "tag"], d = "4.1.0", s = 7 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 8 },
          { p = ["resources"], d = {}, s = 9 },
          { p = ["resources", "requests"], d = {}, s = 10 },
          { p = ["resources", "requests", "cpu"], d = "250m", s = 11 },
          { p = ["resources", "requests", "memory"], d = "768Mi", s = 11 },
          { p = ["resources", "limits"], d = {}, s = 10 },
          { p = ["resources", "limits", "cpu"], d = "1", s = 11 },
          { p = ["resources", "limits", "memory"], d = "1536Mi", s = 11 },
          { p = ["securityContext"], d = {}, s = 12 },
          { p = ["securityContext", "runAsUser"], d = 1000, s = 13 },
          { p = ["securityContext", "runAsGroup"], d = 1000, s = 13 },
          { p = ["securityContext", "fsGroup"], d = 1000, s = 13 },
          { p = ["storage"], d = {}, s = 14 },
          { p = ["storage", "size"], d = "8Gi", s = 11 },
          { p = ["storage", "storageClassName"], d = "", s = 15 },
          { p = ["storage", "accessMode"], d = "ReadWriteOnce", s = 16 },
        ] : merge(c, { l = "kafka.${join(".", c.p)}", v = [try(var.kafka[c.p[0]], try(c.d, null)), try(var.kafka[c.p[0]][c.p[1]], try(c.d, null)), try(var.kafka[c.p[0]][c.p[1]][c.p[2]], try(c.d, null))][length(c.p) - 1] })],
        { l = "kafka", v = var.kafka, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "nodes", "bootstrapServers", "clusterId", "image", "resources", "securityContext", "storage"] },
      { t = ["boolean"] },
      { t = ["integer"], e = [1, 3] },
      { t = ["string"], p = ["^([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?:[0-9]{1,5}(,[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?:[0-9]{1,5})*)?$", null], x = 1000, w = "empty, or a comma-separated list of host:port (e.g. kafka-0.example.com:9092,kafka-1.example.com:9092)" },
      { t = ["string"], p = ["^[A-Za-z0-9_-]{22}$", null], w = "a Kafka cluster id: 22 characters of URL-safe base64 (letters, digits, '-' and '_'), as `kafka-storage.sh random-uuid` prints" },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null], w = "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi" },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["size", "storageClassName", "accessMode"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["string"], e = ["ReadWriteOnce", "ReadWriteOncePod"] },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["nodes"], d = 1, s = 2 },
          { p = ["bootstrapServers"], d = "", s = 3 },
          { p = ["clusterId"], d = "5L6g3nShT-eMCtK--X86sw", s = 4 },
          { p = ["image"], d = {}, s = 5 },
          { p = ["image", "repository"], d = "apache/kafka", s = 6 },
          { p = ["image", "tag"], d = "4.1.0", s = 7 },
          { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 8 },
          { p = ["resources"], d = {}, s = 9 },
          { p = ["resources", "requests"], d = {}, s = 10 },
          { p = ["resources", "requests", "cpu"], d = "250m", s = 11 },
          { p = ["resources", "requests", "memory"], d = "768Mi", s = 11 },
          { p = ["resources", "limits"], d = {}, s = 10 },
          { p = ["resources", "limits", "cpu"], d = "1", s = 11 },
          { p = ["resources", "limits", "memory"], d = "1536Mi", s = 11 },
          { p = ["securityContext"], d = {}, s = 12 },
          { p = ["securityContext", "runAsUser"], d = 1000, s = 13 },
          { p = ["securityContext", "runAsGroup"], d = 1000, s = 13 },
          { p = ["securityContext", "fsGroup"], d = 1000, s = 13 },
          { p = ["storage"], d = {}, s = 14 },
          { p = ["storage", "size"], d = "8Gi", s = 11 },
          { p = ["storage", "storageClassName"], d = "", s = 15 },
          { p = ["storage", "accessMode"], d = "ReadWriteOnce", s = 16 },
        ] : merge(c, { l = "kafka.${join(".", c.p)}", v = [try(var.kafka[c.p[0]], try(c.d, null)), try(var.kafka[c.p[0]][c.p[1]], try(c.d, null)), try(var.kafka[c.p[0]][c.p[1]][c.p[2]], try(c.d, null))][length(c.p) - 1] })],
        { l = "kafka", v = var.kafka, s = 0 },
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "workloads" {
  description = "Further workloads of the system, by name: each is a Deployment with its ServiceAccount, Service, optional Ingress, HorizontalPodAutoscaler and PodDisruptionBudget, and a generated ConfigMap and Secret holding its environment (workloads/ in the repository). The name names every object of the workload and is the `app` selector label."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = length([for T in [[
      { t = ["object"], h = 2 },
      { n = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null, 50] },
      { t = ["object"], u = ["enabled", "kind", "image", "replicas", "command", "args", "port", "extraPorts", "env", "resources", "securityContext", "probes", "writablePaths", "service", "ingress", "autoscaling", "podDisruptionBudget", "topologySpread", "podAnnotations", "nodeSelector", "tolerations", "affinity", "postgresql", "kafka", "redis", "metrics", "grafanaDashboard", "job", "cronJob"], h = 2 },
      { t = ["boolean"] },
      { t = ["string"], e = ["Deployment", "CronJob", "Job"] },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"], r = ["repository", "tag"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255 },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63 },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["integer"], b = [0, 1000] },
      { t = ["array"] },
      { t = ["string"] },
      { t = ["integer", "null"], b = [1, 65535] },
      { t = ["object"] },
      { n = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null, 15] },
      { t = ["integer"], b = [1, 65535] },
      { n = ["^[A-Za-z_][A-Za-z0-9_]*$", null, 253] },
      { t = ["string", "object"], P = 1, Q = 1, u = ["secret", "secretKeyRef", "serviceUrlOf", "ingressUrlOf"], h = 2 },
      { t = ["string"], h = 1 },
      { t = ["object"], u = ["name", "key"], r = ["name", "key"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253 },
      { t = ["string"], p = ["^[-._a-zA-Z0-9]+$", 1], x = 253 },
      { t = ["string"], p = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null], x = 50 },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null] },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["liveness", "readiness", "startup"] },
      { t = ["object"], u = ["path", "command", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["string"], p = ["^(/[^\\s]*)?$", null] },
      { t = ["string"], p = [null, 1] },
      { t = ["integer"], b = [0, 3600] },
      { t = ["integer"], b = [1, 3600] },
      { t = ["integer"], b = [1, 100] },
      { t = ["object"], u = ["path", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["object"], u = ["enabled", "path", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["string"], p = ["^/[^\\s]*$", null] },
      { t = ["object"], u = ["type", "port", "nodePort"] },
      { t = ["string"], e = ["ClusterIP", "NodePort", "LoadBalancer"] },
      { t = ["integer", "null"], b = [30000, 32767] },
      { t = ["null"] },
      { t = ["object"], u = ["enabled", "className", "host", "path", "pathType", "annotations", "tls"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["string"], p = ["^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253 },
      { t = ["string"], e = ["Prefix", "Exact", "ImplementationSpecific"] },
      { t = ["object"], u = ["enabled", "secretName", "issuer"] },
      { t = ["object"], u = ["name", "kind"] },
      { t = ["string"], e = ["ClusterIssuer", "Issuer"] },
      { p = [null, 1] },
      { t = ["object"], u = ["enabled", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "targetMemoryUtilizationPercentage", "scaleDownStabilizationSeconds"] },
      { t = ["integer"], b = [1, 1000] },
      { t = ["integer", "null"], b = [1, 1000] },
      { t = ["integer", "null"], b = [0, 3600] },
      { t = ["object"], u = ["enabled", "minAvailable"] },
      { t = ["object"], u = ["maxSkew", "whenUnsatisfiable"] },
      { t = ["string"], e = ["ScheduleAnyway", "DoNotSchedule"] },
      { t = ["object"], u = ["enabled", "database", "env"] },
      { t = ["string"], p = ["^([a-z_][a-z0-9_]*)?$", null], x = 63 },
      { t = ["object"], u = ["host", "port", "database", "user", "password"] },
      { t = ["string"], p = ["^[A-Za-z_][A-Za-z0-9_]*$", null], x = 253 },
      { p = [null, 1] },
      { t = ["object"], u = ["enabled", "env"] },
      { t = ["object"], u = ["bootstrapServers"] },
      { t = ["object"], u = ["enabled", "role", "env"] },
      { t = ["string"], e = ["primary", "replica", "cache"] },
      { t = ["object"], u = ["host", "port", "password"] },
      { t = ["object"], u = ["enabled", "port", "path", "serviceMonitor"] },
      { t = ["object"], u = ["enabled", "interval", "scrapeTimeout", "labels"] },
      { t = ["string"], p = ["^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", null], x = 32 },
      { t = ["string"], p = ["^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", null], x = 32 },
      { t = ["string"], p = ["^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", null], x = 63 },
      { t = ["object"], u = ["enabled", "json", "labels", "folder"] },
      { t = ["string"], x = 900000 },
      { t = ["string"], x = 253 },
      { t = ["object"], u = ["backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "restartPolicy", "before"] },
      { t = ["integer", "null"], b = [1, 2592000] },
      { t = ["integer", "null"], b = [0, 31536000] },
      { t = ["string"], e = ["OnFailure", "Never"] },
      { t = ["object"], u = ["schedule", "timeZone", "concurrencyPolicy", "suspend", "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] },
      { t = ["string"], x = 256 },
      { t = ["string"], e = ["Allow", "Forbid", "Replace"] },
      { t = ["integer", "null"], b = [10, 2592000] },
      { t = ["integer"], b = [0, 100] },
      ]] : flatten([for c in flatten([
        { l = "workloads", v = var.workloads, s = 0 },
        try([for k1, x1 in var.workloads : [
          [for c in [
            { p = ["enabled"], d = true, s = 3 },
            { p = ["kind"], d = "Deployment", s = 4 },
            { p = ["image"], d = {}, o = can(keys(x1)), s = 5 },
            { p = ["image", "repository"], g = can(x1.image.repository), s = 6 },
            { p = ["image", "tag"], g = can(x1.image.tag), s = 7 },
            { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 8 },
            { p = ["replicas"], d = 1, s = 9 },
            { p = ["command"], d = [], s = 10 },
            { p = ["args"], d = [], s = 10 },
            { p = ["port"], d = 8080, s = 12 },
            { p = ["extraPorts"], d = {}, s = 13 },
            { p = ["env"], d = {}, s = 0 },
            { p = ["resources"], d = {}, s = 23 },
            { p = ["resources", "requests"], d = {}, s = 24 },
            { p = ["resources", "requests", "cpu"], d = "100m", s = 25 },
            { p = ["resources", "requests", "memory"], d = "128Mi", s = 25 },
            { p = ["resources", "limits"], d = {}, s = 24 },
            { p = ["resources", "limits", "cpu"], d = "500m", s = 25 },
            { p = ["resources", "limits", "memory"], d = "512Mi", s = 25 },
            { p = ["securityContext"], d = {}, s = 26 },
            { p = ["securityContext", "runAsUser"], d = 10001, s = 27 },
            { p = ["securityContext", "runAsGroup"], d = 10001, s = 27 },
            { p = ["securityContext", "fsGroup"], d = 10001, s = 27 },
            { p = ["probes"], d = {}, s = 28 },
            { p = ["probes", "liveness"], d = {}, s = 29 },
            { p = ["probes", "liveness", "path"], d = "", s = 30 },
            { p = ["probes", "liveness", "command"], d = [], s = 10 },
            { p = ["probes", "liveness", "initialDelaySeconds"], d = 10, s = 32 },
            { p = ["probes", "liveness", "periodSeconds"], d = 10, s = 33 },
            { p = ["probes", "liveness", "failureThreshold"], d = 3, s = 34 },
            { p = ["probes", "readiness"], d = {}, s = 35 },
            { p = ["probes", "readiness", "path"], d = "/", s = 30 },
            { p = ["probes", "readiness", "initialDelaySeconds"], d = 2, s = 32 },
            { p = ["probes", "readiness", "periodSeconds"], d = 5, s = 33 },
            { p = ["probes", "readiness", "failureThreshold"], d = 3, s = 34 },
            { p = ["probes", "startup"], d = {}, s = 36 },
            { p = ["probes", "startup", "enabled"], d = false, s = 3 },
            { p = ["probes", "startup", "path"], d = "/", s = 30 },
            { p = ["probes", "startup", "initialDelaySeconds"], d = 0, s = 32 },
            { p = ["probes", "startup", "periodSeconds"], d = 5, s = 33 },
            { p = ["probes", "startup", "failureThreshold"], d = 3, s = 34 },
            { p = ["writablePaths"], d = ["/tmp"], s = 10 },
            { p = ["service"], d = {}, s = 38 },
            { p = ["service", "type"], d = "ClusterIP", s = 39 },
            { p = ["service", "port"], s = 12 },
            { p = ["service", "nodePort"], s = 40 },
            { p = ["service", "nodePort"], g = try(try(x1.service.type, "ClusterIP") == "ClusterIP", false), s = 41 },
            { p = ["ingress"], d = {}, s = 42 },
            { p = ["ingress", "enabled"], d = false, s = 3 },
            { p = ["ingress", "className"], d = "", s = 43 },
            { p = ["ingress", "host"], d = "", s = 44 },
            { p = ["ingress", "path"], d = "/", s = 37 },
            { p = ["ingress", "pathType"], d = "Prefix", s = 45 },
            { p = ["ingress", "annotations"], d = {}, s = 13 },
            { p = ["ingress", "tls"], d = {}, s = 46 },
            { p = ["ingress", "tls", "enabled"], d = false, s = 3 },
            { p = ["ingress", "tls", "secretName"], d = "", s = 43 },
            { p = ["ingress", "tls", "issuer"], d = {}, s = 47 },
            { p = ["ingress", "tls", "issuer", "name"], d = "", s = 43 },
            { p = ["ingress", "tls", "issuer", "kind"], d = "ClusterIssuer", s = 48 },
            { p = ["ingress", "host"], d = "", g = try(try(x1.ingress.enabled, false) == true, false), s = 49 },
            { p = ["autoscaling"], d = {}, s = 50 },
            { p = ["autoscaling", "enabled"], d = false, s = 3 },
            { p = ["autoscaling", "minReplicas"], d = 1, s = 51 },
            { p = ["autoscaling", "maxReplicas"], d = 3, s = 51 },
            { p = ["autoscaling", "targetCPUUtilizationPercentage"], d = 80, s = 52 },
            { p = ["autoscaling", "targetMemoryUtilizationPercentage"], s = 52 },
            { p = ["autoscaling", "scaleDownStabilizationSeconds"], s = 53 },
            { p = ["podDisruptionBudget"], d = {}, s = 54 },
            { p = ["podDisruptionBudget", "enabled"], d = true, s = 3 },
            { p = ["podDisruptionBudget", "minAvailable"], d = 1, s = 51 },
            { p = ["topologySpread"], d = {}, s = 55 },
            { p = ["topologySpread", "maxSkew"], d = 1, s = 51 },
            { p = ["topologySpread", "whenUnsatisfiable"], d = "ScheduleAnyway", s = 56 },
            { p = ["podAnnotations"], d = {}, s = 13 },
            { p = ["nodeSelector"], d = {}, s = 13 },
            { p = ["tolerations"], d = [], s = 10 },
            { p = ["affinity"], d = {}, s = 13 },
            { p = ["postgresql"], d = {}, s = 57 },
            { p = ["postgresql", "enabled"], d = false, s = 3 },
            { p = ["postgresql", "database"], d = "", s = 58 },
            { p = ["postgresql", "env"], d = {}, s = 59 },
            { p = ["postgresql", "env", "host"], d = "PGHOST", s = 60 },
            { p = ["postgresql", "env", "port"], d = "PGPORT", s = 60 },
            { p = ["postgresql", "env", "database"], d = "PGDATABASE", s = 60 },
            { p = ["postgresql", "env", "user"], d = "PGUSER", s = 60 },
            { p = ["postgresql", "env", "password"], d = "PGPASSWORD", s = 60 },
            { p = ["postgresql", "database"], d = "", g = try(try(x1.postgresql.enabled, false) == true, false), s = 61 },
            { p = ["kafka"], d = {}, s = 62 },
            { p = ["kafka", "enabled"], d = false, s = 3 },
            { p = ["kafka", "env"], d = {}, s = 63 },
            { p = ["kafka", "env", "bootstrapServers"], d = "KAFKA_BOOTSTRAP_SERVERS", s = 60 },
            { p = ["redis"], d = {}, s = 64 },
            { p = ["redis", "enabled"], d = false, s = 3 },
            { p = ["redis", "role"], d = "primary", s = 65 },
            { p = ["redis", "env"], d = {}, s = 66 },
            { p = ["redis", "env", "host"], d = "REDIS_HOST", s = 60 },
            { p = ["redis", "env", "port"], d = "REDIS_PORT", s = 60 },
            { p = ["redis", "env", "password"], d = "REDIS_PASSWORD", s = 60 },
            { p = ["metrics"], d = {}, s = 67 },
            { p = ["metrics", "enabled"], d = false, s = 3 },
            { p = ["metrics", "port"], s = 12 },
            { p = ["metrics", "path"], d = "/metrics", s = 37 },
            { p = ["metrics", "serviceMonitor"], d = {}, s = 68 },
            { p = ["metrics", "serviceMonitor", "enabled"], d = false, s = 3 },
            { p = ["metrics", "serviceMonitor", "interval"], d = "30s", s = 69 },
            { p = ["metrics", "serviceMonitor", "scrapeTimeout"], d = "", s = 70 },
            { p = ["metrics", "serviceMonitor", "labels"], d = {}, s = 13 },
            { p = ["grafanaDashboard"], d = {}, s = 72 },
            { p = ["grafanaDashboard", "enabled"], d = false, s = 3 },
            { p = ["grafanaDashboard", "json"], d = "{}", s = 73 },
            { p = ["grafanaDashboard", "labels"], d = {}, s = 13 },
            { p = ["grafanaDashboard", "folder"], d = "", s = 74 },
            { p = ["job"], d = {}, s = 75 },
            { p = ["job", "backoffLimit"], d = 6, s = 9 },
            { p = ["job", "activeDeadlineSeconds"], s = 76 },
            { p = ["job", "ttlSecondsAfterFinished"], s = 77 },
            { p = ["job", "restartPolicy"], d = "OnFailure", s = 78 },
            { p = ["job", "before"], d = [], s = 10 },
            { p = ["cronJob"], d = {}, s = 79 },
            { p = ["cronJob", "schedule"], d = "", s = 80 },
            { p = ["cronJob", "timeZone"], d = "", s = 80 },
            { p = ["cronJob", "concurrencyPolicy"], d = "Forbid", s = 81 },
            { p = ["cronJob", "suspend"], d = false, s = 3 },
            { p = ["cronJob", "startingDeadlineSeconds"], s = 82 },
            { p = ["cronJob", "successfulJobsHistoryLimit"], d = 3, s = 83 },
            { p = ["cronJob", "failedJobsHistoryLimit"], d = 1, s = 83 },
          ] : merge(c, { l = "workloads.${k1}.${join(".", c.p)}", v = [try(x1[c.p[0]], try(c.d, null)), try(x1[c.p[0]][c.p[1]], try(c.d, null)), try(x1[c.p[0]][c.p[1]][c.p[2]], try(c.d, null)), try(x1[c.p[0]][c.p[1]][c.p[2]][c.p[3]], try(c.d, null))][length(c.p) - 1] })],
          { l = "workloads.${k1}", v = k1, s = 1 },
          { l = "workloads.${k1}", v = x1, s = 2 },
          try([for i2, x2 in try(x1.command, []) : [
            { l = "workloads.${k1}.command[${i2}]", v = x2, s = 11 },
          ] if !can(keys(try(x1.command, [])))], []),
          try([for i2, x2 in try(x1.args, []) : [
            { l = "workloads.${k1}.args[${i2}]", v = x2, s = 11 },
          ] if !can(keys(try(x1.args, [])))], []),
          try([for k2, x2 in try(x1.extraPorts, {}) : [
            { l = "workloads.${k1}.extraPorts.${k2}", v = k2, s = 14 },
            { l = "workloads.${k1}.extraPorts.${k2}", v = x2, s = 15 },
          ] if can(keys(try(x1.extraPorts, {})))], []),
          try([for k2, x2 in try(x1.env, {}) : [
            [for c in [
              { p = ["secret"], g = try(contains(keys(x2), "secret"), false), s = 18 },
              { p = ["secretKeyRef"], g = can(x2.secretKeyRef), o = can(keys(x2)), s = 19 },
              { p = ["secretKeyRef", "name"], g = can(x2.secretKeyRef.name), s = 20 },
              { p = ["secretKeyRef", "key"], g = can(x2.secretKeyRef.key), s = 21 },
              { p = ["serviceUrlOf"], g = can(x2.serviceUrlOf), s = 22 },
              { p = ["ingressUrlOf"], g = can(x2.ingressUrlOf), s = 22 },
            ] : merge(c, { l = "workloads.${k1}.env.${k2}.${join(".", c.p)}", v = [try(x2[c.p[0]], try(c.d, null)), try(x2[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
            { l = "workloads.${k1}.env.${k2}", v = k2, s = 16 },
            { l = "workloads.${k1}.env.${k2}", v = x2, s = 17 },
          ] if can(keys(try(x1.env, {})))], []),
          try([for i2, x2 in try(x1.probes.liveness.command, []) : [
            { l = "workloads.${k1}.probes.liveness.command[${i2}]", v = x2, s = 31 },
          ] if !can(keys(try(x1.probes.liveness.command, [])))], []),
          try([for i2, x2 in try(x1.writablePaths, ["/tmp"]) : [
            { l = "workloads.${k1}.writablePaths[${i2}]", v = x2, s = 37 },
          ] if !can(keys(try(x1.writablePaths, ["/tmp"])))], []),
          try([for k2, x2 in try(x1.ingress.annotations, {}) : [
            { l = "workloads.${k1}.ingress.annotations.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.ingress.annotations, {})))], []),
          try([for k2, x2 in try(x1.podAnnotations, {}) : [
            { l = "workloads.${k1}.podAnnotations.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.podAnnotations, {})))], []),
          try([for k2, x2 in try(x1.nodeSelector, {}) : [
            { l = "workloads.${k1}.nodeSelector.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.nodeSelector, {})))], []),
          try([for i2, x2 in try(x1.tolerations, []) : [
            { l = "workloads.${k1}.tolerations[${i2}]", v = x2, s = 13 },
          ] if !can(keys(try(x1.tolerations, [])))], []),
          try([for k2, x2 in try(x1.metrics.serviceMonitor.labels, {}) : [
            { l = "workloads.${k1}.metrics.serviceMonitor.labels.${k2}", v = x2, s = 71 },
          ] if can(keys(try(x1.metrics.serviceMonitor.labels, {})))], []),
          try([for k2, x2 in try(x1.grafanaDashboard.labels, {}) : [
            { l = "workloads.${k1}.grafanaDashboard.labels.${k2}", v = x2, s = 71 },
          ] if can(keys(try(x1.grafanaDashboard.labels, {})))], []),
          try([for i2, x2 in try(x1.job.before, []) : [
            { l = "workloads.${k1}.job.before[${i2}]", v = x2, s = 20 },
          ] if !can(keys(try(x1.job.before, [])))], []),
        ] if can(keys(var.workloads))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : 1 if !try(contains(a, c.v), false)], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : 1 if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)], [for a in try([S.P], []) : 1 if t == "object" && !try(length(keys(c.v)) >= a, false)], [for a in try([S.Q], []) : 1 if t == "object" && !try(length(keys(c.v)) <= a, false)], [for a in try([S.n], []) : 1 if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
          [for k in try(S.r, []) : 1 if t == "object" && try(c.o, true) && !try(contains(keys(c.v), k), false)],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], h = 2, q = [] },
      { n = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null, 50], w = "a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 50 characters (room for the '-config' and '-secret' suffixes and their hash)" },
      { t = ["object"], u = ["enabled", "kind", "image", "replicas", "command", "args", "port", "extraPorts", "env", "resources", "securityContext", "probes", "writablePaths", "service", "ingress", "autoscaling", "podDisruptionBudget", "topologySpread", "podAnnotations", "nodeSelector", "tolerations", "affinity", "postgresql", "kafka", "redis", "metrics", "grafanaDashboard", "job", "cronJob"], h = 2, q = ["enabled", "kind", "image", "replicas", "command", "args", "port", "extraPorts", "resources", "securityContext", "probes", "writablePaths", "service", "ingress", "autoscaling", "podDisruptionBudget", "topologySpread", "podAnnotations", "nodeSelector", "tolerations", "affinity", "postgresql", "kafka", "redis", "metrics", "grafanaDashboard", "job", "cronJob"] },
      { t = ["boolean"] },
      { t = ["string"], e = ["Deployment", "CronJob", "Job"] },
      { t = ["object"], u = ["repository", "tag", "pullPolicy"], r = ["repository", "tag"] },
      { t = ["string"], p = ["^[a-z0-9]+([._/:-][a-z0-9]+)*$", 1], x = 255, w = "an image reference without tag, such as ghcr.io/egoavara/realtime-svg" },
      { t = ["string"], p = ["^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", 1], x = 63, w = "an image tag that is also a valid label value (it becomes app.kubernetes.io/version): letters, digits, '_', '.' and '-', starting and ending with a letter or digit, at most 63 characters" },
      { t = ["string"], e = ["Always", "IfNotPresent", "Never"] },
      { t = ["integer"], b = [0, 1000] },
      { t = ["array"] },
      { t = ["string"] },
      { t = ["integer", "null"], b = [1, 65535] },
      { t = ["object"] },
      { n = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null, 15], w = "a port name: lowercase letters, digits and '-', starting with a letter, at most 15 characters" },
      { t = ["integer"], b = [1, 65535] },
      { n = ["^[A-Za-z_][A-Za-z0-9_]*$", null, 253], w = "an environment variable name: letters, digits and '_', not starting with a digit" },
      { t = ["string", "object"], P = 1, Q = 1, u = ["secret", "secretKeyRef", "serviceUrlOf", "ingressUrlOf"], h = 2, w = "a string, or a mapping with exactly one of secret, secretKeyRef, serviceUrlOf, ingressUrlOf", q = ["secretKeyRef", "serviceUrlOf", "ingressUrlOf"] },
      { t = ["string"], h = 1 },
      { t = ["object"], u = ["name", "key"], r = ["name", "key"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253, w = "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["string"], p = ["^[-._a-zA-Z0-9]+$", 1], x = 253, w = "a Secret key: letters, digits, '-', '_' and '.'" },
      { t = ["string"], p = ["^[a-z]([-a-z0-9]*[a-z0-9])?$", null], x = 50, w = "a DNS-1123 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 50 characters (room for the '-config' and '-secret' suffixes and their hash)" },
      { t = ["object"], u = ["requests", "limits"] },
      { t = ["object"], u = ["cpu", "memory"] },
      { t = ["string"], p = ["^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", null], w = "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi" },
      { t = ["object"], u = ["runAsUser", "runAsGroup", "fsGroup"] },
      { t = ["integer"], b = [1, 2147483647] },
      { t = ["object"], u = ["liveness", "readiness", "startup"] },
      { t = ["object"], u = ["path", "command", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["string"], p = ["^(/[^\\s]*)?$", null], w = "empty (a TCP check), or an absolute path starting with '/' and without spaces" },
      { t = ["string"], p = [null, 1], w = "at least 1 characters" },
      { t = ["integer"], b = [0, 3600] },
      { t = ["integer"], b = [1, 3600] },
      { t = ["integer"], b = [1, 100] },
      { t = ["object"], u = ["path", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["object"], u = ["enabled", "path", "initialDelaySeconds", "periodSeconds", "failureThreshold"] },
      { t = ["string"], p = ["^/[^\\s]*$", null], w = "an absolute path starting with '/' and without spaces" },
      { t = ["object"], u = ["type", "port", "nodePort"] },
      { t = ["string"], e = ["ClusterIP", "NodePort", "LoadBalancer"] },
      { t = ["integer", "null"], b = [30000, 32767] },
      { t = ["null"], m = "is only allowed when service.type is NodePort or LoadBalancer" },
      { t = ["object"], u = ["enabled", "className", "host", "path", "pathType", "annotations", "tls"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "empty, or a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      { t = ["string"], p = ["^((\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$", null], x = 253, w = "a lowercase DNS name such as realtime-svg.example.com (a leading '*.' is allowed)" },
      { t = ["string"], e = ["Prefix", "Exact", "ImplementationSpecific"] },
      { t = ["object"], u = ["enabled", "secretName", "issuer"] },
      { t = ["object"], u = ["name", "kind"] },
      { t = ["string"], e = ["ClusterIssuer", "Issuer"] },
      { p = [null, 1], m = "is empty; it is required when ingress.enabled is true: set the host name the Ingress answers for" },
      { t = ["object"], u = ["enabled", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "targetMemoryUtilizationPercentage", "scaleDownStabilizationSeconds"] },
      { t = ["integer"], b = [1, 1000] },
      { t = ["integer", "null"], b = [1, 1000] },
      { t = ["integer", "null"], b = [0, 3600] },
      { t = ["object"], u = ["enabled", "minAvailable"] },
      { t = ["object"], u = ["maxSkew", "whenUnsatisfiable"] },
      { t = ["string"], e = ["ScheduleAnyway", "DoNotSchedule"] },
      { t = ["object"], u = ["enabled", "database", "env"] },
      { t = ["string"], p = ["^([a-z_][a-z0-9_]*)?$", null], x = 63, w = "empty, or a PostgreSQL name: lowercase letters, digits and '_', starting with a letter or '_', at most 63 characters, not starting with pg_" },
      { t = ["object"], u = ["host", "port", "database", "user", "password"] },
      { t = ["string"], p = ["^[A-Za-z_][A-Za-z0-9_]*$", null], x = 253, w = "an environment variable name: letters, digits and '_', not starting with a digit" },
      { p = [null, 1], m = "is empty; it is required when postgresql.enabled is true: name the database the workload uses" },
      { t = ["object"], u = ["enabled", "env"] },
      { t = ["object"], u = ["bootstrapServers"] },
      { t = ["object"], u = ["enabled", "role", "env"] },
      { t = ["string"], e = ["primary", "replica", "cache"] },
      { t = ["object"], u = ["host", "port", "password"] },
      { t = ["object"], u = ["enabled", "port", "path", "serviceMonitor"] },
      { t = ["object"], u = ["enabled", "interval", "scrapeTimeout", "labels"] },
      { t = ["string"], p = ["^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", null], x = 32, w = "a Prometheus duration such as 30s, 1m or 1h30m, or empty (Prometheus's global interval)" },
      { t = ["string"], p = ["^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", null], x = 32, w = "a Prometheus duration such as 10s, not above interval, or empty (Prometheus's global timeout)" },
      { t = ["string"], p = ["^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", null], x = 63, w = "a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty" },
      { t = ["object"], u = ["enabled", "json", "labels", "folder"] },
      { t = ["string"], x = 900000, w = "at most 900000 characters" },
      { t = ["string"], x = 253, w = "at most 253 characters" },
      { t = ["object"], u = ["backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "restartPolicy", "before"] },
      { t = ["integer", "null"], b = [1, 2592000] },
      { t = ["integer", "null"], b = [0, 31536000] },
      { t = ["string"], e = ["OnFailure", "Never"] },
      { t = ["object"], u = ["schedule", "timeZone", "concurrencyPolicy", "suspend", "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] },
      { t = ["string"], x = 256, w = "at most 256 characters" },
      { t = ["string"], e = ["Allow", "Forbid", "Replace"] },
      { t = ["integer", "null"], b = [10, 2592000] },
      { t = ["integer"], b = [0, 100] },
      ]] : flatten([for c in flatten([
        { l = "workloads", v = var.workloads, s = 0 },
        try([for k1, x1 in var.workloads : [
          [for c in [
            { p = ["enabled"], d = true, s = 3 },
            { p = ["kind"], d = "Deployment", s = 4 },
            { p = ["image"], d = {}, o = can(keys(x1)), s = 5 },
            { p = ["image", "repository"], g = can(x1.image.repository), s = 6 },
            { p = ["image", "tag"], g = can(x1.image.tag), s = 7 },
            { p = ["image", "pullPolicy"], d = "IfNotPresent", s = 8 },
            { p = ["replicas"], d = 1, s = 9 },
            { p = ["command"], d = [], s = 10 },
            { p = ["args"], d = [], s = 10 },
            { p = ["port"], d = 8080, s = 12 },
            { p = ["extraPorts"], d = {}, s = 13 },
            { p = ["env"], d = {}, s = 0 },
            { p = ["resources"], d = {}, s = 23 },
            { p = ["resources", "requests"], d = {}, s = 24 },
            { p = ["resources", "requests", "cpu"], d = "100m", s = 25 },
            { p = ["resources", "requests", "memory"], d = "128Mi", s = 25 },
            { p = ["resources", "limits"], d = {}, s = 24 },
            { p = ["resources", "limits", "cpu"], d = "500m", s = 25 },
            { p = ["resources", "limits", "memory"], d = "512Mi", s = 25 },
            { p = ["securityContext"], d = {}, s = 26 },
            { p = ["securityContext", "runAsUser"], d = 10001, s = 27 },
            { p = ["securityContext", "runAsGroup"], d = 10001, s = 27 },
            { p = ["securityContext", "fsGroup"], d = 10001, s = 27 },
            { p = ["probes"], d = {}, s = 28 },
            { p = ["probes", "liveness"], d = {}, s = 29 },
            { p = ["probes", "liveness", "path"], d = "", s = 30 },
            { p = ["probes", "liveness", "command"], d = [], s = 10 },
            { p = ["probes", "liveness", "initialDelaySeconds"], d = 10, s = 32 },
            { p = ["probes", "liveness", "periodSeconds"], d = 10, s = 33 },
            { p = ["probes", "liveness", "failureThreshold"], d = 3, s = 34 },
            { p = ["probes", "readiness"], d = {}, s = 35 },
            { p = ["probes", "readiness", "path"], d = "/", s = 30 },
            { p = ["probes", "readiness", "initialDelaySeconds"], d = 2, s = 32 },
            { p = ["probes", "readiness", "periodSeconds"], d = 5, s = 33 },
            { p = ["probes", "readiness", "failureThreshold"], d = 3, s = 34 },
            { p = ["probes", "startup"], d = {}, s = 36 },
            { p = ["probes", "startup", "enabled"], d = false, s = 3 },
            { p = ["probes", "startup", "path"], d = "/", s = 30 },
            { p = ["probes", "startup", "initialDelaySeconds"], d = 0, s = 32 },
            { p = ["probes", "startup", "periodSeconds"], d = 5, s = 33 },
            { p = ["probes", "startup", "failureThreshold"], d = 3, s = 34 },
            { p = ["writablePaths"], d = ["/tmp"], s = 10 },
            { p = ["service"], d = {}, s = 38 },
            { p = ["service", "type"], d = "ClusterIP", s = 39 },
            { p = ["service", "port"], s = 12 },
            { p = ["service", "nodePort"], s = 40 },
            { p = ["service", "nodePort"], g = try(try(x1.service.type, "ClusterIP") == "ClusterIP", false), s = 41 },
            { p = ["ingress"], d = {}, s = 42 },
            { p = ["ingress", "enabled"], d = false, s = 3 },
            { p = ["ingress", "className"], d = "", s = 43 },
            { p = ["ingress", "host"], d = "", s = 44 },
            { p = ["ingress", "path"], d = "/", s = 37 },
            { p = ["ingress", "pathType"], d = "Prefix", s = 45 },
            { p = ["ingress", "annotations"], d = {}, s = 13 },
            { p = ["ingress", "tls"], d = {}, s = 46 },
            { p = ["ingress", "tls", "enabled"], d = false, s = 3 },
            { p = ["ingress", "tls", "secretName"], d = "", s = 43 },
            { p = ["ingress", "tls", "issuer"], d = {}, s = 47 },
            { p = ["ingress", "tls", "issuer", "name"], d = "", s = 43 },
            { p = ["ingress", "tls", "issuer", "kind"], d = "ClusterIssuer", s = 48 },
            { p = ["ingress", "host"], d = "", g = try(try(x1.ingress.enabled, false) == true, false), s = 49 },
            { p = ["autoscaling"], d = {}, s = 50 },
            { p = ["autoscaling", "enabled"], d = false, s = 3 },
            { p = ["autoscaling", "minReplicas"], d = 1, s = 51 },
            { p = ["autoscaling", "maxReplicas"], d = 3, s = 51 },
            { p = ["autoscaling", "targetCPUUtilizationPercentage"], d = 80, s = 52 },
            { p = ["autoscaling", "targetMemoryUtilizationPercentage"], s = 52 },
            { p = ["autoscaling", "scaleDownStabilizationSeconds"], s = 53 },
            { p = ["podDisruptionBudget"], d = {}, s = 54 },
            { p = ["podDisruptionBudget", "enabled"], d = true, s = 3 },
            { p = ["podDisruptionBudget", "minAvailable"], d = 1, s = 51 },
            { p = ["topologySpread"], d = {}, s = 55 },
            { p = ["topologySpread", "maxSkew"], d = 1, s = 51 },
            { p = ["topologySpread", "whenUnsatisfiable"], d = "ScheduleAnyway", s = 56 },
            { p = ["podAnnotations"], d = {}, s = 13 },
            { p = ["nodeSelector"], d = {}, s = 13 },
            { p = ["tolerations"], d = [], s = 10 },
            { p = ["affinity"], d = {}, s = 13 },
            { p = ["postgresql"], d = {}, s = 57 },
            { p = ["postgresql", "enabled"], d = false, s = 3 },
            { p = ["postgresql", "database"], d = "", s = 58 },
            { p = ["postgresql", "env"], d = {}, s = 59 },
            { p = ["postgresql", "env", "host"], d = "PGHOST", s = 60 },
            { p = ["postgresql", "env", "port"], d = "PGPORT", s = 60 },
            { p = ["postgresql", "env", "database"], d = "PGDATABASE", s = 60 },
            { p = ["postgresql", "env", "user"], d = "PGUSER", s = 60 },
            { p = ["postgresql", "env", "password"], d = "PGPASSWORD", s = 60 },
            { p = ["postgresql", "database"], d = "", g = try(try(x1.postgresql.enabled, false) == true, false), s = 61 },
            { p = ["kafka"], d = {}, s = 62 },
            { p = ["kafka", "enabled"], d = false, s = 3 },
            { p = ["kafka", "env"], d = {}, s = 63 },
            { p = ["kafka", "env", "bootstrapServers"], d = "KAFKA_BOOTSTRAP_SERVERS", s = 60 },
            { p = ["redis"], d = {}, s = 64 },
            { p = ["redis", "enabled"], d = false, s = 3 },
            { p = ["redis", "role"], d = "primary", s = 65 },
            { p = ["redis", "env"], d = {}, s = 66 },
            { p = ["redis", "env", "host"], d = "REDIS_HOST", s = 60 },
            { p = ["redis", "env", "port"], d = "REDIS_PORT", s = 60 },
            { p = ["redis", "env", "password"], d = "REDIS_PASSWORD", s = 60 },
            { p = ["metrics"], d = {}, s = 67 },
            { p = ["metrics", "enabled"], d = false, s = 3 },
            { p = ["metrics", "port"], s = 12 },
            { p = ["metrics", "path"], d = "/metrics", s = 37 },
            { p = ["metrics", "serviceMonitor"], d = {}, s = 68 },
            { p = ["metrics", "serviceMonitor", "enabled"], d = false, s = 3 },
            { p = ["metrics", "serviceMonitor", "interval"], d = "30s", s = 69 },
            { p = ["metrics", "serviceMonitor", "scrapeTimeout"], d = "", s = 70 },
            { p = ["metrics", "serviceMonitor", "labels"], d = {}, s = 13 },
            { p = ["grafanaDashboard"], d = {}, s = 72 },
            { p = ["grafanaDashboard", "enabled"], d = false, s = 3 },
            { p = ["grafanaDashboard", "json"], d = "{}", s = 73 },
            { p = ["grafanaDashboard", "labels"], d = {}, s = 13 },
            { p = ["grafanaDashboard", "folder"], d = "", s = 74 },
            { p = ["job"], d = {}, s = 75 },
            { p = ["job", "backoffLimit"], d = 6, s = 9 },
            { p = ["job", "activeDeadlineSeconds"], s = 76 },
            { p = ["job", "ttlSecondsAfterFinished"], s = 77 },
            { p = ["job", "restartPolicy"], d = "OnFailure", s = 78 },
            { p = ["job", "before"], d = [], s = 10 },
            { p = ["cronJob"], d = {}, s = 79 },
            { p = ["cronJob", "schedule"], d = "", s = 80 },
            { p = ["cronJob", "timeZone"], d = "", s = 80 },
            { p = ["cronJob", "concurrencyPolicy"], d = "Forbid", s = 81 },
            { p = ["cronJob", "suspend"], d = false, s = 3 },
            { p = ["cronJob", "startingDeadlineSeconds"], s = 82 },
            { p = ["cronJob", "successfulJobsHistoryLimit"], d = 3, s = 83 },
            { p = ["cronJob", "failedJobsHistoryLimit"], d = 1, s = 83 },
          ] : merge(c, { l = "workloads.${k1}.${join(".", c.p)}", v = [try(x1[c.p[0]], try(c.d, null)), try(x1[c.p[0]][c.p[1]], try(c.d, null)), try(x1[c.p[0]][c.p[1]][c.p[2]], try(c.d, null)), try(x1[c.p[0]][c.p[1]][c.p[2]][c.p[3]], try(c.d, null))][length(c.p) - 1] })],
          { l = "workloads.${k1}", v = k1, s = 1 },
          { l = "workloads.${k1}", v = x1, s = 2 },
          try([for i2, x2 in try(x1.command, []) : [
            { l = "workloads.${k1}.command[${i2}]", v = x2, s = 11 },
          ] if !can(keys(try(x1.command, [])))], []),
          try([for i2, x2 in try(x1.args, []) : [
            { l = "workloads.${k1}.args[${i2}]", v = x2, s = 11 },
          ] if !can(keys(try(x1.args, [])))], []),
          try([for k2, x2 in try(x1.extraPorts, {}) : [
            { l = "workloads.${k1}.extraPorts.${k2}", v = k2, s = 14 },
            { l = "workloads.${k1}.extraPorts.${k2}", v = x2, s = 15 },
          ] if can(keys(try(x1.extraPorts, {})))], []),
          try([for k2, x2 in try(x1.env, {}) : [
            [for c in [
              { p = ["secret"], g = try(contains(keys(x2), "secret"), false), s = 18 },
              { p = ["secretKeyRef"], g = can(x2.secretKeyRef), o = can(keys(x2)), s = 19 },
              { p = ["secretKeyRef", "name"], g = can(x2.secretKeyRef.name), s = 20 },
              { p = ["secretKeyRef", "key"], g = can(x2.secretKeyRef.key), s = 21 },
              { p = ["serviceUrlOf"], g = can(x2.serviceUrlOf), s = 22 },
              { p = ["ingressUrlOf"], g = can(x2.ingressUrlOf), s = 22 },
            ] : merge(c, { l = "workloads.${k1}.env.${k2}.${join(".", c.p)}", v = [try(x2[c.p[0]], try(c.d, null)), try(x2[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
            { l = "workloads.${k1}.env.${k2}", v = k2, s = 16 },
            { l = "workloads.${k1}.env.${k2}", v = x2, s = 17 },
          ] if can(keys(try(x1.env, {})))], []),
          try([for i2, x2 in try(x1.probes.liveness.command, []) : [
            { l = "workloads.${k1}.probes.liveness.command[${i2}]", v = x2, s = 31 },
          ] if !can(keys(try(x1.probes.liveness.command, [])))], []),
          try([for i2, x2 in try(x1.writablePaths, ["/tmp"]) : [
            { l = "workloads.${k1}.writablePaths[${i2}]", v = x2, s = 37 },
          ] if !can(keys(try(x1.writablePaths, ["/tmp"])))], []),
          try([for k2, x2 in try(x1.ingress.annotations, {}) : [
            { l = "workloads.${k1}.ingress.annotations.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.ingress.annotations, {})))], []),
          try([for k2, x2 in try(x1.podAnnotations, {}) : [
            { l = "workloads.${k1}.podAnnotations.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.podAnnotations, {})))], []),
          try([for k2, x2 in try(x1.nodeSelector, {}) : [
            { l = "workloads.${k1}.nodeSelector.${k2}", v = x2, s = 11 },
          ] if can(keys(try(x1.nodeSelector, {})))], []),
          try([for i2, x2 in try(x1.tolerations, []) : [
            { l = "workloads.${k1}.tolerations[${i2}]", v = x2, s = 13 },
          ] if !can(keys(try(x1.tolerations, [])))], []),
          try([for k2, x2 in try(x1.metrics.serviceMonitor.labels, {}) : [
            { l = "workloads.${k1}.metrics.serviceMonitor.labels.${k2}", v = x2, s = 71 },
          ] if can(keys(try(x1.metrics.serviceMonitor.labels, {})))], []),
          try([for k2, x2 in try(x1.grafanaDashboard.labels, {}) : [
            { l = "workloads.${k1}.grafanaDashboard.labels.${k2}", v = x2, s = 71 },
          ] if can(keys(try(x1.grafanaDashboard.labels, {})))], []),
          try([for i2, x2 in try(x1.job.before, []) : [
            { l = "workloads.${k1}.job.before[${i2}]", v = x2, s = 20 },
          ] if !can(keys(try(x1.job.before, [])))], []),
        ] if can(keys(var.workloads))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.e], []) : try(S.m, "is not allowed; allowed: one of ${join(", ", a)}") if !try(contains(a, c.v), false)], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.b], []) : try(S.m, "is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : "an integer from ${a[0]} to ${a[1]}"}") if contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)], [for a in try([S.P], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "object" && !try(length(keys(c.v)) >= a, false)], [for a in try([S.Q], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "object" && !try(length(keys(c.v)) <= a, false)], [for a in try([S.n], []) : try(S.m, "is an invalid name; allowed: ${S.w}") if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : "${c.l}: ${[for j in [try(S.h, 0) == 1 ? "(secret, not shown)" : try(S.h, 0) == 2 ? try(t == "object" ? replace(jsonencode(merge(c.v, { for k in keys(c.v) : k => "(secret, not shown)" if !contains(S.q, k) })), "\"(secret, not shown)\"", "(secret, not shown)") : (t == "array" ? "(secret, not shown)" : jsonencode(c.v)), "(secret, not shown)") : jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
          [for k in try(S.r, []) : "${c.l}.${k}: missing; ${lookup(try(S.rm, {}), k, "this setting is required")}" if t == "object" && try(c.o, true) && !try(contains(keys(c.v), k), false)],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "networkPolicy" {
  description = "NetworkPolicies (spec 004 phase 1): deny all ingress and egress of the pods in the namespace by default, allow DNS, and allow exactly the connections the settings wire (a workload to its PostgreSQL, the PostgreSQL init Job to its server, a workload to another it names by serviceUrlOf, the ingress controller to routed pods, the realtime-svg app and the workloads to their Redis role, the workloads to Kafka and the Kafka nodes to each other, Prometheus to the metrics port of workloads with a ServiceMonitor). An external data service (host set) is allowed as egress to its port on any address (ipBlock 0.0.0.0/0). Enforced only where the cluster's network plugin implements NetworkPolicy."
  type        = any
  default = {
    enabled = false
    ingressController = {
      namespace = "ingress-nginx"
      podLabels = {
        "app.kubernetes.io/name" = "ingress-nginx"
      }
    }
    dns = {
      namespace = "kube-system"
      podLabels = {
        k8s-app = "kube-dns"
      }
    }
    prometheus = {
      namespace = "monitoring"
      podLabels = {
        "app.kubernetes.io/name" = "prometheus"
      }
    }
  }
  nullable = false

  validation {
    condition = length([for T in [[
      { t = ["object"], u = ["enabled", "ingressController", "dns", "prometheus"] },
      { t = ["boolean"] },
      { t = ["object"], u = ["namespace", "podLabels"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", null], x = 63 },
      { t = ["object"] },
      { n = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", null, 253] },
      { t = ["string"], p = ["^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", null], x = 63 },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["ingressController"], d = {}, s = 2 },
          { p = ["ingressController", "namespace"], d = "ingress-nginx", s = 3 },
          { p = ["ingressController", "podLabels"], d = {}, s = 4 },
          { p = ["dns"], d = {}, s = 2 },
          { p = ["dns", "namespace"], d = "kube-system", s = 3 },
          { p = ["dns", "podLabels"], d = {}, s = 4 },
          { p = ["prometheus"], d = {}, s = 2 },
          { p = ["prometheus", "namespace"], d = "monitoring", s = 3 },
          { p = ["prometheus", "podLabels"], d = {}, s = 4 },
        ] : merge(c, { l = "networkPolicy.${join(".", c.p)}", v = [try(var.networkPolicy[c.p[0]], try(c.d, null)), try(var.networkPolicy[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "networkPolicy", v = var.networkPolicy, s = 0 },
        try([for k1, x1 in try(var.networkPolicy.ingressController.podLabels, {}) : [
          { l = "networkPolicy.ingressController.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.ingressController.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.ingressController.podLabels, {})))], []),
        try([for k1, x1 in try(var.networkPolicy.dns.podLabels, {}) : [
          { l = "networkPolicy.dns.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.dns.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.dns.podLabels, {})))], []),
        try([for k1, x1 in try(var.networkPolicy.prometheus.podLabels, {}) : [
          { l = "networkPolicy.prometheus.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.prometheus.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.prometheus.podLabels, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.n], []) : 1 if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : 1],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : 1],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["object"], u = ["enabled", "ingressController", "dns", "prometheus"] },
      { t = ["boolean"] },
      { t = ["object"], u = ["namespace", "podLabels"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", null], x = 63, w = "at most 63 characters" },
      { t = ["object"] },
      { n = ["^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", null, 253], w = "at most 253 characters" },
      { t = ["string"], p = ["^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", null], x = 63, w = "at most 63 characters" },
      ]] : flatten([for c in flatten([
        [for c in [
          { p = ["enabled"], d = false, s = 1 },
          { p = ["ingressController"], d = {}, s = 2 },
          { p = ["ingressController", "namespace"], d = "ingress-nginx", s = 3 },
          { p = ["ingressController", "podLabels"], d = {}, s = 4 },
          { p = ["dns"], d = {}, s = 2 },
          { p = ["dns", "namespace"], d = "kube-system", s = 3 },
          { p = ["dns", "podLabels"], d = {}, s = 4 },
          { p = ["prometheus"], d = {}, s = 2 },
          { p = ["prometheus", "namespace"], d = "monitoring", s = 3 },
          { p = ["prometheus", "podLabels"], d = {}, s = 4 },
        ] : merge(c, { l = "networkPolicy.${join(".", c.p)}", v = [try(var.networkPolicy[c.p[0]], try(c.d, null)), try(var.networkPolicy[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
        { l = "networkPolicy", v = var.networkPolicy, s = 0 },
        try([for k1, x1 in try(var.networkPolicy.ingressController.podLabels, {}) : [
          { l = "networkPolicy.ingressController.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.ingressController.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.ingressController.podLabels, {})))], []),
        try([for k1, x1 in try(var.networkPolicy.dns.podLabels, {}) : [
          { l = "networkPolicy.dns.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.dns.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.dns.podLabels, {})))], []),
        try([for k1, x1 in try(var.networkPolicy.prometheus.podLabels, {}) : [
          { l = "networkPolicy.prometheus.podLabels.${k1}", v = k1, s = 5 },
          { l = "networkPolicy.prometheus.podLabels.${k1}", v = x1, s = 6 },
        ] if can(keys(try(var.networkPolicy.prometheus.podLabels, {})))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)], [for a in try([S.n], []) : try(S.m, "is an invalid name; allowed: ${S.w}") if !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) && length(c.v) <= coalesce(a[2], length(c.v)), false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(sort(setsubtract(keys(c.v), S.u)), []) : "${c.l}.${k}: unknown key; allowed keys here: ${join(", ", S.u)}"],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "extraObjects" {
  description = "Objects of your own, for what the settings cannot express (a LimitRange, an Issuer, a PodMonitor, ...): every route adds each one as it is written, in the system's namespace, and removes it on uninstall. Each has apiVersion, kind and metadata.name; metadata.namespace is left out (the system's is set), and cluster-scoped kinds are refused."
  type        = any
  default     = []
  nullable    = false

  validation {
    condition = length([for T in [[
      { t = ["array"] },
      { t = ["object"], r = ["apiVersion", "kind", "metadata"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$", null] },
      { t = ["string"], p = ["^[A-Z][A-Za-z0-9]*$", null] },
      { t = ["object"], r = ["name"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253 },
      ]] : flatten([for c in flatten([
        { l = "extraObjects", v = var.extraObjects, s = 0 },
        try([for i1, x1 in var.extraObjects : [
          [for c in [
            { p = ["apiVersion"], g = can(x1.apiVersion), s = 2 },
            { p = ["kind"], g = can(x1.kind), s = 3 },
            { p = ["metadata"], g = can(x1.metadata), o = can(keys(x1)), s = 4 },
            { p = ["metadata", "name"], g = can(x1.metadata.name), s = 5 },
          ] : merge(c, { l = "extraObjects[${i1}].${join(".", c.p)}", v = [try(x1[c.p[0]], try(c.d, null)), try(x1[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
          { l = "extraObjects[${i1}]", v = x1, s = 1 },
        ] if !can(keys(var.extraObjects))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : 1 if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : 1 if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : 1 if t == "string" && !try(length(c.v) <= a, false)]) : 1],
          [for k in try(S.r, []) : 1 if t == "object" && try(c.o, true) && !try(contains(keys(c.v), k), false)],
    )][0]][0] if try(c.g, true)])][0]) == 0
    error_message = join("\n", sort(distinct([for T in [[
      { t = ["array"] },
      { t = ["object"], r = ["apiVersion", "kind", "metadata"] },
      { t = ["string"], p = ["^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$", null], w = "an API version such as v1, apps/v1 or cert-manager.io/v1" },
      { t = ["string"], p = ["^[A-Z][A-Za-z0-9]*$", null], w = "a kind such as LimitRange or Issuer (a capital letter, then letters and digits)" },
      { t = ["object"], r = ["name"] },
      { t = ["string"], p = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", 1], x = 253, w = "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
      ]] : flatten([for c in flatten([
        { l = "extraObjects", v = var.extraObjects, s = 0 },
        try([for i1, x1 in var.extraObjects : [
          [for c in [
            { p = ["apiVersion"], g = can(x1.apiVersion), s = 2 },
            { p = ["kind"], g = can(x1.kind), s = 3 },
            { p = ["metadata"], g = can(x1.metadata), o = can(keys(x1)), s = 4 },
            { p = ["metadata", "name"], g = can(x1.metadata.name), s = 5 },
          ] : merge(c, { l = "extraObjects[${i1}].${join(".", c.p)}", v = [try(x1[c.p[0]], try(c.d, null)), try(x1[c.p[0]][c.p[1]], try(c.d, null))][length(c.p) - 1] })],
          { l = "extraObjects[${i1}]", v = x1, s = 1 },
        ] if !can(keys(var.extraObjects))], []),
        ]) : [for S in [T[c.s]] : [for t in [concat([for x in [c.v] : "object" if can(keys(x))], [for x in [c.v] : "array" if !can(keys(x)) && can(length(x)) && !can(tostring(x))], [for x in [c.v] : lookup({ "\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number") if !can(keys(x)) && !(can(length(x)) && !can(tostring(x)))])[0]] : concat(
          [for z in concat([for a in try([S.t], []) : try(S.m, "is ${lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", "null" = "null", integer = "an integer", number = "a number" }, t)}; allowed: ${join(" or ", [for y in a : { integer = "an integer", string = "a string", boolean = "true or false", object = "a mapping", array = "a list", "null" = "null", number = "a number" }[y]])}") if !(contains(a, t) || t == "integer" && contains(a, "number"))], [for a in try([S.p], []) : try(S.m, "is invalid; allowed: ${S.w}") if t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)], [for a in try([S.x], []) : try(S.m, "is too long; allowed: ${S.w}") if t == "string" && !try(length(c.v) <= a, false)]) : "${c.l}: ${[for j in [jsonencode(c.v)] : length(j) <= 80 ? j : "${substr(j, 0, 77)}..."][0]} ${z}"],
          [for k in try(S.r, []) : "${c.l}.${k}: missing; ${lookup(try(S.rm, {}), k, "this setting is required")}" if t == "object" && try(c.o, true) && !try(contains(keys(c.v), k), false)],
    )][0]][0] if try(c.g, true)])][0])))
  }
}

variable "source_root" {
  description = "Directory holding the repository's base/, components/ and workloads/ (the kustomize sources), absolute or relative to the directory tofu/terraform runs in. null: the repository this module is part of."
  type        = string
  default     = null
}

variable "wait" {
  description = "Wait for the Deployments to be rolled out and Ready on every create and update."
  type        = bool
  default     = true
  nullable    = false
}
