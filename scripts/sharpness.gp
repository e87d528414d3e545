# sharpness.gp -- the sharpness of the minimum each run ended in, against
# batch size: Keskar et al. 2017 (arXiv:1609.04836) claim that large
# batches converge to sharper minima.
#
# Usage:  gnuplot -c scripts/sharpness.gp SUMMARY_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   SUMMARY_CSV  bsweep's summary.csv of a sweep with analysis.sharpness
#                (the sharpness column); with a grid, best.csv beside it
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# One panel: sharpness (the largest eigenvalue of the Hessian of the mean
# training loss at the run's final weights, src/sharp.h) against batch
# size on a log2 x axis ticked at the actual sizes; one small point per
# seed, jittered sideways so that seeds stay apart, and a line through
# the median over the seeds.  The y axis is logarithmic when every value
# is > 0 and they span more than a factor 10, else linear.  A run whose
# status is not ok or target (diverged) is left out of the median and
# drawn as a red x (at the bottom when its sharpness is not a number); a
# run without a finite sharpness is counted in the subtitle.  The
# subtitle gives the median at the largest batch size over that at the
# smallest.
# With a grid (summary.csv's grid columns): one colour per grid point
# when there are at most 8, each named in the legend (as curves.gp); with
# more, each batch size's best point (best.csv, as summary.gp), or the
# first point when there is no best.csv, which the subtitle says.
#
# Aggregation by aggregate.awk (mode=sharp).  On bad input (missing or
# empty file, missing column, truncated row, a value that is not a number)
# the script prints a message naming the file and exits with status 1
# before OUT_FILE is opened.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s SUMMARY_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "SUMMARY_CSV and OUT_FILE must not be empty" }

HERE = "."
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
BEST = "best.csv"
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { BEST = IN[1:k] . "best.csv"; break } }
BEST = regular(BEST) ? BEST : ""

MAXG = 8
MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,seed,sharpness" \
             . " -v ints=batch_size,seed " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MSG = system(AWK . " -v mode=sharp -v maxg=" . MAXG . " " . sq(IN) . " " . sq(BEST) . " 2>&1 >/dev/null")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
load "< " . AWK . " -v mode=sharp -v maxg=" . MAXG . " " . sq(IN) . " " . sq(BEST)

W = 1200; H = 720 + DESCH
C_MAIN = "#D55E00"; C_DIV = "#B00000"
NSEEDSTR = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
FIGTITLE = "Do large batches end in sharper minima? (Keskar et al. 2017)" . (DATASET ne "" ? "  -  " . DATASET : "")
SUBTITLE = "sharpness = largest eigenvalue of the Hessian of the training loss at a run's final weights;  " \
           . (NSEED_MAX > 1 ? sprintf("a point per seed (%s per batch size), a line through their median", NSEEDSTR) : "one seed per batch size")
NOTE = ""
if (GMODE eq "all") { NOTE = sprintf("one colour per grid point (%d)", NPT) }
if (GMODE eq "best") { NOTE = sprintf("%d grid points: each batch size's best (best.csv)", NPT) }
if (GMODE eq "first") { NOTE = sprintf("%d grid points, no best.csv: the first, ", NPT) . SLABEL[1] }
if (NS == 1 && RATIO[1] == RATIO[1]) {
    NOTE = NOTE . (NOTE ne "" ? ";  " : "") . sprintf("median sharpness at B = %d is %.3g x that at B = %d", RBN[1], RATIO[1], RB1[1])
}
if (NDIV > 0) { NOTE = NOTE . (NOTE ne "" ? ";  " : "") . sprintf("%d of %d runs diverged (x), left out of the medians", NDIV, NRUN) }
if (NNAN > 0) { NOTE = NOTE . (NOTE ne "" ? ";  " : "") . sprintf("%d run%s without a finite sharpness", NNAN, NNAN > 1 ? "s" : "") }

if (FMT eq "png") {
    set terminal pngcairo size W, H enhanced font "DejaVu Sans,12" background "white"
} else {
    if (FMT eq "svg") {
        set terminal svg size W, H enhanced font "DejaVu Sans,12" fontscale 1.3 background "white"
    } else {
        set terminal pdfcairo size (W / 144.0), (H / 144.0) enhanced font "DejaVu Sans,12" linewidth 0.6
    }
}
set output OUT

set encoding utf8
set border 3 lw 1 lc rgb "#333333"
set tics nomirror out scale 0.6 textcolor rgb "#222222"
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid xtics ytics back ls 100, ls 100
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
set label 102 NOTE at screen 0.5, 1 - (74.0 + DESCH) / H center font ",11" textcolor rgb "#222222" noenhanced
RM = (NS > 1) ? 250.0 : 40.0
set lmargin at screen 100.0 / W
set rmargin at screen (W - RM) / W
set tmargin at screen 1 - (100.0 + DESCH) / H
set bmargin at screen 70.0 / H
set logscale x 2
set xrange [XMIN : XMAX]
if (NB <= 24) {
    set xtics ()
    do for [i = 1 : NB] { set xtics add (sprintf("%d", BS[i]) BS[i]) }
} else {
    set xtics autofreq
}
set xlabel "batch size (log scale, base 2)" offset 0, 0.3
LOGY = (YLO == YLO && YLO > 0 && YHI / YLO > 10)
if (YLO != YLO) {
    YLO = 0; YHI = 1
    set label 2 "no finite sharpness" at graph 0.5, 0.5 center textcolor rgb C_DIV
}
if (LOGY) {
    set logscale y
    set ylabel "sharpness: largest Hessian eigenvalue (log scale)"
    ylo = YLO / 1.5; yhi = YHI * 1.5
    YD = ylo * 1.15
} else {
    set ylabel "sharpness: largest Hessian eigenvalue"
    pad = (YHI - YLO) * 0.08; pad = (pad > 0) ? pad : (YHI != 0 ? abs(YHI) * 0.1 : 1)
    ylo = (YLO >= 0 && YLO - pad < 0) ? 0 : YLO - pad; yhi = YHI + pad
    YD = ylo + (yhi - ylo) * 0.03
}
set yrange [ylo : yhi]
set format y "%g"
set pointsize 1.3
if (NS > 1) {
    set key at screen (W - RM + 15) / W, screen 1 - (110.0 + DESCH) / H left top Left reverse nobox font ",10" samplen 2 noenhanced
} else {
    set key top left nobox opaque font ",10" samplen 2 noenhanced
}
# a grid point's colour: lib.gp's, as curves.gp's
COL(i) = (NS > 1) ? sprintf("lc rgb '%s'", GRIDCOL[i]) : "lc rgb C_MAIN"
P = ""
do for [s = 1 : NS] {
    P = P . (s > 1 ? ", " : "") . sprintf("$MED index %d using 1:2 with linespoints lw 2.5 pt 7 ps 1.1 %s title '%s'", \
        s - 1, COL(s), NS > 1 ? SLABEL[s] : (NSEED_MAX > 1 ? "median over seeds" : "sharpness"))
    if (NSEED_MAX > 1) {
        P = P . sprintf(", $PTS index %d using 1:2 with points pt 6 ps 1.2 lw 1.3 %s %s", s - 1, COL(s), \
            (s == 1 && NS == 1) ? "title 'one seed'" : "notitle")
    }
}
P = P . (NDIV > 0 ? ", $DIV using 1:($3 > 0 ? $2 : YD) with points pt 2 ps 1.8 lw 2 lc rgb C_DIV title 'diverged run'" : "")
eval "plot " . P
unset output
