#!/usr/bin/env python3
"""The queue of the drug DFT-labelling campaign: which training-split drug conformers get ωB97X-D/def2-SVP labels
next, chosen by where a committee of models disagrees on how the conformers of a molecule rank.

    cd resources/training
    OMP_NUM_THREADS=1 nice -n 10 /usr/bin/python3 select_dft_queue.py --out data/dft_queue_drugs.csv \
        --model ../src/main/resources/io/github/cdknnp/models/painn-dft-v1.h5 \
        --model ../src/main/resources/io/github/cdknnp/models/painn-xtb-v4.h5

Pool: every training-split drug (id prefix D) structure of data/xtb_*.h5 with --min-atoms..--max-atoms atoms, grouped
into conformer sets (common.conformer_key); sets with fewer than --minima minima are left out, so every queued
molecule gets a conformer set a within-molecule (conformational) loss can use.

Each conformer set is first cut to at most --max-per-set structures (a seeded random subset: the conf_min sets hold
~90 NNP minima and xTB-optimization frames of one drug), which keeps the committee evaluation to minutes.

Disagreement of a structure: the committee's energies with each model's conformer-set mean removed (relative
energies), then the spread (population standard deviation) across models, in kcal/mol; with two models this is
half the difference of their relative energies. Minima of different basins (sources conf_min, nnp_min, mmff)
and off-minimum frames (etkdg, displaced, opt_traj: tens of kcal/mol above the minima, where any disagreement is large)
are ranked apart: a molecule's score is the RMS disagreement of its minima; it gets its --minima most disputed minima
(at most --max-per-source of one source) and its --off-minimum most disputed off-minimum frames.
Structures far above their set's lowest GFN2-xTB energy (the shard's label) are not conformers but broken geometries
(the nnp_min probe holds old models' minima with stretched bonds): minima more than --minima-window (25 kcal/mol) and
off-minimum frames more than --off-window (100 kcal/mol) above it are left out before anything is ranked.
Molecules are queued by score per expected cost (score / (atoms/30)^2, DF-DFT gradients growing roughly as N²–N³ at
these sizes), so the campaign buys the most disagreement per CPU hour.

Output: CSV (rank, key, mol_id, shard, shard_index, source, n_atoms, disagreement_kcal, mol_score_kcal,
force_spread_ev_a, selected_by), read by dft_labels.py --queue; its first comment line records the models and options.
"""
import argparse
import collections
import csv
import datetime
import json
import os
import sys

import numpy as np

import common
import dft_labels

EV_KCAL = 23.060547830619


def pool(min_atoms, max_atoms, prefix, splits=("train",)):
    """Structures of the shards in the split(s), size range and id prefix, with shard name, row and geometry key."""
    out = []
    for p in common.shard_paths():
        for k, s in enumerate(common.load_structures([p])):
            if s["split"] in splits and s["mol_id"].startswith(prefix) and min_atoms <= len(s["numbers"]) <= max_atoms:
                s.update(shard=os.path.basename(p), shard_index=k,
                         key=dft_labels.geometry_key(s["numbers"], s["positions"]))
                out.append(s)
    return out


def predict(model, structs, batch=16):
    """Network energies without the per-element reference energies (eV; conformer-set differences are unaffected)
    and forces (eV/Å) of a float32 copy of the model, in batches."""
    import painn
    import torch
    model = model.float()
    E, Fo = [], []
    for a in range(0, len(structs), batch):
        chunk = [{"numbers": s["numbers"], "positions": s["positions"]} for s in structs[a:a + batch]]
        b = painn.collate(chunk, model.cutoff, torch.float32)
        e, f = painn.residual_energy_forces(model, b, create_graph=False)
        f = f.detach().numpy().astype(np.float64)
        E.extend(float(x) for x in e.detach())
        off = 0
        for s in chunk:
            n = len(s["numbers"])
            Fo.append(f[off:off + n])
            off += n
    return np.array(E), Fo


def committee_disagreement(energies, groups):
    """Per structure: spread across models of the conformer-set-relative energies (eV)."""
    rel = np.array(energies, dtype=float)  # [models, structures]
    for g in groups:
        rel[:, g] -= rel[:, g].mean(axis=1, keepdims=True)
    return rel.std(axis=0)


MINIMA = ("conf_min", "nnp_min", "mmff")


def subsample(structs, max_per_set, seed=0):
    """At most max_per_set structures of every conformer set (seeded random choice, pool order kept)."""
    rng = np.random.default_rng(seed)
    groups = common.conformational_errors(structs, np.zeros(len(structs)))[1]
    keep = sorted(k for g in groups for k in (g if len(g) <= max_per_set else rng.choice(g, max_per_set, replace=False)))
    return [structs[k] for k in keep]


def select(structs, dis, fspread, groups, minima, off_minimum, max_per_source, windows):
    """Queue rows: molecules by score per expected cost, each with its most disputed minima and off-minimum frames.
    windows: (minima, off-minimum) in kcal/mol of GFN2-xTB energy above the set's lowest structure."""
    mols = []
    for g in groups:
        e_xtb = np.array([structs[k]["energy"] for k in g]) * EV_KCAL
        rel = dict(zip(g, e_xtb - e_xtb.min()))
        mins = [k for k in g if structs[k]["source"] in MINIMA and rel[k] <= windows[0]]
        offs = [k for k in g if structs[k]["source"] not in MINIMA and rel[k] <= windows[1]]
        if len(mins) < minima:
            continue
        n = len(structs[g[0]]["numbers"])
        score = float(np.sqrt(np.mean(dis[mins] ** 2)))
        chosen, per_src = [], collections.Counter()
        for k in sorted(mins, key=lambda k: -dis[k]):
            if per_src[structs[k]["source"]] < max_per_source and len(chosen) < minima:
                chosen.append(k)
                per_src[structs[k]["source"]] += 1
        if len(chosen) < minima:  # too few sources: fill with the next most disputed
            chosen += [k for k in sorted(mins, key=lambda k: -dis[k]) if k not in chosen][:minima - len(chosen)]
        chosen += sorted(offs, key=lambda k: -dis[k])[:off_minimum]
        mols.append((score / (n / 30.0) ** 2, score, chosen))
    mols.sort(key=lambda m: -m[0])
    rows = []
    for priority, score, chosen in mols:
        for k in chosen:
            s = structs[k]
            rows.append({"rank": len(rows), "key": s["key"], "mol_id": s["mol_id"], "shard": s["shard"],
                         "shard_index": s["shard_index"], "source": s["source"], "n_atoms": len(s["numbers"]),
                         "disagreement_kcal": "%.4f" % (dis[k] * EV_KCAL), "mol_score_kcal": "%.4f" % (score * EV_KCAL),
                         "force_spread_ev_a": "%.4f" % fspread[k], "selected_by": "committee"})
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", required=True, help="committee member (cdk-nnp model file); ≥ 2")
    ap.add_argument("--out", required=True, help="queue CSV (written atomically)")
    ap.add_argument("--min-atoms", type=int, default=20)
    ap.add_argument("--max-atoms", type=int, default=60)
    ap.add_argument("--prefix", default="D", help="molecule id prefix (D: drugs.csv)")
    ap.add_argument("--minima", type=int, default=4, help="minima per molecule (molecules with fewer are left out)")
    ap.add_argument("--off-minimum", type=int, default=2, help="off-minimum frames per molecule")
    ap.add_argument("--minima-window", type=float, default=25.0,
                    help="minima more than this above the set's lowest (GFN2-xTB, kcal/mol) are not conformers: left out")
    ap.add_argument("--off-window", type=float, default=100.0, help="the same for off-minimum frames (kcal/mol)")
    ap.add_argument("--max-per-set", type=int, default=16, help="committee-evaluated structures per conformer set")
    ap.add_argument("--max-per-source", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N structures of the pool (smoke runs)")
    a = ap.parse_args(argv)
    if len(a.model) < 2:
        ap.error("a committee needs at least two --model files")
    import torch
    torch.set_num_threads(1)
    import export_model
    structs = pool(a.min_atoms, a.max_atoms, a.prefix)
    if a.limit:
        structs = structs[:a.limit]
    structs = subsample(structs, a.max_per_set)
    if not structs:
        sys.exit("select_dft_queue.py: no training structures of %d-%d atoms with prefix %r in %s"
                 % (a.min_atoms, a.max_atoms, a.prefix, common.DATA_DIR))
    groups = list(common.conformational_errors(structs, np.zeros(len(structs)))[1])
    print("%d structures, %d conformer sets" % (len(structs), len(groups)), flush=True)
    energies, forces = [], []
    for path in a.model:
        model, info = export_model.read_model(path)
        E, Fo = predict(model, structs)
        energies.append(E)
        forces.append(Fo)
        print("evaluated %s" % info["name"], flush=True)
    dis = committee_disagreement(energies, groups)
    fspread = np.array([np.mean(np.std(np.stack([f[k] for f in forces]), axis=0)) for k in range(len(structs))])
    rows = select(structs, dis, fspread, groups, a.minima, a.off_minimum, a.max_per_source,
                  (a.minima_window, a.off_window))
    header = {"models": [os.path.basename(m) for m in a.model], "options": vars(a),
              "pool_structures": len(structs), "date_utc": datetime.datetime.utcnow().isoformat() + "Z"}
    tmp = a.out + ".tmp"
    with open(tmp, "w", newline="") as fh:
        fh.write("# " + json.dumps(header) + "\n")
        w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["rank", "key"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, a.out)
    print("wrote %s: %d structures of %d molecules" % (a.out, len(rows), len({r["mol_id"] for r in rows})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
