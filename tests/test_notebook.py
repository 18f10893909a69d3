"""Notebooks: the example notebook runs in a real kernel and shows figures, summaries and maps.

coopnet never imports pyplot, so without ``CoopnetFigure._repr_png_`` a figure cell showed only
``<Figure size 900x700 with 1 Axes>``; without ``_repr_html_`` results printed 22–63 kB of text.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import coopnet
from coopnet.notebook import InteractiveMap

from .conftest import MUSTERSTADT, ROOT

SCRIPT = ROOT / "scripts" / "execute_notebook.py"


def _executed(tmp_path: Path) -> Any:
    pytest.importorskip("nbclient")
    spec = importlib.util.spec_from_file_location("execute_notebook", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["execute_notebook"] = module
    spec.loader.exec_module(module)
    import nbformat

    out = module.execute(tmp_path / "executed.ipynb", permutations=99, files=tmp_path / "files")
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
def test_notebook_executes_with_figures_summaries_and_maps(tmp_path: Path) -> None:
    notebook = _executed(tmp_path)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors
    results = {
        "".join(c.source).splitlines()[0]: [o for o in c.outputs if "data" in o] for c in cells
    }

    def data(first_line: str) -> dict[str, Any]:
        (key,) = [k for k in results if k.startswith(first_line)]
        (output,) = results[key]
        return dict(output["data"])

    for figure_cell in ("from coopnet.layout import union_layout", "fig, ax = plot_difference("):
        shown = data(figure_cell)
        assert "image/png" in shown, figure_cell  # not just "<Figure size 900x700 with 1 Axes>"
        assert len(shown["image/png"]) > 10_000
    for summary_cell, needle in (("a2016  #", "highest betweenness"),
                                 ("diagnosis  #", "top findings")):  # fmt: skip
        page = data(summary_cell)["text/html"]
        assert needle in page and len(page) < 8_000  # a summary, not a 22–63 kB dump
    first = data("from coopnet.interactive import write_network_html")["text/html"]
    second = data('coopnet.show(study, before="2016"')["text/html"]
    ids = [re.search(r'<iframe id="([^"]+)"', p).group(1) for p in (first, second)]  # type: ignore[union-attr]
    assert ids[0] != ids[1] and all("srcdoc=" in p for p in (first, second))
    assert "<script" not in first.split("srcdoc=", 1)[0]  # the page lives only in the iframe


def test_figures_render_as_png_without_pyplot() -> None:
    from coopnet.viz import plot_network

    study = coopnet.study(MUSTERSTADT)
    fig, _ = plot_network(study.graph("2016"), group="group")
    png = fig._repr_png_()  # type: ignore[attr-defined]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_results_have_short_reprs_and_escaped_html_summaries() -> None:
    from coopnet.compare import compare_all
    from coopnet.diagnose import diagnose

    study = coopnet.study(MUSTERSTADT, n_permutations=19)
    analysis = study.analysis("2016")
    comparison = compare_all(study)
    diagnosis = diagnose(study)
    for obj in (study, analysis, comparison, comparison.pairs[0], diagnosis):
        assert len(repr(obj)) < 200, type(obj)
        page = obj._repr_html_()
        assert page.startswith('<div class="coopnet-summary">') and len(page) < 8_000
        assert "<style" not in page and " id=" not in page  # nothing that restyles the notebook
    from coopnet.compare import qap_regression_dataset

    regression = qap_regression_dataset(study, period="2016", same=["group"])
    assert repr(regression).startswith("<QAPRegression ols period='2016' terms=")
    assert len(repr(regression)) < 200
    assert "Kommunales Integrationszentrum" in analysis._repr_html_()
    assert "density: 0.0986" in analysis._repr_html_()  # measures know no language: API format
    assert "actors: 72" in study._repr_html_()


def test_summary_escapes_hostile_labels(make_dataset: Any) -> None:
    folder = make_dataset(
        'id,label,group\na,"<img src=x onerror=alert(1)>",g\nb,B,h\nc,C,g\n',
        "source,target\na,b\nb,c\n",
    )
    page = coopnet.study(folder, n_permutations=9).analysis()._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_show_wraps_the_page_in_a_sandboxed_iframe() -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    first, second = coopnet.show(study, period="2016"), coopnet.show(study, period="2016")
    assert first.frame_id != second.frame_id
    frame = first._repr_html_()
    assert frame.startswith("<iframe ") and 'sandbox="allow-scripts"' in frame
    assert first.to_html().startswith("<!DOCTYPE html>")
    assert frame.count("<") == 2  # only the iframe's own tags: the page is an escaped attribute


def test_show_a_plain_graph_and_save(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("a", label="A & <B>", group="x")
    g.add_node("b", label="B", group="y")
    g.add_edge("a", "b", weight=1.0, types=("t",), periods=("1",))
    shown = coopnet.show(g, group="group", title="Klein")
    assert isinstance(shown, InteractiveMap) and "Klein" in shown._repr_html_()
    path = shown.save(tmp_path / "klein.html")
    assert path.read_text(encoding="utf-8") == shown.to_html()
