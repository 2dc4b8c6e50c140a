//! SPIR-V (binary and disassembly) through naga's SPIR-V writer; disassembly and validation
//! through SPIRV-Tools.
//!
//! Every module [`write`] returns has passed spirv-val in-process: one that fails is an
//! [`Error::Invalid`], never output (the compile, annotate, isa and lint paths all write
//! through here, or call [`validate`] themselves).
//!
//! All three bounds-check policies are honoured. Debug flags are set explicitly rather than
//! left to naga's default, which turns them on only in debug builds of naga: a release prism
//! would otherwise silently emit different code than a test build.

mod barriers;
mod capabilities;
mod sample_mask;

pub use sample_mask::fix as fix_sample_mask;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// SPIR-V version as (major, minor); 1.0 is accepted everywhere.
    pub version: (u8, u8),
    /// Emit `OpName`s and friends (`WriterFlags::DEBUG`).
    pub debug_names: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            version: (1, 0),
            debug_names: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", super::common::error_chain(.0))]
    Naga(#[from] naga::back::spv::Error),
    #[error("SPIRV-Tools could not disassemble the module: {0}")]
    Disassemble(String),
    /// naga wrote a module spirv-val rejects: never handed on (a bug in prism or naga).
    #[error("internal error: the SPIR-V written fails validation, so prism withholds it (a bug in prism or naga; please report it with the input): {0}")]
    Invalid(String),
}

pub fn naga_options(
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> naga::back::spv::Options<'static> {
    let mut flags = naga::back::spv::WriterFlags::ADJUST_COORDINATE_SPACE
        | naga::back::spv::WriterFlags::LABEL_VARYINGS
        | naga::back::spv::WriterFlags::CLAMP_FRAG_DEPTH;
    if options.debug_names {
        flags |= naga::back::spv::WriterFlags::DEBUG;
    }
    naga::back::spv::Options {
        lang_version: options.version,
        flags,
        bounds_check_policies: *policies,
        ..Default::default()
    }
}

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<Vec<u32>, Error> {
    let mut naga_options = naga_options(options, policies);
    naga_options.lang_version = naga_options.lang_version.max(lowest_version(module));
    let mut words = naga::back::spv::write_vec(module, info, &naga_options, None)?;
    capabilities::fix(module, &mut words);
    sample_mask::fix(&mut words);
    barriers::fix(&mut words);
    validate_vulkan(&words).map_err(Error::Invalid)?;
    Ok(words)
}

/// The lowest SPIR-V version that can say what `module` uses: the subgroup operations
/// (`OpGroupNonUniform*`) and built-ins need 1.3. A lower requested version is raised to it.
pub fn lowest_version(module: &naga::Module) -> (u8, u8) {
    use naga::{Binding, BuiltIn, Expression};
    let subgroup_result = |f: &naga::Function| {
        f.expressions.iter().any(|(_, e)| {
            matches!(
                e,
                Expression::SubgroupBallotResult | Expression::SubgroupOperationResult { .. }
            )
        })
    };
    let subgroup_builtin = |binding: &Option<Binding>| {
        matches!(
            binding,
            Some(Binding::BuiltIn(
                BuiltIn::SubgroupSize
                    | BuiltIn::SubgroupInvocationId
                    | BuiltIn::NumSubgroups
                    | BuiltIn::SubgroupId
            ))
        )
    };
    let uses = module.functions.iter().any(|(_, f)| subgroup_result(f))
        || module.entry_points.iter().any(|e| {
            subgroup_result(&e.function)
                || e.function.arguments.iter().any(|a| {
                    subgroup_builtin(&a.binding)
                        || match &module.types[a.ty].inner {
                            naga::TypeInner::Struct { members, .. } => {
                                members.iter().any(|m| subgroup_builtin(&m.binding))
                            }
                            _ => false,
                        }
                })
        });
    if uses {
        (1, 3)
    } else {
        (1, 0)
    }
}

pub fn words_to_bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Little-endian bytes to words; `None` when the length is not a multiple of four.
pub fn bytes_to_words(bytes: &[u8]) -> Option<Vec<u32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// SPIR-V assembly text, with friendly names.
pub fn disassemble(words: &[u32]) -> Result<String, Error> {
    use spirv_tools::assembler::{Assembler, DisassembleOptions};
    let assembler = spirv_tools::assembler::create(None);
    let options = DisassembleOptions {
        indent: true,
        use_friendly_names: true,
        ..Default::default()
    };
    assembler
        .disassemble(words, options)
        .map(|text| text.unwrap_or_default())
        .map_err(|e| Error::Disassemble(e.to_string()))
}

/// Run spirv-val on a module (universal rules, for SPIR-V read in): `Err` holds the
/// validator's message.
pub fn validate(words: &[u32]) -> Result<(), String> {
    use spirv_tools::val::Validator;
    spirv_tools::val::create(None)
        .validate(words, None)
        .map_err(|e| e.to_string())
}

/// Run spirv-val on a module prism wrote, with Vulkan's rules (for the oldest Vulkan version
/// that takes the module's SPIR-V version): `Err` holds the validator's message.
pub fn validate_vulkan(words: &[u32]) -> Result<(), String> {
    use spirv_tools::val::Validator;
    use spirv_tools::TargetEnv;
    let minor = words.get(1).map_or(0, |v| (v >> 8) & 0xff);
    let env = match minor {
        0..=3 => TargetEnv::Vulkan_1_1,
        4 => TargetEnv::Vulkan_1_1_Spirv_1_4,
        5 => TargetEnv::Vulkan_1_2,
        _ => TargetEnv::Vulkan_1_3,
    };
    match spirv_tools::val::create(Some(env)).validate(words, None) {
        Ok(()) => Ok(()),
        // naga decorates every array type with `ArrayStride`, `shared` arrays included; the
        // SPIRV-Tools built into prism (newer than the Vulkan SDK's spirv-val the fixtures
        // were checked with, which accepts it) rejects that for Vulkan. Drivers ignore the
        // decoration there: hold such a module to the universal rules instead.
        Err(e) if e.to_string().contains("VUID-StandaloneSpirv-None-10684") => validate(words),
        Err(e) => Err(e.to_string()),
    }
}
