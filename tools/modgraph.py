#!/usr/bin/env python3
"""Module graph of a Rust crate from its `use crate::`/`super::`/`self::` paths.

Usage: tools/modgraph.py [SRC_DIR] [--tests] [--edges] [--layers]

Nodes are file modules (`src/site/build.rs` is `site::build`). An edge A -> B
means A names a path inside B. A module naming its own descendants (a parent
re-exporting its children) is the module tree, not an import, and is skipped.
Code after `#[cfg(test)]` is skipped unless --tests is given.
Reports the circles (strongly connected components) among file modules and
among top-level modules; exits 1 when there is any.
"""
import os
import re
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = {a for a in sys.argv[1:] if a.startswith("--")}
src = args[0] if args else "src"

mods = {}  # module path tuple -> file
for dirpath, _, files in os.walk(src):
    for f in files:
        if not f.endswith(".rs"):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), src)
        parts = rel[:-3].split(os.sep)
        if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ("lib", "main")):
            parts = parts[:-1]
        if parts == [] and f == "main.rs":
            continue  # the binary is its own crate
        mods[tuple(parts)] = os.path.join(dirpath, f)


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    if "--tests" not in flags:
        i = text.find("#[cfg(test)]")
        if i >= 0:
            text = text[:i]
    return text


def expand(prefix, body):
    """Paths of a `use` tree: `a::{b, c::{d}}` -> [a::b, a::c::d]."""
    body = body.strip()
    m = re.match(r"^([\w:]*?)(::)?\{(.*)\}$", body, re.S)
    if not m:
        return [prefix + [p for p in body.split(" as ")[0].split("::") if p]]
    head = [p for p in m.group(1).split("::") if p]
    inner, depth, cur, out = m.group(3), 0, "", []
    for ch in inner + ",":
        if ch == "," and depth == 0:
            if cur.strip():
                out += expand(prefix + head, cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    return out


def resolve(here, path):
    """Absolute module path of a path written in module `here`."""
    if not path:
        return None
    if path[0] == "crate":
        abs_ = path[1:]
    elif path[0] in ("super", "self"):
        base = list(here)
        while path and path[0] in ("super", "self"):
            if path[0] == "super":
                base = base[:-1]
            path = path[1:]
        abs_ = base + path
    else:
        return None
    # the longest prefix that is a module
    for n in range(len(abs_), -1, -1):
        if tuple(abs_[:n]) in mods:
            return tuple(abs_[:n])
    return None


edges = {m: set() for m in mods}
for here, file in mods.items():
    text = strip(open(file, encoding="utf-8").read())
    paths = []
    for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", text):
        paths += expand([], m.group(1))
    for m in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", text):
        paths.append(m.group(1).split("::"))
    for p in paths:
        t = resolve(here, [x.strip() for x in p if x.strip()])
        if t is None or t == here or t[: len(here)] == here:
            continue
        edges[here].add(t)


def sccs(graph):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


name = lambda m: "::".join(m) or "crate"
top = {}
for a, bs in edges.items():
    for b in bs:
        ta, tb = a[:1], b[:1]
        top.setdefault(ta, set())
        top.setdefault(tb, set())
        if ta != tb and ta and tb:
            top[ta].add(tb)

if "--edges" in flags:
    for a in sorted(edges):
        for b in sorted(edges[a]):
            print(f"{name(a)} -> {name(b)}")
if "--layers" in flags:
    for a in sorted(top):
        if a:
            print(f"{name(a)}: {', '.join(sorted(name(b) for b in top[a]))}")

bad = 0
for comp in sccs(edges):
    bad += 1
    print("circle (files):", " <-> ".join(name(m) for m in comp))
for comp in sccs(top):
    bad += 1
    print("circle (top-level):", " <-> ".join(name(m) for m in comp))
if not bad:
    print(f"no import circle among {len(mods)} modules")
sys.exit(1 if bad else 0)
