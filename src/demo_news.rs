//! Two posts of the notification feed for `galette demo`, so that every demo site shows the
//! bell with something to read. Written once, when the feed is empty.

use galette_store::{NewsDraft, NewsText, Store};

/// Who the demo posts are signed by.
const DEMO_AUTHOR: &str = "demo@galette";

const DAY: i64 = 24 * 3600;

fn text(language: &str, title: &str, body: &str) -> NewsText {
    NewsText {
        language: language.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
    }
}

/// The demo posts, published a few days before `now`.
fn demo_posts(now: i64) -> Vec<NewsDraft> {
    vec![
        NewsDraft {
            published_at: now - 6 * DAY,
            expires_at: None,
            texts: vec![
                text(
                    "en",
                    "Every cookie policy is now checked by a scanner",
                    "Administrators can scan their site from the back office: a headless browser \
                     visits it **once per consent choice** and lists every cookie it finds that \
                     the policy does not declare.",
                ),
                text(
                    "fr",
                    "Chaque politique de cookies est désormais vérifiée par un scanner",
                    "Les administrateurs peuvent analyser leur site depuis le back-office : un \
                     navigateur le visite **une fois par choix de consentement** et liste chaque \
                     cookie trouvé que la politique ne déclare pas.",
                ),
                text(
                    "es",
                    "Un escáner comprueba ahora cada política de cookies",
                    "Los administradores pueden analizar su sitio desde el back office: un \
                     navegador lo visita **una vez por cada elección de consentimiento** y \
                     enumera las cookies que la política no declara.",
                ),
            ],
        },
        NewsDraft {
            published_at: now - DAY,
            expires_at: None,
            texts: vec![
                text(
                    "en",
                    "What's new, in the header of every site",
                    "The bell at the top of each page counts the news you have not read yet. \
                     Read them all on the [news page](/news/).\n\n\
                     - written in Markdown, shown safely\n\
                     - in your language when the post has it",
                ),
                text(
                    "fr",
                    "Les nouveautés, dans l'en-tête de chaque site",
                    "La cloche en haut de chaque page compte les nouveautés que vous n'avez pas \
                     encore lues. Lisez-les toutes sur la [page des nouveautés](/news/).\n\n\
                     - écrites en Markdown, affichées sans risque\n\
                     - dans votre langue quand l'article l'a",
                ),
                text(
                    "pt",
                    "As novidades, no cabeçalho de cada site",
                    "O sino no topo de cada página conta as novidades que ainda não leu. \
                     Leia-as todas na [página de novidades](/news/).",
                ),
            ],
        },
    ]
}

/// Writes the demo posts if the feed has none; returns how many were written.
pub async fn seed_demo_news(store: &Store, now: i64) -> anyhow::Result<usize> {
    if !store.all_news_posts().await?.is_empty() {
        return Ok(0);
    }
    let posts = demo_posts(now);
    for post in &posts {
        store.create_news_post(post, DEMO_AUTHOR, now).await?;
    }
    Ok(posts.len())
}
