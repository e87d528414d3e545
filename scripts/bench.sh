#!/bin/sh
# scripts/bench.sh [--quick] [--portable BIN] [--gemm BIN] BSWEEP [RUNS]
#
# What `make bench` runs: times bsweep against the targets of issues 4 and 15 and
# prints one table.  All with one OpenBLAS thread (-t 1):
#
#   1. the default sweep (configs/blobs.json without its opt-in analysis:
#      the tutorial's study, what the replicas do): RUNS whole runs (default 11);
#      from each run's own records the training time (sum of summary.csv's
#      train_seconds), the validation time (sum of epochs.csv's
#      eval_seconds), the CPU time and peak memory (run.json), and the
#      process's wall time from start to exit, measured here.  The same for
#      the PORTABLE=1 build (--portable), for each variant of the fused
#      kernels this CPU runs (BSWEEP_ISA; the variants the program lists in
#      --version), and the PyTorch and scikit-learn
#      replicas of the sweep when /usr/bin/python3 has them (ratios); and
#      configs/blobs.json as it is (noise scale, generalization gap,
#      sharpness, weights, decision regions): the cost of its analysis;
#   2. configs/large.json: bsweep's training seconds per epoch per batch
#      size beside tests/bench_gemm.c's (--gemm: the same cblas_sgemm calls
#      alone), and bsweep against the PyTorch replica of that config;
#   3. scaling: the default config, then with n_samples and n_train doubled,
#      then with epochs doubled (variants of its --print-config);
#   4. -j 2 against -j 1 (whole-process wall time), default config and
#      configs/blobs-5seeds.json;
#   5. the learning-rate grid (configs/blobs-lr-grid.json: 8 batch sizes x
#      5 learning rates x 3 seeds), -j 1 and -j 2: whole-process wall time
#      per seed (target: under a second).
#
# Medians, with minimums beside them: on a shared machine a minimum is the
# better estimate of the undisturbed time.  --quick: fewer repeats of the
# slow parts (peers, large config, scaling).  A benchmark, not a test: it
# fails only when a program fails; targets print "target met" or "NOT met".
set -eu

usage() {
	echo "usage: sh scripts/bench.sh [--quick] [--portable BIN] [--gemm BIN] BSWEEP [RUNS]" >&2
	exit 2
}
QUICK=0 PORTABLE='' GEMM=''
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1; shift ;;
	--portable) [ $# -ge 2 ] || usage; PORTABLE=$2; shift 2 ;;
	--gemm) [ $# -ge 2 ] || usage; GEMM=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
RUNS=${2:-11}
case $RUNS in '' | *[!0-9]* | 0) echo "bench.sh: RUNS must be a positive integer, got '$RUNS'" >&2; exit 2 ;; esac
if [ "$QUICK" = 1 ]; then
	PEER_RUNS=1 LARGE_REPEATS=1 GEMM_EPOCHS=3 SCALE_ROUNDS=1 SCALE_REPEATS=3 J5_RUNS=3
else
	PEER_RUNS=3 LARGE_REPEATS=3 GEMM_EPOCHS=5 SCALE_ROUNDS=3 SCALE_REPEATS=5 J5_RUNS=5
fi
FULL=configs/blobs.json
LARGE=configs/large.json
FIVE=configs/blobs-5seeds.json
GRID=configs/blobs-lr-grid.json
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Others may rebuild ./bsweep while this runs: time private copies.  Then
# work from the top of the tree (configs/, scripts/).
cp "$1" "$tmp/bsweep"
B=$tmp/bsweep
if [ -n "$PORTABLE" ]; then cp "$PORTABLE" "$tmp/bsweep-portable"; fi
if [ -n "$GEMM" ]; then cp "$GEMM" "$tmp/bench_gemm"; GEMM=$tmp/bench_gemm; fi
cd "$(dirname "$0")/.."
# the tutorial's study: configs/blobs.json with its "analysis" object (the
# last key of --print-config's text, at one tab) emptied
CONFIG=$tmp/tutorial.json
"$B" --print-config "$FULL" | awk '/^\t"analysis":/ { print "\t\"analysis\":\t{}"; skip = 1; next }
	skip && /^\t}/ { skip = 0; next } !skip' >"$CONFIG"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -n 1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\\n\", $1 }"; }
json_num() { sed -n "s/.*\"$1\":[[:space:]]*\([0-9.e+-]*\).*/\1/p" "$2" | head -n 1; }
json_list() { sed -n "s/.*\"$1\":[[:space:]]*\[\(.*\)\].*/\1/p" "$2" | head -n 1 | tr -d ' \t'; }
# sum_col CSV NAME: the sum of column NAME (found by its header)
sum_col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		{ s += $c } END { if (!c) exit 1; printf "%.6f\n", s }' "$1"
}
# col_for CSV NAME KEYNAME KEY: column NAME of the row whose KEYNAME is KEY
col_for() {
	awk -F, -v name="$2" -v kn="$3" -v key="$4" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == name) c = i; if ($i == kn) k = i }; next }
		$k == key { print $c; exit }' "$1"
}
# verdict VALUE OP LIMIT [LIMIT2]: "target met" or "NOT met"; OP le, lt, ge, gt, in
verdict() {
	awk -v v="$1" -v op="$2" -v a="$3" -v b="${4:-0}" 'BEGIN {
		if (op == "le") ok = v <= a; else if (op == "lt") ok = v < a
		else if (op == "ge") ok = v >= a; else if (op == "gt") ok = v > a
		else ok = v >= a && v <= b
		print ok ? "target met" : "NOT met" }'
}
say() { echo "$*" >&2; }
# quiet CMD...: run CMD with its stderr kept aside: shown if CMD fails (then
# exit with its status), else only its timing warnings are counted.
: >"$tmp/warned"
quiet() {
	if "$@" 2>"$tmp/err"; then
		grep -c 'outliers' "$tmp/err" >>"$tmp/warned" || true
	else
		q_st=$?
		cat "$tmp/err" >&2
		echo "bench.sh: failed (exit $q_st): $*" >&2
		exit "$q_st"
	fi
}

# sweep_runs BIN CONFIG N JOBS TAG: N whole runs; appends one line per run
# to $tmp/TAG.{wall,train,eval,cpu,rss,inside,outside}: inside = the
# sweep's own wall time (run.json) less training and validation, outside =
# the process's wall time less the sweep's.  Its counter is sr_i (sh has no
# locals: every helper's counter has its own name).
sweep_runs() {
	for f in wall train eval cpu rss inside outside; do : >"$tmp/$5.$f"; done
	sr_i=0
	while [ $sr_i -lt "$3" ]; do
		d=$tmp/run-$5-$sr_i
		t0=$(now)
		"$1" -q -t 1 -j "$4" -o "$d" "$2"
		t1=$(now)
		calc "$t1 - $t0" >>"$tmp/$5.wall"
		sum_col "$d/summary.csv" train_seconds >>"$tmp/$5.train"
		sum_col "$d/epochs.csv" eval_seconds >>"$tmp/$5.eval"
		calc "$(json_num cpu_user_seconds "$d/run.json") + $(json_num cpu_system_seconds "$d/run.json")" >>"$tmp/$5.cpu"
		json_num peak_rss_kib "$d/run.json" >>"$tmp/$5.rss"
		sw=$(json_num sweep_wall_seconds "$d/run.json")
		calc "$sw - $(tail -n 1 "$tmp/$5.train") - $(tail -n 1 "$tmp/$5.eval")" >>"$tmp/$5.inside"
		calc "$(tail -n 1 "$tmp/$5.wall") - $sw" >>"$tmp/$5.outside"
		rm -rf "$d"
		sr_i=$((sr_i + 1))
	done
}
med() { median <"$tmp/$1"; }
mn() { minimum <"$tmp/$1"; }
has_py() { [ -x "$PY" ] && "$PY" -c "import $1" 2>/dev/null; }
# peer_time N ARGS...: median of N runs of a replica's --time-only
peer_time() {
	n=$1; shift
	: >"$tmp/peer"
	pt_i=0
	while [ $pt_i -lt "$n" ]; do "$PY" "$@" --time-only >>"$tmp/peer"; pt_i=$((pt_i + 1)); done
	median <"$tmp/peer"
}

say "bsweep benchmark: one OpenBLAS thread; $RUNS runs of the default sweep$( [ "$QUICK" = 1 ] && echo ', quick')"
"$B" --version | sed -n 's/^\(bsweep\|cpu\|logical_cores\|cflags\|openblas\|openblas_core\): */  \1: /p' >"$tmp/version"
cat "$tmp/version" >&2
load0=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
"$B" -q -t 1 -o "$tmp/warm" "$CONFIG"   # warm-up: page cache, loader
rm -rf "$tmp/warm"

# The cost of the two `date` calls around a run (part of every wall time).
: >"$tmp/timer"
k=0
while [ $k -lt 11 ]; do t0=$(now); t1=$(now); calc "$t1 - $t0" >>"$tmp/timer"; k=$((k + 1)); done
timer=$(med timer)

# --- 1. default sweep, native and portable build, peers --------------------
say "1/5 default sweep: $RUNS runs"
sweep_runs "$B" "$CONFIG" "$RUNS" 1 def
say "    with its analysis ($FULL): $RUNS runs"
sweep_runs "$B" "$FULL" "$RUNS" 1 full
if [ -n "$PORTABLE" ]; then
	say "    PORTABLE=1 build: $RUNS runs"
	"$tmp/bsweep-portable" -q -t 1 -o "$tmp/warm" "$CONFIG"; rm -rf "$tmp/warm"
	sweep_runs "$tmp/bsweep-portable" "$CONFIG" "$RUNS" 1 port
fi
# every variant of the fused kernels this CPU runs, forced (src/isa.c)
ISAS=$("$B" --version | sed -n 's/^isa_available: //p')
for v in $ISAS; do
	say "    BSWEEP_ISA=$v: $RUNS runs"
	BSWEEP_ISA=$v; export BSWEEP_ISA
	sweep_runs "$B" "$CONFIG" "$RUNS" 1 "isa_$v"
	unset BSWEEP_ISA
done
torch_def='' skl_def=''
if has_py torch; then
	say "    PyTorch replica, default sweep: $PEER_RUNS run(s)"
	torch_def=$(peer_time "$PEER_RUNS" scripts/torch_replica.py)
fi
if has_py sklearn; then
	say "    sklearn replica, default sweep: $PEER_RUNS run(s)"
	skl_def=$(peer_time "$PEER_RUNS" scripts/sklearn_replica.py)
fi

# --- 2. large config: bsweep vs GEMM-only vs torch -------------------------
say "2/5 $LARGE: bsweep -r $LARGE_REPEATS -w 1"
"$B" --print-config "$LARGE" >"$tmp/large.json"
quiet "$B" -q -t 1 -r "$LARGE_REPEATS" -w 1 -o "$tmp/large" "$LARGE"
l_epochs=$(json_num epochs "$tmp/large.json")
l_ntrain=$(json_num n_train "$tmp/large.json")
l_widths="$(json_num n_features "$tmp/large.json"),$(json_list hidden "$tmp/large.json"),$(json_num centers "$tmp/large.json")"
l_batches=$(json_list batch_sizes "$tmp/large.json" | tr ',' ' ')
if [ -n "$GEMM" ]; then
	say "    GEMM only: bench_gemm -r $GEMM_EPOCHS $l_ntrain $l_widths $l_batches"
	# shellcheck disable=SC2086 # the batch sizes are separate arguments
	# with the kernels bsweep's BLAS calls run: bsweep may have replaced
	# OpenBLAS's fallback core (src/blas.c), which bench_gemm would keep
	core=$("$B" --version | sed -n 's/^openblas_core: //p')
	case $core in '' | unknown) "$GEMM" -r "$GEMM_EPOCHS" "$l_ntrain" "$l_widths" $l_batches >"$tmp/gemm" ;;
	*) OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-$core} "$GEMM" -r "$GEMM_EPOCHS" "$l_ntrain" "$l_widths" $l_batches >"$tmp/gemm" ;;
	esac
fi
torch_large=''
if has_py torch; then
	say "    PyTorch replica of $LARGE: $PEER_RUNS run(s)"
	torch_large=$(peer_time "$PEER_RUNS" scripts/torch_replica.py --config "$tmp/large.json")
fi

# --- 3. scaling ------------------------------------------------------------
say "3/5 scaling: $SCALE_ROUNDS round(s) of 3 configs, -r $SCALE_REPEATS -w 1 each"
"$B" --print-config "$CONFIG" >"$tmp/s1.json"
awk '/"(n_samples|n_train)":/ { match($0, /[0-9]+/); $0 = substr($0, 1, RSTART - 1) 2 * substr($0, RSTART, RLENGTH) substr($0, RSTART + RLENGTH) } { print }' \
	"$tmp/s1.json" >"$tmp/s2.json"
awk '/"epochs":/ { match($0, /[0-9]+/); $0 = substr($0, 1, RSTART - 1) 2 * substr($0, RSTART, RLENGTH) substr($0, RSTART + RLENGTH) } { print }' \
	"$tmp/s1.json" >"$tmp/s3.json"
: >"$tmp/s1.t"; : >"$tmp/s2.t"; : >"$tmp/s3.t"
: >"$tmp/s1.tv"; : >"$tmp/s2.tv"; : >"$tmp/s3.tv"
k=0
while [ $k -lt "$SCALE_ROUNDS" ]; do   # interleaved, so drifting load hits all three
	for s in s1 s2 s3; do
		quiet "$B" -q -t 1 -r "$SCALE_REPEATS" -w 1 -o "$tmp/$s" "$tmp/$s.json"
		sum_col "$tmp/$s/summary.csv" train_seconds >>"$tmp/$s.t"
		sum_col "$tmp/$s/summary.csv" total_seconds >>"$tmp/$s.tv"
		rm -rf "${tmp:?}/$s"
	done
	k=$((k + 1))
done

# --- 4. -j 1 vs -j 2 --------------------------------------------------------
say "4/5 -j 1 vs -j 2: $RUNS runs each of the default sweep (no analysis), $J5_RUNS each of $FIVE"
: >"$tmp/j1.w"; : >"$tmp/j2.w"; : >"$tmp/f1.w"; : >"$tmp/f2.w"
# alternate -j 1 and -j 2 run by run, so both see the same load
k=0
while [ $k -lt "$RUNS" ]; do
	sweep_runs "$B" "$CONFIG" 1 1 j; cat "$tmp/j.wall" >>"$tmp/j1.w"
	sweep_runs "$B" "$CONFIG" 1 2 j; cat "$tmp/j.wall" >>"$tmp/j2.w"
	k=$((k + 1))
done
k=0
while [ $k -lt "$J5_RUNS" ]; do
	sweep_runs "$B" "$FIVE" 1 1 j; cat "$tmp/j.wall" >>"$tmp/f1.w"
	sweep_runs "$B" "$FIVE" 1 2 j; cat "$tmp/j.wall" >>"$tmp/f2.w"
	k=$((k + 1))
done

# --- 5. the learning-rate grid --------------------------------------------------
say "5/5 the learning-rate grid: $J5_RUNS runs each of $GRID with -j 1 and -j 2"
: >"$tmp/g1.w"; : >"$tmp/g2.w"
k=0
while [ $k -lt "$J5_RUNS" ]; do
	sweep_runs "$B" "$GRID" 1 1 j; cat "$tmp/j.wall" >>"$tmp/g1.w"
	sweep_runs "$B" "$GRID" 1 2 j; cat "$tmp/j.wall" >>"$tmp/g2.w"
	k=$((k + 1))
done
grid_seeds=$("$B" --print-config "$GRID" | awk '/"seeds"/ { n = gsub(/[0-9]+/, "&"); print n; exit }')

# --- the table ---------------------------------------------------------------
row() { # label median min target verdict
	printf '  %-42s %9s %9s  %-10s %s\n' "$1" "$2" "${3:-}" "${4:-}" "${5:-}"
}
f4() { awk -v v="$1" 'BEGIN { printf "%.4f", v }'; }
f3() { awk -v v="$1" 'BEGIN { printf "%.3f", v }'; }
f2() { awk -v v="$1" 'BEGIN { printf "%.2f", v }'; }

echo
echo "bsweep benchmark, one OpenBLAS thread (-t 1).  Seconds; median and minimum"
echo "of the runs.  The machine may be shared: the minimum is the better"
echo "estimate of the undisturbed time, the verdicts use the median."
cat "$tmp/version"
echo "  load average (1, 5, 15 min): $load0 at the start, $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end"
echo
printf '  %-42s %9s %9s  %-10s %s\n' "" median min target ""
echo "default sweep ($FULL without its analysis, 8 batch sizes x 100 epochs), default build, $RUNS runs"
train=$(med def.train); ev=$(med def.eval); wall=$(med def.wall)
row "training (sum of train_seconds)" "$(f4 "$train")" "$(f4 "$(mn def.train)")" "<= 0.015" "$(verdict "$train" le 0.015)"
row "validation (sum of eval_seconds)" "$(f4 "$ev")" "$(f4 "$(mn def.eval)")"
tv_file=$tmp/def.tv; paste -d+ "$tmp/def.train" "$tmp/def.eval" | awk -F+ '{ printf "%.6f\n", $1 + $2 }' >"$tv_file"
tv=$(med def.tv)
row "training + validation" "$(f4 "$tv")" "$(f4 "$(mn def.tv)")"
row "whole process, start to exit" "$(f4 "$wall")" "$(f4 "$(mn def.wall)")" "<= 0.022" "$(verdict "$wall" le 0.022)"
row "  of which in the sweep, besides the above" "$(f4 "$(med def.inside)")" "$(f4 "$(mn def.inside)")" "" "(data, run files, combined CSVs)"
row "  of which outside the sweep" "$(f4 "$(med def.outside)")" "$(f4 "$(mn def.outside)")" "" "(start-up, config, run.json, exit)"
row "CPU time of the process (user + system)" "$(f4 "$(med def.cpu)")" "$(f4 "$(mn def.cpu)")"
row "peak resident memory (KiB)" "$(med def.rss)" "$(mn def.rss)"
printf '  (wall times include %.1f ms for the timer itself)\n' "$(awk -v t="$timer" 'BEGIN { print t * 1000 }')"
echo "the same with its analysis ($FULL: noise scale, eval_train, sharpness, weights, regions), $RUNS runs"
row "whole process, start to exit" "$(f4 "$(med full.wall)")" "$(f4 "$(mn full.wall)")" "" \
	"$(awk -v a="$(med full.wall)" -v b="$wall" 'BEGIN { printf "%.1fx without", a / b }')"
row "CPU time of the process (user + system)" "$(f4 "$(med full.cpu)")" "$(f4 "$(mn full.cpu)")" "" \
	"$(awk -v a="$(med full.cpu)" -v b="$(med def.cpu)" 'BEGIN { printf "%.1fx without", a / b }')"
if [ -n "$PORTABLE" ]; then
	echo "portable build (PORTABLE=1, $PORTABLE), $RUNS runs"
	pwall=$(med port.wall)
	pratio=$(calc "$(med port.train) / $train")
	row "training (sum of train_seconds)" "$(f4 "$(med port.train)")" "$(f4 "$(mn port.train)")" "<= 1.1x" \
		"$(verdict "$pratio" le 1.1) ($(awk -v r="$pratio" 'BEGIN { printf "%.2fx the default build", r }'))"
	row "training + validation" "$(f4 "$(calc "$(med port.train) + $(med port.eval)")")" ""
	row "whole process, start to exit" "$(f4 "$pwall")" "$(f4 "$(mn port.wall)")"
fi
if [ -n "$ISAS" ]; then
	echo "each variant of the fused kernels, forced (BSWEEP_ISA), $RUNS runs; chosen: $("$B" --version | sed -n 's/^isa: //p')"
	for v in $ISAS; do
		row "training, $v" "$(f4 "$(med "isa_$v.train")")" "$(f4 "$(mn "isa_$v.train")")" "" \
			"$(awk -v a="$(med "isa_$v.train")" -v b="$(med def.train)" 'BEGIN { printf "%.2fx the chosen", a / b }')"
	done
fi
echo "peers, same sweep, 1 thread, $PEER_RUNS run(s) each (x = peer / bsweep median)"
if [ -n "$torch_def" ]; then
	row "PyTorch 1.13 replica, train + validation" "$(f3 "$torch_def")" "" "" "$(awk -v p="$torch_def" -v b="$tv" 'BEGIN { printf "%.0fx bsweep train + validation", p / b }')"
else
	row "PyTorch replica" "skipped ($PY lacks torch)" ""
fi
if [ -n "$skl_def" ]; then
	row "sklearn MLPClassifier, training" "$(f3 "$skl_def")" "" "" "$(awk -v p="$skl_def" -v b="$train" 'BEGIN { printf "%.0fx bsweep training", p / b }')"
else
	row "sklearn MLPClassifier" "skipped ($PY lacks sklearn)" ""
fi

echo
echo "large config ($LARGE: $l_ntrain training rows, widths $l_widths, $l_epochs epochs), -r $LARGE_REPEATS -w 1"
printf '  %-10s %8s %16s %16s %8s  %-8s %s\n' batch steps "bsweep train" "GEMM-only" ratio target ""
printf '  %-10s %8s %16s %16s\n' "" "/epoch" "s/epoch (median)" "s/epoch (median)"
l_train=0 l_tv=0 g_sum=0
for b in $l_batches; do
	t=$(col_for "$tmp/large/summary.csv" train_seconds batch_size "$b")
	st=$(col_for "$tmp/large/summary.csv" steps_per_epoch batch_size "$b")
	tot=$(col_for "$tmp/large/summary.csv" total_seconds batch_size "$b")
	pe=$(calc "$t / $l_epochs")
	l_train=$(calc "$l_train + $t"); l_tv=$(calc "$l_tv + $tot")
	if [ -n "$GEMM" ]; then
		g=$(awk -v b="$b" '$1 == b { print $3 }' "$tmp/gemm")
		g_sum=$(calc "$g_sum + $g")
		r=$(calc "$pe / $g")
		printf '  %-10s %8s %16.4f %16.4f %8.2f  %-8s %s\n' "$b" "$st" "$pe" "$g" "$r" "<= 1.25" "$(verdict "$r" le 1.25)"
	else
		printf '  %-10s %8s %16.4f %16s\n' "$b" "$st" "$pe" "(no --gemm)"
	fi
done
if [ -n "$GEMM" ]; then
	r=$(calc "$l_train / $l_epochs / $g_sum")
	printf '  %-10s %8s %16.4f %16.4f %8.2f  %-8s %s\n' "all" "" "$(calc "$l_train / $l_epochs")" "$g_sum" "$r" "<= 1.25" "$(verdict "$r" le 1.25)"
	echo "  (GEMM-only: tests/bench_gemm.c, the same sgemm calls alone, median of $GEMM_EPOCHS epochs)"
fi
row "bsweep training + validation, all runs" "$(f3 "$l_tv")" ""
if [ -n "$torch_large" ]; then
	row "PyTorch replica, train + validation" "$(f3 "$torch_large")" "" "> bsweep" "$(verdict "$torch_large" gt "$l_tv")"
	printf '  %-42s %9s\n' "PyTorch / bsweep" "$(f2 "$(calc "$torch_large / $l_tv")")x"
else
	row "PyTorch replica" "skipped ($PY lacks torch)" ""
fi

echo
echo "scaling: training seconds of the whole sweep, each run's median of $SCALE_REPEATS repeats summed;"
echo "median (and minimum) of $SCALE_ROUNDS round(s); ratio to the default, of the medians (of the minimums)"
printf '  %-32s %9s %9s %9s %7s %7s  %-10s %s\n' "" training "(min)" "train+val" ratio "(min)" target ""
s1=$(med s1.t); s1m=$(mn s1.t)
printf '  %-32s %9.4f %9.4f %9.4f\n' "default" "$s1" "$s1m" "$(med s1.tv)"
for s in s2 s3; do
	v=$(med $s.t); r=$(calc "$v / $s1"); rmn=$(calc "$(mn $s.t) / $s1m")
	case $s in s2) lab="n_samples and n_train doubled" ;; *) lab="epochs doubled" ;; esac
	printf '  %-32s %9.4f %9.4f %9.4f %7.2f %7.2f  %-10s %s\n' "$lab" "$v" "$(mn $s.t)" "$(med $s.tv)" "$r" "$rmn" "1.8 - 2.2" "$(verdict "$r" in 1.8 2.2)"
done

echo
echo "parallel runs: whole-process wall time of -j 1 and -j 2, alternated; median (minimum) of the"
echo "runs; throughput ratio = wall(-j 1) / wall(-j 2), of the medians (of the minimums)"
printf '  %-32s %9s %9s %9s %9s %7s %7s  %-10s %s\n' "" "-j 1" "(min)" "-j 2" "(min)" ratio "(min)" target ""
for t in j f; do
	case $t in j) lab="default, no analysis, $RUNS runs" ;; *) lab="$FIVE, $J5_RUNS runs" ;; esac
	a=$(med $t"1.w"); am=$(mn $t"1.w"); b2=$(med $t"2.w"); bm=$(mn $t"2.w")
	r=$(calc "$a / $b2"); rmin=$(calc "$am / $bm")
	printf '  %-32s %9.4f %9.4f %9.4f %9.4f %7.2f %7.2f  %-10s %s\n' "$lab" "$a" "$am" "$b2" "$bm" "$r" "$rmin" ">= 1.6" "$(verdict "$r" ge 1.6)"
done
echo
echo "learning-rate grid ($GRID: 8 batch sizes x 5 learning rates x $grid_seeds seeds), $J5_RUNS runs;"
echo "whole-process wall time, median (minimum), and per seed"
printf '  %-32s %9s %9s %9s  %-10s %s\n' "" wall "(min)" "per seed" target ""
for j in 1 2; do
	w=$(med g$j.w); ps=$(calc "$w / $grid_seeds")
	printf '  %-32s %9.4f %9.4f %9.4f  %-10s %s\n' "-j $j" "$w" "$(mn g$j.w)" "$ps" "< 1 s" "$(verdict "$ps" lt 1)"
done
n_warn=$(awk '{ s += $1 } END { print s + 0 }' "$tmp/warned")
if [ "$n_warn" -gt 0 ]; then
	echo
	echo "note: bsweep flagged outliers among its repeated timings $n_warn time(s): the machine was busy."
fi
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
if awk -v l="${load0%% *}" 'BEGIN { exit !(l >= 0.5) }'; then
	echo "note: load average ${load0%% *} at the start ($cores cores): other work was running, so every"
	echo "  figure is inflated, and -j 2 can gain only as much as the second core was idle (with"
	echo "  sched_autogroup, this session's processes share one CPU slice however many there are)."
fi
