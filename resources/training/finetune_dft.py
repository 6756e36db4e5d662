#!/usr/bin/python3
"""Fine-tune the xTB-trained PaiNN on ωB97X-D/def2-SVP labels (transfer learning, as ANI-1ccx did from DFT to CC),
and teach a model the molecule's total charge (--charges, on labels of charged molecules).

Data
  training: the DFT labels of TRAINING-split structures (dft_labels.py --splits train, data/dft_train_p*.h5);
  model selection: the VALIDATION-split structures of data/dft_wb97xd_svp.h5; its TEST-split structures are
  never read here (xtb_vs_dft.py --split test reports them).

Method
  1. start from the EMA weights of an xTB checkpoint (default checkpoints/latest.pt);
  2. per-element reference energies: DFT and xTB total energies have different zeros, so the atomrefs are
     shifted by a per-element offset fitted by least squares to E_DFT − E_model on the training labels
     (elements without DFT training labels keep an offset equal to the mean per-atom offset: their absolute
     energy is then approximate, forces and relative energies are unaffected);
  3. train energy + forces on the DFT labels, optionally only the later layers (--train), with an L2-SP
     penalty λ·Σ(θ − θ_xTB)² that keeps the weights near the pretrained ones (--l2sp), AdamW, linear warm-up
     and cosine decay over --steps, EMA of the weights;
  4. every --eval-every steps the EMA model is scored on the validation labels (force MAE); the best one is
     written as a checkpoint that export_model.py exports (its provenance names the DFT labels).

Charged molecules (--charges -1,1,2)
  the base model gets a charge input (painn.PaiNN.with_charges: zero charge embedding, so its neutral energies are
  unchanged at the start) and, with the atomrefs, a per-charge energy offset fitted by least squares; the training
  records bring their own charge (labels of dft_labels.py on data/charged, or xTB shards). --train-shards DIR adds the
  training split of the xTB shards in DIR (make_data.py; data/charged for make_data.py --charged) and --val-shards DIR
  their validation split: the xTB stage of a charged model (the base is an xTB model, every label xTB), whose
  checkpoint is then fine-tuned on DFT labels like the neutral one. --charged-share draws that share of every batch
  from the charged records (the rest from the neutral ones).

Conformational objective (--w-conf, off by default): every step also draws --conf-batch structures of one conformer
set (common.conformer_key: the same molecule and composition; sets of >= 2 structures among the training labels, e.g.
the drug conformers of data/dft_drugs_train.h5) and adds w_conf · mean((ΔE_i − mean ΔE)²) over the set, ΔE the
model's energy error in eV: the loss on within-molecule energy differences, which per-structure energies weight only
through the shared per-atom normalisation.

Usage:  /usr/bin/python3 finetune_dft.py --out checkpoints/dft_ft.pt      (defaults: painn-dft-v1's settings,
        --steps 1200 --lr 2e-4 --l2sp 1e-3 --train all)
        /usr/bin/python3 export_model.py --ckpt checkpoints/dft_ft.pt --name painn-dft-v1 --out PATH
"""
import argparse
import collections
import copy
import datetime
import glob
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import dft_labels  # noqa: E402
import painn  # noqa: E402
from train_painn import composition_matrix  # noqa: E402

STATS_MAX = 1500  # training records behind the refitted offsets and the reported training errors
TRAIN_GLOB = os.path.join(common.DATA_DIR, "dft_train_p*.h5")
DRUG_TRAIN = os.path.join(common.DATA_DIR, "dft_drugs_train.h5")
# which parameters are trained (by name prefix); the rest stay at their xTB values
TRAINABLE = {
    "all": ("",),
    "last": ("context1.%(L)d", "context2.%(L)d", "filter.%(L)d", "channel.%(L)d", "mlp1.%(L)d", "mlp2.%(L)d",
             "readout"),
    "readout": ("readout",),
}


def load_records(paths, split):
    out = []
    for p in paths:
        recs, _ = dft_labels.read_labels(p)
        out.extend(r for r in recs if r["split"] == split)
    return out


def load_base(path):
    st = torch.load(path, map_location="cpu")
    cfg = st["config"]
    m = painn.PaiNN.from_config(cfg)
    m.load_state_dict(st["ema"])
    m.energy_scale.fill_(st["energy_scale"])
    m.energy_shift.fill_(st["energy_shift"])
    return m, st


def predict(model, recs, bs=16):
    """Float64 energies (with atomrefs) and forces of the model for the records."""
    md = copy.deepcopy(model).double()
    E, F = [], []
    for k in range(0, len(recs), bs):
        chunk = recs[k:k + bs]
        b = painn.collate(chunk, md.cutoff, torch.float64)
        e, f = painn.energy_forces(md, b)
        E.extend(e.detach().numpy().tolist())
        off = 0
        for r in chunk:
            n = len(r["numbers"])
            F.append(f.detach().numpy()[off:off + n])
            off += n
    return np.array(E), F


def without_dispersion(r):
    """A label with ωB97X-D's dispersion energy and forces taken out: what the network of a --dispersion model learns."""
    pos = torch.tensor(np.asarray(r["positions"]), dtype=torch.float64, requires_grad=True)
    e = painn.dispersion_energy(torch.as_tensor(np.asarray(r["numbers"])), pos, torch.zeros(len(pos), dtype=torch.long), 1)
    g, = torch.autograd.grad(e.sum(), pos)
    return dict(r, energy=r["energy"] - float(e), forces=np.asarray(r["forces"]) + g.numpy())


def refit_atomref(model, recs):
    """Shift the atomrefs so that Σ atomref absorbs the label − model energy offset per element, and for a charged
    model each nonzero charge's energy offset the offset of its molecules (charges without records keep theirs).
    Returns (element offsets, elements without records, {charge: offset})."""
    E, _ = predict(model, recs)
    A = composition_matrix(recs, model.elements)
    charges = [q for q in model.charges if q != 0]
    Q = np.array([[r.get("charge", 0) == q for q in charges] for r in recs], dtype=float).reshape(len(recs), -1)
    y = np.array([r["energy"] for r in recs]) - E
    present = np.concatenate([A.sum(0) > 0, Q.sum(0) > 0])
    M = np.concatenate([A, Q], axis=1)
    sol = np.zeros(M.shape[1])
    sol[present] = np.linalg.lstsq(M[:, present], y, rcond=None)[0]
    ne = len(model.elements)
    c = sol[:ne]
    c[~present[:ne]] = float(np.sum(y) / A.sum())
    model.atomref.add_(torch.from_numpy(c))
    dq = {}
    if model.charged:
        with torch.no_grad():
            for k, q in enumerate(charges):
                dq[q] = float(sol[ne + k])
                model.charge_energy[model.charges.index(q)] += dq[q]
    missing = [z for z, p in zip(model.elements, present[:ne]) if not p]
    return c, missing, dq


def balanced_sample(records, n, rng):
    """n of the records, in their order, at random but up to half of them charged."""
    order = rng.permutation(len(records))
    charged = [i for i in order if records[i].get("charge", 0) != 0][:n // 2]
    neutral = [i for i in order if records[i].get("charge", 0) == 0][:n - len(charged)]
    return [records[i] for i in sorted(charged + neutral)]


def load_shard_records(dirs, split):
    """The structures of one split of the xTB shards in the comma-separated directories."""
    out = []
    for d in filter(None, dirs.split(",")):
        out.extend(common.load_structures(common.shard_paths(d), splits={split}))
    return out


def metrics(model, recs):
    E, F = predict(model, recs)
    dE = E - np.array([r["energy"] for r in recs])
    nat = np.array([len(r["numbers"]) for r in recs])
    dF = np.concatenate([(f - r["forces"]).ravel() for f, r in zip(F, recs)])
    conf, _ = common.conformational_errors(recs, dE)
    return {"n": len(recs), "force_mae": float(np.abs(dF).mean()), "force_rmse": float(np.sqrt((dF ** 2).mean())),
            "energy_mae_per_atom": float(np.abs(dE / nat).mean()),
            "conf_energy_mae": float(np.abs(conf).mean()) if len(conf) else float("nan")}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default=os.path.join(common.CKPT_DIR, "latest.pt"))
    ap.add_argument("--train-labels", default=TRAIN_GLOB, help="comma-separated globs of DFT training-label files "
                                                                 "(add %s for the drug campaign)" % DRUG_TRAIN)
    ap.add_argument("--val-labels", default=dft_labels.OUT, help="comma-separated globs of DFT label files whose "
                    "validation split selects the model")
    ap.add_argument("--out", required=True, help="checkpoint of the best fine-tuned model")
    ap.add_argument("--train", choices=sorted(TRAINABLE), default="all")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lr-min", type=float, default=1e-6)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--l2sp", type=float, default=1e-3, help="λ of λ·Σ(θ − θ_xTB)²")
    ap.add_argument("--w-energy", type=float, default=100.0)
    ap.add_argument("--w-force", type=float, default=1.0)
    ap.add_argument("--ema", type=float, default=0.99)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--max-force", type=float, default=30.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--w-conf", type=float, default=0.0, help="weight of the conformational loss (eV²); 0: off")
    ap.add_argument("--conf-batch", type=int, default=6, help="structures of one conformer set per step")
    ap.add_argument("--charges", default="", help="comma-separated nonzero total charges the model is to take")
    ap.add_argument("--train-shards", default="", help="comma-separated directories of xTB shards (training split)")
    ap.add_argument("--val-shards", default="", help="comma-separated directories of xTB shards (validation split, "
                    "instead of --val-labels)")
    ap.add_argument("--val-max", type=int, default=0, help="at most this many validation records (a fixed random "
                    "sample, up to half of them charged; 0: all)")
    ap.add_argument("--charged-share", type=float, default=0.0, help="share of each batch drawn from the charged "
                    "records (0: draw from all records alike)")
    ap.add_argument("--dispersion", action="store_true",
                    help="add ωB97X-D's own -D term analytically (painn.dispersion_energy) and train the network on the rest")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    paths = sorted({p for g in a.train_labels.split(",") if g for p in glob.glob(g)})
    train = [r for r in load_records(paths, "train") + load_shard_records(a.train_shards, "train")
             if np.abs(r["forces"]).max() <= a.max_force]
    val = load_shard_records(a.val_shards, "val") if a.val_shards else \
        load_records(sorted({p for g in a.val_labels.split(",") for p in glob.glob(g)}), "val")
    if a.val_max and len(val) > a.val_max:
        val = balanced_sample(val, a.val_max, rng)
    if not train or not val:
        sys.exit("need training labels (%s %s: %d) and validation labels (%s: %d)"
                 % (a.train_labels, a.train_shards, len(train), a.val_shards or a.val_labels, len(val)))
    model, base_st = load_base(a.base)
    if a.charges:
        model = model.with_charges(int(q) for q in a.charges.split(","))
    if a.dispersion:
        model.dispersion = painn.DISPERSION
    # the offsets and the training figures from at most STATS_MAX records (up to half of them charged)
    stats = balanced_sample(train, STATS_MAX, rng) if len(train) > STATS_MAX else train
    offsets, missing, charge_offsets = refit_atomref(model, stats)
    fit = [without_dispersion(r) for r in train] if model.dispersion else train
    before = {"train": metrics(model, stats), "val": metrics(model, val)}
    print("labels: train %d structures of %d molecules (%s), val %d; atomref offsets (eV) %s%s"
          % (len(train), len({r["mol_id"] for r in train}), ", ".join(os.path.basename(p) for p in paths), len(val),
             " ".join("%d:%.3f" % (z, c) for z, c in zip(model.elements, offsets)),
             "; no training labels for Z=%s" % missing if missing else ""), flush=True)
    print("base model on the labels: train F MAE %.4f, val F MAE %.4f eV/Å, val conf. E MAE %.4f eV%s"
          % (before["train"]["force_mae"], before["val"]["force_mae"], before["val"]["conf_energy_mae"],
             "; charge offsets (eV) %s, charges of the training records %s"
             % (charge_offsets, dict(collections.Counter(r.get("charge", 0) for r in train))) if model.charged else ""),
          flush=True)

    prefixes = tuple(p % {"L": model.n_interactions - 1} for p in TRAINABLE[a.train])
    params = [p for n, p in model.named_parameters() if n.startswith(prefixes)]
    for n, p in model.named_parameters():
        p.requires_grad_(n.startswith(prefixes))
    anchor = [p.detach().clone() for p in params]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
    ema = copy.deepcopy(model)
    best, best_state, history = float("inf"), None, []
    t0 = time.time()
    order, pos = rng.permutation(len(train)), 0
    charged_idx = np.array([i for i, r in enumerate(train) if r.get("charge", 0) != 0])
    neutral_idx = np.array([i for i, r in enumerate(train) if r.get("charge", 0) == 0])
    if a.charged_share and (not len(charged_idx) or not len(neutral_idx)):
        sys.exit("--charged-share needs charged and neutral training records")
    conf_sets = [g for g in common.conformational_errors(train, np.zeros(len(train)))[1] if len(g) >= 2]
    if a.w_conf and not conf_sets:
        sys.exit("--w-conf needs conformer sets (two or more structures of one molecule) among the training labels")
    for step in range(1, a.steps + 1):
        if a.charged_share:
            n_c = rng.binomial(a.batch, a.charged_share)
            chunk = [fit[i] for i in np.concatenate([rng.choice(charged_idx, n_c), rng.choice(neutral_idx, a.batch - n_c)])]
        else:
            if pos + a.batch > len(order):
                order, pos = rng.permutation(len(train)), 0
            chunk = [fit[i] for i in order[pos:pos + a.batch]]
            pos += a.batch
        lr = a.lr * step / a.warmup if step <= a.warmup else \
            a.lr_min + 0.5 * (a.lr - a.lr_min) * (1 + math.cos(math.pi * (step - a.warmup) / max(1, a.steps - a.warmup)))
        for g in opt.param_groups:
            g["lr"] = lr
        b = painn.collate(chunk, model.cutoff)
        E, Fp = painn.residual_energy_forces(model, b, create_graph=True)
        le, lf = painn.energy_force_losses(E, painn.residual_targets(model, chunk), Fp, b)
        loss = a.w_energy * le + a.w_force * lf
        if a.w_conf:
            group = conf_sets[rng.integers(len(conf_sets))]
            members = [fit[i] for i in rng.permutation(group)[:a.conf_batch]]
            bc = painn.collate(members, model.cutoff)
            Ec, Fc = painn.residual_energy_forces(model, bc, create_graph=True)
            target = painn.residual_targets(model, members)
            err = Ec - target
            _, lcf = painn.energy_force_losses(Ec, target, Fc, bc)
            loss = loss + a.w_conf * ((err - err.mean()) ** 2).mean() + a.w_force * lcf
        if a.l2sp:
            loss = loss + a.l2sp * sum(((p - p0) ** 2).sum() for p, p0 in zip(params, anchor))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 10.0)
        opt.step()
        painn.ema_update(ema, model, step, a.ema)
        if step % a.eval_every == 0 or step == a.steps:
            m = metrics(ema, val)
            history.append({"step": step, "lr": lr, **{"val_" + k: v for k, v in m.items()}})
            tag = ""
            if m["force_mae"] < best:
                best, best_state, tag = m["force_mae"], copy.deepcopy(ema.state_dict()), " *"
            charged_val = [r for r in val if r.get("charge", 0) != 0]
            if model.charged and charged_val:
                mq = metrics(ema, charged_val)
                history[-1].update({"val_charged_" + k: v for k, v in mq.items()})
                tag += " (charged: %d, F MAE %.4f, conf. E MAE %.4f)" % (mq["n"], mq["force_mae"], mq["conf_energy_mae"])
            print("step %d lr %.1e loss %.4f | val F MAE %.4f RMSE %.4f eV/Å, conf. E MAE %.4f eV%s (%.0f s)"
                  % (step, lr, loss.item(), m["force_mae"], m["force_rmse"], m["conf_energy_mae"], tag,
                     time.time() - t0), flush=True)
    ema.load_state_dict(best_state)
    after = {"train": metrics(ema, stats), "val": metrics(ema, val)}
    finetune = {
        "labels": "%s energies and forces of %d training-split structures of %d molecules (charges %s)"
                  % (" and ".join(x for x in ("ωB97X-D/def2-SVP (Psi4 1.3.2, dft_labels.py)" if paths else "",
                                              "GFN2-xTB (make_data.py shards: %s)" % a.train_shards
                                              if a.train_shards else "") if x),
                     len(train), len({r["mol_id"] for r in train}),
                     dict(collections.Counter(r.get("charge", 0) for r in train))),
        "label_files": [os.path.basename(p) for p in paths], "charge_offsets_eV": charge_offsets,
        "base_checkpoint": os.path.basename(a.base), "base_step": base_st.get("step"),
        "trained_parameters": a.train, "atomref_offsets_eV": dict(zip(map(str, model.elements), offsets.tolist())),
        "elements_without_dft_labels": missing,
        "settings": {k: getattr(a, k) for k in ("steps", "batch", "lr", "lr_min", "warmup", "l2sp", "w_energy",
                                                 "w_force", "ema", "max_force", "seed", "w_conf", "conf_batch",
                                                 "dispersion", "charges", "charged_share", "val_max")},
        "conformer_sets": len(conf_sets),
        "selected_by": "validation-split force MAE (%d structures of %s)" % (len(val), a.val_shards or a.val_labels),
        "before": before, "after": after, "history": history,
        "seconds": round(time.time() - t0), "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "script": "resources/training/finetune_dft.py",
    }
    st = {"model": ema.state_dict(), "ema": ema.state_dict(), "config": ema.config(),
          "energy_scale": float(ema.energy_scale), "energy_shift": float(ema.energy_shift),
          "step": base_st.get("step"), "epoch": base_st.get("epoch"), "args": base_st.get("args", {}),
          "train_seconds": base_st.get("train_seconds", 0.0), "finetune": finetune,
          "history": [{"val_score": best, "energy_mae_eV_per_atom": after["val"]["energy_mae_per_atom"],
                       "energy_mae_eV": float("nan"), "force_mae_eV_per_A": after["val"]["force_mae"],
                       "force_rmse_eV_per_A": after["val"]["force_rmse"], "n_structures": len(val),
                       "step": history[-1]["step"]}]}
    torch.save(st, a.out + ".tmp")
    os.replace(a.out + ".tmp", a.out)
    print("best val F MAE %.4f eV/Å (xTB model %.4f); train F MAE %.4f (was %.4f); wrote %s"
          % (after["val"]["force_mae"], before["val"]["force_mae"], after["train"]["force_mae"],
             before["train"]["force_mae"], a.out))
    print(json.dumps({"val_after": after["val"], "val_before": before["val"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
