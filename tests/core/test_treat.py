"""Outlier treatment: one hand-computed case per branch of the gii rule."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from chiso.core import treat
from chiso.core.treat import skew_kurt, treat_gii, treat_none


def run(values):
    out, records = treat_gii(np.array(values, dtype=float)[:, None], ["x"])
    return out[:, 0], records[0]


def test_skew_and_kurt_are_excels_skew_and_kurt():
    # {1,2,3,4,10}: mean 4, deviations -3,-2,-1,0,6, sample variance 50/4 = 12.5
    # SKEW = n/((n-1)(n-2)) * sum(d^3)/s^3 = 5/12 * 180/12.5^1.5
    # KURT = n(n+1)/((n-1)(n-2)(n-3)) * sum(d^4)/s^4 - 3(n-1)^2/((n-2)(n-3)) = 30/24 * 1394/156.25 - 8
    s, k, n = skew_kurt(np.array([[1.0], [2.0], [3.0], [4.0], [10.0]]))
    assert_allclose(s[0], 5 / 12 * 180 / 12.5**1.5)
    assert_allclose(k[0], 30 / 24 * 1394 / 156.25 - 8)
    assert round(s[0], 4) == 1.6971 and round(k[0], 4) == 3.152
    rng = np.random.default_rng(7)
    x = rng.lognormal(size=(40, 3))
    x[[3, 9], 1] = np.nan
    s, k, n = skew_kurt(x)
    for j in range(3):
        col = x[~np.isnan(x[:, j]), j]
        assert_allclose(s[j], stats.skew(col, bias=False))
        assert_allclose(k[j], stats.kurtosis(col, bias=False))
    assert n.tolist() == [40, 38, 40]


def test_passes_untouched():
    values = list(range(1, 11))
    out, rec = run(values)
    assert rec.action == treat.PASSED
    assert_allclose(out, values)


def test_passes_on_kurtosis_alone_though_skewed():
    # skew 2.03 >= 2 but kurtosis 2.58 < 3.5: the rule is "or"
    values = [*range(1, 11), 100, 100]
    out, rec = run(values)
    assert rec.skew >= 2 and rec.kurt < 3.5
    assert rec.action == treat.PASSED
    assert_allclose(out, values)


def test_winsorised_high():
    out, rec = run([*range(1, 11), 100])
    assert rec.action == treat.WINSORISED
    assert rec.changed == (10,)
    assert_allclose(out, [*range(1, 11), 10])
    assert abs(rec.skew_after) < 2 or rec.kurt_after < 3.5


def test_winsorised_low():
    out, rec = run([-100, *range(1, 11)])
    assert rec.action == treat.WINSORISED
    assert rec.changed == (0,)
    assert_allclose(out, [1, *range(1, 11)])


def test_ties_winsorised_together():
    out, rec = run([*range(1, 31), 100, 100])
    assert rec.action == treat.WINSORISED
    assert rec.changed == (30, 31)
    assert_allclose(out, [*range(1, 31), 30, 30])


def test_several_steps_count_every_unit_moved():
    # 1000 -> 8 (fails), then 8,8 -> 7 (fails), then 7,7,7 -> 6 (passes): three units moved
    out, rec = run([0] * 40 + [1, 2, 3, 4, 5, 6, 7, 8, 1000])
    assert rec.action == treat.WINSORISED
    assert rec.changed == (46, 47, 48)
    assert_allclose(out[-5:], [5, 6, 6, 6, 6])


def test_log_fallback_positive_skew():
    values = np.array([0] * 60 + [100, 101, 102, 103, 104, 105, 106], dtype=float)
    out, rec = run(values)
    assert rec.action == treat.LOG
    assert rec.changed == ()
    lo, hi = values.min(), values.max()
    assert_allclose(out, np.log(values - lo + 0.01 * (hi - lo)))


def test_log_fallback_negative_skew_is_mirrored_and_keeps_order():
    values = np.array([0] * 60 + [-100, -101, -102, -103, -104, -105, -106], dtype=float)
    out, rec = run(values)
    assert rec.action == treat.LOG_MIRRORED
    lo, hi = values.min(), values.max()
    assert_allclose(out, -np.log(hi - values + 0.01 * (hi - lo)))
    assert (np.argsort(out, kind="stable") == np.argsort(values, kind="stable")).all()


def test_a_tie_group_that_would_pass_five_points_falls_back_to_log():
    # seven tied maxima: moving them would change 7 > 5 units
    values = np.array([0] * 60 + [100] * 7, dtype=float)
    out, rec = run(values)
    assert rec.action == treat.LOG
    assert_allclose(out[-1], np.log(100 + 1.0))


def test_too_few_values_is_left_alone_and_said():
    out, rec = run([1, 2, 100])
    assert rec.action == treat.TOO_FEW
    assert rec.count == 3
    assert_allclose(out, [1, 2, 100])


def test_missing_values_are_ignored_and_kept_missing():
    out, rec = run([np.nan, *range(1, 11), 100, np.nan])
    assert rec.action == treat.WINSORISED
    assert rec.count == 11
    assert np.isnan(out[0]) and np.isnan(out[-1])
    assert out[-2] == 10


def test_constant_indicator_is_reported():
    _, rec = run([5, 5, 5, 5, 5])
    assert rec.action == treat.CONSTANT


def test_custom_limits_are_parameters():
    values = np.array([*range(1, 11), 100], dtype=float)[:, None]
    _, records = treat_gii(values, ["x"], skew_limit=10, kurt_limit=20)
    assert records[0].action == treat.PASSED


def test_none_leaves_values_and_records_it():
    values = np.array([[1.0], [2.0], [1000.0]])
    out, records = treat_none(values, ["x"])
    assert out is values
    assert records[0].action == treat.UNTREATED


@pytest.mark.parametrize("column", [0, 1])
def test_columns_are_treated_independently(column):
    x = np.column_stack([[*range(1, 11), 100.0], np.arange(1, 12, dtype=float)])
    out, records = treat_gii(x, ["a", "b"])
    assert records[0].action == treat.WINSORISED
    assert records[1].action == treat.PASSED
    assert_allclose(out[:, 1], np.arange(1, 12))
