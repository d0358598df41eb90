"""Web server latency: p95 of each API endpoint on a generated database of 1 million events.

    .venv/bin/python bench/serve.py [--events 1000000] [--requests 40] [--db FILE] [--keep]

Builds the database straight into the schema (bulk INSERTs through `store.schema.connect`, so
the real tables, indexes, triggers and FTS index; no NLP: what is measured is the server,
not the analysis): documents of a few generated sentences, each with its mentions, entities
and event reports, one merged event per report, and trade measures with their targets.
Dates spread over three years, actors over countries and a few thousand people.

Then runs `eventwire serve` on it (its own process, uvicorn on 127.0.0.1) and sends each
endpoint --requests requests one after another over HTTP, the parameters varied among
realistic values (different actors, countries, types, pages), and prints p50, p95 and the
slowest per endpoint, and whether every p95 is under the target.

--db FILE reuses (or keeps, with --keep) a generated database, as building one takes minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.store import tracker  # noqa: E402
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION, connect, version  # noqa: E402

TARGET_MS = 100.0
EVENTS_PER_DOCUMENT = 5
MEASURES_EVERY = 10  # one trade measure per this many documents
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365

COUNTRIES = {
    "Japan": "JPN", "China": "CHN", "United States": "USA", "Germany": "DEU", "France": "FRA",
    "India": "IND", "Brazil": "BRA", "Canada": "CAN", "Mexico": "MEX", "Russia": "RUS",
    "Ukraine": "UKR", "Turkey": "TUR", "Egypt": "EGY", "Kenya": "KEN", "Nigeria": "NGA",
    "Chile": "CHL", "Peru": "PER", "Poland": "POL", "Norway": "NOR", "Vietnam": "VNM",
    "Indonesia": "IDN", "Australia": "AUS", "South Korea": "KOR", "Iran": "IRN",
    "Israel": "ISR", "Saudi Arabia": "SAU", "South Africa": "ZAF", "Argentina": "ARG",
    "United Kingdom": "GBR", "Italy": "ITA", "Spain": "ESP", "Pakistan": "PAK",
}  # fmt: skip
GIVEN = (
    "Maria", "Kenji", "Ana", "Piotr", "Amina", "Lars", "Priya", "Daniel", "Sofia", "Minh",
    "Omar", "Elena", "Hiro", "Grace", "Tomas", "Leila", "Ivan", "Chen", "Aisha", "Paulo",
)  # fmt: skip
FAMILY = (
    "Okafor", "Watanabe", "Torres", "Nowak", "Haddad", "Eriksen", "Raman", "Mwangi", "Marquez",
    "Tran", "Rahman", "Petrova", "Sato", "Mensah", "Novak", "Karimi", "Volkov", "Wei", "Bello",
    "Costa", "Schmidt", "Dubois", "Rossi", "Silva", "Kim",
)  # fmt: skip
# PLOVER type, CAMEO code, QuadClass, Goldstein, trigger verb
TYPES = (
    ("CONSULT", "040", 1, 1.0, "met"), ("AGREE", "057", 2, 8.0, "signed"),
    ("SUPPORT", "051", 1, 3.4, "backed"), ("COOPERATE", "061", 2, 6.4, "cooperated with"),
    ("AID", "070", 2, 7.0, "sent aid to"), ("DEMAND", "100", 3, -5.0, "demanded"),
    ("DISAPPROVE", "111", 3, -2.0, "criticised"), ("ACCUSE", "112", 3, -2.0, "accused"),
    ("REJECT", "120", 3, -4.0, "rejected"), ("THREATEN", "130", 3, -4.4, "threatened"),
    ("PROTEST", "140", 3, -6.5, "protested against"), ("SANCTION", "163", 4, -8.0, "sanctioned"),
    ("COERCE", "172", 4, -5.0, "raised tariffs on"), ("ASSAULT", "190", 4, -10.0, "attacked"),
    ("RETREAT", "087", 2, 9.0, "withdrew from"), ("CONCEDE", "085", 2, 7.0, "released"),
)  # fmt: skip
PRODUCTS = ("steel", "copper", "rice", "cars", "solar panels", "coffee", "timber", "chips")
STATUSES = ("announced", "in_force", "threatened", "conditional", "suspended", "removed")


# The bulk INSERT of each table, in the order rows must go in (documents before what
# points at them).
SQL = {
    "documents": "INSERT INTO documents (seq, id, kind, title, text, url, host, source,"
    " published, published_origin, language, sentences, input_id, position)"
    " VALUES (?, ?, 'article', ?, ?, ?, 'news.example.org', 'generated', ?, 'metadata',"
    " 'en', ?, 1, ?)",
    "entities": "INSERT INTO entities (document_seq, id, n, name, type, country, sectors,"
    " mentions) VALUES (?, ?, ?, ?, ?, ?, ?, '[]')",
    "events": "INSERT INTO events (id, merge_key, type, cameo, quad_class, goldstein,"
    " actor1_name, actor1_country, actor1_sectors, actor2_name, actor2_country,"
    " actor2_sectors, date, start_date, num_mentions, num_sources, num_articles,"
    " first_document_seq, first_mention_n)"
    " VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
    "event_mentions": "INSERT INTO event_mentions (document_seq, n, event_id, trigger_start,"
    " trigger_end, trigger_text, sentence_start, sentence_end, type, cameo, quad_class,"
    " goldstein, actor1_start, actor1_end, actor1_text, actor1_name, actor1_country,"
    " actor2_start, actor2_end, actor2_text, actor2_name, actor2_country, date_origin,"
    " modality, confidence, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, 'published', ?, 0.7, 'bench/1')",
    "measures": "INSERT INTO measures (document_seq, n, start_char, end_char, text, kind,"
    " imposer_start, imposer_end, imposer_text, imposer_name, imposer_country, rate,"
    " effective_value, status, extractor)"
    " VALUES (?, 0, ?, ?, ?, 'tariff', ?, ?, ?, ?, ?, ?, ?, ?, 'bench/1')",
    "measure_actors": "INSERT INTO measure_actors (document_seq, measure_n, role, n,"
    " start_char, end_char, text, name, country) VALUES (?, 0, 'target', 0, ?, ?, ?, ?, ?)",
}


def actors(rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, country, sectors): the countries' governments and 2,000 officials."""
    pool = [(name, iso, "GOV") for name, iso in COUNTRIES.items()]
    isos = list(COUNTRIES.values())
    people = {f"{g} {f}" for g in GIVEN for f in FAMILY}
    for i, name in enumerate(sorted(people)):
        pool.append((name, isos[i % len(isos)], rng.choice(("GOV", "GOV,MIL", "BUS", "OPP"))))
    return pool


def build(path: Path, n_events: int, seed: int = 7) -> None:
    """Write the database: `n_events` events over n_events / EVENTS_PER_DOCUMENT documents."""
    rng = random.Random(seed)
    pool = actors(rng)
    weights = [30.0 if s == "GOV" and n in COUNTRIES else 1.0 for n, _, s in pool]
    # The first schema version without its indexes and triggers, loaded, then given them back
    # (indexes built once, sorted, the full-text index rebuilt), then upgraded by `connect`
    # like any user's database: the migration fills the summary tables from the rows.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(f"BEGIN; {MIGRATIONS[0]} PRAGMA user_version = 1; COMMIT;")
    deferred = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        " AND sql IS NOT NULL"
    ).fetchall()
    for type_, name, _ in deferred:
        conn.execute(f"DROP {type_.upper()} {name}")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    n_docs = n_events // EVENTS_PER_DOCUMENT
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO inputs (id, source, content_hash, items, documents, duplicates, rejects,"
        " ingested_at) VALUES (1, 'generated', 'x', ?, ?, 0, 0, '2025-01-01T00:00:00Z')",
        (n_docs, n_docs),
    )
    event_id = 0
    rows: dict[str, list[tuple]] = {k: [] for k in SQL}

    def flush() -> None:
        for table, sql in SQL.items():
            conn.executemany(sql, rows[table])
            rows[table].clear()

    for seq in range(1, n_docs + 1):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        published = day.isoformat()
        picks = rng.choices(pool, weights=weights, k=EVENTS_PER_DOCUMENT * 2)
        sentences, offsets, text = [], [], ""
        reports = []
        for k in range(EVENTS_PER_DOCUMENT):
            a, b = picks[2 * k], picks[2 * k + 1]
            type_, cameo, quad, goldstein, verb = rng.choice(TYPES)
            sentence = f"{a[0]} {verb} {b[0]} over {rng.choice(PRODUCTS)} on {day:%B} {day.day}."
            start = len(text)
            text += sentence + " "
            offsets.append((start, start + len(sentence)))
            sentences.append([start, start + len(sentence)])
            a_end = start + len(a[0])
            t_start = a_end + 1
            t_end = t_start + len(verb)
            b_start = t_end + 1
            reports.append((a, b, type_, cameo, quad, goldstein, verb, start,
                            start + len(sentence), a_end, t_start, t_end, b_start))  # fmt: skip
        text = text.rstrip()
        doc_id = f"{seq:064x}"
        rows["documents"].append(
            (seq, doc_id, text[: text.index(".")], text,
             f"https://news.example.org/{seq}", published, str(sentences), seq),
        )  # fmt: skip
        entity_ids: dict[str, str] = {}
        for a, b, type_, cameo, quad, goldstein, verb, s0, s1, a_end, t0, t1, b0 in reports:
            for who in (a, b):
                n = len(entity_ids)
                if who[0] not in entity_ids:
                    entity_ids[who[0]] = f"e{n + 1}"
                    rows["entities"].append(
                        (seq, f"e{n + 1}", n, who[0],
                         "GPE" if who[0] in COUNTRIES else "PERSON", who[1], who[2]),
                    )  # fmt: skip
            event_id += 1
            m = event_id - (seq - 1) * EVENTS_PER_DOCUMENT - 1
            rows["events"].append(
                (event_id, type_, cameo, quad, goldstein, a[0], a[1], a[2], b[0], b[1], b[2],
                 published, published, rng.choice((1, 1, 1, 2, 3, 5)), seq, m),
            )  # fmt: skip
            rows["event_mentions"].append(
                (seq, m, event_id, t0, t1, verb, s0, s1, type_, cameo, quad, goldstein,
                 s0, a_end, a[0], a[0], a[1], b0, b0 + len(b[0]), b[0], b[0], b[1],
                 rng.choice(("asserted", "asserted", "asserted", "reported", "planned"))),
            )  # fmt: skip
        if seq % MEASURES_EVERY == 0:
            a, b = reports[0][0], reports[0][1]
            rows["measures"].append(
                (seq, reports[0][7], reports[0][8], text[reports[0][7]: reports[0][8]],
                 reports[0][7], reports[0][9], a[0], a[0], a[1],
                 float(rng.choice((10, 15, 20, 25, 30, 50))), published, rng.choice(STATUSES)),
            )  # fmt: skip
            rows["measure_actors"].append(
                (seq, reports[0][12], reports[0][12] + len(b[0]), b[0], b[0], b[1]),
            )
        if seq % 20_000 == 0:
            flush()
            conn.execute("COMMIT")
            rate = seq / (time.perf_counter() - started)
            print(f"  {seq * EVENTS_PER_DOCUMENT:,} events ({rate:,.0f} documents/s)", flush=True)
            conn.execute("BEGIN")
    flush()
    conn.execute("COMMIT")
    print("  indexes and triggers ...", flush=True)
    for _, _, sql in deferred:
        conn.execute(sql)
    conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    conn.close()
    print("  upgrading to the current schema ...", flush=True)
    conn = connect(path)
    track(conn)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def track(conn: sqlite3.Connection) -> None:
    """The measure tracker over every measure mention, as the writer runs it after each
    batch (the rows above bypass the writer)."""
    if conn.execute("SELECT count(*) FROM tracked_mentions").fetchone()[0]:
        return
    print("  tracking the measures ...", flush=True)
    seqs = [r[0] for r in conn.execute("SELECT DISTINCT document_seq FROM measures")]
    for i in range(0, len(seqs), 1000):
        conn.execute("BEGIN")
        tracker.consolidate(conn, seqs[i : i + 1000])
        conn.execute("COMMIT")


def upgrade(path: Path) -> None:
    """A kept database from an earlier eventwire brought to the current schema (the
    migrations build the new summaries) and its measures tracked."""
    probe = sqlite3.connect(path)
    current = version(probe)
    tracked = current >= 5 and probe.execute("SELECT 1 FROM tracked_mentions").fetchone()
    probe.close()
    if current == SCHEMA_VERSION and tracked:
        return
    print(f"upgrading {path} from schema version {current} ...", flush=True)
    t = time.perf_counter()
    conn = connect(path)
    track(conn)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"upgraded in {time.perf_counter() - t:.0f} s")


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    """`eventwire serve --db DB` in its own process, on a free port, once it answers."""
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/api/events/1", timeout=5)
            return proc, url
        except httpx.TransportError:
            if proc.poll() is not None:
                raise SystemExit("eventwire serve exited") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("eventwire serve did not answer within 120 s")


def endpoints(rng: random.Random, conn: sqlite3.Connection) -> dict[str, Callable[[], str]]:
    """Each endpoint with a function giving the next request's path (parameters varied)."""
    names = list(COUNTRIES)
    people = [r[0] for r in conn.execute("SELECT DISTINCT actor1_name FROM events LIMIT 3000")]
    people = [p for p in people if p not in COUNTRIES]
    isos = list(COUNTRIES.values())
    types = [t[0] for t in TYPES]
    max_seq = conn.execute("SELECT max(seq) FROM documents").fetchone()[0]
    # People's names as phrases: each in under 1% of the documents, as a search of real news
    # for a person is. The generated text has a tiny vocabulary, so a single word is in 13%
    # ("Bello") to 50% ("steel") of its documents: the common-word row shows that cost.
    words = [f'"{p}"' for p in people[:100]]
    tracked = [r[0] for r in conn.execute("SELECT id FROM tracked_measures")]

    def doc_id() -> str:
        return f"{rng.randrange(1, max_seq + 1):064x}"[-64:]

    def day() -> str:
        return (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()

    def month() -> str:
        d = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        return f"{d:%Y-%m}"

    return {
        "stats": lambda: "/api/stats",
        "documents": lambda: f"/api/documents?offset={rng.randrange(0, 5000)}",
        "documents?q=": lambda: "/api/documents?q=" + quote(rng.choice(words)),
        "documents?q= (common word)": lambda: "/api/documents?q=" + rng.choice(PRODUCTS),
        "documents/{id}": lambda: f"/api/documents/{doc_id()}",
        "events": lambda: "/api/events",
        "events?country&type": lambda: (
            f"/api/events?country={rng.choice(isos)}&type={rng.choice(types)}"
        ),
        "events?since&until": lambda: f"/api/events?since={month()}&until={month()}",
        "events?sort=goldstein&offset": lambda: (
            f"/api/events?sort=goldstein&order=asc&offset={rng.randrange(0, 2000)}"
        ),
        "events?actor_name": lambda: "/api/events?actor_name=" + quote(rng.choice(people)),
        "events?actor (substring)": lambda: "/api/events?actor=" + quote(rng.choice(FAMILY)),
        "events/counts": lambda: "/api/events/counts?interval=" + rng.choice(("week", "month")),
        "events/counts?type": lambda: f"/api/events/counts?interval=day&type={rng.choice(types)}",
        "events/counts?country": lambda: (
            f"/api/events/counts?interval=month&country={rng.choice(isos)}"
        ),
        "events/{id}": lambda: f"/api/events/{rng.randrange(1, 1_000_000)}",
        "entities": lambda: "/api/entities",
        "entities?name": lambda: "/api/entities?name=" + quote(rng.choice(FAMILY)),
        "entities/{name} (person)": lambda: "/api/entities/" + quote(rng.choice(people)),
        "entities/{name} (country)": lambda: "/api/entities/" + quote(rng.choice(names)),
        "measures": lambda: "/api/measures",
        "measures?target": lambda: f"/api/measures?target={rng.choice(isos)}",
        "measures/matrix": lambda: "/api/measures/matrix",
        "measures?in_force_on": lambda: f"/api/measures?in_force_on={day()}",
        "measures?in_force_on&target": lambda: (
            f"/api/measures?in_force_on={day()}&target={rng.choice(isos)}"
        ),
        "measures/{id}/history": lambda: f"/api/measures/{rng.choice(tracked)}/history",
        "measures/history": lambda: (
            f"/api/measures/history?imposer={quote(rng.choice(names))}"
            f"&target={quote(rng.choice(names))}"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", type=Path, help="database to reuse or keep")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="eventwire-bench-serve-")
        db = Path(tmp.name) / "bench.db"
    if not db.exists():
        print(f"building {db} with {args.events:,} events ...", flush=True)
        t = time.perf_counter()
        build(db, args.events)
        print(f"built in {time.perf_counter() - t:.0f} s: {db.stat().st_size / 1e6:,.0f} MB")
    else:
        upgrade(db)
    import httpx

    proc, url = serve(db)
    rng = random.Random(1)
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "events", "entities", "measures")}  # fmt: skip
    print("database: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    failed = []
    with httpx.Client(base_url=url, timeout=60) as client:
        print(f"{'endpoint':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  (n={args.requests})")
        for name, next_path in endpoints(rng, conn).items():
            client.get(next_path())  # warm: the first touch of its pages reads the disk
            times = []
            for _ in range(args.requests):
                path = next_path()
                t = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                if r.status_code not in (200, 404):
                    raise SystemExit(f"{path}: HTTP {r.status_code} {r.text[:200]}")
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            mark = "" if p95 < TARGET_MS else "  over target"
            if mark:
                failed.append(name)
            print(
                f"{name:<30} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}{mark}",
                flush=True,
            )
    conn.close()
    proc.terminate()
    proc.wait(timeout=30)
    print(
        f"every endpoint's p95 under {TARGET_MS:.0f} ms"
        if not failed
        else f"over {TARGET_MS:.0f} ms at p95: {', '.join(failed)}"
    )
    if args.keep and tmp is not None:
        print(f"kept {db}")
        tmp._finalizer.detach()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
