#!/bin/sh
# tests/overrides.sh BSWEEP: --set KEY=VALUE (issue 16) and a results
# directory's run.json given as the config.
#   - overridden values reach the results: the files equal those of a
#     config file written with the same values, timing columns excluded;
#   - run.json's "config" holds them and "overrides" the options as given;
#   - every bad override: exit 2, the exact message, nothing written;
#   - bsweep -o DIR2 DIR1/run.json trains the same runs again.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

# a tiny base (3 x 10 epochs would be slow enough to notice: 10 epochs,
# 4 batch sizes); the overrides shrink it
cat >"$T_TMP/base.json" <<'EOF'
{"name": "ov",
 "data": {"generator": "blobs", "n_samples": 400, "centers": 3, "n_features": 2,
          "random_state": 5, "n_train": 200},
 "model": {"hidden": [8]},
 "train": {"epochs": 10, "learning_rate": 0.01},
 "sweep": {"batch_sizes": [4, 16, 32, 128], "seeds": [7]}}
EOF
# the same config written out with the overridden values
cat >"$T_TMP/same.json" <<'EOF'
{"name": "ov",
 "data": {"generator": "blobs", "n_samples": 400, "centers": 3, "n_features": 2,
          "random_state": 5, "n_train": 200},
 "model": {"hidden": [8]},
 "train": {"epochs": 3, "learning_rate": 0.01},
 "sweep": {"batch_sizes": [8, 64], "seeds": [0, 1]}}
EOF

# column number of NAME in the header of CSV file $2
col() { head -n 1 "$2" | tr ',' '\n' | awk -v n="$1" '$0 == n { print NR; exit }'; }
# CSV $1 without its measured columns nor a column named "run" (a run's
# identifier, which may name its directory)
stable() {
	t_notime "$1" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) drop[i] = ($i == "run") }
	{ s = ""; for (i = 1; i <= NF; i++) if (!drop[i]) s = s (s == "" ? "" : ",") $i; print s }'
}
# the resolved config's value at a dotted path ("train.epochs"), printed by
# bsweep --print-config: the value's line, blanks squeezed
resolved() { # resolved FILE KEY [--set ...]
	f=$1 k=$2; shift 2
	"$BSWEEP" --print-config "$@" "$f" | awk -v k="$k" '
	BEGIN { n = split(k, p, ".") }
	{ line = $0; gsub(/[\t ]+/, "", line) }
	line ~ /^"[^"]*":/ { key = line; sub(/^"/, "", key); sub(/".*/, "", key)
		d = match($0, /[^\t]/) - 1
		path[d] = key; full = ""
		for (i = 1; i <= d; i++) full = full (full == "" ? "" : ".") path[i]
		if (full == k) { v = line; sub(/^"[^"]*":/, "", v); sub(/,$/, "", v); print v; exit } }'
}

# ---- overridden values reach the results
A=$T_TMP/a
t_run "$BSWEEP" -q -o "$A" -s train.epochs=3 --set 'sweep.batch_sizes=[8,64]' \
	-s 'sweep.seeds=[0, 1]' "$T_TMP/base.json"
t_expect_rc "sweep with overrides" 0
e=$A/epochs.csv
bcol=$(col batch_size "$e") scol=$(col seed "$e") ecol=$(col epoch "$e")
got=$(awk -F, -v b="$bcol" -v s="$scol" -v c="$ecol" 'NR > 1 { n[$b "/" $s]++; if ($c > m[$b "/" $s]) m[$b "/" $s] = $c }
	END { for (k in n) print k, n[k], m[k] }' "$e" | sort -n)
want="8/0 3 3
8/1 3 3
64/0 3 3
64/1 3 3"
if [ "$got" = "$want" ]; then t_ok "overrides: exactly the runs 8 and 64 x seeds 0, 1, 3 epochs each"
else t_not_ok "overrides: runs and epochs" "got: $got"; fi
B=$T_TMP/b
"$BSWEEP" -q -o "$B" "$T_TMP/same.json"
for f in epochs.csv summary.csv; do
	if [ -s "$A/$f" ] && [ "$(stable "$A/$f")" = "$(stable "$B/$f")" ]; then
		t_ok "overrides: $f equals that of the config file with those values"
	else
		t_not_ok "overrides: $f differs from that of the config file with those values"
	fi
done

# ---- run.json: the resolved config and the overrides as given
r=$A/run.json
ov=$(awk '/"overrides":/ { on = 1 } on { print } on && /\]/ { exit }' "$r" | tr -d '\n\t ')
if [ "$ov" = '"overrides":["train.epochs=3","sweep.batch_sizes=[8,64]","sweep.seeds=[0,1]"],' ]; then
	t_ok "run.json: overrides recorded as given"
else
	t_not_ok "run.json: overrides recorded as given" "got: $ov"
fi
t_check "run.json: config.train.epochs is 3" [ "$(resolved "$r" train.epochs)" = 3 ]
t_check "run.json: config.sweep.batch_sizes is [8,64]" [ "$(resolved "$r" sweep.batch_sizes)" = "[8,64]" ]
t_check "run.json: config.sweep.seeds is [0,1]" [ "$(resolved "$r" sweep.seeds)" = "[0,1]" ]
t_check "run.json: the file's other values kept (learning_rate 0.01)" \
	[ "$(resolved "$r" train.learning_rate)" = 0.01 ]
"$BSWEEP" -q -o "$B" "$T_TMP/same.json"
t_check "run.json without --set: no overrides member" sh -c "! grep -q '\"overrides\"' '$B/run.json'"

# the hints that re-run a sweep made with --set name its run.json (which
# holds the overrides), never the config file alone (another config)
cp -R "$A" "$T_TMP/a2"
rm -f "$T_TMP/a2/runs/b8_s1".*
t_run "$BSWEEP" analyze "$T_TMP/a2"
t_expect_err "analyze, a run missing: the hint" "bsweep: $T_TMP/a2: 1 of 4 runs have not finished (the first: run 2, batch size 8, seed 1)
hint: finish the sweep first: bsweep --resume -o $T_TMP/a2 $T_TMP/a2/run.json"
t_run "$BSWEEP" -q --resume -o "$T_TMP/a2" "$T_TMP/a2/run.json"
t_expect_rc "the hint followed" 0

# ---- how a value is read, --print-config
t_check "plain string value (name=lr01)" [ "$(resolved "$T_TMP/base.json" name -s name=lr01)" = '"lr01"' ]
t_check "quoted JSON string value" [ "$(resolved "$T_TMP/base.json" name -s 'name="q1"')" = '"q1"' ]
t_check "plain string for an enum (data.generator=moons)" \
	[ "$(resolved "$T_TMP/base.json" data.generator -s data.generator=moons -s 'data={"generator": "moons"}')" = '"moons"' ]
t_check "in command-line order: the last wins" \
	[ "$(resolved "$T_TMP/base.json" train.epochs -s train.epochs=5 -s train.epochs=2)" = 2 ]
t_check "an object value replaces the whole member (learning_rate back to 0.001)" \
	[ "$(resolved "$T_TMP/base.json" train.learning_rate -s 'train={"epochs": 2}')" = 0.001 ]
echo '{"name": "bare"}' >"$T_TMP/bare.json"
t_check "missing objects are made (train.warmup.steps=7)" \
	[ "$(resolved "$T_TMP/bare.json" train.warmup.steps -s train.warmup.steps=7)" = 7 ]
t_check "a key of sweep.grid is the rest of the path" \
	[ "$(resolved "$T_TMP/bare.json" sweep.grid -s 'sweep.grid.train.learning_rate=[0.01,0.1]')" = '{' ]
"$BSWEEP" --print-config -s 'sweep.grid.train.learning_rate=[0.01,0.1]' "$T_TMP/bare.json" >"$T_TMP/grid.json"
t_expect_grep "the grid axis train.learning_rate [0.01, 0.1]" "$T_TMP/grid.json" '"train.learning_rate":[[:space:]]*\[0.01, 0.1\]'
t_check "booleans (train.shuffle=false)" \
	[ "$(resolved "$T_TMP/base.json" train.shuffle -s train.shuffle=false)" = false ]

# --dry-run and bsweep data take them too
t_run "$BSWEEP" -n -s 'sweep.batch_sizes=[8,64]' -s 'sweep.seeds=[0,1,2]' "$T_TMP/base.json"
t_expect_grep "dry run: 6 runs" "$T_OUT" '6 runs'
t_run "$BSWEEP" data -s data.n_samples=30 -s data.n_train=20 "$T_TMP/base.json"
t_check "bsweep data: 30 rows" [ "$T_RC" = 0 ] && [ "$(wc -l <"$T_OUT")" = 31 ]

# ---- bad overrides: exit 2, the message, nothing written
TRY="Try 'bsweep --help' for more information."
bad() { # bad name "message" args...
	name=$1 msg=$2; shift 2
	t_run "$BSWEEP" -o "$T_TMP/never" "$@" "$T_TMP/base.json"
	t_expect_rc "bad override $name" 2
	t_expect_err "bad override $name" "$msg"
	if [ -s "$T_OUT" ] || [ -e "$T_TMP/never" ]; then t_not_ok "bad override $name: wrote something"
	else t_ok "bad override $name: nothing written"; fi
}
bad "out of range" "bsweep: --set train.epochs=0: train.epochs: expected an integer from 1 to 1000000, found 0" \
	-s train.epochs=0
bad "not an integer" "bsweep: --set train.epochs=abc: train.epochs: expected an integer from 1 to 1000000, found the string \"abc\"" \
	--set train.epochs=abc
bad "in an array" "bsweep: --set sweep.batch_sizes=[8,0]: sweep.batch_sizes[1]: expected a positive integer, found 0" \
	-s 'sweep.batch_sizes=[8,0]'
bad "unknown key" "bsweep: --set train.epoch=3: train.epoch: unknown key
hint: did you mean \"epochs\"? (keys are case-sensitive)" -s train.epoch=3
bad "key of another section" "bsweep: --set learning_rate=0.1: learning_rate: unknown key
hint: did you mean \"train.learning_rate\"? (\"learning_rate\" belongs in \"train\")" -s learning_rate=0.1
bad "inside an object value" "bsweep: --set train={\"epochs\": -1}: train.epochs: expected an integer from 1 to 1000000, found -1" \
	-s 'train={"epochs": -1}'
bad "seeds as a count" "bsweep: --set sweep.seeds=3: sweep.seeds: expected an array of integers, found 3
hint: for 3 seeds, write [0, 1, 2]" -s sweep.seeds=3
bad "broken JSON" "bsweep: --set sweep.seeds=[0,1: at character 5: malformed JSON: unexpected end of the value (unclosed object, array or string?)" \
	-s 'sweep.seeds=[0,1'
bad "trailing comma" "bsweep: --set sweep.seeds=[0,1,]: at character 5: malformed JSON: trailing comma before ']' (JSON allows no comma after the last element of an array; remove it)" \
	-s 'sweep.seeds=[0,1,]'
bad "unclosed string" "bsweep: --set name=\"x: at character 1: malformed JSON: a string starts here and is never closed" \
	-s 'name="x'
bad "a literal that rounds to the open bound" "bsweep: --set train.beta_1=0.99999999999999999: train.beta_1: expected a number in [0, 1), found 0.99999999999999999, which is 1 in double precision" \
	-s train.beta_1=0.99999999999999999
bad "a NUL character" "bsweep: --set name=\"a\\u0000\": at character 3: expected a value without NUL characters (\\u0000)" \
	-s 'name="a\u0000"'
bad "a lone surrogate" "bsweep: --set name=\"\\ud800\": at character 2: malformed JSON: \\ud800 is half of a UTF-16 surrogate pair, without the other half (a character beyond U+FFFF is written as two escapes, such as \\ud83d\\ude00)" \
	-s 'name="\ud800"'
bad "multibyte characters shown as they are" "bsweep: --set name=a€😀\\u0085: name: expected 1 to 64 letters, digits, '.', '_' or '-' (not starting with '.'), found the string \"a€😀\\u0085\"" \
	-s "name=a€😀$(printf '\302\205')"
bad "through a non-object" "bsweep: --set train.epochs.x=1: train.epochs: expected an object to set \"x\" in, found 10" \
	-s train.epochs.x=1
bad "the last of two bad ones named" "bsweep: --set train.epochs=0: train.epochs: expected an integer from 1 to 1000000, found 0" \
	-s train.epochs=-5 -s train.epochs=0
bad "no =" "bsweep: option --set 'train.epochs': expected KEY=VALUE such as train.epochs=50, found no '='
$TRY" -s train.epochs
bad "empty key" "bsweep: option --set '=3': expected KEY=VALUE such as train.epochs=50, found an empty KEY
$TRY" --set =3
bad "empty component" "bsweep: option --set 'train..epochs=3': expected a KEY such as train.epochs, found an empty component
$TRY" -s train..epochs=3
# past cJSON's nesting limit: said so (it read "malformed JSON after
# '[[[['"), for a value as for a file
b1001=$(printf '%1001s' '' | tr ' ' '[')$(printf '%1001s' '' | tr ' ' ']')
bad "nested too deep" "bsweep: --set train.epochs=$(printf '%47s' '' | tr ' ' '[')...: at character 1001: malformed JSON: arrays and objects nested more than 1000 deep" \
	-s "train.epochs=$b1001"
# a section the override itself made: named as the option's, not the file's
bad "made a section" "bsweep: --set foo.bar=1: foo: unknown key
hint: the keys allowed here are name, data, model, train, sweep, timing, analysis" -s foo.bar=1
bad "made a grid" "bsweep: --set sweep.grid.train.epochs=[1,2,3,4,5,6,7,8,9,10]: sweep.grid: expected at most 100000 runs (batch sizes x grid points x seeds), found 4 x 100000 x 1 = 400000" \
	-s 'sweep.grid.train.epochs=[1,2,3,4,5,6,7,8,9,10]' -s 'sweep.grid.train.beta_1=[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95]' \
	-s 'sweep.grid.train.beta_2=[0.91,0.92,0.93,0.94,0.95,0.96,0.97,0.98,0.99,0.999]' \
	-s 'sweep.grid.train.epsilon=[1e-8,1e-7,1e-6,1e-5,1e-4,1e-3,1e-2,1e-1,2e-1,3e-1]' \
	-s 'sweep.grid.train.learning_rate=[0.001,0.002,0.003,0.004,0.005,0.006,0.007,0.008,0.009,0.01]'
# argv's bytes reach the terminal escaped, in every message: controls and
# bytes that are not UTF-8 (a lone 0x9b is a CSI to some terminals)
bad "not UTF-8 in a key" "bsweep: --set na\\xffme=1: [\"na\\xffme\"]: unknown key
hint: did you mean \"name\"? (keys are case-sensitive)" -s "$(printf 'na\377me')=1"
bad "an escape in another option" "bsweep: option --threads: expected an integer from 1 to 256, found 'x\\u001b[2J\\x9b'
$TRY" --threads "$(printf 'x\033[2J\233')"
t_run "$BSWEEP" -n "$(printf 'no\033]0;x\007such.json')"
t_expect_err "an escape in the config's name" "bsweep: no\\u001b]0;x\\u0007such.json: cannot open: No such file or directory"
# and in what a sweep says on stderr (not a message: "results in DIR/")
E=$T_TMP/$(printf 'e\033[2J')
t_run "$BSWEEP" -o "$E" -s train.epochs=1 "$T_TMP/base.json"
t_expect_grep "an escape in -o DIR: results in DIR/ escaped" "$T_ERR" "^results in $T_TMP/e\\\\u001b\\[2J/ "
t_check "an escape in -o DIR: no raw ESC on stderr" sh -c "! grep -q \"\$(printf '\\033')\" '$T_ERR'"
# the file's own mistakes still name the file
echo '{"train": {"epochs": 0}}' >"$T_TMP/zero.json"
t_run "$BSWEEP" -n -s train.learning_rate=0.1 "$T_TMP/zero.json"
t_expect_err "the file's mistake names the file" "bsweep: $T_TMP/zero.json: train.epochs: expected an integer from 1 to 1000000, found 0"
t_run "$BSWEEP" -n -s train.epochs=2 "$T_TMP/zero.json"
t_expect_rc "an override may mend the file" 0

# another config into the same directory: refused as today
before=$(cat "$A/epochs.csv")
t_run "$BSWEEP" -q -o "$A" -s train.epochs=4 -s 'sweep.batch_sizes=[8,64]' -s 'sweep.seeds=[0,1]' "$T_TMP/base.json"
t_expect_rc "other overrides into the same directory" 2
t_check "other overrides into the same directory: epochs.csv kept" [ "$before" = "$(cat "$A/epochs.csv")" ]

# ---- a results directory's run.json as the config
C=$T_TMP/c
t_run "$BSWEEP" -q -o "$C" "$A/run.json"
t_expect_rc "run.json as the config" 0
for f in epochs.csv summary.csv; do
	if [ -s "$C/$f" ] && [ "$(stable "$A/$f")" = "$(stable "$C/$f")" ]; then
		t_ok "run.json as the config: $f equals the first sweep's"
	else
		t_not_ok "run.json as the config: $f differs from the first sweep's"
	fi
done
t_check "run.json as the config: same resolved config" \
	[ "$("$BSWEEP" --print-config "$A/run.json")" = "$("$BSWEEP" --print-config "$C/run.json")" ]
t_run "$BSWEEP" -q -o "$A" "$A/run.json"
t_expect_rc "run.json into its own directory: the same config" 0
t_run "$BSWEEP" -n -s train.epochs=4 "$A/run.json"
t_expect_grep "run.json with an override" "$T_OUT" '4 epochs'
printf '{"command_line": ["bsweep"], "config": {"train": {"epochs": 0}}}\n' >"$T_TMP/run.json"
t_run "$BSWEEP" -n "$T_TMP/run.json"
t_expect_err "run.json: its keys named config.KEY" "bsweep: $T_TMP/run.json: config.train.epochs: expected an integer from 1 to 1000000, found 0"
# a run.json (it has "command_line") whose "config" is no config: named
# as such, not as unknown keys of a config
printf '{"command_line": ["bsweep"], "bsweep_version": "0.1.0", "config": [1]}\n' >"$T_TMP/run.json"
t_run "$BSWEEP" -n "$T_TMP/run.json"
t_expect_err "run.json: config an array" "bsweep: $T_TMP/run.json: config: expected an object, the config this run.json records, found an array"
printf '{"command_line": ["bsweep"], "bsweep_version": "0.1.0"}\n' >"$T_TMP/run.json"
t_run "$BSWEEP" -n "$T_TMP/run.json"
t_expect_err "run.json: no config" "bsweep: $T_TMP/run.json: config: expected an object, the config this run.json records, found no member \"config\""

t_done
