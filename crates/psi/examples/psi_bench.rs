//! End-to-end in-process PSI benchmark: N × N elements with a given overlap,
//! initiator and responder in one process, every message through its byte
//! encoding. Prints one JSON object (wall, CPU, bytes on the wire).
//!
//! `cargo run --release -p ringtrace-psi --example psi_bench -- --n 1000000 --overlap 0.5`
//!
//! The sets are the ones `scripts/psi/openmined_bench.py` builds for the
//! same N and overlap, so the two runs are comparable.

use ringtrace_psi::{
    ElementKind, Initiator, PsiConfig, Request, Responder, Response, SessionPolicy,
};
use std::time::Instant;

/// Process CPU time (user + system, all threads) in seconds, from
/// /proc/self/stat (clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// The benchmark sets: `k` common items, the rest private to each side.
fn sets(n: usize, overlap: f64) -> (Vec<String>, Vec<String>) {
    let k = (n as f64 * overlap).round() as usize;
    let common = (0..k).map(|i| format!("+1555{i:08}"));
    let client = common
        .clone()
        .chain((0..n - k).map(|i| format!("+1666{i:08}")))
        .collect();
    let server = common
        .chain((0..n - k).map(|i| format!("+1777{i:08}")))
        .collect();
    (client, server)
}

struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }
    fn json(&self) -> String {
        format!(
            "{{\"wall_s\": {:.3}, \"cpu_s\": {:.2}}}",
            self.wall.elapsed().as_secs_f64(),
            cpu_seconds() - self.cpu
        )
    }
}

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = arg(&args, "--n", "1000000").parse().expect("--n N");
    let overlap: f64 = arg(&args, "--overlap", "0.5").parse().expect("--overlap F");
    let (client, server) = sets(n, overlap);
    let mut rng = rand::rngs::OsRng;
    let config = PsiConfig::new(
        ElementKind::Phone,
        SessionPolicy::INITIATOR_LEARNS,
        n.max(1),
    );

    let total = Clock::start();
    let t = Clock::start();
    let (mut initiator, request) = Initiator::start(config, &client, &mut rng).expect("request");
    let request_bytes = request.to_bytes();
    let mut points = request.points.len();
    drop(request);
    let phase_request = t.json();

    let t = Clock::start();
    let mut responder = Responder::new(config);
    let request = Request::from_bytes(&request_bytes).expect("decode request");
    let (_session, response) = responder
        .respond(&request, &server, &mut rng)
        .expect("response");
    let response_bytes = response.to_bytes();
    points += response.responder_points.len() + response.initiator_points.len();
    drop((request, response));
    let phase_response = t.json();

    let t = Clock::start();
    let response = Response::from_bytes(&response_bytes).expect("decode response");
    let outcome = initiator.handle_response(&response).expect("intersect");
    let phase_intersect = t.json();
    let wall = total.wall.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - total.cpu;

    let wire = request_bytes.len() + response_bytes.len();
    println!(
        "{{\"impl\": \"ringtrace-psi\", \"group\": \"ristretto255\", \"n\": {n}, \"overlap\": {overlap}, \
         \"threads\": {threads}, \"intersection\": {card}, \"wall_s\": {wall:.3}, \"cpu_s\": {cpu:.2}, \
         \"wire_bytes\": {wire}, \"bytes_per_element\": {bpe:.3}, \"bytes_per_point\": {bpp:.3}, \
         \"phases\": {{\"request\": {phase_request}, \"response\": {phase_response}, \"intersect\": {phase_intersect}}}}}",
        threads = rayon::current_num_threads(),
        card = outcome.cardinality,
        bpe = wire as f64 / (2 * n).max(1) as f64,
        bpp = wire as f64 / points.max(1) as f64,
    );
}
