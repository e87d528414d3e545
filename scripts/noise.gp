# noise.gp -- the simple gradient noise scale B_simple over training, one
# line per batch size, beside the fitted critical batch size.
#
# Usage:  gnuplot -c scripts/noise.gp EPOCHS_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   EPOCHS_CSV   bsweep's epochs.csv of a sweep with analysis.noise_scale
#                (the b_simple column); run.json beside it gives B_crit
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# One panel: B_simple = tr(Sigma) / |G|^2 (epochs.csv b_simple, measured
# exactly at each epoch's end) against the epoch, log y; per batch size
# the median over its seeds (rows with a finite b_simple > 0 only).  With
# a fit in run.json (analysis.fit's b_crit), B_crit as a horizontal dashed
# line, McCandlish's prediction being B_crit ~ B_noise; a B_crit <= 0 (a
# degenerate fit) cannot be drawn on the log axis and the figure says so.
# With a grid of up to 8 points, one panel per point (its values in the
# panel's title, its own B_crit from run.json's analysis.fits), the same
# axes in every panel and one key; with more, only the first grid point
# (named in the subtitle).
#
# Aggregation by aggregate.awk (mode=noise).  On bad input (missing or
# empty file, missing column, truncated row, a value that is not a number)
# the script prints a message naming the file and exits with status 1
# before OUT_FILE is opened.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s EPOCHS_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "EPOCHS_CSV and OUT_FILE must not be empty" }

HERE = "."
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
RUNJSON = "run.json"
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { RUNJSON = IN[1:k] . "run.json"; break } }
RUNJSON = regular(RUNJSON) ? RUNJSON : ""

MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,seed,epoch,b_simple" \
             . " -v ints=batch_size,seed,epoch -v nums=b_simple " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MAXG = 8
load "< " . AWK . " -v mode=noise -v maxg=" . MAXG . " " . sq(IN) . " " . sq(RUNJSON)
MULTI = (NSER > 1)

# ---------------------------------------------------------------- geometry (pixels)
# one panel, or with a grid one per point in NC columns and NR rows
NC = !MULTI ? 1 : (NSER <= 3 ? NSER : (NSER == 4 ? 2 : (NSER <= 6 ? 3 : 4)))
NR = ceil(NSER / real(NC))
HEAD = 100 + DESCH; KEYW = 190
PW = MULTI ? 520 : (1200 - KEYW); PH = MULTI ? 400 : (720 - 100)
W = NC * PW + KEYW; H = HEAD + NR * PH
ML = 90; MR = MULTI ? 20 : 0; MT = MULTI ? 36 : 0; MB = 70
NSEEDSTR = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
FIGTITLE = "Gradient noise scale B_simple over training" . (DATASET ne "" ? "  -  " . DATASET : "")
SUBTITLE = (NSEED_MAX > 1 ? sprintf("median over %s seeds per batch size", NSEEDSTR) : "one seed per batch size") \
           . ";  B_simple = tr(Sigma) / |G|^2 at each epoch's end, over the training set"
if (NGRID > 0 && !MULTI) { SUBTITLE = SUBTITLE . sprintf(";  grid point 1 of %d: ", NPOINTS) . GPOINT }
if (MULTI) { SUBTITLE = SUBTITLE . sprintf(";  one panel per grid point (%d)", NSER) }
# the fitted B_crit of series s: a line when it is > 0, else said
BCLINE(s) = FITA[s] && BCA[s] > 0
BCTXT(s) = !FITA[s] ? "no fit of B_crit (no target, or see run.json)" : \
        (BCA[s] > 0 ? sprintf("B_crit = %.3g (fit of steps to target%s)", BCA[s], DEGA[s] ? ", degenerate" : "") : \
                      sprintf("B_crit = %.3g (degenerate fit): not drawn on the log axis", BCA[s]))

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
set xlabel "epoch"
set ylabel "B_simple (log scale)" noenhanced
set xrange [0 : (EMAX > 1 ? EMAX : 2)]
set logscale y
set format y "%g"
# the same y range in every panel, B_crit lines included
if (YLO == YLO) {
    ylo = YLO / 1.5; yhi = YHI * 1.5
    do for [s = 1 : NSER] {
        if (BCLINE(s)) { ylo = (BCA[s] / 1.5 < ylo) ? BCA[s] / 1.5 : ylo; yhi = (BCA[s] * 1.5 > yhi) ? BCA[s] * 1.5 : yhi }
    }
    set yrange [ylo : yhi]
} else {
    set yrange [1 : 10]
    set label 2 "no finite B_simple" at graph 0.5, 0.5 center textcolor rgb "#B00000"
}
set palette defined (0 "#440154", 0.25 "#3B528B", 0.5 "#21908C", 0.75 "#5DC863", 1 "#E3B505")
unset colorbox
FR(i) = (NB > 1) ? (i - 1.0) / (NB - 1) : 0

set multiplot
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
if (!MULTI) {
    set label 102 BCTXT(1) at screen 0.5, 1 - (74.0 + DESCH) / H center font ",11" textcolor rgb "#B00000" noenhanced
}
set key at screen (W - KEYW + 10.0) / W, screen 1 - (110.0 + DESCH) / H left top nobox font ",10" samplen 2 noenhanced
do for [s = 1 : NSER] {
    col = (s - 1) % NC; row = (s - 1) / NC
    x0 = col * PW; y1 = H - HEAD - row * PH
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (y1 - MT) / real(H)
    set bmargin at screen (y1 - PH + MB) / real(H)
    if (MULTI) {
        set title PLABEL[s] font ",12" noenhanced
        set label 3 BCTXT(s) at graph 0.02, graph 0.96 left front font ",9" textcolor rgb "#B00000" noenhanced
    }
    P = ""
    do for [i = 1 : NB] {
        P = P . (i > 1 ? ", " : "") . sprintf("$NZ index %d using 1:2 with lines lw 2 lc palette frac %.6f %s", \
            (s - 1) * NB + i - 1, FR(i), s == 1 ? sprintf("title 'batch %d'", BS[i]) : "notitle")
    }
    P = P . (BCLINE(s) ? sprintf(", %.10g with lines dt 2 lw 2 lc rgb '#B00000' %s", BCA[s], s == 1 ? "title 'B_crit (fit)'" : "notitle") : "")
    eval "plot " . P
    unset label 99
    unset label 100
    unset label 101
    unset label 102
}
unset multiplot
unset output
