//! GLSL's types for what the expression typer ([`super::exprs`]) cannot read from a
//! declaration: the result of the integer, bit, packing and query built-ins, the built-in
//! variables of every stage, and the type of an operation between two kinds of number that
//! desktop GLSL converts implicitly (GLSL 4.60 §4.1.10: `int` → `uint` → `float` →
//! `double`; `u + 1` is a `uint`, `2 * v` with a `vec3 v` a `vec3`).
//!
//! These are GLSL's types, not naga's: `bitCount(u)` of a `uint u` is an `int` here, where
//! naga's reader types it `uint` ([`super::int_results`] converts it for naga). A leaf: it
//! reads type names only, so the typer and the rewrites may all use it.

/// A scalar or vector type: its component kind and size (1 for a scalar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape {
    pub kind: Kind,
    pub size: usize,
}

/// The component kinds, in the order of GLSL's implicit conversions (a kind converts to
/// every later one but `Bool`, which converts to nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Int,
    Uint,
    Float,
    Double,
    Bool,
}

impl Kind {
    fn scalar(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Uint => "uint",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::Bool => "bool",
        }
    }

    fn vector_prefix(self) -> &'static str {
        match self {
            Kind::Int => "i",
            Kind::Uint => "u",
            Kind::Float => "",
            Kind::Double => "d",
            Kind::Bool => "b",
        }
    }
}

impl Shape {
    /// The shape of a scalar or vector type name (`uvec3`, `double`); `None` for anything
    /// else (matrices, 16-bit floats, structs, opaque types).
    pub fn of(ty: &str) -> Option<Shape> {
        let scalar = match ty {
            "int" => Some(Kind::Int),
            "uint" => Some(Kind::Uint),
            "float" => Some(Kind::Float),
            "double" => Some(Kind::Double),
            "bool" => Some(Kind::Bool),
            _ => None,
        };
        if let Some(kind) = scalar {
            return Some(Shape { kind, size: 1 });
        }
        let at = ty.find("vec")?;
        let size: usize = ty[at + 3..].parse().ok().filter(|n| (2..=4).contains(n))?;
        let kind = match &ty[..at] {
            "i" => Kind::Int,
            "u" => Kind::Uint,
            "" => Kind::Float,
            "d" => Kind::Double,
            "b" => Kind::Bool,
            _ => return None,
        };
        Some(Shape { kind, size })
    }

    /// The type name of this shape.
    pub fn name(self) -> String {
        if self.size == 1 {
            self.kind.scalar().to_string()
        } else {
            format!("{}vec{}", self.kind.vector_prefix(), self.size)
        }
    }

    /// This shape with another component kind.
    pub fn with(self, kind: Kind) -> Shape {
        Shape { kind, ..self }
    }
}

/// The type of `l op r` for an arithmetic or bitwise operator when the operands' component
/// kinds differ: both converted to the later kind of [`Kind`], the vector's size when one is
/// a vector (a scalar with a matrix: the matrix, whose kind is `float`). `None` when the
/// kinds are the same (the caller's rules apply), or a `bool`, or the sizes disagree.
pub(super) fn promoted(l: &str, r: &str) -> Option<String> {
    let matrix = |ty: &str| ty.starts_with("mat") && ty.len() > 3;
    match (Shape::of(l), Shape::of(r)) {
        (Some(a), Some(b)) if a.kind != b.kind => {
            if a.kind == Kind::Bool || b.kind == Kind::Bool {
                return None;
            }
            let size = match (a.size, b.size) {
                (1, n) | (n, 1) => n,
                (m, n) if m == n => n,
                _ => return None,
            };
            Some(
                Shape {
                    kind: a.kind.max(b.kind),
                    size,
                }
                .name(),
            )
        }
        // `2 * m`: an integer scalar converts to the matrix's `float`.
        (Some(s), None) if matrix(r) && s.size == 1 && s.kind < Kind::Float => Some(r.to_string()),
        (None, Some(s)) if matrix(l) && s.size == 1 && s.kind < Kind::Float => Some(l.to_string()),
        _ => None,
    }
}

/// GLSL's result type of built-in `name` called with arguments of types `args` (`None`:
/// not known, or an array), for the built-ins the typer's own table lacks; `None` for any
/// other name.
pub(super) fn call_result(name: &str, args: &[Option<String>]) -> Option<String> {
    let shape = |k: usize| args.get(k)?.as_deref().and_then(Shape::of);
    let arg = |k: usize| args.get(k)?.clone();
    Some(match name {
        // `min(u, 1)`: the arguments converted to one kind.
        "min" | "max" | "clamp" => {
            let mut ty = arg(0)?;
            for k in 1..args.len() {
                let other = arg(k)?;
                if other != ty {
                    ty = promoted(&ty, &other).or_else(|| {
                        // `min(v, 0.5)`: a scalar of the vector's kind.
                        let (a, b) = (Shape::of(&ty)?, Shape::of(&other)?);
                        (a.kind == b.kind && b.size == 1).then(|| ty.clone())
                    })?;
                }
            }
            ty
        }
        "bitCount" | "findLSB" | "findMSB" => integer(shape(0)?)?.with(Kind::Int).name(),
        "bitfieldReverse" | "bitfieldExtract" | "bitfieldInsert" => integer(shape(0)?)?.name(),
        "uaddCarry" | "usubBorrow" => integer(shape(0)?)?.with(Kind::Uint).name(),
        "floatBitsToInt" => float(shape(0)?)?.with(Kind::Int).name(),
        "floatBitsToUint" => float(shape(0)?)?.with(Kind::Uint).name(),
        "intBitsToFloat" | "uintBitsToFloat" => integer(shape(0)?)?.with(Kind::Float).name(),
        "packUnorm2x16" | "packSnorm2x16" | "packUnorm4x8" | "packSnorm4x8" | "packHalf2x16" => {
            "uint".to_string()
        }
        "unpackUnorm2x16" | "unpackSnorm2x16" | "unpackHalf2x16" => "vec2".to_string(),
        "unpackUnorm4x8" | "unpackSnorm4x8" => "vec4".to_string(),
        "textureSize" | "imageSize" => query_size(&arg(0)?)?.to_string(),
        "textureQueryLevels" | "textureSamples" | "imageSamples" => "int".to_string(),
        "textureQueryLod" => "vec2".to_string(),
        "imageLoad" => {
            let image = arg(0)?;
            match image.as_bytes().first()? {
                b'i' if image.starts_with("iimage") => "ivec4",
                b'u' if image.starts_with("uimage") => "uvec4",
                _ if image.starts_with("image") => "vec4",
                _ => return None,
            }
            .to_string()
        }
        "atomicAdd" | "atomicMin" | "atomicMax" | "atomicAnd" | "atomicOr" | "atomicXor"
        | "atomicExchange" | "atomicCompSwap" => {
            let ty = arg(0)?;
            matches!(ty.as_str(), "int" | "uint").then_some(ty)?
        }
        _ => return None,
    })
}

fn integer(shape: Shape) -> Option<Shape> {
    matches!(shape.kind, Kind::Int | Kind::Uint).then_some(shape)
}

fn float(shape: Shape) -> Option<Shape> {
    (shape.kind == Kind::Float).then_some(shape)
}

/// The type `textureSize` / `imageSize` return for a sampler or image type: `int` for one
/// dimension, `ivec2` / `ivec3` for the others (an array layer counts as a dimension).
fn query_size(opaque: &str) -> Option<&'static str> {
    let base = opaque.strip_prefix(['i', 'u']).unwrap_or(opaque);
    let dims = base
        .strip_prefix("sampler")
        .or_else(|| base.strip_prefix("image"))?;
    let dims = dims.strip_suffix("Shadow").unwrap_or(dims);
    Some(match dims {
        "1D" | "Buffer" => "int",
        "2D" | "Cube" | "2DRect" | "2DMS" | "1DArray" => "ivec2",
        "3D" | "2DArray" | "CubeArray" | "2DMSArray" => "ivec3",
        _ => return None,
    })
}

/// GLSL's type of a built-in variable the typer's own table lacks: `(type, array)`.
pub(super) fn variable(name: &str) -> Option<(&'static str, bool)> {
    Some(match name {
        "gl_GlobalInvocationID"
        | "gl_LocalInvocationID"
        | "gl_WorkGroupID"
        | "gl_NumWorkGroups"
        | "gl_WorkGroupSize" => ("uvec3", false),
        "gl_LocalInvocationIndex"
        | "gl_SubgroupSize"
        | "gl_SubgroupInvocationID"
        | "gl_NumSubgroups"
        | "gl_SubgroupID" => ("uint", false),
        "gl_SubgroupEqMask" | "gl_SubgroupGeMask" | "gl_SubgroupGtMask" | "gl_SubgroupLeMask"
        | "gl_SubgroupLtMask" => ("uvec4", false),
        "gl_VertexIndex" | "gl_InstanceIndex" | "gl_BaseVertex" | "gl_BaseInstance"
        | "gl_DrawID" | "gl_PrimitiveID" | "gl_SampleID" | "gl_ViewIndex" | "gl_Layer"
        | "gl_ViewportIndex" => ("int", false),
        "gl_FrontFacing" | "gl_HelperInvocation" => ("bool", false),
        "gl_SampleMaskIn" | "gl_SampleMask" => ("int", true),
        "gl_ClipDistance" | "gl_CullDistance" => ("float", true),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotes_to_the_later_kind_and_the_vector_size() {
        assert_eq!(promoted("uint", "int").as_deref(), Some("uint"));
        assert_eq!(promoted("int", "uvec3").as_deref(), Some("uvec3"));
        assert_eq!(promoted("float", "ivec2").as_deref(), Some("vec2"));
        assert_eq!(promoted("uvec2", "ivec2").as_deref(), Some("uvec2"));
        assert_eq!(promoted("int", "mat3").as_deref(), Some("mat3"));
        assert_eq!(promoted("double", "int").as_deref(), Some("double"));
        assert_eq!(promoted("int", "int"), None);
        assert_eq!(promoted("uvec2", "ivec3"), None);
        assert_eq!(promoted("bool", "int"), None);
        assert_eq!(promoted("vec3", "mat3"), None);
    }

    #[test]
    fn bit_builtins_return_int_for_uint_arguments() {
        let args = |tys: &[&str]| -> Vec<Option<String>> {
            tys.iter().map(|t| Some(t.to_string())).collect()
        };
        assert_eq!(
            call_result("bitCount", &args(&["uint"])).as_deref(),
            Some("int")
        );
        assert_eq!(
            call_result("findMSB", &args(&["uvec3"])).as_deref(),
            Some("ivec3")
        );
        assert_eq!(
            call_result("min", &args(&["uint", "int"])).as_deref(),
            Some("uint")
        );
        assert_eq!(
            call_result("clamp", &args(&["vec3", "float", "int"])).as_deref(),
            Some("vec3")
        );
        assert_eq!(call_result("min", &[Some("uint".into()), None]), None);
        assert_eq!(
            call_result("textureSize", &args(&["sampler2DArray"])).as_deref(),
            Some("ivec3")
        );
        assert_eq!(
            call_result("imageSize", &args(&["uimage1D"])).as_deref(),
            Some("int")
        );
        assert_eq!(
            call_result("floatBitsToUint", &args(&["vec2"])).as_deref(),
            Some("uvec2")
        );
        assert_eq!(call_result("bitCount", &args(&["vec2"])), None);
    }
}
