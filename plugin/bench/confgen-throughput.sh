#!/bin/bash
# Molecules per hour of `cdk-nnp confgen -n 10` over the first N molecules of ../shared/molecules/drugs.csv:
# the CLI with 1 and 2 threads and the Spark job in local[2], one after the other in one run (issue 6).
#   plugin/bench/confgen-throughput.sh [N=12]    (after `mvn -B -q install -DskipTests`)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-12}
CSV=$ROOT/../shared/molecules/drugs.csv
[ -f "$CSV" ] || { echo "missing $CSV: the shared molecule lists must be beside the project" >&2; exit 1; }
OUT=${TMPDIR:-/tmp}/cdknnp-throughput
rm -rf "$OUT"; mkdir -p "$OUT"
/usr/bin/python3 - "$CSV" "$N" > "$OUT/in.smi" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))[:int(sys.argv[2])]
for r in rows:
    print(r["smiles"], r["id"])
PY
JAR=$ROOT/plugin/target/cdk-nnp.jar
OPTS=(-n 10 --backend cpu --score-backend cpu)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
SPARK_CP=$(cd "$ROOT" && mvn -B -q -o -Dstyle.color=never -pl plugin dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=provided)
OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
        java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
run() {
    local name=$1; shift
    local t0=$(date +%s.%N)
    "$@" > "$OUT/$name.log" 2>&1 || true
    local t1=$(date +%s.%N)
    local written=$(grep -c '^\$\$\$\$' "$OUT/$name.sdf" || true)
    local molecules=$(grep -A1 '<NNP_INPUT_INDEX>' "$OUT/$name.sdf" | grep -v '^>\|^--' | sort -u | wc -l)
    echo "$name $(echo "$t1 - $t0" | bc) s, $molecules molecules, $written conformers, $(echo "3600 * $molecules / ($t1 - $t0)" | bc) molecules/hour"
}
echo "$(date -u +%FT%TZ) $(nproc --all) cores, N=$N, confgen ${OPTS[*]}"
run cli-1thread java -jar "$JAR" confgen -i "$OUT/in.smi" -o "$OUT/cli-1thread.sdf" --threads 1 --no-progress "${OPTS[@]}"
run cli-2threads java -jar "$JAR" confgen -i "$OUT/in.smi" -o "$OUT/cli-2threads.sdf" --threads 2 --no-progress "${OPTS[@]}"
run spark-local2 java $OPENS -Djdk.reflect.useDirectMethodHandle=false -Dspark.master='local[2]' -Dspark.driver.bindAddress=127.0.0.1 \
    -Dspark.driver.host=127.0.0.1 -Dspark.ui.enabled=false -cp "$SPARK_CP:$JAR" io.github.cdknnp.spark.SparkBatchJob \
    --task confgen -i "$OUT/in.smi" -o "$OUT/spark-local2.sdf" "${OPTS[@]}"
