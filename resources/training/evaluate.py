#!/usr/bin/python3
"""Evaluate an exported cdk-nnp model file on the val/test splits against the GFN2-xTB labels.

Writes resources/training/metrics.json, stores the same JSON in the model file's `metrics` attribute and
regenerates the model card resources/MODEL.md (generated sections, plus the hand-written model_card_notes.md).
Evaluates the held-out structures of the shards the model was trained with (--all-shards: every shard on disk).

Usage: nice -n 10 /usr/bin/python3 evaluate.py [--model PATH] [--max-per-split N] [--no-card] [--all-shards]
"""
import argparse
import collections
import datetime
import json
import os
import sys
import time

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export_model  # noqa: E402
import painn  # noqa: E402

HA = common.HARTREE_EV
MODEL_CARD = os.path.join(common.RESOURCES_DIR, "MODEL.md")
# Hand-written sections of the card (training stages, model comparisons, DFT, geometry), kept across regenerations.
CARD_NOTES = os.path.join(common.HERE, "model_card_notes.md")
ORIGIN = {"Q": "qm9", "D": "drugs", "m": "freesolv"}
MAX_FORCE = 30.0


def origin(mol_id):
    return ORIGIN.get(mol_id[0], "other")


def predict(model, structs, bs=16):
    out = []
    for k in range(0, len(structs), bs):
        chunk = structs[k:k + bs]
        b = painn.collate(chunk, model.cutoff, torch.float64)
        E, Fo = painn.energy_forces(model, b)
        E = E.detach().numpy()
        Fo = Fo.detach().numpy()
        off = 0
        for s, e in zip(chunk, E):
            n = len(s["numbers"])
            out.append((float(e), Fo[off:off + n]))
            off += n
    return out


def summarise(structs, preds):
    dE = np.array([p[0] - s["energy"] for s, p in zip(structs, preds)])
    nat = np.array([len(s["numbers"]) for s in structs])
    dF = np.concatenate([(p[1] - s["forces"]).ravel() for s, p in zip(structs, preds)])
    # conformational energies: remove each molecule's mean error (what matters for ranking geometries)
    rel, by_mol = common.conformational_errors(structs, dE)
    m = {
        "n_structures": int(len(structs)), "n_molecules": int(len(by_mol)), "n_atoms_mean": float(nat.mean()),
        "energy_mae_eV": float(np.abs(dE).mean()),
        "energy_rmse_eV": float(np.sqrt((dE ** 2).mean())),
        "energy_mae_eV_per_atom": float(np.abs(dE / nat).mean()),
        "relative_energy_mae_eV": float(np.abs(rel).mean()) if len(rel) else None,
        "force_mae_eV_per_A": float(np.abs(dF).mean()),
        "force_rmse_eV_per_A": float(np.sqrt((dF ** 2).mean())),
    }
    m["energy_mae_1e-2Ha"] = m["energy_mae_eV"] / HA * 100
    m["energy_mae_1e-2Ha_per_atom"] = m["energy_mae_eV_per_atom"] / HA * 100
    m["relative_energy_mae_kcal_mol"] = m["relative_energy_mae_eV"] * 23.0605478 if len(rel) else None
    m["force_mae_1e-2Ha_per_A"] = m["force_mae_eV_per_A"] / HA * 100
    return m


def evaluate_split(model, split, max_n, rng, paths):
    structs = common.load_structures(paths, splits={split})
    if max_n and len(structs) > max_n:
        idx = np.sort(rng.permutation(len(structs))[:max_n])
        structs = [structs[i] for i in idx]
    t = time.time()
    preds = predict(model, structs)
    res = {"all": summarise(structs, preds), "seconds": round(time.time() - t, 1)}
    # the training domain: structures whose largest force component is <= MAX_FORCE (as in train_painn.py)
    keep = [k for k, s in enumerate(structs) if np.abs(s["forces"]).max() <= MAX_FORCE]
    res["in_domain"] = summarise([structs[k] for k in keep], [preds[k] for k in keep])
    res["in_domain"]["definition"] = "max |force component| <= %g eV/A (training filter)" % MAX_FORCE
    for key, fn in (("by_source", lambda s: s["source"]), ("by_origin", lambda s: origin(s["mol_id"]))):
        groups = collections.defaultdict(list)
        for k, s in enumerate(structs):
            groups[fn(s)].append(k)
        res[key] = {g: summarise([structs[i] for i in v], [preds[i] for i in v]) for g, v in sorted(groups.items())}
    return res


def data_summary(paths):
    counts = collections.Counter()
    mols = collections.defaultdict(set)
    for s in common.load_structures(paths):
        counts[(s["split"], s["source"])] += 1
        counts[(s["split"], "origin:" + origin(s["mol_id"]))] += 1
        mols[s["split"]].add(s["mol_id"])
    return counts, {k: len(v) for k, v in mols.items()}


def fmt(x, d=4):
    return "-" if x is None else ("%." + str(d) + "f") % x


def model_shards(provenance):
    """The shard files the model was trained on (the first n_shards of its provenance; all if not recorded)."""
    paths = common.shard_paths()
    n = provenance.get("data", {}).get("n_shards")
    return paths[:n] if n else paths


def write_card(model_path, metrics, attrs, card=MODEL_CARD):
    prov = json.loads(attrs["provenance"])
    counts, nmols = data_summary(model_shards(prov))
    split_rows = []
    with open(common.SPLIT_CSV) as fh:
        import csv
        sp = collections.Counter((r["source"], r["split"]) for r in csv.DictReader(fh))
    srcs = ["etkdg", "mmff", "displaced", "opt_traj", "md", "nnp_min", "conf_min"]
    lines = []
    lines.append("# Model card: %s\n" % attrs["name"])
    rel_path = os.path.relpath(os.path.abspath(model_path), os.path.dirname(common.RESOURCES_DIR))
    role = "Default potential of cdk-nnp" if attrs["name"] == common.DEFAULT_MODEL_NAME else \
        "Embedded alternative potential of cdk-nnp (`--model %s`; the default is described in MODEL.md)" % attrs["name"]
    lines.append("%s (`%s`, %d bytes). Generated by `resources/training/evaluate.py` "
                 "on %s UTC.\n" % (role, rel_path, os.path.getsize(model_path),
                                   datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")))
    lines.append("## What it is\n")
    lines.append("* PaiNN message-passing potential (Schütt, Unke, Gastegger, ICML 2021) in the SchNetPack-2 "
                 "conventions of `MODEL_FORMAT.md`: F = %d features, T = %d interaction/mixing blocks, K = %d Gaussian "
                 "RBFs, cosine cutoff %.1f Å, readout F→F/2→1 (SiLU); %d parameters."
                 % (attrs["n_features"], attrs["n_interactions"], attrs["n_rbf"], attrs["cutoff"], attrs["n_params"]))
    with h5py.File(model_path, "r") as f:
        charges = [int(q) for q in f["charges"][()]] if "charges" in f else [0]
    lines.append("* Elements H, C, N, O, F, S, Cl, Br; %s. No periodic boundaries."
                 % ("total charges %s, closed shell" % ", ".join("%+d" % q if q else "0" for q in charges)
                    if len(charges) > 1 else "neutral molecules only (total charge 0, closed shell; charged molecules: "
                    "`--model painn-dft-charged-v1`, MODEL-painn-dft-charged-v1.md)"))
    lines.append("* Energy = Σ per-element reference energy (least-squares fit, eV) + energy_shift + energy_scale · "
                 "network output (energy_scale = %.4f eV, energy_shift = %.4f eV). Forces = −∇E."
                 % (attrs["energy_scale"], attrs["energy_shift"]))
    ft = prov.get("dft_finetune")
    if ft:
        lines.append("* **Pretrained on GFN2-xTB labels** (xtb 6.5.1, total energies and gradients), **then fine-tuned on "
                     "ωB97X-D/def2-SVP labels** (the ∇²DFT level, Psi4 1.3.2) of small training molecules (section \"DFT "
                     "fine-tuning\"). The table \"Accuracy against GFN2-xTB\" measures the distance to the pretraining "
                     "labels; the accuracy against DFT is in \"Against DFT\".\n")
    else:
        lines.append("* **Labels are GFN2-xTB** (xtb 6.5.1, total energies and gradients). The model imitates GFN2-xTB; "
                     "it is not trained on DFT. All accuracy figures below are errors against GFN2-xTB, not against "
                     "experiment or DFT.\n")
    lines.append("## Data\n")
    lines.append("Molecules from the shared lists (QM9 subset, FreeSolv, drug-like GEOM subset), filtered to the "
                 "elements above and net formal charge 0, split **by molecule** (stable hash, 80/10/10; "
                 "`resources/training/split.csv`, which the Java benchmarks use for the test molecules).\n")
    lines.append("| molecule list | train | val | test |")
    lines.append("|---|---|---|---|")
    for o in ("qm9", "freesolv", "drugs"):
        lines.append("| %s | %d | %d | %d |" % (o, sp[(o, "train")], sp[(o, "val")], sp[(o, "test")]))
    lines.append("\nGeometries per molecule: RDKit ETKDGv3 conformers (`etkdg`), their MMFF94 minima (`mmff`), random "
                 "Cartesian displacements of the MMFF geometries, σ = 0.02–0.12 Å (`displaced`), and frames of a short "
                 "GFN2-xTB optimisation started from a raw ETKDG conformer (`opt_traj`), and the v1 model's own minima "
                 "from ModelBuilder3D starts with frames of a GFN2-xTB optimization from them (`nnp_min`), and the NNP-minimized "
                 "conformers of the ConfGF training molecules with frames of a GFN2-xTB optimization from them "
                 "(`conf_min`, from stage 4 on). Structures with a force "
                 "component above %s eV/Å are excluded from training.\n" % prov.get("training", {}).get("max_force"))
    lines.append("| split | molecules | " + " | ".join(srcs) + " | from qm9 | from freesolv | from drugs |")
    lines.append("|---|---|" + "---|" * (len(srcs) + 3))
    for spn in ("train", "val", "test"):
        lines.append("| %s | %d | " % (spn, nmols.get(spn, 0)) + " | ".join(str(counts[(spn, s)]) for s in srcs)
                     + " | " + " | ".join(str(counts[(spn, "origin:" + o)]) for o in ("qm9", "freesolv", "drugs")) + " |")
    tr = prov.get("training", {})
    lines.append("\n## Training\n")
    lines.append("Energy + force loss (%s · per-atom energy MSE + %s · force MSE, forces by autograd), AdamW "
                 "(amsgrad), lr %s with warm-up and cosine decay to %s over the wall-clock budget, batch %s structures, "
                 "EMA of weights (%s; the EMA weights are exported). %s optimiser steps, %s epochs, %s s of training on "
                 "a shared 2-core CPU (PyTorch %s)." % (tr.get("w_energy"), tr.get("w_force"), tr.get("lr"),
                                                       tr.get("lr_min"), tr.get("batch"), tr.get("ema"), prov.get("steps"),
                                                       prov.get("epochs"), prov.get("train_seconds"),
                                                       prov.get("torch_version")))
    if ft:
        st = ft["settings"]
        lines.append("\n## DFT fine-tuning\n")
        lines.append("`finetune_dft.py` from the EMA weights of `%s` (step %s): %s. Per-element reference energies shifted "
                     "by a least-squares fit of E_DFT − E_model (elements without DFT labels: %s); then %s parameters "
                     "trained on energies and forces (%s · per-atom energy MSE + %s · force MSE), AdamW, lr %s with %s "
                     "warm-up steps and cosine decay to %s over %s steps, batch %s, L2-SP λ = %s, EMA %s; selected by %s "
                     "(force MAE %.3f eV/Å before, %.3f after), %s s."
                     % (ft["base_checkpoint"], ft["base_step"], ft["labels"],
                        ", ".join(map(str, ft["elements_without_dft_labels"])) or "none", ft["trained_parameters"],
                        st["w_energy"], st["w_force"], st["lr"], st["warmup"], st["lr_min"], st["steps"], st["batch"],
                        st["l2sp"], st["ema"], ft["selected_by"], ft["before"]["val"]["force_mae"],
                        ft["after"]["val"]["force_mae"], ft["seconds"]))
    lines.append("\n## Accuracy against GFN2-xTB (held-out molecules)\n")
    lines.append("| split | structures | energy MAE (meV/atom) | energy MAE (eV) | energy MAE (10⁻² Ha) | "
                 "relative conformer energy MAE (kcal/mol) | force MAE (eV/Å) | force MAE (10⁻² Ha/Å) | force RMSE (eV/Å) |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for spn, sub, label in (("val", "in_domain", "val, max force ≤ 30 eV/Å"), ("test", "in_domain", "**test, max force ≤ 30 eV/Å**"),
                            ("val", "all", "val, all"), ("test", "all", "test, all")):
        if spn not in metrics:
            continue
        m = metrics[spn][sub]
        absolute = ("n/a", "n/a", "n/a") if ft else ("%.1f" % (1000 * m["energy_mae_eV_per_atom"]),
                                                     "%.3f" % m["energy_mae_eV"], "%.2f" % m["energy_mae_1e-2Ha"])
        lines.append("| %s | %d | %s | %s | %s | %s | %.3f | %.2f | %.3f |" % (
            label, m["n_structures"], *absolute,
            fmt(m["relative_energy_mae_kcal_mol"], 2), m["force_mae_eV_per_A"], m["force_mae_1e-2Ha_per_A"],
            m["force_rmse_eV_per_A"]))
    if ft:
        lines.append("\nAbsolute energies are n/a: after the fine-tuning the model's energies are on the DFT scale, whose "
                     "zero differs from xTB's by thousands of eV per molecule; relative energies compare.")
    lines.append("\n\"max force ≤ 30 eV/Å\" is the training domain (structures with a larger force component — ~5 % of all structures, all of them "
                 "strongly displaced geometries — are not trained on); \"all\" includes them. Relative conformer energy: "
                 "energy errors after removing each molecule's mean error (what matters for ranking geometries).")
    if "test" in metrics:
        lines.append("\nTest split (all structures) by geometry type and by molecule list:\n")
        lines.append("| subset | structures | energy MAE (meV/atom) | relative energy MAE (kcal/mol) | force MAE (eV/Å) |")
        lines.append("|---|---|---|---|---|")
        for key in ("by_source", "by_origin"):
            for g, m in metrics["test"][key].items():
                lines.append("| %s | %d | %s | %s | %.3f |" % (g, m["n_structures"],
                                                              "n/a" if ft else "%.1f" % (1000 * m["energy_mae_eV_per_atom"]),
                                                              fmt(m["relative_energy_mae_kcal_mol"], 2),
                                                              m["force_mae_eV_per_A"]))
    lines.append("\nFor scale: GFN2-xTB itself differs from ωB97X-D/def2-SVP forces by about 0.77·10⁻² Ha/Å "
                 "(MAE, project NOTES); %s\n" % ("a model fine-tuned towards DFT is expected to move away from xTB."
                                                  if ft else "the errors above are the *additional* error of the network against xTB."))
    if os.path.exists(CARD_NOTES):
        with open(CARD_NOTES) as fh:
            lines.append(fh.read().rstrip() + "\n")
    lines.append("## Limitations (honest)\n")
    if ft:
        lines.append("* The DFT fine-tuning saw only small molecules (%s); drug-sized molecules are checked against "
                     "DFT on a few held-out structures only (\"Against DFT\"). Absolute energies are on the DFT scale "
                     "only up to the fitted per-element offsets." % ft["labels"])
    else:
        lines.append("* Trained on GFN2-xTB labels only: it inherits xTB's errors (conformer energies, non-covalent "
                     "interactions, torsion barriers) and adds its own. No DFT labels yet.")
    n_train = sum(counts[("train", "origin:" + o)] for o in ("qm9", "freesolv", "drugs"))
    lines.append("* Short training on a CPU budget (%s steps, %.1f h on a shared 2-core CPU, %d training structures from %d "
                 "molecules); accuracy is far from converged. Treat energies of large molecules with care: per-atom "
                 "errors add up (see the energy MAE in eV)."
                 % (prov.get("steps"), prov.get("train_seconds", 0) / 3600, n_train, nmols.get("train", 0)))
    lines.append("* Data: single molecules in vacuum, near-equilibrium and mildly distorted geometries. No "
                 "intermolecular complexes (only intramolecular non-bonded contacts), no reactions/bond breaking, no "
                 "charged species, no radicals, no solvent; elements outside H C N O F S Cl Br are rejected.")
    lines.append("* Strongly compressed geometries (bond lengths far below equilibrium) were rare in training; there "
                 "is no explicit short-range repulsion term, so optimisations from very bad starting geometries should "
                 "be pre-relaxed with a classical force field.")
    lines.append("* Geometry optimisation with this model does not yet reproduce GFN2-xTB minima: in a spot check "
                 "(L-BFGS on 5 test molecules from ETKDG starts, 2026-11-22) the GFN2-xTB forces at the model's minima "
                 "were 0.06–0.38 eV/Å RMS (0.25–2.1 eV/Å max; bond lengths off by up to ~0.06 Å), and for 1 of 2 drug "
                 "molecules the xTB energy of the model's minimum was higher than at the start (+0.3 eV). Use it for "
                 "pre-optimisation / sampling, not as a converged xTB substitute; more data (especially longer "
                 "optimisation trajectories) and longer training are the next steps.")
    lines.append("* Cutoff %.1f Å without long-range electrostatics or dispersion beyond the cutoff." % attrs["cutoff"])
    lines.append("\n## Reproduce\n")
    lines.append("See `resources/training/README.md` (make_data.py → train_painn.py → export_model.py → evaluate.py → "
                 "make_test_vectors.py).")
    with open(card, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("wrote", card)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=export_model.DEFAULT_OUT)
    ap.add_argument("--max-per-split", type=int, default=0, help="subsample (0 = all structures)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-card", action="store_true")
    ap.add_argument("--card", default=MODEL_CARD, help="model card to write (default: resources/MODEL.md, the "
                    "default model's; an embedded alternative gets resources/MODEL-<name>.md)")
    ap.add_argument("--metrics-out", default=export_model.METRICS_JSON, help="where to write the metrics JSON")
    ap.add_argument("--all-shards", action="store_true", help="evaluate on every shard on disk, not only those the "
                    "model's training saw (to compare models on the same structures)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, meta = export_model.read_model(a.model)
    paths = common.shard_paths() if a.all_shards else model_shards(json.loads(meta["provenance"]))
    rng = np.random.default_rng(0)
    metrics = {"reference": "GFN2-xTB (xtb 6.5.1) labels of held-out molecules; not DFT",
               "units": "eV, eV/atom, eV/angstrom; *_1e-2Ha in 0.01 Hartree (per angstrom for forces)",
               "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
               "n_shards": len(paths)}
    for split in ("val", "test"):
        metrics[split] = evaluate_split(model, split, a.max_per_split, rng, paths)
        m = metrics[split]["all"]
        mi = metrics[split]["in_domain"]
        print("%s in-domain: %d structures  E MAE %.4f eV/atom  F MAE %.4f eV/Å  F RMSE %.4f" % (
            split, mi["n_structures"], mi["energy_mae_eV_per_atom"], mi["force_mae_eV_per_A"], mi["force_rmse_eV_per_A"]))
        print("%s: %d structures  E MAE %.4f eV/atom (%.3f eV, %.2f 1e-2 Ha)  rel. E MAE %.2f kcal/mol  "
              "F MAE %.4f eV/Å (%.2f 1e-2 Ha/Å)" % (split, m["n_structures"], m["energy_mae_eV_per_atom"],
                                                   m["energy_mae_eV"], m["energy_mae_1e-2Ha"],
                                                   m["relative_energy_mae_kcal_mol"] or float("nan"),
                                                   m["force_mae_eV_per_A"], m["force_mae_1e-2Ha_per_A"]), flush=True)
    with open(a.metrics_out, "w") as fh:
        json.dump(metrics, fh, indent=1, sort_keys=True)
    with h5py.File(a.model, "a") as f:
        f.attrs["metrics"] = json.dumps(metrics, sort_keys=True)
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
    attrs["n_params"] = sum(p.numel() for p in model.parameters())
    print("wrote", a.metrics_out, "and the metrics attribute of", a.model)
    if not a.no_card:
        write_card(a.model, metrics, attrs, a.card)


if __name__ == "__main__":
    main()
