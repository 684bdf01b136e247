"""taxii2-client (the OASIS reference client) against `ringtrace serve`:
lists the collections, pages through every readable one with as_pages,
checks the manifest agrees, and adds objects with wait_for_completion."""
import sys
import uuid

from taxii2client.v21 import Server, as_pages

url, key = sys.argv[1], sys.argv[2]
server = Server(url, user="interop", password=key)
roots = server.api_roots
assert roots, "no API root"
root = roots[0]
collections = {c.title: c for c in root.collections}
print("collections:", ", ".join(sorted(collections)))
assert len(collections) == 4, collections

total = 0
for title, coll in collections.items():
    if not coll.can_read:
        continue
    ids = []
    pages = 0
    for envelope in as_pages(coll.get_objects, per_request=50):
        pages += 1
        ids.extend(o["id"] for o in envelope.get("objects", []))
    assert len(ids) == len(set(ids)), f"{title}: an object came twice"
    manifest = []
    for envelope in as_pages(coll.get_manifest, per_request=200):
        manifest.extend(m["id"] for m in envelope.get("objects", []))
    assert manifest == ids, f"{title}: manifest and objects differ"
    print(f"{title}: {len(ids)} objects in {pages} pages")
    total += len(ids)
assert total > 0, "nothing readable"
community = next(c for c in collections.values() if c.title.startswith("Community"))
first = community.get_objects(limit=500)["objects"]
kinds = {o["type"] for o in first}
for wanted in ("report", "identity", "marking-definition"):
    assert wanted in kinds, f"no {wanted} in the community collection: {kinds}"

inbox = next(c for c in collections.values() if c.can_write)
now = "2026-11-30T12:00:00.000Z"
domain = {"type": "domain-name", "spec_version": "2.1",
          "id": "domain-name--" + str(uuid.uuid5(uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7"),
                                                '{"value":"interop-check.example-support.com"}')),
          "value": "interop-check.example-support.com"}
report = {"type": "report", "spec_version": "2.1", "id": f"report--{uuid.uuid4()}",
          "created": now, "modified": now, "name": "taxii2-client interop report",
          "published": now, "report_types": ["campaign"], "object_refs": [domain["id"]],
          "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}
status = inbox.add_objects({"objects": [domain, report]}, wait_for_completion=True)
print(f"added: status {status.status}, {status.success_count} succeeded, {status.failure_count} failed")
assert status.status == "complete", status.status
assert status.failure_count == 0, status.failures
assert status.success_count == 2, status.success_count
own = next(c for c in collections.values() if c.title.startswith("Own"))
mine = [o for env in as_pages(own.get_objects, per_request=100) for o in env.get("objects", [])]
assert any("interop-check.example-support.com" in str(o) for o in mine), "the added report is not in Own"
print("taxii2-client: ok")
