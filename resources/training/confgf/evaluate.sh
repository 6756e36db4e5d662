#!/bin/bash
# COV/MAT evaluation on the held-out test ensembles: the RDKit peer (ETKDGv3 + MMFF94) and cdk-nnp confgen's
# generator in one run, written to docs/conformers.md by hand from the printed table.
#   resources/training/confgf/evaluate.sh [extra confeval options]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=$ROOT/resources/training/confgf/data
OUT=${TMPDIR:-/tmp}/cdknnp-confeval
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
/usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" "$DATA/ensembles-test.sdf.gz" "$OUT/rdkit-test.sdf.gz" > "$OUT/rdkit.log"
/usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" --no-mmff "$DATA/ensembles-test.sdf.gz" "$OUT/etkdg-test.sdf.gz" > "$OUT/etkdg.log"
java -jar "$ROOT/plugin/target/cdk-nnp.jar" confeval --reference "$DATA/ensembles-test.sdf.gz" \
    --peer "rdkit-etkdg+mmff=$OUT/rdkit-test.sdf.gz" --peer "rdkit-etkdg=$OUT/etkdg-test.sdf.gz" "$@"
