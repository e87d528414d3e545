# compare_curves.awk: bsweep's epochs.csv against a golden curve file with
# columns batch_size,seed,epoch,steps,train_loss,train_acc,val_loss,val_acc
# (from scripts/make_fixtures.py's NumPy replica).  Columns are matched by
# header name.  Losses must agree to rel_tol; accuracies to acc_tol.
# Usage: awk -F, -v rel_tol=1e-4 -v acc_tol=0 -f compare_curves.awk GOLDEN EPOCHS
function abs(x) { return x < 0 ? -x : x }
FNR == 1 {
	for (i = 1; i <= NF; i++) col[FILENAME, $i] = i
	if (FILENAME != ARGV[1]) {
		n = split("batch_size,seed,epoch,steps,train_loss,train_acc,val_loss,val_acc", names, ",")
		for (k = 1; k <= n; k++) if (!((FILENAME, names[k]) in col)) {
			print "missing column " names[k] " in " FILENAME; bad++
		}
	}
	next
}
FILENAME == ARGV[1] { gold[FNR] = $0; ng = FNR; next }
{
	row++
	split(gold[FNR], g, ",")
	for (k = 1; k <= 8; k++) {
		v = $(col[FILENAME, names[k]])
		w = g[k]
		if (k <= 4) { if (v != w) { printf "row %d %s: got %s, want %s\n", FNR, names[k], v, w; bad++ } ; continue }
		d = abs(v - w)
		tol = (names[k] ~ /loss/) ? rel_tol * (1 + abs(w)) : acc_tol
		if (!(names[k] in worst) || d > worst[names[k]]) worst[names[k]] = d
		if (d > tol) { printf "row %d %s: got %s, want %s\n", FNR, names[k], v, w; bad++ }
	}
}
END {
	if (row != ng - 1) { printf "rows: got %d, want %d\n", row, ng - 1; bad++ }
	for (k = 5; k <= 8; k++) printf "worst |diff| %s: %.3g\n", names[k], worst[names[k]]
	exit bad ? 1 : 0
}
