#!/usr/bin/env python3
"""Writes the labelled extraction corpus (en.jsonl, fr.jsonl, hi.jsonl) from
hand-written sentence templates, each with the indicators it contains.

Run once, review the output, commit both: `python3 generate.py` (needs the
`phonenumbers` package, used only to check that every phone number put in a
case is valid in libphonenumber's metadata and to give its E.164 form, so the
labels do not depend on the extractor under test).

Each case: {"id", "lang", "region", "text", "expect": [{"kind", "value", "role"?}]}.
`expect` lists every indicator in the text (url hosts as domains too); a role
is given where the text says it. Trap sentences add nothing to `expect`.
"""

import hashlib
import json
import os
import random
import sys

import phonenumbers

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240603)

# ------------------------------------------------------------------ helpers


def e164(raw, region):
    n = phonenumbers.parse(raw, region)
    assert phonenumbers.is_valid_number(n), (raw, region)
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(version, payload):
    raw = bytes([version]) + payload
    chk = hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    data = raw + chk
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def convertbits(data, frombits, tobits):
    acc, bits, ret = 0, 0, []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if bits:
        ret.append((acc << (tobits - bits)) & maxv)
    return ret


def segwit_addr(witver, prog):
    hrp = "bc"
    data = [witver] + convertbits(prog, 8, 5)
    const = 1 if witver == 0 else 0x2BC830A3
    hrpx = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = bech32_polymod(hrpx + data + [0] * 6) ^ const
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in data + chk)


def rbytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


def iban(cc, bban):
    s = bban + cc + "00"
    num = int("".join(str(int(c, 36)) for c in s))
    check = 98 - num % 97
    return f"{cc}{check:02d}{bban}"


def group4(s):
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def P(kind, value, role=None):
    d = {"kind": kind, "value": value}
    if role:
        d["role"] = role
    return d


# ------------------------------------------------------------------ value pools


def digits(n, first="123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def us_tollfree():
    area = rng.choice(["800", "833", "844", "855", "866", "877", "888"])
    ex = digits(3, "23456789")
    line = digits(4, "0123456789")
    # Keep clear of 555-01xx, the fictitious range.
    if ex == "555":
        ex = "556"
    return area, ex, line


def us_geo():
    area = rng.choice(["212", "415", "646", "312", "202", "713", "718", "617", "305", "404"])
    ex = digits(3, "23456789")
    if ex == "555":
        ex = "556"
    return area, ex, digits(4, "0123456789")


def us_forms(a, x, l):
    """(text, needs_region_us) ways of writing a NANP number."""
    return rng.choice(
        [
            (f"+1 ({a}) {x}-{l}", False),
            (f"1-{a}-{x}-{l}", False),
            (f"+1-{a}-{x}-{l}", False),
            (f"1 {a} {x} {l}", False),
            (f"+1{a}{x}{l}", False),
            (f"1.{a}.{x}.{l}", False),
            (f"({a}) {x}-{l}", True),
            (f"{a}.{x}.{l}", True),
            (f"{a}-{x}-{l}", True),
            (f"{a} {x} {l}", True),
            (f"1 ({a}) {x} {l}", False),
        ]
    )


def nanp(kind="tollfree", region="US"):
    a, x, l = us_tollfree() if kind == "tollfree" else us_geo()
    text, needs = us_forms(a, x, l)
    if needs and region not in ("US", "CA") and not (kind == "tollfree" and region is None):
        text = f"+1 {a} {x} {l}"
    return text, e164(f"+1{a}{x}{l}", None)


def fr_number(region="FR"):
    lead = rng.choice(["1", "2", "3", "4", "5", "6", "7", "9", "80"])
    if lead == "80":
        nat = "80" + rng.choice("0123") + digits(6, "0123456789")
    elif lead == "7":
        nat = "7" + rng.choice("56789") + digits(7, "0123456789")
    elif lead == "9":
        nat = "97" + digits(7, "0123456789")
    elif lead == "4":
        nat = "4" + rng.choice("123456789") + digits(7, "0123456789")
    else:
        nat = lead + digits(8, "0123456789")
    v = e164("+33" + nat, None)
    pairs = [nat[0]] + [nat[i : i + 2] for i in range(1, 9, 2)]
    local = "0" + nat
    lp = [local[i : i + 2] for i in range(0, 10, 2)]
    forms = [
        (" ".join(lp), True),
        (".".join(lp), True),
        ("-".join(lp), True),
        (local, True),
        ("+33 " + " ".join(pairs), False),
        ("+33 (0)" + " ".join(pairs), False),
        ("0033 " + " ".join(pairs), False),
        ("+33" + nat, False),
        ("+33 (0) " + " ".join(pairs), False),
    ]
    text, needs = rng.choice(forms)
    if needs and region != "FR":
        text = "+33 " + " ".join(pairs)
    return text, v


def gb_number(region="GB"):
    nat = rng.choice(
        [
            "800" + digits(7, "0123456789"),
            "20" + rng.choice("378") + digits(7, "0123456789"),
            "7" + rng.choice("45789") + digits(8, "0123456789"),
            "121" + digits(7, "23456789"),
        ]
    )
    v = e164("+44" + nat, None)
    if nat.startswith("20"):
        grp = f"{nat[:2]} {nat[2:6]} {nat[6:]}"
    elif nat.startswith("7"):
        grp = f"{nat[:4]} {nat[4:]}"
    else:
        grp = f"{nat[:3]} {nat[3:6]} {nat[6:]}"
    forms = [("+44 " + grp, False), ("+44 (0)" + grp, False), ("0" + grp, True), ("0044 " + grp, False)]
    text, needs = rng.choice(forms)
    if needs and region != "GB":
        text = "+44 " + grp
    return text, v


def in_number(region="IN"):
    kind = rng.random()
    if kind < 0.7:
        nat = rng.choice("6789") + digits(9, "0123456789")
        if rng.random() < 0.3:
            nat = "91" + digits(8, "0123456789")  # mobiles starting 91: a known parser trap
        forms = [
            (f"+91 {nat[:5]} {nat[5:]}", False),
            (f"+91-{nat}", False),
            (f"+91{nat}", False),
            (f"0{nat[:5]} {nat[5:]}", True),
            (f"{nat[:5]} {nat[5:]}", True),
            (f"{nat[:5]}-{nat[5:]}", True),
            (f"{nat}", True),
            (f"91 {nat}", False),
            (f"0091 {nat[:5]} {nat[5:]}", False),
        ]
    else:
        nat = "1800" + rng.choice("1234") + digits(6, "0123456789")
        forms = [(f"1800-{nat[4:7]}-{nat[7:]}", True), (f"+91 1800 {nat[4:7]} {nat[7:]}", False), (f"1800 {nat[4:7]} {nat[7:]}", True)]
    try:
        v = e164("+91" + nat, None)
    except AssertionError:
        return in_number(region)
    text, needs = rng.choice(forms)
    if needs and region != "IN":
        text = f"+91 {nat[:5]} {nat[5:]}"
    return text, v


def retry(f, region):
    for _ in range(50):
        try:
            return f(region)
        except AssertionError:
            continue
    raise RuntimeError("no valid number")


def phone_for(region):
    return retry(phone_for_once, region)


def phone_for_once(region):
    if region == "US" or region is None:
        return nanp(rng.choice(["tollfree", "tollfree", "geo"]) if region else "tollfree", region)
    if region == "FR":
        return rng.choice([fr_number, fr_number, fr_number, lambda r: nanp("tollfree", r), gb_number])(region)
    if region == "IN":
        return rng.choice([in_number, in_number, in_number, lambda r: nanp("tollfree", r)])(region)
    if region == "GB":
        return rng.choice([gb_number, gb_number, lambda r: nanp("tollfree", r)])(region)
    return nanp("tollfree", region)


def split_across_line(text):
    """The number broken over a line break at one of its separators."""
    seps = [i for i, c in enumerate(text) if c in " -." and 3 < i < len(text) - 3]
    if not seps:
        return text
    i = rng.choice(seps)
    return text[:i] + rng.choice(["\n", " \n", "\r\n", "-\n"]) + text[i + 1 :]


WORDS = ["secure", "alert", "windows", "help", "support", "fix", "pc", "care", "desk", "tech", "micro", "soft", "refund", "billing", "amazon", "apple", "norton", "geek", "squad", "cloud", "defender", "update", "service", "online", "assist", "helpline", "kundli", "seva", "paisa", "aide", "depannage", "securite"]
TLDS = ["com", "net", "org", "info", "online", "xyz", "site", "top", "live", "support", "co.uk", "fr", "in", "co.in", "tech", "io", "store", "help"]
HOSTING = ["azurewebsites.net", "web.app", "herokuapp.com", "netlify.app", "github.io", "blogspot.com", "wixsite.com", "weebly.com"]


def domain():
    if rng.random() < 0.2:
        return f"{rng.choice(WORDS)}-{rng.choice(WORDS)}{rng.randrange(10, 99)}.{rng.choice(HOSTING)}"
    n = rng.choice([1, 2, 2, 3])
    name = "-".join(rng.choice(WORDS) for _ in range(n))
    if rng.random() < 0.3:
        name += str(rng.randrange(1, 999))
    return f"{name}.{rng.choice(TLDS)}"


def defang_dom(d):
    style = rng.choice(["[.]", "(.)", "[dot]", "[.]", " [dot] ", "{.}"])
    parts = d.split(".")
    if rng.random() < 0.5:
        return parts[0] + style + ".".join(parts[1:]) if len(parts) > 2 and style.strip() == "[.]" else style.join(parts)
    return style.join(parts)


PATHS = ["/fix", "/support", "/ticket?id=", "/login", "/refund/claim", "/help/", "/a/b/c.php?u=", "/index.html", "/#/chat", "/v2/session/"]


def url_case():
    d = domain()
    path = rng.choice(PATHS)
    if path.endswith("="):
        path += str(rng.randrange(100, 99999))
    scheme = rng.choice(["https", "http", "hxxps", "hxxp", "www", "https", "hxxps[:]"])
    dom_written = d
    if scheme.startswith("hxxp") or rng.random() < 0.3:
        dom_written = defang_dom(d) if " " not in defang_dom(d) else d.replace(".", "[.]")
    if scheme == "www":
        raw = f"www.{dom_written}{path}"
        canon_host = f"www.{d}"
        canon = f"http://{canon_host}{path}"
    else:
        s = scheme.replace("hxxps[:]", "hxxps").replace("hxxp", "http")
        sep = "[:]//" if scheme.endswith("[:]") else "://"
        raw = f"{scheme.replace('[:]', '')}{sep}{dom_written}{path}"
        canon_host = d
        canon = f"{s}://{d}{path}"
    # url crate canonical forms: fragment removed, "/#/chat" -> "/"
    canon = canon.split("#")[0]
    return raw, canon, canon_host


def email_case():
    local = rng.choice(["help.desk", "support", "refund.team", "billing", "secure.alert", "ms.support", "tech.care", "aide", "service.client", "amazon.refunds"]) + str(rng.randrange(1, 99) if rng.random() < 0.5 else "")
    d = rng.choice(["gmail.com", "outlook.com", "outlook.fr", "yahoo.co.in", "proton.me", "hotmail.com", "rediffmail.com", domain()])
    style = rng.choice(["@", "@", "[at]", "(at)", " [at] ", "[@]"])
    dw = d if style == "@" else d.replace(".", rng.choice(["[.]", "[dot]", "."]))
    written = f"{local}{style}{dw}"
    if rng.random() < 0.2:
        written = written.upper() if style == "@" else written
    return written, f"{local}@{d}".lower()


PSPS = ["okaxis", "oksbi", "ybl", "paytm", "okhdfcbank", "okicici", "ibl", "axl", "upi", "apl"]


def upi_case(with_cue=True):
    h = rng.choice(["refund.desk", "helpdesk", "mscare", "ramesh.kumar", "techsupport", "amazonrefund", "support", "cashback.seva", "9876543210", "payments"]) + str(rng.randrange(1, 999))
    if with_cue:
        psp = rng.choice(PSPS + ["axisbank", "fbl"])
    else:
        psp = rng.choice(PSPS)
    return f"{h}@{psp}", f"{h}@{psp}".lower()


def iban_case():
    cc = rng.choice(["FR", "DE", "GB", "ES", "IT", "BE", "NL"])
    if cc == "FR":
        bban = "".join(rng.choice("0123456789") for _ in range(23))
    elif cc == "DE":
        bban = "".join(rng.choice("0123456789") for _ in range(18))
    elif cc == "GB":
        bban = rng.choice(["WEST", "NWBK", "BARC", "LOYD"]) + "".join(rng.choice("0123456789") for _ in range(14))
    elif cc == "ES":
        bban = "".join(rng.choice("0123456789") for _ in range(20))
    elif cc == "IT":
        bban = rng.choice("ABCXYZ") + "".join(rng.choice("0123456789") for _ in range(22))
    elif cc == "BE":
        bban = "".join(rng.choice("0123456789") for _ in range(12))
    else:
        bban = rng.choice(["ABNA", "INGB", "RABO"]) + "".join(rng.choice("0123456789") for _ in range(10))
    v = iban(cc, bban)
    written = rng.choice([group4(v), v, group4(v), group4(v).replace(" ", "-") if rng.random() < 0.2 else group4(v)])
    return written, v


def bad_iban():
    _, v = iban_case()
    d = v[2:4]
    bad = f"{(int(d) + 1) % 97 + 2:02d}" if d != "97" else "03"
    return group4(v[:2] + bad + v[4:])


EIP55 = ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D", "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26"]


def wallet_case():
    k = rng.choice(["p2pkh", "p2sh", "bech32", "bech32m", "eth", "eth", "trx", "trx"])
    if k == "p2pkh":
        a = b58check(0, rbytes(20))
        return a, f"btc:{a}", "bitcoin"
    if k == "p2sh":
        a = b58check(5, rbytes(20))
        return a, f"btc:{a}", "BTC"
    if k == "bech32":
        a = segwit_addr(0, rbytes(rng.choice([20, 32])))
        return a, f"btc:{a}", "bitcoin"
    if k == "bech32m":
        a = segwit_addr(1, rbytes(32))
        return a, f"btc:{a}", "BTC"
    if k == "eth":
        if rng.random() < 0.5:
            a = rng.choice(EIP55)
        else:
            a = "0x" + rbytes(20).hex()
        return a, f"eth:{a.lower()}", "ETH"
    a = b58check(0x41, rbytes(20))
    return a, f"trx:{a}", "USDT (TRC20)"


def bad_eth():
    a = rng.choice(EIP55[:6])
    # flip the case of one letter: the EIP-55 checksum no longer matches
    idx = [i for i, c in enumerate(a) if c.isalpha() and i > 1]
    i = rng.choice(idx)
    return a[:i] + a[i].swapcase() + a[i + 1 :]


def bad_btc():
    a = b58check(0, rbytes(20))
    i = rng.randrange(5, len(a) - 2)
    c = "2" if a[i] != "2" else "3"
    return a[:i] + c + a[i + 1 :]


def remote_case():
    tool, slug, n = rng.choice([("AnyDesk", "anydesk", 9), ("Anydesk", "anydesk", 10), ("TeamViewer", "teamviewer", 10), ("Team Viewer", "teamviewer", 9), ("RustDesk", "rustdesk", 9), ("UltraViewer", "ultraviewer", 9), ("Ultraviewer", "ultraviewer", 8)])
    d = digits(n)
    if n == 9:
        w = rng.choice([f"{d[:3]} {d[3:6]} {d[6:]}", d, f"{d[:3]}-{d[3:6]}-{d[6:]}"])
    elif n == 10:
        w = rng.choice([f"{d[0]} {d[1:4]} {d[4:7]} {d[7:]}", d])
    else:
        w = rng.choice([f"{d[:4]} {d[4:]}", d])
    return tool, w, f"{slug}:{d}"


GIFT = [("Apple gift card", "apple"), ("Google Play card", "google_play"), ("Steam card", "steam"), ("Amazon gift card", "amazon"), ("carte cadeau Transcash", "transcash"), ("code PCS", "pcs"), ("Paysafecard code", "paysafecard"), ("carte Google Play", "google_play"), ("iTunes card", "apple"), ("Neosurf ticket", "neosurf"), ("Razer Gold pin", "razer"), ("eBay gift card", "ebay")]


def gift_case():
    label, slug = rng.choice(GIFT)
    if slug in ("transcash", "pcs", "neosurf", "paysafecard"):
        if slug == "neosurf":
            code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
            w = code
        else:
            code = digits(16)
            w = rng.choice([group4(code), code])
    else:
        alpha = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        code = "".join(rng.choice(alpha) for _ in range(16))
        while not any(c.isdigit() for c in code) or not any(c.isalpha() for c in code):
            code = "".join(rng.choice(alpha) for _ in range(16))
        w = rng.choice(["-".join(code[i : i + 4] for i in range(0, 16, 4)), code, " ".join(code[i : i + 4] for i in range(0, 16, 4))])
    return label, w, f"{slug}:{code}"


IFSC_BANKS = ["HDFC", "SBIN", "ICIC", "UTIB", "PUNB", "KKBK", "BARB", "CNRB"]


def bank_case():
    ifsc = rng.choice(IFSC_BANKS) + "0" + digits(6, "0123456789")
    acct = digits(rng.choice([11, 12, 14, 16]))
    return ifsc, acct, f"{ifsc}:{acct}"


# ------------------------------------------------------------------ traps (text, nothing to find)


def trap(lang):
    t = rng.choice(
        [
            lambda: f"Windows showed error 0x{rng.choice(['80070005', '8007045D', '80004005', 'C000021A', '800F081F'])}",
            lambda: f"The screen said Error # {rng.choice(['268D3', '0x268d3', 'DW6VB36', '333666', '99'])}",
            lambda: f"my version is {rng.choice(['10.0.19045.3570', '10.0.22631.3296', '22.04.3', '121.0.6167.185', '3.11.7'])}",
            lambda: f"they ran {rng.choice(['script.py', 'readme.md', 'setup.sh', 'install.exe', 'fix.bat', 'run.ps1', 'logs.zip', 'update.msi', 'invoice.pdf', 'main.rs', 'app.js', 'clean.pl'])}",
            lambda: f"order #{digits(3)}-{digits(7, '0123456789')}-{digits(7, '0123456789')}",
            lambda: f"order number {digits(10)}",
            lambda: f"tracking number 1Z{digits(6)}{rng.choice(['AA', 'YW'])}{digits(10, '0123456789')}",
            lambda: f"case number {digits(8)}",
            lambda: f"ticket #{digits(7)}",
            lambda: f"on {rng.randrange(1, 28)}/{rng.randrange(1, 12)}/20{rng.randrange(19, 25)} at {rng.randrange(1, 12)}:{rng.randrange(10, 59)}",
            lambda: f"on 20{rng.randrange(19, 25)}-{rng.randrange(10, 12)}-{rng.randrange(10, 28)} {rng.randrange(10, 23)}:{rng.randrange(10, 59)}:{rng.randrange(10, 59)}",
            lambda: f"the charge was ${rng.randrange(1, 9)},{rng.randrange(100, 999)}.{rng.randrange(10, 99)}",
            lambda: f"they took Rs {rng.randrange(10, 99)},{rng.randrange(100, 999)}",
            lambda: f"a fee of {rng.randrange(1, 9)} {rng.randrange(100, 999)},{rng.randrange(10, 99)} €",
            lambda: f"KB{digits(7)} failed to install",
            lambda: f"serial {digits(4)}-{digits(4)}-{digits(4)}",
            lambda: f"a NANP test number ({rng.choice(['212', '415', '312', '646'])}) 555-01{rng.randrange(10, 99)}",
            lambda: f"card ending {digits(4)}",
            lambda: f"transaction id {digits(12)}",
            lambda: f"invoice INV-{digits(8)}",
            lambda: f"an IBAN with a typo {bad_iban()}",
            lambda: f"a wallet with a typo {bad_eth()}",
            lambda: f"a btc typo {bad_btc()}",
            lambda: f"ID {digits(3)} {digits(3, '0123456789')} {digits(3, '0123456789')} (no tool named)",
            lambda: f"PIN {digits(6)} and OTP {digits(6)}",
            lambda: f"the U.S. office e.g. at 9 a.m. i.e. early",
            lambda: f"Chrome {rng.randrange(100, 125)}.0.{digits(4)}.{digits(3)}",
            lambda: f"coordinates 48.{digits(6)}, 2.{digits(6)}",
            lambda: f"Aadhaar {digits(4)} {digits(4, '0123456789')} {digits(4, '0123456789')}",
            lambda: f"PNR {digits(10)}",
            lambda: f"@{rng.choice(['techsupport', 'helpdesk'])} on twitter",
        ]
    )()
    return t


# ------------------------------------------------------------------ sentences by language

LANG = {
    "en": {
        "region": ["US", "US", "US", "GB", "CA", None],
        "call": ["A pop-up said to call Microsoft support at {p} right away.", "He called me from {p} claiming to be from Amazon.", "Call {p} now, the alert said.", "The caller ID showed {p}.", "They kept ringing from {p} and then from another line.", "I was told to dial {p} for a refund.", "Toll free {p} was on the blue screen."],
        "own": ["I gave them my number {p} by mistake.", "My phone is {p}, they had it somehow.", "They asked for my mobile and I said {p}."],
        "legit": ["Afterwards I called the real Microsoft at {p}.", "My bank's official number is {p} and they confirmed fraud.", "I checked with the genuine Apple support line {p}."],
        "url": ["The pop-up pointed to {u}.", "He made me go to {u} to 'verify' my account.", "The link was {u} (do not click).", "Visit {u} said the text message."],
        "dom": ["The site was {d} and it looked like Microsoft.", "Their page {d} had a fake chat.", "Analyst note: landing domain {d}."],
        "email": ["Then he emailed me from {e} with an invoice.", "Write to {e} for the refund, he said.", "The sender was {e}."],
        "ip": ["The remote session came from {i}.", "Their server {i} hosted the page."],
        "upi": ["He asked me to pay via UPI to {v}.", "Send the fee to {v} on Google Pay."],
        "iban": ["Then I had to wire 1,500 EUR to {b}.", "The transfer went to IBAN {b}."],
        "wallet": ["They asked for {c} to {w} through a bitcoin ATM.", "Send {c} to {w} they insisted."],
        "remote": ["He asked me to install {t} and read the ID {r}.", "Then I installed {t}, my ID was {r}.", "{t} ID: {r}"],
        "gift": ["He wanted an {g} and I read him the code {k}.", "I bought the {g}: {k}."],
        "bank": ["Then transfer to A/c {a} IFSC {f} he said.", "Account no. {a}, IFSC code {f}, was where I sent it."],
        "trap": ["Funny detail: {t}.", "Note that {t}.", "Also, {t}."],
    },
    "fr": {
        "region": ["FR", "FR", "FR", "FR", None, "BE"],
        "call": ["Une fenêtre m'a dit d'appeler le {p} immédiatement.", "Le technicien m'a appelé depuis le {p}.", "Appelez le {p} disait le message.", "Il rappelait sans cesse depuis le {p}.", "Le numéro affiché était le {p}."],
        "own": ["Je leur ai donné mon numéro {p}.", "Mon portable, le {p}, était dans leur fichier.", "Ils ont appelé sur mon fixe au {p}."],
        "legit": ["Ensuite j'ai appelé le vrai service client au {p}.", "Le numéro officiel de ma banque est le {p}."],
        "url": ["La fenêtre renvoyait vers {u}.", "Il m'a dit d'aller sur {u} pour le remboursement.", "Le lien était {u}."],
        "dom": ["Le site {d} imitait Microsoft.", "Note analyste : domaine {d}."],
        "email": ["Il m'a écrit depuis {e} avec une fausse facture.", "Écrivez à {e} disait-il."],
        "ip": ["La connexion venait de {i}.", "Le serveur {i} hébergeait la page."],
        "upi": ["Il voulait un paiement UPI vers {v}."],
        "iban": ["Il m'a demandé un virement de 1 500 € sur {b}.", "J'ai fait un virement sur l'IBAN {b}."],
        "wallet": ["Il fallait envoyer des {c} à l'adresse {w}.", "Payez en {c} sur {w} disait-il."],
        "remote": ["Il m'a demandé d'installer {t} et de lui lire l'identifiant {r}.", "J'ai installé {t}, identifiant {r}.", "{t} ID : {r}"],
        "gift": ["Il voulait une {g} et j'ai donné le code {k}.", "J'ai acheté une {g} : {k}."],
        "bank": ["Virement sur le compte {a} IFSC {f} en Inde."],
        "trap": ["Détail : {t}.", "À noter : {t}.", "Et aussi {t}."],
    },
    "hi": {
        "region": ["IN", "IN", "IN", "IN", None],
        "call": ["Pop-up pe likha tha {p} pe call karo turant.", "Unhone {p} se call kiya aur bola Microsoft se hai.", "Sir ne bola {p} pe phone karo refund ke liye.", "Is number {p} se baar baar call aa raha tha.", "Helpline {p} pe baat hui."],
        "own": ["Maine apna number {p} de diya.", "Mera number {p} hai, unke paas pehle se tha.", "Mera mobile {p} pe OTP aaya."],
        "legit": ["Baad mein maine asli bank ke official number {p} pe call kiya.", "Real Amazon customer care {p} ne bataya ki scam hai."],
        "url": ["Unhone link bheja {u} aur bola form bharo.", "Website {u} pe jaake details daalo bola.", "Link tha {u}."],
        "dom": ["Site {d} bilkul Microsoft jaisi thi.", "Domain {d} pe fake chat tha."],
        "email": ["Phir {e} se mail aaya invoice ke saath.", "Unka email {e} tha."],
        "ip": ["Remote connection {i} se tha.", "Server {i} pe page tha."],
        "upi": ["Sir ne bola UPI {v} pe pay karo.", "Refund ke liye {v} pe 1 rupee bhejo bola.", "Paise {v} pe transfer kiye."],
        "iban": ["Unhone IBAN {b} pe paise bhejne ko bola."],
        "wallet": ["{c} bhejo {w} pe bola unhone.", "Wallet {w} pe {c} transfer kiya."],
        "remote": ["Unhone {t} download karne ko bola, ID {r} maanga.", "{t} ID {r} share kiya maine.", "{t} install kiya, code {r} tha."],
        "gift": ["{g} kharidne ko bola, code {k} bheja.", "Maine {g} ka code {k} diya."],
        "bank": ["A/c {a} IFSC {f} mein transfer kiya.", "Account number {a} aur IFSC {f} pe paise bheje.", "Unhone bola A/c no {a}, IFSC {f} pe NEFT karo."],
        "trap": ["Ek baat: {t}.", "Aur {t}.", "Note: {t}."],
    },
}

ROLE_OF = {"call": "scammer_contact", "own": "victim_own", "legit": "legitimate_reference"}


def ip_value():
    if rng.random() < 0.2:
        a = f"2001:db8:{rng.randrange(1, 0xffff):x}::{rng.randrange(1, 0xff):x}"
        return a, a
    a = f"{rng.choice([203, 198, 45, 185, 91, 103])}.{rng.randrange(0, 255)}.{rng.randrange(0, 255)}.{rng.randrange(1, 254)}"
    w = a if rng.random() < 0.5 else a.replace(".", "[.]")
    return w, a


def sentence(lang, kind, region):
    L = LANG[lang]
    tpl = rng.choice(L[kind])
    exp = []
    if kind in ("call", "own", "legit"):
        p, v = phone_for(region)
        if rng.random() < 0.12 and kind == "call":
            p = split_across_line(p)
        exp.append(P("phone", v, ROLE_OF[kind]))
        return tpl.format(p=p), exp
    if kind == "url":
        raw, canon, host = url_case()
        return tpl.format(u=raw), [P("url", canon), P("domain", host)]
    if kind == "dom":
        d = domain()
        w = defang_dom(d) if rng.random() < 0.6 else d
        if " " in w:
            w = d.replace(".", "[.]")
        return tpl.format(d=w), [P("domain", d)]
    if kind == "email":
        w, v = email_case()
        return tpl.format(e=w), [P("email", v)]
    if kind == "ip":
        w, v = ip_value()
        return tpl.format(i=w), [P("ip", v)]
    if kind == "upi":
        w, v = upi_case()
        return tpl.format(v=w), [P("upi", v, "payment_destination")]
    if kind == "iban":
        w, v = iban_case()
        return tpl.format(b=w), [P("iban", v, "payment_destination")]
    if kind == "wallet":
        w, v, c = wallet_case()
        return tpl.format(w=w, c=c), [P("crypto_wallet", v, "payment_destination")]
    if kind == "remote":
        t, w, v = remote_case()
        return tpl.format(t=t, r=w), [P("remote_id", v, "scammer_contact")]
    if kind == "gift":
        g, w, v = gift_case()
        return tpl.format(g=g, k=w), [P("gift_card", v, "payment_destination")]
    if kind == "bank":
        f, a, v = bank_case()
        return tpl.format(a=a, f=f), [P("bank_account", v, "payment_destination")]
    if kind == "trap":
        return tpl.format(t=trap(lang)), []
    raise ValueError(kind)


KINDS_BY_LANG = {
    "en": ["call", "call", "call", "own", "legit", "url", "url", "dom", "email", "ip", "iban", "wallet", "wallet", "remote", "gift", "trap", "trap", "trap", "upi"],
    "fr": ["call", "call", "call", "own", "legit", "url", "url", "dom", "email", "ip", "iban", "iban", "wallet", "remote", "gift", "trap", "trap", "trap"],
    "hi": ["call", "call", "call", "own", "legit", "url", "dom", "email", "upi", "upi", "upi", "bank", "bank", "wallet", "remote", "gift", "trap", "trap", "trap", "ip"],
}


def make(lang, n):
    out = []
    for i in range(n):
        region = rng.choice(LANG[lang]["region"])
        k = rng.choice([1, 2, 2, 3, 3, 4])
        kinds = [rng.choice(KINDS_BY_LANG[lang]) for _ in range(k)]
        # Every third case leads with a trap sentence.
        if i % 3 == 0 and "trap" not in kinds:
            kinds.insert(0, "trap")
        parts, exp = [], []
        for kind in kinds:
            s, e = sentence(lang, kind, region)
            parts.append(s)
            exp.extend(e)
        out.append({"id": f"{lang}-{i:04d}", "lang": lang, "region": region, "text": " ".join(parts), "expect": exp})
    return out


def main():
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20240603, help="the committed corpus uses the default")
    ap.add_argument("--scale", type=int, default=1, help="multiplies the number of cases")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    rng.seed(args.seed)
    counts = {"en": 300, "fr": 220, "hi": 220}
    for lang, n in counts.items():
        cases = make(lang, n * args.scale)
        with open(os.path.join(args.out, f"{lang}.jsonl"), "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        print(f"{lang}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
