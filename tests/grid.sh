#!/bin/sh
# tests/grid.sh BSWEEP: sweep.grid end to end.
#   - a grid point's curves are bit-identical to a sweep that sets its
#     values directly (and the points do differ from each other);
#   - the files: one column per grid key after batch_size, run files
#     b<B>_g<POINT>_s<SEED>, points.csv and best.csv;
#   - best.csv is the selection worked out here from summary.csv (median
#     over seeds, first point wins a tie);
#   - -j 2 and --resume give the same results; --dry-run and the table
#     show the grid.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

base='"data": {"n_samples": 200, "n_train": 100}, "train": {"optimizer": "sgd", "epochs": 4'
cat >"$T_TMP/grid.json" <<JSON
{"name": "grid", $base},
 "sweep": {"batch_sizes": [8, 32], "seeds": [0, 1],
           "grid": {"train.learning_rate": [0.01, 0.3], "train.momentum": [0, 0.9]}}}
JSON
t_run "$BSWEEP" -q -o "$T_TMP/g" "$T_TMP/grid.json"
t_expect_rc "grid sweep" 0

# the header: batch_size, the grid keys, then the table's other columns
want=$(t_header epochs | sed 's/,batch_size,/,batch_size,train.learning_rate,train.momentum,/')
t_check "epochs.csv: grid columns after batch_size" test "$(head -n 1 "$T_TMP/g/epochs.csv")" = "$want"
want=$(t_header summary | sed 's/,batch_size,/,batch_size,train.learning_rate,train.momentum,/')
t_check "summary.csv: grid columns after batch_size" test "$(head -n 1 "$T_TMP/g/summary.csv")" = "$want"
t_check "summary.csv: 2 batch sizes x 4 points x 2 seeds" test "$(wc -l <"$T_TMP/g/summary.csv")" -eq 17
t_check "run files named b<B>_g<POINT>_s<SEED>" test -s "$T_TMP/g/runs/b32_g3_s1.epochs.csv"
t_check "32 run files" test "$(ls "$T_TMP/g/runs" | wc -l)" -eq 32

# each point = the sweep that sets its values directly
i=0
differ=0
for lr in 0.01 0.3; do for mom in 0 0.9; do
	cat >"$T_TMP/p$i.json" <<JSON
{"name": "p$i", $base, "learning_rate": $lr, "momentum": $mom},
 "sweep": {"batch_sizes": [8, 32], "seeds": [0, 1]}}
JSON
	"$BSWEEP" -q -o "$T_TMP/p$i" "$T_TMP/p$i.json"
	t_notime "$T_TMP/p$i/epochs.csv" | tail -n +2 >"$T_TMP/direct$i"
	t_notime "$T_TMP/g/epochs.csv" | awk -F, -v lr=$lr -v mom=$mom 'BEGIN { OFS = "," }
		NR > 1 && $2 == lr && $3 == mom { $2 = $3 = ""; sub(/,,,/, ","); print }' >"$T_TMP/point$i"
	if [ -s "$T_TMP/direct$i" ] && cmp -s "$T_TMP/direct$i" "$T_TMP/point$i"; then
		t_ok "grid point lr=$lr momentum=$mom: curves identical to the direct sweep"
	else
		t_not_ok "grid point lr=$lr momentum=$mom: curves differ from the direct sweep" \
			"$(diff "$T_TMP/direct$i" "$T_TMP/point$i" | head -5)"
	fi
	[ $i -gt 0 ] && ! cmp -s "$T_TMP/point0" "$T_TMP/point$i" && differ=$((differ + 1))
	i=$((i + 1))
done; done
t_check "the grid's points train differently" test $differ -eq 3

# best.csv: worked out here from summary.csv.  Median of two seeds = their
# mean; a diverged run counts as -inf; the first point in config order
# wins a tie.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ k = $c["batch_size"] "," $c["train.learning_rate"] "," $c["train.momentum"]
	  v = $c["status"] == "diverged" ? -1e300 : $c["final_val_acc"]
	  if (!(k in n)) { order[++m] = k }
	  s[k] += v; n[k]++ }
	END { for (j = 1; j <= m; j++) { k = order[j]; split(k, f, ","); sc = s[k] / n[k]
		if (sc > -1e299 && (!(f[1] in best) || sc > bs[f[1]])) { best[f[1]] = k; bs[f[1]] = sc } }
	      for (j = 1; j <= m; j++) { split(order[j], f, ","); if (best[f[1]] == order[j]) { print order[j]; delete best[f[1]] } } }' \
	"$T_TMP/g/summary.csv" >"$T_TMP/best.want"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["batch_size"] "," $c["train.learning_rate"] "," $c["train.momentum"] }' \
	"$T_TMP/g/best.csv" >"$T_TMP/best.got"
if [ -s "$T_TMP/best.want" ] && cmp -s "$T_TMP/best.want" "$T_TMP/best.got"; then
	t_ok "best.csv: the best point per batch size ($(tr '\n' ' ' <"$T_TMP/best.got"))"
else
	t_not_ok "best.csv differs from the selection worked out from summary.csv" \
		"$(diff "$T_TMP/best.want" "$T_TMP/best.got")"
fi
t_check "points.csv: 8 points" test "$(wc -l <"$T_TMP/g/points.csv")" -eq 9
t_check "points.csv: one selected per batch size" \
	test "$(awk -F, 'NR > 1 && $NF == 1' "$T_TMP/g/points.csv" | wc -l)" -eq 2

# -j 2 and --resume give the same results
same() { # same WHAT DIR_A DIR_B
	for f in epochs.csv summary.csv points.csv best.csv; do
		t_notime "$2/$f" >"$T_TMP/x"; t_notime "$3/$f" >"$T_TMP/y"
		if cmp -s "$T_TMP/x" "$T_TMP/y"; then t_ok "$1: $f"; else t_not_ok "$1: $f differs"; fi
	done
}
"$BSWEEP" -q -j 2 -o "$T_TMP/j2" "$T_TMP/grid.json"
same "-j 2 = -j 1" "$T_TMP/g" "$T_TMP/j2"
rm -f "$T_TMP/j2/runs/b8_g2_s1.summary.csv" "$T_TMP/j2/runs/b32_g0_s0."*
t_run "$BSWEEP" -q --resume -o "$T_TMP/j2" "$T_TMP/grid.json"
t_expect_rc "--resume with a grid" 0
t_expect_grep "--resume: the run without a summary is trained again" "$T_ERR" 'b8_g2_s1.epochs.csv: no summary file beside it'
same "--resume" "$T_TMP/g" "$T_TMP/j2"
rm "$T_TMP/j2/runs/b32_g1_s1.summary.csv"
t_run "$BSWEEP" -q --resume -o "$T_TMP/j2" "$T_TMP/grid.json"
t_expect_grep "--resume: the run trained again is named by its grid values" "$T_ERR" \
	'training run 12 (batch size 32, train.learning_rate = 0.01, train.momentum = 0.9, seed 1) again$'
# --resume after the grid was edited (values reordered, a value added):
# refused with the first difference, nothing written
(cd "$T_TMP/j2" && find . -type f | sort | xargs cat | cksum) >"$T_TMP/j2.sum"
for edit in 's/\[0.01, 0.3\]/[0.3, 0.01]/' 's/\[0.01, 0.3\]/[0.01, 0.3, 1]/'; do
	sed "$edit" "$T_TMP/grid.json" >"$T_TMP/edited.json"
	t_run "$BSWEEP" -q --resume -o "$T_TMP/j2" "$T_TMP/edited.json"
	t_expect_rc "--resume after the grid was edited ($edit)" 2
	case $edit in
	*0.3,\ 0.01*) want='config.sweep.grid\["train.learning_rate"\]\[0\] is 0.01 there, 0.3 in this one' ;;
	*) want='config.sweep.grid\["train.learning_rate"\]\[2\] is absent there, 1 in this one' ;;
	esac
	t_expect_grep "--resume after the grid was edited ($edit): the first difference named" "$T_ERR" "$want"
done
t_check "--resume after the grid was edited: the results untouched" sh -c \
	"cd '$T_TMP/j2' && find . -type f | sort | xargs cat | cksum | cmp -s - '$T_TMP/j2.sum'"
# two points' files swapped: each is another point's, named by its values
for f in epochs summary; do
	mv "$T_TMP/j2/runs/b8_g0_s0.$f.csv" "$T_TMP/swap"
	mv "$T_TMP/j2/runs/b8_g1_s0.$f.csv" "$T_TMP/j2/runs/b8_g0_s0.$f.csv"
	mv "$T_TMP/swap" "$T_TMP/j2/runs/b8_g1_s0.$f.csv"
done
t_run "$BSWEEP" -q --resume -o "$T_TMP/j2" "$T_TMP/grid.json"
t_expect_grep "--resume: a swapped run file is named with the grid values found and wanted" "$T_ERR" \
	'b8_g0_s0.summary.csv:2: batch_size 8, train.learning_rate 0.01, train.momentum 0.9, seed 0: not this run.s (batch_size 8, train.learning_rate 0.01, train.momentum 0, seed 0)'
same "--resume of swapped run files" "$T_TMP/g" "$T_TMP/j2"

# The config's own protocol keys are checked at every grid point, not on
# the config alone: a linear rule whose base batch size only the grid
# gives, a warm-up in steps and in epochs whose epochs the grid sets to 0,
# and a step schedule's milestones in a config of type "constant" whose
# grid has the type "step" are all valid, train as the direct sweep of
# each point would, and --print-config keeps every point's meaning.
sbase='"data": {"n_samples": 200, "n_train": 100}, "sweep": {"batch_sizes": [8, 32], "seeds": [0]'
cat >"$T_TMP/over.json" <<JSON
{"name": "over", "train": {"optimizer": "sgd", "learning_rate": 0.05, "epochs": 4,
  "lr_scaling": {"rule": "linear"}, "warmup": {"steps": 3, "epochs": 1},
  "schedule": {"type": "constant", "epochs": [2], "gamma": 0.5}}, $sbase,
  "grid": {"train.lr_scaling.base_batch_size": [16], "train.warmup.epochs": [0],
           "train.schedule.type": ["constant", "step"]}}}
JSON
cat >"$T_TMP/over_direct.json" <<JSON
{"name": "over_direct", "train": {"optimizer": "sgd", "learning_rate": 0.05, "epochs": 4,
  "lr_scaling": {"rule": "linear", "base_batch_size": 16}, "warmup": {"steps": 3},
  "schedule": {"type": "step", "epochs": [2], "gamma": 0.5}}, $sbase}}
JSON
t_run "$BSWEEP" -q -o "$T_TMP/over" "$T_TMP/over.json"
t_expect_rc "grid overriding the config's protocol keys" 0
"$BSWEEP" -q -o "$T_TMP/over_direct" "$T_TMP/over_direct.json"
t_notime "$T_TMP/over_direct/epochs.csv" | tail -n +2 >"$T_TMP/direct"
t_notime "$T_TMP/over/epochs.csv" | awk -F, 'BEGIN { OFS = "," }
	NR > 1 && $4 == "step" { $2 = $3 = $4 = ""; sub(/,,,,/, ","); print }' >"$T_TMP/point"
if [ -s "$T_TMP/direct" ] && cmp -s "$T_TMP/direct" "$T_TMP/point"; then
	t_ok "grid point of type step (milestones from a constant config): curves identical to the direct sweep"
else
	t_not_ok "grid point of type step: curves differ from the direct sweep" \
		"$(diff "$T_TMP/direct" "$T_TMP/point" | head -5)"
fi
"$BSWEEP" --print-config "$T_TMP/over.json" >"$T_TMP/over_resolved.json"
t_run "$BSWEEP" -q -o "$T_TMP/over_resolved" "$T_TMP/over_resolved.json"
t_expect_rc "the resolved config of a grid overriding protocol keys" 0
t_notime "$T_TMP/over/epochs.csv" >"$T_TMP/x"
t_notime "$T_TMP/over_resolved/epochs.csv" >"$T_TMP/y"
t_check "--print-config of a grid overriding protocol keys trains the same runs" cmp "$T_TMP/x" "$T_TMP/y"

# A grid near the run limit is checked in time proportional to its size,
# not its square: 100 000 values of one axis are checked in a fraction of
# a second, well within 2 (comparing every pair took 3.6 to 9 s); and --resume identifies each
# run by its own grid values, not by a search among all of them (a
# 100 000-run resume took 103 s, twice the sweep), saying which value
# differs.
huge() { # huge FILE LAST: an axis of 99 999 epochs counts, then LAST
	awk -v last="$2" 'BEGIN { printf "{\"sweep\": {\"batch_sizes\": [8], \"grid\": {\"train.epochs\": ["
		for (i = 1; i < 100000; i++) printf "%d, ", i; print last "]}}}" }' >"$1"
}
huge "$T_TMP/huge.json" 1
t_run timeout 2 "$BSWEEP" --dry-run "$T_TMP/huge.json"
t_expect_rc "a 100 000-value axis whose last value repeats its first, refused in time" 2
t_expect_err "a 100 000-value axis whose last value repeats its first" "bsweep: $T_TMP/huge.json: sweep.grid[\"train.epochs\"][99999]: duplicate value 1 (also at [0]); each may appear once"
huge "$T_TMP/huge2.json" 100000
t_run timeout 2 "$BSWEEP" --dry-run "$T_TMP/huge2.json"
t_expect_rc "a 100 000-value axis, checked in time" 0
t_expect_grep "a 100 000-value axis: 100 000 runs" "$T_OUT" "= 100000 runs"
# the estimate counts what the end of such a sweep holds: 100 000 summary
# rows (over 20 MiB) and the points, not only a run's trainer (0.8 MiB)
t_check "a 100 000-run grid: the memory estimate counts the summary rows and points" \
	awk '/^memory estimate:/ { ok = $3 > 20 } END { exit !ok }' "$T_OUT"
# with a target the end also holds scaling.csv's 100 000 rows and fits
# (scaling_bytes): the estimate must grow
sed 's/^{/{"analysis": {"target": {"metric": "val_acc", "value": 0.8}}, /' "$T_TMP/huge2.json" >"$T_TMP/huge3.json"
"$BSWEEP" --dry-run "$T_TMP/huge3.json" >"$T_TMP/huge3.plan"
t_check "a 100 000-run grid with a target: the estimate counts the scaling analysis too" \
	awk 'FNR == 1 { f++ } /^memory estimate:/ { m[f] = $3 } END { exit !(m[2] > m[1] + 10) }' \
	"$T_OUT" "$T_TMP/huge3.plan"
# the table of a 5 000-run grid: every column's width computed once, not
# per row (that was 17 s here, for a sweep of 2)
awk 'BEGIN { printf "{\"data\": {\"n_samples\": 20}, \"model\": {\"hidden\": [2]}, \"train\": {\"epochs\": 1},"
	printf " \"sweep\": {\"batch_sizes\": [8], \"grid\": {\"train.warmup.steps\": [0"
	for (i = 1; i < 5000; i++) printf ", %d", i; print "]}}}" }' >"$T_TMP/wide.json"
"$BSWEEP" -q -o "$T_TMP/wide" "$T_TMP/wide.json"
t_run timeout 5 "$BSWEEP" --resume -o "$T_TMP/wide" "$T_TMP/wide.json"
t_expect_rc "the table of a 5 000-run grid, printed in time" 0
t_check "the table of a 5 000-run grid: a line per run" test "$(wc -l <"$T_OUT")" = 5001

# a run's warnings name its grid point: two runs of one batch size and
# seed differ only there
cat >"$T_TMP/div.json" <<JSON
{"name": "div", "data": {"n_samples": 100}, "train": {"epochs": 2},
 "sweep": {"batch_sizes": [4], "seeds": [0], "grid": {"train.learning_rate": [0.001, 1e30]}}}
JSON
t_run "$BSWEEP" -q -o "$T_TMP/div" "$T_TMP/div.json"
t_expect_grep "a diverged run's warning names its grid point" "$T_ERR" \
	'^bsweep: warning: batch size 4, train.learning_rate = 1e+30, seed 0: the loss became non-finite at epoch 1'
t_check "only the diverging point is warned about" test "$(grep -c diverged "$T_ERR")" = 1
# a batch size whose every point diverged has no row in best.csv: said so
sed 's/"div"/"alldiv"/; s/\[0.001, 1e30\]/[1e29, 1e30]/; s/"batch_sizes": \[4\]/"batch_sizes": [4, 100]/' \
	"$T_TMP/div.json" >"$T_TMP/alldiv.json"
t_run "$BSWEEP" -q -o "$T_TMP/alldiv" "$T_TMP/alldiv.json"
t_expect_rc "a grid whose every point diverges" 0
t_expect_grep "a grid whose every point diverges: the batch sizes without a best point are named" "$T_ERR" \
	"^bsweep: warning: batch sizes 4, 100: every grid point's median run diverged, so best.csv has no row for them"
t_check "a grid whose every point diverges: best.csv is its header alone" test "$(wc -l <"$T_TMP/alldiv/best.csv")" = 1

t_run "$BSWEEP" --dry-run "$T_TMP/grid.json"
t_expect_grep "--dry-run lists the grid" "$T_OUT" '^grid: train.learning_rate = 0.01, 0.3$'
t_expect_grep "--dry-run counts the runs" "$T_OUT" '2 batch sizes x 4 grid points x 2 seeds = 16 runs'
t_expect_grep "--dry-run: a learning rate the grid varies is not shown at its config value" "$T_OUT" \
	'^train: sgd lr from the grid, '
t_run "$BSWEEP" -o "$T_TMP/t" "$T_TMP/grid.json"
t_expect_grep "the table has the grid's columns" "$T_OUT" '^batch_size learning_rate momentum'
# two keys with one last component: the table's labels tell them apart
cat >"$T_TMP/two.json" <<JSON
{"data": {"n_samples": 60}, "train": {"budget": {"steps": 4}},
 "sweep": {"batch_sizes": [8], "grid": {"train.warmup.steps": [0, 2], "train.budget.steps": [3, 4]}}}
JSON
t_run "$BSWEEP" -o "$T_TMP/two" "$T_TMP/two.json"
t_expect_grep "the table tells train.warmup.steps from train.budget.steps" "$T_OUT" \
	'^batch_size warmup.steps budget.steps  *seed'
t_run "$BSWEEP" --dry-run "$T_TMP/two.json"
t_expect_grep "--dry-run: a budget the grid varies is not shown at its config value" "$T_OUT" \
	'^train: adam lr=0.001, budget from the grid, shuffle on$'

# values that need 17 digits (what 0.1 + 0.2 or numpy.arange give) come back
# from run.json exactly: --resume knows its own results, compare reads them
cat >"$T_TMP/digits.json" <<JSON
{"data": {"n_samples": 60}, "train": {"optimizer": "sgd", "learning_rate": 0.30000000000000004,
 "budget": {"steps": 2}},
 "sweep": {"batch_sizes": [8], "grid": {"train.momentum": [0.1, 0.30000000000000004]}}}
JSON
t_run "$BSWEEP" -q -o "$T_TMP/digits" "$T_TMP/digits.json"
t_expect_rc "17-digit grid values: the sweep" 0
t_expect_grep "17-digit grid values: written in full" "$T_TMP/digits/summary.csv" '^[^,]*,[^,]*,8,0.30000000000000004,'
t_run "$BSWEEP" --resume -q -o "$T_TMP/digits" "$T_TMP/digits.json"
t_expect_rc "17-digit values: --resume knows its own results" 0
cp -R "$T_TMP/digits" "$T_TMP/digits2"
t_run "$BSWEEP" compare "$T_TMP/digits" "$T_TMP/digits2"
t_expect_rc "17-digit values: compare reads their run.json" 0
t_done
