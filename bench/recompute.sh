#!/usr/bin/env bash
# Recomputes a run folder's numbers from the dataset files, the logged predictions and the code tables, with the
# README's definitions, and compares them with the folder's CSV files:
#   bench/recompute.sh RUN_DIR [--data-dir DIR] [--intervals N] [--interval-tolerance T]
#   bench/recompute.sh COMPARE_DIR --a CODER_A_DIR --b CODER_B_DIR [--data-dir DIR]
# RUN_DIR: a `medcode run` folder (each coder), one coder's subfolder, or a `medcode evaluate` folder.
# Exit 0: all agree; 1: a disagreement (the first few printed); 2: usage error.
# Needs python3 with numpy (Debian: apt-get install python3-numpy); PYTHON=... to choose one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then   # the first python3 that has numpy (Debian's, when a pyenv one comes first)
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c "import numpy" 2>/dev/null; then python="$candidate"; break; fi
  done
  [[ -n "$python" ]] || { echo "error: no python3 with numpy (apt-get install python3-numpy)" >&2; exit 2; }
fi
exec "$python" "$here/recompute.py" "$@"
