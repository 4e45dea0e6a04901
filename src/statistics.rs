//! The statistics' background tasks of a running server: the recorder's flusher, and the
//! maintenance round (roll-ups, the salt's rollover, retention) every minute. Every replica
//! runs both; the store makes them agree (`galette_store::stats_write`).

use galette_http::AppState;
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The running tasks; `stop` flushes what is queued and ends them.
pub struct StatisticsTasks {
    stop: Arc<Notify>,
    flusher: Option<JoinHandle<()>>,
    maintenance: Option<JoinHandle<()>>,
}

/// Starts the flusher and the maintenance round, unless recording is off.
pub fn start(state: &AppState) -> StatisticsTasks {
    let stop = Arc::new(Notify::new());
    if !state.stats.enabled() {
        return StatisticsTasks {
            stop,
            flusher: None,
            maintenance: None,
        };
    }
    let flusher = {
        let state = state.clone();
        let stop = Arc::clone(&stop);
        tokio::spawn(async move {
            let clock = state.clock.clone();
            let today = move || galette_core::stats::day_of(clock.unix());
            state
                .stats
                .run_flusher(state.store.clone(), today, stop)
                .await;
        })
    };
    let maintenance = tokio::spawn(maintain_periodically(state.clone()));
    StatisticsTasks {
        stop,
        flusher: Some(flusher),
        maintenance: Some(maintenance),
    }
}

impl StatisticsTasks {
    /// Writes what is still queued, then ends the tasks.
    pub async fn stop(self) {
        if let Some(maintenance) = self.maintenance {
            maintenance.abort();
        }
        if let Some(flusher) = self.flusher {
            self.stop.notify_one();
            if let Err(error) = flusher.await {
                tracing::warn!(%error, "the statistics flusher ended badly: {error}");
            }
        }
    }

    /// Stops like `stop`, then logs what the recorder wrote and dropped since start-up.
    pub async fn stop_and_report(self, state: &AppState) {
        self.stop().await;
        if state.stats.enabled() {
            let (written, dropped) = (state.stats.written(), state.stats.dropped());
            tracing::info!(
                written,
                dropped,
                "statistics: {written} events written, {dropped} dropped since start-up"
            );
        }
    }
}

async fn maintain_periodically(state: AppState) {
    let mut ticker = tokio::time::interval(state.stats.settings().maintain_every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match galette_http::stats::maintain(&state.store, state.clock.unix()).await {
            Ok(done) => tracing::debug!(?done, "statistics maintained"),
            Err(error) => tracing::warn!(%error, "statistics maintenance failed: {error}"),
        }
    }
}
