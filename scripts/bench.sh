#!/bin/sh
# scripts/bench.sh BSWEEP [RUNS]: time the default sweep (what `make bench`
# runs).  Whole-process wall time of RUNS runs (default 11), and from each
# run's own records the training time (sum of train_seconds), evaluation
# time, CPU time and peak memory; the median of each.  When /usr/bin/python3
# has PyTorch and scikit-learn, their replicas of the same sweep
# (scripts/torch_replica.py, scripts/sklearn_replica.py, one thread) are
# timed too (median of 3) and the ratios printed.  A benchmark, not a test:
# it fails only when a program fails.
set -eu
BSWEEP=${1:-./bsweep}
RUNS=${2:-11}
CONFIG=configs/blobs.json
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
json_num() { sed -n "s/.*\"$1\":[[:space:]]*\([0-9.e+-]*\).*/\1/p" "$2" | head -n 1; }

echo "bsweep benchmark: $CONFIG, $RUNS runs, 1 OpenBLAS thread"
"$BSWEEP" --version | sed -n 's/^\(bsweep\|cpu\|cflags\|openblas\|openblas_core\): */  \1: /p'
"$BSWEEP" -q -t 1 -o "$tmp/warm" "$CONFIG"   # warm-up: page cache, loader
: >"$tmp/wall"; : >"$tmp/train"; : >"$tmp/eval"; : >"$tmp/cpu"; : >"$tmp/rss"
i=0
while [ $i -lt "$RUNS" ]; do
	t0=$(now)
	"$BSWEEP" -q -t 1 -o "$tmp/r" "$CONFIG"
	t1=$(now)
	echo "$t1 - $t0" | bc -l >>"$tmp/wall"
	awk -F, 'NR > 1 { t += $9; e += $10 } END { printf "%.6f\n", t >> "'"$tmp/train"'"; printf "%.6f\n", e >> "'"$tmp/eval"'" }' "$tmp/r/epochs.csv"
	u=$(json_num cpu_user_seconds "$tmp/r/run.json"); s=$(json_num cpu_system_seconds "$tmp/r/run.json")
	echo "$u + $s" | bc -l >>"$tmp/cpu"
	json_num peak_rss_kib "$tmp/r/run.json" >>"$tmp/rss"
	i=$((i + 1))
done
wall=$(median <"$tmp/wall"); train=$(median <"$tmp/train"); ev=$(median <"$tmp/eval")
cpu=$(median <"$tmp/cpu"); rss=$(median <"$tmp/rss")
printf '\n%-44s %10s\n' "bsweep (median of $RUNS)" "seconds"
printf '%-44s %10.4f\n' "training (sum of train_seconds)" "$train"
printf '%-44s %10.4f\n' "validation passes (sum of eval_seconds)" "$ev"
printf '%-44s %10.4f\n' "training + validation" "$(echo "$train + $ev" | bc -l)"
printf '%-44s %10.4f\n' "whole process, start to exit" "$wall"
printf '%-44s %10.4f\n' "CPU time of the process (user + system)" "$cpu"
printf '%-44s %10s\n' "peak resident memory (KiB)" "$rss"

peer() { # peer name script module bsweep-seconds what
	if /usr/bin/python3 -c "import $3" 2>/dev/null; then
		: >"$tmp/p"
		for k in 1 2 3; do /usr/bin/python3 "scripts/$2" --time-only >>"$tmp/p"; done
		p=$(median <"$tmp/p")
		printf '%-44s %10.4f   %4.0fx bsweep (%s)\n' "$1" "$p" "$(echo "$p / $4" | bc -l)" "$5"
	else
		printf '%-44s %10s\n' "$1" "skipped (/usr/bin/python3 lacks $3)"
	fi
}
echo
echo "peers, same sweep, 1 thread (median of 3 runs each):"
both=$(echo "$train + $ev" | bc -l)
# torch_replica.py times training with its per-epoch validation passes;
# MLPClassifier.fit has no validation pass: compare like with like.
peer "PyTorch 1.13 replica, train + validation" torch_replica.py torch "$both" "train + validation"
peer "sklearn MLPClassifier, training" sklearn_replica.py sklearn "$train" "training"
