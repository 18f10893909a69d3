"""The figure class of coopnet's plots: a matplotlib Figure that shows itself in notebooks.

coopnet never imports :mod:`matplotlib.pyplot` (figures are not registered with pyplot's figure
manager and never accumulate), so Jupyter's inline backend — which registers its PNG formatter
for :class:`~matplotlib.figure.Figure` only when pyplot is imported or ``%matplotlib inline`` is
run — has nothing to show: a cell ending in ``fig`` printed ``<Figure size 900x700 with 1 Axes>``.
IPython's rich display protocol [1]_ asks an object for ``_repr_png_`` when no formatter is
registered for its type, so :class:`CoopnetFigure` renders itself as a PNG. When the inline
backend *is* active, its formatter for ``Figure`` takes precedence and the figure is shown once.

References
----------
.. [1] IPython documentation, "Rich display" (``IPython.display``, ``_repr_*_`` methods).
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

__all__ = ["CoopnetFigure"]


class CoopnetFigure(Figure):
    """A :class:`matplotlib.figure.Figure` with a PNG representation for notebooks."""

    def _repr_png_(self) -> bytes:
        """The figure as PNG (100 dpi, tight bounding box), as Jupyter's inline backend draws it."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return buffer.getvalue()
