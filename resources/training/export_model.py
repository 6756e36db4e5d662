#!/usr/bin/python3
"""Export a trained PaiNN checkpoint to the cdk-nnp HDF5 model format (resources/MODEL_FORMAT.md).

Usage:
  /usr/bin/python3 export_model.py [--ckpt checkpoints/best.pt] [--out PATH] [--name common.DEFAULT_MODEL_NAME]
                                   [--metrics metrics.json] [--raw]   (--raw: non-EMA weights)

The EMA weights of the checkpoint are exported by default. Every float is written as float64, elements
as int32, Linear weights as PyTorch stores them ([out, in]). Root attributes: see MODEL_FORMAT.md.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import painn  # noqa: E402

DEFAULT_OUT = common.DEFAULT_MODEL
METRICS_JSON = os.path.join(common.HERE, "metrics.json")


def model_from_checkpoint(path, which="ema"):
    st = torch.load(path, map_location="cpu")
    cfg = st["config"]
    m = painn.PaiNN.from_config(cfg)
    m.load_state_dict(st[which])
    m.energy_scale.fill_(st["energy_scale"])
    m.energy_shift.fill_(st["energy_shift"])
    return m.double().eval(), st


def data_provenance():
    """Summary of the training data (from the shard attributes and split)."""
    prov = {}
    shards = common.shard_paths()
    if shards:
        with h5py.File(shards[0], "r") as f:
            p = json.loads(f.attrs["provenance"])
        prov = {k: p[k] for k in ("label_method", "xtb_version", "xtb_flags", "rdkit_version", "conformers",
                                  "recipe_options", "energy", "forces") if k in p}
        n = 0
        for s in shards:
            with h5py.File(s, "r") as f:
                n += len(f["energy"])
        prov["n_structures_in_shards"] = n
        prov["n_shards"] = len(shards)
    return prov


def git_commit():
    # read-only lookup of the current commit for provenance (no git command is run)
    try:
        root = os.path.dirname(common.RESOURCES_DIR)
        head = open(os.path.join(root, ".git", "HEAD")).read().strip()
        if head.startswith("ref:"):
            ref = os.path.join(root, ".git", head.split()[1])
            if os.path.exists(ref):
                return open(ref).read().strip()
            packed = os.path.join(root, ".git", "packed-refs")
            if os.path.exists(packed):
                for line in open(packed):
                    if line.strip().endswith(head.split()[1]):
                        return line.split()[0]
            return "unknown"
        return head
    except OSError:
        return "unknown"


def write_model(model, out, name, provenance, metrics):
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    sd = {k: v.detach().to(torch.float64).numpy() for k, v in model.state_dict().items()}
    tmp = out + ".tmp"
    with h5py.File(tmp, "w") as f:
        f.attrs["format"] = "cdk-nnp-model"
        f.attrs["format_version"] = np.int32(1)
        f.attrs["architecture"] = "painn"
        f.attrs["name"] = name
        f.attrs["cutoff"] = np.float64(model.cutoff)
        f.attrs["n_features"] = np.int32(model.n_features)
        f.attrs["n_interactions"] = np.int32(model.n_interactions)
        f.attrs["n_rbf"] = np.int32(model.n_rbf)
        f.attrs["energy_scale"] = np.float64(model.energy_scale.item())
        f.attrs["energy_shift"] = np.float64(model.energy_shift.item())
        f.attrs["total_charge"] = np.int32(0)  # what readers that know no charge_embedding may evaluate
        if model.dispersion:
            f.attrs["dispersion"] = model.dispersion
        f.attrs["provenance"] = json.dumps(provenance, sort_keys=True)
        f.attrs["metrics"] = json.dumps(metrics, sort_keys=True)
        f.create_dataset("elements", data=np.array(model.elements, dtype=np.int32))
        f.create_dataset("atomref", data=sd["atomref"])
        f.create_dataset("embedding", data=sd["embedding.weight"])
        if model.charged:
            if sd["charge_energy"][model.charges.index(0)] != 0.0:
                raise ValueError("the energy offset of charge 0 must be 0 (the atomrefs hold it)")
            f.create_dataset("charges", data=np.array(model.charges, dtype=np.int32))
            f.create_dataset("charge_energy", data=sd["charge_energy"])
            f.create_dataset("charge_embedding", data=sd["charge_embedding"])
        for t in range(model.n_interactions):
            g = f.create_group("interaction_%d" % t)
            g.create_dataset("context1_w", data=sd["context1.%d.weight" % t])
            g.create_dataset("context1_b", data=sd["context1.%d.bias" % t])
            g.create_dataset("context2_w", data=sd["context2.%d.weight" % t])
            g.create_dataset("context2_b", data=sd["context2.%d.bias" % t])
            g.create_dataset("filter_w", data=sd["filter.%d.weight" % t])
            g.create_dataset("filter_b", data=sd["filter.%d.bias" % t])
            g = f.create_group("mixing_%d" % t)
            g.create_dataset("channel_w", data=sd["channel.%d.weight" % t])
            g.create_dataset("mlp1_w", data=sd["mlp1.%d.weight" % t])
            g.create_dataset("mlp1_b", data=sd["mlp1.%d.bias" % t])
            g.create_dataset("mlp2_w", data=sd["mlp2.%d.weight" % t])
            g.create_dataset("mlp2_b", data=sd["mlp2.%d.bias" % t])
        g = f.create_group("readout")
        g.create_dataset("w1", data=sd["readout1.weight"])
        g.create_dataset("b1", data=sd["readout1.bias"])
        g.create_dataset("w2", data=sd["readout2.weight"])
        g.create_dataset("b2", data=sd["readout2.bias"])
    os.replace(tmp, out)
    return out


def read_model(path):
    """Inverse of write_model (used by the tests / test vectors): returns a float64 PaiNN."""
    with h5py.File(path, "r") as f:
        a = f.attrs
        assert a["format"] == "cdk-nnp-model" and int(a["format_version"]) == 1
        charges = [int(q) for q in f["charges"][()]] if "charges" in f else [0]
        m = painn.PaiNN(int(a["n_features"]), int(a["n_interactions"]), int(a["n_rbf"]), float(a["cutoff"]),
                        [int(z) for z in f["elements"][()]], charges).double()
        sd = {"atomref": f["atomref"][()], "embedding.weight": f["embedding"][()],
              "readout1.weight": f["readout/w1"][()], "readout1.bias": f["readout/b1"][()],
              "readout2.weight": f["readout/w2"][()], "readout2.bias": f["readout/b2"][()]}
        for t in range(m.n_interactions):
            i, x = "interaction_%d/" % t, "mixing_%d/" % t
            sd.update({"context1.%d.weight" % t: f[i + "context1_w"][()], "context1.%d.bias" % t: f[i + "context1_b"][()],
                       "context2.%d.weight" % t: f[i + "context2_w"][()], "context2.%d.bias" % t: f[i + "context2_b"][()],
                       "filter.%d.weight" % t: f[i + "filter_w"][()], "filter.%d.bias" % t: f[i + "filter_b"][()],
                       "channel.%d.weight" % t: f[x + "channel_w"][()],
                       "mlp1.%d.weight" % t: f[x + "mlp1_w"][()], "mlp1.%d.bias" % t: f[x + "mlp1_b"][()],
                       "mlp2.%d.weight" % t: f[x + "mlp2_w"][()], "mlp2.%d.bias" % t: f[x + "mlp2_b"][()]})
        if m.charged:
            sd["charge_energy"] = f["charge_energy"][()]
            sd["charge_embedding"] = f["charge_embedding"][()]
        sd = {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in sd.items()}
        sd["energy_scale"] = torch.tensor(float(a["energy_scale"]), dtype=torch.float64)
        sd["energy_shift"] = torch.tensor(float(a["energy_shift"]), dtype=torch.float64)
        sd["rbf_mu"] = m.rbf_mu.clone()
        m.load_state_dict(sd)
        if "dispersion" in a:
            d = a["dispersion"]
            m.dispersion = d.decode() if isinstance(d, bytes) else str(d)
            if m.dispersion != painn.DISPERSION:
                raise ValueError("%s: unknown dispersion term %r" % (path, m.dispersion))
        return m.eval(), {"name": a["name"], "provenance": a["provenance"],
                          "metrics": a["metrics"] if "metrics" in a else "{}"}


def export(ckpt, out=DEFAULT_OUT, name=common.DEFAULT_MODEL_NAME, metrics_path=None, which="ema"):
    model, st = model_from_checkpoint(ckpt, which)
    metrics = {}
    if metrics_path and os.path.exists(metrics_path):
        with open(metrics_path) as fh:
            metrics = json.load(fh)
    elif st.get("history"):
        h = min(st["history"], key=lambda e: e["val_score"])
        metrics = {"note": "validation subset during training (run evaluate.py for the full val/test figures)",
                   "val_subset": {k: h[k] for k in ("energy_mae_eV_per_atom", "energy_mae_eV", "force_mae_eV_per_A",
                                                    "force_rmse_eV_per_A", "n_structures")},
                   "step": h["step"]}
    args = st.get("args", {})
    prov = {
        "model": name,
        "architecture": "PaiNN (Schuett, Unke, Gastegger, ICML 2021), SchNetPack-2 conventions, cdk-nnp implementation",
        "weights": which,
        "training": {k: args.get(k) for k in ("batch", "lr", "lr_min", "warmup", "w_energy", "w_force", "ema",
                                              "scale_mode", "shift_mode", "max_force", "seed", "end_utc")},
        "steps": st.get("step"), "epochs": st.get("epoch"),
        "train_seconds": round(st.get("train_seconds", 0.0)),
        "atomref": "per-element linear least squares on the training energies (eV)",
        "split": "by molecule, sha256('%s:'+id) mod 100: <80 train, <90 val, else test; see resources/training/split.csv"
                 % common.SPLIT_SEED,
        "data": data_provenance(),
        "labels": "GFN2-xTB (xtb 6.5.1) total energies and forces" + (
            "; fine-tuned on " + st["finetune"]["labels"] if "finetune" in st else "; no DFT labels"),
        "torch_version": torch.__version__,
        "git_commit": git_commit(),
        "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "recipe": "resources/training (make_data.py, train_painn.py, export_model.py)",
    }
    if "finetune" in st:
        prov["dft_finetune"] = {k: v for k, v in st["finetune"].items() if k != "history"}
        prov["recipe"] = "resources/training (make_data.py, train_painn.py, dft_labels.py, finetune_dft.py, export_model.py)"
    return write_model(model, out, name, prov, metrics)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", default=os.path.join(common.CKPT_DIR, "best.pt"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--name", default=common.DEFAULT_MODEL_NAME)
    ap.add_argument("--metrics", default=None, help="JSON to store as metrics (default: the best validation entry of the checkpoint; evaluate.py later writes the full val/test metrics into the file)")
    ap.add_argument("--raw", action="store_true", help="export the raw (non-EMA) weights")
    a = ap.parse_args()
    out = export(a.ckpt, a.out, a.name, a.metrics, "model" if a.raw else "ema")
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
