# compare.gp -- bsweep compare: time per run against batch size, one line
# per results directory (machine, build, thread count), and with a grid
# per directory and grid point.
#
# Usage:  gnuplot -c scripts/compare.gp COMPARE_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   COMPARE_CSV  output of `bsweep compare --csv DIR_A DIR_B ...`; columns
#                are looked up by header name: batch_size, dir_index, label,
#                median_seconds, min_seconds, max_seconds, ratio, significant;
#                with a grid, also a column per axis after batch_size
#                (named by the key's path, e.g. train.learning_rate)
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Panels, both against batch size on a log2 x axis ticked at the actual sizes:
#   1. time per run, log y, in ms or s (lib.gp's TUNIT): median with
#      min..max error bars, one line per directory (dir_index order, the
#      first is the reference)
#   2. ratio of each directory's median to the first directory's; a filled
#      marker where the difference exceeds the noise (significant = yes),
#      an open one where it does not or cannot be told (no, n/a)
# The rows of one directory must be consecutive (bsweep compare --csv writes
# them so): a line is drawn through consecutive rows only.
#
# A grid (sweep.grid: a column per axis, whose name has a dot): a row per
# directory, batch size and grid point.  aggregate.awk regroups the rows
# into one series per (directory, point), by batch size, so their order
# does not matter.  The title names the axes, and
#   - up to 6 points and 12 series: the panels above, with one line per
#     (directory, point): the point's colour (in config order, the colours
#     of curves.gp's grid lines), the directory's dash and marker (solid and
#     circles for the first).  The legend, above the panels, names the
#     directories and the points ("learning_rate = 0.01, momentum = 0.9").
#     The ratio panel leaves the first directory out: its ratios are the
#     dashed line at 1.
#   - more: a row of the two panels per point, each as the figure without a
#     grid (a line per directory, in its colour), titled by the point; at
#     most 16 rows, evenly spaced in config order from the first point to
#     the last.  The figure says which.
# Without a grid column the figure is what it always was, byte for byte.
#
# On bad input (missing or empty file, missing column, truncated row, a
# bad dir_index; with a grid, a column name or value that is not a key path
# or not a number, true, false or a name) the
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
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp): compare.sh gives the first directory's
load HERE . "/lib.gp"
IN = filearg(IN); OUT = filearg(OUT)

# ---------------------------------------------------------------- validate input
MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,dir_index,label,median_seconds," \
             . "min_seconds,max_seconds,ratio,significant -v ints=batch_size,dir_index" \
             . " -v nums=median_seconds,min_seconds,max_seconds,ratio " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }

set datafile separator comma
set datafile columnheaders

# K directories, their labels LAB[1..K], the batch sizes as x tics (from the
# first directory's rows), the ranges of the times and of the ratios
stats IN using (column("dir_index")) nooutput
K = int(STATS_max)
if (K < 1 || STATS_min < 1 || K > STATS_records) { FAILMSG = IN . ": column dir_index: expected 1, 2, ..."; eval DIE }
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
    FAILMSG = IN . ": no usable times (median_seconds, min_seconds, max_seconds > 0)"; eval DIE
}
if (!(R_LO > 0) || !(R_HI >= R_LO)) { FAILMSG = IN . ": no usable ratios (ratio > 0)"; eval DIE }

# ---------------------------------------------------------------- a grid
# With grid columns, aggregate.awk defines NGRID > 0, NPT, GKEYS,
# PLABEL[NPT], BSG[NBSG] and $CMP, a block per (directory, point):
# batch_size median lo max ratio sig (see aggregate.awk); without, NGRID = 0.
NGRID = 0
load "< " . AWK . " -v mode=compare " . sq(IN)
MAXPT = 6; MAXSER = 12; MAXROWS = 16
NROWS = 1; LINES = 0                        # rows of panels; one line per series
if (NGRID > 0) {
    # the batch sizes once each, for the x tics
    NBS = (NBSG <= 4096) ? NBSG : 4096
    do for [i = 1 : NBS] { BSX[i] = BSG[i] }
    LINES = (NPT <= MAXPT && K * NPT <= MAXSER)
    if (!LINES) { NROWS = (NPT > MAXROWS) ? MAXROWS : NPT }
    # ROWPT(r): the point of row r, evenly spaced, the first and the last included
    ROWPT(r) = (NROWS == NPT) ? r : 1 + int((r - 1) * (NPT - 1) / (NROWS - 1.0) + 0.5)
    # the block of $CMP of directory i and point j
    BLK(i, j) = (i - 1) * NPT + j - 1
    # a point's colour (curves.gp's for grid lines); a directory's dash,
    # and its marker filled (significant) and open
    array PCOL[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#D55E00", "#882255"]
    array PTF[5] = [7, 5, 9, 13, 15]
    array PTO[5] = [6, 4, 8, 12, 14]
    DT(i) = (i - 1) % 5 + 1
    PF(i) = PTF[(i - 1) % 5 + 1]
    PO(i) = PTO[(i - 1) % 5 + 1]
    C_GKEY = "#555555"
    if (LINES) {
        GNOTE = sprintf("one line per directory (dash, marker) and grid point (colour); %d grid point%s", \
                        NPT, NPT == 1 ? "" : "s")
    } else {
        GNOTE = (NROWS == NPT) ? sprintf("%d grid points: a row each", NPT) : \
            sprintf("%d of %d grid points shown, a row each: evenly spaced in config order, the first and the last included", \
                    NROWS, NPT)
        GNOTE = GNOTE . "; ratio markers filled where the difference exceeds the noise"
    }
}

# ---------------------------------------------------------------- geometry (pixels)
W = 1600; HEAD = 90 + DESCH; PH = 600
if (NGRID > 0) {
    # the legend above the panels, from x = 0.11 W: the directories, then
    # (lines) the points, in KY-pixel rows of as many entries as fit (with
    # a character taken as 10.5 pixels, more than gnuplot takes, so that
    # there are never more rows than counted here), its top KTOP pixels
    # below the figure's
    KY = 20; KTOP = 88 + DESCH
    LMAX = 0
    do for [i = 1 : K] { LMAX = (strlen(LAB[i]) > LMAX) ? strlen(LAB[i]) : LMAX }
    DKC = int(0.86 * W / ((LMAX + 6.5) * 10.5))
    DKC = (DKC < 1) ? 1 : ((DKC > K) ? K : DKC)
    DKROWS = (K + DKC - 1) / DKC
    LMAX = 0
    do for [j = 1 : NPT] { LMAX = (strlen(PLABEL[j]) > LMAX) ? strlen(PLABEL[j]) : LMAX }
    PKC = int(0.86 * W / ((LMAX + 6.5) * 10.5))
    PKC = (PKC < 1) ? 1 : ((PKC > NPT) ? NPT : PKC)
    PKROWS = LINES ? (NPT + PKC - 1) / PKC : 0
    PKTOP = KTOP + DKROWS * KY + 6
    HEAD = PKTOP + PKROWS * KY + 30
    PH = LINES ? 600 : 420
}
H = HEAD + NROWS * PH
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
eval DESCLABEL
set label 101 sprintf("median over seeds, error bars = min..max over seeds and repeats; first directory (%s) = reference", LAB[1]) \
    at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
set key top right Left reverse samplen 2 font ",11" noenhanced box lc rgb "#bbbbbb" opaque

THIS(i) = int(column("dir_index")) == i

if (NGRID > 0) {
    set label 100 "Time per run by batch size and " . GKEYS noenhanced
    set label 102 GNOTE at screen 0.5, 1 - (74.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
    # the legend, in plots of their own as wide as the figure: a row of
    # the directories, then (lines) the points
    set border 0
    unset xtics; unset ytics; unset grid; unset xlabel
    set xrange [0:1]; set yrange [0:1]
    set lmargin at screen 0.02; set rmargin at screen 0.98
    set tmargin at screen 1 - 2.0 / H; set bmargin at screen 1 - (HEAD - 2.0) / H
    set label 103 "directories" at screen 0.03, 1 - (KTOP + KY / 2.0) / H left font ",11" textcolor rgb "#444444"
    set key at screen 0.11, 1 - real(KTOP) / H left top horizontal maxcols DKC samplen 3.5 width 1 \
        font ",11" noenhanced nobox noautotitle
    if (LINES) {
        plot NaN notitle, for [i = 1 : K] keyentry with linespoints lw 2 dt DT(i) pt PF(i) ps 1.3 \
             lc rgb C_GKEY title LAB[i]
        unset label 99; unset label 100; unset label 101; unset label 102; unset label 103
        set label 104 "grid points" at screen 0.03, 1 - (PKTOP + KY / 2.0) / H left font ",11" textcolor rgb "#444444"
        set key at screen 0.11, 1 - real(PKTOP) / H left top horizontal maxcols PKC samplen 3.5 width 1 \
            font ",11" noenhanced nobox noautotitle
        plot NaN notitle, for [j = 1 : NPT] keyentry with lines lw 3 lc rgb PCOL[j] title PLABEL[j]
        unset label 104
    } else {
        plot NaN notitle, for [i = 1 : K] keyentry with linespoints lw 2 pt 7 ps 1.3 lc rgb C(i) title LAB[i]
        unset label 99; unset label 100; unset label 101; unset label 102; unset label 103
    }
    unset key
    # $CMP: blank-separated numbers, no header
    set datafile separator whitespace
    set datafile nocolumnheaders
    set border 3 lw 1 lc rgb "#333333"
    set xtics; set ytics
    set tics nomirror out scale 0.6 textcolor rgb "#222222"
    set grid xtics ytics back ls 100, ls 100
    if (NBS <= 24) {
        set xtics ()
        do for [i = 1 : NBS] { set xtics add (sprintf("%d", BSX[i]) BSX[i]) }
    } else {
        set xtics autofreq
    }
    set xrange [XMIN / 1.25 : XMAX * 1.25]
    set xlabel "batch size (log scale, base 2)" offset 0, 0.3
}

do for [r = 1 : NROWS] {
    PT = (NGRID > 0 && !LINES) ? ROWPT(r) : 0  # the row's grid point (facets)
    ROWT = H - HEAD - (r - 1) * PH              # top of the row, pixels from the bottom
    do for [p = 1 : NP] {
        x0 = (p - 1) * PW
        set lmargin at screen (x0 + ML) / real(W)
        set rmargin at screen (x0 + PW - MR) / real(W)
        set tmargin at screen (ROWT - MT) / real(H)
        set bmargin at screen (ROWT - PH + MB) / real(H)

        if (p == 1) {
            set title "Time per run (log scale)" font ",13"
            if (NGRID > 0 && !LINES) { set title sprintf("%s:  time per run (log scale)", PLABEL[PT]) noenhanced }
            TK = TSCALE(T_LO)
            set ylabel "time (" . TUNIT(T_LO) . ", log scale)"
            set logscale y
            ylo = T_LO * TK / 1.3; yhi = T_HI * TK * 1.3
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
            if (NGRID == 0) {
                plot for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):(column("median_seconds") * TK):(LO(0) * TK):(column("max_seconds") * TK) \
                     with yerrorlines lw 2 pt 7 lc rgb C(i) title LAB[i]
            } else {
                if (LINES) {
                    plot for [i = 1 : K] for [j = 1 : NPT] $CMP index BLK(i, j) using 1:($2 * TK):($3 * TK):($4 * TK) \
                         with yerrorlines lw 2 dt DT(i) pt PF(i) lc rgb PCOL[j] notitle
                } else {
                    plot for [i = 1 : K] $CMP index BLK(i, PT) using 1:($2 * TK):($3 * TK):($4 * TK) \
                         with yerrorlines lw 2 pt 7 lc rgb C(i) notitle
                }
            }
            unset logscale y
            set ytics autofreq
            unset label 99
            unset label 100
            unset label 101
        }
        if (p == 2) {
            set title sprintf("Time relative to %s (filled: difference exceeds the noise)", LAB[1]) font ",13" noenhanced
            if (NGRID > 0 && !LINES) { set title sprintf("%s:  time relative to %s", PLABEL[PT], LAB[1]) noenhanced }
            set ylabel sprintf("median / median of %s", LAB[1]) noenhanced
            set format y "%g"
            pad = (R_HI - R_LO) * 0.1; pad = (pad < 0.05) ? 0.05 : pad
            set yrange [R_LO - pad : R_HI + pad]
            if (NGRID == 0) {
                set key top right
                plot 1 with lines lw 1 dt 2 lc rgb "#666666" notitle, \
                     for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):"ratio" \
                         with lines lw 2 lc rgb C(i) title LAB[i], \
                     for [i = 1 : K] IN using (THIS(i) ? column("batch_size") : NaN):"ratio": \
                         (strcol("significant") eq "yes" ? 7 : 6) \
                         with points pt variable ps 1.6 lc rgb C(i) notitle
            } else {
                if (LINES && K == 1) {
                    # (gnuplot would run "for [i = 2 : 1] for [j = ...]" once, with i = 2)
                    plot 1 with lines lw 1 dt 2 lc rgb "#666666" notitle
                }
                if (LINES && K > 1) {
                    plot 1 with lines lw 1 dt 2 lc rgb "#666666" notitle, \
                         for [i = 2 : K] for [j = 1 : NPT] $CMP index BLK(i, j) using 1:5 \
                             with lines lw 2 dt DT(i) lc rgb PCOL[j] notitle, \
                         for [i = 2 : K] for [j = 1 : NPT] $CMP index BLK(i, j) using 1:5:($6 > 0 ? PF(i) : PO(i)) \
                             with points pt variable ps 1.6 lc rgb PCOL[j] notitle
                }
                if (!LINES) {
                    plot 1 with lines lw 1 dt 2 lc rgb "#666666" notitle, \
                         for [i = 1 : K] $CMP index BLK(i, PT) using 1:5 with lines lw 2 lc rgb C(i) notitle, \
                         for [i = 1 : K] $CMP index BLK(i, PT) using 1:5:($6 > 0 ? 7 : 6) \
                             with points pt variable ps 1.6 lc rgb C(i) notitle
                }
            }
        }
    }
}

unset multiplot
unset output
