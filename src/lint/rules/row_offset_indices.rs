//! `row-offset-indices`: rows of one element read as `a[k]`, `a[k+1]`, `a[k+2]`: one check each.

use std::collections::HashSet;

use crate::lint::analysis::locals::root_global;
use crate::lint::analysis::same_value::same_value;
use crate::lint::analysis::values::literal;
use crate::lint::analysis::{FnId, FunctionView};
use crate::lint::declare::declare_rule;
use crate::lint::rules::idx_util;
use crate::lint::{Applicability, Context, Fix, Violation};
use naga::proc::BoundsCheckPolicy;
use naga::{AddressSpace, BinaryOperator, Expression, Handle, TypeInner};

declare_rule! {
    /// ## What it does
    /// Finds one array read at `b`, `b + 1`, …, `b + n - 1` where `b` is a multiple of `n`
    /// (`b = i * 3`, possibly computed in the caller and passed as an argument): the rows of one
    /// `n`-row element stored as separate array entries, e.g. a bone as three `vec4` rows of
    /// `uniform vec4 uBones[204]`. Reported only when the robustness policy in force checks the
    /// accesses (`webgpu`, `webgl`, or an explicit `--index-bounds`/`--buffer-bounds`).
    ///
    /// ## Why is this bad?
    /// Each of the `n` indices gets its own bounds check (a `UMin` clamp under restrict, a compare,
    /// branch and phi under read-zero-skip-write), and the clamped rows can no longer be fetched as
    /// one element. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 and gfx1100;
    /// `docs/lint-study.md` §2), skinning with `uBones[b]`, `uBones[b + 1]`, `uBones[b + 2]`:
    ///
    /// | preset | SPIR-V after `spirv-opt -O` | vega10 | gfx1100 |
    /// |---|---:|---:|---:|
    /// | webgpu | 96 → 75 (−21) | 151 → 121 (−30) | 161 → 132 (−29) |
    /// | webgl, read-zero-skip-write buffers | 132 → 87 (−45) | 314 → 205 (−109) | 289 → 186 (−103) |
    /// | none | 84 → 71 (−13) | 120 = 120 | 127 = 127 |
    ///
    /// Under `none` nothing is inserted and the driver already folds the offsets into one load
    /// (0 on both GPUs), so the rule stays silent there. A storage buffer `vec4 rows[]` regrouped
    /// as `mat3x4 bones[]` measured −24 after `spirv-opt -O` and −24 / −27 under webgpu.
    ///
    /// Not reported: sliding windows `w[i - 1] + w[i] + w[i + 1]` (the base is not a multiple of
    /// the run), literal indices, one index into different arrays, and `float a[3 * N]` in a
    /// std140 block (16 bytes per float: no struct has the same bytes).
    ///
    /// ## Example
    /// ```glsl
    /// uniform vec4 uBones[3 * 68];
    /// mat4 bone(int i) {              // called as bone(idx.x * 3)
    ///     vec4 r0 = uBones[i];
    ///     vec4 r1 = uBones[i + 1];
    ///     vec4 r2 = uBones[i + 2];
    ///     …
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// struct Bone { vec4 r0; vec4 r1; vec4 r2; };   // or: uniform mat3x4 uBones[68];
    /// uniform Bone uBones[68];
    /// mat4 bone(int i) {              // called as bone(idx.x)
    ///     Bone b = uBones[i];          // one element, one check
    ///     …
    /// }
    /// ```
    /// Load the element once: reading `uBones[i].r0`, `.r1`, `.r2` through the array keeps one
    /// check per row (−27 instead of −109 on vega10 under webgl).
    ///
    /// ## Fix safety
    /// Display-only. In a uniform or storage block the bytes are the same (`vec4` rows, a
    /// `mat3x4`'s columns and the struct coincide), so in-range results are identical; an
    /// out-of-range element is now clamped as a whole instead of row by row. For loose WebGL
    /// uniforms the application's upload code changes (`uniform4fv` on `uBones` becomes per-member
    /// or `uniformMatrix3x4fv` uploads), so the rewrite is made by hand.
    pub(crate) RULE = "row-offset-indices",
    category: Cost, default: on Warning, fix: DisplayOnly, since: "0.1.0",
    summary: "rows of one element read as `a[k]`, `a[k+1]`, `a[k+2]`: one check each",
    default_note: "silent under `none`: the driver folds the offsets",
    fix_note: "struct / `mat3x4` element loaded once",
    measured: "skinning, webgpu: 171 → 150; 160 → 132 / 177 → 149",
    check: check,
}

struct Group {
    base: Handle<Expression>,
    start: Handle<Expression>,
    /// (offset, access, index)
    rows: Vec<(i64, Handle<Expression>, Handle<Expression>)>,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for view in &context.functions {
        let f = view.function;
        let mut groups: Vec<Group> = Vec::new();
        for (h, expression) in f.expressions.iter() {
            let Expression::Access { base, index } = *expression else {
                continue;
            };
            if literal(context.module, f, index).is_some()
                || !packed_array(context, view, base)
                || context.policy_for(view, base) == BoundsCheckPolicy::Unchecked
            {
                continue;
            }
            let (start, k) = split_offset(context, view, index);
            let found = groups.iter_mut().find(|g| {
                same_value(context.module, view, g.base, base)
                    && same_value(context.module, view, g.start, start)
            });
            match found {
                Some(g) => g.rows.push((k, h, index)),
                None => groups.push(Group {
                    base,
                    start,
                    rows: vec![(k, h, index)],
                }),
            }
        }
        for group in groups {
            let mut offsets: Vec<i64> = group.rows.iter().map(|r| r.0).collect();
            offsets.sort_unstable();
            offsets.dedup();
            if offsets.len() < 2 || offsets[0] != 0 {
                continue;
            }
            let Some(m) = multiple_of(context, view.id, group.start) else {
                continue;
            };
            if *offsets.last().unwrap() >= m as i64 {
                continue;
            }
            out.push(violation(context, view, &group, &offsets, m));
        }
    }
}

/// An array whose elements are tightly packed where the layout is the application's (a
/// uniform or storage block): regrouping its rows keeps the bytes.
fn packed_array(context: &Context, view: &FunctionView, base: Handle<Expression>) -> bool {
    let Some(array) = idx_util::array_of(context, view, base) else {
        return false;
    };
    let space = root_global(view.function, base).map(|g| context.module.global_variables[g].space);
    match space {
        Some(AddressSpace::Uniform | AddressSpace::Storage { .. } | AddressSpace::Immediate) => {
            context.module.types[array.element]
                .inner
                .size(context.module.to_ctx())
                == array.stride
        }
        _ => true,
    }
}

fn violation(
    context: &Context,
    view: &FunctionView,
    group: &Group,
    offsets: &[i64],
    m: u64,
) -> Violation {
    let f = view.function;
    let first = group
        .rows
        .iter()
        .find(|r| r.0 == 0)
        .copied()
        .unwrap_or(group.rows[0]);
    let name = idx_util::array_name(context, f, group.base);
    let array = name
        .as_deref()
        .map(|n| format!("`{n}`"))
        .unwrap_or_else(|| "one array".to_string());
    let texts: Vec<String> = offsets
        .iter()
        .map(|k| {
            let row = group.rows.iter().find(|r| r.0 == *k).unwrap();
            idx_util::index_text(context, f, row.1)
                .map(|t| format!("`{t}`"))
                .unwrap_or_else(|| format!("+{k}"))
        })
        .collect();
    let n = offsets.len();
    let message = format!(
        "{n} row-offset indices into {array} ({}): rows of one element checked one by one",
        texts.join(", ")
    );
    let policy = context.policy_for(view, group.base);
    let array_info = idx_util::array_of(context, view, group.base);
    let element_is_vec4 = array_info.is_some_and(|a| {
        matches!(
            context.module.types[a.element].inner,
            TypeInner::Vector {
                size: naga::VectorSize::Quad,
                scalar: naga::Scalar {
                    kind: naga::ScalarKind::Float,
                    width: 4
                }
            }
        )
    });
    let element = array_info
        .map(|a| crate::lint::rules::idx_util::type_name(context, a.element))
        .unwrap_or_else(|| "row".to_string());
    let scalar = array_info.and_then(|a| match context.module.types[a.element].inner {
        TypeInner::Scalar(scalar) if scalar.width == 4 => Some(scalar.kind),
        _ => None,
    });
    let shape = match scalar {
        // A `vec2`/`vec4` of scalars has the scalars' bytes (std430 aligns it to its size,
        // and the start is a multiple of it); `vec3` does not (16-byte stride).
        Some(kind) if m == 2 || m == 4 => {
            let prefix = match kind {
                naga::ScalarKind::Sint => "i",
                naga::ScalarKind::Uint => "u",
                naga::ScalarKind::Bool => "b",
                _ => "",
            };
            format!("a `{prefix}vec{m}`")
        }
        _ if element_is_vec4 && m == 4 => format!("a struct of 4 `{element}` rows or a `mat4`"),
        _ if element_is_vec4 && (2..=3).contains(&m) => {
            format!("a struct of {m} `{element}` rows or a `mat{m}x4`")
        }
        _ => format!("a struct of {m} `{element}` rows"),
    };
    let loose = root_global(f, group.base).is_some_and(|g| {
        let ty = context.module.global_variables[g].ty;
        context.module.types[ty].name.as_deref() == Some("prism_globals")
    });
    Violation::new(message, idx_util::access_loc(context, f, first.1))
        .note(format!(
            "under robustness {} each of the {} accesses pays {}; one element loaded once \
             pays it once",
            context.robustness_words(),
            group.rows.len(),
            Context::check_words(policy)
        ))
        .note(format!(
            "the start index is a multiple of {m}, so offsets {} are rows of one {m}-row element",
            offsets
                .iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .note(
            "measured 2026-11-23 (Mesa 22.3.6 RADV null devices), skinning rows: one struct or \
             `mat3x4` element loaded once saved 21 SPIR-V instructions after spirv-opt -O and \
             30 / 29 vega10 / gfx1100 instructions under webgpu (45 and 109 / 103 under webgl \
             with read-zero-skip-write buffers); under none the driver already folds the \
             offsets (0)",
        )
        .with_fix(Some(Fix {
            applicability: Applicability::DisplayOnly,
            message: format!(
                "make the element {shape}, index it with the start divided by {m}, and load it \
                 once into a local{}",
                if loose {
                    " (the application uploads the uniform array differently)"
                } else {
                    ""
                }
            ),
            edits: Vec::new(),
            measured: Vec::new(),
        }))
}

/// `(base, k)` for an index spelled `base + k` or `base - k` with a literal `k` (through
/// locals); `(index, 0)` otherwise.
pub fn split_offset(
    context: &Context,
    view: &FunctionView,
    index: Handle<Expression>,
) -> (Handle<Expression>, i64) {
    let f = view.function;
    let peeled = view.locals().peel(f, index);
    let lit = |h| literal(context.module, f, h).filter(|v| v.fract() == 0.0 && v.abs() < 1e9);
    match f.expressions[peeled] {
        Expression::Binary {
            op: BinaryOperator::Add,
            left,
            right,
        } => {
            if let Some(k) = lit(right) {
                return (left, k as i64);
            }
            if let Some(k) = lit(left) {
                return (right, k as i64);
            }
        }
        Expression::Binary {
            op: BinaryOperator::Subtract,
            left,
            right,
        } => {
            if let Some(k) = lit(right) {
                return (left, -(k as i64));
            }
        }
        _ => {}
    }
    (index, 0)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The largest literal factor `handle` (in function `id`) is known to be a multiple of: `x * n`,
/// `x << s`, sums and components of multiples, and through locals and function arguments
/// (every call site). `None` when no factor of 2 or more is known.
pub fn multiple_of(context: &Context, id: FnId, handle: Handle<Expression>) -> Option<u64> {
    let mut visiting = HashSet::new();
    multiple_depth(context, id, handle, &mut visiting, 24).filter(|m| *m >= 2)
}

fn multiple_depth(
    context: &Context,
    id: FnId,
    handle: Handle<Expression>,
    visiting: &mut HashSet<(FnId, Handle<Expression>)>,
    depth: u32,
) -> Option<u64> {
    if depth == 0 || !visiting.insert((id, handle)) {
        return None;
    }
    let view = context.view(id);
    let f = view.function;
    let h = view.locals().peel(f, handle);
    let lit = |x| {
        literal(context.module, f, x)
            .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v < 1e9)
            .map(|v| v as u64)
    };
    let rec = |x, visiting: &mut HashSet<_>| multiple_depth(context, id, x, visiting, depth - 1);
    let result = match f.expressions[h] {
        Expression::Binary {
            op: BinaryOperator::Multiply,
            left,
            right,
        } => match (lit(left), lit(right)) {
            (_, Some(n)) => Some(n * rec(left, visiting).unwrap_or(1)),
            (Some(n), None) => Some(n * rec(right, visiting).unwrap_or(1)),
            _ => None,
        },
        Expression::Binary {
            op: BinaryOperator::ShiftLeft,
            right,
            ..
        } => lit(right).filter(|s| *s < 32).map(|s| 1u64 << s),
        Expression::Binary {
            op: BinaryOperator::Add | BinaryOperator::Subtract,
            left,
            right,
        } => {
            let l = rec(left, visiting)?;
            let r = rec(right, visiting)?;
            Some(gcd(l, r))
        }
        Expression::AccessIndex { base, .. } => rec(base, visiting),
        Expression::Swizzle { vector, .. } => rec(vector, visiting),
        Expression::Splat { value, .. } => rec(value, visiting),
        Expression::Compose { ref components, .. } => {
            let mut g = 0;
            for c in components {
                g = gcd(g, rec(*c, visiting)?);
            }
            (g > 0).then_some(g)
        }
        Expression::Load { pointer } => match f.expressions[pointer] {
            Expression::LocalVariable(v) if !view.locals().written_in_part(v) => {
                let mut g = 0;
                let values = view
                    .locals()
                    .stores(v)
                    .iter()
                    .copied()
                    .chain(f.local_variables[v].init);
                for value in values {
                    g = gcd(g, rec(value, visiting)?);
                }
                (g > 0).then_some(g)
            }
            _ => None,
        },
        Expression::FunctionArgument(k) => {
            let mut g = 0;
            for site in context.calls().sites_of(id) {
                let a = *site.arguments.get(k as usize)?;
                g = gcd(
                    g,
                    multiple_depth(context, site.caller, a, visiting, depth - 1)?,
                );
            }
            (g > 0).then_some(g)
        }
        _ => None,
    };
    visiting.remove(&(id, handle));
    result
}
