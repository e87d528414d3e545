#!/bin/sh
# tests/locale.sh BSWEEP: output does not depend on the locale.
# With LC_ALL set to a locale whose decimal separator is ',' (de_DE.UTF-8:
# the installed one, or one compiled with localedef into a temporary
# LOCPATH, so no package is needed), `bsweep data`, --print-config,
# --dry-run, a tiny sweep's CSV files, its result table and run.json must
# use '.' decimals and be byte-identical to the C locale's, apart from the
# columns that measure time or the machine.  Skipped (with the reason) when
# no comma locale can be had.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/alloc_tiny.json

# a comma locale: an installed one, else compile de_DE into T_TMP
LOC=""
for l in de_DE.UTF-8 de_DE.utf8 fr_FR.UTF-8 fr_FR.utf8; do
	if locale -a 2>/dev/null | grep -qx "$l"; then LOC=$l; break; fi
done
if [ -z "$LOC" ] && command -v localedef >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locales"
	if localedef -i de_DE -f UTF-8 "$T_TMP/locales/de_DE.UTF-8" >/dev/null 2>&1; then
		LOC=de_DE.UTF-8
		LOCPATH=$T_TMP/locales
		export LOCPATH
	fi
fi
if [ -z "$LOC" ] ||
   [ "$(LC_ALL=$LOC locale -k decimal_point 2>/dev/null)" != 'decimal_point=","' ]; then
	t_skip "comma-decimal locale" "no de_DE/fr_FR locale installed and localedef cannot make one"
	t_done
	exit
fi
echo "# comma locale: $LOC${LOCPATH:+ (compiled into $LOCPATH)}"

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
t_done
