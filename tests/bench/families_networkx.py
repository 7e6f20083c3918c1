#!/usr/bin/python3
"""Cross-check for family_bench: extended families with networkx.

    /usr/bin/python3 tests/bench/families_networkx.py EDGES.csv [NODES]

EDGES.csv is the "u,v" claim list written by `family_bench --write-edges`;
NODES (default EDGES.csv.nodes) lists the registered numbers under the header
"number". Builds an undirected networkx.Graph over every number (registered
or claimed), runs networkx.connected_components and prints the number of
components that contain a registered application, which must equal the
"extended" count family_bench prints for the same input.
"""
import csv
import sys
import time

import networkx


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    edges_path = argv[1]
    nodes_path = argv[2] if len(argv) == 3 else edges_path + ".nodes"

    t0 = time.perf_counter()
    with open(edges_path, newline="") as f:
        reader = csv.reader(f)
        if next(reader, None) != ["u", "v"]:
            print(f"{edges_path}: expected header u,v", file=sys.stderr)
            return 1
        edges = [(row[0], row[1]) for row in reader]
    with open(nodes_path) as f:
        if f.readline().strip() != "number":
            print(f"{nodes_path}: expected header number", file=sys.stderr)
            return 1
        registered = [line.rstrip("\n") for line in f if line.strip()]
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    g = networkx.Graph()
    g.add_nodes_from(registered)
    g.add_edges_from(edges)
    t_build = time.perf_counter() - t0

    t0 = time.perf_counter()
    components = list(networkx.connected_components(g))
    t_components = time.perf_counter() - t0

    registered_set = set(registered)
    with_registered = sum(1 for c in components if not registered_set.isdisjoint(c))
    print(f"networkx {networkx.__version__}: {len(registered)} applications, "
          f"{len(edges)} claims, {g.number_of_nodes()} vertices, "
          f"extended {with_registered} (all components {len(components)}), "
          f"read {t_read:.3f} s, build {t_build:.3f} s, "
          f"components {t_components:.3f} s, build+components "
          f"{t_build + t_components:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
