#!/usr/bin/python3
"""Tests of the charge states (protonate.py) and of the charged PaiNN (painn.py): run as a script, exits non-zero on
failure. Run by confgf/smoke_scripts.sh (RecipeScriptsSmokeIT)."""
import os
import sys

import numpy as np
import torch
from rdkit import Chem

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import painn  # noqa: E402
import protonate  # noqa: E402

PH74 = {  # neutral SMILES -> pH-7.4 form
    "CC(=O)Oc1ccccc1C(=O)O": "CC(=O)Oc1ccccc1C(=O)[O-]",          # aspirin: carboxylate
    "CN1CCN(CC1)c1ccccc1": "C[NH+]1CCN(c2ccccc2)CC1",              # one piperazine N (the aniline N is not basic)
    "NCCN": "NCC[NH3+]",                                            # ethylenediamine: one proton
    "NC(=N)c1ccccc1": "NC(=[NH2+])c1ccccc1",                        # benzamidinium
    "OC(=O)CC(N)C(=O)O": "[NH3+]C(CC(=O)[O-])C(=O)[O-]",            # aspartate, net -1
    "Cc1nnn[nH]1": "Cc1nnn[n-]1",                                   # tetrazolate
    "c1ccccc1O": "Oc1ccccc1",                                       # phenol stays neutral
    "c1ccncc1": "c1ccncc1",                                         # pyridine stays neutral
    "CC(=O)NC": "CNC(C)=O",                                         # amide stays neutral
    "Nc1ccccc1": "Nc1ccccc1",                                       # aniline stays neutral
}


def test_ph74_forms():
    for smi, want in PH74.items():
        got = Chem.MolToSmiles(protonate.ph74(Chem.MolFromSmiles(smi)))
        assert got == Chem.MolToSmiles(Chem.MolFromSmiles(want)), (smi, got, want)


def test_variants_are_distinct_and_charged():
    v = protonate.variants(Chem.MolFromSmiles("Oc1ccc(cc1)CCN"))  # tyramine: amine cation, phenolate anion
    tags = {t: Chem.GetFormalCharge(m) for t, m in v}
    assert tags == {"ph74": 1, "anion": -1}, tags  # the single protonation equals the pH-7.4 form: listed once
    assert protonate.variants(Chem.MolFromSmiles("CCCC")) == []


def test_charged_model_is_the_neutral_model_at_charge_zero():
    torch.manual_seed(3)
    m = painn.PaiNN(8, 2, 6, 5.0).double()
    c = m.with_charges((-1, 1))
    assert c.charges == (-1, 0, 1)
    with torch.no_grad():
        c.charge_embedding.normal_()
        c.charge_energy.copy_(torch.tensor([2.0, 0.0, -3.0], dtype=torch.float64))
    s = {"numbers": np.array([7, 1, 1, 1, 1]), "positions": np.array(
        [[0, 0, 0], [1.03, 0, 0], [-0.34, 0.97, 0], [-0.34, -0.49, 0.84], [-0.34, -0.49, -0.84]], dtype=float)}
    b0 = painn.collate([s], 5.0, torch.float64)
    e_neutral, f_neutral = painn.energy_forces(m, b0)
    e0, f0 = painn.energy_forces(c, b0)
    assert torch.allclose(e0, e_neutral) and torch.allclose(f0, f_neutral)
    b1 = painn.collate([dict(s, charge=1)], 5.0, torch.float64)
    e1, _ = painn.energy_forces(c, b1)
    assert abs(float(e1 - e0)) > 1e-3
    try:
        painn.energy_forces(m, b1)
    except ValueError as e:
        assert "not supported" in str(e) or "neutral" in str(e), e
    else:
        raise AssertionError("a neutral model must refuse a charged molecule")


def test_residual_targets_subtract_the_charge_offset():
    c = painn.PaiNN(8, 1, 4, 5.0, charges=(-1, 0, 1)).double()
    with torch.no_grad():
        c.charge_energy.copy_(torch.tensor([1.5, 0.0, -2.5], dtype=torch.float64))
    s = {"numbers": np.array([1, 1]), "positions": np.zeros((2, 3)), "energy": 10.0, "forces": np.zeros((2, 3))}
    t = painn.residual_targets(c, [dict(s, charge=1), dict(s, charge=-1), s])
    assert np.allclose(t.numpy(), [12.5, 8.5, 10.0]), t


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            print("ok", name)
