#!/bin/sh
# tests/target.sh BSWEEP: targets and the scaling analysis (issue 12),
# on tests/configs/target_tiny.json (5 batch sizes x 3 seeds, 12 epochs,
# val_acc >= 0.7: some runs censored, one batch size never there):
#   - a target, and evaluating every k steps, leave the curves bit for bit
#     (epochs.csv without the measured columns) as without them;
#   - steps to target at epoch resolution are the first epoch meeting it
#     in epochs.csv; with eval_every = 3 a multiple of 3 or an epoch's
#     end, never later; the resolution is in scaling.csv;
#   - stop_at_target stops exactly at that first evaluation: status
#     "target", steps = steps_to_target, the curves a prefix of the full
#     run's;
#   - scaling.csv agrees with summary.csv (counts, medians with censored
#     seeds as infinite, min, max, efficiency) and run.json's fit with
#     an OLS worked out here, in awk;
#   - --resume accepts runs stopped at their target, and retrains one
#     whose status was tampered with.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/target_tiny.json

# the config with the analysis section replaced by $1 (JSON text)
variant() {
	sed "s/\"analysis\": .*}}}\$/\"analysis\": $1}/" "$CFG"
}
variant '{}' >"$T_TMP/none.json"
variant '{"target": {"metric": "val_acc", "value": 0.7}, "eval_every": 3}' >"$T_TMP/every.json"
variant '{"target": {"metric": "val_acc", "value": 0.7}, "stop_at_target": true}' >"$T_TMP/stop.json"
variant '{"target": {"metric": "val_acc", "value": 0.7}, "eval_every": 3, "stop_at_target": true}' >"$T_TMP/stop3.json"
for v in none every stop stop3; do
	"$BSWEEP" -q -o "$T_TMP/$v" "$T_TMP/$v.json" 2>"$T_TMP/$v.err" ||
		t_not_ok "sweep $v failed" "$(cat "$T_TMP/$v.err")"
done
"$BSWEEP" -q -o "$T_TMP/tgt" "$CFG" 2>"$T_TMP/tgt.err" || t_not_ok "sweep failed" "$(cat "$T_TMP/tgt.err")"

# --- curves unchanged
t_notime "$T_TMP/none/epochs.csv" >"$T_TMP/none.nt"
for v in tgt every; do
	if t_notime "$T_TMP/$v/epochs.csv" | cmp -s - "$T_TMP/none.nt"; then
		t_ok "$v: epochs.csv identical to the run without a target (measured columns aside)"
	else
		t_not_ok "$v: epochs.csv differs from the run without a target"
	fi
done
t_check "no target: no scaling.csv" test ! -e "$T_TMP/none/scaling.csv"
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["steps_to_target"] != "" || $c["seconds_to_target"] != "" { bad = 1 } END { exit bad || NR != 16 }' \
	"$T_TMP/none/summary.csv"; then
	t_ok "no target: the target columns are empty"
else
	t_not_ok "no target: target columns not empty"
fi

# --- steps to target = the first epoch meeting it (epoch resolution); with
# eval_every 3: a multiple of 3 or that epoch's end, never later
if awk -F, -v every="$T_TMP/every/summary.csv" '
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
	function g(col) { return $c[FILENAME, col] }
	FILENAME ~ /epochs.csv$/ { k = g("batch_size") "," g("seed")
		if (!(k in first) && g("val_acc") >= 0.7) { first[k] = g("steps"); ex[k] = g("epoch") }
		spe[k] = spe[k] ? spe[k] : g("epoch_steps"); next }
	FILENAME == every { k = g("batch_size") "," g("seed"); s = g("steps_to_target")
		if (k in first) { if (s == "" || s + 0 > first[k] + 0 || (s % 3 != 0 && s != first[k])) { print "every", k, s, first[k]; bad = 1 }
			earlier += s + 0 < first[k] + 0 }
		else if (s != "" && s % 3 != 0) { print "every censored", k, s; bad = 1 }
		n3++; next }
	{ k = g("batch_size") "," g("seed"); s = g("steps_to_target"); n++
		if (k in first) { if (s != first[k] || g("epochs_to_target") != s / g("steps_per_epoch")) { print k, s, first[k]; bad = 1 } reached++ }
		else if (s != "" || g("examples_to_target") != "") { print k, "should be censored"; bad = 1 } }
	END { print reached " of " n " reached, " earlier " earlier with eval_every 3" > "/dev/stderr"
		exit bad || n != 15 || n3 != 15 || reached < 5 || reached == n || earlier == 0 }' \
	"$T_TMP/tgt/epochs.csv" "$T_TMP/every/summary.csv" "$T_TMP/tgt/summary.csv" >"$T_TMP/first.out" 2>"$T_TMP/first.err"; then
	t_ok "steps to target: the first epoch meeting it, the rest censored; eval_every 3: a multiple of 3, never later ($(cat "$T_TMP/first.err"))"
else
	t_not_ok "steps to target are not the first epoch meeting it" "$(cat "$T_TMP/first.out")"
fi
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["resolution_steps"] != 3 { bad = 1 } END { exit bad }' "$T_TMP/every/scaling.csv"; then
	t_ok "eval_every 3: scaling.csv states the resolution, 3 steps"
else
	t_not_ok "eval_every 3: resolution_steps is not 3"
fi

# --- stop_at_target: stopped at the first evaluation meeting the target
for v in stop stop3; do
	full=$([ $v = stop ] && echo tgt || echo every)
	if awk -F, -v full="$T_TMP/$full/summary.csv" '
		FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
		function g(col) { return $c[FILENAME, col] }
		FILENAME == full { want[g("batch_size") "," g("seed")] = g("steps_to_target"); next }
		{ k = g("batch_size") "," g("seed"); s = g("steps_to_target")
		  if (s != want[k]) { print k, "steps to target", s, "not", want[k]; bad = 1 }
		  if (s != "" && (g("status") != "target" || g("steps") != s)) { print k, g("status"), g("steps"); bad = 1 }
		  if (s == "" && g("status") != "ok") { print k, "censored but", g("status"); bad = 1 }
		  n += s != "" }
		END { exit bad || n == 0 }' "$T_TMP/$full/summary.csv" "$T_TMP/$v/summary.csv" >"$T_TMP/stop.out"; then
		t_ok "$v: status target, stopped at steps_to_target, the same as the full run's"
	else
		t_not_ok "$v: not stopped at the first evaluation meeting the target" "$(cat "$T_TMP/stop.out")"
	fi
done
# the stopped curves are the full run's up to the stop (eval_every 3: but
# the last, partial epoch)
t_notime "$T_TMP/tgt/epochs.csv" >"$T_TMP/tgt.nt"
t_notime "$T_TMP/stop/epochs.csv" >"$T_TMP/stop.nt"
if awk 'NR == FNR { full[$0] = 1; next } !($0 in full) { bad = 1 } END { exit bad }' \
	"$T_TMP/tgt.nt" "$T_TMP/stop.nt" && [ "$(wc -l <"$T_TMP/stop.nt")" -lt "$(wc -l <"$T_TMP/tgt.nt")" ]; then
	t_ok "stop_at_target: every epoch row is the full run's, fewer rows"
else
	t_not_ok "stop_at_target: epoch rows that the full run does not have"
fi

# --- scaling.csv against summary.csv, worked out here
check_scaling() { # DIR
	awk -F, '
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
	function g(col) { return $c[FILENAME, col] }
	function num(x) { return x == "" ? "inf" : x + 0 }
	FILENAME ~ /summary.csv$/ { b = g("batch_size"); n[b]++
		st[b, n[b]] = g("steps_to_target"); ex[b, n[b]] = g("examples_to_target")
		if (g("steps_to_target") != "") r[b]++; next }
	function med(a, b, m,   i, j, t, v) { # median, "" (inf) sorted last
		for (i = 1; i <= m; i++) v[i] = a[b, i] == "" ? 1e308 * 10 : a[b, i] + 0
		for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		t = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
		return t > 1e308 ? "" : t }
	function ext(a, b, m, hi,   i, x, e) { e = ""
		for (i = 1; i <= m; i++) if (a[b, i] != "") { x = a[b, i] + 0; if (e == "" || (hi ? x > e : x < e)) e = x }
		return e }
	{ b = g("batch_size"); m = n[b]
	  want = (r[b] + 0) " " (r[b] + 0) / m " " med(st, b, m) " " ext(st, b, m, 0) " " ext(st, b, m, 1) " " med(ex, b, m)
	  got = g("reached") + 0 " " g("reached_fraction") + 0 " " (g("steps_to_target_median") == "" ? "" : g("steps_to_target_median") + 0) " " \
		(g("steps_to_target_min") == "" ? "" : g("steps_to_target_min") + 0) " " (g("steps_to_target_max") == "" ? "" : g("steps_to_target_max") + 0) " " \
		(g("examples_to_target_median") == "" ? "" : g("examples_to_target_median") + 0)
	  if (want != got) { print "batch size " b ": want " want ", got " got; bad = 1 }
	  if (g("in_fit") != (2 * r[b] > m)) { print "batch size " b ": in_fit " g("in_fit"); bad = 1 }
	  med_ = g("steps_to_target_median")
	  if (med_ != "") {
		if (pb != "") { e = log(ps / med_) / log(b / pb); d = e - g("efficiency"); if (d < 0) d = -d
			if (d > 1e-12) { print "batch size " b ": efficiency " g("efficiency") ", want " e; bad = 1 }
			rg = e >= 0.8 ? "perfect" : e <= 0.2 ? "maximal" : "diminishing"
			if (g("regime") != rg) { print "batch size " b ": regime " g("regime") ", want " rg; bad = 1 } }
		else if (g("efficiency") != "") { print "batch size " b ": efficiency for the first"; bad = 1 }
		pb = b; ps = med_ }
	  if (g("in_fit") == 1) { k++; x[k] = 1 / b; y[k] = med_ + 0 }
	  rows++ }
	END { # OLS of the medians on 1/B
	  for (i = 1; i <= k; i++) { mx += x[i] / k; my += y[i] / k }
	  for (i = 1; i <= k; i++) { sxx += (x[i] - mx) ^ 2; sxy += (x[i] - mx) * (y[i] - my) }
	  slope = sxy / sxx; a = my - slope * mx
	  printf "%.10g %.10g %.10g\n", a, slope / a, slope > "/dev/stderr"
	  exit bad || rows == 0 }' "$1/summary.csv" "$1/scaling.csv"
}
if check_scaling "$T_TMP/tgt" >"$T_TMP/sc.out" 2>"$T_TMP/fit.awk"; then
	t_ok "scaling.csv agrees with summary.csv (reached, medians with censored seeds, min, max, efficiency, regime, in_fit)"
else
	t_not_ok "scaling.csv disagrees with summary.csv" "$(cat "$T_TMP/sc.out")"
fi
# run.json's fit = the awk OLS, to 1e-9 relative
fitval() { sed -n "/\"fit\"/,/}/s/.*\"$1\":[[:space:]]*\\([^,]*\\),*/\\1/p" "$T_TMP/tgt/run.json"; }
if echo "$(cat "$T_TMP/fit.awk") $(fitval s_min) $(fitval b_crit) $(fitval e_min)" | awk '
	function rel(a, b) { return (a - b < 0 ? b - a : a - b) / (b < 0 ? -b : b) }
	{ exit !(NF == 6 && rel($4, $1) < 1e-9 && rel($5, $2) < 1e-9 && rel($6, $3) < 1e-9) }'; then
	t_ok "run.json's fit is the OLS of scaling.csv's medians on 1/B (S_min B_crit E_min: $(cat "$T_TMP/fit.awk"))"
else
	t_not_ok "run.json's fit differs from the OLS worked out here" "awk: $(cat "$T_TMP/fit.awk"); run.json: $(fitval s_min) $(fitval b_crit) $(fitval e_min)"
fi
lo=$(fitval b_crit_lo) hi=$(fitval b_crit_hi) bc=$(fitval b_crit)
t_check "run.json: B_crit inside its bootstrap interval" awk -v lo="$lo" -v hi="$hi" -v b="$bc" 'BEGIN { exit !(lo <= b && b <= hi) }'
"$BSWEEP" -q -o "$T_TMP/tgt2" "$CFG" 2>/dev/null
t_check "the fit and its interval are the same for a second sweep" sh -c \
	"grep -A12 '\"fit\"' '$T_TMP/tgt/run.json' >'$T_TMP/f1'; grep -A12 '\"fit\"' '$T_TMP/tgt2/run.json' >'$T_TMP/f2'; cmp -s '$T_TMP/f1' '$T_TMP/f2'"

# --- too few batch sizes: no fit, and why
printf '{"data": {"n_samples": 300, "n_train": 200}, "train": {"epochs": 3}, "sweep": {"batch_sizes": [8, 16]}, "analysis": {"target": {"metric": "val_acc", "value": 0.5}}}' >"$T_TMP/few.json"
t_run "$BSWEEP" -q -o "$T_TMP/few" "$T_TMP/few.json"
t_expect_rc "two batch sizes" 0
t_expect_grep "two batch sizes: a warning says why there is no fit" "$T_TMP/err" "no fit: .* 3 needed"
t_expect_grep "two batch sizes: run.json's fit says why" "$T_TMP/few/run.json" '"reason":.*no fit'

# --- --resume
t_notime "$T_TMP/stop3/summary.csv" >"$T_TMP/stop3.nt"
t_run "$BSWEEP" -q --resume -o "$T_TMP/stop3" "$T_TMP/stop3.json"
t_expect_rc "--resume of a sweep stopped at its targets" 0
t_expect_grep "--resume keeps every run stopped at its target" "$T_TMP/stop3/run.json" '"resumed_runs":	15'
f=$(grep -l ',target,' "$T_TMP/stop3/runs/"*.summary.csv | head -n 1)
sed 's/,target,/,ok,/' "$f" >"$T_TMP/x" && cp "$T_TMP/x" "$f"
t_run "$BSWEEP" -q --resume -o "$T_TMP/stop3" "$T_TMP/stop3.json"
t_expect_grep "--resume retrains a run stopped at its target whose status says ok" "$T_TMP/stop3/run.json" '"resumed_runs":	14'
if t_notime "$T_TMP/stop3/summary.csv" | cmp -s - "$T_TMP/stop3.nt"; then
	t_ok "--resume: the same summary as before, measured columns aside"
else
	t_not_ok "--resume: the summary changed"
fi
t_done
