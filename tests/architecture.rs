//! The shape of `src/`: the folder tree is the pipeline, so its imports run one way and no file
//! grows past what a reader takes in at once.
//!
//! Each `.rs` file under `src/` is a node; a file depends on another when its code (tests
//! excluded) names a path that resolves into that file: a `use`, or a qualified path such as
//! `crate::front::glsl::dialect::Dialect` in an expression or a type. A parent module's
//! `pub mod` and `pub use` of its own descendants are its table of contents, not dependencies.
//! Any cycle between files is a failure, reported with the files in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Files that may be longer than [`MAX_LINES`], each with the reason.
const LONG_FILES: &[(&str, &str)] = &[];

/// The longest a file may be, in lines, tests included.
const MAX_LINES: usize = 600;

/// Module path (`crate::front::glsl`, `bin::cli::check`) of every source file.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir(&root) {
        let rel = entry.strip_prefix(&root).unwrap();
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let file = parts.pop().unwrap();
        // The binary is `main.rs` plus `cli/`; everything else is the library.
        let crate_name = if file == "main.rs" || parts.first().is_some_and(|p| p == "cli") {
            "bin"
        } else {
            "crate"
        };
        let mut module = vec![crate_name.to_string()];
        module.extend(parts);
        match file.as_str() {
            "lib.rs" | "main.rs" | "mod.rs" => {}
            other => module.push(other.trim_end_matches(".rs").to_string()),
        }
        out.insert(module, entry);
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The paths a file's non-test code names, each with whether it is a `pub use` re-export.
#[derive(Default)]
struct Paths {
    found: Vec<(Vec<String>, bool)>,
    in_pub_use: bool,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                self.found.push((path, self.in_pub_use));
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.found.push((path, self.in_pub_use));
            }
            syn::UseTree::Glob(_) => self.found.push((prefix.clone(), self.in_pub_use)),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.in_pub_use = matches!(item.vis, syn::Visibility::Public(_));
        self.use_tree(&mut Vec::new(), &item.tree);
        self.in_pub_use = false;
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.found.push((segments, false));
        }
        syn::visit::visit_path(self, path);
    }
}

/// The module a path names, as written in module `from`; `None` for paths outside prism.
fn absolute(from: &[String], path: &[String]) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut out: Vec<String> = match first.as_str() {
        "crate" => vec![from[0].clone()],
        "prism" => vec!["crate".to_string()],
        "super" | "self" => {
            let mut base = from.to_vec();
            let mut rest = path;
            while let Some(seg) = rest.first() {
                match seg.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        _ => return None,
    };
    out.extend(path[1..].iter().cloned());
    Some(out)
}

/// The longest module prefix of `path` that is a file.
fn resolve<'a>(
    files: &'a BTreeMap<Vec<String>, PathBuf>,
    path: &[String],
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

fn dependency_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = modules();
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut paths = Paths::default();
        paths.visit_file(&ast);
        let mut deps = BTreeSet::new();
        for (named, re_export) in paths.found {
            // `child::item` names a child module declared in this file (2018 paths).
            let abs = absolute(module, &named).or_else(|| {
                let mut path = module.clone();
                path.extend(named.iter().cloned());
                files.contains_key(&path[..=module.len()]).then_some(path)
            });
            let Some(abs) = abs else {
                continue;
            };
            let Some(target) = resolve(&files, &abs) else {
                continue;
            };
            let own_descendant = target.len() > module.len() && target.starts_with(module);
            if target == module || (re_export && own_descendant) {
                continue;
            }
            deps.insert(target.clone());
        }
        graph.insert(module.clone(), deps);
    }
    graph
}

/// Strongly connected components of more than one file (Tarjan).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on_stack: BTreeSet<&'g Vec<String>>,
        out: Vec<Vec<String>>,
    }
    fn connect<'g>(s: &mut State<'g>, v: &'g Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in &s.graph[v] {
            if !s.index.contains_key(w) {
                connect(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(w.join("::"));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            connect(&mut state, v);
        }
    }
    state.out
}

#[test]
fn imports_between_files_run_one_way() {
    let found = cycles(&dependency_graph());
    let report: Vec<String> = found.iter().map(|c| c.join(" ↔ ")).collect();
    assert!(
        found.is_empty(),
        "import cycles between files:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_checker_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    let a = vec!["crate".to_string(), "a".to_string()];
    let b = vec!["crate".to_string(), "b".to_string()];
    let c = vec!["crate".to_string(), "c".to_string()];
    graph.insert(a.clone(), BTreeSet::from([b.clone()]));
    graph.insert(b.clone(), BTreeSet::from([a.clone()]));
    graph.insert(c.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(cycles(&graph), vec![vec!["crate::a", "crate::b"]]);
    let from = ["crate", "gpu", "nn"].map(String::from);
    let named = ["super", "timing", "Dispatch"].map(String::from);
    assert_eq!(
        absolute(&from, &named).unwrap(),
        ["crate", "gpu", "timing", "Dispatch"].map(String::from)
    );
}

#[test]
fn no_file_is_longer_than_a_reader_takes_in() {
    let mut long = Vec::new();
    for path in modules().values() {
        let lines = std::fs::read_to_string(path).unwrap().lines().count();
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let allowed = LONG_FILES.iter().any(|(file, _)| rel == *file);
        if lines > MAX_LINES && !allowed {
            long.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by concern, or list a generated-code writer \
         in LONG_FILES with the reason):\n{}",
        long.join("\n")
    );
}
