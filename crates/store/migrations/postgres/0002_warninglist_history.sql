-- ringtrace schema, version 2 (PostgreSQL): analysts' warning-list entries and overrules,
-- hubs detected from the graph, bridges between rings, reasons on ring events.
CREATE TABLE warninglist (
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL,
    verdict   TEXT NOT NULL,          -- hub: never links | not_hub: an analyst overruled detection
    note      TEXT NOT NULL DEFAULT '',
    added_at  TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

CREATE TABLE detected_hubs (
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    reports     BIGINT NOT NULL,
    clusters    BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

CREATE TABLE ring_bridges (
    ring_a    TEXT NOT NULL,
    ring_b    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL,
    reports_a BIGINT NOT NULL,
    reports_b BIGINT NOT NULL,
    found_at  TEXT NOT NULL,
    PRIMARY KEY (ring_a, ring_b, kind, value)
);
CREATE INDEX ring_bridges_by_b ON ring_bridges (ring_b);

ALTER TABLE ring_events ADD COLUMN reason TEXT;
CREATE INDEX ring_events_by_ring ON ring_events (ring_id);
CREATE INDEX ring_events_by_other ON ring_events (other);
