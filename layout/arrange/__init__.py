"""arrange stage: every block's place on the grid, from what the spec says (absolute or
relative, sizes given or from the content) and, for blocks without `at:`, from the arranger."""

from .resolve import ArrangeCtx, Occupancy, arrange

__all__ = ["ArrangeCtx", "Occupancy", "arrange"]
