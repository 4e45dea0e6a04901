//! The notification feed: posts the platform's administrators publish for every site, their
//! texts per language, and signed-in users' read state (migration 0008).
//!
//! Owns: storing posts and texts together, the visibility window in SQL (published, not
//! expired) and the unread count the header's bell shows.
//! Does not own: who may publish, what a valid post is, or Markdown (`galette_core::news`,
//! `galette-http`'s `news`).

use crate::{Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A post's title and Markdown body in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsText {
    /// Language code (`en`, `fr`, …).
    pub language: String,
    /// Plain-text title.
    pub title: String,
    /// Markdown source.
    pub body: String,
}

/// What an administrator writes: when it shows, until when, and its texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsDraft {
    /// Unix seconds from which the post is shown.
    pub published_at: i64,
    /// Unix seconds from which it is no longer shown; `None` keeps it.
    pub expires_at: Option<i64>,
    /// One text per language, at least one.
    pub texts: Vec<NewsText>,
}

/// A stored post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsPost {
    /// Store id.
    pub id: i64,
    /// Unix seconds from which the post is shown.
    pub published_at: i64,
    /// Unix seconds from which it is no longer shown.
    pub expires_at: Option<i64>,
    /// When it was written.
    pub created_at: i64,
    /// When it was last changed.
    pub updated_at: i64,
    /// The e-mail address of the administrator who wrote it.
    pub author: String,
    /// Its texts, by language code.
    pub texts: Vec<NewsText>,
}

/// The most posts a list reads at once (the feed page, the back office).
pub const NEWS_LIST_LIMIT: i64 = 200;

const VISIBLE: &str = "published_at <= $1 AND (expires_at IS NULL OR expires_at > $1)";

impl Store {
    /// Stores a new post with its texts; returns its id.
    pub async fn create_news_post(
        &self,
        draft: &NewsDraft,
        author: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "INSERT INTO news_posts (published_at, expires_at, created_at, updated_at, author) \
             VALUES ($1, $2, $3, $3, $4) RETURNING id",
        )
        .bind(draft.published_at)
        .bind(draft.expires_at)
        .bind(now)
        .bind(author)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        insert_texts(&mut tx, id, &draft.texts).await?;
        tx.commit().await?;
        self.written(crate::Watched::News);
        Ok(id)
    }

    /// Replaces a post's dates and texts.
    pub async fn update_news_post(
        &self,
        id: i64,
        draft: &NewsDraft,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE news_posts SET published_at = $1, expires_at = $2, updated_at = $3 \
             WHERE id = $4",
        )
        .bind(draft.published_at)
        .bind(draft.expires_at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("news post"));
        }
        sqlx::query("DELETE FROM news_texts WHERE post_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_texts(&mut tx, id, &draft.texts).await?;
        tx.commit().await?;
        self.written(crate::Watched::News);
        Ok(())
    }

    /// Deletes a post and its texts.
    pub async fn delete_news_post(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM news_texts WHERE post_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM news_posts WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("news post"));
        }
        tx.commit().await?;
        self.written(crate::Watched::News);
        Ok(())
    }

    /// One post, visible or not (the back office's form).
    pub async fn news_post(&self, id: i64) -> Result<Option<NewsPost>, StoreError> {
        let posts = self.news_posts_where("p.id = $1", &[id]).await?;
        Ok(posts.into_iter().next())
    }

    /// The newest posts by publication time, visible or not (the back office's list).
    pub async fn all_news_posts(&self) -> Result<Vec<NewsPost>, StoreError> {
        self.news_posts_where(
            &format!(
                "p.id IN (SELECT id FROM news_posts \
                 ORDER BY published_at DESC, id DESC LIMIT {NEWS_LIST_LIMIT})"
            ),
            &[],
        )
        .await
    }

    /// The `limit` newest posts visible at `now`: published, not expired.
    pub async fn visible_news_posts(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<NewsPost>, StoreError> {
        self.news_posts_where(
            &format!(
                "p.id IN (SELECT id FROM news_posts WHERE {VISIBLE} \
                 ORDER BY published_at DESC, id DESC LIMIT $2)"
            ),
            &[now, limit.clamp(1, NEWS_LIST_LIMIT)],
        )
        .await
    }

    /// When the posts published after `since` appear and expire (the newest 10,000):
    /// enough for the bell to count any visitor's unread posts in memory.
    pub async fn news_times_since(
        &self,
        since: i64,
    ) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT published_at, expires_at FROM news_posts WHERE published_at > $1 \
             ORDER BY published_at DESC LIMIT 10000",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("published_at")?, r.try_get("expires_at")?)))
            .collect()
    }

    /// How many posts visible at `now` were published after `since` and, for a signed-in
    /// user who has a read state, after the moment it records (one indexed query).
    pub async fn unread_news_count(
        &self,
        now: i64,
        since: i64,
        user_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        let row = match user_id {
            Some(user_id) => {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM news_posts WHERE {VISIBLE} AND published_at > $2 \
                     AND published_at > \
                     COALESCE((SELECT seen_until FROM news_reads WHERE user_id = $3), $2)"
                );
                sqlx::query(sqlx::AssertSqlSafe(&*sql))
                    .bind(now)
                    .bind(since)
                    .bind(user_id)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM news_posts WHERE {VISIBLE} AND published_at > $2"
                );
                sqlx::query(sqlx::AssertSqlSafe(&*sql))
                    .bind(now)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(row.try_get("n")?)
    }

    /// The publication time of the newest post a user was shown, if they ever opened the feed.
    pub async fn news_seen_until(&self, user_id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT seen_until FROM news_reads WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("seen_until")).transpose()?)
    }

    /// Records that a user was shown every post published up to `seen_until` (never moves
    /// back: a page opened in an older tab does not make posts unread again).
    pub async fn mark_news_seen(
        &self,
        user_id: i64,
        seen_until: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO news_reads (user_id, seen_until, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at, seen_until = \
             CASE WHEN excluded.seen_until > news_reads.seen_until \
             THEN excluded.seen_until ELSE news_reads.seen_until END",
        )
        .bind(user_id)
        .bind(seen_until)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Posts (with their texts) that meet `condition`, whose parameters are `binds`.
    async fn news_posts_where(
        &self,
        condition: &str,
        binds: &[i64],
    ) -> Result<Vec<NewsPost>, StoreError> {
        let sql = format!(
            "SELECT p.id, p.published_at, p.expires_at, p.created_at, p.updated_at, p.author, \
             t.language, t.title, t.body \
             FROM news_posts p LEFT JOIN news_texts t ON t.post_id = p.id \
             WHERE {condition} ORDER BY p.published_at DESC, p.id DESC, t.language"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(&*sql));
        for value in binds {
            query = query.bind(*value);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut posts: Vec<NewsPost> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let text = text_from_row(row)?;
            match posts.last_mut() {
                Some(post) if post.id == id => post.texts.extend(text),
                _ => posts.push(NewsPost {
                    id,
                    published_at: row.try_get("published_at")?,
                    expires_at: row.try_get("expires_at")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                    author: row.try_get("author")?,
                    texts: text.into_iter().collect(),
                }),
            }
        }
        Ok(posts)
    }
}

async fn insert_texts(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    post_id: i64,
    texts: &[NewsText],
) -> Result<(), StoreError> {
    if texts.is_empty() {
        return Err(StoreError::Invalid(
            "a news post needs a text in at least one language".to_owned(),
        ));
    }
    for text in texts {
        sqlx::query(
            "INSERT INTO news_texts (post_id, language, title, body) VALUES ($1, $2, $3, $4)",
        )
        .bind(post_id)
        .bind(&text.language)
        .bind(&text.title)
        .bind(&text.body)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn text_from_row(row: &AnyRow) -> Result<Option<NewsText>, StoreError> {
    let language: Option<String> = row.try_get("language")?;
    let Some(language) = language else {
        return Ok(None);
    };
    Ok(Some(NewsText {
        language,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
    }))
}
