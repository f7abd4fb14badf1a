#!/usr/bin/env bash
# Loading at MIMIC scale: the dataset `csv:notes.csv,codes.csv` and the predictions of the synthetic 122,000-admission
# set (bench/scale_synth.py), each way in its own JVM under /usr/bin/time -v, through LoadBench (time, CPU, bytes
# allocated, heap held after a full GC, and a SHA-256 of everything loaded, to compare two versions of the loaders).
#
# usage: bench/load.sh [DIR]     (default /tmp/scale122k: notes.csv, codes.csv, pred_a.tsv)
#        MEDCODE_BENCH_HEAP=-Xmx512m bench/load.sh    for another heap (default -Xmx1g)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp/scale122k}"
heap="${MEDCODE_BENCH_HEAP:--Xmx1g}"
for f in notes.csv codes.csv pred_a.tsv; do
  [[ -f "$dir/$f" ]] || { echo "error: $dir/$f is missing; generate the set with bench/scale_synth.py" >&2; exit 2; }
done
cd "$home"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
work="$(mktemp -d)"
cp -r target/classes "$work/classes" && cp -r target/test-classes "$work/test-classes"   # builds may go on meanwhile
cp="$work/classes:$work/test-classes:$(cat target/bench-classpath.txt)"
dataset="csv:$dir/notes.csv,$dir/codes.csv"
measure() { /usr/bin/time -v "$@" 2> >(grep -E "Elapsed|Maximum resident|User time|System time" >&2); }
echo "== dataset ($heap)"
measure java "$heap" -cp "$cp" org.medcode.bench.LoadBench --dataset "$dataset"
echo "== predictions ($heap)"
measure java "$heap" -cp "$cp" org.medcode.bench.LoadBench --predictions "$dir/pred_a.tsv"
echo "== dataset, then predictions ($heap)"
measure java "$heap" -cp "$cp" org.medcode.bench.LoadBench --dataset "$dataset" --predictions "$dir/pred_a.tsv"
echo "== dataset and predictions overlapped, predictions on a thread of their own ($heap)"
measure java "$heap" -cp "$cp" org.medcode.bench.LoadBench --overlapped "$dataset" "$dir/pred_a.tsv"
rm -rf "$work"
