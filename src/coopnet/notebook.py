"""The interactive graph inline in Jupyter and VS Code: :func:`show` and :class:`InteractiveMap`.

``coopnet.show(study, period="2016")`` returns an :class:`InteractiveMap`, whose
``_repr_html_`` is an ``<iframe srcdoc="…">`` holding the same self-contained page
``coopnet html`` writes (:func:`coopnet.pipeline.html_page`). The iframe gives each map its own
document: its element ids, scripts and CSS cannot collide with the notebook's or with a second
map in the same notebook (pasting two pages into one notebook DOM left the second one blank and
restyled the notebook). The page keeps its Content Security Policy, so it loads nothing; the
iframe is sandboxed (``allow-scripts`` only: no access to the notebook, no forms, no popups).

Notebooks opened untrusted (JupyterLab, nbviewer) may strip iframes from *saved* outputs; run the
cell to see the map, or :meth:`InteractiveMap.save` it and open the file.
"""

from __future__ import annotations

import html
import itertools
import os
from pathlib import Path
from typing import Any

import networkx as nx

from coopnet.model import CooperationNetwork
from coopnet.run import Study, study

__all__ = ["InteractiveMap", "show"]

_COUNTER = itertools.count(1)


class InteractiveMap:
    """An interactive network page that shows itself inline in a notebook.

    Parameters
    ----------
    page
        The self-contained HTML page (:func:`coopnet.interactive.network_html`).
    height
        Height of the inline frame in pixels.
    title
        Accessible title of the frame.

    Examples
    --------
    >>> m = InteractiveMap("<!DOCTYPE html><p>a & b</p>", height=300, title="Netz")
    >>> m.to_html()
    '<!DOCTYPE html><p>a & b</p>'
    >>> 'srcdoc="&lt;!DOCTYPE html&gt;&lt;p&gt;a &amp; b&lt;/p&gt;"' in m._repr_html_()
    True
    """

    def __init__(self, page: str, *, height: int = 650, title: str = "coopnet") -> None:
        self.page = page
        self.height = height
        self.title = title
        self.frame_id = f"coopnet-map-{next(_COUNTER)}"

    def to_html(self) -> str:
        """The whole page (what ``coopnet html`` writes), e.g. to embed elsewhere."""
        return self.page

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to `path` (UTF-8) and return the path."""
        out = Path(path)
        out.write_text(self.page, encoding="utf-8", newline="\n")
        return out

    def _repr_html_(self) -> str:
        return (
            f'<iframe id="{self.frame_id}" class="coopnet-map" title="{html.escape(self.title)}" '
            f'sandbox="allow-scripts" srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<InteractiveMap {self.title!r}: {len(self.page):,} characters>"


def show(
    data: Study | CooperationNetwork | nx.Graph[Any] | str | os.PathLike[str],
    *,
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    height: int = 650,
    **options: Any,
) -> InteractiveMap:
    """Show the interactive graph of a study (or of a graph) inline in a notebook.

    Parameters
    ----------
    data
        A :class:`coopnet.Study`, a dataset (path or :class:`coopnet.CooperationNetwork`,
        opened with :func:`coopnet.study` and `options`) or a graph of the coopnet graph
        contract (drawn with :func:`coopnet.interactive.network_html` and `options`).
    period, before, after, size_by
        As in ``coopnet html``: one period (``None``: all pooled) or the comparison of two.
    height
        Height of the inline frame in pixels.
    **options
        Study options (``group="sector"``, ``lang="en"``, …) or, for a graph, the options of
        :func:`coopnet.interactive.network_html`.

    Returns
    -------
    InteractiveMap
        Displays itself when it is the last value of a cell; ``.to_html()`` is the page,
        ``.save(path)`` writes it.

    Examples
    --------
    >>> import coopnet
    >>> m = coopnet.show("data/musterstadt", period="2016", n_permutations=9)
    >>> m._repr_html_().startswith('<iframe id="coopnet-map-')
    True
    """
    from coopnet.pipeline import html_page

    if isinstance(data, nx.Graph):
        from coopnet.interactive import network_html

        page = network_html(data, **options)
        return InteractiveMap(page, height=height, title=str(options.get("title") or "coopnet"))
    run = data if isinstance(data, Study) else study(data, **options)
    page = html_page(run, period=period, before=before, after=after, size_by=size_by)
    if before is not None or after is not None:
        title = f"{run.name} {before} → {after}"
    else:
        title = f"{run.name} {run.period_key(period)}"
    return InteractiveMap(page, height=height, title=title)
