#!/usr/bin/python3
"""Self-test of nabladft_db.py (no pytest; exits non-zero on failure).

  /usr/bin/python3 test_nabladft_db.py

Writes a small ∇²DFT-format ASE db from some of our structures (xTB shards of several sources and splits,
plus DFT labels from data/dft_wb97xd_svp.h5 if present), reads it back and requires: atomic numbers,
positions (bitwise), mol_id/split/source identical; total energy within 1e-9 eV and forces within 1e-12 eV/Å
(the only change is the Hartree/eV round trip and subtracting/adding the atomrefs). Also checks the raw
rows with plain ASE (data["energy"] shape (1,), Hartree relative to metadata atomrefs; forces Hartree/Å;
metadata keys as ∇²DFT writes them), a db in Bohr / Hartree/Bohr units, a db without metadata (∇²DFT
defaults), and the to-h5 path through common.load_structures.
"""
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import nabladft_db as nd  # noqa: E402

FAILS = []
HA = common.HARTREE_EV


def check(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg, flush=True)
    if not cond:
        FAILS.append(msg)


def sample_structures():
    S = []
    paths = common.shard_paths()[:3]
    if paths:
        allS = common.load_structures(paths)
        seen = set()
        for s in allS:  # one structure per (source, split), then a few more
            k = (s["source"], s["split"])
            if k not in seen:
                seen.add(k)
                S.append(s)
        S += allS[:: max(1, len(allS) // 6)][:6]
    dft = os.path.join(common.DATA_DIR, "dft_wb97xd_svp.h5")
    if os.path.exists(dft):
        S += common.load_structures([dft])[:5]
    if not S:  # no data at all: synthetic
        rng = np.random.default_rng(3)
        for k in range(4):
            Z = np.array([6, 8, 1, 1, 17, 35])
            S.append({"mol_id": "syn%d" % k, "split": "test", "source": "synthetic", "numbers": Z,
                      "positions": rng.normal(size=(6, 3)) * 2, "energy": -1e5 * rng.random(), "forces": rng.normal(size=(6, 3))})
    return S


def compare(a_list, b_list, tag, e_tol=1e-9, f_tol=1e-12, pos_tol=0.0):
    check(len(a_list) == len(b_list), "%s: %d structures back (wrote %d)" % (tag, len(b_list), len(a_list)))
    dE = dF = dR = 0.0
    same = True
    for a, b in zip(a_list, b_list):
        same &= np.array_equal(np.asarray(a["numbers"], dtype=np.int64), b["numbers"])
        same &= all(str(a[k]) == str(b[k]) for k in ("mol_id", "split", "source"))
        dR = max(dR, np.abs(np.asarray(a["positions"], dtype=np.float64) - b["positions"]).max())
        dE = max(dE, abs(a["energy"] - b["energy"]))
        dF = max(dF, np.abs(np.asarray(a["forces"], dtype=np.float64) - b["forces"]).max())
    check(same, "%s: numbers, mol_id, split, source identical" % tag)
    check(dR <= pos_tol, "%s: positions max |d| %.1e A (tol %.0e)" % (tag, dR, pos_tol))
    check(dE <= e_tol, "%s: energy max |d| %.1e eV (tol %.0e)" % (tag, dE, e_tol))
    check(dF <= f_tol, "%s: forces max |d| %.1e eV/A (tol %.0e)" % (tag, dF, f_tol))


def main():
    from ase import Atoms
    from ase.db import connect
    S = sample_structures()
    tmp = tempfile.mkdtemp(prefix="cdknnp-nabladb-")
    print("structures: %d (%s)" % (len(S), ", ".join(sorted({s["source"] for s in S}))))

    # 1. round trip in ∇²DFT's own units
    p = os.path.join(tmp, "small.db")
    nd.write_db(p, S)
    back = nd.read_db(p)
    compare(S, back, "round trip (Ang, Hartree)")

    # 2. the raw rows as ∇²DFT's loaders see them
    db = connect(p)
    md = db.metadata
    check(md.get("_distance_unit") == "Ang" and md.get("_property_unit_dict") == {"energy": "Hartree", "forces": "Hartree/Ang"}
          and len(md.get("atomrefs", {}).get("energy", [])) >= 36, "metadata keys/units as ∇²DFT writes them")
    row = db.get(1)
    ref = np.asarray(md["atomrefs"]["energy"])
    e_expect = S[0]["energy"] / HA - ref[np.asarray(S[0]["numbers"])].sum()
    check(np.asarray(row.data["energy"]).shape == (1,) and abs(row.data["energy"][0] - e_expect) < 1e-12,
          "row.data['energy'] is a (1,) array in Hartree relative to the atomrefs (%.6f Ha)" % row.data["energy"][0])
    check(np.allclose(row.data["forces"], np.asarray(S[0]["forces"]) / HA, rtol=0, atol=1e-15),
          "row.data['forces'] in Hartree/Ang")
    check(row.get("calculator") is None, "no ASE calculator attached (energy lives in row.data)")

    # 3. a db in Bohr and Hartree/Bohr
    md_b = nd.default_metadata()
    md_b["_distance_unit"] = "Bohr"
    md_b["_property_unit_dict"] = {"energy": "Hartree", "forces": "Hartree/Bohr"}
    pb = os.path.join(tmp, "bohr.db")
    nd.write_db(pb, S[:4], md_b)
    r0 = connect(pb).get(1)
    check(np.allclose(r0.positions * common.BOHR_ANGSTROM, S[0]["positions"], atol=1e-12), "Bohr db stores Bohr")
    compare(S[:4], nd.read_db(pb), "round trip (Bohr, Hartree/Bohr)", pos_tol=1e-12)

    # 4. a db without metadata gets ∇²DFT's defaults
    pn = os.path.join(tmp, "nometa.db")
    with connect(pn) as dbn:
        for s in S[:3]:
            Z = np.asarray(s["numbers"])
            e = s["energy"] / HA - sum(nd.NABLADFT_ATOMREF_HARTREE[int(z)] for z in Z)
            dbn.write(Atoms(numbers=Z, positions=s["positions"]),
                      data={"energy": np.array([e]), "forces": np.asarray(s["forces"], dtype=np.float64) / HA},
                      mol_id=s["mol_id"], split=s["split"], source=s["source"])
    compare(S[:3], nd.read_db(pn), "db without metadata (∇²DFT default atomrefs)")

    # 5. to-h5 through the shard layout and common.load_structures
    ph = os.path.join(tmp, "from_db.h5")
    nd.main(["to-h5", p, ph])
    compare(S, common.load_structures([ph]), "db -> shard h5 -> common.load_structures")
    pd2 = os.path.join(tmp, "again.db")
    nd.main(["from-h5", ph, pd2])
    compare(S, nd.read_db(pd2), "shard h5 -> db (CLI) -> read_db")

    # 6. refuses to append
    try:
        nd.write_db(p, S[:1])
        check(False, "write_db must refuse an existing file")
    except FileExistsError:
        check(True, "write_db refuses an existing file")

    if FAILS:
        print("%d FAILED" % len(FAILS))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
