#!/usr/bin/python3
"""The default model's committee (issue 23: a per-record uncertainty for users): members fine-tuned alike with other
seeds, and the force spread above which a structure counts as outside the domain.

    cd resources/training
    for s in 2 3; do /usr/bin/python3 finetune_dft.py --out checkpoints/dft_ft_s$s.pt --seed $s; \
        /usr/bin/python3 export_model.py --ckpt checkpoints/dft_ft_s$s.pt --name painn-dft-v1-c$s \
        --out ../src/main/resources/io/github/cdknnp/models/painn-dft-v1-c$s.h5; done
    OMP_NUM_THREADS=1 /usr/bin/python3 committee.py painn-dft-v1 painn-dft-v1-c2 painn-dft-v1-c3

Spread of a structure: the standard deviation across members of every force component, as an RMS over the atoms and
components (eV/Å) — exactly what io.github.cdknnp.ff.Committee computes. The warning threshold is the --quantile of
that spread over --n validation-split structures of the xTB shards (in-domain, never trained on), so about 1 % of
ordinary structures warn. Writes ../src/main/resources/io/github/cdknnp/models/<first>.committee.properties.
"""
import argparse
import datetime
import os
import sys

import numpy as np

import common
import export_model
import select_dft_queue


def spreads(models, structs):
    forces = [select_dft_queue.predict(m, structs)[1] for m in models]
    return np.array([np.sqrt(np.mean(np.var(np.stack([f[k] for f in forces]), axis=0))) for k in range(len(structs))])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("members", nargs="+", help="embedded model names, the primary first")
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--quantile", type=float, default=0.99)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="", help="properties file (default: <first>.committee.properties beside the models)")
    a = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    models = [export_model.read_model(os.path.join(common.MODEL_DIR, name + ".h5"))[0] for name in a.members]
    val = common.load_structures(splits=("val",))
    rng = np.random.default_rng(a.seed)
    chosen = [val[k] for k in sorted(rng.choice(len(val), min(a.n, len(val)), replace=False))]
    s = spreads(models, chosen)
    threshold = float(np.quantile(s, a.quantile))
    out = a.out or os.path.join(common.MODEL_DIR, a.members[0] + ".committee.properties")
    with open(out, "w") as fh:
        fh.write("# written by resources/training/committee.py; members fine-tuned alike with other seeds\n")
        fh.write("members=%s\n" % ",".join(a.members))
        fh.write("force_spread_warning_ev_per_a=%.4f\n" % threshold)
        fh.write("measured=%.0f %% quantile of the force spread on %d validation structures (median %.4f eV/Å), %s\n"
                 % (100 * a.quantile, len(chosen), float(np.median(s)), datetime.date.today().isoformat()))
    print("median spread %.4f, %.0f %% quantile %.4f eV/Å over %d validation structures; wrote %s"
          % (np.median(s), 100 * a.quantile, threshold, len(chosen), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
