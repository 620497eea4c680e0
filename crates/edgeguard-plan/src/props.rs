//! Interned propositions and fixed-size sets of them.

use core::fmt;

use super::MAX_POLICY_PROPS;

/// A proposition of a [`RobotPolicy`](super::RobotPolicy), interned at load time.
///
/// Ids index the policy's proposition table; names are compared only once, when a policy or a
/// plan is loaded, and always whole (`room_1` never matches `room_10`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PropId(pub(crate) u16);

impl PropId {
    /// The index in [`RobotPolicy::props`](super::RobotPolicy::props).
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

const WORDS: usize = MAX_POLICY_PROPS / 64;

/// A set of propositions: a fixed-size bit set (no heap), the world state of a plan step.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PropSet([u64; WORDS]);

impl PropSet {
    /// The empty set.
    pub const fn new() -> Self {
        Self([0; WORDS])
    }

    /// Adds `p`.
    #[inline]
    pub fn insert(&mut self, p: PropId) {
        self.0[p.index() / 64] |= 1 << (p.index() % 64);
    }

    /// Removes `p`.
    #[inline]
    pub fn remove(&mut self, p: PropId) {
        self.0[p.index() / 64] &= !(1 << (p.index() % 64));
    }

    /// Whether `p` is in the set.
    #[inline]
    pub fn contains(&self, p: PropId) -> bool {
        self.0[p.index() / 64] >> (p.index() % 64) & 1 == 1
    }

    /// Number of propositions in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The propositions in both sets.
    #[inline]
    pub fn intersection(&self, other: &Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] & other.0[i]))
    }

    /// The propositions in either set.
    #[inline]
    pub fn union(&self, other: &Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] | other.0[i]))
    }

    /// The propositions of `self` not in `other`.
    #[inline]
    pub fn difference(&self, other: &Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] & !other.0[i]))
    }

    /// The propositions in the set, in id order.
    pub fn iter(&self) -> impl Iterator<Item = PropId> + '_ {
        self.0.iter().enumerate().flat_map(|(w, word)| {
            let mut bits = *word;
            core::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                // Below MAX_POLICY_PROPS, so it fits in u16.
                Some(PropId((w * 64 + i) as u16))
            })
        })
    }
}

impl FromIterator<PropId> for PropSet {
    fn from_iter<I: IntoIterator<Item = PropId>>(iter: I) -> Self {
        let mut s = Self::new();
        for p in iter {
            s.insert(p);
        }
        s
    }
}

impl fmt::Debug for PropSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(|p| p.0)).finish()
    }
}

/// Whether `name` is a valid proposition name: `[a-z_][a-z0-9_]*`, not a reserved word.
pub(crate) fn is_prop_name(name: &str) -> bool {
    let mut chars = name.bytes();
    matches!(chars.next(), Some(b'a'..=b'z' | b'_'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        && !matches!(name, "true" | "false" | "xor")
}

/// Whether `word` is a valid domain name or value: `[a-z0-9_]+`.
pub(crate) fn is_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a: PropSet = [PropId(1), PropId(64), PropId(255)].into_iter().collect();
        let b: PropSet = [PropId(64)].into_iter().collect();
        assert_eq!(a.len(), 3);
        assert!(a.contains(PropId(255)) && !a.contains(PropId(2)));
        assert_eq!(a.intersection(&b), b);
        assert_eq!(
            a.difference(&b).iter().collect::<alloc::vec::Vec<_>>(),
            [PropId(1), PropId(255)]
        );
        assert_eq!(b.union(&a), a);
        let mut c = a;
        c.remove(PropId(1));
        c.remove(PropId(64));
        c.remove(PropId(255));
        assert!(c.is_empty());
    }

    #[test]
    fn names() {
        assert!(is_prop_name("at_room_10") && is_prop_name("_x"));
        assert!(
            !is_prop_name("1a")
                && !is_prop_name("At")
                && !is_prop_name("")
                && !is_prop_name("true")
        );
        assert!(is_word("10") && is_word("kitchen") && !is_word("a-b") && !is_word(""));
    }
}
