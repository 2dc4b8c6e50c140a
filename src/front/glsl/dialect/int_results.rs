//! `bitCount` of a `uint`: GLSL's result is an `int` (`ivecN`) for every argument, naga's
//! reader types it like the argument (`uint`), so `int n = bitCount(mask);` fails naga's
//! validation and `bitCount(mask) - 1` means another type than the user's. The call of a
//! `uint` / `uvecN` argument becomes `int(bitCount(mask))` / `ivecN(...)`: the conversion
//! naga leaves out. (naga converts `findLSB` / `findMSB` of a `uint` to `int` itself; the
//! other integer built-ins, `textureSize`, `imageSize` and the packing functions agree with
//! GLSL already, and `gl_PrimitiveID` / `gl_SampleID` are made `int` by `renames`.)
//!
//! A call that is the whole argument of a constructor of the argument's own type
//! (`uvec4(bitCount(m))`) stays: its value is naga's result already.
//!
//! The argument is typed with [`exprs::type_of`]; where its type is not certain the call
//! stays as written (naga's error stays, never a wrong conversion). A shader's own function
//! named `bitCount` is left alone. Applies to every dialect: GLSL ES 3.10 types it the same.

use super::exprs;
use super::items;
use super::result_types::{Kind, Shape};
use super::tokens::{self, gen, Edit};
use super::types::Types;
use crate::front::glsl::preprocess::Token;

/// The rewrite of the module docs.
pub(super) fn convert_bit_counts(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| t.is_ident("bitCount")) {
        return tokens;
    }
    let types = Types::of(&tokens);
    let user = items::user_function_names(&tokens);
    let mut edits = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let call = t.is_ident("bitCount")
            && !user.contains(&t.text)
            && !(k > 0 && tokens[k - 1].is_punct("."))
            && tokens.get(k + 1).is_some_and(|n| n.is_punct("("));
        if !call {
            continue;
        }
        let Some(close) = items::matching_close(&tokens, k + 1, tokens.len()) else {
            continue;
        };
        let argument = exprs::type_of(&types, &tokens, k + 2..close)
            .filter(|d| !d.array)
            .and_then(|d| Shape::of(&d.ty));
        let Some(shape) = argument.filter(|s| s.kind == Kind::Uint) else {
            continue;
        };
        // `uvec4(bitCount(m))`: converted straight back to the argument's type, which is
        // naga's result type already.
        let converted_back = k >= 2
            && tokens[k - 1].is_punct("(")
            && tokens[k - 2].is_ident(&shape.name())
            && tokens.get(close + 1).is_some_and(|t| t.is_punct(")"));
        if converted_back {
            continue;
        }
        let result = shape.with(Kind::Int).name();
        edits.push(Edit::insert(k, gen(&format!("{result} ("), t.loc)));
        edits.push(Edit::insert(close + 1, gen(")", tokens[close].loc)));
    }
    tokens::apply(tokens, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::dialect::tokens::lex;

    fn text(tokens: &[Token]) -> String {
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        words.join(" ")
    }

    fn converted(source: &str) -> String {
        let out = convert_bit_counts(lex(source));
        let all = text(&out);
        let main = all.find("void main").expect("a main");
        all[main..].to_string()
    }

    #[test]
    fn uint_arguments_get_an_int_result() {
        let s = "uniform uint m; uniform uvec2 v; uniform int i; \
                 void main() { int a = bitCount(m) + 1; ivec2 b = bitCount(v & 3u); int c = bitCount(i); \
                 uvec2 d = uvec2(bitCount(v)); uint e = uint(bitCount(m) + 1); }";
        assert_eq!(
            converted(s),
            "void main ( ) { int a = int ( bitCount ( m ) ) + 1 ; \
             ivec2 b = ivec2 ( bitCount ( v & 3u ) ) ; int c = bitCount ( i ) ; \
             uvec2 d = uvec2 ( bitCount ( v ) ) ; uint e = uint ( int ( bitCount ( m ) ) + 1 ) ; }"
        );
    }

    #[test]
    fn unknown_arguments_and_user_functions_stay() {
        let s = "uniform uint m; void main() { int a = bitCount(g(m)); }";
        assert_eq!(
            converted(s),
            "void main ( ) { int a = bitCount ( g ( m ) ) ; }"
        );
        let own = "uint bitCount(uint x) { return x; } uniform uint m; void main() { uint a = bitCount(m); }";
        assert!(converted(own).contains("uint a = bitCount ( m ) ;"));
    }
}
