#!/bin/sh
# tests/noise.sh BSWEEP: analysis.noise_scale from the command line.
#   - off (the default): epochs.csv exactly as before, no noise column;
#   - on: the noise columns (tests/columns.c's "noise") at the end of
#     epochs.csv, every value but the measurements of the machine
#     identical to the run without them (the curves bit for bit), on the
#     fused path (hidden 6) and the BLAS path (hidden 300, wider than the
#     fused path's limit), with -j 2 too;
#   - the values: |G|^2 > 0, tr(Sigma) > 0, b_simple their ratio, the
#     estimator empty (nan) with one batch an epoch;
#   - summary.csv identical but for the memory model, which grows.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

col() { # col FILE NAME: the column NAME of every data row
	awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1"
}
# drop_cols FILE NAMES...: the file without those columns
drop_cols() {
	f=$1; shift
	awk -F, -v names="$*" 'BEGIN { n = split(names, m, " "); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$f"
}
# config HIDDEN NOISE: a tiny sweep (60 training rows, batch 64 >= 60)
config() {
	analysis=
	[ "$2" = on ] && analysis='"analysis": {"noise_scale": true},'
	cat <<JSON
{ "name": "noise", $analysis
  "data": {"n_samples": 90, "centers": 3, "n_features": 2, "cluster_std": 2.0,
           "random_state": 2, "n_train": 60},
  "model": {"hidden": [$1]},
  "train": {"epochs": 5, "learning_rate": 0.01},
  "sweep": {"batch_sizes": [1, 4, 7, 64], "seeds": [0, 3]} }
JSON
}

noise_cols=$(t_columns noise | tr , ' ')
for hidden in 6 300; do
	case_="hidden $hidden"
	config "$hidden" off >"$T_TMP/off.json"
	config "$hidden" on >"$T_TMP/on.json"
	t_run "$BSWEEP" -q -o "$T_TMP/off$hidden" "$T_TMP/off.json"
	t_expect_rc "$case_, noise_scale off" 0
	t_run "$BSWEEP" -q -o "$T_TMP/on$hidden" "$T_TMP/on.json"
	t_expect_rc "$case_, noise_scale on" 0
	t_run "$BSWEEP" -q -j 2 -o "$T_TMP/onj$hidden" "$T_TMP/on.json"
	t_expect_rc "$case_, noise_scale on, -j 2" 0
	off=$T_TMP/off$hidden on=$T_TMP/on$hidden
	t_check "$case_: off, the header has no noise column" \
		test "$(head -n 1 "$off/epochs.csv")" = "$(t_header epochs)"
	t_check "$case_: on, the noise columns at the end of the header" \
		test "$(head -n 1 "$on/epochs.csv")" = "$(t_header epochs),$(t_columns noise)"
	drop_cols "$on/epochs.csv" $noise_cols >"$T_TMP/on.e"
	t_notime "$T_TMP/on.e" >"$T_TMP/on.nt"
	t_notime "$off/epochs.csv" >"$T_TMP/off.nt"
	t_check "$case_: curves identical on and off, bit for bit ($(($(wc -l <"$T_TMP/off.nt") - 1)) epochs)" \
		cmp "$T_TMP/on.nt" "$T_TMP/off.nt"
	t_notime "$T_TMP/onj$hidden/epochs.csv" >"$T_TMP/onj.nt"
	t_notime "$on/epochs.csv" >"$T_TMP/on1.nt"
	t_check "$case_: -j 2 writes the same noise values as -j 1" cmp "$T_TMP/onj.nt" "$T_TMP/on1.nt"
	t_notime "$on/summary.csv" | drop_cols /dev/stdin memory_bytes >"$T_TMP/on.s"
	t_notime "$off/summary.csv" | drop_cols /dev/stdin memory_bytes >"$T_TMP/off.s"
	t_check "$case_: summary identical on and off but for memory_bytes" cmp "$T_TMP/on.s" "$T_TMP/off.s"
	if awk -F, 'NR == FNR { if (FNR > 1) m[FNR] = $0; next } FNR > 1 && !($0 > m[FNR]) { bad = 1 } END { exit bad }' \
		"$(col "$off/summary.csv" memory_bytes >"$T_TMP/moff"; echo "$T_TMP/moff")" \
		"$(col "$on/summary.csv" memory_bytes >"$T_TMP/mon"; echo "$T_TMP/mon")"; then
		t_ok "$case_: memory_bytes larger with the measurement's scratch"
	else
		t_not_ok "$case_: memory_bytes" "$(paste "$T_TMP/moff" "$T_TMP/mon")"
	fi
	if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ g = $c["grad_norm2"]; t = $c["trace_sigma"]; b = $c["b_simple"]; e = $c["b_simple_est"]
		  if (!(g > 0 && t > 0 && b > 0)) { print "not positive: " $0; bad = 1 }
		  r = t / g; if ((b - r) > 1e-12 * r || (r - b) > 1e-12 * r) { print "b_simple != ratio: " $0; bad = 1 }
		  if (($c["batch_size"] == 64) != (e == "nan")) { print "estimator: " $0; bad = 1 } }
		END { exit bad }' "$on/epochs.csv" >"$T_TMP/bad" 2>&1; then
		t_ok "$case_: |G|^2, tr(Sigma) > 0, b_simple their ratio, no estimate at one batch an epoch"
	else
		t_not_ok "$case_: noise values" "$(head -n 5 "$T_TMP/bad")"
	fi
done

# a sweep over an earlier one's directory (--force) removes its files
# with the noise columns as its own
config 6 on >"$T_TMP/on.json"
sed 's/"batch_sizes": \[1, 4, 7, 64\]/"batch_sizes": [4]/' "$T_TMP/on.json" >"$T_TMP/on4.json"
"$BSWEEP" -q -o "$T_TMP/force" "$T_TMP/on.json"
t_run "$BSWEEP" -q --force -o "$T_TMP/force" "$T_TMP/on4.json"
t_expect_rc "--force over a sweep with noise columns" 0
t_check "--force: the earlier sweep's run files removed, noise columns and all" \
	test "$(ls "$T_TMP/force/runs" | tr '\n' ' ')" = "b4_s0.epochs.csv b4_s0.summary.csv b4_s3.epochs.csv b4_s3.summary.csv "
t_done
