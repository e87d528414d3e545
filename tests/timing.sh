#!/bin/sh
# tests/timing.sh BSWEEP: how runs are measured and executed.
#   - --repeats/--warmup and timing.repeats/warmup: the repeats column, a
#     consistent min <= median <= max and MAD, curves identical to one
#     repeat, the command line overriding the config, run.json recording
#     the values used;
#   - -j/--jobs: files identical to -j 1 but for the measurement columns,
#     run.json's execution record (jobs, threads, side by side);
#   - option errors for the new options;
#   - the same experiment under another name or timing is not "another
#     config": it may share a directory.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
G=tests/golden

notime_dir() { # notime_dir DIR: DIR/e.nt and DIR/s.nt, repeats column dropped too
	t_notime "$1/epochs.csv" >"$1/e.nt"
	t_notime "$1/summary.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "repeats") r = i }
		{ s = ""; for (i = 1; i <= NF; i++) if (i != r) s = s (s == "" ? "" : ",") $i; print s }' >"$1/s.nt"
}
col() { # col FILE NAME: the column NAME of every data row
	awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1"
}

"$BSWEEP" -q -o "$T_TMP/one" "$G/sweep_tiny.json"
notime_dir "$T_TMP/one"

# repeats and warm-ups
t_run "$BSWEEP" -q -r 5 -w 2 -o "$T_TMP/rep" "$G/sweep_tiny.json"
t_expect_rc "--repeats 5 --warmup 2" 0
notime_dir "$T_TMP/rep"
t_check "repeats: curves identical to a single repeat" cmp "$T_TMP/one/e.nt" "$T_TMP/rep/e.nt"
t_check "repeats: summary identical but for the measurements" cmp "$T_TMP/one/s.nt" "$T_TMP/rep/s.nt"
t_check "repeats: column says 5 for every run" test "$(col "$T_TMP/rep/summary.csv" repeats | sort -u)" = 5
t_check "repeats: 1 in a single-repeat sweep" test "$(col "$T_TMP/one/summary.csv" repeats | sort -u)" = 1
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ med = $c["total_seconds"]; lo = $c["total_seconds_min"]; hi = $c["total_seconds_max"]
	  mad = $c["total_seconds_mad"]; o = $c["outliers"]
	  if (!(lo > 0 && lo <= med && med <= hi && mad >= 0 && mad <= hi - lo && o >= 0 && o <= 5)) { print; bad = 1 } }
	END { exit bad }' "$T_TMP/rep/summary.csv" >"$T_TMP/bad" 2>&1; then
	t_ok "repeats: 0 < min <= median <= max, 0 <= MAD <= max - min, 0 <= outliers <= 5"
else
	t_not_ok "repeats: inconsistent statistics" "$(cat "$T_TMP/bad")"
fi
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ if ($c["total_seconds_min"] != $c["total_seconds"] || $c["total_seconds_max"] != $c["total_seconds"] || $c["total_seconds_mad"] != 0) bad = 1 }
	END { exit bad }' "$T_TMP/one/summary.csv"; then
	t_ok "one repeat: min = max = median, MAD 0"
else
	t_not_ok "one repeat: min/max/MAD should equal the single time"
fi
t_expect_grep "run.json: timing.repeats used" "$T_TMP/rep/run.json" '"repeats":	5'
t_expect_grep "run.json: timing.warmup used" "$T_TMP/rep/run.json" '"warmup":	2'
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	!($c["peak_rss_kib"] > 0 && $c["memory_bytes"] > 0) { bad = 1 } END { exit bad }' "$T_TMP/rep/summary.csv"; then
	t_ok "summary: peak_rss_kib and memory_bytes are positive"
else
	t_not_ok "summary: peak_rss_kib or memory_bytes not positive"
fi
# batch sizes 4, 7 and 64 (the full 60 rows): strictly more memory each
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ s = $c["seed"]; if ((s in prev) && !($c["memory_bytes"] > prev[s])) bad = 1
	  prev[s] = $c["memory_bytes"]; n[s]++ }
	END { for (s in n) if (n[s] != 3) bad = 1; exit bad || NR < 2 }' "$T_TMP/one/summary.csv"; then
	t_ok "summary: memory grows with the batch size"
else
	t_not_ok "summary: memory does not grow strictly with the batch size" "$(cat "$T_TMP/one/summary.csv")"
fi

# the config's timing section, and the command line over it
sed 's/"sweep": {/"timing": {"repeats": 3, "warmup": 1},\n  "sweep": {/' "$G/sweep_tiny.json" >"$T_TMP/timed.json"
t_run "$BSWEEP" -q -o "$T_TMP/cfg" "$T_TMP/timed.json"
t_expect_rc "timing in the config" 0
t_check "timing.repeats from the config" test "$(col "$T_TMP/cfg/summary.csv" repeats | sort -u)" = 3
t_run "$BSWEEP" -q -r 2 -o "$T_TMP/cfg" "$T_TMP/timed.json"
t_check "--repeats overrides timing.repeats" test "$(col "$T_TMP/cfg/summary.csv" repeats | sort -u)" = 2
t_expect_grep "run.json: the overridden value" "$T_TMP/cfg/run.json" '"repeats":	2'
t_run "$BSWEEP" -n -r 4 -w 1 "$T_TMP/timed.json"
t_expect_grep "dry run: timing line" "$T_OUT" "timing: 4 timed trainings per run (the median is reported), 1 warm-up; 1 job, 1 OpenBLAS thread each"

# jobs: the same files but for the measurements
for j in 2 3 7; do
	t_run "$BSWEEP" -q -j $j -o "$T_TMP/j$j" "$G/sweep_tiny.json"
	t_expect_rc "-j $j" 0
	notime_dir "$T_TMP/j$j"
	t_check "-j $j: epochs.csv identical to -j 1's but for times" cmp "$T_TMP/one/e.nt" "$T_TMP/j$j/e.nt"
	t_check "-j $j: summary.csv identical to -j 1's but for times" cmp "$T_TMP/one/s.nt" "$T_TMP/j$j/s.nt"
	t_check "-j $j: no temporary file" sh -c "! ls -A '$T_TMP/j$j' '$T_TMP/j$j/runs' | grep -q tmp-"
done
if [ "$(nproc)" -lt 7 ]; then
	# 6 runs: 6 processes side by side, not the 7 asked for
	t_expect_grep "-j 7 on $(nproc) cores: a warning says the runs compete" "$T_ERR" "warning: 6 jobs x 1 OpenBLAS threads on $(nproc) logical cores: the runs compete for cores"
fi
t_expect_grep "-j 2: run.json records the jobs" "$T_TMP/j2/run.json" '"jobs":	2'
t_expect_grep "-j 2: run.json says the runs ran side by side" "$T_TMP/j2/run.json" '"side_by_side":	true'
t_expect_grep "-j 1: not side by side" "$T_TMP/one/run.json" '"side_by_side":	false'
t_run "$BSWEEP" -q -j 2 -t 2 -o "$T_TMP/j2t2" "$G/sweep_tiny.json"
t_expect_grep "-t 2: run.json records the BLAS threads" "$T_TMP/j2t2/run.json" '"blas_threads":	2'

# option errors
t_run "$BSWEEP" -j 0 "$G/sweep_tiny.json"
t_expect_rc "-j 0" 2
t_expect_err "-j 0" "bsweep: option --jobs: expected an integer from 1 to 256, found '0'
Try 'bsweep --help' for more information."
t_run "$BSWEEP" --repeats 1x "$G/sweep_tiny.json"
t_expect_rc "--repeats 1x" 2
t_expect_err "--repeats 1x" "bsweep: option --repeats: expected an integer from 1 to 1000, found '1x'
Try 'bsweep --help' for more information."
t_run "$BSWEEP" -w -1 "$G/sweep_tiny.json"
t_expect_err "-w -1" "bsweep: option --warmup: expected an integer from 0 to 1000, found '-1'
Try 'bsweep --help' for more information."
t_run "$BSWEEP" --resume --force "$G/sweep_tiny.json"
t_expect_rc "--resume --force" 2
t_expect_err "--resume --force" "bsweep: options --resume and --force contradict each other: --resume keeps finished runs, --force replaces another config's results
Try 'bsweep --help' for more information."
printf '{"timing": {"repeats": 0}}' >"$T_TMP/r0.json"
t_run "$BSWEEP" -n "$T_TMP/r0.json"
t_expect_rc "timing.repeats 0" 2
t_expect_grep "timing.repeats 0: message" "$T_ERR" "timing.repeats"

# another name or other timing is the same experiment: the directory is shared
sed 's/"tiny"/"tiny-renamed"/' "$T_TMP/timed.json" >"$T_TMP/renamed.json"
t_run "$BSWEEP" -q -r 1 -o "$T_TMP/one" "$T_TMP/renamed.json"
t_expect_rc "same experiment, other name and timing, same directory" 0
# ... but a different learning rate is not
sed 's/"learning_rate": 0.01/"learning_rate": 0.02/' "$G/sweep_tiny.json" >"$T_TMP/lr.json"
t_run "$BSWEEP" -q -o "$T_TMP/one" "$T_TMP/lr.json"
t_expect_rc "another learning rate in the same directory" 2

# one sweep per directory at a time
printf '{"name": "long", "data": {"n_samples": 60}, "train": {"epochs": 1000000}, "sweep": {"batch_sizes": [1000]}}' >"$T_TMP/long.json"
"$BSWEEP" -q -o "$T_TMP/locked" "$T_TMP/long.json" 2>/dev/null &
pid=$!
i=0
while [ ! -e "$T_TMP/locked/run.json" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
# with one OpenBLAS thread, no idle BLAS worker thread spins beside the run
threads=$(sed -n 's/^Threads:[[:space:]]*//p' /proc/$pid/status 2>/dev/null)
if [ -z "$threads" ]; then
	t_skip "-t 1: a single thread" "no /proc/PID/status"
elif [ "$threads" = 1 ]; then
	t_ok "-t 1: the sweep runs in a single thread (OpenBLAS's pool stopped)"
else
	t_not_ok "-t 1: the sweep process has $threads threads"
fi
t_run "$BSWEEP" -q -o "$T_TMP/locked" "$T_TMP/long.json"
t_expect_rc "a second sweep into a directory in use" 1
t_expect_err "a second sweep into a directory in use" "bsweep: $T_TMP/locked: another bsweep is writing results there (the directory is locked)
hint: wait for it to finish, or choose another directory with -o"
kill -INT $pid
wait $pid
t_done
