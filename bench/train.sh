#!/usr/bin/env bash
# Times training and inference of the ml-* coders and reports peak heap (JVM) and peak resident memory (/usr/bin/time):
#   bench/train.sh codiesp DATA_ROOT ml-linear [key=value ...]     CodiEsp train -> dev (DATA_ROOT laid out like ../shared/data)
#   bench/train.sh synthetic 100000 ml-knn [key=value ...]         synthetic corpus, 80% train, 2,000 coded
# Set JAVA_OPTS (e.g. -Xmx8g) to change the heap.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
classpath_file=target/bench-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
if [[ -x /usr/bin/time ]]; then
  exec /usr/bin/time -f "wall %e s, peak resident %M KB" java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    org.medcode.bench.TrainingBenchmark "$@"
fi
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.medcode.bench.TrainingBenchmark "$@"
