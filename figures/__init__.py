"""Charts drawn from spec data: bar charts, rings and big-number callouts.

matplotlib draws them into a recorder (figures.recorder), so the page prints them in its own
fonts and CMYK inks. This package imports nothing from layout/, and matplotlib only when a chart
is drawn.
"""

from __future__ import annotations

from .model import Drawing, Label, Shape

__all__ = ["Drawing", "Label", "Shape"]
