#!/usr/bin/python3
"""What the drug DFT campaign buys (issue 23): the error drop per 100 labels.

For every N of --sizes and every seed of --seeds, fine-tunes the xTB base (finetune_dft.py, the same settings for all)
on the small-molecule DFT labels plus the first N labels of the drug campaign (in the order they were labelled), exports
the result and scores it on held-out DFT references no training saw:

  * conformer relative energies of test drugs (the GFN2-xTB conformers of --conformers, conformer_energies.score):
    MAE in kcal/mol, and the DFT energy of the conformer the model ranks first above DFT's lowest;
  * forces of the test split of --forces (DFT labels with forces; default the test drugs' structures): MAE in eV/Å.

Prints one row per N (mean and spread over seeds, GFN2-xTB beside it) and the change per 100 labels between the
smallest and the largest N; --json keeps every run. Settings are chosen on validation labels by finetune_dft.py as
usual; the test figures here are for reporting only.

  cd resources/training
  nice /usr/bin/python3 label_curve.py --sizes 0,100,200 --seeds 1,2,3 --json data/label_curve.json
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import conformer_energies  # noqa: E402
import dft_labels  # noqa: E402
import export_model  # noqa: E402
import finetune_dft  # noqa: E402
import xtb_vs_dft  # noqa: E402

EV_KCAL = 23.060547830619


def held_out(conformers, forces):
    """The test-split records of both reference files, and the conformer groups of the first."""
    conf = [r for r in dft_labels.read_labels(conformers)[0] if r["split"] == "test" and np.isfinite(r["energy"])]
    groups = common.conformational_errors(conf, np.zeros(len(conf)))[1]
    force = [r for r in dft_labels.read_labels(forces)[0] if r["split"] == "test" and "forces" in r
             and np.isfinite(r["forces"]).all()]
    return conf, groups, force


def score_model(path, conf, groups, force):
    """{rel_mae_kcal, pick_kcal, force_mae_eV_per_A} of an exported model on the held-out records."""
    _, energies = conformer_energies.nnp_energies(path, conf)
    s = conformer_energies.score(conf, energies, groups)
    model, _ = export_model.read_model(path)
    predicted = xtb_vs_dft.predict_model(model, force)
    fm, _ = xtb_vs_dft.force_stats([p[1] for p in predicted], [r["forces"] for r in force])
    return {"rel_mae_kcal": s["rel_mae_kcal"], "pick_kcal": s["pick_kcal"], "force_mae_eV_per_A": float(fm)}


def xtb_row(conf, groups, force):
    s = conformer_energies.score(conf, np.array([r["xtb_energy"] for r in conf]), groups)
    fm, _ = xtb_vs_dft.force_stats([r["xtb_forces"] for r in force], [r["forces"] for r in force])
    return {"rel_mae_kcal": s["rel_mae_kcal"], "pick_kcal": s["pick_kcal"], "force_mae_eV_per_A": float(fm)}


def fine_tune(n, seed, campaign, attrs, work, args):
    """Fine-tunes on the small-molecule labels and the first n campaign labels; returns the exported model's path."""
    labels = [args.small]
    if n > 0:
        subset = os.path.join(work, "campaign-%d.h5" % n)
        if not os.path.exists(subset):
            dft_labels.write_labels(campaign[:n], attrs, subset)
        labels.append(subset)
    ckpt = os.path.join(work, "ft-%d-s%d.pt" % (n, seed))
    finetune_dft.main(["--base", args.base, "--train-labels", ",".join(labels), "--out", ckpt,
                       "--steps", str(args.steps), "--seed", str(seed)] + args.finetune_args.split())
    out = os.path.join(work, "ft-%d-s%d.h5" % (n, seed))
    export_model.export(ckpt, out=out, name="curve-%d-s%d" % (n, seed))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0,100,200", help="campaign labels per fine-tune (comma-separated)")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--campaign", default=finetune_dft.DRUG_TRAIN, help="the drug campaign's labels, in labelling order")
    ap.add_argument("--small", default=finetune_dft.TRAIN_GLOB, help="labels every fine-tune gets (glob)")
    ap.add_argument("--base", default=os.path.join(common.CKPT_DIR, "latest.pt"), help="the xTB model fine-tuned")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--finetune-args", default="", help="further finetune_dft.py options, as one string")
    ap.add_argument("--conformers", default=os.path.join(common.DATA_DIR, "dft_test_conformers.h5"))
    ap.add_argument("--forces", default=os.path.join(common.DATA_DIR, "dft_drugs.h5"),
                    help="DFT labels with forces whose test split scores them (default: drug-sized test structures)")
    ap.add_argument("--json", default="")
    ap.add_argument("--work", default="", help="directory for subsets, checkpoints and models (default: temporary)")
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    seeds = [int(x) for x in a.seeds.split(",")]
    campaign, attrs = dft_labels.read_labels(a.campaign)
    campaign = [r for r in campaign if r["split"] == "train"]
    if max(sizes) > len(campaign):
        sys.exit("label_curve.py: asked for %d campaign labels, %s has %d" % (max(sizes), a.campaign, len(campaign)))
    conf, groups, force = held_out(a.conformers, a.forces)
    if not any(len(g) > 1 for g in groups) or not force:
        sys.exit("label_curve.py: no held-out conformer groups in %s or no test forces in %s" % (a.conformers, a.forces))
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        work = a.work or tmp
        os.makedirs(work, exist_ok=True)
        for n in sizes:
            for seed in seeds:
                runs.append(dict(n=n, seed=seed, **score_model(fine_tune(n, seed, campaign, attrs, work, a),
                                                              conf, groups, force)))
                print("N=%d seed %d: %s" % (n, seed, runs[-1]), flush=True)
    keys = ("rel_mae_kcal", "pick_kcal", "force_mae_eV_per_A")
    xtb = xtb_row(conf, groups, force)
    print("\nHeld out: %d conformers of %d test drugs (%s), %d test structures' forces (%s)\n"
          % (sum(len(g) for g in groups if len(g) > 1), sum(len(g) > 1 for g in groups), a.conformers, len(force), a.forces))
    print("| campaign labels | rel. energy MAE (kcal/mol) | pick above DFT's lowest (kcal/mol) | force MAE (eV/Å) | seeds |")
    print("|---|---|---|---|---|")
    means = {}
    for n in sizes:
        rows = [r for r in runs if r["n"] == n]
        means[n] = {k: float(np.mean([r[k] for r in rows])) for k in keys}
        cells = ["%.3f ± %.3f" % (means[n][k], np.std([r[k] for r in rows])) for k in keys]
        print("| %d | %s | %d |" % (n, " | ".join(cells), len(rows)))
    print("| GFN2-xTB | %s | |" % " | ".join("%.3f" % xtb[k] for k in keys))
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        per100 = {k: (means[hi][k] - means[lo][k]) * 100.0 / (hi - lo) for k in keys}
        print("\nchange per 100 labels (N %d → %d): %s" % (lo, hi, ", ".join("%s %+.3f" % kv for kv in per100.items())))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"runs": runs, "gfn2_xtb": xtb, "sizes": sizes, "seeds": seeds, "steps": a.steps,
                       "finetune_args": a.finetune_args, "conformers": a.conformers, "forces": a.forces}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
