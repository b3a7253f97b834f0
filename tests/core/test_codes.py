"""Codes are matched as the framework writes them: case and surrounding spaces forgiven alike on
both sides (framework codes, data headings and cells), written out as the framework writes them
(ISSUE-8 defect 17: COINr's ASEM example, codes `LPI`, `Flights`, `Ship`…)."""

from __future__ import annotations

import numpy as np
import pytest

from chiso.core import compute_values, read_dataset
from chiso.core.errors import InputError
from chiso.core.framework import Framework, FrameworkError, Node, fold, load
from chiso.core.whatif import ScenarioChange, whatif

ASEM_FRAMEWORK = """code,name,parent,weight,direction
Index,ASEM index,,1,1
Conn,Connectivity,Index,1,1
Sust,Sustainability,Index,1,1
Physical,Physical,Conn,1,1
Environ,Environmental,Sust,1,1
LPI,Logistics performance index,Physical,1,1
Flights,International flights,Physical,1,1
Ship,Liner shipping connectivity,Physical,1,1
CO2,CO2 emissions per capita,Environ,1,-1
Forest,Forest area change,Environ,1,1
"""
CODES = ("LPI", "Flights", "Ship", "CO2", "Forest")
VALUES = np.array(
    [
        [3.2, 120.0, 45.1, 8.1, 0.2],
        [4.1, 410.0, 90.3, 6.5, -0.4],
        [2.7, 35.0, 12.0, 2.2, 1.3],
        [3.9, 280.0, 70.8, 9.9, 0.0],
    ]
)
UNITS = ("AUT", "BEL", "BGR", "CHN")


@pytest.fixture
def asem(tmp_path) -> Framework:
    path = tmp_path / "asem.csv"
    path.write_text(ASEM_FRAMEWORK, encoding="utf-8")
    return load(path)


def write_data(tmp_path, headings) -> object:
    lines = [",".join(["unit", *headings])]
    for unit, row in zip(UNITS, VALUES, strict=True):
        lines.append(",".join([unit, *(repr(float(v)) for v in row)]))
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_capitalised_codes_read_their_own_data(asem, tmp_path):
    assert asem.indicators == CODES
    data = read_dataset(write_data(tmp_path, CODES), asem)
    yd = data.year()
    np.testing.assert_array_equal(yd.values, VALUES)
    result = compute_values(asem, yd.values, units=yd.units)
    assert np.isfinite(result.scores[:, asem.index["Index"]]).all()
    assert {code for _, code, _, _ in result.rows()} == {n.code for n in asem.nodes}


@pytest.mark.parametrize(
    "headings", [("lpi", "FLIGHTS", " Ship ", "co2", "forest"), ("Lpi", "flights", "SHIP", "Co2", "FOREST")]
)
def test_headings_in_another_case_are_the_same_codes(asem, tmp_path, headings):
    yd = read_dataset(write_data(tmp_path, headings), asem).year()
    np.testing.assert_array_equal(yd.values, VALUES)


def test_long_layout_cells_are_matched_the_same_way(asem, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("year,unit,indicator,value\n2024,AUT, lpi ,3.2\n2024,AUT,FLIGHTS,120\n", encoding="utf-8")
    yd = read_dataset(path, asem).year(2024)
    assert yd.values[0, 0] == 3.2 and yd.values[0, 1] == 120


def test_an_unknown_heading_is_named_as_written(asem, tmp_path):
    with pytest.raises(InputError, match=r"'Ports' is not a code of framework asem\.csv") as info:
        read_dataset(write_data(tmp_path, ("LPI", "Flights", "Ship", "CO2", "Ports")), asem)
    assert info.value.header == "Ports" and info.value.column == 6


def test_two_headings_for_one_code_are_refused(asem, tmp_path):
    with pytest.raises(InputError, match="appears twice"):
        read_dataset(write_data(tmp_path, ("LPI", "Flights", "Ship", "CO2", "lpi")), asem)


def test_codes_differing_only_by_case_are_refused(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text(ASEM_FRAMEWORK + "lpi,another LPI,Physical,1,1\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="'lpi' differs from 'LPI' \\(row 7\\) only by case") as info:
        load(path)
    assert info.value.row == 12


def test_a_parent_written_in_another_case_is_its_code(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text(ASEM_FRAMEWORK.replace("Flights,International flights,Physical", "Flights,x,PHYSICAL"))
    fw = load(path)
    assert fw.node("Flights").parent == "Physical"
    assert fw.children["Physical"] == ("LPI", "Flights", "Ship")


def test_find_and_fold():
    fw = Framework("t", [Node("PII", "root", None), Node("Ab", "a", "PII"), Node("1.1.1", "x", "PII")])
    assert fold("  ĐỔI ") == fold("đổi")
    assert fw.find(" ab ") == "Ab" and fw.find("AB") == "Ab" and fw.find("1.1.1") == "1.1.1"
    assert fw.find("nope") is None and fw.find(None) is None


def test_whatif_names_an_indicator_in_any_case(asem):
    from chiso.core.dataset import YearData

    yd = YearData(None, list(UNITS), VALUES.copy())
    result = whatif(asem, yd, [ScenarioChange.parse("BGR:lpi=4.5")])
    assert result.new.raw[2, 0] == 4.5
