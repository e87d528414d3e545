#!/bin/sh
# tests/digits.sh BSWEEP: configs/digits.json (data/digits.csv, the UCI
# handwritten digits) trains to the accuracy an independent implementation
# reaches on the same split, for small batches.
#
# The range is scikit-learn's, not bsweep's: scripts/digits_reference.py
# trains MLPClassifier (64 -> 64 -> 64 -> 10 ReLU, Adam lr 0.001, no L2,
# 40 epochs) on the split configs/digits.json makes (RandomState(0)
# permutation, 450 validation rows, training-row standardisation), batch
# sizes 4, 8 and 16, seeds 0..4.  Its 15 validation accuracies (scikit-learn
# 1.2.1, Debian bookworm) span 0.9711 to 0.9889.  Initialisation and Adam's
# epsilon differ from bsweep's, so bsweep's runs are accepted within that
# range widened by 0.01 each side (4.5 of the 450 validation rows):
# final_val_acc in [0.9611, 0.9989] for batch sizes 4, 8, 16, seeds 0..2.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

lo=0.9611 hi=0.9989
# configs/digits.json with the small batches and three seeds; its data path
# made absolute, since this copy lives elsewhere
sed -e 's|"\.\./data/digits\.csv"|"'"$PWD"'/data/digits.csv"|' \
    -e 's|"batch_sizes": \[[^]]*\], "seeds": \[0\]|"batch_sizes": [4, 8, 16], "seeds": [0, 1, 2]|' \
	configs/digits.json >"$T_TMP/digits.json"
t_check "the test's config is configs/digits.json with batch sizes 4, 8, 16 and seeds 0..2" \
	grep -q '"batch_sizes": \[4, 8, 16\], "seeds": \[0, 1, 2\]' "$T_TMP/digits.json"
start=$(date +%s)
t_run "$BSWEEP" -q -o "$T_TMP/sweep" "$T_TMP/digits.json"
t_expect_rc "digits sweep (batch sizes 4, 8, 16; seeds 0..2)" 0
secs=$(($(date +%s) - start))
if awk -F, -v lo=$lo -v hi=$hi -v col="$(t_columns summary | tr ',' '\n' | grep -n '^final_val_acc$' | cut -d: -f1)" '
	NR > 1 { n++; v = $col + 0; if (v < lo || v > hi) { bad = 1; print "batch " $1 " seed " $2 ": " v } }
	END { exit bad || n != 9 || col == "" }' "$T_TMP/sweep/summary.csv" >"$T_TMP/acc" 2>&1; then
	t_ok "digits: every small-batch run's validation accuracy in [$lo, $hi] (scikit-learn's range +-0.01; ${secs} s)"
else
	t_not_ok "digits: validation accuracy outside scikit-learn's range" "$(cat "$T_TMP/acc")"
fi
t_done
