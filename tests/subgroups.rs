//! Subgroup operations (`GL_KHR_shader_subgroup_*`): each GLSL function reaches every target
//! as the target's own subgroup operation (not a call of prism's stub), the built-ins as the
//! target's built-ins, and the SPIR-V is 1.3 (the first version with `OpGroupNonUniform*`).

mod common;

use prism::back::Target;
use prism::pipeline::{compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

use common::{assert_has, emitted_text as text};

fn compile(name: &str) -> Compilation {
    common::compile_fixture(&format!("vulkan/{name}"))
}

#[test]
fn reduction_lowers_to_group_non_uniform_ops_in_every_target() {
    let c = compile("subgroup_reduce.comp");
    let spirv = text(&c, Target::Spirv);
    assert_has(
        "spirv",
        &spirv,
        &[
            "; Version: 1.3",
            "OpCapability GroupNonUniformArithmetic",
            "OpCapability GroupNonUniformBallot",
            "OpGroupNonUniformFAdd %float %uint_3 Reduce",
            "OpGroupNonUniformSMin %int %uint_3 Reduce",
            "OpGroupNonUniformUMax %uint %uint_3 Reduce",
            "OpGroupNonUniformBallot %v4uint",
            // subgroupElect: the invocation whose id is the first active one.
            "OpGroupNonUniformBroadcastFirst %uint",
            "BuiltIn SubgroupSize",
            "BuiltIn SubgroupLocalInvocationId",
            "BuiltIn NumSubgroups",
            "BuiltIn SubgroupId",
        ],
    );
    assert!(
        !spirv.contains("prism_sg_subgroupAdd"),
        "a leaf stub survived"
    );
    assert_has(
        "hlsl",
        &text(&c, Target::Hlsl),
        &[
            "WaveActiveSum(",
            "WaveActiveMin(",
            "WaveActiveBallot(",
            "WaveGetLaneCount()",
        ],
    );
    assert_has(
        "msl",
        &text(&c, Target::Msl),
        &["simd_sum(", "simd_ballot(", "threads_per_simdgroup"],
    );
    assert_has(
        "wgsl",
        &text(&c, Target::Wgsl),
        &["subgroupAdd(", "subgroupBallot(", "@builtin(subgroup_size)"],
    );
    assert_has(
        "glsl",
        &text(&c, Target::Glsl),
        &["subgroupAdd(", "subgroupBallot(", "gl_SubgroupSize"],
    );
}

#[test]
fn scans_shuffles_votes_and_quads_lower_to_their_ops() {
    let scan = text(&compile("subgroup_scan.comp"), Target::Spirv);
    assert_has(
        "scan",
        &scan,
        &[
            "OpGroupNonUniformIAdd %uint %uint_3 InclusiveScan",
            "OpGroupNonUniformIAdd %uint %uint_3 ExclusiveScan",
            "OpGroupNonUniformIMul %uint %uint_3 ExclusiveScan",
            "OpGroupNonUniformShuffle %v2uint",
            "OpGroupNonUniformShuffleUp %uint",
            "OpGroupNonUniformShuffleDown %uint",
            "OpGroupNonUniformShuffleXor %uint",
            // subgroupBroadcast: naga writes a shuffle from the constant lane.
            "OpGroupNonUniformShuffle %uint",
            "OpGroupNonUniformAll %bool",
            "OpGroupNonUniformAny %bool",
            // bool And/Xor go through uint.
            "OpGroupNonUniformBitwiseXor %uint",
            "OpGroupNonUniformBitwiseAnd %v2uint",
            "OpGroupNonUniformBitwiseOr %uint",
        ],
    );
    let quad = text(&compile("subgroup_quad.frag"), Target::Spirv);
    assert_has(
        "quad",
        &quad,
        &[
            "OpGroupNonUniformQuadSwap",
            "OpGroupNonUniformQuadBroadcast",
        ],
    );
}

/// (shader, expected words, line, column): what naga's IR cannot say.
const UNSUPPORTED: &[(&str, &str, usize, usize)] = &[
    (
        "#version 450\n#extension GL_KHR_shader_subgroup_arithmetic : require\nlayout(local_size_x = 32) in;\nlayout(binding = 0) buffer B { uint v[]; };\nvoid main() {\n  v[0] = subgroupInclusiveMax(v[1]);\n}\n",
        "scans other than Add and Mul",
        6,
        10,
    ),
    (
        "#version 450\n#extension GL_KHR_shader_subgroup_clustered : require\nlayout(local_size_x = 32) in;\nlayout(binding = 0) buffer B { float v[]; };\nvoid main() { v[0] = subgroupClusteredAdd(v[1], 4u); }\n",
        "clustered",
        5,
        22,
    ),
];

#[test]
fn inexpressible_subgroup_features_are_located_unsupported_errors() {
    for (i, (source, words, line, col)) in UNSUPPORTED.iter().enumerate() {
        let failure = compile_text(
            &format!("case{i}.comp"),
            source,
            InputKind::Glsl,
            Some(Stage::Compute),
            &CompileOptions::default(),
        )
        .err()
        .unwrap_or_else(|| panic!("case {i} compiled; expected E-UNSUPPORTED ({words})"));
        common::assert_unsupported_at(&failure, i, words, (*line, *col));
    }
}

#[test]
fn shaders_without_subgroups_keep_spirv_1_0() {
    let c = compile("reduce_sum.comp");
    assert_has("spirv", &text(&c, Target::Spirv), &["; Version: 1.0"]);
}

#[test]
fn a_call_no_overload_takes_names_the_glsl_function() {
    let failure = compile_text(
        "bad.comp",
        "#version 450\n#extension GL_KHR_shader_subgroup_arithmetic : require\nlayout(local_size_x = 32) in;\nlayout(std430, binding = 0) buffer B { mat2 m; };\nvoid main() { m = subgroupAdd(m); }\n",
        InputKind::Glsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .err()
    .expect("a matrix has no subgroupAdd");
    let message = &failure.diagnostics[0].message;
    assert!(message.contains("`subgroupAdd`"), "{message}");
    assert!(
        !message.contains("prism_"),
        "prism's own name leaks: {message}"
    );
}

#[test]
fn a_function_of_the_shaders_own_named_like_a_subgroup_op_is_left_alone() {
    let c = compile_text(
        "own.frag",
        "#version 300 es\nprecision highp float;\nout vec4 o;\nfloat subgroupAdd(float x) { return x + 1.0; }\nvoid main() { o = vec4(subgroupAdd(1.0)); }\n",
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .expect("compiles");
    let spirv = text(&c, Target::Spirv);
    assert!(!spirv.contains("OpGroupNonUniform"), "{spirv}");
}

#[test]
fn subgroup_barriers_are_valid_spirv_and_refused_where_a_writer_has_none() {
    // naga's SPIR-V for `subgroupBarrier()` had `SubgroupMemory` semantics, which Vulkan
    // refuses (prism refused the call); now it has glslang's semantics (0x948), and the
    // subgroup memory barriers are the wider memory barriers, with a warning each.
    let source = "#version 450\n#extension GL_KHR_shader_subgroup_basic : require\n\
        layout(local_size_x = 64) in;\nlayout(std430, binding = 0) buffer B { uint v[]; };\n\
        shared uint s[64];\nvoid main() {\n  s[gl_LocalInvocationIndex] = v[gl_LocalInvocationIndex];\n\
        subgroupMemoryBarrierShared();\n  subgroupBarrier();\n  v[gl_LocalInvocationIndex] = s[gl_SubgroupInvocationID];\n\
        subgroupMemoryBarrierBuffer();\n}\n";
    let c = compile_text(
        "barriers.comp",
        source,
        InputKind::Glsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let warnings: Vec<&str> = c
        .parsed
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w
                .contains("`subgroupMemoryBarrierShared()` is written as `memoryBarrierShared()`")),
        "{warnings:?}"
    );
    // In-process spirv-val passed (or `emit` would have failed); the semantics are glslang's.
    let spirv = text(&c, Target::Spirv);
    assert_has(
        "spirv",
        &spirv,
        &["OpControlBarrier %uint_3 %uint_3 %uint_2376"],
    );
    assert!(!spirv.contains("OpMemoryBarrier %uint_3"), "{spirv}");
    assert_has("msl", &text(&c, Target::Msl), &["simdgroup_barrier"]);
    for target in [Target::Wgsl, Target::Hlsl, Target::Glsl] {
        let refused = c.emit(target).expect_err("no subgroup execution barrier");
        assert!(
            refused.message.contains("subgroupBarrier()"),
            "{}",
            refused.message
        );
    }
}
