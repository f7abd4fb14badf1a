#!/usr/bin/env bash
# MIMIC-scale scoring benchmark (issue 12): whole processes, timed with /usr/bin/time, on a synthetic set made once by
# bench/scale_synth.py (seeded). For each size N (default 122000, then 24000):
#   (a) the default `medcode evaluate` (every level and averaging, 1,000 resamples, every analysis and output file),
#       with the launcher's heap and again with -Xmx1g;
#   (b) `medcode evaluate --level exact,category --analysis none --intervals micro`, the work scikit-learn does, and
#   (c) the same work in scikit-learn (bench/scale_sklearn.py), side by side, with the ratio (c in-process) / (b);
#   (d) `medcode run` of two replay coders into one run folder, then `report`, `compare` (paired bootstrap and 10,000
#       approximate-randomisation rounds) and `gate` with a paired-interval rule against the other coder's run.
# It also checks that medcode and scikit-learn agree on every number they both compute (largest difference).
#
# usage: bench/scale.sh [N ...]            data in ${MEDCODE_SCALE_DIR:-/tmp/medcode-scale}/N (generated when missing)
# needs: python3 with numpy, pandas and scikit-learn (Debian: apt-get install python3-sklearn python3-pandas);
#        PYTHON=/usr/bin/python3 if another python3 comes first.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(122000 24000)
python="${PYTHON:-}"
if [[ -z "$python" ]]; then   # the first python3 that has scikit-learn and pandas (Debian's, when a pyenv one comes first)
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c "import sklearn, pandas" 2>/dev/null; then python="$candidate"; break; fi
  done
  [[ -n "$python" ]] || { echo "error: no python3 with scikit-learn and pandas (apt-get install python3-sklearn python3-pandas)" >&2; exit 2; }
fi
root="${MEDCODE_SCALE_DIR:-/tmp/medcode-scale}"
./medcode data pull icd10cm icd10cm-hierarchy >/dev/null
order="$(ls datasets/icd10cm-cms/icd10cm_fy2026_code_descriptions_tabular_order.zip)"
./medcode --version >/dev/null 2>&1 || true   # builds the jar if needed, outside the timings

measure() {   # measure LABEL COMMAND...: runs it, prints "LABEL  wall  cpu  rss" and keeps its output in $work/LABEL.out
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || {
    echo "$label failed (exit $?):" >&2; tail -5 "$work/$label.err" >&2; return 1; }
  read -r wall user sys rss < "$work/$label.time"
  printf "%-34s %7.2f s wall %7.2f s CPU %7.0f MB peak RSS\n" "$label" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "$rss / 1024" | bc)"
}

for n in "${sizes[@]}"; do
  data="$root/$n"
  if [[ ! -f "$data/pred_b.tsv" ]]; then
    echo "== generating $data"
    "$python" bench/scale_synth.py "$order" "$data" --admissions "$n"
  fi
  work="$(mktemp -d)"
  trap '[[ -z "${MEDCODE_BENCH_KEEP:-}" && -n "${work:-}" ]] && rm -rf "$work"' EXIT
  spec="csv:$data/notes.csv,$data/codes.csv"
  echo "== $n admissions ($(du -sh "$data" | cut -f1) of CSV/TSV); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  measure "(a) evaluate, default" ./medcode evaluate --dataset "$spec" --predictions "$data/pred_a.tsv" --out "$work/a"
  MEDCODE_JAVA_OPTS=-Xmx1g measure "(a) evaluate, default, -Xmx1g" ./medcode evaluate --dataset "$spec" \
    --predictions "$data/pred_a.tsv" --out "$work/a1g"
  measure "(b) evaluate, sklearn's work" ./medcode evaluate --dataset "$spec" --predictions "$data/pred_a.tsv" \
    --level exact,category --analysis none --intervals micro --out "$work/b"
  measure "(c) scikit-learn, whole process" "$python" bench/scale_sklearn.py "$data/notes.csv" "$data/codes.csv" \
    "$data/pred_a.tsv"
  "$python" - "$work" <<'EOF'
import csv, json, sys
work = sys.argv[1]
sk = json.load(open(f"{work}/(c) scikit-learn, whole process.out"))
b = [l.split() for l in open(f"{work}/(b) evaluate, sklearn's work.time")][0]
medcode_b = float(b[0])
print(f"(c) scikit-learn, in-process          {sk['wall_s']:7.2f} s wall {sk['cpu_s']:7.2f} s CPU")
print(f"ratio (c) in-process / (b) whole process: {sk['wall_s'] / medcode_b:.1f}x")
rows = {}
for r in csv.DictReader(open(f"{work}/b/summary.csv")):
    rows[(r["granularity"], r["averaging"], r["metric"])] = r
names = {"micro": "micro", "macro": "macro-all", "samples": "per-admission"}
worst = 0.0
for key, values in sk["values"].items():
    parts = key.split(".")
    if len(parts) != 2:
        continue
    level, average = parts
    for metric, value in zip(("precision", "recall", "f1"), values):
        worst = max(worst, abs(float(rows[(level, names[average], metric)]["value"]) - value))
print(f"medcode vs scikit-learn: largest difference over {6 * 3} values {worst:.1e}")
EOF

  for coder in a b; do   # one run of both coders, and one run per coder (the same coder id) for the gate
    cat > "$work/run-$coder.yaml" <<EOF
name: scale-$n-$coder
dataset: { spec: "$spec" }
codeSystem: { system: icd10cm, year: 2026 }
coders:
  - { name: replay, id: coder, file: "$data/pred_$coder.tsv" }
metrics: { levels: [exact, category, block, chapter], invalid: count, bootstrap: 1000, k: [1, 5, 10, 15] }
EOF
  done
  cat > "$work/run.yaml" <<EOF
name: scale-$n
dataset: { spec: "$spec" }
codeSystem: { system: icd10cm, year: 2026 }
coders:
  - { name: replay, id: a, file: "$data/pred_a.tsv" }
  - { name: replay, id: b, file: "$data/pred_b.tsv" }
metrics: { levels: [exact, category, block, chapter], invalid: count, bootstrap: 1000, k: [1, 5, 10, 15] }
EOF
  measure "(d) run, two replay coders" ./medcode run "$work/run.yaml" --out "$work/run"
  measure "(d) report" ./medcode report "$work/run"
  measure "(d) compare a -> b" ./medcode compare "$work/run" "$work/run" --coder-a a --coder-b b --out "$work/compare"
  ./medcode run "$work/run-a.yaml" --out "$work/run-a" > /dev/null 2>&1
  ./medcode run "$work/run-b.yaml" --out "$work/run-b" > /dev/null 2>&1
  measure "(d) gate, b against a's run" ./medcode gate "$work/run-b" --baseline "$work/run-a" \
    --rule 'exact.micro.f1.delta >= -0.01 interval' --rule 'exact.micro.recall >= 0.4' --out "$work/gate"
  if [[ -n "${MEDCODE_BENCH_KEEP:-}" ]]; then
    echo "   (files kept in $work)"
  else
    rm -rf "$work"   # about 0.8 GB of run folders at 122,000 admissions; MEDCODE_BENCH_KEEP=1 keeps them
  fi
  work=""
done
