"""Record selections for the references of validation_reference.sh and mtd_reference.sh (SDF text, grouped by
MOL_ID).

  starts IN OUT [--every N]  the records of every N-th drug (MOL_ID D..., sorted; default every second)
  lowest IN OUT          the first record of each molecule (an ensemble file lists its lowest conformer first)
  subsets IN BASE [--sizes-of REF] [--extra 2,4]   the two few-conformer subsets of a reference:
                         BASE-low.sdf.gz, the records within 1.5 kcal/mol of the molecule's lowest
                         (NNP_REL_ENERGY_KCAL_PER_MOL), and BASE-sub.sdf.gz, a random subset per molecule (seed 2026)
                         with the sizes of REF's molecules (default: the test reference, data/ensembles-test-md)
                         plus the extra sizes (for molecules beyond REF's count), the smallest sizes to the molecules
                         with the fewest conformers
"""
import argparse
import collections
import gzip
import os
import random
import sys

TEST_REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "ensembles-test-md.sdf.gz")


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


def write(path, out):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt") as f:
        f.writelines(out)
    print("%s: %d records of %d molecules" % (path, len(out), len(by_molecule(out)) if out else 0))


def random_subset(groups, sizes):
    """Per molecule a random subset (seed 2026), the smallest sizes to the molecules with the fewest conformers."""
    rng = random.Random(2026)
    out = []
    for k, n in zip(sorted(groups, key=lambda k: len(groups[k])), sizes):
        v = groups[k]
        out += [v[i] for i in sorted(rng.sample(range(len(v)), min(n, len(v))))]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["starts", "lowest", "subsets"])
    ap.add_argument("input")
    ap.add_argument("output", help="output file; for subsets the base name of the two")
    ap.add_argument("--sizes-of", default=TEST_REFERENCE,
                    help="subsets: reference whose per-molecule sizes the random subset takes (default: %(default)s)")
    ap.add_argument("--extra", default="2,4", help="sizes added to those of --sizes-of (default: %(default)s)")
    ap.add_argument("--every", type=int, default=2, help="starts: every N-th drug (default: %(default)s)")
    args = ap.parse_args()
    if args.every < 1:
        ap.error("--every must be at least 1, got %d" % args.every)
    groups = by_molecule(records(args.input))
    if args.mode == "starts":
        drugs = sorted(k for k in groups if k.startswith("D"))[::args.every]
        write(args.output, [r for k in drugs for r in groups[k]])
    elif args.mode == "lowest":
        write(args.output, [v[0] for v in groups.values()])
    else:
        sizes = sorted([len(v) for v in by_molecule(records(args.sizes_of)).values()]
                       + [int(x) for x in args.extra.split(",") if x])
        if len(sizes) < len(groups):
            ap.error("%d sizes for %d molecules: add --extra sizes" % (len(sizes), len(groups)))
        write(args.output + "-low.sdf.gz",
              [r for v in groups.values() for r in v if float(prop(r, "NNP_REL_ENERGY_KCAL_PER_MOL")) <= 1.5])
        write(args.output + "-sub.sdf.gz", random_subset(groups, sizes))

if __name__ == "__main__":
    main()
