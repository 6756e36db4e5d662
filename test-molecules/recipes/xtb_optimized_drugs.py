#!/usr/bin/python3
"""GFN2-xTB-optimized geometries of the project's drug test set (drugs.smi), the reference the NNP-optimized
geometries are compared with (bond lengths).

Recipe: RDKit ETKDGv3 embedding (seed 7) + MMFF94 pre-optimization, then `xtb --opt tight` (GFN2-xTB,
Debian's xtb 6.5.1, one thread). Writes drugs-gfn2-opt.sdf next to drugs.smi with the SD properties
XTB_ENERGY_EH (total energy, Hartree) and XTB_VERSION. Run with Debian's python3:

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 test-molecules/recipes/xtb_optimized_drugs.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from rdkit import Chem
from rdkit.Chem import AllChem

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "..", "src", "main", "resources", "io", "github", "cdknnp", "molecules")
SMI = os.path.join(DIR, "drugs.smi")
OUT = os.path.join(DIR, "drugs-gfn2-opt.sdf")


def xtb_version():
    out = subprocess.run(["xtb", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "unknown"


def optimize(mol, name):
    work = tempfile.mkdtemp(prefix="xtbopt-")
    try:
        Chem.MolToXYZFile(mol, os.path.join(work, "in.xyz"))
        charge = Chem.GetFormalCharge(mol)
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        r = subprocess.run(["xtb", "in.xyz", "--gfn", "2", "--opt", "tight", "--chrg", str(charge)],
                           cwd=work, capture_output=True, text=True, env=env)
        if r.returncode != 0 or not os.path.exists(os.path.join(work, "xtbopt.xyz")):
            raise RuntimeError("xtb failed for %s: %s" % (name, r.stdout[-500:]))
        lines = open(os.path.join(work, "xtbopt.xyz")).read().splitlines()
        energy = float(re.search(r"energy:\s*(-?\d+\.\d+)", lines[1]).group(1))
        conf = mol.GetConformer()
        for i, line in enumerate(lines[2:2 + mol.GetNumAtoms()]):
            x, y, z = (float(v) for v in line.split()[1:4])
            conf.SetAtomPosition(i, (x, y, z))
        return energy
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    if shutil.which("xtb") is None:
        sys.exit("xtb not found: apt-get install -y xtb")
    version = xtb_version()
    tmp = OUT + ".tmp"
    with Chem.SDWriter(tmp) as w:
        for line in open(SMI):
            if not line.strip() or line.startswith("#"):
                continue
            smiles, name = line.split()[:2]
            mol = Chem.AddHs(Chem.MolFromSmiles(smiles))
            params = AllChem.ETKDGv3()
            params.randomSeed = 7
            if AllChem.EmbedMolecule(mol, params) != 0:
                print("embedding failed:", name, file=sys.stderr)
                continue
            AllChem.MMFFOptimizeMolecule(mol, maxIters=2000)
            energy = optimize(mol, name)
            mol.SetProp("_Name", name)
            mol.SetProp("XTB_ENERGY_EH", "%.8f" % energy)
            mol.SetProp("XTB_VERSION", "GFN2-xTB %s, --opt tight" % version)
            w.write(mol)
            print(name, mol.GetNumAtoms(), energy, flush=True)
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
