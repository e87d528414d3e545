#!/bin/sh
# tests/analysisplots.sh BSWEEP: the figures of the analysis: scaling.png
# (scripts/scaling.gp, drawn by plots.sh when a results directory has a
# scaling.csv), summary.png's target panel, noise.png (scripts/noise.gp,
# when epochs.csv has b_simple).
#   - A hand-made scaling.csv and run.json: the fit's B_crit, its interval
#     and S_min written in the figure, the fitted curve and the
#     perfect-scaling line drawn, the censored batch sizes marked; with
#     no fit in run.json (or no run.json) "no fit"; with a grid of up
#     to 8 points each point with its own fit (analysis.fits), with more
#     only the first grid point, named in the subtitle.
#   - A real sweep with a target: plots.sh draws and lists scaling.png;
#     without scaling.csv a listed scaling image is removed (an unlisted
#     one kept); a new sweep removes it and a left temporary.
#   - summary.png's third panel: epochs to the declared target (median over
#     seeds, a censored seed counted as never, min..max of those that
#     reached it) when there is one, "95 % ... (no target declared)"
#     otherwise; the medians on a hand-made summary.csv.
#   - noise.png: the medians over seeds of a hand-made epochs.csv, B_crit
#     from run.json as a line (a B_crit <= 0 said, not drawn); a real sweep
#     with noise_scale: drawn and listed; epochs.csv without b_simple: a
#     listed noise image removed; errors name the file; with a grid of 2
#     points a panel per point, each with its own B_crit.
#   - Bad input (no such column, a value that is not a number, an empty
#     file): exit 1, a message naming the file, no image.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root

t_need_gnuplot

HEAD=batch_size,seeds,reached,reached_fraction,steps_to_target_median,steps_to_target_min,steps_to_target_max,examples_to_target_median,examples_to_target_min,examples_to_target_max,seconds_to_target_median,seconds_to_target_min,seconds_to_target_max,resolution_steps,in_fit,fit_steps,efficiency,regime

# ---------------------------------------------------------------- hand-made fixture
# S(B) = 100 (1 + 16 / B) exactly for B = 4..64; 128 censored
F=$T_TMP/fix
mkdir -p "$F"
{
	echo "$HEAD"
	echo "4,3,3,1,500,480,520,2000,1920,2080,0.5,0.4,0.6,1,1,500,,"
	echo "8,3,3,1,300,290,310,2400,2320,2480,0.3,0.25,0.35,1,1,300,0.737,diminishing"
	echo "16,3,3,1,200,190,210,3200,3040,3360,0.2,0.18,0.22,1,1,200,0.585,diminishing"
	echo "32,3,3,1,150,140,160,4800,4480,5120,0.15,0.14,0.16,1,1,150,0.415,diminishing"
	echo "64,3,2,0.667,125,120,130,8000,7680,8320,0.125,0.12,0.13,1,1,125,0.263,diminishing"
	echo "128,3,1,0.333,,110,110,,14080,14080,,0.11,0.11,1,0,112.5,,"
} >"$F/scaling.csv"
cat >"$F/run.json" <<'EOF'
{
 "config": {
  "data": {
   "n_train": 500
  }
 },
 "analysis": {
  "fit": {
   "ok": true,
   "s_min": 100,
   "e_min": 1600,
   "b_crit": 16,
   "b_crit_lo": 12.5,
   "b_crit_hi": 20.25,
   "degenerate": false
  }
 }
}
EOF
t_run gnuplot -d -c "$S/scaling.gp" "$F/scaling.csv" "$F/s.svg" svg
t_check "fixture: scaling.gp exits 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_expect_grep "fixture: the title" "$F/s.svg" "Steps, examples and time to the target  -  fix"
t_expect_grep "fixture: B_crit and its interval" "$F/s.svg" "B_crit = 16  \[95% CI 12.5, 20.2\]"
t_expect_grep "fixture: S_min" "$F/s.svg" "S_min = 100 steps"
t_expect_grep "fixture: the fitted curve" "$F/s.svg" "fit S_min (1 + B_crit / B)"
t_expect_grep "fixture: the interval's curves" "$F/s.svg" "B_crit 95% bounds (S_min held)"
t_expect_grep "fixture: perfect scaling" "$F/s.svg" "perfect scaling (S ~ 1/B)"
t_expect_grep "fixture: one censored batch size" "$F/s.svg" "1 batch size censored"
t_check "fixture: not degenerate" sh -c '! grep -q "degenerate fit" "$1"' sh "$F/s.svg"
# the numbers handed to gnuplot
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=scaling "$F/scaling.csv" "$F/run.json" >"$T_TMP/agg"
t_check "fixture: the censored batch size is 128" \
	test "$(sed -n '/^\$CENS/,/^EOD/p' "$T_TMP/agg" | sed -n 2p)" = 128
t_check "fixture: the fit read from run.json" \
	test "$(grep -E '^(FIT|S_MIN|B_CRIT|B_LO|B_HI|NTRAIN|DEGEN) ' "$T_TMP/agg" | tr -d ' \n')" = \
	"FIT=1S_MIN=100B_CRIT=16B_LO=12.5B_HI=20.25NTRAIN=500DEGEN=0"
t_check "fixture: perfect scaling through the smallest batch size" \
	test "$(grep -E '^(S1|B1) ' "$T_TMP/agg" | tr -d ' \n')" = "S1=500B1=4"

# no run.json: no fit, the data still drawn
mkdir -p "$F/nofit"; cp "$F/scaling.csv" "$F/nofit/"
t_run gnuplot -d -c "$S/scaling.gp" "$F/nofit/scaling.csv" "$F/nofit/s.svg" svg
t_check "no run.json: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_expect_grep "no run.json: says there is no fit" "$F/nofit/s.svg" "no fit (see run.json)"

# a grid of 2 points: both, each with its fit (analysis.fits' k-th point)
mkdir -p "$F/grid"
cat >"$F/grid/run.json" <<'EOF'
{
 "analysis": {
  "fits": [{
    "point": 0,
    "s_min": 100,
    "b_crit": 16,
    "b_crit_lo": 12.5,
    "b_crit_hi": 20.25,
    "degenerate": false
   }, {
    "point": 1,
    "s_min": 50,
    "b_crit": 32,
    "b_crit_lo": null,
    "b_crit_hi": null,
    "degenerate": true
   }]
 }
}
EOF
awk -F, 'BEGIN { OFS = "," } NR == 1 { print "batch_size,train.learning_rate", substr($0, 12); next }
	{ r = $0; sub(/^[^,]*,/, "", r); print $1, "0.001", r; print $1, "0.01", r }' \
	"$F/scaling.csv" >"$F/grid/scaling.csv"
t_run gnuplot -d -c "$S/scaling.gp" "$F/grid/scaling.csv" "$F/grid/s.svg" svg
t_check "grid of 2: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_expect_grep "grid of 2: both points, said" "$F/grid/s.svg" "one colour per grid point (2)"
t_expect_grep "grid of 2: the first point's fit" "$F/grid/s.svg" "learning_rate = 0.001:  B_crit = 16  \[95% CI 12.5, 20.2\]"
t_expect_grep "grid of 2: the second point's fit, degenerate" "$F/grid/s.svg" "learning_rate = 0.01:  B_crit = 32, degenerate"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=scaling -v maxg=8 "$F/grid/scaling.csv" "$F/grid/run.json" >"$T_TMP/agg"
t_check "grid of 2: 6 batch sizes, 2 series, each point's fit" \
	test "$(grep -E '^(NB|NSER|SMINA\[.\]|BCA\[.\]|DEGA\[.\]) ' "$T_TMP/agg" | tr -d ' \n')" = \
	"NB=6NSER=2SMINA[1]=100BCA[1]=16DEGA[1]=0SMINA[2]=50BCA[2]=32DEGA[2]=1"
t_check "grid of 2: the censored batch size of each" \
	test "$(sed -n '/^\$CENS/,/^EOD/p' "$T_TMP/agg" | sed '1d;$d' | tr '\n' ';')" = "128;;;128;"
# 9 points, more than scaling.gp draws (8): the first point only, named
mkdir -p "$F/grid9"; cp "$F/grid/run.json" "$F/grid9/"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print "batch_size,train.learning_rate", substr($0, 12); next }
	{ r = $0; sub(/^[^,]*,/, "", r); for (p = 1; p <= 9; p++) print $1, p / 1000, r }' \
	"$F/scaling.csv" >"$F/grid9/scaling.csv"
t_run gnuplot -d -c "$S/scaling.gp" "$F/grid9/scaling.csv" "$F/grid9/s.svg" svg
t_check "grid of 9: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_expect_grep "grid of 9: the subtitle names the first point" "$F/grid9/s.svg" "grid point 1 of 9: train.learning_rate = 0.001"
t_expect_grep "grid of 9: the first point's fit" "$F/grid9/s.svg" "B_crit = 16  \[95% CI 12.5, 20.2\]"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=scaling -v maxg=8 "$F/grid9/scaling.csv" "" >"$T_TMP/agg"
t_check "grid of 9: 6 batch sizes drawn, not 54" test "$(grep -E '^(NB|NSER) ' "$T_TMP/agg" | tr -d ' \n')" = "NB=6NSER=1"

# ---------------------------------------------------------------- error paths
# fails NAME INPUT PATTERN: scaling.gp exits 1, names PATTERN, writes nothing
fails() {
	rm -f "$T_TMP/out.png"
	t_run gnuplot -d -c "$S/scaling.gp" "$2" "$T_TMP/out.png"
	t_check "$1: exits 1 (got $T_RC)" test "$T_RC" = 1
	t_expect_grep "$1: the message names it" "$T_ERR" "$3"
	t_check "$1: no image" test ! -e "$T_TMP/out.png"
}
E=$T_TMP/bad
mkdir -p "$E"
cut -d, -f1-4,6- "$F/scaling.csv" >"$E/scaling.csv"
fails "no steps_to_target_median" "$E/scaling.csv" "scaling.csv: missing required column 'steps_to_target_median'"
sed '3s/,300,290,/,3OO,290,/' "$F/scaling.csv" >"$E/scaling.csv"
fails "a value that is not a number" "$E/scaling.csv" "scaling.csv:3: column steps_to_target_median: not a number: '3OO'"
: >"$E/scaling.csv"
fails "an empty file" "$E/scaling.csv" "scaling.csv: file is empty"
fails "no such file" "$E/none.csv" "none.csv: cannot read file"

# ---------------------------------------------------------------- a real sweep
R=$T_TMP/real
if "$BSWEEP" -q -o "$R" tests/configs/target_tiny.json 2>/dev/null; then
	t_run sh "$S/plots.sh" "$R"
	t_expect_rc "target_tiny.json: plots.sh" 0
	t_check "target_tiny.json: the 4 paths, scaling last" test "$(tail -n 1 "$T_OUT")" = "$R/scaling.png"
	t_check "target_tiny.json: scaling.png is a PNG" is_png "$R/scaling.png"
	t_check "target_tiny.json: .figures" figures_are "$R" "curves.png loss.png scaling.png summary.png"
	# scaling.csv gone: the listed image goes with it
	mv "$R/scaling.csv" "$R/scaling.csv.kept"
	t_run sh "$S/plots.sh" "$R" svg
	t_expect_rc "no scaling.csv: plots.sh" 0
	t_check "no scaling.csv: the listed scaling.png removed" test ! -e "$R/scaling.png"
	t_expect_grep "no scaling.csv: says so" "$T_ERR" "removed the previous image (scaling.png)"
	echo img >"$R/scaling.png"
	t_run sh "$S/plots.sh" "$R" svg
	t_check "no scaling.csv: an unlisted scaling.png is kept" test -s "$R/scaling.png"
	rm -f "$R/scaling.png"
	mv "$R/scaling.csv.kept" "$R/scaling.csv"
	sh "$S/plots.sh" "$R" >/dev/null 2>&1
	: >"$R/.scaling.tmp.12345.png"
	"$BSWEEP" -q -f -o "$R" tests/configs/plot_tiny.json
	t_check "a new sweep removes the listed scaling.png and a left temporary" \
		sh -c '! ls -A "$1" | grep -q "scaling.*png"' sh "$R"
else
	t_not_ok "tests/configs/target_tiny.json: the sweep ran"
fi

# ---------------------------------------------------------------- summary's third panel
M=$T_TMP/med
mkdir -p "$M"
{
	echo "batch_size,seed,final_val_acc,total_seconds,status,epochs_to_95,epochs_to_target"
	# 8: 2, never, 4 -> 4;  16: never, never, 3 -> censored;
	# 32: 1 2 3 4 -> 2.5;   64: 1, never, 3, never -> censored
	echo "8,0,0.8,1,ok,1,2"; echo "8,1,0.8,1,ok,1,"; echo "8,2,0.8,1,ok,1,4"
	echo "16,0,0.8,1,ok,1,"; echo "16,1,0.8,1,ok,1,"; echo "16,2,0.8,1,ok,1,3"
	echo "32,0,0.8,1,ok,1,4"; echo "32,1,0.8,1,target,1,2"; echo "32,2,0.8,1,ok,1,3"; echo "32,3,0.8,1,ok,1,1"
	echo "64,0,0.8,1,ok,1,1"; echo "64,1,0.8,1,ok,1,"; echo "64,2,0.8,1,ok,1,3"; echo "64,3,0.8,1,ok,1,"
} >"$M/summary.csv"
awk -F, 'NR == 1 { print "batch_size,seed,epoch,val_acc"; next } { print $1 "," $2 ",1,0.8" }' "$M/summary.csv" >"$M/epochs.csv"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=summary "$M/summary.csv" "$M/epochs.csv" "" "" >"$T_TMP/agg"
t_check "target panel: the medians, min, max, reached of hand-made runs" \
	test "$(sed -n '/^\$TGT/,/^EOD/p' "$T_TMP/agg" | sed '1d;$d' | tr '\n' ';')" = \
	"8 4 2 4 2 3;16 NaN 3 3 1 3;32 2.5 1 4 4 4;64 NaN 1 3 2 4;"
t_check "target panel: 16 and 64 censored" \
	test "$(sed -n '/^\$TCENS/,/^EOD/p' "$T_TMP/agg" | sed '1d;$d' | tr '\n' ' ')" = "16 64 "
t_run gnuplot -d -c "$S/summary.gp" "$M/summary.csv" "$M/summary.svg" svg
t_check "target panel, no run.json: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_expect_grep "target panel, no run.json: a target without its value" "$M/summary.svg" "Epochs to the target the target"
sed 's/,[0-9]*$/,/' "$M/summary.csv" >"$M/s2.csv"; mv "$M/s2.csv" "$M/summary.csv"
t_run gnuplot -d -c "$S/summary.gp" "$M/summary.csv" "$M/summary.svg" svg
t_expect_grep "no target at all: the 95 % panel, said so" "$M/summary.svg" "Epochs until val acc stays ≥ 95 % of its final value (no target declared)"
sed 's/,ok,1,$/,ok,1,x2/' "$M/summary.csv" >"$M/s2.csv"; mv "$M/s2.csv" "$M/summary.csv"
rm -f "$T_TMP/out.png"
t_run gnuplot -d -c "$S/summary.gp" "$M/summary.csv" "$T_TMP/out.png"
t_check "epochs_to_target not a number: exit 1 (got $T_RC)" test "$T_RC" = 1
t_expect_grep "epochs_to_target not a number: the message" "$T_ERR" "summary.csv:2: column epochs_to_target: not a number: 'x2'"
t_check "epochs_to_target not a number: no image" test ! -e "$T_TMP/out.png"

R=$T_TMP/tsum
if "$BSWEEP" -q -o "$R" tests/configs/target_tiny.json 2>/dev/null &&
   gnuplot -d -c "$S/summary.gp" "$R/summary.csv" "$R/summary.svg" svg 2>"$T_TMP/e"; then
	t_expect_grep "target_tiny.json: the panel names the target" "$R/summary.svg" "Epochs to the target val_acc >= 0.7"
else
	t_not_ok "target_tiny.json: summary.gp" "$(cat "$T_TMP/e")"
fi
R=$T_TMP/nsum
if "$BSWEEP" -q -o "$R" tests/configs/plot_tiny.json 2>/dev/null &&
   gnuplot -d -c "$S/summary.gp" "$R/summary.csv" "$R/summary.svg" svg 2>"$T_TMP/e"; then
	t_expect_grep "plot_tiny.json (no target): the 95 % panel" "$R/summary.svg" "Epochs until val acc stays ≥ 95 % of its final value (no target declared)"
else
	t_not_ok "plot_tiny.json: summary.gp" "$(cat "$T_TMP/e")"
fi

# ---------------------------------------------------------------- noise.png
N=$T_TMP/noise
mkdir -p "$N"
{
	echo "batch_size,seed,epoch,val_acc,b_simple"
	# batch 8: epoch 1: 10 20 30 -> 20; epoch 2: 5 nan 7 -> 6
	echo "8,0,1,0.5,10"; echo "8,1,1,0.5,30"; echo "8,2,1,0.5,20"
	echo "8,0,2,0.5,5"; echo "8,1,2,0.5,nan"; echo "8,2,2,0.5,7"
	# batch 4 (after 8: sorted): epoch 1: 100; epoch 2: 0 (not drawn)
	echo "4,0,1,0.5,100"; echo "4,0,2,0.5,0"
} >"$N/epochs.csv"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=noise "$N/epochs.csv" "" >"$T_TMP/agg"
t_check "noise: the medians over seeds, batch sizes ascending" \
	test "$(sed -n '/^\$NZ/,/^EOD/p' "$T_TMP/agg" | sed '1d;$d' | tr '\n' ';')" = "1 100;;;1 20;2 6;"
t_check "noise: seeds 1-3, no fit" \
	test "$(grep -E '^(NSEED_MIN|FIT) ' "$T_TMP/agg" | tr -d ' \n')" = "NSEED_MIN=1;NSEED_MAX=3;EMAX=2FIT=0;B_CRIT=NaN;DEGEN=0"
t_run gnuplot -d -c "$S/noise.gp" "$N/epochs.csv" "$N/n.svg" svg
t_check "noise: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_expect_grep "noise: no fit, said" "$N/n.svg" "no fit of B_crit"
t_expect_grep "noise: one line per batch size" "$N/n.svg" "batch 8"
printf '{\n "analysis": {\n  "fit": {\n   "b_crit": 12,\n   "degenerate": false\n  }\n }\n}\n' >"$N/run.json"
t_run gnuplot -d -c "$S/noise.gp" "$N/epochs.csv" "$N/n.svg" svg
t_expect_grep "noise: B_crit from run.json" "$N/n.svg" "B_crit = 12 (fit of steps to target)"
t_expect_grep "noise: B_crit drawn" "$N/n.svg" "B_crit (fit)"
sed 's/"b_crit": 12/"b_crit": -3.5/' "$N/run.json" >"$N/r2"; mv "$N/r2" "$N/run.json"
t_run gnuplot -d -c "$S/noise.gp" "$N/epochs.csv" "$N/n.svg" svg
t_expect_grep "noise: a B_crit <= 0 is said, not drawn" "$N/n.svg" "B_crit = -3.5 (degenerate fit): not drawn on the log axis"
t_check "noise: ... and not drawn" sh -c '! grep -q "B_crit (fit)" "$1"' sh "$N/n.svg"
rm -f "$T_TMP/out.png"
cut -d, -f1-4 "$N/epochs.csv" >"$E/epochs.csv"
t_run gnuplot -d -c "$S/noise.gp" "$E/epochs.csv" "$T_TMP/out.png"
t_check "noise: no b_simple: exit 1 (got $T_RC)" test "$T_RC" = 1
t_expect_grep "noise: no b_simple: the message names the file" "$T_ERR" "epochs.csv: missing required column 'b_simple'"
t_check "noise: no b_simple: no image" test ! -e "$T_TMP/out.png"
# a grid of 2 points: a panel each, with its own B_crit (analysis.fits)
mkdir -p "$N/grid"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print "batch_size,train.learning_rate,seed,epoch,val_acc,b_simple"; next }
	{ print $1, "0.1", $2, $3, $4, $5; print $1, "0.5", $2, $3, $4, ($5 == "nan" ? $5 : $5 * 10) }' \
	"$N/epochs.csv" >"$N/grid/epochs.csv"
printf '{\n "analysis": {\n  "fits": [{\n    "point": 0,\n    "b_crit": 12,\n    "degenerate": false\n   }, {\n    "point": 1,\n    "b_crit": 40,\n    "degenerate": true\n   }]\n }\n}\n' >"$N/grid/run.json"
LC_ALL=C awk -f "$S/aggregate.awk" -v mode=noise -v maxg=8 "$N/grid/epochs.csv" "$N/grid/run.json" >"$T_TMP/agg"
t_check "noise, grid of 2: the medians per point and batch size, the second's 10 times the first's" \
	test "$(sed -n '/^\$NZ/,/^EOD/p' "$T_TMP/agg" | sed '1d;$d' | tr '\n' ';')" = "1 100;;;1 20;2 6;;;1 1000;;;1 200;2 60;"
t_check "noise, grid of 2: each point's B_crit" \
	test "$(grep -E '^(NGRID|FITA\[)' "$T_TMP/agg" | tr -d ' \n')" = \
	"NGRID=1;NPOINTS=2;NSER=2FITA[1]=1;BCA[1]=12;DEGA[1]=0FITA[2]=1;BCA[2]=40;DEGA[2]=1"
t_run gnuplot -d -c "$S/noise.gp" "$N/grid/epochs.csv" "$N/grid/n.svg" svg
t_check "noise, grid of 2: exit 0, quiet (exit $T_RC)" test "$T_RC" = 0 -a ! -s "$T_ERR"
t_expect_grep "noise, grid of 2: said" "$N/grid/n.svg" "one panel per grid point (2)"
t_expect_grep "noise, grid of 2: a panel named by its point" "$N/grid/n.svg" ">learning_rate = 0.5<"
t_expect_grep "noise, grid of 2: the second point's B_crit" "$N/grid/n.svg" "B_crit = 40 (fit of steps to target, degenerate)"
mkdir -p "$N/grid9"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print "batch_size,train.learning_rate,seed,epoch,val_acc,b_simple"; next }
	{ for (p = 1; p <= 9; p++) print $1, p / 10, $2, $3, $4, $5 }' "$N/epochs.csv" >"$N/grid9/epochs.csv"
t_run gnuplot -d -c "$S/noise.gp" "$N/grid9/epochs.csv" "$N/grid9/n.svg" svg
t_check "noise, grid of 9: exit 0 (exit $T_RC)" test "$T_RC" = 0
t_expect_grep "noise, grid of 9: the first point only, named" "$N/grid9/n.svg" "grid point 1 of 9: train.learning_rate = 0.1"

R=$T_TMP/nreal
sed 's/"analysis": {/"analysis": {"noise_scale": true, /' tests/configs/target_tiny.json >"$T_TMP/noise.json"
if "$BSWEEP" -q -o "$R" "$T_TMP/noise.json" 2>/dev/null; then
	t_run sh "$S/plots.sh" "$R"
	t_expect_rc "noise_scale: plots.sh" 0
	t_check "noise_scale: noise.png last" test "$(tail -n 1 "$T_OUT")" = "$R/noise.png"
	t_check "noise_scale: noise.png is a PNG" is_png "$R/noise.png"
	t_check "noise_scale: .figures" figures_are "$R" "curves.png loss.png noise.png scaling.png summary.png"
	"$BSWEEP" -q -f -o "$R" tests/configs/target_tiny.json 2>/dev/null
	: >"$R/noise.png"; echo noise.png >>"$R/.figures"
	t_run sh "$S/plots.sh" "$R"
	t_check "noise_scale off: the listed noise.png removed" test ! -e "$R/noise.png"
	t_check "noise_scale off: .figures" figures_are "$R" "curves.png loss.png scaling.png summary.png"
else
	t_not_ok "noise_scale: the sweep ran"
fi

t_done
