//! Named storage blocks whose last member is a runtime-sized array
//! (`dialect::storage_instances`): naga's reader loads the whole block to read `b.count`,
//! which such a block forbids; prism reads them as anonymous blocks and gives the names back.

mod common;

use common::spirv_offsets::{inline_shader, prism_spirv};
use prism::back::Target;
use prism::pipeline::{compile_path, CompileOptions};

const BLOCK: &str = "#version 450\nlayout(local_size_x = 64) in;\n\
    layout(set = 0, binding = 0, std430) buffer B { uint count; uvec2 hdr; uint data[]; } b;\n";

#[test]
fn header_reads_atomics_and_lengths_compile_for_every_target() {
    for (name, body) in [
        ("read.comp", "uint c = b.count; b.data[0] = c;"),
        (
            "atomic.comp",
            "uint old = atomicAdd(b.count, 1u); b.data[old] = 1u;",
        ),
        (
            "length.comp",
            "b.data[0] = uint(b.data.length()) + b.hdr.y;",
        ),
        ("condition.comp", "if (b.count > 0u) { b.data[0] = 1u; }"),
    ] {
        let path = inline_shader(name, &format!("{BLOCK}void main() {{ {body} }}\n"));
        let compilation = compile_path(&path, &CompileOptions::default())
            .unwrap_or_else(|f| panic!("{name}: {f:?}"));
        for target in [
            Target::Spirv,
            Target::Hlsl,
            Target::Msl,
            Target::Glsl,
            Target::Wgsl,
        ] {
            compilation
                .emit(target)
                .unwrap_or_else(|d| panic!("{name} to {target:?}: {d:?}"));
        }
    }
}

#[test]
fn the_block_keeps_its_names() {
    // A local named like the instance shadows it in its own function only.
    let path = inline_shader(
        "names.comp",
        &format!(
            "{BLOCK}uint twice(uint b) {{ return b * 2u; }}\n\
             void main() {{ b.data[b.count] = twice(b.hdr.x); }}\n"
        ),
    );
    let spirv = prism_spirv(&path);
    let text = String::from_utf8_lossy(&spirv);
    for name in ["count", "hdr", "data"] {
        assert!(text.contains(name), "member name `{name}` in the SPIR-V");
    }
    assert!(
        !text.contains("prism_b_"),
        "no generated member name is left"
    );
    let wgsl = compile_path(&path, &CompileOptions::default())
        .expect("compiles")
        .emit(Target::Wgsl)
        .expect("WGSL");
    let wgsl = String::from_utf8_lossy(wgsl.as_bytes()).into_owned();
    // (the WGSL writer may suffix the name where a parameter shares it)
    assert!(wgsl.contains("var<storage, read_write> b"), "{wgsl}");
    assert!(wgsl.contains("count: u32"), "{wgsl}");
}
