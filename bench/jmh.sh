#!/usr/bin/env bash
# Runs the JMH benchmarks of the test sources, e.g.
#   bench/jmh.sh EvaluatorBenchmark -f 1 -wi 1 -i 3
# Arguments go to org.openjdk.jmh.Main unchanged (-h lists them); with none, every benchmark runs with its defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
classpath_file=target/jmh-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.openjdk.jmh.Main "$@"
