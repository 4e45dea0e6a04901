//! The five demo sites and their registries, as the seeds' policies describe them.
//!
//! The facts (cookie names, function and location, purposes, which site shows a provider
//! column, the platform's `_BEAMER*` row and its "last update" date) come from the seeds;
//! the wording in every language is galette's own.

use crate::language::Language;
use crate::registry::necessary::{Texts, declaration, necessary_registry};
use crate::registry::{
    Category, CookieDeclaration, Integration, IntegrationKind, Lifetime, NamePattern,
};
use crate::tenant::{NewTenant, PolicyIntro, TenantSlug};

/// A demo site: the tenant and its registry.
#[derive(Clone, Debug)]
pub struct DemoSite {
    /// The tenant to create.
    pub tenant: NewTenant,
    /// Its cookie registry, in policy order.
    pub registry: Vec<CookieDeclaration>,
    /// Its third-party integrations (shown only after consent).
    pub integrations: Vec<Integration>,
}

/// An embedded map on the cdmx portal: third-party content that needs functionality consent.
fn map_embed() -> Integration {
    integration(
        "OpenStreetMap",
        Category::Functionality,
        "https://www.openstreetmap.org/export/embed.html?bbox=-99.25%2C19.35%2C-99.05%2C19.50&layer=mapnik",
        "https://www.openstreetmap.org",
        "_osm_session",
        [
            (
                Language::En,
                "A map of Mexico City, where the portal's datasets are located.",
            ),
            (
                Language::Fr,
                "Une carte de Mexico, où se situent les jeux de données du portail.",
            ),
            (
                Language::Es,
                "Un mapa de la Ciudad de México, donde se ubican los conjuntos de datos del portal.",
            ),
            (
                Language::Pt,
                "Um mapa da Cidade do México, onde se situam os conjuntos de dados do portal.",
            ),
        ],
    )
}

/// A video player on the platform site: third-party content that needs marketing consent
/// (and so never loads under Global Privacy Control).
fn video_embed() -> Integration {
    integration(
        "Vimeo",
        Category::Marketing,
        "https://player.vimeo.com/video/76979871",
        "https://player.vimeo.com",
        "vuid",
        [
            (Language::En, "A short video presenting the platform."),
            (
                Language::Fr,
                "Une courte vidéo de présentation de la plateforme.",
            ),
            (
                Language::Es,
                "Un breve video de presentación de la plataforma.",
            ),
            (
                Language::Pt,
                "Um pequeno vídeo de apresentação da plataforma.",
            ),
        ],
    )
}

fn integration(
    name: &str,
    category: Category,
    src: &str,
    origin: &str,
    cookie: &str,
    texts: [(Language, &str); 4],
) -> Integration {
    Integration {
        name: name.to_owned(),
        category,
        kind: IntegrationKind::Iframe,
        src: src.to_owned(),
        origins: vec![origin.to_owned()],
        cookies: NamePattern::parse(cookie).into_iter().collect(),
        texts: texts.into_iter().map(|(l, t)| (l, t.to_owned())).collect(),
    }
}

/// The provider the seeds name for the portals' cookies.
const PORTAL_PROVIDER: &str = "Opendatasoft";

const BEAMER_TEXTS: Texts = [
    (
        Language::En,
        "Notifications, on the news page that the bell of every page opens",
        "Lets you receive news about new product features in the interface",
    ),
    (
        Language::Fr,
        "Notifications, sur la page des nouveautés qu'ouvre la cloche de chaque page",
        "Vous informer des nouveautés du produit dans l'interface",
    ),
    (
        Language::Es,
        "Notificaciones, en la página de novedades que abre la campana de cada página",
        "Informarle de las novedades del producto en la interfaz",
    ),
    (
        Language::Pt,
        "Notificações, na página de novidades que o sino de cada página abre",
        "Informá-lo das novidades do produto na interface",
    ),
];

/// The `_BEAMER*` cookies keep the notification feed's read state for a year.
const BEAMER_LIFETIME_SECS: u64 = 365 * 24 * 3600;

/// The five seed sites, in the order the README lists them.
pub fn demo_sites() -> Vec<DemoSite> {
    let portal = |slug: &'static str, name: &str, host: &str, language: Language| DemoSite {
        tenant: new_tenant(
            slug,
            name,
            vec![host.to_owned()],
            language,
            PolicyIntro::FunctioningAndAudience,
            None,
        ),
        registry: necessary_registry(Some(PORTAL_PROVIDER)),
        integrations: Vec::new(),
    };
    let mut platform_registry = necessary_registry(None);
    platform_registry.extend(declaration(
        "_BEAMER*",
        None,
        Category::Functionality,
        Lifetime::Seconds(BEAMER_LIFETIME_SECS),
        &BEAMER_TEXTS,
    ));
    let mut cdmx = portal(
        "cdmx",
        "Datos Abiertos CDMX",
        "cdmx.localhost",
        Language::Es,
    );
    cdmx.integrations.push(map_embed());
    vec![
        cdmx,
        portal("civis", "Civis", "civis.localhost", Language::Fr),
        portal("jmorel", "JMorel", "jmorel.localhost", Language::Fr),
        portal("maia", "Maia Dados Abertos", "maia.localhost", Language::Pt),
        DemoSite {
            tenant: new_tenant(
                "platform",
                "Opendatasoft",
                vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
                Language::En,
                PolicyIntro::Functioning,
                Some("2021-03-30".to_owned()),
            ),
            registry: platform_registry,
            integrations: vec![video_embed()],
        },
    ]
}

fn new_tenant(
    slug: &'static str,
    name: &str,
    hostnames: Vec<String>,
    default_language: Language,
    policy_intro: PolicyIntro,
    policy_last_update: Option<String>,
) -> NewTenant {
    NewTenant {
        slug: TenantSlug::from_constant(slug),
        name: name.to_owned(),
        default_language,
        languages: Language::ALL.to_vec(),
        hostnames,
        policy_intro,
        policy_last_update,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_demo_sites_have_the_seed_slugs_hosts_and_languages() {
        let sites = demo_sites();
        let got: Vec<_> = sites
            .iter()
            .map(|s| {
                (
                    s.tenant.slug.as_str(),
                    s.tenant.hostnames[0].as_str(),
                    s.tenant.default_language.code(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("cdmx", "cdmx.localhost", "es"),
                ("civis", "civis.localhost", "fr"),
                ("jmorel", "jmorel.localhost", "fr"),
                ("maia", "maia.localhost", "pt"),
                ("platform", "localhost", "en"),
            ]
        );
        for s in &sites {
            for integration in &s.integrations {
                assert_eq!(integration.validate(), Ok(()), "{}", integration.name);
            }
            assert!(TenantSlug::parse(s.tenant.slug.as_str()).is_ok());
            assert!(s.tenant.validate().is_ok());
            assert_eq!(s.tenant.languages.len(), 4);
        }
    }
}
