#!/usr/bin/env python3
"""The generated farm of bench-apply.sh and bench-state.sh, as topology YAML on stdout.

Usage: bench-farm.py SYSTEM BASE_PORT NODES DCS MAX_DOWN AGENTS [step=seconds ...]

NODES nodes, node i in DC (i mod DCS) on http://127.0.0.1:BASE_PORT+i, each with 4 WPs, 2 CPs, a JWP, a JCP and a
REST process; one NetArea per DC falling back to the next DC's through a load balancer; AGENTS JCP agents and a
quarter as many CP agents in each; the durations given as step=seconds.
"""
import sys

system, base_port = sys.argv[1], int(sys.argv[2])
nodes, dcs_count, max_down, agents = map(int, sys.argv[3:7])
durations = dict(d.split("=") for d in sys.argv[7:])
dcs = [f"DC{i + 1}" for i in range(dcs_count)]
print(f"system: {system}\nversions: {{base: \"24.4.1\", target: \"24.4.4\"}}")
print("datacenters: [" + ", ".join(dcs) + "]\nnetAreas:")
for i, dc in enumerate(dcs):
    fallback = f", fallback: {{netAreas: [NA_{dcs[(i + 1) % len(dcs)]}], mechanism: loadBalancer}}" if len(dcs) > 1 else ""
    print(f"  - {{name: NA_{dc}, datacenter: {dc}{fallback}}}")
print("nodes:")
for n in range(nodes):
    dc = dcs[n % len(dcs)]
    pwp = ", pwp: true" if n == 0 else ""
    print(f"  - {{name: AE_{n:03d}, datacenter: {dc}, endpoint: http://127.0.0.1:{base_port + n}, wps: 4, cps: 2, "
          f"jwps: 1, jcps: 1, rest: 1, netArea: NA_{dc}{pwp}}}")
print("agents:")
for dc in dcs:
    print(f"  - {{netArea: NA_{dc}, count: {agents}, connectsTo: JCP}}")
    print(f"  - {{netArea: NA_{dc}, count: {max(1, agents // 4)}, connectsTo: CP}}")
print("policy:")
print(f"  maxNodesDownPerDC: {max_down}\n  gateBetweenDCs: none\n  onFailure: halt")
print("  durations: {" + ", ".join(f"{k}: {v}s" for k, v in durations.items()) + "}")
