#!/bin/sh
# tests/boundaries.sh BSWEEP: boundaries.png (scripts/boundaries.gp, drawn
# by plots.sh when a results directory has a regions.csv).
#   - a real sweep with analysis.boundaries: plots.sh draws and lists
#     boundaries.png (last); the panels' titles give each batch size and
#     its run's final_val_acc from summary.csv (seed 3, the first), the
#     subtitle the optimizer, learning rate, epochs and seed;
#   - with a grid: the first grid point, named in the subtitle, and the
#     learning rate the grid varies left out of the "what produced it";
#   - diverged runs are said in their panels' titles; more than 8 batch
#     sizes: 8 drawn, and the figure says so;
#   - without regions.csv a listed boundaries image is removed (an unlisted
#     one kept); a new sweep removes the listed image and a left temporary;
#   - bad input (a missing validation.csv, a class that is not an integer,
#     a truncated row, maps on different grids): exit 1, a message naming
#     the file, no image; plots.sh exits 1 and names it too.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root
CFG=tests/configs/boundaries.json

t_need_gnuplot

# ---------------------------------------------------------------- a real sweep
R=$T_TMP/real
"$BSWEEP" -q -o "$R" "$CFG" 2>/dev/null
t_run sh "$S/plots.sh" "$R"
t_expect_rc "plots.sh on a sweep with analysis.boundaries" 0
t_check "boundaries.png last of the paths" test "$(tail -n 1 "$T_OUT")" = "$R/boundaries.png"
t_check "boundaries.png is a PNG" is_png "$R/boundaries.png"
t_check ".figures lists it" figures_are "$R" "boundaries.png curves.png loss.png summary.png"
t_run gnuplot -d -c "$S/boundaries.gp" "$R/regions.csv" "$T_TMP/b.svg" svg
t_check "the SVG: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
svg_text "$T_TMP/b.svg" >"$T_TMP/b.txt"
# every panel's title: its batch size and its run's final_val_acc (seed 3)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["seed"] == 3 { printf "batch size %d:  val acc %.3f\n", $c["batch_size"], $c["final_val_acc"] }' \
	"$R/summary.csv" >"$T_TMP/titles"
if [ "$(wc -l <"$T_TMP/titles")" -eq 8 ] && while IFS= read -r t; do grep -qF -- "$t" "$T_TMP/b.txt" || exit 1; done <"$T_TMP/titles"; then
	t_ok "8 panels titled with the batch size and the run's final_val_acc"
else
	t_not_ok "8 panels titled with the batch size and the run's final_val_acc" "$(cat "$T_TMP/titles")"
fi
t_expect_grep "the subtitle: optimizer, learning rate, epochs, seed" "$T_TMP/b.txt" \
	"adam, learning rate 0.01, 5 epochs;  seed 3 (each batch size's first)"
t_expect_grep "the legend: a class's region and its points" "$T_TMP/b.txt" "class 2"

# ---------------------------------------------------------------- a grid
G=$T_TMP/grid
"$BSWEEP" -q -o "$G" tests/configs/boundaries_grid.json 2>/dev/null
t_run gnuplot -d -c "$S/boundaries.gp" "$G/regions.csv" "$T_TMP/g.svg" svg
t_expect_rc "with a grid" 0
svg_text "$T_TMP/g.svg" >"$T_TMP/g.txt"
t_expect_grep "with a grid: the first point named" "$T_TMP/g.txt" \
	"grid point 1 of 4: model.activation = relu, train.learning_rate = 0.01"
t_check "with a grid: the learning rate it varies is not given as the config's" \
	sh -c '! grep -q "learning rate 0.01" "$1"' sh "$T_TMP/g.txt"

# ---------------------------------------------------------------- diverged, many
D=$T_TMP/blow
sed 's/"learning_rate": 0.01/"learning_rate": 1000000/' "$CFG" >"$T_TMP/blow.json"
"$BSWEEP" -q -o "$D" "$T_TMP/blow.json" 2>/dev/null
t_run gnuplot -d -c "$S/boundaries.gp" "$D/regions.csv" "$T_TMP/d.svg" svg
t_expect_rc "diverged runs" 0
t_expect_grep "diverged runs: said in the panel's title" "$T_TMP/d.svg" "batch size 4:  diverged"
M=$T_TMP/many
sed 's/"batch_sizes": \[[^]]*\]/"batch_sizes": [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]/; s/"seeds": \[3, 1\]/"seeds": [3]/' \
	"$CFG" >"$T_TMP/many.json"
"$BSWEEP" -q -o "$M" "$T_TMP/many.json" 2>/dev/null
t_run gnuplot -d -c "$S/boundaries.gp" "$M/regions.csv" "$T_TMP/m.svg" svg
t_expect_rc "10 batch sizes" 0
t_expect_grep "10 batch sizes: 8 shown, said" "$T_TMP/m.svg" "8 of 10 batch sizes shown, evenly spaced"
t_check "10 batch sizes: the first and the last drawn" \
	sh -c 'grep -q "batch size 2:" "$1" && grep -q "batch size 11:" "$1"' sh "$T_TMP/m.svg"

# ---------------------------------------------------------------- stale images
mv "$R/regions.csv" "$R/regions.csv.kept"
t_run sh "$S/plots.sh" "$R" svg
t_expect_rc "no regions.csv: plots.sh" 0
t_check "no regions.csv: the listed boundaries.png removed" test ! -e "$R/boundaries.png"
t_expect_grep "no regions.csv: says so" "$T_ERR" "removed the previous image (boundaries.png)"
echo img >"$R/boundaries.png"
t_run sh "$S/plots.sh" "$R" svg
t_check "no regions.csv: an unlisted boundaries.png is kept" test -s "$R/boundaries.png"
rm -f "$R/boundaries.png"
mv "$R/regions.csv.kept" "$R/regions.csv"
sh "$S/plots.sh" "$R" >/dev/null 2>&1
: >"$R/.boundaries.tmp.12345.png"
"$BSWEEP" -q -f -o "$R" tests/configs/plot_tiny.json
t_check "a new sweep removes the listed boundaries.png and a left temporary" \
	sh -c '! ls -A "$1" | grep -q "boundaries.*png"' sh "$R"

# ---------------------------------------------------------------- bad input
E=$T_TMP/bad
mkdir -p "$E"
fails() { # fails WHAT FILE-NAMED-IN-THE-MESSAGE MESSAGE
	rm -f "$T_TMP/out.png"
	t_run gnuplot -d -c "$S/boundaries.gp" "$E/regions.csv" "$T_TMP/out.png"
	t_check "$1: exits 1 (got $T_RC)" test "$T_RC" = 1
	t_expect_grep "$1: the message names $2" "$T_ERR" "$2.*$3"
	t_check "$1: no image" test ! -e "$T_TMP/out.png"
}
cp "$G/regions.csv" "$G/summary.csv" "$G/run.json" "$E/"
fails "no validation.csv" validation.csv "cannot read file"
cp "$G/validation.csv" "$E/"
sed '5s/,[0-9],\([^,]*\)$/,x,\1/' "$G/regions.csv" >"$E/regions.csv"
fails "a class that is not an integer" regions.csv "line 5: class: expected an integer"
sed '7s/,[^,]*,[^,]*$//' "$G/regions.csv" >"$E/regions.csv"
fails "a truncated row" regions.csv "line 7: "
awk -F, -v OFS=, 'NR > 1 && $1 == 32 && $2 == "relu" && $3 == "0.01" && ++n == 3 { $5 = $5 + 1 } { print }' \
	"$G/regions.csv" >"$E/regions.csv"
fails "maps on different grids" regions.csv "batch size 32: not the cells of the first map"
cp "$G/epochs.csv" "$E/"
t_run sh "$S/plots.sh" "$E"
t_check "plots.sh with a bad regions.csv: exit 1 (got $T_RC)" test "$T_RC" = 1
t_expect_grep "plots.sh with a bad regions.csv: names it" "$T_ERR" "regions.csv"
t_check "plots.sh with a bad regions.csv: no boundaries image" test ! -e "$E/boundaries.png"
t_done
