//! Member offsets and locations read from a SPIR-V module by name, to compare prism's module
//! with glslang's: `OpName` / `OpMemberName` with `OpMemberDecorate ... Offset` and
//! `OpDecorate ... Location`.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use prism::back::Target;
use prism::pipeline::{compile_path, CompileOptions};

/// (struct, member) → the offsets it has (a struct laid out twice has two). prism's padding
/// members (`prism_*`) and unnamed structs are left out.
pub type Offsets = BTreeMap<(String, String), BTreeSet<u32>>;

/// The instructions of a SPIR-V module: (opcode, operands).
pub fn instructions(spirv: &[u8]) -> Vec<(u32, Vec<u32>)> {
    let words: Vec<u32> = spirv
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut out = Vec::new();
    let mut i = 5;
    while i < words.len() {
        let count = (words[i] >> 16) as usize;
        assert!(count > 0 && i + count <= words.len(), "malformed SPIR-V");
        out.push((words[i] & 0xffff, words[i + 1..i + count].to_vec()));
        i += count;
    }
    out
}

/// A literal string operand (nul-terminated, little-endian words).
pub fn string(operands: &[u32]) -> String {
    let bytes: Vec<u8> = operands.iter().flat_map(|w| w.to_le_bytes()).collect();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// The member offsets of a SPIR-V module, by name.
pub fn offsets(spirv: &[u8]) -> Offsets {
    let mut names = BTreeMap::new();
    let mut members = BTreeMap::new();
    let mut decorated = Vec::new();
    for (opcode, ops) in instructions(spirv) {
        match opcode {
            5 => {
                names.insert(ops[0], string(&ops[1..]));
            }
            6 => {
                members.insert((ops[0], ops[1]), string(&ops[2..]));
            }
            // OpMemberDecorate %type member Offset(35) value
            72 if ops.get(2) == Some(&35) => decorated.push((ops[0], ops[1], ops[3])),
            _ => {}
        }
    }
    let mut out = Offsets::new();
    for (ty, member, offset) in decorated {
        let (Some(ty), Some(member)) = (names.get(&ty), members.get(&(ty, member))) else {
            continue;
        };
        if member.starts_with("prism_") || ty.is_empty() {
            continue;
        }
        out.entry((ty.clone(), member.clone()))
            .or_default()
            .insert(offset);
    }
    out
}

/// The `ArrayStride` of each array member of a named struct, keyed `(struct, "member[]")`
/// (prism's `prism_*` members left out): to compare with the same map of another module.
pub fn array_strides(spirv: &[u8]) -> Offsets {
    let mut names = BTreeMap::new();
    let mut members = BTreeMap::new();
    // Struct id → its member type ids; array type id → stride.
    let mut struct_members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let mut strides = BTreeMap::new();
    for (opcode, ops) in instructions(spirv) {
        match opcode {
            5 => {
                names.insert(ops[0], string(&ops[1..]));
            }
            6 => {
                members.insert((ops[0], ops[1]), string(&ops[2..]));
            }
            // OpTypeStruct %id member types...
            30 => {
                struct_members.insert(ops[0], ops[1..].to_vec());
            }
            // OpDecorate %array ArrayStride(6) value
            71 if ops.get(1) == Some(&6) => {
                strides.insert(ops[0], ops[2]);
            }
            _ => {}
        }
    }
    let mut out = Offsets::new();
    for (id, types) in &struct_members {
        let Some(ty) = names.get(id).filter(|n| !n.is_empty()) else {
            continue;
        };
        for (k, member_ty) in types.iter().enumerate() {
            let member = members.get(&(*id, k as u32));
            let (Some(member), Some(&stride)) = (member, strides.get(member_ty)) else {
                continue;
            };
            if !member.starts_with("prism_") {
                out.entry((ty.clone(), format!("{member}[]")))
                    .or_default()
                    .insert(stride);
            }
        }
    }
    out
}

/// Each (struct, member) of `reference` whose offsets `ours` does not have, in words.
pub fn mismatches(reference: &Offsets, ours: &Offsets) -> Vec<String> {
    reference
        .iter()
        .filter(|(key, want)| ours.get(*key) != Some(*want))
        .map(|((ty, member), want)| {
            format!(
                "{ty}.{member}: glslang {want:?}, prism {:?}",
                ours.get(&(ty.clone(), member.clone()))
            )
        })
        .collect()
}

/// The SPIR-V prism writes for the shader at `path`.
pub fn prism_spirv(path: &Path) -> Vec<u8> {
    let compilation = compile_path(path, &CompileOptions::default())
        .unwrap_or_else(|f| panic!("prism compiles {}: {f:?}", path.display()));
    compilation
        .emit(Target::Spirv)
        .unwrap_or_else(|d| panic!("SPIR-V for {}: {d:?}", path.display()))
        .as_bytes()
        .to_vec()
}

/// glslang's SPIR-V for the Vulkan GLSL shader at `path` (`-V --target-env vulkan1.2`).
pub fn glslang_spirv(glslang: &Path, path: &Path) -> Vec<u8> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spirv_offsets");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spv = dir.join(format!("{name}.spv"));
    let args: Vec<OsString> = vec![
        "-V".into(),
        "--target-env".into(),
        "vulkan1.2".into(),
        "-o".into(),
        spv.clone().into(),
    ];
    let run = super::run_tool(glslang, &args, path);
    assert!(run.success, "{}\n{}", run.command, run.output);
    std::fs::read(&spv).expect("glslang's SPIR-V")
}

/// Every (struct, member) glslang lays out has the same offsets in prism's module.
pub fn assert_glslangs_offsets(glslang: &Path, path: &Path) {
    let reference = offsets(&glslang_spirv(glslang, path));
    assert!(
        !reference.is_empty(),
        "{}: glslang laid nothing out",
        path.display()
    );
    let wrong = mismatches(&reference, &offsets(&prism_spirv(path)));
    assert!(
        wrong.is_empty(),
        "{}:\n{}",
        path.display(),
        wrong.join("\n")
    );
}

/// `text` written to a file `name` under the test's temporary folder.
pub fn inline_shader(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inline_shaders");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write shader");
    path
}

/// The user inputs (`true`) and outputs (`false`) of a SPIR-V module: (input, name,
/// location), sorted; built-ins and unnamed variables are left out.
pub fn locations(spirv: &[u8]) -> Vec<(bool, String, u32)> {
    let mut names = BTreeMap::new();
    let mut located = BTreeMap::new();
    let mut classes = BTreeMap::new();
    for (opcode, ops) in instructions(spirv) {
        match opcode {
            5 => {
                names.insert(ops[0], string(&ops[1..]));
            }
            // OpDecorate %var Location(30) n
            71 if ops.get(1) == Some(&30) => {
                located.insert(ops[0], ops[2]);
            }
            // OpVariable %type %id StorageClass: Input 1, Output 3
            59 => {
                classes.insert(ops[1], ops[2]);
            }
            _ => {}
        }
    }
    let mut out: Vec<(bool, String, u32)> = located
        .iter()
        .filter_map(|(id, location)| {
            let input = match classes.get(id)? {
                1 => true,
                3 => false,
                _ => return None,
            };
            Some((input, names.get(id)?.clone(), *location))
        })
        .collect();
    out.sort_by_key(|(input, name, location)| (*input, *location, name.clone()));
    out
}
