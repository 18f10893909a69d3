"""Parsing of the input formats into raw text tables (the internals behind :mod:`coopnet.io`).

Each module reads one kind of file into :class:`~coopnet.readers.tables.RawTable` objects — every cell
as stripped text, every row with the line or position where it stands — within the
:class:`~coopnet.config.Limits`, so that :mod:`coopnet.validation` checks every format with one set of
rules. The public entry points are :func:`coopnet.io.read_raw` and the ``read_*`` functions there.

* :mod:`~coopnet.readers.tables` — ``RawTable``, ``RawDataset`` and cell text;
* :mod:`~coopnet.readers.text` — CSV bytes: encoding per row, separator, quotes;
* :mod:`~coopnet.readers.workbook` — Excel workbooks: zip sizes, real cells only;
* :mod:`~coopnet.readers.graphs` — GraphML and GEXF node and edge lists, with their line numbers;
* :mod:`~coopnet.readers.dl`, :mod:`~coopnet.readers.pajek` — UCINET DL and Pajek ``.net`` files;
* :mod:`~coopnet.readers.matrix` — roster matrices unrolled into tie rows;
* :mod:`~coopnet.readers.columns` — which coopnet column a column of the file is (aliases, words);
* :mod:`~coopnet.readers.dataset` — which file or sheet is what, the metadata's renames, and how
  tie rows are read (nominations unless the data say otherwise), recorded in ``ReadInfo``.
"""
