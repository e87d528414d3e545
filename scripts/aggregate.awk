# aggregate.awk -- CSV helper for the bsweep gnuplot scripts (POSIX awk; mawk ok).
#
# Reads bsweep CSV files by column NAME (from the header line, never by
# position) and prints gnuplot commands -- scalar variables, arrays and
# datablocks -- that curves.gp / summary.gp / heatmap.gp `load` through a
# pipe.  All files are operands; they are read with getline inside BEGIN.
#
# What it prints is code for gnuplot, so no byte of the input may become
# code: file names are never printed; a value is printed only after it has
# been checked to be a number (batch size, seed, epoch and steps must be
# integers, metrics finite numbers -- nan/inf are read as "not finite" and
# never printed), and the only strings printed (run times, seed lists) are
# made here from checked numbers and quoted by q() besides -- and, with a
# grid, the grid columns' names and values, each checked first by
# mode=check -v grid=... (a name: a key path such as train.learning_rate;
# a value: a number, or a name of letters, digits, '_' and '-', true and
# false included) and quoted by q() all the same.  Run it with LC_ALL=C
# (the .gp scripts do): under a comma-decimal locale mawk reads "0.54" as 0.
#
# Numbers are compared as numbers.  A field is text, and awk compares text
# with text, or text with a number, as strings ("10" < "9").  So an epoch
# becomes a number where it is read (bsweep's epochs are at most 1000000);
# any other integer (batch size, seed, steps, a count) stays the text
# int_() gives, its array key, printed as it is (mawk prints a number
# above 2^31 as 4.29497e+09), and is compared only after "+ 0", as metrics
# are.  Text is compared only for identity: a status, a grid value.
#
# Grid columns: a column whose name has a dot is a grid axis (bsweep names
# them by the config key's path and writes them after batch_size); their
# order in the header is the axes' order.  A grid point is the tuple of
# its values as text; points are ordered as they first appear (the
# config's order).  Files without such columns are read as they always
# were: every mode below prints, for them, what it printed before grids.
#
#   awk -f aggregate.awk -v mode=check -v need=col1,col2,... \
#       [-v ints=col,...] [-v nums=col,...] FILE
#       Validation only.  Prints nothing and exits 0 if FILE is readable,
#       has a header containing every listed column, at least one data row,
#       every row with the header's number of fields, an integer in every
#       `ints` column and a number (or nan/inf) in every `nums` column;
#       otherwise prints ONE line (naming the file, the line and what is
#       wrong) on stdout and exits 1.  With -v grid=1 also every grid
#       column's name and values (see above); -v grid=need: and at least one.
#
#   awk -f aggregate.awk -v mode=gridcheck [-v needbest=1] FILE [BEST_CSV [OTHER_CSV]]
#       FILE (epochs.csv or summary.csv, through mode=check first) against
#       the files beside it; nothing to do when FILE has no grid column.
#       OTHER_CSV must have the same grid columns; BEST_CSV ("": none;
#       required with needbest=1) batch_size and the same grid columns,
#       whole rows, valid values, one row per batch size at most, each a
#       (batch size, point) of FILE.  One line and exit 1 on failure.
#
#   awk -f aggregate.awk -v mode=pointscheck POINTS_CSV
#       points.csv (through mode=check first): each (batch size, point)
#       once, selected 0 or 1 and at most once per batch size, diverged
#       no more than seeds.  One line and exit 1 on failure.
#
#   awk -f aggregate.awk -v mode=curves -v y1=COL -v y2=COL [-v logy=1] \
#       [-v maxp=N] EPOCHS_CSV [SUMMARY_CSV]
#       Per batch size (first-appearance order) and epoch: mean/min/max of
#       columns y1 and y2 over the seeds whose run did not diverge, and each
#       diverged run on its own.  A run diverged when a train_loss or
#       val_loss is not finite, or when SUMMARY_CSV (optional; ignored if
#       unreadable) gives it a status other than "ok" or "target" (stopped at its
#       target: analysis.stop_at_target); it diverged at its
#       first non-finite epoch (else at its last).  Non-finite values, and
#       with logy=1 values <= 0, are not drawn.  With maxp > 0 and more than
#       maxp batch sizes, only maxp of them get a panel: evenly spaced in
#       first-appearance order, the first and the last included.  Emits
#         NB (panels), NB_ALL (batch sizes), NRUN_ALL, NDIV_ALL,
#         arrays BS[] SPE[] (-1: unknown) TSTR[] NSEED[] NDIV[] HASOK[] per panel,
#         NSEED_MIN, NSEED_MAX, SEEDLIST, EMAX,
#         YMIN, YMAX (over every drawn value; NaN if none), YMAX_E1 (largest
#         value at epoch 1 of the runs that did not diverge, else of all),
#         $AGG:  one block per panel (blocks separated by 2 blank lines):
#                  epoch  y1_mean y1_min y1_max  y2_mean y2_min y2_max  n_runs
#                (a single NaN row when no run of the panel is usable)
#         $DIVR: one block per panel: each diverged run as "epoch y1 y2"
#                rows, runs separated by 1 blank line (or a NaN row)
#         $DIVX: one block per panel: the epoch each diverged run diverged
#                at (or a NaN row)
#       With grid columns in EPOCHS_CSV (operands then EPOCHS_CSV
#       SUMMARY_CSV BEST_CSV RUN_JSON, the last two "" when absent; -v
#       maxg=N), a run is (batch size, point, seed), and each panel has
#       NSHOW slots: every point when there are at most maxg (GMODE 'all'),
#       else the panel's best point alone ('best'), or the first maxg when
#       there is no best.csv ('first').  Emits NGRID, NPT, NSHOW, GMODE,
#       HAVEBEST, SELECT (run.json's config.sweep.select, a name of
#       bsweep's, or ''), GKEYS (the axes' short names), PLABEL[NPT]
#       ("learning_rate = 0.01, ..."), the arrays and blocks above with one
#       block per (panel, slot), panel major, and BESTP[NB] (the panel's
#       best point, 0: none), SP[] (a slot's point, 0: none) SOK[] SDIV[]
#       SDIVF[] (diverged runs with a finite value) per slot; NRUN_ALL and
#       NDIV_ALL count the runs drawn, NRUN_GRID and NDIV_GRID every run.
#       Only y2 is aggregated (and drawn) unless GMODE is 'best'.
#
#   awk -f aggregate.awk -v mode=summary SUMMARY_CSV EPOCHS_CSV [BEST_CSV RUN_JSON]
#       Per batch size (ascending): final val acc, total seconds and
#       epochs_to_95 (bsweep's column: the first epoch from which val_acc
#       stays at or above 95% of the run's final one; EPOCHS_CSV is only
#       checked for its grid columns),
#       each as mean min max over the runs whose status is "ok" or
#       "target": bsweep's, from the aggregate.csv beside SUMMARY_CSV (the
#       runs' own without one: an older directory).  Emits NB,
#       BS[], XMIN, XMAX, NSEED_MIN, NSEED_MAX, NRUN_TOTAL,
#       NDIV_TOTAL, ACC_LO/HI, T_LO/HI, E_LO/HI (ranges over every run,
#       diverged ones included; NaN if no usable value) and
#       $SUM: bs  acc_mean acc_min acc_max  t_mean t_min t_max  e_mean e_min e_max  n_runs
#       $DIV: bs  acc  t  e      (one row per diverged run, for marking)
#       With grid columns, only the runs of each batch size's best point
#       (BEST_CSV, through mode=gridcheck) count, and it also emits NGRID,
#       NNOBEST (batch sizes without one), SELECT, GKEYS, and per batch
#       size BL[] (the best point's values, "0.01, 0.9"), NOBEST[], ACCM[]
#       (the accuracy mean, where its label goes).
#       Then the declared target's panel (see summary_target): TARGET, and
#       with a target TGTTXT, TE_LO, TE_HI, NTCENS, $TGT and $TCENS, from
#       summary.csv's epochs_to_target (a number or empty: censored) and
#       RUN_JSON's target_metric and target_value.
#
#   awk -f aggregate.awk -v mode=heatmap POINTS_CSV RUN_JSON
#       One cell per batch size (ascending) and value of the first grid
#       axis (config order): the row with the highest score among those
#       (the first of equals).  Emits NX, NY, NGRID, YKEY (the first
#       axis' path), OTHERS (the other axes' short names),
#       SELECT, NSEED_MIN/MAX, CBLO/CBHI (the range of final_val_acc over
#       the cells whose median run did not diverge), XB[NX], YL[NY], the
#       blocks $CELL $DCELL $SEL $EMPTY (see do_heatmap) and their row
#       counts NCELL NDCELL NSOME NSEL NEMPTY.
#
#   awk -f aggregate.awk -v mode=compare COMPARE_CSV
#       `bsweep compare --csv` output, through mode=check -v grid=1 first
#       (dir_index from 1 to at most the number of rows).  Without grid
#       columns prints NGRID = 0 alone.  With them, a series is (directory,
#       grid point), points in order of first appearance (the config's);
#       emits NGRID, NPT, GKEYS, PLABEL[NPT] ("learning_rate = 0.01,
#       ..."), NBSG, BSG[NBSG] (the batch sizes,
#       ascending) and $CMP: one block per series, directory major (block
#       (dir - 1) * NPT + point - 1), its rows by batch size ascending:
#         batch_size  median  lo  max  ratio  sig
#       lo: min_seconds, or the median when the minimum is not > 0 (a log
#       axis); sig: 1 when significant is "yes", else 0; NaN for a value
#       that is not finite; a single NaN row for a series without rows.
#
#   awk -f aggregate.awk -v mode=scaling SCALING_CSV [RUN_JSON]
#       scaling.csv (through mode=check first, batch_size an integer): per
#       batch size, the median/min/max of steps, examples and seconds to
#       target (a field may be empty: censored, no median); every other
#       value must be a finite number, else one line and exit 1.  A series
#       is a grid point: with -v maxg=N and at most N points, every point
#       (NSER of them, PLABEL[] their values), else (and without a grid)
#       the first point alone (GPOINT says which).  From RUN_JSON ("":
#       none) "n_train" and the fit of each series: analysis.fit's
#       "s_min", "b_crit", "b_crit_lo", "b_crit_hi", "degenerate", or with
#       a grid those of analysis.fits' k-th "point" for the k-th point
#       (config order, scaling.csv's), each used only when it is a finite
#       number.  Emits
#         NB, BS[] (the series' batch sizes, ascending), XMIN, XMAX,
#         NCENS, NGRID, NPOINTS, NSER, GPOINT (q()), PLABEL[NSER],
#         per series FITA[] (1: s_min and b_crit known), SMINA[], BCA[],
#         BLOA[], BHIA[] (NaN when unknown), DEGA[], and the first
#         series' as FIT, S_MIN, B_CRIT, B_LO, B_HI, DEGEN; NTRAIN (0:
#         unknown), S1, B1 (the first series' smallest batch size with a
#         median, for perfect scaling), ranges SLO SHI ELO EHI TLO THI
#         over the series (NaN if no value), and one block per series of
#         $SC:   B  steps med min max  examples med min max  seconds med min max
#         $CENS: B of each batch size without a median (a NaN row if none)
#
#   awk -f aggregate.awk -v mode=noise EPOCHS_CSV [RUN_JSON]
#       epochs.csv with the noise-scale columns (through mode=check with
#       b_simple first): per series, batch size (ascending) and epoch, the
#       median over the seeds of b_simple, from the rows where it is a
#       finite number > 0 (a diverged run's last rows, say, are left
#       out).  A series is a grid point: with -v maxg=N and at most N
#       points every point (NSER, PLABEL[]), else (and without a grid) the
#       first alone.  From RUN_JSON each series' "b_crit" (analysis.fit,
#       or analysis.fits' k-th point for the k-th), if a finite number.
#       Emits NB, BS[], NSEED_MIN, NSEED_MAX, EMAX, YLO, YHI (NaN if no
#       value), NGRID, NPOINTS, NSER, GPOINT, PLABEL[], FITA[] BCA[]
#       DEGA[] per series, the first's as FIT, B_CRIT, DEGEN, and $NZ:
#       one block per (series, batch size), series major (blocks
#       separated by 2 blank lines, a NaN row when empty): epoch median.
#
#   awk -f aggregate.awk -v mode=regions REGIONS_CSV VALIDATION_CSV SUMMARY_CSV RUN_JSON
#       regions.csv (through mode=check first) with the validation.csv
#       beside it (through mode=check too); SUMMARY_CSV and RUN_JSON ""
#       when absent.  The maps of the first grid point (GPOINT says
#       which), the first seed of each batch size; at most 8 panels,
#       evenly spaced in config order (first and last included) when there
#       are more batch sizes.  Every map must have the first map's cells
#       (the same x0, x1, in order): a regular grid, NCX x NCY cells.
#       Classes and labels are integers in [0, 64).  From SUMMARY_CSV the
#       run's final_val_acc, epochs and status; from RUN_JSON the first
#       "optimizer" (one of bsweep's names) and "learning_rate" (a number),
#       left out when the grid varies them.  Emits NB (panels), NB_ALL,
#       BS[], ACC[] (NaN: unknown), DIV[] (1: diverged), EP[] (epochs, 0:
#       unknown), SEED, NCLASS, NCX, NCY, XLO XHI YLO YHI (the map's extent,
#       cell edges), NGRID, NPOINTS, GPOINT, OPT, LR ('' when unknown),
#       $R: one block per panel: x0 x1 class probability (NaN: none)
#       $V: x0 x1 label of every validation point
#
BEGIN {
    FINITE = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$"
    NONFINITE = "^[-+]?(nan|inf|infinity)$"         # compared in lower case
    INTEGER = "^[-+]?[0-9]+$"
    KEYPATH = "^[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*)+$"   # a grid column's name
    GRIDNAME = "^[A-Za-z_][A-Za-z0-9_-]*$"          # a grid value that is not a number
    if (mode == "check")        do_check(ARGV[1])
    else if (mode == "gridcheck") do_gridcheck(ARGV[1], ARGV[2], ARGV[3])
    else if (mode == "pointscheck") do_pointscheck(ARGV[1])
    else if (mode == "curves")  {
        if (has_grid(ARGV[1])) do_gridcurves(ARGV[1], ARGV[2], ARGV[3], ARGV[4])
        else                   do_curves(ARGV[1], ARGV[2])
    }
    else if (mode == "summary") do_summary(ARGV[1], ARGV[2], ARGV[3], ARGV[4])
    else if (mode == "heatmap") do_heatmap(ARGV[1], ARGV[2])
    else if (mode == "compare") do_compare(ARGV[1])
    else if (mode == "scaling") do_scaling(ARGV[1], ARGV[2])
    else if (mode == "noise")   do_noise(ARGV[1], ARGV[2])
    else if (mode == "interp")  do_interp(ARGV[1])
    else if (mode == "sharp")   do_sharp(ARGV[1], ARGV[2])
    else if (mode == "regions") do_regions(ARGV[1], ARGV[2], ARGV[3], ARGV[4])
    else { print "aggregate.awk: unknown mode '" mode "'" > "/dev/stderr"; exit 2 }
    exit 0
}

# ---------------------------------------------------------------- helpers

# Strip CR, surrounding blanks and double quotes from a field.
function clean(s) {
    sub(/\r$/, "", s)
    gsub(/^[ \t"]+|[ \t"]+$/, "", s)
    return s
}

# Open CSV file f: read its header into COL[name] = index.
# Returns the number of header fields, 0 if the file is empty, -1 if unreadable.
function open_csv(f,    line, r, n, i, h) {
    split("", COL)
    LINENO_ = 0
    r = (getline line < f)
    if (r < 0) return -1
    if (r == 0) { close(f); return 0 }
    LINENO_ = 1
    sub(/^\357\273\277/, "", line)          # UTF-8 byte-order mark
    n = split(line, h, ",")
    NG_ = 0
    for (i = 1; i <= n; i++) {
        COL[clean(h[i])] = i
        if (index(clean(h[i]), ".")) GN[++NG_] = clean(h[i])     # a grid axis
    }
    NCOLS_ = n
    return n
}

# Read the next data row of f into F[1..NF_]; skips blank lines.
# Returns 1 for a row, 0 at end of file.
function next_row(f,    line) {
    while ((getline line < f) > 0) {
        LINENO_++
        sub(/\r$/, "", line)
        if (line ~ /^[ \t]*$/) continue
        NF_ = split(line, F, ",")
        return 1
    }
    close(f)
    return 0
}

# Field by column name (whitespace/quotes removed).
function get(name) { return clean(F[COL[name]]) }

function isfinite(s) { return s ~ FINITE }
function isnonfinite(s) { return tolower(s) ~ NONFINITE }

function die(msg) { print msg > "/dev/stderr"; exit 1 }

# A gnuplot string literal in single quotes, the only kind in which gnuplot
# expands neither `backquotes` nor @macros: ' is doubled, and control
# characters (a newline would end the command) become '?'.
function q(s) {
    gsub(/'/, "''", s)
    gsub(/[\001-\037\177]/, "?", s)
    return "'" s "'"
}

# s shortened for a message, control characters shown as '?'
function shown(s) {
    gsub(/[\001-\037\177]/, "?", s)
    return length(s) > 40 ? substr(s, 1, 40) "..." : s
}

# 3 significant digits with a unit: 0.812 ms, 4.20 ms, 36.9 s, 12.5 min
# (ms below a second, as the figures' time axes: lib.gp's TUNIT)
function sig3(x) { return (x >= 99.95) ? sprintf("%.0f", x) : sprintf("%#.3g", x) }
function fmt_time(t) {
    if (t == "" || t != t + 0) return "n/a"
    if (t >= 600)       return sig3(t / 60) " min"
    if (t >= 0.9995)    return sig3(t) " s"          # thresholds: rounding never gives 1000 ms
    return sig3(t * 1e3) " ms"
}

function num(x) { return sprintf("%.10g", x) }
# an integer field (checked by mode=check) as a canonical integer: text,
# for keys and printing; "+ 0" before comparing it (see the header)
function int_(s) { return sprintf("%.0f", s + 0) }
# an epoch field as a number (compared, and small enough to print as one)
function epoch_() { return int_(get("epoch")) + 0 }

# ---------------------------------------------------------------- grid columns
#
# A column whose name has a dot is a grid axis, named by the config key's
# path ("train.learning_rate"); open_csv lists them in GN[1..NG_], in
# header order (the config's order of the axes).  A grid point is the
# tuple of its values, as text; its key here joins them with SUBSEP.

function gridvalue_ok(v) { return v ~ FINITE || v ~ GRIDNAME }

# the file name of path f, for a message that names a second file
function base(f) { sub(/^.*\//, "", f); return f }

# does CSV f have grid columns?
function has_grid(f,    n) {
    n = open_csv(f)
    if (n > 0) close(f)
    return n > 0 && NG_ > 0
}

# the current row's grid point, on the axes ax[1..ng]
function pkey_of(ax, ng,    k, s) {
    s = ""
    for (k = 1; k <= ng; k++) s = s (k > 1 ? SUBSEP : "") get(ax[k])
    return s
}

# are the current file's grid columns (GN) the axes ax[1..ng], in order?
function same_axes(ax, ng,    k) {
    if (NG_ != ng) return 0
    for (k = 1; k <= ng; k++) if (GN[k] != ax[k]) return 0
    return 1
}

# "a, b" from names[1..n]; the current file's grid columns when n < 0
function names_of(names, n,    k, s) {
    if (n < 0) { n = NG_; for (k = 1; k <= n; k++) names[k] = GN[k] }
    s = ""
    for (k = 1; k <= n; k++) s = s (k > 1 ? ", " : "") shown(names[k])
    return n ? s : "none"
}

# SHORT[1..ng]: the names of axes ax[] in labels: the key's last component
# ("learning_rate"), or its whole path when another axis ends the same way
function short_names(ax, ng,    k, j, last) {
    for (k = 1; k <= ng; k++) { last[k] = ax[k]; sub(/^.*[.]/, "", last[k]) }
    for (k = 1; k <= ng; k++) {
        SHORT[k] = last[k]
        for (j = 1; j <= ng; j++) if (j != k && last[j] == last[k]) SHORT[k] = ax[k]
    }
}

# point pk as "learning_rate = 0.01, momentum = 0.9" (names: SHORT), or as
# its values alone "0.01, 0.9" (names: "")
function point_label(pk, ng, names,    v, k, s) {
    split(pk, v, SUBSEP)
    s = ""
    for (k = 1; k <= ng; k++) s = s (k > 1 ? ", " : "") (names != "" ? SHORT[k] " = " : "") v[k]
    return s
}

# point pk with the axes' whole paths, for messages
function point_text(pk, ax, ng,    v, k, s) {
    split(pk, v, SUBSEP)
    s = ""
    for (k = 1; k <= ng; k++) s = s (k > 1 ? ", " : "") ax[k] " = " shown(v[k])
    return s
}

# the selection metric recorded in run.json (config.sweep.select), or ""
# (only bsweep's own names are ever returned)
function run_select(fj,    line, r) {
    if (fj == "") return ""
    while ((getline line < fj) > 0)
        if (line ~ /^[ \t]*"select"[ \t]*:[ \t]*"(final_val_acc|best_val_acc|final_val_loss)"/) {
            r = line
            sub(/^[ \t]*"select"[ \t]*:[ \t]*"/, "", r)
            sub(/".*$/, "", r)
            close(fj)
            return r
        }
    close(fj)
    return ""
}

# ---------------------------------------------------------------- check

function do_check(f,    n, k, i, want, missing, nmiss, rows, ni, nn, icol, ncol, v) {
    if (f == "") { print "no input file given"; exit 1 }
    n = open_csv(f)
    if (n < 0)  { print f ": cannot read file (missing or unreadable)"; exit 1 }
    if (n == 0) { print f ": file is empty (no header line)"; exit 1 }
    k = split(need, want, ",")
    missing = ""; nmiss = 0
    for (i = 1; i <= k; i++)
        if (!(want[i] in COL)) { missing = missing (nmiss ? ", " : "") "'" want[i] "'"; nmiss++ }
    if (nmiss) {
        print f ": missing required column" (nmiss > 1 ? "s " : " ") missing
        exit 1
    }
    if (grid != "") {
        for (i = 1; i <= NG_; i++)
            if (GN[i] !~ KEYPATH) {
                print f ": a grid column (a name with a dot) must be a key path such as train.learning_rate, not '" shown(GN[i]) "'"
                exit 1
            }
        if (grid == "need" && NG_ == 0) {
            print f ": no grid column (one named by a config key, such as train.learning_rate, after batch_size)"
            exit 1
        }
    }
    ni = split(ints, icol, ","); nn = split(nums, ncol, ",")
    rows = 0
    while (next_row(f)) {
        rows++
        if (NF_ < NCOLS_) {
            print f " line " LINENO_ ": " NF_ " fields, header has " NCOLS_ " (truncated file?)"
            exit 1
        }
        if (grid != "")
            for (i = 1; i <= NG_; i++) {
                v = get(GN[i])
                if (!gridvalue_ok(v)) {
                    print f " line " LINENO_ ": " GN[i] ": expected a number, true, false or a name, got '" shown(v) "'"
                    exit 1
                }
            }
        for (i = 1; i <= ni; i++) {
            if (!(icol[i] in COL)) continue
            v = get(icol[i])
            if (v !~ INTEGER || length(v) > 18) {
                print f " line " LINENO_ ": " icol[i] ": expected an integer, got '" shown(v) "'"
                exit 1
            }
        }
        for (i = 1; i <= nn; i++) {
            if (!(ncol[i] in COL)) continue
            v = get(ncol[i])
            if (!isfinite(v) && !isnonfinite(v)) {
                print f " line " LINENO_ ": " ncol[i] ": expected a number (or nan, inf), got '" shown(v) "'"
                exit 1
            }
        }
    }
    if (rows == 0) { print f ": no data rows (header only)"; exit 1 }
}

# ---------------------------------------------------------------- grid checks

# f (epochs.csv or summary.csv, already through mode=check) against the
# files beside it: nothing to do without grid columns; else fo (optional)
# must have the same grid columns, and best.csv fb (optional; required
# with -v needbest=1) batch_size and the same grid columns, whole rows,
# valid values, at most one row per batch size, each naming a grid point
# f has at that batch size.  Prints one line and exits 1 on failure.
function do_gridcheck(f, fb, fo,    n, k, ng, ax, gl, have, bs, pk, v, bestof) {
    n = open_csv(f)
    if (n <= 0) exit 0                      # mode=check says what is wrong
    ng = NG_
    if (ng == 0) { close(f); exit 0 }
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    gl = names_of(ax, ng)
    while (next_row(f))
        if (NF_ >= NCOLS_) have[int_(get("batch_size")) SUBSEP pkey_of(ax, ng)] = 1
    if (fo != "" && open_csv(fo) > 0) {
        close(fo)
        if (!same_axes(ax, ng)) {
            print fo ": grid columns (" names_of(v, -1) ") differ from " base(f) "'s (" gl ")"
            exit 1
        }
    }
    if (fb == "") {
        if (needbest) {
            print f ": grid columns but no best.csv beside it (bsweep writes it when a sweep ends)"
            exit 1
        }
        exit 0
    }
    n = open_csv(fb)
    if (n < 0)  { print fb ": cannot read file (missing or unreadable)"; exit 1 }
    if (n == 0) { print fb ": file is empty (no header line)"; exit 1 }
    if (!("batch_size" in COL)) { print fb ": missing required column 'batch_size'"; exit 1 }
    if (!same_axes(ax, ng)) {
        print fb ": grid columns (" names_of(v, -1) ") differ from " base(f) "'s (" gl ")"
        exit 1
    }
    while (next_row(fb)) {
        if (NF_ < NCOLS_) {
            print fb " line " LINENO_ ": " NF_ " fields, header has " NCOLS_ " (truncated file?)"
            exit 1
        }
        bs = get("batch_size")
        if (bs !~ INTEGER || length(bs) > 18) {
            print fb " line " LINENO_ ": batch_size: expected an integer, got '" shown(bs) "'"
            exit 1
        }
        bs = int_(bs)
        for (k = 1; k <= ng; k++)
            if (!gridvalue_ok(get(ax[k]))) {
                print fb " line " LINENO_ ": " ax[k] ": expected a number, true, false or a name, got '" shown(get(ax[k])) "'"
                exit 1
            }
        pk = pkey_of(ax, ng)
        if (!((bs SUBSEP pk) in have)) {
            print fb " line " LINENO_ ": no such grid point in " base(f) ": batch size " bs ", " point_text(pk, ax, ng)
            exit 1
        }
        if (bs in bestof) {
            print fb " line " LINENO_ ": a second best point for batch size " bs " (one per batch size)"
            exit 1
        }
        bestof[bs] = 1
    }
}

# points.csv f (already through mode=check): each (batch size, grid point)
# once, selected 0 or 1, at most one selected per batch size, diverged no
# more than seeds.  Prints one line and exits 1 on failure.
function do_pointscheck(f,    n, k, ng, ax, bs, pk, seen, sel, v) {
    n = open_csv(f)
    if (n <= 0) exit 0
    ng = NG_
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    while (next_row(f)) {
        bs = int_(get("batch_size")); pk = pkey_of(ax, ng)
        if ((bs SUBSEP pk) in seen) {
            print f " line " LINENO_ ": a second row (line " seen[bs, pk] ") for batch size " bs ", " point_text(pk, ax, ng)
            exit 1
        }
        seen[bs, pk] = LINENO_
        v = get("selected") + 0
        if (v != 0 && v != 1) {
            print f " line " LINENO_ ": selected: expected 0 or 1, got '" shown(get("selected")) "'"
            exit 1
        }
        if (v == 1 && (bs in sel)) {
            print f " line " LINENO_ ": a second selected point for batch size " bs " (line " sel[bs] ")"
            exit 1
        }
        if (v == 1) sel[bs] = LINENO_
        if (get("diverged") + 0 < 0 || get("diverged") + 0 > get("seeds") + 0) {
            print f " line " LINENO_ ": diverged: expected 0 to seeds (" int_(get("seeds")) "), got '" shown(get("diverged")) "'"
            exit 1
        }
    }
}

# ---------------------------------------------------------------- curves

# Add value v (finite) to the mean/min/max cell k.
function cell_add(k, v) {
    if (!(k in N)) { N[k] = 0; S[k] = 0; LO[k] = v; HI[k] = v }
    N[k]++; S[k] += v
    if (v < LO[k]) LO[k] = v
    if (v > HI[k]) HI[k] = v
}

function do_curves(f, fs,    n, r, nr, bs, seed, run, ep, v, j, c, i, e, col, nb, np, line,
                             seen, runseen, runbs, runs, nrun_all, divep, divrun, ndiv, ndiv_all,
                             bad, spe, last_el, lastep, emax_bs, nrunok, hasok, tsum, tn,
                             ymin, ymax, y1ok, y1all, emax, smin, smax, seeds, nseedlist,
                             rbs, rsd, rep, rv1, rv2, RUNS_OF, nro, k, p, sel) {
    # --- statuses from summary.csv, if there is one: not "ok"/"target" = diverged
    if (fs != "" && open_csv(fs) > 0) {
        if (("batch_size" in COL) && ("seed" in COL) && ("status" in COL)) {
            while (next_row(fs))
                if (NF_ >= NCOLS_ && get("status") != "ok" && get("status") != "target") bad[int_(get("batch_size")) SUBSEP int_(get("seed"))] = 1
        } else close(fs)
    }

    # --- epochs.csv into memory (values already checked by mode=check)
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    col[1] = y1; col[2] = y2
    nb = 0; nr = 0; nseedlist = 0; emax = 0; nrun_all = 0; ndiv_all = 0
    while (next_row(f)) {
        bs = int_(get("batch_size")); seed = int_(get("seed")); ep = epoch_()
        if (!(bs in seen)) { seen[bs] = ++nb; ORDER[nb] = bs; runs[bs] = 0; ndiv[bs] = 0; nro[bs] = 0 }
        run = bs SUBSEP seed
        if (!(run in runseen)) {
            runseen[run] = 1; runbs[run] = bs; runs[bs]++; nrun_all++
            RUNS_OF[bs, ++nro[bs]] = seed
            if (!(seed in seeds)) { seeds[seed] = 1; nseedlist++; SEEDS[nseedlist] = seed }
        }
        if (!(bs in spe) && ep == 1 && get("steps") ~ INTEGER) spe[bs] = int_(get("steps"))
        last_el[run] = get("elapsed_seconds")
        if (!(run in lastep) || ep > lastep[run]) lastep[run] = ep
        if (ep > emax_bs[bs] + 0) emax_bs[bs] = ep
        if (ep > emax) emax = ep
        if ((("train_loss" in COL) && !isfinite(get("train_loss"))) ||
            (("val_loss" in COL) && !isfinite(get("val_loss"))))
            if (!(run in divep) || ep < divep[run]) divep[run] = ep
        nr++; rbs[nr] = bs; rsd[nr] = seed; rep[nr] = ep; rv1[nr] = get(col[1]); rv2[nr] = get(col[2])
    }
    if (nb == 0) die(f ": no data rows")
    for (run in runseen) {
        if ((run in bad) && !(run in divep)) divep[run] = lastep[run]
        if (run in divep) { divrun[run] = 1; ndiv[runbs[run]]++; ndiv_all++ }
    }

    # --- aggregate: runs that did not diverge into mean/min/max cells,
    # diverged ones kept per run (DV); ranges over both
    ymin = ""; ymax = ""; y1ok = ""; y1all = ""
    for (r = 1; r <= nr; r++) {
        bs = rbs[r]; ep = rep[r]; run = bs SUBSEP rsd[r]
        if (!(run in divrun)) NRUN[bs, ep]++
        for (j = 1; j <= 2; j++) {
            v = (j == 1) ? rv1[r] : rv2[r]
            if (!isfinite(v)) continue
            v += 0
            if (logy && v <= 0) continue
            if (run in divrun) DV[run, ep, j] = v
            else {
                cell_add(bs SUBSEP ep SUBSEP j, v); hasok[bs] = 1
                if (ep == 1 && (y1ok == "" || v > y1ok)) y1ok = v
            }
            if (ymin == "" || v < ymin) ymin = v
            if (ymax == "" || v > ymax) ymax = v
            if (ep == 1 && (y1all == "" || v > y1all)) y1all = v
        }
    }

    # --- panels: every batch size, or maxp of them evenly spaced
    np = nb
    if (maxp + 0 > 1 && nb > maxp + 0) np = maxp + 0
    for (p = 1; p <= np; p++)
        sel[p] = ORDER[(np == nb) ? p : 1 + int((p - 1) * (nb - 1) / (np - 1) + 0.5)]

    # mean over a batch size's runs of the final elapsed_seconds
    for (run in last_el)
        if (isfinite(last_el[run])) { tsum[runbs[run]] += last_el[run]; tn[runbs[run]]++ }

    print "NB = " np "; NB_ALL = " nb "; NRUN_ALL = " nrun_all "; NDIV_ALL = " ndiv_all
    print "array BS[NB]; array SPE[NB]; array TSTR[NB]; array NSEED[NB]; array NDIV[NB]; array HASOK[NB]"
    for (p = 1; p <= np; p++) {
        bs = sel[p]
        printf "BS[%d] = %s; SPE[%d] = %s; TSTR[%d] = %s; NSEED[%d] = %d; NDIV[%d] = %d; HASOK[%d] = %d\n", \
            p, bs, p, (bs in spe) ? spe[bs] : -1, p, q((bs in tn) ? fmt_time(tsum[bs] / tn[bs]) : "n/a"), \
            p, runs[bs], p, ndiv[bs], p, (bs in hasok) ? 1 : 0
    }
    smin = ""; smax = 0
    for (i = 1; i <= nb; i++) {
        bs = ORDER[i]
        if (smin == "" || runs[bs] < smin) smin = runs[bs]
        if (runs[bs] > smax) smax = runs[bs]
    }
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax
    line = ""
    for (i = 1; i <= nseedlist && i <= 5; i++) line = line (i > 1 ? " " : "") SEEDS[i]
    if (nseedlist > 5) line = line " ..."
    print "SEEDLIST = " q(line)
    print "EMAX = " emax
    print "YMIN = " (ymin == "" ? "NaN" : num(ymin)) "; YMAX = " (ymax == "" ? "NaN" : num(ymax))
    print "YMAX_E1 = " (y1ok != "" ? num(y1ok) : (y1all != "" ? num(y1all) : "NaN"))

    print "$AGG << EOD"
    for (p = 1; p <= np; p++) {
        bs = sel[p]
        if (p > 1) printf "\n\n"
        printf "# batch_size %s\n", bs
        c = 0
        for (e = 1; e <= emax_bs[bs]; e++) {
            if (!((bs, e) in NRUN)) continue
            line = e
            for (j = 1; j <= 2; j++) {
                k = bs SUBSEP e SUBSEP j
                if (k in N) line = line " " num(S[k] / N[k]) " " num(LO[k]) " " num(HI[k])
                else        line = line " NaN NaN NaN"
            }
            print line " " NRUN[bs, e]; c++
        }
        if (!c) print "NaN NaN NaN NaN NaN NaN NaN 0"
    }
    print "EOD"

    print "$DIVR << EOD"
    for (p = 1; p <= np; p++) {
        bs = sel[p]
        if (p > 1) printf "\n\n"
        printf "# batch_size %s: diverged runs\n", bs
        c = 0
        for (i = 1; i <= nro[bs]; i++) {
            run = bs SUBSEP RUNS_OF[bs, i]
            if (!(run in divrun)) continue
            if (c++) printf "\n"
            for (e = 1; e <= lastep[run]; e++)
                print e " " (((run, e, 1) in DV) ? num(DV[run, e, 1]) : "NaN") \
                        " " (((run, e, 2) in DV) ? num(DV[run, e, 2]) : "NaN")
        }
        if (!c) print "NaN NaN NaN"
    }
    print "EOD"

    print "$DIVX << EOD"
    for (p = 1; p <= np; p++) {
        bs = sel[p]
        if (p > 1) printf "\n\n"
        printf "# batch_size %s: epoch of divergence\n", bs
        c = 0
        for (i = 1; i <= nro[bs]; i++) {
            run = bs SUBSEP RUNS_OF[bs, i]
            if (run in divrun) { print divep[run]; c++ }
        }
        if (!c) print "NaN"
    }
    print "EOD"
}

# ---------------------------------------------------------------- curves of a grid

# mode=curves when EPOCHS_CSV has grid columns: as do_curves, per (batch
# size, grid point); fb: best.csv (optional), fj: run.json (optional).
# Per panel, NSHOW slots: every point (NPT <= maxg, GMODE 'all'), the
# first maxg (no best.csv: 'first'), or the panel's best point alone
# ('best').  Only the validation metric y2 is aggregated, but for 'best'.
function do_gridcurves(f, fs, fb, fj,    n, ng, ax, k, bs, pk, pi, seed, ep, g, run, nb, npt, nr, j, v,
                                         e, c, i, p, np, line, sl, seen, pseen, bad, badrun, runseen,
                                         runbs, rung, runsg, nro, seeds, nseedlist, spe, last_el, lastep,
                                         emax_g, emax, divep, divrun, ndivg, nrun_all, ndiv_all, havebest,
                                         bestpk, besti, nshow, gmode, show, y2only, ymin, ymax, y1ok, y1all,
                                         sel, tsum, tn, smin, smax, hasok, rg, rrun, rep, rv1, rv2,
                                         pruns, pdiv, pok, divfin, nrun_shown, ndiv_shown) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    ng = NG_
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    close(f)
    short_names(ax, ng)

    # --- statuses from summary.csv (if it has these grid columns), best.csv
    if (fs != "" && open_csv(fs) > 0) {
        if (("batch_size" in COL) && ("seed" in COL) && ("status" in COL) && same_axes(ax, ng)) {
            while (next_row(fs))
                if (NF_ >= NCOLS_ && get("status") != "ok" && get("status") != "target")
                    bad[int_(get("batch_size")) SUBSEP pkey_of(ax, ng) SUBSEP int_(get("seed"))] = 1
        } else close(fs)
    }
    havebest = 0
    if (fb != "" && open_csv(fb) > 0) {
        if (("batch_size" in COL) && same_axes(ax, ng)) {
            havebest = 1
            while (next_row(fb))
                if (NF_ >= NCOLS_) bestpk[int_(get("batch_size"))] = pkey_of(ax, ng)
        } else close(fb)
    }

    # --- epochs.csv: runs are (batch size, point, seed); points in order of
    # first appearance (the config's)
    n = open_csv(f)
    nb = 0; npt = 0; nr = 0; nseedlist = 0; emax = 0; nrun_all = 0
    while (next_row(f)) {
        bs = int_(get("batch_size")); pk = pkey_of(ax, ng); seed = int_(get("seed")); ep = epoch_()
        if (!(bs in seen)) { seen[bs] = ++nb; ORDER[nb] = bs }
        if (!(pk in pseen)) { pseen[pk] = ++npt; PKEY[npt] = pk }
        g = bs SUBSEP pseen[pk]
        run = g SUBSEP seed
        if (!(run in runseen)) {
            runseen[run] = 1; runbs[run] = bs; rung[run] = g; runsg[g]++; nrun_all++
            RUNS_OF[g, ++nro[g]] = seed
            if ((bs SUBSEP pk SUBSEP seed) in bad) badrun[run] = 1
            if (!(seed in seeds)) { seeds[seed] = 1; nseedlist++; SEEDS[nseedlist] = seed }
        }
        if (!(bs in spe) && ep == 1 && get("steps") ~ INTEGER) spe[bs] = int_(get("steps"))
        last_el[run] = get("elapsed_seconds")
        if (!(run in lastep) || ep > lastep[run]) lastep[run] = ep
        if (ep > emax_g[g] + 0) emax_g[g] = ep
        if ((("train_loss" in COL) && !isfinite(get("train_loss"))) ||
            (("val_loss" in COL) && !isfinite(get("val_loss"))))
            if (!(run in divep) || ep < divep[run]) divep[run] = ep
        nr++; rg[nr] = g; rrun[nr] = run; rep[nr] = ep; rv1[nr] = get(y1); rv2[nr] = get(y2)
    }
    if (nb == 0) die(f ": no data rows")
    ndiv_all = 0
    for (run in runseen) {
        if ((run in badrun) && !(run in divep)) divep[run] = lastep[run]
        if (run in divep) { divrun[run] = 1; ndivg[rung[run]]++; ndiv_all++ }
    }

    # --- what each batch size shows
    if (npt <= maxg + 0)  { gmode = "all";   nshow = npt }
    else if (havebest)    { gmode = "best";  nshow = 1 }
    else                  { gmode = "first"; nshow = maxg + 0 }
    for (i = 1; i <= nb; i++) {
        bs = ORDER[i]
        besti[bs] = (havebest && (bs in bestpk) && (bestpk[bs] in pseen)) ? pseen[bestpk[bs]] : 0
        for (sl = 1; sl <= nshow; sl++) {
            pi = (gmode == "best") ? besti[bs] : sl
            SLOT[bs, sl] = pi
            if (pi) show[bs SUBSEP pi] = 1
        }
    }

    # --- aggregate the shown points' runs, as do_curves
    y2only = (gmode != "best")
    ymin = ""; ymax = ""; y1ok = ""; y1all = ""; emax = 0
    for (i = 1; i <= nr; i++) {
        g = rg[i]
        if (!(g in show)) continue
        run = rrun[i]; ep = rep[i]
        if (ep > emax) emax = ep
        if (!(run in divrun)) NRUN[g, ep]++
        for (j = y2only ? 2 : 1; j <= 2; j++) {
            v = (j == 1) ? rv1[i] : rv2[i]
            if (!isfinite(v)) continue
            v += 0
            if (logy && v <= 0) continue
            if (run in divrun) { DV[run, ep, j] = v; divfin[g] = 1 }
            else {
                cell_add(g SUBSEP ep SUBSEP j, v); hasok[g] = 1
                if (ep == 1 && (y1ok == "" || v > y1ok)) y1ok = v
            }
            if (ymin == "" || v < ymin) ymin = v
            if (ymax == "" || v > ymax) ymax = v
            if (ep == 1 && (y1all == "" || v > y1all)) y1all = v
        }
    }
    nrun_shown = 0; ndiv_shown = 0
    for (run in runseen)
        if (rung[run] in show) { nrun_shown++; if (run in divrun) ndiv_shown++ }

    # --- panels: every batch size, or maxp of them evenly spaced
    np = nb
    if (maxp + 0 > 1 && nb > maxp + 0) np = maxp + 0
    for (p = 1; p <= np; p++)
        sel[p] = ORDER[(np == nb) ? p : 1 + int((p - 1) * (nb - 1) / (np - 1) + 0.5)]

    # mean over the shown runs of a batch size of the final elapsed_seconds
    for (run in last_el)
        if ((rung[run] in show) && isfinite(last_el[run])) { tsum[runbs[run]] += last_el[run]; tn[runbs[run]]++ }

    print "NGRID = " ng "; NPT = " npt "; NSHOW = " nshow "; GMODE = " q(gmode) "; HAVEBEST = " havebest
    print "SELECT = " q(run_select(fj))
    line = ""
    for (k = 1; k <= ng; k++) line = line (k > 1 ? ", " : "") SHORT[k]
    print "GKEYS = " q(line)
    print "array PLABEL[NPT]"
    for (pi = 1; pi <= npt; pi++) print "PLABEL[" pi "] = " q(point_label(PKEY[pi], ng, "names"))
    # NRUN_ALL, NDIV_ALL: the runs drawn; NRUN_GRID, NDIV_GRID: every run
    print "NB = " np "; NB_ALL = " nb "; NRUN_ALL = " nrun_shown "; NDIV_ALL = " ndiv_shown \
          "; NRUN_GRID = " nrun_all "; NDIV_GRID = " ndiv_all
    print "array BS[NB]; array SPE[NB]; array TSTR[NB]; array NSEED[NB]; array NDIV[NB]; array HASOK[NB]; array BESTP[NB]"
    print "array SP[NB * NSHOW]; array SOK[NB * NSHOW]; array SDIV[NB * NSHOW]; array SDIVF[NB * NSHOW]"
    smin = ""; smax = 0
    for (p = 1; p <= np; p++) {
        bs = sel[p]
        pruns = 0; pdiv = 0; pok = 0
        for (sl = 1; sl <= nshow; sl++) {
            pi = SLOT[bs, sl]; g = bs SUBSEP pi
            k = (p - 1) * nshow + sl
            printf "SP[%d] = %d; SOK[%d] = %d; SDIV[%d] = %d; SDIVF[%d] = %d\n", k, pi, k, (g in hasok) ? 1 : 0, \
                k, pi ? ndivg[g] + 0 : 0, k, (g in divfin) ? 1 : 0
            if (!pi || !(g in runsg)) continue
            pruns += runsg[g]; pdiv += ndivg[g]; if (g in hasok) pok = 1
            if (smin == "" || runsg[g] < smin) smin = runsg[g]
            if (runsg[g] > smax) smax = runsg[g]
        }
        printf "BS[%d] = %s; SPE[%d] = %s; TSTR[%d] = %s; NSEED[%d] = %d; NDIV[%d] = %d; HASOK[%d] = %d; BESTP[%d] = %d\n", \
            p, bs, p, (bs in spe) ? spe[bs] : -1, p, q((bs in tn) ? fmt_time(tsum[bs] / tn[bs]) : "n/a"), \
            p, pruns, p, pdiv, p, pok, p, besti[bs]
    }
    # runs per (batch size, point), over every point when none is shown
    if (smin == "")
        for (g in runsg) {
            if (smin == "" || runsg[g] < smin) smin = runsg[g]
            if (runsg[g] > smax) smax = runsg[g]
        }
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax
    line = ""
    for (i = 1; i <= nseedlist && i <= 5; i++) line = line (i > 1 ? " " : "") SEEDS[i]
    if (nseedlist > 5) line = line " ..."
    print "SEEDLIST = " q(line)
    print "EMAX = " emax
    print "YMIN = " (ymin == "" ? "NaN" : num(ymin)) "; YMAX = " (ymax == "" ? "NaN" : num(ymax))
    print "YMAX_E1 = " (y1ok != "" ? num(y1ok) : (y1all != "" ? num(y1all) : "NaN"))

    # one block per (panel, slot), panel major
    print "$AGG << EOD"
    c = 0
    for (p = 1; p <= np; p++)
        for (sl = 1; sl <= nshow; sl++) {
            bs = sel[p]; pi = SLOT[bs, sl]; g = bs SUBSEP pi
            if (c++) printf "\n\n"
            printf "# batch_size %s, grid point %d\n", bs, pi
            n = 0
            for (e = 1; pi && e <= emax_g[g]; e++) {
                if (!((g, e) in NRUN)) continue
                line = e
                for (j = 1; j <= 2; j++) {
                    k = g SUBSEP e SUBSEP j
                    if (k in N) line = line " " num(S[k] / N[k]) " " num(LO[k]) " " num(HI[k])
                    else        line = line " NaN NaN NaN"
                }
                print line " " NRUN[g, e]; n++
            }
            if (!n) print "NaN NaN NaN NaN NaN NaN NaN 0"
        }
    print "EOD"

    print "$DIVR << EOD"
    c = 0
    for (p = 1; p <= np; p++)
        for (sl = 1; sl <= nshow; sl++) {
            bs = sel[p]; pi = SLOT[bs, sl]; g = bs SUBSEP pi
            if (c++) printf "\n\n"
            printf "# batch_size %s, grid point %d: diverged runs\n", bs, pi
            n = 0
            for (i = 1; pi && i <= nro[g]; i++) {
                run = g SUBSEP RUNS_OF[g, i]
                if (!(run in divrun)) continue
                if (n++) printf "\n"
                for (e = 1; e <= lastep[run]; e++)
                    print e " " (((run, e, 1) in DV) ? num(DV[run, e, 1]) : "NaN") \
                            " " (((run, e, 2) in DV) ? num(DV[run, e, 2]) : "NaN")
            }
            if (!n) print "NaN NaN NaN"
        }
    print "EOD"

    print "$DIVX << EOD"
    c = 0
    for (p = 1; p <= np; p++)
        for (sl = 1; sl <= nshow; sl++) {
            bs = sel[p]; pi = SLOT[bs, sl]; g = bs SUBSEP pi
            if (c++) printf "\n\n"
            printf "# batch_size %s, grid point %d: epoch of divergence\n", bs, pi
            n = 0
            for (i = 1; pi && i <= nro[g]; i++) {
                run = g SUBSEP RUNS_OF[g, i]
                if (run in divrun) { print divep[run]; n++ }
            }
            if (!n) print "NaN"
        }
    print "EOD"
}

# ---------------------------------------------------------------- summary

# Accumulate value v of a run that did not diverge into statistic (name, bs),
# and into the range of name.
function acc_stat(name, bs, v) {
    if (!usable(name, v)) return
    v += 0
    k_ = name SUBSEP bs
    if (!(k_ in SN)) { SN[k_] = 0; SS[k_] = 0; SLO[k_] = v; SHI[k_] = v }
    SN[k_]++; SS[k_] += v
    if (v < SLO[k_]) SLO[k_] = v
    if (v > SHI[k_]) SHI[k_] = v
    widen(name, v)
}

# can v be drawn on the axis of statistic name?  (time: log scale)
function usable(name, v) { return isfinite(v) && !(name == "t" && v + 0 <= 0) }

function widen(name, v) {
    v += 0
    if (!(name in RLO) || v < RLO[name]) RLO[name] = v
    if (!(name in RHI) || v > RHI[name]) RHI[name] = v
}

function stat3(name, bs,    k) {
    k = name SUBSEP bs
    if (k in AGGV) return AGGV[k]
    if (!(k in SN)) return "NaN NaN NaN"
    return num(SS[k] / SN[k]) " " num(SLO[k]) " " num(SHI[k])
}

# a diverged run's value of statistic name, for $DIV ("NaN" if not usable)
function divval(name, v) {
    if (!usable(name, v)) return "NaN"
    widen(name, v)
    return num(v)
}

function range_of(name, which) {
    if (!(name in RLO)) return "NaN"
    return num(which == "lo" ? RLO[name] : RHI[name])
}

function do_summary(fs, fe, fb, fj,    n, bs, seed, run, ep, v, i, j, t, nb, seen, runs,
                                       e95, lastep, VA, ndivtot, nruntot,
                                       smin, smax, target, found, ng, ax, k, bestpk, nobest, line,
                                       anyt, tv, tm) {
    # --- with grid columns, only each batch size's best point (best.csv,
    # checked by mode=gridcheck) is summarised; a run is (batch size, point, seed)
    ng = 0
    if (open_csv(fs) > 0) {
        ng = NG_
        for (k = 1; k <= ng; k++) ax[k] = GN[k]
        close(fs)
    }
    if (ng && fb != "" && open_csv(fb) > 0)
        while (next_row(fb))
            if (NF_ >= NCOLS_) bestpk[int_(get("batch_size"))] = pkey_of(ax, ng)

    # --- summary.csv
    n = open_csv(fs)
    if (n <= 0) die(fs ": cannot read file or file is empty")
    nb = 0; ndivtot = 0; nruntot = 0
    while (next_row(fs)) {
        bs = int_(get("batch_size")); seed = int_(get("seed"))
        run = bs SUBSEP (ng ? pkey_of(ax, ng) SUBSEP : "") seed
        if (!(bs in seen)) { seen[bs] = 1; B[++nb] = bs; runs[bs] = 0 }
        if (ng && (!(bs in bestpk) || bestpk[bs] != pkey_of(ax, ng))) continue
        runs[bs]++; nruntot++
        # epochs to 95%: bsweep's column (the first epoch from which
        # val_acc stays >= 95% of the final one), an integer
        v = get("epochs_to_95")
        if (v !~ INTEGER || v + 0 < 1)
            die(fs ":" LINENO_ ": column epochs_to_95: not a positive integer: '" shown(v) "'")
        e95[run] = v + 0
        if ("epochs_to_target" in COL) {
            v = get("epochs_to_target")
            if (v != "" && !isfinite(v))
                die(fs ":" LINENO_ ": column epochs_to_target: not a number: '" shown(v) "'")
            TN[bs]++
            if (v != "") { TV[bs, ++TR[bs]] = v + 0; anyt = 1 }
        }
        if (("status" in COL) && get("status") != "ok" && get("status") != "target") {
            ndivtot++
            DIVROW[ndivtot] = bs " " divval("acc", get("final_val_acc")) " " divval("t", get("total_seconds")) \
                " " ((run in e95) ? divval("e", e95[run]) : "NaN")
            continue
        }
        acc_stat("acc", bs, get("final_val_acc"))
        acc_stat("t", bs, get("total_seconds"))
        if (run in e95) acc_stat("e", bs, e95[run])
    }
    if (nb == 0) die(fs ": no data rows")
    summary_aggregates(fs, ax, ng, bestpk)

    # ascending batch sizes (insertion sort)
    for (i = 2; i <= nb; i++) {
        t = B[i]
        for (j = i - 1; j >= 1 && B[j] + 0 > t + 0; j--) B[j + 1] = B[j]
        B[j + 1] = t
    }
    print "NB = " nb
    print "array BS[NB]"
    smin = ""; smax = 0
    for (i = 1; i <= nb; i++) {
        print "BS[" i "] = " B[i]
        if (ng && !runs[B[i]]) continue         # no best point
        if (smin == "" || runs[B[i]] < smin) smin = runs[B[i]]
        if (runs[B[i]] > smax) smax = runs[B[i]]
    }
    if (smin == "") smin = 0
    print "XMIN = " num(B[1] / 1.5) "; XMAX = " num(B[nb] * 1.5)
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax
    print "NRUN_TOTAL = " nruntot "; NDIV_TOTAL = " ndivtot
    print "$DIV << EOD"
    for (i = 1; i <= ndivtot; i++) print DIVROW[i]
    if (ndivtot == 0) print "NaN NaN NaN NaN"
    print "EOD"
    # overall ranges (over all runs, diverged ones included) for the y axes
    print "ACC_LO = " range_of("acc", "lo") "; ACC_HI = " range_of("acc", "hi")
    print "T_LO = " range_of("t", "lo") "; T_HI = " range_of("t", "hi")
    print "E_LO = " range_of("e", "lo") "; E_HI = " range_of("e", "hi")
    print "$SUM << EOD"
    for (i = 1; i <= nb; i++)
        print B[i] " " stat3("acc", B[i]) " " stat3("t", B[i]) " " stat3("e", B[i]) " " runs[B[i]]
    print "EOD"
    summary_target(fj, nb, anyt)
    if (!ng) return

    # --- the grid: each batch size's best point, as a label (its values)
    short_names(ax, ng)
    line = ""
    for (k = 1; k <= ng; k++) line = line (k > 1 ? ", " : "") SHORT[k]
    nobest = 0
    for (i = 1; i <= nb; i++) nobest += !(B[i] in bestpk)
    print "NGRID = " ng "; NNOBEST = " nobest "; SELECT = " q(run_select(fj)) "; GKEYS = " q(line)
    print "array BL[NB]; array NOBEST[NB]; array ACCM[NB]"
    for (i = 1; i <= nb; i++) {
        k = "acc" SUBSEP B[i]
        print "BL[" i "] = " q((B[i] in bestpk) ? point_label(bestpk[B[i]], ng, "") : "") \
              "; NOBEST[" i "] = " ((B[i] in bestpk) ? 0 : 1) "; ACCM[" i "] = " ((k in AGGV) ? substr(AGGV[k], 1, index(AGGV[k], " ") - 1) : (k in SN) ? num(SS[k] / SN[k]) : "NaN")
    }
}

# The statistics drawn, as bsweep computed them: from the aggregate.csv
# beside summary.csv (fs), when there is one, the mean, min and max of
# final_val_acc, total_seconds and epochs_to_95 of each batch size (with
# a grid, of its best point bestpk[]) into AGGV[name, bs] ("mean min max",
# NaN for a value that is not a finite number: no seed left).  Without
# it (an older directory) stat3 falls back to the runs' own statistics.
function summary_aggregates(fs, ax, ng, bestpk,    fa, m, st, name, bs, v, line) {
    fa = fs
    if (!sub(/[^\/]*$/, "aggregate.csv", fa) || open_csv(fa) <= 0) return
    split("final_val_acc total_seconds epochs_to_95", MN_, " ")
    split("mean min max", ST_, " ")
    for (m = 1; m <= 3; m++)
        for (st = 1; st <= 3; st++)
            if (!((MN_[m] "_" ST_[st]) in COL)) { close(fa); return }
    while (next_row(fa)) {
        bs = int_(get("batch_size"))
        if (ng && (!(bs in bestpk) || bestpk[bs] != pkey_of(ax, ng))) continue
        for (m = 1; m <= 3; m++) {
            name = m == 1 ? "acc" : m == 2 ? "t" : "e"
            line = ""
            for (st = 1; st <= 3; st++) {
                v = get(MN_[m] "_" ST_[st])
                line = line (st > 1 ? " " : "") (isfinite(v) ? num(v) : "NaN")
            }
            AGGV[name, bs] = line
        }
    }
}

# The declared target's panel: TARGET = 1 when run.json names a target
# (analysis.target_metric, one of bsweep's metrics) or, without run.json,
# when some run has an epochs_to_target; TGTTXT ("val_acc >= 0.8"), the
# range TE_LO/TE_HI (NaN if no run reached it), NTCENS and
#   $TGT:   bs  median min max  reached runs   (median: over every run of
#           the batch size, a censored one counted as never, so it exists
#           only when more than half reached the target; min, max: over
#           those that reached it)
#   $TCENS: bs  of each batch size without a median (a NaN row if none)
# Reads TN[] TR[] TV[] filled by do_summary.
function summary_target(fj, nb, anyt,    metric, value, i, j, k, t, n, r, med, lo, hi, ncens, rows, lows, highs) {
    metric = ""
    if (fj != "") {
        while ((getline t < fj) > 0)
            if (t ~ /^[ \t]*"target_metric"[ \t]*:[ \t]*"(val_acc|val_loss|train_acc|train_loss)"/) {
                metric = t; sub(/^[^:]*:[ \t]*"/, "", metric); sub(/".*$/, "", metric); break
            }
        close(fj)
        value = json_num(fj, "target_value")
    }
    if (metric == "" && !anyt) { print "TARGET = 0"; return }
    print "TARGET = 1"
    t = "the target"
    if (metric != "" && isfinite(value)) t = metric (metric ~ /loss$/ ? " <= " : " >= ") num(value)
    print "TGTTXT = " q(t)
    rows = ""; lows = ""; highs = ""; ncens = 0; lo = ""; hi = ""
    print "$TGT << EOD"
    for (i = 1; i <= nb; i++) {
        n = TN[B[i]] + 0; r = TR[B[i]] + 0
        # sort the reached values (insertion sort)
        for (j = 2; j <= r; j++) {
            t = TV[B[i], j]
            for (k = j - 1; k >= 1 && TV[B[i], k] > t; k--) TV[B[i], k + 1] = TV[B[i], k]
            TV[B[i], k + 1] = t
        }
        # the median of n values of which n - r are +inf: the (n+1)/2-th
        # smallest (mean of the two middle ones for even n), if reached
        med = "NaN"
        if (n > 0 && 2 * r > n) {
            if (n % 2) med = num(TV[B[i], (n + 1) / 2])
            else if (n / 2 + 1 <= r) med = num((TV[B[i], n / 2] + TV[B[i], n / 2 + 1]) / 2)
        }
        if (med == "NaN") CEN[++ncens] = B[i]
        if (r > 0) {
            if (lo == "" || TV[B[i], 1] < lo) lo = TV[B[i], 1]
            if (hi == "" || TV[B[i], r] > hi) hi = TV[B[i], r]
        }
        print B[i] " " med " " (r ? num(TV[B[i], 1]) : "NaN") " " (r ? num(TV[B[i], r]) : "NaN") " " r " " n
    }
    print "EOD"
    print "TE_LO = " (lo == "" ? "NaN" : num(lo)) "; TE_HI = " (hi == "" ? "NaN" : num(hi)) "; NTCENS = " ncens
    print "$TCENS << EOD"
    for (i = 1; i <= ncens; i++) print CEN[i]
    if (ncens == 0) print "NaN"
    print "EOD"
}

# ---------------------------------------------------------------- heatmap

# a score as a number: -inf (and nan: a diverged median) as -1e308
function score_of(s) {
    if (isfinite(s)) return s + 0
    return (tolower(s) ~ /^[+]?inf(inity)?$/) ? 1e308 : -1e308
}

function do_heatmap(f, fj,    n, ng, ax, k, bs, yv, c, i, j, t, nx, ny, xseen, yseen, XB, YV, sc,
                              cbest, cscore, cacc, cdiv, cseeds, csel, smin, smax, lo, hi,
                              line, acc, ncell, ndcell, nsome, nsel, nempty) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    ng = NG_
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    short_names(ax, ng)
    nx = 0; ny = 0; smin = ""; smax = 0
    # a cell is (batch size, value of the first axis): the row with the
    # highest score over the other axes (the first of equals: config order)
    while (next_row(f)) {
        bs = int_(get("batch_size")); yv = get(ax[1])
        if (!(bs in xseen)) { xseen[bs] = 1; XB[++nx] = bs }
        if (!(yv in yseen)) { yseen[yv] = ++ny; YV[ny] = yv }
        c = bs SUBSEP yseen[yv]
        sc = score_of(get("score"))
        if (!(c in cbest) || sc > cscore[c]) {
            cbest[c] = 1; cscore[c] = sc; cacc[c] = get("final_val_acc")
            cdiv[c] = int_(get("diverged")); cseeds[c] = int_(get("seeds"))
        }
        if (get("selected") + 0 == 1) csel[c] = 1
        t = int_(get("seeds"))
        if (smin == "" || t + 0 < smin + 0) smin = t
        if (t + 0 > smax + 0) smax = t
    }
    if (nx == 0) die(f ": no data rows")
    # ascending batch sizes (insertion sort)
    for (i = 2; i <= nx; i++) {
        t = XB[i]
        for (j = i - 1; j >= 1 && XB[j] + 0 > t + 0; j--) XB[j + 1] = XB[j]
        XB[j + 1] = t
    }
    # colour range: the cells whose median run did not diverge
    lo = ""; hi = ""
    for (c in cbest)
        if (cscore[c] > -1e308 && isfinite(cacc[c])) {
            if (lo == "" || cacc[c] + 0 < lo) lo = cacc[c] + 0
            if (hi == "" || cacc[c] + 0 > hi) hi = cacc[c] + 0
        }
    if (lo != "" && hi - lo < 1e-9) { lo -= 0.005; hi += 0.005 }

    line = ""
    for (k = 2; k <= ng; k++) line = line (k > 2 ? ", " : "") SHORT[k]
    print "NX = " nx "; NY = " ny "; NGRID = " ng
    print "YKEY = " q(ax[1]) "; OTHERS = " q(line)
    print "SELECT = " q(run_select(fj))
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax
    print "CBLO = " (lo == "" ? "NaN" : num(lo)) "; CBHI = " (hi == "" ? "NaN" : num(hi))
    print "array XB[NX]; array YL[NY]"
    for (i = 1; i <= nx; i++) print "XB[" i "] = " XB[i]
    for (j = 1; j <= ny; j++) print "YL[" j "] = " q(YV[j])

    # cells at x = 0..NX-1 (batch sizes ascending), y = 0..NY-1 (config order)
    ncell = 0; ndcell = 0; nsome = 0; nsel = 0; nempty = 0
    # $CELL: x y acc white diverged seeds, the cells whose median run did
    # not diverge (white: the text on it is white); $DCELL: x y diverged
    # seeds, the others; $SEL: x y, the cells of the selected points;
    # $EMPTY: x y, cells without a row.  Each ends with a row of NaN.
    print "$CELL << EOD"
    for (i = 1; i <= nx; i++)
        for (j = 1; j <= ny; j++) {
            c = XB[i] SUBSEP j
            if (!(c in cbest) || cscore[c] <= -1e308 || !isfinite(cacc[c])) continue
            acc = cacc[c] + 0
            print (i - 1) " " (j - 1) " " num(acc) " " ((acc - lo) / (hi - lo) < 0.6 ? 1 : 0) \
                  " " cdiv[c] " " cseeds[c]
            ncell++; if (cdiv[c] + 0 > 0) nsome++
        }
    print "NaN NaN NaN 0 0 0"
    print "EOD"
    print "$DCELL << EOD"
    for (i = 1; i <= nx; i++)
        for (j = 1; j <= ny; j++) {
            c = XB[i] SUBSEP j
            if (!(c in cbest) || (cscore[c] > -1e308 && isfinite(cacc[c]))) continue
            print (i - 1) " " (j - 1) " " cdiv[c] " " cseeds[c]; ndcell++
        }
    print "NaN NaN NaN NaN"
    print "EOD"
    print "$SEL << EOD"
    for (i = 1; i <= nx; i++)
        for (j = 1; j <= ny; j++)
            if ((XB[i] SUBSEP j) in csel) { print (i - 1) " " (j - 1); nsel++ }
    print "NaN NaN"
    print "EOD"
    print "$EMPTY << EOD"
    for (i = 1; i <= nx; i++)
        for (j = 1; j <= ny; j++)
            if (!((XB[i] SUBSEP j) in cbest)) { print (i - 1) " " (j - 1); nempty++ }
    print "NaN NaN"
    print "EOD"
    print "NCELL = " ncell "; NDCELL = " ndcell "; NSOME = " nsome "; NSEL = " nsel "; NEMPTY = " nempty
}

# ---------------------------------------------------------------- compare

# a value for a datablock: the number, or NaN when it is not finite
function fin(v) { return isfinite(v) ? num(v) : "NaN" }

function do_compare(f,    n, ng, ax, k, d, bs, pk, c, npt, nd, nbs, pseen, bseen, BSL, nrow,
                          ROW, RBS, ORD, lo, i, j, t, tb, line, pt) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    ng = NG_
    if (!ng) { close(f); print "NGRID = 0"; return }
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    short_names(ax, ng)
    npt = 0; nd = 0; nbs = 0
    # a series is (directory, point): c = dir SUBSEP point index
    while (next_row(f)) {
        if (NF_ < NCOLS_) continue
        d = int_(get("dir_index")) + 0; bs = int_(get("batch_size")); pk = pkey_of(ax, ng)
        if (!(pk in pseen)) { pseen[pk] = ++npt; PKEY[npt] = pk }
        if (!(bs in bseen)) { bseen[bs] = 1; BSL[++nbs] = bs }
        if (d > nd) nd = d
        c = d SUBSEP pseen[pk]
        lo = get("min_seconds")
        if (!(isfinite(lo) && lo + 0 > 0)) lo = get("median_seconds")
        ROW[c, ++nrow[c]] = bs " " fin(get("median_seconds")) " " fin(lo) " " fin(get("max_seconds")) \
                            " " fin(get("ratio")) " " (get("significant") == "yes" ? 1 : 0)
        RBS[c, nrow[c]] = bs + 0
    }
    if (!npt) die(f ": no data rows")
    # batch sizes ascending (insertion sort, as numbers)
    for (i = 2; i <= nbs; i++) {
        t = BSL[i]
        for (j = i - 1; j >= 1 && BSL[j] + 0 > t + 0; j--) BSL[j + 1] = BSL[j]
        BSL[j + 1] = t
    }
    print "NGRID = " ng "; NPT = " npt "; NBSG = " nbs
    line = ""
    for (k = 1; k <= ng; k++) line = line (k > 1 ? ", " : "") SHORT[k]
    print "GKEYS = " q(line)
    print "array PLABEL[NPT]; array BSG[NBSG]"
    for (pt = 1; pt <= npt; pt++) print "PLABEL[" pt "] = " q(point_label(PKEY[pt], ng, "names"))
    for (i = 1; i <= nbs; i++) print "BSG[" i "] = " BSL[i]
    print "$CMP << EOD"
    for (d = 1; d <= nd; d++)
        for (pt = 1; pt <= npt; pt++) {
            c = d SUBSEP pt
            if (d > 1 || pt > 1) printf "\n\n"
            printf "# directory %d, grid point %d\n", d, pt
            # its rows by batch size ascending (insertion sort on an index)
            n = nrow[c] + 0
            for (i = 1; i <= n; i++) ORD[i] = i
            for (i = 2; i <= n; i++) {
                t = ORD[i]; tb = RBS[c, t]
                for (j = i - 1; j >= 1 && RBS[c, ORD[j]] > tb; j--) ORD[j + 1] = ORD[j]
                ORD[j + 1] = t
            }
            for (i = 1; i <= n; i++) print ROW[c, ORD[i]]
            if (!n) print "NaN NaN NaN NaN NaN 0"
        }
    print "EOD"
}

# ---------------------------------------------------------------- scaling

# a scaling.csv field: "" (censored) or a finite number, else die
function sc_val(f, name,    v) {
    v = get(name)
    if (v == "" || isfinite(v)) return v
    die(f ":" LINENO_ ": column " name ": not a number: '" shown(v) "'")
}
function sc_num(v) { return v == "" ? "NaN" : num(v) }
function sc_range(v, lo, hi) {
    if (v == "" || v + 0 <= 0) return
    if (!(lo in RG) || v + 0 < RG[lo]) RG[lo] = v + 0
    if (!(hi in RG) || v + 0 > RG[hi]) RG[hi] = v + 0
}
# the first "key": NUMBER in run.json (a number only), or ""
function json_num(fj, key,    line, r) {
    if (fj == "") return ""
    while ((getline line < fj) > 0)
        if (line ~ ("^[ \t]*\"" key "\"[ \t]*:")) {
            r = line
            sub(/^[^:]*:[ \t]*/, "", r)
            sub(/[ \t]*,?[ \t]*$/, "", r)
            close(fj)
            return r
        }
    close(fj)
    return ""
}
# FITV[point, key] (point from 1, config order): the fits of run.json's
# analysis.fits, each "point": N starting the next point's keys; NFITP
# points.  Only numbers and true/false are kept.
function json_fits(fj,    line, r, cur, key) {
    NFITP = 0; split("", FITV)
    if (fj == "") return
    cur = 0
    while ((getline line < fj) > 0) {
        if (line ~ /^[ \t]*"point"[ \t]*:[ \t]*[0-9]+/) {
            r = line; sub(/^[^:]*:[ \t]*/, "", r); sub(/[^0-9].*$/, "", r)
            cur = r + 1; if (cur > NFITP) NFITP = cur
            continue
        }
        if (!cur || line !~ /^[ \t]*"(s_min|b_crit|b_crit_lo|b_crit_hi|degenerate)"[ \t]*:/) continue
        key = line; sub(/^[ \t]*"/, "", key); sub(/".*$/, "", key)
        r = line; sub(/^[^:]*:[ \t]*/, "", r); sub(/[ \t]*,?[ \t]*$/, "", r)
        if (!((cur, key) in FITV)) FITV[cur, key] = r
    }
    close(fj)
}
function do_scaling(f, fj,    n, k, cols, bs, pk, npt, PK, seen, nb, c, v, line, s1, b1, ns, s, i, j, t,
                    smin, bc, lo, hi, nt, dg, all, NBU, ubs, nr, sl) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file")
    split("batch_size steps_to_target_median steps_to_target_min steps_to_target_max " \
          "examples_to_target_median examples_to_target_min examples_to_target_max " \
          "seconds_to_target_median seconds_to_target_min seconds_to_target_max", cols, " ")
    for (k = 1; k <= 10; k++)
        if (!(cols[k] in COL)) die(f ": no column " cols[k])
    npt = 0; nb = 0; split("", RG)
    while (next_row(f)) {
        if (NF_ != n) die(f ":" LINENO_ ": " NF_ " fields, the header has " n)
        pk = ""
        for (k = 1; k <= NG_; k++) pk = pk (k > 1 ? SUBSEP : "") get(GN[k])
        if (!(pk in seen)) { seen[pk] = ++npt; PK[npt] = pk; NR_[npt] = 0 }
        s = seen[pk]
        bs = get("batch_size")
        if (bs !~ INTEGER || bs + 0 <= 0) die(f ":" LINENO_ ": batch_size: not a positive integer: '" shown(bs) "'")
        bs = int_(bs)
        line = bs
        nr = ++NR_[s]
        for (k = 2; k <= 10; k++) {
            v = sc_val(f, cols[k])
            line = line " " sc_num(v)
            SCV[s, nr, k] = v
        }
        ROW[s, nr] = line
        RB[s, NR_[s]] = bs
    }
    if (npt == 0) die(f ": no data rows")
    # the series drawn: every grid point when there are at most maxg, else
    # (and without a grid) the first point alone
    all = (NG_ > 0 && npt <= maxg + 0)
    ns = all ? npt : 1
    short_names(GN, NG_)
    nb = 0
    for (s = 1; s <= ns; s++)
        for (j = 1; j <= NR_[s]; j++) {
            if (!(RB[s, j] in ubs)) { ubs[RB[s, j]] = 1; NBU[++nb] = RB[s, j] }
            for (k = 2; k <= 10; k++) {
                c = (k <= 4) ? "S" : (k <= 7) ? "E" : "T"
                sc_range(SCV[s, j, k], c "LO", c "HI")
            }
        }
    for (i = 2; i <= nb; i++) {
        t = NBU[i]
        for (j = i - 1; j >= 1 && NBU[j] + 0 > t + 0; j--) NBU[j + 1] = NBU[j]
        NBU[j + 1] = t
    }
    printf "array BS[%d]\n", nb
    for (k = 1; k <= nb; k++) print "BS[" k "] = " NBU[k]
    printf "XMIN = %s\nXMAX = %s\n", num(NBU[1] / 1.4), num(NBU[nb] * 1.4)
    # NCENS: the censored batch sizes of the series drawn
    c = 0
    for (s = 1; s <= ns; s++) for (j = 1; j <= NR_[s]; j++) if (SCV[s, j, 2] == "") c++
    printf "NB = %d\nNCENS = %d\nNGRID = %d\nNPOINTS = %d\nNSER = %d\n", nb, c, NG_, npt, ns
    print "GPOINT = " q(NG_ > 0 ? point_text(PK[1], GN, NG_) : "")
    printf "array PLABEL[%d]\n", ns
    for (s = 1; s <= ns; s++) print "PLABEL[" s "] = " q(NG_ > 0 ? point_label(PK[s], NG_, "names") : "")
    for (c = 1; c <= 3; c++) {
        k = substr("SET", c, 1)
        printf "%sLO = %s\n%sHI = %s\n", k, ((k "LO") in RG) ? num(RG[k "LO"]) : "NaN", \
               k, ((k "HI") in RG) ? num(RG[k "HI"]) : "NaN"
    }
    # perfect scaling through the first series' smallest batch size with a median
    s1 = ""
    for (j = 1; j <= NR_[1]; j++)
        if (SCV[1, j, 2] != "" && (s1 == "" || RB[1, j] + 0 < b1 + 0)) { s1 = SCV[1, j, 2]; b1 = RB[1, j] }
    print "S1 = " (s1 == "" ? "NaN" : num(s1)) "\nB1 = " (s1 == "" ? "NaN" : num(b1))
    # the fits: run.json's analysis.fit, or with a grid analysis.fits (the
    # k-th fit the k-th point in the config's order, scaling.csv's order)
    nt = json_num(fj, "n_train")
    json_fits(fj)
    printf "array FITA[%d]\narray SMINA[%d]\narray BCA[%d]\narray BLOA[%d]\narray BHIA[%d]\narray DEGA[%d]\n", \
           ns, ns, ns, ns, ns, ns
    for (s = 1; s <= ns; s++) {
        if (NFITP > 0) {
            smin = FITV[s, "s_min"]; bc = FITV[s, "b_crit"]; lo = FITV[s, "b_crit_lo"]
            hi = FITV[s, "b_crit_hi"]; dg = FITV[s, "degenerate"]
        } else {
            smin = json_num(fj, "s_min"); bc = json_num(fj, "b_crit")
            lo = json_num(fj, "b_crit_lo"); hi = json_num(fj, "b_crit_hi"); dg = json_num(fj, "degenerate")
        }
        FV["FIT"] = (isfinite(smin) && isfinite(bc)) ? 1 : 0
        FV["S_MIN"] = isfinite(smin) ? num(smin) : "NaN"; FV["B_CRIT"] = isfinite(bc) ? num(bc) : "NaN"
        FV["B_LO"] = isfinite(lo) ? num(lo) : "NaN"; FV["B_HI"] = isfinite(hi) ? num(hi) : "NaN"
        FV["DEGEN"] = (dg == "true") ? 1 : 0
        sl = "[" s "] = "
        print "FITA" sl FV["FIT"] "\nSMINA" sl FV["S_MIN"] "\nBCA" sl FV["B_CRIT"]
        print "BLOA" sl FV["B_LO"] "\nBHIA" sl FV["B_HI"] "\nDEGA" sl FV["DEGEN"]
        if (s == 1)
            print "FIT = " FV["FIT"] "\nS_MIN = " FV["S_MIN"] "\nB_CRIT = " FV["B_CRIT"] \
                  "\nB_LO = " FV["B_LO"] "\nB_HI = " FV["B_HI"] \
                  "\nNTRAIN = " ((nt ~ INTEGER && nt + 0 > 0) ? int_(nt) : 0) "\nDEGEN = " FV["DEGEN"]
    }
    # one block per series (blocks separated by 2 blank lines)
    print "$SC << EOD"
    for (s = 1; s <= ns; s++) {
        if (s > 1) print "\n"
        for (j = 1; j <= NR_[s]; j++) print ROW[s, j]
    }
    print "EOD"
    print "$CENS << EOD"
    for (s = 1; s <= ns; s++) {
        if (s > 1) print "\n"
        c = 0
        for (j = 1; j <= NR_[s]; j++) if (SCV[s, j, 2] == "") { print RB[s, j]; c++ }
        if (c == 0) print "NaN"
    }
    print "EOD"
}

# ---------------------------------------------------------------- noise

function do_noise(f, fj,    n, k, pk, npt, PK, seen, s, ns, all, bs, ep, v, c, i, j, t, nb, cnt, ylo, yhi, emax,
                  seeds, smin, smax, nv, bc, dg, m, sk) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file")
    if (!("b_simple" in COL)) die(f ": no column b_simple (analysis.noise_scale was off)")
    npt = 0; nb = 0; emax = 0; ylo = ""; yhi = ""
    while (next_row(f)) {
        pk = ""
        for (k = 1; k <= NG_; k++) pk = pk (k > 1 ? SUBSEP : "") get(GN[k])
        if (!(pk in seen)) { seen[pk] = ++npt; PK[npt] = pk }
        s = seen[pk]
        bs = int_(get("batch_size")); ep = epoch_()
        RUNP[s] = 1
        if (!(bs in BSEEN)) { BSEEN[bs] = 1; NBS[++nb] = bs }
        seeds[s, bs, int_(get("seed"))] = 1
        if (ep > emax) emax = ep
        v = get("b_simple")
        if (!isfinite(v) || v + 0 <= 0) continue
        c = ++NV[s, bs, ep]; VV[s, bs, ep, c] = v + 0
    }
    if (nb == 0) die(f ": no data rows")
    # the series drawn: every grid point when there are at most maxg, else
    # (and without a grid) the first point alone
    all = (NG_ > 0 && npt <= maxg + 0)
    ns = all ? npt : 1
    short_names(GN, NG_)
    for (i = 2; i <= nb; i++) {
        t = NBS[i]
        for (j = i - 1; j >= 1 && NBS[j] + 0 > t + 0; j--) NBS[j + 1] = NBS[j]
        NBS[j + 1] = t
    }
    printf "NB = %d\narray BS[%d]\n", nb, nb
    smin = ""; smax = 0
    for (i = 1; i <= nb; i++) {
        print "BS[" i "] = " NBS[i]
        for (s = 1; s <= ns; s++) {
            cnt = 0
            for (k in seeds) { split(k, sk, SUBSEP); if (sk[1] == s && sk[2] == NBS[i]) cnt++ }
            if (cnt == 0) continue
            if (smin == "" || cnt < smin) smin = cnt
            if (cnt > smax) smax = cnt
        }
    }
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax "; EMAX = " emax
    print "NGRID = " NG_ "; NPOINTS = " npt "; NSER = " ns
    print "GPOINT = " q(NG_ > 0 ? point_text(PK[1], GN, NG_) : "")
    printf "array PLABEL[%d]\n", ns
    for (s = 1; s <= ns; s++) print "PLABEL[" s "] = " q(NG_ > 0 ? point_label(PK[s], NG_, "names") : "")
    # one block per (series, batch size), series major
    print "$NZ << EOD"
    for (s = 1; s <= ns; s++)
    for (i = 1; i <= nb; i++) {
        if (s > 1 || i > 1) print "\n"
        nv = 0
        for (ep = 1; ep <= emax; ep++) {
            c = NV[s, NBS[i], ep] + 0
            if (c == 0) continue
            for (j = 1; j <= c; j++) VS[j] = VV[s, NBS[i], ep, j]
            m = median_of(c)
            if (ylo == "" || m < ylo) ylo = m
            if (yhi == "" || m > yhi) yhi = m
            print ep " " num(m); nv++
        }
        if (nv == 0) print "NaN NaN"
    }
    print "EOD"
    print "YLO = " (ylo == "" ? "NaN" : num(ylo)) "; YHI = " (yhi == "" ? "NaN" : num(yhi))
    # each series' fit: analysis.fit, or with a grid analysis.fits' k-th point
    json_fits(fj)
    printf "array FITA[%d]\narray BCA[%d]\narray DEGA[%d]\n", ns, ns, ns
    for (s = 1; s <= ns; s++) {
        if (NFITP > 0) { bc = FITV[s, "b_crit"]; dg = FITV[s, "degenerate"] }
        else { bc = json_num(fj, "b_crit"); dg = json_num(fj, "degenerate") }
        print "FITA[" s "] = " (isfinite(bc) ? 1 : 0) "; BCA[" s "] = " (isfinite(bc) ? num(bc) : "NaN") \
              "; DEGA[" s "] = " (dg == "true" ? 1 : 0)
        if (s == 1)
            print "FIT = " (isfinite(bc) ? 1 : 0) "; B_CRIT = " (isfinite(bc) ? num(bc) : "NaN") "; DEGEN = " (dg == "true" ? 1 : 0)
    }
}

# ---------------------------------------------------------------- interpolation

# the median of VS[1..c] (sorted here in place)
function median_of(c,    j, k, t) {
    for (j = 2; j <= c; j++) {
        t = VS[j]
        for (k = j - 1; k >= 1 && VS[k] > t; k--) VS[k + 1] = VS[k]
        VS[k + 1] = t
    }
    return (c % 2) ? VS[(c + 1) / 2] : (VS[c / 2] + VS[c / 2 + 1]) / 2
}

# a loss drawn on a log axis: finite and > 0, else NaN; an accuracy: finite
function ip_val(v, isloss) {
    if (!isfinite(v) || (isloss && v + 0 <= 0)) return "NaN"
    return num(v)
}

function do_interp(f,    n, k, cols, seed, ns, bsm, blg, a, v, i, j, t, c, na, AL, aseen, cnt,
                   llo, lhi, alo, ahi, line) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file")
    split("train_loss val_loss train_acc val_acc", cols, " ")
    ns = 0; bsm = ""; blg = ""; na = 0
    while (next_row(f)) {
        if (NF_ != n) die(f ":" LINENO_ ": " NF_ " fields, the header has " n)
        if (bsm == "") { bsm = int_(get("batch_small")); blg = int_(get("batch_large")) }
        if (int_(get("batch_small")) != bsm || int_(get("batch_large")) != blg)
            die(f ":" LINENO_ ": batch_small,batch_large " int_(get("batch_small")) "," int_(get("batch_large")) \
                ": every row must have the first row's " bsm "," blg)
        if (bsm + 0 <= 0 || blg + 0 <= 0) die(f ":" LINENO_ ": batch_small, batch_large: not positive")
        v = get("alpha")
        if (!isfinite(v)) die(f ":" LINENO_ ": column alpha: not a finite number: '" shown(v) "'")
        a = num(v)
        seed = int_(get("seed"))
        if (!(seed in SEEN_)) { SEEN_[seed] = 1; SEEDV[++ns] = seed; NR_[seed] = 0 }
        if (!(a in aseen)) { aseen[a] = 1; AL[++na] = a + 0 }
        c = ++NR_[seed]
        IA[seed, c] = a + 0
        line = a
        for (k = 1; k <= 4; k++) {
            v = ip_val(get(cols[k]), k <= 2)
            line = line " " v
            if (v != "NaN") {
                VAL[a, k, ++cnt[a, k]] = v + 0
                if (k <= 2) { if (llo == "" || v + 0 < llo) llo = v + 0; if (lhi == "" || v + 0 > lhi) lhi = v + 0 }
                else        { if (alo == "" || v + 0 < alo) alo = v + 0; if (ahi == "" || v + 0 > ahi) ahi = v + 0 }
            }
        }
        IL[seed, c] = line
    }
    if (ns == 0) die(f ": no data rows")
    for (i = 2; i <= na; i++) {
        t = AL[i]
        for (j = i - 1; j >= 1 && AL[j] > t; j--) AL[j + 1] = AL[j]
        AL[j + 1] = t
    }
    printf "NSEED = %d\nBSMALL = %s\nBLARGE = %s\nAMIN = %s\nAMAX = %s\n", ns, bsm, blg, num(AL[1]), num(AL[na])
    printf "LLO = %s\nLHI = %s\nACCLO = %s\nACCHI = %s\n", llo == "" ? "NaN" : num(llo), lhi == "" ? "NaN" : num(lhi), \
           alo == "" ? "NaN" : num(alo), ahi == "" ? "NaN" : num(ahi)
    printf "array SEEDS[%d]\n", ns
    for (i = 1; i <= ns; i++) print "SEEDS[" i "] = " SEEDV[i]
    # one block per seed, alpha ascending
    print "$IP << EOD"
    for (i = 1; i <= ns; i++) {
        if (i > 1) print "\n"
        seed = SEEDV[i]; c = NR_[seed]
        for (j = 1; j <= c; j++) ORD[j] = j
        for (j = 2; j <= c; j++) {
            t = ORD[j]
            for (k = j - 1; k >= 1 && IA[seed, ORD[k]] > IA[seed, t]; k--) ORD[k + 1] = ORD[k]
            ORD[k + 1] = t
        }
        for (j = 1; j <= c; j++) print IL[seed, ORD[j]]
    }
    print "EOD"
    # per alpha over the seeds: median min max of each quantity
    print "$MED << EOD"
    for (i = 1; i <= na; i++) {
        a = num(AL[i]); line = a
        for (k = 1; k <= 4; k++) {
            c = cnt[a, k] + 0
            if (c == 0) { line = line " NaN NaN NaN"; continue }
            for (j = 1; j <= c; j++) VS[j] = VAL[a, k, j]
            v = median_of(c)
            line = line " " num(v) " " num(VS[1]) " " num(VS[c])
        }
        print line
    }
    print "EOD"
}

# ---------------------------------------------------------------- sharpness

function do_sharp(f, fb,    n, ng, ax, k, npt, PK, pseen, bs, nb, bseen, pk, s, ns, seed, st, v,
                  bestpk, gmode, SI, key, c, i, j, t, x, off, ylo, yhi, ndiv, nnan, nrun, line,
                  smin, smax, sk, r1, rn, nm) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file")
    if (!("sharpness" in COL)) die(f ": no column sharpness (analysis.sharpness was off)")
    ng = NG_
    for (k = 1; k <= ng; k++) ax[k] = GN[k]
    short_names(ax, ng)
    npt = 0; nb = 0
    while (next_row(f)) {
        if (NF_ != n) die(f ":" LINENO_ ": " NF_ " fields, the header has " n)
        pk = pkey_of(ax, ng)
        if (!(pk in pseen)) { pseen[pk] = ++npt; PK[npt] = pk }
        bs = int_(get("batch_size"))
        if (!(bs in bseen)) { bseen[bs] = 1; NBS[++nb] = bs }
        v = get("sharpness")
        if (v != "" && !isfinite(v) && !isnonfinite(v))
            die(f ":" LINENO_ ": column sharpness: not a number: '" shown(v) "'")
        st = ("status" in COL) ? get("status") : "ok"
        c = ++RN[bs, pk]
        RSEED[bs, pk, c] = int_(get("seed")); RV[bs, pk, c] = v; RST[bs, pk, c] = st
    }
    if (nb == 0) die(f ": no data rows")
    for (i = 2; i <= nb; i++) {
        t = NBS[i]
        for (j = i - 1; j >= 1 && NBS[j] + 0 > t + 0; j--) NBS[j + 1] = NBS[j]
        NBS[j + 1] = t
    }
    # which series: no grid, one; a grid of at most maxg points, every
    # point; a larger one, each batch size's best point (best.csv), or
    # the first point when there is no best.csv
    gmode = "none"; ns = 1
    if (ng > 0) {
        if (npt <= maxg + 0) { gmode = "all"; ns = npt }
        else if (fb != "" && open_csv(fb) > 0) {
            gmode = "best"
            while (next_row(fb)) if (NF_ >= NCOLS_) bestpk[int_(get("batch_size"))] = pkey_of(ax, ng)
        } else gmode = "first"
    }
    printf "NB = %d\narray BS[%d]\n", nb, nb
    for (i = 1; i <= nb; i++) print "BS[" i "] = " NBS[i]
    printf "XMIN = %s\nXMAX = %s\n", num(NBS[1] / 1.5), num(NBS[nb] * 1.5)
    printf "NGRID = %d\nNPT = %d\nNS = %d\nGMODE = %s\nGKEYS = %s\n", ng, npt, ns, q(gmode), \
           q(ng ? names_of(SHORT, ng) : "")
    printf "array SLABEL[%d]\n", ns
    for (s = 1; s <= ns; s++)
        print "SLABEL[" s "] = " q(gmode == "all" ? point_label(PK[s], ng, "names") : \
                                   gmode == "first" ? point_label(PK[1], ng, "names") : "")
    # the points: one block per series; a seed's point jittered sideways
    # (log2 units) so that equal values stay apart; series side by side
    ylo = ""; yhi = ""; ndiv = 0; nnan = 0; nrun = 0; smin = ""; smax = 0
    print "$PTS << EOD"
    for (s = 1; s <= ns; s++) {
        if (s > 1) print "\n"
        line = 0
        for (i = 1; i <= nb; i++) {
            bs = NBS[i]
            pk = (gmode == "all") ? PK[s] : (gmode == "first") ? PK[1] : (gmode == "best") ? bestpk[bs] : ""
            if (gmode == "best" && !(bs in bestpk)) continue
            c = RN[bs, pk] + 0
            if (smin == "" || c < smin) smin = c
            if (c > smax) smax = c
            nm = 0
            for (j = 1; j <= c; j++) {
                off = (ns > 1 ? (s - (ns + 1) / 2) * 0.09 : 0) + (c > 1 ? (j - (c + 1) / 2) * 0.05 / (ns > 1 ? 2 : 1) : 0)
                x = num(bs * exp(off * log(2)))
                v = RV[bs, pk, j]; st = RST[bs, pk, j]
                nrun++
                if (st != "ok" && st != "target") {
                    ndiv++
                    DV[ndiv] = x " " (isfinite(v) ? num(v) " 1" : "0 0")
                    if (isfinite(v)) { if (ylo == "" || v + 0 < ylo) ylo = v + 0; if (yhi == "" || v + 0 > yhi) yhi = v + 0 }
                    continue
                }
                if (!isfinite(v)) { nnan++; continue }
                if (ylo == "" || v + 0 < ylo) ylo = v + 0
                if (yhi == "" || v + 0 > yhi) yhi = v + 0
                print x " " num(v) " " bs " " RSEED[bs, pk, j]; line++
                MV[s, i, ++nm] = v + 0
            }
            MN[s, i] = nm
        }
        if (line == 0) print "NaN NaN NaN NaN"
    }
    print "EOD"
    # the median over each batch size's seeds that did not diverge
    print "$MED << EOD"
    for (s = 1; s <= ns; s++) {
        if (s > 1) print "\n"
        line = 0; r1 = ""; rn = ""
        for (i = 1; i <= nb; i++) {
            c = MN[s, i] + 0
            if (c == 0) continue
            for (j = 1; j <= c; j++) VS[j] = MV[s, i, j]
            v = median_of(c)
            off = (ns > 1 ? (s - (ns + 1) / 2) * 0.09 : 0)
            print num(NBS[i] * exp(off * log(2))) " " num(v) " " c " " NBS[i]; line++
            if (r1 == "") { r1 = v; R1B[s] = NBS[i] }
            rn = v; RNB[s] = NBS[i]
        }
        if (line == 0) print "NaN NaN NaN NaN"
        MR1[s] = r1; MRN[s] = rn
    }
    print "EOD"
    print "$DIV << EOD"
    if (ndiv == 0) print "NaN NaN 0"
    for (i = 1; i <= ndiv; i++) print DV[i]
    print "EOD"
    # the claim in one number per series: the median at the largest batch
    # size with one over the median at the smallest
    printf "array RATIO[%d]\narray RB1[%d]\narray RBN[%d]\n", ns, ns, ns
    for (s = 1; s <= ns; s++) {
        r1 = MR1[s]; rn = MRN[s]
        print "RATIO[" s "] = " ((r1 != "" && rn != "" && R1B[s] != RNB[s] && r1 + 0 > 0) ? num(rn / r1) : "NaN")
        print "RB1[" s "] = " (r1 != "" ? R1B[s] : 0) "\nRBN[" s "] = " (rn != "" ? RNB[s] : 0)
    }
    printf "YLO = %s\nYHI = %s\n", ylo == "" ? "NaN" : num(ylo), yhi == "" ? "NaN" : num(yhi)
    printf "NRUN = %d\nNDIV = %d\nNNAN = %d\nNSEED_MIN = %d\nNSEED_MAX = %d\n", nrun, ndiv, nnan, smin, smax
}

# ---------------------------------------------------------------- regions

# the first "key": "NAME" in run.json, or ""
function json_str(fj, key,    line, r) {
    if (fj == "") return ""
    while ((getline line < fj) > 0)
        if (line ~ ("^[ \t]*\"" key "\"[ \t]*:[ \t]*\"")) {
            r = line
            sub(/^[^:]*:[ \t]*"/, "", r)
            sub(/".*$/, "", r)
            close(fj)
            return r
        }
    close(fj)
    return ""
}
function class_of(f, name,    v) {
    v = get(name)
    if (v !~ INTEGER || v + 0 < 0 || v + 0 >= 64) die(f ":" LINENO_ ": " name ": expected a class from 0 to 63, got '" shown(v) "'")
    return v + 0
}
function do_regions(f, fv, fs, fj,    n, k, pk, first, npt, seen, bs, nb, i, j, m, v, c, nc, ncls,
                    cx, cy, ncx, ncy, sel, nshow, seedof, xlo, xhi, ylo, yhi, opt, lr, varied) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file")
    first = ""; npt = 0; nb = 0; ncls = 0
    while (next_row(f)) {
        if (NF_ != n) die(f ":" LINENO_ ": " NF_ " fields, the header has " n)
        pk = pkey_of(GN, NG_)
        if (!(pk in seen)) { seen[pk] = 1; npt++ }
        if (npt == 1) { first = pk; for (k = 1; k <= NG_; k++) AX[k] = GN[k] }
        if (pk != first) continue
        bs = get("batch_size")
        if (bs + 0 <= 0) die(f ":" LINENO_ ": batch_size: not a positive integer: '" shown(bs) "'")
        bs = int_(bs)
        if (!(bs in seedof)) { seedof[bs] = int_(get("seed")); NBS[++nb] = bs; MC[nb] = 0 }
        if (int_(get("seed")) != seedof[bs]) continue
        for (i = 1; i <= nb && NBS[i] != bs; i++) ;
        c = class_of(f, "class")
        if (c + 1 > ncls) ncls = c + 1
        v = get("probability")
        if (!isfinite(v)) v = "NaN"
        m = ++MC[i]
        if (i == 1) { CX[m] = get("x0"); CY[m] = get("x1")
            if (!isfinite(CX[m]) || !isfinite(CY[m])) die(f ":" LINENO_ ": x0, x1: expected finite numbers")
        } else if (m > MC[1] || get("x0") != CX[m] || get("x1") != CY[m])
            die(f ":" LINENO_ ": batch size " bs ": not the cells of the first map (every map is the same grid)")
        CELL[i, m] = CX[m] " " CY[m] " " c " " (v == "NaN" ? v : num(v))
    }
    if (nb == 0) die(f ": no data rows")
    for (i = 2; i <= nb; i++) if (MC[i] != MC[1]) die(f ": batch size " NBS[i] ": " MC[i] " cells, the first map has " MC[1])
    # the grid: x0 varies fastest; NCX values of x0 in the first row
    nc = MC[1]; ncx = 1
    while (ncx < nc && CY[ncx + 1] == CY[1]) ncx++
    if (nc % ncx != 0 || ncx < 2 || nc / ncx < 2) die(f ": the cells are not a regular grid of at least 2 x 2")
    ncy = nc / ncx
    xlo = CX[1] - (CX[ncx] - CX[1]) / (ncx - 1) / 2; xhi = CX[ncx] + (CX[ncx] - CX[1]) / (ncx - 1) / 2
    ylo = CY[1] - (CY[nc] - CY[1]) / (ncy - 1) / 2; yhi = CY[nc] + (CY[nc] - CY[1]) / (ncy - 1) / 2
    # the panels: all, or 8 evenly spaced
    nshow = nb > 8 ? 8 : nb
    for (i = 1; i <= nshow; i++) sel[i] = (nshow == nb) ? i : 1 + int((i - 1) * (nb - 1) / (nshow - 1) + 0.5)
    # the validation points
    n = open_csv(fv)
    if (n <= 0) die(fv ": cannot read file")
    m = 0
    while (next_row(fv)) {
        if (NF_ != n) die(fv ":" LINENO_ ": " NF_ " fields, the header has " n)
        if (!isfinite(get("x0")) || !isfinite(get("x1"))) die(fv ":" LINENO_ ": x0, x1: expected finite numbers")
        c = class_of(fv, "label")
        if (c + 1 > ncls) ncls = c + 1
        VP[++m] = num(get("x0")) " " num(get("x1")) " " c
    }
    if (m == 0) die(fv ": no data rows")
    # the runs' accuracy, epochs and status, from summary.csv
    if (fs != "" && open_csv(fs) > 0 && ("final_val_acc" in COL) && ("batch_size" in COL) && ("seed" in COL)) {
        while (next_row(fs)) {
            if (pkey_of(AX, NG_) != first) continue
            bs = int_(get("batch_size"))
            if (!(bs in seedof) || int_(get("seed")) != seedof[bs]) continue
            if (isfinite(get("final_val_acc"))) SACC[bs] = num(get("final_val_acc"))
            if (("epochs" in COL) && get("epochs") ~ INTEGER) SEP[bs] = int_(get("epochs"))
            if (("status" in COL) && get("status") == "diverged") SDIV[bs] = 1
        }
    }
    printf "NB = %d\nNB_ALL = %d\narray BS[%d]\narray ACC[%d]\narray DIV[%d]\narray EP[%d]\n", nshow, nb, nshow, nshow, nshow, nshow
    for (i = 1; i <= nshow; i++) {
        bs = NBS[sel[i]]
        print "BS[" i "] = " bs "; ACC[" i "] = " ((bs in SACC) ? SACC[bs] : "NaN") \
              "; DIV[" i "] = " ((bs in SDIV) ? 1 : 0) "; EP[" i "] = " ((bs in SEP) ? SEP[bs] : 0)
    }
    print "SEED = " seedof[NBS[1]] "; NCLASS = " ncls "; NCX = " ncx "; NCY = " ncy
    print "XLO = " num(xlo) "; XHI = " num(xhi) "; YLO = " num(ylo) "; YHI = " num(yhi)
    print "NGRID = " NG_ "; NPOINTS = " npt
    print "GPOINT = " q(NG_ > 0 ? point_text(first, AX, NG_) : "")
    for (k = 1; k <= NG_; k++) varied[AX[k]] = 1
    opt = json_str(fj, "optimizer")
    if (opt !~ /^(adam|sgd|rmsprop|adamw)$/ || ("train.optimizer" in varied)) opt = ""
    lr = json_num(fj, "learning_rate")
    if (!isfinite(lr) || ("train.learning_rate" in varied)) lr = ""
    print "OPT = " q(opt) "; LR = " q(lr == "" ? "" : num(lr))
    print "$R << EOD"
    for (i = 1; i <= nshow; i++) {
        if (i > 1) print "\n"
        for (j = 1; j <= nc; j++) print CELL[sel[i], j]
    }
    print "EOD"
    print "$V << EOD"
    for (j = 1; j <= m; j++) print VP[j]
    print "EOD"
}
