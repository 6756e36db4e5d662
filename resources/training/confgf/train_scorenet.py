#!/usr/bin/python3
"""Trains the ConfGF score network by denoising score matching on coordinates; checkpointed and resumable.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 resources/training/confgf/train_scorenet.py \
        --train data/graphs-train.h5 data/graphs-mmff-train.h5 --val data/graphs-val.h5 [--minutes 60]

Each step draws conformers from the training ensembles, a noise level per conformer from the geometric ladder
(sigma_max -> sigma_min), perturbs the coordinates R~ = R + sigma z, and regresses the coordinate score the
network gives through the chain rule on -z / sigma, weighted by sigma^2 (Song & Ermon 2019):
loss = mean over atoms of |sigma s(R~) + z|^2. ConfGF perturbed each distance independently instead; noise on
coordinates is the noise the sampler sees. Checkpoints: checkpoints/scorenet-latest.pt every --ckpt-minutes
and on SIGTERM (a restart resumes, data files may have grown), scorenet-best.pt on the best validation loss.
"""
import argparse
import json
import os
import signal
import sys
import time

import h5py
import numpy as np
import torch

from scorenet import ScoreNet, coordinate_scores, sigma_ladder

HERE = os.path.dirname(os.path.abspath(__file__))
CKPT = os.path.join(HERE, "checkpoints")
STOP = False


def _stop(signum, frame):
    global STOP
    STOP = True


class Ensembles:
    """Graphs and conformers exported by `cdk-nnp confgf-data --hdf5`."""

    def __init__(self, paths):
        self.graphs, self.confs = [], []
        for path in paths:
            with h5py.File(path, "r") as f:
                self.elements = [int(z) for z in f.attrs["elements"]]
                a0, e0 = f["atom_start"][:], f["edge_start"][:]
                types, ei, ej, et = f["atom_type"][:], f["edge_i"][:], f["edge_j"][:], f["edge_type"][:]
                conf_mol, coords = f["conf_molecule"][:], f["conf_coords"][:].reshape(-1, 3)
            base = len(self.graphs)
            self.graphs += [(torch.tensor(types[a0[m]:a0[m + 1]], dtype=torch.long),
                             torch.tensor(ei[e0[m]:e0[m + 1]], dtype=torch.long),
                             torch.tensor(ej[e0[m]:e0[m + 1]], dtype=torch.long),
                             torch.tensor(et[e0[m]:e0[m + 1]], dtype=torch.long)) for m in range(len(a0) - 1)]
            at = 0
            for m in conf_mol:
                n = a0[m + 1] - a0[m]
                r = torch.tensor(coords[at:at + n], dtype=torch.float32)
                self.confs.append((base + int(m), r - r.mean(0)))
                at += n

    def batch(self, idx):
        types, ei, ej, et, pos, atom_conf, edge_conf = [], [], [], [], [], [], []
        off = 0
        for b, c in enumerate(idx):
            m, r = self.confs[c]
            t, i, j, k = self.graphs[m]
            types.append(t); ei.append(i + off); ej.append(j + off); et.append(k); pos.append(r)
            atom_conf.append(torch.full((len(t),), b)); edge_conf.append(torch.full((len(i),), b))
            off += len(t)
        cat = torch.cat
        return cat(types), cat(ei), cat(ej), cat(et), cat(pos), cat(atom_conf), cat(edge_conf)


def dsm_loss(model, data, idx, sigmas, gen):
    types, ei, ej, et, pos, atom_conf, edge_conf = data.batch(idx)
    level = torch.randint(len(sigmas), (len(idx),), generator=gen)
    sigma_conf = sigmas[level].float()
    z = torch.randn(pos.shape, generator=gen)
    noisy = pos + sigma_conf[atom_conf][:, None] * z
    d = (noisy[ei] - noisy[ej]).norm(dim=1)
    s = model(types, ei, ej, et, d, sigma_conf[edge_conf])
    score = coordinate_scores(s, noisy, ei, ej, len(types))
    per_atom = ((sigma_conf[atom_conf][:, None] * score + z) ** 2).sum(1)
    return per_atom.mean(), per_atom, sigma_conf[atom_conf]


def evaluate(model, data, sigmas, batch=64):
    """Validation loss with a fixed seed, overall and for the small-noise half of the ladder."""
    gen = torch.Generator().manual_seed(1234)
    total, small, n, ns = 0.0, 0.0, 0, 0
    with torch.no_grad():
        for s in range(0, len(data.confs), batch):
            idx = list(range(s, min(s + batch, len(data.confs))))
            _, per_atom, sig = dsm_loss(model, data, idx, sigmas, gen)
            total += per_atom.sum().item(); n += len(per_atom)
            mask = sig < sigmas[len(sigmas) // 2].item()
            small += per_atom[mask].sum().item(); ns += int(mask.sum())
    return total / n, small / max(ns, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True, nargs="+")
    ap.add_argument("--val", required=True, nargs="+")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ckpt-minutes", type=float, default=5)
    ap.add_argument("--eval-steps", type=int, default=1000)
    ap.add_argument("--prefix", default="scorenet")
    ap.add_argument("--init", help="start from this checkpoint's weights, optimizer state and step count when "
                    "<prefix>-latest.pt does not exist yet (a warm start on grown data); its validation loss on "
                    "--val becomes the best to beat")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    os.makedirs(CKPT, exist_ok=True)
    train, val = Ensembles(args.train), Ensembles(args.val)
    print("train: %d conformers of %d molecules; val: %d of %d" % (len(train.confs), len(train.graphs),
          len(val.confs), len(val.graphs)), flush=True)
    model = ScoreNet(len(train.elements), args.hidden, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    step, best, history, spent = 0, float("inf"), [], 0.0
    latest = os.path.join(CKPT, args.prefix + "-latest.pt")
    sigmas = sigma_ladder(model.sigma_max, model.sigma_min, model.n_sigmas)
    source = latest if os.path.exists(latest) else args.init
    if source and not os.path.exists(source):
        sys.exit("--init: no checkpoint %s" % source)
    if source:
        st = torch.load(source, map_location="cpu")
        if (st["hidden"], st["layers"]) != (args.hidden, args.layers):
            sys.exit("%s has %d features and %d layers; run with --hidden %d --layers %d"
                     % (source, st["hidden"], st["layers"], st["hidden"], st["layers"]))
        if list(st["elements"]) != train.elements:
            sys.exit("%s embeds elements %s, the training graphs have %s" % (source, st["elements"], train.elements))
        model.load_state_dict(st["model"]); opt.load_state_dict(st["opt"])
        step, best, history, spent = st["step"], st["best"], st["history"], st["seconds"]
        for group in opt.param_groups:
            group["lr"] = args.lr
        if source != latest:
            best = evaluate(model, val, sigmas)[0]
            print("warm start from %s (validation loss %.4f)" % (source, best), flush=True)
        print("resumed at step %d (%.1f min trained)" % (step, spent / 60), flush=True)
    gen = torch.Generator().manual_seed(step + 1)
    start, last_ckpt, run_loss = time.time(), time.time(), []

    def save(name):
        st = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "best": best,
              "history": history, "seconds": spent + time.time() - start, "elements": train.elements,
              "hidden": args.hidden, "layers": args.layers}
        torch.save(st, os.path.join(CKPT, name) + ".tmp")
        os.replace(os.path.join(CKPT, name) + ".tmp", os.path.join(CKPT, name))

    while not STOP and time.time() - start < args.minutes * 60:
        idx = torch.randint(len(train.confs), (args.batch,), generator=gen).tolist()
        loss, _, _ = dsm_loss(model, train, idx, sigmas, gen)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        step += 1
        run_loss.append(loss.item())
        if step % args.eval_steps == 0:
            v, vs = evaluate(model, val, sigmas)
            history.append({"step": step, "train": float(np.mean(run_loss)), "val": v, "val_small_sigma": vs,
                            "minutes": (spent + time.time() - start) / 60})
            run_loss = []
            print(json.dumps(history[-1]), flush=True)
            if v < best:
                best = v
                save(args.prefix + "-best.pt")
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            save(args.prefix + "-latest.pt")
            last_ckpt = time.time()
    save(args.prefix + "-latest.pt")
    print("stopped at step %d" % step, flush=True)


if __name__ == "__main__":
    sys.exit(main())
