"""Write the input shapes analysts bring: one small dataset per shape, with what it must read as.

Run as a script (``python tests/shapes/make_shapes.py DIR``) to look at the files, or used by
``tests/test_shapes.py``, which loads and validates every shape and checks what ``coopnet
validate`` says it read. Every shape is documented in ``docs/data-format.md`` with the same layout.

The files are generated, not committed, so that each is written the way the tool in question
writes it (UTF-16 with a BOM as Excel's "Unicode text", a Kumu workbook, a UCINET DL header).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: five offices; A and B name each other (a returned nomination), C names A, D names C
NOMINATIONS = "source,target\nA,B\nB,A\nC,A\nD,C\n"
ACTORS = "id,label,group\nA,Amt A,Verwaltung\nB,Amt B,Verwaltung\nC,Verein C,Zivil\nD,Verein D,Zivil\nE,Initiative E,Zivil\n"


@dataclass(frozen=True)
class Shape:
    """What a shape must give.

    Attributes
    ----------
    shape
        ``ReadInfo.shape`` (``"folder"``, ``"workbook"``, ``"matrix"``, …).
    actors, ties
        Actors and tie rows after validation (``None``: not checked, e.g. when invalid).
    directed
        How tie rows are read.
    group
        The grouping column the study resolves (``None``: there is none).
    errors, warnings
        Problem codes that must be among the errors / warnings (no error at all when empty).
    read
        Substrings of ``coopnet validate --lang en``'s "what it read" lines.
    """

    shape: str
    actors: int | None = None
    ties: int | None = None
    directed: bool = True
    group: str | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    read: tuple[str, ...] = field(default_factory=tuple)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------------------ 1 nominations
def nominations_no_toml(root: Path) -> Path:
    """actors.csv + ties.csv, no dataset.toml: the rows are nominations, A↔B is returned."""
    _write(root / "actors.csv", ACTORS)
    _write(root / "ties.csv", NOMINATIONS)
    return root


def mutual_ties_toml(root: Path) -> Path:
    """The same rows with ``directed = false``: A–B and B–A are one tie (a merged duplicate)."""
    nominations_no_toml(root)
    _write(root / "dataset.toml", "directed = false\n")
    return root


# ------------------------------------------------------------------------------ 2 rosters
MATRIX = ";A;B;C;D;E\nA;;2;;;\nB;1;;;;\nC;3;;;;\nD;;;1;;\n"


def roster_folder(root: Path) -> Path:
    """actors.csv (with groups) + matrix.csv (rows A–D answered, E only a column)."""
    _write(root / "actors.csv", ACTORS)
    _write(root / "matrix.csv", MATRIX)
    return root


def roster_workbook(root: Path) -> Path:
    """A workbook with the sheets ``Akteure`` and ``Matrix``."""
    actors = [row.split(",") for row in ACTORS.strip().split("\n")]
    matrix = [
        [int(c) if c.isdigit() else c for c in row.split(";")] for row in MATRIX.strip().split("\n")
    ]
    return _workbook(root / "befragung.xlsx", {"Akteure": actors, "Matrix": matrix})


# ------------------------------------------------------------------------------ 3 codes
WORD_TIES = (
    "von;an;Häufigkeit\nA;B;wöchentlich\nB;A;täglich\nC;A;wöchentlich\nD;C;nie\nC;D;monatlich\n"
)


def coded_weights(root: Path) -> Path:
    """Frequency words in the weight column, mapped by ``[codes.weight]`` (``nie`` = no tie)."""
    _write(root / "actors.csv", ACTORS)
    _write(root / "ties.csv", WORD_TIES)
    _write(
        root / "dataset.toml",
        '[codes.weight]\n"nie" = 0\n"seltener" = 1\n"monatlich" = 2\n"wöchentlich" = 3\n'
        '"täglich" = 4\n',
    )
    return root


def uncoded_words(root: Path) -> Path:
    """The same words without codes: one error per word, naming the column ``Häufigkeit``."""
    _write(root / "actors.csv", ACTORS)
    _write(root / "ties.csv", WORD_TIES)
    return root


SOSCI = ";A;B;C;D;E\nA;;2;1;1;1\nB;2;;1;1;1\nC;2;1;;1;1\nD;1;1;2;;1\nE;1;1;1;2;\n"
"""1 = not chosen, 2 = chosen, as SoSci Survey exports a multiple-choice roster."""


def sosci_uncoded(root: Path) -> Path:
    """A SoSci-coded matrix without codes: every cell looks like a tie → a warning."""
    _write(root / "actors.csv", ACTORS)
    _write(root / "matrix.csv", SOSCI)
    return root


def sosci_coded(root: Path) -> Path:
    """The same matrix with ``[codes.tie] "1" = 0, "2" = 1``."""
    sosci_uncoded(root)
    _write(root / "dataset.toml", '[codes.tie]\n"1" = 0\n"2" = 1\n')
    return root


# ------------------------------------------------------------------------------ 4 Excel
def excel_german(root: Path) -> Path:
    """Sheets ``Akteure``/``Kooperationen``, a title row, headers with extra words."""
    return _workbook(
        root / "kooperation.xlsx",
        {
            "Akteure": [
                ["Befragung Zusammenarbeit 2024"],
                [],
                ["Kürzel", "Bezeichnung", "Bereich", "Teilnahme an Befragung", "Bemerkung"],
                ["A", "Amt A", "Verwaltung", "ja", ""],
                ["B", "Amt B", "Verwaltung", "ja", ""],
                ["C", "Verein C", "Zivilgesellschaft", "nein", "Rückruf"],
                ["D", "Verein D", "Zivilgesellschaft", "ja", ""],
            ],
            "Kooperationen": [
                ["Nennungen – Stand 3.5.2024"],
                ["von (befragte Stelle)", "an (genannte Stelle)", "Häufigkeit der Zusammenarbeit"],
                ["A", "B", 3],
                ["B", "A", 2],
                ["D", "C", 1],
                ["C", "A", 1],
            ],
        },
    )


def excel_sheet_by_content(root: Path) -> Path:
    """Sheets ``Teilnehmer`` (an id column) and ``Netz 2024`` (von/an): found by their content."""
    return _workbook(
        root / "netz.xlsx",
        {
            "Teilnehmer": [["Kürzel", "Gruppe"], ["A", "G1"], ["B", "G1"], ["C", "G2"]],
            "Tabelle1": [["von", "an"], ["A", "B"], ["B", "C"]],
            "Notizen": [["Protokoll der Sitzung"], ["..."]],
        },
    )


def utf16_text(root: Path) -> Path:
    """An edge list saved by Excel as "Unicode-Text": UTF-16 with BOM, tab-separated."""
    text = "Von\tAn\tGewicht\r\nAmt Süd\tBüro Nord\t2\r\nBüro Nord\tAmt Süd\t1\r\n"
    return _write(root / "export.txt", "\ufeff" + text, encoding="utf-16-le")


# ------------------------------------------------------------------------------ 5 tools
def kumu(root: Path) -> Path:
    """A Kumu export: ``Elements`` keyed by ``Label``, ``Connections`` with ``From``/``To``."""
    return _workbook(
        root / "kumu.xlsx",
        {
            "Elements": [
                ["Label", "Type", "Description", "Tags"],
                ["Amt A", "Verwaltung", "", "stadt"],
                ["Amt B", "Verwaltung", "", "stadt|kern"],
                ["Verein C", "Zivilgesellschaft", "Sportverein", ""],
            ],
            "Connections": [
                ["From", "To", "Type", "Direction", "Strength"],
                ["Amt A", "Amt B|Verein C", "Information", "directed", 2],
                ["Verein C", "Amt A", "Projekt", "mutual", 1],
            ],
        },
    )


def polinode(root: Path) -> Path:
    """A Polinode export: ``Nodes`` (``Name``, attributes), ``Edges`` (``Source``, ``Target``)."""
    return _workbook(
        root / "polinode.xlsx",
        {
            "Nodes": [["Name", "Sector"], ["Amt A", "Verwaltung"], ["Verein C", "Zivil"],
                      ["Amt B", "Verwaltung"]],
            "Edges": [["Source", "Target", "Weight"], ["Amt A", "Verein C", 2],
                      ["Verein C", "Amt A", 1], ["Amt B", "Amt A", 1]],
        },
    )  # fmt: skip


DL_FULL = """DL N=4
FORMAT = FULLMATRIX
LABELS:
amt_a,amt_b,verein_c,verein_d
DATA:
0 1 0 0
1 0 1 0
0 0 0 1
1 0 0 0
"""

DL_EMBEDDED = """dl n = 4
format = fullmatrix
labels embedded
data:
amt_a amt_b verein_c verein_d
amt_a 0 1 0 0
amt_b 1 0 1 0
verein_c 0 0 0 1
verein_d 1 0 0 0
"""

DL_EDGES = """dl n = 4
format = edgelist1
labels:
amt_a
amt_b
verein_c
verein_d
labels embedded:
data:
amt_a amt_b 2.0
amt_b amt_a 1.0
amt_b verein_c 1.0
verein_c verein_d 3.0
verein_d amt_a 1.0
"""

DL_NODES = """DL n=4
format = nodelist1
labels:
amt_a amt_b verein_c verein_d
data:
1 2
2 1 3
3 4
4 1
"""


def ucinet_fullmatrix(root: Path) -> Path:
    """UCINET DL ``fullmatrix`` with a ``labels:`` list."""
    return _write(root / "netz.dl", DL_FULL)


def ucinet_embedded(root: Path) -> Path:
    """UCINET DL ``fullmatrix`` with ``labels embedded``."""
    return _write(root / "netz.dl", DL_EMBEDDED)


def ucinet_edgelist(root: Path) -> Path:
    """UCINET DL ``edgelist1`` with labels and embedded labels (as coopnet convert writes it)."""
    return _write(root / "netz.dl", DL_EDGES)


def ucinet_nodelist(root: Path) -> Path:
    """UCINET DL ``nodelist1``: ego followed by alters, numbers."""
    return _write(root / "netz.dl", DL_NODES)


PAJEK_ARCS = """*Network "Netz"
*Vertices 4
1 "Amt A" 0.1 0.2 0.5
2 "Amt B"
3 "Verein C"
4 "Verein D"
*Arcs
1 2 2
2 1 1
2 3
3 4 3 l "Projekt"
4 1
"""

PAJEK_EDGES = """% written by hand
*Vertices 4
1 "Amt A"
2 "Amt B"
3 "Verein C"
4 "Verein D"
*Edges
1 2
2 3 2
3 4
"""

PAJEK_LISTS = """*Vertices 4
1 "Amt A"
2 "Amt B"
3 "Verein C"
4 "Verein D"
*Arcslist
1 2 3
2 1
4 1 3
"""


def pajek_arcs(root: Path) -> Path:
    """Pajek ``*Arcs`` with weights, coordinates and an edge label."""
    return _write(root / "netz.net", PAJEK_ARCS)


def pajek_edges(root: Path) -> Path:
    """Pajek ``*Edges``: undirected."""
    return _write(root / "netz.net", PAJEK_EDGES)


def pajek_lists(root: Path) -> Path:
    """Pajek ``*Arcslist``."""
    return _write(root / "netz.net", PAJEK_LISTS)


def edge_list_csv(root: Path) -> Path:
    """One CSV with source and target columns and no actor table (read as an edge list)."""
    return _write(root / "kontakte.csv", "von;an;Gewicht\nA;B;2\nB;C;1,5\nC;A;1\n")


def no_groups_matrix(root: Path) -> Path:
    """A matrix alone: no actor attributes, so no grouping column."""
    return _write(root / "matrix.csv", ";A;B;C;D\nA;;1;;\nB;1;;1;\nC;;;;1\nD;;1;;\n")


SHAPES: dict[str, tuple[Callable[[Path], Path], Shape]] = {
    "nominations_no_toml": (
        nominations_no_toml,
        Shape("folder", actors=5, ties=4, group="group",
              read=("nominations", "no dataset.toml says otherwise")),
    ),
    "mutual_ties_toml": (
        mutual_ties_toml,
        Shape("folder", actors=5, ties=3, directed=False, group="group",
              warnings=("duplicate_tie",), read=("mutual ties", "directed = false")),
    ),
    "roster_folder": (
        roster_folder,
        Shape("folder", actors=5, ties=4, group="group",
              read=("roster matrix: matrix.csv", "actor table: actors.csv", "respondent")),
    ),
    "roster_workbook": (
        roster_workbook,
        Shape("workbook", actors=5, ties=4, group="group",
              read=("befragung.xlsx[Akteure]", "roster matrix: befragung.xlsx[Matrix]")),
    ),
    "coded_weights": (
        coded_weights,
        Shape("folder", actors=5, ties=4, group="group",
              read=("'Häufigkeit' → weight", "codes of 'Häufigkeit'", "'wöchentlich' = 3 (2×)")),
    ),
    "uncoded_words": (
        uncoded_words,
        Shape("folder", errors=("bad_weight",), read=("'Häufigkeit' → weight",)),
    ),
    "sosci_uncoded": (
        sosci_uncoded,
        Shape("folder", actors=5, ties=20, group="group", warnings=("matrix_coding",)),
    ),
    "sosci_coded": (
        sosci_coded,
        Shape("folder", actors=5, ties=5, group="group", read=("codes of 'tie'", "'1' = 0")),
    ),
    "excel_german": (
        excel_german,
        Shape("workbook", actors=4, ties=4, read=(
            "actor table: kooperation.xlsx[Akteure]", "tie table: kooperation.xlsx[Kooperationen]",
            "the header is row 3", "'Bereich' → sector", "'Teilnahme an Befragung' → responded",
            "'von (befragte Stelle)' → source", "Bemerkung",
        )),
    ),
    "excel_sheet_by_content": (
        excel_sheet_by_content,
        Shape("workbook", actors=3, ties=2, group="group", read=(
            "actor table: netz.xlsx[Teilnehmer]", "tie table: netz.xlsx[Tabelle1]",
            "not read: netz.xlsx[Notizen]",
        )),
    ),
    "utf16_text": (
        utf16_text, Shape("edge_list", actors=2, ties=2, read=("'Von' → source",))
    ),
    "kumu": (
        kumu,
        Shape("kumu", actors=3, ties=4, read=(
            "a Kumu export", "'Label' → id", "'Strength' → weight",
            "the undirected ones count in both directions",
        )),
    ),
    "polinode": (
        polinode,
        Shape("polinode", actors=3, ties=3, read=("a Polinode export", "'Name' → id")),
    ),
    "ucinet_fullmatrix": (ucinet_fullmatrix, Shape("dl", actors=4, ties=5, read=("UCINET DL",))),
    "ucinet_embedded": (ucinet_embedded, Shape("dl", actors=4, ties=5)),
    "ucinet_edgelist": (ucinet_edgelist, Shape("dl", actors=4, ties=5)),
    "ucinet_nodelist": (ucinet_nodelist, Shape("dl", actors=4, ties=5)),
    "pajek_arcs": (pajek_arcs, Shape("pajek", actors=4, ties=5, read=("*Arcs",))),
    "pajek_edges": (
        pajek_edges, Shape("pajek", actors=4, ties=3, directed=False, read=("*Edges",))
    ),
    "pajek_lists": (pajek_lists, Shape("pajek", actors=4, ties=5)),
    "edge_list_csv": (
        edge_list_csv,
        Shape("edge_list", actors=3, ties=3, warnings=("no_actors_file",),
              read=("an edge list", "'von' → source")),
    ),
    "no_groups_matrix": (
        no_groups_matrix, Shape("matrix", actors=4, ties=5, group=None)
    ),
}  # fmt: skip
"""Every shape: the function that writes it into a folder (returning the path to read) and
what it must give."""


def write_shapes(root: Path) -> dict[str, tuple[Path, Shape]]:
    """Write every shape into its own folder under `root`; returns ``{name: (path, expected)}``."""
    return {name: (make(root / name), want) for name, (make, want) in SHAPES.items()}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "shapes")
    for name, (path, _) in write_shapes(target).items():
        sys.stdout.write(f"{name}: {path}\n")
