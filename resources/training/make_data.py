#!/usr/bin/python3
"""Generate GFN2-xTB labelled geometries for training the cdk-nnp PaiNN potential.

Per molecule (elements H C N O F S Cl Br, net formal charge 0, <= --max-atoms atoms with H):
  * RDKit ETKDGv3 conformers (explicit H)                         source tag "etkdg"
  * MMFF94-optimised copies of those conformers                    "mmff"
  * random Cartesian displacements of the MMFF geometries          "displaced"
  * frames of a short GFN2-xTB optimisation ("--opt crude",
    limited cycles) started from the first raw ETKDG conformer      "opt_traj"
  * (optional, small molecules only) frames of a short hot xtb MD  "md"
Every geometry is labelled with a GFN2-xTB energy + gradient (single-threaded xtb subprocess).

Molecules are processed in an interleaved order (equal fraction of each source list done at any time),
results are written in shard files data/xtb_NNNNN.h5 (atomically, every few minutes). On restart, molecules
already present in a shard (or listed in data/failed.txt) are skipped, so a killed job resumes without
duplicates.

Charged molecules (--charged): the variants of protonate.py (pH-7.4 form, single protonation, single
deprotonation) of the accepted neutral molecules, id PARENT~TAG, in the split of the parent, labelled with the
molecule's total charge; shards carry a per-structure `charge` dataset. Run it with CDKNNP_DATA_DIR=data/charged so
its shards stay apart from the neutral ones.

Usage:  nice -n 10 /usr/bin/python3 make_data.py [--workers 2] [--max-minutes 60] [--charged]
"""
import argparse
import datetime
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import BOHR_ANGSTROM, HARTREE_EV, DATA_DIR  # noqa: E402

XTB = shutil.which("xtb") or "xtb"
XTB_FLAGS = ["--gfn", "2", "--uhf", "0", "--norestart"]  # + --chrg Q (the molecule's total charge)
SMALL_SOURCES = ("qm9", "freesolv")
TMP_ROOT = "/tmp/cdknnp_xtb"


# --------------------------------------------------------------------------------------------- xtb
def _write_xyz(path, numbers, pos, comment="cdk-nnp"):
    with open(path, "w") as fh:
        fh.write("%d\n%s\n" % (len(numbers), comment))
        for z, (x, y, w) in zip(numbers, pos):
            fh.write("%-2s %18.10f %18.10f %18.10f\n" % (common.SYMBOLS[int(z)], x, y, w))


def _read_engrad(path, n):
    with open(path) as fh:
        lines = [l.strip() for l in fh if l.strip() and not l.startswith("#")]
    nat = int(lines[0])
    assert nat == n, (nat, n)
    e = float(lines[1])
    g = np.array([float(x) for x in lines[2:2 + 3 * n]]).reshape(n, 3)
    return e, g


def xtb_energy_forces(numbers, pos, workdir, charge=0):
    """Return (energy eV, forces eV/Å) for positions in Å, or None on failure."""
    d = tempfile.mkdtemp(dir=workdir)
    try:
        _write_xyz(os.path.join(d, "in.xyz"), numbers, pos)
        r = subprocess.run([XTB, "in.xyz", "--grad", "--chrg", str(charge)] + XTB_FLAGS, cwd=d, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=300)
        eg = os.path.join(d, "in.engrad")
        if r.returncode != 0 or not os.path.exists(eg):
            return None
        e_h, g = _read_engrad(eg, len(numbers))
        return e_h * HARTREE_EV, -g * (HARTREE_EV / BOHR_ANGSTROM)
    except (subprocess.TimeoutExpired, ValueError, AssertionError, IndexError):
        return None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _read_xyz_frames(path):
    frames = []
    with open(path) as fh:
        lines = fh.read().splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        n = int(lines[i].split()[0])
        xyz = np.array([[float(v) for v in l.split()[1:4]] for l in lines[i + 2:i + 2 + n]])
        frames.append(xyz)
        i += 2 + n
    return frames


def xtb_opt_trajectory(numbers, pos, workdir, maxcycle, charge=0):
    """Run a crude xtb optimisation limited to maxcycle steps, return list of frames (Å)."""
    d = tempfile.mkdtemp(dir=workdir)
    try:
        _write_xyz(os.path.join(d, "in.xyz"), numbers, pos)
        with open(os.path.join(d, "xc.inp"), "w") as fh:
            fh.write("$opt\n   maxcycle=%d\n$end\n" % maxcycle)
        subprocess.run([XTB, "in.xyz", "--opt", "crude", "--input", "xc.inp", "--chrg", str(charge)] + XTB_FLAGS, cwd=d,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        log = os.path.join(d, "xtbopt.log")
        if not os.path.exists(log):
            return []
        return _read_xyz_frames(log)
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return []
    finally:
        shutil.rmtree(d, ignore_errors=True)


def xtb_md_frames(numbers, pos, workdir, temp=1000.0, time_ps=0.4, dump_fs=50.0, charge=0):
    d = tempfile.mkdtemp(dir=workdir)
    try:
        _write_xyz(os.path.join(d, "in.xyz"), numbers, pos)
        with open(os.path.join(d, "xc.inp"), "w") as fh:
            fh.write("$md\n   temp=%.1f\n   time=%.3f\n   dump=%.1f\n   step=1.0\n   hmass=2\n   shake=0\n"
                     "   velo=false\n   nvt=true\n$end\n" % (temp, time_ps, dump_fs))
        subprocess.run([XTB, "in.xyz", "--md", "--input", "xc.inp", "--chrg", str(charge)] + XTB_FLAGS, cwd=d,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        trj = os.path.join(d, "xtb.trj")
        if not os.path.exists(trj):
            return []
        return _read_xyz_frames(trj)
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return []
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------------------------------------ per molecule
def _f32(pos):
    """Round to float32 (the stored precision) so labels belong exactly to the stored geometry."""
    return np.asarray(pos, dtype=np.float32).astype(np.float64)


def _min_dist(pos):
    d = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=-1)
    d[np.diag_indices(len(pos))] = np.inf
    return d.min()


def generate_molecule(task):
    """Worker: returns (mol_id, list of structure dicts, info string)."""
    from rdkit import Chem
    from rdkit.Chem import AllChem
    mol_id, source, smiles, split, opts = task
    t0 = time.time()
    workdir = os.path.join(TMP_ROOT, "w%d" % os.getpid())
    os.makedirs(workdir, exist_ok=True)
    seed = zlib.crc32(mol_id.encode()) & 0x7FFFFFFF
    rng = np.random.default_rng(seed)
    mol, why = common.filter_molecule(smiles, allow_charge=opts.get("charged", False))
    if mol is None:
        return mol_id, [], "rejected: " + why
    charge = Chem.GetFormalCharge(mol)
    n = mol.GetNumAtoms()
    if n > opts["max_atoms"]:
        return mol_id, [], "too many atoms (%d)" % n
    numbers = np.array([a.GetAtomicNum() for a in mol.GetAtoms()], dtype=np.int64)
    small = source in SMALL_SOURCES
    n_conf = opts["n_conf"]
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    params.pruneRmsThresh = 0.1
    params.numThreads = 1
    cids = list(AllChem.EmbedMultipleConfs(mol, numConfs=n_conf, params=params))
    if not cids:
        params.useRandomCoords = True
        cids = list(AllChem.EmbedMultipleConfs(mol, numConfs=n_conf, params=params))
    if not cids:
        return mol_id, [], "embedding failed"
    geoms = []  # (tag, positions)
    raw = [mol.GetConformer(c).GetPositions() for c in cids]
    for p in raw:
        geoms.append(("etkdg", p))
    mm = []
    try:
        if AllChem.MMFFHasAllMoleculeParams(mol):
            mol2 = Chem.Mol(mol)
            AllChem.MMFFOptimizeMoleculeConfs(mol2, numThreads=1, maxIters=1000)
            mm = [mol2.GetConformer(c).GetPositions() for c in cids]
    except Exception:  # noqa: BLE001 - MMFF failures just skip that part
        mm = []
    for p in mm:
        geoms.append(("mmff", p))
    base = mm if mm else raw
    sigmas = opts["sigmas"]
    # n_conf * n_disp displaced copies in total, spread over the available (MMFF) conformers, so rigid
    # molecules with a single distinct conformer still get the same number of distorted geometries
    for k in range(n_conf * opts["n_disp"]):
        p = base[k % len(base)]
        s = sigmas[(k + seed) % len(sigmas)]
        geoms.append(("displaced", p + rng.normal(0.0, s, size=p.shape)))
    labeller = _Labeller(numbers, workdir, charge)
    for tag, p in geoms:
        labeller.label(tag, p)
    # short optimisation trajectory from the first raw ETKDG conformer
    labeller.opt_frames("opt_traj", raw[0], opts["opt_cycles_small"] if small else opts["opt_cycles_drug"],
                        opts["opt_frames"])
    # optional short hot MD for a fraction of the small molecules
    if small and opts["md_fraction"] > 0 and (seed % 1000) < 1000 * opts["md_fraction"]:
        start = mm[0] if mm else raw[0]
        frames = xtb_md_frames(numbers, _f32(start), workdir, charge=charge)
        if len(frames) > 1:
            idx = np.linspace(1, len(frames) - 1, min(opts["md_frames"], len(frames) - 1)).round().astype(int)
            for i in sorted(set(idx.tolist())):
                labeller.label("md", frames[i])
    return labeller.result(mol_id, split, t0)


class _Labeller:
    """GFN2-xTB labels for geometries of one molecule, collected as structure dicts."""

    def __init__(self, numbers, workdir, charge=0):
        self.numbers = numbers
        self.workdir = workdir
        self.charge = charge
        self.structures = []
        self.n_fail = 0

    def label(self, tag, p):
        p = _f32(p)
        res = xtb_energy_forces(self.numbers, p, self.workdir, self.charge) if _min_dist(p) >= 0.5 else None
        if res is None:
            self.n_fail += 1
            return
        e, f = res
        self.structures.append({"numbers": self.numbers, "positions": p, "energy": e, "forces": f, "source": tag,
                                "charge": self.charge})

    def opt_frames(self, tag, start, cycles, k):
        """Label k frames (after the start) of a crude xtb optimisation of at most `cycles` steps."""
        if k <= 0:
            return
        frames = xtb_opt_trajectory(self.numbers, _f32(start), self.workdir, cycles, self.charge)
        if len(frames) > 1:
            m = len(frames)
            idx = sorted(set(int(round(x)) for x in np.linspace(1, m - 1, k + 1)[1:]))
            if k >= 3 and m > 4:
                idx = sorted(set([max(1, m // 5)] + idx))
            for i in idx:
                self.label(tag, frames[i])

    def result(self, mol_id, split, t0):
        info = "%d structures, %d atoms, %d failed, %.1fs" % (len(self.structures), len(self.numbers), self.n_fail,
                                                             time.time() - t0)
        for s in self.structures:
            s["mol_id"] = mol_id
            s["split"] = split
        return mol_id, self.structures, info


def label_record(task):
    """Worker for --from-sdf: the record's geometry and frames of an xtb optimisation started from it."""
    key, mol_id, numbers, positions, opts = task
    t0 = time.time()
    workdir = os.path.join(TMP_ROOT, "w%d" % os.getpid())
    os.makedirs(workdir, exist_ok=True)
    labeller = _Labeller(numbers, workdir)
    labeller.label(opts["tag"], positions)
    labeller.opt_frames(opts["tag"], positions, opts["sdf_cycles"], opts["sdf_frames"])
    _, structures, info = labeller.result(mol_id, common.split_of(mol_id), t0)
    return key, structures, info


def read_sdf_records(path):
    """(title, atomic numbers, positions Å) of every V2000 record of a (gzipped) SDF."""
    import gzip
    from rdkit import Chem
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as fh:
        blocks = fh.read().split("$$$$\n")
    out = []
    for b in blocks:
        lines = b.splitlines()
        if len(lines) < 4:
            continue
        n = int(lines[3][:3])
        numbers = np.array([Chem.GetPeriodicTable().GetAtomicNumber(l[31:34].strip()) for l in lines[4:4 + n]],
                           dtype=np.int64)
        pos = np.array([[float(l[0:10]), float(l[10:20]), float(l[20:30])] for l in lines[4:4 + n]])
        out.append((lines[0].strip(), numbers, pos))
    return out


# ------------------------------------------------------------------------------------------ shards
def done_ids():
    import h5py
    ids = set()
    for p in common.shard_paths():
        try:
            with h5py.File(p, "r") as f:
                ids.update(x.decode() for x in f["mol_id"][()])
                if "mol_ids_done" in f:
                    ids.update(x.decode() for x in f["mol_ids_done"][()])
        except (OSError, KeyError):
            print("warning: unreadable shard %s (delete it to regenerate)" % p, flush=True)
    fp = os.path.join(DATA_DIR, "failed.txt")
    if os.path.exists(fp):
        with open(fp) as fh:
            ids.update(l.split()[0] for l in fh if l.strip())
    return ids


def provenance(opts):
    from rdkit import rdBase
    try:
        v = subprocess.run([XTB, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=30).stdout.decode()
        xv = [l.strip() for l in v.splitlines() if "version" in l][0]
    except Exception:  # noqa: BLE001
        xv = "unknown"
    return {
        "label_method": "GFN2-xTB energy+gradient (xtb subprocess, single thread)",
        "xtb_version": xv,
        "xtb_flags": " ".join(["--grad", "--chrg", "Q"] + XTB_FLAGS),
        "xtb_accuracy": 1.0,
        "xtb_electronic_temperature_K": 300.0,
        "rdkit_version": rdBase.rdkitVersion,
        "numpy_version": np.__version__,
        "conformers": "RDKit ETKDGv3 (explicit H, pruneRms 0.1), MMFF94 optimised copies",
        "recipe_options": opts,
        "units": {"positions": "angstrom", "energy": "eV", "forces": "eV/angstrom"},
        "conversion": {"hartree_eV": HARTREE_EV, "bohr_angstrom": BOHR_ANGSTROM},
        "energy": "total GFN2-xTB energy (no atomization energy subtracted)",
        "forces": "-gradient",
        "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "script": "resources/training/make_data.py",
    }


def write_shard(structs, done, prov):
    import h5py
    os.makedirs(DATA_DIR, exist_ok=True)
    existing = [int(os.path.basename(p)[4:9]) for p in common.shard_paths()]
    idx = max(existing) + 1 if existing else 0
    path = os.path.join(DATA_DIR, "xtb_%05d.h5" % idx)
    tmp = path + ".tmp"
    nat = np.array([len(s["numbers"]) for s in structs], dtype=np.int64)
    off = np.concatenate([[0], np.cumsum(nat)]).astype(np.int64)
    with h5py.File(tmp, "w") as f:
        kw = dict(compression="gzip", compression_opts=6, shuffle=True)
        f.create_dataset("offsets", data=off)
        if len(structs):
            f.create_dataset("numbers", data=np.concatenate([s["numbers"] for s in structs]).astype(np.uint8), **kw)
            f.create_dataset("positions", data=np.concatenate([s["positions"] for s in structs]).astype(np.float32), **kw)
            f.create_dataset("forces", data=np.concatenate([s["forces"] for s in structs]).astype(np.float32), **kw)
        else:
            f.create_dataset("numbers", data=np.zeros(0, np.uint8))
            f.create_dataset("positions", data=np.zeros((0, 3), np.float32))
            f.create_dataset("forces", data=np.zeros((0, 3), np.float32))
        f.create_dataset("energy", data=np.array([s["energy"] for s in structs], dtype=np.float64))
        f.create_dataset("mol_id", data=np.array([s["mol_id"].encode() for s in structs], dtype="S"), **kw) \
            if structs else f.create_dataset("mol_id", data=np.zeros(0, "S1"))
        f.create_dataset("split", data=np.array([s["split"].encode() for s in structs], dtype="S5"))
        f.create_dataset("source", data=np.array([s["source"].encode() for s in structs], dtype="S9"))
        f.create_dataset("charge", data=np.array([s.get("charge", 0) for s in structs], dtype=np.int8))
        f.create_dataset("mol_ids_done", data=np.array([d.encode() for d in done], dtype="S"))
        f.attrs["format"] = "cdk-nnp-xtb-data"
        f.attrs["format_version"] = 1
        f.attrs["layout"] = ("ragged: atoms of structure k are rows offsets[k]:offsets[k+1] of numbers/positions/"
                             "forces; energy/mol_id/split/source/charge are per structure")
        f.attrs["provenance"] = json.dumps(prov, sort_keys=True)
        f.attrs["shard_written_utc"] = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    os.replace(tmp, path)
    return path


def interleaved_order(mols):
    """Order molecules so that the same fraction of every source list is done at any time."""
    by_src = {}
    for m in mols:
        by_src.setdefault(m["source"], []).append(m)
    keyed = []
    for src, lst in by_src.items():
        lst.sort(key=lambda m: zlib.crc32(("order:" + m["id"]).encode()))
        for r, m in enumerate(lst):
            keyed.append(((r + 0.5) / len(lst), src, m))
    keyed.sort(key=lambda x: (x[0], x[1]))
    return [m for _, _, m in keyed]


def charged_variants(molecules):
    """The charged variants (protonate.variants) of neutral molecules, as molecule dicts with id PARENT~TAG."""
    from rdkit import Chem
    import protonate
    out = []
    for m in molecules:
        mol = Chem.MolFromSmiles(m["smiles"])
        for tag, v in protonate.variants(mol):
            out.append({"id": "%s~%s" % (m["id"], tag), "source": m["source"], "smiles": Chem.MolToSmiles(v)})
    return out


def _worker_init():
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # Pool.terminate() must be able to stop workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=1e9, help="stop submitting new molecules after this")
    ap.add_argument("--max-atoms", type=int, default=90)
    ap.add_argument("--n-conf", type=int, default=3)
    ap.add_argument("--n-disp", type=int, default=2, help="displaced copies per MMFF conformer")
    ap.add_argument("--sigmas", default="0.02,0.04,0.06,0.08,0.1,0.12", help="displacement std devs per Cartesian component, Å")
    ap.add_argument("--opt-frames", type=int, default=3)
    ap.add_argument("--opt-cycles-small", type=int, default=30)
    ap.add_argument("--opt-cycles-drug", type=int, default=20)
    ap.add_argument("--md-fraction", type=float, default=0.0, help="fraction of small molecules with hot MD")
    ap.add_argument("--md-frames", type=int, default=3)
    ap.add_argument("--flush-seconds", type=float, default=150.0)
    ap.add_argument("--limit", type=int, default=0, help="only the first N molecules (testing)")
    ap.add_argument("--export-smiles", metavar="PATH",
                    help="write 'SMILES id' of the accepted molecules of --lists (interleaved order) and exit")
    ap.add_argument("--lists", default=",".join(common.SOURCES), help="molecule lists for --export-smiles")
    ap.add_argument("--from-sdf", metavar="PATH", help="label the geometries of a cdk-nnp SDF (title = molecule "
                    "id, or id#conformer) and frames of a GFN2-xTB optimisation started from each, tagged --tag")
    ap.add_argument("--tag", default="nnp_min", help="source tag of --from-sdf structures (<= 9 characters)")
    ap.add_argument("--sdf-frames", type=int, default=4, help="xtb optimisation frames per --from-sdf record")
    ap.add_argument("--sdf-cycles", type=int, default=60, help="xtb optimisation cycles per --from-sdf record")
    ap.add_argument("--charged", action="store_true", help="the charged variants of protonate.py instead of the "
                    "neutral molecules (run with CDKNNP_DATA_DIR=data/charged)")
    return ap.parse_args(argv)


def accepted_molecules(charged):
    """The listed molecules common.filter_molecule accepts (with charged: their charged variants), in interleaved
    order; writes the split of the neutral ones and says how many were rejected and why."""
    allmols = common.read_molecules()
    ok = []
    n_rej = {}
    for m in allmols:
        mol, why = common.filter_molecule(m["smiles"])
        if mol is None:
            n_rej[why.split()[0]] = n_rej.get(why.split()[0], 0) + 1
            continue
        ok.append(m)
    if charged:
        ok = charged_variants(ok)
    else:
        common.write_split(ok)
    print("%s molecules: %d read, %d kept, rejected %s" % (datetime.datetime.utcnow().isoformat(), len(allmols),
                                                          len(ok), n_rej), flush=True)
    return interleaved_order(ok)


def sdf_tasks(path, tag, opts, done):
    """label_record tasks for the records of a cdk-nnp SDF not labelled yet; sulfur and bromine first (their bonds
    are where the probe found the model's minima wrong)."""
    tasks = []
    for k, (title, numbers, pos) in enumerate(read_sdf_records(path)):
        key = "%s@%s#%d" % (title, tag, k)
        if key not in done:  # a title "Q0000#3" is conformer 3 of molecule Q0000
            tasks.append((key, title.split("#")[0], numbers, pos, opts))
    tasks.sort(key=lambda t: not np.isin(t[2], (16, 35)).any())
    print("%s: %d records to label" % (path, len(tasks)), flush=True)
    return tasks


def molecule_tasks(order, opts, done):
    """generate_molecule tasks for the molecules not labelled yet."""
    todo = [m for m in order if m["id"] not in done]
    print("already done %d, to do %d" % (len(order) - len(todo), len(todo)), flush=True)
    return [(m["id"], m["source"], m["smiles"], common.split_of(common.parent_id(m["id"])), opts) for m in todo]


class ShardBuffer:
    """Labelled structures collected from the workers, written as a shard every flush_seconds and at the end;
    molecules without structures go to data/failed.txt."""

    def __init__(self, prov, flush_seconds, total):
        self.prov, self.flush_seconds, self.total = prov, flush_seconds, total
        self.structs, self.done = [], []
        self.n_struct = self.n_mol = 0
        self.t_start = self.last_flush = time.time()
        self.failed_path = os.path.join(DATA_DIR, "failed.txt")

    def add(self, mol_id, structs, info):
        self.n_mol += 1
        self.n_struct += len(structs)
        if structs:
            self.structs.extend(structs)
            self.done.append(mol_id)
        else:
            with open(self.failed_path, "a") as fh:
                fh.write("%s %s\n" % (mol_id, info))
        if self.n_mol % 25 == 0 or not structs:
            print("  [%d/%d] %s: %s" % (self.n_mol, self.total, mol_id, info), flush=True)
        if time.time() - self.last_flush > self.flush_seconds:
            self.flush()

    def flush(self):
        if self.done:
            p = write_shard(self.structs, self.done, self.prov)
            print("%s wrote %s: %d structures from %d molecules (total %d structures, %d molecules, %.1f min)"
                  % (datetime.datetime.utcnow().strftime("%H:%M:%S"), os.path.basename(p), len(self.structs),
                     len(self.done), self.n_struct, self.n_mol, self.minutes()), flush=True)
        self.structs, self.done, self.last_flush = [], [], time.time()

    def minutes(self):
        return (time.time() - self.t_start) / 60


def run(worker, tasks, workers, max_minutes, buffer):
    """Runs the tasks on a pool of worker processes, stopping submission after max_minutes; what is finished is
    written on SIGTERM, Ctrl-C and at the end."""
    import signal

    def task_iter():
        for t in tasks:
            if buffer.minutes() > max_minutes:
                print("max minutes reached, not submitting more", flush=True)
                return
            yield t

    def _term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, _term)
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_worker_init, maxtasksperchild=50) as pool:
        try:
            results = pool.imap_unordered(worker, task_iter(), chunksize=1)
            while True:
                try:
                    buffer.add(*results.next(timeout=2.0))
                except mp.TimeoutError:
                    continue
                except StopIteration:
                    break
        except KeyboardInterrupt:
            print("interrupted; writing what is finished", flush=True)
        finally:
            buffer.flush()
    print("done: %d molecules, %d structures in %.1f min" % (buffer.n_mol, buffer.n_struct, buffer.minutes()),
          flush=True)


def main(argv=None):
    args = parse_args(argv)
    opts = {"max_atoms": args.max_atoms, "n_conf": args.n_conf, "n_disp": args.n_disp,
            "sigmas": [float(x) for x in args.sigmas.split(",")], "opt_frames": args.opt_frames,
            "opt_cycles_small": args.opt_cycles_small, "opt_cycles_drug": args.opt_cycles_drug,
            "md_fraction": args.md_fraction, "md_frames": args.md_frames, "charged": args.charged}
    os.makedirs(DATA_DIR, exist_ok=True)
    os.makedirs(TMP_ROOT, exist_ok=True)
    order = accepted_molecules(args.charged)
    if args.limit:
        order = order[:args.limit]
    if args.export_smiles:
        lists = set(args.lists.split(","))
        with open(args.export_smiles, "w") as fh:
            fh.writelines("%s %s\n" % (m["smiles"], m["id"]) for m in order if m["source"] in lists)
        return
    done = done_ids()
    if args.from_sdf:
        opts.update(tag=args.tag, sdf_frames=args.sdf_frames, sdf_cycles=args.sdf_cycles, sdf=args.from_sdf)
        worker, tasks = label_record, sdf_tasks(args.from_sdf, args.tag, opts, done)
    else:
        worker, tasks = generate_molecule, molecule_tasks(order, opts, done)
    run(worker, tasks, args.workers, args.max_minutes, ShardBuffer(provenance(opts), args.flush_seconds, len(tasks)))


if __name__ == "__main__":
    main()
