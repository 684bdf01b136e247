//! Compiles libphonenumber's patterns (`src/numbering/data.rs`) into DFAs once, at build time, so that no process parses and compiles them again (that was some 4 % of extracting a 1.3 MB batch).
//!
//! Writes `$OUT_DIR/numbering_dfas.bin` (every DFA serialised little-endian,
//! each padded to 8 bytes) and `$OUT_DIR/numbering_dfas.rs` (where each
//! entry's slots start and how long they are). `numbering::prebuilt` reads them
//! back, and falls back to compiling a pattern when its DFA cannot be read.

use regex_automata::dfa::{dense, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The metadata's types, as `numbering` declares them.
#[allow(dead_code)]
#[derive(Debug)]
struct Desc(Option<&'static str>, &'static [i8], &'static [i8]);

const NA: Desc = Desc(None, &[-1], &[]);

#[allow(dead_code)]
#[derive(Debug)]
struct Meta {
    id: &'static str,
    cc: u16,
    intl: Option<&'static str>,
    npfp: Option<&'static str>,
    transform: &'static str,
    leading: Option<&'static str>,
    same: bool,
    general: Desc,
    types: [Desc; 10],
}

#[allow(dead_code)] // the lookup tables are read by `numbering`, not here
#[path = "src/numbering/data.rs"]
#[rustfmt::skip]
mod data;

/// The slots of an entry, in `numbering`'s order (general, the ten types,
/// leading digits, international prefix), and whether each is matched whole.
fn slots(m: &Meta) -> Vec<(Option<&'static str>, bool)> {
    let mut v = vec![(m.general.0, true)];
    v.extend(m.types.iter().map(|d| (d.0, true)));
    v.push((m.leading, false));
    v.push((m.intl, false));
    v
}

fn main() {
    println!("cargo:rerun-if-changed=src/numbering/data.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut bin: Vec<u8> = Vec::new();
    let mut index = String::from("&[\n");
    for m in data::META {
        index.push_str("    [");
        for (pattern, whole) in slots(m) {
            let Some(p) = pattern else {
                index.push_str("(0, 0), ");
                continue;
            };
            let src = if whole {
                format!("^(?:{p})$")
            } else {
                format!("^(?:{p})")
            };
            // The same syntax and NFA as the lazy DFAs `numbering` would build.
            let dfa = dense::Builder::new()
                .configure(dense::Config::new().start_kind(StartKind::Anchored))
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
                .build(&src);
            let Ok(dfa) = dfa else {
                // Left to `numbering`, which refuses it the same way at run time.
                index.push_str("(0, 0), ");
                continue;
            };
            let (bytes, pad) = dfa.to_bytes_little_endian();
            let bytes = &bytes[pad..];
            while !bin.len().is_multiple_of(8) {
                bin.push(0);
            }
            write!(index, "({}, {}), ", bin.len(), bytes.len()).expect("writing to a String");
            bin.extend_from_slice(bytes);
        }
        index.push_str("],\n");
    }
    index.push_str("]\n");
    std::fs::write(out.join("numbering_dfas.bin"), &bin).expect("write numbering_dfas.bin");
    std::fs::write(out.join("numbering_dfas.rs"), index).expect("write numbering_dfas.rs");
}
