#!/usr/bin/env bash
# Runs the Spark throughput benchmark (ai.tao.spark.bench.SparkThroughputBench): in process, then a
# loopback standalone cluster with 1 and 2 single-core executors, and 2 with one step of staleness.
# Usage: tools/spark-throughput.sh [steps] [outDir]   (after: mvn -B install -DskipTests)
# The classpath is copied aside first, so a later mvn install cannot replace a jar under the run.
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-8}"
out="${2:-docs/results/spark-throughput}"
snap="$(mktemp -d)"
mvn -B -q -pl tao-spark test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile="$snap/cp.txt"
mkdir -p "$snap/jars"
cp -r tao-spark/target/classes "$snap/classes"
cp -r tao-spark/target/test-classes "$snap/test-classes"
tr ':' '\n' < "$snap/cp.txt" | while read -r j; do cp "$j" "$snap/jars/"; done
cp="$snap/test-classes:$snap/classes:$(ls "$snap"/jars/*.jar | tr '\n' ':')"
. tools/lib/spark-opens.sh
# shellcheck disable=SC2086
java -Dai.djl.offline=true -Xmx3g -Xss4m $opens -cp "$cp" ai.tao.spark.bench.SparkThroughputBench "$steps" "$out"
