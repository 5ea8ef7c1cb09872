"""dtbook: recompute and judge the figures of the paper under audit.

Four layers; a layer imports only from the layers above it (see ARCHITECTURE.md):

- :mod:`dtbook.core`     pure arithmetic and rules: exact intervals, derived quantities, the
  verdict rules, trend tests. No files, no pandas tables.
- :mod:`dtbook.data`     the project's inputs: paths, errors, provenance records, validated raw
  tables, the audited ledger, the paper's text.
- :mod:`dtbook.chapter`  what a chapter notebook calls: the auditor that records one result per
  claim, figures, and the summary pages' frames.
- :mod:`dtbook.site`     building the book: data-aware execution, the gate, generated pages,
  Sphinx extension, PDF, README sync.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
