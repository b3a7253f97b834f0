"""Word and Excel versions of each annex, written once per test session."""

from __future__ import annotations

import pytest

from chiso.annex import read_annex

from . import documents


@pytest.fixture(scope="session")
def annex_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annexes")
    files = {}
    for name, (docx_builder, xlsx_builder) in documents.BUILDERS.items():
        files[(name, "docx")] = docx_builder(folder / f"{name}.docx")
        files[(name, "xlsx")] = xlsx_builder(folder / f"{name}.xlsx")
    return files


@pytest.fixture(scope="session")
def read(annex_files):
    cache = {}

    def get(name: str, fmt: str):
        if (name, fmt) not in cache:
            cache[(name, fmt)] = read_annex(annex_files[(name, fmt)])
        return cache[(name, fmt)]

    return get
