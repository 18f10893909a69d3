"""How the report is assembled: figures drawn in their own process as soon as their inputs
exist, matplotlib kept out of the process that writes the pages, warnings said once.

No timing here (speed is measured in ``benchmarks/``): the tests check the order of the steps,
the imports of the writing process and what is logged.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coopnet.config import AnalysisConfig
from coopnet.report import _once, build_report

from .conftest import MakeDataset

FAST = AnalysisConfig(n_permutations=9)


@pytest.fixture
def many_groups(make_dataset: MakeDataset) -> Path:
    """120 actors, each in a group of its own (more groups than colour and shape pairs), in a
    ring with chords, two periods."""
    n = 120
    actors = "id,label,group\n" + "".join(f"a{i:03d},Akteur {i},G{i:03d}\n" for i in range(n))
    rows = [(f"a{i:03d}", f"a{(i + 1) % n:03d}", p) for i in range(n) for p in ("2020", "2022")]
    rows += [(f"a{i:03d}", f"a{(i + 7) % n:03d}", "2022") for i in range(0, n, 3)]
    ties = "source,target,period\n" + "".join(f"{s},{t},{p}\n" for s, t, p in rows)
    toml = 'name = "Viele Gruppen"\ngroup = "group"\nperiods = ["2020", "2022"]\n'
    return make_dataset(actors, ties, toml)


@pytest.mark.usefixtures("no_figures")
def test_figures_start_before_the_diagnosis(small_dataset: Path, tmp_path: Path) -> None:
    # the figures need graphs, measures, comparison, curves and layout, not the diagnosis:
    # their process is started before the diagnosis and the recommendations are computed
    messages: list[str] = []
    build_report(small_dataset, tmp_path / "r", config=FAST, progress=messages.append)
    order = [m.split(" ")[0] for m in messages]
    assert order.index("figures") < order.index("diagnosis") < order.index("recommendations")
    assert order.index("key") < order.index("figures")  # the curves are drawn
    assert order.index("recommendations") < order.index("interactive") < order.index("tables")
    assert messages[-1] == "report page"


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])


@pytest.mark.usefixtures("no_figures")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "120 Gruppen ohne feste Farbe, aber nur 105 freie Paare aus Farbe und Form"),
        ("en", "120 groups without a fixed style but 105 free colour and shape pairs"),
    ],
)
def test_repeating_styles_are_said_once_in_the_report_language(
    many_groups: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, lang: str, expected: str
) -> None:
    config = AnalysisConfig(n_permutations=9, lang=lang)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="coopnet"):
        build_report(many_groups, tmp_path / "r", config=config)
    said = [r for r in caplog.records if getattr(r, "key", None) == "viz.styles_repeat"]
    # three maps (two periods, one comparison) style the same 120 groups: said once
    assert [r.getMessage() for r in said] == [said[0].getMessage()]
    assert said[0].getMessage().startswith(expected)
    assert (tmp_path / "r" / "network_2020.html").exists()
    assert (tmp_path / "r" / "comparison_2020_2022.html").exists()


def test_once_lets_other_records_pass_and_ends_with_its_block(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("coopnet.palette")
    with caplog.at_level(logging.WARNING, logger="coopnet.palette"):
        with _once("k"):
            for _ in range(3):
                log.warning("first %d", 1, extra={"key": "k"})
                log.warning("other")  # no key: always
                log.warning("another key", extra={"key": "j"})  # not one of the keys
        log.warning("after", extra={"key": "k"})  # the block ended: passes again
    assert caplog.messages == [
        "first 1", "other", "another key", "other", "another key", "other", "another key",
        "after",
    ]  # fmt: skip


def test_the_writing_process_never_imports_matplotlib(small_dataset: Path, tmp_path: Path) -> None:
    # in a fresh interpreter: the report is complete (figures included, drawn by the second
    # process), and the process that wrote pages and tables has not imported matplotlib
    script = textwrap.dedent(
        f"""
        import sys
        from coopnet.config import AnalysisConfig
        from coopnet.report import build_report
        out = build_report({str(small_dataset)!r}, {str(tmp_path / "r")!r},
                           config=AnalysisConfig(n_permutations=9))
        assert (out / "figures" / "network_2016.png").stat().st_size > 0
        assert "figures/network_2016.png" in (out / "index.html").read_text(encoding="utf-8")
        print(sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")[:3])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_a_second_process_the_figures_are_drawn_here(
    small_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where forking is impossible (other threads, no os.fork) both parts run in this process
    monkeypatch.setattr("coopnet.metrics._workers._can_fork", lambda: False)
    out = build_report(small_dataset, tmp_path / "r", config=FAST)
    assert (out / "figures" / "network_2016.png").stat().st_size > 0
    assert (out / "figures" / "mixing_2016.svg").stat().st_size > 0
    assert "findings" in (out / "index.html").read_text(encoding="utf-8")


def test_the_same_report_whichever_process_wrote_what(
    small_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with the helper process (figures there, maps wherever was free first) and without it
    # (everything here): the same files, byte for byte
    shared = build_report(small_dataset, tmp_path / "helper", config=FAST)
    monkeypatch.setattr("coopnet.metrics._workers._can_fork", lambda: False)
    alone = build_report(small_dataset, tmp_path / "alone", config=FAST)
    skip = {"provenance.json", ".coopnet-manifest.json"}

    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and p.name not in skip}  # fmt: skip

    here, there = files(alone), files(shared)
    assert sorted(here) == sorted(there)
    assert [name for name in here if here[name] != there[name]] == []
    assert any(name.startswith("network_") for name in here)  # maps and figures were written
