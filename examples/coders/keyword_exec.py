#!/usr/bin/env python3
"""An exec coder for medcode (protocol medcode-coder/v1, JSON Lines over stdin/stdout; Python standard library only).

medcode starts this script once per worker and writes one JSON object per line to its stdin:
  1. a hello, {"hello": "medcode-coder/v1", "code_system": "icd10cm", "code_table": "FY2018"}, answered with
     {"hello": "medcode-coder/v1", "model": {"name": ..., "version": ...}} (the name and version go into the manifest);
  2. then one admission per line (schemas/coder/v1/request.schema.json), each answered with one line
     (schemas/coder/v1/answer.schema.json): {"id": ..., "codes": [{"code", "score", "evidence", "rationale"}]}.
stdout carries answers only; anything for people goes to stderr (medcode writes it to the coder's coder.log).
The script ends when stdin ends. Use it in a config:
  - { name: exec, command: ["python3", "examples/coders/keyword_exec.py"], workers: 2 }
With --delay SECONDS it waits that long before each answer, as a slower model would (to try kill and --resume).
"""
import argparse
import json
import sys
import time

import keyword_model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long before each answer, as a slower model would")
    delay = parser.parse_args().delay
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if "hello" in message:
            print("keyword_exec: coding %s (%s)" % (message.get("code_system"), message.get("code_table")), file=sys.stderr)
            answer = {"hello": "medcode-coder/v1",
                      "model": {"name": keyword_model.NAME, "version": keyword_model.VERSION}}
        else:
            time.sleep(delay)
            try:
                answer = keyword_model.code(message)
            except Exception as error:  # one bad admission must not end the worker
                answer = {"id": message.get("id"), "error": "%s: %s" % (type(error).__name__, error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
