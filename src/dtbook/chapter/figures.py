"""Byte-identical figures: SVG with a fixed hash salt and no date, PNG from Agg without metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dtbook.data.paths import CHECKOUT

STYLE: dict[str, Any] = {
    "svg.hashsalt": "dtbook",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: the palette, one name per colour; chapters take their colours from here, never as hex literals
RED = "#c62828"  # China; a contradicted verdict; the paper's printed figure
BLUE = "#1565c0"  # a comparison economy or a second series
LIGHT_BLUE = "#90caf9"  # the lighter shade of a blue series (implied or earlier values)
GREEN = "#2e7d32"  # a third series; a reproduced verdict
PURPLE = "#6a1b9a"  # a fourth series; a judgement (not rated)
AMBER = "#f9a825"  # an inconsistent verdict; a second printed figure
GREY = "#757575"  # context; an unverifiable verdict
VERDICT_COLOURS = {
    "reproduced": GREEN,
    "inconsistent": AMBER,
    "contradicted": RED,
    "unverifiable": GREY,
    "judgement": PURPLE,
}


def setup() -> None:
    """Apply the package's matplotlib style (run on import)."""
    plt.style.use(STYLE)  # the dict form: mypy knows rcParams keys as literals only


def save(fig: Figure, name: str, folder: Path | None = None) -> None:
    """Write ``<folder>/<name>.svg`` and ``.png`` (returns nothing, so the cell shows no repr).

    ``folder`` is this process's figures folder (:attr:`dtbook.data.paths.Project.figures`: the
    stage's in a kernel of a build run) unless another is given.
    """
    folder = folder or CHECKOUT.figures
    folder.mkdir(parents=True, exist_ok=True)
    for ext, meta in (("svg", {"Date": None}), ("png", {"Software": None})):
        path = folder / f"{name}.{ext}"
        fig.savefig(path, format=ext, metadata=meta, bbox_inches="tight")
    plt.close(fig)


setup()
