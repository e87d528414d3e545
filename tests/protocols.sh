#!/bin/sh
# tests/protocols.sh BSWEEP: training protocols (issue 11) end to end, from
# the CSV files of the built program:
#   - a steps budget trains exactly that many steps at every batch size
#     (summary steps, the last row's steps, the sum of epoch_steps), in
#     ceil(T / steps_per_epoch) rows;
#   - an examples budget sees at least the amount and less than the amount
#     plus one batch, in the fewest steps that do (worked out here by
#     walking the batches, not by bsweep's formula);
#   - learning-rate scaling: effective_learning_rate = lr x B/B0;
#   - --resume keeps such runs (a budget's partial last epoch passes the
#     consistency check) and trains nothing.
#   - each protocol config under configs/ (blobs-*.json with a grid or a
#     protocol key) runs at a reduced size: 3 epochs or 30 steps, 2 batch
#     sizes, and writes best.csv;
#   - six protocol sweeps (tests/golden/protocol_*.json: the optimizers,
#     warm-ups, schedules, budgets, L2 and weight decay, the BLAS path)
#     against a float32 NumPy replica's curves (scripts/
#     make_protocol_golden.py): accuracies exactly, losses to 1e-5 relative.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

cat >"$T_TMP/steps.json" <<'JSON'
{"name": "steps", "data": {"n_samples": 200, "n_train": 100}, "model": {"hidden": [8]},
 "train": {"budget": {"steps": 50}},
 "sweep": {"batch_sizes": [4, 7, 32, 100, 256], "seeds": [0, 1]}}
JSON
cat >"$T_TMP/examples.json" <<'JSON'
{"name": "examples", "data": {"n_samples": 200, "n_train": 100}, "model": {"hidden": [8]},
 "train": {"budget": {"examples": 1234}, "lr_scaling": {"rule": "linear", "base_batch_size": 32},
           "warmup": {"epochs": 2, "start_factor": 0.1}, "schedule": {"type": "cosine", "floor": 0.0}},
 "sweep": {"batch_sizes": [4, 7, 32, 100, 256]}}
JSON

# --- steps ----------------------------------------------------------------
t_run "$BSWEEP" -q -o "$T_TMP/s" "$T_TMP/steps.json"
t_expect_rc "steps budget: sweep" 0
# per run: summary steps, last row's steps and the sum of epoch_steps all
# 50, rows = ceil(50 / S), S = ceil(100 / min(B, 100))
if awk -F, -v T=50 -v n=100 '
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
	NR == FNR { E = FILENAME; k = $c[E, "batch_size"] "," $c[E, "seed"]
		rows[k]++; sum[k] += $c[E, "epoch_steps"]; last[k] = $c[E, "steps"]; next }
	{ S_ = FILENAME; k = $c[S_, "batch_size"] "," $c[S_, "seed"]; runs++
	  b = $c[S_, "batch_size"] > n ? n : $c[S_, "batch_size"]; spe = int((n + b - 1) / b)
	  want = int((T + spe - 1) / spe)
	  if ($c[S_, "steps"] != T || last[k] != T || sum[k] != T || rows[k] != want ||
	      $c[S_, "epochs"] != want || $c[S_, "steps_per_epoch"] != spe) {
		print k ": steps " $c[S_, "steps"] ", last row " last[k] ", sum " sum[k] \
		      ", rows " rows[k] " (want " want ")"; bad++ } }
	END { exit bad || runs != 10 }' "$T_TMP/s/epochs.csv" "$T_TMP/s/summary.csv" >"$T_TMP/why"; then
	t_ok "steps budget: exactly 50 steps at every batch size"
else
	t_not_ok "steps budget: exactly 50 steps at every batch size" "$(cat "$T_TMP/why")"
fi

# --- examples -------------------------------------------------------------
t_run "$BSWEEP" -q -o "$T_TMP/x" "$T_TMP/examples.json"
t_expect_rc "examples budget: sweep" 0
# walk the batches: epochs of n rows in batches of B, the last partial
if awk -F, -v A=1234 -v n=100 '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ b = $c["batch_size"] > n ? n : $c["batch_size"]; seen = 0; steps = 0; r0 = 0
	  while (seen < A) { seen += n - r0 < b ? n - r0 : b; steps++
		r0 += b; if (r0 >= n) r0 = 0 }
	  ex = $c["examples"]
	  if (ex < A || ex >= A + b || ex != seen || $c["steps"] != steps) {
		print "batch " $c["batch_size"] ": " ex " examples in " $c["steps"] \
		      " steps (want " seen " in " steps ")"; bad++ } }
	END { exit bad || NR != 6 }' "$T_TMP/x/summary.csv" >"$T_TMP/why"; then
	t_ok "examples budget: >= 1234 and < 1234 + B examples"
else
	t_not_ok "examples budget: >= 1234 and < 1234 + B examples" "$(cat "$T_TMP/why")"
fi
if awk -F, -v n=100 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ b = $c["batch_size"] > n ? n : $c["batch_size"]; want = 0.001 * b / 32
	  d = $c["effective_learning_rate"] - want; if (d < 0) d = -d
	  if (d > 1e-15 * want) { print $c["batch_size"] ": " $c["effective_learning_rate"]; bad++ } }
	END { exit bad }' "$T_TMP/x/summary.csv" >"$T_TMP/why"; then
	t_ok "examples budget: effective_learning_rate = 0.001 x B/32"
else
	t_not_ok "examples budget: effective_learning_rate = 0.001 x B/32" "$(cat "$T_TMP/why")"
fi

# --- resume -----------------------------------------------------------------
cp "$T_TMP/s/summary.csv" "$T_TMP/s.before"
t_run "$BSWEEP" -q --resume -o "$T_TMP/s" "$T_TMP/steps.json"
if [ "$T_RC" = 0 ] && [ ! -s "$T_ERR" ] && cmp -s "$T_TMP/s.before" "$T_TMP/s/summary.csv"; then
	t_ok "budgets: --resume keeps every run"
else
	t_not_ok "budgets: --resume keeps every run" "exit $T_RC: $(head -c 600 "$T_ERR")"
fi
# --resume after the schedule was edited: refused, the edit named, the
# results left as they were
sed 's/"budget": {"steps": 50}/"budget": {"steps": 50}, "schedule": {"type": "cosine"}/' \
	"$T_TMP/steps.json" >"$T_TMP/steps_cos.json"
t_run "$BSWEEP" -q --resume -o "$T_TMP/s" "$T_TMP/steps_cos.json"
t_expect_rc "--resume after the schedule changed" 2
t_expect_err "--resume after the schedule changed" "bsweep: $T_TMP/s: holds the results of another sweep ($T_TMP/s/run.json records a different config: config.train.schedule.type is constant there, cosine in this one); nothing was written
hint: choose another directory with -o DIR; --force would delete the 10 finished runs of \"steps\" in $T_TMP/s/ and train this config there"
t_check "--resume after the schedule changed: the results untouched" cmp -s "$T_TMP/s.before" "$T_TMP/s/summary.csv"
# --- the protocol configs, reduced ------------------------------------------
for f in configs/blobs-lr-grid.json configs/blobs-linear-scaling.json configs/blobs-equal-steps.json; do
	name=$(basename "$f" .json)
	sed -e 's/"epochs": 100/"epochs": 3/' -e 's/"steps": 1000}/"steps": 30}/' \
	    -e 's/"batch_sizes": \[[0-9, ]*\]/"batch_sizes": [8, 512]/' "$f" >"$T_TMP/$name.json"
	if cmp -s "$f" "$T_TMP/$name.json" || ! grep -q '"batch_sizes": \[8, 512\]' "$T_TMP/$name.json"; then
		t_not_ok "$name: could not be reduced for the test (its budget or batch sizes changed?)"
		continue
	fi
	t_run "$BSWEEP" -q -o "$T_TMP/$name" "$T_TMP/$name.json"
	t_expect_rc "$name (reduced)" 0
	t_check "$name (reduced): best.csv has a row per batch size" \
		test "$(wc -l <"$T_TMP/$name/best.csv" 2>/dev/null)" -eq 3
done

# ------------------------------------------------- against a NumPy replica
for g in tests/golden/protocol_*.json; do
	n=$(basename "$g" .json)
	t_run "$BSWEEP" -q -o "$T_TMP/$n" "$g"
	t_expect_rc "$n" 0
	t_curves "$n" "tests/golden/$n.csv" "$T_TMP/$n/epochs.csv"
done

t_done
