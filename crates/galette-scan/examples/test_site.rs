//! The scanner's test site as a program, for CI (`scripts/scan-demo`): prints its URL and its
//! policy URL, then serves until killed. `--good` keeps every promise; otherwise it plants
//! one fault of each kind.

#[path = "../tests/support/site.rs"]
mod site;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let good = std::env::args().any(|a| a == "--good");
    let site = site::start(([127, 0, 0, 1], 0).into(), !good).await?;
    println!("{} {}", site.url(), site.policy_url());
    std::future::pending::<()>().await;
    Ok(())
}
