#!/usr/bin/env python3
"""Cross-check: openmined-psi and ringtrace-psi compute the same
intersection of the same random sets.

    /tmp/psi-venv/bin/python scripts/psi/crosscheck.py --n 20000 --seed 7

Writes two newline files (random phone numbers from a small space, so they
overlap, with some duplicates), intersects them with openmined-psi
(reveal_intersection=True, DataStructure.RAW) and with
`target/release/examples/psi_files` (built first if missing), and exits 1
unless both give the same set of lines.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import private_set_intersection.python as psi

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# PSI_FILES_BIN: an already built `psi_files` example (CI uses the debug one).
EXAMPLE = os.environ.get("PSI_FILES_BIN") or os.path.join(ROOT, "target", "release", "examples", "psi_files")


def random_set(rng, n, space):
    items = [f"+1800{rng.randrange(space):07}" for _ in range(n)]
    # A few duplicates: both sides must deduplicate.
    return items + items[: n // 100]


def openmined_intersection(client_items, server_items):
    server = psi.server.CreateWithNewKey(True)
    client = psi.client.CreateWithNewKey(True)
    setup = server.CreateSetupMessage(
        1e-9, len(client_items), server_items, psi.DataStructure.RAW
    )
    response = server.ProcessRequest(client.CreateRequest(client_items))
    return {client_items[i] for i in client.GetIntersection(setup, response)}


def ringtrace_intersection(path_a, path_b):
    if not os.path.exists(EXAMPLE):
        subprocess.run(
            ["cargo", "build", "--release", "-p", "ringtrace-psi", "--example", "psi_files"],
            cwd=ROOT,
            check=True,
        )
    out = subprocess.run([EXAMPLE, path_a, path_b], check=True, capture_output=True, text=True)
    return set(out.stdout.splitlines())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--space", type=int, default=None, help="numbers drawn from [0, space)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    space = args.space or 3 * args.n
    a, b = random_set(rng, args.n, space), random_set(rng, args.n, space)
    with tempfile.TemporaryDirectory() as tmp:
        path_a, path_b = os.path.join(tmp, "a.txt"), os.path.join(tmp, "b.txt")
        for path, items in ((path_a, a), (path_b, b)):
            with open(path, "w") as f:
                f.write("\n".join(items) + "\n")
        ours = ringtrace_intersection(path_a, path_b)
    theirs = openmined_intersection(a, b)
    plain = set(a) & set(b)
    result = {
        "n": args.n,
        "seed": args.seed,
        "plain": len(plain),
        "openmined_psi": len(theirs),
        "ringtrace_psi": len(ours),
        "equal": ours == theirs == plain,
    }
    print(json.dumps(result))
    sys.exit(0 if result["equal"] else 1)


if __name__ == "__main__":
    main()
