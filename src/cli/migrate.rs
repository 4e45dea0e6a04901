//! `galette migrate`.

use galette_store::Store;

/// The store is migrated when opened; this reports it.
pub async fn run(store: &Store) -> anyhow::Result<()> {
    println!("The {:?} database schema is up to date.", store.backend());
    Ok(())
}
