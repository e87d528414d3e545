#!/bin/sh
# tests/analyze.sh BSWEEP: `bsweep analyze DIR` (issue 12, item 8), on
# tests/configs/target_tiny.json (val_acc >= 0.7) and a small grid:
#   - analyze --target T2 recomputes steps to target as the first epoch of
#     epochs.csv meeting T2 (awk, here), seconds as the sum of the epochs'
#     train_seconds up to it; nothing else of summary.csv changes, nor
#     epochs.csv, the run files, or run.json but its "analysis";
#   - analyze --target T1 (the sweep's own) and a plain analyze give every
#     file of the sweep back byte for byte;
#   - a sweep run with T2 in its config equals the analysis for T2, the
#     measured columns aside (summary.csv, scaling.csv, the fit);
#   - a grid: points.csv and best.csv follow the target (steps_to_target
#     selection), and come back byte for byte;
#   - analysis.eval_every: a warning, run.json's resolution, epoch
#     resolution in scaling.csv; the sweep's own sub-epoch hits come back;
#   - analysis.stop_at_target: another target refused;
#   - --no-target: as a sweep without one, and back;
#   - bad input (options, missing directory, run.json, run files, an
#     interrupted sweep, a FIFO, a held lock, a read-only directory):
#     exact messages and exit codes, and not one file changed;
#   - out of memory: exit 1, not one file changed;
#   - a killed analyze's staging folder is removed; figures are removed.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/target_tiny.json

variant() { # the config with the analysis section replaced by $1 (JSON text)
	sed "s/\"analysis\": .*}}}\$/\"analysis\": $1}/" "$CFG"
}
variant '{"target": {"metric": "val_acc", "value": 0.6}}' >"$T_TMP/t2.json"
variant '{}' >"$T_TMP/none.json"
variant '{"target": {"metric": "val_acc", "value": 0.7}, "eval_every": 3}' >"$T_TMP/every.json"
variant '{"target": {"metric": "val_acc", "value": 0.7}, "stop_at_target": true}' >"$T_TMP/stop.json"
grid() { # the grid config with target value $1
	printf '%s\n' '{"name": "ana-grid", "data": {"n_samples": 120, "n_train": 80},' \
	  '"train": {"epochs": 6, "optimizer": "sgd"},' \
	  '"sweep": {"batch_sizes": [8, 16, 64], "seeds": [0, 1],' \
	  '"grid": {"train.learning_rate": [0.05, 0.5]}, "select": "steps_to_target"},' \
	  "\"analysis\": {\"target\": {\"metric\": \"val_acc\", \"value\": $1}}}"
}
grid 0.6 >"$T_TMP/g1.json"
grid 0.7 >"$T_TMP/g2.json"
sweep() { # sweep NAME CONFIG
	"$BSWEEP" -q -o "$T_TMP/$1" "$2" 2>"$T_TMP/$1.err" ||
		t_not_ok "sweep $1 failed" "$(cat "$T_TMP/$1.err")"
}
sweep s1 "$CFG"
sweep s2 "$T_TMP/t2.json"
sweep none "$T_TMP/none.json"
sweep every "$T_TMP/every.json"
sweep stop "$T_TMP/stop.json"
sweep g1 "$T_TMP/g1.json"
sweep g2 "$T_TMP/g2.json"

# a checksum line per file of directory $1 (runs/ included, .lock aside)
sums() { (cd "$1" && find . -type f ! -name .lock | LC_ALL=C sort | xargs cksum); }
same_files() { # same_files what DIR_A DIR_B FILE...: byte-identical
	what=$1 a=$2 b=$3; shift 3
	for f in "$@"; do
		if cmp -s "$a/$f" "$b/$f"; then t_ok "$what: $f byte for byte"
		else t_not_ok "$what: $f differs" "$(diff "$a/$f" "$b/$f" | head -8)"; fi
	done
}
# the file without the target columns
notarget() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /_to_target$/ }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s "," $i; print s }' "$1"
}
# scaling.csv without its measured columns
scaling_notime() {
	awk -F, -v measured="$(t_columns scaling measured)" '
	BEGIN { n = split(measured, m, "\n"); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s "," $i; print s }' "$1"
}
# run.json's members before "analysis" (machine, times, command line...)
before_analysis() { sed '/^	"analysis":/,$d; /^	"config":/,$d' "$1"; }
# the value at a dotted path of a JSON file (python3's json)
jget() {
	/usr/bin/python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(json.dumps(v, sort_keys=True))' "$1" "$2"
}
# every run's steps and seconds to target value $2, from DIR $1's
# epochs.csv: the first epoch with val_acc >= $2, as "B,SEED,STEPS,SECONDS"
# ("B,SEED,," when none); seconds printed exactly (%.17g)
expected_hits() {
	awk -F, -v v="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ k = $c["batch_size"] "," $c["seed"]
	  if (!(k in sec)) { order[++n] = k; sec[k] = 0 }
	  sec[k] += $c["train_seconds"]
	  if (!(k in hit) && $c["val_acc"] >= v) { hit[k] = $c["steps"]; hs[k] = sec[k] } }
	END { for (i = 1; i <= n; i++) { k = order[i]
		if (k in hit) printf "%s,%s,%.17g\n", k, hit[k], hs[k]; else print k ",," } }' "$1/epochs.csv"
}
recorded_hits() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ s = $c["seconds_to_target"]
	  printf "%s,%s,%s,%s\n", $c["batch_size"], $c["seed"], $c["steps_to_target"],
		s == "" ? "" : sprintf("%.17g", s) }' "$1/summary.csv"
}

# --- (a) another target, then the sweep's own again
cp -R "$T_TMP/s1" "$T_TMP/a"
sums "$T_TMP/a/runs" >"$T_TMP/a.runs"
t_run "$BSWEEP" analyze --target val_acc=0.6 "$T_TMP/a"
t_expect_rc "analyze --target val_acc=0.6" 0
t_expect_grep "analyze: the new target on stderr" "$T_ERR" "^target val_acc >= 0.6, evaluated at every epoch's end"
t_expect_grep "analyze: the hint to draw the figures again" "$T_ERR" "^hint: make plots RESULTS=$T_TMP/a draws"
t_check "analyze: nothing on stdout" test ! -s "$T_OUT"
expected_hits "$T_TMP/a" 0.6 >"$T_TMP/exp"
recorded_hits "$T_TMP/a" >"$T_TMP/got"
if cmp -s "$T_TMP/exp" "$T_TMP/got" && grep -q ',[0-9]' "$T_TMP/got" && grep -q ',,$' "$T_TMP/got"; then
	t_ok "T2: steps and seconds to target are the first epoch meeting it in epochs.csv (some censored)"
else
	t_not_ok "T2: steps or seconds to target" "$(diff "$T_TMP/exp" "$T_TMP/got" | head)"
fi
expected_hits "$T_TMP/s1" 0.7 >"$T_TMP/exp1"
recorded_hits "$T_TMP/s1" >"$T_TMP/got1"
t_check "the sweep's own seconds to target are the sum of the epochs' train_seconds" \
	cmp -s "$T_TMP/exp1" "$T_TMP/got1"
notarget "$T_TMP/s1/summary.csv" >"$T_TMP/nt1"
if notarget "$T_TMP/a/summary.csv" | cmp -s - "$T_TMP/nt1"; then
	t_ok "T2: summary.csv unchanged but for its target columns"
else
	t_not_ok "T2: summary.csv changed beyond its target columns"
fi
same_files "T2" "$T_TMP/s1" "$T_TMP/a" epochs.csv
t_check "T2: the run files untouched" sh -c "cd '$T_TMP/a/runs' && find . -type f | LC_ALL=C sort | xargs cksum | cmp -s - '$T_TMP/a.runs'"
before_analysis "$T_TMP/s1/run.json" >"$T_TMP/s1.before"
if grep -q '"machine":' "$T_TMP/s1.before" &&
   before_analysis "$T_TMP/a/run.json" | cmp -s - "$T_TMP/s1.before"; then
	t_ok "T2: run.json as it was before \"analysis\" (machine, times, command line)"
else
	t_not_ok "T2: run.json changed outside its analysis"
fi
t_check "T2: run.json's config is the sweep's" \
	test "$(jget "$T_TMP/a/run.json" config)" = "$(jget "$T_TMP/s1/run.json" config)"
t_check "T2: run.json's analysis names the target" \
	test "$(jget "$T_TMP/a/run.json" analysis.target_value)" = 0.6
t_check "T2: run.json says by which command the analysis was recomputed" \
	test "$(jget "$T_TMP/a/run.json" analysis.recomputed_by)" = \
	"[\"$BSWEEP\", \"analyze\", \"--target\", \"val_acc=0.6\", \"$T_TMP/a\"]"

t_run "$BSWEEP" analyze -q --target val_acc=0.7 "$T_TMP/a"
t_expect_rc "analyze --target val_acc=0.7 (the sweep's own)" 0
t_check "-q: nothing printed" test ! -s "$T_ERR"
same_files "back to T1" "$T_TMP/s1" "$T_TMP/a" summary.csv scaling.csv run.json epochs.csv
"$BSWEEP" analyze -q --target val_acc=0.6 "$T_TMP/a" 2>/dev/null
t_run "$BSWEEP" analyze -q "$T_TMP/a"
t_expect_rc "plain analyze after T2" 0
same_files "plain analyze" "$T_TMP/s1" "$T_TMP/a" summary.csv scaling.csv run.json

# --- (b) the sweep with T2 in its config = the analysis for T2
cp -R "$T_TMP/s1" "$T_TMP/b"
"$BSWEEP" analyze -q --target val_acc=0.6 "$T_TMP/b" 2>/dev/null
t_notime "$T_TMP/s2/summary.csv" >"$T_TMP/s2.nt"
if t_notime "$T_TMP/b/summary.csv" | cmp -s - "$T_TMP/s2.nt"; then
	t_ok "analyze T2 = a sweep with T2: summary.csv, measured columns aside"
else
	t_not_ok "analyze T2 != a sweep with T2: summary.csv" \
		"$(t_notime "$T_TMP/b/summary.csv" | diff - "$T_TMP/s2.nt" | head)"
fi
scaling_notime "$T_TMP/s2/scaling.csv" >"$T_TMP/s2.snt"
if scaling_notime "$T_TMP/b/scaling.csv" | cmp -s - "$T_TMP/s2.snt"; then
	t_ok "analyze T2 = a sweep with T2: scaling.csv, measured columns aside"
else
	t_not_ok "analyze T2 != a sweep with T2: scaling.csv"
fi
t_check "analyze T2 = a sweep with T2: run.json's fit" \
	test "$(jget "$T_TMP/b/run.json" analysis.fit)" = "$(jget "$T_TMP/s2/run.json" analysis.fit)"

# --- --no-target: a sweep without one
cp -R "$T_TMP/s1" "$T_TMP/n"
t_run "$BSWEEP" analyze -q --no-target "$T_TMP/n"
t_expect_rc "--no-target" 0
t_notime "$T_TMP/none/summary.csv" >"$T_TMP/none.nt"
if t_notime "$T_TMP/n/summary.csv" | cmp -s - "$T_TMP/none.nt"; then
	t_ok "--no-target: summary.csv as a sweep's without a target"
else
	t_not_ok "--no-target: summary.csv" "$(t_notime "$T_TMP/n/summary.csv" | diff - "$T_TMP/none.nt" | head)"
fi
t_check "--no-target: no scaling.csv" test ! -e "$T_TMP/n/scaling.csv"
t_check "--no-target: no analysis in run.json" /usr/bin/python3 -c \
	'import json, sys; sys.exit("analysis" in json.load(open(sys.argv[1])))' "$T_TMP/n/run.json"
"$BSWEEP" analyze -q "$T_TMP/n"
same_files "--no-target, then back" "$T_TMP/s1" "$T_TMP/n" summary.csv scaling.csv run.json

# --- a sweep without a target, given one
cp -R "$T_TMP/none" "$T_TMP/nn"
t_run "$BSWEEP" analyze -q --target val_acc=0.7 "$T_TMP/nn"
t_expect_rc "a sweep without a target, analyze --target" 0
t_check "a sweep without a target, analyze --target: no warning" test ! -s "$T_ERR"
t_notime "$T_TMP/s1/summary.csv" >"$T_TMP/s1.nt"
scaling_notime "$T_TMP/s1/scaling.csv" >"$T_TMP/s1.snt"
if t_notime "$T_TMP/nn/summary.csv" | cmp -s - "$T_TMP/s1.nt" &&
   scaling_notime "$T_TMP/nn/scaling.csv" | cmp -s - "$T_TMP/s1.snt"; then
	t_ok "a sweep without a target, given one = a sweep with it (summary.csv, scaling.csv; measured columns aside)"
else
	t_not_ok "a sweep without a target, given one != a sweep with it"
fi

# --- (c) a grid, selecting by steps to target
cp -R "$T_TMP/g1" "$T_TMP/c"
t_run "$BSWEEP" analyze -q --target val_acc=0.7 "$T_TMP/c"
t_expect_rc "grid: analyze --target val_acc=0.7" 0
for f in summary.csv points.csv best.csv; do
	t_notime "$T_TMP/g2/$f" >"$T_TMP/g2.nt"
	if t_notime "$T_TMP/c/$f" | cmp -s - "$T_TMP/g2.nt"; then
		t_ok "grid: analyze T2 = a sweep with T2: $f, measured columns aside"
	else
		t_not_ok "grid: analyze T2 != a sweep with T2: $f" \
			"$(t_notime "$T_TMP/c/$f" | diff - "$T_TMP/g2.nt" | head)"
	fi
done
t_check "grid: the selection changed with the target" sh -c "! cmp -s '$T_TMP/g1/best.csv' '$T_TMP/c/best.csv'"
t_check "grid: analyze T2 = a sweep with T2: run.json's fits" \
	test "$(jget "$T_TMP/c/run.json" analysis.fits)" = "$(jget "$T_TMP/g2/run.json" analysis.fits)"
"$BSWEEP" analyze -q "$T_TMP/c" 2>/dev/null
same_files "grid, back to T1" "$T_TMP/g1" "$T_TMP/c" summary.csv points.csv best.csv scaling.csv run.json

# --- (d) eval_every: another target at epoch resolution, said so
cp -R "$T_TMP/every" "$T_TMP/d"
t_run "$BSWEEP" analyze -q --target val_acc=0.6 "$T_TMP/d"
t_expect_rc "eval_every: analyze --target val_acc=0.6" 0
t_expect_err "eval_every: the warning" "bsweep: warning: the sweep looked for its own target every 3 steps; val_acc=0.6 is looked for at each epoch's end only (in epochs.csv): its steps to target are rounded up to an epoch's end (scaling.csv's resolution_steps, run.json's analysis.resolution)"
t_check "eval_every: run.json's resolution says so" test "$(jget "$T_TMP/d/run.json" analysis.resolution)" = \
	"\"every epoch's end (recomputed from epochs.csv; the sweep evaluated every 3 steps for its own target only)\""
expected_hits "$T_TMP/d" 0.6 >"$T_TMP/exp"
recorded_hits "$T_TMP/d" >"$T_TMP/got"
t_check "eval_every: steps to T2 at epoch ends" cmp -s "$T_TMP/exp" "$T_TMP/got"
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ r[$c["batch_size"]] = $c["resolution_steps"] }
	END { exit !(r[4] == 50 && r[8] == 25 && r[16] == 13 && r[64] == 4) }' "$T_TMP/d/scaling.csv"; then
	t_ok "eval_every: scaling.csv's resolution is steps_per_epoch"
else
	t_not_ok "eval_every: scaling.csv's resolution_steps" "$(cat "$T_TMP/d/scaling.csv")"
fi
"$BSWEEP" analyze -q "$T_TMP/d" 2>/dev/null
same_files "eval_every, back to its own target (the sub-epoch hits)" "$T_TMP/every" "$T_TMP/d" \
	summary.csv scaling.csv run.json

# --- bad input: exact message, exit code, not one file changed
unchanged() { # unchanged what DIR: the checksums saved in $T_TMP/sums
	if sums "$2" | cmp -s - "$T_TMP/sums"; then t_ok "$1: no file changed"
	else t_not_ok "$1: files changed" "$(sums "$2" | diff "$T_TMP/sums" - | head)"; fi
}
bad() { # bad what DIR rc "message" [options...]
	what=$1 dir=$2 rc=$3 msg=$4; shift 4
	sums "$dir" >"$T_TMP/sums"
	t_run "$BSWEEP" analyze "$@" "$dir"
	t_expect_rc "$what" "$rc"
	t_expect_err "$what" "$msg"
	unchanged "$what" "$dir"
}
S=$T_TMP/stop
bad "--no-target with sweep.select steps_to_target" "$T_TMP/g1" 2 \
"bsweep: option --no-target: the config selects grid points by steps to target (sweep.select \"steps_to_target\"), which needs a target" --no-target
bad "stop_at_target, another target" "$S" 2 \
"bsweep: option --target: 10 of 15 runs stopped at the sweep's own target val_acc=0.7 (analysis.stop_at_target) and have no epochs after it, so where they would meet another target is unknown
hint: run a sweep with the new target in its config" --target val_acc=0.6
t_run "$BSWEEP" analyze -q "$S"
t_expect_rc "stop_at_target, its own target" 0

E=$T_TMP/e
cp -R "$T_TMP/s1" "$E"
use="Try 'bsweep analyze --help' for more information."
bad "--target without =" "$E" 2 "bsweep: analyze: option --target: expected METRIC=VALUE with METRIC \"val_acc\", \"val_loss\", \"train_acc\" or \"train_loss\", found 'val_acc'
$use" --target val_acc
bad "--target unknown metric" "$E" 2 "bsweep: analyze: option --target: expected METRIC=VALUE with METRIC \"val_acc\", \"val_loss\", \"train_acc\" or \"train_loss\", found 'acc=0.5'
$use" --target acc=0.5
bad "--target accuracy above 1" "$E" 2 "bsweep: analyze: option --target: val_acc: expected a number in [0, 1], found '1.5'
$use" --target val_acc=1.5
bad "--target negative loss" "$E" 2 "bsweep: analyze: option --target: val_loss: expected a number in [0, 1e+30], found '-1'
$use" --target val_loss=-1
bad "--target no number" "$E" 2 "bsweep: analyze: option --target: train_loss: expected a number in [0, 1e+30], found '0.5x'
$use" --target train_loss=0.5x
bad "--target hex" "$E" 2 "bsweep: analyze: option --target: val_acc: expected a number in [0, 1], found '0x1p-1'
$use" --target val_acc=0x1p-1
bad "--target leading blank" "$E" 2 "bsweep: analyze: option --target: val_acc: expected a number in [0, 1], found ' 0.5'
$use" --target "val_acc= 0.5"
bad "--target nan" "$E" 2 "bsweep: analyze: option --target: val_loss: expected a number in [0, 1e+30], found 'nan'
$use" --target val_loss=nan
bad "--target and --no-target" "$E" 2 "bsweep: analyze: options --target and --no-target contradict each other
$use" --no-target --target val_acc=0.5
bad "unknown option" "$E" 2 "bsweep: analyze: unknown option '--force'
$use" --force
bad "extra argument" "$E" 2 "bsweep: analyze: expected one DIR, found extra argument '$E'
$use" "$E"
t_run "$BSWEEP" analyze
t_expect_rc "no DIR" 2
t_expect_err "no DIR" "bsweep: analyze: missing DIR (a results directory)
$use"
t_run "$BSWEEP" analyze --help
t_expect_rc "--help" 0
t_expect_grep "--help: usage on stdout" "$T_OUT" "^Usage: bsweep analyze \[--target METRIC=VALUE | --no-target\] \[-q\] DIR$"

t_run "$BSWEEP" analyze "$T_TMP/nowhere"
t_expect_rc "a missing directory" 2
t_expect_err "a missing directory" "bsweep: $T_TMP/nowhere: no such directory"
t_check "a missing directory: not created" test ! -e "$T_TMP/nowhere"
mkdir "$T_TMP/empty"
bad "no run.json" "$T_TMP/empty" 2 "bsweep: $T_TMP/empty: no run.json: not a bsweep results directory"

V=$T_TMP/v
cp -R "$T_TMP/s1" "$V"
sed 's/^	"config":	{$/	"config":	{"from_the_future": 1,/' "$T_TMP/s1/run.json" >"$V/run.json"
bad "a run.json of another version" "$V" 2 "bsweep: $V/run.json: config: from_the_future: unknown key
hint: the keys allowed here are name, data, model, train, sweep, timing, analysis"
sed 's/"complete":	true/"complete":	1/' "$T_TMP/s1/run.json" >"$V/run.json"
bad "a run.json whose complete is not a boolean" "$V" 2 "bsweep: $V/run.json: \"complete\": expected true or false, found 1"
printf '{"config": ' >"$V/run.json"
bad "a run.json cut short" "$V" 2 "bsweep: $V/run.json: not valid JSON"
rm "$V/run.json"
if mkfifo "$V/run.json" 2>/dev/null; then
	bad "a FIFO for run.json" "$V" 2 "bsweep: $V/run.json: not a regular file"
else
	t_skip "a FIFO for run.json" "mkfifo failed"
fi

M=$T_TMP/m
cp -R "$T_TMP/s1" "$M"
rm "$M/runs/b8_s1.summary.csv" "$M/runs/b8_s1.epochs.csv" "$M/runs/b32_s0.summary.csv" "$M/runs/b32_s0.epochs.csv"
bad "runs missing" "$M" 2 "bsweep: $M: 2 of 15 runs have not finished (the first: run 5, batch size 8, seed 1)
hint: finish the sweep first: bsweep --resume -o $M tests/configs/target_tiny.json"
sed 's/"complete":	true/"complete":	false/' "$T_TMP/s1/run.json" >"$M/run.json"
bad "an interrupted sweep" "$M" 2 "bsweep: $M: 2 of 15 runs have not finished (the first: run 5, batch size 8, seed 1): the sweep is running or was interrupted
hint: finish the sweep first: bsweep --resume -o $M tests/configs/target_tiny.json"
cp "$T_TMP/s1/runs/"b8_s1.* "$T_TMP/s1/runs/"b32_s0.* "$M/runs/"
bad "a sweep that did not write its results" "$M" 2 "bsweep: $M/run.json: incomplete sweep (run.json says \"complete\": false): its runs finished but it did not write its results
hint: finish it first: bsweep --resume -o $M tests/configs/target_tiny.json"
cp "$T_TMP/s1/run.json" "$M/run.json"
head -c 100 "$T_TMP/s1/runs/b16_s2.summary.csv" >"$M/runs/b16_s2.summary.csv"
bad "a damaged run file" "$M" 2 "bsweep: run 9 (batch size 16, seed 2): $M/runs/b16_s2.summary.csv: not the header of a summary file of this bsweep
hint: bsweep --resume -o $M tests/configs/target_tiny.json trains it again"
cp "$T_TMP/s1/runs/b16_s2.summary.csv" "$M/runs/"
rm "$M/runs/b4_s1.epochs.csv"
if mkfifo "$M/runs/b4_s1.epochs.csv" 2>/dev/null; then
	bad "a FIFO for a run file" "$M" 2 "bsweep: run 2 (batch size 4, seed 1): $M/runs/b4_s1.epochs.csv: cannot open: not a regular file
hint: bsweep --resume -o $M tests/configs/target_tiny.json trains it again"
else
	t_skip "a FIFO for a run file" "mkfifo failed"
fi
rm -rf "$M/runs"
bad "no runs/" "$M" 2 "bsweep: $M/runs/: missing: the runs' files are gone, nothing to analyze"
t_check "no runs/: not created" test ! -e "$M/runs"

L=$T_TMP/l
cp -R "$T_TMP/s1" "$L"
sums "$L" >"$T_TMP/sums"
flock "$L/.lock" sh -c "\"$BSWEEP\" analyze \"$L\" >\"$T_TMP/out\" 2>\"$T_TMP/err\"; echo \$? >\"$T_TMP/rc\""
T_RC=$(cat "$T_TMP/rc") T_ERR=$T_TMP/err
t_expect_rc "a locked directory" 1
t_expect_err "a locked directory" "bsweep: $L: another bsweep is writing results there (the directory is locked)
hint: wait for it to finish, or choose another directory with -o"
unchanged "a locked directory" "$L"

# a sweep of another config (--force) between analyze's first reading of
# run.json and its lock (flock delayed 5 s by strace): analyze reads it
# again under the lock and stops, so no stale run.json is written back
if command -v strace >/dev/null 2>&1 && strace -o /dev/null -e inject=flock:delay_enter=1 true 2>/dev/null; then
	R2=$T_TMP/race
	cp -R "$T_TMP/s1" "$R2"
	# LeakSanitizer cannot run under ptrace: off for this one process
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -o /dev/null -e inject=flock:delay_enter=5000000 \
		"$BSWEEP" analyze -q "$R2" >/dev/null 2>"$T_TMP/race.err" &
	apid=$!
	sleep 0.5
	"$BSWEEP" -q -f -o "$R2" "$T_TMP/g1.json" 2>/dev/null
	wait $apid
	arc=$?
	t_check "a sweep slipping in before analyze's lock: analyze exits 1" \
		sh -c "test $arc = 1 || { cat '$T_TMP/race.err' >&2; exit 1; }"
	t_expect_grep "a sweep slipping in before analyze's lock: said" "$T_TMP/race.err" \
		"^bsweep: $R2/run.json: changed while analyze was starting (another bsweep wrote the directory)$"
	t_expect_grep "a sweep slipping in before analyze's lock: run.json is the new sweep's" "$R2/run.json" \
		'"name":[[:space:]]*"ana-grid"'
else
	t_skip "a sweep slipping in before analyze's lock" "no strace with fault injection"
fi

# --- out of memory (every 37th checked allocation failing in turn, and
# each of the last 80):
# exit 1, a message saying so, not one file changed
O=$T_TMP/o
cp -R "$T_TMP/s1" "$O"
sums "$O" >"$T_TMP/sums"
cp -R "$T_TMP/s1" "$T_TMP/o2"
n=$(BSWEEP_ALLOC_STATS=1 "$BSWEEP" analyze -q --target val_acc=0.6 "$T_TMP/o2" 2>&1 |
	sed -n 's/.*alloc-stats: count=\([0-9]*\).*/\1/p')
bad_oom=""
k=1
while [ -n "$n" ] && [ "$k" -le "$n" ]; do
	BSWEEP_FAIL_ALLOC=$k "$BSWEEP" analyze -q --target val_acc=0.6 "$O" >/dev/null 2>"$T_TMP/oom"
	rc=$?
	if [ $rc != 1 ] || ! grep -q "out of memory" "$T_TMP/oom" || ! sums "$O" | cmp -s - "$T_TMP/sums"; then
		bad_oom="$bad_oom k=$k: exit $rc, $(head -1 "$T_TMP/oom");"
	fi
	# every one of the last 80 (run.json and the renames), every 37th before
	if [ $((k + 80)) -ge "$n" ]; then k=$((k + 1)); else k=$((k + 37)); fi
done
if [ -n "$n" ] && [ -z "$bad_oom" ]; then
	t_ok "out of memory at every 37th of $n allocations and each of the last 80: exit 1, said, nothing changed"
else
	t_not_ok "out of memory" "${n:-no allocation count}: $bad_oom"
fi

# --- leftovers: a killed analyze's staging folder, the old figures
K=$T_TMP/k
cp -R "$T_TMP/s1" "$K"
mkdir "$K/.analysis.tmp-AbC123"
cp "$K/summary.csv" "$K/run.json" "$K/.analysis.tmp-AbC123/"
printf 'curves.png\nscaling.png\n' >"$K/.figures"
: >"$K/curves.png"
: >"$K/scaling.png"
: >"$K/mine.png"
t_run "$BSWEEP" analyze -q "$K"
t_expect_rc "leftovers" 0
t_check "a killed analyze's staging folder is removed" test ! -e "$K/.analysis.tmp-AbC123"
t_check "the figures of .figures are removed, with it" \
	test ! -e "$K/curves.png" -a ! -e "$K/scaling.png" -a ! -e "$K/.figures"
t_check "a file of the user's stays" test -e "$K/mine.png"
t_check "no staging folder left" test -z "$(find "$K" -name '.analysis.tmp-*')"

# --- a read-only directory, as a user that is not root (io.sh's way)
chmod 755 "$T_TMP"
R=$T_TMP/pub
mkdir -p "$R"
cp "$BSWEEP" "$R/bsweep"
cp -R "$T_TMP/s1" "$R/res"
chmod 755 "$R" "$R/bsweep"
chmod -R a+rX "$R/res"
AS_USER=""
if [ "$(id -u)" != 0 ]; then
	AS_USER=" "
elif id nobody >/dev/null 2>&1; then
	ng=$(id -g nobody)
	# .lock stays root's, 0644: flock needs no write access to it
	chmod 644 "$R/res/.lock"
	if command -v setpriv >/dev/null 2>&1 &&
	   setpriv --reuid=nobody --regid="$ng" --clear-groups true 2>/dev/null; then
		AS_USER="setpriv --reuid=nobody --regid=$ng --clear-groups"
	elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
		AS_USER="runuser -u nobody --"
	fi
fi
if [ -z "$AS_USER" ]; then
	t_skip "a read-only results directory" "running as root, and neither setpriv nor runuser can switch to nobody"
else
	chmod a-w "$R/res"
	sums "$R/res" >"$T_TMP/sums"
	# shellcheck disable=SC2086 # AS_USER is a command prefix
	t_run $AS_USER "$R/bsweep" analyze --target val_acc=0.6 "$R/res"
	t_expect_rc "a read-only results directory" 1
	t_expect_grep "a read-only results directory: the message names it" "$T_ERR" \
		"^bsweep: $R/res: cannot create a temporary folder there: Permission denied$"
	unchanged "a read-only results directory" "$R/res"
	# bsweep plot says it once, not gnuplot once per figure
	cp -R scripts "$R/scripts"
	chmod -R a+rX "$R/scripts"
	# shellcheck disable=SC2086 # AS_USER is a command prefix
	t_run $AS_USER env BSWEEP_DATADIR="$R/scripts" "$R/bsweep" plot "$R/res"
	t_expect_rc "bsweep plot, a read-only results directory" 1
	t_expect_err "bsweep plot, a read-only results directory: one message" \
		"bsweep: plot: $R/res: cannot write the figures there: Permission denied"
	unchanged "bsweep plot, a read-only results directory" "$R/res"
	chmod u+w "$R/res"
fi

t_done
