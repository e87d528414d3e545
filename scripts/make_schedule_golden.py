#!/usr/bin/python3
"""Golden learning rates for tests/test_schedule.c.

Usage: /usr/bin/python3 scripts/make_schedule_golden.py tests/golden
       (needs Debian's python3-numpy; python3-torch, when installed, is a
       second reference: the script then replays every case with
       torch.optim.lr_scheduler and fails if a rate differs by more than
       1e-12 relative)

Writes tests/golden/schedule.txt: every learning-rate scaling rule x
warm-up (none, in steps, in epochs) x schedule (constant, cosine, linear,
step) combination, budgets in epochs, steps and examples taking turns, and
for each case the rate of every optimizer step, as NumPy computes it here
from the formulas of the issue, written without looking at the C code:

  B = min(batch_size, n_train), eta = lr x (1 | B/B0 | sqrt(B/B0)),
  steps per epoch and total steps found by walking the batches of each
  epoch (not by a formula), W = warm-up steps (or epochs x steps per
  epoch) capped at the total, and per step, vectorised over all steps,
  eta x warm x decay.

Format (tests/fixture.h): section "cases" holds NPAR numbers per case,
section "lr" every case's rates one after the other (case k has T_k of
them).  Per case:
  0 n_train  1 batch_size  2 learning_rate  3 rule (0 none, 1 linear,
  2 sqrt)  4 base batch B0  5 warmup_steps  6 warmup_epochs
  7 warmup start factor  8 schedule (0 constant, 1 cosine, 2 linear,
  3 step)  9 floor  10 gamma  11 number of milestones  12..15 milestones
  16 budget (0 epochs, 1 steps, 2 examples)  17 epochs  18 budget amount
  19 T (expected)  20 eta (expected)  21 steps per epoch (expected)
The numbering of the enums is config.h's.
"""
import math
import os
import sys

import numpy as np

NPAR = 22
MAX_MILESTONES = 4
RULES = ["none", "linear", "sqrt"]
SCHEDULES = ["constant", "cosine", "linear", "step"]
BUDGETS = ["epochs", "steps", "examples"]


def batches_of_epoch(n_train, B):
    """Row counts of an epoch's batches, the last one partial."""
    sizes, left = [], n_train
    while left > 0:
        sizes.append(min(B, left))
        left -= sizes[-1]
    return sizes


def total_steps(case, S, sizes):
    if case["budget"] == "epochs":
        return case["epochs"] * S
    if case["budget"] == "steps":
        return case["amount"]
    # examples: take batches, epoch after epoch, until the amount is reached
    seen = steps = 0
    while seen < case["amount"]:
        seen += sizes[steps % S]
        steps += 1
    return steps


def rates(case):
    """(eta, S, T, the rate of each step) by the formulas of the issue."""
    n, B = case["n_train"], min(case["batch_size"], case["n_train"])
    sizes = batches_of_epoch(n, B)
    S = len(sizes)
    T = total_steps(case, S, sizes)
    scale = {"none": 1.0, "linear": B / case["b0"], "sqrt": math.sqrt(B / case["b0"])}
    eta = case["lr"] * scale[case["rule"]]
    W = case["warmup_steps"] or case["warmup_epochs"] * S
    W = min(W, T)
    i = np.arange(T, dtype=np.float64)
    start = case["start"]
    warm = np.ones(T)
    if W > 0:
        warm = np.where(i < W, start + (1.0 - start) * i / W, 1.0)
    kind, floor = case["schedule"], case["floor"]
    if kind == "constant" or (kind in ("cosine", "linear") and T <= W):
        decay = np.ones(T)
    elif kind == "cosine":
        p = np.maximum(0.0, i - W) / (T - W)
        decay = floor + (1.0 - floor) * 0.5 * (1.0 + np.cos(np.pi * p))
    elif kind == "linear":
        p = np.maximum(0.0, i - W) / (T - W)
        decay = floor + (1.0 - floor) * (1.0 - p)
    else:
        epoch0 = np.arange(T) // S  # epochs completed before the step
        passed = sum((epoch0 >= m).astype(np.int64) for m in case["milestones"]) \
            if case["milestones"] else np.zeros(T, dtype=np.int64)
        decay = case["gamma"] ** passed.astype(np.float64)
    return eta, S, T, eta * warm * decay


def torch_rates(case, eta, S, T):
    """The same rates from torch.optim.lr_scheduler, stepped once per
    optimizer update; None when torch cannot express the case."""
    import warnings

    import torch
    from torch.optim import lr_scheduler as L
    # SequentialLR itself calls step(0) at its milestone, which warns
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim")
    W = min(case["warmup_steps"] or case["warmup_epochs"] * S, T)
    if W > 0 and case["start"] == 0.0:
        return None  # LinearLR's recursive form stays at 0 from a 0 start
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=eta)
    kind = case["schedule"]
    if kind == "step":
        main = L.MultiStepLR(opt, [m * S for m in case["milestones"]] or [T + 1],
                             gamma=case["gamma"])
    elif kind == "constant" or T <= W:
        main = L.ConstantLR(opt, factor=1.0, total_iters=0)
    elif kind == "cosine":
        main = L.CosineAnnealingLR(opt, T_max=T - W, eta_min=case["floor"] * eta)
    else:
        main = L.LinearLR(opt, start_factor=1.0, end_factor=case["floor"],
                          total_iters=T - W)
    if W == 0:
        sched = main
    else:
        warm = L.LinearLR(opt, start_factor=case["start"], end_factor=1.0, total_iters=W)
        if kind == "step":  # both factors at once: the step schedule ignores W
            sched = L.ChainedScheduler([warm, main])
        else:
            sched = L.SequentialLR(opt, [warm, main], milestones=[W])
    out = []
    for _ in range(T):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


def cases():
    """Every rule x warm-up x schedule, budgets and batch sizes in turn."""
    warmups = [("none", 0, 0, 0.0), ("steps", 9, 0, 0.1), ("epochs", 0, 2, 0.25)]
    budgets = [("epochs", 6, 0), ("steps", 0, 40), ("examples", 0, 275)]
    batch_sizes = [8, 16, 64]  # 50 rows: 7, 4 and 1 steps per epoch
    k = 0
    for rule in RULES:
        for wname, ws, we, start in warmups:
            for sched in SCHEDULES:
                budget, epochs, amount = budgets[k % 3]
                yield {"n_train": 50, "batch_size": batch_sizes[(k // 3) % 3],
                       "lr": [0.001, 0.1, 0.05][k % 3], "rule": rule, "b0": 32,
                       "warmup_steps": ws, "warmup_epochs": we, "start": start,
                       "schedule": sched, "floor": {"cosine": 0.0, "linear": 0.1}.get(sched, 0.0),
                       "gamma": 0.1 if sched == "step" else 0.5,
                       "milestones": [2, 4] if sched == "step" else [],
                       "budget": budget, "epochs": epochs, "amount": amount}
                k += 1
    # and a few shapes the grid above misses
    base = {"n_train": 50, "lr": 0.1, "rule": "none", "b0": 32, "warmup_steps": 0,
            "warmup_epochs": 0, "start": 0.0, "floor": 0.0, "gamma": 0.5,
            "milestones": [], "epochs": 0, "amount": 0}
    yield dict(base, batch_size=50, schedule="cosine", budget="epochs", epochs=9,
               warmup_epochs=3, start=0.0, floor=0.2)            # one step per epoch, start 0
    yield dict(base, batch_size=7, schedule="linear", budget="steps", amount=5,
               warmup_steps=20, start=0.5)                      # T < W: W capped
    yield dict(base, batch_size=16, schedule="step", budget="examples", amount=333,
               milestones=[1, 3, 50], gamma=0.3, rule="sqrt")   # a milestone past the end
    yield dict(base, batch_size=100, schedule="cosine", budget="examples", amount=120,
               rule="linear", b0=10)                           # batch > n_train


def write(out, with_torch):
    rows, lrs, worst, compared = [], [], 0.0, 0
    for case in cases():
        eta, S, T, lr = rates(case)
        ms = case["milestones"] + [0] * (MAX_MILESTONES - len(case["milestones"]))
        rows.append([case["n_train"], case["batch_size"], case["lr"], RULES.index(case["rule"]),
                     case["b0"], case["warmup_steps"], case["warmup_epochs"], case["start"],
                     SCHEDULES.index(case["schedule"]), case["floor"], case["gamma"],
                     len(case["milestones"])] + ms +
                    [BUDGETS.index(case["budget"]), case["epochs"], case["amount"], T, eta, S])
        lrs.append(lr)
        if with_torch:
            ref = torch_rates(case, eta, S, T)
            if ref is not None:
                rel = np.max(np.abs(ref - lr) / np.abs(lr))
                worst = max(worst, rel)
                compared += 1
                if rel > 1e-12:
                    sys.exit("torch disagrees on case %d (%s): relative %.3g" % (
                        len(rows) - 1, case, rel))
    path = os.path.join(out, "schedule.txt")
    with open(path, "w") as f:
        f.write("# learning rate of every step: rule x warm-up x schedule x budget\n")
        f.write("# generated by scripts/make_schedule_golden.py, numpy %s%s\n" % (
            np.__version__, ", checked against torch.optim.lr_scheduler" if with_torch else ""))
        f.write("cases %d\n" % (len(rows) * NPAR))
        for r in rows:
            assert len(r) == NPAR
            for v in r:
                f.write(("%d\n" % v) if isinstance(v, int) else float(v).hex() + "\n")
        f.write("lr %d\n" % sum(len(x) for x in lrs))
        for x in lrs:
            for v in x:
                f.write(float(v).hex() + "\n")
    print("%s: %d cases, %d rates" % (path, len(rows), sum(len(x) for x in lrs)))
    if with_torch:
        print("torch.optim.lr_scheduler agrees on %d cases, worst relative %.3g" % (
            compared, worst))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_schedule_golden.py OUTDIR")
    try:
        import torch  # noqa: F401
        with_torch = True
    except ImportError:
        with_torch = False
        print("torch not installed: NumPy only")
    write(sys.argv[1], with_torch)


if __name__ == "__main__":
    main()
