#!/usr/bin/env python3
"""Soak: a mixed load on `ringtrace serve` for a while, with its memory and
latency percentiles over time.

Usage:
  scripts/reliability/soak.py --bin target/release/ringtrace \\
      [--seconds 1800] [--interval 60] [--reports 20000] [--markdown OUT.md]

A database of --reports simulated reports is served; four kinds of client
run at once until the time is up: ingest (batches of 50 reports, two a
second: 49 sent again unchanged, as partners re-send, and one new, so the
data grows slowly and memory can be judged), lookup (single values, known and unknown, as fast as one
client goes), interface pages (dashboard, ring list, a ring, an indicator,
with a signed-in session) and TAXII paging (a collection followed through
`next` with limit 200, from the start again at the end). Every interval,
one line: the server's resident memory and, per kind, requests, errors and
p50/p95/p99 latency. Exits 1 if any request failed, or if memory after the
first fifth of the run (warm-up) grew by more than --max-growth (10%).
"""

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from harness import Database, run, serve

TAXII = "application/taxii+json;version=2.1"
COMMUNITY = "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.lat = {}
        self.err = {}
        self.total_err = 0
        self.first_error = None

    def add(self, kind, seconds, ok, what=""):
        with self.lock:
            self.lat.setdefault(kind, []).append(seconds)
            if not ok:
                self.err[kind] = self.err.get(kind, 0) + 1
                self.total_err += 1
                self.first_error = self.first_error or f"{kind}: {what}"

    def take(self):
        with self.lock:
            lat, err = self.lat, self.err
            self.lat, self.err = {}, {}
        return lat, err


def pct(xs, p):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def call(stats, kind, req, stop):
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
            stats.add(kind, time.perf_counter() - t0, 200 <= r.status < 300, r.status)
            return body
    except urllib.error.HTTPError as e:
        stats.add(kind, time.perf_counter() - t0, False, f"HTTP {e.code} {req.full_url}")
    except Exception as e:  # noqa: BLE001 - any failure is an error of the run
        if not stop.is_set():
            stats.add(kind, time.perf_counter() - t0, False, f"{e} {req.full_url}")
    return None


def sign_in(base, key):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(f"{base}/sign-in").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"key": key, "csrf": csrf, "next": "/"}).encode()
    opener.open(urllib.request.Request(f"{base}/sign-in", data=data))
    return opener


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=int, default=1800)
    ap.add_argument("--interval", type=int, default=60)
    ap.add_argument("--reports", type=int, default=20000)
    ap.add_argument("--markdown")
    ap.add_argument("--max-growth", type=float, default=10.0,
                    help="percent of memory growth after warm-up allowed (a short run's warm-up is short)")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ringtrace-soak-")
    env = Database("sqlite", work, "soak", None).env

    def rt(*args):
        return run(a.bin, env, *args).stdout

    rt("sim", "--reports", str(a.reports), "--out", os.path.join(work, "sim"))
    rt("import", os.path.join(work, "sim", "reports.jsonl"))
    values = []
    for line in rt("rings", "--format", "jsonl", "--limit", "200").splitlines():
        ring = json.loads(line)
        values += [(i["kind"], i["value"]) for i in ring.get("indicators", [])[:3]]
    rings = [json.loads(l)["ring"] for l in rt("rings", "--format", "jsonl", "--limit", "50").splitlines()]
    rt("partner", "add", "soak")
    key = rt("key", "create", "--partner", "soak", "--role", "analyst").strip()
    server, base = serve(a.bin, env)
    auth = {"authorization": f"Bearer {key}"}
    stats, stop = Stats(), threading.Event()
    rng = random.Random(1)

    def ingest():
        # each batch: 49 reports sent again unchanged (partners re-send;
        # the answer is "unchanged") and one new report, so the data grows
        # slowly and memory can be judged
        pool = [{
            "id": f"soak-pool-{j}", "received_at": "2026-11-02T10:00:00Z", "region": "US",
            "tlp": "green", "narrative": f"Pop-up: call +1 844 555 {1000 + j}.",
        } for j in range(490)]
        n = 0
        while not stop.is_set():
            batch = pool[(n % 10) * 49:(n % 10) * 49 + 49] + [{
                "id": f"soak-new-{n}", "received_at": "2026-11-02T10:00:00Z", "region": "US",
                "tlp": "green",
                "narrative": f"Pop-up: call +1 844 {rng.randrange(200, 999)} {rng.randrange(1000, 9999)}.",
            }]
            req = urllib.request.Request(f"{base}/v1/reports", data=json.dumps(batch).encode(),
                                         method="POST", headers={**auth, "content-type": "application/json"})
            call(stats, "ingest", req, stop)
            n += 1
            time.sleep(0.5)

    def lookup():
        while not stop.is_set():
            kind, value = rng.choice(values) if rng.random() < 0.7 else ("phone", f"+1844{rng.randrange(2000000, 9999999)}")
            q = urllib.parse.urlencode({"value": value, "kind": kind})
            call(stats, "lookup", urllib.request.Request(f"{base}/v1/lookup?{q}", headers=auth), stop)

    def pages():
        opener = sign_in(base, key)
        paths = ["/", "/rings"] + [f"/rings/{r}" for r in rings[:10]]
        while not stop.is_set():
            path = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                with opener.open(f"{base}{path}", timeout=30) as r:
                    r.read()
                    stats.add("pages", time.perf_counter() - t0, r.status == 200, r.status)
            except Exception as e:  # noqa: BLE001
                if not stop.is_set():
                    stats.add("pages", time.perf_counter() - t0, False, f"{e} {path}")

    def taxii():
        nxt = None
        while not stop.is_set():
            q = "limit=200" + (f"&next={urllib.parse.quote(nxt)}" if nxt else "")
            req = urllib.request.Request(
                f"{base}/taxii2/ringtrace/collections/{COMMUNITY}/objects/?{q}",
                headers={**auth, "accept": TAXII})
            body = call(stats, "taxii", req, stop)
            page = json.loads(body) if body else {}
            nxt = page.get("next") if page.get("more") else None

    threads = [threading.Thread(target=f) for f in (ingest, lookup, pages, taxii)]
    for t in threads:
        t.start()
    rows, t0 = [], time.time()
    try:
        while time.time() - t0 < a.seconds:
            time.sleep(min(a.interval, a.seconds - (time.time() - t0)))
            lat, err = stats.take()
            row = {"t": round(time.time() - t0), "rss": rss_mib(server.pid)}
            for kind in ("ingest", "lookup", "pages", "taxii"):
                xs = lat.get(kind, [])
                row[kind] = (len(xs), err.get(kind, 0), pct(xs, 50), pct(xs, 95), pct(xs, 99))
            rows.append(row)
            print(f"{row['t']:>5} s  rss {row['rss']:7.1f} MiB  " + "  ".join(
                f"{k} {row[k][0]} req {row[k][1]} err p50/95/99 {row[k][2]:.1f}/{row[k][3]:.1f}/{row[k][4]:.1f} ms"
                for k in ("ingest", "lookup", "pages", "taxii")), flush=True)
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.terminate()
        server.wait()
    warm = rows[max(0, len(rows) // 5 - 1)]["rss"] if rows else 0
    peak_after = max((r["rss"] for r in rows[len(rows) // 5:]), default=0)
    growth = (peak_after - warm) / warm * 100 if warm else 0
    print(f"memory after warm-up: {warm:.1f} MiB, peak later {peak_after:.1f} MiB ({growth:+.1f}%); "
          f"errors: {stats.total_err}")
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("| t (s) | RSS (MiB) | ingest req / p50 / p99 (ms) | lookup req / p50 / p99 | "
                    "pages req / p50 / p99 | TAXII req / p50 / p99 | errors |\n|---|---|---|---|---|---|---|\n")
            for r in rows:
                cells = [f"{r[k][0]} / {r[k][2]:.1f} / {r[k][4]:.1f}" for k in ("ingest", "lookup", "pages", "taxii")]
                errs = sum(r[k][1] for k in ("ingest", "lookup", "pages", "taxii"))
                f.write(f"| {r['t']} | {r['rss']:.0f} | " + " | ".join(cells) + f" | {errs} |\n")
    if stats.total_err:
        sys.exit(f"{stats.total_err} requests failed; the first: {stats.first_error}")
    if growth > a.max_growth:
        sys.exit(f"memory grew {growth:.1f}% after warm-up (limit {a.max_growth:g}%)")


if __name__ == "__main__":
    main()
