"""The illustrative national data set reproduces Sơn La's published 2025 position exactly."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from chiso.core import builtin, compute, read_dataset
from chiso.demo.illustrative import CAPITAL, HOME, YEAR, generate
from chiso.demo.published import son_la_2025

EXAMPLE = resources.files("chiso") / "examples" / "pii-2025-illustrative.csv"


@pytest.fixture(scope="module")
def shipped():
    with resources.as_file(EXAMPLE) as path:
        return read_dataset(path, builtin("pii-2025"))


@pytest.fixture(scope="module")
def result(shipped):
    return compute(shipped).year(YEAR)


def test_the_shipped_file_is_what_the_generator_makes(shipped):
    fresh = generate().year(YEAR)
    ship = shipped.year(YEAR)
    assert ship.units == fresh.units and ship.names == fresh.names
    np.testing.assert_allclose(ship.values, fresh.values, rtol=1e-9)


def test_all_34_official_provinces(result, shipped):
    assert len(result.units) == 34
    assert all(code is not None for code in shipped.year(YEAR).official)


def test_son_la_indicator_scores_and_ranks_are_the_published_ones(result):
    published = son_la_2025()
    for code in result.framework.indicators:
        assert round(result.score(HOME, code), 2) == pytest.approx(published[code]["score"]), code
        assert result.rank(HOME, code) == published[code]["rank"], code


def test_son_la_group_and_pillar_scores_and_pillar_ranks(result):
    published = son_la_2025()
    for code, v in published.items():
        if not result.framework.is_indicator(code):
            assert result.score(HOME, code) == pytest.approx(v["score"], abs=0.01 + 1e-9), code
    assert [result.rank(HOME, p) for p in "1234567"] == [31, 33, 26, 29, 33, 23, 28]
    assert result.score(HOME, "PII") == pytest.approx(29.33, abs=0.01)


def test_treatment_leaves_every_indicator_untouched(result):
    assert {r.action for r in result.treatment} == {"passed"}


def test_hanoi_first(result):
    assert result.rank(CAPITAL, "PII") == 1


PUBLISHED_2025 = [  # press reports of MOST's PII 2025 results (DESIGN §7)
    ("01", 65.68, 1),  # Hà Nội
    ("79", 59.33, 2),  # TP. Hồ Chí Minh
    ("22", 58.41, 3),  # Quảng Ninh
    ("31", 58.09, 4),  # Hải Phòng
    ("46", 49.37, 5),  # Huế
    ("52", 37.66, 21),  # Gia Lai
    ("14", 29.33, 23),  # Sơn La
]


@pytest.mark.parametrize(("unit", "score", "rank"), PUBLISHED_2025)
def test_the_national_ranking_shows_the_published_figures(result, unit, score, rank):
    assert round(result.score(unit, "PII"), 2) == pytest.approx(score)
    assert result.rank(unit, "PII") == rank


def test_hue_input_output_and_lang_son_29th(result):
    assert round(result.score("46", "INPUT"), 2) == pytest.approx(51.50)
    assert round(result.score("46", "OUTPUT"), 2) == pytest.approx(47.23)
    assert result.rank("20", "PII") == 29
    names = dict(zip(result.units, result.names, strict=True))
    assert names["46"] == "Huế" and names["20"] == "Lạng Sơn" and names["52"] == "Gia Lai"
