#!/usr/bin/env python3
"""Scores ringtrace and the peers on the labelled corpus, and times them.

Quality: every tool reads every case's text; what it reports is mapped to the
spec's kinds and normalised the same way for everyone (and for the labels):
URLs with scheme and host lower-cased, host IDNA, default port, fragment and
an empty path made `/`; domains lower-case ASCII; emails lower-case; IPs in
their compressed form; phone numbers parsed with `phonenumbers` (the case's
region) to E.164; wallets as chain:address. A domain a tool reports that is
the domain part of an email it reports in the same text is ignored (the spec
does not ask for it, and it is not counted against anyone). Precision and
recall per kind are computed only for the kinds a tool supports.

Throughput: each tool over the same text (one core, taskset by run.sh), in
MB of text per second of CPU time (so that other work on a shared machine
does not distort the comparison): extraction only for the Python tools (their
imports and set-up excluded); for ringtrace two figures, the whole `ringtrace
extract --jsonl` process (start-up and JSON in and out included, CPU time)
and, measured as the Python tools are, the extraction alone (`ringtrace bench
extract`: the texts read first, then one pass of the library over them on a
fresh thread, wall time, so never less than its CPU time).
"""

import argparse
import ipaddress
import json
import os
import resource
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict

import phonenumbers

KINDS = ["phone", "url", "domain", "email", "ip", "upi", "iban", "crypto_wallet", "remote_id", "gift_card", "bank_account"]


def load(path):
    cases = []
    for name in sorted(os.listdir(path)):
        if name.endswith(".jsonl"):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                cases += [json.loads(l) for l in f if l.strip()]
    return cases


# ------------------------------------------------------------------ normalisation


def norm_host(h):
    h = h.strip().rstrip(".").lower()
    try:
        return h.encode("idna").decode("ascii") if not h.isascii() else h
    except UnicodeError:
        return h


def norm_url(u):
    u = u.strip()
    if u.lower().startswith("www."):
        u = "http://" + u
    try:
        p = urllib.parse.urlsplit(u)
        host = norm_host(p.hostname or "")
        port = p.port
    except ValueError:
        return u
    scheme = p.scheme.lower()
    default = {"http": 80, "https": 443, "ftp": 21}.get(scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    path = p.path or "/"
    q = f"?{p.query}" if p.query else ""
    return f"{scheme}://{netloc}{path}{q}"


def norm_ip(a):
    try:
        return str(ipaddress.ip_address(a.strip().strip("[]")))
    except ValueError:
        return a


def norm_phone(raw, region):
    try:
        n = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)


def norm_wallet(kind, a):
    a = a.strip()
    if kind == "bitcoin":
        return "btc:" + (a.lower() if a.lower().startswith("bc1") else a)
    if kind == "ethereum":
        return "eth:" + a.lower()
    if kind == "tron":
        return "trx:" + a
    return a


def norm(kind, value):
    if kind == "url":
        return norm_url(value)
    if kind == "domain":
        return norm_host(value)
    if kind in ("email", "upi"):
        return value.strip().lower()
    if kind == "ip":
        return norm_ip(value)
    if kind == "iban":
        return value.replace(" ", "").upper()
    return value


def finish(pairs):
    """Normalised (kind, value) list, dropping domains of reported emails."""
    out = [(k, norm(k, v)) for k, v in pairs if v]
    email_domains = {v.rsplit("@", 1)[1] for k, v in out if k == "email" and "@" in v}
    return [(k, v) for k, v in out if not (k == "domain" and v in email_domains)]


# ------------------------------------------------------------------ tools


def run_iocextract(text, region):
    import iocextract

    out = [("url", u) for u in iocextract.extract_urls(text, refang=True)]
    out += [("email", e) for e in iocextract.extract_emails(text, refang=True)]
    out += [("ip", i) for i in iocextract.extract_ips(text, refang=True)]
    for t in iocextract.extract_telephone_nums(text):
        p = norm_phone(t, region)
        if p:
            out.append(("phone", p))
    return out


def run_ioc_finder(text, region):
    from ioc_finder import find_iocs

    r = find_iocs(text)
    out = [("url", u) for u in r.get("urls", [])]
    out += [("domain", d) for d in r.get("domains", [])]
    out += [("email", e) for e in r.get("email_addresses", [])]
    out += [("ip", i) for i in r.get("ipv4s", []) + r.get("ipv6s", [])]
    out += [("crypto_wallet", norm_wallet("bitcoin", b)) for b in r.get("bitcoin_addresses", [])]
    for t in r.get("phone_numbers", []):
        p = norm_phone(t, region)
        if p:
            out.append(("phone", p))
    return out


_searcher = None


def run_iocsearcher(text, region):
    global _searcher
    if _searcher is None:
        from iocsearcher.searcher import Searcher

        _searcher = Searcher()
    out = []
    for ioc in _searcher.search_data(text):
        k, v = ioc.name, ioc.value
        if k == "url":
            out.append(("url", v))
        elif k == "fqdn":
            out.append(("domain", v))
        elif k == "email":
            out.append(("email", v))
        elif k in ("ip4", "ip6"):
            out.append(("ip", v))
        elif k == "iban":
            out.append(("iban", v))
        elif k in ("bitcoin", "ethereum", "tron"):
            out.append(("crypto_wallet", norm_wallet(k, v)))
        elif k == "phoneNumber":
            p = norm_phone(v, region)
            if p:
                out.append(("phone", p))
    return out


def run_phonenumbers(text, region):
    return [
        ("phone", phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        for m in phonenumbers.PhoneNumberMatcher(text, region or "ZZ")
    ]


PEERS = {
    "iocextract": (run_iocextract, {"url", "email", "ip", "phone"}),
    "ioc-finder": (run_ioc_finder, {"url", "domain", "email", "ip", "crypto_wallet"}),
    "iocsearcher": (run_iocsearcher, {"url", "domain", "email", "ip", "iban", "crypto_wallet", "phone"}),
    "phonenumbers": (run_phonenumbers, {"phone"}),
}


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bench_ringtrace(binary, path):
    """MB/s of `ringtrace bench extract` on the cases in `path`: one timed
    round after an untimed pass, as each Python tool is timed after a warm-up
    and earlier rounds in the same process (the phone verdicts it remembers
    are forgotten before the timed round)."""
    p = subprocess.run([binary, "bench", "extract", path], capture_output=True, check=True)
    return json.loads(p.stdout)["mb_per_s"]


def run_ringtrace(binary, cases):
    """Indicators per case, and the CPU seconds of the `ringtrace` process."""
    lines = "".join(
        json.dumps({"id": c["id"], "text": c["text"], "region": c.get("region")}) + "\n" for c in cases
    )
    t = child_cpu()
    p = subprocess.run([binary, "extract", "--jsonl"], input=lines.encode(), capture_output=True, check=True)
    secs = child_cpu() - t
    got = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        got[r["id"]] = [(i["kind"], i["value"]) for i in r["indicators"]]
    return [got.get(c["id"], []) for c in cases], secs


# ------------------------------------------------------------------ scoring


def score(cases, preds, supported):
    per = defaultdict(lambda: [0, 0, 0])  # tp fp fn
    for c, pred in zip(cases, preds):
        gold = finish([(e["kind"], e["value"]) for e in c["expect"]])
        pred = [p for p in finish(pred) if p[0] in supported]
        gold = [g for g in gold if g[0] in supported]
        left = list(pred)
        for g in gold:
            if g in left:
                left.remove(g)
                per[g[0]][0] += 1
            else:
                per[g[0]][2] += 1
        for p in left:
            per[p[0]][1] += 1
    return per


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringtrace", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--throughput", help="JSONL of cases to time every tool on")
    ap.add_argument("--rounds", type=int, default=3, help="times each tool is timed (best kept)")
    ap.add_argument("--json", help="write all figures to this file")
    args = ap.parse_args()

    cases = load(args.corpus)
    mb = sum(len(c["text"].encode()) for c in cases) / 1e6
    print(f"corpus: {len(cases)} cases, {mb:.3f} MB of text\n")
    results = {}
    ours, _ = run_ringtrace(args.ringtrace, cases)
    results["ringtrace"] = (score(cases, ours, set(KINDS)), set(KINDS))
    for name, (fn, kinds) in PEERS.items():
        preds = [fn(c["text"], c.get("region")) for c in cases]
        results[name] = (score(cases, preds, kinds), kinds)

    tools = list(results)
    print("precision / recall / F1 per kind (— where the tool does not read the kind)\n")
    print("| kind | " + " | ".join(tools) + " |")
    print("|---|" + "---|" * len(tools))
    figures = {}
    for k in KINDS:
        row = []
        for t in tools:
            per, kinds = results[t]
            if k not in kinds:
                row.append("—")
                continue
            p, r, f = prf(*per[k])
            figures.setdefault(t, {})[k] = {"p": p, "r": r, "f1": f, "tp": per[k][0], "fp": per[k][1], "fn": per[k][2]}
            row.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
        print(f"| {k} | " + " | ".join(row) + " |")
    row = []
    for t in tools:
        per, kinds = results[t]
        tp = sum(v[0] for v in per.values())
        fp = sum(v[1] for v in per.values())
        fn_ = sum(v[2] for v in per.values())
        p, r, f = prf(tp, fp, fn_)
        figures.setdefault(t, {})["micro (kinds it reads)"] = {"p": p, "r": r, "f1": f}
        row.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
    print("| micro, kinds it reads | " + " | ".join(row) + " |")
    # Micro over every kind of the spec: a kind a tool does not read counts as missed.
    row = []
    for t in tools:
        per, kinds = results[t]
        gold_all = sum(1 for c in cases for e in c["expect"])
        tp = sum(v[0] for v in per.values())
        fp = sum(v[1] for v in per.values())
        p, r, f = prf(tp, fp, gold_all - tp)
        figures[t]["micro (all kinds)"] = {"p": p, "r": r, "f1": f}
        row.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
    print("| micro, all kinds | " + " | ".join(row) + " |")

    if args.throughput:
        tcases = [json.loads(l) for l in open(args.throughput, encoding="utf-8") if l.strip()]
        tmb = sum(len(c["text"].encode()) for c in tcases) / 1e6
        print(f"\nthroughput on {len(tcases)} cases, {tmb:.2f} MB of text, one core, MB per CPU second, best of {args.rounds} rounds\n")
        # Every tool timed `--rounds` times, taking turns, and its best round
        # kept: the machine is shared, and a slow spell should not fall on one
        # tool only.
        speed = {}
        for _ in range(args.rounds):
            _, secs = run_ringtrace(args.ringtrace, tcases)
            speed["ringtrace"] = max(speed.get("ringtrace", 0), tmb / secs)
            lib = bench_ringtrace(args.ringtrace, args.throughput)
            speed["ringtrace (extraction alone)"] = max(speed.get("ringtrace (extraction alone)", 0), lib)
            for name, (fn, _) in PEERS.items():
                fn("warm up", None)
                t = time.process_time()
                for c in tcases:
                    fn(c["text"], c.get("region"))
                speed[name] = max(speed.get(name, 0), tmb / (time.process_time() - t))
        ours = ["ringtrace", "ringtrace (extraction alone)"]
        fastest = max(v for k, v in speed.items() if k not in ours)
        print("| tool | MB/s |")
        print("|---|---|")
        for k, v in speed.items():
            print(f"| {k} | {v:.3f} |")
        for o in ours:
            print(f"\n{o} / fastest peer: {speed[o] / fastest:.1f}x")
            for k, v in speed.items():
                if k not in ours:
                    print(f"{o} / {k}: {speed[o] / v:.1f}x")
        figures["throughput_mb_s"] = speed
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
