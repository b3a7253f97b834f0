"""A methodology specification: each step a method chosen by name, with its parameters.

A year's rules are a ``Methodology`` value (serialisable to and from a dict), never code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .aggregate import AGGREGATIONS, MISSING_RULES
from .normalise import NORMALISATIONS
from .rank import TIE_RULES
from .treat import TREATMENTS


@dataclass(frozen=True)
class Methodology:
    treat: str = "gii"
    treat_params: dict[str, Any] = field(default_factory=dict)
    normalise: str = "minmax"
    aggregate: str = "arithmetic"
    missing: str = "skip"
    ties: str = "best"

    def __post_init__(self) -> None:
        for value, options, what in (
            (self.treat, TREATMENTS, "treat"),
            (self.normalise, NORMALISATIONS, "normalise"),
            (self.aggregate, AGGREGATIONS, "aggregate"),
            (self.missing, MISSING_RULES, "missing"),
            (self.ties, TIE_RULES, "ties"),
        ):
            if value not in options:
                raise ValueError(f"{what} must be one of {', '.join(options)}, not {value!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Methodology:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown methodology setting(s): {', '.join(sorted(unknown))}")
        return cls(**data)

    def but(self, **changes: Any) -> Methodology:
        return replace(self, **changes)


DEFAULT = Methodology()
