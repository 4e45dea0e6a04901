//! `multipart/form-data` bodies, read part by part as they arrive: what upload forms post.
//!
//! The CSRF check does not happen here either: `guard::necessary_cookies` has read the
//! token part and handed on the whole body (`guard::multipart_token`).

use crate::error::PageError;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};

/// A multipart form body, streamed: nothing is buffered beyond the part being read.
pub struct MultipartBody(pub multer::Multipart<'static>);

impl<S: Send + Sync> FromRequest<S> for MultipartBody {
    type Rejection = PageError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let boundary = multipart_boundary(req.headers())
            .ok_or(PageError::BadRequest("error-detail-form-multipart"))?;
        let stream = req.into_body().into_data_stream();
        Ok(MultipartBody(multer::Multipart::new(stream, boundary)))
    }
}

/// The boundary of a body declared as `multipart/form-data`, if it is one.
pub fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}
