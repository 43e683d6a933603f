#!/usr/bin/env python3
"""Turns benchmarks/http/run's raw files into OUT/http.md and OUT/targets-http.md.

usage: report.py RAW_DIR OUT_DIR [--quick]
"""
import os
import statistics
import sys

raw, out = sys.argv[1], sys.argv[2]
quick = '--quick' in sys.argv[3:]

LABEL = {
    'none': 'no sessions (baseline)',
    's4j-memory': 'sessions4j, memory store',
    's4j-cookie': 'sessions4j, cookie mode (AES-256-GCM)',
    's4j-mariadb': 'sessions4j, JDBC store on MariaDB',
    's4j-redis': 'sessions4j, Redis store',
    'spring-map': 'Spring Session, MapSessionRepository',
    'spring-jdbc': 'Spring Session, JdbcIndexedSessionRepository on MariaDB',
    'spring-redis': 'Spring Session, RedisSessionRepository',
    'jetty': 'Jetty 12 HttpSession (DefaultSessionCache + NullSessionDataStore)',
    'express': 'express-session + MemoryStore (Node.js)',
}
ORDER = ['s4j-memory', 's4j-cookie', 's4j-mariadb', 's4j-redis', 'spring-map', 'spring-jdbc',
         'spring-redis', 'jetty', 'express']
# the sessions4j row each peer is compared with
S4J_FOR = {'spring-map': 's4j-memory', 'jetty': 's4j-memory', 'express': 's4j-memory',
           'spring-jdbc': 's4j-mariadb', 'spring-redis': 's4j-redis', 's4j-cookie': 's4j-memory'}
SCENARIOS = [
    ('read', 'Read-only, existing session (`GET /read`)',
     'Reads the counter of an existing session; connections rotate over the pre-created sessions.'),
    ('modify', 'Modifying an existing session (`GET /modify`)',
     'Increments the counter of an existing session; connections rotate over the pre-created sessions.'),
    ('new', 'New session (`GET /new`, no cookie)',
     'Every request creates a session and stores one value.'),
]


def read_lines(name):
    p = os.path.join(raw, name)
    return [l.rstrip('\n') for l in open(p)] if os.path.exists(p) else []


results = {}
for line in read_lines('results.txt'):
    parts = line.split()
    if len(parts) >= 3:
        results[(parts[0], parts[1])] = [float(x) for x in parts[2:]]
failed = dict(l.split('\t', 1) for l in read_lines('failed.txt') if '\t' in l)
roundtrips = [l.split('\t') for l in read_lines('roundtrips.txt') if l]
commands = read_lines('commands.md')


def median(v, sc):
    r = results.get((v, sc))
    return statistics.median(r) if r else None


def fmt(x):
    return f'{x:,.0f}'


base = median('none', 'baseline')


def ratio(a, b, sc):
    """a's requests/s over b's: the median of the per-round ratios when both ran in every round (each
    pair measured seconds apart, so the machine's drift between rounds cancels), else of the medians."""
    ra, rb = results.get((a, sc)), results.get((b, sc))
    if not ra or not rb:
        return None
    if len(ra) == len(rb):
        return statistics.median(x / y for x, y in zip(ra, rb))
    return statistics.median(ra) / statistics.median(rb)


def vs_baseline(v, sc):
    """v's requests/s over the baseline's run on the same path in the same round (median over rounds)."""
    rv, rb = results.get((v, sc)), results.get(('none', 'baseline'))
    order = ['read', 'modify', 'new']
    if not rv or not rb or sc not in order or len(rb) != 3 * len(rv):
        return (median(v, sc) or 0) / base if base else None
    return statistics.median(rv[r] / rb[3 * r + order.index(sc)] for r in range(len(rv)))


def added(m):
    """Server time a request of this row costs beyond a baseline request, in µs (one server core)."""
    return f'{1e6 / m - 1e6 / base:.1f}' if base and m else '—'


def why(v):
    return failed.get(v, 'not run (not in VARIANTS)')


md = ['## HTTP load (wrk)', '']
if quick:
    md += ['QUICK=1 smoke run: one 2 s run per row, no scenario warm-up — numbers not for quoting.', '']
md += ['One servlet for every Java variant (`benchmarks/http/servlet/…/BenchServlet.java`, compiled into both '
       'server jars), on Jetty 12.1.14 (ee10), default thread pool; express-session on Node with the same '
       'endpoints and the same 11-byte `text/plain` body with Content-Length. Server and wrk each pinned to one '
       'core; MariaDB and Redis are not pinned and share both cores. With one core the JVM picks SerialGC. '
       'Spring Session and sessions4j run with their defaults (Spring: 30 min idle timeout, last-access time '
       'saved on every request; sessions4j: lazy touch). See `benchmarks/http/README.md`.', '',
       '### Commands', ''] + commands + ['']
if base:
    md += [f'No-session baseline (`none`, same servlet writing a constant, sent the same traffic: 1 cookie a request out of as many distinct 117-character ones as there are sessions): **{fmt(base)} requests/s** '
           f'(median of {len(results[("none", "baseline")])} runs, {fmt(min(results[("none", "baseline")]))}–{fmt(max(results[("none", "baseline")]))}; '
           f'{1e6 / base:.1f} µs of server time a request); it stands for all three scenarios, since without '
           'sessions the servlet does the same work on every path, and it was measured on all three paths in '
           'the same rounds as the variants of its group. "µs a request adds" is 10⁶/row − 10⁶/baseline: '
           'the server core\'s time the session work costs a request, which compares implementations more '
           'directly than a ratio of throughputs that mostly measure Jetty. "sessions4j row ÷ this row" and '
           'the targets table use the median of the per-round ratios (the two runs of a pair are seconds '
           'apart, so drift between rounds cancels); the spread columns show how much the machine drifted.', '']
else:
    md += [f'No-session baseline: not measured: {why("none")}', '']

for sc, title, what in SCENARIOS:
    md += [f'### {title}', '', what, '',
           '| variant | requests/s median | spread (min–max) | ratio vs no-session baseline | µs a request adds to the baseline | sessions4j row ÷ this row |',
           '|---|---|---|---|---|---|']
    rows = []
    for v in ORDER:
        rows.append((v, sc, LABEL[v]))
        if v == 's4j-memory' and sc in ('read', 'modify'):
            rows.append((v, sc + '-one', LABEL[v] + ', all connections on ONE session'))
    for v, key, label in rows:
        r = results.get((v, key))
        if not r:
            md.append(f'| {label} | not measured: {why(v)} | | | | |')
            continue
        m = statistics.median(r)
        vs_base = f'{m / base:.2f}' if base else '—'
        ref = S4J_FOR.get(v)
        if key.endswith('-one'):
            vs = f'{median(v, sc) / m:.2f} (many sessions ÷ one)' if median(v, sc) else '—'
        elif ref and median(ref, sc):
            vs = f'{ratio(ref, v, sc):.2f}× ({ref})'
        else:
            vs = '—'
        md.append(f'| {label} | {fmt(m)} | {fmt(min(r))}–{fmt(max(r))} | {vs_base} | {added(m)} | {vs} |')
    notes = []
    if sc == 'modify':
        notes.append('sessions4j cookie mode re-seals the cookie on every change; wrk keeps sending the cookies '
                     'it was given, so each request decodes, changes and re-seals the same starting state.')
        notes.append('ONE session: every connection increments the same session; sessions4j\'s versioned '
                     'writes merge concurrent changes, so writes on that one record serialise.')
    if sc == 'read':
        notes.append('ONE session: every connection reads the same session (no writes, so nothing serialises '
                     'except the store\'s own lookups).')
    md += [''] + [f'- {n}' for n in notes] + ([''] if notes else [])

md += ['### Store round trips per request', '',
       f'Sequential requests on one connection (curl), each on another pre-created session; '
       'Redis: client commands on the benchmark db seen by `MONITOR` (commands a script runs internally '
       'excluded), and the `INFO commandstats` delta, which also counts those; MariaDB: `SHOW GLOBAL STATUS` '
       '`Questions` and `Com_%` deltas minus what the status queries themselves add (connection-pool '
       'pings are not statements and not counted). Global counters: other clients of the same servers '
       'during the measurement add to them (MariaDB: the quieter of two repetitions is kept). In-memory '
       'and cookie variants make none.', '',
       '| variant | scenario | store | round trips / request | by command | Redis commands executed, incl. inside scripts |',
       '|---|---|---|---|---|---|']
for v, sc, store, total, detail, cs in roundtrips:
    md.append(f'| {LABEL.get(v, v)} | {sc} | {store} | {total} | {detail} | {cs or "—"} |')
for v in ('s4j-mariadb', 's4j-redis', 'spring-jdbc', 'spring-redis'):
    if not any(r[0] == v for r in roundtrips):
        md.append(f'| {LABEL[v]} | — | — | not measured: {why(v)} | | |')
md.append('')

with open(os.path.join(out, 'http.md'), 'w') as f:
    f.write('\n'.join(md) + '\n')

# --- targets ---
def verdict(x, target):
    if x is None:
        return 'not measured'
    if x >= target:
        return f'yes (headroom {100 * (x / target - 1):.0f} %)'
    return f'NO (gap {100 * (1 - x / target):.0f} %)'


def peer_row(title, s4j, peer, target):
    h = ratio(s4j, peer, 'read')
    others = ', '.join(f'{sc} {ratio(s4j, peer, sc):.2f}×' if ratio(s4j, peer, sc) else f'{sc} not measured'
                       for sc in ('modify', 'new'))
    if h is None:
        missing = s4j if not median(s4j, 'read') else peer
        measured = f'not measured: {missing}: {why(missing)}'
    else:
        measured = f'read-only {h:.2f}× (medians {fmt(median(s4j, "read"))} vs {fmt(median(peer, "read"))} req/s); {others}'
    return f'| {title} | {measured} | {verdict(h, target)} |'


rows = []
m = median('s4j-memory', 'read')
if m and base:
    rows.append(f'| HTTP: memory store, read-only, ≥ 90 % of the no-session baseline | {100 * vs_baseline("s4j-memory", "read"):.0f} % '
                f'(medians {fmt(m)} vs {fmt(base)} req/s; modify {100 * vs_baseline("s4j-memory", "modify"):.0f} %, '
                f'new {100 * vs_baseline("s4j-memory", "new"):.0f} %) | {verdict(vs_baseline("s4j-memory", "read"), 0.9)} |')
else:
    rows.append('| HTTP: memory store, read-only, ≥ 90 % of the no-session baseline | not measured | not measured |')
rows.append(peer_row('HTTP: memory store ≥ 1.3× Spring Session MapSessionRepository', 's4j-memory', 'spring-map', 1.3))
sm = median('spring-map', 'read')
if sm and base and m:
    rows[-1] = rows[-1][:rows[-1].rindex(' |', 0, -2)] + (
        f'; ceiling: no session implementation can beat the no-session baseline, which is only '
        f'{base / sm:.2f}× Spring here; cost a request above the baseline: sessions4j '
        f'{1e6 / m - 1e6 / base:.1f} µs, Spring {1e6 / sm - 1e6 / base:.1f} µs' + rows[-1][rows[-1].rindex(' |', 0, -2):])
rows.append(peer_row('HTTP: memory store ≥ 1.0× Jetty native HttpSession', 's4j-memory', 'jetty', 1.0))
rows.append(peer_row('HTTP: Redis store ≥ 2× Spring Session Redis (RedisSessionRepository)', 's4j-redis', 'spring-redis', 2.0))
rows.append(peer_row('HTTP: JDBC store on MariaDB ≥ 1.5× Spring Session JDBC', 's4j-mariadb', 'spring-jdbc', 1.5))
rows.append(peer_row('HTTP: memory store ≥ 4× express-session + MemoryStore', 's4j-memory', 'express', 4.0))
with open(os.path.join(out, 'targets-http.md'), 'w') as f:
    f.write('\n'.join(rows) + '\n')
