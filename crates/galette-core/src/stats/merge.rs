//! Identical events of the same second become one row with a count, so that a burst of
//! page views costs one row instead of one per view (docs/statistics.md).
//!
//! Two events merge when everything stored is the same: second, visitor hash, kind, path,
//! referrer, language, device, browser, country, dataset and format. Nothing is added to
//! what is stored but the count. Events without a visitor hash each count as a visitor of
//! their own in the roll-up, so they are never merged.

use super::{Event, EventKind};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Everything stored of an event but its visitor hash and its count: two events of one
/// visitor merge when these are equal.
pub type EventValues<'a> = (
    i64,
    EventKind,
    &'a str,
    Option<&'a str>,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// The event's `EventValues`. The store merges events before their visitor hash is made,
/// on these and what the hash is made from (same inputs, same hash).
pub fn event_values(event: &Event) -> EventValues<'_> {
    (
        event.at,
        event.kind,
        event.path.as_str(),
        event.referrer.as_deref(),
        event.language.as_str(),
        event.device.as_str(),
        event.browser.as_str(),
        event.country.as_deref(),
        event.dataset.as_deref(),
        event.format.as_deref(),
    )
}

/// What two events must share to be merged.
type Key<'a> = (&'a str, EventValues<'a>);

fn key(event: &Event) -> Option<Key<'_>> {
    Some((event.visitor.as_deref()?, event_values(event)))
}

/// Merges one site's identical events of the same second into one with the sum of their
/// `hits`; the rest keep their order (each merged event where the first of its kind was).
/// `roll_up_day` gives the same roll-up for the result as for `events`.
pub fn merge_events(events: &[Event]) -> Vec<Event> {
    let mut merged: Vec<Event> = Vec::with_capacity(events.len());
    let mut first: HashMap<Key<'_>, usize> = HashMap::with_capacity(events.len());
    for event in events {
        let Some(key) = key(event) else {
            merged.push(event.clone());
            continue;
        };
        match first.entry(key) {
            Entry::Occupied(slot) => {
                if let Some(kept) = merged.get_mut(*slot.get()) {
                    kept.hits = kept.hits.saturating_add(event.hits);
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(merged.len());
                merged.push(event.clone());
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::rollup::roll_up_day;
    use crate::stats::testing::{DAY, event, view};

    #[test]
    fn merging_changes_no_roll_up() {
        let mut referred = view(100, "a", "/");
        referred.referrer = Some("example.org".into());
        let mut download = event(
            300,
            Some("b"),
            EventKind::Download,
            "/api/explore/v2.1/catalog/datasets/flights/exports/csv",
        );
        download.dataset = Some("flights".into());
        download.format = Some("csv".into());
        let mut french = view(100, "a", "/");
        french.language = "fr".into();
        let events = vec![
            referred.clone(),
            referred.clone(),
            view(100, "a", "/"),
            french,
            view(100, "a", "/"),
            view(101, "a", "/"),
            view(160, "a", "/datasets/flights/"),
            view(160, "a", "/datasets/flights/"),
            // 31 minutes later: a second visit of a, two views of the same second.
            view(160 + 31 * 60, "a", "/datasets/"),
            view(160 + 31 * 60, "a", "/datasets/"),
            // b: a single view (a bounce), API calls and downloads in one second.
            view(4000, "b", "/"),
            event(300, Some("b"), EventKind::Api, "/api/x"),
            event(300, Some("b"), EventKind::Api, "/api/x"),
            event(300, Some("c"), EventKind::Api, "/api/x"),
            download.clone(),
            download,
            // Without a visitor hash: two visitors, never merged.
            event(500, None, EventKind::PageView, "/"),
            event(500, None, EventKind::PageView, "/"),
        ];
        let merged = merge_events(&events);
        assert_eq!(merged.len(), 12);
        assert_eq!(
            merged.iter().map(|e| e.hits).sum::<u64>(),
            events.len() as u64
        );
        assert_eq!(merged.first().map(|e| e.hits), Some(2));
        let unmerged = roll_up_day(DAY, &events);
        assert_eq!(roll_up_day(DAY, &merged), unmerged);
        assert_eq!(unmerged.day.pageviews, 13);
        assert_eq!(unmerged.day.visitors, 4);
        // a's second visit (two views) is no bounce; b's view and each anonymous one are.
        assert_eq!((unmerged.day.visits, unmerged.day.bounces), (5, 3));
        // Merging again changes nothing.
        assert_eq!(merge_events(&merged), merged);
    }

    #[test]
    fn a_merged_row_of_two_views_is_one_visit_and_no_bounce() {
        let events = vec![view(10, "a", "/"), view(10, "a", "/")];
        let merged = merge_events(&events);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged.first().map(|e| e.hits), Some(2));
        let r = roll_up_day(DAY, &merged);
        assert_eq!(
            (r.day.visitors, r.day.visits, r.day.pageviews, r.day.bounces),
            (1, 1, 2, 0)
        );
        assert_eq!(r.day.duration_secs, 0);
        assert_eq!(r, roll_up_day(DAY, &events));
        // A single view is still a bounce.
        let single = roll_up_day(DAY, &merge_events(&[view(10, "a", "/")]));
        assert_eq!((single.day.visits, single.day.bounces), (1, 1));
    }

    #[test]
    fn events_differing_in_anything_stored_are_kept_apart() {
        let base = view(10, "a", "/");
        let mut variants = vec![base.clone()];
        let changes: [fn(&mut Event); 11] = [
            |e| e.at += 1,
            |e| e.visitor = Some("b".into()),
            |e| e.kind = EventKind::Api,
            |e| e.path = "/x/".into(),
            |e| e.referrer = Some("example.org".into()),
            |e| e.language = "fr".into(),
            |e| e.device = "mobile".into(),
            |e| e.browser = "Chrome".into(),
            |e| e.country = Some("FR".into()),
            |e| e.dataset = Some("flights".into()),
            |e| e.format = Some("csv".into()),
        ];
        for change in changes {
            let mut e = base.clone();
            change(&mut e);
            variants.push(e);
        }
        assert_eq!(merge_events(&variants), variants);
    }
}
