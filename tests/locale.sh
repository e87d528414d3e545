#!/bin/sh
# tests/locale.sh BSWEEP: output does not depend on the locale.
# With LC_ALL set to a locale whose decimal separator is ',' (de_DE.UTF-8 and
# fr_FR.UTF-8: the installed ones, or ones compiled with localedef into a
# temporary LOCPATH, from the sources of Debian's locales package), `bsweep
# data`, --print-config, --dry-run, a tiny sweep's CSV files, its result
# table and run.json must use '.' decimals and be byte-identical to the C
# locale's, apart from the columns that measure time or the machine.  The
# figures must be identical to the C locale's byte for byte, in every comma
# locale: scripts/plots.sh and `make plots` (PNG), the gnuplot scripts on
# their own (SVG: the data gnuplot received), scripts/compare.sh and `make
# compare` (PNG), and the four figures of a sweep with a grid (hand-made by
# tests/grid_fixture.awk; plots.sh, and heatmap.gp as SVG).  Skipped (with
# the reason) when no comma locale can be had.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/alloc_tiny.json
case $BSWEEP in /*) B=$BSWEEP ;; *) B=$(pwd)/$BSWEEP ;; esac

# comma locales: the installed ones if both are, else both compiled into
# T_TMP (LOCPATH replaces the system's locale directory, so all or none)
is_comma() { [ "$(LC_ALL=$1 locale -k decimal_point 2>/dev/null)" = 'decimal_point=","' ]; }
LOCS=""
for l in de_DE fr_FR; do
	for v in "$l.UTF-8" "$l.utf8"; do
		if locale -a 2>/dev/null | grep -qx "$v" && is_comma "$v"; then LOCS="$LOCS $v"; break; fi
	done
done
if [ "$(echo $LOCS | wc -w)" -lt 2 ] && command -v localedef >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locales"
	LOCPATH=$T_TMP/locales
	export LOCPATH
	LOCS=""
	for l in de_DE fr_FR; do
		if localedef -i $l -f UTF-8 "$T_TMP/locales/$l.UTF-8" >/dev/null 2>&1 && is_comma $l.UTF-8; then
			LOCS="$LOCS $l.UTF-8"
		fi
	done
	[ -n "$LOCS" ] || unset LOCPATH
fi
LOC=$(echo $LOCS | awk '{ print $1 }')
if [ -z "$LOC" ]; then
	t_skip "comma-decimal locale" "no de_DE/fr_FR locale installed and localedef cannot make one (apt-get install locales)"
	t_done
	exit
fi
echo "# comma locales:$LOCS${LOCPATH:+ (compiled into $LOCPATH)}"

# the same command in both locales: stdout must be identical
both() { # both what args...
	what=$1; shift
	LC_ALL=C "$BSWEEP" "$@" >"$T_TMP/c.out" 2>"$T_TMP/c.err"
	rc_c=$?
	LC_ALL=$LOC "$BSWEEP" "$@" >"$T_TMP/l.out" 2>"$T_TMP/l.err"
	rc_l=$?
	if [ $rc_c = 0 ] && [ $rc_l = 0 ] && cmp -s "$T_TMP/c.out" "$T_TMP/l.out"; then
		t_ok "$LOC: $what identical to the C locale's"
	else
		t_not_ok "$LOC: $what differs from the C locale's (exit $rc_c, $rc_l)" \
			"$(diff "$T_TMP/c.out" "$T_TMP/l.out" | head -n 6; cat "$T_TMP/l.err")"
	fi
}
both "data" data "$CFG"
both "--print-config" --print-config tests/configs/good/exact_doubles.json
both "--dry-run" --dry-run configs/blobs.json

# a sweep in each locale; time and machine columns (by header name) dropped
LC_ALL=C "$BSWEEP" -o "$T_TMP/c" "$CFG" >"$T_TMP/c.table" 2>/dev/null
LC_ALL=$LOC "$BSWEEP" -o "$T_TMP/l" "$CFG" >"$T_TMP/l.table" 2>"$T_TMP/l.err"
t_check "$LOC: the sweep succeeds" test -f "$T_TMP/l/summary.csv"
strip() { # strip CSV: the columns that do not measure time or the machine
	LC_ALL=C awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
			keep[i] = $i !~ /second|cpu|rss|mad|outlier/ }
		{ out = ""; for (i = 1; i <= NF; i++) if (keep[i]) out = out "," $i; print out }' "$1"
}
for f in epochs.csv summary.csv; do
	# a ',' decimal would add fields: every row as wide as the header
	if LC_ALL=C awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$T_TMP/l/$f"; then
		t_ok "$LOC: $f rows have as many fields as the header"
	else
		t_not_ok "$LOC: $f has rows wider than its header (',' decimals?)"
	fi
	if strip "$T_TMP/c/$f" >"$T_TMP/c.$f" && strip "$T_TMP/l/$f" >"$T_TMP/l.$f" &&
	   [ -s "$T_TMP/c.$f" ] && cmp -s "$T_TMP/c.$f" "$T_TMP/l.$f"; then
		t_ok "$LOC: $f identical to the C locale's but for time columns"
	else
		t_not_ok "$LOC: $f differs from the C locale's" \
			"$(diff "$T_TMP/c.$f" "$T_TMP/l.$f" | head -n 6)"
	fi
done
t_check "$LOC: run.json has no ',' decimal" sh -c "! grep -q '[0-9],[0-9]' '$T_TMP/l/run.json'"
t_check "$LOC: run.json: learning rate written 0.001" grep -q '"learning_rate":[[:space:]]*0.001,' "$T_TMP/l/run.json"
t_check "$LOC: result table has no ',' decimal" sh -c "test -s '$T_TMP/l.table' && ! grep -q '[0-9],[0-9]' '$T_TMP/l.table'"

# ---------------------------------------------------------------- figures
t_need_gnuplot
if [ "$(echo $LOCS | wc -w)" -lt 2 ]; then
	t_skip "figures in a second comma locale" "only $LOC could be had"
fi
echo "# awk under $LOC reads \"0.54\" as $(LC_ALL=$LOC awk 'BEGIN { print "0.54" + 0 }') (the trap the scripts avoid)"
P=$T_TMP/plots
R=$T_TMP/ref
mkdir -p "$R"
LC_ALL=C "$BSWEEP" -q -o "$P" tests/configs/plot_tiny.json
cp -R "$P" "$T_TMP/pb"
PG=$T_TMP/pgrid
mkdir -p "$PG"
LC_ALL=C awk -f tests/grid_fixture.awk -v eh="$(t_header epochs)" -v sh="$(t_header summary)" \
	-v ph="$(t_columns points)" -v dir="$PG" -v bs="8 32 128" -v seeds="0 1" -v epochs=6 \
	-v axes="train.learning_rate=0.01 0.1 1;train.momentum=0 0.9" -v diverge="1:6:* 2:3:1"
# figs LOCALE TAG: every figure drawn under LOCALE, into $R/TAG.*
figs() {
	env LC_ALL="$1" sh scripts/plots.sh "$P" >/dev/null 2>"$R/$2.err" &&
	for f in curves loss summary; do mv "$P/$f.png" "$R/$2.plots.$f.png" || return 1; done &&
	env LC_ALL="$1" make -s --no-print-directory plots RESULTS="$P" >/dev/null 2>>"$R/$2.err" &&
	for f in curves loss summary; do mv "$P/$f.png" "$R/$2.make.$f.png" || return 1; done &&
	for f in curves loss; do
		env LC_ALL="$1" gnuplot -c scripts/$f.gp "$P/epochs.csv" "$R/$2.gp.$f.svg" svg 2>>"$R/$2.err" || return 1
	done &&
	env LC_ALL="$1" gnuplot -c scripts/summary.gp "$P/summary.csv" "$R/$2.gp.summary.svg" svg 2>>"$R/$2.err" &&
	env LC_ALL="$1" BSWEEP="$B" sh scripts/compare.sh "$R/$2.compare.png" "$P" "$T_TMP/pb" >/dev/null 2>>"$R/$2.err" &&
	env LC_ALL="$1" make -s --no-print-directory -o "$B" compare BSWEEP="$B" DIRS="$P $T_TMP/pb" \
		OUT="$R/$2.make.compare.png" >/dev/null 2>>"$R/$2.err" &&
	env LC_ALL="$1" sh scripts/plots.sh "$PG" >/dev/null 2>>"$R/$2.err" &&
	for f in curves loss summary heatmap; do mv "$PG/$f.png" "$R/$2.grid.$f.png" || return 1; done &&
	env LC_ALL="$1" gnuplot -c scripts/heatmap.gp "$PG/points.csv" "$R/$2.gp.heatmap.svg" svg 2>>"$R/$2.err"
}
if ! figs C C; then
	t_not_ok "the figures in the C locale" "$(cat "$R/C.err")"
	t_done
	exit 1
fi
for L in $LOCS; do
	if figs "$L" "$L"; then
		t_ok "$L: every figure drawn"
	else
		t_not_ok "$L: every figure drawn" "$(cat "$R/$L.err")"
	fi
	for ref in "$R"/C.*.png "$R"/C.*.svg; do
		f=${ref#"$R"/C.}
		if cmp -s "$ref" "$R/$L.$f"; then
			t_ok "$L: $f identical to the C locale's, byte for byte"
		else
			t_not_ok "$L: $f differs from the C locale's"
		fi
	done
done
t_done
