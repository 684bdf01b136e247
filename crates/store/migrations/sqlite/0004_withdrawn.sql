-- ringtrace schema, version 4: reports withdrawn at their source. A
-- withdrawn report's record, history and mentions are erased; what is kept
-- is that it existed and was withdrawn (so that partners who hold a copy are
-- told, over TAXII, as a revoked object). Storing the same key again brings
-- the report back, and the tombstone then no longer counts.
CREATE TABLE withdrawn_reports (
    partner      TEXT NOT NULL,
    id           TEXT NOT NULL,
    tlp          TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    ring_id      TEXT,
    withdrawn_at TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (partner, id)
);
CREATE INDEX withdrawn_reports_by_time ON withdrawn_reports (withdrawn_at);
