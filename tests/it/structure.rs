//! The structure rules of docs/ARCHITECTURE.md, checked on the sources: no module of a crate
//! imports one that imports it back (neither file by file nor between top-level modules),
//! and no source file holds more than 600 lines of code outside its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 5] = [
    "crates/galette-core",
    "crates/galette-store",
    "crates/galette-http",
    "crates/galette-scan",
    ".",
];
const MAX_CODE_LINES: usize = 600;

type Module = Vec<String>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `src/guard/csrf.rs` → `guard::csrf`, `src/api/mod.rs` → `api`.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The source without its `#[cfg(test)]` module (tests may use anything).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// Paths after `prefix` (`crate::` or `super::`), as lists of identifiers.
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    text.match_indices(prefix)
        .filter(|(at, _)| {
            !text[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            rest[..end].split("::").filter(|s| !s.is_empty()).collect()
        })
        .collect()
}

/// The longest prefix of `path` that is a module of the crate.
fn longest_module(modules: &BTreeSet<Module>, path: Module) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| modules.contains(candidate))
}

fn imports(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let code = without_tests(&text);
        let is_mod_file = file
            .file_stem()
            .is_some_and(|s| s == "mod" || s == "lib" || s == "main");
        let parent: Module = if is_mod_file {
            module.clone()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        let mut used = BTreeSet::new();
        for path in paths_after(code, "crate::") {
            let path: Module = path.iter().map(|s| (*s).to_owned()).collect();
            used.extend(longest_module(&modules, path));
        }
        for path in paths_after(code, "super::") {
            let base = if is_mod_file {
                parent[..parent.len().saturating_sub(1)].to_vec()
            } else {
                parent.clone()
            };
            let full: Module = base
                .into_iter()
                .chain(path.iter().map(|s| (*s).to_owned()))
                .collect();
            used.extend(longest_module(&modules, full));
        }
        used.remove(&module);
        used.remove(&Vec::new());
        graph.insert(module, used);
    }
    graph
}

/// Pairs of nodes that reach each other, as "a ↔ b".
fn cycles<N: Ord + Clone + std::fmt::Debug>(graph: &BTreeMap<N, BTreeSet<N>>) -> Vec<String> {
    let reaches = |from: &N, to: &N| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            if &n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(graph.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut found = Vec::new();
    for (a, used) in graph {
        for b in used {
            if a < b && reaches(b, a) {
                found.push(format!("{a:?} ↔ {b:?}"));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut found = Vec::new();
    for krate in CRATES {
        let graph = imports(&root().join(krate).join("src"));
        for cycle in cycles(&graph) {
            found.push(format!("{krate}: {cycle}"));
        }
        let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, used) in &graph {
            let Some(from) = module.first() else { continue };
            for to in used.iter().filter_map(|m| m.first()) {
                if to != from {
                    top.entry(from.clone()).or_default().insert(to.clone());
                }
            }
        }
        for cycle in cycles(&top) {
            found.push(format!("{krate} (top-level modules): {cycle}"));
        }
    }
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn no_source_file_holds_more_than_600_lines_of_code_outside_its_tests() {
    let mut too_long = Vec::new();
    for krate in CRATES {
        let mut files = Vec::new();
        rust_files(&root().join(krate).join("src"), &mut files);
        for file in files {
            let name = file
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = name.trim_start_matches("./").to_owned();
            if name.ends_with("/tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let lines = without_tests(&text)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .count();
            if lines > MAX_CODE_LINES {
                too_long.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "over {MAX_CODE_LINES} lines of code:\n{}",
        too_long.join("\n")
    );
}
