#!/bin/sh
# compare.sh -- render the comparison figure of several results directories.
#
# Usage:  scripts/compare.sh OUT_FILE DIR_A DIR_B [DIR_C ...]
#   OUT_FILE  image to write; its extension picks the format: .png, .svg, .pdf
#   DIR_*     results directories of one config (see `bsweep compare --help`)
#
# Runs `bsweep compare --csv DIR_A DIR_B ...` (the program named by $BSWEEP,
# default ./bsweep; its warnings go to stderr), then
# `gnuplot -c scripts/compare.gp` on that CSV, and prints the path of the
# image.  As in plots.sh, the image is rendered to a temporary file beside
# OUT_FILE and renamed into place only if gnuplot succeeded.  Exit status:
# bsweep compare's when it fails (2: results that cannot be compared),
# 1 when the figure cannot be rendered, 2 for a bad command line.
# Needs gnuplot (>= 5.4) and awk; no Python.

set -u

usage() { echo "usage: $0 OUT_FILE.{png,svg,pdf} DIR_A DIR_B [DIR_C ...]" >&2; exit 2; }

if [ $# -lt 3 ]; then usage; fi
out=$1; shift
case $out in
    *.png) fmt=png ;;
    *.svg) fmt=svg ;;
    *.pdf) fmt=pdf ;;
    *) echo "$0: $out: unknown format (expected a name ending in .png, .svg or .pdf)" >&2; exit 2 ;;
esac

here=$(dirname "$0")
gnuplot=${GNUPLOT:-gnuplot}
bsweep=${BSWEEP:-./bsweep}

if ! command -v "$gnuplot" >/dev/null 2>&1; then
    echo "$0: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1
fi

outdir=$(dirname "$out")
base=$(basename "$out")
csv=$(mktemp "${TMPDIR:-/tmp}/bsweep-compare.XXXXXX") || exit 1
tmp="$outdir/.$base.tmp.$$.$fmt"
trap 'rm -f "$csv" "$tmp"' EXIT

"$bsweep" compare --csv "$@" >"$csv" || exit $?

if "$gnuplot" -c "$here/compare.gp" "$csv" "$tmp" "$fmt" && [ -s "$tmp" ]; then
    mv -f "$tmp" "$out" && echo "$out"
else
    echo "$0: failed to render $out" >&2
    exit 1
fi
