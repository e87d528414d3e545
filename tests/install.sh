#!/bin/sh
# tests/install.sh BSWEEP: the installed tool is whole.  `make install
# DESTDIR=<tmp>` (the Makefile's own target, with the build of BSWEEP:
# SANITIZE=1 for build/san/bsweep; nothing is rebuilt, so the binary
# under test stays as it is while the other parts of the suite run it),
# then, from a directory outside the source tree, with the staged
# <prefix>/bin first in PATH and BSWEEP_DATADIR unset:
#   - a sweep of a tiny config, `bsweep plot DIR`: the PNGs, their paths;
#   - the scripts came from <prefix>/share/bsweep, found beside
#     <prefix>/bin: the installed binary has no scripts/ beside it, and
#     with <prefix>/share/bsweep gone it fails naming where it looked;
#     BSWEEP_DATADIR=/nonexistent is named;
#   - a second sweep and `bsweep compare -o cmp.png A B`: the comparison
#     and the PNG;
#   - the man page renders without warnings (when man is installed);
#   - bsweep plot's misuse: exit 2 and the message;
#   - `make uninstall DESTDIR=<tmp>` leaves no file under <tmp>.
# Run by hand, the build flags must be those BSWEEP was built with (make
# check passes its own to this make through MAKEFLAGS).
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/.." && pwd)
case $BSWEEP in /*) ;; *) BSWEEP=$REPO/$BSWEEP ;; esac
TRY="Try 'bsweep plot --help' for more information."

# the Makefile's variables for the build BSWEEP is
case $BSWEEP in
	"$REPO/bsweep" | "$REPO/./bsweep") MKVARS= MKBIN=./bsweep ;;
	"$REPO/build/san/bsweep") MKVARS="SANITIZE=1" MKBIN=build/san/bsweep ;;
	*)
		t_skip "make install" "$BSWEEP is not this tree's ./bsweep or build/san/bsweep"
		t_done
		exit ;;
esac
t_need_gnuplot

D=$T_TMP/stage
flags_before=$("$BSWEEP" --version | grep '^cflags:')
bin_before=$(cksum <"$BSWEEP")
# -o: install the binary as it is, never a rebuild (a commit since the
# build would relink it, under the feet of the other parts of the suite)
t_run make -s --no-print-directory -C "$REPO" -o "$MKBIN" install DESTDIR="$D" $MKVARS
t_expect_rc "make install DESTDIR=<tmp>" 0
t_check "make install: nothing rebuilt (the binary under test unchanged)" \
	test "$(cksum <"$BSWEEP")" = "$bin_before"
# the prefix the Makefile installs to, under the staging directory
P=$(find "$D" -path '*/bin/bsweep' -type f | head -n 1)
P=${P%/bin/bsweep}
t_check "make install: bin/bsweep under <tmp>" test -n "$P"
t_check "make install: the binary is the one tested (same build)" cmp "$P/bin/bsweep" "$BSWEEP"
t_check "make install: built with the same flags" \
	test "$("$BSWEEP" --version | grep '^cflags:')" = "$flags_before"
for f in plots.sh compare.sh aggregate.awk lib.gp curves.gp loss.gp summary.gp compare.gp; do
	t_check "make install: share/bsweep/$f is the tree's" cmp "$P/share/bsweep/$f" "$REPO/scripts/$f"
done
t_check "make install: every gnuplot script of the tree" \
	test "$(cd "$REPO/scripts" && ls -- *.gp)" = "$(cd "$P/share/bsweep" && ls -- *.gp)"
t_check "make install: the man page" test -s "$P/share/man/man1/bsweep.1"
t_check "the installed binary has no scripts/ beside it" \
	test ! -e "$P/bin/scripts" -a ! -e "$P/scripts"

# from outside the tree, the installed bsweep only
W=$T_TMP/work
mkdir -p "$W"
cat >"$W/tiny.json" <<'EOF'
{"name": "tiny", "data": {"n_samples": 120, "n_train": 80}, "train": {"epochs": 2},
 "sweep": {"batch_sizes": [8, 32], "seeds": [0]}}
EOF
inst() { (cd "$W" && unset BSWEEP_DATADIR && PATH=$P/bin:$PATH && export PATH && "$@"); }
t_run inst sh -c 'command -v bsweep'
t_check "PATH finds the installed bsweep" test "$(cat "$T_OUT")" = "$P/bin/bsweep"
t_run inst bsweep -q -o A tiny.json
t_expect_rc "installed: the sweep" 0
t_check "installed: the sweep wrote 2 epochs x 2 batch sizes" \
	test "$(awk 'END { print NR - 1 }' "$W/A/epochs.csv")" = 4
t_run inst bsweep plot A
t_expect_rc "installed: bsweep plot A" 0
t_check "installed: bsweep plot prints the 3 figures' paths" \
	test "$(cat "$T_OUT")" = "$(printf 'A/%s.png\n' curves loss summary)"
for f in curves loss summary; do
	t_check "installed: A/$f.png is a PNG" is_png "$W/A/$f.png"
done
t_check "installed: gnuplot silent" test ! -s "$T_ERR"
t_run inst bsweep plot --format svg -q A
t_expect_rc "installed: bsweep plot --format svg -q" 0
t_check "installed: -q prints nothing" test ! -s "$T_OUT"
# the paths asked for, lost (a full disk, a closed stdout): exit 1 and
# said, as for every command's stdout (plot exited 0)
if [ -c /dev/full ] && [ -w /dev/full ]; then
	inst bsweep plot A >/dev/full 2>"$T_TMP/e"
	t_check "installed: bsweep plot >/dev/full: exit 1" test $? = 1
	t_expect_grep "installed: bsweep plot >/dev/full: says so" "$T_TMP/e" \
		'plots.sh: standard output: cannot write the names of the figures (they are drawn)$'
fi
inst bsweep plot A >&- 2>"$T_TMP/e"
t_check "installed: bsweep plot >&-: exit 1" test $? = 1
t_check "installed: bsweep plot >&-: one line on stderr, the shell's own silenced" \
	test "$(wc -l <"$T_TMP/e")" = 1
t_check "installed: the SVGs" sh -c 'grep -q "<svg" "$1/A/curves.svg" && grep -q "<svg" "$1/A/summary.svg"' sh "$W"

# the scripts are the installed ones: without them, the installed binary
# says where it looked (beside its bin/, then the compiled-in directory)
compiled=$(strings "$BSWEEP" | grep '/share/bsweep$' | head -n 1)
mv "$P/share/bsweep" "$P/share/bsweep.away"
if [ -n "$compiled" ] && [ -e "$compiled/plots.sh" ]; then
	t_skip "installed, scripts moved away: bsweep plot" "an installed bsweep in $compiled"
else
	t_run inst bsweep plot A
	t_expect_rc "installed, scripts moved away: bsweep plot" 1
	t_expect_err "installed, scripts moved away: names where it looked" \
		"bsweep: the plotting scripts are not installed: no plots.sh in $P/bin/../share/bsweep nor in $compiled
hint: run make install with the PREFIX this bsweep was built for, or set BSWEEP_DATADIR to a directory holding plots.sh (the source tree's scripts/)"
fi
t_run inst env BSWEEP_DATADIR="$P/share/bsweep.away" bsweep plot -q A
t_expect_rc "installed: BSWEEP_DATADIR names another directory of the scripts" 0
mv "$P/share/bsweep.away" "$P/share/bsweep"
t_run inst env BSWEEP_DATADIR=/nonexistent bsweep plot A
t_expect_rc "BSWEEP_DATADIR=/nonexistent: bsweep plot" 1
t_expect_err "BSWEEP_DATADIR=/nonexistent: names it" \
	"bsweep: BSWEEP_DATADIR=/nonexistent: no plots.sh there: not a directory of bsweep's plotting scripts
hint: set BSWEEP_DATADIR to the directory holding plots.sh (DATADIR/bsweep after make install, or the source tree's scripts/), or unset it"
t_run inst env GNUPLOT=/nonexistent/gnuplot bsweep plot A
t_expect_rc "installed, no gnuplot: bsweep plot" 1
t_expect_grep "installed, no gnuplot: names the Debian package" "$T_ERR" "gnuplot not found (apt-get install gnuplot-nox)"

# compare, and its figure
t_run inst bsweep -q -o B tiny.json
t_expect_rc "installed: a second sweep" 0
rm -f "$W/A/"*.png "$W/A/"*.svg "$W/A/.figures"
t_run inst bsweep compare -o cmp.png A B
t_expect_rc "installed: bsweep compare -o cmp.png A B" 0
t_check "installed: compare -o: a PNG" is_png "$W/cmp.png"
inst bsweep compare A B >"$T_TMP/cmp.txt" 2>/dev/null
t_check "installed: compare -o: the comparison, then the figure's path" \
	test "$(cat "$T_OUT")" = "$(cat "$T_TMP/cmp.txt"; printf cmp.png)"
t_check "installed: compare -o: no temporary file left" \
	test "$(cd "$W" && ls -A)" = "$(printf '%s\n' A B cmp.png tiny.json)"

# the man page (-l: this file, not one from MANPATH)
if command -v man >/dev/null 2>&1; then
	t_run env MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$P/share/man/man1/bsweep.1"
	t_expect_rc "man -l the installed bsweep.1" 0
	t_check "man -l the installed bsweep.1: no warning" test ! -s "$T_ERR"
	t_expect_grep "man -l: the plot subcommand is documented" "$T_OUT" "bsweep plot"
else
	t_skip "man -l the installed bsweep.1" "man is not installed"
fi

# misuse
t_run inst bsweep plot
t_expect_rc "bsweep plot without DIR" 2
t_expect_err "bsweep plot without DIR" "bsweep: plot: missing DIR (a results directory)
$TRY"
t_run inst bsweep plot --colour A
t_expect_rc "bsweep plot --colour" 2
t_expect_err "bsweep plot --colour" "bsweep: plot: unknown option '--colour'
$TRY"
t_run inst bsweep plot --format gif A
t_expect_rc "bsweep plot --format gif" 2
t_expect_err "bsweep plot --format gif" "bsweep: plot: option --format: expected png, svg or pdf, found 'gif'
$TRY"
t_run inst bsweep plot A .
t_expect_rc "bsweep plot A . (no results in .)" 2
t_expect_err "bsweep plot A .: names the directory and the file" "bsweep: plot: .: not a results directory: no epochs.csv
hint: give the output directory of a sweep (bsweep CONFIG.json writes results/NAME/)"
t_check "bsweep plot A .: nothing drawn in A" test -z "$(cd "$W/A" && ls -- *.png 2>/dev/null)"

t_run make -s --no-print-directory -C "$REPO" uninstall DESTDIR="$D" $MKVARS
t_expect_rc "make uninstall DESTDIR=<tmp>" 0
t_check "make uninstall: no file left under <tmp>" test -z "$(find "$D" ! -type d)"
t_check "make uninstall: share/bsweep removed" test ! -e "$P/share/bsweep"
t_done
