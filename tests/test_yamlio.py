"""The composer's YAML is read back by Go (kustomize, Helm, kubectl) as the same strings.

Found by CI: a connection digest `60084e39` was written plain, and kustomize (YAML 1.2)
read it as the float 6.0084e+43, so the pod annotation differed from Helm's.
Found by hypothesis: kustomize writes `.0_` plain (a string to Go), PyYAML read it as 0.0, so the
composer reads what Go wrote with yamlio.load_all (numbers only in the forms Go reads as numbers).
"""
from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import given, settings, strategies as st

from composer import kustomize, yamlio

# strings that look like numbers, booleans or null to some YAML reader, and some that do not
TRICKY = ["60084e39", "1e5", "1E+5", "0e1", ".5", "-.5e3", "0o17", "0x1F", "017", "1_000", "12:30", "190:20:30",
          "y", "Y", "n", "N", "yes", "No", "on", "OFF", "true", "False", "null", "~", ".inf", "-.Inf", ".NaN",
          "8080", "1.5", ".0_", "_1", "1_", "1e310", "-1e400", "2001-12-14", "0o1_7", "", "abc", "v1.2", "16-alpine", "3.0-alpine", "e39", "0.0.0", "1e", "x1e5"]

digest_like = st.text(alphabet="0123456789abcdef", min_size=1, max_size=8)
number_like = st.text(alphabet=string.digits + "eE.+-_:oxb", min_size=1, max_size=8)


def _kustomize_reads(values: list[str], tmp: Path) -> list[str]:
    """What kustomize reads back from a ConfigMap the composer's YAML writer wrote."""
    data = {f"k{i}": v for i, v in enumerate(values)}
    (tmp / "cm.yaml").write_text(yamlio.dump({"apiVersion": "v1", "kind": "ConfigMap",
                                              "metadata": {"name": "x", "annotations": data}, "data": data}))
    (tmp / "kustomization.yaml").write_text(yamlio.dump({"resources": ["cm.yaml"]}))
    built = yamlio.load(kustomize.build(tmp))
    got = built["data"], built["metadata"]["annotations"]
    return [[d.get(f"k{i}") for i in range(len(values))] for d in got]


def test_strings_that_look_like_numbers_stay_strings(tmp_path):
    data, annotations = _kustomize_reads(TRICKY, tmp_path)
    assert data == TRICKY
    assert annotations == TRICKY


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.one_of(digest_like, number_like), min_size=50, max_size=50))
def test_generated_digests_stay_strings(values, tmp_path_factory):
    data, annotations = _kustomize_reads(values, tmp_path_factory.mktemp("y"))
    assert data == values and annotations == values


# -- libyaml's emitter writes what the Python emitter writes ---------------------------------------
# yamlio.dump uses libyaml (CSafeDumper) for speed where both emitters write the same bytes; the
# Python emitter stays the reference. Any character, any nesting, any length around the line width.
scalar_text = st.one_of(st.text(max_size=30), st.text(alphabet=" :#-'\"{}[]&*!|>%@`?,abc019.eE+_\n\t", max_size=30),
                        st.text(alphabet="ab :\n", min_size=190, max_size=210),
                        st.text(alphabet="aé中 :", min_size=30, max_size=140),
                        st.text(alphabet="ab :\n", min_size=990, max_size=1010))
yaml_data = st.recursive(
    st.one_of(scalar_text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(scalar_text, st.integers()), children, max_size=4)),
    max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(data=st.one_of(st.dictionaries(scalar_text, yaml_data, max_size=4), st.lists(yaml_data, max_size=4)))
def test_libyaml_writes_what_the_python_emitter_writes(data):
    if yamlio.GoCSafeDumper is None:  # PyYAML without libyaml: only the Python emitter is used
        assert yamlio.dump(data) == yamlio.dump(data, pure=True)
        return
    fast = yaml.dump(data, Dumper=yamlio.GoCSafeDumper, sort_keys=False, default_flow_style=False, width=1000,
                     allow_unicode=True)
    if yamlio.libyaml_emits_alike(data):
        assert fast == yamlio.dump(data, pure=True)
    assert yamlio.dump(data) == yamlio.dump(data, pure=True)
