"""The total ink an output profile's separation tables (B2A0/1/2) can give, and a way to hold
it under a limit by construction.

A colour management module (LittleCMS, a RIP) reads a lut16 B2A table as: Lab input curves →
a CLUT of device values, interpolated between its grid nodes → one output curve per ink. Its
interpolation (trilinear or tetrahedral) is a convex combination of nodes, and the total ink
is linear in the inks, so once the output curves are the identity no colour can carry more ink
than the heaviest node. `hold_ink_limit` bakes the curves into the nodes, sets them to the
identity and scales down the C, M and Y of every node over the cap (black kept, as a
separation's black carries the detail). The cap is the limit less what rounding each of four
8-bit channels to the nearest level can add (4 × ½/255 = 0.78 %), so an 8-bit separation,
the coarsest a CMM writes, stays at or under the limit too.

ArgyllCMS's `colprof -l240` aims at the limit while it fits the tables, but its output curves
are not the identity, so between nodes the ink can pass it (the TR 002 profile built that way
reached 243 % on a Lab sweep).
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

B2A_TAGS = (b"B2A0", b"B2A1", b"B2A2")
ROUNDING_8BIT = 4 * 0.5 / 255 * 100  # % of ink four 8-bit channels can gain by rounding


@dataclass(frozen=True)
class Lut16:
    """Where a lut16 (mft2) table's parts lie in the profile's bytes."""

    offset: int  # of the tag
    inputs: int
    outputs: int
    grid: int
    in_entries: int
    out_entries: int

    @property
    def clut(self) -> int:
        return self.offset + 52 + self.inputs * self.in_entries * 2

    @property
    def nodes(self) -> int:
        return self.grid ** self.inputs

    @property
    def curves(self) -> int:
        return self.clut + self.nodes * self.outputs * 2


def b2a_tables(data: bytes) -> list[Lut16]:
    """The distinct lut16 separation tables of a CMYK output profile (tags may share one)."""
    if len(data) < 132 or data[36:40] != b"acsp":
        raise ValueError("not an ICC profile")
    if data[16:20] != b"CMYK":
        raise ValueError("not a CMYK profile")
    count = struct.unpack_from(">I", data, 128)[0]
    seen: dict[int, Lut16] = {}
    for i in range(count):
        sig, off, _size = struct.unpack_from(">4sII", data, 132 + 12 * i)
        if sig not in B2A_TAGS or off in seen:
            continue
        if data[off:off + 4] != b"mft2":
            raise ValueError(f"{sig.decode()} is {data[off:off + 4]!r}, not a lut16 table")
        inputs, outputs, grid = data[off + 8], data[off + 9], data[off + 10]
        in_e, out_e = struct.unpack_from(">HH", data, off + 48)
        seen[off] = Lut16(off, inputs, outputs, grid, in_e, out_e)
    if not seen:
        raise ValueError("no B2A table")
    return list(seen.values())


def _curve_at(curve: tuple[int, ...], v: int) -> float:
    """A 16-bit curve table read as a CMM reads it: linear between its entries."""
    pos = v * (len(curve) - 1) / 65535
    i = min(int(pos), len(curve) - 2)
    f = pos - i
    return curve[i] * (1 - f) + curve[i + 1] * f


def node_inks(data: bytes, t: Lut16) -> list[tuple[float, ...]]:
    """Every node's inks in % as the table prints them (its output curves applied)."""
    n = t.outputs * t.out_entries
    flat = struct.unpack_from(f">{n}H", data, t.curves)
    curves = [flat[c * t.out_entries:(c + 1) * t.out_entries] for c in range(t.outputs)]
    raw = struct.unpack_from(f">{t.nodes * t.outputs}H", data, t.clut)
    return [tuple(_curve_at(curves[c], raw[j * t.outputs + c]) / 65535 * 100
                  for c in range(t.outputs)) for j in range(t.nodes)]


def max_node_ink(data: bytes) -> float:
    """The most ink any node of any separation table prints, in %."""
    return max(sum(inks) for t in b2a_tables(data) for inks in node_inks(data, t))


def hold_ink_limit(data: bytes, limit: float) -> bytes:
    """The profile with every separation table's output curves baked into its nodes and no
    node over `limit` less the 8-bit rounding margin: no colour it separates, at 8 or 16 bits,
    carries more than `limit` % ink."""
    cap = (limit - ROUNDING_8BIT) / 100 * 65535
    out = bytearray(data)
    for t in b2a_tables(data):
        if t.outputs != 4:
            raise ValueError("a separation table without four inks")
        nodes = []
        for c, m, y, k in node_inks(data, t):
            v = [c / 100 * 65535, m / 100 * 65535, y / 100 * 65535, k / 100 * 65535]
            if sum(v) > cap:
                cmy = v[0] + v[1] + v[2]
                k16 = min(v[3], cap)
                f = max(cap - k16, 0.0) / cmy if cmy else 0.0
                v = [v[0] * f, v[1] * f, v[2] * f, k16]
                q = [int(x) for x in v]  # down, so the sum stays under the cap
            else:
                q = [round(x) for x in v]
            nodes.extend(min(65535, max(0, x)) for x in q)
        struct.pack_into(f">{len(nodes)}H", out, t.clut, *nodes)
        ident = [round(j * 65535 / (t.out_entries - 1)) for j in range(t.out_entries)]
        struct.pack_into(f">{t.outputs * t.out_entries}H", out, t.curves,
                         *(ident * t.outputs))
    out[84:100] = bytes(16)  # the profile ID (an MD5 of the bytes) no longer holds: unset
    return bytes(out)


def main(argv: list[str]) -> int:
    """`python -m layout.iccink PROFILE.icc LIMIT`: hold the profile's ink limit in place."""
    if len(argv) != 2:
        print("usage: python -m layout.iccink PROFILE.icc LIMIT", file=sys.stderr)
        return 2
    path, limit = Path(argv[0]), float(argv[1])
    data = path.read_bytes()
    before = max_node_ink(data)
    held = hold_ink_limit(data, limit)
    path.write_bytes(held)
    print(f"{path}: heaviest node {before:.1f} % → {max_node_ink(held):.1f} % "
          f"(limit {limit:g} %, nodes capped at {limit - ROUNDING_8BIT:.2f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
