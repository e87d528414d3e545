#!/bin/sh
# tests/valgrind.sh BSWEEP: memcheck on a small sweep (one job, and two
# worker processes with repeats; a --resume), a grid with the protocol
# keys (and its --resume, and `bsweep analyze`), `bsweep data`, a bad config
# and --version: zero errors and zero leaks (what `make valgrind` runs).
# Forked workers run under valgrind too (it follows fork without exec).
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "make valgrind: valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
fi
vg() { # vg what command-args...
	what=$1; shift
	valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=all \
		--errors-for-leak-kinds=all -q "$BSWEEP" "$@" >"$T_TMP/out" 2>"$T_TMP/vg"
	rc=$?
	if [ $rc -ne 99 ] && ! grep -q "==[0-9]*==" "$T_TMP/vg"; then
		t_ok "valgrind: $what (exit $rc, no errors, no leaks)"
	else
		t_not_ok "valgrind: $what" "$(cat "$T_TMP/vg")"
	fi
}
vg "tiny sweep" -q -o "$T_TMP/s" tests/golden/sweep_tiny.json
vg "tiny sweep, 2 jobs, 2 repeats, 1 warm-up" -q -j 2 -r 2 -w 1 -o "$T_TMP/j" tests/golden/sweep_tiny.json
rm -f "$T_TMP/j/runs/b7_s3.summary.csv"
vg "--resume with the table" --resume -o "$T_TMP/j" tests/golden/sweep_tiny.json
vg "a grid with protocols, 2 jobs (points.csv, best.csv)" -q -j 2 -o "$T_TMP/g" tests/configs/valgrind_grid.json
rm -f "$T_TMP/g/runs/b8_g1_s0.summary.csv"
vg "--resume of the grid" -q --resume -o "$T_TMP/g" tests/configs/valgrind_grid.json
vg "analyze the grid for another target" analyze --target val_acc=0.5 "$T_TMP/g"
rm -f "$T_TMP/s/runs/b7_s3.summary.csv"
vg "analyze a run's file missing (refused)" analyze "$T_TMP/s"
vg "data" data tests/golden/blobs_seed.json
vg "bad config" tests/configs/bad/unknown_key_nested.json
vg "malformed config" tests/configs/bad/truncated.json
vg "dry run" -n configs/blobs.json
vg "version" --version
t_done
