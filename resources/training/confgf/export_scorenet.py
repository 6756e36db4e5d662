#!/usr/bin/python3
"""Exports a trained score network to the cdk-nnp HDF5 model format, and parity vectors for the Java tests.

    /usr/bin/python3 resources/training/confgf/export_scorenet.py [--checkpoint checkpoints/scorenet-best.pt]
        [--out ../../src/main/resources/io/github/cdknnp/models/confgf-v1.h5] [--vectors-from data/graphs-val.h5]

The vectors file (forcefield-bridge/api test resources, <model>-vectors.h5) holds graphs of validation molecules,
noisy edge lengths at several noise levels and the edge scores PyTorch computes in float64.
"""
import argparse
import json
import os
import subprocess

import h5py
import numpy as np
import torch

from scorenet import ScoreNet

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.normpath(os.path.join(HERE, "..", ".."))
MODELS = os.path.join(RESOURCES, "src", "main", "resources", "io", "github", "cdknnp", "models")
TEST_MODELS = os.path.join(os.path.dirname(RESOURCES), "forcefield-bridge", "api", "src", "test", "resources",
                           "io", "github", "cdknnp", "models")


def load(path):
    st = torch.load(path, map_location="cpu")
    model = ScoreNet(len(st["elements"]), st["hidden"], st["layers"])
    model.load_state_dict(st["model"])
    return model.double().eval(), st


def write_model(model, st, out, name, metrics):
    def dense(group, prefix, layer):
        group.create_dataset(prefix + "w" + layer[0], data=layer[1].weight.detach().numpy())
        group.create_dataset(prefix + "b" + layer[0], data=layer[1].bias.detach().numpy())

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE).stdout.strip()
    provenance = {"recipe": "resources/training/confgf (train_scorenet.py)", "steps": st["step"],
                  "train_minutes": round(st["seconds"] / 60, 1), "git": commit,
                  "data": "NNP-optimized ETKDG conformer ensembles of training molecules (6 kcal/mol, 0.5 A)"}
    tmp = out + ".tmp"
    with h5py.File(tmp, "w") as f:
        f.attrs["format"] = "cdk-nnp-model"
        f.attrs["format_version"] = np.int32(1)
        f.attrs["architecture"] = "confgf"
        f.attrs["name"] = name
        f.create_dataset("elements", data=np.array(st["elements"], dtype=np.int32))
        f.attrs["n_features"] = np.int32(model.hidden)
        f.attrs["n_layers"] = np.int32(model.n_layers)
        f.attrs["n_edge_types"] = np.int32(model.edge_embedding.num_embeddings)
        f.attrs["sigma_max"] = np.float64(model.sigma_max)
        f.attrs["sigma_min"] = np.float64(model.sigma_min)
        f.attrs["n_sigmas"] = np.int32(model.n_sigmas)
        f.attrs["provenance"] = json.dumps(provenance, sort_keys=True)
        f.attrs["metrics"] = json.dumps(metrics, sort_keys=True)
        f.create_dataset("atom_embedding", data=model.atom_embedding.weight.detach().numpy())
        f.create_dataset("edge_embedding", data=model.edge_embedding.weight.detach().numpy())
        dense(f, "distance/", ("1", model.dist1))
        dense(f, "distance/", ("2", model.dist2))
        for l in range(model.n_layers):
            dense(f, "gin_%d/" % l, ("1", model.gin1[l]))
            dense(f, "gin_%d/" % l, ("2", model.gin2[l]))
        for k, layer in enumerate((model.out1, model.out2, model.out3)):
            dense(f, "output/", (str(k + 1), layer))
    os.replace(tmp, out)


def write_vectors(model, graphs_path, out, model_resource, molecules=(0, 1, 2), sigmas=(5.0, 0.5, 0.02), conformers=2):
    gen = np.random.default_rng(7)
    with h5py.File(graphs_path, "r") as g, h5py.File(out + ".tmp", "w") as f:
        f.attrs["model_resource"] = model_resource
        a0, e0 = g["atom_start"][:], g["edge_start"][:]
        coords, conf_mol = g["conf_coords"][:].reshape(-1, 3), g["conf_molecule"][:]
        starts = np.concatenate([[0], np.cumsum([a0[m + 1] - a0[m] for m in conf_mol])])
        for case, m in enumerate(molecules):
            types = g["atom_type"][a0[m]:a0[m + 1]]
            ei, ej, et = (g[k][e0[m]:e0[m + 1]] for k in ("edge_i", "edge_j", "edge_type"))
            c0 = int(np.nonzero(conf_mol == m)[0][0])
            r = coords[starts[c0]:starts[c0 + 1]]
            for s, sigma in enumerate(sigmas):
                lengths = []
                for c in range(conformers):
                    noisy = r + sigma * gen.standard_normal(r.shape)
                    lengths.append(np.linalg.norm(noisy[ei] - noisy[ej], axis=1))
                lengths = np.concatenate(lengths)
                with torch.no_grad():
                    t = lambda a: torch.tensor(np.tile(a, conformers), dtype=torch.long)
                    off = torch.repeat_interleave(torch.arange(conformers) * len(types), len(ei))
                    scores = model(t(types), t(ei) + off, t(ej) + off, t(et),
                                   torch.tensor(lengths), torch.full((len(lengths),), sigma, dtype=torch.float64))
                grp = f.create_group("case_%d_%d" % (case, s))
                for k, v in (("atom_type", types), ("edge_i", ei), ("edge_j", ej), ("edge_type", et)):
                    grp.create_dataset(k, data=np.asarray(v, dtype=np.int32))
                grp.create_dataset("lengths", data=lengths)
                grp.create_dataset("scores", data=scores.numpy())
                grp.attrs["sigma"] = np.float64(sigma)
                grp.attrs["conformers"] = np.int32(conformers)
    os.replace(out + ".tmp", out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default=os.path.join(HERE, "checkpoints", "scorenet-best.pt"))
    ap.add_argument("--name", default="confgf-v1")
    ap.add_argument("--out", default=None)
    ap.add_argument("--vectors-from", default=os.path.join(HERE, "data", "graphs-val.h5"))
    ap.add_argument("--metrics", default=os.path.join(HERE, "metrics.json"))
    args = ap.parse_args()
    model, st = load(args.checkpoint)
    out = args.out or os.path.join(MODELS, args.name + ".h5")
    metrics = json.load(open(args.metrics)) if os.path.exists(args.metrics) else {}
    metrics["validation_dsm_loss"] = st["best"]
    write_model(model, st, out, args.name, metrics)
    write_vectors(model, args.vectors_from, os.path.join(TEST_MODELS, args.name + "-vectors.h5"),
                  "/io/github/cdknnp/models/" + os.path.basename(out))
    print("wrote", out, "and parity vectors")


if __name__ == "__main__":
    main()
