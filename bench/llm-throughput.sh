#!/usr/bin/env bash
# Throughput of the llm coder in real runs against a local stub with a fixed latency, e.g.
#   bench/llm-throughput.sh 200 10 8 32 64      # latency ms, rounds per level, requests in flight ...
# Prints achieved vs ideal (in flight / latency) requests per second and the harness overhead per call.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
classpath_file=target/jmh-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.medcode.coder.llm.LlmThroughput "$@"
