#!/bin/sh
# tests/csv.sh BSWEEP: datasets read from CSV files (data.generator "csv").
#   csv/bad/*.json: a bad file or split, exit 2, the exact message in
#                   csv/bad/NAME.expected (file:line:column), nothing on
#                   stdout, nothing written;
#   csv/good/standardize: shuffle, split and standardisation against the
#                   NumPy reference (scripts/make_csv_golden.py), 1e-12;
#   quoting, CRLF, string labels and their classes in run.json;
#   a data file under a non-UTF-8 directory name: run.json stays UTF-8;
#   bsweep data round trip: export, read back, export: byte-identical;
#   a 10^6-row file made here: read within a memory and time bound.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
dir=tests/csv

for f in "$dir"/bad/*.json; do
	name=$(basename "$f" .json)
	t_run "$BSWEEP" -o "$T_TMP/never" "$f"
	t_expect_rc "bad csv $name" 2
	t_expect_err "bad csv $name" "$(cat "$dir/bad/$name.expected")"
	if [ -s "$T_OUT" ] || [ -e "$T_TMP/never" ]; then
		t_not_ok "bad csv $name: wrote something"
	else
		t_ok "bad csv $name: nothing written"
	fi
done
# bsweep data checks the file as the sweep does
t_run "$BSWEEP" data "$dir/bad/nan.json"
t_expect_rc "bsweep data on a bad csv" 2
t_expect_err "bsweep data on a bad csv" "$(cat "$dir/bad/nan.expected")"

# standardisation (training rows only), seeded shuffle, fraction split,
# string labels in byte order, label column in the middle: NumPy's values
t_run "$BSWEEP" data "$dir/good/standardize.json"
t_expect_rc "standardize.json: bsweep data" 0
if awk -F, 'NR == FNR { for (i = 1; i <= NF; i++) g[FNR, i] = $i; n = FNR; next }
	{ m = FNR; for (i = 1; i <= NF; i++) {
		if (FNR == 1 || i == NF) { if ($i != g[FNR, i]) bad = 1; continue }
		d = $i - g[FNR, i]; if (d < 0) d = -d
		s = g[FNR, i] < 0 ? -g[FNR, i] : g[FNR, i]
		if (d > 1e-12 * (s > 1 ? s : 1)) bad = 1 } }
	END { exit bad || m != n }' "$dir/good/standardize.golden" "$T_OUT"; then
	t_ok "standardize.json: shuffled, split, standardised as NumPy does (1e-12)"
else
	t_not_ok "standardize.json: differs from NumPy's" "$(diff "$dir/good/standardize.golden" "$T_OUT" | head -6)"
fi

# quoting and line ends: the same table with LF, CRLF, quoted numbers and
# quoted labels holding commas, quotes and a line break
printf 'x,"y y",class\n1.5,-2,"b,c"\n3,4e-1,a\n-0.25,7,"q ""x"""\n5,6,"two\nlines"\n8,9,a\n' >"$T_TMP/lf.csv"
printf 'x,"y y",class\r\n"1.5",-2,"b,c"\r\n3,"4e-1",a\r\n-0.25,7,"q ""x"""\r\n5,6,"two\nlines"\r\n8,9,"a"\r\n' >"$T_TMP/crlf.csv"
for t in lf crlf; do
	printf '{"data": {"generator": "csv", "path": "%s.csv", "n_train": 3}, "sweep": {"batch_sizes": [2], "seeds": [0]}, "train": {"epochs": 1}}\n' "$t" >"$T_TMP/$t.json"
	"$BSWEEP" data "$T_TMP/$t.json" >"$T_TMP/$t.out" 2>"$T_TMP/$t.err"
done
printf 'x0,x1,label\n1.5,-2,1\n3,0.40000000000000002,0\n-0.25,7,2\n5,6,3\n8,9,0\n' >"$T_TMP/want.out"
t_check "quoted fields and LF: the values, labels in byte order (a, b,c, q \"x\", two lines)" \
	cmp "$T_TMP/lf.out" "$T_TMP/want.out"
t_check "CRLF line ends and quoted numbers read as LF" cmp "$T_TMP/crlf.out" "$T_TMP/lf.out"
# a data file in a directory whose name is not UTF-8: run.json and
# --print-config stay UTF-8 (the byte as U+FFFD), and the sweep runs again
nu=$T_TMP/$(printf 'd\351')
mkdir "$nu"
cp "$T_TMP/lf.csv" "$T_TMP/lf.json" "$nu/"
t_run "$BSWEEP" -q -o "$nu/out" "$nu/lf.json"
t_expect_rc "data in a non-UTF-8 directory: the sweep" 0
t_check "data in a non-UTF-8 directory: run.json is UTF-8" iconv -f UTF-8 -t UTF-8 "$nu/out/run.json"
t_expect_grep "data in a non-UTF-8 directory: the path's byte as U+FFFD" "$nu/out/run.json" "$(printf '"path":[[:space:]]*".*/d\357\277\275/lf.csv"')"
"$BSWEEP" --print-config "$nu/lf.json" >"$T_TMP/nu.json"
t_check "data in a non-UTF-8 directory: --print-config is UTF-8" iconv -f UTF-8 -t UTF-8 "$T_TMP/nu.json"
t_run "$BSWEEP" -q -o "$nu/out" "$nu/lf.json"
t_expect_rc "data in a non-UTF-8 directory: the same sweep again, same directory" 0
# numbers are read with '.' whatever the locale (bsweep never calls setlocale)
t_check "a comma-decimal locale changes nothing" sh -c \
	"LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 '$BSWEEP' data '$T_TMP/lf.json' 2>/dev/null | cmp - '$T_TMP/lf.out'"
# a spreadsheet's UTF-8 byte order mark is not part of the first name
printf '\357\273\277' >"$T_TMP/bom.csv"
cat "$T_TMP/lf.csv" >>"$T_TMP/bom.csv"
printf '{"data": {"generator": "csv", "path": "bom.csv", "n_train": 3, "label": "class"}}\n' >"$T_TMP/bom.json"
t_check "a UTF-8 byte order mark is skipped" sh -c "'$BSWEEP' data '$T_TMP/bom.json' | cmp - '$T_TMP/lf.out'"
printf '\357\273\277lab,v\nx,1\ny,2\n' >"$T_TMP/bomx.csv"
printf '{"data": {"generator": "csv", "path": "bomx.csv", "n_train": 1, "label": "lab"}}\n' >"$T_TMP/bomx.json"
t_check "after a byte order mark the first column is named as written" sh -c "'$BSWEEP' data '$T_TMP/bomx.json' >/dev/null"
t_run "$BSWEEP" -q -o "$T_TMP/lfrun" "$T_TMP/lf.json"
t_expect_rc "a sweep on a csv" 0
if /usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
s = j["data_source"]
assert s["classes"] == ["a", "b,c", "q \"x\"", "two\nlines"], s
assert s["label_order"] == "bytes" and s["files"][0]["rows"] == 5, s
assert s["files"][0]["file_hash"].startswith("fnv1a64:"), s
assert j["config"]["data"]["path"].startswith("/"), j["config"]["data"]
' "$T_TMP/lfrun/run.json" 2>"$T_TMP/py.err"; then
	t_ok "run.json: the file's hash and rows, the classes of the labels, the resolved path"
else
	t_not_ok "run.json's data_source" "$(cat "$T_TMP/py.err")"
fi
# integer labels: numeric order, not byte order (10 after 9)
printf 'x,label\n1,10\n2,9\n3,-1\n4,10\n' >"$T_TMP/int.csv"
printf '{"data": {"generator": "csv", "path": "int.csv", "n_train": 2}}\n' >"$T_TMP/int.json"
"$BSWEEP" data "$T_TMP/int.json" | cut -d, -f2 | tr '\n' ' ' >"$T_TMP/int.out"
t_check "integer labels map to classes in numeric order" \
	test "$(cat "$T_TMP/int.out")" = "label 2 1 0 2 "

# sharded: two shards of a CSV sweep merge (the shards' run.json, written
# before the data are read, have no data_source) into the unsharded results
printf '{"data": {"generator": "csv", "path": "%s/data/iris.csv", "shuffle_seed": 0, "validation_fraction": 0.3},
 "train": {"epochs": 3}, "sweep": {"batch_sizes": [4, 16, 105], "seeds": [0]}}\n' "$PWD" >"$T_TMP/iris.json"
"$BSWEEP" -q -o "$T_TMP/whole" "$T_TMP/iris.json" >/dev/null 2>&1
"$BSWEEP" -q --shard 0/2 -o "$T_TMP/sharded" "$T_TMP/iris.json" >/dev/null 2>&1
"$BSWEEP" -q --shard 1/2 -o "$T_TMP/sharded" "$T_TMP/iris.json" >/dev/null 2>&1
t_run "$BSWEEP" merge -q "$T_TMP/sharded"
t_expect_rc "a CSV sweep in 2 shards merges" 0
t_notime "$T_TMP/whole/summary.csv" >"$T_TMP/whole.sum"
t_notime "$T_TMP/sharded/summary.csv" >"$T_TMP/sharded.sum"
t_check "the merged shards' summary is the unsharded one (times aside)" cmp "$T_TMP/whole.sum" "$T_TMP/sharded.sum"
t_expect_grep "the merged run.json records the data source" "$T_TMP/sharded/run.json" '"data_source"'

# round trip: what bsweep data writes reads back to the same dataset
"$BSWEEP" data -o "$T_TMP/rt1.csv" "$dir/good/standardize.json"
printf '{"data": {"generator": "csv", "path": "rt1.csv", "n_train": 30}}\n' >"$T_TMP/rt.json"
"$BSWEEP" data -o "$T_TMP/rt2.csv" "$T_TMP/rt.json"
t_check "bsweep data round trip: export, read back, export again: byte-identical" \
	cmp "$T_TMP/rt1.csv" "$T_TMP/rt2.csv"

# a relative path resolves against the config's directory, not the cwd
mkdir -p "$T_TMP/sub"
cp "$T_TMP/lf.csv" "$T_TMP/sub/lf.csv"
cp "$T_TMP/lf.json" "$T_TMP/sub/lf.json"
t_check "data.path resolves against the config file's directory" \
	sh -c "cd / && '$PWD/$BSWEEP' data '$T_TMP/sub/lf.json' | cmp - '$T_TMP/lf.out'"

# 10^6 rows, 4 features: streamed (peak RSS about the dataset's 56 MB
# and the program's, bound 150 MB), in seconds
awk 'BEGIN { print "a,b,c,d,label"; for (i = 0; i < 1000000; i++)
	printf "%d.%03d,%d,%.6f,-%d,%s\n", i % 97, i % 1000, i % 13, i / 1e6, i % 7,
	(i % 3 == 0 ? "yes" : (i % 3 == 1 ? "no" : "maybe")) }' >"$T_TMP/big.csv"
printf '{"data": {"generator": "csv", "path": "big.csv", "shuffle_seed": 1, "standardize": true}}\n' >"$T_TMP/big.json"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M %e' -o "$T_TMP/big.time" "$BSWEEP" data -o "$T_TMP/big.out" "$T_TMP/big.json"
	rc=$?
	read -r kb secs <"$T_TMP/big.time"
	rows=$(wc -l <"$T_TMP/big.out")
	if [ $rc -eq 0 ] && [ "$rows" -eq 1000001 ] && [ "$kb" -lt 153600 ]; then
		t_ok "10^6 rows: read, shuffled, standardised and written back (peak RSS ${kb} kB < 150 MB, ${secs} s)"
	else
		t_not_ok "10^6 rows" "exit $rc, $rows lines, peak RSS $kb kB, $secs s"
	fi
else
	t_skip "10^6 rows within a memory bound" "no /usr/bin/time"
fi
t_done
