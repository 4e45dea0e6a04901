//! Why a scan could not run at all (exit status 2), as sentences a person understands.

/// A scan that could not run, as opposed to a scan that found something.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The URL is not an absolute `http://` or `https://` URL.
    #[error("{0}")]
    BadUrl(String),
    /// The site (or the policy URL) did not answer.
    #[error("{0}")]
    Unreachable(String),
    /// No Chromium at the expected place.
    #[error(
        "Chromium was not found at {0}: install it with `apt-get install chromium` or pass --chromium PATH"
    )]
    NoBrowser(String),
    /// Chromium started but could not be driven.
    #[error("the browser failed: {0}")]
    Browser(String),
    /// The policy is missing, not JSON, or not in the documented format.
    #[error("{0}")]
    Policy(String),
    /// A consent selector is not valid CSS.
    #[error("the selector {selector:?} is not a valid CSS selector: {reason}")]
    Selector {
        /// The selector as given.
        selector: String,
        /// What the browser said.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(String),
    /// A signing key could not be read.
    #[error("{0}")]
    Key(String),
}
