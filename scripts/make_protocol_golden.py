#!/usr/bin/python3
"""Golden learning curves of the training protocols, for tests/protocols.sh.

Usage: /usr/bin/python3 scripts/make_protocol_golden.py tests/golden
       (or `make fixtures`; needs Debian's python3-numpy and python3-sklearn)

Writes, for each case of CASES, tests/golden/protocol_NAME.json (a config
giving every key the replica reads) and protocol_NAME.csv (its curves, the
columns of tests/compare_curves.awk).  The curves come from a float32 NumPy
replica of a sweep written from docs/semantics.md and docs/configuration.md,
not from the C code: scikit-learn's make_blobs data, RandomState(seed)
initial weights and shuffles, the Keras forms of SGD (momentum, Nesterov),
RMSprop (momentum), Adam (Keras 2), AdamW (Keras 3), weight decay and the
L2 penalty, learning-rate scaling, warm-up, cosine / linear / step
schedules and budgets in steps or examples.  Losses are computed in
float64 from the float32 logits.

The cases are well conditioned (no loss spike whose rounding grows): when
they were made, bsweep's losses agreed to 1.4e-6 absolute and every
accuracy was equal, so tests/protocols.sh asks for 1e-5 relative on
losses and equal accuracies.
"""
import json
import math
import os
import sys

import numpy as np
from sklearn.datasets import make_blobs

f32 = np.float32

DATA = {"generator": "blobs", "n_samples": 300, "centers": 3, "n_features": 2,
        "cluster_std": 2.0, "center_box": [-10.0, 10.0], "random_state": 5,
        "n_train": 200}
MODEL = {"hidden": [12], "activation": "relu", "hidden_init": "he_uniform",
         "output_init": "glorot_uniform"}
TRAIN = {"optimizer": "adam", "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999,
         "epsilon": 1e-7, "momentum": 0.0, "nesterov": False, "rho": 0.9,
         "weight_decay": 0.0, "l2": 0.0, "epochs": 6, "shuffle": True,
         "lr_scaling": {"rule": "none"}, "warmup": {"steps": 0, "start_factor": 0.0},
         "schedule": {"type": "constant"}}

# name: (changes to MODEL, changes to TRAIN, batch sizes)
CASES = {
    "sgd_momentum_step": ({"hidden": [8, 8], "activation": "tanh"},
                          {"optimizer": "sgd", "learning_rate": 0.05, "momentum": 0.8,
                           "l2": 1e-3, "warmup": {"steps": 12, "start_factor": 0.1},
                           "schedule": {"type": "step", "epochs": [2, 4], "gamma": 0.3}},
                          [6, 30, 200]),
    "sgd_nesterov_cosine": ({}, {"optimizer": "sgd", "learning_rate": 0.02, "momentum": 0.9,
                                 "nesterov": True, "weight_decay": 0.01,
                                 "schedule": {"type": "cosine", "floor": 0.1}},
                            [8, 64]),
    "rmsprop_momentum_examples": ({"activation": "tanh"},
                                  {"optimizer": "rmsprop", "learning_rate": 0.003,
                                   "rho": 0.8, "momentum": 0.5, "l2": 1e-3,
                                   "lr_scaling": {"rule": "sqrt", "base_batch_size": 16},
                                   "budget": {"examples": 530}},
                                  [8, 24, 128]),
    "adamw_cosine_steps": ({"activation": "sigmoid", "hidden_init": "lecun_uniform"},
                           {"optimizer": "adamw", "weight_decay": 0.05,
                            "warmup": {"steps": 5, "start_factor": 0.2},
                            "schedule": {"type": "cosine", "floor": 0.1},
                            "budget": {"steps": 37}},
                           [4, 32]),
    # 1 443 parameters: the BLAS path (docs/speed.md)
    "adam_blas_decay": ({"hidden": [40, 30], "activation": "tanh"},
                        {"l2": 5e-4, "weight_decay": 0.01, "learning_rate": 0.003,
                         "schedule": {"type": "linear", "floor": 0.2}},
                        [16, 50]),
    "adam_linear_scaling": ({}, {"learning_rate": 0.002,
                                 "lr_scaling": {"rule": "linear", "base_batch_size": 32},
                                 "warmup": {"epochs": 1, "start_factor": 0.0},
                                 "schedule": {"type": "linear", "floor": 0.2}},
                            [5, 32, 250]),
}


def case_config(name, model, train, batch_sizes):
    tr = dict(TRAIN, **train)
    if "budget" in tr:
        del tr["epochs"]
    return {"name": "protocol-" + name.replace("_", "-"), "data": dict(DATA),
            "model": dict(MODEL, **model), "train": tr,
            "sweep": {"batch_sizes": batch_sizes, "seeds": [0, 1]}}


# ------------------------------------------------------------------ schedule
def plan(tr, n_train, batch):
    """B, steps per epoch S, total steps T and the rate of step i."""
    B = min(batch, n_train)
    S = -(-n_train // B)
    rule, lr = tr["lr_scaling"]["rule"], tr["learning_rate"]
    if rule == "linear":
        eta = lr * (B / tr["lr_scaling"]["base_batch_size"])
    elif rule == "sqrt":
        eta = lr * math.sqrt(B / tr["lr_scaling"]["base_batch_size"])
    else:
        eta = lr
    budget = tr.get("budget", {})
    if "steps" in budget:
        T = budget["steps"]
    elif "examples" in budget:
        e, r = divmod(budget["examples"], n_train)
        T = e * S + -(-r // B)
    else:
        T = tr["epochs"] * S
    wu = tr["warmup"]
    W = min(wu.get("steps", 0) or wu.get("epochs", 0) * S, T)
    start = wu.get("start_factor", 0.0)
    sch = tr["schedule"]

    def rate(i):
        warm = start + (1 - start) * i / W if i < W else 1.0
        if sch["type"] == "step":  # gamma at each milestone (epochs completed), warm-up or not
            dec = sch.get("gamma", 0.1) ** sum(1 for m in sch["epochs"] if m <= i // S)
        elif sch["type"] == "constant" or T <= W:
            dec = 1.0
        else:  # cosine and linear start after the warm-up
            p = max(0, i - W) / (T - W)
            fl = sch.get("floor", 0.0)
            dec = fl + (1 - fl) * (0.5 * (1 + math.cos(math.pi * p)) if sch["type"] == "cosine"
                                   else 1 - p)
        return eta * warm * dec

    return B, S, T, rate


# ------------------------------------------------------------------ network
def limit(init, fin, fout):
    return {"he_uniform": math.sqrt(6.0 / fin), "glorot_uniform": math.sqrt(6.0 / (fin + fout)),
            "lecun_uniform": math.sqrt(3.0 / fin)}[init]


def act_fwd(name, z):
    if name == "relu":
        return np.maximum(z, f32(0))
    if name == "tanh":
        return np.tanh(z)
    return (f32(1) / (f32(1) + np.exp(-z))).astype(f32)  # sigmoid


def act_bwd(name, a, z):
    if name == "relu":
        return (z > 0).astype(f32)
    if name == "tanh":
        return f32(1) - a * a
    return a * (f32(1) - a)


def forward(Ws, bs, x, act):
    zs, acts = [], [x]
    for l in range(len(Ws)):
        z = (acts[-1] @ Ws[l].T + bs[l]).astype(f32)
        zs.append(z)
        acts.append(act_fwd(act, z) if l + 1 < len(Ws) else z)
    return zs, acts


def xent(z, y):
    """Per-row losses (float64, from the float32 logits), float32
    probabilities, hits."""
    z64 = z.astype(np.float64)
    m = z64.max(axis=1, keepdims=True)
    lse = np.log(np.exp(z64 - m).sum(axis=1)) + m[:, 0]
    loss = lse - z64[np.arange(len(y)), y]
    return loss, np.exp(z64 - lse[:, None]).astype(f32), z.argmax(axis=1) == y


# ------------------------------------------------------------------ optimizers
class Optimizer:
    def __init__(self, tr, params):
        self.tr, self.t = tr, 0
        self.s1 = [np.zeros_like(p) for p in params]
        self.s2 = [np.zeros_like(p) for p in params]

    def step(self, params, grads, lr):
        tr = self.tr
        self.t += 1
        lr32 = f32(lr)
        if tr["weight_decay"]:
            for p in params:
                p -= (p * f32(tr["weight_decay"])) * lr32
        kind = tr["optimizer"]
        for i, (p, g) in enumerate(zip(params, grads)):
            if kind == "sgd" and tr["momentum"] == 0:
                p -= lr32 * g
            elif kind == "sgd":
                mu, v = f32(tr["momentum"]), self.s1[i]
                v[...] = (-g * lr32 + v * mu).astype(f32)
                p += (-g * lr32 + v * mu) if tr["nesterov"] else v
            elif kind == "rmsprop":
                rho, v = f32(tr["rho"]), self.s1[i]
                v[...] = rho * v + (f32(1) - rho) * (g * g)
                inc = lr32 * g / np.sqrt(v + f32(tr["epsilon"]))
                if tr["momentum"] > 0:
                    m = self.s2[i]
                    m[...] = f32(tr["momentum"]) * m + inc
                    p -= m
                else:
                    p -= inc
            elif kind == "adam":  # Keras 2: the bias correction in double
                b1, b2, t = tr["beta_1"], tr["beta_2"], self.t
                alpha = f32(lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t))
                m, v = self.s1[i], self.s2[i]
                m[...] = f32(b1) * m + f32(1 - b1) * g
                v[...] = f32(b2) * v + f32(1 - b2) * (g * g)
                p -= alpha * m / (np.sqrt(v) + f32(tr["epsilon"]))
            else:  # adamw, Keras 3: float32 throughout
                b1p = np.power(f32(tr["beta_1"]), f32(self.t), dtype=f32)
                b2p = np.power(f32(tr["beta_2"]), f32(self.t), dtype=f32)
                alpha = lr32 * np.sqrt(f32(1) - b2p) / (f32(1) - b1p)
                m, v = self.s1[i], self.s2[i]
                m += (g - m) * f32(1 - tr["beta_1"])
                v += (g * g - v) * f32(1 - tr["beta_2"])
                p -= (m * alpha) / (np.sqrt(v) + f32(tr["epsilon"]))


# ------------------------------------------------------------------ a run
def run(cfg, X, y, batch, seed):
    """The curve rows (batch, seed, epoch, steps, losses, accuracies)."""
    d, mdl, tr = cfg["data"], cfg["model"], cfg["train"]
    nt = d["n_train"]
    Xt, yt, Xv, yv = X[:nt], y[:nt], X[nt:], y[nt:]
    widths = [d["n_features"]] + mdl["hidden"] + [d["centers"]]
    nl = len(widths) - 1
    rs = np.random.RandomState(seed)
    Ws, bs = [], []
    for l in range(nl):
        init = mdl["output_init"] if l == nl - 1 else mdl["hidden_init"]
        lim = limit(init, widths[l], widths[l + 1])
        Ws.append(rs.uniform(-lim, lim, size=(widths[l + 1], widths[l])).astype(f32))
        bs.append(np.zeros(widths[l + 1], f32))
    params = Ws + bs
    opt = Optimizer(tr, params)
    B, S, T, rate = plan(tr, nt, batch)
    act, rows, i, epoch = mdl["activation"], [], 0, 0
    while i < T:
        epoch += 1
        perm = rs.permutation(nt) if tr["shuffle"] else np.arange(nt)
        lsum, hits, seen = 0.0, 0, 0
        for k in range(S):
            if i >= T:
                break
            idx = perm[k * B:(k + 1) * B]
            xb, yb = Xt[idx], yt[idx]
            zs, acts = forward(Ws, bs, xb, act)
            loss, p, h = xent(zs[-1], yb)
            lsum += float(loss.sum())
            hits += int(h.sum())
            seen += len(yb)
            dz = p.copy()
            dz[np.arange(len(yb)), yb] -= f32(1)
            dz = (dz / f32(len(yb))).astype(f32)
            gW, gb = [None] * nl, [None] * nl
            for l in reversed(range(nl)):
                gW[l] = (dz.T @ acts[l]).astype(f32)
                gb[l] = dz.sum(axis=0, dtype=f32)
                if l:
                    dz = ((dz @ Ws[l]) * act_bwd(act, acts[l], zs[l - 1])).astype(f32)
            if tr["l2"]:
                gW = [g + f32(tr["l2"]) * (f32(2) * W) for g, W in zip(gW, Ws)]
            opt.step(params, gW + gb, rate(i))
            i += 1
        _, va = forward(Ws, bs, Xv, act)
        vl, _, vh = xent(va[-1], yv)
        rows.append((batch, seed, epoch, i, lsum / seen, hits / seen, float(vl.mean()),
                     float(vh.mean())))
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/golden"
    d = DATA
    X, y = make_blobs(n_samples=d["n_samples"], centers=d["centers"],
                      n_features=d["n_features"], cluster_std=d["cluster_std"],
                      center_box=tuple(d["center_box"]), random_state=d["random_state"])
    X = X.astype(f32)
    for name, (model, train, batch_sizes) in CASES.items():
        cfg = case_config(name, model, train, batch_sizes)
        with open(os.path.join(out, "protocol_%s.json" % name), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        with open(os.path.join(out, "protocol_%s.csv" % name), "w") as f:
            f.write("batch_size,seed,epoch,steps,train_loss,train_acc,val_loss,val_acc\n")
            for b in batch_sizes:
                for s in cfg["sweep"]["seeds"]:
                    for r in run(cfg, X, y, b, s):
                        f.write("%d,%d,%d,%d,%.17g,%.17g,%.17g,%.17g\n" % r)


if __name__ == "__main__":
    main()
