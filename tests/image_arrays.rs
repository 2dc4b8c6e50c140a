//! Arrays of storage images with a format (`layout(r32ui) uniform uimage2D imgs[4];`), which
//! naga's GLSL reader refuses (`front::glsl::dialect::image_arrays`): the format and the
//! access must reach the binding array's image type, float and int arrays must be a located
//! `E-UNSUPPORTED`, and an image atomic on an element must not become invalid SPIR-V.

mod common;

use codespan_reporting::diagnostic::LabelStyle;
use prism::back::{Output, Target};
use prism::pipeline::{compile_path, Compilation, CompileOptions, Failure};
use prism::shader::Stage;

fn text(compilation: &Compilation, target: Target) -> String {
    match compilation.emit(target) {
        Ok(Output::Text(text)) => text,
        other => panic!("{target}: {other:?}"),
    }
}

fn compile(source: &str) -> Result<Compilation, Failure> {
    common::compile_glsl("arrays.comp", source, Stage::Compute)
}

#[test]
fn format_and_access_reach_the_binding_array() {
    let path = common::fixture_root().join("vulkan/image_array_formats.comp");
    let c = compile_path(&path, &CompileOptions::default())
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let wgsl = text(&c, Target::Wgsl);
    for declaration in [
        "var counters: binding_array<texture_storage_2d<r32uint,read_write>, 4>;",
        "var layers: binding_array<texture_storage_2d<rgba8uint,read>, 2>;",
        "var merged: binding_array<texture_storage_2d<r32uint,write>, 2>;",
    ] {
        assert!(wgsl.contains(declaration), "{declaration}\n{wgsl}");
    }
    let asm = text(&c, Target::SpirvAsm);
    assert!(
        asm.contains("OpTypeImage %uint 2D 0 0 0 2 Rgba8ui"),
        "{asm}"
    );
    assert!(asm.contains("OpTypeImage %uint 2D 0 0 0 2 R32ui"), "{asm}");
    // naga's placeholder format is gone.
    assert!(!asm.contains("R8ui"), "{asm}");
    assert!(text(&c, Target::Hlsl).contains("RWTexture2D<uint4> layers[2]"));
}

#[test]
fn float_and_int_image_arrays_are_located_unsupported() {
    for (ty, format) in [("image2D", "rgba8"), ("iimage3D", "r32i")] {
        let source = format!(
            "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, {format}) uniform {ty} imgs[2];\nvoid main() {{ imageStore(imgs[0], ivec2(0), vec4(0.0)); }}\n"
        );
        let failure = compile(&source).err().expect("refused");
        let d = &failure.diagnostics[0];
        assert_eq!(d.code.as_deref(), Some("E-UNSUPPORTED"), "{d:?}");
        assert!(d.message.contains(&format!("`{ty}`")), "{d:?}");
        let label = d
            .labels
            .iter()
            .find(|l| l.style == LabelStyle::Primary)
            .expect("label");
        let (line, _) = failure.files.get(label.file_id).line_col(label.range.start);
        assert_eq!(line, 3, "{d:?}");
    }
}

/// naga's SPIR-V writer points `OpImageTexelPointer` at the whole binding array: refused
/// there (spirv-val would reject it), written for WGSL and HLSL.
#[test]
fn image_atomic_on_an_array_element_is_refused_for_spirv_only() {
    let source = "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D counters[4];\nvoid main() { imageAtomicAdd(counters[gl_WorkGroupID.x % 4u], ivec2(0), 1u); }\n";
    let c = compile(source).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    for target in [Target::Spirv, Target::SpirvAsm] {
        let refused = c.emit(target).expect_err("refused");
        assert_eq!(refused.code.as_deref(), Some("E-TARGET"), "{target}");
        assert!(
            refused.message.contains("OpImageTexelPointer"),
            "{}",
            refused.message
        );
    }
    let wgsl = text(&c, Target::Wgsl);
    assert!(
        wgsl.contains("binding_array<texture_storage_2d<r32uint,atomic>, 4>"),
        "{wgsl}"
    );
    assert!(wgsl.contains("textureAtomicAdd(counters["), "{wgsl}");
    assert!(text(&c, Target::Hlsl).contains("InterlockedAdd(counters["));
}
