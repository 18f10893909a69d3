"""Deterministic node positions for drawing cooperation networks.

:func:`compute_layout` places the actors of one graph in the square :math:`[-1, 1]^2`;
:func:`union_layout` places the actors of several period graphs at once, so that pictures of
different periods share positions and can be compared side by side.

Both functions lay out every connected component separately with the force-directed algorithm of
Fruchterman and Reingold [1]_ and then pack the components on shelves, largest first, so that
isolates and small components sit in tidy rows next to the main component instead of flying far
away (as they do in a single force-directed run, where unconnected parts only repel each other).
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._engine import import_igraph, weak_components
from coopnet.metrics.arrays import arrays_from_ties

if TYPE_CHECKING:  # pragma: no cover
    from coopnet.metrics._workers import Pending
    from coopnet.run import Study

__all__ = [
    "Engine",
    "Positions",
    "compute_layout",
    "layout_started",
    "shared_layout",
    "start_layout",
    "union_layout",
]

logger = logging.getLogger(__name__)

Positions = dict[str, tuple[float, float]]
"""Mapping actor id → ``(x, y)`` with both coordinates in ``[-1, 1]``."""

Engine = Literal["auto", "igraph", "networkx"]

_GRID_THRESHOLD = 300
"""Components with at least this many actors use igraph's grid variant (O(n) per iteration)."""
_PADDING = 1.0
"""Gap between packed components, in units where a component of n actors is ~2·sqrt(n) wide."""
_MIN_BOX = 0.3
"""Smallest box side (isolates are 0 wide): isolates end up _MIN_BOX + _PADDING apart."""
_FILL = 0.85
"""Scale of a component's drawing: its longer side is 2 · _FILL · sqrt(n) units."""


def compute_layout(
    graph: nx.Graph[Any],
    *,
    seed: int = 0,
    weight: str | None = None,
    engine: Engine = "auto",
) -> Positions:
    r"""Compute deterministic 2-D positions for every actor of ``graph``.

    Each connected component (of the undirected version of the graph) is laid out on its own with
    the Fruchterman–Reingold force-directed algorithm [1]_ and scaled so that its longer side
    grows with :math:`\sqrt{n}` for a component of :math:`n` actors (actors are then about equally
    spaced in all components). The bounding boxes of the components are packed row by row,
    largest component first, isolates last. The result is centred and scaled uniformly (aspect ratio kept) so that all
    coordinates lie in :math:`[-1, 1]` and the wider side spans the whole interval.

    Parameters
    ----------
    graph
        Graph following the coopnet graph contract (``nx.Graph`` or ``nx.DiGraph``, str ids).
        Directed ties are drawn as undirected ties for the layout.
    seed
        Seed of the random start positions. The same graph and seed always give the same
        positions, whatever the order in which nodes and edges were added.
    weight
        ``None`` (default): every tie attracts equally. An edge attribute name (``"weight"``):
        ties attract proportionally to that intensity (a missing attribute counts as 1). For a
        ``DiGraph`` with ties in both directions the larger weight is used.
    engine
        ``"auto"`` uses python-igraph's ``layout_fruchterman_reingold`` if igraph is importable
        (fast: its grid variant is used for components of 300 actors or more) and networkx's
        ``spring_layout`` otherwise; ``"igraph"`` / ``"networkx"`` force one of them.

    Returns
    -------
    dict[str, tuple[float, float]]
        Actor id → ``(x, y)``, one entry per node, in sorted id order, both coordinates in
        :math:`[-1, 1]`. An empty graph gives ``{}``; a single actor sits at ``(0, 0)``.

    Raises
    ------
    GraphError
        If a weight is not a positive finite number.
    ImportError
        If ``engine="igraph"`` and python-igraph is not installed.

    Notes
    -----
    Isolated actors are placed on a grid after the connected components; dyads are drawn
    horizontally. The igraph engine temporarily installs a seeded ``random.Random`` as igraph's
    random number generator and restores Python's ``random`` module (igraph's default) afterwards;
    do not call it concurrently from several threads. Positions from the two engines differ.

    References
    ----------
    .. [1] Fruchterman, T. M. J., & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. *Software: Practice and Experience*, 21(11), 1129–1164.
       https://doi.org/10.1002/spe.4380211102

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> g.add_node("z")
    >>> pos = compute_layout(g, seed=1)
    >>> sorted(pos)
    ['a', 'b', 'c', 'z']
    >>> all(-1 <= v <= 1 for xy in pos.values() for v in xy)
    True
    """
    nodes, edges = _undirected_edges(graph, weight)
    return _layout(nodes, edges, seed=seed, weighted=weight is not None, engine=engine)


def union_layout(
    graphs: Iterable[nx.Graph[Any]] | Mapping[Any, nx.Graph[Any]],
    *,
    seed: int = 0,
    weight: str | None = None,
    engine: Engine = "auto",
) -> Positions:
    """Compute one layout over the union of several (period) graphs.

    The actors of all graphs and the ties of all graphs are merged into one undirected graph,
    which is laid out with :func:`compute_layout`. Drawing each period with these positions keeps
    every actor in the same place, so before/after pictures can be compared directly.

    Parameters
    ----------
    graphs
        The graphs, e.g. ``[g2014, g2016]`` or a mapping ``{period: graph}`` (its values are used).
    seed
        Seed of the layout, see :func:`compute_layout`.
    weight
        ``None`` (default) or an edge attribute name; a tie present in several graphs attracts
        with the largest of its weights.
    engine
        Layout engine, see :func:`compute_layout`.

    Returns
    -------
    dict[str, tuple[float, float]]
        Actor id → ``(x, y)`` for every actor of every graph, coordinates in ``[-1, 1]``.

    Examples
    --------
    >>> import networkx as nx
    >>> before = nx.Graph([("a", "b")])
    >>> after = nx.Graph([("b", "c")])
    >>> sorted(union_layout([before, after]))
    ['a', 'b', 'c']
    """
    items = list(graphs.values()) if isinstance(graphs, Mapping) else list(graphs)
    all_nodes: set[str] = set()
    all_edges: dict[tuple[str, str], float] = {}
    for g in items:
        nodes, edges = _undirected_edges(g, weight)
        all_nodes.update(nodes)
        for key, w in edges.items():
            all_edges[key] = max(w, all_edges.get(key, 0.0))
    return _layout(
        sorted(all_nodes), all_edges, seed=seed, weighted=weight is not None, engine=engine
    )


# --- internals ----------------------------------------------------------------------------------


def _undirected_edges(
    graph: nx.Graph[Any], weight: str | None
) -> tuple[list[str], dict[tuple[str, str], float]]:
    """Return sorted node ids and undirected edges ``(min, max) → weight`` (self-loops dropped)."""
    nodes = sorted(str(n) for n in graph.nodes)
    edges: dict[tuple[str, str], float] = {}
    for u, v, data in graph.edges(data=True):
        a, b = str(u), str(v)
        if a == b:
            continue
        w = 1.0
        if weight is not None:
            raw = data.get(weight, 1.0)
            try:
                w = float(raw)
            except (TypeError, ValueError):
                w = math.nan
            if not (math.isfinite(w) and w > 0):
                raise GraphError(
                    tr(
                        "errors.graph.layout_weight",
                        source=a,
                        target=b,
                        weight=weight,
                        value=repr(raw),
                    )
                )
        key = (a, b) if a < b else (b, a)
        edges[key] = max(w, edges.get(key, 0.0))
    return nodes, edges


def _components(nodes: list[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components as sorted id lists, largest first, ties broken by smallest id."""
    arrays = arrays_from_ties(nodes, list(edges))
    parts = weak_components(arrays)
    comps: list[list[str]] = [[] for _ in range(parts.count)]
    for actor, label in zip(arrays.nodes, parts.labels.tolist(), strict=True):
        comps[label].append(actor)
    return comps


def _layout(
    nodes: list[str],
    edges: dict[tuple[str, str], float],
    *,
    seed: int,
    weighted: bool,
    engine: Engine,
) -> Positions:
    if engine not in ("auto", "igraph", "networkx"):
        raise ValueError(f"engine must be 'auto', 'igraph' or 'networkx', not {engine!r}")
    if not nodes:
        return {}
    use_igraph = engine == "igraph" or (engine == "auto" and _igraph_available())
    comps = _components(nodes, edges)
    by_node: dict[str, list[tuple[str, str, float]]] = {}
    for (a, b), w in edges.items():
        by_node.setdefault(a, []).append((a, b, w))

    ids: list[str] = []
    drawings: list[np.ndarray] = []  # per component, in units where actors are ~2 apart
    for comp in comps:
        n = len(comp)
        if n == 1:
            coords = np.zeros((1, 2))
        elif n == 2:
            coords = np.array([[-1.0, 0.0], [1.0, 0.0]])
        else:
            comp_edges = sorted(e for node in comp for e in by_node.get(node, ()))
            raw = (
                _igraph_fr(comp, comp_edges, seed=seed, weighted=weighted)
                if use_igraph
                else _networkx_fr(comp, comp_edges, seed=seed, weighted=weighted)
            )
            coords = _normalise(raw)
        ids.extend(comp)
        drawings.append(coords * math.sqrt(n) * _FILL)

    sizes = [(float(np.ptp(d[:, 0])), float(np.ptp(d[:, 1]))) for d in drawings]
    offsets = _pack(sizes)
    allxy = _normalise(np.vstack([d + off for d, off in zip(drawings, offsets, strict=True)]))
    result = {
        node: (round(float(x), 6), round(float(y), 6))
        for node, (x, y) in zip(ids, allxy, strict=True)
    }
    return {node: result[node] for node in nodes}


def _normalise(coords: np.ndarray) -> np.ndarray:
    """Centre the bounding box on the origin and scale uniformly into ``[-1, 1]²``."""
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    centred = coords - (lo + hi) / 2.0
    extent = float(np.abs(centred).max())
    out: np.ndarray = centred / extent if extent > 0 else centred
    return out


def _pack(sizes: list[tuple[float, float]]) -> list[np.ndarray]:
    """Shelf-pack centred drawings of the given ``(width, height)``; return their offsets.

    Drawings are placed left to right in rows (largest component first, as given); a row is as
    wide as the widest drawing or the square root of the total area, whichever is larger, so the
    result is roughly square. Rows go downwards (negative y), like reading a page.
    """
    boxes = [(max(w, _MIN_BOX) + _PADDING, max(h, _MIN_BOX) + _PADDING) for w, h in sizes]
    row_width = max(max(w for w, _ in boxes), math.sqrt(sum(w * h for w, h in boxes)))
    offsets: list[np.ndarray] = []
    x = y = row_height = 0.0
    for w, h in boxes:
        if x > 0 and x + w > row_width + 1e-9:
            y -= row_height
            x = row_height = 0.0
        offsets.append(np.array([x + w / 2.0, y - h / 2.0]))
        x += w
        row_height = max(row_height, h)
    return offsets


def _igraph_available() -> bool:
    try:
        import_igraph()  # without igraph's matplotlib plotting (0.5 s) when not loaded yet
    except ImportError:
        return False
    return True


def _igraph_fr(
    comp: list[str], comp_edges: list[tuple[str, str, float]], *, seed: int, weighted: bool
) -> np.ndarray:
    try:
        ig = import_igraph()
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "engine='igraph' needs python-igraph: pip install 'coopnet[test]' or python-igraph"
        ) from exc
    index = {node: i for i, node in enumerate(comp)}
    g = ig.Graph(n=len(comp), edges=[(index[a], index[b]) for a, b, _ in comp_edges])
    n = len(comp)
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    ig.set_random_number_generator(random.Random(seed))
    try:
        lay = g.layout_fruchterman_reingold(
            weights=[w for _, _, w in comp_edges] if weighted else None,
            niter=500 if n < _GRID_THRESHOLD else 300,
            seed=start.tolist(),
            grid=n >= _GRID_THRESHOLD,
        )
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(lay.coords, dtype=float)


def _networkx_fr(
    comp: list[str], comp_edges: list[tuple[str, str, float]], *, seed: int, weighted: bool
) -> np.ndarray:
    sub: nx.Graph[Any] = nx.Graph()
    sub.add_nodes_from(comp)
    sub.add_weighted_edges_from(comp_edges, weight="w")
    pos: Mapping[Hashable, Any] = nx.spring_layout(
        sub, seed=seed, weight="w" if weighted else None, iterations=50, method="force"
    )
    return np.array([pos[node] for node in comp], dtype=float)


_LAYOUT_WORKER = ("layout", "worker")
"""Memo key of a one-item list: the :class:`Pending` layout of :func:`start_layout`, or ``None``
once the layout was computed in this process; empty before either."""


def _layout_worker(study: Study) -> list[Pending[Positions] | None]:
    slot: list[Pending[Positions] | None] = study.memo(_LAYOUT_WORKER, list)
    return slot


def shared_layout(study: Study) -> Positions:
    """The layout of all periods that the study's figures, maps and ``network.gexf`` share.

    :func:`union_layout` of :meth:`Study.graphs <coopnet.run.Study.graphs>` with the study's ``layout_seed``,
    computed once per study (kept under ``("layout",)``); when :func:`start_layout` started it in
    a worker, the worker's result.
    """

    def compute() -> Positions:
        slot = _layout_worker(study)
        if slot and slot[0] is not None:
            return slot[0].result()
        slot[:] = [None]
        return union_layout(study.graphs(), seed=study.options.layout_seed)

    return study.memo(("layout",), compute)


def start_layout(study: Study) -> Pending[Positions] | None:
    """Start :func:`shared_layout` in a forked worker while this process computes the measures.

    The measures leave a core idle part of the time (the stretches between their parallel
    passes that run in one process); the layout (about 0.2 s at 2,000 actors) fills it. The
    positions are those computed here (the layout is seeded; the worker sends them back
    pickled). Returns the pending layout, to :meth:`~coopnet.metrics._workers.Pending.close`
    when done in case it was never asked for, or ``None`` when the layout was already computed
    or started. Without ``os.fork`` it is computed when first asked for, as without this call.
    """
    from coopnet.metrics._workers import start_task

    slot = _layout_worker(study)
    if slot:
        return None
    graphs = study.graphs()  # built here, once: the measures need them too
    seed = study.options.layout_seed
    pending = start_task(lambda: union_layout(graphs, seed=seed))
    slot[:] = [pending]
    return pending


@contextmanager
def layout_started(study: Study) -> Iterator[None]:
    """Within the block, :func:`shared_layout` is computed in a forked worker
    (:func:`start_layout`, when the layout was neither computed nor started yet); on leaving
    it, a worker whose layout was never asked for is ended."""
    pending = start_layout(study)
    try:
        yield
    finally:
        if pending is not None:
            pending.close()
