#!/bin/bash
# References built as the test reference was (docs/conformers.md), with many conformers per molecule:
#   val:  every second validation-split drug of data/opt-val.sdf.gz (42 molecules, 894 ETKDG starts)
#   test: every test-split drug of data/opt-test.sdf.gz (40 molecules): a richer second view of the held-out drugs
#         (the test reference data/ensembles-test-md.sdf.gz has about 4 conformers per drug)
# minimized with the current default NNP, plus the NNP minima of hot MD (700 K, 2 ps, 20 frames) from each molecule's
# lowest conformer, pruned (converged, same bonds and stereo, <= 6 kcal/mol, RMSD >= 0.5 Å) -> data/ensembles-val-md
# (test: data/ensembles-test-full.sdf.gz). Then two reference sets with few conformers per molecule, as the test
# reference has:
#   data/ensembles-SPLIT-low.sdf.gz  the conformers within 1.5 kcal/mol of each molecule's lowest (the deep basins)
#   data/ensembles-SPLIT-sub.sdf.gz  a random subset per molecule (seed 2026), sizes those of the test reference
#                                    (1-16 conformers; only the counts are taken from it), smallest to the most rigid
# (SPLIT val; test: test-full-low, test-full-sub). Generator defaults are chosen on the val sets only.
# Self-referential: minimized and pruned with our own NNP (label them so); xtb_reference.py makes independent ones.
# CONFGF_DATA (default data/) is where inputs are read and outputs written; MD_STEPS (1000) sets the hot-MD length
# (the recipe smoke test runs a short one).
#   resources/training/confgf/validation_reference.sh [val|test]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=${CONFGF_DATA:-$ROOT/resources/training/confgf/data}
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
SPLIT=${1:-val}
case $SPLIT in
  val) OPT=$DATA/opt-val.sdf.gz EVERY=2 OUT=val-md SUBSETS=val ;;
  test) OPT=$DATA/opt-test.sdf.gz EVERY=1 OUT=test-full SUBSETS=test-full ;;
  *) echo "usage: $0 [val|test]" >&2; exit 2 ;;
esac
WORK=${TMPDIR:-/tmp}/cdknnp-reference-$SPLIT
mkdir -p "$WORK/traj"
export OPENBLAS_NUM_THREADS=1
/usr/bin/python3 "$ROOT/resources/training/confgf/reference_subsets.py" starts "$OPT" "$WORK/starts.sdf" --every $EVERY
java -jar "$JAR" optimize --strict --threads 2 -i "$WORK/starts.sdf" -o "$WORK/opt.sdf.gz" --no-progress --resume
java -jar "$JAR" confgf-data -i "$WORK/opt.sdf.gz" -o "$WORK/ens.sdf.gz"
/usr/bin/python3 "$ROOT/resources/training/confgf/reference_subsets.py" lowest "$WORK/ens.sdf.gz" "$WORK/lowest.sdf"
java -jar "$JAR" md -i "$WORK/lowest.sdf" -o "$WORK/traj/frame.sdf" --strict --hmr --timestep 2 --temperature 700 \
    --steps "${MD_STEPS:-1000}" --interval 50 --seed 11 --no-progress
java -jar "$JAR" optimize --strict --threads 2 -i "$WORK"/traj/frame*.sdf -o "$WORK/md-min.sdf.gz" --no-progress --resume
java -jar "$JAR" confgf-data -i "$WORK/opt.sdf.gz" -i "$WORK/md-min.sdf.gz" -o "$DATA/ensembles-$OUT.sdf.gz"
/usr/bin/python3 "$ROOT/resources/training/confgf/reference_subsets.py" subsets "$DATA/ensembles-$OUT.sdf.gz" "$DATA/ensembles-$SUBSETS"
