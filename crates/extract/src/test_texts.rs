//! Texts for the unit tests that hold a hand-written reader equal to what it replaced: the corpus lines, and random texts made of a few pieces.

use std::ops::Range;

/// The spans of every match of `re` in `t`: what a hand reading must give.
pub(crate) fn spans(re: &regex::Regex, t: &str) -> Vec<(usize, usize)> {
    re.find_iter(t).map(|m| (m.start(), m.end())).collect()
}

/// Every line of the labelled corpus files, as it is (JSON: the texts with
/// their labels around them, which only adds to what is read).
pub(crate) fn corpus_lines() -> Vec<String> {
    ["en.jsonl", "fr.jsonl", "hi.jsonl", "hard.jsonl"]
        .iter()
        .flat_map(|file| {
            let path = format!("{}/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
            let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            data.lines().map(str::to_string).collect::<Vec<_>>()
        })
        .collect()
}

/// xorshift64: the same draws on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `per_length` texts of each length in `lengths`, each that many `pieces`
/// drawn at random.
pub(crate) fn random_texts(
    pieces: &[&str],
    lengths: Range<usize>,
    per_length: usize,
    seed: u64,
) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(lengths.len() * per_length);
    for len in lengths {
        for _ in 0..per_length {
            out.push((0..len).map(|_| pieces[rng.below(pieces.len())]).collect());
        }
    }
    out
}
