"""Shared helpers for the cdk-nnp training recipe: molecule lists, filtering, split, units, data loading."""
import csv
import glob
import hashlib
import os

HARTREE_EV = 27.211386245988
BOHR_ANGSTROM = 0.529177210903

ALLOWED_ELEMENTS = (1, 6, 7, 8, 9, 16, 17, 35)  # H C N O F S Cl Br
SYMBOLS = {1: "H", 6: "C", 7: "N", 8: "O", 9: "F", 16: "S", 17: "Cl", 35: "Br"}

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.environ.get("CDKNNP_DATA_DIR", os.path.join(HERE, "data"))
CKPT_DIR = os.environ.get("CDKNNP_CKPT_DIR", os.path.join(HERE, "checkpoints"))
RESOURCES_DIR = os.path.dirname(HERE)
MODEL_DIR = os.path.join(RESOURCES_DIR, "src", "main", "resources", "io", "github", "cdknnp", "models")
# The default model of cdk-nnp (NnpForceField.DEFAULT_MODEL names the same file).
DEFAULT_MODEL_NAME = "painn-dft-v1"
DEFAULT_MODEL = os.path.join(MODEL_DIR, DEFAULT_MODEL_NAME + ".h5")
# Test vectors live with the Java parity tests in forcefield-bridge/api.
TEST_MODEL_DIR = os.path.join(os.path.dirname(RESOURCES_DIR), "forcefield-bridge", "api", "src", "test", "resources", "io", "github", "cdknnp", "models")
SPLIT_CSV = os.path.join(HERE, "split.csv")

# The public molecule lists, beside the project root (../shared/molecules), unless CDKNNP_MOLECULES names another place.
MOLECULE_DIR = os.environ.get("CDKNNP_MOLECULES",
                              os.path.normpath(os.path.join(RESOURCES_DIR, "..", "..", "shared", "molecules")))
SOURCES = ("qm9", "freesolv", "drugs")
SPLIT_SEED = "cdk-nnp-split-v1"


def split_of(mol_id, seed=SPLIT_SEED):
    """Stable 80/10/10 split by molecule id (sha256 of seed:id)."""
    h = int(hashlib.sha256(("%s:%s" % (seed, mol_id)).encode()).hexdigest()[:12], 16) % 100
    if h < 80:
        return "train"
    if h < 90:
        return "val"
    return "test"


def read_molecules(molecule_dir=MOLECULE_DIR):
    """Return list of dicts(id, source, smiles) from the shared molecule lists (no filtering)."""
    out = []
    for src in SOURCES:
        path = os.path.join(molecule_dir, src + ".csv")
        if not os.path.exists(path):
            raise SystemExit("molecule list not found: %s (set CDKNNP_MOLECULES to the directory holding "
                             "drugs.csv, qm9.csv, freesolv.csv)" % path)
        with open(path, newline="") as fh:
            for row in csv.DictReader(fh):
                out.append({"id": row["id"], "source": src, "smiles": row["smiles"]})
    return out


def filter_molecule(smiles, allow_charge=False):
    """Parse SMILES; return (mol_with_Hs, reason). mol is None when rejected (a net charge unless allow_charge)."""
    from rdkit import Chem
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None, "unparseable"
    mol = Chem.AddHs(mol)
    for a in mol.GetAtoms():
        if a.GetAtomicNum() not in ALLOWED_ELEMENTS:
            return None, "element %s" % a.GetSymbol()
        if a.GetNumRadicalElectrons() != 0:
            return None, "radical"
    if Chem.GetFormalCharge(mol) != 0 and not allow_charge:
        return None, "net charge %d" % Chem.GetFormalCharge(mol)
    return mol, "ok"


def write_split(molecules_ok, path=SPLIT_CSV):
    rows = sorted((m["id"], m["source"], split_of(m["id"])) for m in molecules_ok)
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "source", "split"])
        w.writerows(rows)
    os.replace(tmp, path)
    return rows


def parent_id(mol_id):
    """The neutral molecule a charged variant PARENT~TAG (make_data.py --charged, xtb_reference.py --charged) comes
    from; the id itself for any other molecule."""
    return mol_id.split("~")[0]


def read_split(path=SPLIT_CSV):
    with open(path, newline="") as fh:
        return {r["id"]: r["split"] for r in csv.DictReader(fh)}


def shard_paths(data_dir=None):
    return sorted(glob.glob(os.path.join(data_dir or DATA_DIR, "xtb_*.h5")))


def load_structures(paths=None, splits=None):
    """Load all structures from shard files into a list of dicts with numpy arrays.

    Each dict: mol_id, split, source, numbers (int64 [n]), positions (float64 [n,3] Å),
    energy (float eV), forces (float64 [n,3] eV/Å), charge (int, total charge; 0 for shards without a charge dataset).
    """
    import h5py
    import numpy as np
    if paths is None:
        paths = shard_paths()
    out = []
    for p in paths:
        try:
            with h5py.File(p, "r") as f:
                off = f["offsets"][()]
                Z = f["numbers"][()].astype(np.int64)
                R = f["positions"][()].astype(np.float64)
                Fo = f["forces"][()].astype(np.float64)
                E = f["energy"][()]
                mids = [x.decode() if isinstance(x, bytes) else x for x in f["mol_id"][()]]
                spl = [x.decode() if isinstance(x, bytes) else x for x in f["split"][()]]
                srcs = [x.decode() if isinstance(x, bytes) else x for x in f["source"][()]]
                Q = f["charge"][()].astype(np.int64) if "charge" in f else np.zeros(len(E), dtype=np.int64)
        except (OSError, KeyError) as e:
            print("skipping unreadable shard %s: %s" % (p, e))
            continue
        for k in range(len(E)):
            if splits is not None and spl[k] not in splits:
                continue
            a, b = off[k], off[k + 1]
            out.append({"mol_id": mids[k], "split": spl[k], "source": srcs[k], "numbers": Z[a:b],
                        "positions": R[a:b], "energy": float(E[k]), "forces": Fo[a:b],
                        "charge": int(Q[k])})
    return out


def conformer_key(s):
    """Structures with equal keys are conformers of one molecule: same molecule id and same elemental composition
    (a few probe records of a molecule id carry another composition, e.g. a different tautomer or fragment)."""
    import numpy as np
    return s["mol_id"], np.bincount(np.asarray(s["numbers"]), minlength=119).tobytes()


def conformational_errors(records, errors):
    """Energy errors as they matter for ranking conformers: within each conformer group (conformer_key) the group's
    mean error removed, concatenated over the groups of two or more structures; and the groups, as lists of record
    indices in order of first appearance (singletons included)."""
    import numpy as np
    errors = np.asarray(errors, dtype=float)
    groups = {}
    for k, r in enumerate(records):
        groups.setdefault(conformer_key(r), []).append(k)
    parts = [errors[g] - errors[g].mean() for g in groups.values() if len(g) > 1]
    return (np.concatenate(parts) if parts else np.zeros(0)), list(groups.values())
