//! `runtime-array-length-check`: runtime-sized array accesses that each pay `OpArrayLength` for their bounds check.

use naga::proc::BoundsCheckPolicy;
use naga::{ArraySize, Expression};

use crate::lint::analysis::locals::root_global;
use crate::lint::declare::declare_rule;
use crate::lint::rules::idx_util;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Reports each runtime-sized array (`buffer B { float x[]; }`, the last member of a storage
    /// block; `array<T>` in WGSL) that the buffer policy in force checks (restrict under `webgpu`
    /// and `webgl`, or read-zero-skip-write), with the number of accesses into it: one finding per
    /// array, not per access.
    ///
    /// ## Why is this bad?
    /// The array's length is only known at run time, so every checked access reads it:
    /// `OpArrayLength`, an `ISub` and a `UMin` (restrict) per access, where a fixed-size array pays
    /// one `UMin` against a constant. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 /
    /// gfx1100; `docs/lint-study.md` §4), `saxpy` (`y[i] = a * x[i] + y[i]`, three accesses):
    /// 9 inserted instructions against 1 with fixed sizes; the checks cost +6 SPIR-V after
    /// `spirv-opt -O` and +9 / +9 instructions over robustness `none` (22 → 31, 23 → 32).
    ///
    /// What removes it is the device, not the shader: on a Vulkan device with
    /// `robustBufferAccess2` (`VK_EXT_robustness2`) wgpu compiles storage buffers with the
    /// `Unchecked` buffer policy, and the hardware bounds-checks for free;
    /// `prism isa FILE --robustness webgpu --buffer-bounds unchecked` shows that build (22 / 23,
    /// as `none`).
    ///
    /// Not reported: fixed-size arrays, and robustness `none` or `--buffer-bounds unchecked`.
    ///
    /// ## Example
    /// ```glsl
    /// layout(std430, binding = 0) readonly buffer X { float x[]; };
    /// layout(std430, binding = 1) buffer Y { float y[]; };
    /// y[i] = a * x[i] + y[i];
    /// ```
    ///
    /// ## Use instead
    /// Keep the runtime-sized arrays and run where the device's robustness makes the check
    /// unnecessary (`robustBufferAccess2`). A fixed size (`float x[65536]`) measured −5 after
    /// `spirv-opt -O` and −8 / −8 instructions under webgpu, but the shader then assumes the buffer
    /// size: WebGPU requires bindings at least that large and elements past it become unreachable.
    /// `length()` guards and `min(i, x.length() - 1)` do not help (+8 to +10 after
    /// `spirv-opt -O`).
    ///
    /// ## Fix safety
    /// No fix is offered: the fixed-size rewrite is unsafe (it assumes the buffer's size).
    pub(crate) RULE = "runtime-array-length-check",
    category: Cost, default: on Note, fix: None, since: "0.1.0",
    summary: "runtime-sized array accesses that each pay `OpArrayLength` for their bounds check",
    fix_note: "fixed sizes are unsafe; `robustBufferAccess2` removes it",
    check: check,
}

struct Array {
    global: naga::Handle<naga::GlobalVariable>,
    name: Option<String>,
    policy: BoundsCheckPolicy,
    first: Option<crate::source::Loc>,
    accesses: usize,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    let mut arrays: Vec<Array> = Vec::new();
    for view in &context.functions {
        let f = view.function;
        for (h, expression) in f.expressions.iter() {
            let base = match *expression {
                Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => base,
                _ => continue,
            };
            let Some(array) = idx_util::array_of(context, view, base) else {
                continue;
            };
            if !matches!(array.size, ArraySize::Dynamic) {
                continue;
            }
            let policy = context.policy_for(view, base);
            if policy == BoundsCheckPolicy::Unchecked {
                continue;
            }
            let Some(global) = root_global(f, base) else {
                continue;
            };
            let name = idx_util::array_name(context, f, base);
            let loc = match expression {
                Expression::Access { .. } => idx_util::access_loc(context, f, h),
                _ => context.expr_loc(f, h),
            };
            match arrays
                .iter_mut()
                .find(|a| a.global == global && a.name == name)
            {
                Some(a) => {
                    a.accesses += 1;
                    a.first = a.first.or(loc);
                }
                None => arrays.push(Array {
                    global,
                    name,
                    policy,
                    first: loc,
                    accesses: 1,
                }),
            }
        }
    }
    for a in arrays {
        let name = a
            .name
            .as_deref()
            .map(|n| format!("`{n}`"))
            .unwrap_or_else(|| "a storage buffer".to_string());
        let each = if a.accesses == 1 {
            "its access reads".to_string()
        } else {
            format!("each of its {} accesses reads", a.accesses)
        };
        out.push(
            Violation::new(
                format!("runtime-sized array {name}: {each} the array length for its bounds check"),
                a.first,
            )
            .note(format!(
                "under robustness {} each access loads the length (`OpArrayLength`, then \
                 `ISub` for the last index) before {}; a fixed-size array compares against a \
                 constant",
                context.robustness_words(),
                Context::check_words(a.policy)
            ))
            .note(
                "on a Vulkan device with `robustBufferAccess2` (VK_EXT_robustness2) wgpu uses \
                 unchecked buffers and the hardware checks for free: \
                 `--buffer-bounds unchecked` shows that build",
            )
            .note(
                "measured 2026-11-23 (Mesa 22.3.6 RADV null devices), saxpy with three \
                 accesses: the checks cost +6 SPIR-V instructions after spirv-opt -O and \
                 +9 / +9 vega10 / gfx1100 instructions; a fixed size would save 5 and 8 / 8 \
                 but assumes the buffer's size, so no fix is offered",
            ),
        );
    }
}
