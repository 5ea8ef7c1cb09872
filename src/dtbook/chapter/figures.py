"""Byte-identical figures: SVG with a fixed hash salt and no date, PNG from Agg without metadata."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dtbook.data.paths import FIGURES

STYLE: dict[str, Any] = {
    "svg.hashsalt": "dtbook",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
VERDICT_COLOURS = {
    "reproduced": "#2e7d32",
    "inconsistent": "#f9a825",
    "contradicted": "#c62828",
    "unverifiable": "#757575",
}


def setup() -> None:
    plt.style.use(STYLE)  # the dict form: mypy knows rcParams keys as literals only


def save(fig: Figure, name: str) -> None:
    """Write ``figures/<name>.svg`` and ``.png`` (returns nothing, so the cell shows no repr)."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    for ext, meta in (("svg", {"Date": None}), ("png", {"Software": None})):
        path = FIGURES / f"{name}.{ext}"
        fig.savefig(path, format=ext, metadata=meta, bbox_inches="tight")
    plt.close(fig)


setup()
