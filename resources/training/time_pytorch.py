#!/usr/bin/python3
"""Times energy+forces of a cdk-nnp model file in PyTorch (float32, CPU), the peer `cdk-nnp bench` reports
the Java backends against. Reads an XYZ file (one structure), prints one line: `ms_per_eval <value>`.

    /usr/bin/python3 resources/training/time_pytorch.py MODEL.h5 STRUCTURE.xyz [--threads 1] [--batch 1]

--batch B evaluates B copies in one call and reports the time per structure.
--flops also prints `flops_per_eval <value>`: the floating-point operations of one energy+forces evaluation as
PyTorch's profiler counts them (matrix products and element-wise multiply/add, forward and backward), the work any
backend has to do for this model and structure.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402
import painn  # noqa: E402

SYMBOLS = {"H": 1, "C": 6, "N": 7, "O": 8, "F": 9, "S": 16, "Cl": 17, "Br": 35}


def read_xyz(path):
    lines = open(path).read().splitlines()
    n = int(lines[0])
    numbers, positions = [], []
    for line in lines[2:2 + n]:
        f = line.split()
        numbers.append(SYMBOLS[f[0]])
        positions.append([float(v) for v in f[1:4]])
    return np.array(numbers), np.array(positions)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("xyz")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--flops", action="store_true", help="also print the profiler's FLOP count per evaluation")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, _ = export_model.read_model(args.model)
    model = model.float()
    numbers, positions = read_xyz(args.xyz)
    structs = [{"numbers": numbers, "positions": positions}] * args.batch
    b = painn.collate(structs, model.cutoff, torch.float32)
    run = lambda: model(b["numbers"], b["positions"].clone(), b["idx_i"], b["idx_j"], b["batch"], b["n_struct"])
    for _ in range(3):
        run()
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds or reps < 3:
        run()
        reps += 1
    print("ms_per_eval %.4f" % ((time.perf_counter() - t0) * 1000 / reps / args.batch))
    if args.flops:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU], with_flops=True) as prof:
            run()
        print("flops_per_eval %d" % (sum(e.flops for e in prof.key_averages()) // args.batch))


if __name__ == "__main__":
    main()
