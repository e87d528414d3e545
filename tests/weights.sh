#!/bin/sh
# tests/weights.sh BSWEEP: analysis.eval_train and analysis.weights.
#   - eval_train changes no curve: epochs and summary files equal a sweep
#     without it, bit for bit, but for times and its two columns, which
#     come last (names from the program's table);
#   - weights: one folder per run, named after its files, holding exactly
#     layer<i>_kernel.npy (in, out) and layer<i>_bias.npy (out,), headers
#     as the format's specification says; the same bytes from a second
#     sweep;
#   - the weights are the run's final weights: evaluated by bsweep's
#     forward pass (tests/weval.c) they give its final val_loss/val_acc
#     and last train_eval_loss/train_eval_acc bit for bit, and by an
#     independent double-precision forward pass the same accuracies and
#     losses to 1e-6; the weights of a 2-epoch sweep give the 3-epoch
#     sweep's epoch-2 train_eval values (the same first two epochs);
#   - --resume keeps whole runs, trains again a run whose weights folder
#     lacks a file, and restores it byte for byte; a killed write's
#     temporary folder is removed; --force removes bsweep's weights and
#     keeps a user's file (and its folder);
#   - without the keys: no columns, no folders;
#   - with NumPy (optional, skipped otherwise): numpy.load reads every
#     file with its dtype and shape, and its forward pass on the data that
#     `bsweep data` writes gives each run's final val_acc.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
WEVAL=${BSWEEP_WEVAL:-build/rel/weval}
CFG=tests/configs/weights.json
EVAL_COLS=$(t_columns eval_train)
RUNS="b8_s0 b8_s1 b32_s0 b32_s1 b100_s0 b100_s1"

# the same config with the keys off
sed 's/"eval_train": true, "weights": true/"eval_train": false, "weights": false/' "$CFG" >"$T_TMP/off.json"

t_run "$BSWEEP" -q -o "$T_TMP/on" "$CFG"
t_expect_rc "sweep with eval_train and weights" 0
t_run "$BSWEEP" -q -o "$T_TMP/off" "$T_TMP/off.json"
t_expect_rc "the same sweep without them" 0

# --- eval_train
t_check "epochs.csv: the header, then eval_train's columns" \
	test "$(head -n 1 "$T_TMP/on/epochs.csv")" = "$(t_header epochs),$EVAL_COLS"
t_check "without eval_train: the plain header" \
	test "$(head -n 1 "$T_TMP/off/epochs.csv")" = "$(t_header epochs)"
# drop the measured columns and eval_train's
strip() {
	awk -F, -v drop="$(t_columns epochs measured; t_columns summary measured; echo "$EVAL_COLS" | tr , '\n')" '
	BEGIN { n = split(drop, m, "\n"); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$1"
}
for f in epochs.csv summary.csv; do
	strip "$T_TMP/on/$f" >"$T_TMP/on.$f"
	strip "$T_TMP/off/$f" >"$T_TMP/off.$f"
	if cmp -s "$T_TMP/on.$f" "$T_TMP/off.$f"; then t_ok "eval_train: $f curves bit-identical with it off"
	else t_not_ok "eval_train: $f differs from the sweep without it" "$(diff "$T_TMP/on.$f" "$T_TMP/off.$f" | head -5)"; fi
done
t_check "eval_train: values in every row (no empty, no nan)" awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ l = $c["train_eval_loss"]; a = $c["train_eval_acc"]
	  if (l == "" || l == "nan" || !(l + 0 > 0) || a == "" || a + 0 < 0 || a + 0 > 1) exit 1 }' "$T_TMP/on/epochs.csv"

# --- the folders
n=$(find "$T_TMP/on/runs" -name '*.weights' -type d | wc -l)
t_check "weights: a folder per run (6)" test "$n" -eq 6
t_check "weights: none without analysis.weights" \
	test "$(find "$T_TMP/off/runs" -name '*.weights' | wc -l)" -eq 0
files=$(ls "$T_TMP/on/runs/b8_s0.weights" | tr '\n' ' ')
t_check "weights: exactly the kernel and bias of each of the 3 layers" test "$files" = \
	"layer0_bias.npy layer0_kernel.npy layer1_bias.npy layer1_kernel.npy layer2_bias.npy layer2_kernel.npy "
# header: magic, version 1.0, length, dict, padding to 64, per the spec
header_ok() { # file shape_text
	f=$1
	[ "$(od -An -tx1 -N8 "$f" | tr -d ' \n')" = 934e554d50590100 ] || return 1
	len=$(od -An -tu1 -j8 -N2 "$f" | awk '{ print $1 + 256 * $2 }')
	[ $(((10 + len) % 64)) -eq 0 ] || return 1
	dict=$(dd if="$f" bs=1 skip=10 count="$len" 2>/dev/null)
	case $dict in "{'descr': '<f4', 'fortran_order': False, 'shape': $2, }"*) ;; *) return 1 ;; esac
	# spaces then one '\n' at the end
	[ "$(dd if="$f" bs=1 skip=$((10 + len - 1)) count=1 2>/dev/null | od -An -tx1 | tr -d ' ')" = 0a ] || return 1
	# data: 4 bytes per value
	count=$(printf '%s\n' "$2" | tr -d '(),' | awk '{ n = 1; for (i = 1; i <= NF; i++) n *= $i; print n }')
	[ "$(wc -c <"$f")" -eq $((10 + len + 4 * count)) ]
}
w=$T_TMP/on/runs/b32_s1.weights
ok=1
for spec in "layer0_kernel (3, 5)" "layer0_bias (5,)" "layer1_kernel (5, 4)" "layer1_bias (4,)" \
	    "layer2_kernel (4, 4)" "layer2_bias (4,)"; do
	header_ok "$w/${spec%% *}.npy" "${spec#* }" || { ok=0; t_not_ok "weights: $spec: header or size"; }
done
[ $ok = 1 ] && t_ok "weights: headers (magic, 1.0, '<f4', C order, Keras shapes, 64-byte aligned) and sizes"

t_run "$BSWEEP" -q -o "$T_TMP/again" "$CFG"
same=1
for r in $RUNS; do
	for f in "$T_TMP/on/runs/$r.weights/"*.npy; do
		cmp -s "$f" "$T_TMP/again/runs/$r.weights/${f##*/}" || same=0
	done
done
t_check "weights: a second sweep writes the same bytes" test $same = 1

# --- the weights are the run's final ones
col() { # file column row(2 = first data row; $ = last)
	awk -F, -v name="$2" -v row="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
	{ v = $c } row != "$" && NR == row { print v; exit } END { if (row == "$") print v }' "$1"
}
exact=1 close=1
for r in $RUNS; do
	if ! "$WEVAL" "$CFG" "$T_TMP/on/runs/$r.weights" >"$T_TMP/ev" 2>"$T_TMP/everr"; then
		exact=0; close=0; t_not_ok "weval $r" "$(cat "$T_TMP/everr")"; continue
	fi
	s=$T_TMP/on/runs/$r.summary.csv e=$T_TMP/on/runs/$r.epochs.csv
	want="$(col "$s" final_val_loss 2) $(col "$s" final_val_acc 2) $(col "$e" train_eval_loss '$') $(col "$e" train_eval_acc '$')"
	got=$(awk '$1 == "mlp" { print $2, $3, $4, $5 }' "$T_TMP/ev")
	[ "$got" = "$want" ] || { exact=0; printf '#   %s: mlp %s, files %s\n' "$r" "$got" "$want"; }
	awk -v want="$want" '$1 == "naive" { split(want, w, " ")
		for (i = 2; i <= 5; i++) { d = $i - w[i - 1]; if (d < 0) d = -d
			if (i % 2 == 1 && $i != w[i - 1]) exit 1      # accuracies exactly
			if (i % 2 == 0 && d > 1e-6 * w[i - 1]) exit 1 } }' "$T_TMP/ev" ||
		{ close=0; printf '#   %s: naive %s, files %s\n' "$r" "$(grep naive "$T_TMP/ev")" "$want"; }
done
t_check "weights give each run's final val_loss, val_acc, train_eval_loss, train_eval_acc (bsweep's forward, bit for bit)" test $exact = 1
t_check "... and the same from an independent double-precision forward pass of the .npy kernels (accuracy exact, loss 1e-6)" test $close = 1

# epoch 2's train_eval is the training set at the weights after 2 epochs
sed 's/"epochs": 3/"epochs": 2/' "$CFG" >"$T_TMP/two.json"
t_run "$BSWEEP" -q -o "$T_TMP/two" "$T_TMP/two.json"
ok=1
for r in b8_s1 b100_s0; do
	"$WEVAL" "$T_TMP/two.json" "$T_TMP/two/runs/$r.weights" >"$T_TMP/ev" 2>&1 || ok=0
	got=$(awk '$1 == "mlp" { print $4, $5 }' "$T_TMP/ev")
	want="$(col "$T_TMP/on/runs/$r.epochs.csv" train_eval_loss 3) $(col "$T_TMP/on/runs/$r.epochs.csv" train_eval_acc 3)"
	[ "$got" = "$want" ] || { ok=0; printf '#   %s: %s, epoch 2 of the 3-epoch run: %s\n' "$r" "$got" "$want"; }
done
t_check "train_eval at epoch 2 = the training set evaluated at a 2-epoch run's final weights" test $ok = 1

# --- --resume, leftovers, --force
cp -r "$T_TMP/on/runs/b32_s0.weights" "$T_TMP/keep.weights"
t_run "$BSWEEP" -q --resume -o "$T_TMP/on" "$CFG"
t_check "--resume: whole runs kept, nothing said" test "$T_RC" = 0 -a ! -s "$T_ERR"
rm "$T_TMP/on/runs/b32_s0.weights/layer1_kernel.npy"
mkdir "$T_TMP/on/runs/.b8_s0.weights.tmp-AbC123"
cp "$T_TMP/keep.weights/layer0_bias.npy" "$T_TMP/on/runs/.b8_s0.weights.tmp-AbC123/"
t_run "$BSWEEP" -q --resume -o "$T_TMP/on" "$CFG"
t_expect_rc "--resume with a weights file missing" 0
t_expect_err "--resume with a weights file missing" \
	"bsweep: warning: $T_TMP/on/runs/b32_s0.weights/layer1_kernel.npy: missing; training run 3 (batch size 32, seed 0) again"
t_check "--resume: the run trained again, its weights restored byte for byte" \
	diff -r "$T_TMP/keep.weights" "$T_TMP/on/runs/b32_s0.weights"
t_check "a killed write's temporary weights folder is removed" \
	test ! -e "$T_TMP/on/runs/.b8_s0.weights.tmp-AbC123"
printf '%s\n' '\x93NUMPY' >"$T_TMP/on/runs/b8_s1.weights/layer0_bias.npy"
t_run "$BSWEEP" -q --resume -o "$T_TMP/on" "$CFG"
t_expect_grep "--resume: a weights file that is not the layer's is named" "$T_ERR" \
	"b8_s1.weights/layer0_bias.npy: not a float32 .npy of shape (5,) as bsweep writes it; training run 2"

echo mine >"$T_TMP/on/runs/b8_s0.weights/notes.txt"
mkdir "$T_TMP/on/runs/mine.weights"
cp "$T_TMP/keep.weights/layer0_bias.npy" "$T_TMP/on/runs/mine.weights/"
sed 's/"batch_sizes": \[8, 32, 100\]/"batch_sizes": [16]/' "$CFG" >"$T_TMP/other.json"
t_run "$BSWEEP" -q --force -o "$T_TMP/on" "$T_TMP/other.json"
t_expect_rc "--force over a sweep with weights" 0
t_check "--force: bsweep's weights folders removed" \
	test "$(cd "$T_TMP/on/runs" && ls -d b8_s1.weights b32_s0.weights b100_s1.weights 2>/dev/null)" = ""
t_check "--force: a user's file in a weights folder kept, with its folder, and only it" \
	test "$(ls "$T_TMP/on/runs/b8_s0.weights")" = notes.txt
t_check "--force: a folder bsweep does not name as a run's kept whole" \
	test -f "$T_TMP/on/runs/mine.weights/layer0_bias.npy"
t_check "--force: the new sweep's weights" test -f "$T_TMP/on/runs/b16_s1.weights/layer2_kernel.npy"

# --- NumPy, when this machine has it
PY=${BSWEEP_PYTHON:-/usr/bin/python3}  # the optional NumPy check's interpreter
if [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; then
	"$BSWEEP" data -o "$T_TMP/data.csv" "$CFG" 2>/dev/null
	if "$PY" - "$T_TMP/again" "$T_TMP/data.csv" $RUNS >"$T_TMP/np" 2>&1 <<'PYEOF'
import sys, csv, numpy as np
d, data, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = np.loadtxt(data, delimiter=",", skiprows=1)
x, y = rows[:, :-1], rows[:, -1].astype(int)
xv, yv = x[100:].astype(np.float32).astype(np.float64), y[100:]
bad = 0
for r in runs:
    w = d + "/runs/" + r + ".weights/"
    h = xv
    for i in range(3):
        k, b = np.load(w + "layer%d_kernel.npy" % i), np.load(w + "layer%d_bias.npy" % i)
        assert k.dtype == np.float32 and b.dtype == np.float32, r
        assert k.shape == ((3, 5), (5, 4), (4, 4))[i] and b.shape == (k.shape[1],), (r, k.shape)
        h = h @ k.astype(np.float64) + b
        if i < 2:
            h = np.tanh(h)
    acc = float(np.mean(np.argmax(h, axis=1) == yv))
    want = float(next(csv.DictReader(open(d + "/runs/" + r + ".summary.csv")))["final_val_acc"])
    print(r, acc, want)
    bad += acc != want
sys.exit(bad)
PYEOF
	then t_ok "numpy.load: dtypes, shapes; its forward pass gives every final val_acc"
	else t_not_ok "numpy.load check" "$(cat "$T_TMP/np")"; fi
else
	t_skip "numpy.load check" "no NumPy for $PY"
fi
t_done
