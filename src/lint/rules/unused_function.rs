//! `unused-function`: a function no entry point calls.

use crate::lint::analysis::FnId;
use crate::lint::declare::declare_rule;
use crate::lint::rules::dead_util;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds functions that no entry point reaches through calls, directly or through other
    /// functions: a helper left over after a refactor, or one the shader was copied with.
    ///
    /// A function whose name appears inside an `#if`/`#ifdef` block of the source is not
    /// reported: the call may be in a branch the preprocessor removed for this configuration.
    ///
    /// With `--entry` (one entry point kept of several) the rule does not run: what the other
    /// entry points use would look unused.
    ///
    /// ## Why is this bad?
    /// It costs nothing on the GPU: every backend and driver drops it. Measured 2026-11-23
    /// (Mesa 22.3.6 RADV null devices) on a lit fragment shader with an unused `luminance()`:
    /// naga's SPIR-V shrinks 66 → 61 instructions when it is removed, but the optimized SPIR-V
    /// (21) and the vega10 / gfx1100 instruction counts (42 / 47) do not change. It is dead code a
    /// reader has to skip, and it still has to compile for every target.
    ///
    /// ## Example
    /// ```glsl
    /// float luminance(vec3 c) {          // never called
    ///     return dot(c, vec3(0.2126, 0.7152, 0.0722));
    /// }
    /// void main() { fragColor = texture(uAlbedo, vUV); }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// void main() { fragColor = texture(uAlbedo, vUV); }
    /// ```
    /// or keep it behind the `#ifdef` of the variant that calls it.
    ///
    /// ## Fix safety
    /// No automatic fix. Deleting a function no entry point calls is safe for this shader, but a
    /// file shared by several shaders (an `#include`) may hold it for another one.
    pub(crate) RULE = "unused-function",
    category: Hygiene, default: on Warning, fix: None, since: "0.1.0",
    summary: "a function no entry point calls",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    let module = context.module;
    // `--entry` keeps one entry point of several: functions the others use would look unused.
    if module.entry_points.is_empty() || context.compilation.options.entry.is_some() {
        return;
    }
    let calls = context.calls();
    for (handle, function) in module.functions.iter() {
        if calls.reached(FnId::Function(handle)) {
            continue;
        }
        let name = function.name.as_deref().unwrap_or("<unnamed>");
        if dead_util::used_under_preprocessor_conditional(context, name) {
            continue;
        }
        // A function prism's dialect layer generated (an overload of a built-in naga lacks,
        // such as `prism_usubBorrow`): the user wrote no such name and cannot act on it.
        let files = &context.compilation.files;
        if !(0..files.len()).any(|id| dead_util::find_word(&files.get(id).text, name).is_some()) {
            continue;
        }
        let loc = context
            .loc(module.functions.get_span(handle))
            .map(|decl| dead_util::name_in_declaration(context, decl, name));
        out.push(
            Violation::new(
                format!("unused function `{name}`: no entry point calls it"),
                loc,
            )
            .note(
                "no measured cost: every backend and driver drops it (measured 2026-11-23: \
                 naga's SPIR-V 66 → 61 instructions without it, optimized SPIR-V and RADV ISA \
                 unchanged); it is code a reader has to skip",
            ),
        );
    }
}
