#!/usr/bin/env bash
# Throughput of the llm coder as a user runs it: the stub in a process of its own with a fixed latency, and one cold
# medcode process per in-flight level (the ./medcode launcher, as a user runs it) over the same admissions, e.g.
#   bench/llm-throughput.sh 500 1280 8 64 256      # latency ms, admissions, requests in flight ...
# Prints coding time and the whole command against the ideal (in flight / latency), CPU per call and the load average,
# then a cached rerun of 1,000 admissions.
set -euo pipefail
cd "$(dirname "$0")/.."
./medcode --version >/dev/null   # builds target/medcode.jar when the sources are newer
mvn -q -B test-compile
classpath_file=target/jmh-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java -Dmedcode.launcher="$PWD/medcode" -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  org.medcode.coder.llm.LlmThroughput "$@"
