"""The computed results are kept per framework version and year and computed again after any write
(ISSUE-14, load: a page must never show a stale result)."""

from __future__ import annotations

import numpy as np
import pytest
from django.contrib.auth.models import User

from chiso.web.indexdata import actions, methodology, queries
from chiso.web.indexdata.models import FrameworkVersion, RawValue, YearMethodology
from chiso.web.people.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    queries._RESULTS.clear()
    fv = FrameworkVersion.objects.get(name="pii-2025")
    return fv, max(queries.years(fv))


def _score(fv, year, unit="14", code="PII"):
    result, _ = queries.computed(fv, year)
    return result.score(unit, code)


def test_same_data_same_result_object(demo, django_assert_max_num_queries):
    fv, year = demo
    first = queries.computed(fv, year)[0]
    with django_assert_max_num_queries(3):  # data version, provinces' names, the year's methodology; no raw values
        again = queries.computed(fv, year)[0]
    assert again is first
    with pytest.raises(ValueError):
        first.scores[0, 0] = 1.0  # shared by later requests: read only


def _fresh(fv, year):
    """The result computed now, without the cache."""
    names = dict(Province.objects.values_list("code", "short_name"))
    return queries._compute(fv, year, names, methodology.of_year(fv, year))[0]


def test_a_value_set_on_the_page_recomputes(demo):
    fv, year = demo
    before = _score(fv, year)
    raw = RawValue.objects.get(framework=fv, year=year, province__code="14", code="7.2.2")
    admin = User.objects.get(username="admin")
    actions.set_raw_value(admin, fv, year, "14", "7.2.2", raw.value * 3 + 50, source="test", reason="test")
    after = _score(fv, year)
    assert after > before
    fresh = _fresh(fv, year)
    assert after == fresh.score("14", "PII")


def test_any_write_recomputes_even_outside_the_actions(demo):
    fv, year = demo
    rows = RawValue.objects.filter(framework=fv, year=year, province__code="14", code="7.2.2")
    writes = {
        # a writer that does not stamp updated_at: the sum of the values moves
        "update without stamp": lambda: rows.update(value=rows.get().value + 10),
        "delete": lambda: rows.delete(),
        "insert": lambda: RawValue.objects.create(
            framework=fv, year=year, province=Province.objects.get(code="14"), code="7.2.2", value=1.0
        ),
        "province renamed": lambda: Province.objects.filter(code="14").update(short_name="Sơn La (mới)"),
        "methodology changed": lambda: YearMethodology.objects.update_or_create(
            framework=fv, year=year, defaults={"spec": {"treat": "none"}}
        ),
    }
    for how, write in writes.items():
        first = queries.computed(fv, year)[0]
        write()
        second = queries.computed(fv, year)[0]
        assert second is not first, how
        fresh = _fresh(fv, year)
        assert list(second.names) == list(fresh.names), how
        np.testing.assert_array_equal(second.scores, fresh.scores)
        np.testing.assert_array_equal(second.ranks, fresh.ranks)
