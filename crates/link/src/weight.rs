//! How much one shared value says about two reports belonging together
//! ([`specificity`]), and where a new report goes between full relinks
//! ([`place`]), by the same quality function as [`crate::cluster`].

/// The weight one shared value of document frequency `df` (the number of
/// reports that mention it, as a linking value) gives a pair of reports:
/// `1 / log2(1 + df)`. Rarer values weigh more: 0.63 for a value two reports
/// share, 0.19 at 35 reports, 0.09 at 2,000. It depends on `df` alone, not on
/// how many reports the store holds, so weights stay put as the store grows.
/// A pair sharing several values gets the sum.
pub fn specificity(df: u32) -> f64 {
    if df < 2 {
        return 0.0;
    }
    1.0 / (1.0 + f64::from(df)).log2()
}

/// A new report's links to one existing ring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RingLink {
    /// The ring's label.
    pub ring: u32,
    /// `Σ_v specificity(df_v) · m_v` over the linking values `v` the report
    /// shares with the ring, `m_v` the ring's reports mentioning `v`: the
    /// report's edge weight to the ring in the clustering's graph.
    pub weight: f64,
    /// The ring's reports the new report is linked to (shares a linking
    /// value with): its neighbourhood in the ring, **not** the ring's whole
    /// size. See [`place`] for why.
    pub size: u32,
    /// Distinct linking values the report shares with the ring.
    pub values: u32,
}

/// The ring a new report joins, if any, from `(ring, weight, size)` links
/// (see [`RingLink`]), by the constant Potts criterion: the report joins the
/// ring `R` with the highest gain `weight_R − γ · n_R` when that gain is
/// positive, and stays alone (a new ring) otherwise. Ties go to the larger
/// `n_R`, then the lower label.
///
/// `weight_R` is the report's edge weight to `R` in the clustering's graph
/// (`Σ_v specificity(df_v) · m_v`, `df_v` counting the new report); `n_R` is
/// the number of `R`'s reports it is linked to. Why not `|R|`: this is the
/// gain of Leiden's local move of a size-1 node into the *dense group* it
/// touches, and [`crate::cluster::cluster`]'s rings are unions of dense
/// groups (its step 5), a long-lived ring holding many; the group around the
/// report's neighbours has at least `n_R` reports, usually few more, while
/// `|R|` can be thousands of times more and would turn every report away
/// from large rings. Measured with `examples/cluster_sim.rs --incremental`
/// (100k sim reports, the last ones placed one by one on a clustering of the
/// rest; full clustering B-cubed F1 0.9175): 2,000 placed, F1 0.9176 with
/// `n_R`, 0.9161 with `|R|`; 20,000 placed, 0.9130 with `n_R`, 0.8776 with `|R|`.
pub fn place(links: &[(u32, f64, u32)], gamma: f64) -> Option<u32> {
    let links: Vec<RingLink> = links
        .iter()
        .map(|&(ring, weight, size)| RingLink {
            ring,
            weight,
            size,
            values: 0,
        })
        .collect();
    best_by_gain(&links, gamma)
}

/// [`place`] with the count of shared values, matching the whole of
/// [`crate::cluster::cluster`]: there, dense groups found by Leiden are
/// merged when they share at least `min_shared_values` distinct linking
/// values (a ring's rotating numbers, sites and accounts overlap; a bridge is
/// a single value). So a new report joins:
/// 1. among rings it shares at least `min_shared_values` distinct values
///    with, the one it is tied to most (weight, then size, then label);
/// 2. otherwise the ring of [`place`]'s CPM criterion, `weight − γ·|R| > 0`;
/// 3. otherwise none.
pub fn place_with_values(links: &[RingLink], gamma: f64, min_shared_values: u32) -> Option<u32> {
    let strong = links
        .iter()
        .filter(|l| l.values >= min_shared_values.max(1))
        .max_by(|a, b| {
            a.weight
                .total_cmp(&b.weight)
                .then(a.size.cmp(&b.size))
                .then(b.ring.cmp(&a.ring))
        });
    if let Some(l) = strong {
        return Some(l.ring);
    }
    best_by_gain(links, gamma)
}

fn best_by_gain(links: &[RingLink], gamma: f64) -> Option<u32> {
    links
        .iter()
        .map(|l| (l.weight - gamma * f64::from(l.size), l))
        .filter(|(gain, _)| *gain > 0.0)
        .max_by(|(ga, a), (gb, b)| {
            ga.total_cmp(gb)
                .then(a.size.cmp(&b.size))
                .then(b.ring.cmp(&a.ring))
        })
        .map(|(_, l)| l.ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_weighs_more() {
        assert_eq!(specificity(1), 0.0);
        assert!((specificity(3) - 0.5).abs() < 1e-12);
        assert!(specificity(2) > specificity(35));
        assert!(specificity(35) > specificity(2000));
        assert!(specificity(2000) > 0.05);
    }

    #[test]
    fn placement_by_cpm_gain() {
        // gains: ring 1: 3 - 0.1*10 = 2; ring 2: 5 - 0.1*45 = 0.5 (sizes: neighbours)
        assert_eq!(place(&[(1, 3.0, 10), (2, 5.0, 45)], 0.1), Some(1));
        // no positive gain: alone
        assert_eq!(place(&[(1, 0.9, 10)], 0.1), None);
        assert_eq!(place(&[], 0.1), None);
        // tie: the larger ring
        assert_eq!(place(&[(4, 2.0, 10), (3, 3.0, 20)], 0.1), Some(3));
    }

    #[test]
    fn placement_by_shared_values_first() {
        let l = |ring, weight, size, values| RingLink {
            ring,
            weight,
            size,
            values,
        };
        // a big ring shared by two values wins over a better CPM gain elsewhere
        let links = [l(1, 2.0, 5000, 2), l(2, 1.0, 2, 1)];
        assert_eq!(place_with_values(&links, 0.01, 2), Some(1));
        // one value only: the CPM criterion decides
        let links = [l(1, 2.0, 5000, 1), l(2, 1.0, 2, 1)];
        assert_eq!(place_with_values(&links, 0.01, 2), Some(2));
        let links = [l(1, 2.0, 5000, 1)];
        assert_eq!(place_with_values(&links, 0.01, 2), None);
    }
}
