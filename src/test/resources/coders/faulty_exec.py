#!/usr/bin/env python3
"""A misbehaving exec coder for medcode's tests: what it does with an admission depends on its note text."""
import json
import sys
import time

for line in sys.stdin:
    message = json.loads(line)
    if "hello" in message:
        print(json.dumps({"hello": "medcode-coder/v1", "model": {"name": "faulty", "version": "0.1"}}), flush=True)
        continue
    text = message["notes"][0]["text"]
    print("faulty: got %s (%s)" % (message["id"], text), file=sys.stderr, flush=True)
    if text == "malformed":
        print("this is not json", flush=True)
    elif text == "wrong_id":
        print(json.dumps({"id": "somebody-else", "codes": ["I10"]}), flush=True)
    elif text == "partial":
        sys.stdout.write('{"id": "%s", "codes": ["I1' % message["id"])
        sys.stdout.flush()
        print("faulty: leaving in the middle of a line", file=sys.stderr, flush=True)
        sys.exit(3)
    elif text == "hang":
        time.sleep(600)
    elif text == "die":
        print("faulty: dying on purpose", file=sys.stderr, flush=True)
        sys.exit(5)
    elif text == "error":
        print(json.dumps({"id": message["id"], "error": "cannot code this one"}), flush=True)
    else:
        print(json.dumps({"id": message["id"], "codes": [{"code": "I10", "score": 0.5}]}), flush=True)
