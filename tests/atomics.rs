//! The atomics naga's GLSL reader lacks, lowered by `front::glsl::atomics`: the SPIR-V must
//! hold the operation GLSL asked for, with its operands in GLSL's order (a snapshot alone
//! would accept a wrong op once blessed), and the targets naga cannot write them to must
//! refuse with `E-TARGET`, never write broken code.

mod common;

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
