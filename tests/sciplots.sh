#!/bin/sh
# tests/sciplots.sh BSWEEP: the figures of Keskar et al.'s claim:
# sharpness.png (scripts/sharpness.gp, when summary.csv has a sharpness
# column) and interpolation.png (scripts/interpolation.gp, when there is
# an interpolation.csv).
#   - interpolation: a hand-made interpolation.csv: the two batch sizes
#     named at alpha 0 and 1, a line per seed (up to 5), the medians over
#     the seeds with their band beyond (their values checked), a loss <= 0
#     not drawn; rows of two pairs of batch sizes, a value that is not a
#     number, a missing column, an empty file: exit 1, the file named, no
#     image.
#   - sharpness: a hand-made summary.csv: the medians over the seeds of
#     the runs that did not diverge, the diverged run counted and marked,
#     the ratio of the medians at the largest and smallest batch size
#     written; with a grid of 2 points one line per point named in the
#     legend; with 9 points each batch size's best point (best.csv), or
#     the first one without best.csv; bad values: exit 1, the file named.
#   - a real sweep with sharpness and weights: plots.sh draws and lists
#     both; without interpolation.csv, or without the sharpness column,
#     the listed image is removed; a directory with a hostile name is
#     plotted and named as it is; pdf too; a new sweep removes both and a
#     left temporary.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root

t_need_gnuplot

# fails NAME SCRIPT INPUT PATTERN: SCRIPT exits 1, names PATTERN, writes nothing
fails() {
	rm -f "$T_TMP/out.png"
	t_run gnuplot -d -c "$S/$2" "$3" "$T_TMP/out.png"
	t_check "$1: exits 1 (got $T_RC)" test "$T_RC" = 1
	t_expect_grep "$1: the message names it" "$T_ERR" "$4"
	t_check "$1: no image" test ! -e "$T_TMP/out.png"
}
# shows SVG TEXT: the SVG's text has TEXT, as it is
shows() { svg_text "$1" | grep -qF -- "$2"; }
# block NAME FILE: datablock $NAME of aggregate.awk's output FILE, rows joined by ';'
block() { sed -n "/^\\\$$1 /,/^EOD/p" "$2" | sed '1d;$d' | tr '\n' ';'; }

# ---------------------------------------------------------------- interpolation, hand-made
I=$T_TMP/interp
mkdir -p "$I"
IHEAD=$(t_columns interpolation)
# 3 seeds, 4 alphas (written out of order for seed 7); seed 1's train
# loss at alpha 2 is 0 (not drawn on the log axis)
{
	echo "$IHEAD"
	echo "7,4,512,1,0.5,0.8,0.6,0.7"
	echo "7,4,512,-1,2,0.5,2.5,0.4"
	echo "7,4,512,0,0.25,0.9,0.3,0.85"
	echo "7,4,512,2,4,0.2,5,0.1"
	echo "1,4,512,-1,3,0.4,3.5,0.3"
	echo "1,4,512,0,0.5,0.9,0.5,0.8"
	echo "1,4,512,1,1,0.7,1.25,0.6"
	echo "1,4,512,2,0,0.3,6,0.2"
	echo "2,4,512,-1,1,0.6,1.5,0.5"
	echo "2,4,512,0,0.125,0.95,0.2,0.9"
	echo "2,4,512,1,0.75,0.75,0.8,0.65"
	echo "2,4,512,2,8,0.1,9,0.05"
} >"$I/interpolation.csv"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=interp "$I/interpolation.csv" >"$T_TMP/agg"
t_check "interpolation: the batch sizes, the seeds in file order" \
	test "$(grep -E '^(NSEED|BSMALL|BLARGE|SEEDS\[)' "$T_TMP/agg" | tr -d ' \n')" = \
	"NSEED=3BSMALL=4BLARGE=512SEEDS[1]=7SEEDS[2]=1SEEDS[3]=2"
t_check "interpolation: seed 7's rows by alpha" \
	test "$(block IP "$T_TMP/agg" | cut -d';' -f1-4)" = \
	"-1 2 2.5 0.5 0.4;0 0.25 0.3 0.9 0.85;1 0.5 0.6 0.8 0.7;2 4 5 0.2 0.1"
t_check "interpolation: a loss of 0 not drawn" \
	test "$(block IP "$T_TMP/agg" | cut -d';' -f10)" = "2 NaN 6 0.3 0.2"
t_check "interpolation: the medians, min, max over the seeds (train loss at alpha 2 of the two finite)" \
	test "$(block MED "$T_TMP/agg" | cut -d';' -f1,4)" = \
	"-1 2 1 3 2.5 1.5 3.5 0.5 0.4 0.6 0.4 0.3 0.5;2 6 4 8 6 5 9 0.2 0.1 0.3 0.1 0.05 0.2"
t_check "interpolation: the loss range over the positive losses" \
	test "$(grep -E '^(LLO|LHI) ' "$T_TMP/agg" | tr -d ' \n')" = "LLO=0.125LHI=9"
t_run gnuplot -d -c "$S/interpolation.gp" "$I/interpolation.csv" "$I/i.svg" svg
t_check "interpolation: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
svg_text "$I/i.svg" >"$I/i.txt"
t_expect_grep "interpolation: the title names both batch sizes" "$I/i.txt" \
	"Loss and accuracy on the line from the B = 4 final weights to the B = 512 ones  -  interp"
t_expect_grep "interpolation: alpha 0 marked B = 4" "$I/i.txt" ">B = 4<"
t_expect_grep "interpolation: alpha 1 marked B = 512" "$I/i.txt" ">B = 512<"
t_expect_grep "interpolation: a colour per seed" "$I/i.txt" ">seed 7<"
t_expect_grep "interpolation: training and validation told apart" "$I/i.txt" ">validation<"
t_expect_grep "interpolation: the subtitle says what was drawn" "$I/i.txt" "one colour per seed (3)"
t_expect_grep "interpolation: a loss panel, log scale" "$I/i.txt" "mean cross-entropy (log scale)"
t_expect_grep "interpolation: an accuracy panel" "$I/i.txt" ">Accuracy<"
# 6 seeds: the medians and their band
awk -F, 'NR == 1 { print; next } { print; $1 = $1 + 100; print; }' OFS=, "$I/interpolation.csv" >"$I/six.csv"
mkdir -p "$I/six"; mv "$I/six.csv" "$I/six/interpolation.csv"
t_run gnuplot -d -c "$S/interpolation.gp" "$I/six/interpolation.csv" "$I/six/i.svg" svg
t_check "6 seeds: exit 0 (exit $T_RC)" test "$T_RC" = 0
svg_text "$I/six/i.svg" >"$I/six/i.txt"
t_expect_grep "6 seeds: the medians with a band" "$I/six/i.txt" "median over 6 seeds, band = min..max"
t_expect_grep "6 seeds: the key" "$I/six/i.txt" ">training (median)<"
t_check "6 seeds: no line per seed" sh -c '! grep -q ">seed 7<" "$1"' sh "$I/six/i.txt"

E=$T_TMP/bad
mkdir -p "$E"
sed '3s/^7,4,512/7,8,512/' "$I/interpolation.csv" >"$E/interpolation.csv"
fails "interpolation, two pairs of batch sizes" interpolation.gp "$E/interpolation.csv" \
	"interpolation.csv:3: batch_small,batch_large 8,512: every row must have the first row's 4,512"
sed '4s/,0.25,/,O.25,/' "$I/interpolation.csv" >"$E/interpolation.csv"
fails "interpolation, not a number" interpolation.gp "$E/interpolation.csv" \
	"interpolation.csv line 4: train_loss: expected a number (or nan, inf), got 'O.25'"
cut -d, -f1-6 "$I/interpolation.csv" >"$E/interpolation.csv"
fails "interpolation, no val_loss" interpolation.gp "$E/interpolation.csv" \
	"interpolation.csv: missing required columns 'val_loss', 'val_acc'"
: >"$E/interpolation.csv"
fails "interpolation, empty" interpolation.gp "$E/interpolation.csv" "interpolation.csv: file is empty"

# ---------------------------------------------------------------- sharpness, hand-made
H=$T_TMP/sharp
mkdir -p "$H"
# batch 8: 10 30 20 -> 20;  batch 64: 40, 50, and a diverged run (nan) -> 45;
# batch 16 (before 8 in the file): 25 alone, and a run without a sharpness
{
	echo "batch_size,seed,status,final_val_acc,sharpness"
	echo "16,0,ok,0.8,25"; echo "16,1,ok,0.8,nan"
	echo "8,0,ok,0.8,10"; echo "8,1,ok,0.8,30"; echo "8,2,target,0.8,20"
	echo "64,0,ok,0.8,40"; echo "64,1,ok,0.8,50"; echo "64,2,diverged,0.8,nan"
} >"$H/summary.csv"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=sharp -v maxg=8 "$H/summary.csv" "" >"$T_TMP/agg"
t_check "sharpness: the medians over the seeds that did not diverge, batch sizes ascending" \
	test "$(block MED "$T_TMP/agg")" = "8 20 3 8;16 25 1 16;64 45 2 64;"
t_check "sharpness: a point per seed, jittered around its batch size" \
	awk '/^\$PTS/ { on = 1; next } /^EOD/ { on = 0 } on { n++; r = $1 / $3; if (r < 0.9 || r > 1.1) bad = 1 }
	     END { exit bad || n != 6 }' "$T_TMP/agg"
t_check "sharpness: the diverged run, without a value (at the bottom)" test "$(block DIV "$T_TMP/agg" | cut -d' ' -f2-)" = "0 0;"
t_check "sharpness: counts, ratio 45 / 20" \
	test "$(grep -E '^(NRUN|NDIV|NNAN|RATIO\[1\]) ' "$T_TMP/agg" | tr -d ' \n')" = "RATIO[1]=2.25NRUN=8NDIV=1NNAN=1"
t_run gnuplot -d -c "$S/sharpness.gp" "$H/summary.csv" "$H/s.svg" svg
t_check "sharpness: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
svg_text "$H/s.svg" >"$H/s.txt"
t_expect_grep "sharpness: the title says the claim" "$H/s.txt" "Do large batches end in sharper minima? (Keskar et al. 2017)  -  sharp"
t_expect_grep "sharpness: the ratio of the medians" "$H/s.txt" "median sharpness at B = 64 is 2.25 x that at B = 8"
t_expect_grep "sharpness: the diverged run said" "$H/s.txt" "1 of 8 runs diverged (x), left out of the medians"
t_expect_grep "sharpness: the run without a sharpness said" "$H/s.txt" "1 run without a finite sharpness"
t_expect_grep "sharpness: the diverged run marked" "$H/s.txt" ">diverged run<"
t_expect_grep "sharpness: 2-3 seeds per batch size" "$H/s.txt" "a point per seed (2-3 per batch size)"
# a grid of 2 points: one line each
mkdir -p "$H/grid"
awk -F, 'BEGIN { OFS = "," } NR == 1 { $1 = $1 ",train.learning_rate"; print; next }
	{ r = $0; sub(/^[^,]*,/, "", r); print $1, "0.01", r; $5 = $5 * 2; r = $0; sub(/^[^,]*,/, "", r); print $1, "0.1", r }' \
	"$H/summary.csv" >"$H/grid/summary.csv"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=sharp -v maxg=8 "$H/grid/summary.csv" "" >"$T_TMP/agg"
t_check "grid of 2: a series per point, the second's values doubled" \
	test "$(block MED "$T_TMP/agg" | tr ';' '\n' | cut -d' ' -f2,3 | tr '\n' ';')" = "20 3;25 1;45 2;;;40 3;50 1;90 2;"
t_run gnuplot -d -c "$S/sharpness.gp" "$H/grid/summary.csv" "$H/grid/s.svg" svg
t_check "grid of 2: exit 0 (exit $T_RC)" test "$T_RC" = 0
svg_text "$H/grid/s.svg" >"$H/grid/s.txt"
t_expect_grep "grid of 2: each point in the legend" "$H/grid/s.txt" ">learning_rate = 0.1<"
t_expect_grep "grid of 2: said" "$H/grid/s.txt" "one colour per grid point (2)"
# 9 points: each batch size's best (best.csv), or the first
mkdir -p "$H/nine"
awk -F, 'BEGIN { OFS = "," } NR == 1 { $1 = $1 ",train.learning_rate"; print; next }
	{ r = $0; sub(/^[^,]*,/, "", r); for (p = 1; p <= 9; p++) { print $1, p, r } }' \
	"$H/summary.csv" >"$H/nine/summary.csv"
printf 'batch_size,train.learning_rate\n8,3\n16,5\n64,9\n' >"$H/nine/best.csv"
t_run gnuplot -d -c "$S/sharpness.gp" "$H/nine/summary.csv" "$H/nine/s.svg" svg
t_check "9 points: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_expect_grep "9 points: the best of each batch size" "$H/nine/s.svg" "9 grid points: each batch size's best (best.csv)"
t_check "9 points: the best point's runs, 8 of them" \
	sh -c 'LC_ALL=C awk -f "$1/aggregate.awk" -v mode=sharp -v maxg=8 "$2/summary.csv" "$2/best.csv" | grep -qx "NRUN = 8"' sh "$S" "$H/nine"
rm "$H/nine/best.csv"
t_run gnuplot -d -c "$S/sharpness.gp" "$H/nine/summary.csv" "$H/nine/s.svg" svg
t_expect_grep "9 points, no best.csv: the first, named" "$H/nine/s.svg" "9 grid points, no best.csv: the first, learning_rate = 1"

sed '4s/,10$/,1O/' "$H/summary.csv" >"$E/summary.csv"
fails "sharpness, not a number" sharpness.gp "$E/summary.csv" "summary.csv:4: column sharpness: not a number: '1O'"
cut -d, -f1-4 "$H/summary.csv" >"$E/summary.csv"
fails "sharpness, no column" sharpness.gp "$E/summary.csv" "summary.csv: missing required column 'sharpness'"
fails "sharpness, no such file" sharpness.gp "$E/none.csv" "none.csv: cannot read file"

# ---------------------------------------------------------------- a real sweep
R=$T_TMP/real
cat >"$T_TMP/sci.json" <<'JSON'
{"name": "sci_tiny",
 "data": {"n_samples": 300, "n_train": 200},
 "train": {"epochs": 6},
 "sweep": {"batch_sizes": [4, 16, 64], "seeds": [0, 1]},
 "analysis": {"sharpness": true, "weights": true, "eval_train": true}}
JSON
if "$BSWEEP" -q -o "$R" "$T_TMP/sci.json" 2>/dev/null; then
	t_run sh "$S/plots.sh" "$R"
	t_expect_rc "sharpness + weights: plots.sh" 0
	t_check "sharpness + weights: sharpness then interpolation, last" \
		test "$(tail -n 2 "$T_OUT" | tr '\n' ' ')" = "$R/sharpness.png $R/interpolation.png "
	t_check "sharpness + weights: sharpness.png is a PNG" is_png "$R/sharpness.png"
	t_check "sharpness + weights: interpolation.png is a PNG" is_png "$R/interpolation.png"
	t_check "sharpness + weights: .figures" figures_are "$R" \
		"curves.png interpolation.png loss.png sharpness.png summary.png"
	gnuplot -d -c "$S/interpolation.gp" "$R/interpolation.csv" "$T_TMP/ri.svg" svg 2>/dev/null
	t_expect_grep "sharpness + weights: the real batch sizes at alpha 0 and 1" "$T_TMP/ri.svg" \
		"on the line from the B = 4 final weights to the B = 64 ones"
	# no interpolation.csv: the listed image goes, an unlisted one stays
	mv "$R/interpolation.csv" "$R/i.kept"
	t_run sh "$S/plots.sh" "$R"
	t_expect_rc "no interpolation.csv: plots.sh" 0
	t_check "no interpolation.csv: the listed interpolation.png removed" test ! -e "$R/interpolation.png"
	t_expect_grep "no interpolation.csv: says so" "$T_ERR" "removed the previous image (interpolation.png)"
	echo img >"$R/interpolation.png"
	sh "$S/plots.sh" "$R" >/dev/null 2>&1
	t_check "no interpolation.csv: an unlisted interpolation.png kept" test -s "$R/interpolation.png"
	rm -f "$R/interpolation.png"; mv "$R/i.kept" "$R/interpolation.csv"
	# no sharpness column (as a sweep without analysis.sharpness)
	cp "$R/summary.csv" "$R/s.kept"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sharpness") c = i }
		{ s = ""; for (i = 1; i <= NF; i++) if (i != c) s = s (s == "" ? "" : ",") $i; print s }' "$R/s.kept" >"$R/summary.csv"
	t_run sh "$S/plots.sh" "$R"
	t_expect_rc "no sharpness column: plots.sh" 0
	t_check "no sharpness column: the listed sharpness.png removed" test ! -e "$R/sharpness.png"
	t_check "no sharpness column: .figures" figures_are "$R" "curves.png interpolation.png loss.png summary.png"
	mv "$R/s.kept" "$R/summary.csv"
	# a hostile directory name: plotted, titled as it is, nothing else made
	Q=$T_TMP/host
	mkdir -p "$Q"
	n='a b'"'"'c"$(touch pwned)`touch pwned2`;|<x'
	cp -R "$R" "$Q/$n"
	rm -f "$Q/$n"/*.png "$Q/$n"/*.svg "$Q/$n/.figures"
	(cd "$Q" && sh "$S/plots.sh" "$n" svg >/dev/null 2>"$T_TMP/herr")
	t_check "a hostile directory name: sharpness.svg and interpolation.svg drawn" \
		test -s "$Q/$n/sharpness.svg" -a -s "$Q/$n/interpolation.svg"
	t_check "a hostile directory name: nothing else made" \
		sh -c 'test "$(ls -A "$1")" = "$2" && ! test -e "$1/$2/pwned" && ! test -e pwned' sh "$Q" "$n"
	t_check "a hostile directory name: sharpness.svg's title shows it" \
		shows "$Q/$n/sharpness.svg" "(Keskar et al. 2017)  -  $n"
	t_check "a hostile directory name: interpolation.svg's title shows it" \
		shows "$Q/$n/interpolation.svg" "to the B = 64 ones  -  $n"
	t_run sh "$S/plots.sh" "$R" pdf
	t_check "pdf: both drawn (exit $T_RC)" sh -c 'test "$2" = 0 && head -c 5 "$1/sharpness.pdf" | grep -q "%PDF" && head -c 5 "$1/interpolation.pdf" | grep -q "%PDF"' sh "$R" "$T_RC"
	sh "$S/plots.sh" "$R" svg >/dev/null 2>&1
	: >"$R/.sharpness.tmp.12345.png"; : >"$R/.interpolation.tmp.12345.svg"
	"$BSWEEP" -q -f -o "$R" tests/configs/plot_tiny.json
	t_check "a new sweep removes the listed sharpness and interpolation images and left temporaries" \
		sh -c '! ls -A "$1" | grep -q "sharpness\|interpolation"' sh "$R"
else
	t_not_ok "sharpness + weights: the sweep ran"
fi

t_done
