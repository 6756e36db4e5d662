#!/usr/bin/python3
"""ConfGF data, second source: the MMFF conformers of the NNP training set (resources/training/data/xtb_*.h5,
ETKDGv3 + MMFF94 minima of the training-split molecules, labelled with GFN2-xTB by make_data.py) as an SDF for
`cdk-nnp confgf-data`, which groups them by molecule, keeps the distinct ones within 6 kcal/mol (xTB energies)
and exports their graphs. Atom order is make_data.py's (RDKit AddHs of the listed SMILES); it is checked
against the stored atomic numbers.

    /usr/bin/python3 resources/training/confgf/xtb_conformers.py   # writes data/mmff-train.sdf.gz
    java -jar plugin/target/cdk-nnp.jar confgf-data -i data/mmff-train.sdf.gz -o data/mmff-ensembles-train.sdf.gz \
        --hdf5 data/graphs-mmff-train.h5 --energy-property XTB_ENERGY_KCAL_PER_MOL --all-records
"""
import glob
import gzip
import os
import sys

import h5py
import numpy as np
from rdkit import Chem
from rdkit.Geometry import Point3D

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import common  # noqa: E402

EV_KCAL = 23.060547830619


def main():
    smiles = {m["id"]: m["smiles"] for m in common.read_molecules()}
    out = os.path.join(HERE, "data", "mmff-train.sdf.gz")
    written, skipped = 0, 0
    with gzip.open(out + ".tmp", "wt") as w:
        for path in sorted(glob.glob(os.path.join(common.DATA_DIR, "xtb_*.h5"))):
            with h5py.File(path, "r") as f:
                off, numbers, pos = f["offsets"][:], f["numbers"][:], f["positions"][:]
                for k, (mid, split, source) in enumerate(zip(f["mol_id"][:], f["split"][:], f["source"][:])):
                    if source != b"mmff" or split != b"train":
                        continue
                    mol_id = mid.decode()
                    mol, _ = common.filter_molecule(smiles[mol_id])
                    z = numbers[off[k]:off[k + 1]]
                    if mol is None or [a.GetAtomicNum() for a in mol.GetAtoms()] != list(z):
                        skipped += 1
                        continue
                    conf = Chem.Conformer(mol.GetNumAtoms())
                    for i, p in enumerate(pos[off[k]:off[k + 1]]):
                        conf.SetAtomPosition(i, Point3D(*map(float, p)))
                    mol.RemoveAllConformers()
                    mol.AddConformer(conf)
                    mol.SetProp("_Name", "%s#mmff%d" % (mol_id, k))
                    w.write(Chem.MolToMolBlock(mol))
                    w.write("> <MOL_ID>\n%s\n\n> <SPLIT>\ntrain\n\n> <XTB_ENERGY_KCAL_PER_MOL>\n%.4f\n\n$$$$\n"
                            % (mol_id, f["energy"][k] * EV_KCAL))
                    written += 1
    os.replace(out + ".tmp", out)
    print("%d MMFF conformers written, %d skipped (atom order mismatch)" % (written, skipped))


if __name__ == "__main__":
    main()
