#!/usr/bin/env bash
# Runs the Spark job on this machine, Spark in local mode, without a cluster (docs/SCALE.md):
#   spark/run-local.sh --input sample-data/panel/fred-monthly.csv --id-columns series --timestamp timestamp \
#       --target value --horizon 12 --model fred --data-dir ./data [--master local[2]] [--spec '{"epochs": 50}']
# Builds the job first when it has not been built. On a cluster use spark-submit with spark/target/foresight-spark.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/target/classes/io/foresight/spark/ManyModelsJob.class" ] || [ ! -f "$here/target/local-class-path.txt" ]; then
  echo "Building the job (the root build's core artifact, then spark/) ..." >&2
  (cd "$here/.." && ./mvnw -B -q install -DskipTests && ./mvnw -B -q -f spark/pom.xml package -DskipTests)
fi
master=()
case " $* " in
  *" --master "*|*" --master="*) ;;
  *) master=(--master "local[*]") ;;
esac
# one OpenMP thread per task: the parallelism is Spark's tasks (docs/SCALE.md)
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# --add-modules: the model's Vector API kernels (without it they run as plain loops)
exec java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$here/target/classes:$(cat "$here/target/local-class-path.txt")" \
  io.foresight.spark.ManyModelsJob "${master[@]}" "$@"
