# summary.gp -- batch-size sweep summary: three panels side by side.
#
# Usage:  gnuplot -c scripts/summary.gp SUMMARY_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   SUMMARY_CSV  bsweep per-run summary; epochs.csv must sit in the same
#                directory (columns of both are looked up by header name)
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Panels, all against batch size on a log2 x axis ticked at the actual sizes:
#   1. final validation accuracy               (summary.csv final_val_acc)
#   2. total run time, log y                   (summary.csv total_seconds)
#   3. with a declared target (run.json's analysis.target_metric, or
#      without run.json some run with an epochs_to_target): epochs to that
#      target (summary.csv epochs_to_target), the median over seeds with
#      min..max error bars, a censored run (never reached it) counted as
#      never, so the median exists only when more than half the seeds
#      reached it; a batch size without one is marked by a red cross at the
#      bottom, and "r/n" (seeds that reached it / seeds) written at the top
#      where not every seed did.
#      Without a target: epochs to reach 95% of the run's final validation
#      accuracy, summary.csv's epochs_to_95 (bsweep computes it: the first
#      epoch from which val_acc stays >= 0.95 * the last epoch's, so a
#      spike that falls back does not count), and the title says no target
#      was declared.
# With several seeds per batch size: mean over seeds with min..max error bars
# (said in the subtitle); with one seed, the single values.  Runs whose status
# is not "ok" (diverged) are also marked with a red cross.
#
# A sweep with a grid (summary.csv has a column per axis, named by the key's
# path): the figure draws each batch size's best grid point, the one in the
# best.csv beside SUMMARY_CSV (required then; it must name points of the
# summary, and epochs.csv must have the same grid columns), with its values
# beside it in the first panel (up to 24 batch sizes); the title and
# subtitle say so, and the selection metric (run.json's config.sweep.select,
# if run.json is there).  A batch size without a best point (every point
# diverged) is marked "every grid point diverged" in each panel.
#
# Aggregation is done by aggregate.awk (same directory).  On bad input (missing
# or empty file, missing column, truncated row; with a grid, a bad grid
# value, or a best.csv missing or not matching) the script prints a message
# naming the file and the problem and exits with status 1 before OUT_FILE is
# opened.

# ---------------------------------------------------------------- arguments
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

HERE = "."              # directory of this script, for lib.gp and aggregate.awk
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
EPOCHS = "epochs.csv"   # epochs.csv beside SUMMARY_CSV
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { EPOCHS = IN[1:k] . "epochs.csv"; break } }
# with a grid, also beside it: each batch size's best point, the selection
BEST = EPOCHS[1 : strlen(EPOCHS) - 10] . "best.csv"
RUNJSON = EPOCHS[1 : strlen(EPOCHS) - 10] . "run.json"

# ---------------------------------------------------------------- validate input
MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,seed,final_val_acc,total_seconds,epochs_to_95" \
             . " -v ints=batch_size,seed,epochs_to_95 -v nums=final_val_acc,total_seconds " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,seed,epoch,val_acc" \
             . " -v ints=batch_size,seed,epoch -v nums=val_acc " . sq(EPOCHS) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) {
    FAILMSG = withfile(EPOCHS, MSG) . " (needed beside the summary for its grid columns)"; eval DIE
}
# with grid columns: epochs.csv has the same, and best.csv names one of
# the summary's points per batch size
BEST = regular(BEST) ? BEST : ""
RUNJSON = regular(RUNJSON) ? RUNJSON : ""
MSG = system(AWK . " -v mode=gridcheck -v needbest=1 " . sq(IN) . " " . sq(BEST) . " " . sq(EPOCHS) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = (MSG ne "" ? MSG : IN . ": cannot check its grid columns"); eval DIE }

# Defines NB, BS[], XMIN, XMAX, NSEED_MIN/MAX, NRUN_TOTAL, NDIV_TOTAL,
# the ranges and the datablocks $SUM and $DIV (see aggregate.awk); with
# grid columns (the runs then those of each batch size's best point) also
# NGRID > 0, NNOBEST, SELECT, GKEYS and BL[] NOBEST[] ACCM[].
NGRID = 0
TARGET = 0
load "< " . AWK . " -v mode=summary " . sq(IN) . " " . sq(EPOCHS) . " " . sq(BEST) . " " . sq(RUNJSON)

# A quantity without a single usable value (every run diverged early, say)
# gets an empty panel that says so, rather than no figure at all.
if (TARGET) { E_LO = TE_LO; E_HI = TE_HI }
array NOVAL[3] = [ACC_LO != ACC_LO, T_LO != T_LO, E_LO != E_LO]
if (NOVAL[1]) { ACC_LO = 0; ACC_HI = 1 }
if (NOVAL[2]) { T_LO = 1e-3; T_HI = 1 }
if (NOVAL[3]) { E_LO = 1; E_HI = 1 }

# ---------------------------------------------------------------- geometry (pixels)
W = 1800; HEAD = 100 + DESCH; PH = 560; H = HEAD + PH
NP = 3; PW = W / NP
ML = 92; MR = 30; MT = 44; MB = 70

MULTI = (NSEED_MAX > 1)
NSEEDSTR = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
FIGTITLE = "Batch-size sweep summary" . (DATASET ne "" ? "  -  " . DATASET : "")
SUBTITLE = MULTI ? sprintf("mean over %s seeds per batch size, error bars = min..max", NSEEDSTR) \
                 : "one seed per batch size"
if (TARGET && MULTI) { SUBTITLE = SUBTITLE . " (epochs to target: the median, censored runs counted as never)" }
if (TARGET && NTCENS > 0) {
    SUBTITLE = SUBTITLE . sprintf(";  %d batch size%s censored (x: most seeds never reached the target)", NTCENS, NTCENS > 1 ? "s" : "")
}
if (NDIV_TOTAL > 0) {
    SUBTITLE = SUBTITLE . (NDIV_TOTAL == NRUN_TOTAL ? sprintf(";  all %d runs diverged", NRUN_TOTAL) : \
        sprintf(";  %d of %d runs diverged, left out of the %s", NDIV_TOTAL, NRUN_TOTAL, MULTI ? "means" : "lines"))
}
C_MAIN = "#D55E00"      # validation-derived quantities (same colour as curves.gp)
C_TIME = "#0072B2"
C_DIV  = "#B00000"

# a grid: what is drawn is each batch size's best point (best.csv), its
# values written beside it in the first panel; a batch size without one
# (every point diverged) says so in each panel
if (NGRID > 0) {
    FIGTITLE = "Batch-size sweep summary, the best " . GKEYS . " per batch size" \
               . (DATASET ne "" ? "  -  " . DATASET : "")
    SUBTITLE = "each batch size's best grid point (best.csv, " . (SELECT ne "" ? "by " . SELECT : "by the selection") \
               . (NB <= 24 ? "; its " . GKEYS . " beside it" : "") . "):  " . SUBTITLE \
               . (NNOBEST > 0 ? sprintf(";  %d batch size%s without a best point", NNOBEST, NNOBEST > 1 ? "s" : "") : "")
    do for [i = 1 : NB] {
        if (NOBEST[i]) {
            set label (1000 + i) "every grid point diverged" at first BS[i], graph 0.5 center rotate by 90 \
                front font ",10" textcolor rgb C_DIV
        }
    }
}

# nothing at all to draw (a grid, and no batch size with a best point)
EMPTYPLOT = (NGRID > 0 && NRUN_TOTAL == 0)

# the values are drawn times SC (1; the time panel's seconds to its unit)
SC = 1
# plot clause marking diverged runs (column c of $DIV); empty if there are none
DIVCLAUSE(c, t) = (NDIV_TOTAL > 0) ? \
    sprintf(", $DIV using 1:($%d*SC) with points pt 2 ps 2 lw 2 lc rgb C_DIV %s", c, t) : ""
# mean with min..max error bars, or single values
SERIES(c, colour) = MULTI ? \
    sprintf("$SUM using 1:($%d*SC):($%d*SC):($%d*SC) with yerrorlines lw 2 pt 7 lc rgb '%s' notitle", c, c+1, c+2, colour) : \
    sprintf("$SUM using 1:($%d*SC) with linespoints lw 2 pt 7 lc rgb '%s' notitle", c, colour)

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
set xrange [XMIN:XMAX]
# a tic at every batch size, unless there are too many to label
if (NB <= 24) {
    set xtics ()
    do for [i = 1 : NB] { set xtics add (sprintf("%d", BS[i]) BS[i]) }
} else {
    set xtics autofreq
}
set xlabel "batch size (log scale, base 2)" offset 0, 0.3
set bars 1.5
set pointsize 1.3

set multiplot

set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
if (NDIV_TOTAL > 0) {
    set key at screen 0.5, 1 - (64.0 + DESCH) / H center top horizontal noautotitle nobox font ",11" samplen 1
} else {
    unset key
}

do for [i = 1 : NP] {
    x0 = (i - 1) * PW
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (H - HEAD - MT) / real(H)
    set bmargin at screen (MB) / real(H)
    if (NOVAL[i]) {
        set label 2 ((i == 3 && TARGET) ? "no run reached the target" : "no usable value (all runs diverged?)") \
            at graph 0.5, 0.5 center textcolor rgb C_DIV
    } else {
        unset label 2
    }

    if (i == 1) {
        set title "Final validation accuracy" font ",13"
        set ylabel "validation accuracy"
        set format y ((ACC_HI - ACC_LO < 0.05) ? "%.3f" : "%.2f")
        pad = (ACC_HI - ACC_LO) * 0.1; pad = (pad < 0.01) ? 0.01 : pad
        yhi = ACC_HI + pad; yhi = (yhi > 1.0) ? ((ACC_HI > 1.0 ? ACC_HI : 1.0) + 0.01) : yhi
        set yrange [ACC_LO - pad : yhi]
        P = SERIES(2, C_MAIN) . DIVCLAUSE(2, "title \"diverged run\"")
        if (NGRID > 0 && NB <= 24) {
            do for [j = 1 : NB] {
                if (ACCM[j] == ACCM[j]) {
                    set label (2000 + j) BL[j] at first BS[j], first ACCM[j] offset 0.8, -0.2 left \
                        front font ",9" textcolor rgb "#444444" noenhanced
                }
            }
        }
        eval "plot " . (EMPTYPLOT ? "NaN notitle" : P)
        unset label 99
        unset label 100
        unset label 101
        unset key
        if (NGRID > 0) { do for [j = 1 : NB] { unset label (2000 + j) } }
    }
    if (i == 2) {
        set title "Total run time (training + evaluation)" font ",13"
        SC = TSCALE(T_LO)
        set ylabel "time (" . TUNIT(T_LO) . ", log scale)"
        set logscale y
        set format y "%g"
        ylo = T_LO * SC / 1.4; yhi = T_HI * SC * 1.4
        set yrange [ylo : yhi]
        # log ticks at 1-2-5 x 10^k; denser for narrow ranges, sparser for wide ones
        span = log10(yhi / ylo)
        MANT = (span < 0.4) ? "1 1.2 1.4 1.6 1.8 2 2.5 3 3.5 4 5 6 7 8 9" : (span < 0.6) ? "1 1.5 2 3 4 5 6 7 8" : (span < 1.5) ? "1 1.5 2 3 5 7" : (span <= 4) ? "1 2 5" : "1"
        if (span > 10) {
            set ytics autofreq
            set format y "10^{%T}"
        } else {
            set ytics ()
            do for [d = floor(log10(ylo)) : ceil(log10(yhi))] {
                do for [m in MANT] {
                    v = real(m) * 10.0**d
                    if (v >= ylo && v <= yhi) { set ytics add (sprintf("%g", v) v) }
                }
            }
        }
        P = SERIES(5, C_TIME) . DIVCLAUSE(3, "notitle")
        eval "plot " . (EMPTYPLOT ? "NaN notitle" : P)
        SC = 1
        unset logscale y
        set ytics autofreq
    }
    if (i == 3 && TARGET) {
        set title "Epochs to the target " . TGTTXT font ",13" noenhanced
        set ylabel "epochs"
        set format y "%g"
        yhi = E_HI * 1.15; yhi = (yhi < E_HI + 1) ? E_HI + 1 : yhi
        set yrange [0 : yhi]
        YC = yhi * 0.03; YL = yhi * 0.97
        P = "$TGT using 1:2:3:4 with yerrorbars lw 2 pt 7 lc rgb C_MAIN notitle, " \
            . "$TGT using 1:2 with lines lw 2 lc rgb C_MAIN notitle, " \
            . "$TGT using 1:(YL):(($5 < $6) ? sprintf('%d/%d', $5, $6) : '') with labels font ',9' textcolor rgb '#444444' notitle"
        P = P . (NTCENS > 0 ? ", $TCENS using 1:(YC) with points pt 2 ps 2 lw 2 lc rgb C_DIV notitle" : "")
        eval "plot " . (EMPTYPLOT ? "NaN notitle" : P)
    }
    if (i == 3 && !TARGET) {
        set title "Epochs until val acc stays ≥ 95 % of its final value (no target declared)" font ",13"
        set ylabel "epochs"
        set format y "%g"
        yhi = E_HI * 1.1; yhi = (yhi < E_HI + 1) ? E_HI + 1 : yhi
        set yrange [0 : yhi]
        P = SERIES(8, C_MAIN) . DIVCLAUSE(4, "notitle")
        eval "plot " . (EMPTYPLOT ? "NaN notitle" : P)
    }
}

unset multiplot
unset output
