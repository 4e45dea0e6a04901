//! `galette.toml`: settings from a file, beneath the environment and the flags.
//!
//! The file names settings as the flags do, without their dashes' leading `--`: top-level
//! keys are the settings every command takes (`data`, `database-url`), a `[serve]` table
//! those of `serve` and `demo` (`addr`, `trusted-proxy = ["10.0.0.2"]`,
//! `metrics-addr`…). A value counts only where neither a flag nor a `GALETTE_*` variable
//! gave one: flags override the environment, which overrides the file. The file is
//! `--config PATH` (or `GALETTE_CONFIG`), else `./galette.toml` when it exists; an unknown
//! key or a value of the wrong kind stops the command with a sentence that names it.

use anyhow::{Context, bail};
use clap::parser::ValueSource;
use clap::{ArgMatches, Command};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The file read when no `--config` is given, if it exists.
pub const DEFAULT_FILE: &str = "galette.toml";

/// The subcommands whose flags a `[serve]` table sets.
const SERVE_COMMANDS: [&str; 2] = ["serve", "demo"];

/// `args` with the file's settings appended as flags, for those that neither a flag nor a
/// variable set. `command` is the CLI's definition.
pub fn with_file_settings(command: Command, args: Vec<OsString>) -> anyhow::Result<Vec<OsString>> {
    // A first parse only to learn the subcommand, the file and what is already set; its
    // errors (and --help, --version) are clap's to print on the real parse.
    let Ok(matches) = command.clone().try_get_matches_from(&args) else {
        return Ok(args);
    };
    let (path, explicit) = match matches.get_one::<PathBuf>("config") {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(DEFAULT_FILE), false),
    };
    if !explicit && !path.exists() {
        return Ok(args);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    let (leaf_name, leaf_command, leaf_matches) = leaf(&command, &matches);
    let mut extra = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::Table(section) if key == "serve" => {
                if SERVE_COMMANDS.contains(&leaf_name.as_str()) {
                    for (key, value) in section {
                        push_setting(&path, leaf_command, leaf_matches, key, value, &mut extra)?;
                    }
                }
            }
            toml::Value::Table(_) => bail!(
                "{}: unknown table [{key}] (the file has top-level settings and a [serve] table)",
                path.display()
            ),
            _ => push_setting(&path, &command, leaf_matches, key, value, &mut extra)?,
        }
    }
    let mut args = args;
    args.extend(extra);
    Ok(args)
}

/// The innermost subcommand chosen: its name, definition and matches.
fn leaf<'a>(
    command: &'a Command,
    matches: &'a ArgMatches,
) -> (String, &'a Command, &'a ArgMatches) {
    let (mut name, mut command, mut matches) = (String::new(), command, matches);
    while let Some((sub_name, sub_matches)) = matches.subcommand() {
        let Some(sub_command) = command.find_subcommand(sub_name) else {
            break;
        };
        name = sub_name.to_owned();
        command = sub_command;
        matches = sub_matches;
    }
    (name, command, matches)
}

/// Appends `--key=value` (once per element of an array) unless a flag or a variable set it.
fn push_setting(
    path: &Path,
    command: &Command,
    matches: &ArgMatches,
    key: &str,
    value: &toml::Value,
    extra: &mut Vec<OsString>,
) -> anyhow::Result<()> {
    let long = key.replace('_', "-");
    let Some(arg) = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long.as_str()) && long != "config" && long != "help")
    else {
        let known: Vec<&str> = command
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(clap::Arg::get_long)
            .filter(|l| !matches!(*l, "config" | "help" | "version"))
            .collect();
        bail!(
            "{}: unknown setting {key:?} here (known: {})",
            path.display(),
            known.join(", ")
        );
    };
    let id = arg.get_id().as_str();
    if matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    ) {
        return Ok(());
    }
    let values: Vec<&toml::Value> = match value {
        toml::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    for value in values {
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(true) => {
                extra.push(OsString::from(format!("--{long}")));
                continue;
            }
            toml::Value::Boolean(false) => continue,
            _ => bail!(
                "{}: the setting {key:?} must be a string, a number, a boolean or a list of them",
                path.display()
            ),
        };
        extra.push(OsString::from(format!("--{long}={text}")));
    }
    Ok(())
}
