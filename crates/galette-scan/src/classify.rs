//! Judging what a consent state observed against the policy.
//!
//! Owns: the findings and their rules. A cookie is judged on every write (header or script)
//! and in the final jar; an origin on every request. The lifetime tolerance is
//! [`TOLERANCE_PERCENT`] % of the declared lifetime plus [`TOLERANCE_SECONDS`] (one day),
//! since servers round and clocks drift.

use crate::model::{
    ConsentState, CookieWrite, Finding, FindingKind, StateRecord, StoredCookie, ThirdPartyRequest,
};
use crate::policy::{DeclaredCookie, Policy};
use galette_core::registry::{Category, Lifetime};
use std::collections::BTreeSet;

/// A cookie may outlive its declared lifetime by this percentage…
pub const TOLERANCE_PERCENT: u64 = 10;
/// …plus this many seconds.
pub const TOLERANCE_SECONDS: u64 = 86_400;

/// The longest lifetime accepted for a declared one.
pub fn tolerated(declared: u64) -> u64 {
    declared
        .saturating_add(declared / 100 * TOLERANCE_PERCENT)
        .saturating_add(TOLERANCE_SECONDS)
}

/// Where an observation was made: the page and the request or script.
type At<'a> = (Option<&'a str>, Option<&'a str>);

struct Judge<'a> {
    policy: &'a Policy,
    state: &'a str,
    allowed: Vec<Category>,
    https: bool,
    findings: Vec<Finding>,
    seen: BTreeSet<(FindingKind, String)>,
}

impl Judge<'_> {
    fn push(
        &mut self,
        kind: FindingKind,
        subject: &str,
        message: String,
        page: Option<&str>,
        source: Option<&str>,
    ) {
        if self.seen.insert((kind, subject.to_owned())) {
            self.findings.push(Finding {
                kind,
                state: self.state.to_owned(),
                subject: subject.to_owned(),
                message,
                page: page.map(str::to_owned),
                source: source.map(str::to_owned),
            });
        }
    }

    fn consented(&self, category: Category, is_before_consent: bool) -> bool {
        !category.needs_consent() || (!is_before_consent && self.allowed.contains(&category))
    }

    fn write(&mut self, w: &CookieWrite, how: &str) {
        if w.is_deletion {
            return;
        }
        let source = w.source.as_deref();
        let Some(decl) = self.policy.cookie(&w.name) else {
            let message = format!(
                "the cookie {} is not declared in the policy ({how}{})",
                w.name,
                source.map(|s| format!(" by {s}")).unwrap_or_default()
            );
            self.push(
                FindingKind::UndeclaredCookie,
                &w.name,
                message,
                Some(&w.page),
                source,
            );
            return;
        };
        if !self.consented(decl.category, w.is_before_consent) {
            let when = if w.is_before_consent {
                "before the visitor's choice"
            } else {
                "without consent"
            };
            let message = format!(
                "the {} cookie {} was set {when} ({how}{})",
                decl.category.code(),
                w.name,
                source.map(|s| format!(" by {s}")).unwrap_or_default()
            );
            self.push(
                FindingKind::SetBeforeConsent,
                &w.name,
                message,
                Some(&w.page),
                source,
            );
        }
        let at = (Some(w.page.as_str()), source);
        let attributes = (w.secure, w.http_only, w.same_site.as_deref());
        self.attributes(decl, &w.name, attributes, at);
        self.lifetime(decl, &w.name, w.lifetime_seconds, at);
    }

    fn stored(&mut self, c: &StoredCookie) {
        let Some(decl) = self.policy.cookie(&c.name) else {
            let message = format!(
                "the cookie {} ({}) is in the browser but not declared in the policy",
                c.name, c.domain
            );
            self.push(FindingKind::UndeclaredCookie, &c.name, message, None, None);
            return;
        };
        if !self.consented(decl.category, false) {
            let message = format!(
                "the {} cookie {} is stored without consent",
                decl.category.code(),
                c.name
            );
            self.push(FindingKind::SetBeforeConsent, &c.name, message, None, None);
        }
        let attributes = (c.secure, c.http_only, c.same_site.as_deref());
        self.attributes(decl, &c.name, attributes, (None, None));
        self.lifetime(decl, &c.name, c.lifetime_seconds, (None, None));
    }

    fn lifetime(
        &mut self,
        decl: &DeclaredCookie,
        name: &str,
        actual: Option<i64>,
        (page, source): At<'_>,
    ) {
        let Some(declared) = decl.lifetime else {
            return;
        };
        let Some(actual) = actual else {
            return;
        };
        let longer = match declared {
            Lifetime::Session => actual > 0,
            Lifetime::Seconds(s) => u64::try_from(actual).is_ok_and(|a| a > tolerated(s)),
        };
        if longer {
            let declared_text = match declared {
                Lifetime::Session => "the browser session".to_owned(),
                Lifetime::Seconds(s) => format!("{s} s"),
            };
            let message = format!(
                "the cookie {name} lives {actual} s, longer than the declared {declared_text} \
                 (tolerance {TOLERANCE_PERCENT} % + {TOLERANCE_SECONDS} s)"
            );
            self.push(
                FindingKind::LifetimeLongerThanDeclared,
                name,
                message,
                page,
                source,
            );
        }
    }

    fn attributes(
        &mut self,
        decl: &DeclaredCookie,
        name: &str,
        (secure, http_only, same_site): (bool, bool, Option<&str>),
        (page, source): At<'_>,
    ) {
        let mut weak = Vec::new();
        let wants_secure = decl
            .secure
            .unwrap_or(self.https && decl.party == galette_core::registry::Party::First);
        if wants_secure && !secure {
            weak.push("Secure is missing".to_owned());
        }
        if decl.http_only == Some(true) && !http_only {
            weak.push("HttpOnly is missing".to_owned());
        }
        if let Some(wanted) = decl.same_site.as_deref() {
            // Browsers treat an unspecified SameSite as Lax.
            let rank = |s: Option<&str>| match s.map(str::to_ascii_lowercase).as_deref() {
                Some("strict") => 2,
                Some("none") => 0,
                _ => 1,
            };
            if rank(same_site) < rank(Some(wanted)) {
                weak.push(format!(
                    "SameSite is {} where {wanted} is declared",
                    same_site.unwrap_or("unspecified")
                ));
            }
        }
        if !weak.is_empty() {
            let message = format!(
                "the cookie {name} has weaker attributes than declared: {}",
                weak.join(", ")
            );
            self.push(FindingKind::WeakerAttributes, name, message, page, source);
        }
    }

    fn request(&mut self, r: &ThirdPartyRequest) {
        let source = r.initiator_url.as_deref().unwrap_or(&r.page).to_owned();
        match self.policy.third_party(&r.origin) {
            None => {
                let message = format!(
                    "the third-party origin {} is not declared in the policy ({} {} from {source})",
                    r.origin,
                    r.resource_type.to_ascii_lowercase(),
                    r.url
                );
                self.push(
                    FindingKind::UndeclaredThirdParty,
                    &r.origin,
                    message,
                    Some(&r.page),
                    Some(&source),
                );
            }
            Some(tp) if !self.consented(tp.category, r.is_before_consent) => {
                let message = format!(
                    "the third-party origin {} ({}, {}) was contacted without consent",
                    r.origin,
                    tp.name,
                    tp.category.code()
                );
                self.push(
                    FindingKind::ThirdPartyWithoutConsent,
                    &r.origin,
                    message,
                    Some(&r.page),
                    Some(&source),
                );
            }
            Some(_) => {}
        }
    }
}

/// The findings of one state; `https` says whether the site is served over HTTPS (first-party
/// cookies then need `Secure` unless the policy says otherwise).
pub fn classify(
    policy: &Policy,
    state: ConsentState,
    record: &StateRecord,
    https: bool,
) -> Vec<Finding> {
    let code = state.code();
    let mut judge = Judge {
        policy,
        state: &code,
        allowed: state.allowed(),
        https,
        findings: Vec::new(),
        seen: BTreeSet::new(),
    };
    for w in &record.set_cookies {
        judge.write(w, "Set-Cookie header");
    }
    for w in &record.script_cookies {
        judge.write(w, "document.cookie");
    }
    for c in &record.cookies {
        judge.stored(c);
    }
    for r in &record.third_party_requests {
        judge.request(r);
    }
    judge.findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StoredCookie;
    use galette_core::registry::Party;

    fn policy() -> Policy {
        Policy::parse(
            r#"{"sections":[
              {"category":"necessary","rows":[{"name":"sid","party":"first","lifetime":{"kind":"seconds","seconds":864000},"http_only":true,"same_site":"strict"}]},
              {"category":"statistics","rows":[{"name":"_ga*","party":"first","lifetime":{"kind":"session"}}]}]}"#,
        )
        .unwrap()
    }

    fn stored(name: &str, lifetime: Option<i64>, http_only: bool, same_site: &str) -> StoredCookie {
        StoredCookie {
            name: name.to_owned(),
            domain: "site.localhost".to_owned(),
            path: "/".to_owned(),
            expires: lifetime,
            lifetime_seconds: lifetime,
            secure: false,
            http_only,
            same_site: Some(same_site.to_owned()),
            party: Party::First,
        }
    }

    fn kinds(
        state: ConsentState,
        cookies: Vec<StoredCookie>,
        https: bool,
    ) -> Vec<(FindingKind, String)> {
        let record = StateRecord {
            cookies,
            ..StateRecord::default()
        };
        classify(&policy(), state, &record, https)
            .into_iter()
            .map(|f| (f.kind, f.subject))
            .collect()
    }

    #[test]
    fn the_lifetime_tolerance_is_ten_percent_plus_a_day() {
        assert_eq!(tolerated(864_000), 864_000 + 86_400 + 86_400);
        let within = stored("sid", Some(864_000 + 172_800), true, "strict");
        assert!(kinds(ConsentState::NoChoice, vec![within], false).is_empty());
        let beyond = stored("sid", Some(864_000 + 172_801), true, "strict");
        assert_eq!(
            kinds(ConsentState::NoChoice, vec![beyond], false),
            [(FindingKind::LifetimeLongerThanDeclared, "sid".to_owned())]
        );
    }

    #[test]
    fn weaker_attributes_are_named_and_https_wants_secure_by_default() {
        let weak = stored("sid", Some(10), false, "lax");
        let found = classify(
            &policy(),
            ConsentState::NoChoice,
            &StateRecord {
                cookies: vec![weak],
                ..StateRecord::default()
            },
            true,
        );
        assert_eq!(found.len(), 1);
        let message = &found[0].message;
        assert!(message.contains("Secure is missing"), "{message}");
        assert!(message.contains("HttpOnly is missing"), "{message}");
        assert!(
            message.contains("SameSite is lax where strict"),
            "{message}"
        );
    }

    #[test]
    fn a_wildcard_statistics_cookie_is_allowed_only_with_its_consent() {
        let ga = || vec![stored("_ga_XYZ", None, false, "lax")];
        let before = [(FindingKind::SetBeforeConsent, "_ga_XYZ".to_owned())];
        assert_eq!(kinds(ConsentState::NoChoice, ga(), false), before);
        assert_eq!(kinds(ConsentState::RejectAll, ga(), false), before);
        assert!(kinds(ConsentState::AcceptAll, ga(), false).is_empty());
        assert!(kinds(ConsentState::Only(Category::Statistics), ga(), false).is_empty());
        assert_eq!(
            kinds(ConsentState::Only(Category::Marketing), ga(), false),
            before
        );
        assert_eq!(
            kinds(
                ConsentState::AcceptAll,
                vec![stored("other", None, false, "lax")],
                false
            ),
            [(FindingKind::UndeclaredCookie, "other".to_owned())]
        );
    }
}
