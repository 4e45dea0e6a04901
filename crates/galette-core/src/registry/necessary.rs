//! The registry rows of the four necessary cookies that every galette site sets, with their
//! texts in every language: what `galette tenant add` and the demo sites start from.
//!
//! Owns: the wording of those rows. Does not own: the cookies' names and lifetimes
//! (`necessary_cookies`), which the rows repeat.

use crate::language::Language;
use crate::necessary_cookies::NecessaryCookie;
use crate::registry::{Category, CookieDeclaration, CookieText, Lifetime, NamePattern, Party};
use std::collections::BTreeMap;

/// Per language: (function and location, purpose).
pub(crate) type Texts = [(Language, &'static str, &'static str); 4];

const SESSION_TEXTS: Texts = [
    (
        Language::En,
        "Sign-in, on the portal and in the back office",
        "Keeps you signed in from one page to the next",
    ),
    (
        Language::Fr,
        "Connexion, sur le portail et dans le back-office",
        "Vous garder connecté d'une page à l'autre",
    ),
    (
        Language::Es,
        "Inicio de sesión, en el portal y en el back office",
        "Mantener su sesión abierta de una página a otra",
    ),
    (
        Language::Pt,
        "Início de sessão, no portal e no back office",
        "Manter a sua sessão aberta de uma página para outra",
    ),
];

const LANGUAGE_TEXTS: Texts = [
    (
        Language::En,
        "Language selection, on the portal and in the back office",
        "Remembers the language you chose",
    ),
    (
        Language::Fr,
        "Choix de la langue, sur le portail et dans le back-office",
        "Retenir la langue que vous avez choisie",
    ),
    (
        Language::Es,
        "Selección de idioma, en el portal y en el back office",
        "Recordar el idioma que ha elegido",
    ),
    (
        Language::Pt,
        "Seleção de idioma, no portal e no back office",
        "Lembrar o idioma que escolheu",
    ),
];

const CSRF_TEXTS: Texts = [
    (
        Language::En,
        "API calls and forms protected against request forgery (CSRF), on the portal and in the back office",
        "Lets your browser retrieve data through API calls",
    ),
    (
        Language::Fr,
        "Appels d'API et formulaires protégés contre la falsification de requêtes (CSRF), sur le portail et dans le back-office",
        "Permettre à votre navigateur de récupérer des données par des appels d'API",
    ),
    (
        Language::Es,
        "Llamadas a la API y formularios protegidos contra la falsificación de peticiones (CSRF), en el portal y en el back office",
        "Permitir que su navegador obtenga datos mediante llamadas a la API",
    ),
    (
        Language::Pt,
        "Chamadas à API e formulários protegidos contra a falsificação de pedidos (CSRF), no portal e no back office",
        "Permitir que o seu navegador obtenha dados através de chamadas à API",
    ),
];

const PREFERENCES_TEXTS: Texts = [
    (
        Language::En,
        "Your cookie choices",
        "Remembers the cookie preferences you expressed",
    ),
    (
        Language::Fr,
        "Vos choix en matière de cookies",
        "Retenir les préférences de cookies que vous avez exprimées",
    ),
    (
        Language::Es,
        "Sus elecciones sobre cookies",
        "Recordar las preferencias de cookies que ha indicado",
    ),
    (
        Language::Pt,
        "As suas escolhas sobre cookies",
        "Lembrar as preferências de cookies que indicou",
    ),
];

/// The four necessary cookies every galette site sets, in the seeds' order.
pub fn necessary_registry(provider: Option<&str>) -> Vec<CookieDeclaration> {
    [
        (NecessaryCookie::SessionId, &SESSION_TEXTS),
        (NecessaryCookie::Language, &LANGUAGE_TEXTS),
        (NecessaryCookie::CsrfToken, &CSRF_TEXTS),
        (NecessaryCookie::ConsentPreferences, &PREFERENCES_TEXTS),
    ]
    .into_iter()
    .filter_map(|(cookie, texts)| {
        declaration(
            cookie.name(),
            provider,
            Category::Necessary,
            Lifetime::Seconds(cookie.max_age_secs()),
            texts,
        )
    })
    .collect()
}

pub(crate) fn declaration(
    name: &str,
    provider: Option<&str>,
    category: Category,
    lifetime: Lifetime,
    texts: &Texts,
) -> Option<CookieDeclaration> {
    let texts: BTreeMap<Language, CookieText> = texts
        .iter()
        .map(|(l, f, p)| {
            let text = CookieText {
                function_location: (*f).to_owned(),
                purpose: (*p).to_owned(),
            };
            (*l, text)
        })
        .collect();
    Some(CookieDeclaration {
        name: NamePattern::parse(name).ok()?,
        provider: provider.map(str::to_owned),
        category,
        party: Party::First,
        lifetime,
        texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn necessary_cookie_lifetimes_match_the_cookies_actually_set() {
        for d in necessary_registry(None) {
            let cookie = NecessaryCookie::from_name(d.name.as_str());
            assert_eq!(
                cookie.map(|c| Lifetime::Seconds(c.max_age_secs())),
                Some(d.lifetime)
            );
        }
    }
}
