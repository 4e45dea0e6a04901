//! When the notification feed's recent posts appear and expire, kept in memory so that the
//! header's bell costs no query for a visitor who is not signed in. The copy is dropped when
//! a post changes (at once for a change made here, within about a second for one made
//! anywhere else: `version_watch`) and reloaded when time has moved past what it covers.

use crate::sync::lock;
use crate::version_watch::VersionWatch;
use galette_core::news::ANONYMOUS_WINDOW_SECS;
use galette_store::{Store, StoreError, Watched};
use std::sync::{Arc, Mutex};

/// How much further back than the bell's window a copy reaches, so that it serves for a
/// day of moving time before it is reloaded.
const MARGIN_SECS: i64 = 86_400;

struct Copy {
    epoch: u64,
    /// Posts published after this are all in `times`.
    since: i64,
    times: Arc<Vec<(i64, Option<i64>)>>,
}

/// Publication and expiry times of the recent posts.
pub struct NewsTimes {
    watch: VersionWatch,
    copy: Mutex<Option<Copy>>,
}

impl Default for NewsTimes {
    fn default() -> Self {
        NewsTimes {
            watch: VersionWatch::new(Watched::News),
            copy: Mutex::default(),
        }
    }
}

impl NewsTimes {
    /// How many posts visible at `now` were published after `since`.
    pub async fn unread(&self, store: &Store, now: i64, since: i64) -> Result<i64, StoreError> {
        let epoch = self.watch.epoch(store).await?;
        let cached = lock(&self.copy)
            .as_ref()
            .filter(|c| c.epoch == epoch && c.since <= since)
            .map(|c| Arc::clone(&c.times));
        let times = match cached {
            Some(times) => {
                crate::telemetry::cache_lookup("news", true);
                times
            }
            None => {
                crate::telemetry::cache_lookup("news", false);
                let load_since = since
                    .min(now.saturating_sub(ANONYMOUS_WINDOW_SECS))
                    .saturating_sub(MARGIN_SECS);
                let times = Arc::new(store.news_times_since(load_since).await?);
                // Kept only if no post changed while it was read.
                if self.watch.current(store) == epoch {
                    *lock(&self.copy) = Some(Copy {
                        epoch,
                        since: load_since,
                        times: Arc::clone(&times),
                    });
                }
                times
            }
        };
        Ok(count(&times, now, since))
    }
}

fn count(times: &[(i64, Option<i64>)], now: i64, since: i64) -> i64 {
    let visible = times
        .iter()
        .filter(|(published, expires)| {
            *published <= now && *published > since && expires.is_none_or(|e| e > now)
        })
        .count();
    i64::try_from(visible).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_what_is_visible_now_and_newer_than_the_read_state() {
        let times = [(100, None), (200, Some(250)), (300, None), (900, None)];
        assert_eq!(count(&times, 400, 0), 2, "expired at 250, future at 900");
        assert_eq!(count(&times, 400, 100), 1, "read up to 100");
        assert_eq!(count(&times, 1000, 0), 3, "the future post has appeared");
        assert_eq!(count(&times, 240, 0), 2, "not yet expired");
    }
}
