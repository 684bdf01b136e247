#!/usr/bin/env python3
"""Checks a ringtrace MISP feed, and MISP warning lists, with MISP's own tools.

    misp_check.py --feed DIR [--warninglists DIR]

The feed (manifest.json, <uuid>.json events, hashes.csv):
  - every event loads with PyMISP (MISPEvent().load) and serialises again;
  - every manifest entry has its event file and agrees with the event;
  - every attribute's type is a MISP type, its category allowed for it, and
    MISP's attribute validation (PyMISP's AttributeValidationTool, a port of
    MISP's) accepts the value unchanged;
  - every object names a known template (uuid), uses only that template's
    relations with their types, and has what the template requires;
  - the TLP tag is of the `tlp` taxonomy and the distribution matches it;
  - hashes.csv is exactly the lines md5(value),event-uuid for every
    attribute value of every event (objects' included), recomputed here with
    hashlib and with PyMISP's attributes_hashes('md5').

The warning lists (each <name>/list.json): valid against misp-warninglists'
schema.json, loaded by pymispwarninglists, values unique and of their type.

Exits 1 on any failure, printing each.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import ipaddress
import json
import sys
from pathlib import Path

import pymisp
from pymisp import MISPEvent
from pymisp.tools.attributevalidationtool import AttributeValidationTool

TLP_DISTRIBUTION = {
    "tlp:clear": 3,
    "tlp:green": 2,
    "tlp:amber": 1,
    "tlp:amber+strict": 0,
    "tlp:red": 0,
}

failures: list[str] = []


def fail(msg: str) -> None:
    failures.append(msg)
    if len(failures) <= 50:
        print(f"FAIL: {msg}", file=sys.stderr)


def pymisp_data() -> Path:
    return Path(pymisp.__file__).parent / "data"


def load_templates() -> dict[str, dict]:
    templates = {}
    for d in (pymisp_data() / "misp-objects" / "objects").glob("*/definition.json"):
        t = json.loads(d.read_text(encoding="utf-8"))
        templates[t["uuid"]] = t
    return templates


def check_attribute(where: str, a: dict, types: dict) -> None:
    t, v, c = a.get("type"), a.get("value"), a.get("category")
    if t not in types["types"]:
        fail(f"{where}: type {t!r} is no MISP type")
        return
    if c not in types["category_type_mappings"] or t not in types["category_type_mappings"][c]:
        fail(f"{where}: category {c!r} does not allow type {t!r}")
    if not isinstance(v, str) or not v:
        fail(f"{where}: value {v!r} is not a non-empty string")
        return
    changed = AttributeValidationTool.modifyBeforeValidation(t, v)
    if changed != v:
        fail(f"{where}: MISP would store {t} {v!r} as {changed!r}")
    ok = AttributeValidationTool.validate(t, v)
    if ok is not True:
        fail(f"{where}: MISP refuses {t} {v!r}: {ok}")
    for field in ("first_seen", "last_seen"):
        if field in a and not str(a[field]).endswith("+00:00"):
            fail(f"{where}: {field} {a[field]!r} has no UTC offset")


def check_object(where: str, o: dict, templates: dict, types: dict) -> None:
    t = templates.get(o.get("template_uuid"))
    if t is None:
        fail(f"{where}: template_uuid {o.get('template_uuid')!r} is no misp-objects template")
        return
    if t["name"] != o.get("name"):
        fail(f"{where}: name {o.get('name')!r}, template is {t['name']!r}")
    if int(o.get("template_version", 0)) > int(t["version"]):
        fail(f"{where}: template_version {o.get('template_version')} is newer than misp-objects' {t['version']}")
    relations = []
    for i, a in enumerate(o.get("Attribute", [])):
        here = f"{where}.Attribute[{i}]"
        rel = a.get("object_relation")
        spec = t["attributes"].get(rel)
        if spec is None:
            fail(f"{here}: relation {rel!r} is not in template {t['name']}")
            continue
        if spec["misp-attribute"] != a.get("type"):
            fail(f"{here}: relation {rel} has type {a.get('type')!r}, the template says {spec['misp-attribute']!r}")
        if spec.get("multiple") is False and rel in relations:
            fail(f"{here}: relation {rel} twice, the template allows one")
        relations.append(rel)
        check_attribute(here, a, types)
    for r in t.get("required", []):
        if r not in relations:
            fail(f"{where}: template {t['name']} requires {r}")
    one_of = t.get("requiredOneOf", [])
    if one_of and not any(r in relations for r in one_of):
        fail(f"{where}: template {t['name']} requires one of {one_of}")


def check_feed(feed: Path) -> None:
    types = json.loads((pymisp_data() / "describeTypes.json").read_text())["result"]
    templates = load_templates()
    manifest = json.loads((feed / "manifest.json").read_text(encoding="utf-8"))
    files = {p.stem for p in feed.glob("*.json") if p.name != "manifest.json"}
    if set(manifest) != files:
        fail(f"manifest names {len(manifest)} events, the feed has {len(files)} event files "
             f"({len(set(manifest) ^ files)} differ)")
    expected: collections.Counter[str] = collections.Counter()
    by_pymisp: collections.Counter[str] = collections.Counter()
    attributes = objects = 0
    for uuid in sorted(manifest):
        path = feed / f"{uuid}.json"
        if not path.exists():
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        ev = MISPEvent()
        try:
            ev.load(path.read_text(encoding="utf-8"))
            json.loads(ev.to_json())
            fed = ev.to_feed(with_meta=True)
        except Exception as e:  # noqa: BLE001 - any failure to load is the finding
            fail(f"{path.name}: PyMISP cannot load it: {type(e).__name__}: {e}")
            continue
        e = raw["Event"]
        if ev.uuid != uuid or e.get("uuid") != uuid:
            fail(f"{path.name}: event uuid {ev.uuid} is not the file's name")
        entry = manifest[uuid]
        for key in ("info", "date", "analysis", "threat_level_id", "timestamp", "publish_timestamp", "Orgc", "Tag"):
            if entry.get(key) != e.get(key):
                fail(f"{path.name}: manifest {key} {entry.get(key)!r} differs from the event's {e.get(key)!r}")
        meta = fed["Event"]["_manifest"][uuid]
        if str(meta["timestamp"]) != str(entry["timestamp"]) or meta["date"] != entry["date"]:
            fail(f"{path.name}: PyMISP's manifest entry {meta} disagrees with ours")
        if ev.orgc.name != e["Orgc"]["name"]:
            fail(f"{path.name}: Orgc not loaded")
        tlp = [t.name for t in ev.tags if t.name.startswith("tlp:")]
        if len(tlp) != 1 or tlp[0] not in TLP_DISTRIBUTION:
            fail(f"{path.name}: expected one TLP 2.0 tag, got {tlp}")
        elif int(e.get("distribution", -1)) != TLP_DISTRIBUTION[tlp[0]]:
            fail(f"{path.name}: distribution {e.get('distribution')} does not match {tlp[0]}")
        for i, a in enumerate(e.get("Attribute", [])):
            check_attribute(f"{path.name} Attribute[{i}]", a, types)
            expected[f"{hashlib.md5(a['value'].encode('utf-8')).hexdigest()},{uuid}"] += 1
            attributes += 1
        for j, o in enumerate(e.get("Object", [])):
            check_object(f"{path.name} Object[{j}]", o, templates, types)
            objects += 1
            for a in o.get("Attribute", []):
                expected[f"{hashlib.md5(a['value'].encode('utf-8')).hexdigest()},{uuid}"] += 1
                attributes += 1
        if len(ev.attributes) + sum(len(o.attributes) for o in ev.objects) != \
                len(e.get("Attribute", [])) + sum(len(o.get("Attribute", [])) for o in e.get("Object", [])):
            fail(f"{path.name}: PyMISP loaded a different number of attributes")
        for h in ev.attributes_hashes("md5"):
            by_pymisp[f"{h},{uuid}"] += 1
        if sorted(fed["Event"]["_hashes"]) != sorted(h.split(",")[0] for h in expected if h.endswith(uuid) for _ in range(expected[h])):
            fail(f"{path.name}: PyMISP's to_feed hashes differ from the event's values")

    lines = (feed / "hashes.csv").read_text(encoding="utf-8").splitlines()
    got = collections.Counter(lines)
    if got != expected:
        missing = expected - got
        extra = got - expected
        fail(f"hashes.csv: {sum(missing.values())} lines missing, {sum(extra.values())} extra "
             f"(e.g. missing {list(missing)[:2]}, extra {list(extra)[:2]})")
    if by_pymisp != expected:
        fail("PyMISP's attributes_hashes('md5') differ from the values recomputed with hashlib")
    for line in lines:
        h, _, u = line.partition(",")
        if len(h) != 32 or u not in manifest:
            fail(f"hashes.csv: malformed line {line!r}")
            break
    print(f"feed: {len(manifest)} events, {objects} objects, {attributes} attributes, "
          f"{len(lines)} hashes.csv lines checked")


def check_warninglists(root: Path) -> None:
    import jsonschema
    from pymispwarninglists import WarningLists

    schema_path = Path(sys.modules["pymispwarninglists"].__file__).parent / "data" / "misp-warninglists" / "schema.json"
    schema = json.loads(schema_path.read_text())
    lists = []
    for path in sorted(root.glob("*/list.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            jsonschema.validate(data, schema)
        except jsonschema.ValidationError as e:
            fail(f"{path}: not valid against misp-warninglists' schema: {e.message}")
            continue
        if data["list"] != sorted(set(data["list"])):
            fail(f"{path}: values not sorted and unique")
        for v in data["list"]:
            if data["type"] == "cidr":
                try:
                    ipaddress.ip_network(v)
                except ValueError:
                    fail(f"{path}: {v!r} is no CIDR block")
            elif data["type"] == "hostname" and AttributeValidationTool.validate("domain", v) is not True:
                fail(f"{path}: {v!r} is no host name")
        lists.append(data)
    if not lists:
        fail(f"{root}: no */list.json")
        return
    loaded = WarningLists(slow_search=True, lists=lists)
    loaded.validate_with_schema()
    # The lists match what they are meant to.
    for data in lists:
        wl = loaded[data["name"]]
        probe = data["list"][0]
        if data["type"] == "cidr":
            probe = probe.split("/")[0]
        if probe not in wl:
            fail(f"{data['name']}: does not match its own value {probe!r}")
        if data["type"] == "hostname" and f"https://help.{probe}/x" not in wl:
            fail(f"{data['name']}: a hostname list that misses a subdomain URL of {probe!r}")
    print(f"warning lists: {len(lists)} lists, {sum(len(d['list']) for d in lists)} values checked")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feed", type=Path, help="a MISP feed directory")
    ap.add_argument("--warninglists", type=Path, help="a directory of <name>/list.json")
    args = ap.parse_args()
    if not args.feed and not args.warninglists:
        ap.error("give --feed, --warninglists or both")
    if args.feed:
        check_feed(args.feed)
    if args.warninglists:
        check_warninglists(args.warninglists)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
