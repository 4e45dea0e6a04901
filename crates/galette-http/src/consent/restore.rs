//! A signed-in user's consent follows them: on sign-in in a browser without a valid choice,
//! the choice kept with their account is put back (consent.md C-12).

use crate::extract::Visitor;
use crate::state::App;
use galette_core::consent::choice::{ChoiceStatus, decode_choice, status};
use galette_store::{StoreError, User};

/// Restores `user`'s stored choice into this response if the browser has none that counts.
pub async fn restore_choice(app: &App, visitor: &Visitor, user: &User) -> Result<(), StoreError> {
    if !visitor.needs_banner() {
        return Ok(());
    }
    let Some(value) = user.consent_choice.as_deref() else {
        return Ok(());
    };
    let tenant = &visitor.tenant;
    // The account's copy passes the same MAC, revision and age checks as a cookie would.
    let Ok(choice) = decode_choice(value, tenant.secret.as_bytes()) else {
        return Ok(());
    };
    if status(&choice, tenant.consent_revision, app.clock.unix()) != ChoiceStatus::Current {
        return Ok(());
    }
    visitor.record_choice(choice);
    visitor
        .put_in_session(app, "consent", serde_json::Value::String(value.to_owned()))
        .await
}
