# curves.gp -- learning-curve grid: one panel per batch size.
#
# Usage:  gnuplot -c scripts/curves.gp EPOCHS_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   EPOCHS_CSV  bsweep per-epoch metrics (columns are looked up by header name)
#   OUT_FILE    image to write (written only after the input has been validated)
#   FORMAT      png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Draws train and validation accuracy against epoch, one panel per batch size
# in the order the batch sizes first appear in the CSV: 2 columns x ceil(n/2)
# rows (the classic 4x2 grid for 8 batch sizes; a single panel for 1).  All
# panels share the y range.  Panel titles give batch size, optimizer steps per
# epoch (steps at epoch 1) and the run time (mean over seeds of the run's final
# elapsed_seconds).  With several seeds per batch size each series is drawn as
# the mean over seeds plus a shaded min..max band; with one seed, plain lines.
# One legend for the whole figure, at the top.
#
# Diverged runs (a non-finite loss, or status not "ok" in the summary.csv
# beside EPOCHS_CSV, if there is one) are left out of the mean and drawn in
# red on their own, train solid and validation dashed, as far as their values
# are finite, with a red x at the top of the panel at the epoch they diverged;
# a red note says how many runs diverged.  A sweep in which every run
# diverged is drawn all the same.
#
# At most MAXP = 64 panels (a PNG cannot be much taller than 88 rows): with
# more batch sizes, 64 of them evenly spaced from the first to the last get a
# panel, and the figure says "64 of N batch sizes shown" (summary.gp draws
# them all).
#
# loss.gp sets METRIC = "loss" and loads this file: train_loss / val_loss on
# a log y axis instead (non-finite and non-positive values are skipped).
#
# A sweep with a grid (sweep.grid: a column per axis after batch_size, named
# by the key's path, e.g. train.learning_rate): still one panel per batch
# size, now with one line per grid point -- its validation metric, mean over
# the seeds that did not diverge, in the point's colour; a legend at the top
# names the points ("learning_rate = 0.01, momentum = 0.9": each key's last
# component, or its path when two axes end the same way).  The best point
# of each batch size (the best.csv beside EPOCHS_CSV, if it is there) is
# drawn thick, with its min..max band over the seeds, and named under the
# panel title ("no best point" when every point diverged); the selection
# metric is read from the run.json there.  A diverged run is dashed in its
# point's colour, with an x where it diverged.  With more than MAXG = 8
# points, each panel draws its best point alone (train and validation, as
# without a grid); without best.csv, the first 8; the figure says so.  A
# best.csv that names a point epochs.csv lacks, or has other grid columns,
# is an error.  Without a grid, the figure is what it always was, byte for
# byte.
#
# Aggregation is done by aggregate.awk (same directory), which prints gnuplot
# variables and datablocks that are `load`ed below; no byte of a path or of
# the CSV becomes gnuplot code (see lib.gp).  On bad input (missing or empty
# file, missing column, truncated row, a value that is not a number, a grid
# value that is not a number, true, false or a name, a best.csv that does
# not match) the script prints a message naming the file and the problem
# and exits with status 1 before OUT_FILE is opened.

if (!exists("METRIC")) METRIC = "acc"
MAXP = 64
MAXG = 8

# ---------------------------------------------------------------- arguments
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

if (METRIC eq "loss") {
    Y1 = "train_loss"; Y2 = "val_loss"; YLABEL = "loss (log scale)"; WHAT = "loss"; LOGY = 1
} else {
    Y1 = "train_acc";  Y2 = "val_acc";  YLABEL = "accuracy";         WHAT = "accuracy"; LOGY = 0
}

HERE = "."              # directory of this script, for lib.gp and aggregate.awk
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
# the subtitle (lib.gp): the 4th argument, or loss.gp's DESC
if (!exists("DESC")) { DESC = (ARGC >= 4) ? ARG4 : "" }
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
SUMMARY = "summary.csv"  # beside EPOCHS_CSV: the runs' status, if it is there
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { SUMMARY = IN[1:k] . "summary.csv"; break } }
# with a grid, also beside it: each batch size's best point, the selection
BEST = SUMMARY[1 : strlen(SUMMARY) - 11] . "best.csv"
RUNJSON = SUMMARY[1 : strlen(SUMMARY) - 11] . "run.json"

# ---------------------------------------------------------------- validate input
NEED = "batch_size,seed,epoch,steps,elapsed_seconds," . Y1 . "," . Y2
MSG = system(AWK . " -v mode=check -v grid=1 -v need=" . NEED . " -v ints=batch_size,seed,epoch,steps" \
             . " -v nums=elapsed_seconds,train_loss,val_loss," . Y1 . "," . Y2 . " " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) {
    FAILMSG = withfile(IN, MSG); eval DIE
}
SUMMARY = regular(SUMMARY) ? SUMMARY : ""
BEST = regular(BEST) ? BEST : ""
RUNJSON = regular(RUNJSON) ? RUNJSON : ""
MSG = system(AWK . " -v mode=gridcheck " . sq(IN) . " " . sq(BEST) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) {
    FAILMSG = (MSG ne "" ? MSG : IN . ": cannot check its grid columns"); eval DIE
}

# Defines NB, NB_ALL, NRUN_ALL, NDIV_ALL, BS[] SPE[] TSTR[] NSEED[] NDIV[]
# HASOK[], NSEED_MIN/MAX, SEEDLIST, EMAX, YMIN, YMAX, YMAX_E1 and the
# datablocks $AGG, $DIVR, $DIVX (see aggregate.awk); with grid columns
# also NGRID > 0 and what the grid section below reads.
NGRID = 0
load "< " . AWK . " -v mode=curves -v y1=" . Y1 . " -v y2=" . Y2 . " -v logy=" . LOGY \
     . " -v maxp=" . MAXP . " -v maxg=" . MAXG . " " . sq(IN) . " " . sq(SUMMARY) \
     . " " . sq(BEST) . " " . sq(RUNJSON)

# ---------------------------------------------------------------- notes
NOTE = ""
if (YMIN != YMIN || YMAX != YMAX) {
    NOTE = sprintf("no finite %s value to draw", WHAT)
}
if (NDIV_ALL > 0) {
    NOTE = NOTE . (NOTE ne "" ? ";  " : "") . (NDIV_ALL == NRUN_ALL ? \
        sprintf("all %d runs diverged", NRUN_ALL) : sprintf("%d of %d runs diverged", NDIV_ALL, NRUN_ALL)) \
        . " (red; x = epoch of divergence)"
}
if (NB < NB_ALL) {
    NOTE = NOTE . (NOTE ne "" ? ";  " : "") \
        . sprintf("%d of %d batch sizes shown, evenly spaced from the first to the last", NB, NB_ALL)
}

# ---------------------------------------------------------------- a grid
# epochs.csv has a column per grid axis (sweep.grid): one line per grid
# point in each panel, its validation metric in its colour, the panel's
# best point (best.csv) thicker, with its band over the seeds and named in
# the panel; diverged runs dashed in their point's colour.  With more than
# MAXG points, each panel draws its best point alone, as the figure
# without a grid draws a batch size (GMODE "best"; "first": the first MAXG
# points, when there is no best.csv).  Below, the sections above and after
# this one are those of the figure without a grid; each ends with the
# grid's changes.
KEYH = 0                                     # legend rows beyond two (pixels)
if (NGRID > 0) {
    BYSEL = (SELECT ne "") ? "by " . SELECT : "by the selection"
    NOTE = (YMIN != YMIN || YMAX != YMAX) ? sprintf("no finite %s value to draw", WHAT) : ""
    if (NDIV_GRID > 0) {
        NOTE = NOTE . (NOTE ne "" ? ";  " : "") . (NDIV_GRID == NRUN_GRID ? \
            sprintf("all %d runs diverged", NRUN_GRID) : sprintf("%d of %d runs diverged", NDIV_GRID, NRUN_GRID)) \
            . (GMODE ne "best" ? " (dashed; x = epoch of divergence)" : \
               (NDIV_ALL > 0 ? " (those of the best points in red; x = epoch of divergence)" : ""))
    }
    if (GMODE eq "best") {
        NOTE = NOTE . (NOTE ne "" ? ";  " : "") \
            . sprintf("%d grid points: each batch size's best alone (best.csv, %s)", NPT, BYSEL)
    }
    if (GMODE eq "first") {
        NOTE = NOTE . (NOTE ne "" ? ";  " : "") \
            . sprintf("%d grid points and no best.csv: the first %d alone", NPT, NSHOW)
    }
    if (GMODE eq "all" && !HAVEBEST) {
        NOTE = NOTE . (NOTE ne "" ? ";  " : "") . "no best.csv beside epochs.csv: the best points are not marked"
    }
    if (NB < NB_ALL) {
        NOTE = NOTE . (NOTE ne "" ? ";  " : "") \
            . sprintf("%d of %d batch sizes shown, evenly spaced from the first to the last", NB, NB_ALL)
    }
    # a point's colour, in config order (lib.gp's)
    array PCOL[MAXG]
    do for [k = 1 : MAXG] { PCOL[k] = GRIDCOL[k] }
    C_GKEY = "#555555"
    BESTKEY = "thick: the best" . (SELECT ne "" ? ", " . SELECT : "")
    GNS = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
    GKEYTITLE = sprintf("validation %s, ", WHAT) . ((NSEED_MAX > 1) ? \
        sprintf("mean over %s seeds", GNS) . (NDIV_ALL > 0 ? " that did not diverge" : "") : "seed " . SEEDLIST)
    # the legend: the points, then what thick, band and dashed mean
    GLEGEND = ""; KN = 0; LMAX = strlen(BESTKEY)
    do for [p = 1 : NSHOW] {
        GLEGEND = GLEGEND . sprintf("keyentry with lines lw 2 lc rgb PCOL[%d] title PLABEL[%d], ", p, p)
        KN = KN + 1; LMAX = (strlen(PLABEL[p]) > LMAX) ? strlen(PLABEL[p]) : LMAX
    }
    if (HAVEBEST) {
        GLEGEND = GLEGEND . "keyentry with lines lw 4 lc rgb C_GKEY title BESTKEY, "; KN = KN + 1
    }
    if (HAVEBEST && NSEED_MAX > 1 && NDIV_ALL < NRUN_ALL) {
        GLEGEND = GLEGEND . "keyentry with filledcurves fc rgb C_GKEY title 'band: its min..max', "; KN = KN + 1
    }
    if (NDIV_ALL > 0) {
        GLEGEND = GLEGEND . "keyentry with lines lw 1.2 dt 2 lc rgb C_GKEY title 'dashed: diverged run', "; KN = KN + 1
    }
    GLEGEND = GLEGEND[1 : strlen(GLEGEND) - 2]
    # columns: as many as fit (at most 4), with a character taken as 10.5
    # pixels, more than gnuplot takes, so that the rows are never more
    # than counted here
    GKEYCOLS = int(0.96 * ((NB == 1) ? 1200 : 1400) / ((LMAX + 6.5) * 10.5))
    GKEYCOLS = (GKEYCOLS < 1) ? 1 : ((GKEYCOLS > 4) ? 4 : GKEYCOLS)
    GKEYCOLS = (GKEYCOLS > KN) ? KN : GKEYCOLS
    if (GMODE ne "best") {
        KROWS = (KN + GKEYCOLS - 1) / GKEYCOLS
        KEYH = (KROWS > 2) ? (KROWS - 2) * 22 : 0
    }
}

# ---------------------------------------------------------------- geometry (pixels)
NCOL  = (NB == 1) ? 1 : 2
NROW  = (NB + NCOL - 1) / NCOL               # integer division = ceil(NB/NCOL)
W     = (NB == 1) ? 1200 : 1400
PH    = (NB == 1) ? 640 : (NROW <= 2 ? 400 : 370)   # height of one panel row
NOTEH = (NOTE eq "") ? 0 : 24                # height of the note line
HEAD  = 120 + DESCH + NOTEH + KEYH           # figure title (+ description) (+ note) + legend
FOOT  = 0
H     = HEAD + NROW * PH + FOOT
PW    = W / NCOL
ML = 88; MR = 34; MT = 40; MB = 62           # margins inside one cell
if (NGRID > 0 && HAVEBEST) { MT = 58 }       # the best point named under the title

# ---------------------------------------------------------------- y range
if (YMIN != YMIN || YMAX != YMAX) {
    ylo = LOGY ? 0.1 : 0; yhi = LOGY ? 10 : 1.015
} else {
    if (LOGY) {
        ylo = YMIN / 1.25; yhi = YMAX * 1.25
        # A diverging run must not squash every panel: cap the shared range at
        # 10x the largest epoch-1 loss (the blow-up then leaves through the top).
        if (YMAX_E1 == YMAX_E1 && yhi > 10 * YMAX_E1) { yhi = 10 * YMAX_E1 }
        if (yhi <= ylo) { yhi = ylo * 10 }
    } else {
        ylo = floor(YMIN * 10) / 10.0
        yhi = (YMAX > 0.9) ? 1.0 : ceil(YMAX * 10) / 10.0
        if (yhi <= ylo) { yhi = ylo + 0.1 }
        yhi = yhi + 0.015 * (yhi - ylo)          # keep a curve at 1.0 off the edge
    }
}
# height of the divergence marks: just under the top of the panel
YMARK = LOGY ? yhi / (yhi / ylo) ** 0.04 : yhi - 0.04 * (yhi - ylo)

# ---------------------------------------------------------------- titles, legend
MULTI = (NSEED_MAX > 1)
ANYOK = (NDIV_ALL < NRUN_ALL)                # a run that did not diverge: a mean to draw
NSEEDSTR = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
if (MULTI) {
    SUB = sprintf("%s seeds", NSEEDSTR)
    KEYTITLE = !ANYOK ? "" : \
               sprintf("mean, band = min..max over %s seeds", NSEEDSTR) . (NDIV_ALL > 0 ? " that did not diverge" : "")
} else {
    SUB = "seed " . SEEDLIST
    KEYTITLE = ""
}
FIGTITLE = sprintf("Training and validation %s by batch size%s   (%s)", WHAT, \
                   DATASET ne "" ? "  -  " . DATASET : "", SUB)

C_TRAIN = "#0072B2"       # blue
C_VAL   = "#D55E00"       # vermillion
C_DIV   = "#B00000"

# ---------------------------------------------------------------- plot clauses
# Built from fixed text only; the panel index is the variable i, read when
# the clause is evaluated.  Short runs: the points are marked.
WITH = (EMAX <= 20) ? "linespoints pt 7 ps 0.7" : "lines"
A = "$AGG index (i - 1) using "
BANDS = A . "1:3:4 with filledcurves fc rgb C_TRAIN notitle, " \
      . A . "1:6:7 with filledcurves fc rgb C_VAL notitle"
MEANS = A . "1:2 with " . WITH . " lw 2 lc rgb C_TRAIN notitle, " \
      . A . "1:5 with " . WITH . " lw 2 lc rgb C_VAL notitle"
DIVERGED = "$DIVR index (i - 1) using 1:2 with " . WITH . " lw 1.5 lc rgb C_DIV notitle, " \
         . "$DIVR index (i - 1) using 1:3 with " . WITH . " lw 1.5 dt 2 lc rgb C_DIV notitle, " \
         . "$DIVX index (i - 1) using 1:(YMARK) with points pt 2 ps 1.6 lw 2 lc rgb C_DIV notitle"
# the legend, drawn with the first panel
# (every entry is a keyentry, so that it does not depend on what panel 1
# holds): train and validation, then their bands, then diverged runs
KEYS = (ANYOK ? "keyentry with lines lw 2 lc rgb C_TRAIN title 'train', " \
              . (MULTI ? "keyentry with filledcurves fc rgb C_TRAIN title 'train min..max', " : "") \
              . "keyentry with lines lw 2 lc rgb C_VAL title 'validation', " \
              . (MULTI ? "keyentry with filledcurves fc rgb C_VAL title 'validation min..max', " : "") : "") \
     . (NDIV_ALL > 0 ? "keyentry with lines lw 1.5 lc rgb C_DIV title 'diverged: train', " \
                     . "keyentry with lines lw 1.5 dt 2 lc rgb C_DIV title 'diverged: validation', " : "")
KEYS = KEYS[1 : strlen(KEYS) - 2]
KEYCOLS = (ANYOK ? 2 : 0) + (NDIV_ALL > 0 ? 1 : 0)
if (NGRID > 0) {
    if (GMODE eq "best") {
        FIGTITLE = sprintf("Training and validation %s at the best %s of each batch size%s   (%s)", WHAT, \
                           GKEYS, DATASET ne "" ? "  -  " . DATASET : "", SUB)
    } else {
        FIGTITLE = sprintf("Validation %s by batch size and %s%s   (%s)", WHAT, \
                           GKEYS, DATASET ne "" ? "  -  " . DATASET : "", SUB)
        KEYS = GLEGEND; KEYCOLS = GKEYCOLS; KEYTITLE = GKEYTITLE
    }
    if (KEYS eq "") { KEYS = "NaN notitle"; KEYCOLS = 1 }
}

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
set style fill transparent solid 0.22 noborder

set multiplot

# Figure title, note and the one legend, in a plot of their own as wide as
# the figure (a key is laid out within the width of its plot).
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
if (NOTE ne "") {
    set label 101 NOTE at screen 0.5, 1 - (50.0 + DESCH) / H center font ",12" textcolor rgb C_DIV noenhanced
}
set key at screen 0.5, 1 - (46.0 + DESCH + NOTEH) / H center top horizontal maxcols KEYCOLS samplen 3.5 spacing 1.3 \
    width 3 noautotitle nobox font ",12"
if (KEYTITLE ne "") { set key title KEYTITLE font ",11" textcolor rgb "#444444" }
if (NGRID > 0) { set key noenhanced width 1 }   # names such as learning_rate
set border 0
unset xtics; unset ytics
set lmargin at screen 0.02; set rmargin at screen 0.98
set tmargin at screen 1 - 2.0 / H; set bmargin at screen 1 - (HEAD - 2.0) / H
set xrange [0:1]; set yrange [0:1]
eval "plot NaN notitle, " . KEYS
unset label 99; unset label 100; unset label 101; unset key
set xtics; set ytics          # back on, for `set tics` below to reach them

set border 3 lw 1 lc rgb "#333333"
set tics nomirror out scale 0.6 textcolor rgb "#222222"
set style line 100 lc rgb "#dcdcdc" lw 1 dt solid
set grid xtics ytics back ls 100, ls 100
# short runs: start at epoch 1 and mark the points
if (EMAX <= 20) {
    set xrange [(EMAX == 1 ? 0.5 : 1) : (EMAX == 1 ? 1.5 : EMAX)]
    xstep = (EMAX <= 10) ? 1 : 2
    set xtics xstep
} else {
    set xrange [0:EMAX]
    set xtics autofreq
}
set yrange [ylo:yhi]
set xlabel "epoch" offset 0, 0.4
set ylabel YLABEL offset 1.0, 0
if (LOGY) {
    set logscale y
    set format y "%g"
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
} else {
    set ytics 0.1
    set format y "%.1f"
}

if (NGRID > 0) { set style textbox opaque noborder margins 2, 1 }   # the panels' labels

do for [i = 1 : NB] {
    r = (i - 1) / NCOL
    c = (i - 1) % NCOL
    x0 = c * PW
    yt = H - HEAD - r * PH                      # top of this cell
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (yt - MT) / real(H)
    set bmargin at screen (yt - PH + MB) / real(H)

    set title sprintf("batch = %d   steps/epoch = %s   time = %s", BS[i], \
                      SPE[i] < 0 ? "?" : sprintf("%d", SPE[i]), TSTR[i]) \
        font ",13" offset 0, -0.5 noenhanced
    if (NDIV[i] > 0) {
        set label 1 sprintf("%d of %d run%s diverged", NDIV[i], NSEED[i], NSEED[i] > 1 ? "s" : "") \
            at graph 0.98, (LOGY ? 0.88 : 0.06) right front textcolor rgb C_DIV font ",11"
    } else {
        unset label 1
    }

    CLAUSES = (HASOK[i] ? (MULTI ? BANDS . ", " : "") . MEANS : "") \
            . (NDIV[i] > 0 ? (HASOK[i] ? ", " : "") . DIVERGED : "")
    if (CLAUSES eq "") { CLAUSES = "NaN notitle" }
    if (NGRID > 0) {
        # the panel's best point named, the count of diverged runs under it
        if (HAVEBEST) {
            set title offset 0, 0.5
            set label 2 (BESTP[i] > 0 ? "best: " . PLABEL[BESTP[i]] : "no best point: every grid point diverged") \
                at graph 0.5, 1 offset 0, 0.75 center front font ",11" noenhanced \
                textcolor rgb (BESTP[i] == 0 ? C_DIV : (GMODE eq "best" ? C_VAL : PCOL[BESTP[i]]))
        } else {
            unset label 2
        }
        if (NDIV[i] > 0) { set label 1 boxed }
        # one line per point (slots (i-1)*NSHOW+1 ... of the datablocks);
        # the best drawn last, thick, with its band
        if (GMODE ne "best") {
            GCL = ""
            do for [pass = 1 : 2] {
                do for [sl = 1 : NSHOW] {
                    k = (i - 1) * NSHOW + sl; p = SP[k]; isbest = (p > 0 && p == BESTP[i])
                    if (p > 0 && (pass == 2) == isbest) {
                        if (SOK[k] && isbest && MULTI) {
                            GCL = GCL . sprintf("$AGG index %d using 1:6:7 with filledcurves fc rgb PCOL[%d] notitle, ", k - 1, p)
                        }
                        if (SOK[k]) {
                            GCL = GCL . sprintf("$AGG index %d using 1:5 with lines lw %g lc rgb PCOL[%d] notitle, ", \
                                                k - 1, isbest ? 4 : 1.6, p)
                        }
                        if (SDIVF[k]) {
                            GCL = GCL . sprintf("$DIVR index %d using 1:3 with lines lw 1.2 dt 2 lc rgb PCOL[%d] notitle, ", k - 1, p)
                        }
                        if (SDIV[k] > 0) {
                            GCL = GCL . sprintf("$DIVX index %d using 1:(YMARK) with points pt 2 ps 1.4 lw 2 lc rgb PCOL[%d] notitle, ", k - 1, p)
                        }
                    }
                }
            }
            CLAUSES = (GCL eq "") ? "NaN notitle" : GCL[1 : strlen(GCL) - 2]
        }
    }
    eval "plot " . CLAUSES
}

unset multiplot
unset output
