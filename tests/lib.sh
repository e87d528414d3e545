# tests/lib.sh: helpers for the shell tests (sourced).  Each check prints
# "ok - what" or "not ok - what" (and details); t_done prints the closing
# line "N passed, M failed" and returns non-zero on any failure.

T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

t_ok() { T_PASS=$((T_PASS + 1)); echo "ok - $1"; }
t_not_ok() {
	T_FAIL=$((T_FAIL + 1)); echo "not ok - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}
t_check() { # t_check "what" command...: passes when the command succeeds
	what=$1; shift
	if "$@" >/dev/null 2>&1; then t_ok "$what"; else t_not_ok "$what"; fi
}
# t_run CMD...: runs, sets T_RC, T_OUT (stdout file), T_ERR (stderr file)
t_run() {
	T_OUT=$T_TMP/out T_ERR=$T_TMP/err
	"$@" >"$T_OUT" 2>"$T_ERR" </dev/null
	T_RC=$?
}
t_expect_rc() { # t_expect_rc what expected_rc
	if [ "$T_RC" = "$2" ]; then t_ok "$1: exit $2"
	else t_not_ok "$1: exit $T_RC, expected $2" "$(cat "$T_ERR")"; fi
}
t_expect_err() { # t_expect_err what "exact stderr"
	if [ "$(cat "$T_ERR")" = "$2" ]; then t_ok "$1: message"
	else t_not_ok "$1: message" "got:      $(cat "$T_ERR")
expected: $2"; fi
}
# t_curves what GOLDEN EPOCHS: an epochs.csv against a NumPy replica's
# curves (tests/compare_curves.awk): losses to 1e-5 relative, accuracies
# exactly; the worst differences are printed as comments
t_curves() {
	if awk -F, -v rel_tol=1e-5 -v acc_tol=0 -f tests/compare_curves.awk "$2" "$3" \
		>"$T_TMP/curves.cmp" 2>&1; then
		t_ok "$1: curves equal the NumPy replica's"
		sed 's/^/#   /' "$T_TMP/curves.cmp"
	else
		t_not_ok "$1: curves differ from the NumPy replica's" "$(cat "$T_TMP/curves.cmp")"
	fi
}
t_expect_grep() { # t_expect_grep what file pattern
	if grep -q -- "$3" "$2"; then t_ok "$1"
	else t_not_ok "$1" "no '$3' in: $(head -c 600 "$2")"; fi
}
t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
}
# t_need_gnuplot: ends the part, as failed, when gnuplot is missing (make
# check installs it: a figure test without it would test nothing).
t_need_gnuplot() {
	command -v gnuplot >/dev/null 2>&1 && return 0
	t_not_ok "gnuplot is installed (make check installs it: scripts/deps.sh)"
	t_done
	exit 1
}
# t_root: for a test that changes directory, ROOT (the source tree: the
# current directory), S (its scripts/) and BSWEEP as an absolute path.
t_root() {
	ROOT=$(pwd)
	S=$ROOT/scripts
	case $BSWEEP in /*) ;; *) BSWEEP=$ROOT/$BSWEEP ;; esac
}
# t_skip "what" "reason": a check that cannot run here; counted apart
# (tests/run.sh), never as a pass.
t_skip() { echo "ok - $1 # SKIP $2"; }

# The program that prints bsweep's column tables (tests/columns.c): the
# tests read column names from it, never from a copy of their own.
COLUMNS=${BSWEEP_COLUMNS:-build/rel/columns}
t_columns() { # t_columns ARGS...: the program's answer; a failure when it is missing
	if [ ! -x "$COLUMNS" ]; then
		t_not_ok "tests/columns.c's program $COLUMNS is missing (make check builds it)" >&2
		return 1
	fi
	"$COLUMNS" "$@"
}
# t_header epochs|summary|compare: the header line bsweep writes.
t_header() { t_columns "$1"; }

# t_notime CSV: the file without the columns that are measurements of the
# machine (times, rates, outlier counts, CPU, memory use), which differ
# from run to run, and without those that name the sweep and the run
# (sweep, run), which differ between configs that compute the same; what
# remains must be identical for the same computation.  Which columns
# those are is the tables' flags (CSV_MEASURED, RUNFILE_ID).
t_notime() {
	awk -F, -v measured="$(t_columns epochs measured; t_columns summary measured; t_columns points measured; t_columns aggregate measured; t_columns summary id)" '
	BEGIN { n = split(measured, m, "\n"); for (i = 1; i <= n; i++) skip[m[i]] = 1 }
	NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
	{ s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$1"
}

# For the figure tests (figures.sh, gridplots.sh):
# entries in directory $1 (names with newlines counted right)
count() { find "$1" -mindepth 1 -maxdepth 1 -exec printf . \; | wc -c | tr -d ' '; }
is_png() { [ "$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ]; }
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) "x" \
		((($5 * 256 + $6) * 256 + $7) * 256 + $8) }'
}
# the text of an SVG file, XML entities decoded
svg_text() { sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g' "$1"; }
# a name as a test line shows it (and as the figures do): control characters as '?'
shown() { printf '%s' "$1" | tr '\001-\037\177' '?'; }
# the .figures a directory should have: the names given, sorted, one a line
figures_are() { [ "$(cat "$1/.figures" 2>/dev/null)" = "$(printf '%s\n' "$2" | tr ' ' '\n' | sort)" ]; }
