r"""The one layer of graph algorithms below the measures: components, BFS, Dijkstra, Brandes.

Every function takes a :class:`~coopnet.metrics.arrays.GraphArrays` and keeps its result with the
arrays (:meth:`~coopnet.metrics.arrays.GraphArrays.memo`), so an analysis that asks twice pays
once.

* :func:`weak_components`, :func:`strong_component_count` -- scipy's compiled union search.
* :func:`distance_sums` -- per actor, how many actors reach it, the sum of their distances and of
  the reciprocal distances (closeness, harmonic centrality, average path length, distance-weighted
  fragmentation): a bit-parallel breadth-first search (64 sources per machine word) for unit
  lengths, scipy's Dijkstra in row blocks for lengths ``1 / weight``. Memory stays bounded.
* :func:`betweenness` -- Freeman betweenness by Brandes' (2001) algorithm, with an explicit
  ``engine``:

  ``"igraph"`` (the default)
      python-igraph's C implementation. With weights it compares path lengths with a relative
      tolerance of :math:`10^{-10}` (``IGRAPH_SHORTEST_PATH_EPSILON``), so routes of equal length
      such as :math:`1/2 + 1/3 + 1/6` and :math:`1/2 + 1/2` count as equal even though their
      floating-point sums differ in the last bit.
  ``"coopnet"``
      coopnet's own implementation, independent of igraph: Brandes vectorised over blocks of
      sources with sparse matrix products for unit lengths (exact integer path counts), and a
      Dijkstra-based Brandes in Python with the same tolerance as igraph for weighted ties
      (slow above a few hundred actors; meant as the independent cross-check).

  Both give the mathematically exact count of shortest paths (tested against rational
  arithmetic in ``tests/metrics/reference.py``) and agree to :math:`10^{-12}`; the choice never
  depends on what happens to be imported. networkx's Brandes compares floating-point sums exactly
  and miscounts such ties; it is used only in the tests.

**Both cores.** Work that splits by source (Brandes, BFS, Dijkstra) is cut into a fixed number of
parts that depends only on the size of the network; with ``jobs > 1`` parts run in forked worker
processes (Linux, only when the process has no other Python threads), otherwise one after the
other. The parts' results are always added in the same order, so the numbers do not depend on
``jobs`` or the machine. Each such computation is a :class:`Pass` (its parts and how they add
up); :func:`prefetch` runs the parts of several passes, and other tasks, in one pool whose
processes take the next part as they become free (:func:`coopnet.metrics.analyze` runs its
shortest-path passes and the Python-level searches this way), so no core waits at the end of
one pass for the slowest part before the next pass starts.

**igraph without matplotlib.** ``import igraph`` loads matplotlib's pyplot for igraph's own
plotting (about 0.5 s). When matplotlib has not been imported yet, :func:`import_igraph` imports
igraph with matplotlib hidden (0.02 s); igraph's plotting then stays unavailable in that process
(import matplotlib or igraph yourself first if you need it), everything else is unaffected.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
   Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
.. [2] Csardi, G., & Nepusz, T. (2006). The igraph software package for complex network research.
   *InterJournal Complex Systems*, 1695. https://igraph.org
.. [3] Kepner, J., & Gilbert, J. (Eds.) (2011). *Graph Algorithms in the Language of Linear
   Algebra*. SIAM. https://doi.org/10.1137/1.9780898719918
"""

from __future__ import annotations

import functools
import heapq
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

import numpy as np
import numpy.typing as npt
from scipy.sparse import csgraph

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._dfs import RemovalEffects, removal_effects
from coopnet.metrics._util import gather_neighbours
from coopnet.metrics._workers import map_parts, resolve_jobs, run_tasks
from coopnet.metrics.arrays import GraphArrays

if TYPE_CHECKING:
    from coopnet.metrics.sampling import Sampling

__all__ = [
    "DEFAULT_ENGINE",
    "EPSILON",
    "Components",
    "DistanceSums",
    "Engine",
    "Pass",
    "RemovalEffects",
    "betweenness",
    "betweenness_pass",
    "check_engine",
    "components_of",
    "distance_sums",
    "distance_sums_pass",
    "harmonic_sums",
    "harmonic_sums_pass",
    "import_igraph",
    "map_parts",
    "n_parts",
    "prefetch",
    "removal_effects",
    "resolve_jobs",
    "source_sums",
    "strong_component_count",
    "subset_betweenness",
    "weak_components",
]

Engine = Literal["igraph", "coopnet"]
"""Implementation of Brandes' algorithm: ``"igraph"`` (C, default) or ``"coopnet"`` (own)."""

DEFAULT_ENGINE: Final[Engine] = "igraph"
"""The engine every measure uses unless told otherwise."""

EPSILON: Final = 1e-10
"""Relative tolerance below which two path lengths are equal (igraph's
``IGRAPH_SHORTEST_PATH_EPSILON``)."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
R = TypeVar("R")

_BFS_BUDGET: Final = 1 << 24  # bytes for one gathered frontier block of the bit-parallel BFS
_BFS_MAX_WORDS: Final = 16  # at most 16 * 64 = 1024 sources per chunk
_DIJKSTRA_CELLS: Final = 1 << 21  # distance cells per Dijkstra row block (16 MB of float64)
_BLOCK_CELLS: Final = 1 << 21  # cells of the dense blocks of the vectorised Brandes algorithm
_PARALLEL_WORK: Final = 4_000_000  # actors x arcs from which Brandes / Dijkstra are split
_PARALLEL_BFS_WORK: Final = 100_000_000  # the same for the (64 times cheaper) bit-parallel BFS
_PARTS: Final = 8  # parts of split work (a multiple of common core counts)
_LEVEL_COST: Final = 5e-4  # seconds per level and chunk of the bit-parallel BFS (measured)
_SOURCE_COST: Final = 3e-8  # seconds per source and (actor + arc) of scipy's Dijkstra (measured)


# ------------------------------------------------------------------------------ engines, jobs
def check_engine(engine: str) -> Engine:
    """Return `engine` if it names an engine, else raise :class:`GraphError`."""
    if engine == "igraph":
        return "igraph"
    if engine == "coopnet":
        return "coopnet"
    raise GraphError(tr("errors.metrics.unknown_engine", engine=engine))


def import_igraph() -> ModuleType:
    """Import python-igraph, without its matplotlib plotting when matplotlib is not loaded yet."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        module: ModuleType = igraph
        return module
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # igraph then skips plotting
    try:
        import igraph
    finally:
        del sys.modules["matplotlib"]
    hidden: ModuleType = igraph
    return hidden


def _n_parts(arrays: GraphArrays, *, cheap: bool = False) -> int:
    """How many parts work that splits by source is cut into (a function of the size only).

    ``cheap``: the bit-parallel BFS, for which a forked worker pays off only on larger networks.
    """
    threshold = _PARALLEL_BFS_WORK if cheap else _PARALLEL_WORK
    return _PARTS if arrays.n * max(arrays.n_arcs, 1) >= threshold else 1


def n_parts(arrays: GraphArrays) -> int:
    """How many parts per-source work on `arrays` is cut into (for callers outside the engine
    that split such work with :func:`map_parts`: the same parts whatever the number of cores)."""
    return _n_parts(arrays)


def _split(items: IntArray, n_parts: int) -> list[IntArray]:
    """Cut `items` into `n_parts` contiguous, nearly equal pieces (some may be empty)."""
    return [np.asarray(piece, dtype=np.int64) for piece in np.array_split(items, n_parts)]


def _sum_parts(parts: Sequence[FloatArray], n: int) -> FloatArray:
    """Add part results in part order (the same rounding whatever ran where)."""
    total = np.zeros(n)
    for part in parts:
        total += part
    return total


@dataclass(frozen=True)
class Pass:
    """One computation that splits by source: its parts and how their results combine.

    The result is kept with :attr:`arrays` under :attr:`key` (:meth:`GraphArrays.memo`), as if
    the function that made the pass had computed it. Build passes with :func:`betweenness_pass`,
    :func:`distance_sums_pass` and :func:`harmonic_sums_pass`; run several with
    :func:`prefetch`.
    """

    arrays: GraphArrays
    key: str
    parts: tuple[Callable[[], Any], ...]
    combine: Callable[[list[Any]], Any]

    @property
    def done(self) -> bool:
        """Whether the result is already kept (nothing left to run)."""
        return self.key in self.arrays._memo

    def run(self, jobs: int | None) -> Any:
        """Compute (once) and return the result, the parts split over `jobs` processes."""
        return self.arrays.memo(
            self.key, lambda: self.combine(run_tasks(self.parts, resolve_jobs(jobs)))
        )


def _pass(
    arrays: GraphArrays,
    key: str,
    parts: Sequence[Callable[[], Any]],
    combine: Callable[[list[Any]], Any],
) -> Pass:
    return Pass(arrays, key, tuple(parts), combine)


def _kept(arrays: GraphArrays, key: str) -> Pass:
    """A pass whose result is already kept."""
    return Pass(arrays, key, (), lambda results: arrays._memo[key])


def prefetch(
    passes: Sequence[Pass],
    *,
    jobs: int | None = None,
    first: Sequence[Callable[[], R]] = (),
) -> list[R]:
    """Run the tasks `first` and the parts of every pass in one pool; keep each pass's result.

    One pool for everything (:func:`coopnet.metrics._workers.run_tasks`): no process waits for
    the slowest part of one pass before the next pass starts. Passes already computed, and a
    second pass with the same arrays and key, are skipped. Every result is the one the pass
    would give alone (parts are combined in part order).

    Returns
    -------
    list
        The results of `first`, in order.
    """
    todo: list[Pass] = []
    seen: set[tuple[int, str]] = set()
    for p in passes:
        if not p.done and (id(p.arrays), p.key) not in seen:
            seen.add((id(p.arrays), p.key))
            todo.append(p)
    tasks: list[Callable[[], Any]] = [*first, *(part for p in todo for part in p.parts)]
    results = run_tasks(tasks, resolve_jobs(jobs))
    offset = len(first)
    for p in todo:
        values = results[offset : offset + len(p.parts)]
        offset += len(p.parts)
        p.arrays._memo[p.key] = p.combine(values)
    return results[: len(first)]


# ------------------------------------------------------------------------------ components
@dataclass(frozen=True)
class Components:
    """Components of a network.

    Attributes
    ----------
    count
        Number of components (isolates count as one each).
    labels
        Component of every actor (array order): 0 is the largest; components of equal size are
        ordered by their smallest actor id.
    sizes
        Size of every component, by label (so in descending order).
    """

    count: int
    labels: IntArray
    sizes: IntArray


def _ordered(count: int, labels: IntArray) -> Components:
    """Renumber labels: 0 = largest, ties by the smallest member position (= smallest id)."""
    sizes = np.bincount(labels, minlength=count).astype(np.int64)
    first = np.full(count, labels.size, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(labels.size, dtype=np.int64))
    order = np.lexsort((first, -sizes))
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count, dtype=np.int64)
    return Components(count, rank[labels], sizes[order])


def components_of(arrays: GraphArrays) -> Components:
    """Connected components of an undirected array form (not kept; see :func:`weak_components`)."""
    if arrays.n == 0:
        return Components(0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    count, labels = csgraph.connected_components(arrays.matrix(), directed=False)
    return _ordered(int(count), labels.astype(np.int64))


def weak_components(arrays: GraphArrays) -> Components:
    """Weak components (a directed tie joins its two actors whichever way it points)."""
    sym = arrays.undirected
    return sym.memo("components", lambda: components_of(sym))


def strong_component_count(arrays: GraphArrays) -> int:
    """Number of strong components (the weak ones for an undirected network)."""
    if not arrays.directed:
        return weak_components(arrays).count
    if arrays.n == 0:
        return 0

    def compute() -> int:
        count, _ = csgraph.connected_components(arrays.matrix(), directed=True, connection="strong")
        return int(count)

    return arrays.memo("strong_count", compute)


# ------------------------------------------------------------------------------ distances
@dataclass(frozen=True)
class DistanceSums:
    """For every actor (array order), over the *other* actors that reach it along arcs.

    Attributes
    ----------
    reach
        How many actors reach it.
    distance
        The sum of their distances to it.
    harmonic
        The sum of their reciprocal distances to it.
    """

    reach: IntArray
    distance: FloatArray
    harmonic: FloatArray


def distance_sums(
    arrays: GraphArrays,
    *,
    weighted: bool,
    jobs: int | None = None,
    sampling: Sampling | None = None,
) -> DistanceSums:
    """Incoming reach, distance sum and reciprocal-distance sum of every actor.

    Unit lengths (``weighted=False``, or every tie of the same value :math:`w`, lengths
    :math:`1/w`) use the bit-parallel breadth-first search, other lengths ``1 / weight`` scipy's
    Dijkstra. The bit-parallel search pays a fixed cost per level, so for networks with very
    long paths (a chain of thousands of actors; see :func:`_deep`) scipy's search with unit
    lengths is used instead. Outgoing sums are the incoming sums of
    :attr:`GraphArrays.reverse`. With `sampling`, the sums are estimated from a random sample
    of source actors (pivots) with a stated error bound
    (:func:`coopnet.metrics.sampling.pivot_distance_sums`).
    """
    if sampling is not None:
        from coopnet.metrics.sampling import pivot_distance_sums

        return pivot_distance_sums(arrays, weighted=weighted, sampling=sampling, jobs=jobs)
    result: DistanceSums = distance_sums_pass(arrays, weighted=weighted).run(jobs)
    return result


def source_sums(
    arrays: GraphArrays, *, weighted: bool, jobs: int | None, sources: IntArray | None = None
) -> DistanceSums:
    """:func:`distance_sums` over the searches from `sources` only (default every actor; not kept)."""
    parts, combine = _sums_parts(arrays, weighted=weighted, sources=sources)
    result: DistanceSums = combine(run_tasks(parts, resolve_jobs(jobs)))
    return result


def distance_sums_pass(arrays: GraphArrays, *, weighted: bool) -> Pass:
    """The :class:`Pass` of :func:`distance_sums` (run it, or hand it to :func:`prefetch`)."""
    key = f"distance_sums:{weighted}"
    if key in arrays._memo:
        return _kept(arrays, key)
    parts, combine = _sums_parts(arrays, weighted=weighted, sources=None)
    return _pass(arrays, key, parts, combine)


def _sums_parts(
    arrays: GraphArrays, *, weighted: bool, sources: IntArray | None
) -> tuple[list[Callable[[], Any]], Callable[[list[Any]], DistanceSums]]:
    """The parts of :func:`distance_sums` (searches from `sources`, default every actor)."""
    if arrays.n == 0:
        empty = DistanceSums(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
        return [], lambda results: empty
    uniform = arrays.uniform_weight if weighted else 1.0
    if uniform is None:
        parts, sums = _dijkstra_parts(arrays, sources=sources)
        return list(parts), sums
    scale = uniform
    if _deep(arrays):
        deep_parts, unit = _dijkstra_parts(arrays, unit=True, sources=sources)

        def scaled(results: list[Any]) -> DistanceSums:
            sums = unit(results)
            return DistanceSums(sums.reach, sums.distance / scale, sums.harmonic * scale)

        return list(deep_parts), scaled
    bfs_parts, hops = _bfs_parts(arrays, sources)

    def combine(results: list[Any]) -> DistanceSums:
        reach, distance, harmonic = hops(results)
        if scale == 1.0:
            return DistanceSums(reach, distance, harmonic)
        return DistanceSums(reach, distance / scale, harmonic * scale)

    return list(bfs_parts), combine


def harmonic_sums(
    arrays: GraphArrays,
    *,
    weighted: bool,
    jobs: int | None = None,
    sampling: Sampling | None = None,
) -> FloatArray:
    """Per actor, the sum of reciprocal distances from the others (:attr:`DistanceSums.harmonic`).

    Reuses :func:`distance_sums` when it has been computed for these arrays, and otherwise, for
    lengths ``1 / weight`` that are not all equal, runs python-igraph's harmonic centrality
    (Dijkstra in C, about 20 % faster than scipy's here) per part of the actors; every actor's
    value comes from its own search, so the split does not change it. With `sampling`, the
    estimate of :func:`distance_sums` with that sampling.
    """
    if sampling is not None:
        return distance_sums(arrays, weighted=weighted, jobs=jobs, sampling=sampling).harmonic
    result = harmonic_sums_pass(arrays, weighted=weighted).run(jobs)
    if isinstance(result, DistanceSums):
        return result.harmonic
    harmonic: FloatArray = result
    return harmonic


def harmonic_sums_pass(arrays: GraphArrays, *, weighted: bool) -> Pass:
    """The :class:`Pass` of :func:`harmonic_sums`: its result is the :class:`DistanceSums` when
    it reuses :func:`distance_sums`, else the array of sums."""
    if (
        f"distance_sums:{weighted}" in arrays._memo
        or not weighted
        or arrays.uniform_weight is not None
        or arrays.n < 2
    ):
        return distance_sums_pass(arrays, weighted=weighted)
    key = f"harmonic:{weighted}"
    if key in arrays._memo:
        return _kept(arrays, key)
    graph = _igraph_graph(arrays)
    lengths = (1.0 / arrays.ties()[2]).tolist()
    pieces = _split(np.arange(arrays.n, dtype=np.int64), _n_parts(arrays))

    def task(p: int) -> FloatArray:
        values = graph.harmonic_centrality(
            vertices=pieces[p].tolist(), mode="in", weights=lengths, normalized=False
        )
        return np.asarray(values, dtype=np.float64)

    parts = [functools.partial(task, p) for p in range(len(pieces))]
    return _pass(arrays, key, parts, lambda results: np.concatenate(results))


def _deep(arrays: GraphArrays) -> bool:
    """Whether the network's paths are so long that per-source Dijkstra beats the bit-parallel BFS.

    The bit-parallel search costs about :data:`_LEVEL_COST` per level and chunk of 1,024
    sources, Dijkstra about :data:`_SOURCE_COST` per source and arc. The number of levels is
    estimated by a double sweep (the distance from the farthest actor from actor 0, a lower
    bound of the diameter), so the choice depends on the network alone.
    """
    n = arrays.n
    if n < 2 or arrays.n_arcs == 0:
        return False
    matrix = arrays.unweighted().matrix()
    first = csgraph.shortest_path(matrix, unweighted=True, directed=False, indices=[0])[0]
    reached = np.isfinite(first)
    far = int(np.argmax(np.where(reached, first, -1.0)))
    second = csgraph.shortest_path(matrix, unweighted=True, directed=False, indices=[far])[0]
    levels = float(second[np.isfinite(second)].max())
    chunks = -(-n // 1024)
    return levels * chunks * _LEVEL_COST > n * (n + arrays.n_arcs) * _SOURCE_COST


def _bfs_sums(
    arrays: GraphArrays, jobs: int, sources: IntArray | None = None
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Incoming reach, hop-distance sum and reciprocal sum by bit-parallel BFS (:func:`_bfs_parts`)."""
    parts, combine = _bfs_parts(arrays, sources)
    return combine(run_tasks(parts, jobs))


def _bfs_parts(
    arrays: GraphArrays, sources: IntArray | None = None
) -> tuple[
    list[Callable[[], tuple[IntArray, IntArray, FloatArray]]],
    Callable[
        [list[tuple[IntArray, IntArray, FloatArray]]], tuple[IntArray, FloatArray, FloatArray]
    ],
]:
    r"""The parts of the bit-parallel BFS and how to add them up.

    Bit :math:`b` of word row ``seen[v]`` says that source :math:`b` of the current chunk has
    reached :math:`v`. One level expands every frontier at once:
    ``new[v] = OR(frontier[u] for u -> v) & ~seen[v]``; the bits new at level :math:`\ell` are the
    sources at distance :math:`\ell` from :math:`v`, so ``popcount(new[v])`` adds to the reach of
    :math:`v`, :math:`\ell` times it to the distance sum and :math:`1/\ell` times it to the
    harmonic sum. Cost :math:`O(D\,m\,n/64)` word operations for diameter :math:`D`; memory
    :math:`O(n + m)` words per chunk of up to 1,024 sources. `sources`: only the searches
    from these actors (the pivots of :mod:`coopnet.metrics.sampling`); default every actor.
    """
    n = arrays.n
    into = arrays.reverse
    words = int(min(_BFS_MAX_WORDS, max(1, _BFS_BUDGET // (8 * max(arrays.n_arcs, n)))))
    step = 64 * words
    if sources is None:
        sources = np.arange(n, dtype=np.int64)
    sources = sources[arrays.out_degree[sources] > 0]  # the others reach nobody
    chunks = [sources[s : s + step] for s in range(0, sources.size, step)]
    pieces = [
        list(piece)
        for piece in np.array_split(np.arange(len(chunks)), _n_parts(arrays, cheap=True))
    ]

    def part(p: int) -> tuple[IntArray, IntArray, FloatArray]:
        reach = np.zeros(n, dtype=np.int64)
        dist = np.zeros(n, dtype=np.int64)
        harmonic = np.zeros(n)
        for c in pieces[p]:
            _bfs_chunk(arrays, into, chunks[int(c)], reach, dist, harmonic)
        return reach, dist, harmonic

    def combine(
        results: list[tuple[IntArray, IntArray, FloatArray]],
    ) -> tuple[IntArray, FloatArray, FloatArray]:
        reach = np.zeros(n, dtype=np.int64)
        dist = np.zeros(n, dtype=np.int64)
        for r, d, _ in results:
            reach += r
            dist += d
        harmonic = _sum_parts([h for _, _, h in results], n)
        return reach, dist.astype(np.float64), harmonic

    return [functools.partial(part, p) for p in range(len(pieces))], combine


def _bfs_chunk(
    out: GraphArrays,
    into: GraphArrays,
    chunk: IntArray,
    reach: IntArray,
    dist: IntArray,
    harmonic: FloatArray,
) -> None:
    """Add the contributions of the sources in `chunk` (at most 1,024) to the three sums."""
    n = out.n
    columns = np.arange(chunk.size, dtype=np.int64)
    seen = np.zeros((n, (chunk.size + 63) // 64), dtype=np.uint64)
    seen[chunk, columns // 64] = np.left_shift(np.uint64(1), (columns % 64).astype(np.uint64))
    frontier = seen.copy()
    mark = np.zeros(n, dtype=bool)
    active = chunk
    level = 0
    while active.size:
        level += 1
        successors, _ = gather_neighbours(out.indptr, out.indices, active)
        mark[successors] = True
        candidates = np.flatnonzero(mark)
        mark[candidates] = False
        predecessors, offsets = gather_neighbours(into.indptr, into.indices, candidates)
        new = np.bitwise_or.reduceat(frontier[predecessors], offsets, axis=0)
        new &= ~seen[candidates]
        frontier[active] = 0
        counts = np.bitwise_count(new).sum(axis=1, dtype=np.int64)
        hit = counts > 0
        candidates, new, counts = candidates[hit], new[hit], counts[hit]
        if not candidates.size:
            break
        reach[candidates] += counts
        dist[candidates] += counts * level
        harmonic[candidates] += counts / level
        seen[candidates] |= new
        frontier[candidates] = new
        active = candidates


def _dijkstra_sums(
    arrays: GraphArrays, jobs: int, *, unit: bool = False, sources: IntArray | None = None
) -> DistanceSums:
    """Incoming reach, distance sum and reciprocal sum by scipy's Dijkstra (:func:`_dijkstra_parts`)."""
    parts, combine = _dijkstra_parts(arrays, unit=unit, sources=sources)
    return combine(run_tasks(parts, jobs))


def _dijkstra_parts(
    arrays: GraphArrays, *, unit: bool = False, sources: IntArray | None = None
) -> tuple[
    list[Callable[[], tuple[IntArray, FloatArray, FloatArray]]],
    Callable[[list[tuple[IntArray, FloatArray, FloatArray]]], DistanceSums],
]:
    """The parts of scipy's Dijkstra in row blocks (incoming reach, distance and reciprocal
    sums) and how to add them up. ``unit=True``: every tie has length 1 (whatever its value).
    `sources`: only the searches from these actors (default every actor).
    """
    n = arrays.n
    matrix = arrays.unweighted().matrix() if unit else arrays.matrix(lengths=True)
    if sources is None:
        sources = np.arange(n, dtype=np.int64)
    sources = sources[arrays.out_degree[sources] > 0]
    pieces = _split(sources, _n_parts(arrays))
    step = max(1, _DIJKSTRA_CELLS // n)

    def part(p: int) -> tuple[IntArray, FloatArray, FloatArray]:
        reach = np.zeros(n, dtype=np.int64)
        dist = np.zeros(n)
        harmonic = np.zeros(n)
        rows_all = pieces[p]
        for start in range(0, rows_all.size, step):
            rows = rows_all[start : start + step]
            block = csgraph.dijkstra(matrix, directed=True, indices=rows)
            block[np.arange(rows.size), rows] = np.inf  # leave out the source itself
            finite = np.isfinite(block)
            reach += finite.sum(axis=0)
            np.copyto(block, 0.0, where=~finite)
            dist += block.sum(axis=0)
            np.divide(1.0, block, out=block, where=finite)
            harmonic += block.sum(axis=0)
        return reach, dist, harmonic

    def combine(results: list[tuple[IntArray, FloatArray, FloatArray]]) -> DistanceSums:
        reach = np.zeros(n, dtype=np.int64)
        for r, _, _ in results:
            reach += r
        return DistanceSums(
            reach,
            _sum_parts([d for _, d, _ in results], n),
            _sum_parts([h for _, _, h in results], n),
        )

    return [functools.partial(part, p) for p in range(len(pieces))], combine


# ------------------------------------------------------------------------------ betweenness
def betweenness(
    arrays: GraphArrays,
    *,
    weighted: bool,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
    sampling: Sampling | None = None,
) -> FloatArray:
    """Raw Freeman betweenness of every actor (array order), by Brandes' algorithm.

    As ``networkx.betweenness_centrality(normalized=False)`` defines it: sums over ordered pairs
    along arcs for a directed network, over unordered pairs for an undirected one; with
    ``weighted`` the length of a tie is ``1 / weight`` and lengths equal within the relative
    tolerance :data:`EPSILON` are equal. With `sampling`, the values are estimated from
    randomly sampled shortest paths with a stated error bound
    (:func:`coopnet.metrics.sampling.rk_betweenness`); `engine` is then not used.
    """
    if sampling is not None:
        from coopnet.metrics.sampling import rk_betweenness

        return rk_betweenness(arrays, weighted=weighted, sampling=sampling, jobs=jobs)
    raw: FloatArray = betweenness_pass(arrays, weighted=weighted, engine=engine).run(jobs)
    return raw


def betweenness_pass(
    arrays: GraphArrays, *, weighted: bool, engine: Engine = DEFAULT_ENGINE
) -> Pass:
    """The :class:`Pass` of :func:`betweenness` (run it, or hand it to :func:`prefetch`)."""
    engine = check_engine(engine)
    weighted = weighted and arrays.uniform_weight is None  # equal weights: hop counts decide
    key = f"betweenness:{weighted}:{engine}"
    if key in arrays._memo:
        return _kept(arrays, key)
    n = arrays.n
    if n == 0:
        return _pass(arrays, key, [], lambda results: np.zeros(0))
    pieces = _split(np.arange(n, dtype=np.int64), _n_parts(arrays))
    task: Callable[[int], FloatArray]
    if engine == "igraph":
        graph = _igraph_graph(arrays)
        lengths = (arrays.ties()[2] ** -1.0).tolist() if weighted else None
        whole = len(pieces) == 1

        def task(p: int) -> FloatArray:
            values = graph.betweenness(
                directed=arrays.directed,
                weights=lengths,
                sources=None if whole else pieces[p].tolist(),
            )
            return np.asarray(values, dtype=np.float64)

        def combine(results: list[FloatArray]) -> FloatArray:
            return _sum_parts(results, n)

    else:
        if weighted:

            def task(p: int) -> FloatArray:
                return _brandes_weighted(arrays, pieces[p])

        else:

            def task(p: int) -> FloatArray:
                return _brandes_blocks(arrays, pieces[p])

        def combine(results: list[FloatArray]) -> FloatArray:
            raw = _sum_parts(results, n)
            return raw if arrays.directed else raw / 2

    return _pass(arrays, key, [functools.partial(task, p) for p in range(len(pieces))], combine)


def _igraph_graph(arrays: GraphArrays) -> Any:
    """The network as an ``igraph.Graph`` (edges in :meth:`GraphArrays.ties` order), kept."""

    def build() -> Any:
        igraph = import_igraph()
        u, v, _ = arrays.ties()
        return igraph.Graph(
            n=arrays.n, edges=np.column_stack([u, v]).tolist(), directed=arrays.directed
        )

    return arrays.memo("igraph", build)


def _brandes_blocks(arrays: GraphArrays, sources: IntArray) -> FloatArray:
    """Dependencies of `sources` on every actor, unit lengths, vectorised over source blocks.

    Breadth-first search from a block of sources at once: path counts advance level by level
    through sparse-matrix products, and dependencies are accumulated back in the same way
    (Brandes 2001, eqs. 3-6; the algebraic form of Kepner & Gilbert 2011, ch. 6). Path counts
    are integers, exact in float64 up to :math:`2^{53}`.
    """
    n = arrays.n
    forward = arrays.unweighted().matrix()
    backward = arrays.reverse.unweighted().matrix()  # row w lists the actors with an arc into w
    result = np.zeros(n)
    step = max(1, _BLOCK_CELLS // (4 * n))
    for start in range(0, sources.size, step):
        block = sources[start : start + step]
        cols = np.arange(block.size)
        sigma = np.zeros((n, block.size))
        sigma[block, cols] = 1.0
        level = np.full((n, block.size), -1, dtype=np.int32)
        level[block, cols] = 0
        frontier = sigma.copy()
        depth = 0
        while True:
            reached = backward @ frontier  # shortest paths into each actor via the frontier
            new = (reached > 0) & (level < 0)
            if not new.any():
                break
            depth += 1
            level[new] = depth
            sigma[new] = reached[new]
            frontier = np.where(new, reached, 0.0)
        delta = np.zeros_like(sigma)
        for d in range(depth, 0, -1):
            at = level == d
            coef = np.zeros_like(sigma)
            coef[at] = (1.0 + delta[at]) / sigma[at]
            back = forward @ coef  # sum over the successors at depth d
            before = level == d - 1
            delta[before] += sigma[before] * back[before]
        delta[block, cols] = 0.0
        result += delta.sum(axis=1)
    return result


def _brandes_weighted(arrays: GraphArrays, sources: IntArray) -> FloatArray:
    """Dependencies of `sources` on every actor with lengths ``1 / weight`` (Dijkstra-Brandes).

    Two lengths count as equal when they differ by at most :data:`EPSILON` times the larger,
    as in igraph; plain Python, for the cross-check and small networks.
    """
    n = arrays.n
    indptr = arrays.indptr.tolist()
    indices = arrays.indices.tolist()
    lengths = arrays.lengths.tolist()
    result = [0.0] * n
    inf = float("inf")
    for s in sources.tolist():
        dist = [inf] * n
        sigma = [0] * n
        preds: list[list[int]] = [[] for _ in range(n)]
        done = [False] * n
        order: list[int] = []
        dist[s] = 0.0
        sigma[s] = 1
        heap = [(0.0, s)]
        while heap:
            d, u = heapq.heappop(heap)
            if done[u]:
                continue
            done[u] = True
            order.append(u)
            for k in range(indptr[u], indptr[u + 1]):
                v = indices[k]
                if done[v]:
                    continue
                alt = d + lengths[k]
                old = dist[v]
                if old == inf or old - alt > EPSILON * old:  # clearly shorter (or first)
                    dist[v] = alt
                    sigma[v] = sigma[u]
                    preds[v] = [u]
                    heapq.heappush(heap, (alt, v))
                elif abs(alt - old) <= EPSILON * max(alt, old):  # as short: one more route
                    sigma[v] += sigma[u]
                    preds[v].append(u)
        delta = [0.0] * n
        for w in reversed(order):
            coefficient = (1.0 + delta[w]) / sigma[w]
            for u in preds[w]:
                delta[u] += sigma[u] * coefficient
            if w != s:
                result[w] += delta[w]
    return np.asarray(result, dtype=np.float64)


def subset_betweenness(
    arrays: GraphArrays, sources: Sequence[int], targets: Sequence[int]
) -> FloatArray:
    """Unweighted betweenness counting only shortest paths from `sources` to `targets`.

    python-igraph's ``betweenness(sources=, targets=)`` (Brandes 2001, restricted sums) on the
    network as stored (use :attr:`GraphArrays.undirected` for the symmetrised one); positions
    in array order. For an undirected network each unordered pair counts half, as in igraph.
    """
    if not sources or not targets:
        return np.zeros(arrays.n)
    values = _igraph_graph(arrays).betweenness(
        directed=arrays.directed, sources=list(sources), targets=list(targets)
    )
    return np.asarray(values, dtype=np.float64)
