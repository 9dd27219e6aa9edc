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


# -- the same rules as data ------------------------------------------------------------------
#
# The rules above, written out one by one, repeat the same expressions for every key path (the
# value, its type, how it is shown) and once more in the message. Below, the same checks are
# data: a list of the values to check (the instances: a key path's words, its value, when its
# rules apply, and which shape of rules it has) and a table of the shapes of rules, deduplicated
# (every boolean is checked alike); one expression, the same for every instance, gives the
# lines of the rules an instance breaks. A variable takes whichever form is shorter; both say
# the same words for the same values.

def _type_of(v: str) -> str:
    """The JSON Schema type of ``v``: object, array, string, boolean, null, integer or number;
    a mapping or a list is not encoded to tell (each case is the filter of a for-expression)."""
    obj, arr = "can(keys(x))", "can(length(x)) && !can(tostring(x))"
    scalar = ('lookup({ "\\"" = "string", t = "boolean", f = "boolean", n = "null" }, substr(jsonencode(x), 0, 1), '
              'can(regex("^-?[0-9]+$", jsonencode(x))) ? "integer" : "number")')
    return (f'concat([for x in [{v}] : "object" if {obj}], [for x in [{v}] : "array" if !{obj} && {arr}], '
            f'[for x in [{v}] : {scalar} if !{obj} && !({arr})])[0]')


_KIND_OF = ('lookup({ string = "a string", object = "a mapping", array = "a list", boolean = "a boolean", '
            '"null" = "null", integer = "an integer", number = "a number" }, t)')

# Each kind of rule as a field of a shape (see _Shapes.add): what it checks of the instance
# `c` (its value c.v, of type t) given the field's value `a`, true when the value breaks it;
# and the words after the value (but for a custom message, the shape's `m`). A kind is
# looked at only for the shapes that have it: an empty list is all the others cost.
_KINDS = {
    "t": ('!(contains(a, t) || t == "integer" && contains(a, "number"))',
          'is ${KIND}; allowed: ${join(" or ", [for y in a : NAMES[y]])}'),
    "e": ("!try(contains(a, c.v), false)", 'is not allowed; allowed: one of ${join(", ", a)}'),
    "p": ('t == "string" && !try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0), false)',
          "is invalid; allowed: ${S.w}"),
    "x": ('t == "string" && !try(length(c.v) <= a, false)', "is too long; allowed: ${S.w}"),
    "b": ('contains(["integer", "number"], t) && !try(c.v >= coalesce(a[0], c.v) && c.v <= coalesce(a[1], c.v), false)',
          'is out of range; allowed: ${a[0] == null ? "at most ${a[1]}" : a[1] == null ? "at least ${a[0]}" : '
          '"an integer from ${a[0]} to ${a[1]}"}'),
    "P": ('t == "object" && !try(length(keys(c.v)) >= a, false)', "is invalid; allowed: ${S.w}"),
    "Q": ('t == "object" && !try(length(keys(c.v)) <= a, false)', "is invalid; allowed: ${S.w}"),
    "n": ("!try((a[0] == null || can(regex(a[0], c.v))) && length(c.v) >= coalesce(a[1], 0) "
          "&& length(c.v) <= coalesce(a[2], length(c.v)), false)", "is an invalid name; allowed: ${S.w}"),
}


class _Shapes:
    """The distinct shapes of rules of one variable, in the order first met."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.texts: list[str] = []
        self.bare: list[str] = []
        self.kinds: set[str] = set()
        self.hidden: set[int] = set()

    def add(self, rules: list[dict[str, Any]], hide: int = 0, plain: list[str] | None = None,
            words: str | None = None) -> int:
        """The index of the shape of ``rules``: an object with a field per kind of rule
        (t: the types; e: the options; p: [pattern, minLength]; x: maxLength; b: [minimum,
        maximum]; P, Q: min/maxProperties; n: [pattern, minLength, maxLength] of a key; u:
        the known keys; r: the required keys, rm: the words of those that have their own),
        m: a custom message, w: the allowed words, h: 1 a secret, 2 holds one (q: the keys
        that are not)."""
        checks: dict[str, Any] = {}
        said: dict[str, Any] = {}
        for rule in rules:
            k = rule["k"]
            self.kinds.add(k)
            if k in ("p", "b"):
                checks[k] = [rule["a"], rule["b"]]
            elif k == "n":
                checks[k] = [rule["a"], rule["b"], rule["c"]]
            elif k == "r":
                checks.setdefault("r", []).append(rule["a"])
                if "m" in rule:
                    said.setdefault("rm", {})[rule["a"]] = rule["m"]
                continue
            else:
                checks[k] = rule["a"]
            if "m" in rule:
                said["m"] = rule["m"]
        if words is not None and "m" not in said:
            said["w"] = words
        if hide:
            checks["h"] = hide
        if hide == 2:
            said["q"] = plain

        def text(fields: dict[str, Any]) -> str:
            return "{ " + ", ".join(f"{name} = {_inline(value)}" for name, value in fields.items()) + " }"

        full = text({**checks, **said})
        if full not in self.index:
            self.index[full] = len(self.texts)
            self.texts.append(full)
            # what the condition needs: the checks without their words
            self.bare.append(text(checks))
        self.hidden.add(hide)
        return self.index[full]


def _inline(value: Any) -> str:
    """An HCL literal on one line."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{hcl.key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return hcl.literal(value)


@dataclass
class _Loop:
    """The instances of every entry of a mapping (or item of a list) ``v``, when ``guard``."""
    key: str
    item: str
    v: str
    guard: str
    body: list[Any]


class _Collector(_Walker):
    """The instances of the values under one root, as _Walker finds the rules of them."""

    def __init__(self, shapes: _Shapes, root: str | None = None, defaults: Any = _MISSING, depth: int = 0) -> None:
        super().__init__(root, defaults, depth)
        self.shapes = shapes
        self.body: list[Any] = []
        self.props: list[str] = []  # the instances named by a key path below the root
        self.depth_below = 0
        self.base = self.top = ""

    def instance(self, label: str, v: str, rules: list[dict[str, Any]], guard: str | None, outer: str | None = None,
                 hide: int = 0, plain: list[str] | None = None, words: str | None = None,
                 path: list[str] | None = None) -> None:
        """An instance; one at a key path below the root (``path``) names that path, and the
        value and words of it are worked out from the path (see _render_body)."""
        if not rules:
            return
        below = path[1:] if self.root is None else path
        if below:
            fields = [f"p = {hcl.literal(below)}"]
            default = self.default_at(path)
            if default is not _MISSING and default is not None:
                fields.append(f"d = {_fallback(default)}")
        else:
            self.base, self.top = label, v
            fields = [f'l = "{label}"', f"v = {v}"]
        if guard:
            fields.append(f"g = {guard}")
        if outer and any(r["k"] == "r" for r in rules):
            fields.append(f"o = {outer}")
        fields.append(f"s = {self.shapes.add(rules, hide, plain, words)}")
        text = "{ " + ", ".join(fields) + " }"
        if below:
            self.props.append(text)
            self.depth_below = max(self.depth_below, len(below))
        else:
            self.body.append(text)

    def raw(self, path: list[str]) -> str | None:
        """The reference to the setting at ``path`` without a default (None: no traversal)."""
        parts = path if self.root is None else [self.root] + path
        if self.root is None:
            parts = ["var"] + parts
        if not all(hcl.IDENTIFIER.match(p) and "-" not in p for p in parts[1:]):
            return None
        return ".".join(parts)

    def scope(self) -> list[Any]:
        """The instances under the root: those named by a key path take their words (the
        root's, then the path) and their value (the setting there, else its default) here."""
        if not self.props:
            return self.body
        d = "try(c.d, null)"
        values = ", ".join(f"try({self.top}{''.join(f'[c.p[{i}]]' for i in range(n + 1))}, {d})"
                           for n in range(self.depth_below))
        value = f"[{values}][length(c.p) - 1]" if self.depth_below > 1 else values
        props = "".join(f"{t},\n" for t in self.props)
        return [_Props(props, f'merge(c, {{ l = "{self.base}.${{join(".", c.p)}}", v = {value} }})')] + self.body

    def required_rules(self, node: dict[str, Any], path: list[str]) -> list[dict[str, Any]]:
        rules = []
        for key in node.get("required", []):
            if self.default_at(path + [key]) is not _MISSING:
                continue
            sub = schema.resolve(node.get("properties", {}).get(key, {}))
            rules.append({"k": "r", "a": key, **({"m": sub["x-message"]} if "x-message" in sub else {})})
        return rules

    def node(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str | None = None,
             when: str = "", outer: str | None = None) -> None:
        node = schema.resolve(node)
        unknown = set(node) - KEYWORDS
        if unknown:
            raise NotImplementedError(f"{'.'.join(path)}: schema keyword(s) {sorted(unknown)} have no Terraform "
                                      "check in composer/terraform/variables.py")
        custom = node.get("x-message")
        # the words of a rule are worked out from the rule by _check (as the rules above word
        # them), but for a custom message (x-message), kept as it is
        mine = {} if custom is None else {"m": custom}
        rules: list[dict[str, Any]] = []
        types = node.get("type")
        if types:
            rules.append({"k": "t", "a": types if isinstance(types, list) else [types], **mine})
        if "enum" in node:
            if not all(isinstance(o, str) or type(o) is int for o in node["enum"]):
                raise NotImplementedError(f"{'.'.join(path)}: an enum of other than strings and integers")
            rules.append({"k": "e", "a": node["enum"], **mine})
        if "pattern" in node or "minLength" in node:
            rules.append({"k": "p", "a": node.get("pattern"), "b": node.get("minLength"), **mine})
        if "maxLength" in node:
            rules.append({"k": "x", "a": node["maxLength"], **mine})
        low, high = node.get("minimum"), node.get("maximum")
        if low is not None or high is not None:
            if not all(b is None or type(b) is int for b in (low, high)):
                raise NotImplementedError(f"{'.'.join(path)}: bounds other than integers")
            rules.append({"k": "b", "a": low, "b": high, **mine})
        for keyword, kind in (("minProperties", "P"), ("maxProperties", "Q")):
            if keyword in node:
                if "x-allowed" not in node:
                    raise NotImplementedError(f"{'.'.join(path)}: {keyword} needs x-allowed, the words of its message")
                rules.append({"k": kind, "a": node[keyword], **mine})
        words = _allowed(node) if any(r["k"] in "pxPQ" and "m" not in r for r in rules) else None
        props = node.get("properties")
        obj = is_type("object", v)
        if props is not None and node.get("additionalProperties") is False:
            rules.append({"k": "u", "a": list(props)})
        rules += self.required_rules(node, path)
        hide = 1 if node.get("writeOnly") else 2 if holds_secret(node) else 0
        plain = [k for k, sub in node.get("properties", {}).items() if not holds_secret(sub)] if hide == 2 else None
        self.instance(label, v, rules, guard, outer, hide, plain, words, path)
        for key, sub in (props or {}).items():
            here = path + [key]
            secret = bool(schema.resolve(sub).get("writeOnly"))
            # a key without a default is checked only when it is set; can(<the key>) says
            # so (it is set in a mapping) but for a secret, whose value OpenTofu would print
            sub_guard = guard
            if self.default_at(here) is _MISSING:
                raw = self.raw(here)
                if secret or raw is None:
                    sub_guard = _all([guard, f"try(contains(keys({v}), {hcl.string(key)}), false)"])
                elif guard and guard == f"can({self.raw(path)})":
                    sub_guard = f"can({raw})"  # set below a key that is set
                else:
                    sub_guard = _all([guard, f"can({raw})"])
            self.node(sub, here, self.accessor(here, secret), f"{label}.{key}", sub_guard or None,
                      when=when, outer=_all([outer, obj]))
        extra_schema = node.get("additionalProperties")
        if isinstance(extra_schema, dict) or "propertyNames" in node:
            if props:
                raise NotImplementedError(f"{'.'.join(path)}: a mapping with both properties and free-form keys "
                                          "has no Terraform check yet")
            self.entries(node, path, v, label, _all([guard, obj]))
        items = node.get("items")
        if isinstance(items, dict):
            self.items(schema.resolve(items), path, v, label, _all([guard, is_type("array", v)]))
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
            self.instance(label, v, self.required_rules(then, path), inner, _all([outer, obj]), hide, plain, path=path)
            for key, sub in then.get("properties", {}).items():
                self.node(sub, path + [key], self.accessor(path + [key]), f"{label}.{key}", inner,
                          when=" and ".join(words), outer=_all([outer, obj]))

    def entries(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str) -> None:
        depth = self.depth + 1
        key, item = f"k{depth}", f"x{depth}"
        inner = _Collector(self.shapes, item, _MISSING, depth)
        names = node.get("propertyNames")
        if names:
            names = schema.resolve(names)
            odd = set(names) - {"type", "pattern", "minLength", "maxLength", "x-allowed", "description", "title"}
            if odd or names.get("type", "string") != "string":
                raise NotImplementedError(f"{'.'.join(path)}: propertyNames beyond a string have no Terraform check")
            rule = {"k": "n", "a": names.get("pattern"), "b": names.get("minLength"), "c": names.get("maxLength")}
            inner.instance(f"{label}.${{{key}}}", key, [rule], None, words=_allowed(names), path=[])
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            extra = schema.resolve(extra)
            inner.defaults = schema.defaults(extra) if extra.get("type") == "object" else _MISSING
            inner.node(extra, [], item, f"{label}.${{{key}}}")
        self.body.append(_Loop(key, item, v, guard, inner.scope()))

    def items(self, node: dict[str, Any], path: list[str], v: str, label: str, guard: str) -> None:
        depth = self.depth + 1
        index, item = f"i{depth}", f"x{depth}"
        inner = _Collector(self.shapes, item, _MISSING, depth)
        inner.node(node, [], item, f"{label}[${{{index}}}]")
        # (a for-expression over anything but a list or a mapping fails, and gives no instances)
        guard = guard.replace(is_type("array", v), f"!can(keys({v}))")
        self.body.append(_Loop(index, item, v, guard, inner.scope()))


@dataclass
class _Props:
    """Instances named by a key path, and the expression that completes each (`c`)."""
    text: str
    each: str


def _render_body(body: list[Any], level: int) -> str:
    pad = hcl.INDENT * level
    out = []
    for part in body:
        if isinstance(part, _Props):
            inner = "".join(f"{pad}{hcl.INDENT}{line}\n" for line in part.text.splitlines())
            out.append(f"{pad}[for c in [\n{inner}{pad}] : {part.each}],\n")
        elif isinstance(part, _Loop):
            out.append(f"{pad}try([for {part.key}, {part.item} in {part.v} : [\n"
                       + _render_body(part.body, level + 1)
                       + f"{pad}] if {part.guard}], []),\n")
        else:
            out.append(f"{pad}{part},\n")
    return "".join(out)


def _check(shapes: _Shapes) -> tuple[str, str]:
    """The lines of every rule that the instance `c` breaks, with the words of the rules
    above (and, for the condition, a 1 for each); only the kinds of rules the variable has.
    Every check is the filter of a for-expression: HCL evaluates both sides of a
    conditional, and of && and ||, but a for-expression's value only for the items kept."""
    hidden = hcl.string(repr(HIDDEN))
    names = "{ " + ", ".join(f"{hcl.key(k) if k != 'null' else hcl.string(k)} = {hcl.string(n)}"
                             for k, n in _TYPE_NAMES.items()) + " }"
    shown = "jsonencode(c.v)"
    if 2 in shapes.hidden:
        redacted = (f'try(t == "object" ? replace(jsonencode(merge(c.v, {{ for k in keys(c.v) : k => {hidden} '
                    f'if !contains(S.q, k) }})), {hcl.string(json.dumps(repr(HIDDEN)))}, {hidden}) : '
                    f'(t == "array" ? {hidden} : jsonencode(c.v)), {hidden})')
        shown = f"try(S.h, 0) == 2 ? {redacted} : {shown}"
    if 1 in shapes.hidden:
        shown = f"try(S.h, 0) == 1 ? {hidden} : {shown}"
    show_text = f'[for j in [{shown}] : length(j) <= 80 ? j : "${{substr(j, 0, 77)}}..."][0]'

    def parts(count: bool) -> list[str]:
        out = []
        for k, (fails, words) in _KINDS.items():
            if k not in shapes.kinds:
                continue
            words = words.replace("KIND", _KIND_OF).replace("NAMES", names)
            out.append(f'[for a in try([S.{k}], []) : {"1" if count else f"try(S.m, {chr(34)}{words}{chr(34)})"} '
                       f"if {fails}]")
        values = (f"[for z in concat({', '.join(out)}) : {'1' if count else chr(34) + '${c.l}: ${' + show_text + '} ${z}' + chr(34)}]"
                  if out else None)
        out = [values] if values else []
        if "u" in shapes.kinds:
            out.append(f'[for k in try(sort(setsubtract(keys(c.v), S.u)), []) : '
                       f'{"1" if count else chr(34) + "${c.l}.${k}: unknown key; allowed keys here: ${join(chr(44) + chr(32), S.u)}" + chr(34)}]'
                       .replace("chr(44) + chr(32)", '", "'))
        if "r" in shapes.kinds:
            out.append(f'[for k in try(S.r, []) : '
                       f'{"1" if count else chr(34) + "${c.l}.${k}: missing; ${lookup(try(S.rm, {}), k, " + chr(34) + "this setting is required" + chr(34) + ")}" + chr(34)} '
                       f'if t == "object" && try(c.o, true) && !try(contains(keys(c.v), k), false)]')
        return out

    head = f"[for S in [T[c.s]] : [for t in [{_type_of('c.v')}] : concat(\n"
    return tuple(head + "".join(f"{p},\n" for p in parts(count)) + ")][0]][0]" for count in (False, True))


def _table(texts: list[str]) -> str:
    return "[\n" + "".join(f"{t},\n" for t in texts) + "]"


def _bracket_change(line: str) -> int:
    """The net count of brackets a line opens, as `tofu fmt` counts them (not those in
    strings; a template interpolation opens and closes on the line)."""
    net, i, modes = 0, 0, ["expr"]
    while i < len(line):
        ch, mode = line[i], modes[-1]
        if mode == "string":
            if ch == "\\":
                i += 1
            elif line.startswith("$${", i) or line.startswith("%%{", i):
                i += 2
            elif line.startswith("${", i) or line.startswith("%{", i):
                modes.append("interp")
                i += 1
            elif ch == '"':
                modes.pop()
        elif ch == '"':
            modes.append("string")
        elif ch == "#" and mode == "expr":
            break
        elif ch in "([{":
            modes.append("bracket")
            net += 1
        elif ch in ")]}":
            if modes[-1] == "interp":
                modes.pop()
            else:
                if modes[-1] == "bracket":
                    modes.pop()
                net -= 1
        i += 1
    return net


def _fmt_indent(text: str, level: int) -> str:
    """``text`` (an expression over several lines, the first after `name = `, at block
    nesting ``level``) indented as `tofu fmt` indents it (hclwrite's formatIndent)."""
    stack = [1] * level
    out = []
    for n, line in enumerate(text.split("\n")):
        line = line.strip()
        net = _bracket_change(line)
        if net < 0:
            closed = -net
            while closed > 0 and stack:
                if closed > stack[-1]:
                    closed -= stack.pop()
                elif closed < stack[-1]:
                    stack[-1] -= closed
                    closed = 0
                else:
                    stack.pop()
                    closed = 0
        out.append(line if n == 0 else hcl.INDENT * len(stack) + line)
        if net > 0:
            stack.append(net)
    return "\n".join(out)


def compact_validation(top: str) -> hcl.Block:
    """One validation block for all rules of a variable, as data (see above)."""
    shapes = _Shapes()
    walker = _Collector(shapes)
    walker.node(schema.load()["properties"][top], [top], f"var.{top}", top)
    instances = f"flatten([\n{_render_body(walker.scope(), 3)}{hcl.INDENT * 2}])"
    lines, broken = _check(shapes)
    block = hcl.Block("validation")
    # T, the table of shapes, is bound once (a for over a one-item list), not built per instance
    block.attr("condition", _fmt_indent(f"length([for T in [{_table(shapes.bare)}] : flatten([for c in {instances} : "
                                        f"{broken} if try(c.g, true)])][0]) == 0", 2))
    block.attr("error_message", _fmt_indent(f'join("\\n", sort(distinct([for T in [{_table(shapes.texts)}] : '
                                            f'flatten([for c in {instances} : {lines} if try(c.g, true)])][0])))', 2))
    return block


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
              "# check of the settings schema is in the validation block of its variable, with\n"
              "# its wording: written out one by one for a small setting; for a larger one, as\n"
              "# data (composer/terraform/variables.py): T, the distinct shapes of checks (t: the\n"
              "# types, e: the options, p: [pattern, minLength], x: maxLength, b: [minimum,\n"
              "# maximum], u: the known keys, r: the required ones, n: a key's [pattern,\n"
              "# minLength, maxLength], w or m: the words), and c, every value to check (l: its\n"
              "# key path, or p below the variable; v: its value, or d its default; g: when it\n"
              "# is checked; s: its shape in T), then one expression gives the lines of them.\n"]
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
        plain, compact = validation(rules_for(key)), compact_validation(key)
        block.block(compact if len(compact.render(1)) < len(plain.render(1)) else plain)
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
