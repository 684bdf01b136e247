//! Investigation core (issue 8): cases and their event log (`case`), signed
//! evidence packages for agencies (`package`, `keys`), and seized-device
//! extracts matched against rings (`device`).
//!
//! Pure library: it writes to a `Write`/`Write + Seek` it is handed and
//! reads bytes or a `Read + Seek` it is handed; it never opens a file, a
//! socket or reads the clock.

pub mod case;
pub mod device;
pub mod keys;
mod keys_serde;
pub mod package;
