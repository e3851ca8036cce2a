"""Characterisation data for ISO 12647-3 coldset newsprint (the IFRA26 condition), computed
from the standard's published aim values, for a profile that may be shipped.

No measured IFRA26 characterisation data can be had from the package registries banmian
builds from (Debian ships CGATS TR 002 and FOGRA data, not IFRA's), so the print is modelled
from what ISO 12647-3 publishes for the condition:

- the CIELAB aim values of the paper, the four solids and the three two-colour overprints
  (D50, 2°, 0/45, black backing), `AIMS` below;
- a tone value increase of 26 % at the 40 % patch for every ink (the "26" of IFRA26 and of
  ISOnewspaper26v4).

The print of a CMYK patch is the colorimetric Neugebauer mixture (Demichel weights) of the 16
overprints of the solids, each ink at its printed coverage a' = 1 − (1 − a)^γ, γ chosen so
that a' − a = 0.26 at a = 0.40 (the increase then peaks at 26.9 % near 50 % and falls to 17 %
at 20 % and 80 %). The overprints the standard gives no aim for (C+M+Y, and each with black)
are estimated with a subtractive rule above a surface floor F (the light the first surface
reflects whatever the ink, taken as ¾ of the black solid's XYZ):
S+T = F + (S − F)(T − F)/(W − F). Run on TR 002's own solids and overprints, the same model
predicts TR 002's 928 measured patches within a median ΔE*ab of the figure PROVENANCE.md
states (`python aims_ti3.py --check TR002.ti3`).

`python aims_ti3.py > IFRA26-aims.ti3` writes the data set; `build-profile.sh` profiles it.
"""

from __future__ import annotations

import itertools
import math
import sys

# ISO 12647-3 (2005; carried over by the 2013 edition and GOST R ISO 12647-3-2014) aim values
# for coldset offset on standard newsprint, CIELAB D50/2°, 0/45 geometry, black backing
AIMS = {
    "W": (82.0, 0.0, 3.0),  # the paper
    "C": (57.0, -23.0, -27.0),
    "M": (54.0, 44.0, -2.0),
    "Y": (78.0, -3.0, 58.0),
    "K": (36.0, 1.0, 4.0),
    "MY": (52.0, 41.0, 25.0),  # red
    "CY": (53.0, -34.0, 17.0),  # green
    "CM": (41.0, 7.0, -22.0),  # blue
}
TVI_40 = 0.26  # tone value increase at the 40 % patch, every ink
FLOOR = 0.75  # the surface floor as a share of the black solid's XYZ
D50 = (96.422, 100.0, 82.521)
INKS = "CMYK"
# patch levels: every combination of C, M and Y on these, under each black level, and the
# single-ink ramps at every 5 %
CMY_LEVELS = (0, 10, 20, 30, 40, 55, 70, 85, 100)
K_LEVELS = (0, 20, 40, 60, 80, 100)

XYZ = tuple[float, float, float]


def lab_to_xyz(lab: tuple[float, float, float]) -> XYZ:
    L, a, b = lab
    fy = (L + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def f_inv(t: float) -> float:
        return t ** 3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    return (D50[0] * f_inv(fx), D50[1] * f_inv(fy), D50[2] * f_inv(fz))


def xyz_to_lab(xyz: XYZ) -> tuple[float, float, float]:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, D50, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def primaries(aims: dict[str, tuple[float, float, float]]) -> dict[str, XYZ]:
    """The 16 Neugebauer primaries (keyed by the inks they hold, "" for the paper)."""
    known = {("" if k == "W" else k): lab_to_xyz(v) for k, v in aims.items()}
    w = known[""]
    floor = tuple(FLOOR * v for v in known["K"])

    def over(s: XYZ, t: XYZ) -> XYZ:
        return tuple(f + (a - f) * (b - f) / (wv - f)
                     for a, b, f, wv in zip(s, t, floor, w, strict=True))

    out = dict(known)
    out["CMY"] = over(known["CM"], known["Y"])
    for key in ["", "C", "M", "Y", "CM", "CY", "MY", "CMY"]:
        if key:
            out[key + "K"] = over(out[key], known["K"])
    return out


def gamma_for(tvi_40: float) -> float:
    """γ of a' = 1 − (1 − a)^γ with a' − a = tvi_40 at a = 0.40."""
    return math.log(1 - 0.40 - tvi_40) / math.log(1 - 0.40)


def printed(cmyk: tuple[float, ...], prim: dict[str, XYZ], gammas: tuple[float, ...]) -> XYZ:
    """XYZ of a patch (inks in %): Demichel weights of the printed coverages."""
    cov = [1 - (1 - v / 100) ** g for v, g in zip(cmyk, gammas, strict=True)]
    xyz = [0.0, 0.0, 0.0]
    for on in itertools.product((0, 1), repeat=4):
        w = 1.0
        for c, o in zip(cov, on, strict=True):
            w *= c if o else 1 - c
        if w == 0:
            continue
        p = prim["".join(ink for ink, o in zip(INKS, on, strict=True) if o)]
        for i in range(3):
            xyz[i] += w * p[i]
    return (xyz[0], xyz[1], xyz[2])


def patches() -> list[tuple[int, int, int, int]]:
    out = {(c, m, y, k) for k in K_LEVELS for c in CMY_LEVELS for m in CMY_LEVELS
           for y in CMY_LEVELS}
    for i in range(4):
        for v in range(0, 101, 5):
            p = [0, 0, 0, 0]
            p[i] = v
            out.add((p[0], p[1], p[2], p[3]))
    return sorted(out, key=lambda p: (p[3], p[0], p[1], p[2]))


def ti3() -> str:
    prim = primaries(AIMS)
    g = gamma_for(TVI_40)
    rows = []
    for i, p in enumerate(patches(), 1):
        xyz = printed(p, prim, (g, g, g, g))
        lab = xyz_to_lab(xyz)
        rows.append(f"{i} {p[0]} {p[1]} {p[2]} {p[3]} "
                    + " ".join(f"{v:.2f}" for v in (*xyz, *lab)))
    head = [
        "CTI3", "",
        'DESCRIPTOR "ISO 12647-3 coldset newsprint (IFRA26) modelled from its aim values"',
        'ORIGINATOR "banmian layout/icc/aims_ti3.py"',
        'KEYWORD "DEVICE_CLASS"', 'DEVICE_CLASS "OUTPUT"',
        'KEYWORD "COLOR_REP"', 'COLOR_REP "CMYK_LAB"',
        'ILLUMINANT "D50"', 'OBSERVER "CIE 2 degree"', 'MEASUREMENT_GEOMETRY "0:45"',
        'SAMPLE_BACKING "Black"',
        "# not measurements: a Neugebauer model of the ISO 12647-3 aim values (solids, two-",
        "# colour overprints, paper) with a 26 % tone value increase at 40 %; see aims_ti3.py",
        "", "NUMBER_OF_FIELDS 11", "BEGIN_DATA_FORMAT",
        "SAMPLE_ID CMYK_C CMYK_M CMYK_Y CMYK_K XYZ_X XYZ_Y XYZ_Z LAB_L LAB_A LAB_B",
        "END_DATA_FORMAT", "", f"NUMBER_OF_SETS {len(rows)}", "BEGIN_DATA"]
    return "\n".join(head + rows + ["END_DATA", ""])


def read_ti3(path: str) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """(CMYK, Lab) of each patch of a CTI3 file with the columns TR 002 has."""
    lines = open(path, encoding="latin-1").read().splitlines()
    fields = lines[lines.index("BEGIN_DATA_FORMAT") + 1].split()
    start = next(i for i, s in enumerate(lines) if s.strip() == "BEGIN_DATA")
    out = []
    for s in lines[start + 1:]:
        if s.strip() == "END_DATA":
            break
        v = dict(zip(fields, s.split(), strict=True))
        out.append((tuple(float(v[f"CMYK_{c}"]) for c in INKS),
                    tuple(float(v[f"LAB_{c}"]) for c in "LAB")))
    return out


def check(path: str) -> str:
    """The model, fed a measured set's own solids and overprints (and its tone value increase
    at 40 %, per ink), against every patch of that set: how far the form of the model is from
    a real press."""
    data = read_ti3(path)
    lab = dict(data)
    keys = {"W": (0, 0, 0, 0), "C": (100, 0, 0, 0), "M": (0, 100, 0, 0),
            "Y": (0, 0, 100, 0), "K": (0, 0, 0, 100), "MY": (0, 100, 100, 0),
            "CY": (100, 0, 100, 0), "CM": (100, 100, 0, 0)}
    prim = primaries({k: lab[v] for k, v in keys.items()})
    gammas = []
    for i in range(4):
        p40 = [0.0] * 4
        p40[i] = 40.0
        y40 = lab_to_xyz(lab[tuple(p40)])[1]
        y0, y100 = prim[""][1], prim[INKS[i]][1]
        tvi = (y0 - y40) / (y0 - y100) - 0.40  # Murray–Davies on Y
        gammas.append(gamma_for(tvi))
    de = sorted(math.dist(xyz_to_lab(printed(p, prim, tuple(gammas))), m) for p, m in data)
    n = len(de)
    return (f"{path}: {n} patches, ΔE*ab median {de[n // 2]:.2f}, "
            f"95th percentile {de[int(n * 0.95)]:.2f}, max {de[-1]:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        print(check(sys.argv[2]))
    else:
        sys.stdout.write(ti3())
