#!/usr/bin/env python3
"""openmined-psi (PyPI `openmined.psi`, ECDH over P-256) on the same sets as
`cargo run --release -p ringtrace-psi --example psi_bench`, printing the same
JSON fields.

Run in the venv that scripts/psi/bench.sh makes:
    /tmp/psi-venv/bin/python scripts/psi/openmined_bench.py --n 100000 --overlap 0.5

Measured: server setup (server encrypts its set) + client request + server
response + client intersection, with reveal_intersection=True and
DataStructure.RAW (the server's encrypted set sent as a plain list of
compressed P-256 points, 33 bytes each, rather than a GCS or Bloom filter),
so the bytes compare with ringtrace's 32-byte ristretto255 points. Bytes are
the lengths of the serialized protobuf messages (setup + request + response).
"""

import argparse
import json
import time

import private_set_intersection.python as psi


def sets(n, overlap):
    """The benchmark sets: k common items, the rest private to each side."""
    k = round(n * overlap)
    common = [f"+1555{i:08}" for i in range(k)]
    client = common + [f"+1666{i:08}" for i in range(n - k)]
    server = common + [f"+1777{i:08}" for i in range(n - k)]
    return client, server


def threads():
    """Threads of this process now (openmined-psi starts no pool)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


class Clock:
    def __init__(self):
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def phase(self):
        return {
            "wall_s": round(time.perf_counter() - self.wall, 3),
            "cpu_s": round(time.process_time() - self.cpu, 2),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--overlap", type=float, default=0.5)
    args = ap.parse_args()
    client_items, server_items = sets(args.n, args.overlap)

    total = Clock()
    t = Clock()
    server = psi.server.CreateWithNewKey(True)
    setup = server.CreateSetupMessage(
        1e-9, len(client_items), server_items, psi.DataStructure.RAW
    )
    setup_bytes = setup.SerializeToString()
    phase_setup = t.phase()

    t = Clock()
    client = psi.client.CreateWithNewKey(True)
    request = client.CreateRequest(client_items)
    request_bytes = request.SerializeToString()
    phase_request = t.phase()

    t = Clock()
    response = server.ProcessRequest(psi.Request.FromString(request_bytes))
    response_bytes = response.SerializeToString()
    phase_response = t.phase()

    t = Clock()
    indices = client.GetIntersection(
        psi.ServerSetup.FromString(setup_bytes), psi.Response.FromString(response_bytes)
    )
    phase_intersect = t.phase()
    overall = total.phase()

    wire = len(setup_bytes) + len(request_bytes) + len(response_bytes)
    points = len(server_items) + 2 * len(client_items)
    print(
        json.dumps(
            {
                "impl": "openmined-psi",
                "version": psi.__version__,
                "group": "P-256",
                "data_structure": "Raw",
                "n": args.n,
                "overlap": args.overlap,
                "threads": threads(),
                "intersection": len(set(indices)),
                "wall_s": overall["wall_s"],
                "cpu_s": overall["cpu_s"],
                "wire_bytes": wire,
                "bytes_per_element": round(wire / max(1, 2 * args.n), 3),
                "bytes_per_point": round(wire / max(1, points), 3),
                "phases": {
                    "setup": phase_setup,
                    "request": phase_request,
                    "response": phase_response,
                    "intersect": phase_intersect,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
