"""coopnet — network analysis of cooperation inside a municipality.

The public API in one place; see the README and ``docs/`` for a guided tour::

    import coopnet
    net = coopnet.load("data/musterstadt")       # validate + model
    g = net.graph("2016")                         # networkx graph of one period (symmetrised)
    s = coopnet.study("data/musterstadt")        # the run object: options resolved once
    s.analysis("2016").network["density"]         # the numbers `coopnet analyze` writes
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from coopnet.config import AnalysisConfig, DatasetMeta, Limits
    from coopnet.errors import CoopnetError, DataWarning, GraphError, InputError, Problem
    from coopnet.interop import to_pyvis
    from coopnet.model import CooperationNetwork, load, validate
    from coopnet.notebook import InteractiveMap, show
    from coopnet.run import Study, StudyOptions, study
    from coopnet.validation import ValidationReport

# Re-exports are resolved lazily (PEP 562) so that ``coopnet --help`` does not import pandas,
# networkx or matplotlib.
_EXPORTS: dict[str, str] = {
    "AnalysisConfig": "coopnet.config",
    "DatasetMeta": "coopnet.config",
    "Limits": "coopnet.config",
    "CoopnetError": "coopnet.errors",
    "DataWarning": "coopnet.errors",
    "GraphError": "coopnet.errors",
    "InputError": "coopnet.errors",
    "Problem": "coopnet.errors",
    "CooperationNetwork": "coopnet.model",
    "load": "coopnet.model",
    "validate": "coopnet.model",
    "ValidationReport": "coopnet.validation",
    "Study": "coopnet.run",
    "StudyOptions": "coopnet.run",
    "study": "coopnet.run",
    "InteractiveMap": "coopnet.notebook",
    "show": "coopnet.notebook",
    "to_pyvis": "coopnet.interop",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'coopnet' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


def _version() -> str:
    """The installed distribution's version (``importlib.metadata``): one source, pyproject.toml."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("coopnet")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree, not installed
        return "0+unknown"


__version__ = _version()

__all__ = [
    "AnalysisConfig",
    "CooperationNetwork",
    "CoopnetError",
    "DataWarning",
    "DatasetMeta",
    "GraphError",
    "InputError",
    "InteractiveMap",
    "Limits",
    "Problem",
    "Study",
    "StudyOptions",
    "ValidationReport",
    "__version__",
    "load",
    "show",
    "study",
    "to_pyvis",
    "validate",
]
