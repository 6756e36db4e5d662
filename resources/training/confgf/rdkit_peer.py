#!/usr/bin/python3
"""The RDKit peer of the COV/MAT evaluation: ETKDGv3 + MMFF94 conformers for every molecule of a reference
ensemble SDF, twice the reference count (the GEOM protocol), atom order kept from the reference records.
Writes an SDF grouped by MOL_ID with PEER_CPU_SECONDS (the molecule's CPU time, embedding + MMFF) on every
record, read by `cdk-nnp confeval --peer rdkit=FILE`.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 rdkit_peer.py data/ensembles-test.sdf.gz /tmp/rdkit-test.sdf.gz [--no-mmff]
"""
import argparse
import gzip
import time
from collections import OrderedDict

from rdkit import Chem
from rdkit.Chem import AllChem


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("out")
    ap.add_argument("--factor", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--no-mmff", action="store_true")
    args = ap.parse_args()
    groups = OrderedDict()
    with gzip.open(args.reference, "rb") if args.reference.endswith(".gz") else open(args.reference, "rb") as fh:
        for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False):
            if mol is not None:
                groups.setdefault(mol.GetProp("MOL_ID"), []).append(mol)
    opener = gzip.open if args.out.endswith(".gz") else open
    with opener(args.out, "wt") as w:
        for mol_id, refs in groups.items():
            mol = Chem.Mol(refs[0])
            mol.RemoveAllConformers()
            t0 = time.process_time()
            params = AllChem.ETKDGv3()
            params.randomSeed = args.seed
            params.numThreads = 1
            ids = list(AllChem.EmbedMultipleConfs(mol, numConfs=args.factor * len(refs), params=params))
            if ids and not args.no_mmff:
                AllChem.MMFFOptimizeMoleculeConfs(mol, numThreads=1, maxIters=2000)
            seconds = time.process_time() - t0
            for cid in ids:
                w.write(Chem.MolToMolBlock(mol, confId=cid))
                w.write("> <MOL_ID>\n%s\n\n> <PEER_CPU_SECONDS>\n%.4f\n\n$$$$\n" % (mol_id, seconds))
            print(mol_id, len(refs), len(ids), "%.2fs" % seconds, flush=True)


if __name__ == "__main__":
    main()
