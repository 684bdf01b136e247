//! A party's input: distinct byte strings in one flat buffer, duplicates
//! dropped (first occurrence kept) before anything is hashed.

use std::collections::HashSet;

/// Distinct items, in the order of their first occurrence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemSet {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl ItemSet {
    /// The distinct items of `items`.
    pub fn new<T: AsRef<[u8]>>(items: &[T]) -> Self {
        let mut seen: HashSet<&[u8]> = HashSet::with_capacity(items.len());
        let mut set = ItemSet {
            data: Vec::new(),
            ends: Vec::with_capacity(items.len()),
        };
        for item in items {
            let item = item.as_ref();
            if seen.insert(item) {
                set.data.extend_from_slice(item);
                set.ends.push(set.data.len());
            }
        }
        set
    }

    /// Number of distinct items.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is no item.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th distinct item.
    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..self.ends[i]]
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_dropped_in_first_occurrence_order() {
        let s = ItemSet::new(&["b", "a", "b", "", "a", ""]);
        let got: Vec<&[u8]> = s.iter().collect();
        assert_eq!(got, vec![&b"b"[..], b"a", b""]);
        assert!(ItemSet::new::<&str>(&[]).is_empty());
    }
}
