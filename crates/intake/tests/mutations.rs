//! Mutation fuzzing of the decoders: whatever bytes come in, every record is
//! decoded or rejected with a line, and nothing panics.

use rand::{Rng, SeedableRng};
use ringtrace_intake::{read, Format};

const SEEDS: &[(&str, Format)] = &[
    (
        "{\"id\": \"r-1\", \"partner\": \"microsoft\", \"received_at\": \"2023-10-01T09:00:00Z\", \"narrative\": \"call 1-844-281-8482\", \"indicators\": [{\"kind\": \"phone\", \"value\": \"+18442818482\"}], \"loss\": {\"amount\": 499, \"currency\": \"USD\"}, \"tlp\": \"amber\", \"x\": [1, {\"y\": null}]}\n{\"id\": \"r-2\", \"partner\": \"amazon\", \"received_at\": \"2023-10-01T09:00:00+02:00\"}\n",
        Format::Jsonl,
    ),
    (
        "[\n {\"id\": \"r-1\", \"partner\": \"apple\", \"received_at\": \"2023-10-01T09:00:00Z\"},\n {\"id\": \"r-2\", \"partner\": \"apple\", \"received_at\": \"2023-10-02T09:00:00Z\", \"region\": \"fr\"}\n]\n",
        Format::Json,
    ),
    (
        "id,partner,received_at,indicators,loss_amount,loss_currency,extra\nr1,bank,2023-10-01T09:00:00Z,phone:+1 844 281 8482;url:https://x.com,12.5,EUR,\"a,b\"\nr2,bank,2023-10-01T09:00:00Z,,,,\n",
        Format::Csv,
    ),
];

const NASTY: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"\n",
    b"\r\n",
    b"\\",
    b"\\u0000",
    b":",
    b";",
    b"\xff",
    b"\xc3",
    b"null",
    b"1e999",
    b"-0",
    "é".as_bytes(),
    "\u{202e}".as_bytes(),
];

fn mutate(rng: &mut rand_chacha::ChaCha8Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..rng.gen_range(1..6) {
        if v.is_empty() {
            break;
        }
        let at = rng.gen_range(0..v.len());
        match rng.gen_range(0..4) {
            0 => v[at] = rng.gen(),
            1 => {
                v.truncate(at);
            }
            2 => {
                let n = NASTY[rng.gen_range(0..NASTY.len())];
                v.splice(at..at, n.iter().copied());
            }
            _ => {
                let end = (at + rng.gen_range(1..20)).min(v.len());
                v.drain(at..end);
            }
        }
    }
    v
}

#[test]
fn mutated_inputs_never_panic_and_rejects_name_a_line() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    for round in 0..6000 {
        let (seed, format) = SEEDS[round % SEEDS.len()];
        let input = mutate(&mut rng, seed.as_bytes());
        let lines = 1 + input.iter().filter(|&&b| b == b'\n').count();
        for item in read(format, Box::new(&input[..])) {
            match item {
                Ok(d) => assert!(d.line >= 1 && d.line <= lines),
                Err(r) => {
                    assert!(
                        r.line >= 1 && r.line <= lines,
                        "line {} of {lines}: {r}",
                        r.line
                    );
                    assert!(!r.message.is_empty());
                }
            }
        }
    }
}
