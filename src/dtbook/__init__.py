"""dtbook: recompute and judge the figures of the paper under audit.

One concern per module:

- :mod:`dtbook.paths`      root-anchored paths
- :mod:`dtbook.interval`   exact intervals for rounded numbers
- :mod:`dtbook.derive`     shares, growth rates, ratios, multiples, CAGRs on intervals
- :mod:`dtbook.judge`      the verdict rules
- :mod:`dtbook.tables`     loading a validated raw table (schema, hash, provenance, units)
- :mod:`dtbook.ledger`     the audited ledger of claims
- :mod:`dtbook.audit`      the per-notebook check recorder (glue, results, gate)
- :mod:`dtbook.trend`      statsmodels trend tests
- :mod:`dtbook.figures`    byte-identical figures
- :mod:`dtbook.build`      parallel, data-aware execution and the build gate
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
