#!/bin/sh
# tests/sharp.sh BSWEEP: analysis.sharpness from the command line.
#   - off (the default): summary.csv without the column, no
#     interpolation.csv;
#   - on: the column (tests/columns.c's "sharpness") at the end of
#     summary.csv, a finite number in every row (a 5-step run at batch 64
#     may end near a saddle: the largest eigenvalue, negative or not); every other value but the
#     machine's measurements and memory_bytes identical to the run without
#     it, and the curves bit for bit, on the fused path (hidden 6) and the
#     BLAS path (hidden 300), with -j 2 too;
#   - with analysis.weights (and eval_train): interpolation.csv, 31 alphas
#     per seed from -1 to 2, whose alpha 0 and 1 rows equal the smallest
#     and the largest batch size's own final val_loss, val_acc,
#     train_eval_loss and train_eval_acc, text for text.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

drop_cols() { # drop_cols FILE NAMES...: the file without those columns
	f=$1; shift
	awk -F, -v names="$*" 'BEGIN { n = split(names, m, " "); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$f"
}
config() { # config HIDDEN ANALYSIS
	cat <<JSON
{ "name": "sharp", "analysis": {$2},
  "data": {"n_samples": 90, "centers": 3, "n_features": 2, "cluster_std": 2.0,
           "random_state": 2, "n_train": 60},
  "model": {"hidden": [$1], "activation": "tanh"},
  "train": {"epochs": 5, "learning_rate": 0.01},
  "sweep": {"batch_sizes": [4, 1, 64, 7], "seeds": [0, 3]} }
JSON
}

for hidden in 6 300; do
	case_="hidden $hidden"
	config "$hidden" "" >"$T_TMP/off.json"
	config "$hidden" '"sharpness": true' >"$T_TMP/on.json"
	t_run "$BSWEEP" -q -o "$T_TMP/off$hidden" "$T_TMP/off.json"
	t_expect_rc "$case_, sharpness off" 0
	t_run "$BSWEEP" -q -o "$T_TMP/on$hidden" "$T_TMP/on.json"
	t_expect_rc "$case_, sharpness on" 0
	t_run "$BSWEEP" -q -j 2 -o "$T_TMP/onj$hidden" "$T_TMP/on.json"
	t_expect_rc "$case_, sharpness on, -j 2" 0
	off=$T_TMP/off$hidden on=$T_TMP/on$hidden
	t_check "$case_: off, no sharpness column, no interpolation.csv" \
		sh -c "test \"\$(head -n 1 '$off/summary.csv')\" = '$(t_header summary)' && ! test -e '$off/interpolation.csv'"
	t_check "$case_: on, the sharpness column at the end of the summary header" \
		test "$(head -n 1 "$on/summary.csv")" = "$(t_header summary),$(t_columns sharpness)"
	t_notime "$on/epochs.csv" >"$T_TMP/on.nt"
	t_notime "$off/epochs.csv" >"$T_TMP/off.nt"
	t_check "$case_: curves identical on and off, bit for bit" cmp "$T_TMP/on.nt" "$T_TMP/off.nt"
	t_notime "$on/summary.csv" | drop_cols /dev/stdin memory_bytes sharpness >"$T_TMP/on.s"
	t_notime "$off/summary.csv" | drop_cols /dev/stdin memory_bytes >"$T_TMP/off.s"
	t_check "$case_: summary identical on and off but for memory_bytes and sharpness" \
		cmp "$T_TMP/on.s" "$T_TMP/off.s"
	t_notime "$T_TMP/onj$hidden/summary.csv" >"$T_TMP/onj.s"
	t_notime "$on/summary.csv" >"$T_TMP/on1.s"
	t_check "$case_: -j 2 writes the same sharpness as -j 1" cmp "$T_TMP/onj.s" "$T_TMP/on1.s"
	t_check "$case_: sharpness a finite number in every row" \
		awk -F, 'NR > 1 && !($NF + 0 == $NF && $NF != "nan" && $NF != "inf" && $NF != "-inf") { bad = 1 } END { exit bad }' "$on/summary.csv"
done

config 6 '"sharpness": true, "weights": true, "eval_train": true' >"$T_TMP/w.json"
t_run "$BSWEEP" -q -o "$T_TMP/w" "$T_TMP/w.json"
t_expect_rc "sharpness with weights" 0
w=$T_TMP/w
t_check "interpolation.csv: its header" \
	test "$(head -n 1 "$w/interpolation.csv")" = "$(t_columns interpolation)"
t_check "interpolation.csv: 31 alphas for each of the 2 seeds, -1 to 2" \
	awk -F, 'NR > 1 { n[$1]++; if (n[$1] == 1 && $4 != -1) bad = 1; if (n[$1] == 31 && $4 != 2) bad = 1 }
		END { for (s in n) if (n[s] != 31) bad = 1; exit bad || length(n) != 2 }' "$w/interpolation.csv"
if awk -F, '
	FILENAME ~ /summary/ { if (FNR == 1) { for (i = 1; i <= NF; i++) s[$i] = i; next }
		vl[$s["batch_size"] "," $s["seed"]] = $s["final_val_loss"]
		va[$s["batch_size"] "," $s["seed"]] = $s["final_val_acc"]; next }
	FILENAME ~ /epochs/ { if (FNR == 1) { for (i = 1; i <= NF; i++) e[$i] = i; next }
		tl[$e["batch_size"] "," $e["seed"]] = $e["train_eval_loss"]
		ta[$e["batch_size"] "," $e["seed"]] = $e["train_eval_acc"]; next }
	FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["alpha"] == 0 || $c["alpha"] == 1 {
		k = ($c["alpha"] == 0 ? $c["batch_small"] : $c["batch_large"]) "," $c["seed"]; n++
		if ($c["val_loss"] != vl[k] || $c["val_acc"] != va[k] || $c["train_loss"] != tl[k] ||
		    $c["train_acc"] != ta[k]) { print "run " k ": " $0; bad = 1 } }
	END { exit bad || n != 4 }' "$w/summary.csv" "$w/epochs.csv" "$w/interpolation.csv" >"$T_TMP/bad" 2>&1 &&
	awk -F, 'NR > 1 && ($2 != 1 || $3 != 64) { bad = 1 } END { exit bad }' "$w/interpolation.csv"; then
	t_ok "interpolation.csv: alpha 0 and 1 are batch 1's and batch 64's own final losses and accuracies"
else
	t_not_ok "interpolation endpoints" "$(head -n 5 "$T_TMP/bad")"
fi
config 6 '"sharpness": true' >"$T_TMP/w2.json"
t_run "$BSWEEP" -q --force -o "$T_TMP/w" "$T_TMP/w2.json"
t_expect_rc "--force, the sweep again without weights" 0
t_check "without weights: the earlier interpolation.csv removed" test ! -e "$w/interpolation.csv"
t_done
