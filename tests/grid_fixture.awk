# tests/grid_fixture.awk: hand-made results of a sweep with a grid, for the
# figure tests (tests/gridplots.sh).  Every (batch size, grid point, seed)
# gets its own curves, so each line, cell and label of a figure shows a
# distinct value; a few runs can be made to diverge.
#
#   awk -f tests/grid_fixture.awk \
#       -v eh="$(columns epochs)" -v sh="$(columns summary)" -v ph="$(columns points)" \
#       -v bs="8 32 128" -v seeds="0 1" -v epochs=6 \
#       -v axes="train.learning_rate=0.001 0.01 0.1;train.momentum=0 0.9" \
#       [-v diverge="B:P:S ..."] [-v dir=DIR]
#
# eh, sh, ph: the headers bsweep writes without a grid (tests/columns.c):
# the grid columns go right after batch_size, as bsweep writes them.
# Runs are in config order: batch size, then grid point (the last axis
# fastest), then seed.  diverge: runs "B:P:S" (batch size, 1-based grid
# point and seed indexes; "*" for any) whose losses become nan at epoch 3,
# where they stop, status "diverged".  Writes DIR/epochs.csv, summary.csv,
# points.csv, best.csv (DIR default "."), with points and best as
# bsweep's select.c makes them: medians over the seeds, score = the median
# final_val_acc with a diverged run as -inf, the first best per batch size
# selected.  Columns the figures do not read get plausible constants.

BEGIN {
    if (dir == "") dir = "."
    nb = split(bs, B, " "); ns = split(seeds, SD, " ")
    na = split(axes, AX, ";")
    for (a = 1; a <= na; a++) {
        split(AX[a], kv, "=")
        NAME[a] = kv[1]
        NV[a] = split(kv[2], tmp, " ")
        for (i = 1; i <= NV[a]; i++) VAL[a, i] = tmp[i]
    }
    np = 1
    for (a = 1; a <= na; a++) np *= NV[a]
    nd = split(diverge, DV, " ")
    gridhead = ""
    for (a = 1; a <= na; a++) gridhead = gridhead "," NAME[a]

    fe = dir "/epochs.csv"; fs = dir "/summary.csv"; fp = dir "/points.csv"; fb = dir "/best.csv"
    print withgrid(eh) > fe
    print withgrid(sh) > fs
    print withgrid(ph) > fp
    print withgrid(ph) > fb
    ne = split(eh, EH, ","); nsum = split(sh, SH, ","); npc = split(ph, PH, ",")

    for (b = 1; b <= nb; b++) {
        best = 0; bestscore = ""
        for (p = 1; p <= np; p++) {
            g = gridvalues(p)
            u = index_of(p, 1) / (NV[1] > 1 ? NV[1] - 1 : 1)          # 0..1 along the first axis
            opt = 0.2 + 0.6 * (b - 1) / (nb > 1 ? nb - 1 : 1)        # larger batches want more
            ndiv = 0
            for (s = 1; s <= ns; s++) {
                top = 0.45 + 0.45 * exp(-(u - opt) ^ 2 / 0.08) + 0.013 * (p - 1) / np + 0.004 * (s - 1)
                div = diverges(b, p, s)
                last = div ? 3 : epochs
                bestacc = 0; bestep = 1
                for (e = 1; e <= last; e++) {
                    va = 0.34 + (top - 0.34) * (1 - exp(-e / (1 + b)))
                    if (div && e == 3) va = 0.33
                    if (va > bestacc + 1e-12) { bestacc = va; bestep = e }
                    V["val_acc"] = va; V["train_acc"] = va + 0.01
                    V["val_loss"] = div && e == 3 ? "nan" : 1.3 - va
                    V["train_loss"] = div && e == 3 ? "inf" : 1.25 - va
                    V["seed"] = SD[s]; V["epoch"] = e; V["steps"] = e * stepsof(B[b])
                    V["sweep"] = "fixture"; V["run"] = "b" B[b] "_g" (p - 1) "_s" SD[s]
                    VA[e] = va
                    V["elapsed_seconds"] = e * 0.001 * (1 + b)
                    V["train_seconds"] = 0.0008; V["eval_seconds"] = 0.0002; V["epoch_seconds"] = 0.001
                    row(fe, EH, ne, B[b], g)
                }
                V["steps_per_epoch"] = stepsof(B[b]); V["epochs"] = last
                V["final_train_loss"] = V["train_loss"]; V["final_train_acc"] = V["train_acc"]
                V["final_val_loss"] = V["val_loss"]; V["final_val_acc"] = V["val_acc"]
                V["best_val_acc"] = bestacc; V["best_epoch"] = bestep
                # bsweep's epochs_to_95: from which epoch val_acc stays >= 95 % of the last
                for (e95 = last; e95 > 1 && VA[e95 - 1] >= 0.95 * VA[last]; e95--) ;
                V["epochs_to_95"] = e95
                V["total_seconds"] = V["elapsed_seconds"]; V["status"] = div ? "diverged" : "ok"
                V["repeats"] = 1; V["initial_val_loss"] = 1.1; V["jobs"] = 1; V["blas_threads"] = 1
                V["memory_bytes"] = 20000; V["peak_rss_kib"] = 5000
                row(fs, SH, nsum, B[b], g)
                FA[s] = V["final_val_acc"]; BA[s] = bestacc; FL[s] = V["val_loss"]
                TS[s] = V["total_seconds"]; SC[s] = div ? -1e308 : V["final_val_acc"]
                ndiv += div
            }
            P["seeds"] = ns; P["diverged"] = ndiv
            P["final_val_acc"] = median(FA, ns); P["best_val_acc"] = median(BA, ns)
            P["final_val_loss"] = median(FL, ns); P["total_seconds"] = median(TS, ns)
            P["score"] = median(SC, ns)
            PROW[p] = g; PSC[p] = P["score"] + 0
            for (k in P) PV[p, k] = P[k]
            if (P["score"] != "-inf" && (best == 0 || PSC[p] > bestscore)) { best = p; bestscore = PSC[p] }
        }
        for (p = 1; p <= np; p++) {
            for (k in P) P[k] = PV[p, k]
            P["selected"] = (p == best)
            prow(fp, B[b], PROW[p])
            if (p == best) prow(fb, B[b], PROW[p])
        }
    }
    close(fe); close(fs); close(fp); close(fb)
    exit 0
}

function withgrid(h) { sub(/(^|,)batch_size/, "&" gridhead, h); return h }

# index (0-based) of grid point p's value on axis a (the last axis fastest)
function index_of(p, a,    k, r) {
    r = p - 1
    for (k = na; k > a; k--) r = int(r / NV[k])
    return r % NV[a]
}
function gridvalues(p,    a, s) {
    s = ""
    for (a = 1; a <= na; a++) s = s "," VAL[a, index_of(p, a) + 1]
    return s
}
function stepsof(n) { return int((80 + n - 1) / n) }
function diverges(b, p, s,    i, f) {
    for (i = 1; i <= nd; i++) {
        split(DV[i], f, ":")
        if ((f[1] == "*" || f[1] == b) && (f[2] == "*" || f[2] == p) && (f[3] == "*" || f[3] == s)) return 1
    }
    return 0
}
# a CSV row of header h (n names): V[name], batch_size followed by the
# grid values
function row(out, h, n,  bsz, g,    i, line) {
    line = ""
    for (i = 1; i <= n; i++)
        line = line (i > 1 ? "," : "") (h[i] == "batch_size" ? bsz g : (h[i] in V) ? V[h[i]] : 0)
    print line > out
}
function prow(out, bsz, g,    i, line) {
    line = bsz g
    for (i = 2; i <= npc; i++) line = line "," P[PH[i]]
    print line > out
}
# median of x[1..n] (numbers, "nan", or -1e308 for -inf), as bsweep writes it
function median(x, n,    i, j, t, y, m, isnan) {
    for (i = 1; i <= n; i++) { y[i] = x[i]; if (x[i] == "nan") isnan = 1 }
    if (isnan) return "nan"
    for (i = 2; i <= n; i++) { t = y[i]; for (j = i - 1; j >= 1 && y[j] + 0 > t + 0; j--) y[j + 1] = y[j]; y[j + 1] = t }
    m = (n % 2) ? y[(n + 1) / 2] + 0 : (y[n / 2] + y[n / 2 + 1]) / 2
    return m <= -1e307 ? "-inf" : sprintf("%.6g", m)
}
