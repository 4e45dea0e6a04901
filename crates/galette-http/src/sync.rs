//! Locking the request-scoped, cache and connection-count mutexes.

use std::sync::{Mutex, MutexGuard};

/// Locks `m`. A poisoned lock only means another holder panicked; the state is still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
