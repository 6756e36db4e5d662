#!/bin/bash
# A reference ensemble that does not come from ETKDG alone: hot NNP molecular dynamics from each molecule's lowest
# reference conformer, every frame optimized with the NNP, merged with the ETKDG-start minima and pruned as before
# (converged, same bonds and stereo as the molecule, <= 6 kcal/mol above the lowest found, heavy-atom RMSD >= 0.5 Å).
#   resources/training/confgf/md_reference.sh [split]        (default: test; writes data/ensembles-<split>-md.sdf.gz)
# CONFGF_DATA (default data/) is where inputs are read and outputs written; MD_STEPS (1000) the MD length.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=${CONFGF_DATA:-$ROOT/resources/training/confgf/data}
SPLIT=${1:-test}
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
WORK=${TMPDIR:-/tmp}/cdknnp-md-reference-$SPLIT
mkdir -p "$WORK"
export OPENBLAS_NUM_THREADS=1
# the first record of each molecule in an ensemble file is its lowest conformer
zcat "$DATA/ensembles-$SPLIT.sdf.gz" | awk -v RS='\\$\\$\\$\\$\n' -v ORS='$$$$\n' \
    '{ if (match($0, /> <MOL_ID>\n[^\n]*/)) { id = substr($0, RSTART, RLENGTH); if (!(id in seen)) { seen[id] = 1; print } } }' \
    > "$WORK/starts.sdf"
java -jar "$JAR" md -i "$WORK/starts.sdf" -o "$WORK/traj/frame.sdf" --strict --hmr --timestep 2 --temperature 700 \
    --steps "${MD_STEPS:-1000}" --interval 50 --seed 11 --no-progress
java -jar "$JAR" optimize --strict -i "$WORK"/traj/frame*.sdf -o "$WORK/md-min.sdf.gz" --no-progress --resume
java -jar "$JAR" confgf-data -i "$DATA/opt-$SPLIT.sdf.gz" -i "$WORK/md-min.sdf.gz" -o "$DATA/ensembles-$SPLIT-md.sdf.gz"
