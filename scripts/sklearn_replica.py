#!/usr/bin/python3
"""scikit-learn speed peer for the bsweep batch-size sweep.

What it is for
--------------
A second, independent timing baseline for bsweep (the C tool in this repo):
the same make_blobs data set and the same batch-size sweep, trained with
sklearn.neural_network.MLPClassifier (2-50-3, relu, Adam lr=1e-3,
b1=0.9, b2=0.999, eps=1e-7, 100 epochs, shuffled every epoch, last partial
batch kept, no L2 penalty, no early stopping / tolerance stop).

It is a *speed peer*, not an exact replica: MLPClassifier uses its own weight
initialisation (glorot-style uniform with its own RNG stream, non-zero
biases), its own shuffling stream (sklearn.utils.shuffle), and float64
arithmetic (the data are passed as float64).  Its Adam update happens to be
the same Keras form as bsweep's (eps added to the un-corrected sqrt(v)).
So its per-seed
accuracies are expected to be similar in distribution to bsweep's / the torch
replica's but not equal; use scripts/torch_replica.py for numeric comparison.

Requirements: Debian 12 packages python3-sklearn (1.2.x) and python3-numpy.
Run with the system interpreter:

    /usr/bin/python3 scripts/sklearn_replica.py                 # seed 0
    /usr/bin/python3 scripts/sklearn_replica.py --seeds 0 1 2
    /usr/bin/python3 scripts/sklearn_replica.py --time-only     # total seconds only

BLAS threads are limited to --threads (default 1) through threadpoolctl, to
match the single-threaded torch benchmark.  "training seconds" is the wall
time of MLPClassifier.fit (data generation and scoring are outside the timing;
note fit does not compute a per-epoch validation pass, unlike bsweep/torch).
"""

import argparse
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

DEFAULT_BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256, 512]


def make_data():
    X, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2.0,
                      center_box=(-10, 10), random_state=2)
    return X[:500], y[:500], X[500:], y[500:]


def fit_one(data, batch_size, seed, epochs):
    Xtr, ytr, Xva, yva = data
    clf = MLPClassifier(hidden_layer_sizes=(50,), activation="relu", solver="adam",
                        learning_rate_init=0.001, beta_1=0.9, beta_2=0.999,
                        epsilon=1e-7, batch_size=batch_size, max_iter=epochs,
                        shuffle=True, random_state=seed, tol=0,
                        n_iter_no_change=100000, alpha=0)
    t0 = time.perf_counter()
    clf.fit(Xtr, ytr)
    secs = time.perf_counter() - t0
    return clf.score(Xva, yva), secs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=DEFAULT_BATCH_SIZES)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    ap.add_argument("--time-only", action="store_true",
                    help="train the sweep for the first seed and print total seconds")
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    # batch_size > 500 is clipped to 500 (one full-batch step, as in bsweep)
    warnings.filterwarnings("ignore", message="Got `batch_size` less than 1")
    data = make_data()

    with threadpool_limits(limits=args.threads):
        if args.time_only:
            total = sum(fit_one(data, b, args.seeds[0], args.epochs)[1]
                        for b in args.batch_sizes)
            print(f"{total:.3f}")
            return 0

        print(f"sklearn MLPClassifier, threads={args.threads}, epochs={args.epochs}, "
              f"seeds={args.seeds}")
        print(f"{'batch':>6} {'val_acc per seed':<{8 * len(args.seeds)}} "
              f"{'mean':>7} {'train_s':>8}")
        total = 0.0
        for b in args.batch_sizes:
            accs, secs = [], 0.0
            for s in args.seeds:
                acc, t = fit_one(data, b, s, args.epochs)
                accs.append(acc)
                secs += t
            total += secs
            per = " ".join(f"{a:.4f}".rjust(7) for a in accs)
            print(f"{b:>6} {per:<{8 * len(args.seeds)}} {np.mean(accs):7.4f} {secs:8.3f}")
            sys.stdout.flush()
        print(f"total training seconds: {total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
