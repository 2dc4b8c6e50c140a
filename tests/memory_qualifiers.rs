//! Memory qualifiers (`coherent`, `volatile`, `restrict`, `readonly`, `writeonly`) on buffer
//! blocks, block members and images, which naga's GLSL reader rejects in most places
//! (`front::glsl::dialect::memory`): they must compile, `readonly` must reach naga's storage
//! access where naga has it, `coherent` / `volatile` on buffers must reach the IR (and the
//! targets that can say them), and each `coherent` / `volatile` must be a warning on its own
//! line that says which targets keep it and what the others still guarantee.

mod common;

use codespan_reporting::diagnostic::{LabelStyle, Severity};
use prism::back::{Output, Target};
use prism::pipeline::{compile_path, compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

fn fixture(rel: &str) -> Compilation {
    let path = common::fixture_root().join(rel);
    compile_path(&path, &CompileOptions::default())
        .unwrap_or_else(|f| panic!("{rel}: {:?}", f.diagnostics))
}

fn text(compilation: &Compilation, target: Target) -> String {
    match compilation.emit(target) {
        Ok(Output::Text(text)) => text,
        other => panic!("{target}: {other:?}"),
    }
}

/// (line, message) of each warning.
fn warnings(c: &Compilation) -> Vec<(usize, String)> {
    c.parsed
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let label = d
                .labels
                .iter()
                .find(|l| l.style == LabelStyle::Primary)
                .expect("a primary label");
            let line = c.files.get(label.file_id).line_col(label.range.start).0;
            (line, d.message.clone())
        })
        .collect()
}

#[test]
fn memory_qualifiers_compile_and_readonly_reaches_naga() {
    let c = fixture("vulkan/memory_qualifiers.comp");
    let wgsl = text(&c, Target::Wgsl);
    // `Params` has only `readonly` members: the block becomes read-only, like `In`.
    assert!(wgsl.contains("var<storage> global: Params;"), "{wgsl}");
    assert!(wgsl.contains("var<storage> global_1: In;"), "{wgsl}");
    assert!(
        wgsl.contains("var<storage, read_write> global_2: Out;"),
        "{wgsl}"
    );
    assert!(
        wgsl.contains("var heights: texture_storage_2d<r32float,write>;"),
        "{wgsl}"
    );
    let asm = text(&c, Target::SpirvAsm);
    let non_writable = asm
        .lines()
        .filter(|l| l.contains("OpDecorate") && l.ends_with("NonWritable"))
        .count();
    assert_eq!(non_writable, 2, "{asm}");
    assert!(asm.contains("OpDecorate %heights NonReadable"), "{asm}");
    // Every other target writes it too.
    for target in [Target::Hlsl, Target::Msl, Target::Glsl] {
        text(&c, target);
    }
}

#[test]
fn coherent_and_volatile_are_warnings_on_their_lines() {
    let c = fixture("vulkan/memory_qualifiers.comp");
    let found = warnings(&c);
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    // `coherent buffer Out` (11), `volatile uint ready[]` (15), `coherent uniform uimage2D` (17);
    // `restrict`, `readonly` and `writeonly` are silent.
    assert_eq!(lines, [11, 15, 17], "{found:?}");
    assert!(
        found[0].1.contains("`coherent` on buffer `Out`"),
        "{found:?}"
    );
    assert!(found[0].1.contains("WGSL"), "{found:?}");
    assert!(found[0].1.contains("between workgroups"), "{found:?}");
    assert!(
        found[1].1.contains("`volatile` on buffer `Flags`"),
        "{found:?}"
    );
    assert!(found[1].1.contains("merge repeated reads"), "{found:?}");
    // naga's IR has no memory decorations for images.
    assert!(found[2].1.contains("`coherent` is dropped"), "{found:?}");
}

/// `coherent` / `volatile` on a buffer block or a member reach the IR: SPIR-V and GLSL say
/// them, HLSL says `globallycoherent` on a writable buffer, WGSL (which WebGPU would reject
/// with them) and MSL below 3.2 do not, and the WGSL reads back.
#[test]
fn coherent_and_volatile_buffers_keep_their_meaning_where_the_target_has_it() {
    let c = fixture("vulkan/memory_qualifiers.comp");
    let global = |block: &str| {
        let module = &c.parsed.module;
        module
            .global_variables
            .iter()
            .map(|(_, g)| g)
            .find(|g| module.types[g.ty].name.as_deref() == Some(block))
            .unwrap_or_else(|| panic!("no global of type {block}"))
            .memory_decorations
    };
    assert_eq!(global("Out"), naga::MemoryDecorations::COHERENT);
    assert_eq!(global("Flags"), naga::MemoryDecorations::VOLATILE);
    assert_eq!(global("In"), naga::MemoryDecorations::empty());

    let asm = text(&c, Target::SpirvAsm);
    let decorated = |what: &str| {
        asm.lines()
            .filter(|l| l.trim_start().starts_with("OpDecorate") && l.ends_with(what))
            .count()
    };
    assert_eq!(decorated(" Coherent"), 1, "{asm}");
    assert_eq!(decorated(" Volatile"), 1, "{asm}");
    let glsl = text(&c, Target::Glsl);
    assert!(glsl.contains("coherent buffer"), "{glsl}");
    assert!(glsl.contains("volatile buffer"), "{glsl}");
    let hlsl = text(&c, Target::Hlsl);
    assert_eq!(hlsl.matches("globallycoherent").count(), 1, "{hlsl}");
    let msl = text(&c, Target::Msl);
    assert!(!msl.contains("coherent"), "{msl}");
    let mut options = CompileOptions::default();
    options.targets.msl.version = Some((3, 2));
    let path = common::fixture_root().join("vulkan/memory_qualifiers.comp");
    let msl32 = compile_path(&path, &options).expect("compiles");
    let msl32 = text(&msl32, Target::Msl);
    assert!(msl32.contains("coherent device"), "{msl32}");

    let wgsl = text(&c, Target::Wgsl);
    assert!(
        !wgsl.contains("@coherent") && !wgsl.contains("@volatile"),
        "{wgsl}"
    );
    let module = naga::front::wgsl::parse_str(&wgsl).expect("the WGSL reads back");
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&module)
    .expect("and validates");
}

/// A `coherent` read-only buffer: HLSL cannot put `globallycoherent` on a
/// `ByteAddressBuffer`, so it is left out there, and kept in SPIR-V.
#[test]
fn a_coherent_readonly_buffer_is_not_globallycoherent_in_hlsl() {
    let source = "#version 450\nlayout(local_size_x = 1) in;\nlayout(std430, binding = 0) coherent readonly buffer Src { uint v[]; };\nlayout(std430, binding = 1) buffer Dst { uint w[]; };\nvoid main() { w[0] = v[0]; }\n";
    let c = compile("coherent_readonly.comp", source, Stage::Compute).expect("compiles");
    let hlsl = text(&c, Target::Hlsl);
    assert!(!hlsl.contains("globallycoherent"), "{hlsl}");
    let asm = text(&c, Target::SpirvAsm);
    assert!(
        asm.lines()
            .any(|l| l.trim_start().starts_with("OpDecorate") && l.ends_with(" Coherent")),
        "{asm}"
    );
}

fn compile(name: &str, source: &str, stage: Stage) -> Result<Compilation, String> {
    common::compile_glsl(name, source, stage).map_err(|f| format!("{:?}", f.diagnostics))
}

/// Memory qualifiers on a `shared` variable: glslang refuses them ("memory qualifiers cannot
/// be used on this type"), and so does prism, at the qualifier.
#[test]
fn memory_qualifier_on_shared_is_an_error() {
    let source =
        "#version 450\nlayout(local_size_x = 1) in;\nshared coherent uint s;\nvoid main() { s = 1u; }\n";
    let failure = compile_text(
        "shared.comp",
        source,
        InputKind::Glsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .err()
    .expect("refused");
    let d = &failure.diagnostics[0];
    assert_eq!(d.code.as_deref(), Some("E-DIALECT"), "{d:?}");
    assert!(d.message.contains("`shared`"), "{d:?}");
    let label = &d.labels[0];
    assert_eq!(
        failure.files.get(label.file_id).line_col(label.range.start),
        (3, 8)
    );
}

/// Only qualifier positions are touched: in GLSL ES 1.00 `coherent` is an ordinary name.
#[test]
fn coherent_as_a_name_in_es100_is_left_alone() {
    let source = "precision mediump float;\nuniform float coherent;\nvoid main() {\n  float volatile = coherent * 2.0;\n  gl_FragColor = vec4(volatile);\n}\n";
    // `volatile` is reserved in ES 1.00 (glslang refuses it); `coherent` is not.
    assert!(compile("reserved.frag", source, Stage::Fragment).is_err());
    let source = "precision mediump float;\nuniform float coherent;\nvoid main() {\n  float restrictive = coherent * 2.0;\n  gl_FragColor = vec4(restrictive);\n}\n";
    let c = compile("names.frag", source, Stage::Fragment).expect("compiles");
    assert!(warnings(&c).is_empty(), "{:?}", warnings(&c));
}
