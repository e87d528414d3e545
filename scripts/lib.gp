# lib.gp -- helpers shared by curves.gp, summary.gp, heatmap.gp and compare.gp, which
# `load` it after setting HERE (the directory of the scripts).
#
# Paths and CSV values are data, never code: they are passed to gnuplot as
# ARGn strings and never pasted into a command that gnuplot parses (no
# `eval`, `load` or macro gets a byte of them); the shell sees them only
# quoted by sq(); what aggregate.awk prints for `load` holds checked
# numbers only (see its header); text shown in a figure is drawn with
# `noenhanced`.  awk runs with LC_ALL=C: under a comma-decimal locale mawk
# reads "0.54" as 0.

# A grid point's colour, in config order, in every figure that draws up to
# 8 points one colour each (Okabe-Ito's, and wine; the like hues apart in
# the first six)
array GRIDCOL[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#D55E00", "#882255"]

# Quote a string for /bin/sh:  it's  ->  'it'\''s'
sq(s) = "'" . sqi(s) . "'"
sqi(s) = strstrt(s, "'") == 0 ? s : \
         s[1:strstrt(s, "'") - 1] . "'\\''" . sqi(s[strstrt(s, "'") + 1:])

# A path as gnuplot must be given it.  gnuplot reads a file name "<cmd" as
# a pipe from cmd, an output "|cmd" as a pipe to cmd, "-" as standard
# input, "$name" as a datablock and a leading "~" as the home directory;
# "./" in front of a relative path disarms them all.
filearg(p) = (p[1:1] eq "/") ? p : "./" . p

AWK = "LC_ALL=C awk -f " . sq(filearg(HERE . "/aggregate.awk"))

# Is p a regular file we can read?  The files read beside the input only
# when they are there (summary.csv, best.csv, run.json) are asked this
# first: a FIFO would block awk, a directory fail it.
regular(p) = (system("[ -f " . sq(p) . " ] && [ -r " . sq(p) . " ] && echo y") eq "y")

# Fail with the message in FAILMSG, whole, on stderr, exit status 1:
#   FAILMSG = ...; eval DIE
# (`exit error` keeps the first 127 bytes of a message, gnuplot's error
# buffer, which a long path alone can fill.)
DIE = 'print FAILMSG; exit status 1'

# The checker's message names the file; an awk failure (e.g. FILE is a
# directory) may not, so prefix the file name then.
withfile(f, m) = (m eq "") ? f . ": cannot read file" : \
                 (strstrt(m, f) == 1 ? m : f . ": cannot read file (" . m . ")")

# CTRL: the control characters, which shown() replaces by '?' (a newline or
# a tab in a directory name would break a title)
CTRL = ""
do for [c = 1 : 31] { CTRL = CTRL . sprintf("%c", c) }
CTRL = CTRL . sprintf("%c", 127)

# DIRNAME_OF: name of the directory holding file P, for titles
# ("./results/blobs/epochs.csv" -> "blobs"; "" for "./epochs.csv"), with
# control characters shown as '?'.  P must have been through filearg(), so
# it has a '/'.  A statement, as gnuplot functions cannot loop: set P, then
# `eval DIRNAME_OF`; the result is in SHOWN.
DIRNAME_OF = 'SHOWN = P; do for [_k = strlen(P) : 1 : -1] { if (P[_k:_k] eq "/") { SHOWN = P[1:_k-1]; break } }; do for [_k = strlen(SHOWN) : 1 : -1] { if (SHOWN[_k:_k] eq "/") { SHOWN = SHOWN[_k+1:]; break } }; if (SHOWN eq "." || SHOWN eq P) { SHOWN = "" }; _s = ""; do for [_k = 1 : strlen(SHOWN)] { _s = _s . (strstrt(CTRL, SHOWN[_k:_k]) ? "?" : SHOWN[_k:_k]) }; SHOWN = _s'

# DESC: what produced the figure, one line under its title: the sweep's
# run.json "description" (src/describe.c), which plots.sh and compare.sh
# give every script as its 4th argument, and the script sets DESC to it
# before it loads this file (a loaded file sees no ARGn); "" without one
# (an older run.json, or a script run by hand).  Data, never code: drawn
# `noenhanced` as label 99, and any character but printable ASCII without
# " \ ` $ @ { } ' (the class describe.c writes and plots.sh checks) shown
# as '?'.  DESCH: the pixels it takes; a figure's header grows by DESCH and
# the lines under the title move down by it.  DESCLABEL: a statement
# (`eval DESCLABEL` once H is known; `unset label 99` with the title).
DESC = exists("DESC") ? DESC : ""
# (the backquote written as a number: gnuplot would run `...` in a
# command's text)
_ok = ""
do for [c = 32 : 126] { if (strstrt("\"\\$@{}'", sprintf("%c", c)) == 0 && c != 96) { _ok = _ok . sprintf("%c", c) } }
_d = ""
do for [_k = 1 : strlen(DESC)] { _d = _d . (strstrt(_ok, DESC[_k:_k]) > 0 ? DESC[_k:_k] : "?") }
DESC = _d
DESCH = (DESC eq "") ? 0 : 20
# Its font: 10 points, smaller down to 7 when the figure (W pixels wide)
# is narrow for it (a character takes about 0.66 of its size in pixels).
DESCFONT(w) = sprintf(",%.1f", (w - 40.0) / (0.7 * strlen(DESC)) >= 10 ? 10 : \
                               ((w - 40.0) / (0.7 * strlen(DESC)) <= 7 ? 7 : (w - 40.0) / (0.7 * strlen(DESC))))
# DESCW: the narrowest figure that shows it whole (at 7 points), for a
# figure whose width follows its data (heatmap.gp)
DESCW = (DESC eq "") ? 0 : int(0.7 * 7 * strlen(DESC) + 40)
DESCLABEL = 'if (DESC ne "") { set label 99 DESC at screen 0.5, 1 - 47.0 / H center font DESCFONT(W) textcolor rgb "#555555" noenhanced }'

# Time on an axis: one rule for every figure (and compare's text table,
# src/compare.c, which goes on to microseconds): in seconds when the
# smallest time shown is at least 0.1 s, else in milliseconds; the axis
# label names the unit, its ticks are plain numbers ("%g": 0.05, 2, 300,
# never 5e-05).  TSCALE(lo): the factor from seconds; TUNIT(lo): "s" or
# "ms".
TSCALE(lo) = (lo >= 0.1) ? 1 : 1000
TUNIT(lo) = (lo >= 0.1) ? "s" : "ms"
