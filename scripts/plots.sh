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
#        RESULTS_DIR/heatmap.FORMAT (batch size x grid value, scripts/heatmap.gp),
#                                   only when there is a points.csv (a
#                                   config with sweep.grid)
#        RESULTS_DIR/scaling.FORMAT (steps/examples/seconds to target and
#                                   the fit of B_crit, scripts/scaling.gp),
#                                   only when there is a scaling.csv (a
#                                   config with analysis.target)
#        RESULTS_DIR/noise.FORMAT   (B_simple over training, scripts/noise.gp),
#                                   only when epochs.csv has a b_simple
#                                   column (analysis.noise_scale)
#        RESULTS_DIR/sharpness.FORMAT (sharpness against batch size,
#                                   scripts/sharpness.gp), only when
#                                   summary.csv has a sharpness column
#                                   (analysis.sharpness)
#        RESULTS_DIR/interpolation.FORMAT (loss and accuracy on the line
#                                   between two batch sizes' minima,
#                                   scripts/interpolation.gp), only when
#                                   there is an interpolation.csv
#        RESULTS_DIR/boundaries.FORMAT (decision regions per batch size,
#                                   scripts/boundaries.gp), only when there
#                                   is a regions.csv (analysis.boundaries)
# and prints the path of each file written.  Exits non-zero (after trying
# all figures) if any figure failed or the paths could not be printed (a
# full disk, a closed stdout), and at once if RESULTS_DIR has no
# epochs.csv.  Needs gnuplot (>= 5.4) and awk; no Python.
#
# Guarantees:
#   - RESULTS_DIR is data, never code: any byte but NUL may be in it (quotes,
#     backquotes, $, ;, a newline, a leading '-' ...).  It reaches gnuplot
#     only as an argument of `gnuplot -c` and the shell only quoted.
#   - Every figure says, under its title, what produced it: run.json's
#     "description" (bsweep writes it: data, model, optimizer and learning
#     rate, budget, seeds), taken only when it holds nothing but printable
#     ASCII without " \ ` $ @ { } ' and given to gnuplot as an argument,
#     never as code; none when run.json has none (an older sweep).
#   - The figures do not depend on the locale, nor on the user's gnuplot
#     start-up files: gnuplot runs with LC_ALL=C.UTF-8 (C where there is no
#     C.UTF-8) and -d (--default-settings), awk with LC_ALL=C (under a
#     comma-decimal locale mawk reads "0.54" as 0).
#   - No stale or broken image: each image is rendered to a temporary file
#     beside the target and renamed into place only if gnuplot succeeded; if
#     a figure cannot be drawn from the data now in RESULTS_DIR, its previous
#     image is removed (in FORMAT, and in any format .figures lists), so an
#     image never describes other data than the CSV files beside it.
#   - RESULTS_DIR/.figures, replaced atomically (temporary file + rename)
#     after every run, lists the images plots.sh has written there and that
#     are still there, one file name per line, each of the form
#     (curves|loss|summary|heatmap|scaling|noise|sharpness|interpolation|
#     boundaries).(png|svg|pdf).  bsweep removes those files when
#     a sweep starts writing new results into the directory; nothing else
#     is ever listed, so nothing else is ever removed that way.

set -u
# One locale for every figure, whatever the user's: C's numbers, and UTF-8
# text where the system has C.UTF-8 (gnuplot warns under plain C).
if [ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ]; then LC_ALL=C.UTF-8; else LC_ALL=C; fi
export LC_ALL

usage() { echo "usage: $0 RESULTS_DIR [png|svg|pdf]" >&2; exit 2; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
dir=${1%/}
[ -n "$dir" ] || dir=/
fmt=${2:-png}
case $fmt in
    png|svg|pdf) ;;
    *) echo "$0: unknown format '$fmt' (expected png, svg or pdf)" >&2; exit 2 ;;
esac

# the directory as every command gets it: "./" in front of a relative path,
# so that no name is taken for an option ("-x") or, by gnuplot, for a pipe
# ("<cmd", "|cmd"), standard input ("-") or a datablock ("$x")
case $dir in
    /*) d=$dir ;;
    *)  d=./$dir ;;
esac
here=$(dirname -- "$0")
case $here in
    /*) ;;
    *)  here=./$here ;;
esac
gnuplot=${GNUPLOT:-gnuplot}

if [ ! -d "$d" ]; then
    echo "$0: $dir: no such directory" >&2; exit 1
fi

manifest=$d/.figures
# every figure plots.sh draws (src/runfile.c's runfile_is_figure knows the
# same names: a new sweep removes them)
FIGURES="curves loss summary heatmap scaling noise sharpness interpolation boundaries"
# is_figure FILE: is FILE one of FIGURES in png, svg or pdf?
is_figure() {
    for n in $FIGURES; do
        case $1 in "$n.png" | "$n.svg" | "$n.pdf") return 0 ;; esac
    done
    return 1
}
# the images listed in .figures that are still there (nothing else is kept)
listed() {
    [ -f "$manifest" ] || return 0
    while IFS= read -r f; do
        is_figure "$f" && [ -f "$d/$f" ] && printf '%s\n' "$f"
    done < "$manifest"
    return 0
}
# write_manifest: .figures := the FIGURES, in any format, that exist now
# and were written by plots.sh (listed before, or in $written).  Atomic: a
# temporary file, then rename.
write_manifest() {
    mtmp=$d/.figures.tmp.$$
    if [ -d "$manifest" ]; then
        echo "$0: $dir/.figures is a directory; the list of images is not written" >&2
        status=1
        return
    fi
    { listed; printf '%s' "$written"; } | sort -u > "$mtmp" &&
        mv -f -- "$mtmp" "$manifest" || {
        rm -f -- "$mtmp"
        echo "$0: cannot write $dir/.figures" >&2
        status=1
    }
}
# remove_stale NAME [listed]: remove NAME in every format .figures lists,
# and NAME.$fmt too unless "listed" is given
remove_stale() {
    gone=""
    also=$1.$fmt
    [ $# -gt 1 ] && also=""
    for f in $(listed) $also; do
        case $f in "$1".*) ;; *) continue ;; esac
        if [ -e "$d/$f" ]; then
            rm -f -- "$d/$f" && gone="$gone $f"
        fi
    done
    [ -n "$gone" ] && echo "$0: removed the previous image (${gone# }) of $dir: it would no longer match the data" >&2
    written=$(printf '%s' "$written" | grep -v "^$1\\." || true)
    [ -z "$written" ] || written="$written
"
}

written=""
tmp=""
trap 'rm -f -- ${tmp:+"$tmp"} "$d/.figures.tmp.$$"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -s "$d/epochs.csv" ]; then
    echo "$0: $dir: no epochs.csv (or it is empty); nothing to plot" >&2
    # images drawn from an epochs.csv that is gone; only those listed (this
    # may not be a results directory at all)
    if [ -f "$manifest" ]; then
        for n in $FIGURES; do remove_stale "$n" listed; done
        write_manifest
    fi
    exit 1
fi
if ! command -v "$gnuplot" >/dev/null 2>&1; then
    echo "$0: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1
fi

status=0
lost=""

# description DIR: DIR/run.json's "description", the figures' subtitle
# (description.awk; run.json read from standard input, so a name is never
# taken for an option or an assignment); nothing without one.
description() {
    [ -f "$1/run.json" ] && [ -r "$1/run.json" ] || return 0
    LC_ALL=C awk -f "$here/description.awk" < "$1/run.json"
}
desc=$(description "$d")

# render NAME SCRIPT INPUT: SCRIPT INPUT -> $d/NAME.$fmt via a temp file
render() {
    out=$d/$1.$fmt
    tmp=$d/.$1.tmp.$$.$fmt
    # the manifest names the image before it is put in place, so that a
    # kill at any moment leaves no image .figures does not list
    if "$gnuplot" -d -c "$here/$2" "$3" "$tmp" "$fmt" "$desc" && [ -s "$tmp" ] &&
       written="$written$1.$fmt
" && write_manifest && mv -f -- "$tmp" "$out"; then
        # the list asked for, lost (a full disk, a closed stdout): an error
        printf '%s\n' "$dir/$1.$fmt" 2>/dev/null || lost=1
    else
        rm -f -- "$tmp"
        echo "$0: failed to render $dir/$1.$fmt" >&2
        remove_stale "$1"
        status=1
    fi
    tmp=""
}

render curves  curves.gp  "$d/epochs.csv"
render loss    loss.gp    "$d/epochs.csv"
if [ -s "$d/summary.csv" ]; then
    render summary summary.gp "$d/summary.csv"
else
    echo "$0: $dir: no summary.csv; summary.$fmt not rendered" >&2
    remove_stale summary
    status=1
fi
# draw NAME GP CSV: NAME from CSV when it is there (not empty); else no
# NAME, and none left from earlier results (only what .figures lists: this
# is not an error, and an image of that name may be someone else's)
draw() {
    if [ -s "$3" ]; then render "$1" "$2" "$3"; else remove_stale "$1" listed; fi
}
# has_column CSV NAME: does CSV's header (its first line) name column NAME?
has_column() {
    [ -s "$1" ] && head -n 1 "$1" | tr -d '\r' | grep -q "\(^\|,\)$2\(,\|\$\)"
}
# the heatmap of a grid's points (points.csv: a config with sweep.grid)
draw heatmap heatmap.gp "$d/points.csv"
# the scaling figure of a sweep with a target (scaling.csv)
draw scaling scaling.gp "$d/scaling.csv"
# the noise scale, when epochs.csv has it
if has_column "$d/epochs.csv" b_simple; then
    render noise noise.gp "$d/epochs.csv"
else
    remove_stale noise listed
fi
# the sharpness of each run's final weights, when summary.csv has it
if has_column "$d/summary.csv" sharpness; then
    render sharpness sharpness.gp "$d/summary.csv"
else
    remove_stale sharpness listed
fi
# Keskar's line between two runs' final weights, when the sweep wrote it
draw interpolation interpolation.gp "$d/interpolation.csv"
# the decision regions of a sweep with analysis.boundaries
draw boundaries boundaries.gp "$d/regions.csv"
write_manifest
if [ -n "$lost" ]; then
    echo "$0: standard output: cannot write the names of the figures (they are drawn)" >&2
    status=1
fi

exit $status
