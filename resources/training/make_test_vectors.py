#!/usr/bin/python3
"""Reference energies/forces (PyTorch, float64) for the Java parity tests, plus a tiny test model.

Writes into common.TEST_MODEL_DIR = forcefield-bridge/api/src/test/resources/io/github/cdknnp/models/:
  painn-test-vectors.h5        vectors for the exported default model (common.DEFAULT_MODEL)
  painn-tiny.h5                tiny random model (F=8, T=2, K=6, cutoff 5 Å) in the model file format
  painn-tiny-test-vectors.h5   vectors for the tiny model
  painn-tiny-charged.h5, painn-tiny-charged-vectors.h5   (--tiny-charged) a tiny model taking total charges
                               −1, 0, +1, +2 (random charge embedding and offsets) and vectors at several charges

Test-vector file layout (ragged, like the training shards):
  root attrs: format="cdk-nnp-test-vectors", format_version=1, model_name, model_resource (class-path name of
              the model file), model_provenance_date_utc (date_utc in the model's provenance JSON),
              model_weights_checksum (sum of all values of all datasets except `elements`, float64),
              units="positions Å, energy eV, forces eV/Å", dtype="float64",
              max_abs_energy_diff_vs_numpy_reference, max_abs_force_diff_vs_finite_difference (self-checks)
  offsets   int64 [S+1]   atoms of structure k are rows offsets[k]:offsets[k+1]
  numbers   int32 [N]
  positions float64 [N,3]
  energy    float64 [S]   total energy (E = Σ atomref + shift + scale·out), eV
  forces    float64 [N,3] −∂E/∂R, eV/Å (autograd)
  description  string [S] what the structure is (test-split molecule id + source, or synthetic case)
  charge    int32 [S]     total charge of each structure (only in vectors of charged models)

Usage: /usr/bin/python3 make_test_vectors.py [--model PATH] [--out VECTORS] [--skip-default] [--skip-tiny]
                                            [--tiny-charged]
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export_model  # noqa: E402
import painn  # noqa: E402
import reference_numpy  # noqa: E402

TINY = os.path.join(common.TEST_MODEL_DIR, "painn-tiny.h5")
TINY_CHARGED = os.path.join(common.TEST_MODEL_DIR, "painn-tiny-charged.h5")
RESOURCE_PREFIX = "/io/github/cdknnp/models/"


def evaluate(model, structs):
    out = []
    for s in structs:
        b = painn.collate([s], model.cutoff, torch.float64)
        E, Fo = painn.energy_forces(model, b)
        out.append((float(E.item()), Fo.detach().numpy().astype(np.float64)))
    return out


def synthetic_cases(cutoff, rng):
    """Random geometries with atom pairs just inside / just outside the cutoff and all elements."""
    cases = []
    # 1) all supported elements, compact random geometry (min distance >= 1.0 Å)
    Z = np.array([6, 7, 8, 9, 16, 17, 35, 1, 1, 1, 6, 1])
    while True:
        P = rng.uniform(-2.2, 2.2, size=(len(Z), 3))
        d = np.linalg.norm(P[:, None] - P[None], axis=-1) + np.eye(len(Z)) * 9
        if d.min() > 1.0:
            break
    cases.append({"numbers": Z, "positions": P, "description": "synthetic: all elements, random compact geometry"})
    # 2) two fragments, one inter-fragment pair at cutoff - 0.02 Å (inside) and the rest further away
    frag = np.array([[0.0, 0.0, 0.0], [0.96, 0.0, 0.0], [-0.24, 0.93, 0.0]])  # O H H
    fragB = np.array([[0.0, 0.0, 0.0], [0.96, 0.0, 0.0], [0.24, 0.93, 0.0]])    # O H H, both H pointing away
    for delta, tag in ((-0.02, "just inside"), (0.02, "just outside"), (-0.3, "well inside")):
        Z = np.array([8, 1, 1, 8, 1, 1])
        # closest inter-fragment pair: H(1) of water A (x = 0.96) and O(3) of water B
        P = np.concatenate([frag, fragB + np.array([frag[1, 0] + cutoff + delta, 0.0, 0.0])])
        cases.append({"numbers": Z, "positions": P,
                      "description": "synthetic: two waters, closest O...H pair %s the cutoff (d = cutoff %+.2f A)"
                                     % (tag, delta)})
    # 3) random rattled structure where many pairs straddle the cutoff
    Z = np.array([6, 6, 8, 1, 1, 7, 1, 1])
    P = rng.uniform(-cutoff * 0.55, cutoff * 0.55, size=(len(Z), 3))
    cases.append({"numbers": Z, "positions": P, "description": "synthetic: sparse random geometry, pairs around the cutoff"})
    return cases


def test_split_structures(n=5):
    """~n small test-split structures of different sources from the data shards."""
    structs = common.load_structures(splits={"test"})
    if not structs:
        raise SystemExit("no test-split structures in resources/training/data (run make_data.py first)")
    structs.sort(key=lambda s: (len(s["numbers"]), s["mol_id"], s["source"]))
    picked, seen_src, seen_mol = [], set(), set()
    for s in structs:
        if len(s["numbers"]) < 8:
            continue
        if s["source"] in seen_src or s["mol_id"] in seen_mol:
            continue
        picked.append(s)
        seen_src.add(s["source"])
        seen_mol.add(s["mol_id"])
        if len(picked) >= n - 1:
            break
    # one drug-sized test structure
    drugs = [s for s in structs if s["mol_id"].startswith("D") and s["source"] == "mmff"]
    if drugs:
        picked.append(drugs[len(drugs) // 2])
    out = []
    for s in picked:
        out.append({"numbers": s["numbers"], "positions": s["positions"],
                    "description": "test split: %s (%s geometry), xtb energy %.6f eV" % (s["mol_id"], s["source"],
                                                                                          s["energy"])})
    return out


def weights_checksum(model_path):
    """Sum of every float dataset value in the model file (all datasets except `elements`), float64."""
    total = 0.0
    with h5py.File(model_path, "r") as f:
        def visit(name, obj):
            nonlocal total
            if isinstance(obj, h5py.Dataset) and name != "elements":
                total += float(np.asarray(obj[()], dtype=np.float64).sum())
        f.visititems(visit)
    return total


def write_vectors(model_path, out_path, structs, fd_check=2):
    model, meta = export_model.read_model(model_path)
    res = evaluate(model, structs)
    ref = reference_numpy.load(model_path)
    de = max(abs(reference_numpy.energy(ref, s["numbers"], s["positions"], s.get("charge", 0)) - e)
             for s, (e, _) in zip(structs, res))
    dfmax = 0.0
    small = sorted(range(len(structs)), key=lambda k: len(structs[k]["numbers"]))[:fd_check]
    for k in small:
        fd = reference_numpy.forces_fd(ref, structs[k]["numbers"], structs[k]["positions"], h=1e-5,
                                       charge=structs[k].get("charge", 0))
        dfmax = max(dfmax, float(np.abs(fd - res[k][1]).max()))
    nat = [len(s["numbers"]) for s in structs]
    off = np.concatenate([[0], np.cumsum(nat)]).astype(np.int64)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    name = meta["name"].decode() if isinstance(meta["name"], bytes) else str(meta["name"])
    with h5py.File(out_path + ".tmp", "w") as f:
        f.attrs["format"] = "cdk-nnp-test-vectors"
        f.attrs["format_version"] = np.int32(1)
        f.attrs["model_name"] = name
        f.attrs["model_resource"] = RESOURCE_PREFIX + os.path.basename(model_path)
        # identify the exact model the vectors belong to (the default model is re-exported during training)
        f.attrs["model_provenance_date_utc"] = json.loads(meta["provenance"]).get("date_utc", "unknown")
        f.attrs["model_weights_checksum"] = np.float64(weights_checksum(model_path))
        f.attrs["units"] = "positions angstrom, energy eV, forces eV/angstrom"
        f.attrs["dtype"] = "float64"
        f.attrs["evaluated_with"] = "PyTorch %s float64 (resources/training/painn.py), autograd forces" % torch.__version__
        f.attrs["max_abs_energy_diff_vs_numpy_reference"] = np.float64(de)
        f.attrs["max_abs_force_diff_vs_finite_difference"] = np.float64(dfmax)
        f.create_dataset("offsets", data=off)
        f.create_dataset("numbers", data=np.concatenate([s["numbers"] for s in structs]).astype(np.int32))
        f.create_dataset("positions", data=np.concatenate([np.asarray(s["positions"], np.float64) for s in structs]))
        f.create_dataset("energy", data=np.array([e for e, _ in res], dtype=np.float64))
        f.create_dataset("forces", data=np.concatenate([fo for _, fo in res]))
        f.create_dataset("description", data=[s["description"] for s in structs], dtype=h5py.string_dtype())
        if model.charged:
            f.create_dataset("charge", data=np.array([s.get("charge", 0) for s in structs], dtype=np.int32))
    os.replace(out_path + ".tmp", out_path)
    print("wrote %s: %d structures, model %s; |ΔE| vs numpy reference %.2e eV, |ΔF| vs FD %.2e eV/Å"
          % (out_path, len(structs), name, de, dfmax))


def make_tiny(path, seed=7):
    torch.manual_seed(seed)
    m = painn.PaiNN(8, 2, 6, 5.0).double()
    with torch.no_grad():
        for p in m.parameters():
            p.mul_(1.5)  # make the vector paths and mixing terms clearly non-negligible
        # plausible per-element reference energies (eV) so totals look like the real model's
        m.atomref.copy_(torch.tensor([-13.6, -57.7, -79.0, -109.7, -127.7, -87.5, -123.9, -109.9],
                                     dtype=torch.float64))
        m.energy_scale.fill_(0.5)
        m.energy_shift.fill_(0.01)
    prov = {"model": "painn-tiny-test", "note": "random weights (torch seed %d, default init scaled x1.5) for fast Java parity tests; "
            "not a physical potential" % seed, "script": "resources/training/make_test_vectors.py"}
    export_model.write_model(m, path, "painn-tiny-test", prov, {"note": "random model, no accuracy"})
    print("wrote tiny model", path)


def make_tiny_charged(path, seed=13):
    """The tiny model of make_tiny (same seed 7 weights) taking total charges −1..+2, with random charge embedding
    and per-charge energy offsets."""
    make_tiny(path)
    m, _ = export_model.read_model(path)
    m = m.with_charges((-1, 0, 1, 2))
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        m.charge_embedding.copy_(torch.randn(m.n_features, generator=g, dtype=torch.float64))
        m.charge_energy.copy_(torch.tensor([3.1, 0.0, -4.2, -7.5], dtype=torch.float64))
    prov = {"model": "painn-tiny-charged", "note": "painn-tiny-test (torch seed 7) with a random charge embedding "
            "(generator seed %d) and energy offsets for charges -1..2; not a physical potential" % seed,
            "script": "resources/training/make_test_vectors.py --tiny-charged"}
    export_model.write_model(m, path, "painn-tiny-charged", prov, {"note": "random model, no accuracy"})
    print("wrote tiny charged model", path)


def charged_cases(structs):
    """Each structure at charge 0, and the first ones also at −1, +1 and +2."""
    out = []
    for k, s in enumerate(structs):
        for q in ((0, -1, 1, 2) if k < 3 else (0,)):
            out.append(dict(s, charge=q, description="%s, total charge %+d" % (s["description"], q)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=export_model.DEFAULT_OUT)
    ap.add_argument("--skip-default", action="store_true")
    ap.add_argument("--skip-tiny", action="store_true")
    ap.add_argument("--tiny-charged", action="store_true", help="only the tiny charged model and its vectors")
    ap.add_argument("--out", default=os.path.join(common.TEST_MODEL_DIR, "painn-test-vectors.h5"),
                    help="vectors file of --model")
    a = ap.parse_args()
    rng = np.random.default_rng(2024)
    if a.tiny_charged:
        make_tiny_charged(TINY_CHARGED)
        structs = charged_cases(test_split_structures(4) + synthetic_cases(5.0, np.random.default_rng(11)))
        write_vectors(TINY_CHARGED, os.path.join(common.TEST_MODEL_DIR, "painn-tiny-charged-vectors.h5"), structs)
        return
    if not a.skip_tiny:
        make_tiny(TINY)
        tiny_structs = test_split_structures(4) + synthetic_cases(5.0, np.random.default_rng(11))
        write_vectors(TINY, os.path.join(common.TEST_MODEL_DIR, "painn-tiny-test-vectors.h5"), tiny_structs)
    if not a.skip_default:
        with h5py.File(a.model, "r") as f:
            cutoff = float(f.attrs["cutoff"])
        structs = test_split_structures(5) + synthetic_cases(cutoff, rng)
        model, _ = export_model.read_model(a.model)
        if model.charged:  # the structures at every charge the model takes, too
            structs = [s for s in charged_cases(structs) if s["charge"] in model.charges]
        write_vectors(a.model, a.out, structs)


if __name__ == "__main__":
    main()
