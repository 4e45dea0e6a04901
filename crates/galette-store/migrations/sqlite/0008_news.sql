-- The notification feed ("what's new", PRODUCT §5): posts the platform's administrators
-- publish, shown on every site. A post is visible from `published_at` until `expires_at`
-- (never, when NULL); its title and Markdown body exist in one or more languages.
CREATE TABLE news_posts (
    id INTEGER PRIMARY KEY,
    published_at BIGINT NOT NULL,
    expires_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    author TEXT NOT NULL
);
-- The header's bell counts visible posts published after a moment: a range on this index.
CREATE INDEX news_posts_by_publication ON news_posts (published_at);

CREATE TABLE news_texts (
    post_id BIGINT NOT NULL REFERENCES news_posts(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (post_id, language)
);

-- A signed-in user's read state: the publication time of the newest post they were shown.
CREATE TABLE news_reads (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_until BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
);
