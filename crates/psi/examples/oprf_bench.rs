//! OPRF lookup throughput: the server's evaluation of blinded values (what
//! a lookup costs the server, and what its per-key limit is counted in) on
//! one core and on every core, and the client's blind + finalize. Prints
//! one JSON object.
//!
//! `cargo run --release -p ringtrace-psi --example oprf_bench -- --n 200000`

use ringtrace_psi::{ElementKind, OprfLookup, OprfServerKey};
use std::time::Instant;

fn main() {
    let mut n = 200_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--n" {
            n = args.next().and_then(|v| v.parse().ok()).expect("--n N");
        }
    }
    let mut rng = rand::rngs::OsRng;
    let values: Vec<String> = (0..n).map(|i| format!("+1844{i:07}")).collect();
    let key = OprfServerKey::generate(&mut rng).expect("a key");

    let t = Instant::now();
    let (lookup, blinded) =
        OprfLookup::blind(ElementKind::Phone, &values, &mut rng).expect("blind");
    let blind_s = t.elapsed().as_secs_f64();

    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let t = Instant::now();
    let evaluated = one
        .install(|| key.evaluate_batch(&blinded))
        .expect("evaluate");
    let eval_one_s = t.elapsed().as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let t = Instant::now();
    let again = key.evaluate_batch(&blinded).expect("evaluate");
    let eval_all_s = t.elapsed().as_secs_f64();
    assert_eq!(evaluated, again);

    let t = Instant::now();
    let outputs = lookup.finalize(&evaluated).expect("finalize");
    let finalize_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let published = key.publish(ElementKind::Phone, &values).expect("publish");
    let publish_s = t.elapsed().as_secs_f64();
    assert!(outputs
        .iter()
        .all(|o| ringtrace_psi::is_published(&published, o)));

    println!(
        "{}",
        serde_json::json!({
            "n": n,
            "cores": cores,
            "server_evaluations_per_s_one_core": (n as f64 / eval_one_s).round(),
            "server_evaluations_per_s_all_cores": (n as f64 / eval_all_s).round(),
            "client_blind_per_s_one_thread": (n as f64 / blind_s).round(),
            "client_finalize_per_s": (n as f64 / finalize_s).round(),
            "publish_per_s": (n as f64 / publish_s).round(),
            "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
        })
    );
}
