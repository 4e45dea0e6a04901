//! Rendered pages for visitors who are not signed in, kept in memory so that a page every
//! such visitor sees alike is rendered once rather than on every request.
//!
//! Owns: the bounded store of rendered pages, their keys, the check that the data a page
//! was rendered from is still the data in force, and the CSRF holes: a page is rendered
//! with a per-process stand-in where each `csrf_token()` went, kept cut at the stand-ins,
//! and every request fills them with tokens freshly masked for its own visitor.
//! Does not own: which pages may be kept and what of the visitor their key holds
//! (`layout::cached`), nor when the data they read changes (the caches that hold it:
//! `tenant_cache`, `registry_cache`, `site_cache`, `news_cache`).
//!
//! The store is two generations of at most [`GENERATION_ENTRIES`] pages and
//! [`GENERATION_BYTES`] bytes each: pages go into the current one; when it is full it
//! becomes the previous one and the older previous is dropped; a page found in the previous
//! generation moves back into the current one. So the pages in use stay, and whatever an
//! anonymous client varies (query strings) never holds more than two generations.

use crate::registry_cache::TenantRegistry;
use crate::sync::lock;
use galette_core::consent::categories::CategorySet;
use galette_core::csrf_token::CSRF_ALLOWED_CHARS;
use galette_core::language::Language;
use galette_core::stats::settings::StatSettings;
use galette_core::tenant::Tenant;
use galette_store::Dataset;
use rand::Rng;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Pages one generation holds at most.
pub const GENERATION_ENTRIES: usize = 512;
/// Bytes one generation holds at most (each page counted with its key and an overhead).
pub const GENERATION_BYTES: usize = 8 * 1024 * 1024;
/// A page larger than this is served but never kept (a catalogue of thousands of datasets).
pub const LARGEST_PAGE: usize = GENERATION_BYTES / 16;
/// What a kept page costs beyond its text and key: the map's slot, the entry, its sources.
const ENTRY_OVERHEAD: usize = 256;

/// Everything that can change a kept page's bytes, apart from the data in
/// [`PageSources`] and the CSRF tokens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// The site.
    pub tenant_id: i64,
    /// The page's template (one per route).
    pub template: &'static str,
    /// The request's path, as sent.
    pub path: Box<str>,
    /// The request's query string, as sent (the page links back to it).
    pub query: Option<Box<str>>,
    /// The page's language.
    pub lang: Language,
    /// Whether the consent banner shows (no current choice).
    pub banner: bool,
    /// Whether the browser sent `Sec-GPC: 1` (the banner says it is respected).
    pub gpc: bool,
    /// Whether the stored choice was outdated by a policy revision (the banner says so).
    pub outdated_choice: bool,
    /// The optional categories granted (integrations, embeds).
    pub granted: CategorySet,
    /// The bell's count of unread news; `None` hides it.
    pub news_unread: Option<i64>,
}

impl PageKey {
    fn size(&self) -> usize {
        self.path.len() + self.query.as_ref().map_or(0, |q| q.len())
    }
}

/// The data a page was rendered from: kept with it, and compared by identity with the
/// copies in force at each request, so a page never outlives a change to them. Holding
/// them keeps them alive, so an address is never reused by another copy while compared.
#[derive(Clone, Debug)]
pub struct PageSources {
    tenant: Arc<Tenant>,
    registry: Arc<TenantRegistry>,
    datasets: Option<Arc<Vec<Dataset>>>,
    stat_settings: Option<StatSettings>,
}

impl PageSources {
    /// A page that reads the site and its registry.
    pub fn new(tenant: &Arc<Tenant>, registry: &Arc<TenantRegistry>) -> PageSources {
        PageSources {
            tenant: Arc::clone(tenant),
            registry: Arc::clone(registry),
            datasets: None,
            stat_settings: None,
        }
    }

    /// The page also reads the site's dataset catalogue.
    pub fn with_datasets(mut self, datasets: &Arc<Vec<Dataset>>) -> PageSources {
        self.datasets = Some(Arc::clone(datasets));
        self
    }

    /// The page also reads the site's statistics settings.
    pub fn with_stat_settings(mut self, settings: StatSettings) -> PageSources {
        self.stat_settings = Some(settings);
        self
    }

    /// Whether these are the very copies `other` holds.
    fn same_as(&self, other: &PageSources) -> bool {
        Arc::ptr_eq(&self.tenant, &other.tenant)
            && Arc::ptr_eq(&self.registry, &other.registry)
            && match (&self.datasets, &other.datasets) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.stat_settings == other.stat_settings
    }
}

/// A rendered text cut where its CSRF tokens go.
#[derive(Debug, PartialEq, Eq)]
pub struct CutText {
    /// The text without the stand-ins.
    text: String,
    /// Offsets in `text` where a token goes, ascending.
    holes: Vec<usize>,
}

impl CutText {
    /// `rendered` cut at each occurrence of `stand_in`; `None` unless there are exactly
    /// `expected` (a template that altered a token, or text that held the stand-in, would
    /// otherwise be spliced wrong: such a page is not kept).
    pub fn cut(rendered: &str, stand_in: &str, expected: usize) -> Option<CutText> {
        let mut text = String::with_capacity(rendered.len());
        let mut holes = Vec::with_capacity(expected);
        let mut pieces = rendered.split(stand_in);
        if let Some(first) = pieces.next() {
            text.push_str(first);
        }
        for piece in pieces {
            holes.push(text.len());
            text.push_str(piece);
        }
        (holes.len() == expected).then_some(CutText { text, holes })
    }

    /// The text with a token from `token` in each hole, in document order.
    pub fn splice(&self, mut token: impl FnMut() -> String) -> String {
        let mut out = String::with_capacity(
            self.text.len() + self.holes.len() * galette_core::csrf_token::CSRF_TOKEN_LENGTH,
        );
        let mut from = 0;
        for &at in &self.holes {
            out.push_str(self.text.get(from..at).unwrap_or_default());
            out.push_str(&token());
            from = at;
        }
        out.push_str(self.text.get(from..).unwrap_or_default());
        out
    }

    /// What keeping this text costs, in bytes.
    fn size(&self) -> usize {
        self.text.len() + self.holes.len() * std::mem::size_of::<usize>()
    }
}

/// A kept page: its text and the data it was rendered from.
#[derive(Debug)]
pub struct RenderedPage {
    /// The text, cut where the tokens go.
    pub text: CutText,
    /// The data it was rendered from.
    pub sources: PageSources,
}

/// One generation: pages with what each costs.
struct Generation<V> {
    pages: HashMap<PageKey, (Arc<V>, usize)>,
    bytes: usize,
}

impl<V> Default for Generation<V> {
    fn default() -> Self {
        Generation {
            pages: HashMap::new(),
            bytes: 0,
        }
    }
}

impl<V> Generation<V> {
    fn remove(&mut self, key: &PageKey) -> Option<Arc<V>> {
        let (page, bytes) = self.pages.remove(key)?;
        self.bytes = self.bytes.saturating_sub(bytes);
        Some(page)
    }

    fn insert(&mut self, key: PageKey, page: Arc<V>, bytes: usize) {
        self.remove(&key);
        self.bytes += bytes;
        self.pages.insert(key, (page, bytes));
    }

    fn has_room_for(&self, bytes: usize) -> bool {
        self.pages.len() < GENERATION_ENTRIES && self.bytes + bytes <= GENERATION_BYTES
    }
}

struct Generations<V> {
    current: Generation<V>,
    previous: Generation<V>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            current: Generation::default(),
            previous: Generation::default(),
        }
    }
}

impl<V> Generations<V> {
    /// Puts a page costing `bytes` in the current generation, rolling the generations
    /// first if it is full.
    fn keep(&mut self, key: PageKey, page: Arc<V>, bytes: usize) {
        self.previous.remove(&key);
        if !self.current.pages.contains_key(&key) && !self.current.has_room_for(bytes) {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(key, page, bytes);
    }

    /// The page under `key` if `fresh` says it may still be used; one found in the previous
    /// generation moves to the current one, and one that may not be used is dropped.
    fn find(&mut self, key: &PageKey, fresh: impl Fn(&V) -> bool) -> Option<Arc<V>> {
        if let Some((page, _)) = self.current.pages.get(key) {
            if fresh(page) {
                return Some(Arc::clone(page));
            }
            self.current.remove(key);
            return None;
        }
        let bytes = self.previous.pages.get(key).map(|(_, bytes)| *bytes)?;
        let page = self.previous.remove(key)?;
        if !fresh(&page) {
            return None;
        }
        self.keep(key.clone(), Arc::clone(&page), bytes);
        Some(page)
    }

    fn usage(&self) -> PageCacheUsage {
        PageCacheUsage {
            pages: self.current.pages.len() + self.previous.pages.len(),
            bytes: self.current.bytes + self.previous.bytes,
        }
    }
}

/// How many pages are kept and what they weigh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageCacheUsage {
    /// Pages kept.
    pub pages: usize,
    /// Their bytes, as counted against the bound.
    pub bytes: usize,
}

/// The rendered pages of this process.
pub struct PageCache {
    /// What stands where a token goes while a page is rendered: random, per process, and
    /// never sent, so no page text can hold it.
    stand_in: Arc<str>,
    generations: Mutex<Generations<RenderedPage>>,
    enabled: bool,
}

impl PageCache {
    /// An empty cache; `enabled: false` keeps nothing (every page is rendered).
    pub fn new(enabled: bool) -> PageCache {
        let mut rng = rand::rng();
        let alphabet = CSRF_ALLOWED_CHARS.as_bytes();
        let random: String = (0..40)
            .filter_map(|_| alphabet.get(rng.random_range(0..alphabet.len())))
            .map(|&b| char::from(b))
            .collect();
        PageCache {
            stand_in: Arc::from(format!("galettecsrf{random}")),
            generations: Mutex::default(),
            enabled,
        }
    }

    /// Whether pages are kept at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The stand-in for a CSRF token while a page to keep is rendered.
    pub fn stand_in(&self) -> Arc<str> {
        Arc::clone(&self.stand_in)
    }

    /// The page kept under `key`, if it was rendered from `sources` (a page rendered from
    /// other copies is dropped).
    pub fn get(&self, key: &PageKey, sources: &PageSources) -> Option<Arc<RenderedPage>> {
        if !self.enabled {
            return None;
        }
        let found = lock(&self.generations).find(key, |page| page.sources.same_as(sources));
        crate::telemetry::cache_lookup("pages", found.is_some());
        found
    }

    /// Keeps `page` under `key` (pages over [`LARGEST_PAGE`] are not kept).
    pub fn put(&self, key: PageKey, page: RenderedPage) {
        let bytes = page.text.size() + key.size() + ENTRY_OVERHEAD;
        if !self.enabled || bytes > LARGEST_PAGE {
            return;
        }
        lock(&self.generations).keep(key, Arc::new(page), bytes);
    }

    /// How many pages are kept and their bytes.
    pub fn usage(&self) -> PageCacheUsage {
        lock(&self.generations).usage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(query: &str) -> PageKey {
        PageKey {
            tenant_id: 1,
            template: "site/home.html",
            path: "/".into(),
            query: Some(query.into()),
            lang: Language::En,
            banner: true,
            gpc: false,
            outdated_choice: false,
            granted: CategorySet::empty(),
            news_unread: None,
        }
    }

    #[test]
    fn a_cut_text_gets_a_fresh_token_in_each_hole_in_order() {
        let cut = CutText::cut("<a>XX</a><b>XX</b>tail", "XX", 2).unwrap();
        let mut n = 0;
        let spliced = cut.splice(|| {
            n += 1;
            format!("t{n}")
        });
        assert_eq!(spliced, "<a>t1</a><b>t2</b>tail");
        assert_eq!(
            CutText::cut("XXheadXX", "XX", 2)
                .unwrap()
                .splice(|| "-".into()),
            "-head-"
        );
        assert_eq!(
            CutText::cut("none", "XX", 0).unwrap().splice(|| "-".into()),
            "none"
        );
    }

    #[test]
    fn a_text_whose_stand_ins_do_not_match_the_calls_is_not_kept() {
        assert_eq!(CutText::cut("XX and XX", "XX", 1), None);
        assert_eq!(CutText::cut("xx", "XX", 1), None);
    }

    #[test]
    fn the_generations_stay_bounded_and_keep_what_is_used() {
        let mut generations: Generations<()> = Generations::default();
        generations.keep(key("popular"), Arc::new(()), 100);
        for n in 0..10 * GENERATION_ENTRIES {
            generations.keep(key(&n.to_string()), Arc::new(()), 100);
            // The popular page is asked for now and then: it is never dropped.
            if n % 100 == 0 {
                assert!(generations.find(&key("popular"), |_| true).is_some(), "{n}");
            }
            let usage = generations.usage();
            assert!(usage.pages <= 2 * GENERATION_ENTRIES, "{usage:?}");
        }
        assert!(
            generations.find(&key("0"), |_| true).is_none(),
            "old pages go"
        );
        // A page that may no longer be used is dropped.
        assert!(generations.find(&key("popular"), |_| false).is_none());
        assert!(generations.find(&key("popular"), |_| true).is_none());
    }

    #[test]
    fn the_generations_stay_within_their_bytes() {
        let mut generations: Generations<()> = Generations::default();
        for n in 0..1000 {
            generations.keep(key(&n.to_string()), Arc::new(()), LARGEST_PAGE);
            assert!(generations.usage().bytes <= 2 * GENERATION_BYTES);
        }
    }
}
