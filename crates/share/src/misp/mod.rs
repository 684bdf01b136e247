//! MISP: feed export (manifest, events, hashes.csv), event import, warning lists.
