# scaling.gp -- steps, examples and time to the sweep's target against
# batch size: three log-log panels side by side.
#
# Usage:  gnuplot -c scripts/scaling.gp SCALING_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   SCALING_CSV  bsweep's scaling.csv (written when the config has
#                analysis.target); run.json beside it gives the fit
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Panels, against batch size on a log2 x axis ticked at the actual sizes:
#   1. steps to target: median over seeds, min..max error bars; the fitted
#      S(B) = S_min (1 + B_crit / B) (run.json analysis.fit; B is the
#      effective batch size min(B, n_train), as in the fit), dashed at
#      B_crit's 95 % bootstrap bounds with S_min held (a cheap picture of
#      the interval, not the bootstrap's own band); perfect scaling, S ~ 1/B
#      through the smallest batch size with a median; B_crit, its interval
#      and "degenerate" written in the panel.
#   2. examples to target, the fitted E(B) = S(B) B, and perfect scaling
#      (constant examples).
#   3. time to target (training time only, scaling.csv's medians), in ms
#      or s (lib.gp's TUNIT).
# A batch size without a median (more than half its seeds never reached the
# target: censored) is marked by a red cross at the bottom of each panel.
# With a grid of at most 8 points, every point in its own colour (named in
# the key under the subtitle), each with its own fit (run.json's
# analysis.fits, the k-th the k-th point's) and B_crit written in the
# first panel; perfect scaling and the interval's curves are left out
# then, as too many lines.  With more points, only the first grid point
# (run.json's first fit is that point's), which the subtitle names.
#
# Aggregation is done by aggregate.awk (mode=scaling).  On bad input (missing
# or empty file, missing column, a value that is not a number) the script
# prints a message naming the file and the problem and exits with status 1
# before OUT_FILE is opened.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s SCALING_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "SCALING_CSV and OUT_FILE must not be empty" }

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

MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,steps_to_target_median" \
             . " -v ints=batch_size " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MAXG = 8
MSG = system(AWK . " -v mode=scaling -v maxg=" . MAXG . " " . sq(IN) . " " . sq(RUNJSON) . " 2>&1 >/dev/null")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
load "< " . AWK . " -v mode=scaling -v maxg=" . MAXG . " " . sq(IN) . " " . sq(RUNJSON)
MULTI = (NSER > 1)

# ---------------------------------------------------------------- geometry (pixels)
W = 1800; HEAD = 100 + DESCH; PH = 560; H = HEAD + PH
NP = 3; PW = W / NP
ML = 92; MR = 30; MT = 44; MB = 70
C_MAIN = "#D55E00"; C_FIT = "#0072B2"; C_PERF = "#777777"; C_CENS = "#B00000"

FIGTITLE = "Steps, examples and time to the target" . (DATASET ne "" ? "  -  " . DATASET : "")
SUBTITLE = "median over seeds, error bars = min..max of the seeds that reached it"
if (NGRID > 0 && !MULTI) { SUBTITLE = SUBTITLE . sprintf(";  grid point 1 of %d: ", NPOINTS) . GPOINT }
if (MULTI) {
    SUBTITLE = SUBTITLE . sprintf(";  one colour per grid point (%d): solid its fit S_min (1 + B_crit / B), dotted joins its medians", NSER)
}
if (NCENS > 0) {
    SUBTITLE = SUBTITLE . sprintf(";  %d batch size%s censored (x: most seeds never reached the target)", \
                                  NCENS, NCENS > 1 ? "s" : "")
}

BEFF(b) = (NTRAIN > 0 && b > NTRAIN) ? NTRAIN : b
SFIT(b, bc) = S_MIN * (1 + bc / BEFF(b))
SFITS(b, s) = SMINA[s] * (1 + BCA[s] / BEFF(b))
BAND = FIT && B_LO == B_LO && B_HI == B_HI && (B_LO != B_CRIT || B_HI != B_CRIT)
FITTXT = FIT ? sprintf("B_crit = %.3g", B_CRIT) . (B_LO == B_LO && B_HI == B_HI ? \
               sprintf("  [95%% CI %.3g, %.3g]", B_LO, B_HI) : "") . sprintf("\nS_min = %.4g steps", S_MIN) \
               . (DEGEN ? "\ndegenerate fit (see run.json)" : "") : "no fit (see run.json)"

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
if (NB <= 24) {
    set xtics ()
    do for [i = 1 : NB] { set xtics add (sprintf("%d", BS[i]) BS[i]) }
} else {
    set xtics autofreq
}
set xlabel "batch size (log scale, base 2)" offset 0, 0.3
set bars 1.5
set pointsize 1.3
set samples 200
set key top right nobox opaque font ",10" samplen 2 noenhanced
# a grid point's colour (lib.gp's, as curves.gp's)
PCOL(s) = sprintf("lc rgb '%s'", GRIDCOL[s])
# and its offset along x, so that the error bars stay apart
XOFF(s) = 2 ** ((s - (NSER + 1) / 2.0) * 0.06)

set multiplot
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced

array LO[3] = [SLO, ELO, TLO]
array HI[3] = [SHI, EHI, THI]
CENSCLAUSE = (NCENS > 0) ? ", $CENS using 1:(YCENS) with points pt 2 ps 2 lw 2 lc rgb C_CENS title 'censored'" : ""
# the values are drawn times TK: 1, or the time panel's seconds to its unit
TK = 1
SERIES(c, t) = sprintf("$SC using 1:($%d*TK):($%d*TK):($%d*TK) with yerrorbars pt 7 lw 2 lc rgb C_MAIN title '%s'", c, c+1, c+2, t)
# MULTIPLOT: with a grid, set C (column of $SC) and E (the fit's curve:
# 0 none, 1 steps, 2 examples), then `eval MULTIPLOT`: each point's medians with min..max error bars,
# joined by a dotted line, its fit, its censored batch sizes as crosses,
# all in its colour; the points are named in the first panel, in their
# colours, with their B_crit, and there is no key
MULTIPLOT = 'P = ""; do for [s = 1 : NSER] { P = P . (s > 1 ? ", " : "") . sprintf("$SC index %d using ($1 * %.6f):($%d*TK):($%d*TK):($%d*TK) with yerrorbars pt 7 ps 1.1 lw 1.6 %s notitle", s - 1, XOFF(s), C, C + 1, C + 2, PCOL(s)) . sprintf(", $SC index %d using ($1 * %.6f):($%d*TK) with lines lw 1 dt 3 %s notitle", s - 1, XOFF(s), C, PCOL(s)) . ((E > 0 && FITA[s]) ? sprintf(", SFITS(x, %d) * (%d == 2 ? BEFF(x) : 1) with lines lw 2 %s notitle", s, E, PCOL(s)) : "") . ((NCENS > 0) ? sprintf(", $CENS index %d using 1:(YCENS) with points pt 2 ps 1.8 lw 2 %s notitle", s - 1, PCOL(s)) : "") }; eval "plot " . P'

do for [i = 1 : NP] {
    x0 = (i - 1) * PW
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + PW - MR) / real(W)
    set tmargin at screen (H - HEAD - MT) / real(H)
    set bmargin at screen (MB) / real(H)
    TK = (i == 3) ? TSCALE(TLO) : 1
    ylo = LO[i] * TK; yhi = HI[i] * TK
    if (ylo != ylo) {
        ylo = 1; yhi = 10
        set label 2 "no batch size reached the target" at graph 0.5, 0.5 center textcolor rgb C_CENS
    } else {
        unset label 2
    }
    # the fitted and perfect-scaling curves widen the range where drawn
    if (i <= 2 && FIT && LO[i] == LO[i] && !MULTI) {
        do for [j = 1 : NB] {
            v = SFIT(BS[j], B_CRIT) * (i == 2 ? BEFF(BS[j]) : 1)
            if (v > 0) { ylo = v < ylo ? v : ylo; yhi = v > yhi ? v : yhi }
        }
    }
    if (i <= 2 && MULTI && LO[i] == LO[i]) {
        do for [s = 1 : NSER] {
            if (FITA[s]) {
                do for [j = 1 : NB] {
                    v = SFITS(BS[j], s) * (i == 2 ? BEFF(BS[j]) : 1)
                    if (v > 0) { ylo = v < ylo ? v : ylo; yhi = v > yhi ? v : yhi }
                }
            }
        }
    }
    ylo = ylo / 1.6; yhi = yhi * 1.6
    YCENS = ylo * 1.15
    set logscale y
    set format y "%.10g"
    set yrange [ylo : yhi]
    # log ticks at 1-2-5 x 10^k, denser for narrow ranges (as summary.gp)
    span = log10(yhi / ylo)
    MANT = (span < 0.6) ? "1 1.5 2 3 4 5 6 7 8" : (span < 1.5) ? "1 1.5 2 3 5 7" : (span <= 4) ? "1 2 5" : "1"
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
    if (i == 1) {
        set title "Steps to target" font ",13"
        set ylabel "optimizer steps (log scale)"
        if (MULTI) {
            do for [s = 1 : NSER] {
                set label (20 + s) PLABEL[s] . ":  " . (FITA[s] ? sprintf("B_crit = %.3g", BCA[s]) \
                    . (BLOA[s] == BLOA[s] && BHIA[s] == BHIA[s] ? sprintf("  [95%% CI %.3g, %.3g]", BLOA[s], BHIA[s]) : "") \
                    . (DEGA[s] ? ", degenerate" : "") : "no fit") \
                    at graph 0.98, graph 0.97 - 0.055 * (s - 1) right front font ",10" textcolor rgb GRIDCOL[s] noenhanced
            }
            C = 2; E = 1
            eval MULTIPLOT
            do for [s = 1 : NSER] { unset label (20 + s) }
            unset key
            unset label 99
            unset label 100
            unset label 101
            continue
        }
        set label 3 FITTXT at graph 0.97, graph 0.70 right front font ",10" textcolor rgb C_FIT noenhanced
        P = SERIES(2, "median steps")
        P = P . (S1 == S1 ? ", (x >= B1 ? S1 * B1 / x : NaN) with lines dt 2 lw 1.5 lc rgb C_PERF title 'perfect scaling (S ~ 1/B)'" : "")
        P = P . (FIT ? ", SFIT(x, B_CRIT) with lines lw 2 lc rgb C_FIT title 'fit S_min (1 + B_crit / B)'" : "")
        P = P . (BAND ? ", SFIT(x, B_LO) with lines dt 3 lw 1 lc rgb C_FIT title 'B_crit 95% bounds (S_min held)', SFIT(x, B_HI) with lines dt 3 lw 1 lc rgb C_FIT notitle" : "")
        eval "plot " . P . CENSCLAUSE
        unset label 3
        unset label 99
        unset label 100
        unset label 101
    }
    if (i == 2) {
        set title "Examples to target" font ",13"
        set ylabel "training examples (log scale)"
        if (MULTI) { C = 5; E = 2; eval MULTIPLOT; continue }
        P = SERIES(5, "median examples")
        P = P . (S1 == S1 ? ", (x >= B1 ? S1 * B1 : NaN) with lines dt 2 lw 1.5 lc rgb C_PERF title 'perfect scaling (constant)'" : "")
        P = P . (FIT ? ", SFIT(x, B_CRIT) * BEFF(x) with lines lw 2 lc rgb C_FIT title 'fit S(B) B'" : "")
        eval "plot " . P . CENSCLAUSE
    }
    if (i == 3) {
        set title "Time to target (training only)" font ",13"
        set ylabel "time (" . TUNIT(TLO) . ", log scale)"
        if (MULTI) { C = 8; E = 0; eval MULTIPLOT; continue }
        eval "plot " . SERIES(8, "median time") . CENSCLAUSE
    }
}
unset multiplot
unset output
