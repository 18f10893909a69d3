"""Static, publication-ready figures of cooperation networks and their measures (matplotlib).

Every plot function takes the data (graphs, DataFrames or Series computed by
:mod:`coopnet.metrics` / :mod:`coopnet.compare`; nothing is computed here that could be passed
in), draws on ``ax`` or a new figure and returns ``(Figure, Axes)`` — or ``(Figure, array of
Axes)`` for several panels. Nothing is shown or written; use :func:`save_figure` for files.

New figures are plain :class:`matplotlib.figure.Figure` objects that pyplot does not track, so
scripts and reports can create many without ``plt.close``. Jupyter displays them when they are
the last expression of a cell; to show them in a window, create the axes with
``plt.subplots()`` and pass ``ax=``.

Texts are German by default (``lang="de"``); pass ``lang="en"`` for English; they come from
the catalogue (``assets/texts/<lang>/viz.toml``, measure names from ``measures.toml``), and
titles of legends and axes come from parameters (``group_label``, ``size_label``, ...) or the
display names of :mod:`coopnet.lang`, never from a raw column name; numbers (legends, ticks,
heatmap cells) are written by :func:`coopnet.lang.number`. Group colours and marker shapes come
from :mod:`coopnet.palette` (15 colours that stay apart also for colour-blind readers, starting
with Okabe & Ito 2008; marker shapes beyond), the same as in the HTML pages; kept / new /
removed ties use :data:`coopnet.palette.TIE_STATUS`; heatmaps the sequential ``cividis`` map.

References
----------
.. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
.. [2] Tol, P. (2021). Colour schemes. SRON technical note SRON/EPS/TN/09-002, issue 3.2.
   https://personal.sron.nl/~pault/data/colourschemes.pdf
.. [3] Nuñez, J. R., Anderton, C. R. & Renslow, R. S. (2018). Optimizing colormaps with
   consideration for color vision deficiency (cividis). PLOS ONE 13(7): e0199239.
   https://doi.org/10.1371/journal.pone.0199239
"""

from __future__ import annotations

from coopnet.palette import GROUP_PALETTE, OKABE_ITO, TOL_MUTED, group_colors, group_styles
from coopnet.viz._common import OVERALL
from coopnet.viz.charts import (
    plot_ei_over_periods,
    plot_fragmentation_curve,
    plot_mixing_heatmap,
    plot_ranking,
)
from coopnet.viz.difference import plot_difference
from coopnet.viz.network import plot_network, plot_periods
from coopnet.viz.save import FORMATS, plain_text, save_figure

__all__ = [
    "FORMATS",
    "GROUP_PALETTE",
    "OKABE_ITO",
    "OVERALL",
    "TOL_MUTED",
    "group_colors",
    "group_styles",
    "plain_text",
    "plot_difference",
    "plot_ei_over_periods",
    "plot_fragmentation_curve",
    "plot_mixing_heatmap",
    "plot_network",
    "plot_periods",
    "plot_ranking",
    "save_figure",
]
