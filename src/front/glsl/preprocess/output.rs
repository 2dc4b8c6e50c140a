//! What the preprocessor hands on: the active tokens and the directives the dialect layer
//! reads (`#version`, `#extension`, `#pragma`).

use super::token::Token;
use crate::source::{FileId, Loc};

/// `#version 300 es` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionDirective {
    pub number: u32,
    /// `es`, `core` or `compatibility`, when given.
    pub profile: Option<String>,
    pub loc: Loc,
}

/// `#extension NAME : behavior` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionDirective {
    pub name: String,
    pub behavior: String,
    pub loc: Loc,
}

#[derive(Clone, Debug, Default)]
pub struct Preprocessed {
    /// The active tokens, in order, macros expanded, directives and comments removed.
    pub tokens: Vec<Token>,
    pub version: Option<VersionDirective>,
    pub extensions: Vec<ExtensionDirective>,
    /// `#pragma` lines, as the tokens after `pragma`.
    pub pragmas: Vec<(Vec<Token>, Loc)>,
    /// Every file that was included, in first-include order (the root is not listed).
    pub includes: Vec<FileId>,
}
