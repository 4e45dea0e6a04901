//! The `galette` binary's library: CLI, configuration and start-up, exposed for the tests.

pub mod cli;
pub mod config;
pub mod config_file;
pub mod demo_data;
pub mod demo_news;
pub mod log_writer;
pub mod metrics_endpoint;
pub mod seed;
pub mod server;
pub mod site_scanner;
pub mod startup;
pub mod statistics;
