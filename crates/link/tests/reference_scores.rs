//! Cross-check of `eval::score` against a Python reference: the fixture's
//! truth and predicted labels were scored by
//! `scripts/clustering/reference_scores.py` (scikit-learn's
//! `adjusted_rand_score`, a small direct B-cubed and pairwise count); the
//! figures sit beside the fixture and must match ours to 1e-12.

use ringtrace_link::eval::score;
use std::collections::HashMap;

const FIXTURE: &str = include_str!("fixtures/scores_fixture.tsv");
const REFERENCE: &str = include_str!("fixtures/scores_reference.tsv");

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

#[test]
fn scores_match_the_python_reference() {
    let mut truth = HashMap::new();
    let mut predicted = HashMap::new();
    for r in rows(FIXTURE) {
        truth.insert(r[0], r[1]);
        predicted.insert(r[0], r[2]);
    }
    assert_eq!(truth.len(), 400);
    let s = score(&truth, &predicted);
    let expect: HashMap<&str, f64> = rows(REFERENCE)
        .map(|r| (r[0], r[1].parse().unwrap()))
        .collect();
    let ours = [
        ("bcubed_precision", s.bcubed.precision),
        ("bcubed_recall", s.bcubed.recall),
        ("bcubed_f1", s.bcubed.f1),
        ("pairwise_precision", s.pairwise.precision),
        ("pairwise_recall", s.pairwise.recall),
        ("pairwise_f1", s.pairwise.f1),
        ("ari", s.ari),
    ];
    assert_eq!(expect.len(), ours.len());
    for (name, got) in ours {
        let want = expect[name];
        assert!(
            (got - want).abs() < 1e-12,
            "{name}: ours {got}, reference {want}"
        );
    }
}
