#!/bin/sh
# tests/compare.sh BSWEEP: `bsweep compare`, scripts/compare.gp and
# `make compare`.
#   - real results: a tiny sweep at 1 and 2 BLAS threads; the ratios and
#     medians are recomputed here with awk from the two summary.csv files;
#   - hand-made results (the real run.json, summary.csv written here with
#     known times) for the significance rule both ways, the aggregation over
#     seeds, the fallback to the spread across seeds, old summary files;
#   - refusals (different config, different data, incomplete sweep, missing
#     file, column or row) with their exact messages and exit codes;
#   - results that differ between directories (accuracy, loss), by the
#     rule of the config's path: on the fused path (real sweeps under every
#     instruction-set variant this CPU has, and a loss moved by about 1e-9
#     relative) bit for bit, on the BLAS path (a hidden layer too wide for
#     the fused kernels) the loss within 1e-4 relative;
#   - the figure: a PNG of the expected size, gnuplot silent on stderr;
#     with a grid (hand-made --csv output, and two grid sweeps through
#     compare.sh): a series per directory and point, each line left to
#     right, a legend naming the points and the directories, a row per
#     point when there are many (at most 16, evenly spaced), grid values
#     that are code refused.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
PM=$(printf '\302\261') # the plus-minus sign, UTF-8
TRY="Try 'bsweep compare --help' for more information."
HINT_CONFIG="hint: only config.name and config.timing may differ between the directories compared"
CSV_HEADER=$(t_header compare)

t_expect_line() { # t_expect_line what file "exact line"
	if grep -qxF -- "$3" "$2"; then t_ok "$1"
	else t_not_ok "$1" "no line '$3' in: $(head -c 1500 "$2")"; fi
}
# agree_exact N, agree_blas N: the line saying that all N runs agree, by the
# rule of the fused path or of the BLAS path
agree_exact() {
	printf 'all %s runs agree bit for bit in every directory (fused path: one bsweep version gives the same bits on every x86-64 CPU and instruction set)' "$1"
}
agree_blas() {
	printf "all %s runs agree in every directory (final_val_acc equal, final_val_loss within 1e-4 relative; BLAS path: OpenBLAS's sums may differ in the last bits across CPUs)" "$1"
}
# csv_get FILE BATCH_SIZE DIR_INDEX COLUMN: one value of a compare CSV, by name
csv_get() {
	awk -F, -v b="$2" -v d="$3" -v col="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b && $c["dir_index"] == d { print $c[col] }' "$1"
}
# close_to A B: |A - B| <= 1e-12 * max(|A|, |B|) (and both are numbers)
close_to() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d
		m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b)
		exit !(a != "" && b != "" && d <= 1e-12 * m) }'
}
is_png() { [ "$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ]; }
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) "x" \
		((($5 * 256 + $6) * 256 + $7) * 256 + $8) }'
}

# ---------------------------------------------------------------- real results
# batch sizes deliberately not ascending: the tables sort them
cat >"$T_TMP/cmp.json" <<'JSON'
{"name": "cmp-tiny", "data": {"n_samples": 120, "n_train": 80}, "train": {"epochs": 3},
 "sweep": {"batch_sizes": [64, 8], "seeds": [0, 1, 2]}}
JSON
R1=$T_TMP/t1/cmp R2=$T_TMP/t2/cmp
if ! "$BSWEEP" -q -t 1 -o "$R1" "$T_TMP/cmp.json" || ! "$BSWEEP" -q -t 2 -o "$R2" "$T_TMP/cmp.json"; then
	t_not_ok "the tiny sweeps to compare ran"
	t_done
	exit 1
fi

for opt in --help -h; do
	t_run "$BSWEEP" compare $opt
	t_expect_rc "compare $opt" 0
	t_expect_grep "compare $opt: usage on stdout" "$T_OUT" "^Usage: bsweep compare \[--csv\] \[-o FIGURE\] DIR_A DIR_B \[DIR_C ...\]"
	t_expect_grep "compare $opt: states the noise rule" "$T_OUT" "|median - median_first| > 3 x 1.4826 x sqrt(MAD^2 + MAD_first^2)"
	t_expect_grep "compare $opt: states the rule of the fused path" "$T_OUT" "^final_val_acc and final_val_loss must be equal bit for bit\.  On the BLAS\$"
done

misuse() { # misuse name "message" args...
	name=$1 msg=$2; shift 2
	t_run "$BSWEEP" compare "$@"
	t_expect_rc "compare misuse: $name" 2
	t_expect_err "compare misuse: $name" "bsweep: compare: $msg
$TRY"
}
misuse "no directory" "expected at least 2 results directories"
misuse "one directory" "expected at least 2 results directories, found 1 ('$R1')" "$R1"
misuse "unknown option" "unknown option '--bogus'" --bogus "$R1" "$R2"
misuse "unknown short option" "unknown option '-x'" -x "$R1" "$R2"
misuse "empty directory name" "expected a directory, found an empty string" "$R1" ""

t_run "$BSWEEP" compare "$R1" "$R2"
t_expect_rc "1 vs 2 threads" 0
t_expect_err "1 vs 2 threads: warns that the threads differ" \
	"bsweep: warning: blas_threads differ: 1 in $R1, 2 in $R2"
t_expect_line "1 vs 2 threads: config line" "$T_OUT" 'config "cmp-tiny": 2 batch sizes x 3 seeds, 1 timed repeat per run'
t_expect_line "1 vs 2 threads: labels disambiguated by the parent directory" "$T_OUT" "  t2/cmp  $R2"
t_expect_grep "1 vs 2 threads: time table title" "$T_OUT" "^time per run in [mu]*s (median over seeds; min, max over seeds and repeats; MAD: see below)"
t_check "1 vs 2 threads: batch sizes ascending" sh -c "grep -E '^ +(8|64)  t[12]/cmp ' '$T_OUT' | awk '{ print \$1 }' | tr '\n' ' ' | grep -qx '8 8 64 64 '"
t_expect_grep "1 vs 2 threads: the reference row" "$T_OUT" "^         8  t1/cmp .* 1.000  reference$"
t_expect_grep "1 vs 2 threads: spread across 3 seeds (1 repeat) gives a verdict" "$T_OUT" \
	"^         8  t2/cmp .*  \(no significant difference\|[0-9.]* $PM [0-9.]* times \(faster\|slower\) than t1/cmp\)$"
t_expect_line "1 vs 2 threads: the MAD column is the spread over the seeds" "$T_OUT" \
	"MAD: the spread over the seeds (one repeat per run)."
t_expect_line "1 vs 2 threads: the runs agree bit for bit (the fused path)" "$T_OUT" "$(agree_exact 6)"
t_expect_line "1 vs 2 threads: the settings that differ" "$T_OUT" "  blas_threads"
t_expect_line "1 vs 2 threads: blas_threads of the second directory" "$T_OUT" "    t2/cmp  2"
t_expect_line "1 vs 2 threads: what is identical" "$T_OUT" \
	"identical: bsweep_version, git, cpu, logical_cores, os, kernel, compiler, cflags, native, isa, isa_available, openblas, openblas_core, openblas_coretype_env, openblas_core_replaced, jobs, side_by_side, repeats, warmup"

# --csv: header, rows, and the numbers recomputed here from summary.csv
t_run "$BSWEEP" compare --csv "$R1" "$R2"
t_expect_rc "--csv" 0
cp "$T_OUT" "$T_TMP/real.csv"
t_check "--csv: header" test "$(head -n 1 "$T_TMP/real.csv")" = "$CSV_HEADER"
t_check "--csv: 2 batch sizes x 2 directories" test "$(wc -l <"$T_TMP/real.csv")" -eq 5
t_check "--csv: rows grouped by directory, batch sizes ascending" \
	test "$(tail -n +2 "$T_TMP/real.csv" | cut -d, -f1-3 | tr '\n' ' ')" = "8,1,t1/cmp 64,1,t1/cmp 8,2,t2/cmp 64,2,t2/cmp "
# median over the 3 seeds of total_seconds, by column name
median_time() { # median_time SUMMARY BATCH_SIZE
	awk -F, -v b="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b { v[n++] = $c["total_seconds"] + 0 }
		END { for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		      printf "%.17g\n", n % 2 ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }' "$1"
}
for b in 8 64; do
	m1=$(median_time "$R1/summary.csv" $b) m2=$(median_time "$R2/summary.csv" $b)
	ratio=$(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.17g", b / a }')
	t_check "--csv: batch $b: median of dir 1 = median over seeds ($m1)" close_to "$(csv_get "$T_TMP/real.csv" $b 1 median_seconds)" "$m1"
	t_check "--csv: batch $b: median of dir 2 = median over seeds ($m2)" close_to "$(csv_get "$T_TMP/real.csv" $b 2 median_seconds)" "$m2"
	t_check "--csv: batch $b: ratio = $ratio" close_to "$(csv_get "$T_TMP/real.csv" $b 2 ratio)" "$ratio"
	t_check "--csv: batch $b: the reference's ratio is 1 and significant 'ref'" \
		test "$(csv_get "$T_TMP/real.csv" $b 1 ratio),$(csv_get "$T_TMP/real.csv" $b 1 significant)" = "1,ref"
done
t_check "--csv: 3 measurements (seeds, 1 repeat each)" test "$(csv_get "$T_TMP/real.csv" 8 2 measurements)" = 3

# the same directory twice: labels "cmp" and "cmp#2", ratio 1, no warning
t_run "$BSWEEP" compare --csv "$R1" "$R1/"
t_expect_rc "the same directory twice" 0
t_check "the same directory twice: labels cmp, cmp#2" test "$(csv_get "$T_OUT" 8 1 label),$(csv_get "$T_OUT" 8 2 label)" = "cmp,cmp#2"
t_check "the same directory twice: ratio 1, within noise" test "$(csv_get "$T_OUT" 64 2 ratio),$(csv_get "$T_OUT" 64 2 significant)" = "1,no"
t_check "the same directory twice: nothing on stderr" test ! -s "$T_ERR"

if [ -w /dev/full ]; then
	t_run sh -c "\"$BSWEEP\" compare \"$R1\" \"$R1\" >/dev/full"
	t_expect_rc "compare to a full device" 1
	t_expect_err "compare to a full device" "bsweep: standard output: No space left on device"
	t_run sh -c "\"$BSWEEP\" compare --help >/dev/full"
	t_expect_rc "compare --help to a full device" 1
	t_expect_err "compare --help to a full device" "bsweep: standard output: No space left on device"
fi

# ---------------------------------------------------------------- hand-made results
# mkres DIR [SPEC]: R1's run.json and a summary.csv (extra column, columns
# reordered) with R1's accuracies and the times of SPEC, lines
# "batch_size,seed,total,min,max,mad,repeats"; without SPEC, R1's times.
mkres() {
	mkdir -p "$1"
	cp "$R1/run.json" "$1/run.json"
	printf '%s\n' "${2:-}" >"$T_TMP/spec"
	awk -F, -v OFS=, '
		NR == FNR { if (NF == 7) t[$1 "," $2] = $3 "," $4 "," $5 "," $6 "," $7; next }
		FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
			print "extra,seed,batch_size,status,final_val_acc,final_val_loss,total_seconds,total_seconds_min,total_seconds_max,total_seconds_mad,repeats"
			next }
		{ k = $c["batch_size"] "," $c["seed"]
		  if (!(k in t)) t[k] = $c["total_seconds"] "," $c["total_seconds"] "," $c["total_seconds"] ",0,1"
		  print "x", $c["seed"], $c["batch_size"], $c["status"], $c["final_val_acc"], $c["final_val_loss"], t[k] }' \
		"$T_TMP/spec" "$R1/summary.csv" >"$1/summary.csv"
}
# spec "B8 T MIN MAX MAD REP" "B64 ...": every seed of a batch size the same
spec() {
	for s in 0 1 2; do
		printf '8,%s,%s,%s,%s,%s,%s\n' $s $1
		printf '64,%s,%s,%s,%s,%s,%s\n' $s $2
	done
}
H=$T_TMP/h
mkres "$H/A" "$(spec "1.0 0.98 1.02 0.01 5" "1.0 0.98 1.02 0.01 5")"
# B: clearly slower at 8 (disjoint ranges, difference >> noise); at 64 the
# difference is 4 x the MAD noise, but one fast repeat (min 1.0) makes the
# ranges overlap
mkres "$H/B" "$(spec "2.0 1.96 2.04 0.02 5" "1.2 1.0 1.25 0.005 5")"
# C: disjoint ranges but a MAD that makes the difference noise at 8; clearly faster at 64
mkres "$H/C" "$(spec "1.05 1.03 1.5 0.2 5" "0.5 0.49 0.51 0.005 5")"
# D: too few repeats for a verdict
mkres "$H/D" "$(spec "2.0 1.96 2.04 0.02 2" "2.0 1.96 2.04 0.02 2")"
# row BATCH LABEL MEDIAN MIN MAX MAD RATIO VERDICT: a line of the time table
# (labels of up to 6 characters)
row() { printf '%10s  %-6s %10s %10s %10s %10s %7s  %s' "$@"; }
t_run "$BSWEEP" compare "$H/A" "$H/B" "$H/C" "$H/D"
t_expect_rc "significance: hand-made times" 0
t_check "significance: nothing on stderr" test ! -s "$T_ERR"
t_expect_line "significance: 5 repeats per run stated" "$T_OUT" 'config "cmp-tiny": 2 batch sizes x 3 seeds, 2 to 5 timed repeats per run'
# 2 x slower; 2 x sqrt((1.4826 x 0.02 / 2)^2 + (1.4826 x 0.01 / 1)^2) = 0.0419
t_expect_line "significance: slower, significant (disjoint, large difference)" "$T_OUT" \
	"$(row 8 B 2.000 1.960 2.040 0.020 2.000 "2.00 $PM 0.04 times slower than A")"
t_expect_line "significance: within noise (overlapping ranges, difference > noise)" "$T_OUT" \
	"$(row 64 B 1.200 1.000 1.250 0.005 1.200 "no significant difference")"
t_expect_line "significance: within noise (disjoint ranges, difference < 3 x 1.4826 x MAD)" "$T_OUT" \
	"$(row 8 C 1.050 1.030 1.500 0.200 1.050 "no significant difference")"
t_expect_line "significance: faster, significant" "$T_OUT" \
	"$(row 64 C 0.500 0.490 0.510 0.005 0.500 "2.00 $PM 0.04 times faster than A")"
t_expect_line "significance: n/a with 2 repeats" "$T_OUT" \
	"$(row 8 D 2.000 1.960 2.040 0.020 2.000 "n/a (2 repeats)")"
t_expect_line "significance: summary line" "$T_OUT" \
	"C ($H/C) is faster than A ($H/A) at 1 of 2 batch sizes, slower at 0; no significant difference at 1; geometric mean of the ratios 0.725"
t_expect_line "significance: summary line with rows without a verdict" "$T_OUT" \
	"D ($H/D) is faster than A ($H/A) at 0 of 2 batch sizes, slower at 0; no significant difference at 0; too few measurements for a verdict at 2; geometric mean of the ratios 2.000"
t_expect_line "significance: the footnote defines the verdict" "$T_OUT" \
	"  ranges do not overlap and |median - median_ref| > 3 x 1.4826 x sqrt(MAD^2 + MAD_ref^2),"
t_expect_line "significance: the footnote defines the error" "$T_OUT" \
	"  e = F x sqrt((s/median)^2 + (s_ref/median_ref)^2), s = 1.4826 x MAD (error propagation)."
t_expect_line "significance: the MAD column is the spread over repeats" "$T_OUT" \
	"MAD: the spread over each run's repeats (median over the seeds)."
cp "$T_OUT" "$T_TMP/sig.txt"
t_run "$BSWEEP" compare --csv "$H/A" "$H/B" "$H/C" "$H/D"
cp "$T_OUT" "$T_TMP/sig.csv"
t_check "significance --csv: the verdicts" \
	test "$(for d in 1 2 3 4; do for b in 8 64; do printf '%s ' "$(csv_get "$T_TMP/sig.csv" $b $d significant)"; done; done)" = "ref ref yes no no yes n/a n/a "
# the rule, reimplemented: disjoint min..max AND |dm| > 3 * 1.4826 * sqrt(mad^2 + mad_ref^2)
t_check "significance --csv: every verdict follows the documented rule" awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ b = $c["batch_size"]; m[b, $c["dir_index"]] = $c["median_seconds"]; lo[b, $c["dir_index"]] = $c["min_seconds"]
	  hi[b, $c["dir_index"]] = $c["max_seconds"]; mad[b, $c["dir_index"]] = $c["mad_seconds"]
	  n[b, $c["dir_index"]] = $c["measurements"]; sig[b, $c["dir_index"]] = $c["significant"]; key[NR] = b SUBSEP $c["dir_index"] }
	END { for (r in key) { split(key[r], k, SUBSEP); b = k[1]; d = k[2]; ref = b SUBSEP 1
		if (d == 1) want = "ref"
		else if (n[key[r]] < 3 || n[ref] < 3) want = "n/a"
		else { dm = m[key[r]] - m[ref]; if (dm < 0) dm = -dm
		       disjoint = hi[key[r]] < lo[ref] || hi[ref] < lo[key[r]]
		       want = (disjoint && dm > 3 * 1.4826 * sqrt(mad[key[r]] ^ 2 + mad[ref] ^ 2)) ? "yes" : "no" }
		if (sig[key[r]] != want) { print "batch " b " dir " d ": " sig[key[r]] ", rule says " want; bad = 1 } }
	      exit bad }' "$T_TMP/sig.csv"
# every row's verdict text, recomputed from the CSV's numbers: F = the
# ratio or its inverse (>= 1), e = F x sqrt((1.4826 mad / median)^2 +
# (1.4826 mad_ref / median_ref)^2)
awk -F, -v pm="$PM" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ b = $c["batch_size"]; d = $c["dir_index"]; m[b, d] = $c["median_seconds"]; mad[b, d] = $c["mad_seconds"]
	  sig[b, d] = $c["significant"]; lab[b, d] = $c["label"]; key[NR] = b SUBSEP d }
	END { for (r = 2; r in key; r++) { split(key[r], k, SUBSEP); b = k[1]; d = k[2]; ref = b SUBSEP 1
		if (d == 1) v = "reference"
		else if (sig[key[r]] == "no") v = "no significant difference"
		else if (sig[key[r]] == "yes") {
			f = m[key[r]] < m[ref] ? m[ref] / m[key[r]] : m[key[r]] / m[ref]
			u = 1.4826 * mad[key[r]] / m[key[r]]; w = 1.4826 * mad[ref] / m[ref]
			v = sprintf("%.2f %s %.2f times %s than %s", f, pm, f * sqrt(u * u + w * w),
				m[key[r]] < m[ref] ? "faster" : "slower", lab[b, 1]) }
		else continue
		print b " " lab[key[r]] " " v } }' "$T_TMP/sig.csv" | sort >"$T_TMP/sig.want"
awk '/^time per run/ { on = 1; next } /^batch_size/ { next } on && /^ +[0-9]+  / { b = $1; l = $2
	sub(/^ *[0-9]+  +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+  /, ""); if ($0 !~ /^n\/a/) print b " " l " " $0; next }
	on && !/^ +[0-9]+  / { on = 0 }' "$T_TMP/sig.txt" | sort >"$T_TMP/sig.got"
if [ -s "$T_TMP/sig.want" ] && [ "$(grep -c times "$T_TMP/sig.want")" = 2 ] && cmp -s "$T_TMP/sig.want" "$T_TMP/sig.got"; then
	t_ok "significance: every verdict's factor and error as recomputed from the CSV"
else
	t_not_ok "significance: every verdict's factor and error as recomputed from the CSV" "$(diff "$T_TMP/sig.want" "$T_TMP/sig.got")"
fi

# several seeds: median of the runs' medians, min of mins, max of maxes, median of MADs
mkres "$H/G" "8,0,1.0,0.9,1.1,0.01,3
8,1,3.0,2.8,3.5,0.05,3
8,2,2.0,1.5,2.1,0.03,3"
t_run "$BSWEEP" compare --csv "$H/A" "$H/G"
t_expect_rc "aggregation over seeds" 0
t_check "aggregation over seeds: median 2, min 0.9, max 3.5, MAD 0.03, 3 repeats" \
	test "$(for col in median_seconds min_seconds max_seconds mad_seconds repeats measurements ratio; do printf '%s ' "$(csv_get "$T_OUT" 8 2 $col)"; done)" = "2 0.9 3.5 0.03 3 3 2 "

# one repeat: the spread is taken across the seeds (MAD of the run times)
mkres "$H/S1" "8,0,1.0,1.0,1.0,0,1
8,1,1.01,1.01,1.01,0,1
8,2,0.99,0.99,0.99,0,1"
mkres "$H/S2" "8,0,2.0,2.0,2.0,0,1
8,1,2.02,2.02,2.02,0,1
8,2,1.98,1.98,1.98,0,1"
t_run "$BSWEEP" compare --csv "$H/S1" "$H/S2"
t_check "one repeat: MAD across seeds (0.01)" close_to "$(csv_get "$T_OUT" 8 1 mad_seconds)" 0.01
t_check "one repeat, 3 seeds: significant" test "$(csv_get "$T_OUT" 8 2 significant)" = yes
t_check "one repeat, 3 seeds: the other batch size (equal times) within noise" test "$(csv_get "$T_OUT" 64 2 significant)" = no
# the MAD column labelled per directory when the spreads differ
t_run "$BSWEEP" compare "$H/A" "$H/S1"
t_expect_line "MAD over repeats in A" "$T_OUT" "  A   the spread over each run's repeats (median over the seeds)"
t_expect_line "MAD over seeds in S1 (one repeat)" "$T_OUT" "  S1  the spread over the seeds (one repeat per run)"

# summary.csv written before the repeat columns existed: 1 repeat
mkdir -p "$H/old"
cp "$R1/run.json" "$H/old/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i !~ /^(repeats|total_seconds_(min|max|mad))$/) keep[++n] = i }
	{ line = $keep[1]; for (i = 2; i <= n; i++) line = line "," $keep[i]; print line }' \
	"$R1/summary.csv" >"$H/old/summary.csv"
t_run "$BSWEEP" compare "$H/old" "$R1"
t_expect_rc "old summary.csv without repeat columns" 0
t_expect_line "old summary.csv: 1 repeat" "$T_OUT" 'config "cmp-tiny": 2 batch sizes x 3 seeds, 1 timed repeat per run'
t_expect_grep "old summary.csv: 3 seeds x 1 repeat give a verdict" "$T_OUT" "^        64  cmp .*  no significant difference$"
t_run "$BSWEEP" compare --csv "$H/old" "$R1"
t_check "old summary.csv: min = the smallest total_seconds" close_to "$(csv_get "$T_OUT" 8 1 min_seconds)" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["batch_size"] == 8 && (m == "" || $c["total_seconds"] + 0 < m) { m = $c["total_seconds"] + 0 } END { printf "%.17g", m }' "$R1/summary.csv")"

# ---------------------------------------------------------------- results that differ
mkres "$H/acc"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["batch_size"] == 64 && $c["seed"] == 1 { $c["final_val_acc"] = 0.123 }
	{ print }' "$H/A/summary.csv" >"$H/acc/summary.csv"
acc64=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["batch_size"] == 64 && $c["seed"] == 1 { print $c["final_val_acc"] }' "$R1/summary.csv")
t_run "$BSWEEP" compare "$H/A" "$H/acc"
t_expect_rc "a differing accuracy: still exit 0" 0
t_expect_grep "a differing accuracy: NO for batch 64" "$T_OUT" "^        64 .*  NO (1 of 3 seeds differ)$"
t_expect_grep "a differing accuracy: batch 8 agrees" "$T_OUT" "^         8 .*  yes$"
t_expect_line "a differing accuracy: the run is listed" "$T_OUT" "  batch_size 64, seed 1, acc: final_val_acc 0.123 ($acc64)"
t_expect_err "a differing accuracy: warned on stderr" \
	"bsweep: warning: $H/acc: 1 of 6 runs give other results than in $H/A (final accuracy or loss): the builds do not compute the same thing"
t_run "$BSWEEP" compare --csv "$H/A" "$H/acc"
t_check "a differing accuracy --csv: runs_differing 1 at 64, 0 at 8" test "$(csv_get "$T_OUT" 64 2 runs_differing),$(csv_get "$T_OUT" 8 2 runs_differing)" = "1,0"

# ---------------------------------------------------------------- the rule by path
# nudge_loss SRC DST BATCH SEED AWK_CODE: DST a copy of the results SRC,
# the final_val_loss of run (BATCH, SEED) what AWK_CODE makes of its text v
nudge_loss() {
	mkdir -p "$2" && cp "$1/run.json" "$2/" &&
	awk -F, -v OFS=, -v b="$3" -v s="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR > 1 && $c["batch_size"] == b && $c["seed"] == s { v = $c["final_val_loss"]; '"$5"'; $c["final_val_loss"] = v }
		{ print }' "$1/summary.csv" >"$2/summary.csv"
}
# tiny_loss SRC DST BATCH SEED: the loss moved by about 1e-9 relative, its
# 9th decimal moved by one and the rest of the text as bsweep wrote it
# (shortest round-trip digits); a loss with too few digits is left alone,
# which the checks of the change below report
TINY='p = index(v, ".") + 9; if (v !~ /[eE]/ && p > 9 && length(v) >= p) { d = substr(v, p, 1) + 0; v = substr(v, 1, p - 1) (d == 9 ? 8 : d + 1) substr(v, p + 1) }'
tiny_loss() { nudge_loss "$1" "$2" "$3" "$4" "$TINY"; }
# loss_change A B BATCH SEED: |loss_B / loss_A - 1| of that run
loss_change() {
	awk -F, -v b="$3" -v s="$4" 'FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b && $c["seed"] == s { v[n++] = $c["final_val_loss"] }
		END { r = v[1] / v[0] - 1; printf "%.3g\n", r < 0 ? -r : r }' "$1/summary.csv" "$2/summary.csv"
}
# between X LO HI: LO < X < HI
between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x + 0 > lo + 0 && x + 0 < hi + 0) }'; }
# runs_differing CSV: the column's values, in row order; zeros N: N of "0 "
runs_differing() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%s ", $c["runs_differing"] }' "$1"
}
zeros() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "0 " }'; }

# The fused path (cmp.json's 2 -> 50 -> 3): real sweeps under every
# instruction-set variant this CPU has give the same bits, and compare
# says so
AVAIL=$(env -u BSWEEP_ISA "$BSWEEP" --version | sed -n 's/^isa_available: //p')
V=$T_TMP/isa vdirs="" vnames="" vran=0
for v in $AVAIL; do
	if BSWEEP_ISA=$v "$BSWEEP" -q -o "$V/$v" "$T_TMP/cmp.json" >/dev/null 2>"$T_ERR"; then
		vdirs="$vdirs $V/$v" vnames="$vnames $v" vran=$((vran + 1))
	else
		t_not_ok "fused path: the sweep under BSWEEP_ISA=$v ran" "$(cat "$T_ERR")"
	fi
done
if [ "$vran" -ge 2 ]; then
	# shellcheck disable=SC2086 # the directories are words
	t_run "$BSWEEP" compare $vdirs
	t_expect_rc "fused path, variants$vnames" 0
	t_check "fused path, variants: nothing on stderr" test ! -s "$T_ERR"
	t_expect_line "fused path, variants: the runs agree bit for bit" "$T_OUT" "$(agree_exact 6)"
	t_expect_line "fused path, variants: isa differs" "$T_OUT" "  isa"
	# shellcheck disable=SC2086
	t_run "$BSWEEP" compare --csv $vdirs
	t_check "fused path, variants --csv: runs_differing 0 in each of the $((2 * vran)) rows" \
		test "$(runs_differing "$T_OUT")" = "$(zeros $((2 * vran)))"
else
	t_skip "fused path: the same bits under every instruction-set variant" "this CPU runs one variant ($AVAIL)"
fi

# the loss of one run moved by about 1e-9 relative: a difference on the
# fused path, listed, warned about, with the rule and the hint
tiny_loss "$R1" "$H/tiny" 8 0
t_check "fused path, a loss 1e-9 off: the change is about 1e-9 relative ($(loss_change "$R1" "$H/tiny" 8 0))" \
	between "$(loss_change "$R1" "$H/tiny" 8 0)" 1e-11 1e-8
t_run "$BSWEEP" compare "$R1" "$H/tiny"
t_expect_rc "fused path, a loss 1e-9 off: still exit 0" 0
t_expect_grep "fused path, a loss 1e-9 off: NO for batch 8" "$T_OUT" "^         8 .*  NO (1 of 3 seeds differ)$"
t_expect_grep "fused path, a loss 1e-9 off: batch 64 agrees" "$T_OUT" "^        64 .*  yes$"
t_expect_line "fused path, a loss 1e-9 off: the exact rule stated" "$T_OUT" \
	"runs whose results differ from cmp's (fused path: final_val_acc and final_val_loss must be equal bit for bit):"
t_expect_grep "fused path, a loss 1e-9 off: the run is listed" "$T_OUT" "^  batch_size 8, seed 0, tiny: final_val_loss [0-9.]* ([0-9.]*)$"
t_expect_line "fused path, a loss 1e-9 off: the hint, 1" "$T_OUT" \
	"hint: a difference on the fused path points at different bsweep versions or C libraries"
t_expect_line "fused path, a loss 1e-9 off: the hint, 2" "$T_OUT" \
	'  (bsweep_version, git, os under "machine, build and settings") or at a fault, not at the CPU'
t_expect_err "fused path, a loss 1e-9 off: warned on stderr" \
	"bsweep: warning: $H/tiny: 1 of 6 runs give other results than in $R1 (final accuracy or loss): the builds do not compute the same thing"
t_run "$BSWEEP" compare --csv "$R1" "$H/tiny"
t_check "fused path, a loss 1e-9 off --csv: runs_differing 1 at 8, 0 at 64" \
	test "$(csv_get "$T_OUT" 8 2 runs_differing),$(csv_get "$T_OUT" 64 2 runs_differing)" = "1,0"

# The BLAS path: a hidden layer of 300 units, wider than the fused kernels
# take (mlp.c's dispatch rule); the loss within 1e-4 relative
cat >"$T_TMP/cmpb.json" <<'JSON'
{"name": "cmp-blas", "data": {"n_samples": 120, "n_train": 80}, "model": {"hidden": [300]},
 "train": {"epochs": 1}, "sweep": {"batch_sizes": [8, 64], "seeds": [0, 1, 2]}}
JSON
RB=$T_TMP/blas/cmpb
if "$BSWEEP" -q -o "$RB" "$T_TMP/cmpb.json" >/dev/null 2>"$T_ERR"; then
	t_run "$BSWEEP" compare "$RB" "$RB"
	t_expect_line "BLAS path: the runs agree within the tolerance" "$T_OUT" "$(agree_blas 6)"
	tiny_loss "$RB" "$H/btiny" 8 0
	t_check "BLAS path, a loss 1e-9 off: the change is about 1e-9 relative ($(loss_change "$RB" "$H/btiny" 8 0))" \
		between "$(loss_change "$RB" "$H/btiny" 8 0)" 1e-11 1e-8
	t_run "$BSWEEP" compare "$RB" "$H/btiny"
	t_expect_rc "BLAS path, a loss 1e-9 off" 0
	t_check "BLAS path, a loss 1e-9 off: nothing on stderr" test ! -s "$T_ERR"
	t_expect_line "BLAS path, a loss 1e-9 off: the runs agree" "$T_OUT" "$(agree_blas 6)"
	t_run "$BSWEEP" compare --csv "$RB" "$H/btiny"
	t_check "BLAS path, a loss 1e-9 off --csv: runs_differing 0" test "$(runs_differing "$T_OUT")" = "$(zeros 4)"
	nudge_loss "$RB" "$H/b5e-5" 8 0 'v = sprintf("%.17g", v * (1 + 5e-5))'
	t_run "$BSWEEP" compare "$RB" "$H/b5e-5"
	t_expect_line "BLAS path, a loss 5e-5 off: the runs agree" "$T_OUT" "$(agree_blas 6)"
	nudge_loss "$RB" "$H/loss" 8 2 'v = sprintf("%.17g", v * (1 + 2e-4))'
	t_run "$BSWEEP" compare "$RB" "$H/loss"
	t_expect_rc "BLAS path, a loss 2e-4 off: still exit 0" 0
	t_expect_line "BLAS path, a loss 2e-4 off: the tolerance stated" "$T_OUT" \
		"runs whose results differ from cmpb's (BLAS path: final_val_acc must be equal, final_val_loss within 1e-4 relative):"
	t_expect_grep "BLAS path, a loss 2e-4 off: the run is listed" "$T_OUT" "^  batch_size 8, seed 2, loss: final_val_loss [0-9.e-]* ([0-9.e-]*)$"
	t_expect_grep "BLAS path, a loss 2e-4 off: NO for batch 8" "$T_OUT" "^         8 .*  NO (1 of 3 seeds differ)$"
	t_check "BLAS path, a loss 2e-4 off: no hint (the CPU may explain it)" sh -c "! grep -q '^hint:' '$T_OUT'"
else
	t_not_ok "BLAS path: the sweep to compare ran" "$(cat "$T_ERR")"
fi

# ---------------------------------------------------------------- refusals
# edit_json DIR AWK_SUB_ARGS: rewrite DIR/run.json with one awk sub()
edit_json() {
	awk -v re="$2" -v to="$3" '{ sub(re, to) } 1' "$1/run.json" >"$1/run.json.new" && mv "$1/run.json.new" "$1/run.json"
}
refused() { # refused name "message" dirs...
	name=$1 msg=$2; shift 2
	t_run "$BSWEEP" compare "$@"
	t_expect_rc "refused: $name" 2
	t_expect_err "refused: $name" "$msg"
	t_check "refused: $name: nothing on stdout" test ! -s "$T_OUT"
}
mkres "$H/lr"
edit_json "$H/lr" '"learning_rate":[ \t]*0.001' '"learning_rate": 0.01'
refused "another learning rate" "bsweep: $H/A and $H/lr hold results of different configs: config.train.learning_rate: 0.001 in $H/A, 0.01 in $H/lr
$HINT_CONFIG" "$H/A" "$H/B" "$H/lr"
mkres "$H/seeds"
edit_json "$H/seeds" '"seeds":[ \t]*\[0, 1, 2\]' '"seeds": [0, 1]'
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 1 || $c["seed"] != 2' "$H/A/summary.csv" >"$H/seeds/summary.csv"
refused "fewer seeds" "bsweep: $H/A and $H/seeds hold results of different configs: config.sweep.seeds[2]: 2 in $H/A, absent in $H/seeds
$HINT_CONFIG" "$H/A" "$H/seeds"
# config.name and config.timing may differ (their values replaced: a
# second "timing" key would be a duplicate, which config_parse refuses;
# timing absent: the old format below); different repeats are warned about
mkres "$H/named"
edit_json "$H/named" '"name":[ \t]*"cmp-tiny",' '"name": "other",'
edit_json "$H/named" '"repeats":[ \t]*1,' '"repeats": 7,'
edit_json "$H/named" '"warmup":[ \t]*0$' '"warmup": 3'
t_run "$BSWEEP" compare "$H/A" "$H/named"
t_expect_rc "another config.name and config.timing: accepted" 0
t_expect_err "another config.name and config.timing: repeats warned" "bsweep: warning: repeats differ: 1 in $H/A, 7 in $H/named"
t_expect_line "another config.timing: warmup among the differences" "$T_OUT" "  warmup"
# the execution settings of newer run.json files; absent = 1 job
mkres "$H/jobs"
edit_json "$H/jobs" '"complete":' '"execution": {"jobs": 2, "blas_threads": 1, "side_by_side": true}, "complete":'
t_run "$BSWEEP" compare "$H/A" "$H/jobs"
t_expect_rc "another number of jobs" 0
t_expect_err "another number of jobs: warned" "bsweep: warning: jobs differ: 1 in $H/A, 2 in $H/jobs"
t_expect_line "another number of jobs: side_by_side among the differences" "$T_OUT" "  side_by_side"
mkres "$H/data"
hash=$(sed -n 's/.*"data_hash":[^"]*"\([^"]*\)".*/\1/p' "$R1/run.json")
edit_json "$H/data" '"data_hash":[ \t]*"[^"]*"' '"data_hash": "fnv1a64:0000000000000000"'
refused "other data" "bsweep: $H/A and $H/data: same config but different data (data_hash $hash in $H/A, fnv1a64:0000000000000000 in $H/data)
hint: the builds generate different data from the config; their results are not comparable" "$H/A" "$H/data"
mkres "$H/inc"
edit_json "$H/inc" '"complete":[ \t]*true' '"complete": false'
refused "an incomplete sweep" "bsweep: $H/inc: incomplete sweep (run.json says \"complete\": false): it is still running or was interrupted
hint: let it finish (or run bsweep again with the same config and -o $H/inc) before comparing" "$H/A" "$H/inc"
mkdir -p "$H/norun"
cp "$H/A/summary.csv" "$H/norun/"
refused "no run.json" "bsweep: $H/norun: no run.json: not a bsweep results directory" "$H/A" "$H/norun"
mkdir -p "$H/nosum"
cp "$H/A/run.json" "$H/nosum/"
refused "no summary.csv" "bsweep: $H/nosum: no summary.csv, although run.json says the sweep completed" "$H/nosum" "$H/A"
refused "no such directory" "bsweep: $H/nowhere: no such directory" "$H/A" "$H/nowhere"
refused "a file, not a directory" "bsweep: $H/A/run.json: not a directory (expected a bsweep results directory)" "$H/A/run.json" "$H/A"
mkdir -p "$H/badjson"
cp "$H/A/summary.csv" "$H/badjson/"
echo '{"config": ' >"$H/badjson/run.json"
refused "malformed run.json" "bsweep: $H/badjson/run.json: not valid JSON" "$H/A" "$H/badjson"
for col in final_val_loss total_seconds; do
	mkdir -p "$H/no_$col"
	cp "$H/A/run.json" "$H/no_$col/"
	awk -F, -v col=$col 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
		{ out = ""; n = 0; for (i = 1; i <= NF; i++) if (i != c) out = out (n++ ? "," : "") $i; print out }' \
		"$H/A/summary.csv" >"$H/no_$col/summary.csv"
	refused "summary.csv without $col" "bsweep: $H/no_$col/summary.csv: the header has no column '$col'" "$H/A" "$H/no_$col"
done
mkres "$H/badnum"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 3 { $c["total_seconds"] = "abc" } { print }' \
	"$H/A/summary.csv" >"$H/badnum/summary.csv"
refused "a time that is not a number" "bsweep: $H/badnum/summary.csv:3: total_seconds: expected a number, found 'abc'" "$H/A" "$H/badnum"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 5 { $c["total_seconds_mad"] = "-1" } { print }' \
	"$H/A/summary.csv" >"$H/badnum/summary.csv"
refused "a negative MAD" "bsweep: $H/badnum/summary.csv:5: total_seconds_mad: expected a finite number >= 0, found '-1'" "$H/A" "$H/badnum"
mkres "$H/short"
awk 'NR == 4 { sub(/,[^,]*$/, "") } { print }' "$H/A/summary.csv" >"$H/short/summary.csv"
refused "a truncated row" "bsweep: $H/short/summary.csv:4: 10 fields, the header has 11" "$H/A" "$H/short"
mkres "$H/norow"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } !($c["batch_size"] == 8 && $c["seed"] == 2)' \
	"$H/A/summary.csv" >"$H/norow/summary.csv"
refused "a missing run" "bsweep: $H/norow/summary.csv: no row for batch_size 8, seed 2 (a run of the config in run.json)" "$H/A" "$H/norow"

# ---------------------------------------------------------------- old format
# a run.json from before the grid, the protocol keys and config.timing
# (bsweep 0.1.0 wrote this config for cmp.json) and a summary.csv without
# the repeat columns: the configs match once defaults are filled in
mkdir -p "$H/oldfmt"
sed -n '/^	"config":/q;p' "$R1/run.json" >"$H/oldfmt/run.json"
cat >>"$H/oldfmt/run.json" <<'JSON'
	"config": {"name": "cmp-tiny", "data": {"generator": "blobs", "n_samples": 120, "centers": 3,
	  "n_features": 2, "cluster_std": 2, "center_box": [-10, 10], "random_state": 2, "n_train": 80},
	 "model": {"hidden": [50], "activation": "relu", "hidden_init": "he_uniform", "output_init": "glorot_uniform"},
	 "train": {"optimizer": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
	  "epsilon": 1e-07, "momentum": 0, "epochs": 3, "shuffle": true},
	 "sweep": {"batch_sizes": [64, 8], "seeds": [0, 1, 2]}}
}
JSON
cp "$H/old/summary.csv" "$H/oldfmt/"
t_run "$BSWEEP" compare "$H/oldfmt" "$R1"
t_expect_rc "old format (no grid, timing or protocol keys in run.json)" 0
t_check "old format: nothing on stderr" test ! -s "$T_ERR"
t_expect_line "old format: the config line" "$T_OUT" 'config "cmp-tiny": 2 batch sizes x 3 seeds, 1 timed repeat per run'
t_expect_line "old format: same results as today's" "$T_OUT" "$(agree_exact 6)"
cp "$H/oldfmt/run.json" "$H/oldfmt/run.json.orig"
edit_json "$H/oldfmt" '"epochs": 3' '"epochs": 0'
refused "old format: its config is validated" "bsweep: $H/oldfmt/run.json: config: train.epochs: expected an integer from 1 to 1000000, found 0" "$R1" "$H/oldfmt"
mv "$H/oldfmt/run.json.orig" "$H/oldfmt/run.json"

# ---------------------------------------------------------------- grids
# 2 batch sizes x 2 learning rates x 2 seeds, once with 2 jobs.  Nothing
# here needs the points to train differently.
grid_cfg() { # grid_cfg FILE GRID: the grid config with sweep.grid GRID
	cat >"$1" <<JSON
{"name": "cmp-grid", "data": {"n_samples": 120, "n_train": 80}, "train": {"epochs": 2},
 "sweep": {"batch_sizes": [16, 8], "seeds": [0, 1], "grid": $2}}
JSON
}
G=$T_TMP/g
grid_cfg "$T_TMP/grid.json" '{"train.learning_rate": [0.001, 0.01]}'
grid_cfg "$T_TMP/grid_other.json" '{"train.learning_rate": [0.001, 0.1]}'
grid_cfg "$T_TMP/grid_none.json" '{}'
grid_cfg "$T_TMP/grid_le.json" '{"train.learning_rate": [0.001, 0.01], "train.epochs": [2, 3]}'
grid_cfg "$T_TMP/grid_el.json" '{"train.epochs": [2, 3], "train.learning_rate": [0.001, 0.01]}'
if ! "$BSWEEP" "$T_TMP/grid.json" -q -o "$G/1/grid" || ! "$BSWEEP" "$T_TMP/grid.json" -q -j 2 -o "$G/2/grid" ||
   ! "$BSWEEP" "$T_TMP/grid_other.json" -q -o "$G/other" || ! "$BSWEEP" "$T_TMP/grid_none.json" -q -o "$G/none" ||
   ! "$BSWEEP" "$T_TMP/grid_le.json" -q -o "$G/le" || ! "$BSWEEP" "$T_TMP/grid_el.json" -q -o "$G/el"; then
	t_not_ok "the grid sweeps to compare ran"
	t_done
	exit 1
fi
G1=$G/1/grid G2=$G/2/grid
t_run "$BSWEEP" compare "$G1" "$G2"
t_expect_rc "grid" 0
t_expect_err "grid: warns that the jobs differ" "bsweep: warning: jobs differ: 1 in $G1, 2 in $G2"
t_expect_line "grid: config line counts the points" "$T_OUT" 'config "cmp-grid": 2 batch sizes x 2 grid points x 2 seeds, 1 timed repeat per run'
t_expect_line "grid: the grid's values" "$T_OUT" 'grid: train.learning_rate = 0.001, 0.01'
t_expect_grep "grid: time table header has the axis" "$T_OUT" '^batch_size learning_rate  result  *median .*  vs 1/grid$'
# the rows: batch sizes ascending, then the points, each directory in turn
t_check "grid: a time row per batch size x point x directory, in order" sh -c "awk '/^time per run/ { on = 1; next } on && /^ +[0-9]+ / { printf \"%s %s %s \", \$1, \$2, \$3 } /^$/ { on = 0 }' '$T_OUT' |
	grep -qx '8 0.001 1/grid 8 0.001 2/grid 8 0.01 1/grid 8 0.01 2/grid 16 0.001 1/grid 16 0.001 2/grid 16 0.01 1/grid 16 0.01 2/grid '"
t_expect_grep "grid: the reference row" "$T_OUT" '^        16          0.01  1/grid .* 1.000  reference$'
t_expect_grep "grid: 2 seeds, 1 repeat: n/a" "$T_OUT" '^        16          0.01  2/grid .*  n/a (1 repeat, 2 seeds)$'
t_expect_grep "grid: the ratio line" "$T_OUT" "^2/grid ($G2) is faster than 1/grid ($G1) at 0 of 4 pairs of batch size and grid point, slower at 0; no significant difference at 0; too few measurements for a verdict at 4; geometric mean of the ratios [0-9.]*\$"
t_expect_grep "grid: accuracy table header has the axis" "$T_OUT" '^batch_size learning_rate    1/grid    2/grid  same results$'
t_check "grid: an accuracy row per batch size x point, each agreeing" sh -c "awk '/^final validation/ { on = 1; next } on && /^ +[0-9]+ / { printf \"%s %s %s \", \$1, \$2, \$NF } /^$/ { on = 0 }' '$T_OUT' |
	grep -qx '8 0.001 yes 8 0.01 yes 16 0.001 yes 16 0.01 yes '"
t_expect_line "grid: same results" "$T_OUT" "$(agree_exact 8)"

t_run "$BSWEEP" compare --csv "$G1" "$G2"
t_expect_rc "grid --csv" 0
cp "$T_OUT" "$T_TMP/grid.csv"
t_check "grid --csv: header with the axis after batch_size, named by its key" \
	test "$(head -n 1 "$T_TMP/grid.csv")" = "$(printf '%s\n' "$CSV_HEADER" | sed 's/^batch_size,/batch_size,train.learning_rate,/')"
t_check "grid --csv: 2 batch sizes x 2 points x 2 directories" test "$(wc -l <"$T_TMP/grid.csv")" -eq 9
t_check "grid --csv: rows by directory, batch sizes ascending, then points" \
	test "$(tail -n +2 "$T_TMP/grid.csv" | cut -d, -f1-4 | tr '\n' ' ')" = "8,0.001,1,1/grid 8,0.01,1,1/grid 16,0.001,1,1/grid 16,0.01,1,1/grid 8,0.001,2,2/grid 8,0.01,2,2/grid 16,0.001,2,2/grid 16,0.01,2,2/grid "
# gcsv_get FILE BATCH_SIZE LR DIR_INDEX COLUMN
gcsv_get() {
	awk -F, -v b="$2" -v lr="$3" -v d="$4" -v col="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b && $c["train.learning_rate"] == lr && $c["dir_index"] == d { print $c[col] }' "$1"
}
# gmedian SUMMARY BATCH_SIZE LR: the median over the seeds of total_seconds
gmedian() {
	awk -F, -v b="$2" -v lr="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b && $c["train.learning_rate"] == lr { v[n++] = $c["total_seconds"] + 0 }
		END { for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		      printf "%.17g\n", n % 2 ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }' "$1"
}
for b in 8 16; do
	for lr in 0.001 0.01; do
		m1=$(gmedian "$G1/summary.csv" $b $lr) m2=$(gmedian "$G2/summary.csv" $b $lr)
		if close_to "$(gcsv_get "$T_TMP/grid.csv" $b $lr 1 median_seconds)" "$m1" &&
		   close_to "$(gcsv_get "$T_TMP/grid.csv" $b $lr 2 median_seconds)" "$m2"; then
			t_ok "grid --csv: batch $b, lr $lr: medians over its own seeds ($m1, $m2)"
		else
			t_not_ok "grid --csv: batch $b, lr $lr: medians over its own seeds ($m1, $m2)" "$(cat "$T_TMP/grid.csv")"
		fi
	done
done
t_check "grid --csv: no run differs" test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ s += $c["runs_differing"] } END { print s + 0 }' "$T_TMP/grid.csv")" = 0
t_check "grid --csv: 2 measurements (seeds)" test "$(gcsv_get "$T_TMP/grid.csv" 8 0.01 2 measurements)" = 2

# a run that differs is found at its own point: only that row says NO
mkdir -p "$G/acc"
cp "$G1/run.json" "$G/acc/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["batch_size"] == 16 && $c["train.learning_rate"] == "0.01" && $c["seed"] == 1 { $c["final_val_acc"] = 0.123 }
	{ print }' "$G1/summary.csv" >"$G/acc/summary.csv"
gacc=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["batch_size"] == 16 && $c["train.learning_rate"] == "0.01" && $c["seed"] == 1 { print $c["final_val_acc"] }' "$G1/summary.csv")
t_run "$BSWEEP" compare "$G1" "$G/acc"
t_expect_rc "grid, a differing run" 0
t_check "grid, a differing run: NO at its point only" sh -c "awk '/^final validation/ { on = 1; next } on && /^ +[0-9]+ / { printf \"%s %s %s \", \$1, \$2, /  NO [(]/ ? \"NO\" : \$NF } /^$/ { on = 0 }' '$T_OUT' |
	grep -qx '8 0.001 yes 8 0.01 yes 16 0.001 yes 16 0.01 NO '"
t_expect_grep "grid, a differing run: 1 of 2 seeds" "$T_OUT" '^        16          0.01 .*  NO (1 of 2 seeds differ)$'
t_expect_line "grid, a differing run: listed with its point" "$T_OUT" \
	"  batch_size 16, train.learning_rate 0.01, seed 1, acc: final_val_acc 0.123 ($gacc)"
t_expect_err "grid, a differing run: warned" \
	"bsweep: warning: $G/acc: 1 of 8 runs give other results than in $G1 (final accuracy or loss): the builds do not compute the same thing"
t_run "$BSWEEP" compare --csv "$G1" "$G/acc"
t_check "grid, a differing run --csv: runs_differing at its point" \
	test "$(gcsv_get "$T_OUT" 16 0.01 2 runs_differing),$(gcsv_get "$T_OUT" 16 0.001 2 runs_differing),$(gcsv_get "$T_OUT" 8 0.01 2 runs_differing)" = "1,0,0"

# other grids are refused, naming the axis
HINT_GRID=$HINT_CONFIG
refused "grid: another value" "bsweep: $G1 and $G/other hold results of different grids: config.sweep.grid[\"train.learning_rate\"][1]: 0.01 in $G1, 0.1 in $G/other
$HINT_GRID" "$G1" "$G2" "$G/other"
refused "grid: none" "bsweep: $G/none and $G1 hold results of different grids: config.sweep.grid[\"train.learning_rate\"]: absent in $G/none, [0.001, 0.01] in $G1
$HINT_GRID" "$G/none" "$G1"
refused "grid: another axis" "bsweep: $G1 and $G/le hold results of different grids: config.sweep.grid[\"train.epochs\"]: absent in $G1, [2, 3] in $G/le
$HINT_GRID" "$G1" "$G/le"
refused "grid: the axes in another order" "bsweep: $G/le and $G/el hold results of different grids: config.sweep.grid: the axes in another order: train.learning_rate, train.epochs in $G/le; train.epochs, train.learning_rate in $G/el
$HINT_GRID" "$G/le" "$G/el"
# two axes: a column each, and the points of the product, the last axis fastest
t_run "$BSWEEP" compare --csv "$G/le" "$G/le"
t_check "grid of two axes --csv: a column each" \
	test "$(head -n 1 "$T_OUT")" = "$(printf '%s\n' "$CSV_HEADER" | sed 's/^batch_size,/batch_size,train.learning_rate,train.epochs,/')"
t_check "grid of two axes --csv: the points in config order" \
	test "$(awk -F, 'NR > 1 && $4 == 1 && $1 == 8 { printf "%s/%s ", $2, $3 }' "$T_OUT")" = "0.001/2 0.001/3 0.01/2 0.01/3 "
t_run "$BSWEEP" compare "$G/le" "$G/le"
t_expect_grep "grid of two axes: the columns titled by the keys' last names" "$T_OUT" '^batch_size learning_rate epochs  result '
t_expect_grep "grid of two axes: a row" "$T_OUT" '^         8          0.01      3  le  '

# summary.csv must hold the grid: its columns, its values, each point's runs
gbad() { # gbad NAME AWK_PROGRAM: $G/NAME, G1 with summary.csv through the program
	mkdir -p "$G/$1"
	cp "$G1/run.json" "$G/$1/"
	awk -F, -v OFS=, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i } $2" "$G1/summary.csv" >"$G/$1/summary.csv"
}
gbad nocol '{ out = ""; for (i = 1; i <= NF; i++) if (i != c["train.learning_rate"]) out = out (out == "" ? "" : ",") $i; print out }'
refused "grid: summary.csv without the axis column" "bsweep: $G/nocol/summary.csv: the header has no column 'train.learning_rate'" "$G1" "$G/nocol"
gbad badval 'NR == 3 { $c["train.learning_rate"] = "0.1" } { print }'
refused "grid: a value not in the grid" "bsweep: $G/badval/summary.csv:3: train.learning_rate: expected 0.001 or 0.01, found '0.1'" "$G1" "$G/badval"
gbad norow '!($c["batch_size"] == 8 && $c["train.learning_rate"] == "0.01" && $c["seed"] == 1)'
refused "grid: a missing run" "bsweep: $G/norow/summary.csv: no row for batch_size 8, train.learning_rate 0.01, seed 1 (a run of the config in run.json)" "$G1" "$G/norow"
gbad tworows '{ print } NR == 2 { print }'
refused "grid: a run twice" "bsweep: $G/tworows/summary.csv:3: a second row for batch_size 16, train.learning_rate 0.001, seed 0" "$G1" "$G/tworows"

# ---------------------------------------------------------------- out of memory
# each checked allocation in turn made to fail (tests/alloc.sh explains the
# hook): exit 1, "out of memory", nothing on stdout; the last k not reached
oom_each() { # oom_each WHAT DIRS...
	oom_what=$1; shift
	n_alloc=$(BSWEEP_ALLOC_STATS=1 "$BSWEEP" compare "$@" 2>&1 >/dev/null |
		sed -n 's/.*alloc-stats: count=\([0-9]*\).*/\1/p')
	bad_k=""
	# one k in BSWEEP_ALLOC_STRIDE, from 1 + BSWEEP_ALLOC_OFFSET mod the
	# stride, as tests/alloc.sh (make check: one in 2 under the
	# sanitizers, one in 5 otherwise, moving with the commit)
	oom_stride=${BSWEEP_ALLOC_STRIDE:-1}
	k=$((1 + ${BSWEEP_ALLOC_OFFSET:-0} % oom_stride))
	while [ "$k" -le "${n_alloc:-0}" ]; do
		BSWEEP_FAIL_ALLOC=$k "$BSWEEP" compare "$@" >"$T_TMP/oom.out" 2>"$T_TMP/oom.err"
		rc=$?
		if [ $rc -ne 1 ] || [ -s "$T_TMP/oom.out" ] || ! grep -q 'out of memory' "$T_TMP/oom.err" ||
		   grep -q Sanitizer "$T_TMP/oom.err"; then
			bad_k="$bad_k $k(rc $rc: $(grep -v warning "$T_TMP/oom.err" | head -n 1))"
		fi
		k=$((k + oom_stride))
	done
	t_check "out of memory, $oom_what: $n_alloc allocations counted" test "${n_alloc:-0}" -gt 100
	if [ "$oom_stride" = 1 ]; then oom_at="at each allocation"; else oom_at="at one allocation in $oom_stride (from k = $((1 + ${BSWEEP_ALLOC_OFFSET:-0} % oom_stride)))"; fi
	if [ -z "$bad_k" ]; then t_ok "out of memory $oom_at, $oom_what: exit 1, message, no output"
	else t_not_ok "out of memory $oom_at, $oom_what: exit 1, message, no output" "failed for k =$bad_k"; fi
}
oom_each "3 directories" "$H/A" "$H/acc" "$H/A"
oom_each "grids" "$G1" "$G/acc"

# ---------------------------------------------------------------- the figure
gp_err=$T_TMP/gp.err
gnuplot -c scripts/compare.gp "$T_TMP/sig.csv" "$T_TMP/sig.png" 2>"$gp_err"
t_check "compare.gp: exit 0" test $? -eq 0
t_check "compare.gp: nothing on stderr" test ! -s "$gp_err"
t_check "compare.gp: a PNG" is_png "$T_TMP/sig.png"
t_check "compare.gp: 1600x690" test "$(png_size "$T_TMP/sig.png")" = 1600x690
gnuplot -c scripts/compare.gp "$T_TMP/real.csv" "$T_TMP/real.svg" svg 2>"$gp_err"
t_check "compare.gp svg: an SVG, nothing on stderr" sh -c "grep -q '<svg' '$T_TMP/real.svg' && test ! -s '$gp_err'"
awk -F, '{ out = ""; for (i = 1; i <= NF; i++) if (i != 11) out = out (out == "" ? "" : ",") $i; print out }' \
	"$T_TMP/sig.csv" >"$T_TMP/noratio.csv"
gnuplot -c scripts/compare.gp "$T_TMP/noratio.csv" "$T_TMP/noratio.png" 2>"$gp_err"
t_check "compare.gp without the ratio column: fails" test $? -ne 0
t_expect_grep "compare.gp without the ratio column: names it" "$gp_err" "noratio.csv: missing required column 'ratio'"
t_check "compare.gp without the ratio column: no image" test ! -e "$T_TMP/noratio.png"

# ---------------------------------------------------------------- the figure of a grid
# gridcsv FILE AXES BATCH_SIZES LABELS: a hand-made compare CSV of a grid,
# the header bsweep writes with the axes' columns after batch_size (AXES
# "key=v1 v2;key2=...", LABELS "a|b"), rows by directory, batch size and point (the last
# axis fastest), but the second directory's batch sizes descending.
# Directory d, point p, batch size b: median 0.001 (1 + 4 / b) (1 + 0.3 (p - 1))
# (1 + 0.1 (d - 1)), min and max 5 % off, ratio 1 + 0.1 (d - 1),
# significant at the first and last batch sizes.
gridcsv() {
	awk -v head="$CSV_HEADER" -v axes="$2" -v bs="$3" -v labels="$4" 'BEGIN {
		na = split(axes, AX, ";")
		for (a = 1; a <= na; a++) { split(AX[a], kv, "="); NAME[a] = kv[1]
			NV[a] = split(kv[2], t, " "); for (i = 1; i <= NV[a]; i++) VAL[a, i] = t[i] }
		np = 1; gh = ""
		for (a = 1; a <= na; a++) { np *= NV[a]; gh = gh "," NAME[a] }
		h = head; sub(/^batch_size/, "batch_size" gh, h); print h
		nh = split(head, H, ","); nb = split(bs, B, " "); nd = split(labels, L, "|")
		for (d = 1; d <= nd; d++) for (k = 1; k <= nb; k++) for (p = 1; p <= np; p++) {
			b = (d == 2) ? nb + 1 - k : k
			r = p - 1; g = ""
			for (a = na; a >= 1; a--) { ix[a] = r % NV[a]; r = int(r / NV[a]) }
			for (a = 1; a <= na; a++) g = g "," VAL[a, ix[a] + 1]
			m = 0.001 * (1 + 4 / B[b]) * (1 + 0.3 * (p - 1)) * (1 + 0.1 * (d - 1))
			V["dir_index"] = d; V["label"] = L[d]; V["seeds"] = 3; V["repeats"] = 5; V["measurements"] = 15
			V["median_seconds"] = sprintf("%.17g", m); V["min_seconds"] = sprintf("%.17g", 0.95 * m)
			V["max_seconds"] = sprintf("%.17g", 1.05 * m); V["mad_seconds"] = sprintf("%.17g", 0.01 * m)
			V["ratio"] = 1 + 0.1 * (d - 1)
			V["significant"] = d == 1 ? "ref" : (b == 1 || b == nb) ? "yes" : "no"
			V["final_val_acc"] = 0.5; V["final_val_loss"] = 1; V["runs_differing"] = 0; V["dir"] = "/r/" d
			line = B[b] g
			for (i = 2; i <= nh; i++) line = line "," V[H[i]]
			print line
		} }' >"$1"
}
# svg_lines SVG: each line a plot draws (the first stretch of a path in a
# gnuplot_plot_ group), as "POINTS RIGHTWARD": its number of points, and 1
# when every point is right of the one before (0: a zigzag)
svg_lines() {
	LC_ALL=C awk '/<g id="gnuplot_plot_/ { on = 1; next } /^\t<\/g>$/ { on = 0; next }
		on && /<path/ && /d=/ {
			s = substr($0, index($0, "d=") + 3)
			sub(/[^0-9., ML-].*$/, "", s)
			i = index(substr(s, 2), "M"); if (i) s = substr(s, 1, i)
			gsub(/[ML]/, " ", s)
			n = split(s, pt, " "); right = 1
			for (k = 2; k <= n; k++) if (pt[k] + 0 <= pt[k - 1] + 0) right = 0
			print n, right }' "$1"
}
# cmp_block FILE DIR POINT: block "# directory DIR, grid point POINT" of
# aggregate.awk's mode=compare output FILE, as "batch_size median" rows
cmp_block() {
	awk -v h="# directory $2, grid point $3" '$0 == h { on = 1; next } on && (/^$/ || /^EOD$/) { exit }
		on { printf "%s %.10g\n", $1, $2 }' "$1"
}
AGG="awk -f scripts/aggregate.awk -v mode=compare"
svg_has() { svg_text "$2" | grep -qF -e "$1"; }     # svg_has TEXT SVG
# the label of the second directory: shell and gnuplot metacharacters
# (no '"': gnuplot reads it as a CSV quote, with or without a grid)
ODD='b`touch PWNED1`$(touch PWNED2)_{x}@AWK'"'"'&'
gridcsv "$T_TMP/g3.csv" "train.learning_rate=0.001 0.01 0.1" "8 32 128" "A|$ODD"
LC_ALL=C $AGG "$T_TMP/g3.csv" >"$T_TMP/g3.agg"
t_expect_grep "grid figure: aggregate: 1 axis, 3 points, 3 batch sizes" "$T_TMP/g3.agg" '^NGRID = 1; NPT = 3; NBSG = 3$'
t_check "grid figure: aggregate: the points named in config order" \
	test "$(grep '^PLABEL' "$T_TMP/g3.agg" | tr '\n' '|')" = "PLABEL[1] = 'learning_rate = 0.001'|PLABEL[2] = 'learning_rate = 0.01'|PLABEL[3] = 'learning_rate = 0.1'|"
t_check "grid figure: aggregate: the batch sizes once each, ascending" \
	test "$(grep '^BSG' "$T_TMP/g3.agg" | tr '\n' '|')" = "BSG[1] = 8|BSG[2] = 32|BSG[3] = 128|"
bad=""
for d in 1 2; do
	for lr in 0.001 0.01 0.1; do
		p=$(echo "0.001 0.01 0.1" | tr ' ' '\n' | grep -nxF "$lr" | cut -d: -f1)
		want=$(awk -F, -v d=$d -v lr=$lr 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$c["dir_index"] == d && $c["train.learning_rate"] == lr { printf "%s %.10g\n", $c["batch_size"], $c["median_seconds"] }' \
			"$T_TMP/g3.csv" | sort -n)
		[ "$(cmp_block "$T_TMP/g3.agg" $d $p)" = "$want" ] || bad="$bad $d/$lr"
	done
done
t_check "grid figure: aggregate: a series per directory and point, its own medians by batch size ascending (wrong:$bad)" test -z "$bad"
t_check "grid figure: aggregate: without a grid, NGRID = 0 alone" test "$(LC_ALL=C $AGG "$T_TMP/sig.csv")" = "NGRID = 0"

# a line per (directory, point), left to right, and the legend names both
gnuplot -c scripts/compare.gp "$T_TMP/g3.csv" "$T_TMP/g3.svg" svg 2>"$gp_err"
t_check "grid figure: exit 0, nothing on stderr" sh -c "test $? -eq 0 && test ! -s '$gp_err'"
t_expect_grep "grid figure: the title names the axis" "$T_TMP/g3.svg" ">Time per run by batch size and learning_rate<"
t_expect_grep "grid figure: says what a line is" "$T_TMP/g3.svg" \
	">one line per directory (dash, marker) and grid point (colour); 3 grid points<"
for lr in 0.001 0.01 0.1; do
	t_check "grid figure: the legend names learning_rate = $lr, once" \
		test "$(grep -c "<text>learning_rate = $lr</text>" "$T_TMP/g3.svg")" = 1
done
t_check "grid figure: the legend names the first directory" svg_has "<text>A</text>" "$T_TMP/g3.svg"
t_check "grid figure: the legend names the second directory as it is" svg_has "<text>$ODD</text>" "$T_TMP/g3.svg"
svg_lines "$T_TMP/g3.svg" >"$T_TMP/g3.lines"
t_check "grid figure: 9 lines of 3 batch sizes (6 times, 3 ratios of the second directory)" \
	test "$(grep -c '^3 ' "$T_TMP/g3.lines")" = 9
t_check "grid figure: every line goes left to right (no zigzag)" test "$(grep -c ' 0$' "$T_TMP/g3.lines")" = 0
t_check "grid figure: no file created by a label" test -z "$(find . "$T_TMP" -maxdepth 1 -name 'PWNED*')"
gnuplot -c scripts/compare.gp "$T_TMP/g3.csv" "$T_TMP/g3.png" 2>"$gp_err"
t_check "grid figure: a PNG, 1600x764 (a legend row each for the directories and the points), quiet" \
	sh -c "test '$(png_size "$T_TMP/g3.png")' = 1600x764 && test ! -s '$gp_err'"
# without a grid, none of it
svg_lines "$T_TMP/real.svg" >"$T_TMP/real.lines"
t_check "no grid: the figure has no grid legend, and its lines go left to right" \
	sh -c "! grep -q '>directories<' '$T_TMP/real.svg' && ! grep -q ' 0\$' '$T_TMP/real.lines'"

# many points: a row of panels per point, at most 16, evenly spaced
gridcsv "$T_TMP/g20.csv" "train.learning_rate=0.001 0.01 0.1 1;train.momentum=0 0.5 0.9 0.95 0.99" "8 32 128" "A|B"
gnuplot -c scripts/compare.gp "$T_TMP/g20.csv" "$T_TMP/g20.svg" svg 2>"$gp_err"
t_check "20 grid points: exit 0, nothing on stderr" sh -c "test $? -eq 0 && test ! -s '$gp_err'"
t_expect_grep "20 grid points: says which are shown" "$T_TMP/g20.svg" \
	">16 of 20 grid points shown, a row each: evenly spaced in config order, the first and the last included; ratio markers filled where the difference exceeds the noise<"
# rows 1..16 show points 1 + round((r - 1) 19 / 15): 1 2 4 5 6 7 9 ... 19 20
want=$(awk 'BEGIN { split("0.001 0.01 0.1 1", lr, " "); split("0 0.5 0.9 0.95 0.99", mo, " ")
	for (r = 1; r <= 16; r++) { p = int((r - 1) * 19 / 15 + 0.5)
		printf "learning_rate = %s, momentum = %s|", lr[int(p / 5) + 1], mo[p % 5 + 1] } }')
got=$(svg_text "$T_TMP/g20.svg" | sed -n 's/.*>\(learning_rate = [^<]*\):  time per run (log scale)<.*/\1/p' | tr '\n' '|')
t_check "20 grid points: the rows' points, the first and the last included" test "$got" = "$want"
t_check "20 grid points: each row's ratio panel names its point" \
	test "$(svg_text "$T_TMP/g20.svg" | grep -c '>learning_rate = [^<]*:  time relative to A<')" = 16
svg_lines "$T_TMP/g20.svg" >"$T_TMP/g20.lines"
t_check "20 grid points: 64 lines of 3 batch sizes (2 directories, time and ratio, 16 rows), left to right" \
	sh -c "test \$(grep -c '^3 1\$' '$T_TMP/g20.lines') = 64 && ! grep -q ' 0\$' '$T_TMP/g20.lines'"
gnuplot -c scripts/compare.gp "$T_TMP/g20.csv" "$T_TMP/g20.png" 2>"$gp_err"
t_check "20 grid points: a PNG, 1600x6864, quiet" sh -c "test '$(png_size "$T_TMP/g20.png")' = 1600x6864 && test ! -s '$gp_err'"
gridcsv "$T_TMP/g7.csv" "train.learning_rate=1 2 3 4 5 6 7" "8 32" "A|B"
gnuplot -c scripts/compare.gp "$T_TMP/g7.csv" "$T_TMP/g7.svg" svg 2>"$gp_err"
t_expect_grep "7 grid points (14 series): a row each, all shown" "$T_TMP/g7.svg" ">7 grid points: a row each; "

# grid columns and values that are not a config's: refused before any image
awk -F, -v OFS=, 'NR == 2 { $2 = "x$(touch PWNED3)" } { print }' "$T_TMP/g3.csv" >"$T_TMP/gbad.csv"
gnuplot -c scripts/compare.gp "$T_TMP/gbad.csv" "$T_TMP/gbad.png" 2>"$gp_err"
t_check "grid figure: a value that is code: fails, no image" sh -c "test $? -ne 0 && test ! -e '$T_TMP/gbad.png'"
t_expect_grep "grid figure: a value that is code: names it" "$gp_err" \
	"gbad.csv line 2: train.learning_rate: expected a number, true, false or a name"
sed '1s/train.learning_rate/train.learning rate/' "$T_TMP/g3.csv" >"$T_TMP/gbad.csv"
gnuplot -c scripts/compare.gp "$T_TMP/gbad.csv" "$T_TMP/gbad.png" 2>"$gp_err"
t_expect_grep "grid figure: a column with a dot that is no key path: refused" "$gp_err" \
	"gbad.csv: a grid column (a name with a dot) must be a key path such as train.learning_rate, not 'train.learning rate'"
t_check "grid figure: no file created by a value" test -z "$(find . "$T_TMP" -maxdepth 1 -name 'PWNED*')"

# real grid sweeps through compare.sh
t_run env BSWEEP="$BSWEEP" sh scripts/compare.sh "$T_TMP/rg.svg" "$G1" "$G2"
t_expect_rc "compare.sh of two grid sweeps" 0
for lr in 0.001 0.01; do
	t_check "compare.sh of two grid sweeps: the legend names learning_rate = $lr" \
		test "$(grep -c "<text>learning_rate = $lr</text>" "$T_TMP/rg.svg")" = 1
done
svg_lines "$T_TMP/rg.svg" >"$T_TMP/rg.lines"
t_check "compare.sh of two grid sweeps: 6 lines of 2 batch sizes, left to right" \
	sh -c "test \$(grep -c '^2 1\$' '$T_TMP/rg.lines') = 6 && ! grep -q ' 0\$' '$T_TMP/rg.lines'"

# bsweep compare -o: the figure of compare.sh on the CSV it printed, the
# same bytes as compare.sh running bsweep compare --csv itself
mkdir -p "$T_TMP/otmp"
t_run env TMPDIR="$T_TMP/otmp" "$BSWEEP" compare -o "$T_TMP/o1.svg" "$G1" "$G2"
t_expect_rc "compare -o x.svg" 0
t_run env BSWEEP="$BSWEEP" sh scripts/compare.sh "$T_TMP/o2.svg" "$G1" "$G2"
t_check "compare -o x.svg: the figure of compare.sh" cmp "$T_TMP/o1.svg" "$T_TMP/o2.svg"
t_check "compare -o: no temporary CSV left" test -z "$(ls -A "$T_TMP/otmp")"
t_run "$BSWEEP" compare -o "$T_TMP/o3.png" "$H/A" "$H/lr"
t_check "compare -o of different configs: exit 2, no image" \
	sh -c 'test "$1" = 2 && test ! -e "$2"' sh "$T_RC" "$T_TMP/o3.png"
t_run "$BSWEEP" compare -o "$T_TMP/o.gif" "$H/A" "$H/B"
t_expect_rc "compare -o x.gif" 2
t_expect_err "compare -o x.gif" "bsweep: compare: option --out: expected a file name ending in .png, .svg or .pdf, found '$T_TMP/o.gif'
$TRY"
# -o where no figure can go: said before comparing, nothing printed nor
# left (a directory got the temporary image renamed into it, exit 0)
mkdir "$T_TMP/odir.png"
t_run "$BSWEEP" compare -o "$T_TMP/odir.png" "$H/A" "$H/B"
t_expect_rc "compare -o DIR.png" 2
t_expect_err "compare -o DIR.png" "bsweep: compare: option --out: $T_TMP/odir.png: is a directory; expected the name of the figure's file, such as $T_TMP/odir.png/compare.png
$TRY"
t_check "compare -o DIR.png: nothing printed, nothing put in DIR.png" \
	sh -c 'test ! -s "$1" && test -z "$(ls -A "$2")"' sh "$T_OUT" "$T_TMP/odir.png"
t_run "$BSWEEP" compare -o "$T_TMP/none/x.png" "$H/A" "$H/B"
t_expect_rc "compare -o into a missing directory" 2
t_expect_err "compare -o into a missing directory" "bsweep: compare: option --out: $T_TMP/none/x.png: cannot put the figure there: No such file or directory
$TRY"
t_check "compare -o into a missing directory: nothing printed" test ! -s "$T_OUT"
t_run "$BSWEEP" compare "$H/A" "$H/B" -o
t_expect_rc "compare -o without a value" 2
t_expect_err "compare -o without a value" "bsweep: compare: option '-o' needs a value
$TRY"

# make compare = bsweep compare -o (-o: never rebuild bsweep here)
t_run make -s --no-print-directory -o "$BSWEEP" compare BSWEEP="$BSWEEP" DIRS="$H/A $H/B $H/C" OUT="$T_TMP/m.png"
t_expect_rc "make compare" 0
"$BSWEEP" compare "$H/A" "$H/B" "$H/C" >"$T_TMP/m.txt" 2>/dev/null
t_check "make compare: prints the comparison, then the image's path" \
	test "$(cat "$T_OUT")" = "$(cat "$T_TMP/m.txt"; printf '%s' "$T_TMP/m.png")"
t_check "make compare: nothing on stderr" test ! -s "$T_ERR"
t_check "make compare: a PNG" is_png "$T_TMP/m.png"
t_check "make compare: no temporary file left" test -z "$(ls -A "$T_TMP" | grep '^\.m\.png')"
t_run make -s --no-print-directory -o "$BSWEEP" compare BSWEEP="$BSWEEP" DIRS="$H/A $H/lr" OUT="$T_TMP/m2.png"
t_check "make compare of different configs: fails" test "$T_RC" -ne 0
t_expect_grep "make compare of different configs: bsweep's message" "$T_ERR" "hold results of different configs"
t_check "make compare of different configs: no image" test ! -e "$T_TMP/m2.png"
t_run make -s --no-print-directory -o "$BSWEEP" compare BSWEEP="$BSWEEP" DIRS="$H/A $H/B" OUT="$T_TMP/m.gif"
t_check "make compare OUT=x.gif: fails" test "$T_RC" -ne 0
t_expect_grep "make compare OUT=x.gif: names the format problem" "$T_ERR" \
	"option --out: expected a file name ending in .png, .svg or .pdf, found '$T_TMP/m.gif'"
t_run make -s --no-print-directory -o "$BSWEEP" compare BSWEEP="$BSWEEP"
t_check "make compare without DIRS: fails" test "$T_RC" -ne 0
t_expect_grep "make compare without DIRS: usage" "$T_ERR" 'make compare DIRS="DIR_A DIR_B ..."'
t_done
