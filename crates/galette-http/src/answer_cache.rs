//! A bounded cache of records answers, keyed by the dataset's current table and the compiled
//! query. An import writes a new table, so a cached answer can never outlive its data, on
//! this replica or any other. Access is checked before the cache is consulted.

use crate::sync::lock;
use galette_store::explore::{Compiled, ExplorePage};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// Answers kept by default (each at most a page of rows, or 20,000 groups).
pub const ANSWERS_KEPT: usize = 256;

/// A cached answer: a page of rows and the total count.
pub type Answer = Arc<ExplorePage>;

/// Recent answers, evicted oldest first.
pub struct QueryCache {
    entries: Mutex<(HashMap<String, Answer>, VecDeque<String>)>,
    capacity: usize,
}

impl QueryCache {
    /// A cache of at most `capacity` answers (0: nothing is kept).
    pub fn with_capacity(capacity: usize) -> Self {
        QueryCache {
            entries: Mutex::default(),
            capacity,
        }
    }

    /// The key of a query on a table: the SQL, every parameter and the zone datetimes are
    /// written in, exactly.
    pub fn key(table: &str, compiled: &Compiled) -> String {
        format!(
            "{table}\u{0}{}\u{0}{:?}\u{0}{:?}",
            compiled.sql, compiled.params, compiled.zone
        )
    }

    /// A cached answer.
    pub fn get(&self, key: &str) -> Option<Answer> {
        let found = lock(&self.entries).0.get(key).cloned();
        crate::telemetry::cache_lookup("answers", found.is_some());
        found
    }

    /// Keeps an answer, evicting the oldest beyond the capacity.
    pub fn put(&self, key: String, answer: Answer) {
        let mut entries = lock(&self.entries);
        let (map, order) = &mut *entries;
        if map.insert(key.clone(), answer).is_none() {
            order.push_back(key);
        }
        while order.len() > self.capacity {
            if let Some(oldest) = order.pop_front() {
                map.remove(&oldest);
            }
        }
    }
}
