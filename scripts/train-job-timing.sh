#!/bin/bash
# Times the bench's training job (LSTM [64, 64], window 48, horizon 48, 3 epochs, batch 64, no early stopping) through
# the API of a fresh service started from JAR: upload sample-data/taylor.csv, submit, poll every 0.1 s. Prints the
# wall time, the service's CPU seconds during the job, and the trainer's phase line from the log (docs/BENCHMARK.md,
# "The training job around the loop"). An optional fourth argument submits that many identical jobs one after another
# to the same service (the first after start-up, then warm ones); extra arguments after it go to the service.
# Run from the project root.
#   scripts/train-job-timing.sh target/foresight.jar 18210 /tmp/job-timing [jobs] [--service-option=value ...]
set -euo pipefail
JAR=$1; PORT=$2; DIR=$3; JOBS=${4:-1}; MANAGEMENT=$((PORT + 1))
shift $(( $# < 4 ? $# : 4 ))
rm -rf "$DIR"; mkdir -p "$DIR/data"
OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:MaxRAMPercentage=50 -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT" \
    --foresight.data-dir="$DIR/data" --spring.main.banner-mode=off --logging.level.root=WARN \
    --logging.level.io.foresight.training=INFO --foresight.training.threads=1 "$@" > "$DIR/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "localhost:$MANAGEMENT/actuator/health" > /dev/null && break; sleep 1; done
C_READY=$(awk '{print $14 + $15}' "/proc/$PID/stat")
# the start-up training warm-up (foresight.training.warm-up): wait until it has finished, so that the jobs are timed on a
# started, warmed service (its gauge is NaN until then; a build without it has no gauge; when it is off, no wait)
WARM=off
case " $* " in *warm-up=false*) ;; *)
for _ in $(seq 1200); do
    WARM=$(curl -s "localhost:$MANAGEMENT/actuator/prometheus" | awk '/^forecast_training_warm_up_seconds/ {print $2}')
    case $WARM in NaN) sleep 0.1 ;; *) break ;; esac
done ;;
esac
echo "warm-up: ${WARM:-absent} s, service CPU since healthy $(echo "($(awk '{print $14 + $15}' "/proc/$PID/stat") - $C_READY) / $(getconf CLK_TCK)" | bc -l | cut -c1-5) s"
json() { python3 -c "import sys, json; print(json.load(sys.stdin)[\"$1\"])"; }
DATASET=$(curl -s -F file=@sample-data/taylor.csv -F name=taylor "localhost:$PORT/api/v1/datasets" | json id)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
jit() { curl -s "localhost:$MANAGEMENT/actuator/prometheus" | awk '/^jvm_compilation_time_ms_total/ {s += $NF} END {print s + 0}'; }
for RUN in $(seq "$JOBS"); do
J0=$(jit); C0=$(cpu); T0=$(date +%s.%N)
JOB=$(curl -s -H 'Content-Type: application/json' -d '{"datasetId":"'"$DATASET"'","target":"value","horizon":48,"window":48,"architecture":"LSTM","layers":[64,64],"epochs":3,"batchSize":64,"learningRate":0.001,"earlyStopping":false,"seed":42}' \
    "localhost:$PORT/api/v1/models/bench/training-jobs" | json id)
while true; do
    STATUS=$(curl -s "localhost:$PORT/api/v1/training-jobs/$JOB" | json status)
    case $STATUS in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    sleep 0.1
done
T1=$(date +%s.%N); C1=$(cpu); J1=$(jit)
echo "job $RUN: $STATUS in $(echo "$T1 - $T0" | bc) s, service CPU $(echo "($C1 - $C0) / $(getconf CLK_TCK)" | bc -l | cut -c1-5) s, JIT $(echo "$J1 - $J0" | bc) ms, load $(cut -d' ' -f1 /proc/loadavg)"
done
grep -h 'Training job' "$DIR/service.log" | sed 's/.*: Training job/Training job/' || true
