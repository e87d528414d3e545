#!/bin/sh
# tests/run.sh BSWEEP BUILD_DIR: the whole suite (what `make check` runs).
# Runs the C unit tests (cmocka, TAP output) and the shell tests, counts
# every "ok"/"not ok" line, counts a program that exits non-zero without
# reporting a failure (a crash) as a failure, and ends with the line
# "N passed, M failed, K skipped": a check that could not run here
# ("ok - ... # SKIP reason") is counted as skipped, not as passed.  Exit
# status 0 only when nothing failed.
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
trap 'rm -f "$LOG" "$LOG.one" "$LOG.times"' EXIT
crashed=0

now() { date +%s.%N; }
run() { # run NAME command...: its output, and how long it took (in $LOG.times)
	name=$1; shift
	echo "# $name"
	t0=$(now)
	"$@" >"$LOG.one" 2>&1
	rc=$?
	awk -v n="$name" -v a="$t0" -v b="$(now)" 'BEGIN { printf "%8.1f s  %s\n", b - a, n }' >>"$LOG.times"
	cat "$LOG.one"
	cat "$LOG.one" >>"$LOG"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$LOG.one"; then
		echo "not ok - $name exited with status $rc"
		echo "not ok - $name" >>"$LOG"
	fi
}

for t in test_rng test_mlp test_noise test_sharp test_optim test_schedule test_train test_csv test_measure test_config test_select test_npy test_scaling test_shard test_table test_describe; do
	run "$t" env CMOCKA_MESSAGE_OUTPUT=TAP "$BUILD/$t"
done
run cli sh tests/cli.sh "$BSWEEP"
run configs sh tests/configs.sh "$BSWEEP"
run csv sh tests/csv.sh "$BSWEEP"
run digits sh tests/digits.sh "$BSWEEP"
run sweep sh tests/sweep.sh "$BSWEEP"
run noise sh tests/noise.sh "$BSWEEP"
run sharp sh tests/sharp.sh "$BSWEEP"
run grid sh tests/grid.sh "$BSWEEP"
run protocols sh tests/protocols.sh "$BSWEEP"
run alloc sh tests/alloc.sh "$BSWEEP"
run io sh tests/io.sh "$BSWEEP"
run locale sh tests/locale.sh "$BSWEEP"
run compare sh tests/compare.sh "$BSWEEP"
run timing sh tests/timing.sh "$BSWEEP"
run resume sh tests/resume.sh "$BSWEEP"
run shard sh tests/shard.sh "$BSWEEP"
run weights sh tests/weights.sh "$BSWEEP"
run regions sh tests/regions.sh "$BSWEEP"
run hostile sh tests/hostile.sh "$BSWEEP"
run figures sh tests/figures.sh "$BSWEEP"
run gridplots sh tests/gridplots.sh "$BSWEEP"
run target sh tests/target.sh "$BSWEEP"
run analyze sh tests/analyze.sh "$BSWEEP"
run analysisplots sh tests/analysisplots.sh "$BSWEEP"
run sciplots sh tests/sciplots.sh "$BSWEEP"
run subtitles sh tests/subtitles.sh "$BSWEEP"
run boundaries sh tests/boundaries.sh "$BSWEEP"

# plots: a tiny sweep (2 batch sizes, 2 seeds, 5 epochs) rendered and checked
plotdir=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-plots.XXXXXX")
if "$BSWEEP" -q -o "$plotdir" tests/configs/plot_tiny.json; then
	run plots bash tests/plots.sh "$plotdir"
else
	echo "not ok - plots: the tiny sweep failed" | tee -a "$LOG"
fi
rm -rf "$plotdir"

# last: the slowest, a Slurm cluster and GNU parallel (issue 13)
run cluster sh tests/cluster.sh "$BSWEEP"

echo "# the slowest parts of the suite:"
sort -rn "$LOG.times" | head -n 8 | sed 's/^/#   /'
skip=$(grep -c '^ok .*# SKIP' "$LOG")
pass=$(($(grep -c '^ok' "$LOG") - skip))
fail=$(grep -c '^not ok' "$LOG")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
