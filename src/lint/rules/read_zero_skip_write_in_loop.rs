//! `read-zero-skip-write-in-loop`: buffer reads checked with read-zero-skip-write inside a loop, the same element read more than once.

use std::collections::HashSet;

use naga::proc::BoundsCheckPolicy;
use naga::{Expression, Handle};

use crate::lint::analysis::placement::Enclosing;
use crate::lint::analysis::same_value::same_value;
use crate::lint::analysis::values::literal;
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::rules::idx_util;
use crate::lint::{Applicability, Context, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds, inside a loop body, the same array element (same array, same dynamic index) read two
    /// or more times when the policy in force for that array is read-zero-skip-write: e.g.
    /// `uLightPos[i].xyz` and `uLightPos[i].w` in a light loop, under
    /// `--robustness webgl --buffer-bounds read-zero-skip-write` (what WebGL implementations that
    /// zero out-of-range reads do to uniform arrays, which prism keeps in a uniform block).
    ///
    /// ## Why is this bad?
    /// Read-zero-skip-write is not a clamp: every read becomes a compare, a branch and a phi that
    /// selects zero when out of range, and the loop pays it on every trip, once per read. Measured
    /// 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 / gfx1100; `docs/lint-study.md` §4), a
    /// light loop reading `uLightPos[i]` and `uLightColor[i]` twice each: the checks cost
    /// +17 SPIR-V after `spirv-opt -O` and +30 / +30 instructions over robustness `none`; reading
    /// each element once into a local saved 10 after `spirv-opt -O` (68 → 58) and 18 / 18
    /// instructions (110 → 92, 118 → 100). Under restrict (webgpu) or unchecked policies the same
    /// rewrite measured 0, so the rule stays silent there.
    ///
    /// Not reported: constant indices, reads outside loops, different indices into one array, and
    /// arrays whose policy is restrict or unchecked.
    ///
    /// ## Example
    /// ```glsl
    /// for (int i = 0; i < uLightCount; ++i) {
    ///     vec3 d = uLightPos[i].xyz - vPos;
    ///     sum += uLightColor[i].rgb * uLightColor[i].a / (uLightPos[i].w + dot(d, d));
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// for (int i = 0; i < uLightCount; ++i) {
    ///     vec4 lp = uLightPos[i];
    ///     vec4 lc = uLightColor[i];
    ///     vec3 d = lp.xyz - vPos;
    ///     sum += lc.rgb * lc.a / (lp.w + dot(d, d));
    /// }
    /// ```
    /// One array of `struct Light { vec4 pos; vec4 color; }` read once per trip saved more (13
    /// after `spirv-opt -O`, 23 / 22 instructions) but changes the uniform layout and the upload.
    ///
    /// ## Fix safety
    /// Display-only (a rewrite of several lines). Reading the element once gives the same results
    /// for every index: two reads of one element give the same value, zero included.
    pub(crate) RULE = "read-zero-skip-write-in-loop",
    category: Cost, default: on Warning, fix: DisplayOnly, since: "0.1.0",
    summary: "buffer reads checked with read-zero-skip-write inside a loop, the same element read more than once",
    fix_note: "read the element once",
    measured: "lights, read-zero-skip-write buffers: 67 → 57; 108 → 90 / 115 → 97",
    check: check,
}

struct Group {
    loop_id: usize,
    base: Handle<Expression>,
    index: Handle<Expression>,
    accesses: Vec<Handle<Expression>>,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for view in &context.functions {
        let f = view.function;
        // Accesses read through a `Load` (directly or through `.x`, `[j]`).
        let mut read = HashSet::new();
        for (_, expression) in f.expressions.iter() {
            if let Expression::Load { pointer } = *expression {
                let mut p = pointer;
                for _ in 0..16 {
                    match f.expressions[p] {
                        Expression::Access { base, .. } => {
                            read.insert(p);
                            p = base;
                        }
                        Expression::AccessIndex { base, .. } => p = base,
                        _ => break,
                    }
                }
            }
        }
        let mut groups: Vec<Group> = Vec::new();
        for (h, expression) in f.expressions.iter() {
            let Expression::Access { base, index } = *expression else {
                continue;
            };
            if !read.contains(&h)
                || literal(context.module, f, index).is_some()
                || context.policy_for(view, base) != BoundsCheckPolicy::ReadZeroSkipWrite
            {
                continue;
            }
            // The innermost loop, outside its continuing block.
            let Some(Enclosing::Loop {
                id,
                continuing: false,
            }) = view.placement().scope(h).and_then(|s| {
                s.iter()
                    .rev()
                    .find(|e| matches!(e, Enclosing::Loop { .. }))
                    .copied()
            })
            else {
                continue;
            };
            let found = groups.iter_mut().find(|g| {
                g.loop_id == id
                    && same_value(context.module, view, g.base, base)
                    && same_value(context.module, view, g.index, index)
            });
            match found {
                Some(g) => g.accesses.push(h),
                None => groups.push(Group {
                    loop_id: id,
                    base,
                    index,
                    accesses: vec![h],
                }),
            }
        }
        for group in groups.iter().filter(|g| g.accesses.len() >= 2) {
            out.push(violation(context, view, group));
        }
    }
}

fn violation(context: &Context, view: &FunctionView, group: &Group) -> Violation {
    let f = view.function;
    let first = group.accesses[0];
    let text = idx_util::access_loc(context, f, first)
        .and_then(|loc| context.user_text(loc))
        .filter(|t| t.len() <= 48 && !t.contains('\n'))
        .map(str::to_string);
    let element = match &text {
        Some(t) => format!("`{t}`"),
        None => match idx_util::array_name(context, f, group.base) {
            Some(name) => format!("one element of `{name}`"),
            None => "one array element".to_string(),
        },
    };
    let n = group.accesses.len();
    let ty = idx_util::array_of(context, view, group.base)
        .map(|a| idx_util::type_name(context, a.element))
        .unwrap_or_else(|| "vec4".to_string());
    let fix_text = match &text {
        Some(t) => format!(
            "read `{t}` once into a local (`{ty} {} = {t};`) and use the local",
            local_name(idx_util::array_name(context, f, group.base).as_deref())
        ),
        None => "read the element once into a local and use the local".to_string(),
    };
    Violation::new(
        format!("{element} read {n} times per loop iteration, each read checked with read-zero-skip-write"),
        idx_util::access_loc(context, f, first),
    )
    .note(format!(
        "under robustness {} every read of this array pays {}, on every trip of the loop",
        context.robustness_words(),
        Context::check_words(BoundsCheckPolicy::ReadZeroSkipWrite)
    ))
    .note(
        "measured 2026-11-23 (Mesa 22.3.6 RADV null devices), a light loop under webgl with \
         read-zero-skip-write buffers: reading each element once saved 10 SPIR-V \
         instructions after spirv-opt -O and 18 / 18 vega10 / gfx1100 instructions",
    )
    .with_fix(Some(Fix {
        applicability: Applicability::DisplayOnly,
        message: fix_text,
        edits: Vec::new(),
        measured: Vec::new(),
    }))
}

/// A local's name for the element of `array`: `uLightPos` → `lightPos`, `attractor` →
/// `curAttractor`.
fn local_name(array: Option<&str>) -> String {
    let Some(name) = array.filter(|n| !n.is_empty()) else {
        return "element".to_string();
    };
    let mut chars = name.chars();
    if let (Some('u'), Some(second)) = (chars.next(), chars.next()) {
        if second.is_ascii_uppercase() {
            return format!("{}{}", second.to_ascii_lowercase(), chars.as_str());
        }
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap();
    format!("cur{}{}", first.to_ascii_uppercase(), chars.as_str())
}
