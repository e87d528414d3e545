#!/bin/sh
# scripts/same_outputs.sh BEFORE_BINARY AFTER_BINARY: checks that two bsweep
# builds behave the same (issue 9: a restructuring must not change any output
# byte apart from measurements).  Run it from the repository root, e.g.
#   sh scripts/same_outputs.sh /tmp/before/bsweep ./bsweep
#
# What it compares.  Every case (about 180: each config of configs/,
# tests/configs/, tests/configs/good/ and tests/golden/ swept, dry-run,
# --print-config'ed; every tests/configs/bad/*.json; `bsweep data`; misuse of
# the command line; -j, -r/-w, -t, --resume, --force; `bsweep compare`) runs
# once with each binary, each in its own fresh directory with the same layout:
# the inputs copied to the same relative paths, output paths given relative,
# and the binary called as plain `bsweep` through PATH so that argv[0] (kept
# in run.json's command_line) is the same.  For each bsweep call the exit
# code, stdout and stderr are compared; after the case, every file and
# directory left in its directory (type, mode, name, and the contents of every
# file).  A case prints "same - NAME" or "DIFFERENT - NAME" and the start of
# the unified diff; the last line is "N same, M different", and the exit
# status is 0 only when M is 0 (2 on a usage error).
#
# What it ignores, and why: measurements of the machine, which differ from run
# to run even with one binary; nothing else.
#   - CSV files (epochs.csv, summary.csv, runs/*.csv) and `compare --csv`:
#     the columns whose header matches seconds|per_second|outliers|cpu|rss
#     (the rule of t_notime in tests/lib.sh); in `compare --csv` also the
#     values of `ratio` and the yes/no of `significant` (from the times);
#   - run.json: the lines "git" (the two builds come from different commits),
#     "start_utc", "end_utc" and the "resources" object (wall/CPU time, RSS);
#   - the result table of a sweep on stdout: the time_s column and the
#     percentage in "MAD x%";
#   - `bsweep compare`'s text: the unit in "time per run in ms" (chosen from
#     the times), the five numbers of each row of that table, the verdicts
#     "within noise" / "faster, significant" / "slower, significant" (now
#     "no significant difference" / "F ± e times faster (slower) than A"),
#     the ratio and the faster/slower/within-noise counts of the "time ratio"
#     line (now "A (dir) is faster than B (dir) at N of M ..." and its
#     geometric mean)
#     (numbers are masked keeping the field width, so layout changes show);
#   - stderr: the line "bsweep: warning: N of M runs have statistical
#     outliers ..." is removed (whether it appears at all depends on timing);
#     of the one sweep with -j 2 whose runs diverge, stderr is compared
#     sorted (the workers warn in the order their runs finish);
#   - `--version`: only the first line and the "key:" names are compared (the
#     values describe the machine and the commit);
#   - file names of leftover temporary files (.NAME.tmp-XXXXXX are random).
# `bsweep compare` is also run on fixed results directories (made once by
# BEFORE and copied to both sides), where nothing at all is masked.
#
# --accept LIST (comma-separated) masks changes a commit makes on purpose,
# and must say so in its message:
#   memory   the memory model's numbers: summary.csv's memory_bytes, the
#            dry-run plan's memory_KiB column and "memory estimate", the
#            "needs about N MiB" of a refused config
#   order    the order of --version's keys (their set is still compared)
#   digits   numbers in pretty-printed JSON (--print-config, run.json)
#            compared as doubles: 0.99999999999999989 = 0.9999999999999999
# Not covered: signals and kills (their outcome depends on timing) and I/O
# fault injection (tests/io.sh, tests/alloc.sh).  configs/large.json is swept
# too (about 5 s per binary).
# shellcheck disable=SC2016 # the awk programs are single-quoted on purpose
set -u

usage() {
	echo "usage: sh scripts/same_outputs.sh [--accept memory,order,digits] BEFORE_BINARY AFTER_BINARY (from the repository root)" >&2
	exit 2
}
ACCEPT=
if [ "${1:-}" = --accept ] && [ $# -ge 2 ]; then
	ACCEPT=$2
	shift 2
fi
[ $# -eq 2 ] || usage
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}
BEFORE=$(abspath "$1")
AFTER=$(abspath "$2")
for b in "$BEFORE" "$AFTER"; do
	if [ ! -f "$b" ] || [ ! -x "$b" ]; then
		echo "same_outputs.sh: $b: not an executable file" >&2
		usage
	fi
done
if [ ! -f configs/blobs.json ] || [ ! -d tests/configs/bad ] || [ ! -d tests/golden ]; then
	echo "same_outputs.sh: run me from the repository root (no configs/blobs.json here)" >&2
	usage
fi
REPO=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/same_outputs.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
pid_before='' pid_after=''
stop() { # the two sides of the current case, if running
	for p in $pid_before $pid_after; do kill "$p" 2>/dev/null; done
	wait
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
# $T/bin/{before,after}/bsweep: the binaries, called as `bsweep`;
# $T/w/SIDE: a case's working directory; $T/cap/SIDE: what is compared.
for side in before after; do
	mkdir -p "$T/bin/$side" "$T/w/$side" "$T/cap/$side" || exit 2
done
ln -s "$BEFORE" "$T/bin/before/bsweep" && ln -s "$AFTER" "$T/bin/after/bsweep" || exit 2
CALL_TIMEOUT=300 # seconds for one bsweep call; a hang shows as exit 124

# --- normalisation (awk programs; mawk is enough) ---------------------------

# Common to all: unroot() puts @W@ for the side's working directory (output
# paths are relative, so this is only a safety net for absolute paths).
AWK_UNROOT='
function unroot(s,   i, r) {
	r = ""
	while (root != "" && (i = index(s, root)) > 0) {
		r = r substr(s, 1, i - 1) "@W@"
		s = substr(s, i + length(root))
	}
	return r s
}
function mask(len) { return sprintf("%" len "s", "T") }
function accepts(what) { return index("," accept ",", "," what ",") > 0 }
# --accept digits: every number of a cJSON pretty-printed line as %.17g
function digits(s,   r) {
	if (!accepts("digits") || s !~ /^\t/) return s
	r = ""
	while (match(s, /-?[0-9][0-9.]*([eE][-+]?[0-9]+)?/)) {
		r = r substr(s, 1, RSTART - 1) sprintf("%.17g", substr(s, RSTART, RLENGTH) + 0)
		s = substr(s, RSTART + RLENGTH)
	}
	return r s
}
'
# stdout of a bsweep call
AWK_OUT=$AWK_UNROOT'
{ $0 = digits(unroot($0)) }
# --accept memory: the memory column and estimate of the dry-run plan
accepts("memory") && /^batch_size steps\/epoch +steps\/run +memory_KiB$/ { plan = 1; print; next }
plan && /^ *[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+/ {
	match($0, /^ *[0-9]+ +[0-9]+ +[0-9]+/)
	head = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1)
	match(rest, /^ +[^ ]+/)
	print head mask(RLENGTH) substr(rest, RLENGTH + 1); next
}
plan { plan = 0 }
accepts("memory") && /^memory estimate: / { sub(/: [0-9.]+ MiB/, ": M MiB") }
# compare --csv: drop the measurement columns, mask ratio and yes/no verdicts
FNR == 1 && /^batch_size,dir_index,label,/ {
	csv = 1
	nh = split($0, h, ",")
	for (i = 1; i <= nh; i++) {
		keep[i] = h[i] !~ /seconds|per_second|outliers|cpu|rss/
		if (h[i] == "ratio") rcol = i
		if (h[i] == "significant") scol = i
	}
}
csv {
	n = split($0, f, ","); s = ""
	for (i = 1; i <= n; i++) {
		if (i <= nh && !keep[i]) continue
		v = f[i]
		if (FNR > 1 && i == rcol) v = "T"
		if (FNR > 1 && i == scol && (v == "yes" || v == "no")) v = "V"
		s = s (s == "" ? "" : ",") v
	}
	print s; next
}
# the result table of a sweep: time_s and "MAD x%"
/^batch_size +seed +steps\/epoch +train_acc +val_acc +time_s +note$/ { table = 1; print; next }
table && /^ *[0-9]+ +[0-9]+ +[0-9]+ +[^ ]+ +[^ ]+ +[^ ]+/ {
	match($0, /^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+/)
	head = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1)
	match(rest, /^ +[^ ]+/)
	rest = mask(RLENGTH) substr(rest, RLENGTH + 1)
	gsub(/MAD [^ %]*%/, "MAD x%", rest)
	print head rest; next
}
table { table = 0 }
# bsweep compare: the time table and the "time ratio" lines
/^time per run in [^ ]+ \(/ { sub(/^time per run in [^ ]+/, "time per run in UNIT"); times = 1; print; next }
times && /^ *[0-9]+  [^ ]/ {
	match($0, /^ *[0-9]+  [^ ]+/)
	head = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1)
	for (k = 1; k <= 5; k++) {
		if (!match(rest, /^ +[^ ]+/)) break
		head = head mask(RLENGTH); rest = substr(rest, RLENGTH + 1)
	}
	gsub(/within noise|faster, significant|slower, significant|no significant difference|[0-9.]+ \302\261 [0-9.]+ times (faster|slower) than [^ ]+/, "VERDICT", rest)
	print head rest; next
}
times && / vs .*: time ratio / {
	sub(/time ratio [^ ]+/, "time ratio T")
	sub(/faster at [0-9]+, slower at [0-9]+, within noise at [0-9]+/, "faster at N, slower at N, within noise at N")
	print; next
}
times && / is faster than .* at [0-9]+ of [0-9]+ / {
	sub(/ at [0-9]+ of /, " at N of ")
	sub(/, slower at [0-9]+; no significant difference at [0-9]+/, ", slower at N; no significant difference at N")
	sub(/geometric mean of the ratios [^ ]+$/, "geometric mean of the ratios T")
	print; next
}
times && /^$/ { times = 0 }
{ print }
'
# stderr of a bsweep call
AWK_ERR=$AWK_UNROOT'
/^bsweep: warning: .*outliers/ { next }
accepts("memory") { sub(/needs about [0-9]+ MiB/, "needs about M MiB") }
{ print unroot($0) }
'
# stdout of --version: the first line and the key names
AWK_VERSION=$AWK_UNROOT'
NR == 1 { print unroot($0); next }
{ i = index($0, ":"); print (i ? substr($0, 1, i) : unroot($0)) }
'
# no masking (compare on fixed inputs)
AWK_EXACT=$AWK_UNROOT'
{ print digits(unroot($0)) }
'
# a CSV file: the t_notime rule of tests/lib.sh
AWK_CSV=$AWK_UNROOT'
FNR == 1 { for (i = 1; i <= NF; i++)
	keep[i] = $i !~ /seconds|per_second|outliers|cpu|rss/ && !(accepts("memory") && $i == "memory_bytes") }
{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print unroot(s) }
'
# run.json (cJSON pretty print: one key a line, tab-indented)
AWK_RUNJSON=$AWK_UNROOT'
/^\t"resources":\t\{/ { skip = 1; next }
skip { if ($0 ~ /^\t\},?$/) skip = 0; next }
/^\t"(start_utc|end_utc|git)":/ { next }
{ print digits(unroot($0)) }
'

# --- running one side of a case --------------------------------------------
# A case is a shell function run in the side's working directory with
# `bsweep` on PATH; it calls inp (copy inputs from the repository), run,
# run_exact or run_version (one bsweep call), and plain shell commands.
# Step names must be unique within a case.

inp() { # inp PATH...: copy repository files to the same relative paths
	for f in "$@"; do
		mkdir -p "$(dirname "$f")" && cp "$REPO/$f" "$f"
	done
}
norm() { # norm AWK_PROGRAM FILE [AWK_OPTION...]: FILE through the program;
	# awk ends every line with a newline, so a missing one is noted
	nprog=$1 nfile=$2
	shift 2
	awk "$@" -v root="$W" -v accept="$ACCEPT" "$nprog" "$nfile"
	if [ -s "$nfile" ] && [ "$(tail -c 1 "$nfile" | wc -l)" -eq 0 ]; then
		echo "(no newline at end of file)"
	fi
}
call() { # call MODE STEP ARGS...: MODE masked, exact, version or unordered
	mode=$1 step=$2
	shift 2
	timeout "$CALL_TIMEOUT" bsweep "$@" >"$LAST_OUT" 2>"$LAST_ERR" </dev/null
	echo "exit $?" >"$CAP/$step.rc"
	printf '%s\n' "$*" >"$CAP/$step.args"
	case $mode in
	exact) prog_out=$AWK_EXACT prog_err=$AWK_EXACT ;;
	version) prog_out=$AWK_VERSION prog_err=$AWK_ERR
		case ,$ACCEPT, in *,order,*) mode=unordered_out ;; esac ;;
	*) prog_out=$AWK_OUT prog_err=$AWK_ERR ;;
	esac
	if [ "$mode" = unordered_out ]; then
		norm "$prog_out" "$LAST_OUT" -F, | LC_ALL=C sort >"$CAP/$step.out"
	else
		norm "$prog_out" "$LAST_OUT" -F, >"$CAP/$step.out"
	fi
	if [ "$mode" = unordered ]; then
		norm "$prog_err" "$LAST_ERR" | LC_ALL=C sort >"$CAP/$step.err"
	else
		norm "$prog_err" "$LAST_ERR" >"$CAP/$step.err"
	fi
}
run() { call masked "$@"; }
run_exact() { call exact "$@"; }
run_version() { call version "$@"; }
# -j > 1: the workers print their warnings (diverged runs) in the order the
# runs finish, which depends on timing: stderr is compared sorted
run_unordered() { call unordered "$@"; }

snapshot() { # every path left in $W: type, mode, name; normalised contents
	(cd "$W" && find . -mindepth 1 -printf '%y %m %p\n') | LC_ALL=C sort |
		sed 's/\.tmp-[A-Za-z0-9]*$/.tmp-XXXXXX/' >"$CAP/files.list"
	(cd "$W" && find . -type f) | LC_ALL=C sort | while IFS= read -r p; do
		dst=$CAP/files/$(printf '%s' "$p" | sed 's/\.tmp-[A-Za-z0-9]*$/.tmp-XXXXXX/')
		mkdir -p "$(dirname "$dst")"
		case $p in
		*.csv) norm "$AWK_CSV" "$W/$p" -F, >"$dst" ;;
		*/run.json) norm "$AWK_RUNJSON" "$W/$p" >"$dst" ;;
		*) norm "$AWK_EXACT" "$W/$p" >"$dst" ;;
		esac
	done
}

side() { # side before|after FUNC ARGS...
	SIDE=$1
	shift
	W=$T/w/$SIDE CAP=$T/cap/$SIDE
	LAST_OUT=$T/$SIDE.stdout LAST_ERR=$T/$SIDE.stderr
	rm -rf "$W" "$CAP" && mkdir -p "$W" "$CAP" || exit 2
	PATH=$T/bin/$SIDE:$PATH
	export PATH
	cd "$W" || exit 2
	"$@"
	snapshot
}

N_SAME=0
N_DIFF=0
check() { # check NAME FUNC ARGS...: run FUNC for both binaries and compare
	name=$1
	shift
	(side before "$@") &
	pid_before=$!
	(side after "$@") &
	pid_after=$!
	wait "$pid_before"
	wait "$pid_after"
	pid_before='' pid_after=''
	if (cd "$T/cap" && diff -r -u before after) >"$T/diff.raw" 2>&1; then
		N_SAME=$((N_SAME + 1))
		echo "same - $name"
	else
		N_DIFF=$((N_DIFF + 1))
		echo "DIFFERENT - $name"
		# drop the file times from the "--- " and "+++ " lines
		sed -e "s/^\(---\) \([^	]*\)	.*/\1 \2/" -e "s/^\(+++\) \([^	]*\)	.*/\1 \2/" \
			"$T/diff.raw" >"$T/diff"
		lines=$(wc -l <"$T/diff")
		head -n 40 "$T/diff"
		[ "$lines" -gt 40 ] && echo "... ($((lines - 40)) more diff lines)"
	fi
}

# --- the cases --------------------------------------------------------------

c_dry() { inp "$1"; run dry-run --dry-run "$1"; }
c_print() { # --print-config, and its output loaded back
	inp "$1"
	run print-config --print-config "$1"
	cp "$LAST_OUT" printed.json
	run print-again --print-config printed.json
}
c_sweep_q() { inp "$1"; run sweep -q -o out "$1"; }
c_sweep_table() { inp "$1"; run sweep "$1"; } # table on stdout, results/<name>/
c_bad() { inp "$1"; run sweep -o out "$1"; }
c_data() { inp "$1"; run data data "$1"; }
c_data_o() { inp "$1"; run data-o data -o d.csv "$1"; run data-dash data -o - "$1"; }
c_cli() { inp configs/blobs.json tests/golden/sweep_tiny.json; run cli "$@"; }
c_version() { run_version version --version; run_version V -V; }
c_threads() { inp tests/configs/kill.json; run sweep -q -t 2 -o out tests/configs/kill.json; }
c_jobs() {
	inp tests/configs/kill.json tests/golden/sweep_tiny.json
	run jobs2 -q -j 2 -o out tests/configs/kill.json
	run jobs2-table --jobs=2 -o out2 tests/golden/sweep_tiny.json
	run jobs2-threads2 -q -j 2 -t 2 -o out3 tests/golden/sweep_tiny.json # warns: 4 threads, 2 cores
	run jobs7 -q -j 7 -o out4 tests/golden/sweep_tiny.json
	inp tests/configs/good/everything.json
	run_unordered jobs2-diverging -j 2 -o out5 tests/configs/good/everything.json
}
c_repeats() {
	inp tests/golden/sweep_tiny.json configs/blobs.json
	run r3w1 -r 3 -w 1 -o out tests/golden/sweep_tiny.json
	run r3w1-blobs -r 3 -w 1 -o out2 configs/blobs.json
	run r2j2 -q -r 2 -j 2 -o out3 tests/golden/sweep_tiny.json
}
c_resume_complete() {
	inp tests/golden/sweep_tiny.json
	run sweep -q -o out tests/golden/sweep_tiny.json
	run resume --resume -o out tests/golden/sweep_tiny.json
	run resume-fresh --resume -q -o fresh tests/golden/sweep_tiny.json
}
c_resume_deleted() {
	inp tests/configs/kill.json
	run sweep -q -o out tests/configs/kill.json
	rm -f out/runs/b4_s0.* out/runs/b16_s2.summary.csv out/runs/b64_s1.epochs.csv out/epochs.csv
	run resume --resume -o out tests/configs/kill.json
	run resume-j2 --resume -j 2 -q -o out tests/configs/kill.json
	rm -f out/runs/b200_s*
	run resume-j2-again --resume -j 2 -q -o out tests/configs/kill.json
}
c_resume_damaged() { # per-run files cut short or not ours are trained again
	inp tests/golden/sweep_tiny.json
	run sweep -q -o out tests/golden/sweep_tiny.json
	head -c 200 out/runs/b4_s0.epochs.csv >short.csv && mv short.csv out/runs/b4_s0.epochs.csv
	echo 'not,a,summary' >out/runs/b7_s3.summary.csv
	: >out/runs/.b64_s0.epochs.csv.tmp-AbC123
	run resume --resume -q -o out tests/golden/sweep_tiny.json
}
c_other_config() {
	inp tests/golden/sweep_tiny.json tests/configs/plot_tiny.json
	run first -q -o out tests/golden/sweep_tiny.json
	run other -q -o out tests/configs/plot_tiny.json
	run other-resume -q --resume -o out tests/configs/plot_tiny.json
	run force -q --force -o out tests/configs/plot_tiny.json
	run back-f -q -f -o out tests/golden/sweep_tiny.json
	run same-again -q -o out tests/golden/sweep_tiny.json
	run same-r2 -q -r 2 -o out tests/golden/sweep_tiny.json # only timing differs: allowed
}
c_out_is_file() { inp tests/golden/sweep_tiny.json; : >afile; run sweep -q -o afile tests/golden/sweep_tiny.json; }
c_compare_own() { # each binary compares its own results: times masked
	inp tests/configs/kill.json tests/configs/plot_tiny.json
	run a -q -o k1 tests/configs/kill.json
	run b -q -r 3 -o k2 tests/configs/kill.json
	run c -q -t 2 -o k3 tests/configs/kill.json
	run d -q -o p1 tests/configs/plot_tiny.json
	run compare compare k1 k2
	run compare-csv compare --csv k1 k2
	run compare-3 compare k2 k1 k3
	run compare-csv-3 compare --csv k2 k1 k3
	run compare-self compare k1 k1
	run compare-refused compare k1 p1
	run compare-refused-csv compare --csv p1 k1
}
c_compare_exact() { # fixed results (made by BEFORE): nothing masked
	cp -R "$T/fix" fix
	run_exact compare compare fix/k1 fix/k2
	run_exact compare-csv compare --csv fix/k1 fix/k2
	run_exact compare-4 compare fix/k3 fix/k1 fix/k2 fix/kx
	run_exact compare-csv-4 compare --csv fix/k3 fix/k1 fix/k2 fix/kx
	run_exact compare-differ compare fix/k1 fix/kx
	run_exact compare-incomplete compare fix/k1 fix/incomplete
	run_exact compare-no-summary compare fix/k1 fix/nosummary
	run_exact compare-no-runjson compare fix/k1 fix/norunjson
	run_exact compare-missing compare fix/k1 fix/nosuch
	run_exact compare-other compare fix/k1 fix/p1
	run_exact compare-one compare fix/k1
	run_exact compare-none compare
	run_exact compare-bogus compare --bogus fix/k1 fix/k2
	run_exact compare-help compare --help
	run_exact compare-h compare -h
}
make_fixtures() { # results directories for c_compare_exact, by BEFORE
	mkdir -p "$T/fix" && cd "$T/fix" || exit 2
	PATH=$T/bin/before:$PATH
	export PATH
	cp "$REPO/tests/configs/kill.json" "$REPO/tests/configs/plot_tiny.json" . || exit 2
	bsweep -q -r 3 -o k1 kill.json &&
		bsweep -q -r 3 -t 2 -o k2 kill.json &&
		bsweep -q -o k3 kill.json &&
		bsweep -q -o p1 plot_tiny.json || exit 2
	# kx: k2 with other results for two runs (accuracy and loss)
	cp -R k2 kx && awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR == 3 { $c["final_val_acc"] = 0.5 } NR == 5 { $c["final_val_loss"] = $c["final_val_loss"] * 1.01 }
		{ print }' k2/summary.csv >kx/summary.csv || exit 2
	cp -R k1 incomplete && sed 's/"complete":	true/"complete":	false/' k1/run.json >incomplete/run.json &&
		cp -R k1 nosummary && rm nosummary/summary.csv &&
		cp -R k1 norunjson && rm norunjson/run.json || exit 2
	rm -f kill.json plot_tiny.json
}

# --- the list ---------------------------------------------------------------
START=$(date +%s)
(make_fixtures) 2>/dev/null || { echo "same_outputs.sh: could not make the compare fixtures with $BEFORE" >&2; exit 2; }

CONFIGS=$(ls configs/*.json tests/configs/*.json tests/configs/good/*.json tests/golden/*.json)
for c in $CONFIGS; do
	check "--dry-run $c" c_dry "$c"
	check "--print-config $c" c_print "$c"
	check "sweep -q $c" c_sweep_q "$c"
done
for c in configs/blobs.json tests/golden/sweep_tiny.json tests/configs/good/everything.json tests/configs/good/no_hidden.json; do
	check "sweep with result table $c" c_sweep_table "$c"
done
for c in tests/configs/bad/*.json; do
	check "bad config $c" c_bad "$c"
done
for c in configs/blobs.json tests/golden/blobs_seed.json tests/golden/blobs_odd.json tests/golden/blobs_wide.json tests/golden/blobs_one.json tests/configs/good/everything.json; do
	check "data $c" c_data "$c"
done
check "data -o FILE, -o - configs/blobs.json" c_data_o configs/blobs.json
check "data -o FILE, -o - tests/golden/blobs_odd.json" c_data_o tests/golden/blobs_odd.json

check "--version keys" c_version
check "--help" c_cli --help
check "-h" c_cli -h
check "data --help" c_cli data --help
check "no arguments" c_cli
check "-q alone" c_cli -q
check "data without config" c_cli data
check "unknown long option" c_cli --bogus configs/blobs.json
check "unknown short option" c_cli -z configs/blobs.json
check "unknown option of data" c_cli data --bogus configs/blobs.json
check "option with a value it does not take" c_cli --quiet=yes configs/blobs.json
check "missing value --out" c_cli configs/blobs.json --out
check "missing value -o" c_cli configs/blobs.json -o
check "missing value -t" c_cli configs/blobs.json -t
check "missing value --jobs" c_cli configs/blobs.json --jobs
check "missing value -r" c_cli configs/blobs.json -r
check "missing value --warmup" c_cli configs/blobs.json --warmup
for v in 0 257 -1 2x '' ' 3' 1.5 0x10 99999999999999999999; do
	check "--threads '$v'" c_cli -o never --threads "$v" configs/blobs.json
done
check "-t2x (attached)" c_cli -o never -t2x configs/blobs.json
check "--threads=0" c_cli -o never --threads=0 configs/blobs.json
for v in 0 257 abc -3 ''; do
	check "--jobs '$v'" c_cli -o never --jobs "$v" configs/blobs.json
done
for v in 0 1001 x -1; do
	check "--repeats '$v'" c_cli -o never -r "$v" configs/blobs.json
done
for v in -1 1001 x 2.0; do
	check "--warmup '$v'" c_cli -o never --warmup "$v" configs/blobs.json
done
check "--resume with --force" c_cli --resume --force -o never configs/blobs.json
check "--resume with -f" c_cli -f --resume -o never configs/blobs.json
check "extra argument" c_cli configs/blobs.json x.json
check "data: extra argument" c_cli data configs/blobs.json x.json
check "empty -o" c_cli -o '' configs/blobs.json
check "empty --out=" c_cli --out= configs/blobs.json
check "data: empty -o" c_cli data -o '' configs/blobs.json
check "data with --dry-run" c_cli data -n configs/blobs.json
check "data with --print-config" c_cli data --print-config configs/blobs.json
check "data with --resume" c_cli data --resume configs/blobs.json
check "data with -j 2" c_cli data -j 2 tests/golden/sweep_tiny.json
check "missing config file" c_cli nosuch.json
check "a directory as config" c_cli configs
check "empty config path" c_cli ''
check "--dry-run -o: nothing written" c_cli -n -o plan tests/golden/sweep_tiny.json
check "--dry-run --print-config" c_cli --dry-run --print-config tests/golden/sweep_tiny.json
check "--print-config -r 4 -w 2" c_cli --print-config -r 4 -w 2 tests/golden/sweep_tiny.json
check "--dry-run -j 2 -t 2 -r 5 -w 1" c_cli --dry-run -j 2 -t 2 -r 5 -w 1 tests/golden/sweep_tiny.json
check "-- before the config" c_cli -q -o out -- tests/golden/sweep_tiny.json
check "options after the config" c_cli tests/golden/sweep_tiny.json -q -o out
check "unwritable output directory" c_cli -q -o /dev/null/x tests/golden/sweep_tiny.json
check "output path is a file" c_out_is_file
check "-t 2 sweep" c_threads
check "-j sweeps" c_jobs
check "-r 3 -w 1 sweeps" c_repeats
check "--resume after a completed sweep" c_resume_complete
check "--resume after deleting runs/ files" c_resume_deleted
check "--resume over damaged runs/ files" c_resume_damaged
check "another config's results directory, --force" c_other_config
check "compare (own results, times masked)" c_compare_own
check "compare (fixed results, exact)" c_compare_exact

echo "($(($(date +%s) - START)) s)" >&2
echo "$N_SAME same, $N_DIFF different"
[ "$N_DIFF" = 0 ]
