#!/bin/sh
# tests/sweep.sh BSWEEP: whole sweeps.
#   - a tiny fixed-seed sweep against the float32 NumPy replica's curves
#     (tests/golden/sweep_tiny.csv; losses to 1e-5 relative, accuracies
#     exactly), time columns excluded;
#   - determinism: two runs give identical files apart from time columns;
#   - the file set: per-run files, combined files assembled from them in
#     config order, summary consistent with the last epoch, run.json;
#   - divergence: a huge learning rate marks runs "diverged", exit 0.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
G=tests/golden
EPOCHS_HEADER=$(t_header epochs)
SUMMARY_HEADER=$(t_header summary)

t_run "$BSWEEP" -q -o "$T_TMP/a" "$G/sweep_tiny.json"
t_expect_rc "tiny sweep" 0
t_curves "tiny sweep" "$G/sweep_tiny.csv" "$T_TMP/a/epochs.csv"
t_check "epochs.csv header" test "$(head -n 1 "$T_TMP/a/epochs.csv")" = "$EPOCHS_HEADER"
t_check "summary.csv header" test "$(head -n 1 "$T_TMP/a/summary.csv")" = "$SUMMARY_HEADER"
t_check "epochs.csv: 3 batch sizes x 2 seeds x 6 epochs rows" test "$(wc -l <"$T_TMP/a/epochs.csv")" -eq 37
t_check "summary.csv: 6 runs" test "$(wc -l <"$T_TMP/a/summary.csv")" -eq 7

# combined files = the per-run files, in config order (batch size, seed)
: >"$T_TMP/e" ; : >"$T_TMP/s"
for b in 4 7 64; do for s in 0 3; do
	tail -n +2 "$T_TMP/a/runs/b${b}_s$s.epochs.csv" >>"$T_TMP/e"
	tail -n +2 "$T_TMP/a/runs/b${b}_s$s.summary.csv" >>"$T_TMP/s"
done; done
t_check "epochs.csv is the runs' files in config order" sh -c "tail -n +2 '$T_TMP/a/epochs.csv' | cmp -s - '$T_TMP/e'"
t_check "summary.csv is the runs' files in config order" sh -c "tail -n +2 '$T_TMP/a/summary.csv' | cmp -s - '$T_TMP/s'"

# summary: final_* equal the last epoch's values; best epoch is the argmax;
# steps_per_epoch = ceil(60 / B) with B capped at 60
# (columns found by name in each file's header)
if awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
	NR == FNR { E = FILENAME; k = $c[E, "batch_size"] "," $c[E, "seed"]; last[k] = $0
		if (!(k in best) || $c[E, "val_acc"] > best[k]) { best[k] = $c[E, "val_acc"]; be[k] = $c[E, "epoch"] }
		next }
	{ S = FILENAME; k = $c[S, "batch_size"] "," $c[S, "seed"]; split(last[k], e, ",")
		b = $c[S, "batch_size"] > 60 ? 60 : $c[S, "batch_size"]; spe = int((60 + b - 1) / b)
		if ($c[S, "steps_per_epoch"] != spe || $c[S, "epochs"] != e[c[E, "epoch"]] ||
		    $c[S, "final_train_loss"] != e[c[E, "train_loss"]] ||
		    $c[S, "final_train_acc"] != e[c[E, "train_acc"]] ||
		    $c[S, "final_val_loss"] != e[c[E, "val_loss"]] ||
		    $c[S, "final_val_acc"] != e[c[E, "val_acc"]] ||
		    $c[S, "best_val_acc"] != best[k] || $c[S, "best_epoch"] != be[k] ||
		    $c[S, "status"] != "ok") bad++ }
	END { exit bad }' "$T_TMP/a/epochs.csv" "$T_TMP/a/summary.csv"; then
	t_ok "summary rows agree with the epochs they summarise"
else
	t_not_ok "summary rows disagree with epochs.csv"
fi
t_expect_grep "run.json: data hash" "$T_TMP/a/run.json" '"data_hash":	"fnv1a64:[0-9a-f]\{16\}"'
t_expect_grep "run.json: machine" "$T_TMP/a/run.json" '"openblas_core":'
t_expect_grep "run.json: resolved config" "$T_TMP/a/run.json" '"batch_sizes":	\[4, 7, 64\]'
t_expect_grep "run.json: UTC times" "$T_TMP/a/run.json" '"start_utc":	"20[0-9-]*T[0-9:]*Z"'
t_expect_grep "run.json: complete" "$T_TMP/a/run.json" '"complete":	true'
t_check "no temporary files left" sh -c "! ls -A '$T_TMP/a' '$T_TMP/a/runs' | grep -q tmp-"

# determinism, time columns excluded (all *_seconds, samples_per_second)
"$BSWEEP" -q -o "$T_TMP/b" "$G/sweep_tiny.json"
strip() { t_notime "$1/epochs.csv" >"$1/e.notime"; t_notime "$1/summary.csv" >"$1/s.notime"; }
strip "$T_TMP/a"; strip "$T_TMP/b"
t_check "determinism: epochs.csv identical but for times" cmp "$T_TMP/a/e.notime" "$T_TMP/b/e.notime"
t_check "determinism: summary.csv identical but for times" cmp "$T_TMP/a/s.notime" "$T_TMP/b/s.notime"
awk -F, '$2 == 0' "$T_TMP/a/e.notime" | cut -d, -f3- >"$T_TMP/s0"
awk -F, '$2 == 3' "$T_TMP/a/e.notime" | cut -d, -f3- >"$T_TMP/s3"
t_check "different seeds give different curves" sh -c "! cmp -s '$T_TMP/s0' '$T_TMP/s3'"

# divergence: the run stops, is marked, the sweep goes on, exit 0
cat >"$T_TMP/hot.json" <<'JSON'
{"name": "hot", "data": {"n_samples": 200, "n_train": 100}, "train": {"learning_rate": 1e30, "epochs": 20},
 "sweep": {"batch_sizes": [4, 100]}}
JSON
t_run "$BSWEEP" -o "$T_TMP/hot" "$T_TMP/hot.json"
t_expect_rc "diverging sweep" 0
t_expect_grep "diverged: warning names the run" "$T_ERR" "warning: batch size 4, seed 0: the loss became non-finite at epoch"
t_expect_grep "diverged: status column" "$T_TMP/hot/summary.csv" ",diverged,"
t_expect_grep "diverged: table says so" "$T_OUT" "diverged at epoch"

# a finite blow-up (Adam at learning rate 1e6: losses of 1e13) diverges too:
# the rule (train.h) checked on every epoch of every run, from the files
check_rule() { # check_rule DIR: exit 0 when every run follows the rule
	awk -F, -v factor=100 '
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
	NR == FNR { S = FILENAME; k = $c[S, "batch_size"] "," $c[S, "seed"]
		init[k] = $c[S, "initial_val_loss"]; status[k] = $c[S, "status"]; n[k] = $c[S, "epochs"]; next }
	{ E = FILENAME; k = $c[E, "batch_size"] "," $c[E, "seed"]
	  tl = $c[E, "train_loss"]; vl = $c[E, "val_loss"]; lim = factor * init[k]
	  bad = (tl !~ /^[-0-9.e+]+$/ || vl !~ /^[-0-9.e+]+$/ || tl + 0 > lim || vl + 0 > lim)
	  last = $c[E, "epoch"] == n[k]
	  if (bad && !last) err = err " " k ": beyond the limit at epoch " $c[E, "epoch"]
	  if (last && bad != (status[k] == "diverged")) err = err " " k ": status " status[k] " at the end" }
	END { if (err != "") { print err; exit 1 } }' "$1/summary.csv" "$1/epochs.csv"
}
t_run "$BSWEEP" -o "$T_TMP/blow" tests/configs/blowup.json
t_expect_rc "finite blow-up" 0
t_check "finite blow-up: every run diverged" test "$(grep -c ',diverged,' "$T_TMP/blow/summary.csv")" = 2
t_expect_grep "finite blow-up: the warning says why" "$T_ERR" \
	"warning: batch size 8, seed 0: the loss reached .*, more than 100 times the .* of the initial weights at epoch 1"
t_check "finite blow-up: the rule holds on every epoch" check_rule "$T_TMP/blow"
t_check "the tiny sweep: the rule holds, nothing diverged" check_rule "$T_TMP/a"
t_check "the hot sweep: the rule holds" check_rule "$T_TMP/hot"
t_done
