"""Counts the reports in a ringtrace database, through its STIX export."""
import json
import subprocess
import sys

binary, db = sys.argv[1], sys.argv[2]
out = subprocess.run([binary, "--db", db, "export", "stix", "--tlp-max", "red"],
                     check=True, capture_output=True, text=True).stdout
bundle = json.loads(out)
print(sum(1 for o in bundle.get("objects", []) if o.get("type") == "report"))
