"""A Prometheus stand-in for bench/prometheus-client.sh: answers every GET with one vector
sample, header and body in one write (as Prometheus does; split writes would add Nagle's
delayed-ACK 40 ms to every kept-alive request). Usage: fake-prometheus.py PORT"""
import http.server
import sys

BODY = b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.99"]}]}}'
RESPONSE = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(BODY) + BODY


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.wfile.write(RESPONSE)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
