# compare.gp -- bsweep compare: time per run against batch size, one line
# per results directory (machine, build, thread count).
#
# Usage:  gnuplot -c scripts/compare.gp COMPARE_CSV OUT_FILE [FORMAT]
#   COMPARE_CSV  output of `bsweep compare --csv DIR_A DIR_B ...`; columns
#                are looked up by header name: batch_size, dir_index, label,
#                median_seconds, min_seconds, max_seconds, ratio, significant
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#
# Panels, both against batch size on a log2 x axis ticked at the actual sizes:
#   1. time per run, log y: median with min..max error bars, one line per
#      directory (dir_index order, the first is the reference)
#   2. ratio of each directory's median to the first directory's; a filled
#      marker where the difference exceeds the noise (significant = yes),
#      an open one where it does not or cannot be told (no, n/a)
# The rows of one directory must be consecutive (bsweep compare --csv writes
# them so): a line is drawn through consecutive rows only.
#
# On bad input (missing or empty file, missing column, truncated row) the
# script prints a message naming the file and the problem and exits with
# status 1 before OUT_FILE is opened.  The check is aggregate.awk's (same
# directory), as for summary.gp.

# ---------------------------------------------------------------- arguments
if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s COMPARE_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "COMPARE_CSV and OUT_FILE must not be empty" }

HERE = "."              # directory of this script, for lib.gp and aggregate.awk
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
load HERE . "/lib.gp"
IN = filearg(IN); OUT = filearg(OUT)

# ---------------------------------------------------------------- validate input
MSG = system(AWK . " -v mode=check -v need=batch_size,dir_index,label,median_seconds," \
             . "min_seconds,max_seconds,ratio,significant -v ints=batch_size,dir_index" \
             . " -v nums=median_seconds,min_seconds,max_seconds,ratio " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { exit error withfile(IN, MSG) }

set datafile separator comma
set datafile columnheaders

# K directories, their labels LAB[1..K], the batch sizes as x tics (from the
# first directory's rows), the ranges of the times and of the ratios
stats IN using (column("dir_index")) nooutput
K = int(STATS_max)
if (K < 1 || STATS_min < 1) { exit error sprintf("%s: column dir_index: expected 1, 2, ...", IN) }
array LAB[K]
do for [i = 1 : K] { LAB[i] = sprintf("directory %d", i) }
NBS = 0                 # batch sizes of the first directory, for the x tics
array BSX[4096]
stats IN using (LAB[int(column("dir_index"))] = strcol("label"), \
                int(column("dir_index")) == 1 && NBS < 4096 ? (NBS = NBS + 1, BSX[NBS] = int(column("batch_size"))) : 0, \
                column("batch_size")) nooutput
XMIN = STATS_min; XMAX = STATS_max
# bottom of an error bar; a zero minimum cannot be drawn on a log axis
LO(c) = column("min_seconds") > 0 ? column("min_seconds") : column("median_seconds")
stats IN using (LO(0)) nooutput
T_LO = STATS_min
stats IN using "max_seconds" nooutput
T_HI = STATS_max
stats IN using "ratio" nooutput
R_LO = STATS_min; R_HI = STATS_max
if (!(T_LO > 0) || !(T_HI >= T_LO)) {
    exit error sprintf("%s: no usable times (median_seconds, min_seconds, max_seconds > 0)", IN)
}
if (!(R_LO > 0) || !(R_HI >= R_LO)) { exit error sprintf("%s: no usable ratios (ratio > 0)", IN) }

# ---------------------------------------------------------------- geometry (pixels)
W = 1600; HEAD = 90; PH = 600; H = HEAD + PH
NP = 2; PW = W / NP
ML = 96; MR = 30; MT = 44; MB = 70

# Okabe-Ito colours, the first one matching summary.gp's time panel
array COL[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
C(i) = COL[(i - 1) % 8 + 1]

# ---------------------------------------------------------------- output
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
set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
# a tic at every batch size, unless there are too many to label
if (NBS <= 24) {
    set xtics ()
    do for [i = 1 : NBS] { set xtics add (sprintf("%d", BSX[i]) BSX[i]) }
} else {
    set xtics autofreq
}
set xlabel "batch size (log scale, base 2)" offset 0, 0.3
set bars 1.5
set pointsize 1.3

# 1-2-5 ticks on a log axis from lo to hi (or gnuplot's own for wide spans)
LOGTICKS = "do for [d = floor(log10(ylo)) : ceil(log10(yhi))] { do for [m in MANT] { v = real(m) * 10.0**d; if (v >= ylo && v <= yhi) { set ytics add (sprintf('%g', v) v) } } }"

set multiplot

set label 100 "Time per run by batch size" at screen 0.5, 1 - 26.0 / H center font ",15"
set label 101 sprintf("median over seeds, error bars = min..max over seeds and repeats; first directory (%s) = reference", LAB[1]) \
    at screen 0.5, 1 - 52.0 / H center font ",11" textcolor rgb "#444444" noenhanced
set key top right Left reverse samplen 2 font ",11" noenhanced box lc rgb "#bbbbbb" opaque

THIS(i) = int(column("dir_index")) == i

do for [p = 1 : NP] {
    x0 = (p - 1) * PW
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (H - HEAD - MT) / real(H)
    set bmargin at screen (MB) / real(H)

    if (p == 1) {
        set title "Time per run (log scale)" font ",13"
        set ylabel "seconds"
        set logscale y
        ylo = T_LO / 1.3; yhi = T_HI * 1.3
        set yrange [ylo : yhi]
        span = log10(yhi / ylo)
        MANT = (span < 0.4) ? "1 1.2 1.4 1.6 1.8 2 2.5 3 3.5 4 5 6 7 8 9" : (span < 0.6) ? "1 1.5 2 3 4 5 6 7 8" : (span < 1.5) ? "1 1.5 2 3 5 7" : (span <= 4) ? "1 2 5" : "1"
        if (span > 10) {
            set ytics autofreq
            set format y "10^{%T}"
        } else {
            set format y "%g"
            set ytics ()
            eval LOGTICKS
        }
        plot for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):"median_seconds":(LO(0)):"max_seconds" \
             with yerrorlines lw 2 pt 7 lc rgb C(i) title LAB[i]
        unset logscale y
        set ytics autofreq
        unset label 100
        unset label 101
    }
    if (p == 2) {
        set title sprintf("Time relative to %s (filled: difference exceeds the noise)", LAB[1]) font ",13" noenhanced
        set ylabel sprintf("median / median of %s", LAB[1]) noenhanced
        set format y "%g"
        pad = (R_HI - R_LO) * 0.1; pad = (pad < 0.05) ? 0.05 : pad
        set yrange [R_LO - pad : R_HI + pad]
        set key top right
        plot 1 with lines lw 1 dt 2 lc rgb "#666666" notitle, \
             for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):"ratio" \
                 with lines lw 2 lc rgb C(i) title LAB[i], \
             for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):"ratio": \
                 (strcol("significant") eq "yes" ? 7 : 6) \
                 with points pt variable ps 1.6 lc rgb C(i) notitle
    }
}

unset multiplot
unset output
