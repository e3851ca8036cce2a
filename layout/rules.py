"""The rule vocabulary of Chinese newspaper layout (线条): 正线, 反线, 双线, 文武线, 点线.

A rule is one or more parallel strokes. Offsets run inward from the rule's edge (into a box, or
downward for a horizontal rule), so a box bordered with 文武线 has its thick stroke outside and
its thin stroke inside, as in print.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stroke:
    offset: float  # pt from the rule's edge, inward
    width: float  # pt
    dash: tuple[float, float] | None = None  # on, off (pt) with round caps; None: solid


RULES: dict[str, tuple[Stroke, ...]] = {
    "thin": (Stroke(0.25, 0.5),),  # 正线
    "medium": (Stroke(0.5, 1.0),),  # 正线 at 1 pt: thick enough to print in two inks
    "thick": (Stroke(1.0, 2.0),),  # 反线
    "double": (Stroke(0.25, 0.5), Stroke(1.75, 0.5)),  # 双线
    "wenwu": (Stroke(1.0, 2.0), Stroke(3.25, 0.5)),  # 文武线: thick outside, thin inside
    "dotted": (Stroke(0.5, 1.0, (0.01, 2.0)),),  # 点线: round dots 2 pt apart
}


def thickness(style: str) -> float:
    """Total thickness of a rule: how far its strokes reach from its edge."""
    return max(s.offset + s.width / 2 for s in RULES[style])
