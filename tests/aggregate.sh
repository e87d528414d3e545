#!/bin/sh
# tests/aggregate.sh BSWEEP: what identifies a row, and aggregate.csv.
#   - every row of epochs.csv, summary.csv (and the run files) starts
#     with sweep (the config's name) and run (the stem of the run's files
#     in runs/); two sweeps' files concatenate with distinct run identity;
#   - summary.csv's epochs_to_95, recomputed from epochs.csv: the first
#     epoch from which val_acc stays >= 0.95 x the last epoch's;
#   - aggregate.csv recomputed from summary.csv with awk (mean, sample
#     std, median, min, max over the seeds that did not diverge; seeds,
#     diverged), within 1e-12 relative, for a sweep of 3 batch sizes x 3
#     seeds and one with a grid, a diverging point and a target;
#   - the end-of-sweep table with seeds: a row per batch size and point,
#     its means aggregate.csv's;
#   - an older results directory (no sweep and run columns): --resume
#     trains its runs again, analyze refuses naming the file.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

cat >"$T_TMP/a.json" <<'JSON'
{"name": "agg-a", "data": {"n_samples": 150, "n_train": 100}, "train": {"epochs": 6},
 "sweep": {"batch_sizes": [4, 16, 64], "seeds": [0, 1, 2]}}
JSON
# a grid with a point that diverges (1e30), a target, a name with dots
cat >"$T_TMP/b.json" <<'JSON'
{"name": "agg.b_2", "data": {"n_samples": 150, "n_train": 100}, "train": {"epochs": 5},
 "sweep": {"batch_sizes": [8, 32], "seeds": [0, 1, 2],
           "grid": {"train.learning_rate": [0.01, 1e30]}},
 "analysis": {"target": {"metric": "val_acc", "value": 0.5}}}
JSON
t_run "$BSWEEP" -o "$T_TMP/a" "$T_TMP/a.json"
t_expect_rc "3 batch sizes x 3 seeds" 0
cp "$T_OUT" "$T_TMP/a.table"
t_run "$BSWEEP" -o "$T_TMP/b" "$T_TMP/b.json"
t_expect_rc "a grid with a diverging point and a target" 0
cp "$T_OUT" "$T_TMP/b.table"

# ---------------------------------------------------------------- identity
for d in a b; do
	name=$(sed -n 's/^{"name": "\([^"]*\)".*/\1/p' "$T_TMP/$d.json")
	for f in epochs summary; do
		t_check "$d: $f.csv starts with sweep,run" \
			test "$(head -n 1 "$T_TMP/$d/$f.csv" | cut -d, -f1-3)" = "sweep,run,batch_size"
		t_check "$d: every row of $f.csv has sweep $name" \
			awk -F, -v n="$name" 'NR > 1 && $1 != n { bad = 1 } END { exit bad || NR < 2 }' \
			"$T_TMP/$d/$f.csv"
		# each row's run is the stem of the run file that holds that row
		if awk -F, -v dir="$T_TMP/$d/runs" -v kind="$f" 'NR > 1 {
			f = dir "/" $2 "." kind ".csv"; line = ""
			# the run file'"'"'s rows, in order, are the combined file'"'"'s
			if (!(f in open_)) { open_[f] = 1; getline line < f }
			if ((getline line < f) <= 0 || line != $0) { bad = 1; exit } }
			END { exit bad || NR < 2 }' "$T_TMP/$d/$f.csv"; then
			t_ok "$d: each $f.csv row is in runs/<run>.$f.csv"
		else
			t_not_ok "$d: a $f.csv row is not in the run file its run column names"
		fi
	done
	t_check "$d: aggregate.csv: every row has sweep $name" \
		awk -F, -v n="$name" 'NR == 1 && $1 != "sweep" { bad = 1 } NR > 1 && $1 != n { bad = 1 }
			END { exit bad || NR < 2 }' "$T_TMP/$d/aggregate.csv"
done
# runs/ stems are exactly the summary's run column
ls "$T_TMP/b/runs" | sed -n 's/\.summary\.csv$//p' | sort >"$T_TMP/stems"
cut -d, -f2 "$T_TMP/b/summary.csv" | tail -n +2 | sort >"$T_TMP/runcol"
t_check "b: the run column is the set of runs/ stems (b<B>_g<P>_s<SEED>)" \
	sh -c "cmp -s '$T_TMP/stems' '$T_TMP/runcol' && grep -q '^b8_g1_s2\$' '$T_TMP/runcol'"

# two sweeps of one config under two names concatenate (minus a header)
sed 's/"agg-a"/"agg-a2"/' "$T_TMP/a.json" >"$T_TMP/a2.json"
"$BSWEEP" -q -o "$T_TMP/a2" "$T_TMP/a2.json"
{ cat "$T_TMP/a/summary.csv"; tail -n +2 "$T_TMP/a2/summary.csv"; } >"$T_TMP/cat.csv"
t_check "two sweeps' summary.csv: 18 rows, (sweep, run) distinct" \
	awk -F, 'NR > 1 { n++; if (seen[$1 SUBSEP $2]++) bad = 1 } END { exit bad || n != 18 }' "$T_TMP/cat.csv"
t_check "... which run alone is not (the same stems in both)" \
	awk -F, 'NR > 1 && seen[$2]++ { dup = 1 } END { exit !dup }' "$T_TMP/cat.csv"

# ---------------------------------------------------------------- epochs_to_95
for d in a b; do
	if awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
		NR == FNR { k = $c[FILENAME, "run"]; e = $c[FILENAME, "epoch"] + 0
			va[k, e] = $c[FILENAME, "val_acc"] + 0; if (e > n[k]) n[k] = e; next }
		{ k = $c[FILENAME, "run"]; t = 0.95 * va[k, n[k]]
		  want = 1
		  for (e = 1; e <= n[k]; e++) if (va[k, e] < t) want = e + 1
		  rows++
		  if ($c[FILENAME, "epochs_to_95"] != want) {
			print k ": epochs_to_95 " $c[FILENAME, "epochs_to_95"] ", expected " want; bad = 1 }
		  # a spike: the first epoch at 95 % is not the one it stays from
		  first = 0
		  for (e = n[k]; e >= 1; e--) if (va[k, e] >= t) first = e
		  if (first < want) spikes++ }
		END { print spikes + 0 > "/dev/stderr"; exit bad || rows == 0 }' \
		"$T_TMP/$d/epochs.csv" "$T_TMP/$d/summary.csv" >"$T_TMP/e95" 2>"$T_TMP/spikes"; then
		t_ok "$d: summary.csv's epochs_to_95 from epochs.csv ($(cat "$T_TMP/spikes") runs with an earlier spike)"
	else
		t_not_ok "$d: epochs_to_95 disagrees with epochs.csv" "$(head -5 "$T_TMP/e95")"
	fi
done

# ---------------------------------------------------------------- aggregate.csv
# recompute(DIR): every row and column of DIR/aggregate.csv from
# DIR/summary.csv; prints what differs, exits 1 then
recompute() {
	awk -F, -v tol=1e-12 '
	function close_enough(got, want,    d, m) {
		if (want == "") return got == ""
		if (got == "") return 0
		d = got - want; if (d < 0) d = -d
		m = want < 0 ? -want : want
		return d <= tol * (m > 1 ? m : 1)
	}
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; h[FILENAME] = $0; nf[FILENAME] = NF
		if (NR == FNR) { S = FILENAME
			# grid columns: named by a key path, between batch_size and seed
			for (i = c[S, "batch_size"] + 1; i < c[S, "seed"]; i++) grid[++ng] = $i }
		else A = FILENAME
		next }
	NR == FNR {
		key = $c[S, "batch_size"]; for (g = 1; g <= ng; g++) key = key "," $c[S, grid[g]]
		if (!(key in nseeds)) order[++nk] = key
		nseeds[key]++
		ok = $c[S, "status"] == "ok" || $c[S, "status"] == "target"
		if (!ok) ndiv[key]++
		rows[key, nseeds[key]] = $0; okrow[key, nseeds[key]] = ok
		next }
	{ r++
	  key = $c[A, "batch_size"]; for (g = 1; g <= ng; g++) key = key "," $c[A, grid[g]]
	  if (key != order[r]) { print "row " r ": " key ", expected " order[r]; bad = 1; next }
	  if ($c[A, "seeds"] != nseeds[key]) { print key ": seeds " $c[A, "seeds"]; bad = 1 }
	  if ($c[A, "diverged"] != ndiv[key] + 0) { print key ": diverged " $c[A, "diverged"]; bad = 1 }
	  for (i = 1; i <= nf[A]; i++) {
		split(h[A], names, ",")
		col = names[i]
		if (col !~ /_mean$/) continue
		m = substr(col, 1, length(col) - 5)
		n = 0; sum = 0
		for (s = 1; s <= nseeds[key]; s++) {
			split(rows[key, s], f, ",")
			v = f[c[S, m]]
			if (!okrow[key, s] || v == "") continue
			x[++n] = v + 0; sum += v
		}
		# sort x (insertion)
		for (a = 2; a <= n; a++) { t = x[a]; for (b = a - 1; b >= 1 && x[b] > t; b--) x[b + 1] = x[b]; x[b + 1] = t }
		mean = n ? sum / n : ""
		ss = 0; for (a = 1; a <= n; a++) ss += (x[a] - mean) * (x[a] - mean)
		sd = n > 1 ? sqrt(ss / (n - 1)) : ""
		med = n == 0 ? "" : n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
		want["_mean"] = mean; want["_std"] = sd; want["_median"] = med
		want["_min"] = n ? x[1] : ""; want["_max"] = n ? x[n] : ""
		for (st in want) {
			got = $c[A, m st]; checked++
			if (!close_enough(got, want[st])) { print key ": " m st " " got ", expected " want[st]; bad = 1 }
		}
	  }
	}
	END { if (r != nk) { print r " rows, expected " nk; bad = 1 }
	      print checked " values checked" > "/dev/stderr"; exit bad }' "$1/summary.csv" "$1/aggregate.csv"
}
for d in a b; do
	if recompute "$T_TMP/$d" >"$T_TMP/diff" 2>"$T_TMP/n"; then
		t_ok "$d: aggregate.csv = summary.csv aggregated with awk ($(cat "$T_TMP/n"))"
	else
		t_not_ok "$d: aggregate.csv differs from summary.csv aggregated with awk" "$(head -10 "$T_TMP/diff")"
	fi
done
want=$(t_columns aggregate | awk -F, '{ for (i = 1; i <= NF; i++) if ($i !~ /_to_target_/) printf "%s%s", (i > 1 ? "," : ""), $i; print "" }')
t_check "a: aggregate.csv's header: the table's, without target columns" \
	test "$(head -n 1 "$T_TMP/a/aggregate.csv")" = "$want"
want=$(t_columns aggregate | sed 's/,batch_size,/,batch_size,train.learning_rate,/')
t_check "b: aggregate.csv's header: the grid column after batch_size, the target's columns" \
	test "$(head -n 1 "$T_TMP/b/aggregate.csv")" = "$want"
t_check "a: 3 rows, one per batch size" test "$(wc -l <"$T_TMP/a/aggregate.csv")" -eq 4
t_check "b: the diverging point: 3 of 3 diverged, its stats empty" \
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["train.learning_rate"] == "1e+30" { n++; if ($c["diverged"] != 3 || $c["final_val_acc_mean"] != "") bad = 1 }
		END { exit bad || n != 2 }' "$T_TMP/b/aggregate.csv"
t_check "a: one seed's std would be empty, three seeds' is a number" \
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["final_val_acc_std"] == "" { bad = 1 }
		END { exit bad }' "$T_TMP/a/aggregate.csv"

# ---------------------------------------------------------------- the table
t_expect_grep "a: the table with seeds: its header" "$T_TMP/a.table" \
	'^batch_size seeds final_train_acc  *final_val_acc  *total_seconds  *note'
t_check "a: the table: a row per batch size" test "$(wc -l <"$T_TMP/a.table")" -eq 4
# its val_acc column is aggregate.csv's mean and std, to 4 decimals
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ printf "%s %d %.4f +- %.4f\n", $c["batch_size"], $c["seeds"], $c["final_val_acc_mean"], $c["final_val_acc_std"] }' \
	"$T_TMP/a/aggregate.csv" >"$T_TMP/want"
tail -n +2 "$T_TMP/a.table" | awk '{ print $1, $2, $6, $7, $8 }' >"$T_TMP/got"
t_check "a: the table's final_val_acc: aggregate.csv's mean +- std" cmp -s "$T_TMP/want" "$T_TMP/got"
t_expect_grep "b: the table: the diverging point says so" "$T_TMP/b.table" \
	'^ *8  *1e+30  *3  *-  *-  .*3 of 3 diverged'
t_check "b: the table: a row per batch size and point" test "$(wc -l <"$T_TMP/b.table")" -eq 5

# ---------------------------------------------------------------- older files
# a results directory of a bsweep without sweep and run columns
cp -r "$T_TMP/a" "$T_TMP/old"
for f in "$T_TMP/old"/runs/*.csv "$T_TMP/old"/epochs.csv "$T_TMP/old"/summary.csv; do
	cut -d, -f3- "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
t_run "$BSWEEP" analyze "$T_TMP/old"
t_expect_rc "analyze of an older directory" 2
t_expect_grep "analyze of an older directory: names the file and what it lacks" "$T_ERR" \
	"b4_s0.summary.csv: a summary file of an older bsweep, without the columns sweep and run"
t_run "$BSWEEP" -q --resume -o "$T_TMP/old" "$T_TMP/a.json"
t_expect_rc "--resume of an older directory" 0
t_expect_grep "--resume of an older directory: says why it trains a run again" "$T_ERR" \
	"without the columns sweep and run.*again"
t_check "--resume of an older directory: summary.csv's header is this bsweep's" \
	test "$(head -n 1 "$T_TMP/old/summary.csv")" = "$(head -n 1 "$T_TMP/a/summary.csv")"
t_notime "$T_TMP/a/summary.csv" >"$T_TMP/a.notime"
t_notime "$T_TMP/old/summary.csv" >"$T_TMP/old.notime"
t_check "--resume of an older directory: the results of a new sweep, but for times" \
	cmp -s "$T_TMP/a.notime" "$T_TMP/old.notime"

t_done
