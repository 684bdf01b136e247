#!/usr/bin/env python3
"""Changed versions of reports already imported, for `ringtrace bench
incremental`: the kinds of correction a partner sends.

    bench-updates.py BASE.jsonl N SEED > updates.jsonl

A quarter of them change only the loss and add a sentence with no
indicator (the same linking values); a quarter take in another report's
narrative (two complaints of one victim merged: values added); a quarter
keep only the first sentence of the narrative (values lost); a quarter
lose every value (the narrative replaced by a sentence with none, the
given indicators dropped: the report no longer links to its ring). Which values an edit adds or
removes is up to the extractor; the bench counts what each turned out to be.
"""

import json
import random
import sys


def main():
    base, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(base, encoding="utf-8") as f:
        reports = [json.loads(line) for line in f if line.strip()]
    # A key sent twice (a partner's re-send) is stored once, as its last line.
    last = {}
    for r in reports:
        last[(r["partner"], r["id"])] = r
    reports = list(last.values())
    rng = random.Random(seed)
    picked = rng.sample(range(len(reports)), min(n, len(reports)))
    for k, i in enumerate(picked):
        r = dict(reports[i])
        narrative = r.get("narrative") or ""
        first = narrative.split(". ")[0]
        first = first if first.endswith(".") else first + "."
        mode = k % 4
        if mode == 2 and first == narrative:
            mode = 0  # one sentence: nothing to cut
        if mode == 0:
            loss = r.get("loss") or {"amount": 0.0, "currency": "USD"}
            r["loss"] = dict(loss, amount=round(loss["amount"] + 10.0, 2))
            r["narrative"] = narrative + " I am reporting this again with the right amount."
        elif mode == 1:
            other = reports[rng.randrange(len(reports))]
            r["narrative"] = narrative + " " + (other.get("narrative") or "")
        elif mode == 2:
            r["narrative"] = first
        else:
            r["narrative"] = "They called me about a refund and I paid them."
            r.pop("indicators", None)
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
