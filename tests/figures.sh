#!/bin/sh
# tests/figures.sh BSWEEP: the figures (scripts/plots.sh, compare.sh, *.gp,
# aggregate.awk, `make plots`, `make compare`) given hostile names and data.
#   - Names are data, never code: results directories named with each shell
#     and gnuplot metacharacter (and payloads that would create a file if
#     run by sh, gnuplot or make) are plotted: no file appears but the
#     figures, each figure is there, and the title shows the name as it is.
#     The same through the gnuplot scripts alone, compare.sh and make.
#   - Stale images: a figure that cannot be drawn any more loses its image
#     (in every format .figures lists); .figures lists exactly the images
#     there, and never carries other names; nothing else is removed.
#   - Diverged runs: a sweep in which every run diverged is drawn (the data
#     handed to gnuplot checked, the red curves and the note found in the
#     SVG); with one run diverged, the mean is over the others; `make plots`
#     goes on after a directory that fails and fails at the end.
#   - Epochs are numbers: with 12 epochs, epochs 10 to 12 are the last
#     (the x axis' end, the epoch of divergence, the final val_acc of
#     "epochs to 95 %"), never epoch 9 as text comparison would have it.
#   - Large grids: 300 batch sizes give a 64-panel figure that says so.
# The locale part is tests/locale.sh's.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
t_root
NL=$(printf '\nx'); NL=${NL%x}
TAB=$(printf '\t')

t_need_gnuplot


SRC=$T_TMP/src
if ! "$BSWEEP" -q -o "$SRC" tests/configs/plot_tiny.json; then
	t_not_ok "the tiny sweep to plot ran"
	t_done
	exit 1
fi
NSRC=$(count "$SRC")

# ---------------------------------------------------------------- names are data
W=$T_TMP/w
mkdir -p "$W"
made=0          # entries W should hold: the directories made here

# plot_name NAME: results directory W/NAME, plotted as SVG from W by a
# relative NAME; the three figures, their paths on stdout, .figures, nothing
# else in the directory, and the title showing NAME
plot_name() {
	n=$1 what="name '$(shown "$1")'"
	cp -R "$SRC" "$W/$n" || { t_not_ok "$what: copy the results"; return; }
	made=$((made + 1))
	(cd "$W" && sh "$S/plots.sh" "$n" svg) >"$T_TMP/o" 2>"$T_TMP/e"
	rc=$?
	printf '%s/curves.svg\n%s/loss.svg\n%s/summary.svg\n' "$n" "$n" "$n" >"$T_TMP/o.want"
	if [ $rc = 0 ] && [ ! -s "$T_TMP/e" ] && cmp -s "$T_TMP/o" "$T_TMP/o.want" &&
	   grep -q '<svg' "$W/$n/curves.svg" && grep -q '<svg' "$W/$n/loss.svg" &&
	   grep -q '<svg' "$W/$n/summary.svg"; then
		t_ok "$what: plots.sh draws the 3 figures and prints their paths"
	else
		t_not_ok "$what: plots.sh draws the 3 figures and prints their paths (exit $rc)" "$(cat "$T_TMP/e")"
	fi
	t_check "$what: .figures lists them" figures_are "$W/$n" "curves.svg loss.svg summary.svg"
	t_check "$what: nothing else written in the directory" test "$(count "$W/$n")" = $((NSRC + 4))
	title="Training and validation accuracy by batch size  -  $(shown "$n")   (2 seeds)"
	if svg_text "$W/$n/curves.svg" | grep -qF -e "$title"; then
		t_ok "$what: the title shows the name as it is"
	else
		t_not_ok "$what: the title shows the name as it is" \
			"$(svg_text "$W/$n/curves.svg" | grep -F 'by batch size')"
	fi
}

# every metacharacter of sh and gnuplot, first, in the middle and last
for c in '`' '$' '(' ')' ';' '&' '|' '<' '>' '*' '?' '[' ']' '{' '}' '~' "'" '"' '\' \
         '@' '#' '!' '%' '^' ',' '=' ':' '-' ' ' "$TAB" "$NL"; do
	plot_name "${c}m${c}"
done
# code in every dialect that would create a file PWNED* if it ran
plot_name 'b`touch PWNED1`'
plot_name 'd$(touch PWNED2)'
plot_name 's;touch PWNED3;'
plot_name 'a&touch PWNED4&'
plot_name 'p|touch PWNED5|'
plot_name "q'; touch PWNED6; '"
plot_name 'g"; system("touch PWNED7"); print "'
plot_name 'e\"; system("touch PWNED8"); print \"'
plot_name 'r>PWNED9'
plot_name '<touch PWNED10;x'
plot_name '|touch PWNED11;x'
plot_name '@AWK'
plot_name '$AGG'
plot_name '${IFS}$HOME'
plot_name '%s%n%d'
plot_name '~'
plot_name '-'
plot_name '--help'
ALL='all `touch PWNED12` $(touch PWNED13) "x" '"'y'"' \ ; & | < > * ? [ ] { } ~ @OUT # ! % ^ , = : -'
plot_name "$ALL"
plot_name "$ALL$NL$TAB"
t_check "no file created by a name: only the $made directories in the working directory" \
	test "$(count "$W")" = "$made"

# PNG through plots.sh, and the gnuplot scripts on their own
(cd "$W" && sh "$S/plots.sh" "$ALL$NL$TAB") >/dev/null 2>"$T_TMP/e"
rc=$?
if [ $rc = 0 ] && [ ! -s "$T_TMP/e" ] && is_png "$W/$ALL$NL$TAB/curves.png" &&
   is_png "$W/$ALL$NL$TAB/loss.png" && is_png "$W/$ALL$NL$TAB/summary.png"; then
	t_ok "every metacharacter: plots.sh draws the 3 PNGs"
else
	t_not_ok "every metacharacter: plots.sh draws the 3 PNGs (exit $rc)" "$(cat "$T_TMP/e")"
fi
t_check "every metacharacter: .figures lists both formats" \
	figures_are "$W/$ALL$NL$TAB" "curves.png curves.svg loss.png loss.svg summary.png summary.svg"
G=$T_TMP/gp
mkdir -p "$G"
cp -R "$SRC" "$G/<touch PWNED20;x"
cp -R "$SRC" "$G/=x"
(cd "$G" && gnuplot -c "$S/curves.gp" '<touch PWNED20;x/epochs.csv' '|touch PWNED21;x.svg' svg &&
	gnuplot -c "$S/loss.gp" '=x/epochs.csv' '-' svg &&
	gnuplot -c "$S/summary.gp" '<touch PWNED20;x/summary.csv' '~' svg) 2>"$T_TMP/e"
rc=$?
if [ $rc = 0 ] && [ ! -s "$T_TMP/e" ] && grep -q '<svg' "$G/|touch PWNED21;x.svg" &&
   grep -q '<svg' "$G/-" && grep -q '<svg' "$G/~"; then
	t_ok "curves.gp, loss.gp, summary.gp: input '<cmd', output '|cmd', '-', '~' are file names"
else
	t_not_ok "curves.gp, loss.gp, summary.gp: input '<cmd', output '|cmd', '-', '~' are file names" "$(cat "$T_TMP/e")"
fi
t_check "the gnuplot scripts alone: no file but the figures" test "$(count "$G")" = 5

# compare.sh: names (a leading '-' too) and the output's name
cp -R "$SRC" "$W/-lead"
made=$((made + 1))
OUTC='-o`touch PWNED30`$(touch PWNED31);x.png'
(cd "$W" && BSWEEP=$BSWEEP sh "$S/compare.sh" "$OUTC" -lead "$ALL") >"$T_TMP/o" 2>"$T_TMP/e"
rc=$?
if [ $rc = 0 ] && is_png "$W/$OUTC" && [ "$(cat "$T_TMP/o")" = "$OUTC" ]; then
	t_ok "compare.sh: directories and output named with metacharacters (and a leading '-')"
else
	t_not_ok "compare.sh: directories and output named with metacharacters (exit $rc)" "$(cat "$T_TMP/e")"
fi
made=$((made + 1))
(cd "$W" && BSWEEP=$BSWEEP sh "$S/compare.sh" "$OUTC" -lead "$ALL$NL$TAB") >"$T_TMP/o" 2>"$T_TMP/e"
rc=$?
t_check "compare.sh: a directory name with a newline: exit 2" test $rc = 2
t_expect_grep "compare.sh: a directory name with a newline: says so" "$T_TMP/e" \
	"a directory name with a newline cannot be plotted"
t_check "compare.sh: a directory name with a newline: the previous image is removed" test ! -e "$W/$OUTC"
made=$((made - 1))

# make: values reach the shell as they are, never through make's expansion
MK="make -s --no-print-directory -o $BSWEEP BSWEEP=$BSWEEP"
t_run $MK plots RESULTS="$W/$ALL" FORMAT=png
t_expect_rc "make plots RESULTS=<every metacharacter>" 0
t_check "make plots RESULTS=<every metacharacter>: the PNGs" is_png "$W/$ALL/summary.png"
t_run $MK plots RESULTS="$W/s;touch PWNED3;$NL$W/-m-$NL" FORMAT=png
t_expect_rc "make plots RESULTS=<one directory a line>" 0
t_check "make plots RESULTS=<one directory a line>: both plotted" \
	sh -c 'test -s "$1/s;touch PWNED3;/curves.png" && test -s "$1/-m-/curves.png"' sh "$W"
t_run $MK plots RESULTS="$W/\$(shell touch $W/PWNED40)\`touch $W/PWNED41\`"
t_check "make plots RESULTS='\$(shell ...)\`...\`': fails, nothing run" test "$T_RC" != 0
t_expect_grep "make plots RESULTS='\$(shell ...)\`...\`': names it as given" "$T_ERR" \
	"no results directory with an epochs.csv in: $W/\$(shell touch $W/PWNED40)\`touch $W/PWNED41\`"
t_run $MK plots RESULTS="$W/-m-" FORMAT='svg;touch PWNED42'
t_check "make plots FORMAT='svg;touch ...': refused" test "$T_RC" != 0
OUTM="$W/m \$(shell touch PWNED43)\`touch PWNED44\`.png"
t_run $MK compare BSWEEP="$BSWEEP" DIRS="$W/-lead$NL$W/$ALL" OUT="$OUTM"
t_expect_rc "make compare DIRS=<one directory a line> OUT=<metacharacters>" 0
t_check "make compare: the image" is_png "$OUTM"
made=$((made + 1))
t_check "no file created by a name through make: only the $made entries" test "$(count "$W")" = "$made"
t_check "no file created in the source tree" test -z "$(find . -maxdepth 1 -name 'PWNED*')"

# ---------------------------------------------------------------- stale images
D=$T_TMP/stale/res
mkdir -p "$T_TMP/stale"
cp -R "$SRC" "$D"
sh "$S/plots.sh" "$D" >/dev/null 2>&1 && sh "$S/plots.sh" "$D" svg >/dev/null 2>&1
t_check "stale: both formats drawn, .figures lists 6 images" \
	figures_are "$D" "curves.png curves.svg loss.png loss.svg summary.png summary.svg"
# what is not plots.sh's, even if .figures names it, is never removed
: >"$D/notes.png"; : >"$D/curves.png.bak"; : >"$T_TMP/stale/outside.png"; : >"$D/curves.gif"
printf '%s\n' notes.png ../outside.png curves.png.bak curves.gif runs "" " curves.png" >>"$D/.figures"
inode=$(ls -i "$D/.figures" | awk '{ print $1 }')
# epochs.csv without val_loss: the loss figure cannot be drawn any more
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "val_loss") c = i }
	{ o = ""; for (i = 1; i <= NF; i++) if (i != c) o = o (o == "" ? "" : ",") $i; print o }' \
	"$SRC/epochs.csv" >"$D/epochs.csv"
t_run sh "$S/plots.sh" "$D"
t_expect_rc "stale: loss.png cannot be drawn" 1
t_check "stale: loss.png and loss.svg removed" test ! -e "$D/loss.png" -a ! -e "$D/loss.svg"
t_expect_grep "stale: says which images it removed" "$T_ERR" "removed the previous image (loss.png loss.svg)"
t_check "stale: curves.png and summary.png drawn" \
	test "$(cat "$T_OUT")" = "$(printf '%s\n' "$D/curves.png" "$D/summary.png")"
t_check "stale: .figures lists what is there, nothing else" figures_are "$D" "curves.png curves.svg summary.png summary.svg"
t_check "stale: .figures replaced by a rename" test "$(ls -i "$D/.figures" | awk '{ print $1 }')" != "$inode"
t_check "stale: files named in .figures but not plots.sh's kept" \
	test -e "$D/notes.png" -a -e "$D/curves.png.bak" -a -e "$T_TMP/stale/outside.png" -a -e "$D/curves.gif" -a -d "$D/runs"
rm "$D/summary.csv"
t_run sh "$S/plots.sh" "$D" svg
t_expect_rc "stale: no summary.csv" 1
t_check "stale: no summary.csv: summary.svg and summary.png removed" test ! -e "$D/summary.png" -a ! -e "$D/summary.svg"
t_check "stale: no summary.csv: .figures" figures_are "$D" "curves.png curves.svg"
rm "$D/epochs.csv"
t_run sh "$S/plots.sh" "$D"
t_expect_rc "stale: no epochs.csv" 1
t_check "stale: no epochs.csv: every listed image removed, .figures empty" \
	sh -c 'test ! -e "$1/curves.png" && test ! -e "$1/curves.svg" && test ! -s "$1/.figures"' sh "$D"
# a gnuplot that leaves half an image and fails
cp "$SRC/epochs.csv" "$SRC/summary.csv" "$D/"
sh "$S/plots.sh" "$D" >/dev/null 2>&1
printf '#!/bin/sh\nprintf half >"$5"; exit 1\n' >"$T_TMP/badgnuplot"
chmod +x "$T_TMP/badgnuplot"
t_run env GNUPLOT="$T_TMP/badgnuplot" sh "$S/plots.sh" "$D"
t_expect_rc "stale: gnuplot fails" 1
t_check "stale: gnuplot fails: no image kept, no temporary file, .figures empty" \
	sh -c 'test ! -e "$1/curves.png" && test ! -e "$1/loss.png" && test ! -e "$1/summary.png" &&
	       test -z "$(find "$1" -name ".*tmp*")" && test ! -s "$1/.figures"' sh "$D"

# ---------------------------------------------------------------- diverged runs
DV=$T_TMP/diverged
"$BSWEEP" -q -o "$DV" tests/configs/plot_diverged.json 2>/dev/null
t_check "diverged: tests/configs/plot_diverged.json: all 4 runs diverged" test "$(awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") c = i; next }
	{ n++; if ($c == "diverged") d++ } END { print n "/" d }' "$DV/summary.csv")" = 4/4
# the data handed to gnuplot
agg() { LC_ALL=C awk -f "$S/aggregate.awk" -v mode=curves -v y1="$2" -v y2="$3" -v logy="$4" \
	"$1/epochs.csv" "$1/summary.csv"; }
agg "$DV" train_loss val_loss 1 >"$T_TMP/agg"
t_expect_grep "diverged: aggregate: 4 of 4 runs diverged" "$T_TMP/agg" "^NB = 2; NB_ALL = 2; NRUN_ALL = 4; NDIV_ALL = 4$"
t_check "diverged: aggregate: no panel has a mean" test "$(grep -c 'HASOK\[[12]\] = 0$' "$T_TMP/agg")" = 2
# (the epoch each run diverged at, from summary.csv: its epoch count)
t_check "diverged: aggregate: each run's epoch of divergence" test \
	"$(sed -n '/^\$DIVX/,/^EOD/p' "$T_TMP/agg" | grep -v '^[#$E]' | grep . | tr '\n' ' ')" = \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["status"] == "diverged" { printf "%s ", $c["epochs"] }' "$DV/summary.csv")"
t_run sh "$S/plots.sh" "$DV" svg
t_expect_rc "diverged: every run diverged: plots.sh draws the figures" 0
for f in curves loss summary; do
	t_expect_grep "diverged: $f.svg notes that all 4 runs diverged" "$DV/$f.svg" "all 4 runs diverged"
done
for f in curves loss; do
	t_check "diverged: $f.svg: a red x for each of the 4 runs" \
		test "$(grep -c "#gpPt1' .*color='rgb(176,   0,   0)'" "$DV/$f.svg")" = 4
	t_check "diverged: $f.svg: red curves, beyond the 2 of the legend" \
		test "$(grep -c "<path stroke='rgb(176,   0,   0)'" "$DV/$f.svg")" -ge 3
done
t_run sh "$S/plots.sh" "$DV"
t_expect_rc "diverged: every run diverged: the PNGs too" 0
# one run of two diverged: the mean is the other run's
MX=$T_TMP/mixed
mkdir -p "$MX"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["batch_size"] == 64 && $c["seed"] == 1 && $c["epoch"] >= 3 {
		$c["train_loss"] = "nan"; $c["val_loss"] = "nan" } { print }' \
	"$SRC/epochs.csv" >"$MX/epochs.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["batch_size"] == 64 && $c["seed"] == 1 { $c["status"] = "diverged" } { print }' \
	"$SRC/summary.csv" >"$MX/summary.csv"
agg "$MX" train_acc val_acc 0 >"$T_TMP/agg"
t_expect_grep "mixed: aggregate: 1 of 4 runs diverged" "$T_TMP/agg" "NRUN_ALL = 4; NDIV_ALL = 1$"
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["batch_size"] == 64 && $c["seed"] == 0 && $c["epoch"] == 4 { print $c["train_acc"] + 0 }' "$SRC/epochs.csv")
# block(HEADER): the rows of the datablock block after the comment HEADER
block() { awk -v h="# $1" '$0 == h { on = 1; next } on && (/^$/ || /^EOD$/) { exit } on' "$T_TMP/agg"; }
got=$(block "batch_size 64" | awk '$1 == 4 { print $2 + 0, $8 }')
t_check "mixed: batch 64, epoch 4: the mean is seed 0's train_acc ($want), over 1 run (got $got)" \
	test "$got" = "$want 1"
t_check "mixed: batch 64: the diverged run on its own, up to epoch 5" \
	test "$(block "batch_size 64: diverged runs" | awk '{ printf "%s ", $1 }')" = "1 2 3 4 5 "
# make plots goes on after a directory that fails, and fails at the end
BAD=$T_TMP/bad
mkdir -p "$BAD"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "val_acc") c = i }
	NR == 3 { $c = "hello" } { print }' "$SRC/epochs.csv" >"$BAD/epochs.csv"
cp "$SRC/summary.csv" "$BAD/"
# (bsweep plot takes a directory with a run.json only)
cp "$SRC/run.json" "$BAD/"; cp "$SRC/run.json" "$MX/"
rm -f "$DV"/*.png "$MX"/*.png
t_run $MK plots RESULTS="$BAD $DV $MX"
t_check "make plots: a directory fails: make fails" test "$T_RC" != 0
t_expect_grep "make plots: names the bad value" "$T_ERR" "epochs.csv line 3: val_acc: expected a number (or nan, inf), got 'hello'"
t_expect_grep "make plots: says how many directories failed" "$T_ERR" "make plots: 1 of 3 directories failed"
t_check "make plots: the directories after the failed one plotted" \
	sh -c 'for f in curves loss summary; do test -s "$1/$f.png" && test -s "$2/$f.png" || exit 1; done' sh "$DV" "$MX"

# ---------------------------------------------------------------- epochs are numbers
# 12 epochs, where awk comparing text would take "9" for the last (it is
# greater than "10"): a real sweep whose val_acc is rewritten so that
# epochs 10 to 12 decide everything.  Epochs 1..9 rise to 0.48; then seed 0
# gives 0.6 0.86 0.9 (95 % of 0.9 first reached at epoch 11), seed 1 0.8
# 0.85 0.82 (at epoch 10).  Batch 64, seed 1 diverges at epoch 9 (its
# losses nan from there to 12).
E12=$T_TMP/e12
printf '{"name": "e12", "data": {"n_samples": 120, "n_train": 80}, "train": {"epochs": 12},
 "sweep": {"batch_sizes": [8, 64], "seeds": [0, 1]}}\n' >"$T_TMP/e12.json"
if "$BSWEEP" -q -o "$T_TMP/e12.real" "$T_TMP/e12.json"; then
	mkdir -p "$E12"
	awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		{ e = $c["epoch"]; s = $c["seed"]
		  $c["val_acc"] = e <= 9 ? 0.3 + 0.02 * e : s == 0 ? (e == 10 ? 0.6 : e == 11 ? 0.86 : 0.9) : (e == 10 ? 0.8 : e == 11 ? 0.85 : 0.82)
		  if ($c["batch_size"] == 64 && s == 1 && e >= 9) { $c["train_loss"] = "nan"; $c["val_loss"] = "nan" }
		  print }' "$T_TMP/e12.real/epochs.csv" >"$E12/epochs.csv"
	# and epochs_to_95 as bsweep defines it, from those val_acc: the
	# first epoch from which val_acc stays >= 0.95 x the last epoch's
	awk -F, 'BEGIN { OFS = "," } FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; if (NR != FNR) print; next }
		NR == FNR { k = $c[FILENAME, "run"]; e = $c[FILENAME, "epoch"] + 0
		  va[k, e] = $c[FILENAME, "val_acc"] + 0; if (e > n[k]) n[k] = e; next }
		{ k = $c[FILENAME, "run"]; t = 0.95 * va[k, n[k]]
		  for (e = n[k]; e > 1 && va[k, e - 1] >= t; e--) ;
		  $c[FILENAME, "epochs_to_95"] = e
		  if ($c[FILENAME, "batch_size"] == 64 && $c[FILENAME, "seed"] == 1) $c[FILENAME, "status"] = "diverged"
		  print }' "$E12/epochs.csv" "$T_TMP/e12.real/summary.csv" >"$E12/summary.csv"
	agg "$E12" train_acc val_acc 0 >"$T_TMP/agg"
	t_expect_grep "12 epochs: curves: EMAX = 12 (the x axis' end)" "$T_TMP/agg" "^EMAX = 12$"
	t_check "12 epochs: curves: batch 8's epochs 1 to 12, in order" \
		test "$(block "batch_size 8" | awk '{ printf "%s ", $1 }')" = "1 2 3 4 5 6 7 8 9 10 11 12 "
	t_check "12 epochs: curves: batch 8, epoch 12: val_acc mean 0.86 of 0.82..0.9" \
		test "$(block "batch_size 8" | awk '$1 == 12 { print $5 + 0, $6 + 0, $7 + 0 }')" = "0.86 0.82 0.9"
	t_check "12 epochs: curves: the diverged run diverged at epoch 9, not 10" \
		test "$(block "batch_size 64: epoch of divergence" | tr '\n' ' ')" = "9 "
	t_check "12 epochs: curves: the diverged run drawn up to epoch 12" \
		test "$(block "batch_size 64: diverged runs" | awk '{ printf "%s ", $1 }')" = "1 2 3 4 5 6 7 8 9 10 11 12 "
	LC_ALL=C awk -f "$S/aggregate.awk" -v mode=summary "$E12/summary.csv" "$E12/epochs.csv" >"$T_TMP/agg"
	t_check "12 epochs: summary: batch 8 reaches 95 % of epoch 12's val_acc at epochs 10, 11 (mean 10.5)" \
		test "$(awk '$1 == 8 && NF == 11 { print $8, $9, $10 }' "$T_TMP/agg")" = "10.5 10 11"
	t_expect_grep "12 epochs: summary: its axis reaches epoch 11" "$T_TMP/agg" "^E_LO = 10; E_HI = 11$"
	t_run sh "$S/plots.sh" "$E12" svg
	t_expect_rc "12 epochs: plots.sh" 0
	for f in curves loss; do
		t_check "12 epochs: $f.svg: both panels' x axes tick epoch 12" \
			test "$(grep -c '> 12</tspan>' "$E12/$f.svg")" = 2
	done
else
	t_not_ok "12 epochs: the sweep ran"
fi

# ---------------------------------------------------------------- large grids
WIDE=$T_TMP/wide
printf '{"name": "wide", "data": {"n_samples": 400, "n_train": 320}, "train": {"epochs": 2},
 "sweep": {"batch_sizes": [%s], "seeds": [0]}}\n' "$(awk 'BEGIN { for (i = 1; i <= 300; i++) printf "%s%d", (i > 1 ? "," : ""), i }')" >"$T_TMP/wide.json"
if "$BSWEEP" -q -o "$WIDE" "$T_TMP/wide.json"; then
	t_run sh "$S/plots.sh" "$WIDE" svg
	t_expect_rc "300 batch sizes: plots.sh" 0
	t_check "300 batch sizes: curves.svg has 64 panels" test "$(grep -c '>batch = ' "$WIDE/curves.svg")" = 64
	t_check "300 batch sizes: the first and the last batch size have a panel" \
		sh -c 'grep -q ">batch = 1 " "$1" && grep -q ">batch = 300 " "$1"' sh "$WIDE/curves.svg"
	t_expect_grep "300 batch sizes: curves.svg says which are shown" "$WIDE/curves.svg" \
		"64 of 300 batch sizes shown, evenly spaced from the first to the last"
	gnuplot -c "$S/loss.gp" "$WIDE/epochs.csv" "$WIDE/loss.png" 2>"$T_TMP/e"
	t_check "300 batch sizes: loss.png (a 2 x 32 grid under a note): 1400x11984, gnuplot silent" \
		sh -c 'test "$1" = 1400x11984 && test ! -s "$2"' sh "$(png_size "$WIDE/loss.png")" "$T_TMP/e"
else
	t_not_ok "300 batch sizes: the sweep ran"
fi

t_done
