#!/bin/sh
# tests/shard.sh BSWEEP: sweeps in shards (issue 13), checked from outside.
#   - shard arithmetic: the runs --dry-run --shard K/N lists, over K, are
#     every run once, for N = 1 ... runs + 2; a shard without runs
#     succeeds doing nothing;
#   - --shard refusals, exact messages;
#   - --shard auto from the environment, set by hand: Slurm arrays
#     (0-3; 1-7:2; the list 3,5,9, refused), Open MPI, PMI, none,
#     inconsistent values;
#   - 3 shards one after another, and at once, into one directory, then
#     bsweep merge: epochs.csv and summary.csv equal the unsharded sweep's
#     apart from the measurement columns (t_notime), with and without a
#     grid;
#   - merge refusals: a missing run, a file of a run the config does not
#     have, a record of another bsweep version, runs trained by two
#     splits; each names the runs and writes nothing;
#   - the lock: shards share it, a sweep, a forced shard and merge take it
#     alone, each refused while the other kind holds it (exact messages,
#     no file changed); a running shard holds it shared;
#   - a shard killed part-way: merge names the missing runs and writes
#     nothing; the shard --resumes; merge succeeds;
#   - several machines, simulated with unshare --uts (root only): the host
#     column, merge's warning, compare's;
#   - mpirun -np 3 bsweep --shard auto, when mpirun is installed.
set -u
BSWEEP=${1:-./bsweep}
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/plot_tiny.json       # 4 runs
GRID=tests/configs/plot_grid.json      # 12 runs

# the run indices of shard K/N by --dry-run, one a line
runs_of() { # runs_of CONFIG K/N
	"$BSWEEP" -n --shard "$2" "$1" | awk '/^shard /{on=1; next} on && $1 ~ /^[0-9]+$/ {print $1}'
}
# the values of column NAME of a CSV, one a line
col_of() { # col_of NAME CSV
	awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		{ print $c }' "$2"
}
n_runs() { "$BSWEEP" -n "$1" | sed -n 's/^runs: .* = \([0-9]*\) runs\{0,1\}.*/\1/p'; }

# ------------------------------------------------------------ arithmetic
for cfg in "$CFG" "$GRID"; do
	R=$(n_runs "$cfg")
	bad=""
	n=1
	while [ $n -le $((R + 2)) ]; do
		k=0
		: >"$T_TMP/all"
		while [ $k -lt $n ]; do
			runs_of "$cfg" "$k/$n" >>"$T_TMP/all" || bad="$bad $k/$n(failed)"
			k=$((k + 1))
		done
		if [ "$(sort -n "$T_TMP/all" | tr '\n' ' ')" != "$(seq 0 $((R - 1)) | tr '\n' ' ')" ]; then
			bad="$bad N=$n"
		fi
		n=$((n + 1))
	done
	if [ -z "$bad" ] && [ "$R" -gt 0 ]; then
		t_ok "$(basename "$cfg"): the shards' runs are every run once, N = 1 to $((R + 2))"
	else
		t_not_ok "$(basename "$cfg"): shards not a partition of the $R runs:$bad"
	fi
done
"$BSWEEP" -n --shard 1/3 "$CFG" >"$T_TMP/plan"
t_expect_grep "dry run: the shard's share of the cost" "$T_TMP/plan" '^shard 1/3: 1 of 4 runs, [0-9.]*% of the estimated cost'
# the most expensive runs (batch size 8: runs 0 and 1) go to different
# shards, and each takes one of batch size 64 (runs 2 and 3)
if [ "$(runs_of "$CFG" 0/2 | tr '\n' ' ')" = "0 2 " ] && [ "$(runs_of "$CFG" 1/2 | tr '\n' ' ')" = "1 3 " ]; then
	t_ok "2 shards: one batch-8 run and one batch-64 run each (balanced by cost)"
else
	t_not_ok "2 shards: unbalanced" "$(runs_of "$CFG" 0/2 | tr '\n' ' ') / $(runs_of "$CFG" 1/2 | tr '\n' ' ')"
fi
t_run "$BSWEEP" -q --shard 5/6 -o "$T_TMP/empty" "$CFG"
t_expect_rc "an empty shard (5/6 of 4 runs)" 0
if [ -z "$(find "$T_TMP/empty/runs" -name '*.csv' 2>/dev/null)" ] && [ ! -e "$T_TMP/empty/epochs.csv" ]; then
	t_ok "an empty shard writes no run file and no combined file"
else
	t_not_ok "an empty shard wrote files" "$(ls -R "$T_TMP/empty")"
fi

# ------------------------------------------------------------ refusals
HELP="Try 'bsweep --help' for more information."
refuse() { # refuse what message args...
	what=$1 msg=$2; shift 2
	t_run "$BSWEEP" "$@"
	t_expect_rc "$what" 2
	t_expect_err "$what" "bsweep: $msg
$HELP"
}
refuse "--shard 3/3" "option --shard: shard K of K/N must be below N (shards are numbered 0 to N-1), found '3/3'" --shard 3/3 "$CFG"
for v in 0/0 x 1/2/3 -1/2 1/ /2; do
	refuse "--shard $v" "option --shard: expected K/N with 0 <= K < N <= 100000, or auto, found '$v'" --shard "$v" "$CFG"
done
refuse "--shard with bsweep data" "option --shard applies to a sweep, not to 'bsweep data'" data --shard 0/2 "$CFG"

# ------------------------------------------------------------ --shard auto
auto() { # auto VAR=VALUE...: bsweep -n --shard auto in that environment only
	t_run env -i PATH="$PATH" "$@" "$BSWEEP" -n --shard auto "$CFG"
}
auto_is() { # auto_is what K/N source VAR=VALUE...
	what=$1 kn=$2 src=$3; shift 3
	auto "$@"
	t_expect_rc "auto: $what" 0
	t_expect_err "auto: $what" "bsweep: --shard auto: shard $kn, from the $src"
	t_expect_grep "auto: $what: the plan is shard $kn's" "$T_OUT" "^shard $kn: "
}
auto_is "Slurm --array=0-3, task 2" 2/4 "Slurm array task 2 of 0-3" \
	SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 \
	SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=4
auto_is "Slurm --array=1-7:2, task 5" 2/4 "Slurm array task 5 of 1-7:2" \
	SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=7 \
	SLURM_ARRAY_TASK_STEP=2 SLURM_ARRAY_TASK_COUNT=4
auto_is "Slurm --array=1-7:2, task 1" 0/4 "Slurm array task 1 of 1-7:2" \
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=7 \
	SLURM_ARRAY_TASK_STEP=2 SLURM_ARRAY_TASK_COUNT=4
auto_is "Slurm first (before Open MPI)" 1/2 "Slurm array task 1 of 0-1" \
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=1 \
	SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=2 OMPI_COMM_WORLD_RANK=0 OMPI_COMM_WORLD_SIZE=3
auto_is "Open MPI" 1/3 "Open MPI rank 1 of 3 (OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE)" \
	OMPI_COMM_WORLD_RANK=1 OMPI_COMM_WORLD_SIZE=3
auto_is "PMI" 0/2 "PMI rank 0 of 2 (PMI_RANK, PMI_SIZE)" PMI_RANK=0 PMI_SIZE=2
auto_refuses() { # auto_refuses what message VAR=VALUE...
	what=$1 msg=$2; shift 2
	auto "$@"
	t_expect_rc "auto: $what" 2
	t_expect_err "auto: $what" "bsweep: option --shard auto: $msg
$HELP"
}
auto_refuses "Slurm --array=3,5,9" "the Slurm array's indices are not a range with a constant step (SLURM_ARRAY_TASK_ID=5, _MIN=3, _MAX=9, _STEP=1, _COUNT=3: 3 to 9 by 1 would be 7 tasks), so this task's shard cannot be told from them
hint: submit a range such as --array=0-2 (or 1-N, or with a step, 1-7:2), or give --shard K/N yourself" \
	SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_MAX=9 \
	SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=3
auto_refuses "nothing in the environment" "no shard in the environment (none of SLURM_ARRAY_TASK_ID, OMPI_COMM_WORLD_RANK, PMI_RANK is set)
hint: run it as a Slurm array task (sbatch --array=0-N) or under mpirun, or give --shard K/N"
auto_refuses "Slurm without COUNT" "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: cannot tell this task's place in the array" \
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=1 SLURM_ARRAY_TASK_STEP=1
auto_refuses "Open MPI rank = size" "OMPI_COMM_WORLD_RANK=3 is not below OMPI_COMM_WORLD_SIZE=3" \
	OMPI_COMM_WORLD_RANK=3 OMPI_COMM_WORLD_SIZE=3
auto_refuses "PMI without a size" "PMI_RANK is set but PMI_SIZE is not" PMI_RANK=0
auto_refuses "a rank that is not a number" "OMPI_COMM_WORLD_RANK: expected an integer from 0 to 99999, found 'one'" \
	OMPI_COMM_WORLD_RANK=one OMPI_COMM_WORLD_SIZE=3

# ------------------------------------------------------------ shards, merge
same_as() { # same_as what DIR REF: combined files equal apart from measurements
	for f in epochs.csv summary.csv aggregate.csv; do
		if [ -f "$2/$f" ] && [ "$(t_notime "$2/$f")" = "$(t_notime "$3/$f")" ]; then
			t_ok "$1: $f equals the unsharded sweep's (measurement columns aside)"
		else
			t_not_ok "$1: $f differs from the unsharded sweep's" \
				"$(t_notime "$2/$f" 2>&1 | head -5)"
		fi
	done
}
for cfg in "$CFG" "$GRID"; do
	name=$(basename "$cfg" .json)
	"$BSWEEP" -q -o "$T_TMP/$name-one" "$cfg" || t_not_ok "$name: the unsharded sweep failed"
	for k in 0 1 2; do
		"$BSWEEP" -q --shard $k/3 -o "$T_TMP/$name-seq" "$cfg" 2>>"$T_TMP/seq.err" ||
			t_not_ok "$name: shard $k/3 failed" "$(cat "$T_TMP/seq.err")"
	done
	if [ -e "$T_TMP/$name-seq/epochs.csv" ]; then
		t_not_ok "$name: a shard wrote the combined epochs.csv"
	else
		t_ok "$name: the shards wrote no combined file"
	fi
	t_run "$BSWEEP" merge -q "$T_TMP/$name-seq"
	t_expect_rc "$name: merge of 3 shards run one after another" 0
	same_as "$name: 3 shards one after another" "$T_TMP/$name-seq" "$T_TMP/$name-one"
done
# at once, -j 2 in one of them
"$BSWEEP" -q --shard 0/3 -j 2 -o "$T_TMP/par" "$GRID" 2>"$T_TMP/p0" & p0=$!
"$BSWEEP" -q --shard 1/3 -o "$T_TMP/par" "$GRID" 2>"$T_TMP/p1" & p1=$!
"$BSWEEP" -q --shard 2/3 -o "$T_TMP/par" "$GRID" 2>"$T_TMP/p2" & p2=$!
ok=1
wait $p0 || ok=0
wait $p1 || ok=0
wait $p2 || ok=0
if [ $ok = 1 ]; then t_ok "3 shards at once into one new directory: all succeed"
else t_not_ok "3 shards at once: one failed" "$(cat "$T_TMP/p0" "$T_TMP/p1" "$T_TMP/p2")"; fi
t_run "$BSWEEP" merge -q "$T_TMP/par"
t_expect_rc "merge of 3 shards run at once" 0
same_as "3 shards at once" "$T_TMP/par" "$T_TMP/plot_grid-one"
if [ "$(col_of shard "$T_TMP/par/summary.csv" | sort -u | tr '\n' ' ')" = "0/3 1/3 2/3 " ]; then
	t_ok "summary.csv says which shard ran each run"
else
	t_not_ok "summary.csv's shard column" "$(col_of shard "$T_TMP/par/summary.csv")"
fi
t_expect_grep "run.json records the machines" "$T_TMP/par/run.json" '"machines":'
# the shard column is empty without --shard
if [ "$(col_of shard "$T_TMP/plot_tiny-one/summary.csv" | sort -u)" = "" ]; then
	t_ok "an unsharded sweep's shard column is empty"
else
	t_not_ok "an unsharded sweep's shard column is not empty"
fi

# mpirun: --shard auto from Open MPI's variables, no MPI library linked
if command -v mpirun >/dev/null 2>&1; then
	t_run mpirun --allow-run-as-root --oversubscribe -np 3 "$BSWEEP" -q --shard auto \
		-o "$T_TMP/mpi" "$GRID"
	t_expect_rc "mpirun -np 3 bsweep --shard auto" 0
	t_run "$BSWEEP" merge -q "$T_TMP/mpi"
	t_expect_rc "merge of the mpirun shards" 0
	same_as "mpirun -np 3" "$T_TMP/mpi" "$T_TMP/plot_grid-one"
else
	t_skip "mpirun -np 3 bsweep --shard auto" "no mpirun here (Open MPI's variables are tested by hand above)"
fi

# a shard of another config is refused, as a sweep is
t_run "$BSWEEP" -q --shard 1/3 -o "$T_TMP/plot_tiny-seq" "$GRID"
t_expect_rc "a shard into a directory of another config" 2
t_expect_grep "a shard names the other config's difference" "$T_ERR" \
	"holds the results of another sweep (.*config.train.optimizer is adam there, sgd in this one[;)].*; nothing was written"

# ------------------------------------------------------------ merge refusals
fresh() { # fresh DIR: the 3 shards of CFG into DIR, not merged
	rm -rf "$1"
	for k in 0 1 2; do "$BSWEEP" -q --shard $k/3 -o "$1" "$CFG"; done
}
nothing_written() { # nothing_written what DIR
	if [ ! -e "$2/epochs.csv" ] && [ ! -e "$2/summary.csv" ] && grep -q '"complete":	false' "$2/run.json"; then
		t_ok "$1: nothing written"
	else
		t_not_ok "$1: merge wrote files" "$(ls "$2")"
	fi
}
D=$T_TMP/refuse
fresh "$D"
rm "$D"/runs/b8_s1.* "$D"/runs/b64_s0.*
t_run "$BSWEEP" merge "$D"
t_expect_rc "merge with 2 runs missing" 1
t_expect_err "merge with 2 runs missing" "bsweep merge: $D: 2 runs missing: b8_s1, b64_s0
bsweep merge: $D: nothing written
hint: run the shards that own them again with --resume (bsweep --shard K/N --resume -o DIR CONFIG; bsweep --dry-run --shard K/N CONFIG lists a shard's runs), then merge again"
nothing_written "merge with runs missing" "$D"

fresh "$D"
cp "$D/runs/b8_s0.summary.csv" "$D/runs/b16_s0.summary.csv"
t_run "$BSWEEP" merge "$D"
t_expect_rc "merge with a file of a run the config does not have" 1
t_expect_err "merge with a file of a run the config does not have" "bsweep merge: $D: 1 file of a run the config does not have: runs/b16_s0.summary.csv
bsweep merge: $D: nothing written
hint: move those files away (they are not runs of run.json's config)"
nothing_written "merge with a stray run file" "$D"

fresh "$D"
sed 's/"bsweep_version":	"[^"]*"/"bsweep_version":	"0.0.9"/' "$D/runs/shard-1-of-3.json" >"$T_TMP/rec"
cp "$T_TMP/rec" "$D/runs/shard-1-of-3.json"
t_run "$BSWEEP" merge "$D"
t_expect_rc "merge with a shard of another bsweep version" 2
t_expect_grep "merge names the record of another version" "$T_ERR" "^bsweep: $D/runs/shard-1-of-3.json: written by bsweep 0.0.9, this is bsweep "
nothing_written "merge with another version's shard" "$D"

fresh "$D"
"$BSWEEP" -q --shard 0/2 -o "$D" "$CFG"
t_run "$BSWEEP" merge "$D"
t_expect_rc "merge of a directory holding two splits" 1
t_expect_grep "merge names the runs trained by two shards" "$T_ERR" "runs trained by two shards: b8_s0 (shard-0-of-"
nothing_written "merge with runs trained twice" "$D"

t_run "$BSWEEP" merge
t_expect_rc "merge without a directory" 2
t_expect_err "merge without a directory" "bsweep: merge: expected a results directory
Try 'bsweep merge --help' for more information."
t_run "$BSWEEP" merge "$T_TMP/nothing"
t_expect_rc "merge of a missing directory" 2

# ------------------------------------------------------------ the lock
# The shards of a sweep share DIR/.lock, a sweep, analyze and merge take
# it alone: each refused while the other kind holds it, the lock held
# here by flock(1) as they hold it; then a live shard's, stopped.
held() { # held -s|-x DIR CMD...: CMD while flock(1) holds DIR/.lock so
	hm=$1 hd=$2; shift 2
	flock "$hm" "$hd/.lock" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$? T_OUT=$T_TMP/out T_ERR=$T_TMP/err
}
busy() { # busy WHAT DIR [HINT]: exit 1, the lock's message
	t_expect_rc "$1" 1
	t_expect_err "$1" "bsweep: $2: another bsweep is writing results there (the directory is locked)
${3:-hint: wait for it to finish, or choose another directory with -o}"
}
L=$T_TMP/lock
t_run "$BSWEEP" -q --shard 0/2 -o "$L" "$CFG"
t_expect_rc "the lock: shard 0/2" 0
sums() { (cd "$L" && find . -type f ! -name .lock | LC_ALL=C sort | xargs cksum); }
sums >"$T_TMP/sums0"
held -s "$L" "$BSWEEP" -q -o "$L" "$CFG"
busy "a sweep while a shard runs" "$L"
held -s "$L" "$BSWEEP" -q -f -o "$L" "$GRID"
busy "a sweep --force while a shard runs" "$L"
held -s "$L" "$BSWEEP" -q -f --shard 0/2 -o "$L" "$GRID"
busy "a shard --force of another config while a shard runs" "$L"
held -s "$L" "$BSWEEP" merge -q "$L"
busy "merge while a shard runs" "$L" "hint: merge once the sweep or its shards are done"
if sums | cmp -s - "$T_TMP/sums0"; then t_ok "the lock: the refused commands changed no file"
else t_not_ok "the lock: a refused command changed files" "$(sums | diff "$T_TMP/sums0" -)"; fi
held -x "$L" "$BSWEEP" -q --shard 1/2 -o "$L" "$CFG"
busy "a shard while a sweep runs (after 10 s)" "$L" \
	"hint: it was held alone for 10 s (a sweep, not another shard's claim): wait for it to finish, or choose another directory with -o"
held -s "$L" "$BSWEEP" -q --shard 1/2 -o "$L" "$CFG"
t_expect_rc "a shard while another shard runs" 0
t_run "$BSWEEP" merge -q "$L"
t_expect_rc "merge once the shards are done" 0
# shards of one experiment measured otherwise (-r) and named otherwise
# (--set name=): merged, with the timing said
rm -rf "$T_TMP/exp"
"$BSWEEP" -q --shard 0/2 -r 3 -o "$T_TMP/exp" "$CFG"
"$BSWEEP" -q --shard 1/2 --set name=renamed -o "$T_TMP/exp" "$CFG"
t_run "$BSWEEP" merge -q "$T_TMP/exp"
t_expect_rc "merge of shards differing in timing and name only" 0
t_expect_grep "merge of shards differing in timing: said" "$T_ERR" \
	"^bsweep: warning: 2 of 4 runs were timed with other repeats or warm-ups than this sweep's"
# shards of two configs started at the same moment: the first to claim
# the directory gets in, the other is refused (exit 2), 10 times
sed 's/"n_samples": 120/"n_samples": 121/' "$CFG" >"$T_TMP/other.json"
mixed=""
k=0
while [ $k -lt 10 ]; do
	rm -rf "$T_TMP/two"
	"$BSWEEP" -q --shard 0/2 -o "$T_TMP/two" "$CFG" 2>/dev/null & p1=$!
	"$BSWEEP" -q --shard 1/2 -o "$T_TMP/two" "$T_TMP/other.json" 2>/dev/null & p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	case "$r1$r2" in 02 | 20) ;; *) mixed="$mixed $k:$r1$r2" ;; esac
	k=$((k + 1))
done
if [ -z "$mixed" ]; then t_ok "shards of two configs at once: one gets in, the other exits 2 (10 tries)"
else t_not_ok "shards of two configs at once: exit codes (try:codes)$mixed"; fi
# a live shard holds the lock shared: stopped once its record is written
"$BSWEEP" -q --shard 0/2 --set train.epochs=100000 -o "$T_TMP/live" "$CFG" 2>/dev/null & pid=$!
i=0
while [ ! -e "$T_TMP/live/runs/shard-0-of-2.json" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
kill -STOP $pid
if flock -n -s "$T_TMP/live/.lock" true && ! flock -n -x "$T_TMP/live/.lock" true; then
	t_ok "a running shard holds the lock, shared"
else
	t_not_ok "a running shard does not hold the lock shared" "$(cat /proc/locks)"
fi
kill -CONT $pid
kill -TERM $pid
wait $pid

# ------------------------------------------------------------ a shard killed
cat >"$T_TMP/slow.json" <<'JSON'
{"name": "slow", "data": {"n_samples": 1200, "n_train": 1000}, "train": {"epochs": 20},
 "sweep": {"batch_sizes": [2, 4, 8], "seeds": [0, 1, 2]}}
JSON
K=$T_TMP/killed
"$BSWEEP" -q -r 20 --shard 1/2 -o "$K" "$T_TMP/slow.json"
"$BSWEEP" -q -r 20 --shard 0/2 -o "$K" "$T_TMP/slow.json" 2>/dev/null & pid=$!
i=0
while [ -z "$(find "$K/runs" -name 'b*.summary.csv' -newer "$K/runs/shard-1-of-2.json" 2>/dev/null)" ] &&
      [ $i -lt 600 ]; do sleep 0.02; i=$((i + 1)); done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
shard0=$(runs_of "$T_TMP/slow.json" 0/2 | wc -l)
t_run "$BSWEEP" merge "$K"
if [ "$T_RC" = 0 ]; then
	t_skip "merge after a killed shard" "the shard finished its $shard0 runs before the kill"
else
	t_expect_rc "merge after a shard was killed" 1
	t_expect_grep "merge names the killed shard's missing runs" "$T_ERR" "^bsweep merge: $K: [0-9]* runs\{0,1\} missing: b"
	nothing_written "merge after a killed shard" "$K"
	t_run "$BSWEEP" -q -r 20 --resume --shard 0/2 -o "$K" "$T_TMP/slow.json"
	t_expect_rc "the killed shard --resumes" 0
	# what a shard killed while writing a file leaves
	: >"$K/runs/.b2_s0.summary.csv.tmp-AbC123"
	t_run "$BSWEEP" merge -q "$K"
	t_expect_rc "merge after the resumed shard" 0
	if [ -e "$K/runs/.b2_s0.summary.csv.tmp-AbC123" ]; then
		t_not_ok "merge leaves a killed shard's temporary file"
	else
		t_ok "merge removes a killed shard's temporary file"
	fi
	if [ "$(wc -l <"$K/summary.csv")" = 10 ]; then t_ok "the merged summary.csv has the 9 runs"
	else t_not_ok "the merged summary.csv lacks runs" "$(cat "$K/summary.csv")"; fi
fi

# ------------------------------------------------------------ several machines
if [ "$(id -u)" != 0 ] || ! unshare --uts true 2>/dev/null; then
	t_skip "several machines (unshare --uts)" "needs root and unshare --uts"
else
	M=$T_TMP/machines
	unshare --uts sh -c 'hostname fakehost1 && exec "$0" -q --shard 0/2 -o "$1" "$2"' "$BSWEEP" "$M" "$CFG"
	unshare --uts sh -c 'hostname fakehost2 && exec "$0" -q --shard 1/2 -o "$1" "$2"' "$BSWEEP" "$M" "$CFG"
	t_run "$BSWEEP" merge -q "$M"
	t_expect_rc "merge of shards from two hosts" 0
	t_expect_grep "merge warns of timings from two machines" "$T_ERR" \
		"^bsweep: warning: timings from 2 machines: fakehost1 (m[0-9a-f]*), fakehost2 (m[0-9a-f]*); "
	if [ "$(col_of host "$M/summary.csv" | sort -u | tr '\n' ' ')" = "fakehost1 fakehost2 " ]; then
		t_ok "summary.csv's host column names both hosts"
	else
		t_not_ok "summary.csv's host column" "$(cat "$M/summary.csv")"
	fi
	t_expect_grep "run.json lists both machines" "$M/run.json" "fakehost2 (m"
	t_expect_grep "the merged run.json's machine is a shard's (the first record's), not the merging host's" \
		"$M/run.json" '"host":	"fakehost1"'
	same_as "shards on two hosts" "$M" "$T_TMP/plot_tiny-one"
	t_run "$BSWEEP" compare "$T_TMP/plot_tiny-one" "$M"
	t_expect_grep "compare says a directory's timings come from several machines" "$T_ERR" \
		"$M: its runs ran on 2 machines"
fi

t_done
