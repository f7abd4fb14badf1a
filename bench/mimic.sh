#!/usr/bin/env bash
# Loader benchmark on a synthetic MIMIC-IV-sized folder (bench/mimic_synth.py; nothing of MIMIC's content is used):
# 1) medcode cohort build (streams the 2.5 GB notes file once, keeps no text) and 2) loading the 1,000-admission
# ICU sample (streams it twice, keeps 1,000 texts), each in its own JVM with -Xmx1g under /usr/bin/time -v.
#
# usage: bench/mimic.sh [DIR]      (default /tmp/medcode-mimic-bench; generated when missing, ~1.1 GB gzip)
#        MIMIC_SYNTH_ARGS="--notes 30000" bench/mimic.sh /tmp/small   for a quick run
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp/medcode-mimic-bench}"
heap="${MEDCODE_BENCH_HEAP:--Xmx1g}"
spec="mimic-iv:$dir?icd=10&codes=diagnoses&icu=true&sample=1000&seed=42"
cd "$home"
if [[ ! -f "$dir/note/discharge.csv.gz" ]]; then
  echo "== generating $dir"
  /usr/bin/time -f "generated in %e s" python3 bench/mimic_synth.py "$dir" ${MIMIC_SYNTH_ARGS:-}
fi
du -sh "$dir"/*/ "$dir/note/discharge.csv.gz"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT   # copies of the classes and the cohort folder
cp -r target/classes "$work/classes" && cp -r target/test-classes "$work/test-classes"   # builds may go on meanwhile
cp="$work/classes:$work/test-classes:$(cat target/bench-classpath.txt)"
out="$work/cohort"
measure() { /usr/bin/time -v "$@" 2> >(grep -E "Elapsed|Maximum resident|User time|System time|Percent of CPU" >&2); }
echo "== cohort build ($heap)"
measure java "$heap" -cp "$cp" org.medcode.cli.Main cohort build --dataset "$spec" --out "$out" --no-pull
echo "== load ($heap)"
measure java "$heap" -cp "$cp" org.medcode.dataset.mimic.MimicLoadBench "$spec"
echo "== load again through the written ids file ($heap)"
measure java "$heap" -cp "$cp" org.medcode.dataset.mimic.MimicLoadBench "mimic-iv:$dir?icd=10&codes=diagnoses&ids=$out/hadm_ids.txt"
