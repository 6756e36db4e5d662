#!/usr/bin/python3
"""Self-test of convert_schnetpack.py (no pytest; exits non-zero on failure).

  OMP_NUM_THREADS=1 /usr/bin/python3 test_convert_schnetpack.py [--tol 1e-10]

For each source model (a random PaiNN, and the recipe's trained checkpoint if one is readable, else the
tiny test model) the weights are laid out as a SchNetPack-2 / ∇²DFT PaiNN state dict (Hartree units, Z-indexed
embedding with 100 rows, filter_net of all blocks in one Dense, AddOffsets mean/atomref buffers, `model.`
Lightning prefix), saved with torch.save, converted with convert_schnetpack.convert_file, read back with
export_model.read_model, and evaluated in float64. Energies and forces must match
  (a) the original model (painn.py, eV) and
  (b) an independent evaluation of the state dict with SchNetPack-2 semantics written below (Hartree → eV)
  (c) energies only: reference_numpy.py (the MODEL_FORMAT.md spec in numpy loops) on the converted file vs (b)
to --tol (eV and eV/Å, absolute). Variants: shared filters, SchNetPack-1 style standardize/atomref keys in eV.
Refusals checked: shifted RBF offsets, unequal widths, Bessel RBF, three-layer readout, missing cutoff.
"""
import argparse
import math
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F_

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import convert_schnetpack as cs  # noqa: E402
import export_model  # noqa: E402
import painn  # noqa: E402
import reference_numpy  # noqa: E402

HA = common.HARTREE_EV
ZMAX = 100
FAILS = []


def check(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg, flush=True)
    if not cond:
        FAILS.append(msg)


# ---------------------------------------------------------------------------- SchNetPack-2 layout
def to_schnetpack(model, unit="hartree", shared_filters=False, style="sp2", prefix="model.", seed=0):
    """Our PaiNN -> state dict in SchNetPack layout whose energy (in `unit`) equals ours (eV) / factor."""
    g = torch.Generator().manual_seed(seed)
    c = cs.ENERGY_UNITS_EV[unit]
    m = {k: v.detach().to(torch.float64).clone() for k, v in model.state_dict().items()}
    F, T, K = model.n_features, model.n_interactions, model.n_rbf
    emb = torch.randn(ZMAX, F, generator=g, dtype=torch.float64)
    for k, z in enumerate(model.elements):
        emb[z] = m["embedding.weight"][k]
    sd = {"representation.embedding.weight": emb}
    if shared_filters:
        sd["representation.filter_net.weight"] = m["filter.0.weight"]
        sd["representation.filter_net.bias"] = m["filter.0.bias"]
    else:
        sd["representation.filter_net.weight"] = torch.cat([m["filter.%d.weight" % t] for t in range(T)], 0)
        sd["representation.filter_net.bias"] = torch.cat([m["filter.%d.bias" % t] for t in range(T)], 0)
    for t in range(T):
        i = "representation.interactions.%d.interatomic_context_net." % t
        x = "representation.mixing.%d." % t
        sd[i + "0.weight"] = m["context1.%d.weight" % t]
        sd[i + "0.bias"] = m["context1.%d.bias" % t]
        sd[i + "1.weight"] = m["context2.%d.weight" % t]
        sd[i + "1.bias"] = m["context2.%d.bias" % t]
        sd[x + "mu_channel_mix.weight"] = m["channel.%d.weight" % t]
        sd[x + "intraatomic_context_net.0.weight"] = m["mlp1.%d.weight" % t]
        sd[x + "intraatomic_context_net.0.bias"] = m["mlp1.%d.bias" % t]
        sd[x + "intraatomic_context_net.1.weight"] = m["mlp2.%d.weight" % t]
        sd[x + "intraatomic_context_net.1.bias"] = m["mlp2.%d.bias" % t]
    sd["representation.radial_basis.offsets"] = torch.linspace(0, model.cutoff, K, dtype=torch.float64)
    sd["representation.radial_basis.widths"] = torch.full((K,), model.cutoff / (K - 1), dtype=torch.float64)
    sd["representation.cutoff_fn.cutoff"] = torch.tensor(model.cutoff, dtype=torch.float64)
    scale, shift = float(m["energy_scale"]), float(m["energy_shift"])
    sd["output_modules.0.outnet.0.weight"] = m["readout1.weight"]
    sd["output_modules.0.outnet.0.bias"] = m["readout1.bias"]
    ref = torch.zeros(ZMAX, dtype=torch.float64)
    for k, z in enumerate(model.elements):
        ref[z] = m["atomref"][k] / c
    if style == "sp2":  # E = Σ (out_i + mean) + Σ atomref[Z]: fold scale/c into the last layer
        sd["output_modules.0.outnet.1.weight"] = m["readout2.weight"] * (scale / c)
        sd["output_modules.0.outnet.1.bias"] = m["readout2.bias"] * (scale / c)
        sd["postprocessors.1.mean"] = torch.tensor([shift / c], dtype=torch.float64)
        sd["postprocessors.1.atomref"] = ref
    else:  # SchNetPack-1 Atomwise: standardize (mean, stddev) per atom + atomref Embedding [Zmax, 1]
        sd["output_modules.0.outnet.1.weight"] = m["readout2.weight"]
        sd["output_modules.0.outnet.1.bias"] = m["readout2.bias"]
        sd["output_modules.0.standardize.mean"] = torch.tensor([shift / c], dtype=torch.float64)
        sd["output_modules.0.standardize.stddev"] = torch.tensor([scale / c], dtype=torch.float64)
        sd["output_modules.0.atomref.weight"] = ref[:, None]
    return {prefix + k: v for k, v in sd.items()}


def reference_schnetpack(sd, unit, numbers, positions, n_interactions, style="sp2"):
    """Energy (eV) and forces (eV/Å) from the state dict, SchNetPack-2 PaiNN semantics, float64."""
    p = [k for k in sd if k.endswith("representation.embedding.weight")][0][:-len("representation.embedding.weight")]
    W = {k[len(p):]: v.to(torch.float64) for k, v in sd.items()}
    R = torch.tensor(positions, dtype=torch.float64, requires_grad=True)
    Z = torch.tensor(numbers, dtype=torch.long)
    n = len(Z)
    emb = W["representation.embedding.weight"]
    F = emb.shape[1]
    cutoff = float(W["representation.cutoff_fn.cutoff"])
    ii, jj = [], []
    Rn = R.detach().numpy()
    for a in range(n):
        for b in range(n):
            if a != b and np.linalg.norm(Rn[b] - Rn[a]) < cutoff:
                ii.append(a)
                jj.append(b)
    idx_i, idx_j = torch.tensor(ii), torch.tensor(jj)
    r_ij = R[idx_j] - R[idx_i]
    d_ij = torch.norm(r_ij, dim=1)
    dir_ij = r_ij / d_ij[:, None]
    off, wid = W["representation.radial_basis.offsets"], W["representation.radial_basis.widths"]
    phi = torch.exp(-0.5 / wid ** 2 * (d_ij[:, None] - off[None, :]) ** 2)
    fcut = 0.5 * (torch.cos(d_ij * math.pi / cutoff) + 1.0) * (d_ij < cutoff).double()
    filters = (phi @ W["representation.filter_net.weight"].T + W["representation.filter_net.bias"]) * fcut[:, None]
    if filters.shape[1] == 3 * F:
        flist = [filters] * n_interactions
    else:
        flist = torch.split(filters, 3 * F, dim=-1)
    q = emb[Z][:, None, :]
    mu = torch.zeros(n, 3, F, dtype=torch.float64)

    def dense(x, key, act=False):
        y = x @ W[key + ".weight"].T
        if key + ".bias" in W:
            y = y + W[key + ".bias"]
        return F_.silu(y) if act else y

    for t in range(n_interactions):
        i = "representation.interactions.%d.interatomic_context_net." % t
        x = dense(dense(q, i + "0", True), i + "1")
        xj = x[idx_j]
        muj = mu[idx_j]
        xw = flist[t][:, None, :] * xj
        dq, dmuR, dmumu = torch.split(xw, F, dim=-1)
        dq = torch.zeros(n, 1, F, dtype=torch.float64).index_add(0, idx_i, dq)
        dmu = dmuR * dir_ij[..., None] + dmumu * muj
        dmu = torch.zeros(n, 3, F, dtype=torch.float64).index_add(0, idx_i, dmu)
        q = q + dq
        mu = mu + dmu
        m = "representation.mixing.%d." % t
        mu_mix = dense(mu, m + "mu_channel_mix")
        mu_V, mu_W = torch.split(mu_mix, F, dim=-1)
        mu_Vn = torch.sqrt(torch.sum(mu_V ** 2, dim=-2, keepdim=True) + 1e-8)
        ctx = torch.cat([q, mu_Vn], dim=-1)
        x = dense(dense(ctx, m + "intraatomic_context_net.0", True), m + "intraatomic_context_net.1")
        dq_intra, dmu_intra, dqmu_intra = torch.split(x, F, dim=-1)
        dmu_intra = dmu_intra * mu_W
        dqmu_intra = dqmu_intra * torch.sum(mu_V * mu_W, dim=-2, keepdim=True)
        q = q + dq_intra + dqmu_intra
        mu = mu + dmu_intra
    q = q.squeeze(1)
    y = dense(dense(q, "output_modules.0.outnet.0", True), "output_modules.0.outnet.1").squeeze(-1)
    if style == "sp2":
        y = y + W["postprocessors.1.mean"][0]
        E = y.sum() + W["postprocessors.1.atomref"][Z].sum()
    else:
        y = y * W["output_modules.0.standardize.stddev"][0] + W["output_modules.0.standardize.mean"][0]
        E = y.sum() + W["output_modules.0.atomref.weight"][Z, 0].sum()
    E = E * cs.ENERGY_UNITS_EV[unit]
    g, = torch.autograd.grad(E, R)
    return float(E), -g.numpy()


def eval_ours(model, s):
    b = painn.collate([s], model.cutoff, torch.float64)
    E, Fo = painn.energy_forces(model, b)
    return float(E[0]), Fo.detach().numpy()


# ---------------------------------------------------------------------------- test data
def test_structures():
    out = []
    try:
        S = common.load_structures(common.shard_paths()[:2], splits=("test", "val"))
        S.sort(key=lambda s: len(s["numbers"]))
        if S:
            out += [S[0], S[len(S) // 2], S[-1]]
    except Exception as e:  # shards being written: fall back to synthetic structures only
        print("note: shards not readable (%s)" % e)
    rng = np.random.default_rng(7)
    Z = np.array([6, 6, 7, 8, 9, 16, 17, 35, 1, 1, 1, 1], dtype=np.int64)
    pos = np.zeros((len(Z), 3))
    k = 0
    while k < len(Z):  # random cluster, no two atoms closer than 0.9 Å, some pairs beyond the cutoff
        p = rng.uniform(-3.5, 3.5, 3)
        if k == 0 or np.min(np.linalg.norm(pos[:k] - p, axis=1)) > 0.9:
            pos[k] = p
            k += 1
    out.append({"numbers": Z, "positions": pos, "mol_id": "synthetic-all-elements"})
    return out


def source_models():
    torch.manual_seed(1)
    m = painn.PaiNN(16, 3, 12, 5.0).double()
    with torch.no_grad():
        for prm in m.parameters():
            prm.add_(0.02 * torch.randn_like(prm))
        m.atomref.copy_(torch.tensor([-13.6, -1029.0, -1484.0, -2041.0, -2710.0, -10830.0, -12520.0, -70040.0],
                                     dtype=torch.float64))
        m.energy_scale.fill_(0.7)
        m.energy_shift.fill_(-0.31)
    models = [("random F16 T3 K12", m.eval())]
    ck = os.path.join(common.CKPT_DIR, "best.pt")
    try:
        tm, _ = export_model.model_from_checkpoint(ck)
        models.append(("recipe checkpoint best.pt (EMA)", tm))
    except Exception as e:
        tiny = os.path.join(common.TEST_MODEL_DIR, "painn-tiny.h5")
        print("note: checkpoint not loadable (%s); using %s" % (str(e)[:80], tiny))
        if os.path.exists(tiny):
            models.append(("painn-tiny.h5", export_model.read_model(tiny)[0]))
    return models


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tol", type=float, default=1e-10)
    a = ap.parse_args()
    torch.set_num_threads(1)
    structs = test_structures()
    tmp = tempfile.mkdtemp(prefix="cdknnp-convert-")
    worst = 0.0
    for label, model in source_models():
        for variant, unit, shared, style in (("sp2 hartree", "hartree", False, "sp2"),
                                             ("sp2 hartree shared filters", "hartree", True, "sp2"),
                                             ("sp1-style ev", "ev", False, "sp1")):
            src = model
            if shared:  # make the original use one filter for every block so both sides agree
                src = painn.PaiNN(model.n_features, model.n_interactions, model.n_rbf, model.cutoff, model.elements).double()
                src.load_state_dict(model.state_dict())
                with torch.no_grad():
                    for t in range(1, src.n_interactions):
                        src.filter[t].weight.copy_(src.filter[0].weight)
                        src.filter[t].bias.copy_(src.filter[0].bias)
                src.eval()
            sd = to_schnetpack(src, unit, shared, style)
            pt = os.path.join(tmp, "sp.pt")
            torch.save({"state_dict": sd, "epoch": 1}, pt)
            out = os.path.join(tmp, "converted.h5")
            cs.convert_file(pt, out, "test", energy_unit=unit, atomref="state")
            conv, _ = export_model.read_model(out)
            dE1 = dF1 = dE2 = dF2 = dE3 = 0.0
            spec = reference_numpy.load(out)  # the file read straight from MODEL_FORMAT.md (energy only)
            for s in structs:
                E0, F0 = eval_ours(src, s)
                E1, F1 = eval_ours(conv, s)
                E2, F2 = reference_schnetpack(sd, unit, s["numbers"], s["positions"], src.n_interactions, style)
                dE1, dF1 = max(dE1, abs(E1 - E0)), max(dF1, np.abs(F1 - F0).max())
                dE2, dF2 = max(dE2, abs(E1 - E2)), max(dF2, np.abs(F1 - F2).max())
                dE3 = max(dE3, abs(reference_numpy.energy(spec, s["numbers"], s["positions"]) - E2))
            worst = max(worst, dE1, dF1, dE2, dF2, dE3)
            check(max(dE1, dF1, dE2, dF2, dE3) <= a.tol,
                  "%s / %s: converted vs original |dE| %.2e eV |dF| %.2e eV/A; vs SchNetPack-semantics reference "
                  "|dE| %.2e |dF| %.2e; spec-level numpy energy of the file vs reference |dE| %.2e (%d structures, E ~ %.0f eV)"
                  % (label, variant, dE1, dF1, dE2, dF2, dE3, len(structs), E0))

    # refusals
    _, base = source_models()[0]
    good = to_schnetpack(base, "hartree")

    def refused(mod, what, **kw):
        sd = dict(good)
        mod(sd)
        try:
            cs.convert_state_dict({k: v for k, v in sd.items()}, **kw)
        except cs.ConversionError as e:
            check(True, "refuses %s: %s" % (what, str(e)[:110]))
            return
        check(False, "should refuse %s" % what)

    refused(lambda sd: sd.__setitem__("model.representation.radial_basis.offsets",
                                      torch.linspace(0.5, 5.0, base.n_rbf, dtype=torch.float64)), "RBF start 0.5")
    refused(lambda sd: sd.__setitem__("model.representation.radial_basis.offsets",
                                      torch.linspace(0.0, 4.0, base.n_rbf, dtype=torch.float64)), "RBF end != cutoff")
    refused(lambda sd: sd.__setitem__("model.representation.radial_basis.widths",
                                      torch.full((base.n_rbf,), 0.2, dtype=torch.float64)), "unequal width")
    refused(lambda sd: sd.__setitem__("model.representation.radial_basis.freqs", torch.ones(base.n_rbf)), "Bessel RBF")
    refused(lambda sd: sd.__setitem__("model.output_modules.0.outnet.2.weight", torch.ones(1, 1)), "3-layer readout")
    refused(lambda sd: sd.pop("model.representation.cutoff_fn.cutoff"), "missing cutoff (no --cutoff)")
    # float32 state dict (as SchNetPack saves it) converts: offsets within float32 rounding of linspace
    sd32 = {k: v.float() for k, v in good.items()}
    try:
        cs.convert_state_dict(sd32, energy_unit="hartree", atomref="state")
        check(True, "float32 state dict accepted (RBF offsets within float32 rounding)")
    except cs.ConversionError as e:
        check(False, "float32 state dict refused: %s" % e)
    # ∇²DFT-like model: AddOffsets(add_mean=True, add_atomrefs=False) -> zero atomref buffer; the model predicts
    # total − Σ ∇²DFT atomref in Hartree. --atomref auto must add ∇²DFT's atomrefs back (total energies).
    nab = dict(good)
    nab["model.postprocessors.1.atomref"] = torch.zeros(ZMAX, dtype=torch.float64)
    pt = os.path.join(tmp, "nabla.pt")
    torch.save(nab, pt)
    out = os.path.join(tmp, "nabla.h5")
    import subprocess
    rc = subprocess.call([sys.executable, os.path.join(common.HERE, "convert_schnetpack.py"), pt, "--out", out],
                         stdout=subprocess.DEVNULL)
    check(rc == 0, "CLI conversion exit code %d" % rc)
    conv, _ = export_model.read_model(out)
    dmax = 0.0
    for s in structs:
        E1, F1 = eval_ours(conv, s)
        E2, F2 = reference_schnetpack(nab, "hartree", s["numbers"], s["positions"], base.n_interactions)
        E2 += HA * sum(cs.NABLADFT_ATOMREF_HARTREE[int(z)] for z in s["numbers"])
        dmax = max(dmax, abs(E1 - E2), np.abs(F1 - F2).max())
    check(dmax <= a.tol, "zero atomref buffer + --atomref auto adds ∇²DFT atomrefs (max |d| %.2e)" % dmax)
    bad = dict(good)
    bad["model.representation.radial_basis.widths"] = torch.full((base.n_rbf,), 0.2, dtype=torch.float64)
    torch.save(bad, pt)
    p = subprocess.run([sys.executable, os.path.join(common.HERE, "convert_schnetpack.py"), pt, "--out", out + "x"],
                       capture_output=True, text=True)
    check(p.returncode == 2 and "refused" in p.stderr and not os.path.exists(out + "x"),
          "CLI refuses with exit code 2 and a message, writes nothing (%s)" % p.stderr.strip()[:60])
    print("worst deviation %.2e (tolerance %.0e)" % (worst, a.tol))
    if FAILS:
        print("%d FAILED" % len(FAILS))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
