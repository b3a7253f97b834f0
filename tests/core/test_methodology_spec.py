"""The methodology is complete and validated by the core: every setting's choices are the registries',
every method parameter is declared with its type and range (its default is the method's own), weight
overrides replace the framework's weights, and every refusal carries a code and parameters."""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from chiso.core import builtin, compute_values
from chiso.core.aggregate import AGGREGATIONS, MISSING_RULES
from chiso.core.errors import InputError
from chiso.core.normalise import NORMALISATIONS
from chiso.core.rank import TIE_RULES
from chiso.core.robustness import Variation, robustness
from chiso.core.solver import SolverTarget, solve_full
from chiso.core.spec import (
    AGGREGATE_PARAMETERS,
    CHOICES,
    DEFAULT,
    PARAMETERS,
    TREAT_PARAMETERS,
    Methodology,
    MethodologyError,
)
from chiso.core.treat import TREATMENTS

FW = builtin("pii-2025")


@pytest.fixture(scope="module")
def values():
    return np.random.default_rng(21).lognormal(0, 1, (20, 52))


def test_every_choice_comes_from_a_registry():
    assert dict(CHOICES) == {
        "treat": tuple(TREATMENTS),
        "normalise": tuple(NORMALISATIONS),
        "aggregate": tuple(AGGREGATIONS),
        "missing": tuple(MISSING_RULES),
        "ties": tuple(TIE_RULES),
    }
    for setting, choices in CHOICES:
        for choice in choices:
            assert getattr(Methodology(**{setting: choice}), setting) == choice


def test_declared_parameters_are_exactly_the_methods_keyword_parameters():
    for declared, registry in ((TREAT_PARAMETERS, TREATMENTS), (AGGREGATE_PARAMETERS, AGGREGATIONS)):
        assert set(declared) == set(registry)
        for method, params in declared.items():
            keyword_only = [
                p.name
                for p in inspect.signature(registry[method]).parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY
            ]
            assert [p.name for p in params] == keyword_only, method


def test_parameters_default_to_the_methods_and_equal_methodologies_are_equal():
    assert DEFAULT.parameters("treat_params") == {"skew_limit": 2.0, "kurt_limit": 3.5, "max_points": 5}
    assert Methodology(aggregate="geometric").parameters("aggregate_params") == {"floor": 0.01}
    explicit = Methodology(treat_params={"skew_limit": 2, "max_points": 5.0})
    assert explicit == DEFAULT and explicit.treat_params == {} and hash(explicit) == hash(DEFAULT)
    m = Methodology(treat_params={"max_points": 3.0, "kurt_limit": 4})
    assert m.treat_params == {"kurt_limit": 4.0, "max_points": 3}
    assert isinstance(m.treat_params["max_points"], int)


@pytest.mark.parametrize(
    ("spec", "code", "params"),
    [
        ({"treat": "magic"}, "methodology.choice", {"setting": "treat", "value": "magic"}),
        ({"ties": 1}, "methodology.choice", {"setting": "ties", "value": 1}),
        ({"colour": "red"}, "methodology.unknown_setting", {"names": ["colour"]}),
        ({"treat_params": {"skew": 1}}, "methodology.unknown_parameter", {"method": "gii", "name": "skew"}),
        ({"treat": "none", "treat_params": {"max_points": 2}}, "methodology.unknown_parameter", {"method": "none"}),
        ({"treat_params": {"max_points": 2.5}}, "methodology.parameter_type", {"name": "max_points", "whole": True}),
        ({"treat_params": {"skew_limit": "2"}}, "methodology.parameter_type", {"name": "skew_limit"}),
        ({"treat_params": {"skew_limit": True}}, "methodology.parameter_type", {"name": "skew_limit"}),
        ({"treat_params": {"skew_limit": 0}}, "methodology.parameter_range", {"name": "skew_limit", "low_open": True}),
        ({"treat_params": {"max_points": -1}}, "methodology.parameter_range", {"name": "max_points", "low": 0}),
        ({"treat_params": {"kurt_limit": float("nan")}}, "methodology.parameter_range", {"name": "kurt_limit"}),
        ({"aggregate": "geometric", "aggregate_params": {"floor": 0}}, "methodology.parameter_range", {}),
        ({"treat_params": [1]}, "methodology.not_a_mapping", {"setting": "treat_params"}),
        ({"weights": {"1": -1}}, "methodology.weight_value", {"node": "1", "value": -1}),
        ({"weights": {"1": float("inf")}}, "methodology.weight_value", {"node": "1"}),
        ({"weights": {"": 1}}, "methodology.weight_node", {}),
        ({"weights": 2}, "methodology.not_a_mapping", {"setting": "weights"}),
    ],
)
def test_refusals_carry_a_code_and_parameters(spec, code, params):
    with pytest.raises(MethodologyError) as info:
        Methodology.from_dict(spec)
    assert isinstance(info.value, InputError)
    assert info.value.code == code
    assert params.items() <= info.value.params.items()


def test_a_methodology_file_round_trips_and_a_bad_file_names_itself(tmp_path):
    m = Methodology(
        treat_params={"skew_limit": 2.5},
        aggregate="geometric",
        aggregate_params={"floor": 0.1},
        missing="zero",
        ties="worst",
        weights={"1": 2, "1.1": 0.5},
    )
    path = tmp_path / "m.json"
    m.write(path)
    assert Methodology.read(path) == m
    assert json.loads(path.read_text(encoding="utf-8"))["weights"] == {"1": 2.0, "1.1": 0.5}
    path.write_text('{"treat": "gii",', encoding="utf-8")
    with pytest.raises(MethodologyError, match=r"m\.json: not valid JSON") as info:
        Methodology.read(path)
    assert info.value.code == "methodology.not_json" and info.value.file == str(path)
    path.write_text('{"treat": "winsor"}', encoding="utf-8")
    with pytest.raises(MethodologyError, match=r"m\.json: treat must be one of gii, none") as info:
        Methodology.read(path)
    assert info.value.code == "methodology.choice"


def test_but_drops_the_parameters_of_a_method_it_replaces():
    m = Methodology(treat_params={"max_points": 3})
    assert m.but(treat="none").treat_params == {}
    assert m.but(ties="worst").treat_params == {"max_points": 3}
    assert m.but(treat="gii").treat_params == {"max_points": 3}


def test_weight_overrides_compute_as_the_reweighted_framework(values):
    weights = {"1": 3.0, "2.1": 0.0, "5.3.1": 2.5}
    m = Methodology(weights=weights)
    got = compute_values(FW, values, m)
    expected = compute_values(FW.with_weights(weights), values)
    assert_allclose(got.scores, expected.scores)
    assert_array_equal(got.ranks, expected.ranks)
    assert got.framework.node("1").weight == 3.0 and got.framework.name == FW.name
    assert not np.allclose(got.scores, compute_values(FW, values).scores)
    assert m.frame(FW) is m.frame(FW) and m.frame(m.frame(FW)) is m.frame(FW)  # cached, idempotent
    assert DEFAULT.frame(FW) is FW


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ({"9.9": 1}, "methodology.weight_node"),
        ({"PII": 2}, "methodology.weight_root"),
        ({"INPUT": 0, "OUTPUT": 0}, "methodology.weight_all_zero"),
    ],
)
def test_weights_that_do_not_fit_the_framework_are_refused(values, weights, code):
    m = Methodology(weights=weights)
    with pytest.raises(MethodologyError) as info:
        compute_values(FW, values, m)
    assert info.value.code == code


def test_method_parameters_reach_the_engine(values):
    base = compute_values(FW, values)
    strict = compute_values(FW, values, Methodology(treat_params={"max_points": 0}))
    assert {r.action for r in strict.treatment} <= {"passed", "log", "log (negative skew)", "too few values"}
    assert any(r.action == "winsorised" for r in base.treatment)
    geo = Methodology(aggregate="geometric")
    assert not np.allclose(
        compute_values(FW, values, geo).scores,
        compute_values(FW, values, geo.but(aggregate_params={"floor": 20.0})).scores,
    )


def test_the_solver_works_with_the_reweighted_framework(values):
    m = Methodology(weights={"1": 4.0})
    plan = solve_full(FW, values, 3, SolverTarget("PII", "rank", 2), None, m)
    assert plan.reachable
    check = values.copy()
    for ch in plan.changes:
        check[3, FW.indicators.index(ch["indicator"])] = ch["to"]
    assert compute_values(FW, check, m).rank("U4", "PII") <= 2


def test_robustness_variants_are_built_from_the_base_methodology():
    base = Methodology(treat_params={"max_points": 3}, missing="zero", ties="worst", weights={"1": 2.0})
    variants = Variation().variants(base)
    assert len(variants) == 8
    assert variants[(True, False, False)] == base
    none = variants[(False, True, True)]
    assert (none.treat, none.normalise, none.aggregate) == ("none", "zscore", "geometric")
    assert none.treat_params == {} and none.missing == "zero" and none.weights == {"1": 2.0}


def test_robustness_without_variation_keeps_the_base_methodology(values):
    m = Methodology(treat="none", missing="zero", weights={"1": 3.0, "6": 0.5})
    r = robustness(FW, values, runs=50, seed=2, variation=Variation(0.0, 0.0, 0.0, 0.0), methodology=m)
    nominal = compute_values(FW, values, m).ranks[:, FW.index["PII"]]
    assert_array_equal(r.nominal, nominal)
    assert_array_equal(r.median, nominal)
    assert_array_equal(r.p95, nominal)
    assert r.shares["gii_treatment"] == 0.0


def test_every_parameter_setting_is_declared():
    assert set(PARAMETERS) == {"treat_params", "aggregate_params"}
    assert set(Methodology.__dataclass_fields__) == {s for s, _ in CHOICES} | set(PARAMETERS) | {"weights"}
