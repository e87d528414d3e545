# aggregate.awk -- CSV helper for the bsweep gnuplot scripts (POSIX awk; mawk ok).
#
# Reads bsweep CSV files by column NAME (from the header line, never by
# position) and prints gnuplot commands -- scalar variables, arrays and a
# datablock -- that curves.gp / summary.gp `load` through a pipe.
# All files are operands; they are read with getline inside BEGIN.
#
#   awk -f aggregate.awk -v mode=check -v need=col1,col2,... FILE
#       Validation only.  Prints nothing and exits 0 if FILE is readable,
#       has a header containing every listed column and at least one data
#       row with the header's number of fields; otherwise prints ONE line
#       (naming the file and what is missing) on stdout and exits 1.
#
#   awk -f aggregate.awk -v mode=curves -v y1=COL -v y2=COL [-v logy=1] EPOCHS_CSV
#       Per batch size (first-appearance order) and epoch: mean/min/max over
#       seeds of columns y1 and y2.  Non-finite values (nan, inf) are skipped,
#       and with logy=1 so are values <= 0.  Emits
#         NB, arrays BS[] SPE[] TSTR[] NSEED[] NDIV[], NSEED_MIN, NSEED_MAX,
#         SEEDLIST, EMAX, YMIN, YMAX (NaN if no usable value), YMAX_E1 (largest
#         value at epoch 1), DATASET,
#         $AGG: one block per batch size (blocks separated by 2 blank lines):
#           epoch  y1_mean y1_min y1_max  y2_mean y2_min y2_max  n_runs
#
#   awk -f aggregate.awk -v mode=summary SUMMARY_CSV EPOCHS_CSV
#       Per batch size (ascending): final val acc, total seconds and
#       "epochs to reach 95% of the run's final val acc" (from EPOCHS_CSV),
#       each as mean min max.  Emits NB, BS[], XTICS, XMIN, XMAX,
#       NSEED_MIN, NSEED_MAX, NDIV_TOTAL, ACC_LO/HI, T_LO/HI, E_LO/HI, DATASET and
#       $SUM: bs  acc_mean acc_min acc_max  t_mean t_min t_max  e_mean e_min e_max  n_runs
#       $DIV: bs  acc  t  e      (one row per diverged run, for marking)

BEGIN {
    FINITE = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$"
    if (mode == "check")        do_check(ARGV[1])
    else if (mode == "curves")  do_curves(ARGV[1])
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
    if (r == 0) return 0
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

function die(msg) { print msg > "/dev/stderr"; exit 1 }

# Prefix each character of s that occurs in set with a backslash
# (character loop: backslashes in gsub replacements are not portable).
function bs_escape(s, set,    i, c, out) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        out = out (index(set, c) ? "\\" : "") c
    }
    return out
}

# gnuplot double-quoted string literal
function q(s) { return "\"" bs_escape(s, "\\\"") "\"" }

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

# Name of the directory holding file f ("results/blobs/epochs.csv" -> "blobs"),
# with gnuplot enhanced-text markup characters escaped (my_run -> my\_run).
function dataset_name(f,    n, p, s) {
    n = split(f, p, "/")
    if (n < 2 || p[n - 1] == "." || p[n - 1] == "") return ""
    return bs_escape(p[n - 1], "\\_^@&{}~")
}

# ---------------------------------------------------------------- check

function do_check(f,    n, k, i, want, missing, nmiss, rows) {
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
    rows = 0
    while (next_row(f)) {
        rows++
        if (NF_ < NCOLS_) {
            print f " line " LINENO_ ": " NF_ " fields, header has " NCOLS_ " (truncated file?)"
            exit 1
        }
    }
    if (rows == 0) { print f ": no data rows (header only)"; exit 1 }
}

# ---------------------------------------------------------------- curves

function do_curves(f,    n, bs, seed, run, ep, v, j, c, i, e, col, nb, line,
                         seen, runseen, runbs, runs, ndiv, divrun, spe, last_el, emax_bs,
                         S, N, LO, HI, ymin, ymax, y1max, emax, smin, smax, seeds, nseedlist, tsum, k) {
    n = open_csv(f)
    if (n <= 0) die(f ": cannot read file or file is empty")
    col[1] = y1; col[2] = y2
    nb = 0; nseedlist = 0; emax = 0
    ymin = ""; ymax = ""
    while (next_row(f)) {
        bs = get("batch_size"); seed = get("seed"); ep = get("epoch") + 0
        if (!(bs in seen)) { seen[bs] = ++nb; ORDER[nb] = bs; runs[bs] = 0; ndiv[bs] = 0 }
        run = bs SUBSEP seed
        if (!(run in runseen)) {
            runseen[run] = 1; runbs[run] = bs; runs[bs]++
            if (!(seed in seeds)) { seeds[seed] = 1; nseedlist++; SEEDS[nseedlist] = seed }
        }
        if (!(bs in spe) && ep == 1) spe[bs] = get("steps")
        last_el[run] = get("elapsed_seconds")
        if (ep > emax_bs[bs] + 0) emax_bs[bs] = ep
        if (ep > emax) emax = ep
        if (!isfinite(get("train_loss")) || !isfinite(get("val_loss"))) {
            if (!(run in divrun)) { divrun[run] = 1; ndiv[bs]++ }
        }
        for (j = 1; j <= 2; j++) {
            v = get(col[j])
            if (!isfinite(v)) continue
            v += 0
            if (logy && v <= 0) continue
            k = bs SUBSEP ep SUBSEP j
            if (!(k in N)) { N[k] = 0; S[k] = 0; LO[k] = v; HI[k] = v }
            N[k]++; S[k] += v
            if (v < LO[k]) LO[k] = v
            if (v > HI[k]) HI[k] = v
            if (ymin == "" || v < ymin) ymin = v
            if (ymax == "" || v > ymax) ymax = v
            if (ep == 1 && (y1max == "" || v > y1max)) y1max = v
        }
        # number of runs that reached this epoch
        k = bs SUBSEP ep
        NRUN[k]++
    }
    if (nb == 0) die(f ": no data rows")

    print "NB = " nb
    print "array BS[NB]; array SPE[NB]; array TSTR[NB]; array NSEED[NB]; array NDIV[NB]"
    smin = ""; smax = 0
    for (i = 1; i <= nb; i++) {
        bs = ORDER[i]
        # mean over this batch size's runs of the final elapsed_seconds
        tsum = 0; c = 0
        for (run in last_el) {
            if (runbs[run] == bs && isfinite(last_el[run])) { tsum += last_el[run]; c++ }
        }
        printf "BS[%d] = %s; SPE[%d] = %s; TSTR[%d] = %s; NSEED[%d] = %d; NDIV[%d] = %d\n", \
            i, q(bs), i, q((bs in spe) ? spe[bs] : "?"), i, q(c ? fmt_time(tsum / c) : "n/a"), \
            i, runs[bs], i, ndiv[bs]
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
    print "YMAX_E1 = " (y1max == "" ? "NaN" : num(y1max))
    print "DATASET = " q(dataset_name(f))

    print "$AGG << EOD"
    for (i = 1; i <= nb; i++) {
        bs = ORDER[i]
        if (i > 1) printf "\n\n"
        printf "# batch_size %s\n", bs
        for (e = 1; e <= emax_bs[bs]; e++) {
            if (!((bs SUBSEP e) in NRUN)) continue
            line = e
            for (j = 1; j <= 2; j++) {
                k = bs SUBSEP e SUBSEP j
                if (k in N) line = line " " num(S[k] / N[k]) " " num(LO[k]) " " num(HI[k])
                else        line = line " NaN NaN NaN"
            }
            print line " " NRUN[bs SUBSEP e]
        }
    }
    print "EOD"
}

# ---------------------------------------------------------------- summary

# Accumulate value v into statistic (name, bs).
function acc_stat(name, bs, v) {
    if (!isfinite(v)) return
    v += 0
    if (name == "t" && v <= 0) return                  # log-scale axis
    k_ = name SUBSEP bs
    if (!(k_ in SN)) { SN[k_] = 0; SS[k_] = 0; SLO[k_] = v; SHI[k_] = v }
    SN[k_]++; SS[k_] += v
    if (v < SLO[k_]) SLO[k_] = v
    if (v > SHI[k_]) SHI[k_] = v
}

function stat3(name, bs,    k) {
    k = name SUBSEP bs
    if (!(k in SN)) return "NaN NaN NaN"
    return num(SS[k] / SN[k]) " " num(SLO[k]) " " num(SHI[k])
}

# Smallest ("lo") or largest ("hi") value of statistic name over batch sizes B[1..nb].
function range_of(name, B, nb, which,    i, k, r) {
    r = ""
    for (i = 1; i <= nb; i++) {
        k = name SUBSEP B[i]
        if (!(k in SN)) continue
        if (which == "lo" && (r == "" || SLO[k] < r)) r = SLO[k]
        if (which == "hi" && (r == "" || SHI[k] > r)) r = SHI[k]
    }
    return r == "" ? "NaN" : num(r)
}

function do_summary(fs, fe,    n, bs, seed, run, ep, v, i, j, t, nb, seen, runs,
                               e95, lastep, VA, divrun, divacc, divt, runbs, ndivtot,
                               smin, smax, xt, target, found) {
    # --- epochs.csv: per run, first epoch with val_acc >= 0.95 * final val_acc
    n = open_csv(fe)
    if (n <= 0) die(fe ": cannot read file or file is empty")
    while (next_row(fe)) {
        run = get("batch_size") SUBSEP get("seed")
        ep = get("epoch") + 0
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
    nb = 0; ndivtot = 0
    while (next_row(fs)) {
        bs = get("batch_size"); seed = get("seed"); run = bs SUBSEP seed
        if (!(bs in seen)) { seen[bs] = 1; B[++nb] = bs; runs[bs] = 0 }
        runs[bs]++
        acc_stat("acc", bs, get("final_val_acc"))
        acc_stat("t", bs, get("total_seconds"))
        if (run in e95) acc_stat("e", bs, e95[run])
        if (("status" in COL) && get("status") != "ok") {
            ndivtot++
            DIVROW[ndivtot] = bs " " (isfinite(get("final_val_acc")) ? get("final_val_acc") : "NaN") \
                " " (isfinite(get("total_seconds")) && get("total_seconds") > 0 ? get("total_seconds") : "NaN") \
                " " ((run in e95) ? e95[run] : "NaN")
        }
    }
    if (nb == 0) die(fs ": no data rows")

    # ascending batch sizes (insertion sort; nb is small)
    for (i = 2; i <= nb; i++) {
        t = B[i]
        for (j = i - 1; j >= 1 && B[j] + 0 > t + 0; j--) B[j + 1] = B[j]
        B[j + 1] = t
    }
    print "NB = " nb
    print "array BS[NB]"
    xt = ""; smin = ""; smax = 0
    for (i = 1; i <= nb; i++) {
        print "BS[" i "] = " B[i]
        xt = xt (i > 1 ? ", " : "") "\"" B[i] "\" " B[i]
        if (smin == "" || runs[B[i]] < smin) smin = runs[B[i]]
        if (runs[B[i]] > smax) smax = runs[B[i]]
    }
    print "XTICS = '(" xt ")'"
    print "XMIN = " num(B[1] / 1.5) "; XMAX = " num(B[nb] * 1.5)
    print "NSEED_MIN = " smin "; NSEED_MAX = " smax
    print "NDIV_TOTAL = " ndivtot
    # overall ranges (over all runs) for the y axes; NaN if no usable value
    print "ACC_LO = " range_of("acc", B, nb, "lo") "; ACC_HI = " range_of("acc", B, nb, "hi")
    print "T_LO = " range_of("t", B, nb, "lo") "; T_HI = " range_of("t", B, nb, "hi")
    print "E_LO = " range_of("e", B, nb, "lo") "; E_HI = " range_of("e", B, nb, "hi")
    print "DATASET = " q(dataset_name(fs))
    print "$SUM << EOD"
    for (i = 1; i <= nb; i++)
        print B[i] " " stat3("acc", B[i]) " " stat3("t", B[i]) " " stat3("e", B[i]) " " runs[B[i]]
    print "EOD"
    print "$DIV << EOD"
    for (i = 1; i <= ndivtot; i++) print DIVROW[i]
    if (ndivtot == 0) print "NaN NaN NaN NaN"
    print "EOD"
}
