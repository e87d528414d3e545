#!/bin/bash
# tests/plots.sh -- tests of the gnuplot figures (scripts/*.gp, scripts/plots.sh).
#
# Usage:  tests/plots.sh RESULTS_DIR
#   RESULTS_DIR  results of a (tiny) sweep: epochs.csv and summary.csv,
#                e.g. 2 batch sizes x 2 seeds x 5 epochs.
#
# Renders curves, loss and summary PNGs into a temporary directory and checks
# that gnuplot exits 0 and prints nothing at all on stderr (warnings fail),
# that each file is a PNG (magic bytes) with the expected width x height (read
# from the IHDR chunk with od), and that bad input fails cleanly: non-zero
# exit, a message naming the file / column, and no output file left behind.
# Prints "ok - ..." / "not ok - ..." per check and finally "N passed, M failed";
# exits 1 if anything failed.  Needs bash, gnuplot, awk, od; no Python.
#
# Expected pixel sizes (keep in sync with scripts/curves.gp, summary.gp):
#   curves/loss: n batch sizes -> 2 columns x ceil(n/2) rows;
#                width 1400 (1200 if n = 1); height 120 + rows * row height,
#                row height 640 (n = 1), 400 (1-2 rows), 370 (3+ rows)
#                (8 batch sizes: 1400 x 1600; 2 batch sizes: 1400 x 520)
#   summary:     1800 x 660

set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 RESULTS_DIR" >&2
    exit 2
fi
res=${1%/}
root=$(cd "$(dirname "$0")/.." && pwd)
scripts=$root/scripts
gnuplot=${GNUPLOT:-gnuplot}

pass=0
fail=0
ok()    { pass=$((pass + 1)); echo "ok - $*"; }
notok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # check DESCRIPTION COMMAND...: ok if the command succeeds
    local d=$1; shift
    if "$@"; then ok "$d"; else notok "$d"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-plots.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

for f in epochs.csv summary.csv; do
    if [ ! -s "$res/$f" ]; then
        notok "$res/$f exists and is not empty"
        echo "$pass passed, $fail failed"
        exit 1
    fi
done
if ! command -v "$gnuplot" >/dev/null 2>&1; then
    notok "gnuplot is installed"
    echo "$pass passed, $fail failed"
    exit 1
fi

# ---------------------------------------------------------------- helpers

# "WIDTH HEIGHT" from the IHDR chunk of PNG file $1 (bytes 16..23, big-endian)
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ w = (($1 * 256 + $2) * 256 + $3) * 256 + $4
                                       h = (($5 * 256 + $6) * 256 + $7) * 256 + $8
                                       print w, h }'
}
is_png() { [ "$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# number of distinct batch sizes in epochs.csv $1 (column found by name)
n_batch_sizes() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/[ \r"]/, "", h); if (h == "batch_size") c = i }; next }
             c && !seen[$c]++ { n++ }
             END { print n + 0 }' "$1"
}

# copy of CSV $1 without the column named $2, to stdout
drop_column() {
    awk -F, -v col="$2" 'BEGIN { OFS = "," }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
        { out = ""; n = 0
          for (i = 1; i <= NF; i++) if (i != c) out = out (n++ ? "," : "") $i
          print out }' "$1"
}

# render NAME SCRIPT INPUT [FORMAT]: expect success, silence on stderr, a file
render_ok() {
    local name=$1 script=$2 input=$3 fmt=${4:-png}
    local out=$tmp/$name.$fmt err=$tmp/$name.$fmt.err
    "$gnuplot" -c "$scripts/$script" "$input" "$out" "$fmt" 2>"$err"
    local rc=$?
    local what="$name.$fmt ($script)"
    check "$what: gnuplot exit status 0 (got $rc)" [ $rc -eq 0 ]
    if [ -s "$err" ]; then
        notok "$what: nothing printed on stderr"
        sed 's/^/#   /' "$err"
    else
        ok "$what: nothing printed on stderr"
    fi
    check "$what: written and not empty" [ -s "$out" ]
}

# render_fails DESCRIPTION PATTERN SCRIPT INPUT: expect non-zero exit, a message
# on stderr matching PATTERN, and no output file
render_fails() {
    local desc=$1 pattern=$2 script=$3 input=$4
    local out=$tmp/fail.png err=$tmp/fail.err
    rm -f "$out"
    "$gnuplot" -c "$scripts/$script" "$input" "$out" 2>"$err"
    local rc=$?
    check "$desc: $script exits non-zero (got $rc)" [ $rc -ne 0 ]
    if grep -q -- "$pattern" "$err"; then
        ok "$desc: message on stderr names '$pattern'"
    else
        notok "$desc: message on stderr names '$pattern'"
        sed 's/^/#   /' "$err"
    fi
    check "$desc: no output file left" [ ! -e "$out" ]
}

# ---------------------------------------------------------------- expected sizes

nb=$(n_batch_sizes "$res/epochs.csv")
if [ "$nb" -eq 1 ]; then
    grid_w=1200; grid_h=$((120 + 640))
else
    rows=$(( (nb + 1) / 2 ))
    if [ $rows -le 2 ]; then rh=400; else rh=370; fi
    grid_w=1400; grid_h=$((120 + rows * rh))
fi
echo "# $res: $nb batch sizes; expecting curves/loss ${grid_w}x${grid_h}, summary 1800x660"

# ---------------------------------------------------------------- PNG renders

render_ok curves  curves.gp  "$res/epochs.csv"
render_ok loss    loss.gp    "$res/epochs.csv"
render_ok summary summary.gp "$res/summary.csv"

for spec in "curves $grid_w $grid_h" "loss $grid_w $grid_h" "summary 1800 660"; do
    read -r name w h <<< "$spec"
    f=$tmp/$name.png
    check "$name.png: PNG signature" is_png "$f"
    size=$(png_size "$f" 2>/dev/null)
    check "$name.png: IHDR size ${w}x${h} (got ${size/ /x})" [ "$size" = "$w $h" ]
    check "$name.png: at least 1200 px wide" [ "${size%% *}" -ge 1200 ] 2>/dev/null
done

# ---------------------------------------------------------------- other formats

render_ok curves  curves.gp  "$res/epochs.csv" svg
check "curves.svg is SVG" grep -q "<svg" "$tmp/curves.svg"
render_ok summary summary.gp "$res/summary.csv" pdf
check "summary.pdf starts with %PDF" [ "$(head -c 4 "$tmp/summary.pdf")" = "%PDF" ]

# ---------------------------------------------------------------- robustness

# columns appended and reordered: columns are read by name
mkdir -p "$tmp/shuffled"
awk -F, 'BEGIN { OFS = "," } { $0 = $0 ",extra"; n = NF; line = $n
          for (i = n - 1; i >= 1; i--) line = line "," $i; print line }' \
    "$res/epochs.csv" > "$tmp/shuffled/epochs.csv"
render_ok shuffled curves.gp "$tmp/shuffled/epochs.csv"

# non-finite losses (a diverged run) must not break the loss plot
mkdir -p "$tmp/nan"
awk -F, 'BEGIN { OFS = "," }
         NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "train_loss") t = i; if ($i == "val_loss") v = i } print; next }
         NR == 3 { $t = "nan"; $v = "inf" }
         NR == 4 { $t = "inf"; $v = "nan" }
         { print }' "$res/epochs.csv" > "$tmp/nan/epochs.csv"
render_ok nan-loss loss.gp "$tmp/nan/epochs.csv"

# ---------------------------------------------------------------- error paths

render_fails "missing file" "no-such-dir/epochs.csv" curves.gp "$tmp/no-such-dir/epochs.csv"
: > "$tmp/empty.csv"
render_fails "empty file" "empty.csv" loss.gp "$tmp/empty.csv"
drop_column "$res/epochs.csv" val_acc > "$tmp/no_val_acc.csv"
render_fails "epochs.csv without val_acc" "val_acc" curves.gp "$tmp/no_val_acc.csv"
drop_column "$res/epochs.csv" val_loss > "$tmp/no_val_loss.csv"
render_fails "epochs.csv without val_loss" "val_loss" loss.gp "$tmp/no_val_loss.csv"
mkdir -p "$tmp/nosum"
drop_column "$res/summary.csv" final_val_acc > "$tmp/nosum/summary.csv"
cp "$res/epochs.csv" "$tmp/nosum/epochs.csv"
render_fails "summary.csv without final_val_acc" "final_val_acc" summary.gp "$tmp/nosum/summary.csv"
mkdir -p "$tmp/noepochs"
cp "$res/summary.csv" "$tmp/noepochs/summary.csv"
render_fails "summary.csv without epochs.csv beside it" "epochs.csv" summary.gp "$tmp/noepochs/summary.csv"

# ---------------------------------------------------------------- scripts/plots.sh

mkdir -p "$tmp/dir"
cp "$res/epochs.csv" "$res/summary.csv" "$tmp/dir/"
sh "$scripts/plots.sh" "$tmp/dir" > "$tmp/plots.out" 2> "$tmp/plots.err"
rc=$?
check "plots.sh exit status 0 (got $rc)" [ $rc -eq 0 ]
check "plots.sh prints the 3 paths written" [ "$(cat "$tmp/plots.out")" = "$(printf '%s\n' "$tmp/dir/curves.png" "$tmp/dir/loss.png" "$tmp/dir/summary.png")" ]
check "plots.sh: quiet on stderr" [ ! -s "$tmp/plots.err" ]
for f in curves loss summary; do
    check "plots.sh: $f.png is a PNG" is_png "$tmp/dir/$f.png"
done
check "plots.sh: .figures lists the 3 images" [ "$(cat "$tmp/dir/.figures")" = "$(printf '%s\n' curves.png loss.png summary.png)" ]
check "plots.sh: no temporary files left" [ "$(find "$tmp/dir" -mindepth 1 | wc -l)" -eq 6 ]

mkdir -p "$tmp/nodata"
sh "$scripts/plots.sh" "$tmp/nodata" > /dev/null 2> "$tmp/plots.err"
rc=$?
check "plots.sh on a directory without epochs.csv exits non-zero (got $rc)" [ $rc -ne 0 ]
check "plots.sh on a directory without epochs.csv says so" grep -q "epochs.csv" "$tmp/plots.err"
check "plots.sh on a directory without epochs.csv writes nothing" [ -z "$(find "$tmp/nodata" -mindepth 1)" ]

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
