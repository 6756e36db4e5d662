#!/usr/bin/python3
"""Conformer-ensemble recipe, step 1: RDKit ETKDGv3 starting conformers for the ConfGF training data.

Molecules come from ../shared/molecules (drugs.csv, qm9.csv) with the same by-molecule split as the NNP data
(resources/training/split.csv); train and validation molecules train the score network, test molecules
(--splits test --sources drugs) become the reference ensembles of the COV/MAT evaluation and are never trained on. Writes data/starts-<split>.sdf.gz, one record per conformer titled
"<id>#<k>", with the SD properties MOL_ID, SPLIT, SMILES. Resumable: molecules already in the output are
skipped (the file is rewritten through a temporary file).

Step 2 optimizes every start with the project's own default NNP:
    java -jar plugin/target/cdk-nnp.jar optimize --threads 2 --resume \
        -i resources/training/confgf/data/starts-train.sdf.gz -o resources/training/confgf/data/opt-train.sdf.gz

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 resources/training/confgf/make_starts.py [--per-molecule 30] [--limit N]
        [--splits train,val] [--sources drugs,qm9]
"""
import argparse
import csv
import gzip
import os
import sys

from rdkit import Chem
from rdkit.Chem import AllChem

HERE = os.path.dirname(os.path.abspath(__file__))
TRAINING = os.path.dirname(HERE)
sys.path.insert(0, TRAINING)
import common  # noqa: E402

SHARED = common.MOLECULE_DIR
DATA = os.path.join(HERE, "data")


def split_of():
    with open(os.path.join(TRAINING, "split.csv")) as f:
        return {row["id"]: row["split"] for row in csv.DictReader(f)}


def molecules(sources):
    """Molecules of the given lists interleaved, so a partial run covers all of them."""
    lists = []
    for name in [s + ".csv" for s in sources]:
        path = os.path.join(SHARED, name)
        if not os.path.exists(path):
            sys.exit("missing %s: the shared molecule lists must be beside the project (../shared/molecules)" % path)
        with open(path) as f:
            lists.append([(row["id"], row["smiles"]) for row in csv.DictReader(f)])
    for k in range(max(len(l) for l in lists)):
        for l in lists:
            if k < len(l):
                yield l[k]


def done_ids(path):
    if not os.path.exists(path):
        return set()
    ids = set()
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.startswith("> <MOL_ID>") or line.startswith(">  <MOL_ID>"):
                ids.add(next(f).strip())
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-molecule", type=int, default=30)
    ap.add_argument("--limit", type=int, default=0, help="at most this many molecules per split (0: all)")
    ap.add_argument("--splits", default="train,val")
    ap.add_argument("--sources", default="drugs,qm9")
    args = ap.parse_args()
    os.makedirs(DATA, exist_ok=True)
    split = split_of()
    for which in args.splits.split(","):
        out = os.path.join(DATA, "starts-%s.sdf.gz" % which)
        done = done_ids(out)
        tmp = out + ".tmp"
        count = len(done)
        with gzip.open(tmp, "wt") as w:
            if os.path.exists(out):
                with gzip.open(out, "rt") as old:
                    w.write(old.read())
            for mol_id, smiles in molecules(args.sources.split(",")):
                if split.get(mol_id) != which or mol_id in done:
                    continue
                if args.limit and count >= args.limit:
                    break
                mol = Chem.MolFromSmiles(smiles)
                if mol is None or Chem.GetFormalCharge(mol) != 0:
                    continue
                mol = Chem.AddHs(mol)
                params = AllChem.ETKDGv3()
                params.randomSeed = 42
                params.pruneRmsThresh = 0.3
                ids = AllChem.EmbedMultipleConfs(mol, numConfs=args.per_molecule, params=params)
                if not ids:
                    print("embedding failed:", mol_id, file=sys.stderr)
                    continue
                for k, cid in enumerate(ids):
                    mol.SetProp("_Name", "%s#%d" % (mol_id, k))
                    mol.SetProp("MOL_ID", mol_id)
                    mol.SetProp("SPLIT", which)
                    mol.SetProp("SMILES", smiles)
                    w.write(Chem.MolToMolBlock(mol, confId=cid))
                    w.write("> <MOL_ID>\n%s\n\n> <SPLIT>\n%s\n\n> <SMILES>\n%s\n\n$$$$\n" % (mol_id, which, smiles))
                count += 1
                print(which, count, mol_id, len(ids), flush=True)
        os.replace(tmp, out)


if __name__ == "__main__":
    main()
