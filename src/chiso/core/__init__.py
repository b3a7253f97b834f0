"""chiso.core: the PII engine and its analyses. Pure Python and numpy; never imports Django."""

from .compute import compute, compute_from_scores, compute_values, compute_year
from .dataset import DataSet, YearData, read_dataset
from .errors import InputError
from .framework import BUILTIN, Framework, Node, builtin, load
from .results import Results, YearResult
from .spec import DEFAULT, Methodology

__all__ = [
    "BUILTIN",
    "DEFAULT",
    "DataSet",
    "Framework",
    "InputError",
    "Methodology",
    "Node",
    "Results",
    "YearData",
    "YearResult",
    "builtin",
    "compute",
    "compute_from_scores",
    "compute_values",
    "compute_year",
    "load",
    "read_dataset",
]
