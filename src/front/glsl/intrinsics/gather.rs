//! `textureGather` and `textureGatherOffset`, which naga's GLSL reader lacks, carried
//! through its parse as other sampling calls with a marker, then made gathers.
//!
//! - Colour: `textureGather(s, p[, c])` → `textureLod(s, p, MARK + c)` (the offset form
//!   `textureLodOffset`). `c` may be any constant expression: naga folds `MARK + float(c)` to
//!   one literal, and step 2 refuses what it could not fold, as glslang does ("must be a
//!   compile-time constant"), and components outside 0-3.
//! - Depth comparison: `textureGather(s, p, ref)` on a `sampler2DShadow`,
//!   `samplerCubeShadow` or `sampler2DArrayShadow` → `prism_gather_compare(texture(s,
//!   vecN(p, ref)))` (`texture(s, p, ref)` on a `samplerCubeArrayShadow`) (`textureOffset` for the offset form): naga's reader drops the level of
//!   every shadow sample, so no level can carry a marker; a call of a stub can. Step 2 makes
//!   the call's result the sample itself, as a gather of the one depth component. Which
//!   sampler the first argument is comes from its declaration in scope (`sampler_scopes`).

use naga::{BinaryOperator, Expression, Function, Handle, Literal, SampleLevel, SwizzleComponent};

use super::pass::{gen, Pass, Refused, GATHER_MARK};
use super::sampler_scopes::SamplerScopes;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The stub a depth-comparison gather's sample is passed to (see the module docs).
pub(super) const COMPARE_STUB: &str = "prism_gather_compare";

/// Shadow sampler types a gather can compare with: the size of the coordinate vector with
/// the reference in it, or `None` where the reference is an argument of its own (naga's
/// reader takes `texture(samplerCubeArrayShadow, vec4, float)` as GLSL does).
fn shadow_coords(ty: &str) -> Option<Option<usize>> {
    match ty {
        "sampler2DShadow" => Some(Some(3)),
        "samplerCubeShadow" | "sampler2DArrayShadow" => Some(Some(4)),
        "samplerCubeArrayShadow" => Some(None),
        _ => None,
    }
}

fn is_shadow_type(text: &str) -> bool {
    text.starts_with("sampler") && text.ends_with("Shadow") && text != "samplerShadow"
}

/// The shadow sampler type of a call's first argument (at token `at`), if it is one.
fn shadow_type(arg: &[Token], at: usize, scopes: &SamplerScopes) -> Option<String> {
    let first = arg.iter().find(|t| t.kind == TokenKind::Ident)?;
    if is_shadow_type(&first.text) {
        return Some(first.text.clone());
    }
    scopes
        .type_at(&first.text, at)
        .filter(|ty| is_shadow_type(ty))
        .map(str::to_string)
}

/// Step 1 for one call at `i` (see the module docs).
pub(super) fn rewrite(pass: &mut Pass, i: usize, scopes: &SamplerScopes) {
    let tokens = pass.tokens;
    let t = &tokens[i];
    let offset = t.text == "textureGatherOffset";
    let open = i + 1;
    let Some(close) = pass.close_of(open) else {
        return;
    };
    let commas = pass.commas(open, close);
    let fixed = if offset { 3 } else { 2 };
    let args = commas.len() + 1;
    if args < fixed || args > fixed + 1 {
        return; // naga reports the wrong argument count at the call
    }
    // The argument tokens: `arg(k)`.
    let bounds: Vec<(usize, usize)> = std::iter::once(open)
        .chain(commas.iter().copied())
        .zip(commas.iter().copied().chain(std::iter::once(close)))
        .map(|(a, b)| (a + 1, b))
        .collect();
    let arg = |k: usize| &tokens[bounds[k].0..bounds[k].1];
    if let Some(ty) = shadow_type(arg(0), i, scopes) {
        let Some(coords) = shadow_coords(&ty) else {
            pass.unsupported(
                t.loc,
                format!("not supported by prism: `{}` on a `{ty}`", t.text),
                "naga's reader has no sampling function to carry this gather through",
            );
            return;
        };
        if args != fixed + 1 {
            return; // no reference: naga reports the call
        }
        pass.stub(COMPARE_STUB, || {
            format!("vec4 {COMPARE_STUB} ( float d ) {{ return vec4 ( d ) ; }}")
        });
        let name = if offset { "textureOffset" } else { "texture" };
        let mut out = gen(&format!("{COMPARE_STUB} ( {name} ("), t.loc);
        out.extend_from_slice(arg(0));
        match coords {
            Some(n) => out.extend(gen(&format!(", vec{n} ("), t.loc)),
            None => out.extend(gen(", (", t.loc)),
        }
        out.extend_from_slice(arg(1));
        out.extend(gen(if coords.is_some() { "," } else { ") ," }, t.loc));
        out.extend_from_slice(arg(2));
        if coords.is_some() {
            out.extend(gen(")", t.loc));
        }
        if offset {
            out.extend(gen(",", t.loc));
            out.extend_from_slice(arg(3));
        }
        out.extend(gen(") )", tokens[close].loc));
        pass.replace(i, close + 1, out);
        return;
    }
    // Colour: the component, a literal checked here or any expression naga must fold.
    let component: Vec<Token> = if args == fixed {
        gen(&format!("{GATHER_MARK:.1}"), t.loc)
    } else {
        let given = arg(fixed);
        if let [one] = given {
            if one.kind == TokenKind::Int {
                let value = one.text.trim_end_matches(['u', 'U']).parse::<u32>().ok();
                match value.filter(|c| *c < 4) {
                    Some(c) => gen(&format!("{:.1}", GATHER_MARK + c as f32), t.loc),
                    None => {
                        pass.errors.push(crate::diagnostic::error_at(
                            "E-DIALECT",
                            format!("`{}`: the component must be 0, 1, 2 or 3", t.text),
                            one.loc,
                            "component argument",
                        ));
                        return;
                    }
                }
            } else if let Some(init) = local_const(tokens, one) {
                marked(init, t.loc)
            } else {
                marked(given, t.loc)
            }
        } else {
            marked(given, t.loc)
        }
    };
    let name = if offset {
        "textureLodOffset"
    } else {
        "textureLod"
    };
    // `( s , p` as written, then the level, then `, o` for the offset form, then `)`.
    let mut out: Vec<Token> = gen(name, t.loc);
    out.extend_from_slice(&tokens[open..bounds[1].1]);
    out.extend(gen(",", t.loc));
    out.extend(component);
    if offset {
        out.extend_from_slice(&tokens[commas[1]..bounds[2].1]);
    }
    out.extend(gen(")", tokens[close].loc));
    pass.replace(i, close + 1, out);
}

/// The initializer of the one `const TYPE name = init ;` declaring `name`: naga folds global
/// constants but keeps a local `const` a variable, so a local one is written in place.
fn local_const<'t>(tokens: &'t [Token], name: &Token) -> Option<&'t [Token]> {
    if name.kind != TokenKind::Ident {
        return None;
    }
    let mut found = None;
    for k in 0..tokens.len().saturating_sub(3) {
        if tokens[k].is_ident("const")
            && tokens[k + 2].is_ident(&name.text)
            && tokens[k + 3].is_punct("=")
        {
            let end = (k + 4..tokens.len()).find(|&e| tokens[e].is_punct(";"))?;
            if found.is_some() {
                return None; // declared twice: leave it to naga
            }
            found = Some(&tokens[k + 4..end]);
        }
    }
    found
}

/// `MARK + float ( c )`.
fn marked(component: &[Token], loc: crate::source::Loc) -> Vec<Token> {
    let mut out = gen(&format!("{GATHER_MARK:.1} + float ("), loc);
    out.extend_from_slice(component);
    out.extend(gen(")", loc));
    out
}

/// The marked level's component: `Some(Ok(c))` for a gather of `c`, `Some(Err(..))` for a
/// marked level that is no gather GLSL allows, `None` for an ordinary sample.
fn marked_component(
    function: &Function,
    level: Handle<Expression>,
) -> Option<Result<SwizzleComponent, String>> {
    match function.expressions[level] {
        Expression::Literal(Literal::F32(v)) => {
            let c = f64::from(v) - f64::from(GATHER_MARK);
            if c.abs() > 65_536.0 {
                return None; // an ordinary level
            }
            Some(match c {
                0.0 => Ok(SwizzleComponent::X),
                1.0 => Ok(SwizzleComponent::Y),
                2.0 => Ok(SwizzleComponent::Z),
                3.0 => Ok(SwizzleComponent::W),
                _ => Err(format!("the component must be 0, 1, 2 or 3 (it is {c})")),
            })
        }
        Expression::Binary {
            op: BinaryOperator::Add,
            left,
            ..
        } if first_f32(function, left) == Some(GATHER_MARK) => Some(Err(
            "the component must be a compile-time constant expression".into(),
        )),
        _ => None,
    }
}

/// The first component of a constant float expression (a literal, a splat, a vector).
fn first_f32(function: &Function, e: Handle<Expression>) -> Option<f32> {
    match function.expressions[e] {
        Expression::Literal(Literal::F32(v)) => Some(v),
        Expression::Splat { value, .. } => first_f32(function, value),
        Expression::Compose { ref components, .. } => first_f32(function, *components.first()?),
        _ => None,
    }
}

/// Step 2: the marked samples become gathers; returns how many.
pub(super) fn lower(
    function: &mut Function,
    compare: Option<Handle<naga::Function>>,
) -> Result<usize, Refused> {
    let mut count = 0;
    if let Some(stub) = compare {
        let mut body = std::mem::take(&mut function.body);
        let found = compare_calls(&mut body, function, stub);
        function.body = body;
        count += found?;
    }
    let mut marked: Vec<(Handle<Expression>, SwizzleComponent)> = Vec::new();
    for (h, e) in function.expressions.iter() {
        let Expression::ImageSample {
            level, depth_ref, ..
        } = *e
        else {
            continue;
        };
        let component = match level {
            SampleLevel::Exact(level) if depth_ref.is_none() => {
                match marked_component(function, level) {
                    None => continue,
                    Some(Ok(c)) => c,
                    Some(Err(message)) => {
                        let span = function.expressions.get_span(h);
                        return Err(Refused::dialect(
                            span,
                            format!("`textureGather`: {message}"),
                        ));
                    }
                }
            }
            _ => continue,
        };
        marked.push((h, component));
    }
    for (h, component) in &marked {
        if let Expression::ImageSample { level, gather, .. } = &mut function.expressions[*h] {
            *level = SampleLevel::Zero;
            *gather = Some(*component);
        }
    }
    Ok(count + marked.len())
}

/// `r = prism_gather_compare(sample)` → `r` is the sample, as a gather: the call statement
/// becomes the emission of `r`.
fn compare_calls(
    block: &mut naga::Block,
    function: &mut Function,
    stub: Handle<naga::Function>,
) -> Result<usize, Refused> {
    let mut count = 0;
    for statement in block.iter_mut() {
        match statement {
            naga::Statement::Call {
                function: called,
                arguments,
                result: Some(result),
            } if *called == stub && arguments.len() == 1 => {
                let sample = function.expressions[arguments[0]].clone();
                let Expression::ImageSample {
                    image,
                    sampler,
                    coordinate,
                    array_index,
                    offset,
                    depth_ref: Some(depth_ref),
                    clamp_to_edge,
                    ..
                } = sample
                else {
                    let span = function.expressions.get_span(*result);
                    return Err(Refused::dialect(
                        span,
                        "`textureGather` with a depth reference needs a shadow sampler".into(),
                    ));
                };
                let result = *result;
                function.expressions[result] = Expression::ImageSample {
                    image,
                    sampler,
                    gather: Some(SwizzleComponent::X),
                    coordinate,
                    array_index,
                    offset,
                    level: SampleLevel::Zero,
                    depth_ref: Some(depth_ref),
                    clamp_to_edge,
                };
                *statement = naga::Statement::Emit(naga::Range::new_from_bounds(result, result));
                count += 1;
            }
            naga::Statement::Block(inner) => count += compare_calls(inner, function, stub)?,
            naga::Statement::If { accept, reject, .. } => {
                count += compare_calls(accept, function, stub)?;
                count += compare_calls(reject, function, stub)?;
            }
            naga::Statement::Loop {
                body, continuing, ..
            } => {
                count += compare_calls(body, function, stub)?;
                count += compare_calls(continuing, function, stub)?;
            }
            naga::Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    count += compare_calls(&mut case.body, function, stub)?;
                }
            }
            _ => {}
        }
    }
    Ok(count)
}
