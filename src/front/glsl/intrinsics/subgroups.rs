//! Subgroup operations (`GL_KHR_shader_subgroup_*`), step 1: calls become calls of generated
//! stubs, built-in variables become private globals. Step 2 is [`super::subgroups_lower`].
//!
//! naga's IR has three subgroup statements (collective operation, ballot, gather) and the
//! four subgroup built-ins; its GLSL reader parses none of them. Here:
//!
//! - a function the IR has directly (`subgroupAdd`, `subgroupInclusiveMul`, `subgroupAll`,
//!   `subgroupBallot`, `subgroupBroadcast`, `subgroupShuffleXor`, `subgroupQuadSwapX`, ...)
//!   becomes a call of a *leaf* stub `prism_sg_NAME`, one overload per operand type, whose
//!   body only returns its argument; step 2 replaces each call of a leaf by the statement;
//! - a function the IR lacks is a GLSL function of its own over the leaves, which stays:
//!   `subgroupElect()` is `id == subgroupBroadcastFirst(id)`, `subgroupAllEqual(v)` is
//!   `subgroupAll(v == subgroupBroadcastFirst(v))`, the ballot helpers (`BitCount`,
//!   `BitExtract`, `FindLSB`, ...) are bit arithmetic on the `uvec4`, and the `bool` forms of
//!   `And`/`Or`/`Xor` and the shuffles go through `uint` (the IR takes no `bool` there);
//! - `gl_SubgroupSize`, `gl_SubgroupInvocationID`, `gl_NumSubgroups`, `gl_SubgroupID` become
//!   private globals `prism_gl_*`; step 2 gives every entry point the built-in argument and
//!   stores it there first (what naga's reader does for the built-ins it knows), and the
//!   `gl_Subgroup*Mask` variables are functions of the invocation id and the size.
//!
//! What the IR cannot say (scans other than `Add` and `Mul`, clustered and partitioned
//! operations) is an `E-UNSUPPORTED` from the dialect layer's table before this runs. The
//! subgroup barriers are `calls`': `subgroupBarrier()` is naga's `ControlBarrier(SUB_GROUP)`
//! (its SPIR-V semantics mended in `back::spirv::barriers`), the subgroup memory barriers the
//! wider memory barriers.

use super::pass::{gen, Pass};
use crate::front::glsl::preprocess::TokenKind;

/// The subgroup built-in variables naga has, by GLSL name.
pub const BUILTINS: &[&str] = &[
    "gl_SubgroupSize",
    "gl_SubgroupInvocationID",
    "gl_NumSubgroups",
    "gl_SubgroupID",
];

/// The private global that stands for a built-in.
pub fn builtin_global(name: &str) -> String {
    format!("prism_{name}")
}

/// The prefix of the stubs step 1 generates.
pub const LEAF_PREFIX: &str = "prism_sg_";

/// The stub that stands for a leaf (or composite) function.
pub fn leaf_stub(name: &str) -> String {
    format!("{LEAF_PREFIX}{name}")
}

/// Which operand types a leaf takes.
#[derive(Clone, Copy, PartialEq)]
enum Operands {
    /// float, int and uint scalars and vectors.
    Numeric,
    /// int and uint scalars and vectors.
    Integer,
    /// one `bool`.
    Bool,
}

/// The functions the IR has: GLSL name, operand types, whether an index (`uint`) follows
/// the value, and the result for a ballot (`uvec4`) rather than the operand's type.
const LEAVES: &[(&str, Operands, bool)] = &[
    ("subgroupAdd", Operands::Numeric, false),
    ("subgroupMul", Operands::Numeric, false),
    ("subgroupMin", Operands::Numeric, false),
    ("subgroupMax", Operands::Numeric, false),
    ("subgroupAnd", Operands::Integer, false),
    ("subgroupOr", Operands::Integer, false),
    ("subgroupXor", Operands::Integer, false),
    ("subgroupInclusiveAdd", Operands::Numeric, false),
    ("subgroupInclusiveMul", Operands::Numeric, false),
    ("subgroupExclusiveAdd", Operands::Numeric, false),
    ("subgroupExclusiveMul", Operands::Numeric, false),
    ("subgroupAll", Operands::Bool, false),
    ("subgroupAny", Operands::Bool, false),
    ("subgroupBallot", Operands::Bool, false),
    ("subgroupBroadcastFirst", Operands::Numeric, false),
    ("subgroupBroadcast", Operands::Numeric, true),
    ("subgroupShuffle", Operands::Numeric, true),
    ("subgroupShuffleXor", Operands::Numeric, true),
    ("subgroupShuffleUp", Operands::Numeric, true),
    ("subgroupShuffleDown", Operands::Numeric, true),
    ("subgroupQuadBroadcast", Operands::Numeric, true),
    ("subgroupQuadSwapHorizontal", Operands::Numeric, false),
    ("subgroupQuadSwapVertical", Operands::Numeric, false),
    ("subgroupQuadSwapDiagonal", Operands::Numeric, false),
];

/// Leaves whose `bool` (and `bvec`) forms go through `uint`.
const BOOL_THROUGH_UINT: &[&str] = &[
    "subgroupAnd",
    "subgroupOr",
    "subgroupXor",
    "subgroupBroadcastFirst",
    "subgroupShuffle",
    "subgroupShuffleXor",
    "subgroupShuffleUp",
    "subgroupShuffleDown",
    "subgroupQuadSwapHorizontal",
    "subgroupQuadSwapVertical",
    "subgroupQuadSwapDiagonal",
];

/// Functions of the leaves (kept as GLSL functions), and the masks.
const COMPOSITES: &[&str] = &[
    "subgroupElect",
    "subgroupAllEqual",
    "subgroupBallotBitCount",
    "subgroupBallotInclusiveBitCount",
    "subgroupBallotExclusiveBitCount",
    "subgroupBallotBitExtract",
    "subgroupInverseBallot",
    "subgroupBallotFindLSB",
    "subgroupBallotFindMSB",
];

/// The mask variables, each a function of the invocation id and the size.
const MASKS: &[&str] = &[
    "gl_SubgroupEqMask",
    "gl_SubgroupGeMask",
    "gl_SubgroupGtMask",
    "gl_SubgroupLeMask",
    "gl_SubgroupLtMask",
];

/// Step 1 (see the module docs).
pub(super) fn rewrite(pass: &mut Pass) {
    // A name the shader declares itself (after a type: `float subgroupAdd(float x)`, legal
    // where the extension is not enabled) is the shader's own.
    let tokens = pass.tokens;
    let declared = |name: &str| {
        tokens
            .windows(2)
            .any(|w| w[1].is_ident(name) && w[0].kind == TokenKind::Ident && w[0].text != "return")
    };
    for i in 0..pass.tokens.len() {
        let t = &pass.tokens[i];
        if t.kind != TokenKind::Ident || (i > 0 && pass.tokens[i - 1].is_punct(".")) {
            continue;
        }
        let name = t.text.clone();
        if (name.starts_with("subgroup") || name.starts_with("gl_Subgroup")) && declared(&name) {
            continue;
        }
        let loc = t.loc;
        if BUILTINS.contains(&name.as_str()) {
            require_builtin(pass, &name);
            pass.replace(i, i + 1, gen(&builtin_global(&name), loc));
        } else if MASKS.contains(&name.as_str()) {
            require_composite(pass, &name);
            pass.replace(i, i + 1, gen(&format!("{} ( )", leaf_stub(&name)), loc));
        } else if !pass.is_call(i) {
            continue;
        } else if LEAVES.iter().any(|l| l.0 == name) {
            require_leaf(pass, &name);
            if BOOL_THROUGH_UINT.contains(&name.as_str()) {
                require_bool_forms(pass, &name);
            }
            pass.replace(i, i + 1, gen(&leaf_stub(&name), loc));
        } else if COMPOSITES.contains(&name.as_str()) {
            require_composite(pass, &name);
            pass.replace(i, i + 1, gen(&leaf_stub(&name), loc));
        }
    }
}

fn require_builtin(pass: &mut Pass, name: &str) {
    let global = builtin_global(name);
    pass.stub(&global, || format!("uint {global} ;"));
}

/// The operand types of a family, as (scalar, vector prefix).
fn families(operands: Operands) -> &'static [(&'static str, &'static str)] {
    match operands {
        Operands::Numeric => &[("float", "vec"), ("int", "ivec"), ("uint", "uvec")],
        Operands::Integer => &[("int", "ivec"), ("uint", "uvec")],
        Operands::Bool => &[("bool", "")],
    }
}

fn require_leaf(pass: &mut Pass, name: &str) {
    let stub = leaf_stub(name);
    let Some(&(_, operands, indexed)) = LEAVES.iter().find(|l| l.0 == name) else {
        return;
    };
    pass.stub(&stub, || {
        let index = if indexed { " , uint i" } else { "" };
        if name == "subgroupBallot" {
            return format!("uvec4 {stub} ( bool v ) {{ return uvec4 ( 0u ) ; }}");
        }
        let mut out = Vec::new();
        for &(scalar, vector) in families(operands) {
            let mut types = vec![scalar.to_string()];
            if !vector.is_empty() {
                types.extend((2..=4).map(|n| format!("{vector}{n}")));
            }
            for ty in types {
                out.push(format!("{ty} {stub} ( {ty} v{index} ) {{ return v ; }}"));
            }
        }
        out.join(" ")
    });
}

/// `bool`/`bvecN` overloads of a leaf, through its `uint` form.
fn require_bool_forms(pass: &mut Pass, name: &str) {
    let stub = leaf_stub(name);
    let indexed = LEAVES.iter().any(|l| l.0 == name && l.2);
    let key = format!("{stub}_bool");
    pass.stub(&key, || {
        let (param, arg) = if indexed {
            (" , uint i", " , i")
        } else {
            ("", "")
        };
        let mut out = vec![format!(
            "bool {stub} ( bool v{param} ) {{ return {stub} ( uint ( v ){arg} ) != 0u ; }}"
        )];
        for n in 2..=4 {
            out.push(format!(
                "bvec{n} {stub} ( bvec{n} v{param} ) {{ return notEqual ( {stub} ( uvec{n} ( v ){arg} ) , uvec{n} ( 0u ) ) ; }}"
            ));
        }
        out.join(" ")
    });
}

fn require_composite(pass: &mut Pass, name: &str) {
    let stub = leaf_stub(name);
    let id = builtin_global("gl_SubgroupInvocationID");
    let size = builtin_global("gl_SubgroupSize");
    let first = leaf_stub("subgroupBroadcastFirst");
    let all = leaf_stub("subgroupAll");
    let any = leaf_stub("subgroupAny");
    let below = leaf_stub("below");
    let extract = leaf_stub("subgroupBallotBitExtract");
    // Dependencies first: the stubs are emitted in the order they are required.
    match name {
        "subgroupElect" => {
            require_builtin(pass, "gl_SubgroupInvocationID");
            require_leaf(pass, "subgroupBroadcastFirst");
            pass.stub(&stub, || {
                format!("bool {stub} ( ) {{ uint first = {first} ( {id} ) ; return {id} == first ; }}")
            });
        }
        "subgroupAllEqual" => {
            require_leaf(pass, "subgroupBroadcastFirst");
            require_leaf(pass, "subgroupAll");
            require_leaf(pass, "subgroupAny");
            pass.stub(&stub, || {
                let mut out = vec![format!(
                    "bool {stub} ( bool v ) {{ bool a = {all} ( v ) ; bool n = {any} ( v ) ; return a || ! n ; }}"
                )];
                for (scalar, vector) in families(Operands::Numeric) {
                    out.push(format!(
                        "bool {stub} ( {scalar} v ) {{ {scalar} f = {first} ( v ) ; return {all} ( v == f ) ; }}"
                    ));
                    for n in 2..=4 {
                        out.push(format!(
                            "bool {stub} ( {vector}{n} v ) {{ {vector}{n} f = {first} ( v ) ; return {all} ( all ( equal ( v , f ) ) ) ; }}"
                        ));
                    }
                }
                for n in 2..=4 {
                    out.push(format!(
                        "bool {stub} ( bvec{n} v ) {{ uvec{n} u = uvec{n} ( v ) ; uvec{n} f = {first} ( u ) ; return {all} ( all ( equal ( u , f ) ) ) ; }}"
                    ));
                }
                out.join(" ")
            });
        }
        "below" => {
            // Bits [0, n) of a ballot.
            pass.stub(&stub, || {
                let word = |base: u32| {
                    format!("( n <= {base}u ? 0u : ( n - {base}u >= 32u ? 4294967295u : ( 1u << ( n - {base}u ) ) - 1u ) )")
                };
                format!(
                    "uvec4 {stub} ( uint n ) {{ return uvec4 ( {} , {} , {} , {} ) ; }}",
                    word(0),
                    word(32),
                    word(64),
                    word(96)
                )
            });
        }
        "subgroupBallotBitCount"
        | "subgroupBallotInclusiveBitCount"
        | "subgroupBallotExclusiveBitCount" => {
            require_builtin(pass, "gl_SubgroupSize");
            require_builtin(pass, "gl_SubgroupInvocationID");
            require_composite(pass, "below");
            let bits = match name {
                "subgroupBallotBitCount" => size.clone(),
                "subgroupBallotInclusiveBitCount" => format!("min ( {id} + 1u , {size} )"),
                _ => id.clone(),
            };
            pass.stub(&stub, || {
                format!(
                    "uint {stub} ( uvec4 v ) {{ uvec4 c = uvec4 ( bitCount ( v & {below} ( {bits} ) ) ) ; return c . x + c . y + c . z + c . w ; }}"
                )
            });
        }
        "subgroupBallotBitExtract" => pass.stub(&stub, || {
            format!(
                "bool {stub} ( uvec4 v , uint i ) {{ return ( ( v [ i >> 5u ] >> ( i & 31u ) ) & 1u ) != 0u ; }}"
            )
        }),
        "subgroupInverseBallot" => {
            require_builtin(pass, "gl_SubgroupInvocationID");
            require_composite(pass, "subgroupBallotBitExtract");
            pass.stub(&stub, || {
                format!("bool {stub} ( uvec4 v ) {{ return {extract} ( v , {id} ) ; }}")
            });
        }
        "subgroupBallotFindLSB" | "subgroupBallotFindMSB" => {
            require_builtin(pass, "gl_SubgroupSize");
            require_composite(pass, "below");
            let (find, order) = if name.ends_with("LSB") {
                ("findLSB", [0u32, 1, 2, 3])
            } else {
                ("findMSB", [3u32, 2, 1, 0])
            };
            pass.stub(&stub, || {
                let mut body = format!("uvec4 m = v & {below} ( {size} ) ; ");
                for word in &order[..3] {
                    body.push_str(&format!(
                        "if ( m [ {word} ] != 0u ) {{ return {}u + uint ( {find} ( m [ {word} ] ) ) ; }} ",
                        word * 32
                    ));
                }
                let last = order[3];
                body.push_str(&format!(
                    "return {}u + uint ( {find} ( m [ {last} ] ) ) ;",
                    last * 32
                ));
                format!("uint {stub} ( uvec4 v ) {{ {body} }}")
            });
        }
        mask if MASKS.contains(&mask) => {
            require_builtin(pass, "gl_SubgroupSize");
            require_builtin(pass, "gl_SubgroupInvocationID");
            require_composite(pass, "below");
            let value = match mask {
                "gl_SubgroupEqMask" => {
                    format!("{below} ( {id} + 1u ) & ~ {below} ( {id} )")
                }
                "gl_SubgroupGeMask" => format!("{below} ( {size} ) & ~ {below} ( {id} )"),
                "gl_SubgroupGtMask" => {
                    format!("{below} ( {size} ) & ~ {below} ( {id} + 1u )")
                }
                "gl_SubgroupLeMask" => format!("{below} ( {id} + 1u )"),
                _ => format!("{below} ( {id} )"),
            };
            pass.stub(&stub, || {
                format!("uvec4 {stub} ( ) {{ return {value} ; }}")
            });
        }
        _ => {}
    }
}

/// naga's parse error with prism's generated names (`prism_sg_subgroupAdd`,
/// `prism_gl_SubgroupSize`, `prism_modf`) put back as the user wrote them; an unknown
/// function that is one of them is a call no overload takes.
pub fn user_message(message: &str) -> String {
    for generated in [LEAF_PREFIX, "prism_modf"] {
        let quoted = format!("Unknown function '{generated}");
        if let Some(rest) = message.strip_prefix(&quoted) {
            let name = rest.trim_end_matches('\'');
            let name = if generated == LEAF_PREFIX {
                name.to_string()
            } else {
                format!("modf{name}")
            };
            return format!("no overload of `{name}` takes these argument types");
        }
    }
    message
        .replace(LEAF_PREFIX, "")
        .replace("prism_gl_", "gl_")
        .replace("prism_modf", "modf")
}
