# boundaries.gp -- the decision regions of each batch size's final model
# over the validation points: what the batch size did, at a glance.
#
# Usage:  gnuplot -c scripts/boundaries.gp REGIONS_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   REGIONS_CSV  bsweep's regions.csv (analysis.boundaries: src/regions.h);
#                validation.csv beside it is required, summary.csv and
#                run.json beside it are read when there
#   OUT_FILE     image to write (written only after the input has been validated)
#   FORMAT       png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# One panel per batch size, 4 columns (the 4x2 grid of the default sweep's
# 8 batch sizes), at most 8 panels (more batch sizes: 8 evenly spaced, the
# first and the last included, and the figure says so).  Each panel: the
# class the run's final model predicts in every cell of regions.csv's grid
# as a pastel image, lighter where the model is less sure (the predicted
# class's probability, from 1/K: white-ish, to 1: the full pastel; grey
# where the weights gave no number: a diverged run), and on top the
# validation points (validation.csv) in their true class's colour.  Shared
# axes (every map is the same grid), equal scales on x0 and x1 as far as
# the panel's shape allows.  Panel title: the batch size, and the run's
# final validation accuracy from summary.csv ("diverged" when its status
# says so).  The first seed's run of each batch size; with a grid, only the
# first grid point (named in the subtitle), as noise.gp and scaling.gp.
#
# Aggregation by aggregate.awk (mode=regions).  On bad input (missing or
# empty file, missing column, truncated row, a value that is not a number,
# a class that is not an integer from 0 to 63, maps on different grids)
# the script prints a message naming the file and exits with status 1
# before OUT_FILE is opened.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s REGIONS_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "REGIONS_CSV and OUT_FILE must not be empty" }

HERE = "."
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
BESIDE = ""
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { BESIDE = IN[1:k]; break } }
VAL = BESIDE . "validation.csv"
SUMMARY = BESIDE . "summary.csv"
SUMMARY = regular(SUMMARY) ? SUMMARY : ""
RUNJSON = BESIDE . "run.json"
RUNJSON = regular(RUNJSON) ? RUNJSON : ""

MSG = system(AWK . " -v mode=check -v grid=1 -v need=batch_size,seed,x0,x1,class,probability" \
             . " -v ints=batch_size,seed,class -v nums=x0,x1,probability " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MSG = system(AWK . " -v mode=check -v need=x0,x1,label -v ints=label -v nums=x0,x1 " . sq(VAL) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(VAL, MSG); eval DIE }
MSG = system(AWK . " -v mode=regions " . sq(IN) . " " . sq(VAL) . " " . sq(SUMMARY) . " " . sq(RUNJSON) \
             . " 2>&1 >/dev/null")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
load "< " . AWK . " -v mode=regions " . sq(IN) . " " . sq(VAL) . " " . sq(SUMMARY) . " " . sq(RUNJSON)

# ---------------------------------------------------------------- colours
# Okabe-Ito, colour-blind safe; classes beyond 8 reuse them
array CR[8] = [0, 230, 0, 204, 213, 86, 240, 110]
array CG[8] = [114, 159, 158, 121, 94, 180, 228, 110]
array CB[8] = [178, 0, 115, 167, 0, 233, 66, 110]
KI(c) = int(c) % 8 + 1
# the predicted class's colour mixed with white: MIX0 of it at probability
# 1/K, MIX1 at 1; grey where there is no probability (NaN)
MIX0 = 0.10; MIX1 = 0.42
SURE(p) = NCLASS > 1 ? ((p - 1.0 / NCLASS) / (1 - 1.0 / NCLASS) < 0 ? 0 : (p - 1.0 / NCLASS) / (1 - 1.0 / NCLASS)) : 1
MIX(p) = MIX0 + (MIX1 - MIX0) * SURE(p)
PASTEL(v, p) = (p != p) ? 200 : 255 - (255 - v) * MIX(p)
RGB(c) = CR[KI(c)] * 65536 + CG[KI(c)] * 256 + CB[KI(c)]
HEX(c) = sprintf("#%02X%02X%02X", CR[KI(c)], CG[KI(c)], CB[KI(c)])

# ---------------------------------------------------------------- geometry (pixels)
NCOL = NB < 4 ? NB : 4
NROW = (NB + NCOL - 1) / NCOL
PW = 330                                  # a panel's plot area
ASPECT = (YHI - YLO) / (XHI - XLO)        # equal scales, within 0.6 .. 1.4
ASPECT = ASPECT < 0.6 ? 0.6 : (ASPECT > 1.4 ? 1.4 : ASPECT)
PH = int(PW * ASPECT)
ML = 62; MR = 18; MT = 34; MB = 46        # around each plot area
PANELS = NCOL * (ML + PW + MR)
W = PANELS + 30 < 1300 ? 1300 : PANELS + 30     # room for the subtitle and the legend

FIGTITLE = "Decision regions of each batch size's final model" . (DATASET ne "" ? "  -  " . DATASET : "")
WHAT = (OPT ne "" ? OPT : "") . (LR ne "" ? (OPT ne "" ? ", " : "") . "learning rate " . LR : "")
# the epochs the runs trained, over those that did not diverge (a
# diverged run stops early)
EPMIN = 0; EPMAX = 0
do for [i = 1 : NB] {
    if (!DIV[i] && EP[i] > 0) {
        EPMIN = (EPMIN == 0 || EP[i] < EPMIN) ? EP[i] : EPMIN; EPMAX = EP[i] > EPMAX ? EP[i] : EPMAX
    }
}
EPTXT = EPMAX == 0 ? "" : (EPMIN == EPMAX ? sprintf("%d epoch%s", EPMAX, EPMAX > 1 ? "s" : "") : \
                           sprintf("%d-%d epochs", EPMIN, EPMAX))
WHAT = WHAT . (EPTXT ne "" ? (WHAT ne "" ? ", " : "") . EPTXT : "")
SUBTITLE = (WHAT ne "" ? WHAT . ";  " : "") . sprintf("seed %d (each batch size's first)", SEED)
if (NGRID > 0) { SUBTITLE = SUBTITLE . sprintf(";  grid point 1 of %d: ", NPOINTS) . GPOINT }
SUBTITLE2 = sprintf("regions: the predicted class on a %dx%d grid, lighter where less sure;  points: the validation set by true class", NCX, NCY)
NOTE = NB_ALL > NB ? sprintf("%d of %d batch sizes shown, evenly spaced", NB, NB_ALL) : ""

KEYY = (NOTE ne "" ? 104 : 84) + DESCH  # the legend's top, from the figure's top
HEAD = KEYY + 40
H = HEAD + NROW * (MT + PH + MB) + 10

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

set multiplot
# the title, subtitle and the legend of the classes, in a plot of their own
set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUBTITLE at screen 0.5, 1 - (50.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
set label 102 SUBTITLE2 at screen 0.5, 1 - (68.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
if (NOTE ne "") { set label 103 NOTE at screen 0.5, 1 - (88.0 + DESCH) / H center font ",11" textcolor rgb "#B00000" noenhanced }
set key at screen 0.5, 1 - KEYY / real(H) center top horizontal samplen 1.2 spacing 1.2 width 2 nobox font ",11" noenhanced
set border 0
unset xtics; unset ytics
set lmargin at screen 0.02; set rmargin at screen 0.98
set tmargin at screen 1 - 2.0 / H; set bmargin at screen 1 - (HEAD - 2.0) / H
set xrange [0:1]; set yrange [0:1]
# one entry a class: its region's pastel, framed in its points' colour
KEYS = ""
do for [c = 0 : NCLASS - 1] {
    KEYS = KEYS . sprintf(", NaN with boxes fs solid 1 border lc rgb '%s' lw 2 lc rgb '#%02X%02X%02X' title 'class %d'", \
                          HEX(c), int(PASTEL(CR[KI(c)], 1)), int(PASTEL(CG[KI(c)], 1)), int(PASTEL(CB[KI(c)], 1)), c)
}
eval "plot NaN notitle" . KEYS
unset label 99; unset label 100; unset label 101; unset label 102; unset label 103; unset key
set xtics; set ytics

set border 15 lw 1 lc rgb "#555555"
set tics out nomirror scale 0.5 textcolor rgb "#222222" font ",10"
set xrange [XLO:XHI]
set yrange [YLO:YHI]
unset grid
do for [i = 1 : NB] {
    col = (i - 1) % NCOL; row = (i - 1) / NCOL
    x0 = (W - PANELS) / 2 + col * (ML + PW + MR)
    y1 = H - HEAD - row * (MT + PH + MB)
    set lmargin at screen (x0 + ML) / real(W)
    set rmargin at screen (x0 + ML + PW) / real(W)
    set tmargin at screen (y1 - MT) / real(H)
    set bmargin at screen (y1 - MT - PH) / real(H)
    set title sprintf("batch size %d:  ", BS[i]) . (DIV[i] ? "diverged" : \
              (ACC[i] == ACC[i] ? sprintf("val acc %.3f", ACC[i]) : "val acc unknown")) \
              font ",12" textcolor rgb (DIV[i] ? "#B00000" : "#222222") offset 0, -0.4
    if (row == NROW - 1 || i + NCOL > NB) { set xlabel "x0" offset 0, 0.6 } else { unset xlabel }
    if (col == 0) { set ylabel "x1" offset 1.2, 0 } else { unset ylabel }
    set format x (row == NROW - 1 || i + NCOL > NB) ? "% g" : ""
    set format y col == 0 ? "% g" : ""
    plot $R index (i - 1) using 1:2:(PASTEL(CR[KI($3)], $4)):(PASTEL(CG[KI($3)], $4)):(PASTEL(CB[KI($3)], $4)) \
             with rgbimage notitle, \
         $V using 1:2 with points pt 7 ps 0.72 lc rgb "white" notitle, \
         $V using 1:2:(RGB($3)) with points pt 7 ps 0.5 lc rgb variable notitle
}
unset multiplot
unset output
