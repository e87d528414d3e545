#!/usr/bin/python3
"""PyTorch replica of a bsweep batch-size sweep (reference + speed peer).

What it is for
--------------
bsweep (the C tool in this repo) trains a fresh MLP on sklearn ``make_blobs``
data for every batch size x seed of a JSON config.  This script runs the
*same* experiment in PyTorch, with the *same* randomness, so that

  * its per-seed final validation accuracies can be compared with bsweep's
    ``results/<name>/summary.csv`` (see scripts/compare_torch.py), and
  * its wall time is an honest baseline for bsweep's speed.

Without --config it runs the default experiment, configs/blobs.json: a
2-50-3 MLP, Adam, 100 epochs, batch sizes [4, 8, 16, 32, 64, 128, 256, 512].
With --config FILE it runs any config in the form `bsweep --print-config`
prints (every key filled in):

    ./bsweep --print-config configs/large.json >/tmp/large.json
    /usr/bin/python3 scripts/torch_replica.py --config /tmp/large.json

Experiment (mirrors bsweep; names are the config's keys):
  * data: make_blobs(n_samples, centers, n_features, cluster_std, center_box,
    random_state); rows 0..n_train-1 train, the rest validation; float32.
  * model: Linear(n_features, hidden[0]) -> act -> ... -> Linear(., centers)
    -> softmax/cross-entropy (mean over the batch); act is relu, tanh,
    sigmoid or linear; biases zero.
  * randomness: rs = numpy.random.RandomState(seed); for each layer in order
    its weight (out, in) = rs.uniform(-lim, lim) cast to float32, lim from
    hidden_init (hidden layers) or output_init (the last layer):
    he_uniform sqrt(6/in), glorot_uniform sqrt(6/(in+out)), lecun_uniform
    sqrt(3/in); then, when shuffle is true, every epoch perm =
    rs.permutation(n_train) from the same rs; batch k = perm[k*B:(k+1)*B]
    (last partial batch kept; B larger than n_train is one full batch).
  * Adam in the Keras form (implemented by hand, NOT torch.optim.Adam, whose
    epsilon is added after bias-correcting v):
        m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
        alpha_t = lr sqrt(1-b2^t) / (1-b1^t)
        w -= alpha_t m / (sqrt(v) + eps)
    or SGD in the Keras form: w -= lr g, or with momentum mu
    vel = mu vel - lr g; w += vel.
  * per epoch: train_loss/train_acc = sample-weighted mean of each batch's
    loss/accuracy from its forward pass before the update; val_loss/val_acc
    on the whole validation set at epoch end.  accuracy = argmax(logits)==y
    (torch.argmax returns the first maximal index on ties).

Requirements: Debian 12 packages python3-torch (1.13), python3-numpy and
python3-sklearn (only for make_blobs).  Run with the system interpreter:

    /usr/bin/python3 scripts/torch_replica.py                      # seed 0, summary
    /usr/bin/python3 scripts/torch_replica.py --seeds 0 1 2 3 4 --out /tmp/torch.csv
    /usr/bin/python3 scripts/torch_replica.py --time-only          # benchmark
    /usr/bin/python3 scripts/torch_replica.py --threads 2 --batch-sizes 32 64 --epochs 10
    /usr/bin/python3 scripts/torch_replica.py --config /tmp/large.json --time-only

--seeds, --batch-sizes, --epochs and --no-shuffle override the config's.
--out writes CSV rows  batch_size,seed,epoch,train_loss,train_acc,val_loss,val_acc
(epoch counted from 1).  "training seconds" is the wall time of model
initialisation + the training loop including the per-epoch validation pass
(the data set is generated once, outside the timing).
"""

import argparse
import copy
import csv
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import make_blobs

# configs/blobs.json, resolved: the experiment run without --config.
DEFAULT_CONFIG = {
    "name": "blobs",
    "data": {"generator": "blobs", "n_samples": 1000, "centers": 3, "n_features": 2,
             "cluster_std": 2.0, "center_box": [-10.0, 10.0], "random_state": 2,
             "n_train": 500},
    "model": {"hidden": [50], "activation": "relu",
              "hidden_init": "he_uniform", "output_init": "glorot_uniform"},
    "train": {"optimizer": "adam", "learning_rate": 1e-3, "beta_1": 0.9,
              "beta_2": 0.999, "epsilon": 1e-7, "momentum": 0.0, "epochs": 100,
              "shuffle": True},
    "sweep": {"batch_sizes": [4, 8, 16, 32, 64, 128, 256, 512], "seeds": [0]},
}
DEFAULT_BATCH_SIZES = DEFAULT_CONFIG["sweep"]["batch_sizes"]

# The keys this replica reads, by section; train.momentum only for sgd.
REQUIRED = {
    "data": ("generator", "n_samples", "centers", "n_features", "cluster_std",
             "center_box", "random_state", "n_train"),
    "model": ("hidden", "activation", "hidden_init", "output_init"),
    "train": ("optimizer", "learning_rate", "epochs", "shuffle"),
    "sweep": ("batch_sizes", "seeds"),
}
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh,
               "sigmoid": torch.nn.Sigmoid, "linear": None}
INITS = {
    "he_uniform": lambda fan_in, fan_out: math.sqrt(6.0 / fan_in),
    "glorot_uniform": lambda fan_in, fan_out: math.sqrt(6.0 / (fan_in + fan_out)),
    "lecun_uniform": lambda fan_in, fan_out: math.sqrt(3.0 / fan_in),
}


class ConfigError(Exception):
    pass


def load_config(path):
    """The config at path (as `bsweep --print-config` prints it), checked
    for the keys and values this replica understands; ConfigError if not."""
    try:
        with open(path) as f:
            c = json.load(f)
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path}: {e}") from None
    hint = f"hint: pass the output of `./bsweep --print-config {path}`"
    required = copy.deepcopy(REQUIRED)
    if c.get("train", {}).get("optimizer") == "sgd":
        required["train"] += ("momentum",)
    elif c.get("train", {}).get("optimizer") == "adam":
        required["train"] += ("beta_1", "beta_2", "epsilon")
    for sec, keys in required.items():
        for k in keys:
            if k not in c.get(sec, {}):
                raise ConfigError(f"{path}: {sec}.{k}: missing\n{hint}")
    checks = [("data", "generator", ("blobs",)),
              ("train", "optimizer", ("adam", "sgd")),
              ("model", "activation", tuple(ACTIVATIONS)),
              ("model", "hidden_init", tuple(INITS)),
              ("model", "output_init", tuple(INITS))]
    for sec, k, allowed in checks:
        if c[sec][k] not in allowed:
            raise ConfigError(f"{path}: {sec}.{k}: {c[sec][k]!r} not one of {allowed}")
    c.setdefault("name", "")
    return c


def make_data(cfg=DEFAULT_CONFIG):
    d = cfg["data"]
    X, y = make_blobs(n_samples=d["n_samples"], centers=d["centers"],
                      n_features=d["n_features"], cluster_std=d["cluster_std"],
                      center_box=tuple(d["center_box"]), random_state=d["random_state"])
    X = torch.from_numpy(X.astype(np.float32))
    y = torch.from_numpy(y.astype(np.int64))
    n = d["n_train"]
    return X[:n].contiguous(), y[:n].contiguous(), X[n:].contiguous(), y[n:].contiguous()


class KerasAdam:
    """Adam exactly as Keras 2.x applies it (eps added to un-corrected sqrt(v))."""

    def __init__(self, params, lr, beta1, beta2, eps):
        self.params = list(params)
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        t = self.t
        # step size computed in double, then applied to float32 tensors
        alpha = self.lr * math.sqrt(1.0 - self.b2 ** t) / (1.0 - self.b1 ** t)
        grads = [p.grad for p in self.params]
        # multi-tensor (foreach) kernels, as torch.optim.Adam(foreach=True) uses;
        # element-wise identical to the per-tensor loop
        #   m.mul_(b1).add_(g, alpha=1-b1); v.mul_(b2).addcmul_(g, g, value=1-b2)
        #   p.addcdiv_(m, v.sqrt().add_(eps), value=-alpha)
        torch._foreach_mul_(self.m, self.b1)
        torch._foreach_add_(self.m, grads, alpha=1.0 - self.b1)
        torch._foreach_mul_(self.v, self.b2)
        torch._foreach_addcmul_(self.v, grads, grads, value=1.0 - self.b2)
        denom = torch._foreach_sqrt(self.v)
        torch._foreach_add_(denom, self.eps)
        torch._foreach_addcdiv_(self.params, self.m, denom, value=-alpha)
        for p in self.params:
            p.grad = None


class KerasSGD:
    """SGD as Keras 2.x (and bsweep) apply it: w -= lr g, or with momentum
    vel = mu vel - lr g; w += vel."""

    def __init__(self, params, lr, momentum):
        self.params = list(params)
        self.lr, self.mu = lr, momentum
        self.vel = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        grads = [p.grad for p in self.params]
        if self.mu == 0.0:
            torch._foreach_add_(self.params, grads, alpha=-self.lr)
        else:
            torch._foreach_mul_(self.vel, self.mu)
            torch._foreach_add_(self.vel, grads, alpha=-self.lr)
            torch._foreach_add_(self.params, self.vel)
        for p in self.params:
            p.grad = None


def make_optimizer(params, cfg):
    t = cfg["train"]
    if t["optimizer"] == "sgd":
        return KerasSGD(params, t["learning_rate"], t.get("momentum", 0.0))
    return KerasAdam(params, t["learning_rate"], t["beta_1"], t["beta_2"], t["epsilon"])


def make_model(rs, cfg=DEFAULT_CONFIG):
    m, d = cfg["model"], cfg["data"]
    widths = [d["n_features"]] + list(m["hidden"]) + [d["centers"]]
    act = ACTIVATIONS[m["activation"]]
    layers = []
    for l in range(len(widths) - 1):
        fan_in, fan_out = widths[l], widths[l + 1]
        lin = torch.nn.Linear(fan_in, fan_out)
        last = l == len(widths) - 2
        lim = INITS[m["output_init" if last else "hidden_init"]](fan_in, fan_out)
        # drawn layer by layer from the run's RandomState, as bsweep does
        w = rs.uniform(-lim, lim, size=(fan_out, fan_in)).astype(np.float32)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w))
            lin.bias.zero_()
        layers.append(lin)
        if not last and act is not None:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def train_one(data, batch_size, seed, epochs, shuffle=True, cfg=DEFAULT_CONFIG):
    """Train a fresh model; return list of per-epoch
    (train_loss, train_acc, val_loss, val_acc)."""
    Xtr, ytr, Xva, yva = data
    n = Xtr.shape[0]
    rs = np.random.RandomState(seed)
    model = make_model(rs, cfg)
    opt = make_optimizer(model.parameters(), cfg)
    steps = max(1, -(-n // batch_size))
    ident = torch.arange(n)
    history = []
    for _epoch in range(epochs):
        model.train()
        order = torch.from_numpy(rs.permutation(n)) if shuffle else ident
        loss_sum = 0.0
        correct = 0
        for k in range(steps):
            idx = order[k * batch_size:(k + 1) * batch_size]
            xb = Xtr.index_select(0, idx)
            yb = ytr.index_select(0, idx)
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            nb = idx.shape[0]
            loss_sum += loss.item() * nb
            correct += int((logits.detach().argmax(1) == yb).sum())
        with torch.no_grad():
            model.eval()
            vlogits = model(Xva)
            vloss = F.cross_entropy(vlogits, yva).item()
            vacc = int((vlogits.argmax(1) == yva).sum()) / Xva.shape[0]
        history.append((loss_sum / n, correct / n, vloss, vacc))
    return history


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", metavar="FILE",
                    help="run this config (the JSON `bsweep --print-config` prints) "
                         "instead of the default configs/blobs.json experiment")
    ap.add_argument("--seeds", type=int, nargs="+", help="default: the config's")
    ap.add_argument("--batch-sizes", type=int, nargs="+", help="default: the config's")
    ap.add_argument("--epochs", type=int, help="default: the config's")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch intra-op threads (default 1)")
    ap.add_argument("--no-shuffle", action="store_true",
                    help="train on rows in order every epoch (no permutation draws)")
    ap.add_argument("--out", help="write per-epoch CSV here")
    ap.add_argument("--time-only", action="store_true",
                    help="train the sweep for the first seed only and print the "
                         "total training wall time in seconds")
    args = ap.parse_args(argv)

    cfg = DEFAULT_CONFIG
    if args.config:
        try:
            cfg = load_config(args.config)
        except ConfigError as e:
            print(f"torch_replica: {e}", file=sys.stderr)
            return 2
    seeds = args.seeds or cfg["sweep"]["seeds"]
    batch_sizes = args.batch_sizes or cfg["sweep"]["batch_sizes"]
    epochs = args.epochs if args.epochs is not None else cfg["train"]["epochs"]
    shuffle = cfg["train"]["shuffle"] and not args.no_shuffle

    torch.set_num_threads(args.threads)
    data = make_data(cfg)

    if args.time_only:
        seed = seeds[0]
        total = 0.0
        for b in batch_sizes:
            t0 = time.perf_counter()
            train_one(data, b, seed, epochs, shuffle, cfg)
            total += time.perf_counter() - t0
        print(f"{total:.3f}")
        return 0

    rows = []
    print(f"torch {torch.__version__}, threads={torch.get_num_threads()}, "
          f"config={cfg['name']}, epochs={epochs}, seeds={seeds}")
    print(f"{'batch':>6} {'val_acc per seed':<{8 * len(seeds)}} "
          f"{'mean':>7} {'min':>7} {'max':>7} {'train_s':>8}")
    grand = 0.0
    for b in batch_sizes:
        finals = []
        secs = 0.0
        for s in seeds:
            t0 = time.perf_counter()
            hist = train_one(data, b, s, epochs, shuffle, cfg)
            secs += time.perf_counter() - t0
            finals.append(hist[-1][3])
            for e, (tl, ta, vl, va) in enumerate(hist, 1):
                rows.append((b, s, e, tl, ta, vl, va))
        grand += secs
        per = " ".join(f"{a:.4f}".rjust(7) for a in finals)
        print(f"{b:>6} {per:<{8 * len(seeds)}} {np.mean(finals):7.4f} "
              f"{min(finals):7.4f} {max(finals):7.4f} {secs:8.3f}")
        sys.stdout.flush()
    print(f"total training seconds: {grand:.3f}")

    if args.out:
        with open(args.out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["batch_size", "seed", "epoch", "train_loss", "train_acc",
                        "val_loss", "val_acc"])
            for b, s, e, tl, ta, vl, va in rows:
                w.writerow([b, s, e, f"{tl:.9g}", f"{ta:.9g}", f"{vl:.9g}", f"{va:.9g}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
