//! STIX 2.1: objects, bundles, TLP 2.0 markings, ringtrace extension definitions.
