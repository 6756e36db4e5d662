#!/usr/bin/python3
"""GFN2-xTB (and optionally an NNP model file) vs ωB97X-D/def2-SVP on the DFT-labelled structures.

Usage:
  OMP_NUM_THREADS=1 nice -n 15 /usr/bin/python3 xtb_vs_dft.py [--dft data/dft_wb97xd_svp.h5]
        [--model PATH.h5 ...] [--ckpt checkpoints/best.pt] [--out dft_comparison.md]

* xTB labels are looked up in the xTB shards (data/xtb_*.h5) by geometry key (sha1 of the float32 positions
  and atomic numbers, as dft_labels.py stores it); the copy stored next to the DFT label is a fallback
  and is checked against the shard.
* Forces: MAE / RMSE over all Cartesian components, in eV/Å and 1e-2 Hartree/Å (∇²DFT's unit).
* Energies: the methods have different absolute scales (xTB total energies; the NNP predicts xTB-scale
  energies), so per-element offsets are fitted by least squares on (E_DFT − E_method) over the DFT set,
  and the MAE of the residual per structure is reported (in-sample, and leave-one-molecule-out
  cross-validated where the other molecules determine every offset the held-out molecule needs). Conformational energies
  (each molecule's mean removed, needs no offsets) are reported too.
* Models: cdk-nnp HDF5 model files (--model, read with export_model.read_model), or a training
  checkpoint (--ckpt, EMA weights) while no file has been exported yet.
Writes a markdown table to stdout and to resources/training/dft_comparison.md (--out).
"""
import argparse
import collections
import datetime
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import dft_labels  # noqa: E402

HA = common.HARTREE_EV
DEFAULT_OUT = os.path.join(common.HERE, "dft_comparison.md")


def xtb_lookup(records):
    """Attach shard xTB labels (by geometry key). Returns number found in shards."""
    want = {r["key"] for r in records}
    found = {}
    for p in common.shard_paths():
        for s in common.load_structures([p]):
            if len(want) == len(found):
                break
            k = dft_labels.geometry_key(s["numbers"], s["positions"])
            if k in want:
                found[k] = s
    n = 0
    for r in records:
        s = found.get(r["key"])
        if s is not None:
            n += 1
            r["xtb_E"], r["xtb_F"] = s["energy"], np.asarray(s["forces"], dtype=np.float64)
            if abs(s["energy"] - r["xtb_energy"]) > 1e-9 or np.abs(r["xtb_F"] - r["xtb_forces"]).max() > 1e-6:
                print("warning: stored xTB copy differs from shard for %s" % r["key"])
        else:
            r["xtb_E"], r["xtb_F"] = r["xtb_energy"], r["xtb_forces"]
    return n


def force_stats(pred, ref):
    d = np.concatenate([(p - r).ravel() for p, r in zip(pred, ref)])
    mae, rmse = np.abs(d).mean(), np.sqrt((d * d).mean())
    return mae, rmse


def element_matrix(records, elements):
    """Atoms of each element per structure, and one indicator column per nonzero total charge present (charged
    molecules have their own energy zero)."""
    charges = sorted({r.get("charge", 0) for r in records} - {0})
    return np.array([[np.sum(r["numbers"] == z) for z in elements] + [r.get("charge", 0) == q for q in charges]
                     for r in records], dtype=np.float64)


def offset_fit(records, e_method, elements):
    """Residual of E_DFT − E_method after least-squares per-element offsets; in-sample and LOMO-CV."""
    A = element_matrix(records, elements)
    d = np.array([r["energy"] for r in records]) - np.asarray(e_method)
    coef, *_ = np.linalg.lstsq(A, d, rcond=None)
    res = d - A @ coef
    cv = []
    mols = np.array([r["mol_id"] for r in records])
    for m in sorted(set(mols)):
        te = mols == m
        tr = ~te
        if not tr.any():
            continue
        present_tr = A[tr].sum(0) > 0
        if np.any(A[te][:, ~present_tr] > 0):
            continue  # held-out molecule has an element no other molecule has
        Atr = A[tr][:, present_tr]
        if np.linalg.matrix_rank(Atr) < Atr.shape[1] or Atr.shape[0] < Atr.shape[1] + 2:
            continue  # offsets not determined by the other molecules: no honest prediction possible
        c, *_ = np.linalg.lstsq(Atr, d[tr], rcond=None)
        cv.extend(d[te] - A[te][:, present_tr] @ c)
    return res, np.array(cv), coef[:len(elements)]


def conformational(records, e_method):
    dd, groups = common.conformational_errors(records, [r["energy"] - e for r, e in zip(records, e_method)])
    return dd, sum(1 for g in groups if len(g) > 1)


def predict_model(model, records):
    import painn
    import torch
    out = []
    for r in records:
        b = painn.collate([{"numbers": r["numbers"], "positions": r["positions"], "charge": r.get("charge", 0)}],
                          model.cutoff, torch.float64)
        E, Fo = painn.energy_forces(model, b)
        out.append((float(E[0]), Fo.detach().numpy()))
    return out


def evaluate(records, name, E, Fo, elements):
    fm, fr = force_stats(Fo, [r["forces"] for r in records])
    res, cv, coef = offset_fit(records, E, elements)
    conf, nmol = conformational(records, E)
    row = {"method": name, "n": len(records), "force_mae": fm, "force_rmse": fr,
           # with hardly more structures than fitted offsets the in-sample residual means nothing
           "e_mae_fit": np.abs(res).mean() if len(records) >= len(elements) + 3 else float("nan"), "e_mae_cv": np.abs(cv).mean() if cv.size else float("nan"), "n_cv": cv.size,
           "e_mae_fit_per_atom": np.mean(np.abs(res) / np.array([len(r["numbers"]) for r in records])),
           "conf_mae": np.abs(conf).mean() if conf.size else float("nan"), "n_conf": conf.size, "n_conf_mol": nmol,
           "offsets_eV": {int(z): float(c) for z, c in zip(elements, coef)}}
    per_src = {}
    for src in sorted({r["source"] for r in records}):
        idx = [k for k, r in enumerate(records) if r["source"] == src]
        per_src[src] = (len(idx), force_stats([Fo[k] for k in idx], [records[k]["forces"] for k in idx])[0])
    row["per_source"] = per_src
    return row


def fmt(x, scale=1.0, nd=3):
    return "n/a" if x != x else ("%." + str(nd) + "f") % (x * scale)


def table(rows, records, extra_notes, source):
    mols = sorted({r["mol_id"] for r in records})
    nat = [len(r["numbers"]) for r in records]
    splits = collections.Counter(r["split"] for r in records)
    srcs = collections.Counter(r["source"] for r in records)
    wall = [r["wall_time_s"] for r in records]
    mean_f = np.mean(np.concatenate([np.linalg.norm(r["forces"], axis=1) for r in records]))
    L = []
    L.append("# GFN2-xTB / NNP vs ωB97X-D/def2-SVP (∇²DFT level) on DFT-labelled held-out structures")
    L.append("")
    L.append("Generated by `resources/training/xtb_vs_dft.py` on %s from `data/%s` (labels by "
             "`dft_labels.py`, Psi4 1.3.2). %d structures of %d molecules (%s; %s), %d–%d atoms; mean |F_DFT| "
             "%.3f eV/Å (%.2f·1e-2 Ha/Å); Psi4 wall time %.0f s median per structure (one thread, shared machine)."
             % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), os.path.basename(source), len(records), len(mols),
                ", ".join("%s %d" % kv for kv in sorted(splits.items())), ", ".join("%s %d" % kv for kv in sorted(srcs.items())),
                min(nat), max(nat), mean_f, mean_f / HA * 100, np.median(wall)))
    L.append("")
    L.append("| method | structures | force MAE eV/Å | force MAE 1e-2 Ha/Å | force RMSE eV/Å | energy MAE after per-element offsets, eV (1e-2 Ha) | same, leave-one-molecule-out CV, eV | conformational energy MAE, eV (structures / molecules) |")
    L.append("|---|---|---|---|---|---|---|---|")
    for r in rows:
        L.append("| %s | %d | %s | %s | %s | %s (%s) | %s (n=%d) | %s (%d / %d) |" % (
            r["method"], r["n"], fmt(r["force_mae"]), fmt(r["force_mae"], 100 / HA, 2), fmt(r["force_rmse"]),
            fmt(r["e_mae_fit"]), fmt(r["e_mae_fit"], 100 / HA, 2), fmt(r["e_mae_cv"]), r["n_cv"],
            fmt(r["conf_mae"]), r["n_conf"], r["n_conf_mol"]))
    L.append("")
    L.append("Force MAE by structure source (eV/Å; n):")
    L.append("")
    srcs_all = sorted({s for r in rows for s in r["per_source"]})
    L.append("| method | " + " | ".join(srcs_all) + " |")
    L.append("|---|" + "---|" * len(srcs_all))
    for r in rows:
        L.append("| %s | " % r["method"] + " | ".join(
            "%s (%d)" % (fmt(r["per_source"][s][1]), r["per_source"][s][0]) if s in r["per_source"] else "–"
            for s in srcs_all) + " |")
    L.append("")
    L.append("Notes:")
    L.append("* Energies: xTB and the xTB-trained NNP have their own absolute scale, so E_DFT − E_method is fitted with one "
             "offset per element and one per nonzero total charge (least squares over this set; %d elements) before the MAE is "
             "taken; with few "
             "structures the in-sample figure is optimistic — the leave-one-molecule-out column refits without the "
             "held-out molecule. Conformational MAE: each molecule's mean error removed (no fit)." % len(rows[0]["offsets_eV"]))
    L.append("* Reference points: GFN2-xTB vs ωB97X-D/def2-SVP forces 0.77e-2 Ha/Å MAE on 100 ∇²DFT drug-like "
             "conformations (NOTES.md); ∇²DFT's PaiNN trained on 2k molecules: 0.37e-2 Ha/Å, on 100k: 0.058e-2 Ha/Å.")
    L.append("* The structures are held-out molecules of %d–%d atoms, so figures describe molecules of that size and "
             "are noisy at this sample size." % (min(nat), max(nat)))
    net = [np.linalg.norm(r["forces"].sum(0)) for r in records]
    L.append("* DFT net force per structure (should be 0; Psi4 omits DFT-grid weight derivatives and uses density "
             "fitting): median %.3f, max %.3f eV/Å — a noise floor of the reference (xTB's is ~0)." % (np.median(net), max(net)))
    for n in extra_notes:
        L.append("* " + n)
    return "\n".join(L) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dft", default=dft_labels.OUT)
    ap.add_argument("--model", action="append", default=[], help="cdk-nnp HDF5 model file (repeatable)")
    ap.add_argument("--ckpt", default=None, help="training checkpoint (EMA weights) when no model file exists yet")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--split", default="", help="only this split (test: the structures model selection never saw)")
    a = ap.parse_args(argv)
    records, attrs = dft_labels.read_labels(a.dft)
    if a.split:
        records = [r for r in records if r["split"] == a.split]
    if not records:
        print("no DFT labels in %s" % a.dft)
        return 1
    n_shard = xtb_lookup(records)
    notes = ["xTB labels found in the shards for %d of %d structures (the rest from the copy stored with the DFT label)."
             % (n_shard, len(records))]
    elements = sorted({int(z) for r in records for z in r["numbers"]})
    rows = [evaluate(records, "GFN2-xTB", [r["xtb_E"] for r in records], [r["xtb_F"] for r in records], elements)]
    models = list(a.model)
    if not models and not a.ckpt and os.path.exists(common.DEFAULT_MODEL):
        models.append(common.DEFAULT_MODEL)
    import torch
    torch.set_num_threads(1)
    import export_model
    for path in models:
        model, info = export_model.read_model(path)
        pred = predict_model(model, records)
        name = "NNP %s (%s)" % (info["name"], os.path.basename(path))
        rows.append(evaluate(records, name, [p[0] for p in pred], [p[1] for p in pred], elements))
        # the NNP's distance to its own teacher on the same structures
        fm, _ = force_stats([p[1] for p in pred], [r["xtb_F"] for r in records])
        notes.append("%s vs GFN2-xTB on the same structures: force MAE %.3f eV/Å." % (name, fm))
    if a.ckpt:
        model, st = export_model.model_from_checkpoint(a.ckpt)
        pred = predict_model(model, records)
        name = "NNP checkpoint %s (step %s, EMA)" % (os.path.basename(a.ckpt), st.get("step"))
        rows.append(evaluate(records, name, [p[0] for p in pred], [p[1] for p in pred], elements))
        fm, _ = force_stats([p[1] for p in pred], [r["xtb_F"] for r in records])
        notes.append("%s vs GFN2-xTB on the same structures: force MAE %.3f eV/Å." % (name, fm))
    md = table(rows, records, notes, a.dft)
    print(md)
    with open(a.out + ".tmp", "w") as fh:
        fh.write(md)
    os.replace(a.out + ".tmp", a.out)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as fh:
        json.dump({"rows": rows, "n_structures": len(records), "date_utc": datetime.datetime.utcnow().isoformat() + "Z"},
                  fh, indent=1, default=float)
    print("wrote", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
