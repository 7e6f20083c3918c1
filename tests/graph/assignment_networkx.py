#!/usr/bin/python3
"""Cross-check for assign_offers (src/graph/assignment.h) with networkx.

    /usr/bin/python3 tests/graph/assignment_networkx.py EDGES.csv
    /usr/bin/python3 tests/graph/assignment_networkx.py - < EDGES.csv

EDGES.csv has the header "company,package,score" (one graph) or
"graph,company,package,score" (several graphs, solved one by one) and
integer scores > 0. For each graph, builds an undirected networkx.Graph with
vertices ("c", company) and ("p", package), runs
networkx.max_weight_matching(maxcardinality=False), which is the assignment
with both caps 1, and prints one line, in order of first appearance:

    [graph G ]total T pairs P seconds S

T is the summed score of the matching, P its number of pairs and S the time
of max_weight_matching alone. With integer weights networkx computes in
integers, so T is exact. Exits 1 on bad input.
"""
import csv
import sys
import time

import networkx


def fail(message):
    print(f"assignment_networkx: {message}", file=sys.stderr)
    sys.exit(1)


def read(stream, name):
    reader = csv.reader(stream)
    header = next(reader, None)
    if header == ["company", "package", "score"]:
        multi = False
    elif header == ["graph", "company", "package", "score"]:
        multi = True
    else:
        fail(f"{name}: expected header company,package,score or graph,company,package,score")
    graphs = {}  # graph id -> {(company, package): score}, in order of appearance
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            fail(f"{name}:{line}: expected {len(header)} fields")
        try:
            values = [int(x) for x in row]
        except ValueError:
            fail(f"{name}:{line}: not an integer")
        gid = values[0] if multi else None
        company, package, score = values[-3:]
        if score <= 0:
            fail(f"{name}:{line}: score must be positive")
        edges = graphs.setdefault(gid, {})
        if (company, package) in edges:
            fail(f"{name}:{line}: company {company}, package {package} listed twice")
        edges[(company, package)] = score
    return multi, graphs


def solve(edges):
    g = networkx.Graph()
    for (company, package), score in edges.items():
        g.add_edge(("c", company), ("p", package), weight=score)
    t0 = time.perf_counter()
    matching = networkx.max_weight_matching(g, maxcardinality=False, weight="weight")
    seconds = time.perf_counter() - t0
    total = 0
    for u, v in matching:
        if u[0] == "p":
            u, v = v, u
        total += edges[(u[1], v[1])]
    return total, len(matching), seconds


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if argv[1] == "-":
        multi, graphs = read(sys.stdin, "stdin")
    else:
        with open(argv[1], newline="") as f:
            multi, graphs = read(f, argv[1])
    if not multi and not graphs:
        graphs[None] = {}
    for gid, edges in graphs.items():
        total, pairs, seconds = solve(edges)
        prefix = f"graph {gid} " if multi else ""
        print(f"{prefix}total {total} pairs {pairs} seconds {seconds:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
