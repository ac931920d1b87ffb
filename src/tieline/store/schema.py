"""Versioned schema migrations, shared by every backend.

Each migration is a list of portable SQL statements (DuckDB and PostgreSQL both accept them).
Append new migrations; never edit an applied one.
"""

# -- the tie index: what relation queries read instead of scanning every event ------------------
# tie_events: one narrow row per event, keyed by a small integer (eid) -- its type, dates, score,
# the inputs of its weight, its publisher and whether it has a target.  tie_keys: one row per
# (actor row, match value) -- "c:IRN" (a code), "a:..." (an actor id), "e:..." (an entity name),
# "n:hamas" (an id equal to the name), lower-cased (base.tie_atoms) -- kept sorted by key on DuckDB (``ties.indexes.sort_tie_index``) so that a
# key's rows lie together and the scan skips the rest (tie_actors, below, holds the partners).
# Written by ``save_events``; these
# statements fill them from the stored events (migration 7, and the benches' bulk stores).
TIE_EVENTS_FILL = """INSERT INTO tie_events (eid, event_id, type, date, date_key, pub_day, score, modality,
    confidence, pub, has_target)
SELECT nextval('tie_eid'), e.event_id, e.type, e.date, e.date_key,
    CASE WHEN LENGTH(e.published) >= 10 AND SUBSTR(e.published, 5, 1) = '-' AND SUBSTR(e.published, 8, 1) = '-'
         THEN CAST(SUBSTR(e.published, 1, 10) AS DATE) END,
    e.score, e.modality, e.confidence, COALESCE(a.publisher, e.article_id, e.event_id),
    EXISTS (SELECT 1 FROM event_actors t WHERE t.event_id = e.event_id AND t.role = 'target')
FROM events e LEFT JOIN articles a ON a.id = e.article_id
WHERE NOT EXISTS (SELECT 1 FROM tie_events x WHERE x.event_id = e.event_id)"""
TIE_KEYS_FILL = """INSERT INTO tie_keys (key, eid, role, ord, sector, aid)
WITH m AS (SELECT COALESCE(MAX(eid), 0) AS top FROM tie_keys)
SELECT k, eid, role, ord, sector, aid FROM (
    SELECT 'c:' || ea.code AS k, te.eid, ea.role, ea.ord, ea.sector, LOWER(ea.actor_id) AS aid
      FROM m, event_actors ea JOIN tie_events te ON te.event_id = ea.event_id WHERE ea.code IS NOT NULL AND te.eid > m.top
    UNION ALL
    SELECT CASE WHEN LOWER(ea.actor_id) = LOWER(ea.entity) THEN 'n:' ELSE 'a:' END || LOWER(ea.actor_id), te.eid,
           ea.role, ea.ord, ea.sector, LOWER(ea.actor_id)
      FROM m, event_actors ea JOIN tie_events te ON te.event_id = ea.event_id WHERE ea.actor_id IS NOT NULL AND te.eid > m.top
    UNION ALL
    SELECT 'e:' || LOWER(ea.entity), te.eid, ea.role, ea.ord, ea.sector, LOWER(ea.actor_id)
      FROM m, event_actors ea JOIN tie_events te ON te.event_id = ea.event_id
     WHERE ea.entity IS NOT NULL AND LOWER(ea.entity) IS DISTINCT FROM LOWER(ea.actor_id) AND te.eid > m.top
) r ORDER BY k, eid"""
# tie_actors: the coded actor rows of each event by eid, the partners a partner list counts
TIE_ACTORS_FILL = """INSERT INTO tie_actors (eid, role, ord, code, sector, actor_id, entity)
SELECT te.eid, ea.role, ea.ord, ea.code, ea.sector, LOWER(ea.actor_id), COALESCE(ea.entity, ea.text)
FROM event_actors ea JOIN tie_events te ON te.event_id = ea.event_id
WHERE ea.code IS NOT NULL AND te.eid > (SELECT COALESCE(MAX(eid), 0) FROM tie_actors)"""

# the groups rule of migration 4, for actor ids not listed yet (``tieline load``)
GROUPS_FILL = """INSERT INTO actor_groups SELECT DISTINCT LOWER(actor_id) FROM event_actors
WHERE actor_id IS NOT NULL AND sector IS NOT NULL
  AND sector NOT IN ('GOV', 'MIL', 'COP', 'JUD', 'LEG', 'SPY', 'PRE', 'ELI', 'HLH', 'EDU')
  AND UPPER(actor_id) <> COALESCE(UPPER(code), '')
  AND LOWER(actor_id) NOT IN (SELECT actor_id FROM actor_groups)"""
# the tie index's lookups on PostgreSQL (postgres_store.py creates them with the tables; DuckDB
# reads tie_keys in key order instead, ties/indexes.py)
PG_TIE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_tie_keys_key ON tie_keys (key)",
    "CREATE INDEX IF NOT EXISTS ix_tie_events_eid ON tie_events (eid)",
)

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "articles, sources, events, actors, runs, quarantine",
        [
            """CREATE TABLE IF NOT EXISTS runs (
            run_id BIGINT PRIMARY KEY, started VARCHAR, finished VARCHAR, command VARCHAR,
            inputs VARCHAR, n_inputs INTEGER, n_new INTEGER, n_seen INTEGER, n_events INTEGER,
            n_problems INTEGER)""",
            """CREATE TABLE IF NOT EXISTS articles (
            id VARCHAR PRIMARY KEY, title VARCHAR, published VARCHAR, publisher VARCHAR,
            authors VARCHAR, credit VARCHAR, url VARCHAR, language VARCHAR, body VARCHAR,
            format VARCHAR, first_run BIGINT, coded BOOLEAN)""",
            """CREATE TABLE IF NOT EXISTS article_sources (
            article_id VARCHAR, path VARCHAR, run_id BIGINT, PRIMARY KEY (article_id, path))""",
            """CREATE TABLE IF NOT EXISTS events (
            event_id VARCHAR PRIMARY KEY, article_id VARCHAR, type VARCHAR, mode VARCHAR,
            context VARCHAR, cameo VARCHAR, score DOUBLE PRECISION, date VARCHAR, date_key DATE,
            published VARCHAR, modality VARCHAR, attributed_to VARCHAR, location VARCHAR,
            sentence VARCHAR, sentence_start INTEGER, confidence DOUBLE PRECISION, trigger VARCHAR,
            record VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS event_actors (
            event_id VARCHAR, role VARCHAR, ord INTEGER, text VARCHAR, entity VARCHAR, code VARCHAR,
            sector VARCHAR, actor_id VARCHAR, known BOOLEAN)""",
            """CREATE TABLE IF NOT EXISTS mentions (
            article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, entity VARCHAR,
            code VARCHAR, sector VARCHAR, actor_id VARCHAR, known BOOLEAN, how VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS quarantine (
            path VARCHAR, reason VARCHAR, detail VARCHAR, run_id BIGINT, noted_at VARCHAR)""",
            "CREATE INDEX IF NOT EXISTS ix_events_article ON events (article_id)",
            "CREATE INDEX IF NOT EXISTS ix_event_actors_event ON event_actors (event_id)",
            "CREATE INDEX IF NOT EXISTS ix_event_actors_code ON event_actors (code)",
            "CREATE INDEX IF NOT EXISTS ix_mentions_article ON mentions (article_id)",
        ],
    ),
    (
        2,
        "runs say how they ended: finished, interrupted (Ctrl-C); a killed run keeps status NULL",
        [
            "ALTER TABLE runs ADD COLUMN status VARCHAR",
        ],
    ),
    (
        3,
        "near-duplicate articles: a copy names the article it copies; MinHash band keys find them",
        [
            "ALTER TABLE articles ADD COLUMN copy_of VARCHAR",
            "ALTER TABLE articles ADD COLUMN similarity DOUBLE PRECISION",
            "CREATE TABLE IF NOT EXISTS article_bands (article_id VARCHAR, band_key BIGINT)",
            "CREATE INDEX IF NOT EXISTS ix_article_bands_key ON article_bands (band_key)",
        ],
    ),
    (
        4,
        "groups: actor ids seen with a non-state sector; their members count for the group, not the state",
        [
            "CREATE TABLE IF NOT EXISTS actor_groups (actor_id VARCHAR PRIMARY KEY)",
            "INSERT INTO actor_groups SELECT DISTINCT LOWER(actor_id) FROM event_actors WHERE actor_id IS NOT NULL"
            " AND sector IS NOT NULL AND sector NOT IN ('GOV', 'MIL', 'COP', 'JUD', 'LEG', 'SPY', 'PRE', 'ELI', 'HLH', 'EDU')"
            " AND UPPER(actor_id) <> COALESCE(UPPER(code), '')",
        ],
    ),
    (
        5,
        "following the news: the sources polled and the URL frontier (nothing fetched twice)",
        [
            """CREATE TABLE IF NOT EXISTS sources (
            source VARCHAR PRIMARY KEY, kind VARCHAR, added VARCHAR, last_poll VARCHAR, last_success VARCHAR,
            last_error VARCHAR, found INTEGER, next_poll VARCHAR, etag VARCHAR, last_modified VARCHAR,
            failures INTEGER)""",
            """CREATE TABLE IF NOT EXISTS frontier (
            url VARCHAR PRIMARY KEY, source VARCHAR, first_seen VARCHAR, last_seen VARCHAR, status VARCHAR,
            attempts INTEGER, next_try VARCHAR, http_status INTEGER, article_id VARCHAR, error VARCHAR)""",
            "CREATE INDEX IF NOT EXISTS ix_frontier_status ON frontier (status)",
        ],
    ),
    (
        6,
        "where events happened: the resolved place's country, coordinates and precision",
        [
            "ALTER TABLE events ADD COLUMN place_country VARCHAR",
            "ALTER TABLE events ADD COLUMN place_lat DOUBLE PRECISION",
            "ALTER TABLE events ADD COLUMN place_lon DOUBLE PRECISION",
            "ALTER TABLE events ADD COLUMN place_precision VARCHAR",
            "CREATE INDEX IF NOT EXISTS ix_events_place_country ON events (place_country)",
        ],
    ),
    (
        7,
        "the tie index: relation queries read a narrow, key-sorted copy instead of every event",
        [
            "CREATE SEQUENCE IF NOT EXISTS tie_eid START 1",
            """CREATE TABLE IF NOT EXISTS tie_events (
            eid BIGINT, event_id VARCHAR, type VARCHAR, date VARCHAR, date_key DATE, pub_day DATE,
            score DOUBLE PRECISION, modality VARCHAR, confidence DOUBLE PRECISION, pub VARCHAR, has_target BOOLEAN)""",
            """CREATE TABLE IF NOT EXISTS tie_keys (
            key VARCHAR, eid BIGINT, role VARCHAR, ord INTEGER, sector VARCHAR, aid VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS tie_actors (
            eid BIGINT, role VARCHAR, ord INTEGER, code VARCHAR, sector VARCHAR, actor_id VARCHAR, entity VARCHAR)""",
            TIE_EVENTS_FILL,
            TIE_ACTORS_FILL,
            TIE_KEYS_FILL,
            # the rows up to this eid lie sorted by key (DuckDB); later ones are the unsorted tail
            "CREATE TABLE IF NOT EXISTS tie_index_state (sorted_upto BIGINT)",
            "INSERT INTO tie_index_state SELECT COALESCE(MAX(eid), 0) FROM tie_keys",
        ],
    ),
]
