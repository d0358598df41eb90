"""The SQLite schema: versioned with `PRAGMA user_version`, upgraded by ordered migrations.

The database file is a product in itself: plain table and column names that read well in
any SQLite tool (documented in docs/output.md), views for the common joins, and every
annotation stored as character offsets into `documents.text` (SQLite's `substr()` counts
characters too, so `substr(text, start_char + 1, end_char - start_char)` is the span).

Migrations are appended, never edited: `MIGRATIONS[i]` takes a database from version `i`
to `i + 1`, in one transaction with the version bump, so a database is always at exactly
one version.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from eventwire import settings


class StoreError(RuntimeError):
    """The database cannot be used: missing, from a newer eventwire, or not a database."""


# Version 1: the whole first schema.
_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per input read (a file, a URL, a WARC record, a feed entry): the unit of resumption.
CREATE TABLE inputs (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    url          TEXT,
    content_type TEXT,
    bytes        INTEGER,
    items        INTEGER NOT NULL,
    documents    INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    rejects      INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL,
    UNIQUE (source, content_hash)
);

CREATE TABLE documents (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    title            TEXT,
    author           TEXT,
    site             TEXT,
    text             TEXT NOT NULL,
    url              TEXT,
    host             TEXT,
    source           TEXT,
    published        TEXT,
    published_origin TEXT NOT NULL,
    language         TEXT,
    parent_id        TEXT,
    sentences        TEXT NOT NULL DEFAULT '[]',
    input_id         INTEGER NOT NULL REFERENCES inputs (id),
    position         INTEGER NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_input ON documents (input_id);
CREATE INDEX documents_parent ON documents (parent_id);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Annotation tables point at their document by `document_seq` (documents.seq): an integer
-- costs a few bytes per row and index entry where the 64-character id would cost 65; the
-- views below carry the id.

CREATE TABLE mentions (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    n            INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    label        TEXT NOT NULL,
    entity_id    TEXT,
    PRIMARY KEY (document_seq, n)
) WITHOUT ROWID;

CREATE TABLE entities (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    id           TEXT NOT NULL,
    n            INTEGER NOT NULL,
    name         TEXT NOT NULL,
    type         TEXT NOT NULL,
    country      TEXT,
    sectors      TEXT,
    title        TEXT,
    key          TEXT,
    mentions     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (document_seq, id)
) WITHOUT ROWID;
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_key ON entities (key) WHERE key IS NOT NULL;
CREATE INDEX entities_country ON entities (country) WHERE country IS NOT NULL;

CREATE TABLE times (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    n            INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        TEXT NOT NULL,
    granularity  TEXT NOT NULL,
    anchor       TEXT,
    PRIMARY KEY (document_seq, n)
) WITHOUT ROWID;
CREATE INDEX times_value ON times (value);

CREATE TABLE quantities (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    n            INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        REAL NOT NULL,
    unit         TEXT NOT NULL,
    measure      TEXT,
    change       TEXT,
    entity_id    TEXT,
    PRIMARY KEY (document_seq, n)
) WITHOUT ROWID;
CREATE INDEX quantities_measure ON quantities (measure) WHERE measure IS NOT NULL;

-- Events merged across documents: one row per (type, actor1, actor2, date).
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    merge_key          TEXT UNIQUE,
    type               TEXT NOT NULL,
    mode               TEXT,
    cameo              TEXT,
    quad_class         INTEGER,
    goldstein          REAL,
    actor1_name        TEXT,
    actor1_country     TEXT,
    actor1_sectors     TEXT,
    actor1_key         TEXT,
    actor2_name        TEXT,
    actor2_country     TEXT,
    actor2_sectors     TEXT,
    actor2_key         TEXT,
    date               TEXT,
    start_date         TEXT,
    location           TEXT,
    num_mentions       INTEGER NOT NULL DEFAULT 0,
    num_sources        INTEGER NOT NULL DEFAULT 0,
    num_articles       INTEGER NOT NULL DEFAULT 0,
    first_document_seq INTEGER NOT NULL REFERENCES documents (seq),
    first_mention_n    INTEGER NOT NULL
);
CREATE INDEX events_type ON events (type, mode);
CREATE INDEX events_start_date ON events (start_date);
CREATE INDEX events_actor1_country ON events (actor1_country);
CREATE INDEX events_actor2_country ON events (actor2_country);
CREATE INDEX events_actor1_name ON events (actor1_name);
CREATE INDEX events_actor2_name ON events (actor2_name);

-- Every event as read in one document: the provenance of each merged event.
CREATE TABLE event_mentions (
    document_seq           INTEGER NOT NULL REFERENCES documents (seq),
    n                      INTEGER NOT NULL,
    event_id               INTEGER NOT NULL REFERENCES events (id),
    trigger_start          INTEGER NOT NULL,
    trigger_end            INTEGER NOT NULL,
    trigger_text           TEXT NOT NULL,
    sentence_start         INTEGER NOT NULL,
    sentence_end           INTEGER NOT NULL,
    type                   TEXT NOT NULL,
    mode                   TEXT,
    cameo                  TEXT,
    quad_class             INTEGER,
    goldstein              REAL,
    actor1_start           INTEGER,
    actor1_end             INTEGER,
    actor1_text            TEXT,
    actor1_entity_id       TEXT,
    actor1_name            TEXT,
    actor1_country         TEXT,
    actor1_sectors         TEXT,
    actor2_start           INTEGER,
    actor2_end             INTEGER,
    actor2_text            TEXT,
    actor2_entity_id       TEXT,
    actor2_name            TEXT,
    actor2_country         TEXT,
    actor2_sectors         TEXT,
    source_actor_start     INTEGER,
    source_actor_end       INTEGER,
    source_actor_text      TEXT,
    source_actor_entity_id TEXT,
    source_actor_name      TEXT,
    source_actor_country   TEXT,
    source_actor_sectors   TEXT,
    location_start         INTEGER,
    location_end           INTEGER,
    location_text          TEXT,
    date_start             INTEGER,
    date_end               INTEGER,
    date_text              TEXT,
    date_value             TEXT,
    date_granularity       TEXT,
    date_anchor            TEXT,
    date_origin            TEXT NOT NULL,
    modality               TEXT NOT NULL,
    confidence             REAL NOT NULL,
    extractor              TEXT NOT NULL,
    PRIMARY KEY (document_seq, n)
) WITHOUT ROWID;
CREATE INDEX event_mentions_event ON event_mentions (event_id);

-- The distinct sources (sites, or inputs for documents without a URL) reporting each event:
-- what events.num_sources counts.
CREATE TABLE event_sources (
    event_id INTEGER NOT NULL REFERENCES events (id),
    source   TEXT NOT NULL,
    PRIMARY KEY (event_id, source)
) WITHOUT ROWID;

CREATE TABLE measures (
    document_seq          INTEGER NOT NULL REFERENCES documents (seq),
    n                     INTEGER NOT NULL,
    start_char            INTEGER NOT NULL,
    end_char              INTEGER NOT NULL,
    text                  TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    imposer_start         INTEGER,
    imposer_end           INTEGER,
    imposer_text          TEXT,
    imposer_entity_id     TEXT,
    imposer_name          TEXT,
    imposer_country       TEXT,
    imposer_sectors       TEXT,
    rate                  REAL,
    announced_start       INTEGER,
    announced_end         INTEGER,
    announced_text        TEXT,
    announced_value       TEXT,
    announced_granularity TEXT,
    announced_anchor      TEXT,
    effective_start       INTEGER,
    effective_end         INTEGER,
    effective_text        TEXT,
    effective_value       TEXT,
    effective_granularity TEXT,
    effective_anchor      TEXT,
    status                TEXT NOT NULL,
    condition_start       INTEGER,
    condition_end         INTEGER,
    condition_text        TEXT,
    extractor             TEXT NOT NULL,
    PRIMARY KEY (document_seq, n)
) WITHOUT ROWID;
CREATE INDEX measures_kind ON measures (kind, status);
CREATE INDEX measures_imposer_name ON measures (imposer_name);
CREATE INDEX measures_imposer_country ON measures (imposer_country);

-- A measure's targets and exceptions (role = 'target' | 'exception').
CREATE TABLE measure_actors (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    measure_n    INTEGER NOT NULL,
    role         TEXT NOT NULL,
    n            INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    entity_id    TEXT,
    name         TEXT,
    country      TEXT,
    sectors      TEXT,
    PRIMARY KEY (document_seq, measure_n, role, n)
) WITHOUT ROWID;
CREATE INDEX measure_actors_name ON measure_actors (name);
CREATE INDEX measure_actors_country ON measure_actors (country);

CREATE TABLE measure_products (
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    measure_n    INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (document_seq, measure_n, n)
) WITHOUT ROWID;

-- Documents not stored because they repeat a stored one (exactly or nearly).
CREATE TABLE duplicates (
    id           INTEGER PRIMARY KEY,
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    duplicate_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    similarity   REAL NOT NULL,
    doc_kind     TEXT NOT NULL,
    title        TEXT,
    url          TEXT,
    source       TEXT,
    published    TEXT,
    input_id     INTEGER NOT NULL REFERENCES inputs (id),
    position     INTEGER NOT NULL
);
CREATE INDEX duplicates_document ON duplicates (document_seq);
CREATE INDEX duplicates_input ON duplicates (input_id);

CREATE TABLE rejects (
    id       INTEGER PRIMARY KEY,
    input_id INTEGER NOT NULL REFERENCES inputs (id),
    input    TEXT NOT NULL,
    stage    TEXT NOT NULL,
    reason   TEXT NOT NULL
);
CREATE INDEX rejects_input ON rejects (input_id);

-- Near-duplicate index: each stored document's MinHash signature and its LSH band keys.
CREATE TABLE minhashes (
    seq       INTEGER PRIMARY KEY REFERENCES documents (seq),
    signature BLOB NOT NULL
);
CREATE TABLE minhash_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (band, hash, seq)
) WITHOUT ROWID;

CREATE VIEW events_view AS
SELECT e.id, e.type, e.mode, e.cameo, e.quad_class, e.goldstein,
       e.actor1_name, e.actor1_country, e.actor1_sectors, e.actor1_key,
       e.actor2_name, e.actor2_country, e.actor2_sectors, e.actor2_key,
       e.date, e.start_date, e.location, e.num_mentions, e.num_sources, e.num_articles,
       m.modality, m.trigger_text,
       substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,
       d.id AS document_id, d.title AS document_title, d.url AS document_url,
       d.published AS document_published, d.site AS document_site, d.host AS document_host
FROM events e
JOIN event_mentions m ON m.document_seq = e.first_document_seq AND m.n = e.first_mention_n
JOIN documents d ON d.seq = e.first_document_seq;

CREATE VIEW event_mentions_view AS
SELECT m.event_id, d.id AS document_id, m.n, m.type, m.mode, m.cameo, m.modality,
       m.confidence, m.actor1_text, m.actor1_name, m.actor1_country,
       m.actor2_text, m.actor2_name, m.actor2_country,
       m.source_actor_name, m.location_text, m.date_text, m.date_value, m.date_origin,
       m.trigger_text, m.trigger_start, m.trigger_end, m.sentence_start, m.sentence_end,
       substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,
       d.title AS document_title, d.url AS document_url, d.published AS document_published,
       d.site AS document_site, d.host AS document_host, m.extractor, m.document_seq
FROM event_mentions m
JOIN documents d ON d.seq = m.document_seq;

CREATE VIEW mentions_view AS
SELECT d.id AS document_id, m.n, m.text, m.label, m.start_char, m.end_char,
       en.id AS entity_id, en.name AS entity_name, en.type AS entity_type,
       en.country, en.sectors, en.title, en.key, m.document_seq
FROM mentions m
JOIN documents d ON d.seq = m.document_seq
LEFT JOIN entities en ON en.document_seq = m.document_seq AND en.id = m.entity_id;

CREATE VIEW measures_view AS
SELECT d.id AS document_id, ms.n, ms.kind, ms.status, ms.rate,
       ms.imposer_name, ms.imposer_country, ms.imposer_text,
       (SELECT group_concat(coalesce(a.name, a.text), '; ') FROM measure_actors a
         WHERE a.document_seq = ms.document_seq AND a.measure_n = ms.n AND a.role = 'target')
         AS targets,
       (SELECT group_concat(coalesce(a.name, a.text), '; ') FROM measure_actors a
         WHERE a.document_seq = ms.document_seq AND a.measure_n = ms.n
           AND a.role = 'exception') AS exceptions,
       (SELECT group_concat(p.text, '; ') FROM measure_products p
         WHERE p.document_seq = ms.document_seq AND p.measure_n = ms.n) AS products,
       ms.announced_value, ms.effective_value, ms.condition_text, ms.text,
       d.title AS document_title, d.url AS document_url, d.published AS document_published,
       ms.document_seq
FROM measures ms
JOIN documents d ON d.seq = ms.document_seq;

CREATE VIEW duplicates_view AS
SELECT x.id, d.id AS document_id, x.duplicate_id, x.kind, x.similarity, x.doc_kind,
       x.title, x.url, x.source, x.published, x.input_id, x.position
FROM duplicates x
JOIN documents d ON d.seq = x.document_seq;
"""

#: Version 2: every annotation record names the analyzer (and version) that made it.
_V2 = """
ALTER TABLE mentions ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
ALTER TABLE times ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
ALTER TABLE quantities ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
"""

# Version 3: what `eventwire watch` keeps between polls and across restarts.
_V3 = """
-- One row per watched source (a feed or page URL, a folder): conditional-request validators
-- and the error backoff.
CREATE TABLE IF NOT EXISTS watch_sources (
    source          TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    last_polled     TEXT,
    last_changed    TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_poll_after REAL NOT NULL DEFAULT 0,
    last_error      TEXT
);

-- One row per saved query: the last document seq its alerts have covered, so an alert is
-- sent once per new match, also across restarts.
CREATE TABLE IF NOT EXISTS watch_queries (
    name       TEXT PRIMARY KEY,
    query      TEXT NOT NULL,
    last_seq   INTEGER NOT NULL,
    alerts     INTEGER NOT NULL DEFAULT 0
);
"""

# Version 4: what browsing a large database needs (the web server, serve/):
# - indexes for the events explorer's sort orders and QuadClass filter; the actor name and
#   country indexes gain the date, QuadClass and type (and actor 2's, actor 1's name or
#   country), so an actor's or a country's events come in date order and are counted per
#   period from the index alone, each event once; two more hold each actor with its
#   counterpart, so whom an actor acts on is counted without reading the events;
# - `event_days`: events counted per day, PLOVER type and QuadClass, kept by triggers as
#   events are written, so a chart of the whole database's events over time reads a few
#   thousand rows instead of every event;
# - `entity_names`: entities grouped by canonical name, type and country with their document
#   and mention counts (what `eventwire entities` computes), kept by triggers, so the most
#   reported entities of millions of rows are an index read.
_V4 = """
CREATE INDEX events_goldstein ON events (goldstein);
CREATE INDEX events_num_mentions ON events (num_mentions);
CREATE INDEX events_quad_class ON events (quad_class, start_date);
DROP INDEX events_actor1_name;
DROP INDEX events_actor2_name;
DROP INDEX events_actor1_country;
DROP INDEX events_actor2_country;
CREATE INDEX events_actor1_name ON events (actor1_name, start_date, quad_class, type);
CREATE INDEX events_actor2_name ON events (actor2_name, start_date, quad_class, type, actor1_name);
CREATE INDEX events_actor1_country ON events (actor1_country, start_date, quad_class, type);
CREATE INDEX events_actor2_country
    ON events (actor2_country, start_date, quad_class, type, actor1_country);
CREATE INDEX events_actor1_pair ON events (actor1_name, actor2_name, actor2_country, quad_class);
CREATE INDEX events_actor2_pair ON events (actor2_name, actor1_name, actor1_country, quad_class);

CREATE TABLE event_days (
    day        TEXT NOT NULL,
    type       TEXT NOT NULL,
    quad_class INTEGER NOT NULL,  -- 0 when the event has none
    n          INTEGER NOT NULL,
    PRIMARY KEY (day, type, quad_class)
) WITHOUT ROWID;
INSERT INTO event_days (day, type, quad_class, n)
SELECT start_date, type, coalesce(quad_class, 0), count(*) FROM events
WHERE start_date IS NOT NULL GROUP BY 1, 2, 3;

CREATE TRIGGER events_days_insert AFTER INSERT ON events WHEN new.start_date IS NOT NULL BEGIN
    INSERT INTO event_days (day, type, quad_class, n)
    VALUES (new.start_date, new.type, coalesce(new.quad_class, 0), 1)
    ON CONFLICT (day, type, quad_class) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER events_days_delete AFTER DELETE ON events WHEN old.start_date IS NOT NULL BEGIN
    UPDATE event_days SET n = n - 1
    WHERE day = old.start_date AND type = old.type AND quad_class = coalesce(old.quad_class, 0);
END;
CREATE TRIGGER events_days_update AFTER UPDATE OF start_date, type, quad_class ON events BEGIN
    UPDATE event_days SET n = n - 1
    WHERE old.start_date IS NOT NULL AND day = old.start_date AND type = old.type
      AND quad_class = coalesce(old.quad_class, 0);
    INSERT INTO event_days (day, type, quad_class, n)
    SELECT new.start_date, new.type, coalesce(new.quad_class, 0), 1
    WHERE new.start_date IS NOT NULL
    ON CONFLICT (day, type, quad_class) DO UPDATE SET n = n + 1;
END;

CREATE TABLE entity_names (
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    country   TEXT NOT NULL,  -- '' when none (a key column cannot be NULL)
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    sectors   TEXT,
    title     TEXT,
    key       TEXT,
    PRIMARY KEY (name, type, country)
) WITHOUT ROWID;
CREATE INDEX entity_names_rank ON entity_names (documents DESC, mentions DESC, name);
INSERT INTO entity_names (name, type, country, documents, mentions, sectors, title, key)
SELECT name, type, coalesce(country, ''), count(DISTINCT document_seq),
       sum(json_array_length(mentions)), max(sectors), max(title), max(key)
FROM entities GROUP BY 1, 2, 3;

-- A document counts once per name, type and country, however many of its entities share them.
CREATE TRIGGER entities_names_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entity_names (name, type, country, documents, mentions, sectors, title, key)
    VALUES (
        new.name, new.type, coalesce(new.country, ''),
        NOT EXISTS (SELECT 1 FROM entities x WHERE x.document_seq = new.document_seq
                    AND x.id != new.id AND x.name = new.name AND x.type = new.type
                    AND coalesce(x.country, '') = coalesce(new.country, '')),
        json_array_length(new.mentions), new.sectors, new.title, new.key)
    ON CONFLICT (name, type, country) DO UPDATE SET
        documents = documents + excluded.documents,
        mentions = mentions + excluded.mentions,
        sectors = coalesce(max(sectors, excluded.sectors), sectors, excluded.sectors),
        title = coalesce(max(title, excluded.title), title, excluded.title),
        key = coalesce(max(key, excluded.key), key, excluded.key);
END;
CREATE TRIGGER entities_names_delete AFTER DELETE ON entities BEGIN
    UPDATE entity_names SET
        mentions = mentions - json_array_length(old.mentions),
        documents = documents - NOT EXISTS (
            SELECT 1 FROM entities x WHERE x.document_seq = old.document_seq
            AND x.name = old.name AND x.type = old.type
            AND coalesce(x.country, '') = coalesce(old.country, ''))
    WHERE name = old.name AND type = old.type AND country = coalesce(old.country, '');
END;
"""

# Version 5: the measure tracker (store/tracker.py). Measure mentions consolidated across
# documents into tracked measures, each with its reports and its timeline of states.
_V5 = """
CREATE TABLE tracked_measures (
    id              INTEGER PRIMARY KEY,
    merge_key       TEXT NOT NULL UNIQUE,  -- imposer|kind|targets|products (HS codes)
    kind            TEXT NOT NULL,
    imposer         TEXT NOT NULL,         -- ISO alpha-3, else the case-folded name
    imposer_name    TEXT,
    imposer_country TEXT,
    target_ids      TEXT,                  -- comma-separated identities, sorted
    targets         TEXT,                  -- '; '-separated names as first reported
    products        TEXT,                  -- '; '-separated product words as first reported
    hs_codes        TEXT,                  -- comma-separated HS chapters/headings
    status          TEXT,                  -- the latest binding state (else the latest)
    rate            REAL,                  -- the rate in that state, percent
    in_force_since  TEXT,                  -- YYYY-MM-DD, while in force
    first_reported  TEXT,
    last_reported   TEXT,
    num_mentions    INTEGER NOT NULL,
    num_documents   INTEGER NOT NULL
);
CREATE INDEX tracked_measures_imposer ON tracked_measures (imposer, kind);

-- Each measure mention (a row of measures) that joined a tracked measure.
CREATE TABLE tracked_mentions (
    document_seq   INTEGER NOT NULL REFERENCES documents (seq),
    measure_n      INTEGER NOT NULL,
    measure_id     INTEGER NOT NULL REFERENCES tracked_measures (id),
    date           TEXT,                   -- YYYY-MM-DD the report is dated by
    date_basis     TEXT NOT NULL,          -- effective, announced, published or unknown
    status         TEXT NOT NULL,
    rate           REAL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (document_seq, measure_n)
) WITHOUT ROWID;
CREATE INDEX tracked_mentions_measure ON tracked_mentions (measure_id);

-- A tracked measure's timeline: one row per state change, with its first report's sentence.
CREATE TABLE tracked_states (
    measure_id     INTEGER NOT NULL REFERENCES tracked_measures (id),
    n              INTEGER NOT NULL,
    date           TEXT,
    status         TEXT NOT NULL,
    change         TEXT NOT NULL,          -- the status, or raised / lowered for a new rate
    rate           REAL,
    scheduled      INTEGER NOT NULL,       -- 1: an announced effective date, not a report
    reports        INTEGER NOT NULL,
    document_seq   INTEGER NOT NULL REFERENCES documents (seq),
    measure_n      INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (measure_id, n)
) WITHOUT ROWID;
"""

# Version 6: summaries of each actor's events, kept by triggers like `event_days`, so an
# actor's or a country's chart and its partners read a few thousand summary rows instead of
# the 100,000 events a country can have:
# - `actor_days`: events per actor (kind 'name': a canonical name; 'country': an ISO code),
#   day, PLOVER type and QuadClass, counting each event once per actor whichever role it
#   plays (as actor 2 only when actor 1 is not the same actor);
# - `actor_pairs`: events per (actor 1 name, actor 2 name) with both countries and the
#   QuadClass mix, every event (dated or not) with both actors named.
# Key columns cannot be NULL: '' stands for no country, 0 for no QuadClass.
_V6 = """
CREATE TABLE actor_days (
    kind       TEXT NOT NULL,     -- 'name' or 'country'
    actor      TEXT NOT NULL,
    day        TEXT NOT NULL,
    type       TEXT NOT NULL,
    quad_class INTEGER NOT NULL,  -- 0 when the event has none
    n          INTEGER NOT NULL,
    PRIMARY KEY (kind, actor, day, type, quad_class)
) WITHOUT ROWID;
INSERT INTO actor_days (kind, actor, day, type, quad_class, n)
SELECT kind, actor, day, type, quad_class, count(*) FROM (
    SELECT 'name' AS kind, actor1_name AS actor, start_date AS day, type,
           coalesce(quad_class, 0) AS quad_class FROM events
    WHERE start_date IS NOT NULL AND actor1_name IS NOT NULL
    UNION ALL
    SELECT 'name', actor2_name, start_date, type, coalesce(quad_class, 0) FROM events
    WHERE start_date IS NOT NULL AND actor2_name IS NOT NULL
      AND actor1_name IS NOT actor2_name
    UNION ALL
    SELECT 'country', actor1_country, start_date, type, coalesce(quad_class, 0) FROM events
    WHERE start_date IS NOT NULL AND actor1_country IS NOT NULL
    UNION ALL
    SELECT 'country', actor2_country, start_date, type, coalesce(quad_class, 0) FROM events
    WHERE start_date IS NOT NULL AND actor2_country IS NOT NULL
      AND actor1_country IS NOT actor2_country
) GROUP BY 1, 2, 3, 4, 5;

CREATE TABLE actor_pairs (
    actor1_name    TEXT NOT NULL,
    actor2_name    TEXT NOT NULL,
    actor1_country TEXT NOT NULL,  -- '' when none
    actor2_country TEXT NOT NULL,  -- '' when none
    n              INTEGER NOT NULL,
    q1             INTEGER NOT NULL,
    q2             INTEGER NOT NULL,
    q3             INTEGER NOT NULL,
    q4             INTEGER NOT NULL,
    quads          INTEGER NOT NULL,  -- events with a QuadClass (none: q1..q4 are unknown)
    PRIMARY KEY (actor1_name, actor2_name, actor1_country, actor2_country)
) WITHOUT ROWID;
CREATE INDEX actor_pairs_actor2 ON actor_pairs (actor2_name, actor1_name);
INSERT INTO actor_pairs
    (actor1_name, actor2_name, actor1_country, actor2_country, n, q1, q2, q3, q4, quads)
SELECT actor1_name, actor2_name, coalesce(actor1_country, ''), coalesce(actor2_country, ''),
       count(*), coalesce(sum(quad_class = 1), 0), coalesce(sum(quad_class = 2), 0),
       coalesce(sum(quad_class = 3), 0), coalesce(sum(quad_class = 4), 0), count(quad_class)
FROM events WHERE actor1_name IS NOT NULL AND actor2_name IS NOT NULL
GROUP BY 1, 2, 3, 4;

-- Each trigger adds (or takes away) one event's rows; an update takes the old and adds the new.
CREATE TRIGGER events_actors_insert AFTER INSERT ON events BEGIN
    INSERT INTO actor_days (kind, actor, day, type, quad_class, n)
    SELECT kind, actor, new.start_date, new.type, coalesce(new.quad_class, 0), 1 FROM (
        SELECT 'name' AS kind, new.actor1_name AS actor
        UNION ALL SELECT 'name', new.actor2_name WHERE new.actor1_name IS NOT new.actor2_name
        UNION ALL SELECT 'country', new.actor1_country
        UNION ALL SELECT 'country', new.actor2_country
        WHERE new.actor1_country IS NOT new.actor2_country)
    WHERE actor IS NOT NULL AND new.start_date IS NOT NULL
    ON CONFLICT (kind, actor, day, type, quad_class) DO UPDATE SET n = n + 1;
    INSERT INTO actor_pairs
        (actor1_name, actor2_name, actor1_country, actor2_country, n, q1, q2, q3, q4, quads)
    SELECT new.actor1_name, new.actor2_name, coalesce(new.actor1_country, ''),
           coalesce(new.actor2_country, ''), 1, new.quad_class IS 1, new.quad_class IS 2,
           new.quad_class IS 3, new.quad_class IS 4, new.quad_class IS NOT NULL
    WHERE new.actor1_name IS NOT NULL AND new.actor2_name IS NOT NULL
    ON CONFLICT (actor1_name, actor2_name, actor1_country, actor2_country) DO UPDATE SET
        n = n + 1, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3,
        q4 = q4 + excluded.q4, quads = quads + excluded.quads;
END;
CREATE TRIGGER events_actors_delete AFTER DELETE ON events BEGIN
    UPDATE actor_days SET n = n - 1
    WHERE old.start_date IS NOT NULL AND day = old.start_date AND type = old.type
      AND quad_class = coalesce(old.quad_class, 0)
      AND ((kind = 'name' AND (actor = old.actor1_name OR actor = old.actor2_name))
        OR (kind = 'country' AND (actor = old.actor1_country OR actor = old.actor2_country)));
    UPDATE actor_pairs SET n = n - 1, q1 = q1 - (old.quad_class IS 1),
        q2 = q2 - (old.quad_class IS 2), q3 = q3 - (old.quad_class IS 3),
        q4 = q4 - (old.quad_class IS 4), quads = quads - (old.quad_class IS NOT NULL)
    WHERE actor1_name = old.actor1_name AND actor2_name = old.actor2_name
      AND actor1_country = coalesce(old.actor1_country, '')
      AND actor2_country = coalesce(old.actor2_country, '');
END;
CREATE TRIGGER events_actors_update AFTER UPDATE OF
    start_date, type, quad_class, actor1_name, actor2_name, actor1_country, actor2_country
ON events BEGIN
    UPDATE actor_days SET n = n - 1
    WHERE old.start_date IS NOT NULL AND day = old.start_date AND type = old.type
      AND quad_class = coalesce(old.quad_class, 0)
      AND ((kind = 'name' AND (actor = old.actor1_name OR actor = old.actor2_name))
        OR (kind = 'country' AND (actor = old.actor1_country OR actor = old.actor2_country)));
    UPDATE actor_pairs SET n = n - 1, q1 = q1 - (old.quad_class IS 1),
        q2 = q2 - (old.quad_class IS 2), q3 = q3 - (old.quad_class IS 3),
        q4 = q4 - (old.quad_class IS 4), quads = quads - (old.quad_class IS NOT NULL)
    WHERE actor1_name = old.actor1_name AND actor2_name = old.actor2_name
      AND actor1_country = coalesce(old.actor1_country, '')
      AND actor2_country = coalesce(old.actor2_country, '');
    INSERT INTO actor_days (kind, actor, day, type, quad_class, n)
    SELECT kind, actor, new.start_date, new.type, coalesce(new.quad_class, 0), 1 FROM (
        SELECT 'name' AS kind, new.actor1_name AS actor
        UNION ALL SELECT 'name', new.actor2_name WHERE new.actor1_name IS NOT new.actor2_name
        UNION ALL SELECT 'country', new.actor1_country
        UNION ALL SELECT 'country', new.actor2_country
        WHERE new.actor1_country IS NOT new.actor2_country)
    WHERE actor IS NOT NULL AND new.start_date IS NOT NULL
    ON CONFLICT (kind, actor, day, type, quad_class) DO UPDATE SET n = n + 1;
    INSERT INTO actor_pairs
        (actor1_name, actor2_name, actor1_country, actor2_country, n, q1, q2, q3, q4, quads)
    SELECT new.actor1_name, new.actor2_name, coalesce(new.actor1_country, ''),
           coalesce(new.actor2_country, ''), 1, new.quad_class IS 1, new.quad_class IS 2,
           new.quad_class IS 3, new.quad_class IS 4, new.quad_class IS NOT NULL
    WHERE new.actor1_name IS NOT NULL AND new.actor2_name IS NOT NULL
    ON CONFLICT (actor1_name, actor2_name, actor1_country, actor2_country) DO UPDATE SET
        n = n + 1, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3,
        q4 = q4 + excluded.q4, quads = quads + excluded.quads;
END;
"""

#: MIGRATIONS[i] upgrades a database at version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
SCHEMA_VERSION = len(MIGRATIONS)

#: Tables a user reads (and the exporters write), in dependency order.
TABLES: tuple[str, ...] = (
    "inputs",
    "documents",
    "mentions",
    "entities",
    "times",
    "quantities",
    "events",
    "event_mentions",
    "event_sources",
    "measures",
    "measure_actors",
    "measure_products",
    "tracked_measures",
    "tracked_mentions",
    "tracked_states",
    "duplicates",
    "rejects",
)


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    # First: switching to WAL below waits on a process creating the same file meanwhile.
    conn.execute(f"PRAGMA busy_timeout = {int(settings.SQLITE_BUSY_TIMEOUT_S * 1000)}")
    # WAL: readers (queries, a web server) never block the single writer, and a killed
    # writer's half-written transaction is simply ignored on the next open.
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across process crashes in WAL mode (only a power cut can lose the
    # last commits, never consistency), and avoids an fsync per batch.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(settings.SQLITE_BUSY_TIMEOUT_S * 1000)}")


def version(conn: sqlite3.Connection) -> int:
    """The schema version the database is at (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database lacks, each in its own transaction; the new version."""
    current = version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the database is at schema version {current}, newer than this eventwire's"
            f" {SCHEMA_VERSION}: upgrade eventwire to read it"
        )
    for target in range(current + 1, SCHEMA_VERSION + 1):
        # Another process may be creating or upgrading the same file at this moment (two
        # ingests started together): take the write lock first, then look at the version
        # again, so a migration another process applied meanwhile is not applied twice.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version(conn) >= target:
                conn.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return version(conn)


def _statements(script: str) -> list[str]:
    """A migration script as single statements (a trigger's body stays whole): `execute` runs
    them inside the caller's transaction, where `executescript` would commit it first."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """An open, up-to-date connection to the database at `path`.

    Without `create`, a missing file is an error (queries should not leave an empty
    database behind a typo). Autocommit mode: writers open their own transactions.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(
            f"no database at {path}: create one with `eventwire ingest PATH --db {path}`"
        )
    deadline = time.monotonic() + settings.SQLITE_BUSY_TIMEOUT_S
    pause = 0.05
    while True:
        conn = None
        try:
            conn = sqlite3.connect(path, isolation_level=None)
            _configure(conn)
            migrate(conn)
            return conn
        except sqlite3.OperationalError as exc:
            if conn is not None:
                conn.close()
            # SQLite answers "locked" at once, without waiting, where waiting could deadlock
            # (two processes creating or upgrading one file together): start over a moment
            # later, as its documentation advises, until the usual lock timeout has passed.
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise StoreError(f"{path} is not an eventwire database: {exc}") from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{path} is not an eventwire database: {exc}") from None


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`): a reader such as the web server, which never
    writes and so never holds a lock `ingest` would wait for (WAL lets both run at once).

    The database must exist and be at this eventwire's schema version (`connect` upgrades
    it); `check_same_thread` is off so a server's worker threads can share one connection
    per request.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"no database at {path}: create one with `eventwire ingest PATH --db {path}`"
        )
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(settings.SQLITE_BUSY_TIMEOUT_S * 1000)}")
        current = version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not an eventwire database: {exc}") from None
    if current != SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} is at schema version {current}, this eventwire reads {SCHEMA_VERSION}:"
            f" run `eventwire stats --db {path}` once to upgrade it"
            if current < SCHEMA_VERSION
            else f"{path} is at schema version {current}, newer than this eventwire's"
            f" {SCHEMA_VERSION}: upgrade eventwire to read it"
        )
    return conn


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
