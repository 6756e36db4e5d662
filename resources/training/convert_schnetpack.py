#!/usr/bin/python3
"""Convert a SchNetPack-2 / ∇²DFT-style PaiNN state dict into the cdk-nnp HDF5 model file format
(resources/MODEL_FORMAT.md).

Usage:
  /usr/bin/python3 convert_schnetpack.py MODEL.pt --out painn-nabladft.h5 [--energy-unit hartree]
        [--atomref auto|state|nabladft|none] [--add-mean auto|yes|no] [--cutoff 5.0]
        [--elements 1,6,7,8,9,16,17,35] [--n-interactions T] [--name NAME]

MODEL.pt may be a plain state dict, a PyTorch-Lightning checkpoint (its `state_dict`, keys prefixed
`model.`), or a pickled module with .state_dict() (unpickling that one needs SchNetPack importable).
Only the weights are read; this script does not import SchNetPack.

Keys read (any common prefix such as `model.` is stripped; T interactions, F features, K radial functions):
  representation.embedding.weight                           [Zmax, F]  rows indexed by atomic number
  representation.filter_net.weight / .bias                  [T·3F, K] / [T·3F]  (or [3F, K] if shared)
  representation.interactions.{t}.interatomic_context_net.{0,1}.weight / .bias
  representation.mixing.{t}.mu_channel_mix.weight           [2F, F]  (no bias)
  representation.mixing.{t}.intraatomic_context_net.{0,1}.weight / .bias
  representation.radial_basis.offsets / .widths             [K]  (GaussianRBF)
  representation.cutoff_fn.cutoff                           scalar (CosineCutoff)
  output_modules.0.outnet.{0,1}.weight / .bias              [F/2, F], [1, F/2]  (Atomwise, 2 layers)
  postprocessors.{k}.mean, postprocessors.{k}.atomref       (AddOffsets, optional)
  output_modules.0.standardize.mean/.stddev, output_modules.0.atomref.weight  (SchNetPack-1 style, optional)

Assumptions (checked where the state dict allows it, otherwise documented and recorded in the file):
  * Lengths in Å (∇²DFT's energy databases store Å). Forces are −∂E/∂R of the converted energy, so they
    follow automatically.
  * The model predicts energy in --energy-unit (default hartree: ∇²DFT's labels); every energy term is
    multiplied by the eV conversion (27.211386245988 eV/Hartree).
  * Radial basis: Gaussian with offsets linspace(0, cutoff, K) and every width equal to the spacing
    cutoff/(K−1) (SchNetPack's GaussianRBF(n_rbf, cutoff, start=0)); refused otherwise (trained RBF
    parameters, start ≠ 0, a different upper end, Bessel RBF). Cutoff function: cosine (assumed: the
    state dict does not say; a MollifierCutoff-style `eps` key is refused).
  * Filters: one Dense n_rbf → T·3F split into T consecutive blocks of 3F rows (shared filters, 3F rows,
    are replicated to every block). Split orders (q, μR, μμ) and (dq, dμ, dqμ) are SchNetPack's, which
    are exactly the cdk-nnp orders (a, b, c) and (p, q, r).
  * Readout: Atomwise with sum aggregation and two layers F → F/2 → 1 (SchNetPack's default pyramid).
  * Energy offsets: E = Σ_i [c·(out_i·stddev + mean) + c·atomref[Z_i]] with c the eV conversion. The
    AddOffsets flags add_mean/add_atomrefs are not in a state dict: --add-mean (default: use the mean
    buffer if present) and --atomref (auto: the state dict's atomref if present and non-zero, else
    ∇²DFT's published per-element reference energies when the unit is Hartree (their models are trained
    on total − Σ atomref, so this restores total energies), else none).
  * Embedding rows are taken for our supported elements (default 1,6,7,8,9,16,17,35) present in the
    embedding table; other rows are dropped.
"""
import argparse
import datetime
import json
import os
import re
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export_model  # noqa: E402
import painn  # noqa: E402

ENERGY_UNITS_EV = {"hartree": common.HARTREE_EV, "ev": 1.0, "kcal/mol": 0.0433641153087705,
                   "kj/mol": 0.0103642701760412}
# ∇²DFT per-element reference energies (Hartree), ../shared/NOTES.md beside the project
NABLADFT_ATOMREF_HARTREE = {1: -0.502493, 6: -37.798099, 7: -54.522415, 8: -74.976678, 9: -99.614470,
                            16: -397.971928, 17: -459.988650, 35: -2573.857172}


class ConversionError(Exception):
    pass


def load_state_dict(path):
    obj = torch.load(path, map_location="cpu")
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    elif hasattr(obj, "state_dict") and not isinstance(obj, dict):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        raise ConversionError("%s: not a state dict / checkpoint / module" % path)
    return {k: v for k, v in obj.items() if torch.is_tensor(v)}


def strip_prefix(sd):
    key = [k for k in sd if k.endswith("representation.embedding.weight")]
    if len(key) != 1:
        raise ConversionError("expected exactly one '*representation.embedding.weight' key, found %d" % len(key))
    prefix = key[0][:-len("representation.embedding.weight")]
    return {k[len(prefix):]: v.detach().to(torch.float64).numpy() for k, v in sd.items() if k.startswith(prefix)}, prefix


def _get(sd, key, shape=None):
    if key not in sd:
        raise ConversionError("missing key %r" % key)
    a = np.asarray(sd[key], dtype=np.float64)
    if shape is not None and tuple(a.shape) != tuple(shape):
        raise ConversionError("%s has shape %s, expected %s" % (key, tuple(a.shape), tuple(shape)))
    return a


def convert_state_dict(sd_raw, energy_unit="hartree", atomref="auto", add_mean="auto", cutoff=None,
                       elements=painn.ELEMENTS, n_interactions=None):
    """Return (painn.PaiNN float64 model, notes dict). Raises ConversionError with a clear message."""
    sd, prefix = strip_prefix(sd_raw)
    notes = {"key_prefix_stripped": prefix}
    unit = energy_unit.lower()
    if unit not in ENERGY_UNITS_EV:
        raise ConversionError("unknown energy unit %r (one of %s)" % (energy_unit, ", ".join(ENERGY_UNITS_EV)))
    c = ENERGY_UNITS_EV[unit]

    rep = {k for k in sd if k.startswith("representation.")}
    for bad, why in (("electronic_embeddings", "charge/spin embeddings"), ("radial_basis.freqs", "Bessel RBF"),
                     ("cutoff_fn.eps", "a non-cosine cutoff (eps parameter)")):
        if any(bad in k for k in rep):
            raise ConversionError("unsupported: %s (%s keys present)" % (why, bad))

    emb = _get(sd, "representation.embedding.weight")
    zmax, F = emb.shape
    if F % 2:
        raise ConversionError("odd feature count F=%d: the readout F→F/2 cannot be represented" % F)
    t_keys = sorted({int(m.group(1)) for k in rep for m in [re.match(r"representation\.interactions\.(\d+)\.", k)] if m})
    if not t_keys or t_keys != list(range(len(t_keys))):
        raise ConversionError("interaction blocks missing or not numbered 0..T-1: %s" % t_keys)
    T_blocks = len(t_keys)
    T = n_interactions or T_blocks
    if T_blocks not in (1, T):
        raise ConversionError("%d interaction blocks in the state dict but n_interactions=%d" % (T_blocks, T))
    if T_blocks == 1 and T > 1:
        notes["shared_interactions"] = True  # one block applied T times

    fw = _get(sd, "representation.filter_net.weight")
    fb = _get(sd, "representation.filter_net.bias")
    K = fw.shape[1]
    if fw.shape[0] == 3 * F * T:
        filt_w = [fw[3 * F * t:3 * F * (t + 1)] for t in range(T)]
        filt_b = [fb[3 * F * t:3 * F * (t + 1)] for t in range(T)]
    elif fw.shape[0] == 3 * F:
        filt_w, filt_b = [fw] * T, [fb] * T
        notes["shared_filters"] = True
    else:
        raise ConversionError("filter_net.weight has %d rows; expected T·3F = %d or 3F = %d" % (fw.shape[0], 3 * F * T, 3 * F))
    if fb.shape != (fw.shape[0],):
        raise ConversionError("filter_net.bias shape %s does not match weight %s" % (fb.shape, fw.shape))

    # cutoff and radial basis
    sd_cut = sd.get("representation.cutoff_fn.cutoff")
    if sd_cut is not None:
        sd_cut = float(np.asarray(sd_cut).reshape(-1)[0])
        if cutoff is not None and abs(cutoff - sd_cut) > 1e-6:
            raise ConversionError("--cutoff %g differs from the state dict's cutoff_fn.cutoff %g" % (cutoff, sd_cut))
        cutoff = sd_cut
    if cutoff is None:
        raise ConversionError("no representation.cutoff_fn.cutoff in the state dict: pass --cutoff")
    expected = np.linspace(0.0, cutoff, K)
    spacing = cutoff / (K - 1)
    tol = 1e-5 * cutoff
    if "representation.radial_basis.offsets" in sd:
        off = _get(sd, "representation.radial_basis.offsets").reshape(-1)
        if off.shape != (K,):
            raise ConversionError("radial_basis.offsets has %d entries but filter_net expects K=%d" % (off.size, K))
        dev = np.abs(off - expected).max()
        if dev > tol:
            raise ConversionError(
                "radial basis offsets are not linspace(0, cutoff=%g, K=%d) (max deviation %.3g Å; first %.4g, last "
                "%.4g): the cdk-nnp format fixes μ_k = k·cutoff/(K−1); refusing to convert" % (cutoff, K, dev, off[0], off[-1]))
        notes["rbf_offsets_max_deviation_A"] = float(dev)
    else:
        notes["rbf_offsets"] = "absent from the state dict: assumed linspace(0, cutoff, K)"
    if "representation.radial_basis.widths" in sd:
        wid = _get(sd, "representation.radial_basis.widths").reshape(-1)
        dev = np.abs(wid - spacing).max()
        if wid.shape != (K,) or dev > tol:
            raise ConversionError("radial basis widths are not all equal to the offset spacing cutoff/(K−1) = %g "
                                  "(max deviation %.3g): not the Gaussian basis of the cdk-nnp format; refusing" % (spacing, dev))
        notes["rbf_widths_max_deviation_A"] = float(dev)
    else:
        notes["rbf_widths"] = "absent from the state dict: assumed equal to the offset spacing"

    # readout
    out_keys = sorted({m.group(1) for k in sd for m in [re.match(r"output_modules\.0\.outnet\.(\d+)\.weight$", k)] if m})
    if out_keys != ["0", "1"]:
        raise ConversionError("output_modules.0.outnet must have exactly two Dense layers (found %s)" % out_keys)
    w1 = _get(sd, "output_modules.0.outnet.0.weight", (F // 2, F))
    b1 = _get(sd, "output_modules.0.outnet.0.bias", (F // 2,))
    w2 = _get(sd, "output_modules.0.outnet.1.weight", (1, F // 2))
    b2 = _get(sd, "output_modules.0.outnet.1.bias", (1,))

    # elements
    els = [int(z) for z in elements if int(z) < zmax]
    dropped = [int(z) for z in elements if int(z) >= zmax]
    if not els:
        raise ConversionError("embedding has %d rows: none of the requested elements fit" % zmax)
    notes["elements_dropped_not_in_embedding"] = dropped

    # energy offsets
    scale = 1.0
    mean = 0.0
    if "output_modules.0.standardize.stddev" in sd:  # SchNetPack-1 ScaleShift
        scale = float(_get(sd, "output_modules.0.standardize.stddev").reshape(-1)[0])
        mean = float(_get(sd, "output_modules.0.standardize.mean").reshape(-1)[0])
        notes["standardize"] = {"mean": mean, "stddev": scale}
    pp_mean = [k for k in sd if re.match(r"postprocessors\.\d+\.mean$", k)]
    pp_ref = [k for k in sd if re.match(r"postprocessors\.\d+\.atomref$", k)]
    if add_mean not in ("auto", "yes", "no"):
        raise ConversionError("--add-mean must be auto, yes or no")
    if pp_mean and add_mean in ("auto", "yes"):
        mean += float(np.asarray(sd[pp_mean[0]]).reshape(-1)[0])
        notes["mean_from"] = pp_mean[0]
    elif add_mean == "yes":
        raise ConversionError("--add-mean yes but no postprocessors.*.mean in the state dict")
    ref_table = None
    if pp_ref:
        ref_table = np.asarray(sd[pp_ref[0]]).reshape(-1)
        ref_key = pp_ref[0]
    elif "output_modules.0.atomref.weight" in sd:
        ref_table = np.asarray(sd["output_modules.0.atomref.weight"]).reshape(-1)
        ref_key = "output_modules.0.atomref.weight"
    has_state_ref = ref_table is not None and np.any(ref_table[[z for z in els if z < len(ref_table)]] != 0)
    choice = atomref
    if choice == "auto":
        choice = "state" if has_state_ref else ("nabladft" if unit == "hartree" else "none")
    if choice == "state":
        if ref_table is None:
            raise ConversionError("--atomref state but the state dict holds no atomref")
        missing = [z for z in els if z >= len(ref_table)]
        if missing:
            raise ConversionError("state-dict atomref has no entry for Z=%s" % missing)
        ref = np.array([ref_table[z] for z in els]) * c
        notes["atomref_from"] = ref_key
    elif choice == "nabladft":
        if unit != "hartree":
            raise ConversionError("--atomref nabladft needs --energy-unit hartree")
        missing = [z for z in els if z not in NABLADFT_ATOMREF_HARTREE]
        if missing:
            raise ConversionError("no ∇²DFT atomref for Z=%s" % missing)
        ref = np.array([NABLADFT_ATOMREF_HARTREE[z] for z in els]) * c
        notes["atomref_from"] = "∇²DFT published per-element reference energies (Hartree) × %.12f" % c
    elif choice == "none":
        ref = np.zeros(len(els))
        notes["atomref_from"] = "none (model energies are relative to an unknown per-element reference)"
    else:
        raise ConversionError("--atomref must be auto, state, nabladft or none")

    model = painn.PaiNN(F, T, K, cutoff, els).double()
    tgt = {"embedding.weight": emb[els], "atomref": ref,
           "energy_scale": np.array(scale * c), "energy_shift": np.array(mean * c),
           "readout1.weight": w1, "readout1.bias": b1, "readout2.weight": w2, "readout2.bias": b2}
    for t in range(T):
        ti = t if T_blocks == T else 0
        i = "representation.interactions.%d.interatomic_context_net." % ti
        x = "representation.mixing.%d." % ti
        tgt.update({
            "context1.%d.weight" % t: _get(sd, i + "0.weight", (F, F)), "context1.%d.bias" % t: _get(sd, i + "0.bias", (F,)),
            "context2.%d.weight" % t: _get(sd, i + "1.weight", (3 * F, F)), "context2.%d.bias" % t: _get(sd, i + "1.bias", (3 * F,)),
            "filter.%d.weight" % t: filt_w[t], "filter.%d.bias" % t: filt_b[t],
            "channel.%d.weight" % t: _get(sd, x + "mu_channel_mix.weight", (2 * F, F)),
            "mlp1.%d.weight" % t: _get(sd, x + "intraatomic_context_net.0.weight", (F, 2 * F)),
            "mlp1.%d.bias" % t: _get(sd, x + "intraatomic_context_net.0.bias", (F,)),
            "mlp2.%d.weight" % t: _get(sd, x + "intraatomic_context_net.1.weight", (3 * F, F)),
            "mlp2.%d.bias" % t: _get(sd, x + "intraatomic_context_net.1.bias", (3 * F,)),
        })
        if x + "mu_channel_mix.bias" in sd:
            raise ConversionError("mu_channel_mix has a bias: not PaiNN's bias-free channel mix")
    tgt["rbf_mu"] = model.rbf_mu.numpy()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v, dtype=np.float64).copy()) for k, v in tgt.items()})
    used = {"representation.embedding.weight", "representation.filter_net.weight", "representation.filter_net.bias",
            "representation.radial_basis.offsets", "representation.radial_basis.widths", "representation.cutoff_fn.cutoff"}
    used |= {k for k in sd if re.match(r"representation\.(interactions|mixing)\.\d+\.", k)}
    unknown = sorted(k for k in rep if k not in used)
    if unknown:
        raise ConversionError("unrecognised representation keys (not plain SchNetPack-2 PaiNN): %s" % unknown[:10])
    notes.update({"energy_unit": unit, "energy_to_eV": c, "n_features": F, "n_interactions": T, "n_rbf": K,
                  "cutoff_A": cutoff, "elements": els, "embedding_rows": zmax, "energy_scale_model_units": scale,
                  "energy_shift_model_units_per_atom": mean, "atomref_choice": choice,
                  "assumptions": "positions in Å; cosine cutoff; Gaussian RBF linspace(0, cutoff, K) with width = spacing; "
                                 "Atomwise sum aggregation, 2 layers; AddOffsets mean per atom (is_extensive)"})
    return model.eval(), notes


def convert_file(src, out, name=None, **kw):
    sd = load_state_dict(src)
    model, notes = convert_state_dict(sd, **kw)
    prov = {"model": name or os.path.splitext(os.path.basename(out))[0],
            "architecture": "PaiNN (Schuett, Unke, Gastegger, ICML 2021), converted from a SchNetPack-2 style state dict",
            "source_file": os.path.basename(src), "conversion": notes,
            "script": "resources/training/convert_schnetpack.py", "torch_version": torch.__version__,
            "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}
    export_model.write_model(model, out, prov["model"], prov, {})
    return model, notes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default=None)
    ap.add_argument("--energy-unit", default="hartree", help="unit the model predicts: hartree (default), ev, kcal/mol, kj/mol")
    ap.add_argument("--atomref", default="auto", choices=("auto", "state", "nabladft", "none"))
    ap.add_argument("--add-mean", default="auto", choices=("auto", "yes", "no"))
    ap.add_argument("--cutoff", type=float, default=None)
    ap.add_argument("--elements", default=",".join(str(z) for z in painn.ELEMENTS))
    ap.add_argument("--n-interactions", type=int, default=None, help="only for shared interaction blocks")
    a = ap.parse_args(argv)
    try:
        _, notes = convert_file(a.src, a.out, a.name, energy_unit=a.energy_unit, atomref=a.atomref,
                                add_mean=a.add_mean, cutoff=a.cutoff,
                                elements=[int(z) for z in a.elements.split(",")], n_interactions=a.n_interactions)
    except ConversionError as e:
        print("convert_schnetpack: refused: %s" % e, file=sys.stderr)
        return 2
    print(json.dumps(notes, indent=1, ensure_ascii=False))
    print("wrote", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
