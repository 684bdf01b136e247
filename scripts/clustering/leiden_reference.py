#!/usr/bin/env python3
"""The same weighted report graph clustered by leidenalg (CPMVertexPartition).

`cargo run --release -p ringtrace-link --example cluster_sim -- --sizes 100000 --export DIR`
writes DIR/edges.tsv (report, report, weight; repeated pairs add up), DIR/truth.txt
(one ground-truth label per report) and DIR/params.txt (reports, gamma, seed). This
script loads them into igraph, runs leidenalg's Leiden with the constant Potts model
at the same resolution (n_iterations=-1: until stable), and prints B-cubed F1 and
the time, beside which our `cluster, Leiden only` line reads (the same graph, before
ringtrace's own merge of groups that share several values, which is not reproduced here).

    python3 -m venv /tmp/rt-venv && /tmp/rt-venv/bin/pip install leidenalg igraph
    /tmp/rt-venv/bin/python scripts/clustering/leiden_reference.py DIR
"""
import collections
import sys
import time

import igraph as ig
import leidenalg


def bcubed(truth, pred):
    cell = collections.Counter(zip(pred, truth))
    ps = collections.Counter(pred)
    ts = collections.Counter(truth)
    n = len(truth)
    p = sum(cell[(q, t)] / ps[q] for q, t in zip(pred, truth)) / n
    r = sum(cell[(q, t)] / ts[t] for q, t in zip(pred, truth)) / n
    return p, r, 2 * p * r / (p + r)


def quality(weights, membership, gamma):
    """CPM quality as ringtrace's leiden::quality states it: weight inside minus gamma times pairs inside."""
    inside = sum(w for (a, b), w in weights.items() if membership[a] == membership[b])
    sizes = collections.Counter(membership)
    return inside - gamma * sum(k * (k - 1) / 2 for k in sizes.values())


def main(d):
    params = dict(line.rstrip("\n").split("\t") for line in open(f"{d}/params.txt"))
    n, gamma, seed = int(params["reports"]), float(params["gamma"]), int(params["seed"])
    t0 = time.perf_counter()
    weights = collections.defaultdict(float)
    with open(f"{d}/edges.tsv") as f:
        for line in f:
            a, b, w = line.split("\t")
            a, b = int(a), int(b)
            if a != b:
                weights[(min(a, b), max(a, b))] += float(w)
    g = ig.Graph(n=n, edges=list(weights.keys()))
    g.es["weight"] = list(weights.values())
    truth = [line.rstrip("\n") for line in open(f"{d}/truth.txt")]
    t1 = time.perf_counter()
    print(f"leidenalg {leidenalg.version}, CPM gamma {gamma}: {n} reports, {g.ecount()} edges, loaded in {t1 - t0:.1f} s")
    # 2 iterations is leidenalg's default; -1 iterates until no improvement
    for iterations in (2, -1):
        t1 = time.perf_counter()
        part = leidenalg.find_partition(
            g,
            leidenalg.CPMVertexPartition,
            weights="weight",
            resolution_parameter=gamma,
            n_iterations=iterations,
            seed=seed,
        )
        t2 = time.perf_counter()
        p, r, f1 = bcubed(truth, part.membership)
        print(
            f"  n_iterations {iterations:>2}: B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}; {len(part)} clusters; "
            f"quality {quality(weights, part.membership, gamma):.1f} (leidenalg's own figure "
            f"{part.quality():.1f}); Leiden {t2 - t1:.2f} s"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ringtrace-graph")
