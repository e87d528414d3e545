# interpolation.gp -- Keskar et al.'s 1-D picture (arXiv:1609.04836, their
# figure 3): the loss and the accuracy along the line through the final
# weights of the smallest and the largest batch size.
#
# Usage:  gnuplot -c scripts/interpolation.gp INTERPOLATION_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   INTERPOLATION_CSV  bsweep's interpolation.csv (analysis.sharpness and
#                      analysis.weights, no grid, src/interp.h)
#   OUT_FILE           image to write (written only after the input has been validated)
#   FORMAT             png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Two panels against alpha, w(alpha) = (1 - alpha) w_small + alpha w_large:
#   1. cross-entropy loss (log y): training solid, validation dashed;
#   2. accuracy: training solid, validation dashed.
# One colour per seed with up to 5 seeds; with more, the median over the
# seeds with a min..max band.  A vertical line at alpha = 0 and at
# alpha = 1 names the batch size whose final weights sit there
# (batch_small, batch_large).  A loss that is not a finite number > 0 is
# not drawn.
#
# Aggregation by aggregate.awk (mode=interp).  On bad input (missing or
# empty file, missing column, truncated row, a value that is not a number,
# rows of other batch sizes than the first row's) the script prints a
# message naming the file and exits with status 1 before OUT_FILE is opened.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s INTERPOLATION_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "INTERPOLATION_CSV and OUT_FILE must not be empty" }

HERE = "."
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN

MSG = system(AWK . " -v mode=check -v need=seed,batch_small,batch_large,alpha,train_loss,train_acc,val_loss,val_acc" \
             . " -v ints=seed,batch_small,batch_large -v nums=alpha,train_loss,train_acc,val_loss,val_acc " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MSG = system(AWK . " -v mode=interp " . sq(IN) . " 2>&1 >/dev/null")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
load "< " . AWK . " -v mode=interp " . sq(IN)

# ---------------------------------------------------------------- geometry (pixels)
W = 1600; HEAD = 125 + DESCH; PH = 580; H = HEAD + PH
NP = 2; PW = W / NP
ML = 92; MR = 30; MT = 44; MB = 70
MAXSEEDS = 5
BAND = (NSEED > MAXSEEDS)
# Okabe-Ito, as the other figures' colours
array SC[5] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
C_MARK = "#555555"

FIGTITLE = sprintf("Loss and accuracy on the line from the B = %d final weights to the B = %d ones", BSMALL, BLARGE) \
           . (DATASET ne "" ? "  -  " . DATASET : "")
SUBTITLE = sprintf("w(alpha) = (1 - alpha) w(B = %d) + alpha w(B = %d), final weights of the same seed (Keskar et al. 2017, fig. 3);  ", BSMALL, BLARGE) \
           . (BAND ? sprintf("median over %d seeds, band = min..max", NSEED) : (NSEED > 1 ? sprintf("one colour per seed (%d)", NSEED) : "one seed")) \
           . ";  training solid, validation dashed"

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
set xrange [AMIN : AMAX]
set xtics 0.5
set mxtics 5
set format x "%g"
set xlabel "alpha" offset 0, 0.3
set style fill transparent solid 0.18 noborder
unset key

set multiplot
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
# the two minima
set arrow 10 from first 0, graph 0 to first 0, graph 1 nohead dt 3 lw 1.5 lc rgb C_MARK back
set arrow 11 from first 1, graph 0 to first 1, graph 1 nohead dt 3 lw 1.5 lc rgb C_MARK back
set label 10 sprintf("B = %d", BSMALL) at first 0, graph 1 offset 0, 0.8 center font ",11" textcolor rgb C_MARK
set label 11 sprintf("B = %d", BLARGE) at first 1, graph 1 offset 0, 0.8 center font ",11" textcolor rgb C_MARK

# panel i draws columns C1 (training) and C2 (validation) of $IP per
# seed, or the medians M1, M2 of $MED (columns: alpha, then median min
# max of train_loss, val_loss, train_acc, val_acc) with their bands
do for [i = 1 : NP] {
    x0 = (i - 1) * PW
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (H - HEAD - MT) / real(H)
    set bmargin at screen (MB) / real(H)
    if (i == 1) {
        set title "Cross-entropy loss" font ",13" offset 0, 0.8
        set ylabel "mean cross-entropy (log scale)"
        if (LLO == LLO) {
            set logscale y
            ylo = LLO / 1.3; yhi = LHI * 1.3
            set yrange [ylo : yhi]
            span = log10(yhi / ylo)
            MANT = (span < 0.6) ? "1 1.5 2 3 4 5 6 7 8" : (span < 2) ? "1 1.5 2 3 4 5 7" : (span <= 4) ? "1 2 5" : "1"
            if (span > 10) {
                set ytics autofreq
                set format y "10^{%T}"
            } else {
                set format y "%g"
                set ytics ()
                do for [d = floor(log10(ylo)) : ceil(log10(yhi))] {
                    do for [m in MANT] {
                        v = real(m) * 10.0**d
                        if (v >= ylo && v <= yhi) { set ytics add (sprintf("%g", v) v) }
                    }
                }
            }
        } else {
            set yrange [1 : 10]
            set label 2 "no finite loss" at graph 0.5, 0.5 center textcolor rgb "#B00000"
        }
        C1 = 2; C2 = 3; M1 = 2; M2 = 5
    } else {
        unset label 2
        unset logscale y
        set title "Accuracy" font ",13" offset 0, 0.8
        set ylabel "accuracy"
        set ytics autofreq
        set format y "%.2g"
        lo = (ACCLO == ACCLO) ? ACCLO : 0; hi = (ACCHI == ACCHI) ? ACCHI : 1
        pad = (hi - lo) * 0.08; pad = (pad < 0.01) ? 0.01 : pad
        lo = lo - pad; lo = (lo < 0) ? 0 : lo
        hi = hi + pad; hi = (hi > 1) ? 1 : hi
        set yrange [lo : hi]
        set format y ((hi - lo < 0.05) ? "%.3f" : "%.2f")
        C1 = 4; C2 = 5; M1 = 8; M2 = 11
    }
    P = ""
    if (BAND) {
        P = sprintf("$MED using 1:%d:%d with filledcurves lc rgb SC[1] notitle, ", M1 + 1, M1 + 2) \
          . sprintf("$MED using 1:%d:%d with filledcurves lc rgb SC[2] notitle, ", M2 + 1, M2 + 2) \
          . sprintf("$MED using 1:%d with lines lw 2.5 lc rgb SC[1] notitle, ", M1) \
          . sprintf("$MED using 1:%d with lines lw 2.5 dt 2 lc rgb SC[2] notitle", M2)
    } else {
        do for [s = 1 : NSEED] {
            P = P . (s > 1 ? ", " : "") \
              . sprintf("$IP index %d using 1:%d with lines lw 2 lc rgb SC[%d] notitle, ", s - 1, C1, s) \
              . sprintf("$IP index %d using 1:%d with lines lw 2 dt 2 lc rgb SC[%d] notitle", s - 1, C2, s)
        }
    }
    eval "plot " . P
    unset label 99
    unset label 100
    unset label 101
}

# the key, one row across the figure under the subtitle: a plot of key
# entries alone (a panel's key would wrap at the panel's width)
if (BAND) {
    P = "keyentry with lines lw 2.5 lc rgb SC[1] title 'training (median)', " \
      . "keyentry with filledcurves fc rgb SC[1] title 'training min..max', " \
      . "keyentry with lines lw 2.5 dt 2 lc rgb SC[2] title 'validation (median)', " \
      . "keyentry with filledcurves fc rgb SC[2] title 'validation min..max'"
} else {
    P = ""
    do for [s = 1 : NSEED] { P = P . sprintf("keyentry with lines lw 4 lc rgb SC[%d] title 'seed %d', ", s, SEEDS[s]) }
    P = P . "keyentry with lines lw 2 lc rgb C_MARK title 'training', " \
          . "keyentry with lines lw 2 dt 2 lc rgb C_MARK title 'validation'"
}
unset title
unset label 2
unset label 10
unset label 11
unset arrow 10
unset arrow 11
unset border
unset tics
unset grid
unset xlabel
unset ylabel
unset logscale y
set lmargin at screen 0.02
set rmargin at screen 0.98
set tmargin at screen 1 - (64.0 + DESCH) / H
set bmargin at screen 1 - (66.0 + DESCH) / H
set xrange [0 : 1]
set yrange [0 : 1]
set key at screen 0.5, 1 - (67.0 + DESCH) / H center top horizontal nobox font ",11" samplen 3.5 width 2 noenhanced
eval "plot " . P . ", NaN notitle"
unset multiplot
unset output
