//! The atomics naga's GLSL reader lacks, lowered by `front::glsl::atomics`: the SPIR-V must
//! hold the operation GLSL asked for, with its operands in GLSL's order (a snapshot alone
//! would accept a wrong op once blessed), and the targets naga cannot write them to must
//! refuse with `E-TARGET`, never write broken code.

mod common;

use codespan_reporting::diagnostic::LabelStyle;

use prism::back::{Output, Target};
use prism::pipeline::{compile_path, compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

fn fixture(rel: &str, options: &CompileOptions) -> Compilation {
    let path = common::fixture_root().join(rel);
    compile_path(&path, options).unwrap_or_else(|f| panic!("{rel}: {:?}", f.diagnostics))
}

fn text(compilation: &Compilation, target: Target) -> String {
    match compilation.emit(target) {
        Ok(Output::Text(text)) => text,
        other => panic!("{target}: {other:?}"),
    }
}

/// The instructions of a disassembly whose opcode is `op`, operands only.
fn instructions(asm: &str, op: &str) -> Vec<String> {
    asm.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.split_once(" = ").map_or(line, |(_, r)| r);
            rest.strip_prefix(op)
                .filter(|r| r.starts_with(' ') || r.is_empty())
                .map(|r| r.trim().to_string())
        })
        .collect()
}

#[test]
fn atomic_comp_swap_is_a_compare_exchange_in_glsl_operand_order() {
    let c = fixture("vulkan/compswap_list.comp", &CompileOptions::default());
    let asm = text(&c, Target::SpirvAsm);
    let swaps = instructions(&asm, "OpAtomicCompareExchange");
    assert_eq!(swaps.len(), 4, "{asm}");
    // `atomicCompSwap(claimed, 0, 1)`: SPIR-V's operands end with Value then Comparator.
    assert!(
        swaps
            .iter()
            .any(|s| s.contains("%claimed") && s.ends_with("%int_1 %int_0")),
        "{swaps:?}"
    );
    // `atomicCompSwap(tileMinDepth[i + 1], 0u, 1u)`.
    assert!(
        swaps.iter().any(|s| s.ends_with("%uint_1 %uint_0")),
        "{swaps:?}"
    );
    // The old value is what GLSL returns: `seen == head` compares the exchange's result.
    assert!(asm.contains("OpCompositeExtract %uint"), "{asm}");
    // No plain (non-atomic) read-modify-write left of the stub's `return mem`.
    assert!(!asm.contains("prism_atomicCompSwap"), "{asm}");
    let wgsl = text(&c, Target::Wgsl);
    assert_eq!(wgsl.matches("atomicCompareExchangeWeak(").count(), 4);
    assert!(
        wgsl.contains("var<workgroup> claimed: atomic<i32>;"),
        "{wgsl}"
    );
}

#[test]
fn image_atomics_are_texel_pointer_atomics() {
    let c = fixture("vulkan/image_histogram.comp", &CompileOptions::default());
    let asm = text(&c, Target::SpirvAsm);
    let pointers = instructions(&asm, "OpImageTexelPointer");
    assert_eq!(pointers.len(), 2, "{asm}");
    assert!(pointers[0].contains("%histogram"), "{pointers:?}");
    assert!(pointers[1].contains("%brightest"), "{pointers:?}");
    assert_eq!(instructions(&asm, "OpAtomicIAdd").len(), 1, "{asm}");
    assert_eq!(instructions(&asm, "OpAtomicUMax").len(), 1, "{asm}");
    // The `imageLoad` that carried the image through naga's reader is gone.
    assert!(instructions(&asm, "OpImageRead").is_empty(), "{asm}");
    assert!(text(&c, Target::Hlsl).contains("InterlockedAdd(histogram["));
    assert!(text(&c, Target::Wgsl).contains("texture_storage_2d<r32uint,atomic>"));
    let glsl = text(&c, Target::Glsl);
    assert!(glsl.contains("imageAtomicAdd("), "{glsl}");
    assert!(glsl.contains("imageAtomicMax("), "{glsl}");

    let layers = fixture(
        "vulkan/image_atomic_layers.comp",
        &CompileOptions::default(),
    );
    let asm = text(&layers, Target::SpirvAsm);
    assert_eq!(instructions(&asm, "OpImageTexelPointer").len(), 5, "{asm}");
    for op in [
        "OpAtomicSMin",
        "OpAtomicSMax",
        "OpAtomicOr",
        "OpAtomicAnd",
        "OpAtomicXor",
    ] {
        assert_eq!(instructions(&asm, op).len(), 1, "{op}: {asm}");
    }
    // Coordinates of an array image keep their layer: three components.
    assert!(asm.contains("OpTypeImage %int 2D 0 1 0 2 R32i"), "{asm}");
}

#[test]
fn targets_naga_cannot_write_refuse_image_atomics() {
    let mut msl24 = CompileOptions::default();
    msl24.targets.msl.version = Some((2, 4));
    let c = fixture("vulkan/image_histogram.comp", &msl24);
    let refused = c
        .emit(Target::Msl)
        .expect_err("MSL 2.4 has no texture atomics");
    assert_eq!(refused.code.as_deref(), Some("E-TARGET"));
    assert!(refused.message.contains("MSL 3.1"), "{}", refused.message);

    let mut msl31 = CompileOptions::default();
    msl31.targets.msl.version = Some((3, 1));
    let c = fixture("vulkan/image_histogram.comp", &msl31);
    let msl = text(&c, Target::Msl);
    assert!(msl.contains(".atomic_fetch_add("), "{msl}");
    assert!(msl.contains(".atomic_fetch_max("), "{msl}");

    let layers = fixture("vulkan/image_atomic_layers.comp", &msl31);
    for target in [Target::Msl, Target::Glsl] {
        let refused = layers.emit(target).expect_err("array image atomics");
        assert_eq!(refused.code.as_deref(), Some("E-TARGET"), "{target}");
        assert!(
            refused.message.contains("array images"),
            "{}",
            refused.message
        );
    }
}

/// An image atomic nested in control flow: `auto` writes GLSL 4.50 (naga's ES text would
/// lack the extension), an explicit ES version is refused.
#[test]
fn nested_image_atomics_go_to_desktop_glsl() {
    let source = "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D img;\nvoid main() {\n  if (gl_GlobalInvocationID.x > 3u) {\n    imageAtomicAdd(img, ivec2(0), 1u);\n  }\n}\n";
    let compile = |options: &CompileOptions| {
        compile_text(
            "nested.comp",
            source,
            InputKind::Glsl,
            Some(Stage::Compute),
            options,
        )
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
    };
    let glsl = text(&compile(&CompileOptions::default()), Target::Glsl);
    assert!(glsl.starts_with("#version 450"), "{glsl}");
    let mut es = CompileOptions::default();
    es.targets.glsl.version = prism::back::glsl::Flavor::Es310;
    let refused = compile(&es)
        .emit(Target::Glsl)
        .expect_err("ES without the extension");
    assert_eq!(refused.code.as_deref(), Some("E-TARGET"));
}

/// naga writes a weak compare-exchange to WGSL and MSL; GLSL's `atomicCompSwap` is strong.
/// Each becomes a retry loop there (the value read is what the loop stored), and only there:
/// SPIR-V, HLSL and GLSL keep their one strong instruction.
#[test]
fn comp_swap_retries_spurious_failures_in_wgsl_and_msl_only() {
    let c = fixture("vulkan/compswap_list.comp", &CompileOptions::default());
    let wgsl = text(&c, Target::Wgsl);
    // One retry loop per `atomicCompSwap` (4), beside the shader's own two loops.
    let retries = wgsl
        .split("loop {")
        .skip(1)
        .filter(|after| {
            let body = after.split("break;").next().unwrap_or("");
            body.trim_start().starts_with("let ")
                && body.contains("atomicCompareExchangeWeak(")
                && body.contains(".exchanged || (")
                && body.contains(".old_value != ")
        })
        .count();
    assert_eq!(retries, 4, "{wgsl}");
    // Each loop stores the old value; the program reads it after the loop (the fourth call's
    // value is unused, but its exchange must still not fail spuriously).
    for i in ["", "_1", "_2", "_3"] {
        let var = format!("prism_cas_old{i}");
        assert!(wgsl.contains(&format!("{var} = _e")), "{var}: {wgsl}");
        assert_eq!(
            wgsl.contains(&format!("= {var};")),
            i != "_3",
            "{var}: {wgsl}"
        );
    }
    let msl = text(&c, Target::Msl);
    assert_eq!(msl.matches("prism_cas_old = _e").count(), 1, "{msl}");
    assert_eq!(msl.matches("prism_cas_old_3 = _e").count(), 1, "{msl}");

    // No loop where the instruction is strong: as many loops as the shader has.
    let asm = text(&c, Target::SpirvAsm);
    assert_eq!(instructions(&asm, "OpLoopMerge").len(), 2, "{asm}");
    assert!(!asm.contains("prism_cas_old"), "{asm}");
    for target in [Target::Hlsl, Target::Glsl] {
        let out = text(&c, target);
        assert!(!out.contains("prism_cas_old"), "{target}: {out}");
    }
    let hlsl = text(&c, Target::Hlsl);
    assert_eq!(
        hlsl.matches("InterlockedCompareExchange(").count(),
        4,
        "{hlsl}"
    );
}

/// A WGSL program that reads `exchanged` asked for the weak form and handles it: left as
/// written (no retry loop, no local).
#[test]
fn wgsl_weak_compare_exchange_that_reads_exchanged_is_kept() {
    let source = "@group(0) @binding(0) var<storage, read_write> a: atomic<u32>;
@group(0) @binding(1) var<storage, read_write> out: u32;
@compute @workgroup_size(1)
fn main() {
    let r = atomicCompareExchangeWeak(&a, 1u, 2u);
    if r.exchanged { out = r.old_value; }
}
";
    let c = compile_text(
        "weak.wgsl",
        source,
        InputKind::Wgsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let wgsl = text(&c, Target::Wgsl);
    assert!(!wgsl.contains("prism_cas_old"), "{wgsl}");
    assert!(!wgsl.contains("loop"), "{wgsl}");
}

/// `GL_EXT_shader_atomic_float`: `atomicAdd` / `atomicExchange` on a float buffer member are
/// naga's f32 atomics (SPIR-V `OpAtomicFAddEXT`, MSL 3.0 `atomic_float`); the targets naga
/// cannot write them to refuse with `E-TARGET`.
#[test]
fn float_atomics_on_buffers_are_float_atomics() {
    let c = fixture("vulkan/float_atomic_splat.comp", &CompileOptions::default());
    let asm = text(&c, Target::SpirvAsm);
    assert!(asm.contains("OpCapability AtomicFloat32AddEXT"), "{asm}");
    let adds = instructions(&asm, "OpAtomicFAddEXT");
    assert_eq!(adds.len(), 2, "{asm}");
    assert!(adds.iter().all(|a| a.starts_with("%float ")), "{adds:?}");
    let exchanges = instructions(&asm, "OpAtomicExchange");
    assert_eq!(exchanges.len(), 1, "{asm}");
    assert!(exchanges[0].starts_with("%float "), "{exchanges:?}");
    // `before == 0.0` compares what the add returned, not a plain load.
    assert!(asm.contains("OpFOrdEqual %bool"), "{asm}");
    assert!(!asm.contains("prism_atomic"), "{asm}");
    let wgsl = text(&c, Target::Wgsl);
    assert!(wgsl.contains("density: array<atomic<f32>, 4096>"), "{wgsl}");

    for (target, what) in [
        (Target::Msl, "MSL 3.0"),
        (Target::Hlsl, "HLSL has no"),
        (Target::Glsl, "GLSL writer"),
    ] {
        let refused = c.emit(target).expect_err("float atomics");
        assert_eq!(refused.code.as_deref(), Some("E-TARGET"), "{target}");
        assert!(
            refused.message.contains(what),
            "{target}: {}",
            refused.message
        );
    }
    let mut msl30 = CompileOptions::default();
    msl30.targets.msl.version = Some((3, 0));
    let msl = text(
        &fixture("vulkan/float_atomic_splat.comp", &msl30),
        Target::Msl,
    );
    assert!(msl.contains("metal::atomic_float"), "{msl}");
    assert_eq!(
        msl.matches("atomic_fetch_add_explicit(").count(),
        2,
        "{msl}"
    );
    assert_eq!(msl.matches("atomic_exchange_explicit(").count(), 1, "{msl}");
}

/// What naga's IR cannot say about float atomics is a located `E-UNSUPPORTED` naming the
/// feature; what GLSL itself lacks is `E-ATOMIC`; prism's stub names never leak.
#[test]
fn float_atomics_naga_cannot_express_are_located_errors() {
    let cases = [
        (
            "shared float s;\nvoid main() {\n  s = 0.0;\n  atomicAdd(s, 1.0);\n}\n",
            4,
            "E-UNSUPPORTED",
            "`atomicAdd` on a `shared float`",
        ),
        (
            "layout(std430, binding = 0) buffer B { float m; };\nvoid main() {\n  atomicMax(m, 2.0);\n}\n",
            3,
            "E-UNSUPPORTED",
            "`atomicMax` on a `float` (GL_EXT_shader_atomic_float2",
        ),
        (
            "layout(std430, binding = 0) buffer B { double d; };\nvoid main() {\n  atomicAdd(d, double(1.0));\n}\n",
            3,
            "E-UNSUPPORTED",
            "`atomicAdd` on a `double`",
        ),
        (
            "layout(std430, binding = 0) buffer B { float m; };\nvoid main() {\n  atomicAnd(m, 2.0);\n}\n",
            3,
            "E-ATOMIC",
            "`atomicAnd` takes `uint` or `int`",
        ),
    ];
    for (body, line, code, message) in cases {
        let source = format!(
            "#version 450\n#extension GL_EXT_shader_atomic_float : require\nlayout(local_size_x = 1) in;\n{body}"
        );
        let failure = compile_text(
            "float.comp",
            &source,
            InputKind::Glsl,
            Some(Stage::Compute),
            &CompileOptions::default(),
        )
        .err()
        .unwrap_or_else(|| panic!("compiled: {source}"));
        let d = &failure.diagnostics[0];
        assert_eq!(d.code.as_deref(), Some(code), "{source}\n{d:?}");
        assert!(d.message.contains(message), "{source}\n{d:?}");
        assert!(!format!("{d:?}").contains("prism_atomic"), "{d:?}");
        // The call's line (the header above `body` is three lines).
        let at = d
            .labels
            .iter()
            .find(|l| l.style == LabelStyle::Primary)
            .map(|l| failure.files.get(l.file_id).line_col(l.range.start).0)
            .expect("a primary label");
        assert_eq!(at, 3 + line, "{source}\n{d:?}");
    }
}
