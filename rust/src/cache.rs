//! Search caches: the spare ones a regex keeps for its iterators, and the
//! identity that ties a caller's scratch to the regex it was made for.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

use regex_automata::meta;

/// How many idle caches a regex keeps for its iterators, splitters and
/// replacers. One suffices for a single thread; more threads iterating at
/// once take one slot each, and past this many a run makes its own cache.
const SLOTS: usize = 4;

/// Idle search caches of one compiled regex. An iterator takes one when it
/// is made and gives it back when it is freed, so that it pays the engine's
/// cache lookup once per run rather than once per match (the regex crate's
/// iterators do the same with the engine's own pool, which is not reachable
/// from outside the crate). Lock-free: a slot is an atomic pointer.
#[derive(Default)]
pub(crate) struct Spares {
    slots: [AtomicPtr<meta::Cache>; SLOTS],
}

impl Spares {
    /// An idle cache of `re`, or a new one when none is idle.
    pub(crate) fn take(&self, re: &meta::Regex) -> Box<meta::Cache> {
        for slot in &self.slots {
            let p = slot.swap(ptr::null_mut(), Ordering::Acquire);
            if !p.is_null() {
                // SAFETY: only give() stores into a slot, a pointer from
                // Box::into_raw that the swap above now owns alone.
                return unsafe { Box::from_raw(p) };
            }
        }
        Box::new(re.create_cache())
    }

    /// Keeps `cache` for the next run, or drops it when every slot is full.
    pub(crate) fn give(&self, cache: Box<meta::Cache>) {
        let p = Box::into_raw(cache);
        for slot in &self.slots {
            if slot
                .compare_exchange(ptr::null_mut(), p, Ordering::Release, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
        }
        // SAFETY: `p` came from Box::into_raw above and no slot took it.
        drop(unsafe { Box::from_raw(p) });
    }
}

impl Drop for Spares {
    fn drop(&mut self) {
        for slot in &mut self.slots {
            let p = *slot.get_mut();
            if !p.is_null() {
                // SAFETY: an occupied slot owns its Box.
                drop(unsafe { Box::from_raw(p) });
            }
        }
    }
}

/// A new identity for a compiled regex or set: scratch objects record the
/// identity of what they were made for, so that one used with another regex
/// is an error rather than a search with a cache of the wrong shape. Clones
/// keep the identity (they share the compiled program, and so fit the same
/// caches).
pub(crate) fn new_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
