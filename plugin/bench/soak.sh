#!/bin/bash
# Soak benchmark (issue 26): `cdk-nnp optimize` over N molecules (default 10,000: the shared drug, QM9 and FreeSolv lists
# cycled, each repeat with its own title) at 2 threads; samples the process's resident memory every 10 s, so a leak shows
# as a rising line, and prints throughput and peak RSS.
#   plugin/bench/soak.sh [N=10000]      (after `mvn -B -q install -DskipTests`; ../shared beside the project)
#   JAR=/tmp/x/cdk-nnp.jar plugin/bench/soak.sh   runs a copy, so rebuilding the project does not disturb the soak.
# Output: the RSS samples (seconds, records written, RSS MiB) and a summary line; work in ${TMPDIR:-/tmp}/cdknnp-soak.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-10000}
MOLS=$ROOT/../shared/molecules
[ -d "$MOLS" ] || { echo "missing $MOLS: the shared molecule lists must be beside the project" >&2; exit 1; }
OUT=${TMPDIR:-/tmp}/cdknnp-soak
JAR=${JAR:-$ROOT/plugin/target/cdk-nnp.jar}
rm -rf "$OUT"; mkdir -p "$OUT"
/usr/bin/python3 - "$MOLS" "$N" > "$OUT/in.smi" <<'PY'
import csv, itertools, os, sys
rows = [r for name in ("drugs", "qm9", "freesolv") for r in csv.DictReader(open(os.path.join(sys.argv[1], name + ".csv")))]
for k, r in zip(range(int(sys.argv[2])), itertools.cycle(rows)):
    print(r["smiles"], "%s-%d" % (r["id"], k))
PY
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
/usr/bin/time -v java -jar "$JAR" optimize -i "$OUT/in.smi" -o "$OUT/out.sdf.gz" --threads 2 \
    --no-progress > "$OUT/run.log" 2> "$OUT/run.err" &
TIMER=$!
START=$(date +%s)
echo "seconds,records_written,rss_mib"
while kill -0 $TIMER 2> /dev/null; do
  sleep 10
  PID=$(pgrep -f "^java -jar .*cdk-nnp.jar optimize -i $OUT/in.smi" | head -1 || true)
  [ -n "$PID" ] || continue
  RSS=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$PID/status 2> /dev/null || echo 0)
  DONE=$( (zcat "$OUT/out.sdf.gz.part" 2> /dev/null || true) | grep -c '^\$\$\$\$' || true)
  echo "$(( $(date +%s) - START )),$DONE,$RSS"
done
wait $TIMER || true
grep -E "records:|^time:" "$OUT/run.err" || true
awk -F': ' '/Maximum resident set size/ {printf "peak RSS %.0f MiB\n", $2 / 1024} /Elapsed \(wall clock\)/ {print "wall " $2}' "$OUT/run.err"
