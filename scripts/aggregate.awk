# aggregate.awk -- CSV helper for the bsweep gnuplot scripts (POSIX awk; mawk ok).
#
# Reads bsweep CSV files by column NAME (from the header line, never by
# position) and prints gnuplot commands -- scalar variables, arrays and
# datablocks -- that curves.gp / summary.gp `load` through a pipe.
# All files are operands; they are read with getline inside BEGIN.
#
# What it prints is code for gnuplot, so no byte of the input may become
# code: file names are never printed; a value is printed only after it has
# been checked to be a number (batch size, seed, epoch and steps must be
# integers, metrics finite numbers -- nan/inf are read as "not finite" and
# never printed), and the only strings printed (run times, seed lists) are
# made here from checked numbers and quoted by q() besides.  Run it with
# LC_ALL=C (the .gp scripts do): under a comma-decimal locale mawk reads
# "0.54" as 0.
#
#   awk -f aggregate.awk -v mode=check -v need=col1,col2,... \
#       [-v ints=col,...] [-v nums=col,...] FILE
#       Validation only.  Prints nothing and exits 0 if FILE is readable,
#       has a header containing every listed column, at least one data row,
#       every row with the header's number of fields, an integer in every
#       `ints` column and a number (or nan/inf) in every `nums` column;
#       otherwise prints ONE line (naming the file, the line and what is
#       wrong) on stdout and exits 1.
#
#   awk -f aggregate.awk -v mode=curves -v y1=COL -v y2=COL [-v logy=1] \
#       [-v maxp=N] EPOCHS_CSV [SUMMARY_CSV]
#       Per batch size (first-appearance order) and epoch: mean/min/max of
#       columns y1 and y2 over the seeds whose run did not diverge, and each
#       diverged run on its own.  A run diverged when a train_loss or
#       val_loss is not finite, or when SUMMARY_CSV (optional; ignored if
#       unreadable) gives it a status other than "ok"; it diverged at its
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
#
#   awk -f aggregate.awk -v mode=summary SUMMARY_CSV EPOCHS_CSV
#       Per batch size (ascending): final val acc, total seconds and
#       "epochs to reach 95% of the run's final val acc" (from EPOCHS_CSV),
#       each as mean min max over the runs whose status is "ok".  Emits NB,
#       BS[], XMIN, XMAX, NSEED_MIN, NSEED_MAX, NRUN_TOTAL,
#       NDIV_TOTAL, ACC_LO/HI, T_LO/HI, E_LO/HI (ranges over every run,
#       diverged ones included; NaN if no usable value) and
#       $SUM: bs  acc_mean acc_min acc_max  t_mean t_min t_max  e_mean e_min e_max  n_runs
#       $DIV: bs  acc  t  e      (one row per diverged run, for marking)

BEGIN {
    FINITE = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$"
    NONFINITE = "^[-+]?(nan|inf|infinity)$"         # compared in lower case
    INTEGER = "^[-+]?[0-9]+$"
    if (mode == "check")        do_check(ARGV[1])
    else if (mode == "curves")  do_curves(ARGV[1], ARGV[2])
    else if (mode == "summary") do_summary(ARGV[1], ARGV[2])
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
    for (i = 1; i <= n; i++) COL[clean(h[i])] = i
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

# 3 significant digits with a unit: 812 µs, 4.20 ms, 36.9 s, 12.5 min
function sig3(x) { return (x >= 99.95) ? sprintf("%.0f", x) : sprintf("%#.3g", x) }
function fmt_time(t) {
    if (t == "" || t != t + 0) return "n/a"
    if (t >= 600)       return sig3(t / 60) " min"
    if (t >= 0.9995)    return sig3(t) " s"          # thresholds: rounding never gives 1000 ms
    if (t >= 0.9995e-3) return sig3(t * 1e3) " ms"
    return sig3(t * 1e6) " \302\265s"                     # UTF-8 micro sign
}

function num(x) { return sprintf("%.10g", x) }
# an integer field (checked by mode=check) as a canonical integer
function int_(s) { return sprintf("%.0f", s + 0) }

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
    ni = split(ints, icol, ","); nn = split(nums, ncol, ",")
    rows = 0
    while (next_row(f)) {
        rows++
        if (NF_ < NCOLS_) {
            print f " line " LINENO_ ": " NF_ " fields, header has " NCOLS_ " (truncated file?)"
            exit 1
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
    # --- statuses from summary.csv, if there is one: not "ok" = diverged
    if (fs != "" && open_csv(fs) > 0) {
        if (("batch_size" in COL) && ("seed" in COL) && ("status" in COL)) {
            while (next_row(fs))
                if (NF_ >= NCOLS_ && get("status") != "ok") bad[int_(get("batch_size")) SUBSEP int_(get("seed"))] = 1
        } else close(fs)
    }

    # --- epochs.csv into memory (values already checked by mode=check)
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    col[1] = y1; col[2] = y2
    nb = 0; nr = 0; nseedlist = 0; emax = 0; nrun_all = 0; ndiv_all = 0
    while (next_row(f)) {
        bs = int_(get("batch_size")); seed = int_(get("seed")); ep = int_(get("epoch"))
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

function do_summary(fs, fe,    n, bs, seed, run, ep, v, i, j, t, nb, seen, runs,
                               e95, lastep, VA, ndivtot, nruntot,
                               smin, smax, target, found) {
    # --- epochs.csv: per run, first epoch with val_acc >= 0.95 * final val_acc
    n = open_csv(fe)
    if (n <= 0) die(fe ": cannot read file or file is empty")
    while (next_row(fe)) {
        run = int_(get("batch_size")) SUBSEP int_(get("seed"))
        ep = int_(get("epoch"))
        VA[run, ep] = get("val_acc")
        if (!(run in lastep) || ep > lastep[run]) lastep[run] = ep
    }
    for (run in lastep) {
        v = VA[run, lastep[run]]
        if (!isfinite(v)) continue
        target = 0.95 * v
        found = ""
        for (ep = 1; ep <= lastep[run]; ep++)
            if (((run, ep) in VA) && isfinite(VA[run, ep]) && VA[run, ep] + 0 >= target) { found = ep; break }
        if (found != "") e95[run] = found
    }

    # --- summary.csv
    n = open_csv(fs)
    if (n <= 0) die(fs ": cannot read file or file is empty")
    nb = 0; ndivtot = 0; nruntot = 0
    while (next_row(fs)) {
        bs = int_(get("batch_size")); seed = int_(get("seed")); run = bs SUBSEP seed
        if (!(bs in seen)) { seen[bs] = 1; B[++nb] = bs; runs[bs] = 0 }
        runs[bs]++; nruntot++
        if (("status" in COL) && get("status") != "ok") {
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
        if (smin == "" || runs[B[i]] < smin) smin = runs[B[i]]
        if (runs[B[i]] > smax) smax = runs[B[i]]
    }
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
}
