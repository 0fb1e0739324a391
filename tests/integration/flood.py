#!/usr/bin/env python3
"""flood.py — a misbehaving client for searchd's connection limits (issue 22).

  flood.py --port P [--host H] [--idle N] [--slow M] [--trickle SECONDS] [--hold SECONDS]
           [--sources K] [--report FILE]

Opens N idle connections that send half a request line and then wait, and M slowloris
connections that send one more header byte every --trickle seconds, all from one process with
non-blocking sockets (--sources K: from the loopback addresses 127.0.0.2 … 127.0.0.K+1 in
turn, as K clients would).  It holds them for --hold seconds (or until SIGTERM/SIGINT), then
prints, one "key value" a line:
  opened        connections that were established
  refused       connect failed
  refused_late  closed by the server within a second of opening (refused at a cap)
  closed_idle, closed_slow   closed by the server later, while held
  answered      connections on which bytes came back, with status_<code> counts
  held          still open at the end
--report FILE writes the same lines to FILE once the connections are open (the line "ready 1"
last), so that a script can start its load then.
"""
import argparse
import errno
import os
import selectors
import signal
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--idle", type=int, default=0)
    ap.add_argument("--slow", type=int, default=0)
    ap.add_argument("--trickle", type=float, default=1.0)
    ap.add_argument("--hold", type=float, default=10.0)
    ap.add_argument("--sources", type=int, default=0)
    ap.add_argument("--report")
    a = ap.parse_args()

    stop = [False]

    def on_signal(*_):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    sel = selectors.DefaultSelector()
    counts = {"opened": 0, "refused": 0, "refused_late": 0, "closed_idle": 0, "closed_slow": 0,
              "answered": 0}
    statuses = {}
    conns = {}  # fd -> [socket, kind, connected, first bytes received, when connected]

    started = [0]

    def start(kind):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if a.sources > 0:
            s.bind(("127.0.0.%d" % (2 + started[0] % a.sources), 0))
        started[0] += 1
        s.setblocking(False)
        rc = s.connect_ex((a.host, a.port))
        if rc not in (0, errno.EINPROGRESS):
            counts["refused"] += 1
            s.close()
            return
        conns[s.fileno()] = [s, kind, False, b"", 0.0]
        sel.register(s, selectors.EVENT_WRITE | selectors.EVENT_READ)

    def drop(fd, how):
        s = conns.pop(fd)[0]
        sel.unregister(s)
        s.close()
        if how:
            counts[how] += 1

    def pump(timeout):
        for key, ev in sel.select(timeout):
            fd = key.fd
            c = conns.get(fd)
            if c is None:
                continue
            s, kind = c[0], c[1]
            if not c[2]:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err != 0:
                    drop(fd, "refused")
                    continue
                c[2] = True
                c[4] = time.monotonic()
                counts["opened"] += 1
                try:
                    s.send(b"GET /api/search?q=" if kind == "idle" else b"GET /healthz HTTP/1.1\r\n")
                except OSError:
                    pass
                sel.modify(s, selectors.EVENT_READ)
                continue
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                if not c[3]:
                    counts["answered"] += 1
                    parts = data.split(b" ", 2)
                    code = parts[1].decode("ascii", "replace") if len(parts) > 1 else "?"
                    statuses[code] = statuses.get(code, 0) + 1
                c[3] += data[:64]
                continue
            drop(fd, "refused_late" if time.monotonic() - c[4] < 1.0 else "closed_" + kind)

    def report(path, ready):
        lines = ["%s %d" % kv for kv in counts.items()]
        lines += ["status_%s %d" % kv for kv in sorted(statuses.items())]
        lines.append("held %d" % len(conns))
        if ready:
            lines.append("ready 1")
        text = "\n".join(lines) + "\n"
        if path is None:
            sys.stdout.write(text)
        else:
            with open(path + ".tmp", "w") as f:
                f.write(text)
            os.replace(path + ".tmp", path)

    for kind, n in (("idle", a.idle), ("slow", a.slow)):
        for i in range(n):
            start(kind)
            if i % 200 == 199:
                pump(0)
    t_end = time.monotonic() + 30
    while any(not c[2] for c in conns.values()) and time.monotonic() < t_end and not stop[0]:
        pump(0.1)
    if a.report:
        report(a.report, True)
    t_end = time.monotonic() + a.hold
    next_drip = time.monotonic() + a.trickle
    while not stop[0] and time.monotonic() < t_end:
        pump(min(0.2, max(0.0, next_drip - time.monotonic())))
        if time.monotonic() >= next_drip:
            next_drip += a.trickle
            for c in list(conns.values()):
                if c[1] == "slow" and c[2]:
                    try:
                        c[0].send(b"X")
                    except OSError:
                        pass
    pump(0)
    report(None, False)
    for fd in list(conns):
        drop(fd, None)


if __name__ == "__main__":
    main()
