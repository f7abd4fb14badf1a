#!/usr/bin/env python3
"""An exec worker for medcode's tests that answers correctly but behaves awkwardly around it, by note text: 'dup'
answers twice (the second late), 'exitafter' leaves right after answering, 'spawn' starts a long-lived child process
(named by argv[1]) that holds the worker's stdout, and answers."""
import json
import subprocess
import sys
import time

marker = sys.argv[1]
for line in sys.stdin:
    message = json.loads(line)
    if "hello" in message:
        print(json.dumps({"hello": "medcode-coder/v1", "model": {"name": "tricky", "version": "1"}}), flush=True)
        continue
    text = message["notes"][0]["text"]
    answer = json.dumps({"id": message["id"], "codes": ["I10"]})
    if text == "spawn":
        subprocess.Popen([sys.executable, "-c", "import time, sys; time.sleep(300)", marker])
    print(answer, flush=True)
    if text == "dup":
        time.sleep(0.05)
        print(answer, flush=True)
    elif text == "exitafter":
        sys.exit(0)
