#!/bin/sh
# tests/gridplots.sh BSWEEP: the figures of a sweep with a grid (sweep.grid),
# from hand-made results (tests/grid_fixture.awk: every grid point, batch
# size and seed with curves of its own, so that each line, cell and label
# shows a distinct value) and from a real one (tests/configs/plot_grid.json).
#   - plots.sh draws curves, loss, summary and heatmap, prints their paths,
#     lists them in .figures, leaves nothing else; what each figure says is
#     read back from its SVG: one legend entry per grid point, each panel's
#     best point (best.csv), the diverged runs, the heatmap's values,
#     outlines and diverged cells, summary's best points;
#   - two grid axes, a batch size where every point diverged, more than 8
#     points (the best alone), no best.csv (the first 8);
#   - without a grid nothing changes: no heatmap, the same images with or
#     without a stray best.csv; a heatmap of earlier results is removed only
#     when .figures lists it, and a new sweep removes it;
#   - error paths: a missing column, no grid column, a grid value that is
#     not a number, true, false or a name, best.csv naming an unknown point
#     or other grid columns, no best.csv for the summary, a point twice, two
#     selected points: exit 1, a message naming the file and the problem,
#     no image (and plots.sh removes the old one);
#   - hostile names and values: directories named with shell and gnuplot
#     metacharacters, grid values and column names carrying code: no file
#     appears, nothing runs; a FIFO best.csv does not block.
# The locale part is tests/locale.sh's.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root
NL=$(printf '\nx'); NL=${NL%x}

t_need_gnuplot
EH=$(t_columns epochs) && SH=$(t_columns summary) && PH=$(t_columns points) || { t_done; exit 1; }

# mkgrid DIR AWK-ASSIGNMENTS...: hand-made results of a grid sweep in DIR,
# with a run.json recording the selection metric
mkgrid() {
	d=$1; shift
	mkdir -p "$d" &&
	LC_ALL=C awk -f tests/grid_fixture.awk -v eh="$EH" -v sh="$SH" -v ph="$PH" -v dir="$d" "$@" &&
	printf '{\n\t"config":\t{\n\t\t"sweep":\t{\n\t\t\t"select":\t"final_val_acc",\n\t\t\t"grid":\t{}\n\t\t}\n\t}\n}\n' >"$d/run.json"
}
# column COL of CSV FILE, one value a line (rows in file order)
col() { awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }' "$1"; }
# how many times text $2 appears in the text of SVG $1
svg_count() { svg_text "$1" | grep -o -F -e "$2" | wc -l | tr -d ' '; }
# plots DIR [FORMAT]: scripts/plots.sh, stdout and stderr in T_OUT, T_ERR
plots() { t_run sh "$S/plots.sh" "$@"; }

# ---------------------------------------------------------------- one axis
# 4 batch sizes x 6 learning rates x 2 seeds; at batch 8 lr 1 both seeds
# diverge (the cell's median), lr 0.3 one seed (median too: -inf of 2), at
# batch 32 lr 1 one seed
A=$T_TMP/one
mkgrid "$A" -v bs="8 32 128 512" -v seeds="0 1" -v epochs=12 \
	-v axes="train.learning_rate=0.003 0.01 0.03 0.1 0.3 1" -v diverge="1:6:* 1:5:2 2:6:1"
n0=$(count "$A")
plots "$A" svg
t_expect_rc "one axis: plots.sh" 0
t_check "one axis: plots.sh quiet on stderr" test ! -s "$T_ERR"
t_check "one axis: the 4 paths printed" test "$(cat "$T_OUT")" = \
	"$(printf '%s\n' "$A/curves.svg" "$A/loss.svg" "$A/summary.svg" "$A/heatmap.svg")"
t_check "one axis: .figures lists the 4 images" figures_are "$A" "curves.svg heatmap.svg loss.svg summary.svg"
t_check "one axis: nothing else written" test "$(count "$A")" = $((n0 + 5))
for f in curves loss; do
	for lr in 0.003 0.01 0.03 0.1 0.3 1; do
		t_check "one axis: $f.svg: a legend entry 'learning_rate = $lr'" \
			test "$(svg_count "$A/$f.svg" "<text>learning_rate = $lr</text>")" = 1
	done
	t_check "one axis: $f.svg: 4 panels" test "$(svg_count "$A/$f.svg" ">batch = ")" = 4
	# each panel names its best point, best.csv's
	want=$(col "$A/best.csv" train.learning_rate | sed 's/^/best: learning_rate = /')
	got=$(svg_text "$A/$f.svg" | grep -o 'best: learning_rate = [^<]*')
	t_check "one axis: $f.svg: each panel names best.csv's point" test "$got" = "$want"
	t_check "one axis: $f.svg: says 4 of 48 runs diverged" \
		test "$(svg_count "$A/$f.svg" "4 of 48 runs diverged (dashed; x = epoch of divergence)")" = 1
	t_check "one axis: $f.svg: the best point thick, by final_val_acc" \
		test "$(svg_count "$A/$f.svg" "<text>thick: the best, final_val_acc</text>")" = 1
done
t_expect_grep "one axis: curves.svg title" "$A/curves.svg" "Validation accuracy by batch size and learning_rate  -  one   (2 seeds)"
# the heatmap: every median printed, the diverged cells, the outlines
H=$A/heatmap.svg
t_expect_grep "heatmap: the title names the key" "$H" "Final validation accuracy by batch size and train.learning_rate  -  one"
t_expect_grep "heatmap: the selection metric, from run.json" "$H" "each batch size's best point (by final_val_acc)"
missing=""
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["score"] != "-inf" { printf "%.3f\n", $c["final_val_acc"] }' "$A/points.csv" >"$T_TMP/want"
while read -r v; do
	svg_text "$H" | grep -q ">$v<" || missing="$missing $v"
done <"$T_TMP/want"
t_check "heatmap: the value of each of the $(wc -l <"$T_TMP/want" | tr -d ' ') cells printed (missing:$missing)" test -z "$missing"
t_check "heatmap: 3 cells whose median run diverged" test "$(svg_count "$H" ">diverged<")" = 3
t_check "heatmap: their counts 2/2, 1/2, 1/2" test "$(svg_text "$H" | grep -o '>[12]/2<' | sort | tr -d '<>\n')" = "1/21/22/2"
t_check "heatmap: 4 cells outlined (one per batch size)" \
	test "$(grep -o "<path stroke='rgb(228,   0,  43)'" "$H" | wc -l | tr -d ' ')" = 4
t_check "heatmap: the y tics are the values in config order" \
	test "$(svg_text "$H" | grep -o '>\(0\.003\|0\.01\|0\.03\|0\.1\|0\.3\|1\)<' | tr -d '<>' | tr '\n' ' ')" = "0.003 0.01 0.03 0.1 0.3 1 "
# the summary: each batch size's best point
t_expect_grep "summary: says it shows the best learning_rate" "$A/summary.svg" "the best learning_rate per batch size"
for v in $(col "$A/best.csv" train.learning_rate); do
	t_check "summary: the best value $v under its point" grep -q "<text>$v</text>" "$A/summary.svg"
done
plots "$A"
t_expect_rc "one axis: PNG" 0
for f in curves loss summary heatmap; do
	t_check "one axis: $f.png is a PNG, at least 820 px wide" \
		sh -c 'is_png() { [ "$(od -An -tx1 -N8 "$1" | tr -d " \n")" = 89504e470d0a1a0a ]; }; is_png "$1" &&
			[ "$(od -An -tu1 -j16 -N4 "$1" | awk "{ print ((\$1 * 256 + \$2) * 256 + \$3) * 256 + \$4 }")" -ge 820 ]' sh "$A/$f.png"
done

# ---------------------------------------------------------------- two axes
# 3 batch sizes x (3 learning rates x 2 momenta) x 3 seeds; every run at
# batch 256 diverges
B=$T_TMP/two
mkgrid "$B" -v bs="16 64 256" -v seeds="0 1 2" -v epochs=15 \
	-v axes="train.learning_rate=0.01 0.1 1;train.momentum=0 0.9" -v diverge="3:*:* 1:5:2"
plots "$B" svg
t_expect_rc "two axes: plots.sh" 0
t_check "two axes: quiet" test ! -s "$T_ERR"
t_check "two axes: curves.svg: 6 legend entries naming both keys" \
	test "$(svg_text "$B/curves.svg" | grep -c '<text>learning_rate = [0-9.]*, momentum = [0-9.]*</text>')" = 6
t_expect_grep "two axes: a batch size without a best point says so" "$B/curves.svg" "no best point: every grid point diverged"
t_expect_grep "two axes: heatmap: the cell is the best over the other axis" "$B/heatmap.svg" \
	"each cell: the best over momentum (highest score)"
t_check "two axes: heatmap: 3 x 3 cells, 3 diverged" test "$(svg_count "$B/heatmap.svg" ">diverged<")" = 3
t_check "two axes: heatmap: 2 outlined" \
	test "$(grep -o "<path stroke='rgb(228,   0,  43)'" "$B/heatmap.svg" | wc -l | tr -d ' ')" = 2
t_expect_grep "two axes: summary: 1 batch size without a best point" "$B/summary.svg" "1 batch size without a best point"
t_expect_grep "two axes: summary: marked in the panels" "$B/summary.svg" "every grid point diverged"

# ---------------------------------------------------------------- many points
M=$T_TMP/many
mkgrid "$M" -v bs="8 16 32" -v seeds="0" -v epochs=12 \
	-v axes="train.learning_rate=0.001 0.002 0.005 0.01 0.02 0.05 0.1 0.2 0.5 1 2 5" -v diverge="1:12:*"
plots "$M" svg
t_expect_rc "12 points: plots.sh" 0
t_expect_grep "12 points: curves.svg says only the best is drawn" "$M/curves.svg" \
	"12 grid points: each batch size's best alone (best.csv, by final_val_acc)"
t_check "12 points: no legend entry per point" test "$(svg_count "$M/curves.svg" "<text>learning_rate = ")" = 0
t_check "12 points: each panel names its best" test "$(svg_count "$M/curves.svg" ">best: learning_rate = ")" = 3
t_check "12 points: the heatmap has the 12 values" test "$(svg_text "$M/heatmap.svg" | grep -c '>[0-9.]*</tspan>')" -ge 12
rm "$M/best.csv" "$M/heatmap.svg"
plots "$M" svg
t_expect_rc "12 points, no best.csv: the summary cannot be drawn" 1
t_expect_grep "12 points, no best.csv: says why" "$T_ERR" "summary.csv: grid columns but no best.csv beside it"
t_expect_grep "12 points, no best.csv: curves.svg: the first 8" "$M/curves.svg" "12 grid points and no best.csv: the first 8 alone"
t_check "12 points, no best.csv: 8 legend entries" test "$(svg_count "$M/curves.svg" "<text>learning_rate = ")" = 8
t_check "12 points, no best.csv: summary.svg removed, .figures" figures_are "$M" "curves.svg heatmap.svg loss.svg"

# ---------------------------------------------------------------- a huge grid
# 50 batch sizes x 300 values: cells shrink so the image stays drawable
# (cairo's limit is 32767 pixels; at the usual 46 x 16 it would be
# 2660 x 4990), one label in 2 batch sizes and in 3 values
G=$T_TMP/huge
awk 'BEGIN { printf "{\"name\": \"huge\", \"data\": {\"n_samples\": 120, \"n_train\": 60}, "
	printf "\"train\": {\"budget\": {\"steps\": 1}}, \"sweep\": {\"batch_sizes\": ["
	for (i = 1; i <= 50; i++) printf "%s%d", (i > 1 ? ", " : ""), i
	printf "], \"grid\": {\"train.learning_rate\": ["
	for (i = 1; i <= 300; i++) printf "%s%g", (i > 1 ? ", " : ""), i / 1000
	printf "]}}}\n" }' >"$T_TMP/huge.json"
if "$BSWEEP" -q -o "$G" "$T_TMP/huge.json"; then
	t_run gnuplot -c "$S/heatmap.gp" "$G/points.csv" "$G/heatmap.png" png
	t_expect_rc "50 x 300 cells: heatmap.png drawn" 0
	t_check "50 x 300 cells: at most 2200 x 2200 pixels ($(file "$G/heatmap.png" | grep -o '[0-9]* x [0-9]*'))" \
		sh -c 'file "$1" | awk "{ for (i = 1; i < NF; i++) if (\$(i + 1) == \"x\") exit !(\$i + 0 <= 2200 && \$(i + 2) + 0 <= 2200 && \$i + 0 >= 820) }"' sh "$G/heatmap.png"
	t_run gnuplot -c "$S/heatmap.gp" "$G/points.csv" "$G/heatmap.svg" svg
	t_expect_grep "50 x 300 cells: the subtitle says which labels are shown" "$G/heatmap.svg" \
		"labelled: one batch size in 2, one value in 3"
	t_check "50 x 300 cells: the values labelled are 0.001, 0.004, ..., 0.298" sh -c '
		for v in 0.001 0.004 0.298; do grep -q ">$v<" "$1" || exit 1; done
		for v in 0.002 0.003 0.299 0.3; do grep -q ">$v<" "$1" && exit 1; done; exit 0' sh "$G/heatmap.svg"
	t_check "50 x 300 cells: the batch sizes labelled are 1, 3, ..., 49" sh -c '
		for v in 1 3 49; do grep -q ">$v<" "$1" || exit 1; done
		for v in 2 48 50; do grep -q ">$v<" "$1" && exit 1; done; exit 0' sh "$G/heatmap.svg"
else
	t_not_ok "the 50 x 300 grid's sweep ran"
fi

# ---------------------------------------------------------------- a real sweep
R=$T_TMP/real
if "$BSWEEP" -q -o "$R" tests/configs/plot_grid.json; then
	plots "$R"
	t_expect_rc "plot_grid.json: plots.sh" 0
	t_check "plot_grid.json: quiet" test ! -s "$T_ERR"
	t_check "plot_grid.json: .figures" figures_are "$R" "curves.png heatmap.png loss.png summary.png"
	: >"$R/.heatmap.tmp.12345.png"
	"$BSWEEP" -q -f -o "$R" tests/configs/plot_tiny.json
	t_check "a new sweep removes the listed heatmap and a left temporary" \
		sh -c '! ls -A "$1" | grep -q "png" && ! test -e "$1/.figures"' sh "$R"
else
	t_not_ok "tests/configs/plot_grid.json: the sweep ran"
fi

# ---------------------------------------------------------------- no grid: nothing changes
N=$T_TMP/nogrid
"$BSWEEP" -q -o "$N" tests/configs/plot_tiny.json
plots "$N"
t_expect_rc "no grid: plots.sh" 0
t_check "no grid: no heatmap, 3 paths" test "$(cat "$T_OUT" | wc -l)" = 3
for f in curves loss summary; do cp "$N/$f.png" "$T_TMP/ref.$f.png"; done
cp "$A/best.csv" "$A/points.csv" "$N/"
rm "$N/points.csv"
plots "$N"
for f in curves loss summary; do
	t_check "no grid: $f.png the same with a stray best.csv beside" cmp -s "$N/$f.png" "$T_TMP/ref.$f.png"
done
rm "$N/best.csv"
# a heatmap of earlier grid results: removed when listed, kept when not
echo img >"$N/heatmap.png"
plots "$N"
t_check "no grid: an unlisted heatmap.png is not plots.sh's: kept" test -s "$N/heatmap.png"
echo heatmap.png >>"$N/.figures"
plots "$N"
t_check "no grid: a listed heatmap.png goes with its points.csv" test ! -e "$N/heatmap.png"
t_expect_grep "no grid: says so" "$T_ERR" "removed the previous image (heatmap.png)"
t_check "no grid: .figures" figures_are "$N" "curves.png loss.png summary.png"

# ---------------------------------------------------------------- error paths
E=$T_TMP/bad
# fails NAME SCRIPT INPUT PATTERN: the script exits 1, names PATTERN, writes nothing
fails() {
	rm -f "$T_TMP/out.png"
	t_run gnuplot -c "$S/$2" "$3" "$T_TMP/out.png"
	t_check "$1: $2 exits 1 (got $T_RC)" test "$T_RC" = 1
	t_expect_grep "$1: the message names it" "$T_ERR" "$4"
	t_check "$1: no image" test ! -e "$T_TMP/out.png"
}
fresh() { rm -rf "$E"; cp -R "$A" "$E"; rm -f "$E"/*.svg "$E"/*.png "$E/.figures"; }
fresh
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "score") c = i }
	{ o = ""; for (i = 1; i <= NF; i++) if (i != c) o = o (o == "" ? "" : ",") $i; print o }' "$A/points.csv" >"$E/points.csv"
fails "points.csv without score" heatmap.gp "$E/points.csv" "points.csv: missing required column 'score'"
sh "$S/plots.sh" "$A" >/dev/null 2>&1
cp "$E/points.csv" "$A/points.csv.bad"
mv "$A/points.csv" "$A/points.csv.good"; mv "$A/points.csv.bad" "$A/points.csv"
plots "$A"
t_expect_rc "plots.sh: points.csv without score" 1
t_check "plots.sh: the other figures drawn" test "$(cat "$T_OUT" | wc -l)" = 3
t_check "plots.sh: the previous heatmap removed (png and svg)" test ! -e "$A/heatmap.png" -a ! -e "$A/heatmap.svg"
t_check "plots.sh: .figures" figures_are "$A" "curves.png curves.svg loss.png loss.svg summary.png summary.svg"
t_check "plots.sh: no temporary file left" test -z "$(find "$A" -name '.*tmp*')"
mv "$A/points.csv.good" "$A/points.csv"
fresh
awk -F, 'BEGIN { OFS = "," } NR == 1 { sub(/train[.]learning_rate/, "learning_rate") } { print }' "$A/points.csv" >"$E/points.csv"
fails "points.csv without a grid column" heatmap.gp "$E/points.csv" "points.csv: no grid column"
fresh
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "train.learning_rate") k = i }
	NR == 5 { $k = "0.1 0.2" } { print }' "$A/epochs.csv" >"$E/epochs.csv"
fails "a grid value with a blank" curves.gp "$E/epochs.csv" \
	"epochs.csv line 5: train.learning_rate: expected a number, true, false or a name, got '0.1 0.2'"
fresh
awk -F, 'BEGIN { OFS = "," } NR == 3 { $2 = "0.5" } { print }' "$A/best.csv" >"$E/best.csv"
fails "best.csv naming an unknown point" curves.gp "$E/epochs.csv" \
	"best.csv line 3: no such grid point in epochs.csv: batch size 32, train.learning_rate = 0.5"
fails "best.csv naming an unknown point (summary)" summary.gp "$E/summary.csv" "best.csv line 3: no such grid point in summary.csv"
fresh
sed '1s/train.learning_rate/train.momentum/' "$A/best.csv" >"$E/best.csv"
fails "best.csv with other grid columns" curves.gp "$E/epochs.csv" \
	"best.csv: grid columns (train.momentum) differ from epochs.csv's (train.learning_rate)"
fresh
awk 'NR == 3 { print } { print }' "$A/best.csv" >"$E/best.csv"
fails "best.csv: two rows for a batch size" curves.gp "$E/epochs.csv" "best.csv line 4: a second best point for batch size"
fresh
rm "$E/best.csv"
fails "summary without best.csv" summary.gp "$E/summary.csv" "summary.csv: grid columns but no best.csv beside it"
gnuplot -c "$S/curves.gp" "$E/epochs.csv" "$T_TMP/ok.png" 2>"$T_TMP/e"
t_check "curves without best.csv: drawn, quiet" sh -c 'test -s "$1" && test ! -s "$2"' sh "$T_TMP/ok.png" "$T_TMP/e"
fresh
awk 'NR == 2 { print } { print }' "$A/points.csv" >"$E/points.csv"
fails "points.csv: a point twice" heatmap.gp "$E/points.csv" "points.csv line 3: a second row (line 2) for batch size 8, train.learning_rate = 0.003"
fresh
awk -F, 'BEGIN { OFS = "," } NR == 2 { $NF = 1 } { print }' "$A/points.csv" >"$E/points.csv"
fails "points.csv: two selected points" heatmap.gp "$E/points.csv" "a second selected point for batch size 8"
fresh
sed '1s/train.learning_rate/train.learning rate/' "$A/epochs.csv" >"$E/epochs.csv"
fails "a column with a dot that is no key path" curves.gp "$E/epochs.csv" \
	"epochs.csv: a grid column (a name with a dot) must be a key path such as train.learning_rate, not 'train.learning rate'"

# ---------------------------------------------------------------- hostile names and values
W=$T_TMP/w
mkdir -p "$W"
made=0
for n in 'b`touch PWNED1`' 'd$(touch PWNED2)' "q'; touch PWNED3; '" 'g"; system("touch PWNED4"); print "' \
         '<touch PWNED5;x' '|touch PWNED6;x' '@AWK' '$CELL' '-' "n${NL}l"; do
	cp -R "$A" "$W/$n"
	rm -f "$W/$n"/*.png "$W/$n"/*.svg "$W/$n/.figures"
	made=$((made + 1))
	(cd "$W" && sh "$S/plots.sh" "$n" svg) >"$T_TMP/o" 2>"$T_TMP/e"
	rc=$?
	if [ $rc = 0 ] && [ ! -s "$T_TMP/e" ] && grep -q '<svg' "$W/$n/heatmap.svg" && grep -q '<svg' "$W/$n/summary.svg"; then
		t_ok "name '$(shown "$n")': the 4 figures"
	else
		t_not_ok "name '$(shown "$n")': the 4 figures (exit $rc)" "$(cat "$T_TMP/e")"
	fi
	t_check "name '$(shown "$n")': .figures" figures_are "$W/$n" "curves.svg heatmap.svg loss.svg summary.svg"
	if svg_text "$W/$n/heatmap.svg" | grep -qF -e "by batch size and train.learning_rate  -  $(shown "$n")"; then
		t_ok "name '$(shown "$n")': the heatmap's title shows it"
	else
		t_not_ok "name '$(shown "$n")': the heatmap's title shows it"
	fi
done
# values and column names that would be code somewhere: refused before they reach gnuplot
V=$T_TMP/v
for bad in "x';system('touch PWNED7');'" 'x`touch PWNED8`' 'x$(touch PWNED9)' "x@AWK" 'x"; print "y'; do
	rm -rf "$V"; cp -R "$A" "$V"
	awk -F, -v v="$bad" 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "train.learning_rate") k = i }
		NR == 2 { $k = v } { print }' "$A/epochs.csv" >"$V/epochs.csv"
	awk -F, -v v="$bad" 'BEGIN { OFS = "," } NR == 2 { $2 = v } { print }' "$A/points.csv" >"$V/points.csv"
	(cd "$W" && sh "$S/plots.sh" "$V" svg) >/dev/null 2>"$T_TMP/e"
	t_expect_grep "grid value '$bad': refused, named" "$T_TMP/e" "train.learning_rate: expected a number, true, false or a name"
done
rm -rf "$V"; cp -R "$A" "$V"
sed '1s/train.learning_rate/train.x`touch PWNED10`$(touch PWNED11)/' "$A/points.csv" >"$V/points.csv"
(cd "$W" && gnuplot -c "$S/heatmap.gp" "$V/points.csv" out.svg svg) 2>"$T_TMP/e"
t_expect_grep "a grid column named with code: refused" "$T_TMP/e" "points.csv: a grid column (a name with a dot) must be a key path"
t_check "no file created by a name or a value: only the $made directories" test "$(count "$W")" = "$made"
t_check "no file created in the source tree" test -z "$(find . -maxdepth 1 -name 'PWNED*')"
# a best.csv that is a FIFO nobody writes: not read, the figure drawn
rm -rf "$V"; cp -R "$A" "$V"; rm "$V/best.csv"; mkfifo "$V/best.csv"
t_run timeout 60 gnuplot -c "$S/curves.gp" "$V/epochs.csv" "$T_TMP/fifo.png"
t_check "best.csv a FIFO: curves.gp ends, draws (exit $T_RC)" sh -c 'test "$1" = 0 && test -s "$2"' sh "$T_RC" "$T_TMP/fifo.png"

t_done
