"""What the reliability scripts share: a database of their own (a SQLite
file or a PostgreSQL schema), `ringtrace` run on it, and `ringtrace serve`
started on a free port."""

import os
import subprocess
import sys


class Database:
    """A fresh database for one script: `location` is what RINGTRACE_DB
    gets; a PostgreSQL schema is dropped by `drop()`."""

    def __init__(self, backend, work, name, pg):
        self.backend, self.pg = backend, pg
        if backend == "sqlite":
            self.schema = None
            self.location = os.path.join(work, f"{name}.db")
        else:
            self.schema = f"rt_{name}_{os.getpid()}"
            self.location = f"{pg}?schema={self.schema}"
        self.env = dict(os.environ, RINGTRACE_DB=self.location, RINGTRACE_NO_PROGRESS="1")

    def drop(self):
        if self.schema:
            subprocess.run(["psql", "-q", self.pg, "-c", f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"],
                           capture_output=True)


def run(bin_, env, *args, check=True):
    """`ringtrace ARGS`; exits the script naming the command if it fails
    and `check` is set."""
    out = subprocess.run([bin_, *args], env=env, capture_output=True, text=True)
    if check and out.returncode != 0:
        sys.exit(f"ringtrace {' '.join(args)} failed: {out.stderr}")
    return out


def serve(bin_, env, stderr=subprocess.DEVNULL):
    """Starts `ringtrace serve` on a free loopback port; the process and its
    base URL, read from the line it prints once it serves."""
    p = subprocess.Popen([bin_, "serve", "--addr", "127.0.0.1:0"], env=env,
                         stdout=subprocess.PIPE, stderr=stderr, text=True)
    line = p.stdout.readline()
    if not line.startswith("ringtrace serving on "):
        p.kill()
        sys.exit(f"ringtrace serve did not start: {line!r}")
    return p, line.split()[3].rstrip("/")
