"""Errors raised by the core when its input cannot be used."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Spreadsheet column letter for a 1-based column index (1 -> A, 27 -> AA)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class InputError(ValueError):
    """Input that cannot be read or used, located as precisely as the input allows.

    ``row`` and ``column`` are 1-based positions as a spreadsheet shows them (the header is row 1);
    ``header`` is the column's heading when there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        header: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.header = header
        super().__init__(self.location() + message)

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            col = f"column {column_letter(self.column)}"
            if self.header:
                col += f" ({self.header})"
            parts.append(col)
        return (", ".join(parts) + ": ") if parts else ""
