#!/usr/bin/env python3
"""ωB97X-D/def2-SVP (the ∇²DFT level of theory) energy + gradient labels with Psi4 for structures taken
from the xTB shards (data/xtb_*.h5, loaded with common.load_structures).

Run (single thread, low priority, resumable; it checkpoints after every structure):

    cd resources/training
    PYTHONPATH=/usr/lib/x86_64-linux-gnu OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
      nohup nice -n 15 /usr/bin/python3 dft_labels.py >> data/dft_labels.log 2>&1 &

Options: --max-atoms (default 24: 85 s for 21 atoms on 2 cores, cost ~N³), --min-atoms, --prefix (molecule id
prefix: D for drugs.csv; with --out data/dft_drugs.h5 --min-atoms 20 --max-atoms 32 --prefix D this labels
drug-sized held-out structures), --limit N labels this run,
--stop-at HH:MM (UTC; no new structure is started after that time), --list (print the queue and exit).

Drug campaign: --queue data/dft_queue_drugs.csv (written by select_dft_queue.py: training drug conformers where a
committee of models disagrees) labels the queue's structures in its order, skipping done ones; the file is re-read
before every structure, so a new selection takes effect without a restart. Each label records its selected_by
(the queue's reason and rank; "size-order" for the built-in queue below).

Charged molecules: CDKNNP_DATA_DIR=data/charged takes the structures of make_data.py --charged, each computed with
its total charge (--splits train --out data/dft_charged_train.h5; --splits test,val --out data/dft_charged_test.h5).

Fine-tuning labels: --splits train --out data/dft_train_p0.h5 --part 0/2 (and a second process with --part 1/2
and its own --out) labels TRAINING structures, each process the molecules whose sha1(mol_id) mod N is K, so the
two cores work without sharing a file. Evaluation labels (the default) and training labels never mix.

Which structures, in which order
  Candidates are the TEST and VALIDATION splits by default (labels meant for evaluation), or the splits given
  with --splits (train: labels for DFT fine-tuning).
  Within a molecule the structures are interleaved over the xTB recipe's sources
  (displaced, mmff, opt_traj, etkdg, displaced, ..., rotated by a hash of the molecule id so different
  molecules start at different sources), so the k-th label of a molecule has "round" k.
  Each split is queued by (pass = round // 2, number of atoms, molecule id, round): first every small
  molecule gets two structures (two different sources), then a second pass, ... Test and validation queues are
  merged 3:1 (counting the labels already done). The shards keep growing while make_data.py runs, so the queue is rebuilt before every
  structure; done and failed structures are skipped by their geometry key.

Output (rewritten atomically after every structure: data/dft_wb97xd_svp.h5.tmp -> os.replace)
  data/dft_wb97xd_svp.h5 with the same ragged layout as the xTB shards:
    offsets [S+1], numbers uint8 [N], positions float64 [N,3] Å (the shard's float32 geometry, exactly),
    energy float64 [S] total DFT energy in eV, forces float64 [N,3] eV/Å,
    energy_hartree float64 [S] raw total energy (Hartree),
    gradient_hartree_bohr float64 [N,3] raw Psi4 gradient (Hartree/Bohr),
    energy_rel_atomref_hartree [S] total energy minus ∇²DFT's per-element atomrefs (their db convention),
    charge int64 [S] total charge (Psi4's molecular charge; the shard's, see make_data.py --charged),
    xtb_energy [S] (eV), xtb_forces [N,3] (eV/Å): the shard's GFN2-xTB labels of the same geometry,
    mol_id, split, source (strings), shard (file name), shard_index (int), key (geometry sha1),
    wall_time_s, scf_iterations, n_basis, date_utc (per structure).
  Root attribute `provenance` (JSON): psi4 version, method, basis, scf_type, convergence settings,
  grid, threads, memory, units/conversions, script.
  Failures (SCF not converged, ...) go to attribute `failed` (JSON list of {key, mol_id, error}).
  Psi4's own text output is appended to data/dft_psi4.log.
"""
import argparse
import collections
import csv
import datetime
import hashlib
import json
import os
import sys
import time
import traceback

import numpy as np
import h5py

import common

OUT = os.path.join(common.DATA_DIR, "dft_wb97xd_svp.h5")
PSI4_LOG = os.path.join(common.DATA_DIR, "dft_psi4.log")
METHOD = "wb97x-d"
BASIS = "def2-svp"
# ∇²DFT's per-element reference energies (Hartree), as listed in ../shared/NOTES.md beside the project.
NABLADFT_ATOMREF_HARTREE = {1: -0.502493, 6: -37.798099, 7: -54.522415, 8: -74.976678, 9: -99.614470,
                            16: -397.971928, 17: -459.988650, 35: -2573.857172}
PSI4_OPTIONS = {
    "basis": BASIS,
    "scf_type": "df",
    "reference": "rks",
    "e_convergence": 1e-8,
    "d_convergence": 1e-8,
    "maxiter": 200,
    "dft_radial_points": 75,
    "dft_spherical_points": 302,
    "puream": True,
}
SOURCE_ORDER = ("displaced", "mmff", "opt_traj", "etkdg")
PASS = 2  # structures per molecule per pass over the size-ordered molecules
STR_FIELDS = ("mol_id", "split", "source", "shard", "key", "date_utc", "selected_by")
PER_STRUCT = ("energy", "energy_hartree", "energy_rel_atomref_hartree", "xtb_energy", "wall_time_s",
              "scf_iterations", "n_basis", "shard_index", "charge")
INT_FIELDS = ("scf_iterations", "n_basis", "shard_index", "charge")
PER_ATOM = ("numbers", "positions", "forces", "gradient_hartree_bohr", "xtb_forces")


def geometry_key(numbers, positions):
    """sha1 of (atomic numbers uint8, positions as the shards store them: float32)."""
    h = hashlib.sha1()
    h.update(np.asarray(numbers, dtype=np.uint8).tobytes())
    h.update(np.asarray(positions, dtype=np.float32).tobytes())
    return h.hexdigest()


def now_utc():
    return datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------- storage
def read_labels(path=OUT):
    """Return (records, attrs): records is a list of per-structure dicts (arrays per atom)."""
    if not os.path.exists(path):
        return [], {}
    recs = []
    with h5py.File(path, "r") as f:
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        if "offsets" not in f:
            return [], attrs
        off = f["offsets"][()]
        cols = {k: f[k][()] for k in f.keys()}
    for k in range(len(off) - 1):
        a, b = off[k], off[k + 1]
        r = {}
        for name in PER_ATOM:
            if name in cols:
                r[name] = cols[name][a:b]
        for name in PER_STRUCT:
            if name in cols:
                r[name] = cols[name][k].item()
        for name in STR_FIELDS:
            if name in cols:
                x = cols[name][k]
                r[name] = x.decode() if isinstance(x, bytes) else str(x)
        r.setdefault("selected_by", "size-order")  # files written before the field existed
        r.setdefault("charge", 0)
        r["numbers"] = r["numbers"].astype(np.int64)
        recs.append(r)
    return recs, attrs


def write_labels(records, attrs, path=OUT):
    tmp = path + ".tmp"
    with h5py.File(tmp, "w") as f:
        for k, v in attrs.items():
            f.attrs[k] = v
        n = [len(r["numbers"]) for r in records]
        f["offsets"] = np.concatenate([[0], np.cumsum(n)]).astype(np.int64)
        if records:
            f["numbers"] = np.concatenate([r["numbers"] for r in records]).astype(np.uint8)
            for name in PER_ATOM[1:]:
                f[name] = np.concatenate([np.asarray(r[name], dtype=np.float64) for r in records])
            for name in PER_STRUCT:
                dt = np.int64 if name in INT_FIELDS else np.float64
                f[name] = np.array([r.get(name, 0) for r in records], dtype=dt)
            for name in STR_FIELDS:
                f[name] = np.array([r[name].encode() for r in records], dtype="S")
        f.attrs["n_structures"] = len(records)
        f.attrs["updated_utc"] = now_utc()
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- queue
def candidates(max_atoms, splits=("test", "val"), part=(0, 1), min_atoms=0, prefix=""):
    """The shards' structures of the given splits, sizes and id prefix (and of molecule part K of N), with shard
    name and index."""
    out = []
    for p in common.shard_paths():
        structs = common.load_structures([p])  # no split filter: index k is the shard row
        for k, s in enumerate(structs):
            if s["split"] not in splits or not min_atoms <= len(s["numbers"]) <= max_atoms \
                    or not s["mol_id"].startswith(prefix):
                continue
            if int(hashlib.sha1(s["mol_id"].encode()).hexdigest()[:8], 16) % part[1] != part[0]:
                continue
            s["shard"] = os.path.basename(p)
            s["shard_index"] = k
            s["key"] = geometry_key(s["numbers"], s["positions"])
            out.append(s)
    return out


def queue_candidates(path, part=(0, 1), shards=None):
    """The structures of a queue CSV (select_dft_queue.py) in its order, of molecule part K of N, each checked against
    its geometry key; shards caches the loaded shard files between calls."""
    shards = {} if shards is None else shards
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out = []
    for row in rows:
        if int(hashlib.sha1(row["mol_id"].encode()).hexdigest()[:8], 16) % part[1] != part[0]:
            continue
        if row["shard"] not in shards:
            shards[row["shard"]] = common.load_structures([os.path.join(common.DATA_DIR, row["shard"])])
        s = dict(shards[row["shard"]][int(row["shard_index"])])
        s.update(shard=row["shard"], shard_index=int(row["shard_index"]), key=row["key"],
                 selected_by="%s #%s" % (row.get("selected_by", "queue"), row["rank"]))
        if geometry_key(s["numbers"], s["positions"]) != row["key"]:
            raise SystemExit("dft_labels.py: queue %s row %s does not match %s[%s] (shards changed?)"
                             % (path, row["rank"], row["shard"], row["shard_index"]))
        out.append(s)
    return out


def sdf_candidates(path, part=(0, 1), source="sdf"):
    """The records of an SDF (MOL_ID, optional XTB_ENERGY_HARTREE), of molecule part K of N, as queue entries taken
    PASS at a time per molecule, smallest molecule first (each molecule's first two records, then each one's next two,
    ...: early labels give every molecule a conformer pair, cheap ones first); the split is the record's SPLIT property
    where it has one (dft_oracle.py writes it), else the molecule's (split.csv; a charged variant PARENT~TAG has its
    parent's); the charge is the sum of the record's formal charges."""
    from rdkit import Chem
    splits = common.read_split()
    out = []
    opener = __import__("gzip").open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for k, mol in enumerate(Chem.ForwardSDMolSupplier(fh, removeHs=False, sanitize=False)):
            if mol is None:
                raise SystemExit("dft_labels.py: record %d of %s cannot be read" % (k + 1, path))
            mol_id = mol.GetProp("MOL_ID")
            if int(hashlib.sha1(mol_id.encode()).hexdigest()[:8], 16) % part[1] != part[0]:
                continue
            numbers = np.array([a.GetAtomicNum() for a in mol.GetAtoms()], dtype=np.int64)
            positions = np.asarray(mol.GetConformer().GetPositions(), dtype=np.float32).astype(np.float64)
            e_xtb = float(mol.GetProp("XTB_ENERGY_HARTREE")) * common.HARTREE_EV if mol.HasProp("XTB_ENERGY_HARTREE") \
                else float("nan")
            split = mol.GetProp("SPLIT") if mol.HasProp("SPLIT") else splits.get(common.parent_id(mol_id), "unknown")
            out.append({"mol_id": mol_id, "split": split, "source": source, "charge": Chem.GetFormalCharge(mol),
                        "numbers": numbers, "positions": positions, "energy": e_xtb,
                        "forces": np.full((len(numbers), 3), np.nan), "shard": os.path.basename(path),
                        "shard_index": k, "key": geometry_key(numbers, positions), "selected_by": "sdf #%d" % k})
    rank, first = {}, {}
    for s in out:
        s["round"] = rank[s["mol_id"]] = rank.get(s["mol_id"], -1) + 1
        first.setdefault(s["mol_id"], len(first))
    return sorted(out, key=lambda s: (s["round"] // PASS, len(s["numbers"]), first[s["mol_id"]], s["round"]))


def build_queue(cands, skip_keys, test_per_val=3, done_counts=None):
    done_counts = done_counts or {}
    by_mol = {}
    for s in cands:
        by_mol.setdefault(s["mol_id"], []).append(s)
    queues = collections.defaultdict(list)
    for mid, ss in by_mol.items():
        per_src = {}
        for s in ss:
            per_src.setdefault(s["source"], []).append(s)
        order = [x for x in SOURCE_ORDER if x in per_src] + sorted(x for x in per_src if x not in SOURCE_ORDER)
        rot = int(hashlib.sha1(mid.encode()).hexdigest()[:8], 16) % len(order)
        order = order[rot:] + order[:rot]  # molecules start at different sources: early labels mix all four
        rnd = 0
        depth = max(len(v) for v in per_src.values())
        for level in range(depth):
            for src in order:
                if level < len(per_src[src]):
                    s = per_src[src][level]
                    s["round"] = rnd
                    rnd += 1
                    if s["key"] not in skip_keys:
                        queues[s["split"]].append(s)
    for q in queues.values():
        q.sort(key=lambda s: (s["round"] // PASS, len(s["numbers"]), s["mol_id"], s["round"]))
    # merge test:val = test_per_val:1 counting the labels already done, so that rebuilding the queue
    # before every structure keeps the ratio
    if "train" in queues:
        return queues["train"]
    merged, t, v = [], queues["test"], queues["val"]
    n_t, n_v = done_counts.get("test", 0), done_counts.get("val", 0)
    while t or v:
        if v and (not t or n_v * test_per_val < n_t):
            merged.append(v.pop(0))
            n_v += 1
        else:
            merged.append(t.pop(0))
            n_t += 1
    return merged


# ---------------------------------------------------------------------------------------------- psi4
def setup_psi4(threads, memory, log=PSI4_LOG):
    import psi4
    psi4.set_num_threads(threads)
    psi4.set_memory(memory)
    psi4.core.set_output_file(log, True)
    psi4.set_options(PSI4_OPTIONS)
    return psi4


def run_psi4(psi4, numbers, positions, energy_only=False, charge=0):
    lines = ["%d 1" % charge]
    for z, (x, y, zz) in zip(numbers, positions):
        lines.append("%s %.10f %.10f %.10f" % (common.SYMBOLS[int(z)], x, y, zz))
    lines += ["units angstrom", "symmetry c1", "no_com", "no_reorient"]
    mol = psi4.geometry("\n".join(lines))
    psi4.set_options(PSI4_OPTIONS)
    t0 = time.time()
    if energy_only:
        _, wfn = psi4.energy("%s/%s" % (METHOD, BASIS), molecule=mol, return_wfn=True)
        g = np.full((len(numbers), 3), np.nan)
    else:
        grad, wfn = psi4.gradient("%s/%s" % (METHOD, BASIS), molecule=mol, return_wfn=True)
        g = np.array(grad.np, dtype=np.float64).reshape(-1, 3)
    wall = time.time() - t0
    # the frame must be the input frame (no_com/no_reorient): check Psi4 kept our coordinates
    geom = np.array(mol.geometry().np) * common.BOHR_ANGSTROM
    if np.abs(geom - positions).max() > 1e-6:
        raise RuntimeError("psi4 moved the molecule (max %.2e Å)" % np.abs(geom - positions).max())
    e = float(wfn.energy())
    try:
        iters = int(psi4.core.variable("SCF ITERATIONS"))
    except Exception:
        iters = -1
    nbf = int(wfn.basisset().nbf())
    psi4.core.clean()
    psi4.core.clean_variables()
    return e, g, wall, iters, nbf


def provenance(psi4, threads, memory, splits, sdf="", energy_only=False):
    return json.dumps({
        "label_method": "ωB97X-D/def2-SVP (∇²DFT level), Psi4 energy+gradient",
        "psi4_version": psi4.__version__,
        "method": METHOD,
        "basis": BASIS,
        "psi4_call": "psi4.%s('%s/%s', return_wfn=True)" % ("energy" if energy_only else "gradient", METHOD, BASIS),
        "psi4_options": PSI4_OPTIONS,
        "molecule": "charge: the structure's total charge (per-structure dataset `charge`; 0 in files without it), "
                    "multiplicity 1, units angstrom, symmetry c1, no_com, no_reorient",
        "threads": threads,
        "memory": memory,
        "conversion": {"hartree_eV": common.HARTREE_EV, "bohr_angstrom": common.BOHR_ANGSTROM},
        "units": {"energy": "eV (total)", "forces": "eV/angstrom", "positions": "angstrom",
                  "energy_hartree": "Hartree (total)", "gradient_hartree_bohr": "Hartree/Bohr (dE/dR, raw)",
                  "energy_rel_atomref_hartree": "Hartree, minus ∇²DFT per-element atomrefs"},
        "nabladft_atomref_hartree": {str(k): v for k, v in NABLADFT_ATOMREF_HARTREE.items()},
        "structures": ("records of %s (shard = file, shard_index = record); geometry rounded to float32; xtb_energy "
                       "from XTB_ENERGY_HARTREE" % sdf) if sdf else
                      "%s split(s) of data/xtb_*.h5 (see shard, shard_index, key); geometry is the "
                      "shard's float32 positions exactly; xtb_energy/xtb_forces copied from the shard" % "/".join(splits),
        "script": "resources/training/dft_labels.py",
        "started_utc": now_utc(),
    }, ensure_ascii=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-atoms", type=int, default=24)
    ap.add_argument("--limit", type=int, default=0, help="stop after this many new labels (0 = no limit)")
    ap.add_argument("--stop-at", default="", help="UTC HH:MM; start no new structure after this time")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--memory", default="6 GB",
                    help="Psi4's memory: at 2 GB, Psi4 1.3.2 builds the ωB97X-D exchange of 30–40-atom drugs with its "
                         "disk algorithm (DiskDFJK 'Algorithm: Disk'); 6 GB keeps it in core (default: %(default)s)")
    ap.add_argument("--list", action="store_true", help="print the queue and exit")
    ap.add_argument("--splits", default="test,val", help="comma-separated splits to label (train: fine-tuning)")
    ap.add_argument("--out", default=OUT, help="labels file (HDF5, rewritten atomically)")
    ap.add_argument("--part", default="0/1", help="K/N: label only molecules with sha1(id) mod N == K")
    ap.add_argument("--min-atoms", type=int, default=0)
    ap.add_argument("--prefix", default="", help="only molecule ids starting with this (D: drugs.csv)")
    ap.add_argument("--sdf", default="", help="label the records of this SDF (MOL_ID, XTB_ENERGY_HARTREE) in file order "
                                              "instead of shard structures, e.g. GFN2-xTB conformers of test drugs")
    ap.add_argument("--energy-only", action="store_true", help="single points: energies without gradients "
                                                               "(forces stored as NaN)")
    ap.add_argument("--queue", default="", help="label the structures of this CSV (select_dft_queue.py) in its order, "
                                                "re-read before every structure")
    args = ap.parse_args(argv)
    splits = tuple(args.splits.split(","))
    if "train" in splits and len(splits) > 1:
        ap.error("--splits train cannot be mixed with evaluation splits")
    if "train" in splits and os.path.abspath(args.out) == os.path.abspath(OUT):
        ap.error("training labels need their own --out (%s holds the evaluation labels)" % OUT)
    part = tuple(int(x) for x in args.part.split("/"))

    shards = {}

    sdf_queue = sdf_candidates(args.sdf, part) if args.sdf else None

    def queue_now():
        if sdf_queue is not None:
            return [s for s in sdf_queue if s["key"] not in done and s["split"] in splits]
        if args.queue:
            queued = [s for s in queue_candidates(args.queue, part, shards) if s["key"] not in done]
            wrong = [s["mol_id"] for s in queued if s["split"] not in splits]
            if wrong:
                raise SystemExit("dft_labels.py: queue %s holds %s of another split than %s"
                                 % (args.queue, wrong[0], ",".join(splits)))
            return queued
        return build_queue(candidates(args.max_atoms, splits, part, args.min_atoms, args.prefix), done,
                           done_counts=collections.Counter(r["split"] for r in records))

    records, attrs = read_labels(args.out)
    failed = json.loads(attrs.get("failed", "[]"))
    done = {r["key"] for r in records} | {x["key"] for x in failed}
    print("%s resume: %d labelled, %d failed" % (now_utc(), len(records), len(failed)), flush=True)
    if args.list:
        for s in queue_now()[:100]:
            print(s["split"], s["mol_id"], s["source"], len(s["numbers"]), s["shard"], s["shard_index"])
        return 0

    log = PSI4_LOG if args.out == OUT else os.path.splitext(args.out)[0] + ".psi4.log"
    psi4 = setup_psi4(args.threads, args.memory, log)
    if "provenance" not in attrs:
        attrs["provenance"] = provenance(psi4, args.threads, args.memory, splits, args.sdf, args.energy_only)
    n_new = 0
    while True:
        if args.limit and n_new >= args.limit:
            break
        if args.stop_at:
            hh, mm = (int(x) for x in args.stop_at.split(":"))
            t = datetime.datetime.utcnow()
            if (t.hour, t.minute) >= (hh, mm):
                print("%s stop-at %s reached" % (now_utc(), args.stop_at), flush=True)
                break
        queue = queue_now()
        if not queue:
            print("%s queue empty (max_atoms %d)" % (now_utc(), args.max_atoms), flush=True)
            break
        s = queue[0]
        pos = np.asarray(s["positions"], dtype=np.float64)
        Z = np.asarray(s["numbers"], dtype=np.int64)
        try:
            e_h, g, wall, iters, nbf = run_psi4(psi4, Z, pos, args.energy_only, s.get("charge", 0))
        except Exception as ex:  # SCF failure etc.: record and skip from now on
            traceback.print_exc()
            failed.append({"key": s["key"], "mol_id": s["mol_id"], "shard": s["shard"],
                           "shard_index": s["shard_index"], "error": str(ex)[:300], "date_utc": now_utc()})
            done.add(s["key"])
            attrs["failed"] = json.dumps(failed)
            write_labels(records, attrs, args.out)
            try:
                psi4.core.clean()
            except Exception:
                pass
            continue
        rec = {
            "numbers": Z, "positions": pos,
            "energy": e_h * common.HARTREE_EV,
            "forces": -g * common.HARTREE_EV / common.BOHR_ANGSTROM,
            "energy_hartree": e_h, "gradient_hartree_bohr": g,
            "energy_rel_atomref_hartree": e_h - sum(NABLADFT_ATOMREF_HARTREE[int(z)] for z in Z),
            "xtb_energy": s["energy"], "xtb_forces": np.asarray(s["forces"], dtype=np.float64),
            "wall_time_s": wall, "scf_iterations": iters, "n_basis": nbf, "shard_index": s["shard_index"],
            "mol_id": s["mol_id"], "split": s["split"], "source": s["source"], "shard": s["shard"],
            "key": s["key"], "date_utc": now_utc(), "selected_by": s.get("selected_by", "size-order"),
            "charge": s.get("charge", 0),
        }
        records.append(rec)
        done.add(s["key"])
        attrs["failed"] = json.dumps(failed)
        write_labels(records, attrs, args.out)
        n_new += 1
        fmae = np.abs(rec["forces"] - rec["xtb_forces"]).mean()
        print("%s [%d] %s %s %s %d atoms nbf %d: %.1f s, %d SCF iter, E %.8f Ha, |F_dft-F_xtb| MAE %.3f eV/Å"
              % (now_utc(), len(records), s["split"], s["mol_id"], s["source"], len(Z), nbf, wall, iters, e_h,
                 fmae), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
