"""Versioned schema migrations, shared by every backend.

Each migration is a list of portable SQL statements (DuckDB and PostgreSQL both accept them).
Append new migrations; never edit an applied one.
"""

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
]
