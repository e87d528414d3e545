# heatmap.gp -- a sweep with a grid: final validation accuracy by batch size
# and the first grid axis.
#
# Usage:  gnuplot -c scripts/heatmap.gp POINTS_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   POINTS_CSV  bsweep's points.csv (a config with sweep.grid): one row per
#               (batch size, grid point), medians over the seeds; columns are
#               looked up by header name, the grid columns by their dot
#   OUT_FILE    image to write (written only after the input has been validated)
#   FORMAT      png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# One cell per batch size (x: the batch sizes ascending, equally spaced, as
# on a log2 axis of a doubling sweep) and value of the first grid axis (y:
# the values in config order, bottom to top, labelled as written).  Cell
# colour and the number printed in it: final_val_acc, the median over the
# seeds (colour bar on the right).  With more grid axes, a cell shows the
# grid point with the highest score among those with its first-axis value
# (the first of equals, in config order), and the title says so.
#   - a cell whose median run diverged (score -inf) is grey, hatched, and
#     says "diverged" with the count; a cell where fewer runs diverged says
#     "k/n diverged" under its value;
#   - the cell of each batch size's selected point (selected = 1, the row of
#     best.csv) is outlined in red;
#   - a cell without a row is light grey, "no runs".
# The title names the key, and the selection metric recorded in the
# run.json beside POINTS_CSV (config.sweep.select), if there is one.
#
# Aggregation is done by aggregate.awk (same directory); no byte of a path
# or of the CSV becomes gnuplot code (see lib.gp: grid values and names
# reach gnuplot as quoted strings, after checks).  On bad input (missing or
# empty file, missing column, no grid column, a value that is not a
# number, a grid value that is not a number, true, false or a name, a
# point twice, two selected points for one batch size) the script prints a
# message naming the file and the problem and exits with status 1 before
# OUT_FILE is opened.

# ---------------------------------------------------------------- arguments
if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s POINTS_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
IN  = ARG1
OUT = ARG2
FMT = (ARGC >= 3 && ARG3 ne "") ? ARG3 : "png"
if (FMT ne "png" && FMT ne "svg" && FMT ne "pdf") {
    exit error sprintf("unknown FORMAT '%s' (expected png, svg or pdf)", FMT)
}
if (IN eq "" || OUT eq "") { exit error "POINTS_CSV and OUT_FILE must not be empty" }

HERE = "."              # directory of this script, for lib.gp and aggregate.awk
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle (lib.gp)
load HERE . "/lib.gp"

IN = filearg(IN); OUT = filearg(OUT)
P = IN; eval DIRNAME_OF; DATASET = SHOWN
RUNJSON = "run.json"    # beside POINTS_CSV: the selection metric, if it is there
do for [k = strlen(IN) : 1 : -1] { if (IN[k:k] eq "/") { RUNJSON = IN[1:k] . "run.json"; break } }

# ---------------------------------------------------------------- validate input
MSG = system(AWK . " -v mode=check -v grid=need" \
             . " -v need=batch_size,seeds,diverged,final_val_acc,score,selected" \
             . " -v ints=batch_size,seeds,diverged,selected -v nums=final_val_acc,score " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }
MSG = system(AWK . " -v mode=pointscheck " . sq(IN) . " 2>&1")
if (GPVAL_SYSTEM_ERRNO != 0) { FAILMSG = withfile(IN, MSG); eval DIE }

# Defines NX, NY, NGRID, YKEY, OTHERS, SELECT, NSEED_MIN/MAX,
# CBLO/CBHI, XB[], YL[], the datablocks $CELL $DCELL $SEL $EMPTY and their
# row counts (see aggregate.awk).
load "< " . AWK . " -v mode=heatmap " . sq(IN) . " " . sq(regular(RUNJSON) ? RUNJSON : "")

# ---------------------------------------------------------------- geometry (pixels)
# cells shrink below 46 x 16 pixels only past 40 columns or 120 rows, to keep
# the image within what cairo can draw (32767 pixels) and a screen can show;
# then only every XSTEP-th / YSTEP-th label is printed (at most 40 / 120)
CW = (NX <= 8) ? 130 : (NX <= 24 ? int(1100 / NX) : (NX <= 40 ? 46 : 1840.0 / NX))   # cell width
CH = (NY <= 4) ? int(260 / NY) : (NY <= 10 ? 64 : (NY <= 40 ? int(640 / NY) : \
     (NY <= 120 ? 16 : 1920.0 / NY)))    # cell height
XSTEP = (NX <= 40) ? 1 : int(ceil(NX / 40.0))
YSTEP = (NY <= 120) ? 1 : int(ceil(NY / 120.0))
ML = 190; MR = 170                           # y labels; colour bar
W = ML + NX * CW + MR; W = (W < 820) ? 820 : W; W = (W < DESCW) ? DESCW : W
CW = (W - ML - MR) / real(NX)
TEXT = (CW >= 56 && CH >= 28)                # room for the numbers
HEAD = ((NGRID > 1 || NDCELL + NSOME > 0 || XSTEP > 1 || YSTEP > 1 || !TEXT) ? 112 : 92) + DESCH
FOOT = 78
H = HEAD + NY * CH + FOOT
SUBLINE = (CH >= 44)                         # room for "k/n diverged" under them

# ---------------------------------------------------------------- titles
NSEEDSTR = (NSEED_MIN == NSEED_MAX) ? sprintf("%d", NSEED_MAX) : sprintf("%d-%d", NSEED_MIN, NSEED_MAX)
FIGTITLE = "Final validation accuracy by batch size and " . YKEY . (DATASET ne "" ? "  -  " . DATASET : "")
BYSEL = (SELECT ne "") ? "by " . SELECT : "by the selection"
SUB1 = sprintf("median over %s seed%s;  outlined: each batch size's best point (%s)", \
               NSEEDSTR, NSEED_MAX == 1 ? "" : "s", BYSEL)
SUB2 = (NGRID > 1) ? "each cell: the best over " . OTHERS . " (highest score)" : ""
if (NDCELL > 0) {
    SUB2 = SUB2 . (SUB2 ne "" ? ";  " : "") . "grey, hatched: the median run diverged"
}
if (NSOME > 0) {
    SUB2 = SUB2 . (SUB2 ne "" ? ";  " : "") . "k/n diverged: runs of the cell that diverged"
}
if (!TEXT) {
    SUB2 = SUB2 . (SUB2 ne "" ? ";  " : "") . "too many cells to print their values"
}
if (XSTEP > 1 || YSTEP > 1) {
    SUB2 = SUB2 . (SUB2 ne "" ? ";  " : "") . "labelled: " . (XSTEP > 1 ? \
           sprintf("one batch size in %d", XSTEP) : "") . (XSTEP > 1 && YSTEP > 1 ? ", " : "") . \
           (YSTEP > 1 ? sprintf("one value in %d", YSTEP) : "")
}

C_SEL   = "#E4002B"
C_DIVF  = "#e6e6e6"
C_HATCH = "#8c8c8c"
C_DIVT  = "#8B0000"
C_EMPTY = "#f5f5f5"

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

set label 100 FIGTITLE at screen 0.5, 1 - 26.0 / H center font ",15" noenhanced
eval DESCLABEL
set label 101 SUB1 at screen 0.5, 1 - (52.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
if (SUB2 ne "") {
    set label 102 SUB2 at screen 0.5, 1 - (72.0 + DESCH) / H center font ",11" textcolor rgb "#444444" noenhanced
}

set lmargin at screen ML / real(W)
set rmargin at screen (W - MR) / real(W)
set tmargin at screen 1 - HEAD / real(H)
set bmargin at screen FOOT / real(H)
set xrange [-0.5 : NX - 0.5]
set yrange [-0.5 : NY - 0.5]
set border 0
set tics out scale 0 nomirror textcolor rgb "#222222"
set xtics () noenhanced
do for [i = 1 : NX : XSTEP] { set xtics add (sprintf("%d", XB[i]) i - 1) }
set ytics () noenhanced
do for [j = 1 : NY : YSTEP] { set ytics add (YL[j] j - 1) }

set xlabel "batch size" offset 0, 0.4
set ylabel YKEY noenhanced offset -1.0, 0
unset key

set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
if (CBLO == CBLO) {
    set cbrange [CBLO : CBHI]
    set colorbox vertical user origin screen (W - MR + 24) / real(W), FOOT / real(H) \
        size screen 22.0 / W, (NY * CH) / real(H) noborder
    set cbtics out scale 0.6 nomirror
    set format cb "%.2f"
    set cblabel "final validation accuracy" offset 0.8, 0
} else {
    set cbrange [0 : 1]
    unset colorbox
}

GAP = (CW >= 6 && CH >= 6) ? "border lc rgb 'white'" : "noborder"   # white lines between cells
CELLS   = "$CELL using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1 " . GAP . " fc palette notitle"
DCELLS  = "$DCELL using 1:2:(0.5):(0.5) with boxxyerror fs solid 1 " . GAP . " fc rgb C_DIVF notitle, " \
        . "$DCELL using 1:2:(0.5):(0.5) with boxxyerror fs transparent pattern 4 noborder fc rgb C_HATCH notitle"
EMPTIES = "$EMPTY using 1:2:(0.5):(0.5) with boxxyerror fs solid 1 " . GAP . " fc rgb C_EMPTY notitle"
OUTLINE = "$SEL using 1:2:(0.44):(0.44) with boxxyerror lw 4 lc rgb C_SEL fs empty notitle"
# numbers: white on the dark end of the palette, black on the light end;
# a cell where some runs diverged has its value a little higher, the count under it
VALUES  = "$CELL using 1:($2 + ($5 > 0 && SUBLINE ? 0.13 : 0)):(sprintf('%.3f', $3)):($4 == 1 ? 16777215 : 0)" \
        . " with labels tc rgb variable font ',12' notitle"
SOME    = "$CELL using 1:($5 > 0 ? $2 - 0.2 : NaN):(sprintf('%d/%d diverged', $5, $6)):($4 == 1 ? 16777215 : 0)" \
        . " with labels tc rgb variable font ',9' notitle"
DTEXT   = "$DCELL using 1:($2 + (SUBLINE ? 0.13 : 0)):('diverged') with labels tc rgb C_DIVT font ',11' notitle"
DCOUNT  = "$DCELL using 1:($2 - 0.2):(sprintf('%d/%d', $3, $4)) with labels tc rgb C_DIVT font ',9' notitle"
ETEXT   = "$EMPTY using 1:2:('no runs') with labels tc rgb '#888888' font ',10' notitle"

PL = "NaN notitle"
if (NCELL > 0)  { PL = PL . ", " . CELLS }
if (NDCELL > 0) { PL = PL . ", " . DCELLS }
if (NEMPTY > 0) { PL = PL . ", " . EMPTIES }
if (NSEL > 0)   { PL = PL . ", " . OUTLINE }
if (TEXT) {
    if (NCELL > 0)  { PL = PL . ", " . VALUES }
    if (NSOME > 0 && SUBLINE) { PL = PL . ", " . SOME }
    if (NDCELL > 0) { PL = PL . ", " . DTEXT . (SUBLINE ? ", " . DCOUNT : "") }
    if (NEMPTY > 0) { PL = PL . ", " . ETEXT }
}
eval "plot " . PL

unset output
