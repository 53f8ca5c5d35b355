#!/usr/bin/env bash
# Runs the README's spark-submit line against a real standalone cluster on loopback: Spark's jars
# alone on the cluster's classpath (as SPARK_HOME/jars would be), TAO shipped with --jars, submitted
# through org.apache.spark.deploy.SparkSubmit (what bin/spark-submit runs). Tunes a fresh small
# model for 2 steps on 16 JSON prompts and checks that the tuned model was written.
# Usage: tools/spark-submit-check.sh   (after: mvn -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
mvn -B -q -pl tao-spark test-compile dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=tao-spark.cp
mvn -B -q -pl tao-spark dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$work/all.cp"
# Spark and its own dependencies: everything but TAO, DJL and the test libraries.
spark_cp="$(tr ':' '\n' < "$work/all.cp" | grep -v 'ai/tao\|ai/djl\|junit\|assertj\|jqwik\|opentest4j\|apiguardian' \
  | grep -v 'h2database\|jinjava\|picocli' | paste -sd:)"
. tools/lib/spark-opens.sh
tao_cp="tao-spark/target/test-classes:tao-spark/target/classes:$(cat tao-spark/tao-spark.cp)"
# A fresh base model and the prompt table.
# shellcheck disable=SC2086
java -Dai.djl.offline=true $opens -cp "$tao_cp:$spark_cp" ai.tao.spark.bench.SparkThroughputBench --base-only \
  "$work/base"
for i in $(seq 0 15); do echo "{\"id\":\"q-$i\",\"text\":\"Item $i of the list, in a few words: \"}"; done \
  > "$work/prompts.jsonl"
mkfifo "$work/keep"
# shellcheck disable=SC2086
java $opens -cp "$tao_cp:$spark_cp" ai.tao.spark.bench.RunLoopbackCluster "$work/cluster" 900 "$spark_cp" \
  < "$work/keep" > "$work/cluster.log" 2>&1 &
exec 3> "$work/keep" # holds the cluster open until this script ends
trap 'exec 3>&-; wait' EXIT
for _ in $(seq 1 120); do grep -q '^MASTER ' "$work/cluster.log" && break; sleep 1; done
master="$(grep '^MASTER ' "$work/cluster.log" | cut -d' ' -f2)"
echo "cluster: $master"
# The README's line, with the cluster's Spark jars as the executors' classpath (SPARK_HOME/jars on a real one).
# shellcheck disable=SC2086
java $opens -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit --master "$master" --class ai.tao.spark.TaoSparkJob \
  --jars "$(tr ':' ',' < tao-spark/tao-spark.cp),tao-rewards/target/tao-rewards-0.1.0-SNAPSHOT.jar" \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.executor.extraClassPath="$spark_cp" --conf spark.driver.host=127.0.0.1 \
  --conf spark.executor.memory=1g \
  tao-spark/target/tao-spark-0.1.0-SNAPSHOT.jar \
  base="$work/base" out="$work/run" snapshots="$work/snapshots" \
  prompts="$work/prompts.jsonl" format=json scorer=majority-agreement candidates=8 promptsPerStep=8 \
  maxBatchRows=32 maxNewTokens=16
test -f "$work/run/tuned/model.safetensors"
loads="$(grep -l 'loading policy snapshot' -r "$work/cluster"/work-*/ | wc -l)"
echo "spark-submit check: tuned model written to $work/run/tuned; executors that loaded snapshots: $loads"
