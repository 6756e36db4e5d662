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
# Self-referential: the frames are minimized and pruned with our own NNP, so these references favour a generator that
# returns that NNP's minima (label them so). xtb_reference.py makes the independent ones (GFN2-xTB minima).
# CONFGF_DATA (default data/) is where inputs are read and outputs written; MTD_PS and MTD_DUMP_FS (20, 400) set
# the metadynamics length and frame spacing (the recipe smoke test runs a short one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/resources/training/confgf
DATA=${CONFGF_DATA:-$HERE/data}
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
/usr/bin/python3 "$HERE/reference_subsets.py" lowest "$SRC" "$WORK/lowest.sdf"
/usr/bin/python3 "$HERE/mtd_frames.py" xyz "$WORK/lowest.sdf" "$WORK/runs"
cat > "$WORK/md.inp" <<INP
\$md
   time=${MTD_PS:-20.0}
   step=2.0
   temp=300.0
   shake=2
   hmass=4
   dump=${MTD_DUMP_FS:-400.0}
\$metadyn
   save=20
   kpush=0.2
   alp=0.8
\$end
INP
for d in "$WORK"/runs/*/; do
  [ -f "$d/xtbmdok" ] && continue
  (cd "$d" && xtb start.xyz --gfnff --metadyn --input "$WORK/md.inp" > mtd.log 2>&1) \
    || echo "mtd_reference.sh: metadynamics failed for $(basename "$d") (see $d/mtd.log)" >&2
done
/usr/bin/python3 "$HERE/mtd_frames.py" frames "$WORK/lowest.sdf" "$WORK/runs" "$WORK/frames.sdf"
java -jar "$JAR" optimize --strict --threads 2 -i "$WORK/frames.sdf" -o "$WORK/mtd-min.sdf.gz" --no-progress --resume
java -jar "$JAR" confgf-data -i "$WORK/mtd-min.sdf.gz" -o "$DATA/ensembles-$SPLIT-mtd.sdf.gz"
/usr/bin/python3 "$HERE/reference_subsets.py" subsets "$DATA/ensembles-$SPLIT-mtd.sdf.gz" "$DATA/ensembles-$SPLIT-mtd"
