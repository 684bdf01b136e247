-- ringtrace schema, version 1 (PostgreSQL).
CREATE TABLE reports (
    report_pk       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner         TEXT NOT NULL,
    id              TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    channel         TEXT,
    brand           TEXT,
    language        TEXT,
    region          TEXT,
    narrative       TEXT,
    payment_method  TEXT,
    loss_amount     DOUBLE PRECISION,
    loss_currency   TEXT,
    tlp             TEXT NOT NULL,
    record          TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    version         BIGINT NOT NULL,
    ring_id         TEXT,
    first_imported_at TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partner, id)
);
CREATE INDEX reports_by_ring ON reports (ring_id);

CREATE TABLE report_versions (
    report_pk    BIGINT NOT NULL REFERENCES reports (report_pk),
    version      BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    record       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (report_pk, version)
);

CREATE TABLE indicators (
    indicator_pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE mentions (
    report_pk    BIGINT NOT NULL REFERENCES reports (report_pk),
    indicator_pk BIGINT NOT NULL REFERENCES indicators (indicator_pk),
    source       TEXT NOT NULL,
    span_start   BIGINT,
    span_end     BIGINT,
    role         TEXT,
    may_link     BOOLEAN NOT NULL
);
CREATE INDEX mentions_by_report ON mentions (report_pk);
CREATE INDEX mentions_by_indicator ON mentions (indicator_pk, report_pk);

CREATE TABLE rings (
    ring_id      TEXT PRIMARY KEY,
    report_count BIGINT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    merged_into  TEXT
);

CREATE TABLE ring_events (
    event_pk  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,
    ring_id   TEXT NOT NULL,
    other     TEXT
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('next_ring_seq', '0');
