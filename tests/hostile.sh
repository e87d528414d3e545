#!/bin/sh
# tests/hostile.sh BSWEEP: a hostile environment and hostile files (issue
# 10), class by class:
#   - closed standard descriptors: nothing bsweep opens takes 0, 1 or 2;
#     data asked for on a closed stdout is reported lost (exit 1);
#   - a file-size limit (SIGXFSZ): a write error with its message, exit 1,
#     no temporary file left, with one job and with two;
#   - files bsweep does not own are never removed (temporary-looking files,
#     a user's runs/*.csv, --force), its own are;
#   - figures listed in .figures are removed when a sweep starts writing,
#     and only figure names from that list;
#   - --resume refuses runs it cannot identify (no run.json), and a corpus
#     of corrupted run files: each is trained again, said so, and the final
#     files equal an uninterrupted sweep's.
#   - the config's text is data in messages: no control character of a
#     key, a grid key, a string or a malformed text reaches the terminal.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/golden/sweep_tiny.json   # 3 batch sizes x 2 seeds x 6 epochs

# a reference sweep, without its measurements
"$BSWEEP" -q -o "$T_TMP/ref" "$CFG" || t_not_ok "reference sweep"
t_notime "$T_TMP/ref/epochs.csv" >"$T_TMP/ref.e"
t_notime "$T_TMP/ref/summary.csv" >"$T_TMP/ref.s"
same_as_ref() { # same_as_ref DIR: final files equal the reference's
	t_notime "$1/epochs.csv" | cmp -s - "$T_TMP/ref.e" &&
		t_notime "$1/summary.csv" | cmp -s - "$T_TMP/ref.s"
}
no_temps() { ! find "$1" -name '.*.tmp-*' | grep -q .; }

# ---------------------------------------------------------------- closed descriptors
"$BSWEEP" -o "$T_TMP/c1" "$CFG" >&- 2>"$T_TMP/c1.err"
rc=$?
t_check "closed stdout: exit 1" test $rc = 1
t_expect_grep "closed stdout: the lost table is reported" "$T_TMP/c1.err" \
	"standard output: Bad file descriptor (the table is lost; the results are in $T_TMP/c1/)"
t_check "closed stdout: the lock file is empty" test ! -s "$T_TMP/c1/.lock"
t_check "closed stdout: the results are whole" same_as_ref "$T_TMP/c1"
"$BSWEEP" -o "$T_TMP/c2" -r 3 "$CFG" 2>&- >"$T_TMP/c2.out"
rc=$?
t_check "closed stderr: exit 0" test $rc = 0
t_check "closed stderr: the lock file is empty" test ! -s "$T_TMP/c2/.lock"
t_expect_grep "closed stderr: the table on stdout" "$T_TMP/c2.out" "^batch_size"
"$BSWEEP" -q -o "$T_TMP/c3" "$CFG" <&- >&- 2>&-
rc=$?
t_check "all three closed, -q: exit 0, results whole" sh -c "test $rc = 0" && same_as_ref "$T_TMP/c3"
for args in "data $CFG" "--version" "--print-config $CFG" "-n $CFG" "--help"; do
	# shellcheck disable=SC2086
	"$BSWEEP" $args >&- 2>"$T_TMP/c.err"
	rc=$?
	t_check "closed stdout, $args: exit 1" test $rc = 1
	t_expect_grep "closed stdout, $args: said so" "$T_TMP/c.err" "standard output: Bad file descriptor"
done

# ---------------------------------------------------------------- file-size limit
for jobs in 1 2; do
	(ulimit -f 4 && exec "$BSWEEP" -q -j $jobs -o "$T_TMP/f$jobs" "$CFG") 2>"$T_TMP/f.err"
	rc=$?
	t_check "ulimit -f, -j $jobs: exit 1" test $rc = 1
	t_expect_grep "ulimit -f, -j $jobs: the write error is named" "$T_TMP/f.err" \
		"^bsweep: $T_TMP/f$jobs/.*: cannot write: File too large$"
	t_check "ulimit -f, -j $jobs: no temporary file left" no_temps "$T_TMP/f$jobs"
	t_check "ulimit -f, -j $jobs: no combined file" test ! -e "$T_TMP/f$jobs/epochs.csv"
done
(ulimit -f 4 && exec "$BSWEEP" data -o "$T_TMP/d.csv" tests/golden/blobs_wide.json) 2>"$T_TMP/f.err"
rc=$?
t_check "ulimit -f, data -o: exit 1" test $rc = 1
t_expect_grep "ulimit -f, data -o: said so" "$T_TMP/f.err" "d.csv: cannot write: File too large"
t_check "ulimit -f, data -o: nothing left" sh -c "! ls -A '$T_TMP' | grep -q 'd.csv'"

# ---------------------------------------------------------------- others' files
O=$T_TMP/own
cp -r "$T_TMP/ref" "$O"
: >"$O/.notes.tmp-abcdef"             # not one of bsweep's names
: >"$O/.run.json.tmp-ABC123"          # bsweep's: a killed run's
: >"$O/runs/.b4_s0.epochs.csv.tmp-x1y2z3"
: >"$O/runs/.backup.csv.tmp-qwerty"
echo "my,own" >"$O/runs/backup.csv"
echo "my,own" >"$O/runs/b999_s0.epochs.csv"   # bsweep's name, not its header
cp "$O/runs/b4_s0.summary.csv" "$O/runs/b999_s1.summary.csv"  # name and header
"$BSWEEP" -q -o "$O" "$CFG" || t_not_ok "a sweep over a directory with others' files"
t_check "temporary file of another name kept" test -e "$O/.notes.tmp-abcdef"
t_check "temporary file of run.json removed" test ! -e "$O/.run.json.tmp-ABC123"
t_check "temporary file of a run file removed" test ! -e "$O/runs/.b4_s0.epochs.csv.tmp-x1y2z3"
t_check "temporary file of runs/backup.csv kept" test -e "$O/runs/.backup.csv.tmp-qwerty"
sed 's/"epochs": 6/"epochs": 5/' "$CFG" >"$T_TMP/five.json"
"$BSWEEP" -q -f -o "$O" "$T_TMP/five.json" || t_not_ok "--force over another config"
t_check "--force keeps runs/backup.csv" test -e "$O/runs/backup.csv"
t_check "--force keeps a file with a run's name but not bsweep's header" test -e "$O/runs/b999_s0.epochs.csv"
t_check "--force removes a run file of the other config" test ! -e "$O/runs/b999_s1.summary.csv"
t_check "--force keeps temporary files of others" test -e "$O/.notes.tmp-abcdef"

# ---------------------------------------------------------------- figures
F=$T_TMP/fig
mkdir -p "$F/sub"
cp -r "$T_TMP/ref/." "$F/"
for f in curves.png loss.svg summary.pdf other.png; do echo img >"$F/$f"; done
echo secret >"$T_TMP/outside.png"
printf 'curves.png\nloss.svg\nsummary.pdf\n../outside.png\nsub\n/etc/passwd\nrun.json\n' >"$F/.figures"
"$BSWEEP" -q --resume -o "$F" "$CFG" || t_not_ok "--resume over a directory with figures"
t_check "figures of the old results removed" sh -c "! test -e '$F/curves.png' && ! test -e '$F/loss.svg' && ! test -e '$F/summary.pdf'"
t_check "the manifest removed" test ! -e "$F/.figures"
t_check "an image not in the manifest kept" test -e "$F/other.png"
t_check "names outside the directory never followed" test -e "$T_TMP/outside.png"
t_check "a listed non-figure kept (run.json, sub/)" sh -c "test -s '$F/run.json' && test -d '$F/sub'"

# ---------------------------------------------------------------- --resume: who owns the runs
R=$T_TMP/anon
cp -r "$T_TMP/ref" "$R"
rm "$R/run.json"
t_run "$BSWEEP" -q --resume -o "$R" "$T_TMP/five.json"
t_expect_rc "--resume over runs without run.json" 2
t_expect_err "--resume over runs without run.json" "bsweep: $R: cannot resume: it holds runs but no run.json to say which config they belong to; nothing was written
hint: run without --resume to train every run again, or choose another directory with -o"
t_check "--resume over runs without run.json: nothing written" sh -c "! test -e '$R/run.json'"
# a run.json written before keys existed (the previous version's, whose
# sweep was interrupted): the same experiment, the keys at their defaults
R=$T_TMP/older
cp -r "$T_TMP/ref" "$R"
grep -v '^		"\(nesterov\|rho\|weight_decay\|l2\)":\|^		"select":' "$T_TMP/ref/run.json" >"$R/run.json"
rm "$R/runs/b7_s3.summary.csv"
t_check "(the run.json resumed lacks those keys)" sh -c "! grep -q '\"nesterov\"\\|\"select\"' '$R/run.json'"
t_run "$BSWEEP" -q --resume -o "$R" "$CFG"
t_expect_rc "--resume of a run.json without the keys added since (their defaults)" 0
t_check "--resume of a run.json without the keys added since: the missing run trained, the rest kept" \
	sh -c "test \"\$(grep -c 'again\$' '$T_ERR')\" = 1"
t_check "--resume of a run.json without the keys added since: the same results" same_as_ref "$R"
t_run "$BSWEEP" -q --resume -o "$T_TMP/fresh" "$CFG"
t_expect_rc "--resume into a new directory trains everything" 0
t_check "--resume into a new directory: the same results" same_as_ref "$T_TMP/fresh"

# ---------------------------------------------------------------- --resume: a corpus of corrupted run files
# corrupt NAME FILE AWK: copy the reference, pass one of run b7_s3's files
# through the awk program, --resume: the run is trained again (warning
# naming the file), the final files equal the reference.
corrupt() {
	name=$1 file=$2 prog=$3
	D=$T_TMP/cor_$(echo "$name" | tr -c 'a-z0-9\n' '_')
	cp -r "$T_TMP/ref" "$D"
	awk -F, -v OFS=, "$prog" "$T_TMP/ref/runs/b7_s3.$file.csv" >"$D/runs/b7_s3.$file.csv"
	t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
	if [ "$T_RC" = 0 ] && grep -q "b7_s3\.$file\.csv.*training run 4 (batch size 7, seed 3) again" "$T_ERR" &&
		[ "$(grep -c 'again$' "$T_ERR")" = 1 ] && same_as_ref "$D"; then
		t_ok "--resume retrains a run whose $file file has $name"
	else
		t_not_ok "--resume with $name in the $file file" "exit $T_RC; $(cat "$T_ERR")"
	fi
}
col() { printf 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR > 1 { %s } { print }' "$1"; }
corrupt "another batch size" summary "$(col '$c["batch_size"] = 4')"
corrupt "another seed" summary "$(col '$c["seed"] = 0')"
corrupt "a garbage status" summary "$(col '$c["status"] = "garbage"')"
corrupt "hello as accuracy" summary "$(col '$c["final_val_acc"] = "hello"')"
corrupt "an empty accuracy" summary "$(col '$c["final_val_acc"] = ""')"
corrupt "a negative time" summary "$(col '$c["total_seconds"] = -1')"
corrupt "an infinite time" summary "$(col '$c["train_seconds"] = "1e999"')"
corrupt "a fractional epoch count" summary "$(col '$c["epochs"] = 5.5')"
corrupt "status ok after fewer epochs" summary "$(col '$c["epochs"] = 5')"
corrupt "more epochs than the config" summary "$(col '$c["epochs"] = 7; $c["status"] = "diverged"')"
corrupt "a renamed column" summary 'NR == 1 { sub(/final_val_acc/, "final_val_accuracy") } { print }'
corrupt "an extra column" summary '{ print $0 ",1" }'
corrupt "a missing column" summary '{ NF--; print }'
corrupt "two rows" summary '{ print } NR == 2 { print }'
corrupt "no row" summary 'NR == 1'
corrupt "a second header" summary '{ print } NR == 1 { print }'
corrupt "another batch size" epochs "$(col '$c["batch_size"] = 64')"
corrupt "hello as accuracy" epochs "$(col 'if (NR == 4) $c["val_acc"] = "hello"')"
corrupt "a row fewer" epochs 'NR != 7'
corrupt "a row more" epochs '{ print } NR == 7 { print }'
corrupt "an old header" epochs 'NR == 1 { sub(/,elapsed_seconds/, "") } { print }'
corrupt "a negative accuracy" epochs "$(col 'if (NR == 3) $c["train_acc"] = -7.5')"
corrupt "an accuracy above 1" epochs "$(col 'if (NR == 3) $c["val_acc"] = 7.5')"
corrupt "an epoch numbered twice" epochs "$(col 'if (NR == 3) $c["epoch"] = 1')"
corrupt "wrong steps" epochs "$(col 'if (NR == 3) $c["steps"] = $c["steps"] + 1')"
corrupt "a nan loss with status ok" summary "$(col '$c["final_train_loss"] = "nan"')"
corrupt "a final accuracy not the last epoch's" summary "$(col '$c["final_val_acc"] = 0.5')"
corrupt "a best epoch beyond the epochs" summary "$(col '$c["best_epoch"] = 9')"
corrupt "a best accuracy not the best" summary "$(col '$c["best_val_acc"] = 0.99')"
corrupt "another steps_per_epoch" summary "$(col '$c["steps_per_epoch"] = 11')"
corrupt "a status interrupted" summary "$(col '$c["status"] = "interrupted"')"
corrupt "status diverged with finite small losses" summary "$(col '$c["status"] = "diverged"')"
# spellings that change no value are kept, and the combined files are
# bsweep's own text again: no warning, files equal the reference
tolerated() { # tolerated NAME FILE AWK
	name=$1 file=$2 prog=$3
	D=$T_TMP/tol_$(echo "$name" | tr -c 'a-z0-9\n' '_')
	cp -r "$T_TMP/ref" "$D"
	awk -F, -v OFS=, "$prog" "$T_TMP/ref/runs/b7_s3.$file.csv" >"$D/runs/b7_s3.$file.csv"
	t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
	if [ "$T_RC" = 0 ] && ! [ -s "$T_ERR" ] && same_as_ref "$D"; then
		t_ok "--resume keeps a $file file with $name, writes bsweep's text"
	else
		t_not_ok "--resume with $name in the $file file" "exit $T_RC; $(cat "$T_ERR")"
	fi
}
tolerated "CRLF line ends" epochs '{ print $0 "\r" }'
tolerated "a quoted field" summary "$(col '$c["batch_size"] = "\"7\""')"
tolerated "a leading zero" epochs "$(col 'if (NR == 2) $c["epoch"] = "01"')"
tolerated "blanks around a field" summary "$(col '$c["seed"] = " 3 "')"
# cut short: no newline at the end
D=$T_TMP/cor_cut
cp -r "$T_TMP/ref" "$D"
head -c -1 "$T_TMP/ref/runs/b7_s3.epochs.csv" >"$D/runs/b7_s3.epochs.csv"
t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
t_check "--resume retrains a run whose epochs file is cut short" sh -c \
	"test $T_RC = 0 && grep -q 'line cut short; training run 4' '$T_ERR'" && same_as_ref "$D"
# binary garbage, an empty file, a summary without epochs
for what in garbage empty; do
	D=$T_TMP/cor_$what
	cp -r "$T_TMP/ref" "$D"
	if [ $what = garbage ]; then head -c 300 /dev/urandom >"$D/runs/b7_s3.summary.csv"; else : >"$D/runs/b7_s3.summary.csv"; fi
	t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
	t_check "--resume retrains a run whose summary file is $what" sh -c \
		"test $T_RC = 0 && grep -q 'training run 4' '$T_ERR'" && same_as_ref "$D"
done
D=$T_TMP/cor_nosum
cp -r "$T_TMP/ref" "$D"
rm "$D/runs/b7_s3.summary.csv"
t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
t_check "--resume retrains a run with an epochs file and no summary" sh -c \
	"test $T_RC = 0 && grep -q 'b7_s3.epochs.csv: no summary file beside it; training run 4' '$T_ERR'" && same_as_ref "$D"
D=$T_TMP/cor_none
cp -r "$T_TMP/ref" "$D"
rm "$D/runs/b7_s3.summary.csv" "$D/runs/b7_s3.epochs.csv"
t_run "$BSWEEP" -q --resume -o "$D" "$CFG"
t_check "--resume trains a missing run without a warning" sh -c "test $T_RC = 0 && ! test -s '$T_ERR'" && same_as_ref "$D"

# ---------------------------------------------------------------- FIFOs where files belong
# a directory from elsewhere may hold FIFOs: reading or writing one must
# never hang (a FIFO nobody writes reads as nothing; one nobody reads is
# an error)
fifo_case() { # fifo_case NAME PATH_IN_DIR ARGS...
	name=$1 rel=$2
	shift 2
	D=$T_TMP/fifo_$(echo "$name" | tr -c 'a-z0-9\n' '_')
	cp -r "$T_TMP/ref" "$D"
	rm -f "$D/$rel"
	mkfifo "$D/$rel"
	timeout 30 "$BSWEEP" "$@" -o "$D" "$CFG" >/dev/null 2>"$T_TMP/fifo.err"
	rc=$?
	if [ $rc != 124 ] && [ $rc -le 2 ] && { [ $rc = 0 ] || [ -s "$T_TMP/fifo.err" ]; }; then
		t_ok "$name as a FIFO: bsweep $* ends (exit $rc)"
	else
		t_not_ok "$name as a FIFO: bsweep $*: exit $rc" "$(cat "$T_TMP/fifo.err")"
	fi
}
fifo_case .figures .figures -q
fifo_case run.json run.json -q
fifo_case "run.json, --resume" run.json -q --resume
fifo_case "a run's summary, --resume" runs/b7_s3.summary.csv -q --resume
fifo_case "a run's epochs, --resume" runs/b7_s3.epochs.csv -q --resume
fifo_case epochs.csv epochs.csv -q
t_run timeout 30 "$BSWEEP" compare "$T_TMP/fifo_epochs_csv" "$T_TMP/ref"
t_check "compare with a FIFO summary.csv ends" test "$T_RC" != 124
mkfifo "$T_TMP/fifo.json"
t_run timeout 30 "$BSWEEP" "$T_TMP/fifo.json"
t_expect_rc "a config that is a FIFO nobody writes" 2

# ---------------------------------------------------------------- figures, end to end
E=$T_TMP/e2e
"$BSWEEP" -q -o "$E" tests/configs/plot_tiny.json
if command -v gnuplot >/dev/null 2>&1 && sh scripts/plots.sh "$E" >/dev/null 2>&1; then
	t_check "plots.sh lists its figures in .figures" test "$(sort "$E/.figures" | tr '\n' ' ')" = "curves.png loss.png summary.png "
	"$BSWEEP" -q -f -o "$E" "$T_TMP/five.json"
	t_check "a sweep over other results removes the figures of the old ones" \
		sh -c "! ls '$E' | grep -q '\.png$' && ! test -e '$E/.figures'"
else
	t_not_ok "plots.sh on a tiny sweep"
fi

# plots.sh interrupted (SIGINT) while it renders the second figure, and a
# gnuplot killed with its temporary image left: the next sweep still
# removes every image of the old results
if command -v gnuplot >/dev/null 2>&1; then
	K=$T_TMP/killed
	"$BSWEEP" -q -o "$K" tests/configs/plot_tiny.json
	cat >"$T_TMP/gp" <<'SH'
#!/bin/sh
n=$(cat "$GPCOUNT" 2>/dev/null || echo 0); n=$((n + 1)); echo $n >"$GPCOUNT"
if [ $n = 2 ]; then echo half >"$(dirname "$3")/.loss.tmp.99999.png"; kill -INT $PPID; exit 1; fi
exec gnuplot "$@"
SH
	chmod +x "$T_TMP/gp"
	GPCOUNT=$T_TMP/gpcount GNUPLOT=$T_TMP/gp sh scripts/plots.sh "$K" >/dev/null 2>&1
	t_check "plots.sh interrupted: the image it placed is listed" grep -q '^curves.png$' "$K/.figures"
	"$BSWEEP" -q -f -o "$K" "$T_TMP/five.json"
	t_check "plots.sh interrupted: the next sweep removes its images and temporaries" \
		sh -c "! ls -A '$K' | grep -q 'png'"
fi

# ---------------------------------------------------------------- address-space limits
# OpenBLAS maps a 128 MiB work buffer per thread and retries a failed
# mapping forever: every command must end, with exit 0 or 1 and a message
# naming the limit, never hang (124 here) or die by a signal.  Below about
# 60 MiB OpenBLAS cannot start at all, before main (documented).
cat >"$T_TMP/wide.json" <<'JSON'
{"name": "wide", "data": {"n_samples": 300, "n_features": 40, "n_train": 200},
 "model": {"hidden": [600]}, "train": {"epochs": 2}, "sweep": {"batch_sizes": [8, 64]}}
JSON
# AddressSanitizer reserves terabytes of address space: no limit fits
if (ulimit -v 400000 && exec "$BSWEEP" --help) >/dev/null 2>&1; then kibs="100000 200000 400000"
else kibs=; t_skip "address-space limits" "this build cannot start under one (a sanitizer build)"; fi
for kib in $kibs; do
	for args in "--version" "-q -o $T_TMP/lim_t$kib $CFG" "-q -o $T_TMP/lim_w$kib $T_TMP/wide.json" \
		"-q -t 2 -o $T_TMP/lim_w2$kib $T_TMP/wide.json" "-q -j 2 -o $T_TMP/lim_j$kib $T_TMP/wide.json"; do
		# shellcheck disable=SC2086
		(ulimit -v $kib && exec timeout 60 "$BSWEEP" $args) >/dev/null 2>"$T_TMP/lim.err"
		rc=$?
		what="ulimit -v $kib, bsweep $(echo "$args" | sed "s|$T_TMP/||g")"
		if [ $rc = 0 ] || { [ $rc = 1 ] && grep -q "address-space limit (ulimit -v $kib)\|out of memory" "$T_TMP/lim.err"; }; then
			t_ok "$what: exit $rc"
		else
			t_not_ok "$what: exit $rc" "$(cat "$T_TMP/lim.err")"
		fi
	done
done

# ---------------------------------------------------------------- control characters in messages
# every C0 control, DEL and the C1 controls (CSI U+009B among them) in a
# key, a grid key, a string value, and raw before a syntax error: the
# message shows each escaped, so stderr holds no control byte but the
# newline before a hint, and no C1 character in UTF-8 (0xc2 0x80-0x9f)
ctl=0
for cp in 1 7 8 9 10 13 27 31 127 128 133 155 159; do
	u=$(printf '\\u%04x' $cp)
	for cfg in "{\"x${u}y\": 1}" "{\"sweep\": {\"grid\": {\"train.lr${u}\": [1]}}}" \
		"{\"model\": {\"activation\": \"a${u}b\"}}" "{\"data\": {\"n${u}\": 1}}"; do
		printf '%s\n' "$cfg" >"$T_TMP/ctl.json"
		"$BSWEEP" -o "$T_TMP/never" "$T_TMP/ctl.json" 2>"$T_TMP/ctl.err"
		rc=$?
		if [ $rc != 2 ] || LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T_TMP/ctl.err" ||
			LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T_TMP/ctl.err" ||
			! grep -q 'u00\|\\[tnr]' "$T_TMP/ctl.err"; then
			ctl=$((ctl + 1))
			t_not_ok "control character U+$(printf %04X $cp) in $cfg: exit $rc, message" "$(cat -A "$T_TMP/ctl.err")"
		fi
	done
done
printf '{"name": "\033[2Jx\302\233" , ]}\n' >"$T_TMP/ctl.json"
"$BSWEEP" -o "$T_TMP/never" "$T_TMP/ctl.json" 2>"$T_TMP/ctl.err"
if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]\\|\302[\200-\237]')" "$T_TMP/ctl.err"; then
	ctl=$((ctl + 1))
	t_not_ok "raw control characters before a syntax error reach stderr" "$(cat -A "$T_TMP/ctl.err")"
fi
# and in a field of a result file --resume reads (the warning quotes it)
D=$T_TMP/ctl_field
cp -r "$T_TMP/ref" "$D"
awk -F, -v OFS=, -v bad="$(printf 'o\033[2J\302\233k')" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 { $c["status"] = bad } { print }' "$T_TMP/ref/runs/b7_s3.summary.csv" >"$D/runs/b7_s3.summary.csv"
"$BSWEEP" -q --resume -o "$D" "$CFG" 2>"$T_TMP/ctl.err"
if ! grep -q 'found .o\\u001b\[2J\\u009bk.; training run 4' "$T_TMP/ctl.err" ||
	LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]\\|\302[\200-\237]')" "$T_TMP/ctl.err"; then
	ctl=$((ctl + 1))
	t_not_ok "control characters in a run file's field reach stderr" "$(cat -A "$T_TMP/ctl.err")"
fi
t_check "control characters in config keys, grid keys, strings, malformed text and run files: escaped in every message" test $ctl = 0
t_check "nothing written for any of them" test ! -e "$T_TMP/never"

# ---------------------------------------------------------------- what run.json and summary.csv say of the measurement
jget() { # jget FILE KEY: the value of the first "KEY": line (cJSON prints one a line)
	awk -v k="\"$2\":" '$1 == k { v = $2; sub(/,$/, "", v); print v; exit }' "$1"
}
colv() { # colv FILE NAME: the column's values, sorted, unique, blank-separated
	awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1" |
		sort -u | tr '\n' ' '
}
M=$T_TMP/meas
"$BSWEEP" -q -t 256 -o "$M" "$CFG"
lib=$("$BSWEEP" -t 256 --version | awk -F': ' '$1 == "blas_threads" { print $2 }')
t_check "-t 256: run.json records the threads OpenBLAS uses ($lib)" test "$(jget "$M/run.json" blas_threads)" = "$lib"
t_check "-t 256: so does every run" test "$(colv "$M/summary.csv" blas_threads)" = "$lib "
rm "$M/runs/b64_s3.summary.csv"
"$BSWEEP" -q --resume -j 2 -r 3 -w 1 -o "$M" "$CFG" 2>"$T_TMP/meas.err"
t_expect_grep "--resume -r 3 -w 1: the kept runs' other timing is said" "$T_TMP/meas.err" \
	'^bsweep: warning: 5 of 6 runs were timed with other repeats or warm-ups than this sweep.s 3 and 1 (columns "repeats" and "warmup" in summary.csv): their times are not measured alike$'
t_check "--resume -j 2 of one run: run.json says 1 job" test "$(jget "$M/run.json" jobs)" = 1
t_check "--resume -j 2 of one run: not side by side" test "$(jget "$M/run.json" side_by_side)" = false
t_check "--resume -r 3 -w 1: the kept runs keep their 1 repeat, the new one has 3" \
	test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%s:%s:%s ", $c["batch_size"] "_" $c["seed"], $c["repeats"], $c["warmup"] }' "$M/summary.csv")" = \
	"4_0:1:0 4_3:1:0 7_0:1:0 7_3:1:0 64_0:1:0 64_3:3:1 "
"$BSWEEP" -q -j 2 -o "$T_TMP/meas2" "$CFG"
t_check "-j 2 over 6 runs: side by side, 2 jobs in run.json and in every run" sh -c \
	"test '$(jget "$T_TMP/meas2/run.json" side_by_side)' = true && test '$(jget "$T_TMP/meas2/run.json" jobs)' = 2 && test '$(colv "$T_TMP/meas2/summary.csv" jobs)' = '2 '"

# ---------------------------------------------------------------- smaller ones
# run.json is UTF-8 whatever bytes the command line holds
B=$(printf 'bad\377\376name')
mkdir -p "$T_TMP/$B"
cp "$CFG" "$T_TMP/$B/c.json"
"$BSWEEP" -q -o "$T_TMP/utf" "$T_TMP/$B/c.json" && \
	t_check "run.json is valid UTF-8 with a non-UTF-8 path" iconv -f UTF-8 -t UTF-8 "$T_TMP/utf/run.json"
t_expect_grep "the bad bytes are shown as U+FFFD" "$T_TMP/utf/run.json" "bad$(printf '\357\277\275\357\277\275')name"
# compare: one directory spelled three ways is one directory
ABS=$(cd "$(dirname "$BSWEEP")" && pwd)/$(basename "$BSWEEP")
(cd "$T_TMP" && "$ABS" compare ref ref/ ./ref) >"$T_TMP/cmp.out" 2>&1
t_expect_grep "compare: ref, ref/, ./ref are ref, ref#2, ref#3" "$T_TMP/cmp.out" "^  ref#3  ./ref$"
# a reference time of 0 has no ratio: n/a, never nan
Z=$T_TMP/zero
cp -r "$T_TMP/ref" "$Z"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^total_seconds/) z[i] = 1; print; next }
	{ for (i in z) $i = 0; print }' "$T_TMP/ref/summary.csv" >"$Z/summary.csv"
"$BSWEEP" compare "$Z" "$T_TMP/ref" >"$T_TMP/cmp.out" 2>&1
t_check "compare against zero times: exit 0, no nan" sh -c "! grep -qi nan '$T_TMP/cmp.out'"
t_expect_grep "compare against zero times: the ratio is n/a" "$T_TMP/cmp.out" "geometric mean of the ratios n/a"
# the final files and their directory are fsynced after the rename: a
# complete run.json survives a power cut
if command -v strace >/dev/null 2>&1; then
	strace -f -o "$T_TMP/trace" -e trace=openat,fsync,rename "$BSWEEP" -q -o "$T_TMP/sync" "$CFG"
	# the last rename (run.json), then an fsync of a descriptor opened
	# O_DIRECTORY on the results directory
	t_check "the directory is fsynced after the final rename" awk -v d="$T_TMP/sync" '
		/rename\(.*run\.json"\)/ { after = 1; next }
		after && /openat\(.*O_DIRECTORY/ && index($0, "\"" d "\"") { match($0, /= [0-9]+$/); fd = substr($0, RSTART + 2); next }
		after && fd != "" && $0 ~ "fsync\\(" fd "\\)" && / = 0$/ { ok = 1 }
		END { exit !ok }' "$T_TMP/trace"
else
	t_skip "the directory is fsynced after the final rename" "no strace here"
fi
# stdout and stderr in one pipe: every line whole (stdout flushed first)
"$BSWEEP" -q -t 2 -o "$T_TMP/t2" "$CFG"
"$BSWEEP" compare "$T_TMP/ref" "$T_TMP/t2" 2>&1 | cat >"$T_TMP/both"
t_check "compare 2>&1 | cat: the warning is a line of its own" \
	grep -q "^bsweep: warning: blas_threads differ: 1 in $T_TMP/ref, 2 in $T_TMP/t2$" "$T_TMP/both"
t_check "compare 2>&1 | cat: the table's lines are whole" grep -q "^config \"tiny\": 3 batch sizes x 2 seeds, 1 timed repeat per run$" "$T_TMP/both"
# data -o through a dangling symbolic link creates its target, keeps the link
ln -s target.csv "$T_TMP/link.csv"
"$BSWEEP" data -o "$T_TMP/link.csv" "$CFG"
t_check "data -o a dangling link: the link kept" test -L "$T_TMP/link.csv"
t_check "data -o a dangling link: its target written" test -s "$T_TMP/target.csv"
ln -s loop2 "$T_TMP/loop1"; ln -s loop1 "$T_TMP/loop2"
t_run "$BSWEEP" data -o "$T_TMP/loop1" "$CFG"
t_expect_rc "data -o a link loop" 1
t_expect_err "data -o a link loop" "bsweep: $T_TMP/loop1: cannot follow the symbolic link: Too many levels of symbolic links"

t_done
