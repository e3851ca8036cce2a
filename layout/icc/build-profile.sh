#!/usr/bin/env bash
# Builds banmian's two output profiles for coldset newsprint with ArgyllCMS colprof (Debian
# package argyll), the same way for both, then holds each one's ink limit by construction:
#   banmian-newsprint-tr002.icc   from the ANSI CGATS/SNAP TR 002-2007 characterization data
#                                 (Debian package icc-profiles-free, /usr/share/color/icc/TR002.ti3)
#   banmian-newsprint-ifra26.icc  from IFRA26-aims.ti3, the ISO 12647-3 aim values modelled by
#                                 aims_ti3.py beside this script (PROVENANCE.md says how)
# Ink limit 240 % total, 95 % black, as newsprint printers ask (-nc: the measurement data stay
# beside the profile, not in it: every PDF carries the profile); `python -m layout.iccink` then
# bakes each separation table's output curves into its nodes and caps the nodes, so no colour
# can pass 240 % between them (see layout/iccink.py).
# Reproduce from the repository's root, with banmian installed (pip install -e .):
#   apt-get install argyll icc-profiles-free && bash layout/icc/build-profile.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/aims_ti3.py" > "$here/IFRA26-aims.ti3"
cp /usr/share/color/icc/TR002.ti3 "$work/TR002.ti3"
cp "$here/IFRA26-aims.ti3" "$work/IFRA26.ti3"
(cd "$work" && colprof -qm -kr -l240 -L95 -nc \
    -D "banmian Newsprint TR002 240%" \
    -C "Built by banmian from ANSI CGATS/SNAP TR 002-2007 characterization data (c) 2007 NPES" \
    TR002 > tr002.log)
(cd "$work" && colprof -qm -kr -l240 -L95 -nc \
    -D "banmian Newsprint IFRA26 240% (ISO 12647-3 aims)" \
    -C "Built by banmian from the ISO 12647-3 coldset newsprint aim values; no copyright claimed" \
    IFRA26 > ifra26.log)
cp "$work/TR002.icc" "$here/banmian-newsprint-tr002.icc"
cp "$work/IFRA26.icc" "$here/banmian-newsprint-ifra26.icc"
cd "$root"
python3 -m layout.iccink layout/icc/banmian-newsprint-tr002.icc 240
python3 -m layout.iccink layout/icc/banmian-newsprint-ifra26.icc 240
sha256sum layout/icc/banmian-newsprint-tr002.icc layout/icc/banmian-newsprint-ifra26.icc
