#!/bin/sh
# tests/cli.sh BSWEEP: the command line: help, version, exit codes and
# exact messages for misuse, `bsweep data` against scikit-learn's
# make_blobs (tests/golden/blobs_*.csv, byte for byte), dry runs, output
# streams, I/O failures.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
G=tests/golden
TRY="Try 'bsweep --help' for more information."

for opt in --help -h; do
	t_run "$BSWEEP" $opt
	t_expect_rc "$opt" 0
	t_expect_grep "$opt prints usage on stdout" "$T_OUT" "^Usage: bsweep \[OPTIONS\] CONFIG.json"
	t_expect_grep "$opt documents the exit codes" "$T_OUT" "2 usage or config error"
done
for opt in --version -V; do
	t_run "$BSWEEP" $opt
	t_expect_rc "$opt" 0
	t_expect_grep "$opt names the version" "$T_OUT" "^bsweep [0-9][0-9.]*$"
	t_expect_grep "$opt describes the machine" "$T_OUT" "^openblas: OpenBLAS"
	t_expect_grep "$opt describes the build" "$T_OUT" "^cflags: .*-std=c11"
	t_expect_grep "$opt reports BLAS threads (default 1)" "$T_OUT" "^blas_threads: 1$"
done

misuse() { # misuse name "message" args...
	name=$1 msg=$2; shift 2
	t_run "$BSWEEP" "$@"
	t_expect_rc "misuse: $name" 2
	t_expect_err "misuse: $name" "bsweep: $msg
$TRY"
}
misuse "no config" "missing CONFIG.json"
misuse "unknown long option" "unknown option '--bogus'" --bogus configs/blobs.json
misuse "unknown short option" "unknown option '-z'" -z configs/blobs.json
misuse "threads zero" "option --threads: expected an integer from 1 to 256, found '0'" -o "$T_TMP/never" -t 0 configs/blobs.json
misuse "threads text" "option --threads: expected an integer from 1 to 256, found '2x'" -o "$T_TMP/never" --threads 2x configs/blobs.json
misuse "threads huge" "option --threads: expected an integer from 1 to 256, found '99999999999999999999'" -o "$T_TMP/never" --threads=99999999999999999999 configs/blobs.json
misuse "missing value" "option '--out' needs a value" configs/blobs.json --out
misuse "missing short value" "option '-t' needs a value" configs/blobs.json -t
misuse "empty out" "option --out: expected a path, found an empty string" -o "" configs/blobs.json
misuse "data with -n" "option --dry-run applies to a sweep, not to 'bsweep data'" data -n configs/blobs.json
# every option that only a sweep takes, named by its long name
for opt in dry-run:-n jobs:-j2 jobs:--jobs=2 threads:-t1 threads:--threads=1 repeats:-r2 \
	repeats:--repeats=2 warmup:-w1 warmup:--warmup=1 resume:--resume force:-f force:--force \
	quiet:-q quiet:--quiet; do
	misuse "data with ${opt#*:}" "option --${opt%%:*} applies to a sweep, not to 'bsweep data'" data "${opt#*:}" configs/blobs.json
done
misuse "data with an option after the config" "option --jobs applies to a sweep, not to 'bsweep data'" data configs/blobs.json -j 3
# an output that is one of the inputs, by any name: refused, the input kept
mkdir "$T_TMP/in"
printf 'x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n' >"$T_TMP/in/mine.csv"
printf '{"data": {"generator": "csv", "path": "mine.csv"}}\n' >"$T_TMP/in/mine.json"
cp "$T_TMP/in/mine.csv" "$T_TMP/in/mine.orig"
cp "$T_TMP/in/mine.json" "$T_TMP/in/mine.json.orig"
ln -s mine.csv "$T_TMP/in/link.csv"
misuse "data -o its data file" "option --out: $T_TMP/in/./mine.csv is data.path ($T_TMP/in/mine.csv): an output must not replace its input" \
	data -o "$T_TMP/in/./mine.csv" "$T_TMP/in/mine.json"
misuse "data -o a link to its data file" "option --out: $T_TMP/in/link.csv is data.path ($T_TMP/in/mine.csv): an output must not replace its input" \
	data -o "$T_TMP/in/link.csv" "$T_TMP/in/mine.json"
misuse "data -o its config" "option --out: $T_TMP/in/mine.json is the config ($T_TMP/in/mine.json): an output must not replace its input" \
	data -o "$T_TMP/in/mine.json" "$T_TMP/in/mine.json"
t_check "data -o an input: the data and the config unchanged" \
	sh -c "cmp -s '$T_TMP/in/mine.csv' '$T_TMP/in/mine.orig' && cmp -s '$T_TMP/in/mine.json' '$T_TMP/in/mine.json.orig'"
# a mistyped subcommand is named as such, not as a missing file or an extra argument
misuse "mistyped subcommand" "unknown command 'comapre'; did you mean 'compare'? (commands: data, compare, analyze, merge, plot; or give a CONFIG.json)" comapre A B
misuse "mistyped subcommand alone" "unknown command 'dta'; did you mean 'data'? (commands: data, compare, analyze, merge, plot; or give a CONFIG.json)" dta
misuse "mistyped subcommand, near compare" "unknown command 'compar'; did you mean 'compare'? (commands: data, compare, analyze, merge, plot; or give a CONFIG.json)" compar
misuse "unknown command, nothing near" "unknown command 'frobnicate' (commands: data, compare, analyze, merge, plot; or give a CONFIG.json)" frobnicate
misuse "unknown command after an option" "unknown command 'foo-bar' (commands: data, compare, analyze, merge, plot; or give a CONFIG.json)" -q foo-bar
misuse "two configs" "expected one CONFIG.json, found extra argument 'x.json'" configs/blobs.json x.json

t_run "$BSWEEP" "$T_TMP/missing.json"
t_expect_rc "missing config file" 2
t_expect_err "missing config file" "bsweep: $T_TMP/missing.json: cannot open: No such file or directory"
t_run "$BSWEEP" tests
t_expect_rc "a directory as config" 2
t_expect_err "a directory as config" "bsweep: tests: is a directory, expected a JSON file"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T_TMP/big.json"
t_run "$BSWEEP" "$T_TMP/big.json"
t_expect_rc "an oversized config" 2
t_expect_err "an oversized config" "bsweep: $T_TMP/big.json: file is too large (1100000 bytes, at most 1048576)"

# bsweep data == sklearn.datasets.make_blobs, bit for bit (%.17g round-trips)
for name in seed odd wide one; do
	t_run "$BSWEEP" data "$G/blobs_$name.json"
	t_expect_rc "data $name" 0
	t_check "data $name: identical to scikit-learn's make_blobs" cmp "$T_OUT" "$G/blobs_$name.csv"
done
# the other generators: tests/test_gen.c compares their values; here, that
# bsweep data writes them and the dry run names them with their arguments
for name in moons_noise circles_noise class_three; do
	t_run "$BSWEEP" data "$G/gen_$name.json"
	t_expect_rc "data $name" 0
	t_check "data $name: a header and one line per row" test "$(wc -l <"$T_OUT")" -eq \
		"$(($(sed -n 's/.*"n_samples": \([0-9]*\).*/\1/p' "$G/gen_$name.json") + 1))"
done
t_run "$BSWEEP" --dry-run "$G/gen_moons_noise.json"
t_expect_grep "dry run names make_moons" "$T_OUT" "^data: make_moons n_samples=101 noise=0.1 shuffle=true random_state=42; 50 train, 51 validation$"
t_run "$BSWEEP" --dry-run "$G/gen_circles_noshuffle.json"
t_expect_grep "dry run names make_circles" "$T_OUT" "^data: make_circles n_samples=9 noise=0.2 factor=0 shuffle=false random_state=1; 4 train, 5 validation$"
t_run "$BSWEEP" --dry-run "$G/gen_class_random_box.json"
t_expect_grep "dry run names make_classification" "$T_OUT" "^data: make_classification n_samples=40 n_features=5 n_informative=4 n_redundant=0 n_repeated=0 n_classes=4 n_clusters_per_class=2 flip_y=0.01 class_sep=1 hypercube=false shift=None scale=None shuffle=true random_state=7; 20 train, 20 validation$"
t_run "$BSWEEP" data -o "$T_TMP/d.csv" "$G/blobs_seed.json"
t_expect_rc "data -o FILE" 0
t_check "data -o FILE: identical to scikit-learn" cmp "$T_TMP/d.csv" "$G/blobs_seed.csv"
t_check "data -o FILE: nothing on stdout" test ! -s "$T_OUT"
t_check "data -o FILE: an ordinary file (mode 644 under umask 022)" sh -c "umask 022; rm -f '$T_TMP/m.csv'; '$BSWEEP' data -o '$T_TMP/m.csv' configs/blobs.json && test \"\$(stat -c %a '$T_TMP/m.csv')\" = 644"
if [ -w /dev/full ]; then
	t_run sh -c "\"$BSWEEP\" data configs/blobs.json >/dev/full"
	t_expect_rc "data to a full device" 1
	t_expect_err "data to a full device" "bsweep: standard output: No space left on device"
fi
t_run "$BSWEEP" data -o "$T_TMP/no/such/dir/d.csv" configs/blobs.json
t_expect_rc "data into a missing directory" 1
t_expect_grep "data into a missing directory: message names the path" "$T_ERR" "$T_TMP/no/such/dir/d.csv: cannot create a temporary file: No such file or directory"

# dry run: the plan on stdout, nothing written
t_run "$BSWEEP" --dry-run -o "$T_TMP/plan" configs/blobs.json
t_expect_rc "dry run" 0
t_expect_grep "dry run: runs" "$T_OUT" "^runs: 8 batch sizes x 1 seed = 8 runs"
t_expect_grep "dry run: steps for batch 4 (ceil(500/4) = 125 per epoch)" "$T_OUT" "^         4         125        12500"
t_expect_grep "dry run: full batch flagged" "$T_OUT" "512           1          100 .*(full batch)"
t_expect_grep "dry run: total steps (251 per epoch x 100)" "$T_OUT" "^total optimizer steps: 25100"
t_expect_grep "dry run: memory estimate" "$T_OUT" "^memory estimate: [0-9.]* MiB"
t_check "dry run: nothing written" test ! -e "$T_TMP/plan"

# an output directory that cannot be created: exit 1, path named
t_run "$BSWEEP" -q -o /dev/null/x configs/blobs.json
t_expect_rc "unwritable output directory" 1
t_expect_err "unwritable output directory" "bsweep: /dev/null/x/runs: cannot create the output directory: Not a directory"

# streams: quiet prints nothing; without a terminal no progress on stderr
cat >"$T_TMP/small.json" <<'JSON'
{"name": "small", "data": {"n_samples": 60, "n_train": 40}, "train": {"epochs": 3},
 "sweep": {"batch_sizes": [8, 64]}}
JSON
t_run "$BSWEEP" -q -o "$T_TMP/q" "$T_TMP/small.json"
t_expect_rc "quiet sweep" 0
t_check "quiet: nothing on stdout" test ! -s "$T_OUT"
t_check "quiet: nothing on stderr" test ! -s "$T_ERR"
t_run "$BSWEEP" -o "$T_TMP/v" "$T_TMP/small.json"
t_expect_grep "table on stdout (summary.csv's column names)" "$T_OUT" "^batch_size  *seed steps_per_epoch final_train_acc  *final_val_acc  *total_seconds  note"
t_expect_grep "table: full batch noted" "$T_OUT" "full batch: only 40 training rows"
t_check "not a terminal: no progress line on stderr" sh -c "! grep -q 'val_acc' '$T_ERR'"
t_run "$BSWEEP" -q "$T_TMP/small.json"
t_check "default output directory results/<name>" test -f results/small/epochs.csv
rm -rf results/small
# a directory holding another config's results is refused, --force replaces
t_run "$BSWEEP" -q -o "$T_TMP/v" configs/blobs.json
t_expect_rc "another config's results" 2
t_expect_err "another config's results" "bsweep: $T_TMP/v: holds the results of another sweep ($T_TMP/v/run.json records a different config: config.data.n_samples is 60 there, 1000 in this one; other keys that differ: config.data.n_train, config.train.epochs, config.sweep.batch_sizes[0] and 6 more); nothing was written
hint: choose another directory with -o DIR; --force would delete the 2 finished runs of \"small\" in $T_TMP/v/ and train this config there"
t_check "another config's results: left as they were" grep -q '"name":	"small"' "$T_TMP/v/run.json"
t_run "$BSWEEP" -q -o "$T_TMP/v" "$T_TMP/small.json"
t_expect_rc "the same config again" 0
: >"$T_TMP/v/runs/.b8_s0.epochs.csv.tmp-AbC123"
t_run "$BSWEEP" -q -f -o "$T_TMP/v" "$T_TMP/small.json"
t_check "a killed run's temporary file is cleaned up" test ! -e "$T_TMP/v/runs/.b8_s0.epochs.csv.tmp-AbC123"
sed 's/"small"/"small2"/' "$T_TMP/small.json" >"$T_TMP/small2.json"
t_run "$BSWEEP" -q --force -o "$T_TMP/v" "$T_TMP/small2.json"
t_expect_rc "--force replaces another config's results" 0
t_check "--force: run.json now describes the new config" grep -q '"name":	"small2"' "$T_TMP/v/run.json"
printf '{"name": "small3", "data": {"n_samples": 60, "n_train": 40}, "train": {"epochs": 3}, "sweep": {"batch_sizes": [5]}}' >"$T_TMP/small3.json"
t_run "$BSWEEP" -q --force -o "$T_TMP/v" "$T_TMP/small3.json"
t_check "--force: the old sweep's per-run files are removed" sh -c "test \"\$(ls '$T_TMP/v/runs')\" = 'b5_s0.epochs.csv
b5_s0.summary.csv'"

# interruption: exit 128 + signal, finished runs kept, nothing half-written
printf '{"name": "long", "data": {"n_samples": 60}, "train": {"epochs": 1000000}, "sweep": {"batch_sizes": [1000, 4]}}' >"$T_TMP/long.json"
for sig in INT TERM; do
	t_run timeout --preserve-status -s $sig 1 "$BSWEEP" -q -o "$T_TMP/long$sig" "$T_TMP/long.json"
	t_expect_rc "SIG$sig" "$([ $sig = INT ] && echo 130 || echo 143)"
	t_expect_grep "SIG$sig: message says what is kept" "$T_ERR" "interrupted by SIG$sig: 0 of 2 runs finished"
	t_check "SIG$sig: no partial or temporary file" sh -c "test -z \"\$(ls -A '$T_TMP/long$sig/runs')\" && test ! -e '$T_TMP/long$sig/epochs.csv'"
	t_check "SIG$sig: run.json names the config, marked incomplete" grep -q '"complete":	false' "$T_TMP/long$sig/run.json"
done

# Error classes of the command line and of the config file: exit 2 and
# nothing written, not even -o's directory or file (tests/configs.sh does
# the same for every tests/configs/bad/*.json).
nothing_written() { # nothing_written what args...
	what=$1; shift
	rm -rf "$T_TMP/never"
	t_run "$BSWEEP" "$@"
	t_expect_rc "$what" 2
	if [ -s "$T_OUT" ] || [ -e "$T_TMP/never" ]; then
		t_not_ok "$what: wrote something"
	else
		t_ok "$what: nothing written"
	fi
}
nothing_written "unknown option, -o given" -o "$T_TMP/never" --bogus configs/blobs.json
nothing_written "missing option value, -o given" -o "$T_TMP/never" configs/blobs.json --threads
nothing_written "malformed --threads, -o given" -o "$T_TMP/never" --threads 1.5 configs/blobs.json
nothing_written "missing config, -o given" -o "$T_TMP/never" "$T_TMP/missing.json"
nothing_written "a directory as config, -o given" -o "$T_TMP/never" tests
nothing_written "an oversized config, -o given" -o "$T_TMP/never" "$T_TMP/big.json"
nothing_written "data: unknown option, -o given" data -o "$T_TMP/never" --bogus configs/blobs.json
nothing_written "data: bad config, -o given" data -o "$T_TMP/never" tests/configs/bad/bad_utf8.json
# malformed numbers in options: the whole value must be the integer
misuse "threads with a leading space" "option --threads: expected an integer from 1 to 256, found ' 4'" -o "$T_TMP/never" -t " 4" configs/blobs.json
misuse "threads with a trailing space" "option --threads: expected an integer from 1 to 256, found '4 '" -o "$T_TMP/never" -t "4 " configs/blobs.json
misuse "threads empty" "option --threads: expected an integer from 1 to 256, found ''" -o "$T_TMP/never" --threads= configs/blobs.json
misuse "threads hexadecimal" "option --threads: expected an integer from 1 to 256, found '0x10'" -o "$T_TMP/never" -t 0x10 configs/blobs.json
misuse "threads negative" "option --threads: expected an integer from 1 to 256, found '-2'" -o "$T_TMP/never" -t -2 configs/blobs.json
t_done
