#!/bin/sh
# After training has finished (and exported checkpoints/best.pt): full evaluation, model card, test vectors.
# Usage: sh finalize.sh [PID-of-train_painn-to-wait-for]
set -e
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
if [ -n "$1" ]; then
  while kill -0 "$1" 2>/dev/null; do sleep 10; done
fi
date -u +"%H:%M:%S finalize: evaluate"
nice -n 10 /usr/bin/python3 evaluate.py
date -u +"%H:%M:%S finalize: test vectors"
nice -n 10 /usr/bin/python3 make_test_vectors.py --skip-tiny
date -u +"%H:%M:%S finalize: done"
