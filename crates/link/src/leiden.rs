//! The Leiden algorithm (Traag, Waltman and van Eck, 2019) with the constant
//! Potts model, on a weighted undirected graph with node sizes.
//!
//! Quality of a partition: `H = Σ_c [ W_c − γ · P_c ]`, where `W_c` is the
//! edge weight inside community `c` and `P_c = Σ_{i<j ∈ c} s_i s_j` the number
//! of report pairs it holds (`s_i` a node's size: 1 for a report, the number
//! of reports for an aggregate). A community is worth keeping when its pairs
//! weigh more than `γ` on average; moving node `i` into community `c`
//! changes `H` by `k_{i,c} − γ · s_i · S_c` (its weight to `c` minus `γ`
//! times its size times `c`'s size).
//!
//! The three phases: fast local moving (a queue of nodes, each moved to the
//! best neighbouring community), refinement (inside each community, nodes
//! start alone and merge greedily into well-connected sub-communities, so
//! every community returned is connected), and aggregation (the refined
//! sub-communities become nodes, started in their community). Deterministic:
//! node orders come from a seeded generator, ties go to the lower id.

/// A weighted undirected graph in compressed sparse rows; every edge is
/// stored in both directions, without self-loops.
#[derive(Clone, Debug, Default)]
pub struct CsrGraph {
    /// `offsets[i]..offsets[i+1]` index node `i`'s neighbours.
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f32>,
    /// Reports per node.
    pub sizes: Vec<u64>,
}

impl CsrGraph {
    /// Builds the graph from undirected edges `(a, b, weight)` over `nodes`
    /// nodes of size 1; duplicate edges are summed, self-loops dropped.
    pub fn from_edges(nodes: usize, edges: &[(u32, u32, f32)]) -> CsrGraph {
        let mut degree = vec![0usize; nodes + 1];
        for &(a, b, _) in edges {
            if a != b {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
        let mut offsets = vec![0usize; nodes + 1];
        for i in 0..nodes {
            offsets[i + 1] = offsets[i] + degree[i];
        }
        let mut fill = offsets.clone();
        let total = offsets[nodes];
        let mut targets = vec![0u32; total];
        let mut weights = vec![0f32; total];
        for &(a, b, w) in edges {
            if a == b {
                continue;
            }
            for (x, y) in [(a, b), (b, a)] {
                let p = &mut fill[x as usize];
                targets[*p] = y;
                weights[*p] = w;
                *p += 1;
            }
        }
        let mut g = CsrGraph {
            offsets,
            targets,
            weights,
            sizes: vec![1; nodes],
        };
        g.merge_duplicates();
        g
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.sizes.len()
    }

    /// The neighbours of `i` with the weight to each.
    pub fn neighbours(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let r = self.offsets[i]..self.offsets[i + 1];
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.weights[r].iter().copied())
    }

    /// Sorts each row by target and sums duplicate targets.
    fn merge_duplicates(&mut self) {
        let n = self.nodes();
        let mut out_t = Vec::with_capacity(self.targets.len());
        let mut out_w = Vec::with_capacity(self.targets.len());
        let mut offsets = vec![0usize; n + 1];
        let mut row: Vec<(u32, f32)> = Vec::new();
        for i in 0..n {
            row.clear();
            row.extend(self.neighbours(i));
            row.sort_unstable_by_key(|e| e.0);
            for &(t, w) in &row {
                if out_t.len() > offsets[i] && *out_t.last().unwrap() == t {
                    *out_w.last_mut().unwrap() += w;
                } else {
                    out_t.push(t);
                    out_w.push(w);
                }
            }
            offsets[i + 1] = out_t.len();
        }
        self.offsets = offsets;
        self.targets = out_t;
        self.weights = out_w;
    }

    /// The graph whose nodes are the communities of `part` (dense labels
    /// `0..k`): sizes summed, weights between communities summed, weights
    /// inside dropped (they do not change any move's gain).
    fn aggregate(&self, part: &[u32], k: usize) -> CsrGraph {
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
        for (i, &c) in part.iter().enumerate() {
            members[c as usize].push(i as u32);
        }
        let mut sizes = vec![0u64; k];
        let mut offsets = vec![0usize; k + 1];
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut acc = vec![0f32; k];
        let mut touched: Vec<u32> = Vec::new();
        for (c, nodes) in members.iter().enumerate() {
            for &i in nodes {
                sizes[c] += self.sizes[i as usize];
                for (j, w) in self.neighbours(i as usize) {
                    let d = part[j as usize];
                    if d as usize == c {
                        continue;
                    }
                    if acc[d as usize] == 0.0 {
                        touched.push(d);
                    }
                    acc[d as usize] += w;
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                targets.push(d);
                weights.push(acc[d as usize]);
                acc[d as usize] = 0.0;
            }
            touched.clear();
            offsets[c + 1] = targets.len();
        }
        CsrGraph {
            offsets,
            targets,
            weights,
            sizes,
        }
    }
}

/// A small deterministic generator (SplitMix64), enough to shuffle node orders.
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (`0 < n <= 2^32`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Shuffles `v` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Clusters `graph` with Leiden under the constant Potts model of resolution
/// `gamma`; returns a dense community label per node, numbered in order of
/// each community's lowest node. `max_levels` bounds the aggregation levels.
pub fn leiden(graph: &CsrGraph, gamma: f64, seed: u64, max_levels: usize) -> Vec<u32> {
    leiden_from(graph, gamma, seed, max_levels, None)
}

/// [`leiden`] run `iterations` times, each starting from the previous
/// partition (like leidenalg's `n_iterations`); the quality never decreases.
pub fn leiden_iterated(
    graph: &CsrGraph,
    gamma: f64,
    seed: u64,
    max_levels: usize,
    iterations: usize,
) -> Vec<u32> {
    let mut labels = leiden_from(graph, gamma, seed, max_levels, None);
    for k in 1..iterations {
        labels = leiden_from(
            graph,
            gamma,
            seed.wrapping_add(k as u64),
            max_levels,
            Some(&labels),
        );
    }
    labels
}

/// One run of Leiden from `initial` labels (dense, one per node), or from
/// singletons.
fn leiden_from(
    graph: &CsrGraph,
    gamma: f64,
    seed: u64,
    max_levels: usize,
    initial: Option<&[u32]>,
) -> Vec<u32> {
    let mut rng = SplitMix::new(seed);
    let n = graph.nodes();
    // membership of each original node in the current graph's nodes
    let mut node_of: Vec<u32> = (0..n as u32).collect();
    let mut owned: Option<CsrGraph> = None;
    let mut part: Vec<u32> = match initial {
        Some(l) => l.to_vec(),
        None => (0..n as u32).collect(),
    };
    for _ in 0..max_levels.max(1) {
        let g = owned.as_ref().unwrap_or(graph);
        move_nodes_fast(g, &mut part, gamma, &mut rng);
        let k = relabel(&mut part);
        if k == g.nodes() {
            break;
        }
        let mut refined = refine(g, &part, k, gamma, &mut rng);
        let mut kr = relabel(&mut refined);
        if kr == g.nodes() {
            // refinement merged nothing: aggregate by the communities themselves
            refined.copy_from_slice(&part);
            kr = k;
        }
        // each refined sub-community starts in its community
        let mut start = vec![0u32; kr];
        for (i, &r) in refined.iter().enumerate() {
            start[r as usize] = part[i];
        }
        let next = g.aggregate(&refined, kr);
        for x in node_of.iter_mut() {
            *x = refined[*x as usize];
        }
        part = start;
        owned = Some(next);
    }
    let mut labels: Vec<u32> = node_of.iter().map(|&x| part[x as usize]).collect();
    relabel_by_first(&mut labels);
    labels
}

/// The CPM quality of `labels` on `graph`: inside weight minus `γ` times the
/// pairs inside (for tests and tuning).
pub fn quality(graph: &CsrGraph, labels: &[u32], gamma: f64) -> f64 {
    let mut inside = 0.0f64;
    for i in 0..graph.nodes() {
        for (j, w) in graph.neighbours(i) {
            if labels[j as usize] == labels[i] {
                inside += f64::from(w);
            }
        }
    }
    inside /= 2.0;
    let k = labels.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut size = vec![0f64; k];
    let mut sq = vec![0f64; k];
    for (i, &c) in labels.iter().enumerate() {
        let s = graph.sizes[i] as f64;
        size[c as usize] += s;
        sq[c as usize] += s * s;
    }
    let pairs: f64 = size.iter().zip(&sq).map(|(s, q)| (s * s - q) / 2.0).sum();
    inside - gamma * pairs
}

/// Renumbers labels densely in order of first appearance; returns how many.
fn relabel(part: &mut [u32]) -> usize {
    let max = part.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut map = vec![u32::MAX; max];
    let mut next = 0u32;
    for c in part.iter_mut() {
        let m = &mut map[*c as usize];
        if *m == u32::MAX {
            *m = next;
            next += 1;
        }
        *c = *m;
    }
    next as usize
}

fn relabel_by_first(part: &mut [u32]) {
    relabel(part);
}

/// Fast local moving: nodes from a queue move to the neighbouring community
/// (or a fresh one) that raises the quality most; a node that moved
/// re-queues its neighbours outside its new community.
fn move_nodes_fast(g: &CsrGraph, part: &mut [u32], gamma: f64, rng: &mut SplitMix) {
    let n = g.nodes();
    let mut csize = vec![0f64; n];
    for i in 0..n {
        csize[part[i] as usize] += g.sizes[i] as f64;
    }
    let mut empty: Vec<u32> = (0..n as u32)
        .filter(|&c| csize[c as usize] == 0.0)
        .collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut queue: std::collections::VecDeque<u32> = order.into();
    let mut queued = vec![true; n];
    let mut acc = vec![0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    while let Some(v) = queue.pop_front() {
        let v = v as usize;
        queued[v] = false;
        let sv = g.sizes[v] as f64;
        let cur = part[v];
        for (j, w) in g.neighbours(v) {
            let c = part[j as usize];
            if acc[c as usize] == 0.0 {
                touched.push(c);
            }
            acc[c as usize] += f64::from(w);
        }
        csize[cur as usize] -= sv;
        // staying put is the reference; a fresh community gains 0
        let stay = acc[cur as usize] - gamma * sv * csize[cur as usize];
        let (mut best, mut best_gain) = (cur, stay);
        for &c in &touched {
            let gain = acc[c as usize] - gamma * sv * csize[c as usize];
            if gain > best_gain {
                best = c;
                best_gain = gain;
            }
        }
        if best_gain < 0.0 && csize[cur as usize] > 0.0 {
            if let Some(e) = empty.pop() {
                best = e;
            }
        }
        for &c in &touched {
            acc[c as usize] = 0.0;
        }
        touched.clear();
        csize[best as usize] += sv;
        if best != cur {
            if csize[cur as usize] == 0.0 {
                empty.push(cur);
            }
            part[v] = best;
            for (j, _) in g.neighbours(v) {
                let j = j as usize;
                if !queued[j] && part[j] != best {
                    queued[j] = true;
                    queue.push_back(j as u32);
                }
            }
        }
    }
}

/// Refinement: inside each community of `part` (`k` of them), nodes start
/// alone; in random order, a node still alone and well connected to its
/// community joins the well-connected sub-community that raises the quality
/// most (greedy, gains >= 0). Returns sub-community labels (node ids).
fn refine(g: &CsrGraph, part: &[u32], k: usize, gamma: f64, rng: &mut SplitMix) -> Vec<u32> {
    let n = g.nodes();
    let mut comm_size = vec![0f64; k];
    for i in 0..n {
        comm_size[part[i] as usize] += g.sizes[i] as f64;
    }
    // weight from each node to the rest of its community
    let mut k_in = vec![0f64; n];
    for (i, k_i) in k_in.iter_mut().enumerate() {
        for (j, w) in g.neighbours(i) {
            if part[j as usize] == part[i] {
                *k_i += f64::from(w);
            }
        }
    }
    let mut sub: Vec<u32> = (0..n as u32).collect();
    let mut sub_size: Vec<f64> = g.sizes.iter().map(|&s| s as f64).collect();
    let mut sub_nodes = vec![1u32; n];
    // weight from each sub-community to the rest of its community
    let mut sub_ext = k_in.clone();
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut acc = vec![0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    for &v in &order {
        let v = v as usize;
        if sub_nodes[v] != 1 || sub[v] != v as u32 {
            continue;
        }
        let c = part[v] as usize;
        let sv = g.sizes[v] as f64;
        if k_in[v] < gamma * sv * (comm_size[c] - sv) {
            continue;
        }
        for (j, w) in g.neighbours(v) {
            if part[j as usize] as usize != c {
                continue;
            }
            let t = sub[j as usize];
            if acc[t as usize] == 0.0 {
                touched.push(t);
            }
            acc[t as usize] += f64::from(w);
        }
        let (mut best, mut best_gain) = (v as u32, 0.0f64);
        for &t in &touched {
            let st = sub_size[t as usize];
            if t as usize == v || sub_ext[t as usize] < gamma * st * (comm_size[c] - st) {
                continue;
            }
            let gain = acc[t as usize] - gamma * sv * st;
            if gain > best_gain || (gain == best_gain && gain > 0.0 && t < best) {
                best = t;
                best_gain = gain;
            }
        }
        if best != v as u32 {
            let t = best as usize;
            sub_ext[t] += k_in[v] - 2.0 * acc[t];
            sub_size[t] += sv;
            sub_nodes[t] += 1;
            sub_nodes[v] = 0;
            sub[v] = best;
        }
        for &t in &touched {
            acc[t as usize] = 0.0;
        }
        touched.clear();
    }
    sub
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques of `m` nodes joined by one edge.
    fn two_cliques(m: u32) -> CsrGraph {
        let mut edges = Vec::new();
        for base in [0, m] {
            for i in 0..m {
                for j in i + 1..m {
                    edges.push((base + i, base + j, 1.0));
                }
            }
        }
        edges.push((0, m, 1.0));
        CsrGraph::from_edges(2 * m as usize, &edges)
    }

    #[test]
    fn two_cliques_stay_two() {
        let g = two_cliques(6);
        let labels = leiden(&g, 0.5, 1, 10);
        assert_eq!(labels, [vec![0; 6], vec![1; 6]].concat());
        // lower resolution: one community is better
        let labels = leiden(&g, 0.01, 1, 10);
        assert!(labels.iter().all(|&l| l == 0), "{labels:?}");
    }

    #[test]
    fn deterministic_and_no_worse_than_truth() {
        // a ring of 8 cliques of 5, each joined to the next by one edge
        let mut edges = Vec::new();
        for c in 0..8u32 {
            for i in 0..5 {
                for j in i + 1..5 {
                    edges.push((c * 5 + i, c * 5 + j, 1.0));
                }
            }
            edges.push((c * 5, ((c + 1) % 8) * 5 + 1, 1.0));
        }
        let g = CsrGraph::from_edges(40, &edges);
        let a = leiden(&g, 0.3, 7, 10);
        assert_eq!(a, leiden(&g, 0.3, 7, 10));
        let truth: Vec<u32> = (0..40).map(|i| i / 5).collect();
        assert!(quality(&g, &a, 0.3) >= quality(&g, &truth, 0.3) - 1e-9);
        assert_eq!(a, truth);
    }

    #[test]
    fn iterations_never_lower_quality() {
        let mut edges = Vec::new();
        let mut rng = SplitMix::new(3);
        for _ in 0..3000 {
            let (a, b) = (rng.below(500) as u32, rng.below(500) as u32);
            edges.push((a, b, 1.0 + rng.below(3) as f32));
        }
        let g = CsrGraph::from_edges(500, &edges);
        let one = leiden(&g, 0.02, 5, 20);
        let three = leiden_iterated(&g, 0.02, 5, 20, 3);
        assert!(quality(&g, &three, 0.02) >= quality(&g, &one, 0.02) - 1e-6);
        assert!(quality(&g, &one, 0.02) > 0.0);
    }

    #[test]
    fn duplicate_edges_sum() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 0, 2.0), (2, 2, 5.0)]);
        assert_eq!(g.neighbours(0).collect::<Vec<_>>(), vec![(1, 3.0)]);
        assert_eq!(g.neighbours(2).count(), 0);
    }
}
