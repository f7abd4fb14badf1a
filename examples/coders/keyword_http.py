#!/usr/bin/env python3
"""An HTTP coder for medcode (protocol medcode-coder/v1; Python standard library only).

  python3 examples/coders/keyword_http.py --port 8765

serves POST /v1/code: the body is one admission (schemas/coder/v1/request.schema.json), the answer its ranked codes
(schemas/coder/v1/answer.schema.json). GET /v1/code says which model answers. Use it in a config:
  - { name: http, url: "http://127.0.0.1:8765/v1/code" }
With --port 0 the system picks a free port; the first line on stdout is the address served, e.g.
  listening on http://127.0.0.1:8765/v1/code
"""
import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import keyword_model

PATH = "/v1/code"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.path != PATH:
            return self.reply(404, {"error": "POST admissions to %s" % PATH})
        try:
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            return self.reply(400, {"error": "not a JSON admission: %s" % error})
        if request.get("schema") != "medcode-coder/v1":
            return self.reply(400, {"error": "this coder speaks medcode-coder/v1, got %r" % request.get("schema")})
        self.reply(200, keyword_model.code(request))

    def do_GET(self):
        self.reply(200, {"model": {"name": keyword_model.NAME, "version": keyword_model.VERSION}, "protocol": "medcode-coder/v1"})

    def reply(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # one line per request on stderr, as http.server does, without the host
        sys.stderr.write("keyword_http: %s\n" % (format % args))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--quiet", action="store_true", help="no line per request on stderr")
    args = parser.parse_args()
    if args.quiet:
        Handler.log_message = lambda self, format, *a: None
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print("listening on http://%s:%d%s" % (args.host, server.server_address[1], PATH), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
