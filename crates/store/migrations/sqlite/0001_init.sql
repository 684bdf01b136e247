-- ringtrace schema, version 1.
CREATE TABLE reports (
    report_pk       INTEGER PRIMARY KEY,
    partner         TEXT NOT NULL,
    id              TEXT NOT NULL,
    received_at     TEXT NOT NULL,          -- UTC, seconds, `Z`: sorts as text
    channel         TEXT,
    brand           TEXT,
    language        TEXT,
    region          TEXT,
    narrative       TEXT,
    payment_method  TEXT,
    loss_amount     REAL,
    loss_currency   TEXT,
    tlp             TEXT NOT NULL,
    record          TEXT NOT NULL,          -- the record as sent, JSON
    content_hash    TEXT NOT NULL,
    version         INTEGER NOT NULL,
    ring_id         TEXT,
    first_imported_at TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partner, id)
);
CREATE INDEX reports_by_ring ON reports (ring_id);

-- Earlier versions of reports that were replaced; the current one is in `reports`.
CREATE TABLE report_versions (
    report_pk    INTEGER NOT NULL REFERENCES reports (report_pk),
    version      INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    record       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (report_pk, version)
);

CREATE TABLE indicators (
    indicator_pk INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE mentions (
    report_pk    INTEGER NOT NULL REFERENCES reports (report_pk),
    indicator_pk INTEGER NOT NULL REFERENCES indicators (indicator_pk),
    source       TEXT NOT NULL,             -- narrative | given
    span_start   INTEGER,
    span_end     INTEGER,
    role         TEXT,
    may_link     INTEGER NOT NULL           -- 0 when the role forbids linking
);
CREATE INDEX mentions_by_report ON mentions (report_pk);
CREATE INDEX mentions_by_indicator ON mentions (indicator_pk, report_pk);

CREATE TABLE rings (
    ring_id      TEXT PRIMARY KEY,
    report_count INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    merged_into  TEXT
);

CREATE TABLE ring_events (
    event_pk  INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,                -- created | merged | split
    ring_id   TEXT NOT NULL,
    other     TEXT
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('next_ring_seq', '0');
