#!/usr/bin/python3
"""PyTorch replica of the bsweep batch-size sweep (reference + speed peer).

What it is for
--------------
bsweep (the C tool in this repo) reproduces a small Keras experiment: a
2-50-3 MLP trained on sklearn ``make_blobs`` data with Adam for 100 epochs,
once per batch size in [4, 8, 16, 32, 64, 128, 256, 512] and per seed.  This
script runs the *same* experiment in PyTorch, with the *same* randomness, so
that

  * its per-seed final validation accuracies can be compared with bsweep's
    ``results/<name>/summary.csv`` (see scripts/compare_torch.py), and
  * its wall time is an honest baseline for bsweep's speed.

Experiment (mirrors bsweep):
  * data: make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2.0,
    center_box=(-10, 10), random_state=2); rows 0..499 train, 500..999
    validation; float32.
  * model: Linear(2,50) -> ReLU -> Linear(50,3) -> softmax/cross-entropy
    (mean over the batch); biases zero.
  * randomness: rs = numpy.random.RandomState(seed); hidden weight (50,2) =
    rs.uniform(-sqrt(6/2), sqrt(6/2)) (he_uniform), then output weight (3,50) =
    rs.uniform(-sqrt(6/53), sqrt(6/53)) (glorot_uniform), both cast to
    float32; then every epoch perm = rs.permutation(500) from the same rs,
    batch k = perm[k*B:(k+1)*B] (last partial batch kept).
  * Adam in the Keras form (implemented by hand, NOT torch.optim.Adam, whose
    epsilon is added after bias-correcting v):
        m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
        alpha_t = lr sqrt(1-b2^t) / (1-b1^t)
        w -= alpha_t m / (sqrt(v) + eps)
    lr=1e-3, b1=0.9, b2=0.999, eps=1e-7.
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

--out writes CSV rows  batch_size,seed,epoch,train_loss,train_acc,val_loss,val_acc
(epoch counted from 1).  "training seconds" is the wall time of model
initialisation + the training loop including the per-epoch validation pass
(the data set is generated once, outside the timing).
"""

import argparse
import csv
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import make_blobs

DEFAULT_BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256, 512]
N_TRAIN = 500
HIDDEN = 50
LR, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-7


def make_data():
    X, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2.0,
                      center_box=(-10, 10), random_state=2)
    X = torch.from_numpy(X.astype(np.float32))
    y = torch.from_numpy(y.astype(np.int64))
    return X[:N_TRAIN].contiguous(), y[:N_TRAIN].contiguous(), \
        X[N_TRAIN:].contiguous(), y[N_TRAIN:].contiguous()


class KerasAdam:
    """Adam exactly as Keras 2.x applies it (eps added to un-corrected sqrt(v))."""

    def __init__(self, params, lr=LR, beta1=BETA1, beta2=BETA2, eps=EPS):
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


def make_model(rs):
    model = torch.nn.Sequential(
        torch.nn.Linear(2, HIDDEN),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, 3),
    )
    lin1, lin2 = model[0], model[2]
    lim1 = math.sqrt(6.0 / 2)                    # he_uniform, fan_in = 2
    lim2 = math.sqrt(6.0 / (HIDDEN + 3))         # glorot_uniform
    w1 = rs.uniform(-lim1, lim1, size=(HIDDEN, 2)).astype(np.float32)
    w2 = rs.uniform(-lim2, lim2, size=(3, HIDDEN)).astype(np.float32)
    with torch.no_grad():
        lin1.weight.copy_(torch.from_numpy(w1))
        lin2.weight.copy_(torch.from_numpy(w2))
        lin1.bias.zero_()
        lin2.bias.zero_()
    return model


def train_one(data, batch_size, seed, epochs, shuffle=True):
    """Train a fresh model; return list of per-epoch
    (train_loss, train_acc, val_loss, val_acc)."""
    Xtr, ytr, Xva, yva = data
    n = Xtr.shape[0]
    rs = np.random.RandomState(seed)
    model = make_model(rs)
    opt = KerasAdam(model.parameters())
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
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=DEFAULT_BATCH_SIZES)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch intra-op threads (default 1)")
    ap.add_argument("--no-shuffle", action="store_true",
                    help="train on rows in order every epoch (no permutation draws)")
    ap.add_argument("--out", help="write per-epoch CSV here")
    ap.add_argument("--time-only", action="store_true",
                    help="train the sweep for the first seed only and print the "
                         "total training wall time in seconds")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    data = make_data()

    if args.time_only:
        seed = args.seeds[0]
        total = 0.0
        for b in args.batch_sizes:
            t0 = time.perf_counter()
            train_one(data, b, seed, args.epochs, not args.no_shuffle)
            total += time.perf_counter() - t0
        print(f"{total:.3f}")
        return 0

    rows = []
    print(f"torch {torch.__version__}, threads={torch.get_num_threads()}, "
          f"epochs={args.epochs}, seeds={args.seeds}")
    print(f"{'batch':>6} {'val_acc per seed':<{8 * len(args.seeds)}} "
          f"{'mean':>7} {'min':>7} {'max':>7} {'train_s':>8}")
    grand = 0.0
    for b in args.batch_sizes:
        finals = []
        secs = 0.0
        for s in args.seeds:
            t0 = time.perf_counter()
            hist = train_one(data, b, s, args.epochs, not args.no_shuffle)
            secs += time.perf_counter() - t0
            finals.append(hist[-1][3])
            for e, (tl, ta, vl, va) in enumerate(hist, 1):
                rows.append((b, s, e, tl, ta, vl, va))
        grand += secs
        per = " ".join(f"{a:.4f}".rjust(7) for a in finals)
        print(f"{b:>6} {per:<{8 * len(args.seeds)}} {np.mean(finals):7.4f} "
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
