//! Built-in variables and layout qualifiers: `gl_WorkGroupSize`, `local_size_*_id`,
//! `gl_ViewIndex`, `subpassInput` declarations (see the table in the module docs).

use super::lower::VIEW_INDEX_MARK;
use super::pass::{gen, Pass};
use crate::diagnostic::warning_at;
use crate::front::glsl::preprocess::TokenKind;
use crate::shader::Stage;

pub(super) fn rewrite(pass: &mut Pass, stage: Stage) {
    let (size, given) = local_size(pass);
    let uses_draw_id = pass.tokens.iter().any(|t| t.is_ident("gl_DrawID"));
    for i in 0..pass.tokens.len() {
        let t = &pass.tokens[i];
        if t.kind != TokenKind::Ident || (i > 0 && pass.tokens[i - 1].is_punct(".")) {
            continue;
        }
        let loc = t.loc;
        match t.text.as_str() {
            "gl_WorkGroupSize" if stage == Stage::Compute => {
                let text = format!("uvec3 ( {}u , {}u , {}u )", size[0], size[1], size[2]);
                pass.replace(i, i + 1, gen(&text, loc));
            }
            "gl_ViewIndex" if uses_draw_id => pass.unsupported(
                loc,
                "not supported by prism: `gl_ViewIndex` together with `gl_DrawID`".into(),
                "prism reads gl_ViewIndex through naga's gl_DrawID",
            ),
            "gl_ViewIndex" => {
                pass.stub(VIEW_INDEX_MARK, || {
                    format!("void {VIEW_INDEX_MARK} ( ) {{ }}")
                });
                // `dialect::renames` converts gl_DrawID to GLSL's `int` at each use.
                pass.replace(i, i + 1, gen("gl_DrawID", loc));
            }
            "subpassInput" | "subpassInputMS" | "isubpassInput" | "isubpassInputMS"
            | "usubpassInput" | "usubpassInputMS" => {
                let prefix = &t.text[..t.text.find("subpass").unwrap_or(0)];
                let ms = if t.text.ends_with("MS") { "MS" } else { "" };
                let ty = format!("{prefix}texture2D{ms}");
                pass.replace(i, i + 1, gen(&ty, loc));
                pass.warnings.push(warning_at(
                    "W-DIALECT",
                    "input attachment read as a sampled texture at the fragment's pixel",
                    loc,
                    "bind a sampled image here, not an input attachment",
                ));
            }
            "input_attachment_index" => drop_layout_entry(pass, i),
            "local_size_x_id" | "local_size_y_id" | "local_size_z_id" => {
                let axis = usize::from(t.text.as_bytes()[11] - b'x');
                pass.warnings.push(warning_at(
                    "W-DIALECT",
                    format!("`{}` dropped: the workgroup size keeps its default", t.text),
                    loc,
                    "specialization of the workgroup size is not supported; the size is frozen",
                ));
                if given[axis] {
                    drop_layout_entry(pass, i);
                } else {
                    // Keep the layout non-empty: the default size, written out.
                    let name = &t.text[..12];
                    pass.replace(i, i + 3, gen(&format!("{name} = 1"), loc));
                }
            }
            _ => {}
        }
    }
}

/// Delete `name = value` at `i` inside a layout list, with one comma beside it.
fn drop_layout_entry(pass: &mut Pass, i: usize) {
    let tokens = pass.tokens;
    let mut end = i + 1;
    if tokens.get(end).is_some_and(|t| t.is_punct("=")) {
        end += 2;
    }
    let end = end.min(tokens.len());
    if tokens.get(end).is_some_and(|t| t.is_punct(",")) {
        pass.replace(i, end + 1, Vec::new());
    } else if i > 0 && tokens[i - 1].is_punct(",") {
        pass.replace(i - 1, end, Vec::new());
    } else {
        pass.replace(i, end, Vec::new());
    }
}

/// The `local_size_{x,y,z}` of the `layout(...) in;` declarations (1 where not given), and
/// which were given.
fn local_size(pass: &Pass) -> ([u32; 3], [bool; 3]) {
    let mut size = [1u32; 3];
    let mut given = [false; 3];
    let tokens = pass.tokens;
    for (i, t) in tokens.iter().enumerate() {
        let axis = match t.text.as_str() {
            "local_size_x" => 0,
            "local_size_y" => 1,
            "local_size_z" => 2,
            _ => continue,
        };
        if t.kind != TokenKind::Ident || !tokens.get(i + 1).is_some_and(|t| t.is_punct("=")) {
            continue;
        }
        if let Some(value) = tokens.get(i + 2).and_then(|v| parse_uint(&v.text)) {
            size[axis] = value;
            given[axis] = true;
        }
    }
    (size, given)
}

fn parse_uint(text: &str) -> Option<u32> {
    let text = text.trim_end_matches(['u', 'U']);
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}
