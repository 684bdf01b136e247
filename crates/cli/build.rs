//! Links the `ringtrace` binary at a fixed address (not position-independent).
//!
//! A position-independent executable carries some 46,000 relocations of its
//! own pointers (the tables of libphonenumber's metadata, the patterns'
//! automata, every trait object's vtable) that the loader applies in every
//! process before `main`, copying the pages they are on: a quarter of the
//! start-up time of a short `extract` run (5.2 -> 3.9 ms and 619 -> 394 page
//! faults, `perf stat -r 50` on empty input; docs/benchmarks.md). Linked at a
//! fixed address they are resolved once, by the linker.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
