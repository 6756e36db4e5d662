#!/usr/bin/python3
"""Conformer references that owe nothing to cdk-nnp, made as CREST makes the GEOM-Drugs ensembles, with Debian's
xtb and RDKit only:

  1. start: one RDKit ETKDGv3 embedding of the listed SMILES (seed 42), minimized with GFN2-xTB (`xtb --opt`);
  2. GFN-FF metadynamics from that minimum (`xtb --metadyn --gfnff`: 300 K, --ps ps, RMSD bias kpush 0.2 / alp 0.8,
     SHAKE on X-H, hydrogen mass 4), --frames frames evenly spaced;
  3. every frame minimized with GFN2-xTB (`xtb --opt --gfn 2`);
  4. kept: the molecule's bond graph (connectivity from the coordinates equals the SMILES graph) and stereo
     (isomeric SMILES from 3D equals the start minimum's), within --window kcal/mol of the lowest GFN2-xTB energy,
     duplicates removed lowest first by symmetry-aware heavy-atom RMSD < --rmsd Å.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice /usr/bin/python3 resources/training/confgf/xtb_reference.py \
        data/starts-test.sdf.gz data/ensembles-test-xtb.sdf.gz --limit 20 [--prefix D] [--work DIR] [--frames 30] [--ps 20]

With --charged the molecules are the pH-7.4 forms (protonate.py, as make_data.py --charged prepares ligands) of those
that have a charged one, MOL_ID <id>~ph74; xtb runs every step at the molecule's total charge (--chrg).

Molecules are the distinct MOL_IDs of the input SDF (with their SMILES property), in file order. Work is kept per
molecule and per frame under --work (default $TMPDIR/cdknnp-xtbref-<output name>): a rerun skips finished steps, so
the script resumes after any interruption. Output records (RDKit atom order of the SMILES with explicit H) carry
MOL_ID, SMILES, XTB_ENERGY_HARTREE, XTB_REL_ENERGY_KCAL_PER_MOL and MTD_FRAME (-1: the start minimum), grouped by
MOL_ID for `cdk-nnp confeval --reference`.
"""
import argparse
import gzip
import os
import subprocess
import sys
import time

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, rdMolAlign
from rdkit.Geometry import Point3D

HARTREE_KCAL = 627.509474
RDLogger.DisableLog("rdApp.*")


def read_molecules(path):
    """(MOL_ID, SMILES) of the input SDF's distinct molecules, in file order."""
    seen = {}
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as fh:
        for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False, sanitize=False):
            if mol is not None and mol.HasProp("MOL_ID") and mol.GetProp("MOL_ID") not in seen:
                seen[mol.GetProp("MOL_ID")] = mol.GetProp("SMILES")
    return list(seen.items())


def write_xyz(path, mol, conf_id=-1):
    conf = mol.GetConformer(conf_id)
    with open(path, "w") as f:
        f.write("%d\n\n" % mol.GetNumAtoms())
        for a in mol.GetAtoms():
            p = conf.GetAtomPosition(a.GetIdx())
            f.write("%s %.8f %.8f %.8f\n" % (a.GetSymbol(), p.x, p.y, p.z))


def read_xyz_frames(path, n):
    """Coordinate blocks of an XYZ (multi-frame) file of n atoms, with the comment line."""
    lines = open(path).read().split("\n")
    frames = []
    for k in range(0, len(lines) - n - 1, n + 2):
        if not lines[k].strip():
            break
        if int(lines[k].split()[0]) != n:
            raise ValueError("%s: frame at line %d has %s atoms, expected %d" % (path, k + 1, lines[k].strip(), n))
        frames.append((lines[k + 1], [[float(x) for x in line.split()[1:4]] for line in lines[k + 2:k + 2 + n]]))
    return frames


def xtb(args, cwd, log, charge=0):
    """Runs xtb with the molecule's total charge; True when it exited cleanly."""
    with open(os.path.join(cwd, log), "w") as out:
        return subprocess.run(["xtb"] + args + ["--chrg", str(charge)], cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                              env=dict(os.environ, OMP_STACKSIZE=os.environ.get("OMP_STACKSIZE", "1G"))).returncode == 0


def xtb_opt(directory, mol, coords):
    """GFN2-xTB minimum from coords at mol's formal charge (cached in directory): (coordinates, energy in Hartree),
    or None when xtb fails (its log stays in directory)."""
    done = os.path.join(directory, "xtbopt.xyz")
    if not os.path.exists(done):
        os.makedirs(directory, exist_ok=True)
        with_coords(mol, coords)
        write_xyz(os.path.join(directory, "in.xyz"), mol)
        if not xtb(["in.xyz", "--opt", "--gfn", "2", "--norestart"], directory, "opt.log", Chem.GetFormalCharge(mol)) \
                or not os.path.exists(done):
            return None
    (comment, xyz), = read_xyz_frames(done, mol.GetNumAtoms())
    return xyz, float(comment.split("energy:")[1].split()[0])


def with_coords(mol, coords):
    conf = mol.GetConformer()
    for i, p in enumerate(coords):
        conf.SetAtomPosition(i, Point3D(*p))
    return mol


def same_graph(mol, coords, factor=1.3):
    """Does the connectivity of the coordinates (atoms closer than factor × the sum of their covalent radii, as
    xyz2mol perceives bonds) equal the molecule's bond graph?"""
    table = Chem.GetPeriodicTable()
    radius = np.array([table.GetRcovalent(a.GetAtomicNum()) for a in mol.GetAtoms()])
    xyz = np.asarray(coords, dtype=float)
    dist = np.linalg.norm(xyz[:, None, :] - xyz[None, :, :], axis=-1)
    bonded = dist < factor * (radius[:, None] + radius[None, :])
    np.fill_diagonal(bonded, False)
    graph = np.zeros_like(bonded)
    for b in mol.GetBonds():
        graph[b.GetBeginAtomIdx(), b.GetEndAtomIdx()] = graph[b.GetEndAtomIdx(), b.GetBeginAtomIdx()] = True
    return bool((bonded == graph).all())


def stereo_smiles(mol, coords):
    m = Chem.Mol(with_coords(Chem.Mol(mol), coords))
    Chem.AssignStereochemistryFrom3D(m)
    return Chem.MolToSmiles(Chem.RemoveHs(m))


def molecule(mol_id, smiles, work, frames, ps, seed):
    """The candidate minima of one molecule: list of (frame, coords, energy), the start minimum first."""
    d = os.path.join(work, mol_id)
    os.makedirs(d, exist_ok=True)
    parsed = Chem.MolFromSmiles(smiles)
    if parsed is None:
        raise RuntimeError("RDKit cannot parse SMILES " + smiles)
    mol = Chem.AddHs(parsed)
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    if AllChem.EmbedMolecule(mol, params) != 0:
        raise RuntimeError("ETKDG embedding failed")
    start = xtb_opt(os.path.join(d, "start"), mol, mol.GetConformer().GetPositions())
    if start is None:
        raise RuntimeError("GFN2-xTB minimization of the start failed")
    out = [(-1, start[0], start[1])]
    traj = os.path.join(d, "mtd", "xtb.trj")
    if not os.path.exists(os.path.join(d, "mtd", "done")):
        os.makedirs(os.path.join(d, "mtd"), exist_ok=True)
        with_coords(mol, start[0])
        write_xyz(os.path.join(d, "mtd", "start.xyz"), mol)
        dump = 1000.0 * ps / frames
        with open(os.path.join(d, "mtd", "md.inp"), "w") as f:
            f.write("$md\n   time=%.1f\n   step=2.0\n   temp=300.0\n   shake=2\n   hmass=4\n   dump=%.1f\n"
                    "$metadyn\n   save=%d\n   kpush=0.2\n   alp=0.8\n$end\n" % (ps, dump, max(frames // 2, 1)))
        if not xtb(["start.xyz", "--metadyn", "--gfnff", "--input", "md.inp", "--norestart"], os.path.join(d, "mtd"),
                   "mtd.log", Chem.GetFormalCharge(mol)) or not os.path.exists(traj):
            raise RuntimeError("GFN-FF metadynamics failed (see %s)" % os.path.join(d, "mtd", "mtd.log"))
        open(os.path.join(d, "mtd", "done"), "w").close()
    for k, (_, coords) in enumerate(read_xyz_frames(traj, mol.GetNumAtoms())):
        opt = xtb_opt(os.path.join(d, "frame%03d" % k), mol, coords)
        if opt is not None:
            out.append((k, opt[0], opt[1]))
    return mol, out


def prune(mol, minima, window, rmsd):
    """Same bonds and stereo as the start minimum, within the window, distinct by heavy-atom RMSD; lowest first."""
    ref_stereo = stereo_smiles(mol, minima[0][1])
    ok = [m for m in minima if same_graph(mol, m[1]) and stereo_smiles(mol, m[1]) == ref_stereo]
    if not ok:
        return [], len(minima)
    e0 = min(m[2] for m in ok)
    ok = sorted((m for m in ok if (m[2] - e0) * HARTREE_KCAL <= window), key=lambda m: m[2])
    heavy = Chem.RemoveHs(mol)
    idx = [a.GetIdx() for a in mol.GetAtoms() if a.GetAtomicNum() > 1]
    kept, probes = [], []
    for m in ok:
        probe = Chem.Mol(heavy)
        with_coords(probe, [m[1][i] for i in idx])
        if all(rdMolAlign.GetBestRMS(probe, q) >= rmsd for q in probes):
            kept.append(m)
            probes.append(probe)
    return kept, len(minima)


def ph74_forms(mols):
    """(MOL_ID~ph74, SMILES) of the molecules whose pH-7.4 form (protonate.py) is charged, in order."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import protonate
    out = []
    for mol_id, smiles in mols:
        parsed = Chem.MolFromSmiles(smiles)
        forms = dict(protonate.variants(parsed)) if parsed is not None else {}
        if "ph74" in forms:
            out.append((mol_id + "~ph74", Chem.MolToSmiles(forms["ph74"])))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("molecules", help="SDF with MOL_ID and SMILES properties (the molecules, not their geometry)")
    ap.add_argument("out", help="reference ensembles SDF (.gz)")
    ap.add_argument("--limit", type=int, default=0, help="the first N molecules (0: all)")
    ap.add_argument("--prefix", default="", help="only molecule ids starting with this (D: drugs)")
    ap.add_argument("--frames", type=int, default=30)
    ap.add_argument("--ps", type=float, default=20.0, help="metadynamics length, ps")
    ap.add_argument("--window", type=float, default=6.0, help="kcal/mol")
    ap.add_argument("--rmsd", type=float, default=0.5, help="duplicate threshold, heavy-atom RMSD Å")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", default="")
    ap.add_argument("--charged", action="store_true", help="the pH-7.4 forms (protonate.py, MOL_ID <id>~ph74) of "
                    "the molecules that have a charged one, minimized at their total charge")
    a = ap.parse_args()
    name = os.path.basename(a.out).split(".")[0]
    work = a.work or os.path.join(os.environ.get("TMPDIR", "/tmp"), "cdknnp-xtbref-" + name)
    mols = [m for m in read_molecules(a.molecules) if m[0].startswith(a.prefix)]
    if a.charged:
        mols = ph74_forms(mols)
    if a.limit:
        mols = mols[:a.limit]
    opener = gzip.open if a.out.endswith(".gz") else open
    written = 0
    with opener(a.out + ".part", "wt") as w:
        for mol_id, smiles in mols:
            t0 = time.time()
            try:
                mol, minima = molecule(mol_id, smiles, work, a.frames, a.ps, a.seed)
            except (RuntimeError, ValueError) as e:
                print("%s: skipped: %s" % (mol_id, e), file=sys.stderr, flush=True)
                continue
            kept, n = prune(mol, minima, a.window, a.rmsd)
            e0 = kept[0][2] if kept else 0.0
            for frame, coords, energy in kept:
                m = Chem.Mol(with_coords(Chem.Mol(mol), coords))
                m.SetProp("_Name", mol_id)
                for key, value in (("MOL_ID", mol_id), ("SMILES", smiles), ("XTB_ENERGY_HARTREE", "%.8f" % energy),
                                   ("XTB_REL_ENERGY_KCAL_PER_MOL", "%.4f" % ((energy - e0) * HARTREE_KCAL)),
                                   ("MTD_FRAME", str(frame))):
                    m.SetProp(key, value)
                w.write(Chem.MolToMolBlock(m) + "".join("> <%s>\n%s\n\n" % (k, m.GetProp(k)) for k in
                        ("MOL_ID", "SMILES", "XTB_ENERGY_HARTREE", "XTB_REL_ENERGY_KCAL_PER_MOL", "MTD_FRAME"))
                        + "$$$$\n")
            written += len(kept)
            print("%s: %d of %d minima kept (%.0f s)" % (mol_id, len(kept), n, time.time() - t0), flush=True)
    os.replace(a.out + ".part", a.out)
    print("wrote %s: %d conformers of %d molecules" % (a.out, written, len(mols)))


if __name__ == "__main__":
    main()
