"""Straight-from-the-spec numpy evaluation of a cdk-nnp PaiNN model file (energy only, float64, loops).

Independent of painn.py: it reads the HDF5 file and follows resources/MODEL_FORMAT.md line by line.
Used by make_test_vectors.py to cross-check the PyTorch implementation (energies, and forces by central
finite differences).
"""
import math

import h5py
import numpy as np


def silu(x):
    with np.errstate(over="ignore"):  # exp overflow for very negative x gives the correct limit 0
        return x / (1.0 + np.exp(-x))


def load(path):
    with h5py.File(path, "r") as f:
        m = {k: f.attrs[k] for k in f.attrs}
        m["elements"] = [int(z) for z in f["elements"][()]]
        for name in ("atomref", "embedding", "charges", "charge_energy", "charge_embedding"):
            if name in f:
                m[name] = f[name][()]
        m["layers"] = []
        for t in range(int(m["n_interactions"])):
            g, h = f["interaction_%d" % t], f["mixing_%d" % t]
            m["layers"].append({k: g[k][()] for k in g} | {k: h[k][()] for k in h})
        m["readout"] = {k: f["readout"][k][()] for k in f["readout"]}
    return m


def energy(m, numbers, pos, charge=0):
    pos = np.asarray(pos, dtype=np.float64)
    F, K, rc = int(m["n_features"]), int(m["n_rbf"]), float(m["cutoff"])
    e = [m["elements"].index(int(z)) for z in numbers]
    n = len(numbers)
    charges = [int(q) for q in m.get("charges", [int(m["total_charge"])])]
    if charge not in charges:
        raise ValueError("charge %d not supported (%s)" % (charge, charges))
    s = np.array([m["embedding"][k] + charge * m.get("charge_embedding", np.zeros(F)) for k in e])
    v = np.zeros((n, 3, F))
    width = rc / (K - 1)
    mu = np.arange(K) * width
    gamma = 0.5 / width ** 2
    pairs = []
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            r = pos[j] - pos[i]
            d = math.sqrt(r @ r)
            if d < rc:
                pairs.append((i, j, r / d, np.exp(-gamma * (d - mu) ** 2), 0.5 * (math.cos(math.pi * d / rc) + 1)))
    for L in m["layers"]:
        x = (L["context2_w"] @ silu(L["context1_w"] @ s.T + L["context1_b"][:, None]) + L["context2_b"][:, None]).T
        ds = np.zeros_like(s)
        dv = np.zeros_like(v)
        for i, j, u, rbf, fc in pairs:
            w = (L["filter_w"] @ rbf + L["filter_b"]) * fc
            mm = x[j] * w
            a, b, c = mm[:F], mm[F:2 * F], mm[2 * F:]
            ds[i] += a
            dv[i] += np.outer(u, b) + c[None, :] * v[j]
        s = s + ds
        v = v + dv
        V = np.einsum("of,nxf->nxo", L["channel_w"][:F], v)
        W = np.einsum("of,nxf->nxo", L["channel_w"][F:], v)
        nrm = np.sqrt((V ** 2).sum(1) + 1e-8)
        h = silu(np.concatenate([s, nrm], 1) @ L["mlp1_w"].T + L["mlp1_b"])
        y = h @ L["mlp2_w"].T + L["mlp2_b"]
        p, q, r = y[:, :F], y[:, F:2 * F], y[:, 2 * F:]
        s = s + p + r * (V * W).sum(1)
        v = v + q[:, None, :] * W
    R = m["readout"]
    out = (silu(s @ R["w1"].T + R["b1"]) @ R["w2"].T + R["b2"])[:, 0]
    total = float(sum(m["atomref"][k] for k in e) + n * float(m["energy_shift"]) + float(m["energy_scale"]) * out.sum())
    if "charge_energy" in m:
        total += float(m["charge_energy"][charges.index(charge)])
    return total + (dispersion(numbers, pos) if m.get("dispersion") else 0.0)


# ωB97X-D's dispersion (MODEL_FORMAT.md), pair by pair: Grimme-D2 C6 (J nm⁶ mol⁻¹) and R0 (Å), "-CHG" damping a = 6
_D2 = {1: (0.14, 1.001), 6: (1.75, 1.452), 7: (1.23, 1.397), 8: (0.70, 1.342), 9: (0.75, 1.287), 16: (5.57, 1.683),
       17: (5.07, 1.639), 35: (12.47, 1.749)}


def dispersion(numbers, pos):
    e = 0.0
    for i in range(len(numbers)):
        for j in range(i + 1, len(numbers)):
            (ci, ri), (cj, rj) = _D2[int(numbers[i])], _D2[int(numbers[j])]
            r = float(np.linalg.norm(pos[j] - pos[i]))
            e -= np.sqrt(ci * cj) * 1e6 / 96485.33212 / r ** 6 / (1.0 + 6.0 * (r / (ri + rj)) ** -12)
    return e


def forces_fd(m, numbers, pos, h=1e-5, charge=0):
    pos = np.asarray(pos, dtype=np.float64)
    f = np.zeros_like(pos)
    for a in range(len(pos)):
        for c in range(3):
            p1, p2 = pos.copy(), pos.copy()
            p1[a, c] += h
            p2[a, c] -= h
            f[a, c] = -(energy(m, numbers, p1, charge) - energy(m, numbers, p2, charge)) / (2 * h)
    return f
