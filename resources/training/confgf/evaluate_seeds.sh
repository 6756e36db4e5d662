#!/bin/bash
# COV/MAT over several seeds: for each seed, RDKit ETKDGv3+MMFF94 and plain ETKDGv3 with that seed (rdkit_peer.py)
# and cdk-nnp's generator with that seed, in one confeval run; then one table with every run and the mean of each column
# (one seed is not enough: single molecules swing by 50-100 points between seeds, docs/conformers.md).
#   [CDKNNP_JAR=cdk-nnp.jar] resources/training/confgf/evaluate_seeds.sh REFERENCE.sdf.gz [SEED ...] [-- confeval options]
# Default seeds: 42 7 99 3 11. Output: the table on stdout; per-seed logs under ${TMPDIR:-/tmp}/cdknnp-seeds/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
REF=$1
shift
SEEDS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do SEEDS+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#SEEDS[@]} -eq 0 ] && SEEDS=(42 7 99 3 11)
OUT=${TMPDIR:-/tmp}/cdknnp-seeds/$(basename "$REF" .sdf.gz)
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
for s in "${SEEDS[@]}"; do
  /usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" --seed "$s" "$REF" "$OUT/mmff-s$s.sdf.gz" > "$OUT/mmff-s$s.log"
  /usr/bin/python3 "$ROOT/resources/training/confgf/rdkit_peer.py" --no-mmff --seed "$s" "$REF" "$OUT/etkdg-s$s.sdf.gz" > "$OUT/etkdg-s$s.log"
  java -jar "$JAR" confeval --reference "$REF" --seed "$s" --peer "rdkit-etkdg+mmff=$OUT/mmff-s$s.sdf.gz" \
    --peer "rdkit-etkdg=$OUT/etkdg-s$s.sdf.gz" "$@" \
    > "$OUT/confeval-s$s.md" 2> "$OUT/confeval-s$s.log"
  echo "seed $s done" >&2
done
/usr/bin/python3 - "$OUT" "${SEEDS[@]}" <<'EOF'
import collections, re, sys
out, seeds = sys.argv[1], sys.argv[2:]
rows = collections.defaultdict(list)  # method -> [(seed, {delta: cells})]
failed = collections.defaultdict(list)  # method -> ["seed S: N", ...] molecules without conformers (0 % coverage)
for s in seeds:
    per = collections.defaultdict(dict)
    for line in open("%s/confeval-s%s.md" % (out, s)):
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(c) == 7 and re.match(r"^[\d.]+$", c[1]):
            method = c[0].split(" (")[0]
            m = re.search(r"\((\d+) molecules without", c[0])
            if m and c[1] == "1.25":
                failed[method].append("seed %s: %s" % (s, m.group(1)))
            per[method][c[1]] = [float(x.split("/")[0]) for x in c[2:6]] + [float(c[6]) if c[6] not in ("", "nan") else float("nan")]
    for m, d in per.items():
        rows[m].append((s, d))
print("| method | seed | COV-R 0.75 (%) | COV-R 1.25 (%) | MAT-R (Å) | COV-P 1.25 (%) | MAT-P (Å) | core-s per conformer |")
print("|---|---|---|---|---|---|---|---|")
for m, runs in rows.items():
    vals = []
    for s, d in runs:
        v = [d["0.75"][0], d["1.25"][0], d["1.25"][1], d["1.25"][2], d["1.25"][3], d["1.25"][4]]
        vals.append(v)
        print("| %s | %s | %.1f | %.1f | %.3f | %.1f | %.3f | %.3f |" % (m, s, *v))
    mean = [sum(v[k] for v in vals) / len(vals) for k in range(6)]
    print("| **%s, mean of %d** | | %.1f | %.1f | %.3f | %.1f | %.3f | %.3f |" % (m, len(vals), *mean))
for m, f in failed.items():
    print("\n%s: molecules without conformers (counted as 0 %% coverage): %s" % (m, ", ".join(f)))
EOF
