"""Execute the example notebook with its outputs (figures, summaries, maps) into a new file.

Usage (from the repository root)::

    .venv/bin/python scripts/execute_notebook.py                    # → out/musterstadt.ipynb
    .venv/bin/python scripts/execute_notebook.py --out elsewhere.ipynb --permutations 99

The committed ``examples/musterstadt.ipynb`` has no outputs on purpose: an executed copy is about
2 MB (two self-contained interactive maps and the PNG figures) and its PNG bytes change with the
matplotlib and FreeType versions, so every regeneration would be a large, noisy diff. CI executes
the notebook the same way (``tests/test_notebook.py``) and checks that the figures arrive as
``image/png`` and the summaries and maps as ``text/html``. Needs the test extra
(``pip install 'coopnet[test]'``: nbclient, nbformat, ipykernel).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "musterstadt.ipynb"


def execute(out: Path, *, permutations: int = 1000, files: Path | None = None) -> Path:
    """Run every cell of the example notebook in a fresh kernel and save it with outputs."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    os.environ["COOPNET_PERMUTATIONS"] = str(permutations)
    if files is not None:
        os.environ["COOPNET_EXAMPLE_OUT"] = str(files)
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "musterstadt.ipynb")
    parser.add_argument("--permutations", type=int, default=1000)
    args = parser.parse_args()
    print(f"wrote {execute(args.out, permutations=args.permutations)}")


if __name__ == "__main__":
    main()
