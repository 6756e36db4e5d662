#!/bin/bash
# End-to-end smoke run of the training recipe, small enough for CI: trains a tiny PaiNN (F=8, T=2, K=6) for
# ~40 s on one committed shard of real GFN2-xTB labels, exports it to the model file format and writes PyTorch
# float64 test vectors for it; the Java test RecipeSmokeTest then loads the file and checks parity. Nothing of the
# committed data, checkpoints or models is touched (data and checkpoints go to a temporary directory).
#   resources/training/smoke_recipe.sh OUT_DIR        -> OUT_DIR/painn-smoke.h5, OUT_DIR/painn-smoke-vectors.h5
# Needs /usr/bin/python3 with torch, numpy, h5py (Debian: python3-torch python3-h5py).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdknnp-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/data" "$WORK/checkpoints"
cp "$HERE/data/xtb_00000.h5" "$WORK/data/"
export CDKNNP_DATA_DIR=$WORK/data CDKNNP_CKPT_DIR=$WORK/checkpoints OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
PY=/usr/bin/python3
END=$($PY -c "import datetime; print((datetime.datetime.utcnow() + datetime.timedelta(seconds=40)).strftime('%Y-%m-%dT%H:%M:%S'))")
$PY "$HERE/train_painn.py" --fresh --no-export --features 8 --interactions 2 --rbf 6 --min-structures 50 \
    --val-subset 20 --warmup 20 --end-utc "$END" > "$WORK/train.out" 2>&1 || { cat "$WORK/train.out"; exit 1; }
grep -E "step|VAL" "$WORK/train.out" | tail -3
$PY "$HERE/export_model.py" --ckpt "$WORK/checkpoints/latest.pt" --out "$OUT/painn-smoke.h5" --name painn-smoke
$PY "$HERE/make_test_vectors.py" --model "$OUT/painn-smoke.h5" --skip-tiny --out "$OUT/painn-smoke-vectors.h5"
