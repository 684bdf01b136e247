//! Serde for `ReportKey` (written `partner:id`, as everywhere else).

use ringtrace_model::ReportKey;
use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

/// One key as its `partner:id` text.
pub mod one {
    use super::*;

    pub fn serialize<S: Serializer>(key: &ReportKey, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(key)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ReportKey, D::Error> {
        let text = String::deserialize(d)?;
        ReportKey::parse(&text).map_err(D::Error::custom)
    }
}

/// A list of keys as a list of `partner:id` texts.
pub mod list {
    use super::*;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: Serializer>(keys: &[ReportKey], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(keys.len()))?;
        for k in keys {
            seq.serialize_element(&k.to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ReportKey>, D::Error> {
        let texts = Vec::<String>::deserialize(d)?;
        texts
            .iter()
            .map(|t| ReportKey::parse(t).map_err(D::Error::custom))
            .collect()
    }
}
