#!/usr/bin/python3
"""How well methods rank the conformers of a molecule, against ωB97X-D/def2-SVP single points of the same geometries.

    OMP_NUM_THREADS=1 /usr/bin/python3 conformer_energies.py data/dft_test_conformers.h5 \
        --model ../src/main/resources/io/github/cdknnp/models/painn-dft-v1.h5 --sdf-dir confgf/data [--json OUT.json]

LABELS.h5 is a dft_labels.py file (e.g. `--sdf confgf/data/ensembles-test-xtb.sdf.gz --energy-only`: GFN2-xTB minima
of held-out drugs, made without our model). Every method scores the same geometries, no re-optimization:
  GFN2-xTB    the xTB energy stored with each label (XTB_ENERGY_HARTREE of the SDF, or the shard's label);
  NNP         each --model file, evaluated here in float64;
  MMFF94      RDKit's MMFF94 single point of the SDF record (bonds from the record), when --sdf-dir holds the file
              named in the labels' `shard` field.
Per molecule with two or more labelled conformers (common.conformer_key):
  rel. MAE    mean |error| of relative energies, each method's and DFT's per-molecule mean removed (kcal/mol);
  pick        DFT energy of the conformer the method ranks lowest, above the DFT-lowest one (kcal/mol): what a user
              who keeps a method's lowest conformer loses, in DFT terms;
  top-1       share of molecules where the method's lowest is DFT's lowest.
"""
import argparse
import json
import os
import sys

import numpy as np

import common
import dft_labels

EV_KCAL = 23.060547830619


def nnp_energies(path, records):
    import painn
    import torch
    import export_model
    torch.set_num_threads(1)
    model, info = export_model.read_model(path)
    out = []
    for r in records:
        b = painn.collate([{"numbers": r["numbers"], "positions": r["positions"]}], model.cutoff, torch.float64)
        e, _ = painn.energy_forces(model, b, forces=False)
        out.append(float(e[0]))
    return info["name"], np.array(out)


def mmff_energies(records, sdf_dir):
    """MMFF94 single points (eV) of the SDF records the labels came from; None when a file is missing."""
    import gzip
    from rdkit import Chem
    from rdkit.Chem import AllChem
    cache, out = {}, []
    for r in records:
        path = os.path.join(sdf_dir, r["shard"])
        if not os.path.exists(path):
            return None
        if path not in cache:
            with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as fh:
                cache[path] = list(Chem.ForwardSDMolSupplier(fh, removeHs=False))
        mol = Chem.Mol(cache[path][r["shard_index"]])
        if dft_labels.geometry_key([a.GetAtomicNum() for a in mol.GetAtoms()], mol.GetConformer().GetPositions()) != r["key"]:
            sys.exit("conformer_energies.py: record %d of %s is not the labelled geometry" % (r["shard_index"], path))
        props = AllChem.MMFFGetMoleculeProperties(mol)
        ff = AllChem.MMFFGetMoleculeForceField(mol, props) if props is not None else None
        out.append(ff.CalcEnergy() / EV_KCAL if ff is not None else np.nan)
    return np.array(out)


def score(records, e_method, groups):
    """rel. MAE, mean pick loss (kcal/mol), top-1 share, over the groups of >= 2 conformers."""
    e_dft = np.array([r["energy"] for r in records])
    errs, picks, top = [], [], []
    for g in groups:
        if len(g) < 2 or np.isnan(e_method[g]).any():
            continue
        d = (e_method[g] - e_method[g].mean()) - (e_dft[g] - e_dft[g].mean())
        errs.extend(np.abs(d) * EV_KCAL)
        chosen = int(np.argmin(e_method[g]))
        picks.append((e_dft[g][chosen] - e_dft[g].min()) * EV_KCAL)
        top.append(chosen == int(np.argmin(e_dft[g])))
    return {"rel_mae_kcal": float(np.mean(errs)) if errs else float("nan"),
            "pick_kcal": float(np.mean(picks)) if picks else float("nan"),
            "top1": float(np.mean(top)) if top else float("nan"), "molecules": len(picks), "conformers": len(errs)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("labels")
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--sdf-dir", default="", help="directory holding the SDF the labels were made from (MMFF94 peer)")
    ap.add_argument("--split", default="test")
    ap.add_argument("--json", default="")
    a = ap.parse_args(argv)
    records, _ = dft_labels.read_labels(a.labels)
    records = [r for r in records if r["split"] == a.split and np.isfinite(r["energy"])]
    groups = common.conformational_errors(records, np.zeros(len(records)))[1]
    if not any(len(g) > 1 for g in groups):
        sys.exit("conformer_energies.py: no molecule of split %s has two labelled conformers in %s" % (a.split, a.labels))
    rows = {"GFN2-xTB": score(records, np.array([r["xtb_energy"] for r in records]), groups)}
    for path in a.model:
        name, e = nnp_energies(path, records)
        rows["NNP " + name] = score(records, e, groups)
    if a.sdf_dir:
        e = mmff_energies(records, a.sdf_dir)
        if e is not None:
            rows["MMFF94"] = score(records, e, groups)
    print("| method | rel. energy MAE (kcal/mol) | pick: DFT energy above DFT's lowest (kcal/mol) | top-1 | molecules | conformers |")
    print("|---|---|---|---|---|---|")
    for name, s in rows.items():
        print("| %s | %.2f | %.2f | %.0f %% | %d | %d |" % (name, s["rel_mae_kcal"], s["pick_kcal"], 100 * s["top1"],
                                                        s["molecules"], s["conformers"]))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"labels": os.path.basename(a.labels), "split": a.split, "rows": rows}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
