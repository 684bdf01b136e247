#!/usr/bin/env python3
"""Crash safety: SIGKILL `ringtrace import` and `ringtrace serve` (during
batch ingest) at random moments, then check that nothing acknowledged was
lost, nothing was half-written, and `ringtrace check` passes.

Usage:
  scripts/reliability/kill.py --bin target/release/ringtrace \\
      --backend sqlite|postgres --trials 100 [--seed 1] [--pg URL]

Each trial of `import` imports one new file of 400 reports and kills the
process after a random delay: the file must then be wholly in the database
(whether or not the command had finished) or wholly absent, and a file the
command reported as imported must be there. Each trial of `serve` starts the
server on the same database, posts batches of 20 reports from one client
until a random moment, then kills the server: every batch answered 200 must
be there, and every batch all or nothing. After every trial, `ringtrace
check` must exit 0. Exits 1 at the first violation, naming the trial.
On SQLite the imports are also killed in bulk mode (a rollback journal
instead of the write-ahead log, as imports of 256 MiB or more use).
Prints one summary line per mode.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from harness import Database, run, serve


def report(key, rng):
    phone = f"+1 844 {rng.randrange(200, 999)} {rng.randrange(1000, 9999)}"
    return {
        "id": key,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "tlp": "green",
        "narrative": f"A pop-up said to call {phone}; they asked for AnyDesk.",
    }


class Db:
    """Counts reports by id prefix, straight from the database."""

    def __init__(self, backend, location, schema):
        self.backend, self.location, self.schema = backend, location, schema

    def count(self, prefix):
        if self.backend == "sqlite":
            con = sqlite3.connect(self.location)
            try:
                return con.execute(
                    "SELECT COUNT(*) FROM reports WHERE id LIKE ?", (prefix + "%",)
                ).fetchone()[0]
            finally:
                con.close()
        out = subprocess.run(
            ["psql", "-qtA", self.location.split("?")[0], "-c",
             f"SELECT COUNT(*) FROM {self.schema}.reports WHERE id LIKE '{prefix}%'"],
            check=True, capture_output=True, text=True)
        return int(out.stdout.strip())


def check_db(bin_, env, trial, mode):
    out = run(bin_, env, "check", check=False)
    if out.returncode != 0:
        sys.exit(f"{mode} trial {trial}: ringtrace check failed after the kill:\n{out.stderr}")


PER_FILE = 400


def write_file(work, name, prefix, rng):
    path = os.path.join(work, f"{name}.jsonl")
    with open(path, "w") as f:
        for j in range(PER_FILE):
            r = dict(report(f"{prefix}{j:04d}", rng), partner="kill")
            f.write(json.dumps(r) + "\n")
    return path


def import_trials(bin_, env, db, work, trials, rng, journal=None):
    """`journal`: the rollback journal's path when the imports run in bulk
    mode (SQLite); returns how often a kill left one behind as well."""
    # how long one import takes here: the kills fall within 1.3 times that
    t0 = time.time()
    run(bin_, env, "import", write_file(work, "calibration", "cal-", rng))
    span = (time.time() - t0) * 1.3
    finished = killed_mid = hot = 0
    for t in range(trials):
        prefix = f"imp-{t:04d}-" if journal is None else f"bulk-{t:04d}-"
        path = write_file(work, f"batch-{t}", prefix, rng)
        p = subprocess.Popen([bin_, "import", path], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.0, span))
        p.send_signal(signal.SIGKILL) if p.poll() is None else None
        out, err = p.communicate()
        hot += journal is not None and os.path.exists(journal) and os.path.getsize(journal) > 0
        if p.returncode not in (0, -signal.SIGKILL):
            sys.exit(f"import trial {t}: import failed by itself ({p.returncode}): {err}")
        acknowledged = p.returncode == 0 and f"{PER_FILE} reports" in out
        n = db.count(prefix)
        if acknowledged and n != PER_FILE:
            sys.exit(f"import trial {t}: acknowledged, but {n} of {PER_FILE} reports stored")
        if n not in (0, PER_FILE):
            sys.exit(f"import trial {t}: half-imported file: {n} of {PER_FILE} reports stored")
        finished += acknowledged
        killed_mid += not acknowledged
        check_db(bin_, env, t, "import")
    return finished, killed_mid, hot


def serve_trials(bin_, env, db, key, trials, rng):
    acked_total = 0
    for t in range(trials):
        p, url = serve(bin_, env)
        acked, sent, stop = [], [], threading.Event()

        def client():
            b = 0
            while not stop.is_set():
                prefix = f"srv-{t:04d}-{b:04d}-"
                body = json.dumps([report(f"{prefix}{j:02d}", rng) for j in range(20)]).encode()
                req = urllib.request.Request(
                    f"{url}/v1/reports", data=body, method="POST",
                    headers={"authorization": f"Bearer {key}", "content-type": "application/json"})
                sent.append(prefix)
                try:
                    with urllib.request.urlopen(req, timeout=10) as r:
                        if r.status == 200:
                            acked.append(prefix)
                except (urllib.error.URLError, ConnectionError, OSError):
                    return
                b += 1

        th = threading.Thread(target=client)
        th.start()
        time.sleep(rng.uniform(0.05, 1.0))
        p.send_signal(signal.SIGKILL)
        p.wait()
        stop.set()
        th.join()
        for prefix in sent:
            n = db.count(prefix)
            if prefix in acked and n != 20:
                sys.exit(f"serve trial {t}: batch {prefix} acknowledged, but {n} of 20 stored")
            if n not in (0, 20):
                sys.exit(f"serve trial {t}: batch {prefix} half-written: {n} of 20 stored")
        acked_total += len(acked)
        check_db(bin_, env, t, "serve")
    return acked_total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/test")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="ringtrace-kill-")
    database = Database(a.backend, work, "kill", a.pg)
    env = database.env
    db = Db(a.backend, database.location, database.schema)
    try:
        run(a.bin, env, "partner", "add", "kill")
        key = run(a.bin, env, "key", "create", "--partner", "kill", "--role", "partner").stdout.strip()
        t0 = time.time()
        finished, killed, _ = import_trials(a.bin, env, db, work, a.trials, rng)
        print(f"{a.backend} import: {a.trials} kills survived ({finished} imports had finished, "
              f"{killed} were killed midway; none lost or half-imported) in {time.time() - t0:.0f} s")
        if a.backend == "sqlite":
            # The same in bulk mode (a rollback journal instead of the
            # write-ahead log, as for imports of 256 MiB or more).
            t0 = time.time()
            bulk_env = dict(env, RINGTRACE_BULK_MIN_BYTES="1")
            finished, killed, hot = import_trials(a.bin, bulk_env, db, work, a.trials, rng,
                                                  journal=database.location + "-journal")
            if killed and not hot:
                sys.exit("bulk import: no kill left a rollback journal: bulk mode was not used")
            print(f"{a.backend} import, bulk mode: {a.trials} kills survived ({finished} imports had "
                  f"finished, {killed} were killed midway, {hot} leaving a journal to roll back; "
                  f"none lost or half-imported) in {time.time() - t0:.0f} s")
        t0 = time.time()
        acked = serve_trials(a.bin, env, db, key, a.trials, rng)
        print(f"{a.backend} serve: {a.trials} kills survived ({acked} acknowledged batches of 20, "
              f"all there; no batch half-written) in {time.time() - t0:.0f} s")
    finally:
        database.drop()


if __name__ == "__main__":
    main()
