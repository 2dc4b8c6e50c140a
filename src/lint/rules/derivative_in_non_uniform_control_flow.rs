//! `derivative-in-non-uniform-control-flow`: implicit-derivative sampling or `dFdx`/`fwidth` inside non-uniform control flow.

use naga::{DerivativeAxis, Expression, SampleLevel};

use crate::lint::analysis::uniformity::{Control, ControlKind, Uniformity};
use crate::lint::declare::declare_rule;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds, in fragment shaders, `texture()` calls that pick their mip level from implicit
    /// derivatives (`texture`, `texture` with a bias, `textureProj`, shadow lookups) and explicit
    /// derivatives (`dFdx`, `dFdy`, `fwidth`) evaluated where the pixels of a 2×2 quad may not all
    /// be: inside an `if` or `switch` on a per-pixel value, inside a loop some pixels leave early
    /// (a per-pixel `break`, `continue`, `return` or trip count), after a per-pixel `return` or
    /// `discard`, and inside a helper function called from any of those.
    ///
    /// Per-pixel values are interpolated inputs (not `flat`), `gl_FragCoord`, the sample index,
    /// texture reads at per-pixel coordinates, and anything computed, stored or assigned from them
    /// (a variable assigned inside a per-pixel branch is per-pixel too). Uniforms, buffers, push
    /// constants, `flat` inputs, `gl_FrontFacing` (constant per primitive), literals and constants
    /// are the same for the whole quad.
    ///
    /// ## Why is this bad?
    /// A GPU computes derivatives by differencing the values of the four pixels of a quad. When
    /// some of them are not executing the instruction, the result is undefined in GLSL, SPIR-V and
    /// WGSL: in practice wrong mip levels (seams, shimmering) on some GPUs and not on others.
    /// WGSL makes this a compile error; naga 30 (and so prism's compile) stays silent, because it
    /// computes uniformity but disables the fragment-stage derivative requirement
    /// (`DISABLE_UNIFORMITY_REQ_FOR_FRAGMENT_STAGE`), so this rule checks it itself.
    ///
    /// Measured 2026-11-23 (Mesa 22.3.6 RADV null devices) on a decal shader: no rewrite is a
    /// cost win. Sampling before the branch removes the branch (vega10 39 → 37, gfx1100 43 → 41
    /// instructions) but fetches the decal for every pixel; `textureGrad` with derivatives taken
    /// before the branch costs +10 / +9; `textureLod` costs the same and loses mip filtering.
    ///
    /// ## Example
    /// ```glsl
    /// in float vDecalMask;
    /// void main() {
    ///     vec4 c = texture(uAlbedo, vUV);
    ///     if (vDecalMask > 0.5) {
    ///         vec4 d = texture(uDecal, vUV * 4.0);   // implicit derivatives, per-pixel branch
    ///         c.rgb = mix(c.rgb, d.rgb, d.a);
    ///     }
    ///     fragColor = c;
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// vec4 d = texture(uDecal, vUV * 4.0);          // every pixel of the quad samples
    /// if (vDecalMask > 0.5) {
    ///     c.rgb = mix(c.rgb, d.rgb, d.a);
    /// }
    /// ```
    /// or take the derivatives outside and pass them in:
    /// ```glsl
    /// vec2 uv = vUV * 4.0;
    /// vec2 dx = dFdx(uv), dy = dFdy(uv);
    /// if (vDecalMask > 0.5) { vec4 d = textureGrad(uDecal, uv, dx, dy); … }
    /// ```
    /// or `textureLod(uDecal, uv, 0.0)` where the texture has no mips worth filtering. A branch on
    /// a uniform or a `flat` input is fine as it is.
    ///
    /// ## Fix safety
    /// No automatic fix. Sampling before the branch gives the same image where the original was
    /// defined but fetches for every pixel; `textureGrad` is the defined equivalent and costs about
    /// ten instructions; `textureLod` changes the image. Known gaps: a helper called from both
    /// uniform and per-pixel call sites is analysed once, with the per-pixel context (its samples
    /// are reported once, with the call site that makes them per-pixel); values read back from
    /// storage buffers or images the shader writes are taken as uniform when their index is.
    pub(crate) RULE = "derivative-in-non-uniform-control-flow",
    category: Correctness, default: on Error, fix: None, since: "0.1.0",
    summary: "implicit-derivative sampling or `dFdx`/`fwidth` inside non-uniform control flow",
    measured: "correctness: naga 30 never reports it",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    let module = context.module;
    if !module
        .entry_points
        .iter()
        .any(|ep| ep.stage == naga::ShaderStage::Fragment)
    {
        return;
    }
    let uniformity = context.uniformity();
    for view in &context.functions {
        let key = view.id;
        if !uniformity.analysed(key) {
            continue;
        }
        let function = view.function;
        for (handle, expression) in function.expressions.iter() {
            let what = match *expression {
                Expression::ImageSample {
                    level: SampleLevel::Auto,
                    gather: None,
                    depth_ref,
                    ..
                } => {
                    if depth_ref.is_some() {
                        "implicit-derivative shadow `texture` sample"
                    } else {
                        "implicit-derivative `texture` sample"
                    }
                }
                Expression::ImageSample {
                    level: SampleLevel::Bias(_),
                    gather: None,
                    ..
                } => "implicit-derivative `texture` sample with a bias",
                Expression::Derivative { axis, .. } => match axis {
                    DerivativeAxis::X => "derivative `dFdx`",
                    DerivativeAxis::Y => "derivative `dFdy`",
                    DerivativeAxis::Width => "derivative `fwidth`",
                },
                _ => continue,
            };
            let Some(control) = uniformity.control_at(key, handle) else {
                continue;
            };
            let loc = context.expr_loc(function, handle);
            let mut violation =
                Violation::new(format!("{what} inside non-uniform control flow"), loc);
            violation = violation.note(cause_words(context, uniformity, control));
            violation = violation.note(
                "derivatives difference the four pixels of a 2×2 quad; with some of them not \
                 executing this, the result (and the mip level it picks) is undefined; naga 30 \
                 does not report it (its fragment-stage uniformity requirement is disabled)",
            );
            let root_kind = root_cause(control);
            let advice = if matches!(expression, Expression::Derivative { .. }) {
                "take the derivative where every pixel of the quad runs (before the branch, \
                 loop or `discard`) and use the value here"
            } else if root_kind == &ControlKind::Kill {
                "sample before the `discard`, or use `textureGrad` with `dFdx`/`dFdy` of the \
                 coordinate taken before it"
            } else if root_kind == &ControlKind::LoopExit {
                "pixels leave this loop at different trips: use `textureLod` (as parallax and \
                 ray-march loops do) or `textureGrad` with `dFdx`/`dFdy` of the coordinate \
                 taken before the loop"
            } else {
                "sample before the branch and use the result inside (measured on a decal \
                 shader: vega10 39 → 37, gfx1100 43 → 41 instructions, but every pixel \
                 fetches), or take `dFdx`/`dFdy` of the coordinate before the branch and use \
                 `textureGrad` inside (+10 / +9 instructions), or `textureLod` when mip \
                 filtering is not needed"
            };
            out.push(violation.note(advice));
        }
    }
}

/// The construct that makes control flow non-uniform, through helper calls.
fn root_cause(control: &Control) -> &ControlKind {
    match (&control.kind, control.cause.as_deref()) {
        (ControlKind::Caller { .. }, Some(cause)) => root_cause(cause),
        (kind, _) => kind,
    }
}

/// Why control flow is non-uniform here, in words.
fn cause_words(context: &Context, uniformity: &Uniformity, control: &Control) -> String {
    let module = context.module;
    let function = control.function.function(module);
    let span = match control.expression {
        Some(e) => context.expr_span(function, e),
        None => control.span,
    };
    let at = context
        .loc(span)
        .map(|loc| format!(" at {}", context.line_words(loc)))
        .unwrap_or_default();
    let origin = uniformity.describe(control.origin);
    match &control.kind {
        ControlKind::If => format!(
            "the `if`{at} branches on a per-pixel value ({origin}): pixels of one quad can take different sides"
        ),
        ControlKind::Switch => format!(
            "the `switch`{at} selects on a per-pixel value ({origin}): pixels of one quad can take different cases"
        ),
        ControlKind::LoopExit => format!(
            "the enclosing loop is left per pixel (the exit{at} depends on {origin}): after some pixels of a quad have left it, the others run on alone"
        ),
        ControlKind::Return => format!(
            "it follows the per-pixel `return`{at} (it depends on {origin})"
        ),
        ControlKind::Kill => format!(
            "it follows the per-pixel `discard`{at} (it depends on {origin})"
        ),
        ControlKind::Caller { callee } => {
            let name = module.functions[*callee].name.as_deref().unwrap_or("this function");
            let inner = control
                .cause
                .as_deref()
                .map(|c| format!(": {}", cause_words(context, uniformity, c)))
                .unwrap_or_default();
            format!("`{name}` is called{at} from non-uniform control flow{inner}")
        }
    }
}
