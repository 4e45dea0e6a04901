//! The CSRF token of a `multipart/form-data` POST, read without buffering the upload.
//!
//! Owns: reading the body only as far as the `csrfmiddlewaretoken` part, then giving the
//! handler the whole body back (the bytes read, then the rest of the stream). Django finds
//! the token in `request.POST`, which for an upload means reading the whole file first; here
//! the token must come before any file part and within `MAX_TOKEN_PREFIX` bytes. Our forms
//! put it first, and browsers send parts in document order.
//! Does not own: the token check itself (`necessary_cookies`), or reading the other parts
//! (the handler, through `extract::MultipartBody`).

use axum::body::{Body, BodyDataStream, Bytes};
use axum::extract::Request;
use futures_util::stream::{self, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};

/// How much of a multipart body is read, at most, looking for the token.
pub const MAX_TOKEN_PREFIX: usize = 64 * 1024;

/// The form field that carries the masked token, as in Django.
const TOKEN_FIELD: &str = "csrfmiddlewaretoken";

/// Reads the token part of a multipart body with this boundary; the request comes back
/// with its body whole. `None` when the token is absent, follows a file part, or lies
/// beyond `MAX_TOKEN_PREFIX` (the header token may still count).
pub async fn read_token(req: Request, boundary: String) -> (Request, Option<String>) {
    let (parts, body) = req.into_parts();
    let mut rest = body.into_data_stream();
    let mut prefix = Vec::new();
    let token = {
        let recording = Recording {
            body: &mut rest,
            prefix: &mut prefix,
            prefix_len: 0,
        };
        find_token(multer::Multipart::new(recording, boundary)).await
    };
    let whole = stream::iter(prefix.into_iter().map(Ok::<_, axum::Error>)).chain(rest);
    (Request::from_parts(parts, Body::from_stream(whole)), token)
}

/// The value of the token part, if it comes before any file part.
async fn find_token(mut parts: multer::Multipart<'_>) -> Option<String> {
    while let Ok(Some(part)) = parts.next_field().await {
        if part.file_name().is_some() {
            return None;
        }
        if part.name() == Some(TOKEN_FIELD) {
            return part.text().await.ok();
        }
        // Another small field before the token: skipped (the handler reads it later).
    }
    None
}

/// The body as multer reads it, each chunk kept to be replayed to the handler. It ends
/// early, as if the body did, after exactly `MAX_TOKEN_PREFIX` bytes: multer reads every
/// chunk already received before parsing, so an error would lose a token that was in hand.
/// The chunk that crosses the limit is kept whole for the handler, but multer sees only
/// its bytes up to the limit, so the token is read only within the documented 64 KiB.
struct Recording<'a> {
    body: &'a mut BodyDataStream,
    prefix: &'a mut Vec<Bytes>,
    prefix_len: usize,
}

impl Stream for Recording<'_> {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.prefix_len >= MAX_TOKEN_PREFIX {
            return Poll::Ready(None);
        }
        let room = MAX_TOKEN_PREFIX - this.prefix_len;
        let polled = Pin::new(&mut *this.body).poll_next(cx);
        match polled {
            Poll::Ready(Some(Ok(chunk))) => {
                this.prefix_len += chunk.len();
                this.prefix.push(chunk.clone());
                let seen = if chunk.len() > room {
                    chunk.slice(..room)
                } else {
                    chunk
                };
                Poll::Ready(Some(Ok(seen)))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    const BOUNDARY: &str = "XyZ";

    fn part(name: &str, file_name: Option<&str>, value: &str) -> String {
        let file = file_name.map_or(String::new(), |f| format!("; filename=\"{f}\""));
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n"
        )
    }

    /// A request whose body arrives in chunks of `chunk` bytes, as from a socket.
    fn request(parts: &[String], chunk: usize) -> (Request, Vec<u8>) {
        let mut bytes = parts.concat().into_bytes();
        bytes.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let chunks: Vec<Result<Bytes, axum::Error>> = bytes
            .chunks(chunk)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let body = Body::from_stream(stream::iter(chunks));
        (Request::new(body), bytes)
    }

    async fn read(parts: &[String], chunk: usize) -> Option<String> {
        let (req, sent) = request(parts, chunk);
        let (req, token) = read_token(req, BOUNDARY.to_owned()).await;
        let replayed = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(replayed, sent, "the handler gets the body whole");
        token
    }

    #[tokio::test]
    async fn the_token_part_is_read_and_the_body_replayed_whole() {
        let file = "a,b\n1,2\n".repeat(50_000);
        let parts = [
            part("csrfmiddlewaretoken", None, "tok3n"),
            part("file", Some("big.csv"), &file),
        ];
        for chunk in [7, 1000, 1 << 20] {
            assert_eq!(read(&parts, chunk).await.as_deref(), Some("tok3n"));
        }
    }

    #[tokio::test]
    async fn small_fields_before_the_token_are_skipped() {
        let parts = [
            part("dataset", None, "flights"),
            part("csrfmiddlewaretoken", None, "tok3n"),
        ];
        assert_eq!(read(&parts, 16).await.as_deref(), Some("tok3n"));
    }

    #[tokio::test]
    async fn a_token_after_a_file_part_is_not_read() {
        let parts = [
            part("file", Some("small.csv"), "a,b\n1,2\n"),
            part("csrfmiddlewaretoken", None, "tok3n"),
        ];
        assert_eq!(read(&parts, 1 << 20).await, None);
    }

    /// Parts whose token's closing delimiter (`\r\n--XyZ`) ends `past` bytes after the limit.
    fn token_ending_at(past: isize) -> [String; 2] {
        let empty = part("comment", None, "").len();
        let token = part("csrfmiddlewaretoken", None, "tok3n");
        let delimiter = format!("--{BOUNDARY}").len();
        let fixed = isize::try_from(empty + token.len() + delimiter).unwrap();
        let padding =
            usize::try_from(isize::try_from(MAX_TOKEN_PREFIX).unwrap() - fixed + past).unwrap();
        [part("comment", None, &"x".repeat(padding)), token]
    }

    #[tokio::test]
    async fn the_token_is_read_up_to_exactly_64_kib_whatever_the_chunks() {
        for chunk in [1000, 8 * 1024, 1 << 20] {
            let at_limit = token_ending_at(0);
            assert_eq!(
                at_limit.concat().len() + BOUNDARY.len() + 2,
                MAX_TOKEN_PREFIX
            );
            assert_eq!(read(&at_limit, chunk).await.as_deref(), Some("tok3n"));
            // One byte further, even inside a chunk that crosses the limit, is too far.
            assert_eq!(read(&token_ending_at(1), chunk).await, None, "{chunk}");
        }
    }

    #[tokio::test]
    async fn a_token_beyond_the_prefix_limit_is_not_read() {
        let padding = "x".repeat(MAX_TOKEN_PREFIX * 2);
        let parts = [
            part("comment", None, &padding),
            part("csrfmiddlewaretoken", None, "tok3n"),
        ];
        assert_eq!(read(&parts, 8 * 1024).await, None);
    }
}
