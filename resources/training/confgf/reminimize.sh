#!/bin/bash
# After a change of the default NNP: re-minimizes a reference ensemble with the current model (every conformer
# from its committed geometry) and prunes it as in step 3 (converged, same bonds and stereo as the molecule,
# <= 6 kcal/mol above the lowest, heavy-atom RMSD >= 0.5 Å), so that references are minima of the model that
# refines the generated conformers.
#   resources/training/confgf/reminimize.sh data/ensembles-test-md.sdf.gz [out.sdf.gz]   (default: in place)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
IN=$1
OUT=${2:-$1}
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdknnp-reminimize.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export OPENBLAS_NUM_THREADS=1
java -jar "$JAR" optimize --strict -i "$IN" -o "$WORK/reminimized.sdf.gz" --no-progress
java -jar "$JAR" confgf-data -i "$WORK/reminimized.sdf.gz" -o "$WORK/pruned.sdf.gz"
mv "$WORK/pruned.sdf.gz" "$OUT"
