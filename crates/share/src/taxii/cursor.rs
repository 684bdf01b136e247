//! The opaque `next` cursor of the objects and manifest endpoints: the
//! position of the next object in the collection's log, which does not
//! move when objects are added after it, so paging is stable even when many
//! objects share one `date_added`.

/// A position in a collection's object log, bound to the log's epoch, and
/// the `date_added` of the object there. A log rebuilt from scratch starts
/// a new epoch; a cursor of an older epoch resumes at the first object
/// added at or after its time in the new log (objects may then come twice,
/// which TAXII clients tell by id and version; none is skipped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub epoch: u64,
    pub position: u64,
    /// Microseconds since 1970 of the object at `position` (0: unknown,
    /// and an older epoch's cursor is then refused).
    pub at_micros: u64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        if self.at_micros == 0 {
            format!("{:x}-{:x}", self.epoch, self.position)
        } else {
            format!("{:x}-{:x}-{:x}", self.epoch, self.position, self.at_micros)
        }
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let parts: Vec<&str> = text.split('-').collect();
        if !(2..=3).contains(&parts.len()) {
            return None;
        }
        let field = |p: &str| -> Option<u64> {
            if p.is_empty() || p.len() > 16 {
                return None;
            }
            u64::from_str_radix(p, 16).ok()
        };
        Some(Cursor {
            epoch: field(parts[0])?,
            position: field(parts[1])?,
            at_micros: match parts.get(2) {
                Some(p) => field(p)?,
                None => 0,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        for at_micros in [0, 1_764_547_200_123_456] {
            let c = Cursor {
                epoch: 0xdead,
                position: 12345,
                at_micros,
            };
            assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }
        for bad in [
            "",
            "-",
            "1-",
            "-1",
            "x-1",
            "1-y",
            "1-2-",
            "1-2-3-4",
            "1-2-z",
            "11111111111111111-1",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
