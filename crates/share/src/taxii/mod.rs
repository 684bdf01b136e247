//! TAXII 2.1: envelopes, collections, filters and cursors.
