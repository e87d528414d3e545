#!/bin/sh
# tests/cluster.sh BSWEEP: sharded sweeps on the real engines (issue 13).
#   - GNU parallel itself: --joblog records a failed job, and
#     --resume-failed runs that one again and no other;
#   - a real single-node Slurm (tests/slurmlib.sh: munged, slurmctld,
#     slurmd under a temporary directory): the node comes up idle, a job
#     array runs every task and an afterok job runs after them; the
#     SLURM_ARRAY_TASK_* values tasks see for --array=0-3, 1-7:2 and 3,5,9
#     (what `bsweep --shard auto` has to map);
#   - the default sweep (configs/blobs.json) in 3 shards under GNU parallel
#     -j 2, then `bsweep merge`: equal to the unsharded sweep apart from
#     the measurement columns; again with one shard killed and re-run by
#     --resume-failed;
#   - scripts/slurm-sweep.sh: 4 shards on the Slurm cluster, --wait, merged
#     and equal to the unsharded sweep; a failing task cancels the merge,
#     --wait says which task, and a resubmission with --resume completes;
#   - every daemon started is stopped, by PID, and none is left.
# The Slurm part needs root (slurmd starts the jobs) and is skipped, said
# so, without it; the packages come from scripts/deps.sh check.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
trap 'slurm_stop; rm -rf "$T_TMP"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# the jobs may start elsewhere: absolute paths
case $BSWEEP in /*) ;; *) BSWEEP=$PWD/$BSWEEP ;; esac
CFG=$PWD/configs/blobs.json
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | awk '{ printf "%.1f", $1 }'; }
T0=$(now)
PARALLEL="parallel --will-cite"

# --- comparing a merged directory with the unsharded sweep ---------------
# Every measured column of every table (times, rates, host...), from the
# program: a CSV without them must be identical between any two runs.
MEASURED=$(for t in epochs summary aggregate points scaling noise eval_train sharpness interpolation regions validation; do
	t_columns "$t" measured; done)
notime_csv() {
	awk -F, -v measured="$MEASURED" '
	BEGIN { n = split(measured, m, "\n"); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$1"
}
# the result files of a directory: no figures, no hidden files (.lock)
results_of() { (cd "$1" && find . -type f ! -name '.*' ! -name '*.png' ! -name '*.svg' ! -name '*.pdf' | sort); }
# same_results REF DIR: every result file of REF is in DIR with the same
# content (CSVs apart from the measured columns; run.json says complete);
# prints what differs
same_results() {
	_bad=0
	for f in $(results_of "$1"); do
		if [ ! -f "$2/$f" ]; then echo "missing: $f"; _bad=1; continue; fi
		case $f in
		*.csv) notime_csv "$1/$f" >"$T_TMP/cmp.a"; notime_csv "$2/$f" >"$T_TMP/cmp.b"
		       cmp -s "$T_TMP/cmp.a" "$T_TMP/cmp.b" || { echo "differs: $f"; diff "$T_TMP/cmp.a" "$T_TMP/cmp.b" | head -n 4; _bad=1; } ;;
		./run.json) grep -q '"complete":	true' "$2/$f" || { echo "not complete: $f"; _bad=1; } ;;
		*) cmp -s "$1/$f" "$2/$f" || { echo "differs: $f"; _bad=1; } ;;
		esac
	done
	results_of "$2" | while IFS= read -r f; do [ -f "$1/$f" ] || echo "# extra (not a failure): $f"; done
	return $_bad
}
t_same() { # t_same what REF DIR
	if same_results "$2" "$3" >"$T_TMP/same" 2>&1; then
		t_ok "$1"; grep '^# extra' "$T_TMP/same"
	else t_not_ok "$1" "$(head -n 20 "$T_TMP/same")"; fi
}

# --- GNU parallel: --joblog and --resume-failed --------------------------
if ! parallel --version 2>/dev/null | grep -q '^GNU parallel'; then
	t_not_ok "GNU parallel is not installed (scripts/deps.sh check installs it)"
else
	P=$T_TMP/par
	mkdir "$P"
	export P
	touch "$P/fail-1"
	job='echo {} >>"$P/ran"; test ! -e "$P/fail-{}"'
	$PARALLEL --joblog "$P/joblog" -j 2 "$job" ::: 0 1 2 >/dev/null 2>&1
	t_check "parallel: one failed job, exit 1" test $? = 1
	# joblog: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
	t_check "parallel --joblog: job 2 (argument 1) failed, the others succeeded" test \
		"$(awk 'NR > 1 { print $1 ":" $7 }' "$P/joblog" | sort | tr '\n' ' ')" = "1:0 2:1 3:0 "
	rm "$P/fail-1"
	$PARALLEL --resume-failed --joblog "$P/joblog" -j 2 "$job" ::: 0 1 2 >/dev/null 2>&1
	t_check "parallel --resume-failed: exit 0" test $? = 0
	t_check "parallel --resume-failed: only the failed job ran again" test \
		"$(sort "$P/ran" | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" = "0:1 1:2 2:1 "
	t_check "parallel --resume-failed: the joblog records its success" test \
		"$(awk 'NR > 1 && $1 == 2 { s = $7 } END { print s }' "$P/joblog")" = 0
fi

# --- a Slurm cluster -----------------------------------------------------
SLURM_UP=0
if [ "$(id -u)" != 0 ]; then
	t_skip "Slurm: a real cluster" "not root: slurmd must run as root to start jobs"
else
	missing=""
	for p in munged slurmctld slurmd sbatch sinfo scontrol squeue; do
		command -v $p >/dev/null 2>&1 || [ -x /usr/sbin/$p ] || missing="$missing $p"
	done
	case :$PATH: in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin; export PATH ;; esac
	if [ -n "$missing" ]; then
		t_not_ok "Slurm: not installed:$missing (scripts/deps.sh check installs munge and slurm-wlm)"
	else
		t=$(now)
		if slurm_start "$T_TMP/slurm" 2>"$T_TMP/slurm.err"; then
			SLURM_UP=1
			t_ok "Slurm: munged, slurmctld and slurmd up, node idle ($(since "$t") s)"
		else
			t_not_ok "Slurm: the cluster did not start" "$(tail -n 40 "$T_TMP/slurm.err")"
		fi
	fi
fi

# job_done ID: every job (or array task) of ID has ended (false too when
# squeue cannot say)
job_done() {
	_states=$(squeue -h -t all -j "$1" -o %T 2>/dev/null) && [ -n "$_states" ] &&
		! printf '%s\n' "$_states" | grep -Eq 'PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUE'
}
# wait_jobs ID...: up to 60 s for them
wait_jobs() { for j in "$@"; do slurm_wait_for 60 job_done "$j" || return 1; done; }
# states ID: "TASK:STATE" of every task, sorted
states() { squeue -h -t all -j "$1" -o '%K:%T' | sort -n | tr '\n' ' '; }

if [ $SLURM_UP = 1 ]; then
	S=$T_TMP/jobs
	mkdir "$S"
	t_check "Slurm: sinfo shows the partition, up, with its node idle" test \
		"$(sinfo -h -o '%P %a %t %D')" = "debug* up idle 1"
	# each task writes its SLURM_ARRAY_* variables; the afterok job counts
	# the files the tasks left
	arrays="0-3 1-7:2 3,5,9"
	ids=""
	for a in $arrays; do
		tag=$(printf '%s' "$a" | tr ',:' '_s')
		id=$(sbatch --parsable -o /dev/null --array="$a" \
			--wrap "env | grep '^SLURM_ARRAY_TASK_' | sort >'$S/$tag.'\$SLURM_ARRAY_TASK_ID")
		dep=$(sbatch --parsable -o /dev/null --dependency="afterok:$id" \
			--wrap "ls '$S' | grep -c '^$tag\\.[0-9]*\$' >'$S/$tag.after'")
		ids="$ids $id $dep"
		[ "$a" = 0-3 ] && first=$id
	done
	if wait_jobs $ids; then t_ok "Slurm: the arrays and their afterok jobs ended"
	else t_not_ok "Slurm: jobs still not done after 60 s" "$(squeue -t all 2>&1)"; fi
	t_check "Slurm --array=0-3: 4 tasks completed" test "$(states "$first")" = "0:COMPLETED 1:COMPLETED 2:COMPLETED 3:COMPLETED "
	t_check "Slurm afterok: ran after all 4 tasks had written their files" test "$(cat "$S/0-3.after" 2>/dev/null)" = 4
	t_check "Slurm afterok: after 1-7:2's 4 tasks too" test "$(cat "$S/1-7s2.after" 2>/dev/null)" = 4
	t_check "Slurm afterok: after 3,5,9's 3 tasks too" test "$(cat "$S/3_5_9.after" 2>/dev/null)" = 3
	# the variables of each task, as "ID MIN MAX STEP COUNT"
	seen() {
		for f in "$S/$1".[0-9]*; do
			[ -f "$f" ] || continue
			awk -F= '{ v[$1] = $2 } END { print v["SLURM_ARRAY_TASK_ID"], v["SLURM_ARRAY_TASK_MIN"],
				v["SLURM_ARRAY_TASK_MAX"], v["SLURM_ARRAY_TASK_STEP"], v["SLURM_ARRAY_TASK_COUNT"] }' "$f"
		done | sort -n | tr '\n' ';'
	}
	echo "# SLURM_ARRAY_TASK_ ID MIN MAX STEP COUNT, per task:"
	for a in $arrays; do echo "#   --array=$a: $(seen "$(printf '%s' "$a" | tr ',:' '_s')")"; done
	t_check "Slurm --array=0-3: ID, MIN 0, MAX 3, STEP 1, COUNT 4" test "$(seen 0-3)" = "0 0 3 1 4;1 0 3 1 4;2 0 3 1 4;3 0 3 1 4;"
	t_check "Slurm --array=1-7:2: ID 1,3,5,7, MIN 1, MAX 7, STEP 2, COUNT 4" test "$(seen 1-7s2)" = "1 1 7 2 4;3 1 7 2 4;5 1 7 2 4;7 1 7 2 4;"
	# a list has no step: Slurm says STEP 1, and (MAX - MIN) / STEP + 1 = 7
	# is not COUNT = 3, which is how --shard auto can tell it cannot map it
	t_check "Slurm --array=3,5,9: ID 3,5,9, MIN 3, MAX 9, STEP 1 (not 2), COUNT 3" test "$(seen 3_5_9)" = "3 3 9 1 3;5 3 9 1 3;9 3 9 1 3;"
fi

# --- bsweep: the unsharded reference -------------------------------------
t=$(now)
"$BSWEEP" -q -o "$T_TMP/ref" "$CFG" 2>"$T_TMP/ref.err"
t_check "the unsharded sweep of $CFG" test $? = 0
t_ref1=$(since "$t")
t=$(now)
"$BSWEEP" -q -j 2 -o "$T_TMP/ref2" "$CFG" 2>/dev/null
t_ref2=$(since "$t")
t_same "the unsharded sweep, -j 2, equals -j 1's (the comparison itself works)" "$T_TMP/ref" "$T_TMP/ref2"

# --- bsweep on GNU parallel: README's recipe ---------------------------
D=$T_TMP/p3
t=$(now)
$PARALLEL --joblog "$D.joblog" -j 2 "$BSWEEP" --shard {}/3 --resume -q -o "$D" "$CFG" ::: 0 1 2 >"$T_TMP/p3.out" 2>&1
if [ $? = 0 ]; then t_ok "parallel: 3 shards with -j 2, exit 0"
else t_not_ok "parallel: 3 shards with -j 2, exit 0" "$(head -n 10 "$T_TMP/p3.out")"; fi
t_run "$BSWEEP" merge "$D"
t_expect_rc "parallel: bsweep merge" 0
t_p3=$(since "$t")
t_same "parallel: 3 shards merged equal the unsharded sweep" "$T_TMP/ref" "$D"
echo "# the default sweep: unsharded ${t_ref1} s (-j 1), ${t_ref2} s (-j 2); 3 shards on parallel -j 2 and merge ${t_p3} s"

# one shard killed (SIGKILL part-way, as by a node failure or the OOM
# killer), then --resume-failed with the same command line
cat >"$T_TMP/shard.sh" <<'EOF'
# shard.sh K N DIR CONFIG: bsweep --shard K/N --resume -q -o DIR CONFIG;
# while DIR.kill-K exists, the shard is killed 0.05 s after its start.
# Counts its starts in DIR.starts.
k=$1 n=$2 dir=$3 config=$4
echo "$k" >>"$dir.starts"
if [ -e "$dir.kill-$k" ]; then
	"$BSWEEP" --shard "$k/$n" --resume -q -o "$dir" "$config" &
	sleep 0.05
	kill -KILL $! 2>/dev/null
	wait
	kill -KILL $$
fi
exec "$BSWEEP" --shard "$k/$n" --resume -q -o "$dir" "$config"
EOF
export BSWEEP
D=$T_TMP/pk
touch "$D.kill-1"
$PARALLEL --joblog "$D.joblog" -j 2 sh "$T_TMP/shard.sh" {} 3 "$D" "$CFG" ::: 0 1 2 >"$T_TMP/pk.out" 2>&1
t_check "parallel: a killed shard makes parallel fail" test $? != 0
# (signal 9, or exit 137 when a shell between parallel and the shard saw it)
if [ "$(awk 'NR > 1 && $1 == 2 { print ($8 == 9 || $7 == 137) }' "$D.joblog")" = 1 ]; then
	t_ok "parallel --joblog: the killed shard's SIGKILL"
else
	t_not_ok "parallel --joblog: the killed shard's SIGKILL" "$(cat "$D.joblog")"
fi
rm "$D.kill-1"
$PARALLEL --resume-failed --joblog "$D.joblog" -j 2 sh "$T_TMP/shard.sh" {} 3 "$D" "$CFG" ::: 0 1 2 >>"$T_TMP/pk.out" 2>&1
t_check "parallel --resume-failed: exit 0" test $? = 0
t_check "parallel --resume-failed: only the killed shard ran again" test \
	"$(sort "$D.starts" | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" = "0:1 1:2 2:1 "
t_run "$BSWEEP" merge "$D"
t_expect_rc "parallel, killed and resumed: bsweep merge" 0
t_same "parallel, killed and resumed: merged equal the unsharded sweep" "$T_TMP/ref" "$D"

# --- bsweep on Slurm: scripts/slurm-sweep.sh -----------------------------
if [ $SLURM_UP = 1 ]; then
	D="$T_TMP/slurm results"     # a space: the paths travel as arguments
	L="$T_TMP/slurm logs"
	t=$(now)
	t_run sh scripts/slurm-sweep.sh --bsweep "$BSWEEP" --shards 4 -o "$D" --logs "$L" --wait --poll 0.2 "$CFG"
	t_slurm=$(since "$t")
	t_expect_rc "slurm-sweep.sh: 4 shards, --wait" 0
	t_check "slurm-sweep.sh: prints the array's and the merge's job ids" \
		grep -Eq '^array [0-9]+$' "$T_OUT"
	t_check "slurm-sweep.sh: ... and the merge's" grep -Eq '^merge [0-9]+$' "$T_OUT"
	array=$(sed -n 's/^array //p' "$T_OUT")
	[ -n "$array" ] && t_check "slurm-sweep.sh: the 4 tasks completed" test \
		"$(states "$array")" = "0:COMPLETED 1:COMPLETED 2:COMPLETED 3:COMPLETED "
	t_same "slurm-sweep.sh: 4 shards merged equal the unsharded sweep" "$T_TMP/ref" "$D"
	if command -v gnuplot >/dev/null 2>&1; then
		t_check "slurm-sweep.sh: the merge job drew the figures" is_png "$D/curves.png"
	else
		t_skip "slurm-sweep.sh: the figures" "no gnuplot"
	fi
	echo "# the default sweep in 4 shards on Slurm, merged and drawn: ${t_slurm} s"

	# a task that fails: the merge job is cancelled, --wait names the task
	cat >"$T_TMP/failing" <<'EOF'
#!/bin/sh
# bsweep, but the array's task 2 fails (as a task with a bad node would)
[ "${SLURM_ARRAY_TASK_ID:-}" = 2 ] && { echo "task 2 fails on purpose" >&2; exit 1; }
exec "$BSWEEP" "$@"
EOF
	chmod +x "$T_TMP/failing"
	D=$T_TMP/sfail
	t_run sh scripts/slurm-sweep.sh --bsweep "$T_TMP/failing" --no-plots --shards 4 -o "$D" --logs "$L" --wait --poll 0.2 "$CFG"
	t_expect_rc "slurm-sweep.sh: a failed task, --wait" 1
	t_expect_grep "slurm-sweep.sh: says the merge was cancelled" "$T_ERR" "a shard failed, so the merge job [0-9]* was cancelled"
	t_expect_grep "slurm-sweep.sh: names the failed task and its log" "$T_ERR" "task 2: FAILED, exit code 1:0, log $L/bsweep-sfail-[0-9]*_2.out"
	t_check "slurm-sweep.sh: no merged files after a failed task" test ! -e "$D/summary.csv"
	# a merge that fails: --wait exits with its status and shows its log
	cat >"$T_TMP/badmerge" <<'EOF'
#!/bin/sh
# bsweep, but merge fails with status 3
[ "$1" = merge ] && { echo "merge fails on purpose" >&2; exit 3; }
exec "$BSWEEP" "$@"
EOF
	chmod +x "$T_TMP/badmerge"
	t_run sh scripts/slurm-sweep.sh --bsweep "$T_TMP/badmerge" --no-plots --shards 2 -o "$T_TMP/sbad" --logs "$L" --wait --poll 0.2 "$CFG"
	t_expect_rc "slurm-sweep.sh: a failed merge, --wait exits with its status" 3
	t_expect_grep "slurm-sweep.sh: says so, with the merge's log" "$T_ERR" \
		"merge job [0-9]* ended FAILED (exit code 3:0); its log: $L/bsweep-sbad-merge-[0-9]*.out"
	t_check "slurm-sweep.sh: ... which holds the merge's message" \
		grep -q "merge fails on purpose" "$(sed -n 's/.*its log: //p' "$T_ERR")"

	# refusals before anything is submitted
	before=$(squeue -h -t all -o %i | wc -l)
	t_run sh scripts/slurm-sweep.sh --bsweep "$BSWEEP" --shards 0 "$CFG"
	t_expect_rc "slurm-sweep.sh --shards 0" 2
	t_expect_grep "slurm-sweep.sh --shards 0: message" "$T_ERR" "^slurm-sweep.sh: --shards must be an integer from 1 to 100000, got '0'"
	printf '{"name": "bad", "sweep": {"batch_sizes": [0]}}' >"$T_TMP/bad.json"
	t_run sh scripts/slurm-sweep.sh --bsweep "$BSWEEP" "$T_TMP/bad.json"
	t_expect_rc "slurm-sweep.sh: a bad config" 2
	t_expect_grep "slurm-sweep.sh: a bad config: bsweep's message" "$T_ERR" "batch_sizes\\[0\\]"
	t_check "slurm-sweep.sh: nothing submitted for them" test "$(squeue -h -t all -o %i | wc -l)" = "$before"

	t_run sh scripts/slurm-sweep.sh --bsweep "$BSWEEP" --resume --no-plots --shards 4 -o "$D" --logs "$L" --wait --poll 0.2 "$CFG"
	t_expect_rc "slurm-sweep.sh --resume: resubmitted" 0
	t_same "slurm-sweep.sh --resume: merged equal the unsharded sweep" "$T_TMP/ref" "$D"
fi

# --- every daemon stopped, by PID ----------------------------------------
if [ $SLURM_UP = 1 ]; then
	pids=$(slurm_pids | tr '\n' ' ')
	t=$(now)
	slurm_stop
	t_ok "Slurm: stopped ($(since "$t") s)"
	left=""
	for p in $pids; do slurm_alive "$p" && left="$left $p"; done
	t_check "Slurm: munged, slurmctld and slurmd ($pids) are gone" test -z "$left"
	# nothing else that runs on this cluster's files (slurmscriptd, a
	# slurmstepd of a job)
	# (the pattern from a file, or grep would find itself)
	printf '%s\n' "$T_TMP/slurm" >"$T_TMP/pattern"
	others=$(grep -l -s -F -f "$T_TMP/pattern" /proc/[0-9]*/cmdline | sed 's|/proc/\([0-9]*\)/cmdline|\1|' |
		while read -r p; do slurm_alive "$p" && [ "$p" != $$ ] && echo "$p"; done)
	t_check "Slurm: no other process runs on the cluster's directory" test -z "$others"
fi
echo "# tests/cluster.sh took $(since "$T0") s"
t_done
