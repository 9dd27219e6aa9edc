# -- NetworkPolicies (composer/netpol.py) -----------------------------------------------------------
#
# networkPolicy.enabled: components/network-policy (default deny, DNS) renamed to `name` with
# the DNS peer of networkPolicy.dns, and one `<app>-allow` policy per group of pods the wiring
# connects. The edges are local.np_edge_list (edges.tf, generated from the EDGES tables of
# composer/edges.py); each is filed under a key that sorts as Python sorts the edges, so the
# rules come out in the same order. A group's policy is the component's default-deny renamed,
# its spec replaced (one data source per group; the DNS policy deleted from it).

locals {
  np = local.s.networkPolicy
  # The peers' pod labels: merged with the schema's defaults, as the composer and Helm merge them.
  np_peer_labels = {
    "ingress-controller" = merge({ "app.kubernetes.io/name" = "ingress-nginx" }, local.np.ingressController.podLabels)
    "prometheus"         = merge({ "app.kubernetes.io/name" = "prometheus" }, local.np.prometheus.podLabels)
    "dns"                = merge({ "k8s-app" = "kube-dns" }, local.np.dns.podLabels)
  }
  np_peer_namespace = {
    "ingress-controller" = local.np.ingressController.namespace
    "prometheus"         = local.np.prometheus.namespace
    "dns"                = local.np.dns.namespace
  }
  # key -> edge; the first edge under a key stays
  np_edges  = { for k, es in { for e in local.np_edge_list : format("%s %s %s %s %05d TCP", e[0], e[1], e[2], e[3], e[4]) => e... } : k => es[0] }
  np_keys   = sort(keys(local.np_edges))
  np_groups = toset(flatten([for k, e in local.np_edges : concat(e[0] == "pod" ? [e[1]] : [], e[2] == "pod" ? [e[3]] : [])]))

  # a peer as JSON (composer/netpol.py _peer_rule)
  np_peer = { for k, e in local.np_edges : k => {
    for side, ends in { source = [e[0], e[1]], target = [e[2], e[3]] } : side => (
      ends[0] == "pod" ? jsonencode({ podSelector = { matchLabels = { app = ends[1] } } }) :
      ends[0] == "external" ? jsonencode({ ipBlock = { cidr = "0.0.0.0/0" } }) :
      "{\"namespaceSelector\":${jsonencode({ matchLabels = { "kubernetes.io/metadata.name" = local.np_peer_namespace[ends[0]] } })},\"podSelector\":${length(local.np_peer_labels[ends[0]]) > 0 ? jsonencode({ matchLabels = local.np_peer_labels[ends[0]] }) : "{}"}}"
    )
  } }
  np_rules = { for app in local.np_groups : app => {
    ingress = [for k in local.np_keys : "{\"from\":[${local.np_peer[k].source}],\"ports\":[{\"protocol\":\"TCP\",\"port\":${local.np_edges[k][4]}}]}"
    if local.np_edges[k][2] == "pod" && local.np_edges[k][3] == app]
    egress = [for k in local.np_keys : "{\"to\":[${local.np_peer[k].target}],\"ports\":[{\"protocol\":\"TCP\",\"port\":${local.np_edges[k][4]}}]}"
    if local.np_edges[k][0] == "pod" && local.np_edges[k][1] == app]
  } }
  np_specs = { for app, r in local.np_rules : app => join("", [
    "{\"podSelector\":${jsonencode({ matchLabels = { app = app } })}",
    ",\"policyTypes\":${jsonencode(concat(length(r.ingress) > 0 ? ["Ingress"] : [], length(r.egress) > 0 ? ["Egress"] : []))}",
    length(r.ingress) > 0 ? ",\"ingress\":[${join(",", r.ingress)}]" : "",
    length(r.egress) > 0 ? ",\"egress\":[${join(",", r.egress)}]" : "",
    "}",
  ]) }
  np_dns_peer = "{\"namespaceSelector\":${jsonencode({ matchLabels = { "kubernetes.io/metadata.name" = local.np_peer_namespace["dns"] } })},\"podSelector\":${length(local.np_peer_labels["dns"]) > 0 ? jsonencode({ matchLabels = local.np_peer_labels["dns"] }) : "{}"}}"
  np_labels = {
    "app.kubernetes.io/instance"  = local.s.name
    "app.kubernetes.io/part-of"   = local.s.name
    "app.kubernetes.io/component" = "network-policy"
    "app.kubernetes.io/name"      = "network-policy"
    "app.kubernetes.io/version"   = local.s.image.tag
  }
  # "_": the default deny and DNS policies; every other key: the group of pods of that `app`
  np_parts = !local.np.enabled ? {} : merge(
    { "_" = {
      labels = local.np_labels
      deny = [
        "{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":${jsonencode("${local.s.name}-default-deny")}}",
      ]
      dns = [
        "{\"op\":\"replace\",\"path\":\"/spec/egress/0/to\",\"value\":[${local.np_dns_peer}]}",
        "{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":${jsonencode("${local.s.name}-allow-dns")}}",
      ]
    } },
    { for app, spec in local.np_specs : app => {
      labels = merge({ app = app }, local.np_labels)
      deny = [
        "{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":${jsonencode("${app}-allow")}}",
        "{\"op\":\"replace\",\"path\":\"/spec\",\"value\":${spec}}",
      ]
      dns = []
    } },
  )
}

data "kustomization_overlay" "netpol" {
  for_each = local.np_parts

  namespace  = local.namespace
  components = ["${local.source_root}/components/network-policy"]

  labels {
    pairs             = each.value.labels
    include_selectors = false
  }

  patches {
    patch = "[${join(",", each.value.deny)}]"
    target {
      kind = "NetworkPolicy"
      name = "${local.app}-default-deny"
    }
  }

  dynamic "patches" {
    for_each = length(each.value.dns) > 0 ? [each.value.dns] : []
    content {
      patch = "[${join(",", patches.value)}]"
      target {
        kind = "NetworkPolicy"
        name = "${local.app}-allow-dns"
      }
    }
  }

  # a group's data source: only its policy
  dynamic "patches" {
    for_each = length(each.value.dns) > 0 ? [] : ["${local.app}-allow-dns"]
    content {
      patch = jsonencode({ "$patch" = "delete", apiVersion = "networking.k8s.io/v1", kind = "NetworkPolicy", metadata = { name = patches.value } })
    }
  }

  # built only once the rules across settings hold (the precondition of the app's overlay)
  depends_on = [data.kustomization_overlay.this]
}
