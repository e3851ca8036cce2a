"""place stage: composed blocks → the page model (layout/pagemodel.py) and a fit per block.

`stage` drives it; `thread` pours text through frames (`frames`) with copyfit; `furniture`
places what every kind may carry; each kind places its own content (layout/kinds/); `sink`
keeps the items in paint order; `fit` says what fits."""

from .fit import Fit, Status
from .stage import place

__all__ = ["Fit", "Status", "place"]
