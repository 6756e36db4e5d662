#!/usr/bin/python3
"""painn.dispersion_energy against Psi4 1.3.2's ωB97X-D dispersion (EmpiricalDispersion(name_hint='wb97x-d'),
libdisp "-CHG") of a water + methane geometry, computed once with Psi4 (2026-12-07) and kept here: energy
-0.0017811819062793569 Eh, gradient of atoms 1 and 2 below (Eh/Bohr). Exit status 1 on a mismatch."""
import sys

import numpy as np
import torch

import common
import painn

Z = [8, 1, 1, 6, 1, 1, 1, 1]
X = [[0, 0, 0.117], [0, 0.757, -0.469], [0, -0.757, -0.469], [3, 0, 0], [3.6, 0.9, 0], [3.6, -0.9, 0],
     [2.4, 0, 0.9], [2.4, 0, -0.9]]
PSI4_ENERGY_EH = -0.0017811819062793569
PSI4_GRADIENT_EH_BOHR = [[1.11559392e-04, 0.0, 2.02151327e-06], [-2.61862278e-04, 1.74922818e-05, -3.90356201e-05]]


def main():
    pos = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    e = painn.dispersion_energy(torch.tensor(Z), pos, torch.zeros(len(Z), dtype=torch.long), 1)
    g, = torch.autograd.grad(e.sum(), pos)
    de = abs(float(e) - PSI4_ENERGY_EH * common.HARTREE_EV)
    dg = np.abs(g.numpy()[:2] - np.array(PSI4_GRADIENT_EH_BOHR) * common.HARTREE_EV / common.BOHR_ANGSTROM).max()
    print("dispersion vs Psi4: |dE| %.2e eV, |dG| %.2e eV/Å" % (de, dg))
    return 0 if de < 1e-6 and dg < 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
