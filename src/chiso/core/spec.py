"""A methodology specification: each step a method chosen by name, with its parameters.

A year's rules are a ``Methodology`` value (serialisable to and from a dict, and a JSON file), never
code. Every choice comes from the registry of its step (``TREATMENTS``, ``NORMALISATIONS``,
``AGGREGATIONS``, ``MISSING_RULES``, ``TIE_RULES``); every parameter of a method is declared here
with its type and range, and its default is read from the method itself, so a setting the engine
does not know cannot be stored. Weight overrides replace the framework's weight of a node (its
share among its siblings); they are checked against a framework when the methodology is applied to
one (``Methodology.frame``).

Every refusal is a ``MethodologyError`` (an ``InputError``) with a ``code`` and ``params`` that a
user interface translates, and an English message for the command line.
"""

from __future__ import annotations

import inspect
import json
import math
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .aggregate import AGGREGATIONS, MISSING_RULES
from .errors import InputError
from .framework import Framework
from .normalise import NORMALISATIONS
from .rank import TIE_RULES
from .treat import TREATMENTS

MAX_WEIGHT = 1e6


class MethodologyError(InputError):
    """A methodology that cannot be used: ``code`` says what is wrong, ``params`` with what."""

    def __init__(self, code: str, message: str, *, file: str | None = None, **params: Any) -> None:
        super().__init__(message, file=file)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Parameter:
    """A parameter of a method: a number (``float``) or a whole number (``int``) in a range."""

    name: str
    kind: type
    low: float
    high: float
    low_open: bool = False  # low itself excluded

    def check(self, value: Any, setting: str = "") -> float | int:
        """The value as the method takes it, or a MethodologyError."""
        whole = self.kind is int
        wrong_type = isinstance(value, bool) or not isinstance(value, (int, float))
        if not wrong_type and whole and isinstance(value, float):
            wrong_type = not (math.isfinite(value) and value.is_integer())
        if wrong_type:
            raise MethodologyError(
                "methodology.parameter_type",
                f"{self.name} must be {'a whole number' if whole else 'a number'}, not {value!r}",
                setting=setting,
                name=self.name,
                value=value,
                whole=whole,
            )
        if whole and isinstance(value, float):
            value = int(value)
        inside = math.isfinite(value) and (self.low < value if self.low_open else self.low <= value)
        if not (inside and value <= self.high):
            low = f"{self.low:g} (excluded)" if self.low_open else f"{self.low:g}"
            raise MethodologyError(
                "methodology.parameter_range",
                f"{self.name} must be from {low} to {self.high:g}, not {value!r}",
                setting=setting,
                name=self.name,
                value=value,
                low=self.low,
                high=self.high,
                low_open=self.low_open,
            )
        return int(value) if whole else float(value)


# The parameters each method takes besides the data (their defaults are the method's own).
TREAT_PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "gii": (
        Parameter("skew_limit", float, 0.0, 100.0, low_open=True),
        Parameter("kurt_limit", float, 0.0, 1000.0, low_open=True),
        Parameter("max_points", int, 0, 10_000),
    ),
    "none": (),
}
AGGREGATE_PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "arithmetic": (),
    "geometric": (Parameter("floor", float, 0.0, 100.0, low_open=True),),
}


def defaults(method: Callable[..., Any]) -> dict[str, Any]:
    """A method's keyword-only parameters and their defaults, read from its signature."""
    return {
        p.name: p.default
        for p in inspect.signature(method).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty
    }


# (setting, registry, parameters of each method or None): the choices of every step, in pipeline order
CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("treat", tuple(TREATMENTS)),
    ("normalise", tuple(NORMALISATIONS)),
    ("aggregate", tuple(AGGREGATIONS)),
    ("missing", tuple(MISSING_RULES)),
    ("ties", tuple(TIE_RULES)),
)
PARAMETERS: dict[str, tuple[str, dict[str, tuple[Parameter, ...]], Mapping[str, Callable[..., Any]]]] = {
    "treat_params": ("treat", TREAT_PARAMETERS, TREATMENTS),
    "aggregate_params": ("aggregate", AGGREGATE_PARAMETERS, AGGREGATIONS),
}


def _choice(setting: str, value: Any, options: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in options:
        raise MethodologyError(
            "methodology.choice",
            f"{setting} must be one of {', '.join(options)}, not {value!r}",
            setting=setting,
            value=value,
            choices=list(options),
        )
    return value


def _parameters(setting: str, method: str, given: Any) -> dict[str, Any]:
    """Checked parameters of ``method``, those equal to the method's default left out (so two
    methodologies that compute alike are equal)."""
    if not isinstance(given, Mapping):
        raise MethodologyError(
            "methodology.not_a_mapping",
            f"{setting} must be a mapping of names to values, not {given!r}",
            setting=setting,
        )
    _, declared, registry = PARAMETERS[setting]
    known = {p.name: p for p in declared[method]}
    default = defaults(registry[method])
    out = {}
    for name in sorted(given, key=str):
        if name not in known:
            raise MethodologyError(
                "methodology.unknown_parameter",
                f"{method} takes no parameter {name!r}"
                + (f" (its parameters: {', '.join(known)})" if known else " (it takes none)"),
                setting=setting,
                method=method,
                name=name,
                known=list(known),
            )
        value = known[name].check(given[name], setting)
        if value != default.get(name):
            out[name] = value
    return out


def _weights(given: Any) -> dict[str, float]:
    if not isinstance(given, Mapping):
        raise MethodologyError(
            "methodology.not_a_mapping",
            f"weights must be a mapping of node codes to weights, not {given!r}",
            setting="weights",
        )
    out = {}
    for code in sorted(given, key=str):
        weight = given[code]
        if not isinstance(code, str) or not code.strip():
            raise MethodologyError("methodology.weight_node", f"weights: {code!r} is not a node code", node=code)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float))
            or not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT)
        ):
            raise MethodologyError(
                "methodology.weight_value",
                f"weight of {code} must be a number from 0 to {MAX_WEIGHT:g}, not {weight!r}",
                node=code,
                value=weight,
                high=MAX_WEIGHT,
            )
        out[code] = float(weight)
    return out


_FRAMES: weakref.WeakKeyDictionary[Framework, dict[str, Framework]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Methodology:
    treat: str = "gii"
    treat_params: dict[str, Any] = field(default_factory=dict)
    normalise: str = "minmax"
    aggregate: str = "arithmetic"
    aggregate_params: dict[str, Any] = field(default_factory=dict)
    missing: str = "skip"
    ties: str = "best"
    weights: dict[str, float] = field(default_factory=dict)  # node code -> weight, replacing the framework's

    def __post_init__(self) -> None:
        for setting, options in CHOICES:
            _choice(setting, getattr(self, setting), options)
        for setting, (method_setting, _, _) in PARAMETERS.items():
            object.__setattr__(
                self, setting, _parameters(setting, getattr(self, method_setting), getattr(self, setting))
            )
        object.__setattr__(self, "weights", _weights(self.weights))

    def __hash__(self) -> int:
        return hash(self.key())

    # -- data -------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {f.name: (dict(v) if isinstance(v := getattr(self, f.name), dict) else v) for f in fields(self)}

    def key(self) -> str:
        """A canonical text of the methodology: equal methodologies, equal keys (for caches)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Any, *, file: str | None = None) -> Methodology:
        """A methodology from its dict (settings left out take their default)."""
        try:
            if not isinstance(data, Mapping):
                raise MethodologyError(
                    "methodology.not_a_mapping", f"a methodology is a mapping of settings, not {data!r}", setting=""
                )
            unknown = sorted(str(k) for k in set(data) - set(cls.__dataclass_fields__))
            if unknown:
                raise MethodologyError(
                    "methodology.unknown_setting",
                    f"unknown methodology setting(s): {', '.join(unknown)} "
                    f"(settings: {', '.join(cls.__dataclass_fields__)})",
                    names=unknown,
                )
            return cls(**data)
        except MethodologyError as exc:
            if file is None:
                raise
            raise MethodologyError(exc.code, exc.message, file=file, **exc.params) from None

    @classmethod
    def read(cls, path: str | Path) -> Methodology:
        """A methodology from a JSON file (as ``write`` or ``chiso methodology export`` writes it)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise MethodologyError("methodology.no_file", "no such file", file=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise MethodologyError("methodology.unreadable", f"cannot read: {exc}", file=str(path)) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MethodologyError(
                "methodology.not_json",
                f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                file=str(path),
                line=exc.lineno,
                column=exc.colno,
            ) from None
        return cls.from_dict(data, file=str(path))

    def write(self, path: str | Path) -> None:
        Path(path).write_text(self.json(), encoding="utf-8")

    def json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    # -- reading ----------------------------------------------------------------------------------
    def parameters(self, setting: str) -> dict[str, Any]:
        """Every parameter of the chosen method of ``setting`` (``treat_params``,
        ``aggregate_params``), its default where not set."""
        method_setting, _, registry = PARAMETERS[setting]
        return {**defaults(registry[getattr(self, method_setting)]), **getattr(self, setting)}

    def is_default(self) -> bool:
        return self == DEFAULT

    def but(self, **changes: Any) -> Methodology:
        """A copy with some settings changed. Changing a method without giving its parameters
        drops the old method's parameters (they belong to it)."""
        for setting, (method_setting, _, _) in PARAMETERS.items():
            if (
                method_setting in changes
                and setting not in changes
                and changes[method_setting] != getattr(self, method_setting)
            ):
                changes[setting] = {}
        return replace(self, **changes)

    # -- applying ---------------------------------------------------------------------------------
    def check(self, framework: Framework) -> None:
        """Refuse weight overrides that do not fit ``framework`` (unknown node, the root, or every
        child of a node weighing 0, which would leave it without a score)."""
        for code in self.weights:
            if code not in framework.index:
                raise MethodologyError(
                    "methodology.weight_node",
                    f"weights: {code!r} is not a node of framework {framework.name}",
                    node=code,
                    framework=framework.name,
                )
            if code == framework.root:
                raise MethodologyError(
                    "methodology.weight_root",
                    f"weights: {code} is the root of {framework.name}; its weight has no effect",
                    node=code,
                )
        for parent in {framework.node(c).parent for c in self.weights}:
            kids = framework.children[parent]
            if not any(self.weights.get(k, framework.node(k).weight) > 0 for k in kids):
                raise MethodologyError(
                    "methodology.weight_all_zero",
                    f"weights: every part of {parent} would weigh 0, so {parent} would have no score",
                    node=parent,
                )

    def frame(self, framework: Framework) -> Framework:
        """``framework`` with this methodology's weight overrides (the same object without any;
        cached per framework and overrides)."""
        if not self.weights:
            return framework
        key = json.dumps(self.weights, sort_keys=True)
        if getattr(framework, "_weights_key", None) == key:  # already applied: applying twice changes nothing
            return framework
        cache = _FRAMES.setdefault(framework, {})
        if key not in cache:
            self.check(framework)
            weighted = framework.with_weights(self.weights)
            weighted._weights_key = key  # type: ignore[attr-defined]
            cache[key] = weighted
        return cache[key]


DEFAULT = Methodology()
