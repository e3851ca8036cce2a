"""Where placers put page items: one list per paint layer, so the page model comes out in the
order a page is painted (tints under pictures under rules under charts under text) whatever the
order blocks are placed in."""

from __future__ import annotations

from enum import IntEnum

from ..pagemodel import Item


class Layer(IntEnum):
    FILL = 0  # box tints, label bars, placeholder frames
    PICTURE = 1
    STROKE = 2  # rules and borders
    CHART = 3
    FLOW = 4  # body text flowing through frames
    TEXT = 5  # display text: headlines, labels, captions, the 报眉


class Sink:
    def __init__(self) -> None:
        self._layers: dict[Layer, list[Item]] = {layer: [] for layer in Layer}

    def add(self, layer: Layer, item: Item) -> None:
        self._layers[layer].append(item)

    def extend(self, layer: Layer, items) -> None:
        self._layers[layer].extend(items)

    def items(self) -> tuple[Item, ...]:
        return tuple(it for layer in Layer for it in self._layers[layer])
