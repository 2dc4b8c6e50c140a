//! Fragment built-ins naga's IR has but its GLSL reader does not parse: the sample mask
//! (`gl_SampleMaskIn`, `gl_SampleMask`), the depth layouts (`layout(depth_greater) out
//! float gl_FragDepth;`), the barycentric coordinates (`gl_BaryCoordEXT`) and the sample count
//! of a multisampled texture (`textureSamples`), through every target.

mod common;

use prism::back::Target;
use prism::pipeline::{compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

use common::{assert_has, emitted_text as text};

fn fixture(name: &str) -> Compilation {
    common::compile_fixture(&format!("vulkan/{name}"))
}

#[test]
fn sample_mask_is_the_targets_sample_mask() {
    let c = fixture("msaa_coverage.frag");
    let spirv = text(&c, Target::Spirv);
    // Vulkan wants the SampleMask variables as arrays (naga writes scalars; prism mends it).
    assert_has(
        "spirv",
        &spirv,
        &[
            "BuiltIn SampleMask",
            "OpTypePointer Input %_arr_uint_uint_1",
            "OpTypePointer Output %_arr_uint_uint_1",
            "BuiltIn SampleId",
        ],
    );
    assert_has(
        "hlsl",
        &text(&c, Target::Hlsl),
        &["SV_Coverage", "SV_SampleIndex"],
    );
    assert_has(
        "msl",
        &text(&c, Target::Msl),
        &["[[sample_mask]]", "[[sample_id]]"],
    );
    assert_has("wgsl", &text(&c, Target::Wgsl), &["@builtin(sample_mask)"]);
    // GLSL ES 3.00 lacks the sample variables: desktop 450, with the arrays indexed.
    let glsl = text(&c, Target::Glsl);
    assert_has(
        "glsl",
        &glsl,
        &[
            "#version 450",
            "uint(gl_SampleMaskIn[0])",
            "gl_SampleMask[0] = int(",
        ],
    );
}

#[test]
fn an_unwritten_sample_mask_keeps_every_sample() {
    let c = compile_text(
        "mask.frag",
        "#version 450\nlayout(location = 0) out vec4 o;\nuniform bool drop;\nvoid main() {\n  o = vec4(1.0);\n  if (drop) gl_SampleMask[0] = 0;\n}\n",
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .expect("compiles");
    assert_has("wgsl", &text(&c, Target::Wgsl), &["array<i32, 1>(-1i)"]);
}

#[test]
fn depth_layouts_are_conservative_depth() {
    let c = fixture("depth_greater.frag");
    assert_has(
        "spirv",
        &text(&c, Target::Spirv),
        &["OpExecutionMode %", "DepthGreater", "DepthReplacing"],
    );
    // naga's HLSL and MSL writers drop the promise (an optimisation hint): plain depth.
    assert_has("hlsl", &text(&c, Target::Hlsl), &["SV_Depth"]);
    assert_has("msl", &text(&c, Target::Msl), &["[[depth(any)]]"]);
    assert_has(
        "glsl",
        &text(&c, Target::Glsl),
        &["layout (depth_greater) out float gl_FragDepth;"],
    );
    for (qualifier, mode) in [
        ("depth_less", Some("DepthLess")),
        ("depth_unchanged", Some("DepthUnchanged")),
        ("depth_any", None),
    ] {
        let source = format!(
            "#version 450\nlayout({qualifier}) out float gl_FragDepth;\nlayout(location = 0) out vec4 o;\nvoid main() {{ gl_FragDepth = 0.5; o = vec4(1.0); }}\n"
        );
        let c = compile_text(
            "d.frag",
            &source,
            InputKind::Glsl,
            Some(Stage::Fragment),
            &CompileOptions::default(),
        )
        .unwrap_or_else(|f| panic!("{qualifier}: {f:?}"));
        let spirv = text(&c, Target::Spirv);
        for other in ["DepthGreater", "DepthLess", "DepthUnchanged"] {
            assert_eq!(
                spirv.contains(other),
                mode == Some(other),
                "{qualifier}: {other}\n{spirv}"
            );
        }
    }
}

#[test]
fn barycentric_coordinates_are_vec3_on_every_target() {
    let c = fixture("barycentric_wireframe.frag");
    assert_has(
        "spirv",
        &text(&c, Target::Spirv),
        &[
            "BuiltIn BaryCoordKHR",
            "OpCapability FragmentBarycentricKHR",
        ],
    );
    assert_has(
        "hlsl",
        &text(&c, Target::Hlsl),
        &["float3", ": SV_Barycentrics"],
    );
    assert_has("msl", &text(&c, Target::Msl), &["[[barycentric_coord]]"]);
    assert_has(
        "wgsl",
        &text(&c, Target::Wgsl),
        &["@builtin(barycentric) gl_BaryCoordEXT: vec3<f32>"],
    );
    assert_has(
        "glsl",
        &text(&c, Target::Glsl),
        &[
            "#version 450",
            "GL_EXT_fragment_shader_barycentric",
            "gl_BaryCoordEXT",
        ],
    );

    // A target version too low for them is refused at the shader's first use.
    let mut options = CompileOptions::default();
    options.targets.msl.version = Some((2, 2));
    let source = "#version 450\n#extension GL_EXT_fragment_shader_barycentric : require\nlayout(location = 0) in vec3 c;\nlayout(location = 0) out vec4 o;\nvoid main() {\n  o = vec4(c, 1.0);\n  o.xyz *= gl_BaryCoordEXT;\n}\n";
    let c = compile_text(
        "b.frag",
        source,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &options,
    )
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let err = c
        .emit(Target::Msl)
        .expect_err("MSL 2.2 has no barycentrics");
    let label = err.labels.first().expect("located");
    let user = &c.files.get(label.file_id).text;
    assert_eq!(
        user[..label.range.start].matches('\n').count() + 1,
        7,
        "{}",
        err.message
    );

    // The screen-linear kind alone, and GL_NV_fragment_shader_barycentric's names.
    for (name, kind) in [
        ("gl_BaryCoordNoPerspEXT", "BaryCoordNoPerspKHR"),
        ("gl_BaryCoordNV", "BaryCoordKHR"),
    ] {
        let source = format!(
            "#version 450\n#extension GL_EXT_fragment_shader_barycentric : require\nlayout(location = 0) out vec4 o;\nvoid main() {{ o = vec4({name}.zyx, 1.0); }}\n"
        );
        let c = compile_text(
            "b.frag",
            &source,
            InputKind::Glsl,
            Some(Stage::Fragment),
            &CompileOptions::default(),
        )
        .unwrap_or_else(|f| panic!("{name}: {:?}", f.diagnostics));
        assert_has(name, &text(&c, Target::Spirv), &[kind]);
    }

    // naga allows one barycentric built-in per entry point: both kinds are refused.
    let failure = compile_text(
        "both.frag",
        "#version 450\n#extension GL_EXT_fragment_shader_barycentric : require\nlayout(location = 0) out vec4 o;\nvoid main() {\n  vec3 a = gl_BaryCoordEXT;\n  o = vec4(a + gl_BaryCoordNoPerspEXT, 1.0);\n}\n",
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .err()
    .expect("both kinds are refused");
    common::assert_unsupported_at(&failure, 0, "gl_BaryCoordNoPerspEXT", (6, 16));
}

#[test]
fn texture_samples_is_the_targets_sample_count_query() {
    // Three calls: a combined sampler passed to a function, a separate `texture2DMS`, and a
    // `usampler2DMSArray` (naga's reader knew none of them: `E-PARSE`).
    let c = fixture("msaa_resolve_samples.frag");
    let count = |target, query: &str| text(&c, target).matches(query).count();
    assert_eq!(count(Target::Spirv, "OpImageQuerySamples"), 3);
    // WGSL has no multisampled array textures: refused, located, for the whole shader.
    let refused = c
        .emit(Target::Wgsl)
        .expect_err("WGSL has no multisampled arrays");
    assert!(
        format!("{refused:?}").contains("multisampled array textures"),
        "{refused:?}"
    );
    let single = compile_text(
        "single.frag",
        "#version 450\nlayout(binding = 0) uniform sampler2DMS t;\nlayout(location = 0) out vec4 o;\n\
         void main() { o = vec4(float(textureSamples(t))); }\n",
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .expect("compiles");
    assert_eq!(
        text(&single, Target::Wgsl)
            .matches("textureNumSamples(")
            .count(),
        1
    );
    assert_eq!(count(Target::Glsl, "textureSamples("), 3);
    assert_eq!(count(Target::Msl, "get_num_samples()"), 3);
    assert_has("hlsl", &text(&c, Target::Hlsl), &["NumSamples"]);
}
