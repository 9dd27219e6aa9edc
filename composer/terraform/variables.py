"""The settings schema as Terraform variables: one variable per top-level setting, with the
same name (camelCase, as in every route), nesting and defaults, and `validation` blocks that
reject what the schema rejects with the words `composer.settings` uses.

Variables are `type = any`: a Terraform object type would silently drop unknown keys
(`ingress.hots`) and convert `"3"` to `3`, where the settings refuse both. Types are checked
by the validation blocks instead, through `jsonencode`, which tells a string from a number
from a mapping. Nested settings a caller leaves out take their defaults, key by key, as
`composer.schema.deep_merge` does (`local.settings` in settings.tf).

What differs from the composer's messages, because HCL cannot compute it: no "did you mean"
hint for unknown keys and enum values; mappings and lists are shown as compact JSON.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from composer import schema
from composer.settings import HIDDEN, _TYPE_NAMES, _plain, holds_secret
from composer.terraform import hcl

HEADER = "# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.\n"

# Terraform-only inputs (snake_case, as Terraform's own names are); the settings keep
# their camelCase names.
MODULE_ONLY = {
    "source_root": {
        "type": "string",
        "default": None,
        "description": ("Directory holding the repository's base/, components/ and workloads/ (the kustomize sources), "
                        "absolute or relative to the directory tofu/terraform runs in. null: the "
                        "repository this module is part of."),
    },
    "wait": {
        "type": "bool",
        "default": True,
        "description": "Wait for the Deployments to be rolled out and Ready on every create and update.",
    },
}
ROOT_ONLY = {
    "kubeconfig_path": {
        "type": "string",
        "default": "~/.kube/config",
        "description": "Path of the kubeconfig file of the cluster to install into.",
    },
    "kube_context": {
        "type": "string",
        "default": None,
        "description": "Context of that kubeconfig to use. null: its current context.",
    },
}
# The one default that differs from the settings schema: Terraform has no current
# namespace, so an empty namespace means `default` (FR-016).
NAMESPACE_DEFAULT = "default"


# -- HCL expressions over a value -------------------------------------------------------------

def _first(v: str) -> str:
    return f"substr(jsonencode({v}), 0, 1)"


def is_type(t: str, v: str) -> str:
    """An expression that is true when ``v`` has JSON Schema type ``t``; never fails."""
    if t == "string":
        return f'{_first(v)} == "\\""'
    if t == "object":
        # keys() takes exactly objects and maps; far cheaper than encoding a whole mapping
        # (the workloads of a system) once per rule
        return f"can(keys({v}))"
    if t == "array":
        # length() takes strings, lists and mappings; tostring() strings, numbers and bools
        return f"(can(length({v})) && !can(keys({v})) && !can(tostring({v})))"
    if t == "boolean":
        return f'contains(["true", "false"], jsonencode({v}))'
    if t == "null":
        return f'jsonencode({v}) == "null"'
    if t == "integer":
        return f'can(regex("^-?[0-9]+$", jsonencode({v})))'
    if t == "number":
        return f'can(regex("^-?[0-9]", jsonencode({v})))'
    raise ValueError(t)


def show(v: str) -> str:
    """HCL for `composer.settings._show`: the value as JSON, cut at 80 characters."""
    return f'length(jsonencode({v})) <= 80 ? jsonencode({v}) : "${{substr(jsonencode({v}), 0, 77)}}..."'


def show_at(node: dict[str, Any], v: str) -> str:
    """HCL for `composer.settings._show` of `_redacted`: a secret (writeOnly) is never echoed,
    nor, below a setting that holds one, a key the schema does not know or a list."""
    node = schema.resolve(node)
    hidden = hcl.string(repr(HIDDEN))
    if node.get("writeOnly"):
        return hidden
    if not holds_secret(node):
        return show(v)
    plain = [k for k, sub in node.get("properties", {}).items() if not holds_secret(sub)]
    text = (f'{is_type("object", v)} ? replace(jsonencode(merge({v}, {{ for k in keys({v}) : k => {hidden} '
            f'if !contains({hcl.literal(plain)}, k) }})), {hcl.string(json.dumps(repr(HIDDEN)))}, {hidden}) : '
            f'({is_type("array", v)} ? {hidden} : jsonencode({v}))')
    text = f"try({text}, {hidden})"
    return f'length({text}) <= 80 ? {text} : "${{substr({text}, 0, 77)}}..."'


def kind(v: str) -> str:
    """HCL for `composer.settings._kind`: "a string", "an integer", "a mapping", ..."""
    return ('lookup({ "\\"" = "a string", "{" = "a mapping", "[" = "a list", "t" = "a boolean", '
            f'"f" = "a boolean", "n" = "null" }}, {_first(v)}, '
            f'can(regex("^-?[0-9]+$", jsonencode({v}))) ? "an integer" : "a number")')


def _text(s: str) -> str:
    """Literal text inside an HCL template string."""
    return hcl.string(s)[1:-1]


# -- rules ------------------------------------------------------------------------------------

@dataclass
class Rule:
    """One check of a setting. ``condition`` is true when the value passes. ``message`` is
    an HCL template string (with its quotes), the composer's line for the problem; or, when
    ``many``, an HCL list of such lines, one per entry of a mapping or item of a list that
    breaks the rule (``condition`` is then that the list is empty)."""

    setting: str  # the key path and what is checked, for a comment beside the condition
    condition: str
    message: str
    many: bool = False


# Schema keywords the rules below implement; any other keyword in the settings schema
# stops the generator rather than going unchecked in Terraform.
KEYWORDS = frozenset({
    "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "properties",
    "additionalProperties", "propertyNames", "minProperties", "maxProperties", "items", "if", "then",
    "required", "$ref", "default", "description", "title", "writeOnly", "x-allowed", "x-message",
})


def _message(label: str, value_show: str, rest: str) -> str:
    # `label` may itself hold an interpolation (array items, mapping keys).
    return f'"{label}: ${{{value_show}}} {rest}"'


def _allowed(node: dict[str, Any]) -> str:
    return node.get("x-allowed") or _plain(node)


def _all(parts: list[str | None]) -> str:
    return " && ".join(p for p in parts if p)


_MISSING = object()


def _fallback(default: Any) -> str:
    """A default as the fallback of `try(<setting>, <fallback>)`, on one line. A mapping of
    settings falls back to {}: its keys take their defaults one by one."""
    if isinstance(default, dict):
        # (free-form mappings, such as annotations, all default to {})
        return "{}"
    if isinstance(default, list) and any(isinstance(v, (dict, list)) for v in default):
        raise NotImplementedError("a default list of mappings or lists has no Terraform fallback yet")
    return hcl.literal(None if default is _MISSING else default)


class _Walker:
    """Rules for the values under one root: the variables (``root`` None: a path starts
    with the variable's name) or one entry of a mapping or item of a list (``root`` is the
    HCL name the for-expression gives it, ``defaults`` that entry's defaults)."""

    def __init__(self, root: str | None = None, defaults: Any = _MISSING, depth: int = 0) -> None:
        self.rules: list[Rule] = []
        self.root = root
        self.defaults = schema.defaults() if root is None else defaults
        self.depth = depth

    def default_at(self, path: list[str]) -> Any:
        """The default the settings hold at ``path``, or _MISSING when there is none."""
        value: Any = self.defaults
        for part in path:
            if not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value

    def accessor(self, path: list[str], secret: bool = False) -> str:
        """The value the settings hold at ``path``: the caller's, else the default.
        ``secret``: reached by lookup(), not by an attribute reference, because OpenTofu prints
        the value of every reference in a failed validation's condition."""
        if self.root is None:
            if len(path) == 1:
                return f"var.{path[0]}"
            ref = "var." + ".".join(path)
        else:
            if not path:
                return self.root
            ref = self.root + "." + ".".join(path)
        if secret:
            parent, _, last = ref.rpartition(".")
            ref = f"lookup({parent}, {hcl.string(last)})"
        return f"try({ref}, {_fallback(self.default_at(path))})"

    def add(self, path: str, condition: str, message: str, many: bool = False) -> None:
        self.rules.append(Rule(path, condition, message, many))

    def dotted(self, path: list[str]) -> str:
        """``path`` for a comment; under an entry or item, `*` stands for it."""
        return ".".join(([] if self.root is None else ["*"]) + path)

    def node(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str | None = None,
             when: str = "", outer: str | None = None) -> None:
        """Rules for the value ``v`` (an HCL expression) at schema ``node``.
        ``guard``: an extra condition under which the rules apply (if/then, a key that is
        set), ``when`` in words. ``label``: the key path as shown (may contain an
        interpolation). ``outer``: that every mapping above is one (a key below a value that
        is not a mapping is never missing; other checks see its default there)."""
        node = schema.resolve(node)
        unknown = set(node) - KEYWORDS
        if unknown:
            raise NotImplementedError(f"{'.'.join(path)}: schema keyword(s) {sorted(unknown)} have no Terraform "
                                      "check in composer/terraform/variables.py")
        dotted = self.dotted(path)
        custom = _text(node["x-message"]) if "x-message" in node else None

        def rule(what: str, applies: str | None, check: str, rest: str) -> None:
            cond = f"try({check}, false)"
            parts = _all([guard, applies])
            if parts:
                cond = f"!({parts}) || {cond}"
            self.add(f"{dotted}: {what}" + (f" (when {when})" if when else ""), cond,
                     _message(label, show_at(node, v), custom or rest))

        types = node.get("type")
        if types:
            names = types if isinstance(types, list) else [types]
            check = " || ".join(is_type(t, v) for t in names)
            allowed = " or ".join(_TYPE_NAMES.get(t, t) for t in names)
            rule(allowed, None, check, f"is ${{{kind(v)}}}; allowed: {allowed}")
        if "enum" in node:
            options = node["enum"]
            listed = ", ".join(map(str, options))
            rule("one of " + listed, None, f"contains({hcl.literal(options)}, {v})",
                 f"is not allowed; allowed: one of {_text(listed)}")

        # keywords that apply to strings only
        string = is_type("string", v)
        invalid = []
        if "pattern" in node:
            invalid.append(f"can(regex({hcl.string(node['pattern'])}, {v}))")
        if "minLength" in node:
            invalid.append(f"length({v}) >= {node['minLength']}")
        if invalid:
            rule("pattern" if "pattern" in node else "not empty", string, " && ".join(invalid),
                 f"is invalid; allowed: {_text(_allowed(node))}")
        if "maxLength" in node:
            rule(f"at most {node['maxLength']} characters", string, f"length({v}) <= {node['maxLength']}",
                 f"is too long; allowed: {_text(_allowed(node))}")

        # numbers only
        low, high = node.get("minimum"), node.get("maximum")
        if low is not None or high is not None:
            bounds = [b for b in (f"{v} >= {low}" if low is not None else None,
                                  f"{v} <= {high}" if high is not None else None) if b]
            span = (f"an integer from {low} to {high}" if low is not None and high is not None
                    else f"at least {low}" if low is not None else f"at most {high}")
            rule(span.replace("an integer ", ""), is_type("number", v), " && ".join(bounds), f"is out of range; allowed: {span}")

        # mappings
        props = node.get("properties")
        obj = is_type("object", v)
        for keyword, op in (("minProperties", ">="), ("maxProperties", "<=")):
            if keyword in node:
                if "x-allowed" not in node:
                    raise NotImplementedError(f"{'.'.join(path)}: {keyword} needs x-allowed, the words of its message")
                rule(f"{keyword} {node[keyword]}", obj, f"length(keys({v})) {op} {node[keyword]}",
                     f"is invalid; allowed: {_text(node['x-allowed'])}")
        if props is not None and node.get("additionalProperties") is False:
            known = list(props)
            extra = f"setsubtract(keys({v}), {hcl.literal(known)})"
            # a line per unknown key, as the composer names each
            listed = (f'try(({_all([guard, obj])}) ? [for k in sort({extra}) : "{label}.${{k}}: unknown key; '
                      f'allowed keys here: {_text(", ".join(known))}"] : [], [])')
            self.add(f"{dotted}: no other keys", f"length({listed}) == 0", listed, many=True)
        self.required(node, path, v, label, _all([guard, outer, obj]), when)
        for key, sub in (props or {}).items():
            here = path + [key]
            # a key without a default is checked only when it is set
            present = (None if self.default_at(here) is not _MISSING
                       else f"try(contains(keys({v}), {hcl.string(key)}), false)")
            secret = bool(schema.resolve(sub).get("writeOnly"))
            self.node(sub, here, self.accessor(here, secret), f"{label}.{key}", _all([guard, present]) or None, when=when,
                      outer=_all([outer, obj]))
        extra_schema = node.get("additionalProperties")
        if isinstance(extra_schema, dict) or "propertyNames" in node:
            if props:
                raise NotImplementedError(f"{'.'.join(path)}: a mapping with both properties and free-form keys "
                                          "has no Terraform check yet")
            self.entries(node, path, v, label, _all([guard, obj]))

        # lists: each item
        items = node.get("items")
        if isinstance(items, dict):
            self.items(schema.resolve(items), path, v, label, _all([guard, is_type("array", v)]))

        # if/then on this mapping's own keys
        cond_if, then = node.get("if"), node.get("then")
        if cond_if and then:
            odd = (set(cond_if) - {"properties"}) | (set(then) - {"properties", "required"}) | {
                k for sub in cond_if.get("properties", {}).values() for k in sub if k != "const"}
            if odd:
                raise NotImplementedError(f"{'.'.join(path)}: if/then with {sorted(odd)} has no Terraform check yet")
            tests, words = [], []
            for key, sub in cond_if.get("properties", {}).items():
                tests.append(f"try({self.accessor(path + [key])} == {hcl.literal(sub['const'])}, false)")
                words.append(f"{'.'.join(path + [key])} is {json.dumps(sub['const'])}")
            test = " && ".join(tests)
            inner = f"{guard} && {test}" if guard else test
            self.required(then, path, v, label, _all([inner, outer, obj]), " and ".join(words))
            for key, sub in then.get("properties", {}).items():
                self.node(sub, path + [key], self.accessor(path + [key]), f"{label}.{key}", inner,
                          when=" and ".join(words), outer=_all([outer, obj]))

    def required(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str, when: str) -> None:
        """`required` keys; one with a default is always there once defaults are filled in."""
        for key in node.get("required", []):
            if self.default_at(path + [key]) is not _MISSING:
                continue
            sub = schema.resolve(node.get("properties", {}).get(key, {}))
            words = sub.get("x-message", "this setting is required")
            self.add(f"{self.dotted(path + [key])}: set" + (f" (when {when})" if when else ""),
                     f"!({guard}) || try(contains(keys({v}), {hcl.string(key)}), false)",
                     f'"{label}.{key}: missing; {_text(words)}"')

    def _each(self, v: str, key: str, item: str, guard: str, rules: list[Rule]) -> None:
        """``rules`` of one entry (``key``, ``item``), for every entry of the collection ``v``:
        each becomes the list of the lines of all entries that break it. ``guard`` (about the
        collection, not an entry) is evaluated once, outside the loop: it may encode the
        whole collection, which is slow to do for every entry."""
        for sub in rules:
            if sub.many:
                loop = f"flatten([for {key}, {item} in {v} : {sub.message}])"
            else:
                loop = f"[for {key}, {item} in {v} : {sub.message} if !({sub.condition})]"
            listed = f"try(({guard}) ? {loop} : [], [])"
            self.add(sub.setting, f"length({listed}) == 0", listed, many=True)

    def entries(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str) -> None:
        """Rules for every key (propertyNames) and value (additionalProperties) of the
        free-form mapping ``v``, each naming the entries that break it."""
        depth = self.depth + 1
        key, item = f"k{depth}", f"x{depth}"
        names = node.get("propertyNames")
        if names:
            probe = _Walker(key, None, depth)
            probe.node(names, [], key, "NAME")
            if any(r.many for r in probe.rules):
                raise NotImplementedError(f"{'.'.join(path)}: propertyNames beyond a string have no Terraform check")
            words = _text(_allowed(schema.resolve(names)))
            self._each(v, key, item, guard, [Rule(
                f"{self.dotted(path)}.*: a valid name", " && ".join(f"({r.condition})" for r in probe.rules),
                f'"{label}.${{{key}}}: ${{{show(key)}}} is an invalid name; allowed: {words}"')])
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            extra = schema.resolve(extra)
            # an entry that is a mapping of settings takes its defaults key by key
            # (composer.schema.fill_entry_defaults); other entries are taken as they are
            defaults = schema.defaults(extra) if extra.get("type") == "object" else _MISSING
            probe = _Walker(item, defaults, depth)
            probe.node(extra, [], item, f"{label}.${{{key}}}")
            for r in probe.rules:
                r.setting = f"{self.dotted(path)}.{r.setting}"
            self._each(v, key, item, guard, probe.rules)

    def items(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str) -> None:
        """Rules for every item of the list ``v``, each naming the items that break it."""
        depth = self.depth + 1
        index, item = f"i{depth}", f"x{depth}"
        probe = _Walker(item, _MISSING, depth)
        probe.node(node, [], item, f"{label}[${{{index}}}]")
        for r in probe.rules:
            r.setting = f"{self.dotted(path)}[*]{r.setting[1:]}"
        self._each(v, index, item, guard, probe.rules)


def rules_for(top: str) -> list[Rule]:
    root = schema.load()
    walker = _Walker()
    node = root["properties"][top]
    walker.node(node, [top], f"var.{top}", top)
    return walker.rules


# -- variable blocks --------------------------------------------------------------------------

def description(node: dict[str, Any]) -> str:
    node = schema.resolve(node)
    text = node.get("description", "")
    if not text and node.get("properties"):
        text = "Settings: " + ", ".join(node["properties"]) + "."
    if node.get("x-allowed"):
        text += f" Allowed: {node['x-allowed']}."
    return text


def top_level() -> list[tuple[str, dict[str, Any], Any]]:
    """(name, schema node, default) of every top-level setting, in schema order."""
    root = schema.load()
    defaults = schema.defaults()
    out = []
    for key, node in root["properties"].items():
        default = defaults.get(key)
        if key == "namespace":
            default = NAMESPACE_DEFAULT
        out.append((key, node, default))
    return out


def module_variables() -> str:
    """variables.tf of the module: every setting with its default and checks."""
    chunks = [HEADER,
              "# One variable per top-level setting: the names, nesting and defaults of\n"
              "# docs/settings.md. Nested keys left out take their defaults one by one. Every\n"
              "# check of the settings schema is a validation block below, with its wording.\n"]
    for key, node, default in top_level():
        desc = description(node)
        if key == "namespace":
            desc += ' Terraform: empty or "default" both mean the namespace `default`.'
        block = hcl.Block("variable", (key,))
        block.attr("description", hcl.string(desc))
        block.attr("type", "any")
        block.attr("default", hcl.literal(default, 1))
        block.attr("nullable", "false")
        block.blank()
        block.block(validation(rules_for(key)))
        chunks.append(block.render())
    for key, spec in MODULE_ONLY.items():
        chunks.append(_plain_variable(key, spec))
    return "\n".join(chunks)


def validation(rules: list[Rule]) -> hcl.Block:
    """One validation block for all rules of a variable, whose message lists every rule the
    value breaks, one per line: all problems at once, as the composer reports them (a
    block per rule would show only the first that fails on OpenTofu)."""
    pad = hcl.INDENT * 3
    conditions, messages = [], []
    for rule in rules:
        conditions.append(f"{pad}# {rule.setting}\n{pad}{rule.condition},\n")
        # a rule over the entries of a mapping or items of a list has a line per entry
        messages.append(f"{pad}{rule.message},\n" if rule.many else f"{pad}{rule.condition} ? \"\" : {rule.message},\n")
    block = hcl.Block("validation")
    block.attr("condition", "alltrue([\n" + "".join(conditions) + hcl.INDENT * 2 + "])")
    if any(rule.many for rule in rules):
        block.attr("error_message",
                   'join("\\n", sort(distinct(compact(flatten([\n' + "".join(messages) + hcl.INDENT * 2 + "])))))")
    else:
        block.attr("error_message", 'join("\\n", sort(compact([\n' + "".join(messages) + hcl.INDENT * 2 + "])))")
    return block


def _plain_variable(key: str, spec: dict[str, Any]) -> str:
    block = hcl.Block("variable", (key,))
    block.attr("description", hcl.string(spec["description"]))
    block.attr("type", spec["type"])
    block.attr("default", hcl.literal(spec["default"]))
    if spec["default"] is not None:
        block.attr("nullable", "false")
    return block.render()


def root_variables() -> str:
    """variables.tf of the root configuration: the same settings, passed to the module,
    which fills in defaults and checks them (null: the module's default)."""
    chunks = [HEADER,
              "# The settings (docs/settings.md), passed to modules/realtime-svg unchanged: it\n"
              "# holds their defaults and checks. null (or leaving one out) means the default.\n"]
    for key, node, default in top_level():
        block = hcl.Block("variable", (key,))
        block.attr("description", hcl.string(description(node) + f" Default: {json.dumps(default)}."))
        block.attr("type", "any")
        block.attr("default", "null")
        chunks.append(block.render())
    for key, spec in ROOT_ONLY.items():
        chunks.append(_plain_variable(key, spec))
    return "\n".join(chunks)


def module_arguments() -> list[tuple[str, str]]:
    """(argument, expression) of the root's module block."""
    return [(key, f"var.{key}") for key, _, _ in top_level()]


# -- the settings with defaults filled in ------------------------------------------------------

def settings_locals() -> str:
    """settings.tf of the module: `local.settings`, every setting with defaults filled in
    key by key (composer.schema.deep_merge over composer.schema.defaults), and each entry of
    a mapping of workloads over the defaults of a workload (composer.schema.fill_entry_defaults)."""
    root = schema.load()
    defaults = schema.defaults()
    lines = [HEADER,
             "# local.settings: the settings with every key a caller left out set to its default,\n"
             "# as `python -m composer` merges a settings file over the schema's defaults; each\n"
             "# workload takes the defaults of a workload the same way.\n",
             "locals {\n", "  settings = {\n"]
    body = []
    for key, node in root["properties"].items():
        body.append((key, _merged(schema.resolve(node), ["var", key], defaults.get(key), 2)))
    lines.extend(hcl._aligned(body, "    "))
    lines.append("  }\n}\n")
    return "".join(lines[:2]) + "\n" + "".join(lines[2:])


def _merged(node: dict[str, Any], path: list[str], default: Any, level: int, depth: int = 0) -> str:
    """The value at ``path`` (an HCL reference: `var.<setting>...` or an entry's name and
    keys), with the defaults of ``node`` filled in key by key."""
    props = node.get("properties")
    if props:
        inner = hcl.INDENT * (level + 1)
        pairs = []
        for key, sub in props.items():
            sub_default = default.get(key) if isinstance(default, dict) else None
            pairs.append((hcl.key(key), _merged(schema.resolve(sub), path + [key], sub_default, level + 1, depth)))
        return "{\n" + "".join(hcl._aligned(pairs, inner)) + hcl.INDENT * level + "}"
    ref = ".".join(path)
    if len(path) > 2 or (depth and len(path) > 1):
        ref = f"try({ref}, {_fallback(default)})"
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and schema.resolve(extra).get("type") == "object":
        # a mapping of entries that have settings of their own (workloads.<name>)
        extra = schema.resolve(extra)
        key, item = f"k{depth + 1}", f"x{depth + 1}"
        pad = hcl.INDENT * (level + 1)
        entry = _merged(extra, [item], schema.defaults(extra), level + 1, depth + 1)
        return f"{{\n{pad}for {key}, {item} in {ref} : {key} => {entry}\n{hcl.INDENT * level}}}"
    return ref
