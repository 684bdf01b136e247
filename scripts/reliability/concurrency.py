#!/usr/bin/env python3
"""Concurrency: two `ringtrace serve` processes on one database (a SQLite
file or a PostgreSQL schema), several writers and many readers at once.

Usage:
  scripts/reliability/concurrency.py --bin target/debug/ringtrace \\
      --backend sqlite|postgres [--writers 4] [--readers 8] [--batches 40]

Each writer posts batches of 10 reports, alternating between the two
servers. Every report names one of a few "call-centre" numbers shared by
all writers, so rings grow from both servers at once; one report in five
is sent twice, by two writers to the two servers at the same moment (the
second must be an idempotent repeat). Readers look numbers up and read
rings meanwhile. Afterwards:
- no request failed (no "database is locked", no 500);
- every acknowledged report is stored exactly once (no lost update, no
  duplicate);
- `ringtrace check` passes (every report in one ring, sizes right);
- the reports of each call-centre number are in one ring (no split brain).
Exits 1 on the first violation.
"""

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

from harness import Database, run, serve

CENTRES = [f"+1 844 555 {n:04d}" for n in (1201, 1302, 1403, 1504, 1605)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--batches", type=int, default=40)
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/test")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ringtrace-conc-")
    database = Database(a.backend, work, "conc", a.pg)
    env, schema = database.env, database.schema

    def rt(*args):
        return run(a.bin, env, *args).stdout

    servers = []
    try:
        rt("partner", "add", "conc")
        key = rt("key", "create", "--partner", "conc", "--role", "partner").strip()
        logs = [os.path.join(work, f"serve-{i}.log") for i in range(2)]
        for log in logs:
            servers.append(serve(a.bin, env, stderr=open(log, "w")))
        urls = [u for _, u in servers]
        auth = {"authorization": f"Bearer {key}", "content-type": "application/json"}
        failures, acked, centre_of = [], set(), {}
        lock, done = threading.Lock(), threading.Event()
        barrier = threading.Barrier(a.writers)

        def post(url, batch):
            req = urllib.request.Request(f"{url}/v1/reports", data=json.dumps(batch).encode(),
                                         method="POST", headers=auth)
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()
            except Exception as e:  # noqa: BLE001
                return 0, str(e).encode()

        def writer(w):
            rng = random.Random(w)
            for b in range(a.batches):
                batch = []
                for j in range(10):
                    # one report in five is shared by writer pairs: the same
                    # id and content, sent by both at once
                    shared = j % 5 == 0
                    rid = f"shared-{b}-{j}-{w // 2}" if shared else f"w{w}-{b}-{j}"
                    centre = CENTRES[(b + j) % len(CENTRES)] if shared else rng.choice(CENTRES)
                    with lock:
                        centre_of[rid] = centre
                    batch.append({"id": rid, "received_at": "2026-11-02T10:00:00Z", "region": "US",
                                  "tlp": "green",
                                  "narrative": f"Call {centre} said the pop-up; they wanted AnyDesk."})
                barrier.wait()
                status, body = post(urls[(w + b) % 2], batch)
                with lock:
                    if status == 200:
                        acked.update(r["id"] for r in batch)
                    else:
                        failures.append(f"writer {w} batch {b}: {status} {body[:300]!r}")

        def reader(n):
            rng = random.Random(100 + n)
            while not done.is_set():
                url = rng.choice(urls)
                centre = rng.choice(CENTRES).replace(" ", "")
                req = urllib.request.Request(f"{url}/v1/lookup?value={urllib.request.quote(centre)}",
                                             headers=auth)
                try:
                    with urllib.request.urlopen(req, timeout=60) as r:
                        r.read()
                except urllib.error.HTTPError as e:
                    with lock:
                        failures.append(f"reader {n}: {e.code} {e.read()[:300]!r}")
                except Exception as e:  # noqa: BLE001
                    with lock:
                        failures.append(f"reader {n}: {e}")

        writers = [threading.Thread(target=writer, args=(w,)) for w in range(a.writers)]
        readers = [threading.Thread(target=reader, args=(n,)) for n in range(a.readers)]
        for t in readers + writers:
            t.start()
        for t in writers:
            t.join()
        done.set()
        for t in readers:
            t.join()
        if failures:
            errors = [l for log in logs for l in open(log) if "ERROR" in l or "error" in l][:3]
            sys.exit(f"{len(failures)} requests failed; the first: {failures[0]}\n"
                     f"server logs ({work}):\n" + "".join(errors))

        # every acknowledged report exactly once
        if a.backend == "sqlite":
            con = sqlite3.connect(database.location)
            rows = con.execute("SELECT id, COUNT(*) FROM reports GROUP BY id").fetchall()
            con.close()
        else:
            out = subprocess.run(["psql", "-qtA", "-F", "|", a.pg, "-c",
                                  f"SELECT id, COUNT(*) FROM {schema}.reports GROUP BY id"],
                                 check=True, capture_output=True, text=True).stdout
            rows = [(l.split("|")[0], int(l.split("|")[1])) for l in out.splitlines() if l]
        stored = dict(rows)
        lost = sorted(acked - stored.keys())
        doubled = sorted(k for k, n in stored.items() if n != 1)
        if lost or doubled:
            sys.exit(f"lost {lost[:5]} (of {len(lost)}), duplicated {doubled[:5]}")

        check = subprocess.run([a.bin, "check"], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit(f"ringtrace check failed: {check.stderr}")

        # one ring per call-centre number
        ring_of = {}
        for line in rt("rings", "--format", "jsonl", "--min-reports", "1").splitlines():
            r = json.loads(line)
            for k in r["reports"]:
                ring_of[k.split(":", 1)[1]] = r["ring"]
        for centre in CENTRES:
            rings = {ring_of.get(rid) for rid, c in centre_of.items() if c == centre}
            if len(rings) != 1:
                sys.exit(f"split brain: the reports of {centre} are in {len(rings)} rings: {sorted(map(str, rings))}")
        print(f"{a.backend}: 2 servers, {a.writers} writers, {a.readers} readers: "
              f"{len(acked)} reports acknowledged, all stored once; check passes; "
              f"{len(CENTRES)} numbers, one ring each")
    finally:
        for p, _ in servers:
            p.terminate()
            p.wait()
        database.drop()


if __name__ == "__main__":
    main()
