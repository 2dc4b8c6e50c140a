//! Capabilities and extensions naga's SPIR-V writer forgets to declare.
//!
//! - Unsized binding arrays (`tex[]`) need `RuntimeDescriptorArray`.
//! - The `BaseVertex` and `BaseInstance` built-ins (`gl_BaseVertex`, `gl_BaseInstance`) need
//!   `DrawParameters`, and before SPIR-V 1.3 the `SPV_KHR_shader_draw_parameters` extension
//!   (naga declares both for `DrawIndex`, not for these two).
//!
//! Both passes work on the words naga wrote: a capability goes after the last
//! `OpCapability`, an extension after the capabilities (the order SPIR-V's logical layout
//! asks for), and nothing is added twice.

const OP_EXTENSION: u32 = 10;
const OP_CAPABILITY: u32 = 17;
const OP_DECORATE: u32 = 71;
const DECORATION_BUILT_IN: u32 = 11;
const BUILT_IN_BASE_VERTEX: u32 = 4424;
const BUILT_IN_BASE_INSTANCE: u32 = 4425;
const CAPABILITY_DRAW_PARAMETERS: u32 = 4427;
const CAPABILITY_RUNTIME_DESCRIPTOR_ARRAY: u32 = 5302;
const DRAW_PARAMETERS_EXTENSION: &str = "SPV_KHR_shader_draw_parameters";
const HEADER: usize = 5;

/// Add what `module`'s SPIR-V (`words`) uses but naga did not declare.
pub fn fix(module: &naga::Module, words: &mut Vec<u32>) {
    let runtime_sized = module.global_variables.iter().any(|(_, g)| {
        matches!(
            module.types[g.ty].inner,
            naga::TypeInner::BindingArray {
                size: naga::ArraySize::Dynamic,
                ..
            }
        )
    });
    if runtime_sized {
        add_capability(words, CAPABILITY_RUNTIME_DESCRIPTOR_ARRAY);
    }
    if uses_draw_parameters(words) {
        add_capability(words, CAPABILITY_DRAW_PARAMETERS);
        let minor = words.get(1).map_or(0, |v| (v >> 8) & 0xff);
        if minor < 3 {
            add_extension(words, DRAW_PARAMETERS_EXTENSION);
        }
    }
}

/// Word ranges of the instructions after the header; stops at a malformed length.
pub(super) fn instructions(words: &[u32]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = HEADER;
    std::iter::from_fn(move || {
        let count = (*words.get(at)? >> 16) as usize;
        if count == 0 || at + count > words.len() {
            return None;
        }
        at += count;
        Some(at - count..at)
    })
}

fn opcode(words: &[u32], range: &std::ops::Range<usize>) -> u32 {
    words[range.start] & 0xffff
}

fn uses_draw_parameters(words: &[u32]) -> bool {
    instructions(words).any(|r| {
        opcode(words, &r) == OP_DECORATE
            && r.len() == 4
            && words[r.start + 2] == DECORATION_BUILT_IN
            && matches!(
                words[r.start + 3],
                BUILT_IN_BASE_VERTEX | BUILT_IN_BASE_INSTANCE
            )
    })
}

/// Where the capability section ends (just after the last `OpCapability`), and whether
/// `capability` is already in it.
fn capability_section(words: &[u32], capability: u32) -> (Option<usize>, bool) {
    let mut end = None;
    let mut has = false;
    for r in instructions(words) {
        if opcode(words, &r) == OP_CAPABILITY {
            has |= r.len() == 2 && words[r.start + 1] == capability;
            end = Some(r.end);
        } else if end.is_some() {
            break;
        }
    }
    (end, has)
}

fn add_capability(words: &mut Vec<u32>, capability: u32) {
    if let (Some(end), false) = capability_section(words, capability) {
        words.splice(end..end, [(2 << 16) | OP_CAPABILITY, capability]);
    }
}

/// A literal string operand: UTF-8, nul-terminated, padded to whole words.
fn string_words(text: &str) -> Vec<u32> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    bytes.resize(bytes.len().div_ceil(4) * 4, 0);
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn add_extension(words: &mut Vec<u32>, name: &str) {
    let operand = string_words(name);
    let present = instructions(words)
        .any(|r| opcode(words, &r) == OP_EXTENSION && words[r.start + 1..r.end] == operand[..]);
    let (Some(end), _) = capability_section(words, 0) else {
        return;
    };
    if !present {
        let mut instruction = vec![((operand.len() as u32 + 1) << 16) | OP_EXTENSION];
        instruction.extend(operand);
        words.splice(end..end, instruction);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(source: &str) -> (naga::Module, naga::valid::ModuleInfo) {
        let module = naga::front::glsl::Frontend::default()
            .parse(
                &naga::front::glsl::Options::from(naga::ShaderStage::Vertex),
                source,
            )
            .expect("parses");
        let info = naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::all(),
        )
        .validate(&module)
        .expect("valid");
        (module, info)
    }

    fn spirv(source: &str, version: (u8, u8)) -> Vec<u32> {
        let (module, info) = module(source);
        let options = naga::back::spv::Options {
            lang_version: version,
            ..Default::default()
        };
        let mut words = naga::back::spv::write_vec(&module, &info, &options, None).expect("writes");
        fix(&module, &mut words);
        words
    }

    const BASE_INSTANCE: &str = "#version 460\nlayout(location = 0) out float o;\n\
        void main() { o = float(gl_BaseInstance + gl_BaseVertex); gl_Position = vec4(0.0); }";

    #[test]
    fn base_instance_gets_draw_parameters_and_passes_vulkan_validation() {
        let words = spirv(BASE_INSTANCE, (1, 0));
        let text = crate::back::spirv::disassemble(&words).expect("disassembles");
        assert!(text.contains("OpCapability DrawParameters"), "{text}");
        assert!(
            text.contains("OpExtension \"SPV_KHR_shader_draw_parameters\""),
            "{text}"
        );
        crate::back::spirv::validate_vulkan(&words).expect("spirv-val accepts it");
    }

    #[test]
    fn spirv_1_3_needs_no_extension_and_nothing_is_added_twice() {
        let mut words = spirv(BASE_INSTANCE, (1, 3));
        let (module, _) = module(BASE_INSTANCE);
        fix(&module, &mut words);
        let text = crate::back::spirv::disassemble(&words).expect("disassembles");
        assert_eq!(text.matches("OpCapability DrawParameters").count(), 1);
        assert!(!text.contains("OpExtension"), "{text}");
        crate::back::spirv::validate_vulkan(&words).expect("spirv-val accepts it");
    }

    #[test]
    fn a_shader_without_draw_parameters_is_left_alone() {
        let source = "#version 460\nvoid main() { gl_Position = vec4(float(gl_InstanceIndex)); }";
        let (module, info) = module(source);
        let mut words =
            naga::back::spv::write_vec(&module, &info, &Default::default(), None).expect("writes");
        let before = words.clone();
        fix(&module, &mut words);
        assert_eq!(words, before);
    }

    #[test]
    fn garbage_words_are_not_a_panic() {
        let mut words = vec![0x0723_0203, 0x10000, 0, 10, 0, 0xffff_0011, 1, 2];
        add_capability(&mut words, CAPABILITY_DRAW_PARAMETERS);
        add_extension(&mut words, DRAW_PARAMETERS_EXTENSION);
        assert!(!uses_draw_parameters(&words));
    }
}
