//! Intersects two newline-separated files with the PSI protocol (both
//! parties in this process) and prints the common lines, sorted, one per
//! line. Used by `scripts/psi/crosscheck.py` against openmined-psi.
//!
//! `cargo run --release -p ringtrace-psi --example psi_files -- A.txt B.txt`

use ringtrace_psi::{
    ElementKind, Initiator, PsiConfig, Request, Responder, Response, SessionPolicy,
};

fn lines(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().map(str::to_string).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = args.as_slice() else {
        eprintln!("usage: psi_files INITIATOR_FILE RESPONDER_FILE");
        std::process::exit(2);
    };
    let (x, y) = (lines(a), lines(b));
    let max = x.len().max(y.len()).max(1);
    let config = PsiConfig::new(ElementKind::Phone, SessionPolicy::INITIATOR_LEARNS, max);
    let mut rng = rand::rngs::OsRng;
    let (mut initiator, request) = Initiator::start(config, &x, &mut rng).expect("request");
    let request = Request::from_bytes(&request.to_bytes()).expect("decode request");
    let (_, response) = Responder::new(config)
        .respond(&request, &y, &mut rng)
        .expect("response");
    let response = Response::from_bytes(&response.to_bytes()).expect("decode response");
    let outcome = initiator.handle_response(&response).expect("intersect");
    let mut common: Vec<String> = outcome
        .items
        .unwrap_or_default()
        .into_iter()
        .map(|v| String::from_utf8_lossy(&v).into_owned())
        .collect();
    common.sort();
    for line in common {
        println!("{line}");
    }
}
