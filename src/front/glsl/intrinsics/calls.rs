//! Built-in functions: barriers, gathers, `nonuniformEXT`, `subpassLoad` and the extended
//! integer arithmetic (see the table in the module docs).

use super::gather;
use super::pass::{gen, Pass};
use super::sampler_scopes::SamplerScopes;
use crate::front::glsl::preprocess::TokenKind;

/// Memory barriers: the stub each becomes (lowered to `Statement::MemoryBarrier`).
pub const BARRIERS: &[&str] = &[
    "memoryBarrier",
    "memoryBarrierShared",
    "memoryBarrierBuffer",
    "memoryBarrierImage",
    "memoryBarrierAtomicCounter",
    "groupMemoryBarrier",
];

/// The stub name of a barrier function.
pub fn barrier_stub(name: &str) -> String {
    format!("prism_{name}")
}

/// The stub `subgroupBarrier()` becomes (lowered to `Statement::ControlBarrier(SUB_GROUP)`).
pub const SUBGROUP_BARRIER_STUB: &str = "prism_subgroupBarrier";

/// The subgroup memory barriers and the wider memory barrier each becomes: naga's writers
/// have no subgroup-scope memory barrier (its SPIR-V one sets `SubgroupMemory` semantics,
/// which Vulkan forbids). A wider scope orders at least as much.
const SUBGROUP_MEMORY_BARRIERS: &[(&str, &str)] = &[
    ("subgroupMemoryBarrier", "memoryBarrier"),
    ("subgroupMemoryBarrierBuffer", "memoryBarrierBuffer"),
    ("subgroupMemoryBarrierShared", "memoryBarrierShared"),
    ("subgroupMemoryBarrierImage", "memoryBarrierImage"),
];

pub(super) fn rewrite(pass: &mut Pass) {
    let samplers = SamplerScopes::of(pass.tokens);
    for i in 0..pass.tokens.len() {
        let t = &pass.tokens[i];
        if t.kind != TokenKind::Ident || !pass.is_call(i) {
            continue;
        }
        let name = t.text.clone();
        let loc = t.loc;
        match name.as_str() {
            n if BARRIERS.contains(&n) => {
                let stub = barrier_stub(n);
                pass.stub(&stub, || format!("void {stub} ( ) {{ }}"));
                pass.replace(i, i + 1, gen(&stub, loc));
            }
            "subgroupBarrier" => {
                let stub = SUBGROUP_BARRIER_STUB;
                pass.stub(stub, || format!("void {stub} ( ) {{ }}"));
                pass.replace(i, i + 1, gen(stub, loc));
            }
            n if SUBGROUP_MEMORY_BARRIERS.iter().any(|(s, _)| *s == n) => {
                let wider = SUBGROUP_MEMORY_BARRIERS
                    .iter()
                    .find(|(s, _)| *s == n)
                    .map_or("memoryBarrier", |(_, w)| w);
                let stub = barrier_stub(wider);
                pass.stub(&stub, || format!("void {stub} ( ) {{ }}"));
                pass.replace(i, i + 1, gen(&stub, loc));
                let scope = if wider == "memoryBarrierShared" {
                    "workgroup"
                } else {
                    "device"
                };
                pass.warnings.push(crate::diagnostic::warning_at(
                    "W-DIALECT",
                    format!("`{n}()` is written as `{wider}()`, a {scope}-scope memory barrier"),
                    loc,
                    "naga has no subgroup-scope memory barrier; the wider one orders at least as much, and may cost more (MSL writes it as `threadgroup_barrier`, which also waits for the threadgroup)",
                ));
            }
            "nonuniformEXT" => pass.replace(i, i + 1, Vec::new()),
            "textureGather" | "textureGatherOffset" => gather::rewrite(pass, i, &samplers),
            "subpassLoad" => subpass_load(pass, i),
            "textureSamples" => texture_samples(pass, i),
            "uaddCarry" | "usubBorrow" | "umulExtended" | "imulExtended" => {
                let stub = format!("prism_{name}");
                pass.stub(&stub, || extended_source(&name, &stub));
                pass.replace(i, i + 1, gen(&stub, loc));
            }
            _ => {}
        }
    }
}

/// The stub `textureSamples` calls become (lowered to `ImageQuery::NumSamples`).
pub const SAMPLES_STUB: &str = "prism_textureSamples";

/// The multisampled texture types `textureSamples` takes.
const MULTISAMPLED: &[&str] = &[
    "sampler2DMS",
    "isampler2DMS",
    "usampler2DMS",
    "sampler2DMSArray",
    "isampler2DMSArray",
    "usampler2DMSArray",
    "texture2DMS",
    "itexture2DMS",
    "utexture2DMS",
    "texture2DMSArray",
    "itexture2DMSArray",
    "utexture2DMSArray",
];

/// `textureSamples(x)` → `int(prism_textureSamples(x))`: naga's IR has the query, its GLSL
/// reader not the name. The stub has an overload for each multisampled type the shader names.
fn texture_samples(pass: &mut Pass, i: usize) {
    let tokens = pass.tokens;
    let loc = tokens[i].loc;
    let Some(close) = pass.close_of(i + 1) else {
        return;
    };
    pass.stub(SAMPLES_STUB, || {
        let named = |ty: &&&str| tokens.iter().any(|t| t.is_ident(ty));
        MULTISAMPLED
            .iter()
            .filter(named)
            .map(|ty| format!("uint {SAMPLES_STUB} ( {ty} t ) {{ return 0u ; }}"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    pass.replace(i, i + 1, gen(&format!("int ( {SAMPLES_STUB}"), loc));
    pass.replace(close + 1, close + 1, gen(")", tokens[close].loc));
}

/// `subpassLoad(x[, sample])` → `texelFetch(x, ivec2(gl_FragCoord.xy), sample or 0)`.
fn subpass_load(pass: &mut Pass, i: usize) {
    let tokens = pass.tokens;
    let loc = tokens[i].loc;
    let open = i + 1;
    let Some(close) = pass.close_of(open) else {
        return;
    };
    let commas = pass.commas(open, close);
    let image_end = commas.first().copied().unwrap_or(close);
    let mut out = gen("texelFetch (", loc);
    out.extend_from_slice(&tokens[open + 1..image_end]);
    out.extend(gen(", ivec2 ( gl_FragCoord . xy ) ,", loc));
    if commas.is_empty() {
        out.extend(gen("0", loc));
    } else {
        out.extend_from_slice(&tokens[image_end + 1..close]);
    }
    out.extend(gen(")", tokens[close].loc));
    pass.replace(i, close + 1, out);
}

/// GLSL source of the overloads of one extended-arithmetic function.
fn extended_source(name: &str, stub: &str) -> String {
    let mut out = String::new();
    for n in 1..=4 {
        let (u, i) = if n == 1 {
            ("uint".to_string(), "int".to_string())
        } else {
            (format!("uvec{n}"), format!("ivec{n}"))
        };
        // `less(a, b)`: 1 where a < b, per component, as `u`.
        let less = |a: &str, b: &str| {
            if n == 1 {
                format!("( {a} < {b} ? 1u : 0u )")
            } else {
                format!("{u} ( lessThan ( {a} , {b} ) )")
            }
        };
        let body = match name {
            "uaddCarry" => format!(
                "{u} {stub} ( {u} x , {u} y , out {u} carry ) {{ {u} r = x + y ; carry = {} ; return r ; }}",
                less("r", "x")
            ),
            "usubBorrow" => format!(
                "{u} {stub} ( {u} x , {u} y , out {u} borrow ) {{ borrow = {} ; return x - y ; }}",
                less("x", "y")
            ),
            "umulExtended" => format!(
                "void {stub} ( {u} x , {u} y , out {u} msb , out {u} lsb ) {{ {} }}",
                umul_body(&u, &less)
            ),
            _ => format!(
                "void {stub} ( {i} x , {i} y , out {i} msb , out {i} lsb ) {{ {u} ux = {u} ( x ) ; {u} uy = {u} ( y ) ; {u} m ; {u} l ; {stub}_u ( ux , uy , m , l ) ; {u} fx = {u} ( lessThanZero_x ) ; {u} fy = {u} ( lessThanZero_y ) ; msb = {i} ( m - fx * uy - fy * ux ) ; lsb = {i} ( l ) ; }}",
            )
            .replace("lessThanZero_x", &sign_mask(n, "x"))
            .replace("lessThanZero_y", &sign_mask(n, "y")),
        };
        if name == "imulExtended" {
            let helper = format!(
                "void {stub}_u ( {u} x , {u} y , out {u} msb , out {u} lsb ) {{ {} }}",
                umul_body(&u, &less)
            );
            out.push_str(&helper);
            out.push(' ');
        }
        out.push_str(&body);
        out.push(' ');
    }
    out
}

/// 1 per negative component of `v` (an `int`/`ivecN`), as an unsigned value.
fn sign_mask(n: usize, v: &str) -> String {
    if n == 1 {
        format!("{v} < 0 ? 1u : 0u")
    } else {
        format!("lessThan ( {v} , ivec{n} ( 0 ) )")
    }
}

/// 32×32→64-bit unsigned multiply out of 16-bit halves.
fn umul_body(u: &str, less: &dyn Fn(&str, &str) -> String) -> String {
    format!(
        "{u} xl = x & 65535u ; {u} xh = x >> 16u ; {u} yl = y & 65535u ; {u} yh = y >> 16u ; \
         {u} ll = xl * yl ; {u} lh = xl * yh ; {u} hl = xh * yl ; {u} hh = xh * yh ; \
         {u} mid = lh + hl ; {u} midc = {} ; \
         lsb = ll + ( mid << 16u ) ; {u} lc = {} ; \
         msb = hh + ( mid >> 16u ) + ( midc << 16u ) + lc ;",
        less("mid", "lh"),
        less("lsb", "ll")
    )
}
