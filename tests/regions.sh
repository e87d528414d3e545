#!/bin/sh
# tests/regions.sh BSWEEP: analysis.boundaries, regions.csv and
# validation.csv (src/regions.h).
#   - the files: headers from the program's tables (grid columns after
#     batch_size with a grid), one 101x101 map per batch size (and grid
#     point), the first seed only, config order; validation.csv holds the
#     validation rows;
#   - against NumPy (scripts/regions_reference.py; skipped without NumPy):
#     every cell's class is the argmax of an independent float64 forward
#     pass of the saved weights (none differs beyond a tie), probabilities
#     within 1e-5, the grid regular and covering the validation points,
#     and the weights' accuracy on validation.csv equal to summary.csv's
#     final_val_acc; with a grid that varies model.activation too (which
#     also shows the runs trained with their point's activation: the
#     tanh point's run equals a sweep of tanh alone);
#   - diverged runs (stopped at their blow-up, finite weights): every map
#     is there, of numbers (a NaN weight would give a nan probability);
#   - --force with a sweep without the key removes bsweep's regions.csv and
#     validation.csv (the output directory's rules own them), and keeps a
#     user's file; a killed sweep's temporary regions.csv and
#     validation.csv are removed by the next sweep, a user's kept.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/boundaries.json
GCFG=tests/configs/boundaries_grid.json
PY=/usr/bin/python3
CELLS=101

numpy() { [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; }

t_run "$BSWEEP" -q -o "$T_TMP/on" "$CFG"
t_expect_rc "sweep with analysis.boundaries" 0
t_check "regions.csv: its header (the program's table)" \
	test "$(head -n 1 "$T_TMP/on/regions.csv")" = "$(t_columns regions)"
t_check "validation.csv: its header (the program's table)" \
	test "$(head -n 1 "$T_TMP/on/validation.csv")" = "$(t_columns validation)"
# 8 batch sizes, seeds [3, 1]: the first seed (3) only, config order
if awk -F, -v cells=$((CELLS * CELLS)) 'NR > 1 {
		if ($2 != 3) bad = 1
		if (!($1 in n)) order = order " " $1
		n[$1]++ }
	END { for (b in n) if (n[b] != cells) bad = 1
	      exit bad || order != " 4 8 16 32 64 100 150 200" }' "$T_TMP/on/regions.csv"; then
	t_ok "regions.csv: a ${CELLS}x$CELLS map per batch size, seed 3 (the first), config order"
else
	t_not_ok "regions.csv: a ${CELLS}x$CELLS map per batch size, seed 3 (the first), config order"
fi
t_check "validation.csv: the 200 validation rows, labels 0..2" \
	awk -F, 'NR > 1 { n++; if ($3 !~ /^[012]$/) bad = 1 } END { exit bad || n != 200 }' \
	"$T_TMP/on/validation.csv"

if numpy; then
	for d in on grid; do
		if [ $d = grid ]; then
			t_run "$BSWEEP" -q -o "$T_TMP/grid" "$GCFG"
			t_expect_rc "sweep with a grid (model.activation, train.learning_rate)" 0
			t_check "regions.csv with a grid: the grid columns after batch_size" \
				test "$(head -n 1 "$T_TMP/grid/regions.csv")" = \
				"batch_size,model.activation,train.learning_rate,$(t_columns regions | cut -d, -f2-)"
		fi
		"$PY" scripts/regions_reference.py "$T_TMP/$d" >"$T_TMP/ref" 2>&1
		if [ $? = 0 ]; then
			t_ok "$d: NumPy's forward pass of the saved weights: $(tail -n 1 "$T_TMP/ref")"
		else
			t_not_ok "$d: NumPy's forward pass of the saved weights" "$(cat "$T_TMP/ref")"
		fi
	done
else
	t_skip "regions.csv against NumPy" "no NumPy at $PY"
fi

# the activation of a grid point is its run's: the tanh point's run at
# batch size 8, seed 5, equals a sweep of tanh alone
sed 's/"grid": {[^}]*}/"grid": {}/; s/"hidden": \[8, 6\]/"hidden": [8, 6], "activation": "tanh"/' \
	"$GCFG" >"$T_TMP/tanh.json"
t_run "$BSWEEP" -q -o "$T_TMP/tanh" "$T_TMP/tanh.json"
t_expect_rc "the grid's config with tanh and no grid" 0
[ -d "$T_TMP/grid" ] || "$BSWEEP" -q -o "$T_TMP/grid" "$GCFG" >/dev/null 2>&1
acc() { # acc SUMMARY BATCH SEED [ACTIVATION]: final_val_loss of that run
	awk -F, -v b="$2" -v s="$3" -v a="${4:-}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["batch_size"] == b && $c["seed"] == s && (a == "" || ($c["model.activation"] == a &&
		$c["train.learning_rate"] == "0.01")) { print $c["final_val_loss"] }' "$1"
}
if [ -n "$(acc "$T_TMP/tanh/summary.csv" 8 5)" ] &&
   [ "$(acc "$T_TMP/tanh/summary.csv" 8 5)" = "$(acc "$T_TMP/grid/summary.csv" 8 5 tanh)" ] &&
   [ "$(acc "$T_TMP/grid/summary.csv" 8 5 tanh)" != "$(acc "$T_TMP/grid/summary.csv" 8 5 relu)" ]; then
	t_ok "a grid point's activation is its run's: tanh at the grid point = tanh alone, not relu"
else
	t_not_ok "a grid point's activation is its run's" \
		"tanh alone $(acc "$T_TMP/tanh/summary.csv" 8 5), grid tanh $(acc "$T_TMP/grid/summary.csv" 8 5 tanh), grid relu $(acc "$T_TMP/grid/summary.csv" 8 5 relu)"
fi

# diverged runs: every map there, of numbers
sed 's/"learning_rate": 0.01/"learning_rate": 1000000/' "$CFG" >"$T_TMP/blow.json"
t_run "$BSWEEP" -q -o "$T_TMP/blow" "$T_TMP/blow.json"
t_check "diverged runs (exit $T_RC): every map there, every probability a number" \
	awk -F, -v rows=$((8 * CELLS * CELLS)) 'NR > 1 { n++; if ($6 + 0 != $6 || $6 < 0 || $6 > 1) bad = 1 }
		END { exit bad || n != rows }' "$T_TMP/blow/regions.csv"

# --force with the key off (another experiment): bsweep's files removed
sed 's/"boundaries": true/"boundaries": false/' "$CFG" >"$T_TMP/off.json"
echo "mine" >"$T_TMP/on/notes.csv"
t_run "$BSWEEP" -q --force -o "$T_TMP/on" "$T_TMP/off.json"
t_expect_rc "--force: the same sweep without analysis.boundaries, into the directory" 0
t_check "--force without analysis.boundaries: regions.csv and validation.csv removed, a user's file kept" \
	sh -c "! test -e '$T_TMP/on/regions.csv' && ! test -e '$T_TMP/on/validation.csv' && test -e '$T_TMP/on/notes.csv'"
# temporaries of a killed write (afile.h: ".NAME.tmp-XXXXXX") are bsweep's
for f in .regions.csv.tmp-Ab12Cd .validation.csv.tmp-Ab12Cd .mine.csv.tmp-Ab12Cd; do
	echo x >"$T_TMP/on/$f"
done
t_run "$BSWEEP" -q -o "$T_TMP/on" "$T_TMP/off.json"
t_check "a killed sweep's temporary regions.csv and validation.csv removed, a user's kept" \
	sh -c "! test -e '$T_TMP/on/.regions.csv.tmp-Ab12Cd' && ! test -e '$T_TMP/on/.validation.csv.tmp-Ab12Cd' && test -e '$T_TMP/on/.mine.csv.tmp-Ab12Cd'"
t_done
