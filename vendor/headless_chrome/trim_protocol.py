#!/usr/bin/env python3
"""Trims json/*.json, the DevTools protocol the crate generates its types
from, to the domains that the crate and ent-guide use and the domains their
types refer to. The generated code is most of the crate's compile time.

Run it from this folder after copying a new protocol in:
    python3 trim_protocol.py
Chrome's events of the dropped domains are ignored like any other message
the crate does not recognise (it logs them at trace level); none of them
is enabled by the crate or by ent-guide.
"""
import json
import re

# Domains named in the crate's source and in ent-guide's (`cdp::NAME`).
USED = {
    "Browser", "CSS", "DOM", "Debugger", "Emulation", "Fetch", "Input",
    "Log", "Network", "Page", "Profiler", "Runtime", "Target",
}
FILES = ["json/js_protocol.json", "json/browser_protocol.json"]


def refs(domain):
    """The domains that `domain`'s types, commands and events refer to."""
    named = set(domain.get("dependencies", []))
    named |= set(re.findall(r'"\$ref": "(\w+)\.', json.dumps(domain)))
    return named


protocols = [json.load(open(f, encoding="utf-8")) for f in FILES]
domains = {d["domain"]: d for p in protocols for d in p["domains"]}
keep, todo = set(), sorted(USED)
while todo:
    name = todo.pop()
    if name not in keep:
        keep.add(name)
        todo.extend(sorted(refs(domains[name]) - keep))
for path, protocol in zip(FILES, protocols):
    protocol["domains"] = [d for d in protocol["domains"] if d["domain"] in keep]
    with open(path, "w", encoding="utf-8") as out:
        json.dump(protocol, out, indent=4, ensure_ascii=False)
        out.write("\n")
print("kept:", ", ".join(sorted(keep)))
print("dropped:", ", ".join(sorted(set(domains) - keep)))
