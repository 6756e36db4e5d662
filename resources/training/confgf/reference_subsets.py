"""Record selections for the references of validation_reference.sh (SDF text, grouped by MOL_ID).

  starts IN OUT [--every N]  the records of every N-th drug (MOL_ID D..., sorted; default every second)
  lowest IN OUT          the first record of each molecule (an ensemble file lists its lowest conformer first)
  low IN OUT             the records within 1.5 kcal/mol of the molecule's lowest (NNP_REL_ENERGY_KCAL_PER_MOL)
  sub IN OUT --sizes-of REF [--extra 2,4]   a random subset per molecule (seed 2026) with the sizes of REF's
                         molecules plus the extra sizes (for molecules beyond REF's count), the smallest sizes to
                         the molecules with the fewest conformers
"""
import argparse
import collections
import gzip
import os
import random
import sys


def records(path):
    if not os.path.isfile(path):
        sys.exit("reference_subsets.py: no such file: %s" % path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return [r + "$$$$\n" for r in f.read().split("$$$$\n") if r.strip()]


def prop(record, name):
    parts = record.split("> <%s>\n" % name)
    if len(parts) < 2:
        sys.exit("reference_subsets.py: record %r has no SD property %s (not an SDF ensemble from confgf-data?)"
                 % (record.split("\n", 1)[0], name))
    return parts[1].split("\n")[0]


def by_molecule(recs):
    groups = collections.OrderedDict()
    for r in recs:
        groups.setdefault(prop(r, "MOL_ID"), []).append(r)
    return groups


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["starts", "lowest", "low", "sub"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--sizes-of", help="reference whose per-molecule sizes the 'sub' mode takes")
    ap.add_argument("--extra", default="2,4", help="sizes added to those of --sizes-of (default: %(default)s)")
    ap.add_argument("--every", type=int, default=2, help="starts: every N-th drug (default: %(default)s)")
    args = ap.parse_args()
    if args.every < 1:
        ap.error("--every must be at least 1, got %d" % args.every)
    groups = by_molecule(records(args.input))
    if args.mode == "starts":
        drugs = sorted(k for k in groups if k.startswith("D"))[::args.every]
        out = [r for k in drugs for r in groups[k]]
    elif args.mode == "lowest":
        out = [v[0] for v in groups.values()]
    elif args.mode == "low":
        out = [r for v in groups.values() for r in v if float(prop(r, "NNP_REL_ENERGY_KCAL_PER_MOL")) <= 1.5]
    else:
        if not args.sizes_of:
            ap.error("sub needs --sizes-of REFERENCE")
        sizes = sorted([len(v) for v in by_molecule(records(args.sizes_of)).values()]
                       + [int(x) for x in args.extra.split(",") if x])
        mols = sorted(groups, key=lambda k: len(groups[k]))
        if len(sizes) < len(mols):
            ap.error("%d sizes for %d molecules: add --extra sizes" % (len(sizes), len(mols)))
        rng = random.Random(2026)
        out = []
        for k, n in zip(mols, sizes[:len(mols)]):
            v = groups[k]
            out += [v[i] for i in sorted(rng.sample(range(len(v)), min(n, len(v))))]
    opener = gzip.open if args.output.endswith(".gz") else open
    with opener(args.output, "wt") as f:
        f.writelines(out)
    print("%s: %d records of %d molecules" % (args.output, len(out), len(by_molecule(out)) if out else 0))


if __name__ == "__main__":
    main()
