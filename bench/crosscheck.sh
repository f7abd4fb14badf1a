#!/usr/bin/env bash
# Cross-checks the metric engine against scikit-learn and trec_eval definitions on random cases:
#   bench/crosscheck.sh [CASES]      (default 300 seeds × 2 invalid policies × 4 levels)
# Needs python3 with numpy and scikit-learn (Debian: apt-get install python3-sklearn); PYTHON=... to choose one.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-}"
if [[ -z "$python" ]]; then   # the first python3 that has scikit-learn (Debian's, when a pyenv one comes first)
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c "import sklearn" 2>/dev/null; then python="$candidate"; break; fi
  done
  [[ -n "$python" ]] || { echo "error: no python3 with scikit-learn (apt-get install python3-sklearn)" >&2; exit 2; }
fi
mvn -q -B test-compile
classpath_file=target/jmh-classpath.txt
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.medcode.eval.CrossCheckDump \
  target/crosscheck-cases.json "${1:-300}"
exec "$python" bench/crosscheck.py target/crosscheck-cases.json
