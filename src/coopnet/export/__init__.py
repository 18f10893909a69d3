"""Write coopnet data for other network tools: Gephi (GEXF 1.3), GraphML, Pajek, UCINET DL, JSON.

Two kinds of output:

* **A dataset** (:func:`write_dataset`, behind ``coopnet convert`` and
  :meth:`coopnet.CooperationNetwork.write`): one node per actor with every actor column, one edge
  per tie row (parallel edges kept) with its weight, tie type and period. The format comes from the
  suffix of the output path (:data:`FORMATS`); an unknown suffix is refused, never silently
  written as a CSV folder.
* **An analysed network** (:func:`network_gexf` / :func:`write_network_gexf`, behind the
  ``network.gexf`` of ``coopnet analyze``): one period's graph with every actor measure as a node
  attribute and the drawing of coopnet's figures — group colours (``viz:color``), layout positions
  (``viz:position``) and node sizes (``viz:size``) — so Gephi opens a styled, laid-out network.

What each format keeps:

============  ==========================================================================
format        content
============  ==========================================================================
``gexf``      GEXF 1.3 [1]_: actor id, label and every actor column (typed); ties with
              weight, tie type (attribute ``tie_type`` and the GEXF 1.3 edge ``kind``,
              Gephi's "Kind" of parallel edges) and period; name and description
              in ``<meta>``. GEXF reserves the edge attribute ``type`` for the direction,
              so the tie type is never written as ``type``.
``graphml``   GraphML [2]_ (:func:`coopnet.io.write_graphml`): everything, metadata as graph
              attributes.
``pajek``     Pajek ``.net`` [3]_: vertices labelled by actor id, ``*Arcs``/``*Edges`` with
              the weight and the tie type as edge label (``l "type"``). Pajek has no actor
              columns or periods; a :class:`coopnet.errors.DataWarning` names what is left out.
``dl``        UCINET DL [4]_ (``format = edgelist1``, ``labels embedded:``, as UCINET and
              :meth:`igraph.Graph.Read_DL` read it): one matrix per tie
              type and period (``nm``, ``matrix labels``), weights as values. Actor columns
              are left out (with a warning).
``json``      node-link JSON as :func:`networkx.node_link_data` writes it (``"nodes"``,
              ``"edges"``, one edge per tie row with a ``key``); read it back with
              ``networkx.node_link_graph(data)`` (networkx < 3.4: ``link="edges"``).
``csv``       the dataset folder (:func:`coopnet.io.write_csv_folder`).
``xlsx``      one Excel workbook (:func:`coopnet.io.write_workbook`).
============  ==========================================================================

References
----------
.. [1] GEXF Working Group, "GEXF 1.3 primer", https://gexf.net/ (schema ``http://gexf.net/1.3``).
.. [2] U. Brandes et al., "GraphML Progress Report", *Graph Drawing 2001*, LNCS 2265,
   doi:10.1007/3-540-45848-4_59.
.. [3] W. de Nooy, A. Mrvar, V. Batagelj, *Exploratory Social Network Analysis with Pajek*, 3rd
   ed., Cambridge University Press, 2018, doi:10.1017/9781108565691.
.. [4] S. P. Borgatti, M. G. Everett, L. C. Freeman, *UCINET for Windows: Software for Social
   Network Analysis*, Analytic Technologies, 2002 (the DL format: UCINET help, "DL").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import CoopnetError
from coopnet.export._common import Inputs
from coopnet.export._flat import write_dl, write_node_link, write_pajek
from coopnet.export._gexf import (
    GEXF_SCALE,
    TIE_TYPE_ATTRIBUTE,
    network_gexf,
    write_gexf,
    write_network_gexf,
)
from coopnet.io import write_csv_folder, write_graphml, write_workbook
from coopnet.messages import Text, tr

__all__ = [
    "FORMATS",
    "GEXF_SCALE",
    "TIE_TYPE_ATTRIBUTE",
    "ExportFormat",
    "UnknownFormatError",
    "network_gexf",
    "output_format",
    "write_dataset",
    "write_dl",
    "write_gexf",
    "write_network_gexf",
    "write_node_link",
    "write_pajek",
]

ExportFormat = Literal["csv", "xlsx", "graphml", "gexf", "pajek", "dl", "json"]

FORMATS: dict[str, str] = dict(schema.EXPORT_FORMATS)
"""Every dataset output format and the suffix it is chosen by (``csv``: a folder, no suffix)."""


class UnknownFormatError(CoopnetError, ValueError):
    """The output path has a suffix no writer knows (the message lists the formats)."""


# ------------------------------------------------------------------------------------- formats
def _format_list() -> tuple[Text, ...]:
    return tuple(
        tr("errors.export.format_item", target=s or tr("errors.export.folder"), format=f)
        for f, s in FORMATS.items()
    )


def output_format(path: str | Path, format: str | None = None) -> ExportFormat:
    """The output format of `path`: `format` if given, else chosen by the suffix.

    Parameters
    ----------
    path
        The output path: a folder (no suffix) or a file with one of the suffixes of
        :data:`FORMATS`.
    format
        One of the keys of :data:`FORMATS`, or ``None``.

    Raises
    ------
    UnknownFormatError
        `format` is not a known format, or `path` has a suffix that is none of :data:`FORMATS`
        (``out.gexf2``, ``out.txt``); a folder name with a dot needs ``format="csv"``.

    Examples
    --------
    >>> output_format("out/musterstadt.gexf"), output_format("out/musterstadt")
    ('gexf', 'csv')
    >>> output_format("out/musterstadt.net")
    'pajek'
    """
    if format is not None:
        if format not in FORMATS:
            raise UnknownFormatError(
                tr("errors.export.unknown_format", format=format, formats=", ".join(FORMATS))
            )
        return format  # type: ignore[return-value]
    suffix = Path(path).suffix.lower()
    for name, known in FORMATS.items():
        if suffix == known:
            return name  # type: ignore[return-value]
    raise UnknownFormatError(
        tr("errors.export.unknown_suffix", path=path, suffix=suffix, formats=_format_list())
    )


def write_dataset(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    format: str | None = None,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset in the format of `path` (or `format`); returns the path written.

    Parameters
    ----------
    actors, ties, meta
        The tables and metadata of a :class:`coopnet.CooperationNetwork`.
    path
        Output folder (``csv``) or file; see :data:`FORMATS`.
    format
        Overrides the suffix.
    overwrite, inputs
        As :func:`coopnet.outputs.output_file` / :func:`~coopnet.outputs.output_folder` take
        them: an existing file or folder coopnet did not make is replaced only with `overwrite`;
        the output may never be (or lie inside) one of `inputs`.

    Raises
    ------
    UnknownFormatError
        See :func:`output_format`.
    OutputError
        See :mod:`coopnet.outputs`.
    """
    fmt = output_format(path, format)
    writers: dict[str, Callable[..., Path]] = {
        "csv": write_csv_folder,
        "xlsx": write_workbook,
        "graphml": write_graphml,
        "gexf": write_gexf,
        "pajek": write_pajek,
        "dl": write_dl,
        "json": write_node_link,
    }
    return writers[fmt](actors, ties, meta, path, overwrite=overwrite, inputs=inputs)
