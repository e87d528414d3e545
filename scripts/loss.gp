# loss.gp -- loss-curve grid: one panel per batch size.
#
# Usage:  gnuplot -c scripts/loss.gp EPOCHS_CSV OUT_FILE [FORMAT [DESCRIPTION]]
#   EPOCHS_CSV  bsweep per-epoch metrics (columns are looked up by header name)
#   OUT_FILE    image to write (written only after the input has been validated)
#   FORMAT      png (default, pngcairo), svg or pdf (pdfcairo)
#   DESCRIPTION  one line under the title: what produced the figure (lib.gp)
#
# Same figure as curves.gp (same layout, titles, legend, seed aggregation),
# but for train_loss and val_loss, on a log y axis shared by all panels.
# Non-finite losses (nan/inf from a diverged run) and non-positive values are
# skipped; diverged runs are drawn in red, as in curves.gp (with a grid:
# one line per grid point, val_loss, as curves.gp draws val_acc).
#
# Implementation: select the loss metric and `call` curves.gp (in the same
# directory as this script) with the same arguments; it does all the work.

if (ARGC < 2) {
    exit error sprintf("usage: gnuplot -c %s EPOCHS_CSV OUT_FILE [png|svg|pdf]", ARG0)
}
METRIC = "loss"
HERE = "."
do for [k = strlen(ARG0) : 1 : -1] { if (ARG0[k:k] eq "/") { HERE = ARG0[1:k-1]; break } }
if (HERE[1:1] ne "/") { HERE = "./" . HERE }
DESC = (ARGC >= 4) ? ARG4 : ""  # the subtitle, as a variable (see curves.gp)
call HERE . "/curves.gp" ARG1 ARG2 (ARGC >= 3 ? ARG3 : "")
