"""The ∇²DFT optimization task with a DFT oracle (issue 23): from raw ETKDG starts of held-out drugs, how low in DFT
energy are the geometries each method returns?

  prepare  For the first N molecules (MOL_ID, SMILES) of a reference SDF (default: the GFN2-xTB conformer ensembles of
           the test drugs, made without our model), one raw ETKDGv3 start (RDKit, seed 42, no force-field clean-up),
           optimized by `cdk-nnp optimize --strict` (the product from that very start: default model, L-BFGS to
           fmax 0.05 eV/Å), by GFN2-xTB (`xtb --opt`) and by MMFF94 (RDKit, 2,000 iterations). Writes one SDF with,
           per molecule, the GFN2-xTB optimum, the cdk-nnp optimum, the MMFF94 optimum and the start (METHOD property),
           in that order: dft_labels.py labels two records per molecule per pass, so every molecule's xTB/cdk-nnp pair
           comes first.
  (label)  dft_labels.py --sdf data/oracle/geometries.sdf --energy-only --splits test --out data/dft_oracle.h5
           (ωB97X-D/def2-SVP single points; resumable, run it every session until the table is complete).
  report   Per molecule: E_DFT(method) − E_DFT(GFN2-xTB optimum) in kcal/mol, and the share of the DFT energy drop of
           the xTB run (start → xTB optimum) that each method's run reaches; a run that ends above its start is marked.

  cd resources/training
  CDKNNP_JAR=../../plugin/target/cdk-nnp.jar /usr/bin/python3 dft_oracle.py prepare --n 12 --out data/oracle/geometries.sdf
  /usr/bin/python3 dft_oracle.py report --geometries data/oracle/geometries.sdf --labels data/dft_oracle.h5
"""
import argparse
import gzip
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "confgf")]
import common  # noqa: E402
import dft_labels  # noqa: E402
from xtb_reference import xtb_opt  # noqa: E402

DEFAULT_REFERENCE = os.path.join(HERE, "confgf", "data", "ensembles-test-xtb.sdf.gz")
METHODS = ("gfn2-xtb", "cdk-nnp", "mmff94", "start")
KCAL_PER_EV = 23.060547830619


def molecules(reference, n, max_atoms):
    """The first n distinct (MOL_ID, SMILES, SPLIT) of the reference SDF whose molecule has at most max_atoms atoms."""
    from rdkit import Chem
    splits = common.read_split()
    seen, out = set(), []
    opener = gzip.open if reference.endswith(".gz") else open
    with opener(reference, "rb") as fh:
        for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False, sanitize=False):
            if mol is None or not mol.HasProp("MOL_ID") or not mol.HasProp("SMILES"):
                continue
            mol_id = mol.GetProp("MOL_ID")
            if mol_id in seen or mol.GetNumAtoms() > max_atoms:
                continue
            seen.add(mol_id)
            split = mol.GetProp("SPLIT") if mol.HasProp("SPLIT") else splits.get(mol_id, "unknown")
            out.append((mol_id, mol.GetProp("SMILES"), split))
            if len(out) == n:
                break
    return out


def etkdg_start(smiles, seed=42):
    """One raw ETKDGv3 embedding with explicit hydrogens, or None when RDKit cannot parse or embed the SMILES."""
    from rdkit import Chem
    from rdkit.Chem import AllChem
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    mol = Chem.AddHs(mol)
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    return mol if AllChem.EmbedMolecule(mol, params) == 0 else None


def with_positions(mol, positions, method, mol_id, split):
    from rdkit import Chem
    m = Chem.Mol(mol)
    conf = m.GetConformer()
    for i, p in enumerate(positions):
        conf.SetAtomPosition(i, [float(x) for x in p])
    m.SetProp("_Name", "%s %s" % (mol_id, method))
    for key, value in (("MOL_ID", mol_id), ("SPLIT", split), ("METHOD", method)):
        m.SetProp(key, value)
    return m


def mmff_optimum(mol):
    from rdkit import Chem
    from rdkit.Chem import AllChem
    m = Chem.Mol(mol)
    AllChem.MMFFOptimizeMolecule(m, maxIters=2000)
    return m.GetConformer().GetPositions()


def nnp_optima(starts, workdir, jar):
    """cdk-nnp optimize --strict of every start (their own coordinates and hydrogens); positions by MOL_ID."""
    from rdkit import Chem
    inp, out = os.path.join(workdir, "starts.sdf"), os.path.join(workdir, "nnp.sdf")
    w = Chem.SDWriter(inp)
    for m in starts:
        w.write(m)
    w.close()
    subprocess.run(["java", "-jar", jar, "optimize", "-i", inp, "-o", out, "--strict", "--no-progress", "-q"],
                   check=False)  # a record that fails is reported in out.errors.tsv and simply has no cdk-nnp row
    optima = {}
    if os.path.exists(out):
        for m in Chem.SDMolSupplier(out, removeHs=False, sanitize=False):
            if m is not None and m.HasProp("MOL_ID"):
                optima[m.GetProp("MOL_ID")] = m.GetConformer().GetPositions()
    return optima


def prepare(args):
    """Writes the geometries SDF; a molecule that ETKDG cannot embed or xtb cannot optimize is skipped and named."""
    from rdkit import Chem
    jar = os.environ.get("CDKNNP_JAR", os.path.join(HERE, "..", "..", "plugin", "target", "cdk-nnp.jar"))
    chosen = molecules(args.reference, args.n, args.max_atoms)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    skipped = []
    with tempfile.TemporaryDirectory() as work:
        starts = []
        for mol_id, smiles, split in chosen:
            start = etkdg_start(smiles)
            if start is None:
                skipped.append((mol_id, "ETKDG could not embed " + smiles))
                continue
            starts.append(with_positions(start, start.GetConformer().GetPositions(), "start", mol_id, split))
        nnp = nnp_optima(starts, work, jar)
        tmp = args.out + ".tmp"
        w = Chem.SDWriter(tmp)
        written = 0
        for start in starts:
            mol_id, split = start.GetProp("MOL_ID"), start.GetProp("SPLIT")
            xtb = xtb_opt(os.path.join(work, "xtb-" + mol_id), start, start.GetConformer().GetPositions())
            if xtb is None:
                skipped.append((mol_id, "GFN2-xTB optimization failed"))
                continue
            geometries = {"gfn2-xtb": xtb[0], "cdk-nnp": nnp.get(mol_id), "mmff94": mmff_optimum(start),
                          "start": start.GetConformer().GetPositions()}
            for method in METHODS:
                if geometries[method] is not None:
                    w.write(with_positions(start, geometries[method], method, mol_id, split))
            written += 1
            print("%s: %d atoms, %s" % (mol_id, start.GetNumAtoms(),
                                        "all four" if nnp.get(mol_id) is not None else "no cdk-nnp optimum"))
        w.close()
        os.replace(tmp, args.out)
    for mol_id, why in skipped:
        print("%s: skipped: %s" % (mol_id, why), file=sys.stderr)
    print("wrote %s (%d molecules, %d skipped)" % (args.out, written, len(skipped)))


def table(geometries, labels):
    """Rows (mol_id, atoms, {method: E_DFT − E_DFT(xTB optimum) kcal/mol}, {method: share of the xTB drop}, {method:
    ended above start}) for every molecule whose start and xTB optimum have DFT energies."""
    by_key = {r["key"]: r["energy_hartree"] for r in dft_labels.read_labels(labels)[0]}
    from rdkit import Chem
    records = list(Chem.SDMolSupplier(geometries, removeHs=False, sanitize=False))
    entries = dft_labels.sdf_candidates(geometries)
    energy = {}
    for e in entries:
        mol = records[e["shard_index"]]
        if e["key"] in by_key:
            energy.setdefault(e["mol_id"], {})[mol.GetProp("METHOD")] = (by_key[e["key"]], len(e["numbers"]))
    rows = []
    for mol_id, per in energy.items():
        if "start" not in per or "gfn2-xtb" not in per:
            continue
        e_start, e_xtb = per["start"][0], per["gfn2-xtb"][0]
        rel, share, above = {}, {}, {}
        for method, (e, _) in per.items():
            rel[method] = (e - e_xtb) * common.HARTREE_EV * KCAL_PER_EV
            share[method] = (e_start - e) / (e_start - e_xtb) if e_start != e_xtb else float("nan")
            above[method] = method != "start" and e > e_start
        rows.append((mol_id, per["start"][1], rel, share, above))
    return sorted(rows)


def report(args):
    rows = table(args.geometries, args.labels)
    shown = ("start", "cdk-nnp", "mmff94", "gfn2-xtb")
    print("DFT (ωB97X-D/def2-SVP) energy of each method's optimum from the same raw ETKDG start, kcal/mol above the")
    print("GFN2-xTB optimum (share of the xTB run's DFT energy drop reached in parentheses; ! = ended above its start)\n")
    print("| molecule | atoms | " + " | ".join(shown) + " |")
    print("|---|---|" + "---|" * len(shown))
    for mol_id, atoms, rel, share, above in rows:
        cells = []
        for m in shown:
            if m not in rel:
                cells.append("–")
            else:
                cells.append("%.2f%s%s" % (rel[m], "" if m in ("start", "gfn2-xtb") else " (%.0f %%)" % (100 * share[m]),
                                            " !" if above[m] else ""))
        print("| %s | %d | %s |" % (mol_id, atoms, " | ".join(cells)))
    complete = [r for r in rows if all(m in r[2] for m in shown)]
    if complete:
        means = [np.mean([r[2][m] for r in complete]) for m in shown]
        print("| mean of %d with all four | | %s |" % (len(complete), " | ".join("%.2f" % x for x in means)))
    print("\n%d molecules with DFT energies of the start and the xTB optimum; %d with all four." % (len(rows), len(complete)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="starts and the three methods' optima, as one SDF for dft_labels.py --sdf")
    p.add_argument("--reference", default=DEFAULT_REFERENCE, help="SDF with MOL_ID and SMILES (default: %(default)s)")
    p.add_argument("--n", type=int, default=12, help="molecules (default: %(default)s)")
    p.add_argument("--max-atoms", type=int, default=60)
    p.add_argument("--out", default=os.path.join(HERE, "data", "oracle", "geometries.sdf"))
    r = sub.add_parser("report", help="the table, from the geometries and their DFT single points")
    r.add_argument("--geometries", default=os.path.join(HERE, "data", "oracle", "geometries.sdf"))
    r.add_argument("--labels", default=os.path.join(HERE, "data", "dft_oracle.h5"))
    args = ap.parse_args(argv)
    prepare(args) if args.command == "prepare" else report(args)


if __name__ == "__main__":
    main()
