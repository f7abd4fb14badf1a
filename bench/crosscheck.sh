#!/usr/bin/env bash
# Cross-checks the metric engine against scikit-learn and trec_eval definitions on random cases:
#   bench/crosscheck.sh [CASES]      (default 300 seeds × 2 invalid policies × 4 levels)
# Needs python3 with numpy and scikit-learn (Debian: apt-get install python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
classpath_file=target/jmh-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.medcode.eval.CrossCheckDump \
  target/crosscheck-cases.json "${1:-300}"
exec "${PYTHON:-python3}" bench/crosscheck.py target/crosscheck-cases.json
