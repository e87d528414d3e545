#!/bin/sh
# tests/run.sh BSWEEP BUILD_DIR: the whole suite (what `make check` runs).
# Runs the C unit tests (cmocka, TAP output) and the shell tests, counts
# every "ok"/"not ok" line, counts a program that exits non-zero without
# reporting a failure (a crash) as a failure, and ends with the line
# "make check, all P parts: N passed, M failed, K skipped" (each part also
# ends with its own labelled "# NAME: N passed, ..." line): a check that could not run here
# ("ok - ... # SKIP reason") is counted as skipped, not as passed.  Exit
# status 0 only when nothing failed.  The parts run side by side, as many
# as there are CPUs (BSWEEP_TEST_JOBS=N to choose; 1: one after another);
# their output is shown in the order listed below either way.
set -u
BSWEEP=$1
BUILD=$2
# the column tables, for the shell tests (tests/lib.sh)
BSWEEP_COLUMNS=$BUILD/columns
export BSWEEP_COLUMNS
# evaluates saved weights, for tests/weights.sh
BSWEEP_WEVAL=$BUILD/weval
export BSWEEP_WEVAL
LOG=$(mktemp "${TMPDIR:-/tmp}/bsweep-check.XXXXXX")
D=$LOG.d
mkdir "$D" || exit 1
trap 'rm -rf "$LOG" "$LOG.times" "$D"' EXIT

# The parts run BSWEEP_TEST_JOBS at a time (default: the number of CPUs);
# each writes its output to $D/N.out and its exit status to $D/N.rc, and
# a printer shows the parts in the order they are listed here as each
# finishes, so the output reads the same whatever the timing.  A token
# per free slot in a pipe: `run` takes one before starting a part, the
# part gives it back when it ends.
JOBS=${BSWEEP_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $JOBS in '' | *[!0-9]* | 0) JOBS=1 ;; esac
mkfifo "$D/slots" || exit 1
exec 3<>"$D/slots"
i=0; while [ $i -lt "$JOBS" ]; do echo >&3; i=$((i + 1)); done
: >"$D/order"

now() { date +%s.%N; }
run() { # run NAME command...: starts the part when a slot is free
	name=$1; shift
	parts=$((parts + 1))
	read -r _ <&3
	echo "$parts $name" >>"$D/order"
	(
		t0=$(now)
		"$@" >"$D/$parts.out" 2>&1 </dev/null
		rc=$?
		awk -v n="$name" -v a="$t0" -v b="$(now)" 'BEGIN { printf "%8.1f s  %s\n", b - a, n }' >"$D/$parts.time"
		echo $rc >"$D/$parts.rc"
		echo >&3
	) &
}
show() { # show N NAME: a finished part's output, its crash if any, its counts
	n=$1 name=$2 rc=$(cat "$D/$1.rc")
	echo "# $name"
	# the part's own closing "N passed, M failed" is replaced by one
	# labelled line counted here, so every count says whose it is
	grep -Ev '^[0-9]+ passed, [0-9]+ failed$' "$D/$n.out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$D/$n.out"; then
		echo "not ok - $name exited with status $rc" | tee -a "$D/$n.out"
	fi
	awk -v n="$name" '/^ok/ { if (/# SKIP/) k++; else p++ } /^not ok/ { f++ }
		END { printf "# %s: %d passed, %d failed, %d skipped\n", n, p, f, k }' "$D/$n.out"
	cat "$D/$n.out" >>"$LOG"
	cat "$D/$n.time" >>"$LOG.times"
}
printer() { # the parts in their order, each once it has finished
	k=1
	while :; do
		line=$(sed -n "${k}p" "$D/order")
		case $line in
		'') sleep 0.2; continue ;;
		end) return 0 ;;
		esac
		while [ ! -f "$D/${line%% *}.rc" ]; do sleep 0.2; done
		show "${line%% *}" "${line#* }"
		k=$((k + 1))
	done
}
LOG_TIMES=$LOG.times
: >"$LOG.times"
printer &
printer_pid=$!
parts=0

# the slowest parts first, so that the others fill the remaining slots:
# a Slurm cluster and GNU parallel (issue 13), the allocation failures
run cluster sh tests/cluster.sh "$BSWEEP"
run alloc sh tests/alloc.sh "$BSWEEP"
for t in test_rng test_mlp test_noise test_sharp test_optim test_schedule test_train test_csv test_measure test_config test_select test_npy test_scaling test_shard test_table test_pool test_describe; do
	run "$t" env CMOCKA_MESSAGE_OUTPUT=TAP "$BUILD/$t"
done
run cli sh tests/cli.sh "$BSWEEP"
run configs sh tests/configs.sh "$BSWEEP"
run overrides sh tests/overrides.sh "$BSWEEP"
run csv sh tests/csv.sh "$BSWEEP"
run digits sh tests/digits.sh "$BSWEEP"
run sweep sh tests/sweep.sh "$BSWEEP"
run isa sh tests/isa.sh "$BSWEEP"
run noise sh tests/noise.sh "$BSWEEP"
run sharp sh tests/sharp.sh "$BSWEEP"
run grid sh tests/grid.sh "$BSWEEP"
run protocols sh tests/protocols.sh "$BSWEEP"
run io sh tests/io.sh "$BSWEEP"
run locale sh tests/locale.sh "$BSWEEP"
run compare sh tests/compare.sh "$BSWEEP"
run timing sh tests/timing.sh "$BSWEEP"
run resume sh tests/resume.sh "$BSWEEP"
run outdir sh tests/outdir.sh "$BSWEEP"
run shard sh tests/shard.sh "$BSWEEP"
run weights sh tests/weights.sh "$BSWEEP"
run openblas sh tests/openblas.sh "$BSWEEP"
run regions sh tests/regions.sh "$BSWEEP"
run hostile sh tests/hostile.sh "$BSWEEP"
run figures sh tests/figures.sh "$BSWEEP"
run gridplots sh tests/gridplots.sh "$BSWEEP"
run target sh tests/target.sh "$BSWEEP"
run analyze sh tests/analyze.sh "$BSWEEP"
run aggregate sh tests/aggregate.sh "$BSWEEP"
run analysisplots sh tests/analysisplots.sh "$BSWEEP"
run sciplots sh tests/sciplots.sh "$BSWEEP"
run subtitles sh tests/subtitles.sh "$BSWEEP"
run boundaries sh tests/boundaries.sh "$BSWEEP"
run docs sh tests/docs.sh

# plots: a tiny sweep (2 batch sizes, 2 seeds, 5 epochs) rendered and checked
plots_part() {
	plotdir=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-plots.XXXXXX")
	if "$BSWEEP" -q -o "$plotdir" tests/configs/plot_tiny.json; then
		bash tests/plots.sh "$plotdir"; rc=$?
	else
		echo "not ok - plots: the tiny sweep failed"; rc=1
	fi
	rm -rf "$plotdir"
	return $rc
}
run plots plots_part

# make install into a temporary staging directory, then sweep, plot and
# compare with the installed files only
run install sh tests/install.sh "$BSWEEP"

echo end >>"$D/order"
wait "$printer_pid"
wait
echo "# the slowest parts of the suite ($JOBS at a time):"
sort -rn "$LOG.times" | head -n 8 | sed 's/^/#   /'
skip=$(grep -c '^ok .*# SKIP' "$LOG")
pass=$(($(grep -c '^ok' "$LOG") - skip))
fail=$(grep -c '^not ok' "$LOG")
echo "make check, all $parts parts: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
