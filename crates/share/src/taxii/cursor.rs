//! The opaque `next` cursor of the objects and manifest endpoints: the
//! position of the next object in the collection's log, which does not
//! move when objects are added after it, so paging is stable even when many
//! objects share one `date_added`.

/// A position in a collection's object log, bound to the log's epoch (a
/// log rebuilt from scratch starts a new epoch, and old cursors are
/// refused rather than silently skipping or repeating objects).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub epoch: u64,
    pub position: u64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{:x}-{:x}", self.epoch, self.position)
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (e, p) = text.split_once('-')?;
        if e.is_empty() || p.is_empty() || e.len() > 16 || p.len() > 16 {
            return None;
        }
        Some(Cursor {
            epoch: u64::from_str_radix(e, 16).ok()?,
            position: u64::from_str_radix(p, 16).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let c = Cursor {
            epoch: 0xdead,
            position: 12345,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "-",
            "1-",
            "-1",
            "x-1",
            "1-y",
            "1-2-3",
            "11111111111111111-1",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
