#!/usr/bin/python3
"""Charge states of neutral molecules by substructure rules: the pH-7.4 form a ligand-preparation tool would give,
and single protonations/deprotonations for training data of charged molecules.

Rules (SMARTS on the neutral molecule; ACID/BASE tables below), approximate aqueous pKa in brackets:
  acids at pH 7.4:  carboxylic acid (3-5), tetrazole NH (4.5-5), N-acylsulfonamide (4-5), sulfonic acid (< 1)
  bases at pH 7.4:  amidine/guanidine (11-13), aliphatic amine (9-11)
  other sites (training variants only): phenol (10), imidazole (7), pyridine-like N (5)
Two sites of the same sign closer than MIN_BONDS_APART bonds are not both charged (piperazine and ethylenediamine
carry one proton at pH 7.4).

Usage: /usr/bin/python3 protonate.py "SMILES" ...    prints the pH-7.4 form and the training variants of each
"""
import sys

from rdkit import Chem

# (name, SMARTS of the site atom first, charged at pH 7.4, rank: lower = more acidic / more basic)
ACIDS = (
    ("carboxylic acid", "[OX2H1;+0][CX3]=O", True, 0),
    ("sulfonic acid", "[OX2H1;+0][SX4](=O)=O", True, 0),
    ("tetrazole", "[nH;+0;r5]1:n:n:n:c:1", True, 1),
    ("tetrazole", "[nH;+0;r5]1:n:n:c:n:1", True, 1),
    ("N-acylsulfonamide", "[NX3H1;+0]([CX3]=O)[SX4](=O)=O", True, 2),
    ("phenol", "[OX2H1;+0]c", False, 3),
)
BASES = (
    ("amidine/guanidine", "[NX2;+0;!$(N~[O,S]);!$(N-[CX3]=O)]=[CX3;!$(C-[OX2,SX2])]-[NX3;+0;!$(N-C=O);!$(N-S=O)]",
     True, 0),
    ("aliphatic amine", "[NX3;+0;!$(N-a);!$(N-[#6]=[#7,#8,#16]);!$(N-[#6]#[#7]);!$(N-[#16,#15]);!$(N-[#7,#8]);"
     "!$(N-C=C);!$(N-C(F)(F)F);!$(N-[CX3])]", True, 1),
    ("imidazole", "[nX2;+0;r5]1:c:[nX3]:c:c:1", False, 2),
    ("pyridine-like N", "[nX2;+0;r6]", False, 3),
)
MIN_BONDS_APART = 4
MAX_ABS_CHARGE = 2

_COMPILED = None


def _patterns():
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = ([(n, Chem.MolFromSmarts(s), ph, r) for n, s, ph, r in ACIDS],
                     [(n, Chem.MolFromSmarts(s), ph, r) for n, s, ph, r in BASES])
        for group in _COMPILED:
            for n, p, _, _ in group:
                if p is None:
                    raise ValueError("bad SMARTS for %s" % n)
    return _COMPILED


def sites(mol):
    """Ionisable sites of a neutral molecule: list of (atom index, +1 or -1, name, charged at pH 7.4, rank)."""
    acids, bases = _patterns()
    out, seen = [], set()
    for sign, table in ((-1, acids), (+1, bases)):
        for name, patt, ph, rank in table:
            for match in mol.GetSubstructMatches(patt):
                a = match[0]
                if a not in seen:
                    seen.add(a)
                    out.append((a, sign, name, ph, rank))
    return sorted(out, key=lambda s: (s[4], s[0]))


def charged_form(mol, chosen):
    """The molecule with each chosen site (atom index, sign) protonated (+1) or deprotonated (-1)."""
    rw = Chem.RWMol(mol)
    for a, sign in chosen:
        atom = rw.GetAtomWithIdx(a)
        h = atom.GetTotalNumHs()
        if sign < 0 and h == 0:
            raise ValueError("no proton to remove at atom %d" % a)
        atom.SetNoImplicit(True)
        atom.SetNumExplicitHs(h + sign)
        atom.SetFormalCharge(sign)
    m = rw.GetMol()
    Chem.SanitizeMol(m)
    return m


def _spread(candidates, dist):
    """Greedy choice of sites (in rank order) no two of one sign closer than MIN_BONDS_APART bonds."""
    chosen = []
    for a, sign, *_ in candidates:
        if all(s != sign or dist[a][b] >= MIN_BONDS_APART for b, s in chosen):
            chosen.append((a, sign))
    return chosen


def ph74(mol):
    """The pH-7.4 form of a neutral molecule (the molecule itself when nothing ionises)."""
    dist = Chem.GetDistanceMatrix(mol)
    chosen = _spread([s for s in sites(mol) if s[3]], dist)
    pos = [c for c in chosen if c[1] > 0][:MAX_ABS_CHARGE]
    neg = [c for c in chosen if c[1] < 0][:MAX_ABS_CHARGE]
    return charged_form(mol, pos + neg) if pos or neg else Chem.Mol(mol)


def variants(mol):
    """Charged training variants of a neutral molecule: [(tag, charged mol)], distinct by SMILES, total charge within
    ±MAX_ABS_CHARGE: the pH-7.4 form (tag 'ph74', when it differs from the neutral molecule), the most basic site
    protonated alone ('cation') and the most acidic site deprotonated alone ('anion')."""
    out, seen = [], {Chem.MolToSmiles(mol)}
    st = sites(mol)
    forms = [("ph74", ph74(mol))]
    for tag, sign in (("cation", +1), ("anion", -1)):
        best = [s for s in st if s[1] == sign][:1]
        if best:
            forms.append((tag, charged_form(mol, [(best[0][0], sign)])))
    for tag, m in forms:
        smi = Chem.MolToSmiles(m)
        if smi not in seen and abs(Chem.GetFormalCharge(m)) <= MAX_ABS_CHARGE:
            seen.add(smi)
            out.append((tag, m))
    return out


def main(argv):
    for smi in argv:
        mol = Chem.MolFromSmiles(smi)
        if mol is None:
            print("%s: unparseable" % smi)
            continue
        print("%s  pH 7.4: %s" % (smi, Chem.MolToSmiles(ph74(mol))))
        for tag, m in variants(mol):
            print("    %-7s %+d  %s" % (tag, Chem.GetFormalCharge(m), Chem.MolToSmiles(m)))


if __name__ == "__main__":
    main(sys.argv[1:])
