//! Splitting a token stream into external declarations, and reading them: their qualifiers,
//! their declarators, the names they declare, a function's parameters.
//!
//! The dialect layer rewrites declarations, never expressions, so it needs only this much
//! structure: where each top-level item starts and ends, whether it is a function definition,
//! and what its leading qualifiers and type are. Everything else passes through untouched.
//! The limits that keep the split from recursing too deep are in [`nesting`](super::nesting).

use std::ops::Range;

use super::nesting::{SplitError, MAX_NESTING};
use crate::front::glsl::preprocess::{Token, TokenKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// `ret name(params) { body }`: `params` and `body` are token ranges inside the item
    /// (excluding the parentheses and braces).
    Function {
        name: String,
        params: Range<usize>,
        body: Range<usize>,
    },
    /// Anything ending in `;` at depth 0: declarations, prototypes, precision statements,
    /// blocks, `layout(...) in;`.
    Declaration,
}

#[derive(Clone, Debug)]
pub struct Item {
    /// Token range of the whole item, including its terminating `;` or `}`.
    pub range: Range<usize>,
    pub kind: ItemKind,
}

/// Split into top-level items. A trailing item without its `;` is returned as a declaration;
/// naga reports the missing token with a better message than we could.
pub fn split_items(tokens: &[Token]) -> Result<Vec<Item>, SplitError> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut function_open: Option<(usize, Range<usize>)> = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if token.kind == TokenKind::Punct {
            match token.text.as_str() {
                "(" | "[" | "{" => {
                    if stack.len() >= MAX_NESTING {
                        return Err(SplitError::TooDeep(i));
                    }
                    let opener = token.text.chars().next().unwrap_or('(');
                    if opener == '{' {
                        if let Some(&(open, at)) = stack.last() {
                            if open != '{' {
                                return Err(SplitError::Unclosed(at, i));
                            }
                        }
                    }
                    if opener == '{' && stack.is_empty() {
                        if let Some(params) = function_params(tokens, start, i) {
                            function_open = Some((i, params));
                        }
                    }
                    stack.push((opener, i));
                }
                ")" | "]" | "}" => {
                    let expected = match token.text.as_str() {
                        ")" => '(',
                        "]" => '[',
                        _ => '{',
                    };
                    match stack.pop() {
                        Some((open, _)) if open == expected => {}
                        Some((open, at)) if expected == '{' && open != '{' => {
                            return Err(SplitError::Unclosed(at, i))
                        }
                        _ => return Err(SplitError::Unbalanced(i)),
                    }
                    if stack.is_empty() && expected == '{' {
                        if let Some((open, params)) = function_open.take() {
                            let name = tokens[params.start.saturating_sub(2)].text.clone();
                            items.push(Item {
                                range: start..i + 1,
                                kind: ItemKind::Function {
                                    name,
                                    params,
                                    body: open + 1..i,
                                },
                            });
                            start = i + 1;
                        }
                    }
                }
                ";" if stack.is_empty() => {
                    items.push(Item {
                        range: start..i + 1,
                        kind: ItemKind::Declaration,
                    });
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        items.push(Item {
            range: start..tokens.len(),
            kind: ItemKind::Declaration,
        });
    }
    Ok(items)
}

/// If the `{` at `brace` opens a function body (`... name ( params ) {`), the range of the
/// parameter tokens.
fn function_params(tokens: &[Token], item_start: usize, brace: usize) -> Option<Range<usize>> {
    let close = brace.checked_sub(1)?;
    if close < item_start || !tokens[close].is_punct(")") {
        return None;
    }
    let mut depth = 0usize;
    let mut j = close;
    loop {
        let t = &tokens[j];
        if t.is_punct(")") {
            depth += 1;
        } else if t.is_punct("(") {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
        if j == item_start {
            return None;
        }
        j -= 1;
    }
    let open = j;
    let name = open.checked_sub(1)?;
    if name < item_start || tokens[name].kind != TokenKind::Ident {
        return None;
    }
    Some(open + 1..close)
}

/// Storage and interpolation qualifiers a global declaration may start with.
pub const QUALIFIERS: &[&str] = &[
    "invariant",
    "precise",
    "flat",
    "smooth",
    "noperspective",
    "centroid",
    "sample",
    "patch",
    "const",
    "in",
    "out",
    "inout",
    "attribute",
    "varying",
    "uniform",
    "buffer",
    "shared",
    "coherent",
    "volatile",
    "restrict",
    "readonly",
    "writeonly",
    "highp",
    "mediump",
    "lowp",
];

pub const PRECISIONS: &[&str] = &["highp", "mediump", "lowp"];

/// The leading part of a declaration: `layout(...)` groups and qualifier keywords, then where
/// the type starts.
#[derive(Clone, Debug, Default)]
pub struct Qualifiers {
    /// Each `layout ( ... )` group: range of the whole group and the `(key [= value])` pairs.
    pub layouts: Vec<LayoutGroup>,
    /// Qualifier keywords with their token index.
    pub words: Vec<(String, usize)>,
    /// Index of the first token after the qualifiers (the type, or `{` / `;`).
    pub type_start: usize,
}

#[derive(Clone, Debug)]
pub struct LayoutGroup {
    pub range: Range<usize>,
    pub entries: Vec<(String, Option<String>)>,
}

impl Qualifiers {
    pub fn has(&self, word: &str) -> bool {
        self.words.iter().any(|(w, _)| w == word)
    }

    pub fn index_of(&self, word: &str) -> Option<usize> {
        self.words.iter().find(|(w, _)| w == word).map(|(_, i)| *i)
    }

    pub fn layout(&self, key: &str) -> Option<Option<&str>> {
        self.layouts
            .iter()
            .flat_map(|group| group.entries.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_deref())
    }

    pub fn layout_int(&self, key: &str) -> Option<u32> {
        self.layout(key).flatten().and_then(parse_int)
    }

    /// Whether `{` follows the type: an interface block (`uniform B { ... }`) or a struct.
    pub fn opens_block(&self, tokens: &[Token]) -> bool {
        tokens
            .get(self.type_start + 1)
            .is_some_and(|t| t.is_punct("{"))
    }

    /// Index of the first qualifier token (a layout group or a word), or the type start.
    pub fn first_index(&self) -> usize {
        let layout = self.layouts.iter().map(|g| g.range.start).min();
        let word = self.words.iter().map(|(_, i)| *i).min();
        layout
            .into_iter()
            .chain(word)
            .min()
            .unwrap_or(self.type_start)
    }
}

/// GLSL integer literal as written (`12`, `0x1F`, `010`, `3u`), when it fits a `u32`.
pub fn parse_int(text: &str) -> Option<u32> {
    u32::try_from(crate::front::glsl::preprocess::parse_int(text)?).ok()
}

/// Read the qualifiers at the start of `range`.
pub fn qualifiers(tokens: &[Token], range: Range<usize>) -> Qualifiers {
    let mut q = Qualifiers::default();
    let mut i = range.start;
    while i < range.end {
        let t = &tokens[i];
        if t.is_ident("layout") && i + 1 < range.end && tokens[i + 1].is_punct("(") {
            let mut j = i + 2;
            let mut entries = Vec::new();
            let mut depth = 1;
            let mut key: Option<String> = None;
            let mut value: Option<String> = None;
            let mut after_eq = false;
            while j < range.end && depth > 0 {
                let u = &tokens[j];
                if u.is_punct("(") {
                    depth += 1;
                } else if u.is_punct(")") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else if depth == 1 && u.is_punct(",") {
                    if let Some(k) = key.take() {
                        entries.push((k, value.take()));
                    }
                    after_eq = false;
                } else if depth == 1 && u.is_punct("=") {
                    after_eq = true;
                } else if after_eq {
                    value.get_or_insert_with(String::new).push_str(&u.text);
                } else if key.is_none() {
                    key = Some(u.text.clone());
                }
                j += 1;
            }
            if let Some(k) = key.take() {
                entries.push((k, value.take()));
            }
            q.layouts.push(LayoutGroup {
                range: i..(j + 1).min(range.end),
                entries,
            });
            i = j + 1;
            continue;
        }
        if t.kind == TokenKind::Ident && QUALIFIERS.contains(&t.text.as_str()) {
            q.words.push((t.text.clone(), i));
            i += 1;
            continue;
        }
        break;
    }
    q.type_start = i.min(range.end);
    q
}

/// Find the index of the token closing the bracket opened at `open`, within `end`.
pub fn matching_close(tokens: &[Token], open: usize, end: usize) -> Option<usize> {
    let (o, c) = match tokens.get(open)?.text.as_str() {
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        "{" => ("{", "}"),
        _ => return None,
    };
    let mut depth = 0usize;
    for (j, t) in tokens.iter().enumerate().take(end).skip(open) {
        if t.is_punct(o) {
            depth += 1;
        } else if t.is_punct(c) {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// Find the index of the token opening the bracket (`(` or `[`) that closes at `close`,
/// scanning back no further than `floor`.
pub fn matching_open(tokens: &[Token], close: usize, floor: usize) -> Option<usize> {
    let (open, shut) = match tokens.get(close)?.text.as_str() {
        ")" => ("(", ")"),
        "]" => ("[", "]"),
        _ => return None,
    };
    let mut depth = 0usize;
    for k in (floor..=close).rev() {
        if tokens[k].is_punct(shut) {
            depth += 1;
        } else if tokens[k].is_punct(open) {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// A block declaration's members (the range of each member declaration, without its `;`)
/// and its instance name, for an item whose qualifiers `q` open a block (`uniform B { ... } b;`).
pub fn block_members(
    tokens: &[Token],
    q: &Qualifiers,
    item: &Item,
) -> Option<(Option<String>, Vec<Range<usize>>)> {
    let open = q.type_start + 1;
    let close = matching_close(tokens, open, item.range.end)?;
    let instance = tokens
        .get(close + 1)
        .filter(|t| t.kind == TokenKind::Ident)
        .map(|t| t.text.clone());
    let mut members = Vec::new();
    let mut start = open + 1;
    for (end, t) in tokens.iter().enumerate().take(close).skip(open + 1) {
        if t.is_punct(";") {
            members.push(start..end);
            start = end + 1;
        }
    }
    Some((instance, members))
}

/// The declaration item that defines struct `name` (`struct name { ... }`), if any.
pub fn struct_declaration<'i>(tokens: &[Token], items: &'i [Item], name: &str) -> Option<&'i Item> {
    items.iter().find(|item| {
        item.kind == ItemKind::Declaration
            && item.range.clone().any(|i| {
                tokens[i].is_ident("struct")
                    && tokens.get(i + 1).is_some_and(|n| n.text == name)
                    && tokens.get(i + 2).is_some_and(|n| n.is_punct("{"))
            })
    })
}

/// The positions of the commas at the top level between `open` and `close` (arguments of a
/// call, declarators of a declaration).
pub fn top_level_commas(tokens: &[Token], open: usize, close: usize) -> Vec<usize> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate().take(close).skip(open + 1) {
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth = depth.saturating_sub(1),
            "," if depth == 0 => out.push(i),
            _ => {}
        }
    }
    out
}

/// Names of the functions the shader itself defines or declares (`vec4 texture(...)`).
pub fn user_function_names(tokens: &[Token]) -> std::collections::HashSet<String> {
    function_name_tokens(tokens)
        .into_iter()
        .map(|i| tokens[i].text.clone())
        .collect()
}

/// The token of each function name the shader defines or declares: an identifier at the top
/// level after a type and before `(`.
pub fn function_name_tokens(tokens: &[Token]) -> Vec<usize> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.text.as_str() {
            "{" | "(" | "[" if t.kind == TokenKind::Punct => depth += 1,
            "}" | ")" | "]" if t.kind == TokenKind::Punct => depth = depth.saturating_sub(1),
            _ => {}
        }
        let declares = depth == 0
            && t.kind == TokenKind::Ident
            && i > 0
            && tokens[i - 1].kind == TokenKind::Ident
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
        if declares {
            names.push(i);
        }
    }
    names
}

/// Names a function declares for itself: its parameters and its local variables (every
/// declarator of `T a, b = 1;`, and `for (int i ...)`). A global with one of these names is
/// shadowed somewhere in the function; the rewrites leave such names alone there.
pub fn local_names(
    tokens: &[Token],
    params: Range<usize>,
    body: Range<usize>,
) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    let not_a_type = ["return", "else", "case", "default"];
    for range in [params, body] {
        let mut i = range.start;
        let mut statement_start = true;
        while i < range.end {
            let t = &tokens[i];
            if statement_start {
                let mut k = i;
                while k < range.end
                    && (QUALIFIERS.contains(&tokens[k].text.as_str()))
                    && tokens[k].kind == TokenKind::Ident
                {
                    k += 1;
                }
                let is_decl = k + 1 < range.end
                    && tokens[k].kind == TokenKind::Ident
                    && !not_a_type.contains(&tokens[k].text.as_str())
                    && tokens[k + 1].kind == TokenKind::Ident;
                if is_decl {
                    names.insert(tokens[k + 1].text.clone());
                    // Further declarators after top-level commas.
                    let mut depth = 0usize;
                    let mut j = k + 2;
                    while j < range.end {
                        let u = &tokens[j];
                        match u.text.as_str() {
                            "(" | "[" | "{" if u.kind == TokenKind::Punct => depth += 1,
                            ")" | "]" | "}" if u.kind == TokenKind::Punct => {
                                if depth == 0 {
                                    break;
                                }
                                depth -= 1;
                            }
                            ";" if u.kind == TokenKind::Punct => break,
                            "," if u.kind == TokenKind::Punct && depth == 0 => {
                                if let Some(n) =
                                    tokens.get(j + 1).filter(|n| n.kind == TokenKind::Ident)
                                {
                                    names.insert(n.text.clone());
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                }
            }
            statement_start = t.kind == TokenKind::Punct
                && matches!(t.text.as_str(), ";" | "{" | "}" | "(" | ",");
            i += 1;
        }
    }
    names
}

/// Declarator names (and array size text) of a declaration, from just after its type.
pub fn declarators(tokens: &[Token], from: usize, end: usize) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut i = from;
    // Skip an array specifier on the type (`vec4[3] a`) or a struct body.
    if tokens.get(i).is_some_and(|t| t.is_punct("{")) {
        if let Some(close) = matching_close(tokens, i, end) {
            i = close + 1;
        }
    }
    let mut expect_name = true;
    while i < end {
        let t = &tokens[i];
        if expect_name && t.kind == TokenKind::Ident {
            let mut array = None;
            if tokens.get(i + 1).is_some_and(|n| n.is_punct("[")) {
                if let Some(close) = matching_close(tokens, i + 1, end) {
                    let text: Vec<&str> = tokens[i + 2..close]
                        .iter()
                        .map(|t| t.text.as_str())
                        .collect();
                    array = Some(text.join(" "));
                }
            }
            out.push((t.text.clone(), array));
            expect_name = false;
        } else if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            if let Some(close) = matching_close(tokens, i, end) {
                i = close;
            }
        } else if t.is_punct(",") {
            expect_name = true;
        }
        i += 1;
    }
    out
}

/// The first name a declaration declares (empty when there is none).
pub fn first_declarator(tokens: &[Token], q: &Qualifiers, end: usize) -> String {
    declarators(tokens, q.type_start + 1, end)
        .into_iter()
        .next()
        .map(|(name, _)| name)
        .unwrap_or_default()
}

/// Parameter token range of a function definition or prototype (`None` for other items).
pub fn param_range(tokens: &[Token], item: &Item) -> Option<Range<usize>> {
    match &item.kind {
        ItemKind::Function { params, .. } => Some(params.clone()),
        ItemKind::Declaration => {
            // `type name ( ... ) ;` with no `=` before the parenthesis.
            let range = item.range.clone();
            let last = range.end.checked_sub(1)?;
            if !tokens[last].is_punct(";") || last == 0 || !tokens[last - 1].is_punct(")") {
                return None;
            }
            let open = (range.start..last).find(|&i| tokens[i].is_punct("("))?;
            if open < range.start + 2
                || tokens[open - 1].kind != TokenKind::Ident
                || tokens[open - 2].kind != TokenKind::Ident
            {
                return None;
            }
            if tokens[range.start..open]
                .iter()
                .any(|t| t.is_punct("=") || t.is_ident("layout") || t.is_ident("uniform"))
            {
                return None;
            }
            let close = matching_close(tokens, open, range.end)?;
            (close == last - 1).then_some(open + 1..close)
        }
    }
}

/// The name of a function definition or prototype.
pub fn function_name(tokens: &[Token], item: &Item) -> Option<String> {
    let params = param_range(tokens, item)?;
    params.start.checked_sub(2).map(|i| tokens[i].text.clone())
}

/// Names an item declares (struct names, variables, functions), for the dependency check
/// that keeps a gathered uniform from moving above a type or constant it uses.
pub fn declared_names(tokens: &[Token], item: &Item) -> Vec<String> {
    let range = item.range.clone();
    match &item.kind {
        ItemKind::Function { name, .. } => vec![name.clone()],
        ItemKind::Declaration => {
            let mut names = Vec::new();
            if let Some(s) = (range.start..range.end).find(|&i| tokens[i].is_ident("struct")) {
                if let Some(n) = tokens.get(s + 1).filter(|n| n.kind == TokenKind::Ident) {
                    names.push(n.text.clone());
                }
            }
            let q = qualifiers(tokens, range.clone());
            names.extend(
                declarators(tokens, q.type_start + 1, range.end)
                    .into_iter()
                    .map(|(n, _)| n),
            );
            names
        }
    }
}
