"""``read_annex(path)``: every annex table of a Word or Excel file, read into one ``Annex``."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from . import layouts
from .grid import read_grids
from .model import Annex, AnnexError, Location, Unplaced

TITLES = {
    layouts.SON_LA_PII: "Phụ lục nhiệm vụ, giải pháp cải thiện các chỉ số PII (Sơn La)",
    layouts.CAO_BANG_PII: "Phụ lục phân công nhiệm vụ cải thiện chỉ số PII (Cao Bằng)",
    layouts.R57_KPI: "Phụ lục I: chỉ tiêu khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số (Sơn La)",
    layouts.R57_TASKS: "Phụ lục II: nhiệm vụ khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số (Sơn La)",
}


def read_annex(
    path: str | Path | IO[bytes] | bytes, *, source: str | None = None, province: str | None = None
) -> Annex:
    """Read every recognised annex table of ``path`` (.docx or .xlsx; or an upload's bytes or binary
    file object, then ``source`` gives its name and suffix).

    ``source`` is the file name used in messages (default: the path's name); ``province`` ("son-la",
    "cao-bang"...) chooses between agencies spelled alike in several provinces (default: the layout's).
    Tables of no known layout are listed in ``unplaced`` when another table was recognised; when none
    is, ``AnnexError("unknown_layout")`` names the first table and its header.
    """
    if source is None and isinstance(path, (str, Path)):
        source = Path(path).name
    grids = read_grids(path, source)
    source = source or ""
    if not grids or all(not g.rows for g in grids):
        raise AnnexError("no_table", file=source)
    annex: Annex | None = None
    skipped = []
    for grid in grids:
        if not grid.rows:
            continue
        cols = layouts.detect(grid)
        if cols is None:
            skipped.append(grid)
            continue
        if annex is None:
            above = grid.before or "\n".join(
                t for r in grid.rows[: cols.header_rows[0]] for t in r.texts() if t
            )  # Excel: the title rows above the header
            annex = Annex(kind=cols.kind, title=TITLES[cols.kind], file=source, heading=above)
        prov = province or layouts.PROVINCE_OF.get(cols.kind)
        layouts.READERS[cols.kind](grid, cols, annex, prov)
    if annex is None:
        first = next(g for g in grids if g.rows)
        row = layouts.header_row(first) or first.rows[0]
        raise AnnexError(
            "unknown_layout",
            file=source,
            table=None if first.sheet else first.index,
            sheet=first.sheet,
            row=row.number,
            column=1,
            header=layouts.header_summary(first),
        )
    for grid in skipped:
        row = layouts.header_row(grid) or grid.rows[0]
        annex.unplaced.append(
            Unplaced(
                Location(grid.index, row.number, 1, grid.sheet),
                layouts.header_summary(grid),
                "bảng không theo mẫu phụ lục nào đã biết: không đọc",
                "unknown_table",
            )
        )
    if not (annex.indicators or annex.kpis or annex.tasks or annex.nodes):
        raise AnnexError("empty_annex", file=source, table=1)
    return annex
