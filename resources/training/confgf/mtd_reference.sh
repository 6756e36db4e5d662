#!/bin/bash
# A reference that owes nothing to ETKDG or to the generator, made as CREST makes its ensembles (the GEOM-Drugs
# reference of the ConfGF paper): xTB metadynamics from each molecule's lowest conformer (GFN-FF, 300 K, 20 ps,
# RMSD bias kpush 0.2 / alp 0.8, a frame every 400 fs: 50 frames), every frame minimized with the current default
# NNP, pruned as the other references (converged, same bonds and stereo, <= 6 kcal/mol, RMSD >= 0.5 Å), and the
# same two few-conformer subsets as validation_reference.sh.
#   resources/training/confgf/mtd_reference.sh [val|test]
#   val:  lowest conformers of data/ensembles-val-md.sdf.gz  -> data/ensembles-val-mtd{,-low,-sub}.sdf.gz
#   test: lowest conformers of data/ensembles-test-full.sdf.gz -> data/ensembles-test-mtd{,-low,-sub}.sdf.gz
# Resumes: molecules whose metadynamics finished and frames already minimized are not run again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/resources/training/confgf
DATA=$HERE/data
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
SPLIT=${1:-test}
case $SPLIT in
  val) SRC=$DATA/ensembles-val-md.sdf.gz ;;
  test) SRC=$DATA/ensembles-test-full.sdf.gz ;;
  *) echo "usage: $0 [val|test]" >&2; exit 2 ;;
esac
command -v xtb > /dev/null || { echo "mtd_reference.sh: needs xtb (apt-get install -y xtb)" >&2; exit 1; }
WORK=${TMPDIR:-/tmp}/cdknnp-mtd-$SPLIT
mkdir -p "$WORK/runs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
/usr/bin/python3 "$HERE/reference_subsets.py" subsets "$DATA/ensembles-$SPLIT-mtd.sdf.gz" "$DATA/ensembles-$SPLIT-mtd"
