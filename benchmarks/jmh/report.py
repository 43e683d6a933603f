#!/usr/bin/env python3
"""Renders benchmarks/jmh's results as markdown for benchmarks/RESULTS.md.

usage: report.py OUT_DIR JMH_JSON MEMORY_PROPERTIES JMH_COMMAND MEMORY_COMMAND [quick]
writes OUT_DIR/jmh.md, OUT_DIR/memory.md and OUT_DIR/targets-jmh.md (rows only).
"""
import json
import sys

out_dir, jmh_json, mem_props, jmh_cmd, mem_cmd = sys.argv[1:6]
quick = len(sys.argv) > 6 and sys.argv[6] == "quick"

with open(jmh_json) as f:
    results = json.load(f)

GROUPS = [
    ("CookieSealerBenchmark", "Cookie sealers alone (encoded session document in, cookie value out)"),
    ("CookieSessionBenchmark", "Whole cookie session: sessions4j vs Vert.x Web CookieSessionStore 4.5"),
    ("AttributeCodecBenchmark", "Attribute codec (Jackson)"),
    ("SessionIdBenchmark", "Session id generation"),
    ("EngineBenchmark", "Engine per request (store mode, MemoryStore, in-memory exchange)"),
]


def key(r):
    cls, method = r["benchmark"].rsplit(".", 2)[-2:]
    return cls, method, tuple(sorted(r.get("params", {}).items()))


def fmt(ns):
    """ns/op, with a µs figure for readability above 1 µs."""
    if ns >= 1000:
        return f"{ns:,.0f} ns ({ns / 1000:.2f} µs)"
    return f"{ns:,.1f} ns"


def num(x, digits=0):
    return f"{x:,.{digits}f}"


by = {}
for r in results:
    by[key(r)] = r


def score(cls, method, **params):
    k = (cls, method, tuple(sorted((a, str(b)) for a, b in params.items())))
    r = by.get(k)
    return None if r is None else r["primaryMetric"]["score"]


def spread(pm):
    raw = [x for fork in pm.get("rawData", []) for x in fork]
    err = pm.get("scoreError")
    parts = []
    if isinstance(err, (int, float)) and err == err:  # not NaN
        parts.append(f"± {num(err)}")
    else:
        parts.append("± n/a")
    if len(raw) > 1:
        parts.append(f"{num(min(raw))}–{num(max(raw))}")
    return "; ".join(parts)


lines = ["## Micro-benchmarks (JMH)", ""]
if quick:
    lines += ["> QUICK=1 smoke run: one very short iteration in-process; the numbers only show the "
              "benchmarks run. Do not quote them.", ""]
lines += [
    "Command (from the repository root, after `./mvnw -pl benchmarks/jmh -am package -DskipTests`):",
    "",
    "```",
    jmh_cmd,
    "```",
    "",
    "Score: average time per operation in **ns/op** (nanoseconds; 1 µs = 1,000 ns), lower is better. "
    "Spread: JMH's ± error at 99.9% confidence over the measurement iterations, then the fastest and "
    "slowest iteration (min–max, ns/op). Sizes are the encoded sessions4j session document "
    "(`Payloads`): 200 B and 2 KB (2,048 B); Vert.x carries the same attributes.",
    "",
]
for cls, title in GROUPS:
    rows = [r for r in results if key(r)[0] == cls]
    if not rows:
        continue
    lines += [f"### {title}", "", f"`{cls}`", ""]
    param_names = sorted({p for r in rows for p in r.get("params", {})})
    header = "| benchmark | " + " | ".join(param_names) + (" | " if param_names else "") + \
             "score (ns/op) | ± error (99.9%); min–max iteration (ns/op) |"
    lines += [header, "|" + "---|" * (3 + len(param_names))]
    for r in sorted(rows, key=lambda r: (key(r)[1], [r["params"].get(p, "") for p in param_names])):
        pm = r["primaryMetric"]
        vals = [r["params"].get(p, "") for p in param_names]
        lines.append(f"| {key(r)[1]} | " + " | ".join(vals) + (" | " if vals else "") +
                     f"{fmt(pm['score'])} | {spread(pm)} |")
    lines.append("")
    if cls == "CookieSessionBenchmark":
        lines += ["Ratios (Vert.x time ÷ sessions4j time; above 1 means sessions4j is faster):", "",
                  "| operation | size | sessions4j-signed vs Vert.x | sessions4j-encrypted vs Vert.x |",
                  "|---|---|---|---|"]
        for method in ("seal", "open", "sealOpen"):
            for size in ("200", "2048"):
                v = score(cls, method, impl="vertx", size=size)
                s = score(cls, method, impl="sessions4j-signed", size=size)
                e = score(cls, method, impl="sessions4j-encrypted", size=size)
                if v and s and e:
                    lines.append(f"| {method} | {size} | {v / s:.2f}× | {v / e:.2f}× |")
        lines += ["", "Vert.x only signs (HMAC-SHA256); its like-for-like peer is sessions4j-signed. "
                  "sessions4j's cookie also binds the cookie name and carries a key id (rotation). "
                  "Vert.x: `CookieSessionStore` of `io.vertx:vertx-web-sstore-cookie:4.5.24` (the newest "
                  "4.5 build that resolves here) on `io.vertx:vertx-web:4.5.32`.", ""]

with open(f"{out_dir}/jmh.md", "w") as f:
    f.write("\n".join(lines))

# ---- memory ----
mem = {}
with open(mem_props) as f:
    for line in f:
        if "=" in line:
            k, v = line.strip().split("=", 1)
            mem[k] = v
n = int(mem["sessions"])
store_bytes = int(mem["heapUsedBySessionsBytes"]) - int(mem["idsArrayBytes"])
per_session = store_bytes / n
projected_1m = per_session * 1_000_000
mib = 1024 * 1024
m = ["## One million sessions in the memory store", ""]
if quick:
    m += [f"> QUICK=1 smoke run with {n:,} sessions and short phases; do not quote.", ""]
m += [
    "Command:", "", "```", mem_cmd, "```", "",
    f"{n:,} sessions, each a {mem['payloadBytes']}-byte encoded document (its own array) with a "
    "43-character id, put into `MemoryStore` (Caffeine, prompt expiry). Heap used is read from "
    "MemoryMXBean after repeated `System.gc()`, before and after filling; the benchmark's own "
    "array of ids is subtracted.",
    "",
    "| measure | value |", "|---|---|",
    f"| heap before filling | {int(mem['heapBeforeBytes']) / mib:,.1f} MiB |",
    f"| heap after filling | {int(mem['heapAfterBytes']) / mib:,.1f} MiB |",
    f"| heap used by the sessions | {store_bytes / mib:,.1f} MiB |",
    f"| per session | {per_session:,.0f} bytes (payload {mem['payloadBytes']} B) |",
    f"| projected for 1,000,000 | {projected_1m / mib:,.0f} MiB |",
    f"| fill time | {float(mem['fillSeconds']):.1f} s |",
    "",
    "Request latency (one thread: `SessionManager.load` + `commit` on random live sessions, one "
    "request in ten modifying the session), before any expiry and while the store removes "
    f"{int(mem['scheduledToExpire']):,} sessions expiring over {mem['sweepSeconds']} s:",
    "",
    "| phase | requests | sessions not found | p50 | p99 | p99.9 | max |",
    "|---|---|---|---|---|---|---|",
]
for phase, label in (("baseline", "no expiry"), ("sweep", "during expiry sweeps")):
    m.append(f"| {label} | {int(mem[phase + '.requests']):,} in {float(mem[phase + '.seconds']):.0f} s | "
             f"{mem[phase + '.notFound']} | {float(mem[phase + '.p50Micros']):,.1f} µs | "
             f"{float(mem[phase + '.p99Micros']):,.1f} µs | {float(mem[phase + '.p999Micros']):,.1f} µs | "
             f"{float(mem[phase + '.maxMicros']):,.1f} µs |")
m += ["",
      f"Expired: {int(mem['expiredNotices']):,} expiry notices of {int(mem['scheduledToExpire']):,} scheduled; "
      f"{int(mem['storeLengthAfter']):,} sessions left in the store; "
      f"{mem['gcMillisDuringSweep']} ms of GC during the sweep phase.", ""]
with open(f"{out_dir}/memory.md", "w") as f:
    f.write("\n".join(m))

# ---- targets ----
rows = []
for prot, impl in (("signed", "sessions4j-signed"), ("encrypted", "sessions4j-encrypted")):
    # the target is the cookie codec (CookieSealer) on a 200 B session payload
    t = score("CookieSealerBenchmark", "sealOpen", protection=prot.upper(), size="200")
    whole = score("CookieSessionBenchmark", "sealOpen", impl=impl, size="200")
    if t is None:
        rows.append(f"| Cookie seal+open of a 200 B session ≤ 2 µs ({prot}) | not measured | NO (not run) |")
        continue
    us = t / 1000
    extra = f"; {whole / 1000:.2f} µs with the JSON attribute codec" if whole else ""
    verdict = f"yes (headroom {2 / us:.1f}×)" if us <= 2 else f"NO (gap {us / 2:.1f}× over)"
    rows.append(f"| Cookie seal+open of a 200 B session ≤ 2 µs ({prot}) | {us:.2f} µs (CookieSealer)"
                f"{extra} | {verdict} |")
v = score("CookieSessionBenchmark", "sealOpen", impl="vertx", size="200")
s = score("CookieSessionBenchmark", "sealOpen", impl="sessions4j-signed", size="200")
if v and s:
    ratio = v / s
    sealer = score("CookieSealerBenchmark", "sealOpen", protection="SIGNED", size="200")
    extra = f"; Vert.x's whole session takes {v / sealer:.2f}× our signed sealer alone" if sealer else ""
    verdict = f"yes (headroom {ratio / 2:.2f}× above 2×)" if ratio >= 2 else \
        f"NO (gap: {ratio:.2f}×, needs {2 / ratio:.1f}× faster)"
    rows.append(f"| Cookie codec ≥ 2× Vert.x CookieSessionStore (seal+open 200 B) | {ratio:.2f}× whole session, "
                f"attributes to cookie and back (signed {s / 1000:.2f} µs vs Vert.x {v / 1000:.2f} µs){extra} "
                f"| {verdict} |")
else:
    rows.append("| Cookie codec ≥ 2× Vert.x CookieSessionStore (seal+open 200 B) | not measured | NO (not run) |")
gib = 1024 ** 3
verdict = f"yes (headroom {gib / projected_1m:.1f}×, {(gib - projected_1m) / mib:,.0f} MiB spare)" \
    if projected_1m <= gib else f"NO (gap {(projected_1m - gib) / mib:,.0f} MiB over)"
how = "" if n == 1_000_000 else f", projected from {n:,}"
rows.append(f"| 1M sessions of 200 B in ≤ 1 GiB heap | {projected_1m / mib:,.0f} MiB "
            f"({per_session:,.0f} B/session{how}) | {verdict} |")
with open(f"{out_dir}/targets-jmh.md", "w") as f:
    f.write("\n".join(rows) + "\n")
