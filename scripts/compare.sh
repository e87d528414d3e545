#!/bin/sh
# compare.sh -- render the comparison figure of several results directories.
#
# Usage:  scripts/compare.sh OUT_FILE DIR_A DIR_B [DIR_C ...]
#   OUT_FILE  image to write; its extension picks the format: .png, .svg, .pdf
#   DIR_*     results directories of one config (see `bsweep compare --help`)
#
# Runs `bsweep compare --csv -- DIR_A DIR_B ...` (the program named by
# $BSWEEP; by default the source tree's bsweep when this script is in the
# tree's scripts/, else bsweep from PATH; its warnings go to stderr), then
# `gnuplot -c compare.gp` (beside this script) on that CSV, and prints the
# path of the image.  With $BSWEEP_COMPARE_CSV naming a file, that file is
# drawn instead of running bsweep compare (`bsweep compare -o` passes the
# CSV of the comparison it has just printed).  Exit status: bsweep compare's when it fails (2: results that
# cannot be compared), 1 when the figure cannot be rendered, 2 for a bad
# command line.  Needs gnuplot (>= 5.4) and awk; no Python.
#
# As in plots.sh: the names are data, never code (any byte but NUL, a
# leading '-' included; a newline in a DIR is refused, exit 2); the figure does not depend on the locale or on the
# user's gnuplot start-up files; the image is rendered to a temporary file
# beside OUT_FILE and renamed into place only if gnuplot succeeded, and when
# no figure can be made (bsweep compare refuses, or gnuplot fails) a
# previous OUT_FILE is removed, so it never shows other results than those
# named.

set -u
# one locale for every figure, whatever the user's (see plots.sh)
if [ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ]; then LC_ALL=C.UTF-8; else LC_ALL=C; fi
export LC_ALL

usage() { echo "usage: $0 OUT_FILE.{png,svg,pdf} DIR_A DIR_B [DIR_C ...]" >&2; exit 2; }

if [ $# -lt 3 ]; then usage; fi
out=$1; shift
case $out in
    *.png) fmt=png ;;
    *.svg) fmt=svg ;;
    *.pdf) fmt=pdf ;;
    *) echo "$0: $out: unknown format (expected a name ending in .png, .svg or .pdf)" >&2; exit 2 ;;
esac
# "./" in front of a relative name: never an option, nor a pipe to gnuplot
case $out in
    /*) o=$out ;;
    *)  o=./$out ;;
esac

here=$(dirname -- "$0")
case $here in
    /*) ;;
    *)  here=./$here ;;
esac
gnuplot=${GNUPLOT:-gnuplot}
if [ -n "${BSWEEP:-}" ]; then bsweep=$BSWEEP
elif [ -f "$here/../bsweep" ] && [ -x "$here/../bsweep" ]; then bsweep=$here/../bsweep
else bsweep=bsweep; fi
given_csv=${BSWEEP_COMPARE_CSV:-}

if ! command -v "$gnuplot" >/dev/null 2>&1; then
    echo "$0: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1
fi

outdir=$(dirname -- "$o")
base=$(basename -- "$o")
if [ -n "$given_csv" ]; then
    csv=$given_csv; own_csv=""
else
    csv=$(mktemp "${TMPDIR:-/tmp}/bsweep-compare.XXXXXX") || exit 1; own_csv=$csv
fi
tmp=$outdir/.$base.tmp.$$.$fmt
trap 'rm -f -- ${own_csv:+"$own_csv"} "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# stale() : no figure for these directories; a previous one must not stay
stale() {
    if [ -e "$o" ]; then
        rm -f -- "$o" && echo "$0: removed the previous $out: it would not show these directories" >&2
    fi
}

# A newline in a directory name would be a newline inside a CSV field, which
# neither awk nor gnuplot reads as such: refused (bsweep compare itself
# takes such names).
nl='
'
for dir; do
    case $dir in
        *"$nl"*)
            printf '%s\n' "$0: a directory name with a newline cannot be plotted; rename it (or use bsweep compare without the figure)" >&2
            stale
            exit 2 ;;
    esac
done

# description DIR: DIR/run.json's "description", the figures' subtitle
# (description.awk; run.json read from standard input, so a name is never
# taken for an option or an assignment); nothing without one.
description() {
    [ -f "$1/run.json" ] && [ -r "$1/run.json" ] || return 0
    LC_ALL=C awk -f "$here/description.awk" < "$1/run.json"
}
# the first directory's, for the figure's subtitle
desc=$(description "$1")

if [ -z "$given_csv" ]; then
    "$bsweep" compare --csv -- "$@" >"$csv"
    rc=$?
    if [ $rc -ne 0 ]; then
        stale
        exit $rc
    fi
fi

if "$gnuplot" -d -c "$here/compare.gp" "$csv" "$tmp" "$fmt" "$desc" && [ -s "$tmp" ] &&
   mv -f -- "$tmp" "$o"; then
    # the name asked for, lost (a full disk, a closed stdout): an error
    if ! printf '%s\n' "$out" 2>/dev/null; then
        echo "$0: standard output: cannot write the name of the figure (it is drawn)" >&2
        exit 1
    fi
else
    echo "$0: failed to render $out" >&2
    stale
    exit 1
fi
