#!/usr/bin/python3
"""Read and write ∇²DFT's published energy-database format (ASE SQLite, as used by SchNetPack's ASEAtomsData).

The format (∇²DFT energy databases, e.g. train_2k_v2_formation_energy_w_forces.db):
  * one row per conformation: row.numbers, row.positions (Å); no ASE calculator attached
  * row.data["energy"]: float64 array of shape (1,), Hartree, the total ωB97X-D/def2-SVP energy minus the
    per-element reference energies ("formation energy")
  * row.data["forces"]: float64 array (n, 3), Hartree/Å
  * db.metadata = {"_distance_unit": "Ang",
                   "_property_unit_dict": {"energy": "Hartree", "forces": "Hartree/Ang"},
                   "atomrefs": {"energy": [atomref(Z) for Z = 0..Zmax]}}   (Hartree, indexed by Z)
When a db has no metadata, ∇²DFT's own loader installs exactly that metadata with its published atomrefs;
read_db does the same with the atomrefs listed in ../shared/NOTES.md.

Our structure format (common.load_structures): dicts with mol_id, split, source, numbers (int64 [n]),
positions (float64 [n,3] Å), energy (float, TOTAL energy in eV), forces (float64 [n,3] eV/Å).
Extra keys from a db: db_id, energy_db (the row's energy in db units), key_value_pairs.

Usage:
  /usr/bin/python3 nabladft_db.py to-h5 IN.db OUT.h5 [--split test] [--limit N]   # ∇²DFT db -> shard layout
  /usr/bin/python3 nabladft_db.py from-h5 IN.h5 OUT.db [--limit N]               # shard/DFT-label file -> db
OUT.h5 uses the xTB shard layout (offsets, numbers, positions, energy, forces, mol_id, split, source), so
common.load_structures([OUT.h5]) reads it. Writing requires a non-existing OUT.db (no silent appends).
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# ∇²DFT per-element reference energies, Hartree (../shared/NOTES.md)
NABLADFT_ATOMREF_HARTREE = {1: -0.502493, 6: -37.798099, 7: -54.522415, 8: -74.976678, 9: -99.614470,
                            16: -397.971928, 17: -459.988650, 35: -2573.857172}
LENGTH_TO_A = {"ang": 1.0, "a": 1.0, "angstrom": 1.0, "å": 1.0, "bohr": common.BOHR_ANGSTROM, "au": common.BOHR_ANGSTROM}
ENERGY_TO_EV = {"hartree": common.HARTREE_EV, "ha": common.HARTREE_EV, "eh": common.HARTREE_EV, "ev": 1.0,
                "kcal/mol": 0.0433641153087705, "kj/mol": 0.0103642701760412}


def default_metadata(zmax=36):
    ref = [0.0] * zmax
    for z, e in NABLADFT_ATOMREF_HARTREE.items():
        ref[z] = e
    return {"_distance_unit": "Ang", "_property_unit_dict": {"energy": "Hartree", "forces": "Hartree/Ang"},
            "atomrefs": {"energy": ref}}


def _energy_factor(unit):
    u = str(unit).strip().lower()
    if u not in ENERGY_TO_EV:
        raise ValueError("unsupported energy unit %r" % unit)
    return ENERGY_TO_EV[u]


def _force_factor(unit):
    u = str(unit).strip().lower()
    if "/" not in u:
        raise ValueError("unsupported force unit %r" % unit)
    e, l = u.rsplit("/", 1)
    if l not in LENGTH_TO_A:
        raise ValueError("unsupported force unit %r" % unit)
    return _energy_factor(e) / LENGTH_TO_A[l]


def units_of(metadata):
    md = metadata or {}
    if not md:
        md = default_metadata()
    dist = LENGTH_TO_A[str(md.get("_distance_unit", "Ang")).strip().lower()]
    pud = md.get("_property_unit_dict", {})
    e_f = _energy_factor(pud.get("energy", "Hartree"))
    f_f = _force_factor(pud.get("forces", "Hartree/Ang"))
    ref = md.get("atomrefs", {}).get("energy")
    ref = np.zeros(0) if ref is None else np.asarray(ref, dtype=np.float64).reshape(-1)
    return dist, e_f, f_f, ref, md


def read_db(path, limit=None, selection=None):
    """Read a ∇²DFT-format ASE db into our structure dicts (total energy in eV, forces eV/Å)."""
    from ase.db import connect
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    db = connect(path)
    dist, e_f, f_f, ref, md = units_of(db.metadata)
    out = []
    for row in db.select(selection, limit=limit):
        Z = np.asarray(row.numbers, dtype=np.int64)
        if ref.size:
            if Z.max() >= ref.size:
                raise ValueError("row %d: no atomref for Z=%d" % (row.id, Z.max()))
            e_ref = float(ref[Z].sum())
        else:
            e_ref = 0.0
        data = row.data
        e_db = float(np.asarray(data["energy"]).reshape(-1)[0])
        kv = dict(row.key_value_pairs)
        s = {"mol_id": str(kv.get("mol_id", kv.get("moses_id", "db%d" % row.id))),
             "split": str(kv.get("split", "")), "source": str(kv.get("source", "nabladft")),
             "numbers": Z, "positions": np.asarray(row.positions, dtype=np.float64) * dist,
             "energy": (e_db + e_ref) * e_f, "energy_db": e_db, "db_id": row.id, "key_value_pairs": kv}
        if "forces" in data:
            s["forces"] = np.asarray(data["forces"], dtype=np.float64).reshape(-1, 3) * f_f
        out.append(s)
    return out


def write_db(path, structs, metadata=None):
    """Write structure dicts (total energy eV, forces eV/Å) as a ∇²DFT-format db (Hartree, Hartree/Å,
    energy relative to the metadata atomrefs). `path` must not exist."""
    from ase import Atoms
    from ase.db import connect
    if os.path.exists(path):
        raise FileExistsError("%s exists (refusing to append to a db)" % path)
    md = metadata or default_metadata()
    dist, e_f, f_f, ref, md = units_of(md)
    with connect(path) as db:
        for s in structs:
            Z = np.asarray(s["numbers"], dtype=np.int64)
            if Z.max() >= ref.size:
                raise ValueError("%s: no atomref for Z=%d" % (s.get("mol_id"), Z.max()))
            e_db = float(s["energy"]) / e_f - float(ref[Z].sum())
            data = {"energy": np.array([e_db], dtype=np.float64)}
            if s.get("forces") is not None:
                data["forces"] = np.asarray(s["forces"], dtype=np.float64) / f_f
            kv = {k: s[k] for k in ("mol_id", "split", "source") if s.get(k) not in (None, "")}
            atoms = Atoms(numbers=Z, positions=np.asarray(s["positions"], dtype=np.float64) / dist)
            db.write(atoms, data=data, **kv)
    db = connect(path)
    db.metadata = md
    return path


def write_shard(path, structs, provenance=None):
    """Write structure dicts in the xTB shard layout (readable by common.load_structures)."""
    import h5py
    tmp = path + ".tmp"
    n = [len(s["numbers"]) for s in structs]
    with h5py.File(tmp, "w") as f:
        f.attrs["format"] = "cdk-nnp-xtb-data"  # same layout; labels described by provenance
        f.attrs["format_version"] = 1
        f.attrs["provenance"] = json.dumps(provenance or {})
        f["offsets"] = np.concatenate([[0], np.cumsum(n)]).astype(np.int64)
        f["numbers"] = np.concatenate([s["numbers"] for s in structs]).astype(np.uint8)
        f["positions"] = np.concatenate([s["positions"] for s in structs]).astype(np.float64)
        f["forces"] = np.concatenate([s["forces"] for s in structs]).astype(np.float64)
        f["energy"] = np.array([s["energy"] for s in structs], dtype=np.float64)
        for k in ("mol_id", "split", "source"):
            f[k] = np.array([str(s.get(k, "")).encode() for s in structs], dtype="S")
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a1 = sub.add_parser("to-h5")
    a1.add_argument("db")
    a1.add_argument("out")
    a1.add_argument("--split", default="", help="split tag to store (default: the row's, else empty)")
    a1.add_argument("--limit", type=int, default=None)
    a2 = sub.add_parser("from-h5")
    a2.add_argument("h5")
    a2.add_argument("out")
    a2.add_argument("--limit", type=int, default=None)
    a = ap.parse_args(argv)
    if a.cmd == "to-h5":
        S = read_db(a.db, limit=a.limit)
        for s in S:
            if a.split:
                s["split"] = a.split
        write_shard(a.out, S, {"converted_from": os.path.basename(a.db), "script": "resources/training/nabladft_db.py",
                               "units": {"energy": "eV (total, db atomrefs added back)", "forces": "eV/angstrom"}})
        print("wrote %s: %d structures" % (a.out, len(S)))
    else:
        import h5py
        with h5py.File(a.h5, "r") as f:
            method = json.loads(f.attrs.get("provenance", "{}")).get("label_method", "")
        if "B97X-D" not in method:
            print("warning: %s is labelled with %r, not ωB97X-D/def2-SVP: its 'formation energies' relative to "
                  "∇²DFT's atomrefs are not on ∇²DFT's scale" % (a.h5, method or "an unknown method"), file=sys.stderr)
        S = common.load_structures([a.h5])
        if a.limit:
            S = S[:a.limit]
        write_db(a.out, S)
        print("wrote %s: %d rows" % (a.out, len(S)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
