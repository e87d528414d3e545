#!/bin/sh
# plots.sh -- render all bsweep figures for one results directory.
#
# Usage:  scripts/plots.sh RESULTS_DIR [FORMAT]
#   RESULTS_DIR  directory holding epochs.csv (and summary.csv), e.g. results/blobs
#   FORMAT       png (default), svg or pdf
#
# Writes RESULTS_DIR/curves.FORMAT  (accuracy grid,  scripts/curves.gp)
#        RESULTS_DIR/loss.FORMAT    (loss grid,      scripts/loss.gp)
#        RESULTS_DIR/summary.FORMAT (summary panels, scripts/summary.gp)
# and prints the path of each file written.  Each image is rendered to a
# temporary file beside the target and renamed into place only if gnuplot
# succeeded, so a failed render never leaves a broken or empty image behind.
# Exits non-zero (after trying all figures) if any figure failed, and at once
# if RESULTS_DIR has no epochs.csv.  Needs gnuplot (>= 5.4) and awk; no Python.

set -u

usage() { echo "usage: $0 RESULTS_DIR [png|svg|pdf]" >&2; exit 2; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
dir=${1%/}
[ -n "$dir" ] || dir=/
fmt=${2:-png}
case $fmt in
    png|svg|pdf) ;;
    *) echo "$0: unknown format '$fmt' (expected png, svg or pdf)" >&2; exit 2 ;;
esac

here=$(dirname "$0")
gnuplot=${GNUPLOT:-gnuplot}

if [ ! -d "$dir" ]; then
    echo "$0: $dir: no such directory" >&2; exit 1
fi
if [ ! -s "$dir/epochs.csv" ]; then
    echo "$0: $dir: no epochs.csv (or it is empty); nothing to plot" >&2; exit 1
fi
if ! command -v "$gnuplot" >/dev/null 2>&1; then
    echo "$0: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1
fi

status=0

# render NAME SCRIPT INPUT: SCRIPT INPUT -> $dir/NAME.$fmt via a temp file
render() {
    out="$dir/$1.$fmt"
    tmp="$dir/.$1.tmp.$$.$fmt"
    if "$gnuplot" -c "$here/$2" "$3" "$tmp" "$fmt" && [ -s "$tmp" ]; then
        mv -f "$tmp" "$out" && echo "$out"
    else
        rm -f "$tmp"
        echo "$0: failed to render $out" >&2
        status=1
    fi
}

render curves  curves.gp  "$dir/epochs.csv"
render loss    loss.gp    "$dir/epochs.csv"
if [ -s "$dir/summary.csv" ]; then
    render summary summary.gp "$dir/summary.csv"
else
    echo "$0: $dir: no summary.csv; summary.$fmt not rendered" >&2
    status=1
fi

exit $status
