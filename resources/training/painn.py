"""PaiNN potential in PyTorch, exactly the function documented in resources/MODEL_FORMAT.md.

Written for cdk-nnp (own implementation; SchNetPack-2 conventions for split orders, RBF and cutoff).
Positions in Å, energies in eV, forces in eV/Å.
"""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F_

ELEMENTS = (1, 6, 7, 8, 9, 16, 17, 35)

# ωB97X-D's own dispersion term (Chai & Head-Gordon 2008; Psi4's "-CHG"): Grimme-D2 C6 (J nm⁶ mol⁻¹) and R0 (Å),
# C6_ij = sqrt(C6_i C6_j), R_ij = R0_i + R0_j, E = −Σ_{i<j} C6_ij r⁻⁶ / (1 + a (r/R_ij)⁻¹²), a = 6, no cutoff.
# resources/MODEL_FORMAT.md documents it; the Java backends add the same term.
D2_C6 = {1: 0.14, 6: 1.75, 7: 1.23, 8: 0.70, 9: 0.75, 16: 5.57, 17: 5.07, 35: 12.47}
D2_R0 = {1: 1.001, 6: 1.452, 7: 1.397, 8: 1.342, 9: 1.287, 16: 1.683, 17: 1.639, 35: 1.749}
CHG_A = 6.0
C6_TO_EV_A6 = 1e6 / 96485.33212  # 1 J nm⁶ mol⁻¹ in eV Å⁶
DISPERSION = "wb97x-d-chg"


def dispersion_energy(numbers, pos, batch, n_struct):
    """ωB97X-D's dispersion energy of every structure of a batch (eV), differentiable in pos."""
    c6 = torch.tensor([D2_C6.get(int(z), 0.0) for z in range(119)], dtype=pos.dtype)[numbers] * C6_TO_EV_A6
    r0 = torch.tensor([D2_R0.get(int(z), 0.0) for z in range(119)], dtype=pos.dtype)[numbers]
    i, j = torch.triu_indices(len(numbers), len(numbers), offset=1)
    same = batch[i] == batch[j]
    i, j = i[same], j[same]
    r = torch.sqrt(((pos[j] - pos[i]) ** 2).sum(-1))
    e = -torch.sqrt(c6[i] * c6[j]) / r ** 6 / (1.0 + CHG_A * (r / (r0[i] + r0[j])) ** -12)
    return torch.zeros(n_struct, dtype=pos.dtype).index_add_(0, batch[i], e)


def neighbour_pairs(pos, cutoff):
    """All ordered pairs (i, j), i != j, with |R_j - R_i| < cutoff for one structure (numpy [n,3]).

    Returns int64 arrays idx_i, idx_j.
    """
    pos = np.asarray(pos, dtype=np.float64)
    d2 = ((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)
    n = len(pos)
    mask = d2 < cutoff * cutoff
    mask[np.arange(n), np.arange(n)] = False
    i, j = np.nonzero(mask)
    return i.astype(np.int64), j.astype(np.int64)


class PaiNN(nn.Module):
    def __init__(self, n_features=64, n_interactions=3, n_rbf=20, cutoff=5.0, elements=ELEMENTS, charges=(0,)):
        super().__init__()
        F = n_features
        self.n_features = F
        self.n_interactions = n_interactions
        self.n_rbf = n_rbf
        self.cutoff = float(cutoff)
        self.elements = tuple(int(z) for z in elements)
        zmap = torch.full((119,), -1, dtype=torch.long)
        for k, z in enumerate(self.elements):
            zmap[z] = k
        self.register_buffer("zmap", zmap, persistent=False)
        E = len(self.elements)
        self.embedding = nn.Embedding(E, F)
        self.context1 = nn.ModuleList([nn.Linear(F, F) for _ in range(n_interactions)])
        self.context2 = nn.ModuleList([nn.Linear(F, 3 * F) for _ in range(n_interactions)])
        self.filter = nn.ModuleList([nn.Linear(n_rbf, 3 * F) for _ in range(n_interactions)])
        self.channel = nn.ModuleList([nn.Linear(F, 2 * F, bias=False) for _ in range(n_interactions)])
        self.mlp1 = nn.ModuleList([nn.Linear(2 * F, F) for _ in range(n_interactions)])
        self.mlp2 = nn.ModuleList([nn.Linear(F, 3 * F) for _ in range(n_interactions)])
        self.readout1 = nn.Linear(F, F // 2)
        self.readout2 = nn.Linear(F // 2, 1)
        self.register_buffer("atomref", torch.zeros(E, dtype=torch.float64))
        self.register_buffer("energy_scale", torch.tensor(1.0, dtype=torch.float64))
        self.register_buffer("energy_shift", torch.tensor(0.0, dtype=torch.float64))
        width = self.cutoff / (n_rbf - 1)
        self.register_buffer("rbf_mu", torch.arange(n_rbf, dtype=torch.float64) * width)
        self.rbf_gamma = 0.5 / (width * width)
        self.dispersion = ""  # DISPERSION: the network models E − E_disp, forward adds E_disp
        # Supported total charges. A charged model adds Q·charge_embedding to every atom's initial scalar
        # feature and a per-charge energy offset charge_energy[Q] to the molecule (both zero for Q = 0 at the start).
        self.charges = tuple(sorted(int(q) for q in charges))
        if 0 not in self.charges:
            raise ValueError("the supported charges must include 0: %s" % (self.charges,))
        if self.charged:
            self.charge_embedding = nn.Parameter(torch.zeros(F))
            self.register_buffer("charge_energy", torch.zeros(len(self.charges), dtype=torch.float64))
        qmap = torch.full((41,), -1, dtype=torch.long)
        for k, q in enumerate(self.charges):
            qmap[q + 20] = k
        self.register_buffer("qmap", qmap, persistent=False)

    @classmethod
    def from_config(cls, cfg):
        """A model of the architecture a config() dict describes (weights untrained)."""
        m = cls(cfg["n_features"], cfg["n_interactions"], cfg["n_rbf"], cfg["cutoff"], cfg["elements"],
                cfg.get("charges", (0,)))
        m.dispersion = cfg.get("dispersion", "")
        return m

    def with_charges(self, charges):
        """A copy of this model that also takes the given total charges: zero charge embedding and energy offsets, so
        it computes exactly what this model computes for neutral molecules."""
        cfg = dict(self.config(), charges=sorted(set(charges) | {0}))
        m = PaiNN.from_config(cfg).to(next(self.parameters()).dtype)
        own = {k: v for k, v in self.state_dict().items() if k not in ("charge_embedding", "charge_energy")}
        missing, unexpected = m.load_state_dict(own, strict=False)
        assert not unexpected and set(missing) <= {"charge_embedding", "charge_energy"}, (missing, unexpected)
        if self.charged:
            old = dict(zip(self.charges, self.charge_energy.tolist()))
            with torch.no_grad():
                m.charge_embedding.copy_(self.charge_embedding)
                for k, q in enumerate(m.charges):
                    m.charge_energy[k] = old.get(q, 0.0)
        return m

    @property
    def charged(self):
        """Whether the model takes the total charge as input (charges other than 0 supported)."""
        return self.charges != (0,)

    def charge_index(self, charge):
        """Index of each structure's total charge in self.charges (long [S]); ValueError for an unsupported one."""
        q = torch.as_tensor(charge, dtype=torch.long)
        k = self.qmap[(q + 20).clamp(0, 40)]
        if bool(((k < 0) | (q.abs() > 20)).any()):
            raise ValueError("total charge %s not supported by this model (supported: %s)"
                             % (sorted(set(q.tolist())), list(self.charges)))
        return k

    def config(self):
        c = {"n_features": self.n_features, "n_interactions": self.n_interactions, "n_rbf": self.n_rbf,
             "cutoff": self.cutoff, "elements": list(self.elements)}
        if self.dispersion:
            c["dispersion"] = self.dispersion
        if self.charged:
            c["charges"] = list(self.charges)
        return c

    def atomic_outputs(self, numbers, pos, idx_i, idx_j, atom_charge=None):
        """Per-atom network output (before scale/shift/atomref). numbers long [N], pos [N,3], pairs [P],
        atom_charge [N]: the total charge of each atom's molecule (None: neutral)."""
        F = self.n_features
        dtype = pos.dtype
        e = self.zmap[numbers]
        s = self.embedding(e)
        if atom_charge is not None and bool((atom_charge != 0).any()):
            if not self.charged:
                raise ValueError("this model supports only neutral molecules")
            s = s + atom_charge.to(s.dtype)[:, None] * self.charge_embedding
        v = torch.zeros(s.shape[0], 3, F, dtype=dtype, device=pos.device)
        r = pos[idx_j] - pos[idx_i]
        d = torch.sqrt((r * r).sum(-1))
        u = r / d[:, None]
        mu = self.rbf_mu.to(dtype)
        rbf = torch.exp(-self.rbf_gamma * (d[:, None] - mu[None, :]) ** 2)
        fc = 0.5 * (torch.cos(math.pi * d / self.cutoff) + 1.0)
        fc = fc * (d < self.cutoff).to(dtype)
        # radial filters of all blocks in one matrix product: (filter_w·rbf + filter_b)·f_c, [P, T·3F]
        fw = torch.cat([f.weight for f in self.filter], 0)
        fb = torch.cat([f.bias for f in self.filter], 0)
        w_all = torch.addmm(fb, rbf, fw.t()) * fc[:, None]
        for t in range(self.n_interactions):
            x = self.context2[t](F_.silu(self.context1[t](s)))
            w = w_all[:, 3 * F * t:3 * F * (t + 1)]
            m = x[idx_j] * w
            a, b, c = torch.split(m, F, dim=-1)
            ds = torch.zeros_like(s).index_add_(0, idx_i, a)
            if t == 0:  # v = 0 before the first block: the c ∘ v_j term vanishes
                dv_pair = b[:, None, :] * u[:, :, None]
            else:
                dv_pair = b[:, None, :] * u[:, :, None] + c[:, None, :] * v[idx_j]
            dv = torch.zeros_like(v).index_add_(0, idx_i, dv_pair)
            s = s + ds
            v = v + dv
            vw = self.channel[t](v)  # [N,3,2F]
            V, W = torch.split(vw, F, dim=-1)
            n = torch.sqrt((V * V).sum(1) + 1e-8)
            y = self.mlp2[t](F_.silu(self.mlp1[t](torch.cat([s, n], dim=-1))))
            p, q, rr = torch.split(y, F, dim=-1)
            s = s + p + rr * (V * W).sum(1)
            v = v + q[:, None, :] * W
        out = self.readout2(F_.silu(self.readout1(s))).squeeze(-1)
        return out, e

    def forward(self, numbers, pos, idx_i, idx_j, batch, n_struct, forces=True, create_graph=False, charge=None):
        """Energies [n_struct] (eV) and optionally forces [N,3] (eV/Å).

        batch: long [N] structure index per atom; charge: total charge per structure ([n_struct], None: neutral).
        """
        if forces and not pos.requires_grad:
            pos = pos.requires_grad_(True)
        k = self.charge_index(charge if charge is not None else torch.zeros(n_struct, dtype=torch.long))
        atom_charge = None if charge is None else torch.as_tensor(charge)[batch]
        out, e = self.atomic_outputs(numbers, pos, idx_i, idx_j, atom_charge)
        dtype = out.dtype
        atom_e = self.atomref.to(dtype)[e] + self.energy_shift.to(dtype) + self.energy_scale.to(dtype) * out
        energy = torch.zeros(n_struct, dtype=dtype, device=pos.device).index_add_(0, batch, atom_e)
        if self.charged:
            energy = energy + self.charge_energy.to(dtype)[k]
        if self.dispersion:
            energy = energy + dispersion_energy(numbers, pos, batch, n_struct)
        if not forces:
            return energy, None
        g, = torch.autograd.grad(energy.sum(), pos, create_graph=create_graph)
        return energy, -g


def energy_forces(model, b, forces=True):
    """Energies [S] (eV) and forces [N,3] (eV/Å, None without forces) of a collate() batch, charges included."""
    return model(b["numbers"], b["positions"], b["idx_i"], b["idx_j"], b["batch"], b["n_struct"], forces=forces,
                 charge=b["charge"])


def residual_energy_forces(model, b, create_graph):
    """Network part of the energy (scale·Σout + N·shift, without the atomrefs) and forces of a float32 batch.

    Training targets are E − Σ atomref, so the large per-element sums stay in float64 outside the network.
    """
    pos = b["positions"].clone().requires_grad_(True)
    out, e = model.atomic_outputs(b["numbers"], pos, b["idx_i"], b["idx_j"], b["charge"][b["batch"]])
    atom = model.energy_scale.float() * out + model.energy_shift.float()
    E = torch.zeros(b["n_struct"], dtype=out.dtype).index_add_(0, b["batch"], atom)
    g, = torch.autograd.grad(E.sum(), pos, create_graph=create_graph)
    return E, -g


def residual_targets(model, structs):
    """Training targets of residual_energy_forces: each structure's energy minus its per-element atomrefs and, for a
    charged model, its charge's energy offset (float32)."""
    ref = model.atomref.numpy()
    zi = {z: k for k, z in enumerate(model.elements)}
    qe = model.charge_energy.numpy() if model.charged else np.zeros(1)
    k = model.charge_index([s.get("charge", 0) for s in structs]).numpy()
    return torch.tensor([s["energy"] - sum(ref[zi[int(z)]] for z in s["numbers"]) - qe[k[n]]
                         for n, s in enumerate(structs)], dtype=torch.float32)


def energy_force_losses(E, target_E, forces, b):
    """Mean squared per-atom energy error and mean squared force-component error of a batch (eV/atom, eV/Å)."""
    return (((E - target_E) / b["n_atoms"]) ** 2).mean(), ((forces - b["forces"]) ** 2).mean()


def ema_update(ema, model, step, decay):
    """Exponential moving average of the weights, with the warm-up decay min(decay, (1+step)/(10+step))."""
    d = min(decay, (1 + step) / (10 + step))
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.mul_(d).add_(pm.detach(), alpha=1 - d)


def collate(structs, cutoff, dtype=torch.float32):
    """Concatenate structures (dicts with numbers, positions[, energy, forces]) into a batch."""
    nums, poss, ii, jj, bb, E, Fo, nat = [], [], [], [], [], [], [], []
    off = 0
    for k, s in enumerate(structs):
        p = np.asarray(s["positions"], dtype=np.float64)
        i, j = neighbour_pairs(p, cutoff)
        n = len(p)
        nums.append(np.asarray(s["numbers"], dtype=np.int64))
        poss.append(p)
        ii.append(i + off)
        jj.append(j + off)
        bb.append(np.full(n, k, dtype=np.int64))
        nat.append(n)
        if "energy" in s:
            E.append(s["energy"])
            Fo.append(s["forces"])
        off += n
    b = {
        "numbers": torch.from_numpy(np.concatenate(nums)),
        "positions": torch.from_numpy(np.concatenate(poss)).to(dtype),
        "idx_i": torch.from_numpy(np.concatenate(ii)),
        "idx_j": torch.from_numpy(np.concatenate(jj)),
        "batch": torch.from_numpy(np.concatenate(bb)),
        "n_struct": len(structs),
        "n_atoms": torch.tensor(nat, dtype=dtype),
        "charge": torch.tensor([int(s.get("charge", 0)) for s in structs], dtype=torch.long),
    }
    if E:
        b["energy"] = torch.tensor(E, dtype=torch.float64)
        b["forces"] = torch.from_numpy(np.concatenate(Fo)).to(dtype)
    return b
