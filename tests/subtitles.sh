#!/bin/sh
# tests/subtitles.sh BSWEEP: what every figure says about the sweep that
# produced it, and its time units (issue 16).
#   - a sweep with every analysis (curves, loss, summary, scaling, noise,
#     sharpness, interpolation, boundaries) and one with a grid (heatmap),
#     rendered as SVG by plots.sh, and compare.sh's figure: each carries,
#     once, the subtitle run.json's "description" holds (src/describe.c),
#     whose exact text is checked too; the header grows by its 20 pixels.
#   - time: the time panels' axes say ms (summary, scaling, compare), the
#     curves' run times are in ms (never µs), no figure prints "seconds",
#     and no text in any figure is a number in exponent notation, also
#     with times of a microsecond (the old ticks read "1e-06").
#   - an older run.json without the member: the figures are drawn, quietly,
#     without a subtitle, at the old height.
#   - hostile descriptions: a hand-edited run.json whose description holds
#     quotes, backslashes, backquotes, $, @, braces, system("...") is not
#     shown (the figure still drawn); one of only allowed characters that
#     reads like gnuplot code is shown as text; a script called by hand with
#     such a 4th argument shows it with '?' for the refused characters;
#     no command in any of them ever runs.
#   - compare.sh shows the first directory's description.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root

t_need_gnuplot

# desc_of DIR: the description as run.json holds it (cJSON's layout)
desc_of() { sed -n 's/^	"description":	"\(.*\)",$/\1/p' "$1/run.json"; }
# texts SVG: the text of each <text> element of SVG, one a line, tags
# dropped, entities decoded
texts() { svg_text "$1" | sed -n 's/.*<text[^>]*>\(.*\)<\/text>.*/\1/p' | sed 's/<[^>]*>//g'; }
# has_subtitle SVG TEXT: TEXT is one text element of SVG, exactly once
has_subtitle() { test "$(texts "$1" | grep -cxF -- "$2")" = 1; }
# no_exponent SVG: no text of SVG is a number written with an exponent
no_exponent() { ! texts "$1" | grep -Eq '^[-+]?[0-9.]+[eE][-+]?[0-9]+$'; }
# lacks SVG PATTERN: no text of SVG matches PATTERN (grep's)
lacks() { ! texts "$1" | grep -q -- "$2"; }
# svg_height SVG: the height attribute of the <svg> element
svg_height() { sed -n 's/^ width="[0-9]*" height="\([0-9]*\)"$/\1/p' "$1" | head -n 1; }

A=$T_TMP/all
cat >"$T_TMP/all.json" <<'EOF'
{"name": "all", "data": {"n_samples": 300, "n_train": 200},
 "model": {"hidden": [8]}, "train": {"epochs": 6, "learning_rate": 0.01},
 "sweep": {"batch_sizes": [4, 16, 64], "seeds": [0, 1]},
 "analysis": {"weights": true, "boundaries": true, "sharpness": true, "noise_scale": true,
              "eval_train": true, "target": {"metric": "val_acc", "value": 0.5}}}
EOF
DA="blobs: 300 samples, 2 features, 3 classes (200 train) | 2-8-3 relu | Adam lr 0.01 | 6 epochs, target val_acc >= 0.5 | 2 seeds"
G=$T_TMP/grid
cat >"$T_TMP/grid.json" <<'EOF'
{"name": "grid", "data": {"generator": "moons", "n_samples": 120, "n_train": 80},
 "train": {"epochs": 3, "optimizer": "sgd", "momentum": 0.9},
 "sweep": {"batch_sizes": [8, 64], "seeds": [0], "grid": {"train.learning_rate": [0.01, 0.1]}}}
EOF
DG="moons: 120 samples, 2 features, 2 classes (80 train) | 2-50-2 relu | SGD momentum 0.9 lr grid | 3 epochs | 1 seed | grid: learning_rate (2)"

# (too few batch sizes for the scaling fit: bsweep warns, and that is fine)
if ! "$BSWEEP" -q -o "$A" "$T_TMP/all.json" 2>/dev/null || ! "$BSWEEP" -q -o "$G" "$T_TMP/grid.json"; then
	t_not_ok "the two sweeps ran"
	t_done
	exit 1
fi
t_check "run.json: the description of the sweep with every analysis" test "$(desc_of "$A")" = "$DA"
t_check "run.json: the description of the grid" test "$(desc_of "$G")" = "$DG"

# ---------------------------------------------------------------- every figure
t_run sh "$S/plots.sh" "$A" svg
t_check "plots.sh: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_check "plots.sh: the 8 figures" test "$(cat "$A/.figures" | tr '\n' ' ')" = \
	"boundaries.svg curves.svg interpolation.svg loss.svg noise.svg scaling.svg sharpness.svg summary.svg "
for f in curves loss summary scaling noise sharpness interpolation boundaries; do
	t_check "$f.svg: the description as its subtitle" has_subtitle "$A/$f.svg" "$DA"
	t_check "$f.svg: no number with an exponent" no_exponent "$A/$f.svg"
	t_check "$f.svg: no text says seconds" lacks "$A/$f.svg" "seconds"
done
t_run sh "$S/plots.sh" "$G" svg
t_check "grid: plots.sh exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
for f in curves loss summary heatmap; do
	t_check "grid: $f.svg: the description as its subtitle" has_subtitle "$G/$f.svg" "$DG"
done
t_check "summary.svg: the header 20 pixels higher (680)" test "$(svg_height "$A/summary.svg")" = 680

# ---------------------------------------------------------------- time units
t_check "summary: the time panel in ms" has_subtitle "$A/summary.svg" "time (ms, log scale)"
t_check "scaling: the time panel in ms" has_subtitle "$A/scaling.svg" "time (ms, log scale)"
t_check "scaling: its title says time" has_subtitle "$A/scaling.svg" "Time to target (training only)"
t_check "curves: each panel's run time in ms (3 panels)" \
	test "$(texts "$A/curves.svg" | grep -c '^batch = [0-9]*   steps/epoch = [0-9]*   time = [0-9.]* ms$')" = 3
t_check "curves: no µs" lacks "$A/curves.svg" "µs"
t_check "summary: the third panel says what it counts" has_subtitle "$A/summary.svg" \
	"Epochs to the target val_acc >= 0.5"
# times of 10 to 30 microseconds: ticks in ms, no exponent (the seconds
# axis had "1e-05")
U=$T_TMP/micro
mkdir -p "$U"
cp "$A/epochs.csv" "$A/run.json" "$U/"
for f in summary scaling; do
	awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /seconds/) s[i] = 1; print; next }
	{ for (i in s) if ($i != "") $i = sprintf("%g", 1e-05 * (1 + NR % 3)); print }' \
		"$A/$f.csv" >"$U/$f.csv"
done
t_check "micro: the times are 1e-05 to 3e-05 s" test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "total_seconds") c = i; next } { print $c }' "$U/summary.csv" | sort -u | tr '\n' ' ')" = "1e-05 2e-05 3e-05 "
for f in summary scaling; do
	t_run gnuplot -d -c "$S/$f.gp" "$U/$f.csv" "$U/$f.svg" svg
	t_check "micro: $f.gp exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
	t_check "micro: $f: the time axis in ms" has_subtitle "$U/$f.svg" "time (ms, log scale)"
	t_check "micro: $f: a tick 0.01 (ms)" has_subtitle "$U/$f.svg" "0.01"
	t_check "micro: $f: no number with an exponent" no_exponent "$U/$f.svg"
done
# times of seconds: in s
for f in summary; do
	awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /seconds/) s[i] = 1; print; next }
	{ for (i in s) if ($i != "" && $i == $i + 0) $i = $i * 10000; print }' "$A/$f.csv" >"$U/$f.csv"
	t_run gnuplot -d -c "$S/$f.gp" "$U/$f.csv" "$U/$f.svg" svg
	t_check "seconds: $f: the time axis in s" has_subtitle "$U/$f.svg" "time (s, log scale)"
done

# ---------------------------------------------------------------- no description
O=$T_TMP/old
mkdir -p "$O"
cp "$A/epochs.csv" "$A/summary.csv" "$A/scaling.csv" "$O/"
grep -v '^	"description":' "$A/run.json" >"$O/run.json"
t_run sh "$S/plots.sh" "$O" svg
t_check "older run.json: plots.sh exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
for f in curves summary scaling; do
	t_check "older run.json: $f.svg has no subtitle" lacks "$O/$f.svg" "^blobs: "
done
t_check "older run.json: summary.svg at the old height (660)" test "$(svg_height "$O/summary.svg")" = 660

# ---------------------------------------------------------------- hostile descriptions
H=$T_TMP/hostile
mkdir -p "$H"
cp "$A/epochs.csv" "$A/summary.csv" "$H/"
cd "$T_TMP" || exit 1
# every character plots.sh refuses, and system() with all of them
sed 's/^\(	"description":	"\).*",$/\1a\\"b\\\\c `touch pwned1` $(touch pwned2) @x {y} '"'"'q'"'"' \\"); system(\\"touch pwned3\\"); print(\\"",/' \
	"$A/run.json" >"$H/run.json"
t_check "hostile: run.json edited" grep -q 'system(\\"touch pwned3' "$H/run.json"
t_run sh "$S/plots.sh" "$H" svg
t_check "hostile: plots.sh exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
for f in curves loss summary; do
	t_check "hostile: $f.svg drawn, no subtitle" lacks "$H/$f.svg" "touch"
done
# only allowed characters, and gnuplot code all the same: shown as text
sed 's/^\(	"description":	"\).*",$/\1x); system(touch pwned4); print(y",/' "$A/run.json" >"$H/run.json"
t_run sh "$S/plots.sh" "$H" svg
t_check "code as text: plots.sh exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_check "code as text: shown as it is" has_subtitle "$H/summary.svg" "x); system(touch pwned4); print(y"
# a script called by hand: lib.gp shows the refused characters as '?'
t_run gnuplot -d -c "$S/summary.gp" "$H/summary.csv" "$H/by-hand.svg" svg \
	'a"b\c `touch pwned5` $x @y {z} '"'"'q'"'"' system("touch pwned6") é'
t_check "by hand: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_check "by hand: the refused characters as '?'" has_subtitle "$H/by-hand.svg" \
	'a?b?c ?touch pwned5? ?x ?y ?z? ?q? system(?touch pwned6?) ??'
t_check "hostile: no command ran" test -z "$(ls "$T_TMP" "$H" | grep pwned)"
cd "$ROOT" || exit 1

# ---------------------------------------------------------------- compare.sh
A2=$T_TMP/all2
"$BSWEEP" -q -o "$A2" "$T_TMP/all.json" 2>/dev/null
sed 's/^\(	"description":	"\).*",$/\1the second directory",/' "$A/run.json" >"$T_TMP/rj" && cat "$T_TMP/rj" >"$A2/run.json"
t_run env BSWEEP="$BSWEEP" sh "$S/compare.sh" "$T_TMP/cmp.svg" "$A" "$A2"
t_check "compare.sh: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_check "compare.sh: the first directory's description" has_subtitle "$T_TMP/cmp.svg" "$DA"
t_check "compare.sh: the time axis in ms" has_subtitle "$T_TMP/cmp.svg" "time (ms, log scale)"
t_check "compare.sh: no number with an exponent" no_exponent "$T_TMP/cmp.svg"
t_run env BSWEEP="$BSWEEP" sh "$S/compare.sh" "$T_TMP/cmp2.svg" "$A2" "$A"
t_check "compare.sh, the other way round: the other description" has_subtitle "$T_TMP/cmp2.svg" "the second directory"

t_done
