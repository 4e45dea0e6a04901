//! The `galette` binary's library: CLI, configuration and start-up, exposed for the tests.

pub mod cli;
pub mod config;
pub mod demo_data;
pub mod seed;
pub mod server;
pub mod startup;
pub mod statistics;
