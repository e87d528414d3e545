#!/bin/sh
# tests/resume.sh BSWEEP [CYCLES]: interruption and --resume.
#   - SIGINT part-way: exit 130, finished runs kept, the message says how
#     to resume; --resume trains only the rest and the final files equal
#     an uninterrupted sweep's (measurement columns excluded);
#   - the kill test: CYCLES times (default 50) SIGKILL at a random moment
#     of a sweep (one job or two), check that no result file is truncated
#     or corrupt, then --resume and compare with the uninterrupted sweep;
#     temporary files of the killed process must be gone afterwards;
#   - --resume of a finished sweep trains nothing and changes no result;
#   - a sweep run again over its partly finished results says so first,
#     and when interrupted counts only the runs it finished itself;
#     --resume says what it keeps;
#   - on a terminal (a pty, by script(1)) the SIGINT message starts on a
#     line of its own, not after the progress line, which shows an ETA.
set -u
BSWEEP=$1
CYCLES=${2:-50}
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/kill.json

same_as_ref() { # same_as_ref DIR: final files equal the reference's
	t_notime "$1/epochs.csv" | cmp -s - "$T_TMP/ref/e.nt" &&
	t_notime "$1/summary.csv" | cmp -s - "$T_TMP/ref/s.nt" &&
	grep -q '"complete":	true' "$1/run.json"
}
# Every file present is whole: a CSV has its header's number of fields on
# every line and ends with a newline; run.json ends with its closing brace.
# (Temporary files, .NAME.tmp-XXXXXX, may be cut anywhere: they are not
# results, and the next run removes them.)
files_whole() {
	for f in "$1"/*.csv "$1"/runs/*.csv; do
		[ -e "$f" ] || continue
		[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || { echo "$f: no final newline"; return 1; }
		awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad || NR < 2 }' "$f" ||
			{ echo "$f: ragged or empty"; return 1; }
	done
	if [ -e "$1/run.json" ]; then
		[ "$(tail -n 1 "$1/run.json")" = "}" ] || { echo "$1/run.json: truncated"; return 1; }
	fi
	return 0
}

t0=$(date +%s.%N)
"$BSWEEP" -q -o "$T_TMP/ref" "$CFG"
t1=$(date +%s.%N)
t_notime "$T_TMP/ref/epochs.csv" >"$T_TMP/ref/e.nt"
t_notime "$T_TMP/ref/summary.csv" >"$T_TMP/ref/s.nt"
# kill moments are drawn from [0, 0.9 x the sweep's time], so the test
# adapts to the build (sanitizers) and the machine
span=$(echo "$t1 - $t0" | bc -l)

# SIGINT part-way, then --resume
printf '{"name": "slow", "data": {"n_samples": 400, "n_train": 200}, "train": {"epochs": 3000}, "sweep": {"batch_sizes": [200, 4]}}' >"$T_TMP/slow.json"
"$BSWEEP" -q -o "$T_TMP/int" "$T_TMP/slow.json" 2>"$T_TMP/int.err" &
pid=$!
i=0
while [ ! -e "$T_TMP/int/runs/b200_s0.summary.csv" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
if [ $rc = 130 ]; then t_ok "SIGINT after the first run: exit 130"; else t_not_ok "SIGINT after the first run: exit $rc" "$(cat "$T_TMP/int.err")"; fi
t_expect_grep "SIGINT: 1 of 2 runs kept" "$T_TMP/int.err" "interrupted by SIGINT: 1 of 2 runs finished"
t_expect_grep "SIGINT: the message says how to resume" "$T_TMP/int.err" "hint: run the same command with --resume to train only the 1 remaining run$"
cp "$T_TMP/int/runs/b200_s0.epochs.csv" "$T_TMP/kept.csv"
# the same sweep again without --resume: said before it starts; stopped
# while training the finished run again (100 repeats of it), it counts
# only the runs it finished, and --resume would still keep the older one
"$BSWEEP" -r 100 -o "$T_TMP/int" "$T_TMP/slow.json" >/dev/null 2>"$T_TMP/again.err" &
pid=$!
i=0
while ! grep -q "already finished" "$T_TMP/again.err" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.5 # past the data and the signal handlers, into the first run's repeats
kill -INT $pid
wait $pid
rc=$?
t_check "run again and SIGINT: exit 130" test $rc = 130
t_expect_grep "run again: says first that it trains the finished run again" "$T_TMP/again.err" \
	"^bsweep: 1 of 2 runs are already finished in $T_TMP/int/runs/; training all of them again (use --resume to keep them)$"
t_expect_grep "run again, SIGINT: the earlier sweep's run is not counted as this one's" "$T_TMP/again.err" \
	"interrupted by SIGINT: 0 of 2 runs finished (and 1 more from an earlier sweep of this config, not trained again yet)"
t_expect_grep "run again, SIGINT: --resume would train 1" "$T_TMP/again.err" \
	"with --resume to train only the 1 remaining run$"
t_run "$BSWEEP" --resume -o "$T_TMP/int" "$T_TMP/slow.json"
t_expect_rc "--resume" 0
t_expect_grep "--resume says what it keeps" "$T_ERR" "^bsweep: resuming: keeping 1 finished run, training 1$"
t_check "--resume did not train the finished run again" cmp "$T_TMP/kept.csv" "$T_TMP/int/runs/b200_s0.epochs.csv"
t_expect_grep "--resume: run.json counts the kept run" "$T_TMP/int/run.json" '"resumed_runs":	1'
t_check "--resume: 2 runs in summary.csv" test "$(wc -l <"$T_TMP/int/summary.csv")" -eq 3
# every run finished, then the same sweep again (without --resume) stopped:
# --resume has nothing left to train, only the combined files to write
"$BSWEEP" -r 100 -o "$T_TMP/int" "$T_TMP/slow.json" >/dev/null 2>"$T_TMP/again2.err" &
pid=$!
i=0
while ! grep -q "already finished" "$T_TMP/again2.err" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.5
kill -INT $pid
wait $pid
t_expect_grep "all runs finished, run again, SIGINT: --resume writes the combined files" "$T_TMP/again2.err" \
	"^hint: run the same command with --resume to write the combined files (every run is finished)$"

# a worker of -j 2 killed (as the OOM killer would): exit 1, the run it
# was training named, and how to go on
printf '{"name": "slowk", "data": {"n_samples": 400, "n_train": 200}, "train": {"epochs": 40000}, "sweep": {"batch_sizes": [200, 100]}}' >"$T_TMP/slowk.json"
"$BSWEEP" -q -j 2 -o "$T_TMP/wk" "$T_TMP/slowk.json" 2>"$T_TMP/wk.err" &
pid=$!
i=0
while [ -z "$(cat /proc/$pid/task/$pid/children 2>/dev/null)" ] && [ $i -lt 600 ]; do sleep 0.02; i=$((i + 1)); done
child=$(cut -d' ' -f1 /proc/$pid/task/$pid/children 2>/dev/null)
if [ -n "$child" ]; then
	sleep 0.3 # into its run
	kill -KILL "$child"
	wait $pid
	rc=$?
	t_check "a killed worker: exit 1" test $rc = 1
	t_expect_grep "a killed worker: the run it was training is named" "$T_TMP/wk.err" \
		"^bsweep: worker process $child was killed by signal 9 while training run [12] (batch size [0-9]*, seed 0); the runs finished so far are kept$"
	t_expect_grep "a killed worker: how to go on" "$T_TMP/wk.err" \
		"^hint: run the same command with --resume to train the others$"
else
	kill $pid 2>/dev/null
	wait $pid
	t_skip "a killed worker" "no /proc/PID/task/PID/children here"
fi

# on a terminal: the progress line shows an ETA, and the SIGINT message
# starts on a line of its own (the progress line cleared first, "\r\033[K")
if command -v script >/dev/null 2>&1; then
	printf '{"name": "slow", "data": {"n_samples": 400, "n_train": 200}, "train": {"epochs": 40000}, "sweep": {"batch_sizes": [200, 4]}}' >"$T_TMP/slower.json"
	script -qfec "sh -c 'echo \$\$ >\"$T_TMP/pty.pid\"; exec \"$BSWEEP\" -o \"$T_TMP/pty\" \"$T_TMP/slower.json\"'" \
		/dev/null >"$T_TMP/pty.out" 2>&1 </dev/null &
	spid=$!
	i=0
	while [ ! -e "$T_TMP/pty/runs/b200_s0.summary.csv" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.3
	kill -INT "$(cat "$T_TMP/pty.pid")"
	wait $spid
	t_check "pty: the progress line shows an ETA" grep -q "run 2/2  batch 4 .* ETA [0-9]*:[0-9][0-9]" "$T_TMP/pty.out"
	# the bytes before the message: the clearing sequence
	before=$(awk -v RS='bsweep: interrupted' 'NR == 1 { printf "%s", substr($0, length($0) - 3) }' "$T_TMP/pty.out" | od -An -c | tr -d ' \n')
	if [ "$before" = '\r033[K' ]; then
		t_ok "pty: the SIGINT message starts on a cleared line"
	else
		t_not_ok "pty: the SIGINT message starts on a cleared line" "bytes before it: $before; $(tail -c 300 "$T_TMP/pty.out" | cat -v)"
	fi
	# with workers: the line of the shared counters has the ETA too
	script -qfec "\"$BSWEEP\" -j 2 -o \"$T_TMP/pty2\" \"$T_TMP/slow.json\"" /dev/null >"$T_TMP/pty2.out" 2>&1 </dev/null
	t_check "pty, -j 2: the progress line shows an ETA" grep -q "runs done, [0-9]* epochs trained, 2 jobs  ETA [0-9]*:[0-9][0-9]" "$T_TMP/pty2.out"
else
	t_skip "pty: SIGINT message on a clean line" "no script(1) here"
fi

# --resume of a complete sweep: nothing trained, the same results
cp "$T_TMP/ref/runs/b4_s0.epochs.csv" "$T_TMP/ref4.csv"
t_run "$BSWEEP" -q --resume -o "$T_TMP/ref" "$CFG"
t_expect_rc "--resume of a finished sweep" 0
t_check "--resume of a finished sweep keeps every run's file" cmp "$T_TMP/ref4.csv" "$T_TMP/ref/runs/b4_s0.epochs.csv"
t_check "--resume of a finished sweep: same results" same_as_ref "$T_TMP/ref"
# a run file of an older format is not reused
sed '1s/$/,extra/' "$T_TMP/ref/runs/b4_s1.summary.csv" >"$T_TMP/x" && mv "$T_TMP/x" "$T_TMP/ref/runs/b4_s1.summary.csv"
t_run "$BSWEEP" -q --resume -o "$T_TMP/ref" "$CFG"
t_expect_grep "--resume: a run file with another header is trained again" "$T_TMP/ref/run.json" '"resumed_runs":	11'
t_check "... and the results are whole again" same_as_ref "$T_TMP/ref"
# files cut short (a power cut: per-run files are not fsynced) are not
# trusted: a missing last row, a last row without its newline
sed '$d' "$T_TMP/ref/runs/b16_s2.epochs.csv" >"$T_TMP/x" && mv "$T_TMP/x" "$T_TMP/ref/runs/b16_s2.epochs.csv"
head -c -1 "$T_TMP/ref/runs/b64_s0.summary.csv" >"$T_TMP/x" && mv "$T_TMP/x" "$T_TMP/ref/runs/b64_s0.summary.csv"
t_run "$BSWEEP" -q --resume -o "$T_TMP/ref" "$CFG"
t_expect_grep "--resume: runs with truncated files are trained again" "$T_TMP/ref/run.json" '"resumed_runs":	10'
t_check "... and the results equal an uninterrupted sweep's" same_as_ref "$T_TMP/ref"

# the kill test
bad=0 partial=0 none=0 allrun=0 temps=0
c=1
while [ $c -le "$CYCLES" ]; do
	d=$T_TMP/k$c
	jobs=$((c % 2 + 1))
	delay=$(awk -v s="$c" -v span="$span" 'BEGIN { srand(s); printf "%.3f", rand() * 0.9 * span }')
	"$BSWEEP" -q -j $jobs -o "$d" "$CFG" 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	sleep 0.02 # let a two-job sweep's workers die with their parent
	why=$(files_whole "$d")
	if [ -n "$why" ]; then
		t_not_ok "kill cycle $c (-j $jobs, after ${delay}s): $why"
		bad=$((bad + 1))
	fi
	n=$(ls "$d/runs" 2>/dev/null | grep -c 'summary.csv$')
	if [ "$n" -eq 0 ]; then none=$((none + 1)); elif [ "$n" -eq 12 ]; then allrun=$((allrun + 1)); else partial=$((partial + 1)); fi
	ls -A "$d" "$d/runs" 2>/dev/null | grep -q 'tmp-' && temps=$((temps + 1))
	if ! "$BSWEEP" -q --resume -j $jobs -o "$d" "$CFG" 2>"$T_TMP/resume.err"; then
		t_not_ok "kill cycle $c: --resume failed" "$(cat "$T_TMP/resume.err")"
		bad=$((bad + 1))
	elif ! same_as_ref "$d"; then
		t_not_ok "kill cycle $c (-j $jobs, after ${delay}s): resumed results differ from an uninterrupted sweep"
		bad=$((bad + 1))
	elif ls -A "$d" "$d/runs" | grep -q 'tmp-'; then
		t_not_ok "kill cycle $c: temporary files left after --resume"
		bad=$((bad + 1))
	fi
	rm -rf "$d"
	c=$((c + 1))
done
echo "# kill test: $CYCLES cycles; killed with 0 runs finished: $none, part-way: $partial, after all runs: $allrun; temporary files left by the kill: $temps"
if [ $bad = 0 ]; then
	t_ok "kill test: $CYCLES SIGKILLs, every file whole, every --resume equal to an uninterrupted sweep"
else
	t_not_ok "kill test: $bad of $CYCLES cycles failed"
fi
# where the kills land depends on the machine's speed; a test must not
# fail because the machine is busy, so only a kill test that never hit a
# sweep part-way (testing nothing) fails
if [ "$partial" -ge 1 ]; then
	t_ok "kill test: $partial of the kills landed part-way through the sweep"
else
	t_not_ok "kill test: no kill landed part-way through the sweep (the sweep is too fast to test?)"
fi
t_done
