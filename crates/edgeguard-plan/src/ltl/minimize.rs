//! Minimization (Moore partition refinement), canonical numbering and liveness.

use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

/// A complete deterministic automaton, state 0 initial, `letters` columns per state.
pub(crate) struct Dfa {
    pub(crate) letters: usize,
    pub(crate) table: Vec<u16>,
    pub(crate) accepting: Vec<bool>,
}

impl Dfa {
    pub(crate) fn states(&self) -> usize {
        self.accepting.len()
    }

    fn next(&self, s: usize, letter: usize) -> usize {
        usize::from(self.table[s * self.letters + letter])
    }

    /// The minimal automaton for the same language, numbered canonically: states in the order a
    /// breadth-first walk from the initial state visits them, letters in increasing order. Two
    /// automata over the same alphabet accept the same language iff their minimized forms are
    /// equal.
    pub(crate) fn minimize(&self) -> Dfa {
        let n = self.states();
        let mut class: Vec<u32> = self.accepting.iter().map(|a| u32::from(*a)).collect();
        let mut count = renumber(&mut class);
        loop {
            // Signature: own class, then the class of each successor.
            let mut sigs: Vec<(Vec<u32>, usize)> = (0..n)
                .map(|s| {
                    let mut sig = Vec::with_capacity(self.letters + 1);
                    sig.push(class[s]);
                    sig.extend((0..self.letters).map(|l| class[self.next(s, l)]));
                    (sig, s)
                })
                .collect();
            sigs.sort_unstable();
            let mut next_class = vec![0u32; n];
            let mut id = 0u32;
            for k in 0..n {
                if k > 0 && sigs[k].0 != sigs[k - 1].0 {
                    id += 1;
                }
                next_class[sigs[k].1] = id;
            }
            let next_count = id as usize + 1;
            class = next_class;
            if next_count == count {
                break;
            }
            count = next_count;
        }
        // One representative per class.
        let mut rep = vec![usize::MAX; count];
        for s in (0..n).rev() {
            rep[class[s] as usize] = s;
        }
        // Canonical order: breadth-first from the initial state's class.
        let mut order = vec![u16::MAX; count];
        let mut visit = Vec::with_capacity(count);
        let mut queue = VecDeque::from([class[0] as usize]);
        order[class[0] as usize] = 0;
        while let Some(c) = queue.pop_front() {
            visit.push(c);
            for l in 0..self.letters {
                let d = class[self.next(rep[c], l)] as usize;
                if order[d] == u16::MAX {
                    order[d] = visit.len() as u16 + queue.len() as u16;
                    queue.push_back(d);
                }
            }
        }
        let mut table = Vec::with_capacity(visit.len() * self.letters);
        for c in &visit {
            table.extend((0..self.letters).map(|l| order[class[self.next(rep[*c], l)] as usize]));
        }
        let accepting = visit.iter().map(|c| self.accepting[rep[*c]]).collect();
        Dfa {
            letters: self.letters,
            table,
            accepting,
        }
    }

    /// For each state, whether an accepting state is reachable from it (itself included).
    pub(crate) fn live(&self) -> Vec<bool> {
        let n = self.states();
        let mut preds: Vec<Vec<u16>> = vec![Vec::new(); n];
        for s in 0..n {
            for l in 0..self.letters {
                let d = self.next(s, l);
                if preds[d].last() != Some(&(s as u16)) {
                    preds[d].push(s as u16);
                }
            }
        }
        let mut live = self.accepting.clone();
        let mut stack: Vec<usize> = (0..n).filter(|s| live[*s]).collect();
        while let Some(s) = stack.pop() {
            for p in &preds[s] {
                let p = usize::from(*p);
                if !live[p] {
                    live[p] = true;
                    stack.push(p);
                }
            }
        }
        live
    }
}

/// Renumbers class ids densely from 0 in order of first use; returns the class count.
fn renumber(class: &mut [u32]) -> usize {
    let mut map: Vec<(u32, u32)> = Vec::new();
    for c in class.iter_mut() {
        let id = match map.iter().find(|(old, _)| old == c) {
            Some((_, new)) => *new,
            None => {
                let new = map.len() as u32;
                map.push((*c, new));
                new
            }
        };
        *c = id;
    }
    map.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_equivalent_states_and_numbers_canonically() {
        // Over one letter bit: states 1 and 2 both loop accepting forever; 0 goes to 1 or 2.
        let dfa = Dfa {
            letters: 2,
            table: vec![1, 2, 1, 1, 2, 2],
            accepting: vec![false, true, true],
        };
        let min = dfa.minimize();
        assert_eq!(min.accepting, [false, true]);
        assert_eq!(min.table, [1, 1, 1, 1]);
        assert_eq!(min.live(), [true, true]);
    }

    #[test]
    fn dead_states_are_not_live() {
        let dfa = Dfa {
            letters: 2,
            table: vec![1, 2, 1, 1, 2, 2],
            accepting: vec![false, true, false],
        };
        let min = dfa.minimize();
        assert_eq!(min.states(), 3);
        assert_eq!(min.live(), [true, true, false]);
    }
}
