#!/usr/bin/python3
"""Compare bsweep's final validation accuracies with the PyTorch replica.

What it is for
--------------
bsweep and scripts/torch_replica.py run the same experiment with the same
randomness (numpy RandomState(seed) for the initial weights and the
per-epoch permutations), so for every (batch size, seed) their final
validation accuracies should agree up to float32 rounding.  This script
prints, per batch size, bsweep's final val acc per seed next to torch's, the
per-seed difference (bsweep - torch) and whether each bsweep value lies inside
torch's seed-to-seed [min, max] spread for that batch size.  It exits 1 if any
batch size's bsweep *mean* lies outside torch's [min, max] (a
distribution-level check that tolerates the odd seed drifting apart by
rounding), 2 on usage/input errors, 0 otherwise.

If the bsweep output directory also holds epochs.csv, the per-epoch
trajectories are compared too (informational only: max |val_loss| difference
and the number of epochs whose val_acc differs).

Requirements: Debian 12 python3-torch (1.13), python3-numpy, python3-sklearn
(the torch replica needs them).  Usage:

    ./bsweep -o /tmp/cmp CONFIG.json          # e.g. configs/blobs.json with seeds [0..4]
    /usr/bin/python3 scripts/compare_torch.py /tmp/cmp
    /usr/bin/python3 scripts/compare_torch.py /tmp/cmp/summary.csv --torch-csv /tmp/torch.csv

Without --torch-csv the replica is trained here for exactly the batch sizes,
seeds and epoch count found in summary.csv (about 5 s per seed with the
default sweep).  --torch-csv reuses a file written by
`torch_replica.py --out` (it must contain those batch sizes, seeds and epochs).
The replica assumes the config's "shuffle": true (use --no-shuffle otherwise).
"""

import argparse
import csv
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bsweep", help="bsweep output directory or its summary.csv")
    ap.add_argument("--torch-csv", help="per-epoch CSV from torch_replica.py --out")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-shuffle", action="store_true")
    args = ap.parse_args(argv)

    if os.path.isdir(args.bsweep):
        bdir, summary_path = args.bsweep, os.path.join(args.bsweep, "summary.csv")
    else:
        bdir, summary_path = os.path.dirname(args.bsweep) or ".", args.bsweep
    try:
        summary = read_csv(summary_path)
    except OSError as e:
        print(f"compare_torch: {e}", file=sys.stderr)
        return 2
    if not summary:
        print(f"compare_torch: {summary_path}: no rows", file=sys.stderr)
        return 2

    bs_final = {}                      # (B, seed) -> final_val_acc
    epochs_set = set()
    for r in summary:
        bs_final[(int(r["batch_size"]), int(r["seed"]))] = float(r["final_val_acc"])
        epochs_set.add(int(r["epochs"]))
    if len(epochs_set) != 1:
        print(f"compare_torch: mixed epoch counts {sorted(epochs_set)}", file=sys.stderr)
        return 2
    epochs = epochs_set.pop()
    batch_sizes = sorted({b for b, _ in bs_final})
    seeds = sorted({s for _, s in bs_final})

    # torch per-epoch histories: (B, seed) -> {epoch: (tl, ta, vl, va)}
    th = defaultdict(dict)
    if args.torch_csv:
        for r in read_csv(args.torch_csv):
            key = (int(r["batch_size"]), int(r["seed"]))
            th[key][int(r["epoch"])] = tuple(float(r[c]) for c in
                                             ("train_loss", "train_acc", "val_loss", "val_acc"))
        src = args.torch_csv
    else:
        import torch
        import torch_replica
        torch.set_num_threads(args.threads)
        data = torch_replica.make_data()
        for b in batch_sizes:
            for s in seeds:
                hist = torch_replica.train_one(data, b, s, epochs, not args.no_shuffle)
                th[(b, s)] = {e: h for e, h in enumerate(hist, 1)}
        src = f"torch_replica.py (torch {torch.__version__}, trained now)"
    missing = [k for k in bs_final if epochs not in th.get(k, {})]
    if missing:
        more = f" (+{len(missing) - 5} more)" if len(missing) > 5 else ""
        print(f"compare_torch: torch results lack epoch {epochs} for "
              f"(batch_size, seed) {sorted(missing)[:5]}{more}", file=sys.stderr)
        return 2
    t_final = {k: th[k][epochs][3] for k in bs_final}

    print(f"bsweep: {summary_path}")
    print(f"torch:  {src}")
    print(f"epochs={epochs} seeds={seeds}")
    print("val acc at the final epoch; diff = bsweep - torch; "
          "'in' = bsweep value within torch's seed [min, max] for that batch size")
    print()
    failed = []
    n_seed_out = 0
    n_exact = 0
    for b in batch_sizes:
        tv = [t_final[(b, s)] for s in seeds if (b, s) in bs_final]
        bv = [bs_final[(b, s)] for s in seeds if (b, s) in bs_final]
        tmin, tmax = min(tv), max(tv)
        tmean, bmean = sum(tv) / len(tv), sum(bv) / len(bv)
        print(f"batch {b}")
        print(f"  {'seed':>6} {'bsweep':>8} {'torch':>8} {'diff':>8}  in")
        for s in seeds:
            if (b, s) not in bs_final:
                continue
            x, y = bs_final[(b, s)], t_final[(b, s)]
            inside = tmin <= x <= tmax
            n_seed_out += not inside
            n_exact += x == y
            print(f"  {s:>6} {x:8.4f} {y:8.4f} {x - y:+8.4f}  {'yes' if inside else 'NO'}")
        ok = tmin <= bmean <= tmax
        if not ok:
            failed.append(b)
        print(f"  {'mean':>6} {bmean:8.4f} {tmean:8.4f} {bmean - tmean:+8.4f}  "
              f"torch spread [{tmin:.4f}, {tmax:.4f}]: bsweep mean "
              f"{'inside' if ok else 'OUTSIDE'}")

    print()
    print(f"{n_exact}/{len(bs_final)} (batch size, seed) final val accs identical; "
          f"{n_seed_out} per-seed values outside torch's spread")

    # optional per-epoch trajectory comparison (informational)
    ep_path = os.path.join(bdir, "epochs.csv")
    if os.path.exists(ep_path):
        max_dvl, max_dtl, acc_diff, n = 0.0, 0.0, 0, 0
        for r in read_csv(ep_path):
            key = (int(r["batch_size"]), int(r["seed"]))
            e = int(r["epoch"])
            if key not in th or e not in th[key]:
                continue
            tl, _ta, vl, va = th[key][e]
            max_dvl = max(max_dvl, abs(float(r["val_loss"]) - vl))
            max_dtl = max(max_dtl, abs(float(r["train_loss"]) - tl))
            acc_diff += float(r["val_acc"]) != va
            n += 1
        print(f"trajectories ({ep_path}, {n} epoch rows): max |train_loss diff| "
              f"{max_dtl:.3g}, max |val_loss diff| {max_dvl:.3g}, "
              f"epochs with differing val_acc: {acc_diff}")

    if failed:
        print(f"FAIL: bsweep mean outside torch's seed spread for batch sizes {failed}")
        return 1
    print("OK: every batch size's bsweep mean lies within torch's seed spread")
    return 0


if __name__ == "__main__":
    sys.exit(main())
