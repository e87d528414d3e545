#!/bin/sh
# scripts/slurm-sweep.sh: run a bsweep sweep on a Slurm cluster.  Submits
# one job array with a task per shard (each task `bsweep --shard auto -q -o
# DIR CONFIG`, K and N taken from the array variables) and a job that waits
# for all of them (afterok) to run `bsweep merge DIR` and draw the figures
# (scripts/plots.sh, when the node has gnuplot).  DIR must be on a
# filesystem every node sees.  It does not pick partitions, accounts or
# time limits: pass those to sbatch after `--`.
#
# The same file is the jobs' script: sbatch stores a copy of it with the
# arguments (the paths, as argv: any byte but NUL works in them), and the
# tasks run it with a first argument --task-shard or --task-merge.
#
# Exit status: 0 submitted (with --wait: the merge job succeeded), 1 a
# submission or a job failed, 2 usage or config error (nothing submitted).
set -u

usage() {
	cat <<'EOF'
Usage: scripts/slurm-sweep.sh [OPTIONS] CONFIG.json [-- SBATCH_OPTIONS...]

Submit a bsweep sweep to Slurm: a job array with one task per shard, and a
job that merges the shards (bsweep merge) and draws the figures once every
task has succeeded.  Prints "array JOBID" and "merge JOBID" on stdout.

Options:
      --shards N        array tasks, one shard of the runs each (default 4)
  -m, --max-running M   at most M tasks at once (sbatch --array=0-(N-1)%M)
  -o, --out DIR         results directory, on a filesystem every node sees
                        (default bsweep's: results/<name>/ here)
  -j, --jobs J          bsweep -j J in each task, with --cpus-per-task=J
  -l, --logs LOGDIR     the jobs' logs: LOGDIR/bsweep-NAME-ARRAYID_TASK.out
                        for the shards, LOGDIR/bsweep-NAME-merge-JOBID.out
                        for the merge (NAME: the last part of DIR)
                        (default Slurm's: slurm-*.out here)
  -b, --bsweep PATH     the bsweep program (default $BSWEEP, else the
                        ./bsweep of this checkout, else bsweep on PATH)
      --resume          the shards keep runs already in DIR and train only
                        the rest (resubmitting after a failed task)
      --no-plots        merge only, no figures
  -w, --wait            wait for the merge job and exit with its status
      --poll SECONDS    how often --wait asks Slurm (default 10)
  -h, --help            print this help and exit

Everything after -- goes to both sbatch calls (partition, account, time
limit, mail...).
EOF
}

die() { echo "slurm-sweep.sh: $1" >&2; exit "${2:-1}"; }
usage_error() {
	echo "slurm-sweep.sh: $1" >&2
	echo "Try 'scripts/slurm-sweep.sh --help'." >&2
	exit 2
}

# --- inside a job: the spooled copy of this script, run by Slurm ---------
case ${1:-} in
--task-shard) # --task-shard BSWEEP DIR CONFIG RESUME JOBS
	bsweep=$2 dir=$3 config=$4 resume=$5 jobs=$6
	echo "slurm-sweep.sh: task ${SLURM_ARRAY_TASK_ID:-?} of array ${SLURM_ARRAY_JOB_ID:-?} on $(hostname)" >&2
	if [ "$resume" = 1 ]; then
		exec "$bsweep" --shard auto --resume -q -j "$jobs" -o "$dir" "$config"
	fi
	exec "$bsweep" --shard auto -q -j "$jobs" -o "$dir" "$config"
	;;
--task-merge) # --task-merge BSWEEP DIR PLOTS_SCRIPT|""
	bsweep=$2 dir=$3 plots=$4
	"$bsweep" merge "$dir" || exit
	[ -n "$plots" ] || exit 0
	if ! command -v gnuplot >/dev/null 2>&1; then
		echo "slurm-sweep.sh: merged; no gnuplot on $(hostname), so no figures (make plots RESULTS=DIR draws them)" >&2
		exit 0
	fi
	sh "$plots" "$dir" || die "merged, but the figures failed (see above)"
	exit 0
	;;
esac

# --- on the submitting host ----------------------------------------------
shards=4 max_running="" out="" logs="" jobs=1 bsweep=${BSWEEP:-} resume=0 plots=1 wait=0 poll=10
need_arg() { [ $# -ge 2 ] || usage_error "$1 needs an argument"; }
is_count() { case $1 in ''|*[!0-9]*) return 1 ;; esac; [ "$1" -ge 1 ] 2>/dev/null && [ "$1" -le 100000 ]; }
config=""
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--shards) need_arg "$@"; shards=$2; shift 2 ;;
	--shards=*) shards=${1#*=}; shift ;;
	-m|--max-running) need_arg "$@"; max_running=$2; shift 2 ;;
	--max-running=*) max_running=${1#*=}; shift ;;
	-o|--out) need_arg "$@"; out=$2; shift 2 ;;
	--out=*) out=${1#*=}; shift ;;
	-j|--jobs) need_arg "$@"; jobs=$2; shift 2 ;;
	--jobs=*) jobs=${1#*=}; shift ;;
	-l|--logs) need_arg "$@"; logs=$2; shift 2 ;;
	--logs=*) logs=${1#*=}; shift ;;
	-b|--bsweep) need_arg "$@"; bsweep=$2; shift 2 ;;
	--bsweep=*) bsweep=${1#*=}; shift ;;
	--resume) resume=1; shift ;;
	--no-plots) plots=0; shift ;;
	-w|--wait) wait=1; shift ;;
	--poll) need_arg "$@"; poll=$2; shift 2 ;;
	--poll=*) poll=${1#*=}; shift ;;
	--) shift; break ;;
	-*) usage_error "unknown option '$1'" ;;
	*) [ -z "$config" ] || usage_error "one CONFIG.json only (sbatch options go after --)"
	   config=$1; shift ;;
	esac
done
# what is left in "$@" is for sbatch
[ -n "$config" ] || usage_error "no CONFIG.json given"
is_count "$shards" || usage_error "--shards must be an integer from 1 to 100000, got '$shards'"
[ -z "$max_running" ] || is_count "$max_running" ||
	usage_error "--max-running must be an integer from 1 to 100000, got '$max_running'"
is_count "$jobs" && [ "$jobs" -le 256 ] || usage_error "--jobs must be an integer from 1 to 256, got '$jobs'"
# 010 is ten, not octal eight, in $((...)) below
shards=$(printf '%s' "$shards" | sed 's/^0*//') jobs=$(printf '%s' "$jobs" | sed 's/^0*//')
[ -z "$max_running" ] || max_running=$(printf '%s' "$max_running" | sed 's/^0*//')
case $poll in ''|*[!0-9.]*|*.*.*|.) usage_error "--poll must be a number of seconds, got '$poll'" ;; esac

here=$(cd "$(dirname "$0")" && pwd) || die "cannot find the directory of $0"
if [ -z "$bsweep" ]; then
	if [ -x "$here/../bsweep" ]; then bsweep=$here/../bsweep
	else bsweep=$(command -v bsweep) || die "no bsweep: build it (make), or give --bsweep PATH or \$BSWEEP" 2
	fi
fi
# the jobs may start in another directory (sbatch --chdir): absolute paths
absolute() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
case $bsweep in */*) bsweep=$(absolute "$bsweep") ;; *) bsweep=$(command -v "$bsweep") || die "no program '$bsweep' on PATH" 2 ;; esac
[ -x "$bsweep" ] || die "$bsweep: not an executable program" 2
[ -f "$config" ] || die "$config: no such file" 2
config=$(absolute "$config")
command -v sbatch >/dev/null 2>&1 || die "no sbatch on PATH: is this a Slurm login node?" 2

# bsweep checks the config (and the directory's name) before anything is
# submitted, and says where the results go when -o is not given
if [ -n "$out" ]; then
	"$bsweep" --dry-run -o "$out" "$config" >/dev/null || exit 2
else
	plan=$("$bsweep" --dry-run "$config") || exit 2
	out=$(printf '%s\n' "$plan" | sed -n 's/^output: //p')
	[ -n "$out" ] || die "bsweep --dry-run did not say where the results go; give -o DIR" 2
fi
out=$(absolute "$out")
plots_script=""
[ "$plots" = 1 ] && plots_script=$here/plots.sh
name=$(basename "$out")
array_log="" merge_log=""
if [ -n "$logs" ]; then
	mkdir -p "$logs" || die "cannot create the log directory $logs"
	logs=$(absolute "$logs")
	# sbatch expands %x (job name), %A (array job), %a (task), %j (job);
	# a literal % in the directory's name is written %%
	esc=$(printf '%s' "$logs" | sed 's/%/%%/g')
	array_log=--output=$esc/%x-%A_%a.out
	merge_log=--output=$esc/%x-%j.out
fi

array=0-$((shards - 1))
[ -z "$max_running" ] || array=$array%$max_running
# --parsable prints "JOBID" or "JOBID;CLUSTER"
array_id=$(sbatch --parsable --job-name="bsweep-$name" --array="$array" \
	--cpus-per-task="$jobs" ${array_log:+"$array_log"} "$@" \
	"$here/slurm-sweep.sh" --task-shard "$bsweep" "$out" "$config" "$resume" "$jobs") ||
	die "sbatch refused the array (see above)"
array_id=${array_id%%;*}
echo "array $array_id"
# --kill-on-invalid-dep: when a task fails the merge job is cancelled,
# instead of waiting forever for a dependency that can no longer be met
merge_id=$(sbatch --parsable --job-name="bsweep-$name-merge" \
	--dependency="afterok:$array_id" --kill-on-invalid-dep=yes ${merge_log:+"$merge_log"} "$@" \
	"$here/slurm-sweep.sh" --task-merge "$bsweep" "$out" "$plots_script") || {
	echo "slurm-sweep.sh: sbatch refused the merge job; the array $array_id runs;" >&2
	echo "  merge by hand when it is done: $bsweep merge '$out'" >&2
	exit 1
}
merge_id=${merge_id%%;*}
echo "merge $merge_id"
echo "slurm-sweep.sh: $shards shards of $config into $out" >&2
[ "$wait" = 1 ] || exit 0

# --- --wait: poll the merge job until it ends ----------------------------
# field NAME LINE: a value of `scontrol -o show job`'s KEY=VALUE line; it
# runs to the next " Key=", so a path with spaces stays whole
field() { printf ' %s\n' "$2" | sed -n "s/.* $1=//p" | sed 's/ [A-Z][A-Za-z]*=.*//'; }
while :; do
	info=$(scontrol -o show job "$merge_id" 2>&1) ||
		die "scontrol cannot see the merge job $merge_id any more: $info"
	state=$(field JobState "$info")
	case $state in
	PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUED|REQUEUE_HOLD|REQUEUE_FED|RESIZING|SIGNALING|STAGE_OUT) ;;
	*) break ;;
	esac
	sleep "$poll"
done
if [ "$state" = COMPLETED ]; then
	echo "slurm-sweep.sh: merged into $out" >&2
	exit 0
fi
code=$(field ExitCode "$info")
# scontrol shows the log's name with %% as given to sbatch
log() { field StdOut "$1" | sed 's/%%/%/g'; }
if [ "$(field Reason "$info")" = DependencyNeverSatisfied ]; then
	echo "slurm-sweep.sh: a shard failed, so the merge job $merge_id was cancelled:" >&2
else
	echo "slurm-sweep.sh: merge job $merge_id ended $state (exit code ${code:-?}); its log: $(log "$info")" >&2
fi
# which tasks failed, with their logs
scontrol -o show job "$array_id" 2>/dev/null | while IFS= read -r line; do
	s=$(field JobState "$line")
	[ "$s" = COMPLETED ] && continue
	echo "  task $(field ArrayTaskId "$line"): $s, exit code $(field ExitCode "$line"), log $(log "$line")" >&2
done
echo "  resubmit with --resume: finished runs are kept" >&2
status=${code%%:*}
case $status in ''|0|*[!0-9]*) exit 1 ;; esac
exit "$status"
