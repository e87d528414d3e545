#!/usr/bin/python3
"""Check a sweep's regions.csv and validation.csv against NumPy.

Usage: /usr/bin/python3 scripts/regions_reference.py RESULTS_DIR
       (tests/regions.sh runs it; needs NumPy only)

Independent of bsweep's forward pass (src/mlp.c, BLAS): every map of
regions.csv is evaluated again here, in float64, from the run's saved
.npy weights (runs/b<B>[_g<POINT>]_s<SEED>.weights/layer<i>_kernel.npy,
(in, out) as Keras applies them, and layer<i>_bias.npy), at the cell
centres regions.csv gives (float32 values, so both evaluate the same
inputs).  The grid point of a map is the order in which its grid values
first appear for its batch size (config order), its activation the map's
model.activation column when the grid varies it, else run.json's.

Checks, each printed with its worst value:
  grid        every map is REGIONS_CELLS x REGIONS_CELLS cells, a regular
              grid (x0 inner, x1 outer, ascending), the same for every map;
              it covers every validation point of validation.csv
  class       the class of every cell is NumPy's argmax, except where
              NumPy's two largest probabilities are within MARGIN (float32
              against float64 rounding may pick either then): such cells
              are counted, not failed
  probability within PROB_TOL of NumPy's (float32 forward: a few ulps)
  accuracy    the fraction of validation.csv's points whose NumPy class
              equals their label is summary.csv's final_val_acc of the
              map's run, when validation.csv holds every validation row
              (n_samples - n_train <= 2000), to ACC_TOL (one point's worth
              only if a point sits within MARGIN of a boundary)
Prints "N passed, N failed"; exit status 1 on any failure.
"""
import csv
import json
import os
import sys

import numpy as np

CELLS = 101          # src/regions.h REGIONS_CELLS
MAX_POINTS = 2000    # src/regions.h REGIONS_MAX_POINTS
MARGIN = 1e-5
PROB_TOL = 1e-5


def act(z, name):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return z


def forward(folder, x, activation):
    """softmax probabilities (N, K) of x (N, 2) in float64."""
    layers = []
    i = 0
    while os.path.exists(os.path.join(folder, "layer%d_kernel.npy" % i)):
        k = np.load(os.path.join(folder, "layer%d_kernel.npy" % i)).astype(np.float64)
        b = np.load(os.path.join(folder, "layer%d_bias.npy" % i)).astype(np.float64)
        layers.append((k, b))
        i += 1
    h = x.astype(np.float64)
    for j, (k, b) in enumerate(layers):
        h = h @ k + b
        if j + 1 < len(layers):
            h = act(h, activation)
    h = h - h.max(axis=1, keepdims=True)
    e = np.exp(h)
    return e / e.sum(axis=1, keepdims=True)


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main():
    d = sys.argv[1]
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok - " if ok else "not ok - ") + what)
        if ok:
            passed += 1
        else:
            failed += 1

    run = json.load(open(os.path.join(d, "run.json")))
    cfg = run["config"]
    base_act = cfg["model"]["activation"]
    n_val = cfg["data"]["n_samples"] - cfg["data"]["n_train"]
    head, rows = read_csv(os.path.join(d, "regions.csv"))
    gcols = [i for i, h in enumerate(head) if "." in h]
    col = {h: i for i, h in enumerate(head)}
    vhead, vrows = read_csv(os.path.join(d, "validation.csv"))
    vx = np.array([[float(r[0]), float(r[1])] for r in vrows], dtype=np.float32)
    vy = np.array([int(r[2]) for r in vrows])
    check(vhead == ["x0", "x1", "label"] and len(vrows) == min(n_val, MAX_POINTS),
          "validation.csv: x0,x1,label and min(%d, %d) rows (%d)" % (n_val, MAX_POINTS, len(vrows)))
    shead, srows = read_csv(os.path.join(d, "summary.csv"))
    scol = {h: i for i, h in enumerate(shead)}
    sgcols = [i for i, h in enumerate(shead) if "." in h]

    # the maps, in file order
    maps = {}
    order = []
    points = {}
    for r in rows:
        key = (r[col["batch_size"]], tuple(r[i] for i in gcols), r[col["seed"]])
        if key not in maps:
            maps[key] = []
            order.append(key)
            pts = points.setdefault(key[0], [])
            if key[1] not in pts:
                pts.append(key[1])
        maps[key].append(r)
    check(len(order) == len(cfg["sweep"]["batch_sizes"]) * max(1, len(points[order[0][0]])),
          "one map per batch size and grid point (%d)" % len(order))

    ref = None
    worst_p = 0.0
    near = 0
    bad_class = 0
    for key in order:
        m = maps[key]
        x = np.array([[float(r[col["x0"]]), float(r[col["x1"]])] for r in m], dtype=np.float32)
        if ref is None:
            ref = x
            xs, ys = x[:CELLS, 0], x[::CELLS, 1]
            regular = (len(m) == CELLS * CELLS and np.all(np.diff(xs) > 0) and np.all(np.diff(ys) > 0)
                       and np.array_equal(x[:, 0], np.tile(xs, CELLS))
                       and np.array_equal(x[:, 1], np.repeat(ys, CELLS)))
            check(regular, "the map is a regular %dx%d grid, x0 inner, x1 outer, ascending" % (CELLS, CELLS))
            covers = (vx[:, 0].min() > xs[0] and vx[:, 0].max() < xs[-1]
                      and vx[:, 1].min() > ys[0] and vx[:, 1].max() < ys[-1])
            check(covers, "the grid covers every validation point, with a margin")
        elif not np.array_equal(x, ref):
            check(False, "batch size %s: the same grid as the first map" % key[0])
        bs, gp, seed = key
        g = points[bs].index(gp)
        activation = base_act
        for i, h in zip(gcols, [head[i] for i in gcols]):
            if h == "model.activation":
                activation = m[0][i]
        name = "b%s_g%d_s%s" % (bs, g, seed) if gcols else "b%s_s%s" % (bs, seed)
        folder = os.path.join(d, "runs", name + ".weights")
        p = forward(folder, x, activation)
        srt = np.sort(p, axis=1)
        margin = srt[:, -1] - srt[:, -2]
        cls = np.array([int(r[col["class"]]) for r in m])
        prob = np.array([float(r[col["probability"]]) for r in m])
        want = p.argmax(axis=1)
        differ = cls != want
        near += int(np.sum(differ & (margin <= MARGIN)))
        bad_class += int(np.sum(differ & (margin > MARGIN)))
        worst_p = max(worst_p, float(np.max(np.abs(prob - p[np.arange(len(m)), cls]))))
        # the run's accuracy on the validation points, from its weights
        if len(vrows) == n_val:
            acc = float(np.mean(forward(folder, vx, activation).argmax(axis=1) == vy))
            srow = [s for s in srows if s[scol["batch_size"]] == bs and s[scol["seed"]] == seed
                    and tuple(s[i] for i in sgcols) == gp]
            want_acc = float(srow[0][scol["final_val_acc"]]) if len(srow) == 1 else float("nan")
            check(abs(acc - want_acc) <= 0.5 / n_val,
                  "%s: NumPy's accuracy on validation.csv %.6g = summary.csv's final_val_acc %.6g"
                  % (name, acc, want_acc))
    check(bad_class == 0, "every cell's class is NumPy's argmax (%d differ; %d more within %g of a tie)"
          % (bad_class, near, MARGIN))
    check(worst_p <= PROB_TOL, "every cell's probability within %g of NumPy's (worst %.3g)" % (PROB_TOL, worst_p))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
