#!/bin/bash
# COV/MAT evaluation on the held-out test ensembles: the RDKit peer (ETKDGv3 + MMFF94) and cdk-nnp confgen's
# generator in one run, written to docs/conformers.md by hand from the printed table.
#   [REFERENCE=ensembles.sdf.gz] [CDKNNP_JAR=cdk-nnp.jar] resources/training/confgf/evaluate.sh [extra confeval options]
# (default reference: data/ensembles-test.sdf.gz; data/ensembles-test-md.sdf.gz adds the MD minima of md_reference.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=$ROOT/resources/training/confgf/data
REF=${REFERENCE:-$DATA/ensembles-test.sdf.gz}
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
OUT=${TMPDIR:-/tmp}/cdknnp-confeval/$(basename "$REF" .sdf.gz)
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
/usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" "$REF" "$OUT/rdkit-test.sdf.gz" > "$OUT/rdkit.log"
/usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" --no-mmff "$REF" "$OUT/etkdg-test.sdf.gz" > "$OUT/etkdg.log"
java -jar "$JAR" confeval --reference "$REF" \
    --peer "rdkit-etkdg+mmff=$OUT/rdkit-test.sdf.gz" --peer "rdkit-etkdg=$OUT/etkdg-test.sdf.gz" "$@"
