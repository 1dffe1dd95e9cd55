#!/usr/bin/env python3
"""Finds import cycles between the modules of each crate given (its src/).

A module's imports are the `crate::`, `super::` and `self::` paths in it
(tests left out); a cycle is a strongly connected set of modules. Prints
each cycle and exits 1 if any; `-v` prints the whole graph.

    scripts/module-cycles.py app/src server/src crates/*/src
"""
import os, re, sys


def cycles_of(root, verbose):
    mods = {}
    for dp, dn, fn in os.walk(root):
        for f in fn:
            if not f.endswith('.rs'): continue
            p = os.path.join(dp, f); rel = os.path.relpath(p, root)[:-3]
            parts = rel.split('/')
            if parts[-1] in ('mod', 'lib', 'main'): parts = parts[:-1]
            mods['::'.join(parts)] = open(p).read()
    names = set(mods)
    def resolve(cur, path):
        segs = path.split('::')
        if segs[0] == 'crate': base = []; segs = segs[1:]
        elif segs[0] in ('super', 'self'):
            base = cur.split('::') if cur else []
            while segs and segs[0] in ('super', 'self'):
                if segs[0] == 'super': base = base[:-1]
                segs = segs[1:]
        else: return None
        full = base + segs
        # longest prefix that is a module
        for i in range(len(full), 0, -1):
            m = '::'.join(full[:i])
            if m in names: return m
        return None
    edges = {m: set() for m in names}
    for m, src in mods.items():
        # drop test modules
        src = re.split(r'#\[cfg\(test\)\]\s*mod tests', src)[0]
        for path in re.findall(r'\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)', src):
            t = resolve(m, path)
            if t and t != m and not t.startswith(m + '::') and not m.startswith(t + '::'):
                edges[m].add(t)
        # use foo::{a, b} forms with braces: handle crate::x::{y, z}
        for prefix, inner in re.findall(r'\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^}]*)\}', src):
            for item in inner.split(','):
                item = item.strip().split(' as ')[0].split('::')[0]
                if not item or item == 'self': continue
                t = resolve(m, prefix + '::' + item)
                if t and t != m and not t.startswith(m + '::') and not m.startswith(t + '::'):
                    edges[m].add(t)
    # Tarjan SCC
    index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
    sys.setrecursionlimit(10000)
    def strong(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in edges[v]:
            if w not in index: strong(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: sccs.append(comp)
    for v in sorted(names):
        if v not in index: strong(v)
    if verbose:
        for m in sorted(edges): print(m or '<root>', '->', sorted(edges[m]))
    for c in sccs:
        if verbose:
            for a in sorted(c):
                print('   ', a, '->', sorted(e for e in edges[a] if e in c))
    return sccs


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    roots = [a for a in sys.argv[1:] if a != "-v"]
    found = 0
    for root in roots:
        for cycle in cycles_of(root, verbose):
            found += 1
            print(f"{root}: a cycle between {', '.join(sorted(cycle))}")
    print(f"module cycles: {found} in {len(roots)} crates")
    sys.exit(1 if found else 0)
