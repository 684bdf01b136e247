//! Scores a clustering of reports against ground truth: B-cubed and pairwise
//! precision, recall and F1, and the adjusted Rand index (Hubert and Arabie),
//! cross-checked against scikit-learn in `tests/reference_scores.rs`.

use std::collections::HashMap;
use std::hash::Hash;

/// Precision, recall and their harmonic mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Both families of scores for one clustering.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub items: usize,
    pub bcubed: Prf,
    pub pairwise: Prf,
    /// The adjusted Rand index: 1 for identical clusterings, about 0 for
    /// chance agreement (negative below). Like scikit-learn's
    /// `adjusted_rand_score`, 1 when both clusterings are all singletons or
    /// both a single cluster.
    pub ari: f64,
}

/// Scores `predicted` against `truth`, both giving each item a cluster label.
/// The items are those of `truth`; an item missing from `predicted` counts as
/// a cluster of its own.
pub fn score<I, P, T>(truth: &HashMap<I, T>, predicted: &HashMap<I, P>) -> Scores
where
    I: Eq + Hash,
    P: Eq + Hash,
    T: Eq + Hash,
{
    // Cell counts n(p, t), and marginals, over truth's items. Items missing
    // from `predicted` get a unique label of their own (`None` plus index).
    let mut cells: HashMap<(Option<&P>, usize, &T), u64> = HashMap::new();
    let mut pred_size: HashMap<(Option<&P>, usize), u64> = HashMap::new();
    let mut truth_size: HashMap<&T, u64> = HashMap::new();
    for (n, (item, t)) in truth.iter().enumerate() {
        let p = match predicted.get(item) {
            Some(p) => (Some(p), 0),
            None => (None, n),
        };
        *cells.entry((p.0, p.1, t)).or_default() += 1;
        *pred_size.entry(p).or_default() += 1;
        *truth_size.entry(t).or_default() += 1;
    }
    let items = truth.len();
    if items == 0 {
        let perfect = Prf::new(1.0, 1.0);
        return Scores {
            items,
            bcubed: perfect,
            pairwise: perfect,
            ari: 1.0,
        };
    }
    // B-cubed: each item in cell (p, t) has precision n/|p| and recall n/|t|.
    let (mut bp, mut br) = (0.0, 0.0);
    let mut pairs_both = 0u64;
    for (&(p, k, t), &n) in &cells {
        let nf = n as f64;
        bp += nf * nf / pred_size[&(p, k)] as f64;
        br += nf * nf / truth_size[t] as f64;
        pairs_both += n * (n - 1) / 2;
    }
    let pairs_pred: u64 = pred_size.values().map(|&n| n * (n - 1) / 2).sum();
    let pairs_truth: u64 = truth_size.values().map(|&n| n * (n - 1) / 2).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let ari = adjusted_rand(items as u64, pairs_both, pairs_pred, pairs_truth);
    Scores {
        items,
        bcubed: Prf::new(bp / items as f64, br / items as f64),
        pairwise: Prf::new(
            ratio(pairs_both, pairs_pred),
            ratio(pairs_both, pairs_truth),
        ),
        ari,
    }
}

/// The adjusted Rand index from the pair counts: `both` pairs together in
/// both clusterings, `pred` and `truth` pairs together in each.
fn adjusted_rand(items: u64, both: u64, pred: u64, truth: u64) -> f64 {
    let total = (items * items.saturating_sub(1) / 2) as f64;
    if total == 0.0 {
        return 1.0;
    }
    let (both, pred, truth) = (both as f64, pred as f64, truth as f64);
    let expected = pred * truth / total;
    let max = (pred + truth) / 2.0;
    if max == expected {
        // Both clusterings trivial (all singletons or all one): sklearn's 1.0.
        return 1.0;
    }
    (both - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(labels: &[(&'static str, &'static str)]) -> HashMap<&'static str, &'static str> {
        labels.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_and_all_in_one() {
        let truth = map(&[("a", "x"), ("b", "x"), ("c", "y")]);
        let s = score(&truth, &map(&[("a", "1"), ("b", "1"), ("c", "2")]));
        assert!(close(s.bcubed.f1, 1.0) && close(s.pairwise.f1, 1.0));

        let s = score(&truth, &map(&[("a", "1"), ("b", "1"), ("c", "1")]));
        // precision per item: a 2/3, b 2/3, c 1/3 -> 5/9; recall 1
        assert!(close(s.bcubed.precision, 5.0 / 9.0), "{s:?}");
        assert!(close(s.bcubed.recall, 1.0));
        assert!(close(s.pairwise.precision, 1.0 / 3.0));
    }

    #[test]
    fn adjusted_rand_index() {
        // sklearn: adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714285714285715
        let truth = map(&[("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")]);
        let s = score(
            &truth,
            &map(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "3")]),
        );
        assert!(close(s.ari, 4.0 / 7.0), "{s:?}");
        let s = score(
            &truth,
            &map(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]),
        );
        assert!(close(s.ari, 1.0));
        // sklearn: adjusted_rand_score([0,0,1,1], [0,1,0,1]) = -0.5
        let s = score(
            &truth,
            &map(&[("a", "1"), ("b", "2"), ("c", "1"), ("d", "2")]),
        );
        assert!(close(s.ari, -0.5), "{s:?}");
    }

    #[test]
    fn missing_items_are_singletons() {
        let truth = map(&[("a", "x"), ("b", "x")]);
        let s = score(&truth, &HashMap::<&str, &str>::new());
        assert!(close(s.bcubed.precision, 1.0));
        assert!(close(s.bcubed.recall, 0.5));
        assert!(close(s.pairwise.recall, 0.0));
    }
}
