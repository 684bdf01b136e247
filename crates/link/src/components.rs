//! Connected components of reports joined through shared indicators (union–find).

/// Labels each report `0..reports` with a component number; two reports get
/// the same label iff a chain of shared indicators joins them. `pairs` are
/// `(report, indicator)`; labels are dense, in order of each component's
/// lowest report.
pub fn connected_components(reports: usize, pairs: &[(u32, u32)]) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..reports as u32).collect();
    let mut first_of_indicator: std::collections::HashMap<u32, u32> =
        std::collections::HashMap::with_capacity(pairs.len() / 2);
    for &(report, indicator) in pairs {
        match first_of_indicator.entry(indicator) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(report);
            }
            std::collections::hash_map::Entry::Occupied(o) => union(&mut parent, *o.get(), report),
        }
    }
    let mut label = vec![u32::MAX; reports];
    let mut next = 0u32;
    let mut out = Vec::with_capacity(reports);
    for r in 0..reports as u32 {
        let root = find(&mut parent, r) as usize;
        if label[root] == u32::MAX {
            label[root] = next;
            next += 1;
        }
        out.push(label[root]);
    }
    out
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let grand = parent[parent[x as usize] as usize];
        parent[x as usize] = grand;
        x = grand;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // Attach the higher root under the lower so labels stay deterministic.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reports: usize, pairs: &[(u32, u32)], expect: &[u32]) {
        assert_eq!(connected_components(reports, pairs), expect);
    }

    #[test]
    fn components() {
        check(3, &[], &[0, 1, 2]);
        check(3, &[(0, 7), (2, 7)], &[0, 1, 0]);
        // a chain 0-1 via 5, 1-3 via 6
        check(4, &[(0, 5), (1, 5), (1, 6), (3, 6)], &[0, 0, 1, 0]);
        check(4, &[(3, 1), (2, 1), (1, 2), (0, 2)], &[0, 0, 1, 1]);
    }
}
