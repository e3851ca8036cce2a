#!/usr/bin/env bash
# Builds banmian's default output profile for coldset newsprint from the ANSI CGATS/SNAP
# TR 002-2007 characterization data (Debian package icc-profiles-free, /usr/share/color/icc/TR002.ti3)
# with ArgyllCMS colprof (Debian package argyll). Ink limit 240 % total, 95 % black, as newsprint
# printers ask. Reproduce: apt-get install argyll icc-profiles-free && bash build-profile.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/TR002.ti3 "$work/TR002.ti3"
(cd "$work" && colprof -qm -kr -l240 -L95 \
    -D "banmian Newsprint TR002 240%" \
    -C "Built by banmian from ANSI CGATS/SNAP TR 002-2007 characterization data (c) 2007 NPES" \
    TR002 > colprof.log)
cp "$work/TR002.icc" banmian-newsprint-tr002.icc
sha256sum banmian-newsprint-tr002.icc
