//! `galette user add --tenant SLUG --email EMAIL --password-stdin [--admin]`.

use anyhow::Context;
use galette_core::password::hash_password;
use galette_core::throttle::{is_plausible_email, normalise_email};
use galette_store::Store;
use tokio::io::AsyncBufReadExt;

/// Account management.
#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account on a site; the password is read from standard input.
    Add(AddUser),
}

/// Flags of `user add`.
#[derive(clap::Args, Debug)]
pub struct AddUser {
    /// Slug of the site.
    #[arg(long)]
    tenant: String,
    /// E-mail address (the sign-in name).
    #[arg(long)]
    email: String,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    /// Let the account open the back office.
    #[arg(long)]
    admin: bool,
}

/// Runs a user command.
pub async fn run(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add(add) = command;
    if !add.password_stdin {
        anyhow::bail!(
            "pass --password-stdin and give the password on standard input (never as an argument)"
        );
    }
    let tenant = store.tenant_by_slug(&add.tenant).await?.ok_or_else(|| {
        anyhow::anyhow!(
            "no site has the slug {:?} (see `galette tenant list`)",
            add.tenant
        )
    })?;
    if !is_plausible_email(&add.email) {
        anyhow::bail!("{:?} is not an e-mail address", add.email);
    }
    let email = normalise_email(&add.email);
    if store.user_by_email(tenant.id, &email).await?.is_some() {
        anyhow::bail!(
            "a user with the e-mail {email} already exists on {}",
            tenant.slug
        );
    }
    let mut line = String::new();
    tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
        .context("cannot read the password from standard input")?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    let hash =
        hash_password(password, &mut rand::rng()).context("the password on standard input")?;
    store
        .create_user(tenant.id, &email, &hash, add.admin, super::unix_now())
        .await?;
    let role = if add.admin { "administrator" } else { "user" };
    println!("Created the {role} {email} on {}.", tenant.slug);
    Ok(())
}
