//! What a SPIR-V module asks of the device: the Vulkan features, subgroup operations and
//! stages its capabilities and instructions need.
//!
//! A driver is entitled to crash on a pipeline that uses a feature the device lacks (RADV
//! aborts in ACO on a float atomic add on vega10), so the worker checks these before it
//! creates the pipeline and reports the first one missing as
//! [`IsaError::MissingFeature`](super::error::IsaError::MissingFeature).
//!
//! A leaf, free of Vulkan: it reads the words only, so it is tested without a driver.
//! Feature names are the Vulkan spec's member names (`shaderInt64`,
//! `shaderBufferFloat32AtomicAdd`); the worker maps each to the device's answer.
//!
//! Float atomics need no capability for exchange, load and store, and one capability for add
//! whatever memory they touch, while Vulkan has a feature per width, operation and memory
//! (buffer, workgroup, image): those come from the atomic instructions themselves, their
//! result type and the storage class of their pointer.
//!
//! Trap: `Int64Atomics` is one capability for buffer and workgroup memory; it is checked as
//! `shaderBufferInt64Atomics`, so a device with only `shaderSharedInt64Atomics` is refused
//! a module whose 64-bit atomics are all on workgroup memory.

use std::collections::{BTreeSet, HashMap};

use spirv::{Capability, Op, StorageClass};

/// One thing the device must have, and what in the module needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Requirement {
    pub need: Need,
    /// "OpCapability Int64", "OpAtomicFAddEXT on a StorageBuffer float32".
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// A `VkBool32` member of a features struct, by its spec name.
    Feature(&'static str),
    /// A `VkSubgroupFeatureFlagBits` operation class (`VkPhysicalDeviceSubgroupProperties::
    /// supportedOperations`), in the shader's stage (`supportedStages`).
    Subgroup(SubgroupOps),
}

/// The subgroup operation classes, as `VkSubgroupFeatureFlagBits` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubgroupOps {
    Basic,
    Vote,
    Arithmetic,
    Ballot,
    Shuffle,
    ShuffleRelative,
    Clustered,
    Quad,
}

impl SubgroupOps {
    /// The `VkSubgroupFeatureFlagBits` bit.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }

    pub fn name(self) -> &'static str {
        match self {
            SubgroupOps::Basic => "basic",
            SubgroupOps::Vote => "vote",
            SubgroupOps::Arithmetic => "arithmetic",
            SubgroupOps::Ballot => "ballot",
            SubgroupOps::Shuffle => "shuffle",
            SubgroupOps::ShuffleRelative => "shuffle-relative",
            SubgroupOps::Clustered => "clustered",
            SubgroupOps::Quad => "quad",
        }
    }
}

/// Every feature name [`requirements`] can return (the worker must know each).
#[cfg(test)]
pub const FEATURE_NAMES: &[&str] = &[
    "shaderFloat64",
    "shaderInt64",
    "shaderInt16",
    "shaderFloat16",
    "shaderInt8",
    "shaderBufferInt64Atomics",
    "shaderImageInt64Atomics",
    "storageBuffer16BitAccess",
    "uniformAndStorageBuffer16BitAccess",
    "storagePushConstant16",
    "storageInputOutput16",
    "storageBuffer8BitAccess",
    "uniformAndStorageBuffer8BitAccess",
    "storagePushConstant8",
    "multiview",
    "shaderDrawParameters",
    "shaderClipDistance",
    "shaderCullDistance",
    "sampleRateShading",
    "imageCubeArray",
    "shaderStorageImageExtendedFormats",
    "shaderStorageImageReadWithoutFormat",
    "shaderStorageImageWriteWithoutFormat",
    "shaderStorageImageMultisample",
    "shaderImageGatherExtended",
    "shaderResourceMinLod",
    "shaderResourceResidency",
    "geometryShader",
    "tessellationShader",
    "runtimeDescriptorArray",
    "shaderSampledImageArrayNonUniformIndexing",
    "shaderStorageBufferArrayNonUniformIndexing",
    "shaderStorageImageArrayNonUniformIndexing",
    "shaderUniformBufferArrayNonUniformIndexing",
    "vulkanMemoryModel",
    "vulkanMemoryModelDeviceScope",
    "shaderDemoteToHelperInvocation",
    "shaderIntegerDotProduct",
    "shaderBufferFloat32Atomics",
    "shaderBufferFloat32AtomicAdd",
    "shaderBufferFloat64Atomics",
    "shaderBufferFloat64AtomicAdd",
    "shaderSharedFloat32Atomics",
    "shaderSharedFloat32AtomicAdd",
    "shaderSharedFloat64Atomics",
    "shaderSharedFloat64AtomicAdd",
    "shaderImageFloat32Atomics",
    "shaderImageFloat32AtomicAdd",
];

/// The feature a capability needs, where it needs one (most need none on Vulkan 1.1+).
fn capability_feature(capability: Capability) -> Option<Need> {
    use Capability as C;
    let feature = match capability {
        C::Float64 => "shaderFloat64",
        C::Int64 => "shaderInt64",
        C::Int16 => "shaderInt16",
        C::Float16 => "shaderFloat16",
        C::Int8 => "shaderInt8",
        C::Int64Atomics => "shaderBufferInt64Atomics",
        C::Int64ImageEXT => "shaderImageInt64Atomics",
        C::StorageBuffer16BitAccess => "storageBuffer16BitAccess",
        C::UniformAndStorageBuffer16BitAccess => "uniformAndStorageBuffer16BitAccess",
        C::StoragePushConstant16 => "storagePushConstant16",
        C::StorageInputOutput16 => "storageInputOutput16",
        C::StorageBuffer8BitAccess => "storageBuffer8BitAccess",
        C::UniformAndStorageBuffer8BitAccess => "uniformAndStorageBuffer8BitAccess",
        C::StoragePushConstant8 => "storagePushConstant8",
        C::MultiView => "multiview",
        C::DrawParameters => "shaderDrawParameters",
        C::ClipDistance => "shaderClipDistance",
        C::CullDistance => "shaderCullDistance",
        C::SampleRateShading => "sampleRateShading",
        C::ImageCubeArray | C::SampledCubeArray => "imageCubeArray",
        C::StorageImageExtendedFormats => "shaderStorageImageExtendedFormats",
        C::StorageImageReadWithoutFormat => "shaderStorageImageReadWithoutFormat",
        C::StorageImageWriteWithoutFormat => "shaderStorageImageWriteWithoutFormat",
        C::StorageImageMultisample => "shaderStorageImageMultisample",
        C::ImageGatherExtended => "shaderImageGatherExtended",
        C::MinLod => "shaderResourceMinLod",
        C::SparseResidency => "shaderResourceResidency",
        C::Geometry => "geometryShader",
        C::Tessellation => "tessellationShader",
        C::RuntimeDescriptorArray => "runtimeDescriptorArray",
        C::SampledImageArrayNonUniformIndexing => "shaderSampledImageArrayNonUniformIndexing",
        C::StorageBufferArrayNonUniformIndexing => "shaderStorageBufferArrayNonUniformIndexing",
        C::StorageImageArrayNonUniformIndexing => "shaderStorageImageArrayNonUniformIndexing",
        C::UniformBufferArrayNonUniformIndexing => "shaderUniformBufferArrayNonUniformIndexing",
        C::VulkanMemoryModel => "vulkanMemoryModel",
        C::VulkanMemoryModelDeviceScope => "vulkanMemoryModelDeviceScope",
        C::DemoteToHelperInvocation => "shaderDemoteToHelperInvocation",
        C::DotProduct
        | C::DotProductInputAll
        | C::DotProductInput4x8Bit
        | C::DotProductInput4x8BitPacked => "shaderIntegerDotProduct",
        C::GroupNonUniform => return Some(Need::Subgroup(SubgroupOps::Basic)),
        C::GroupNonUniformVote => return Some(Need::Subgroup(SubgroupOps::Vote)),
        C::GroupNonUniformArithmetic => return Some(Need::Subgroup(SubgroupOps::Arithmetic)),
        C::GroupNonUniformBallot => return Some(Need::Subgroup(SubgroupOps::Ballot)),
        C::GroupNonUniformShuffle => return Some(Need::Subgroup(SubgroupOps::Shuffle)),
        C::GroupNonUniformShuffleRelative => {
            return Some(Need::Subgroup(SubgroupOps::ShuffleRelative))
        }
        C::GroupNonUniformClustered => return Some(Need::Subgroup(SubgroupOps::Clustered)),
        C::GroupNonUniformQuad => return Some(Need::Subgroup(SubgroupOps::Quad)),
        _ => return None,
    };
    Some(Need::Feature(feature))
}

/// The float atomic feature for an atomic `op` on a `width`-bit float in `class` memory.
fn float_atomic_feature(op: Op, width: u32, class: StorageClass) -> Option<&'static str> {
    let add = op == Op::AtomicFAddEXT;
    Some(match (class, width, add) {
        (StorageClass::StorageBuffer | StorageClass::Uniform, 32, false) => {
            "shaderBufferFloat32Atomics"
        }
        (StorageClass::StorageBuffer | StorageClass::Uniform, 32, true) => {
            "shaderBufferFloat32AtomicAdd"
        }
        (StorageClass::StorageBuffer | StorageClass::Uniform, 64, false) => {
            "shaderBufferFloat64Atomics"
        }
        (StorageClass::StorageBuffer | StorageClass::Uniform, 64, true) => {
            "shaderBufferFloat64AtomicAdd"
        }
        (StorageClass::Workgroup, 32, false) => "shaderSharedFloat32Atomics",
        (StorageClass::Workgroup, 32, true) => "shaderSharedFloat32AtomicAdd",
        (StorageClass::Workgroup, 64, false) => "shaderSharedFloat64Atomics",
        (StorageClass::Workgroup, 64, true) => "shaderSharedFloat64AtomicAdd",
        (StorageClass::Image, 32, false) => "shaderImageFloat32Atomics",
        (StorageClass::Image, 32, true) => "shaderImageFloat32AtomicAdd",
        _ => return None,
    })
}

/// What `words` (a whole SPIR-V module) needs of the device, sorted, each need once.
/// Words that are not a well-formed module give what could be read: the driver gets the
/// module anyway, and prism validated it before.
pub fn requirements(words: &[u32]) -> Vec<Requirement> {
    let mut found = BTreeSet::new();
    // id → OpTypeFloat width; id → pointer storage class (of an OpTypePointer); value id →
    // its type id (for the instructions that make pointers).
    let mut float_widths: HashMap<u32, u32> = HashMap::new();
    let mut pointer_classes: HashMap<u32, StorageClass> = HashMap::new();
    let mut value_types: HashMap<u32, u32> = HashMap::new();
    let mut atomics: Vec<(Op, u32, u32)> = Vec::new(); // (op, result type, pointer)
    let mut at = 5;
    while at < words.len() {
        let count = (words[at] >> 16) as usize;
        if count == 0 || at + count > words.len() {
            break;
        }
        let inst = &words[at..at + count];
        at += count;
        let Some(op) = Op::from_u32(inst[0] & 0xffff) else {
            continue;
        };
        let word = |i: usize| inst.get(i).copied();
        match op {
            Op::Capability => {
                if let Some(capability) = word(1).and_then(Capability::from_u32) {
                    if let Some(need) = capability_feature(capability) {
                        found.insert(Requirement {
                            need,
                            why: format!("OpCapability {capability:?}"),
                        });
                    }
                }
            }
            Op::TypeFloat => {
                if let (Some(id), Some(width)) = (word(1), word(2)) {
                    float_widths.insert(id, width);
                }
            }
            Op::TypePointer => {
                if let (Some(id), Some(class)) = (word(1), word(2).and_then(StorageClass::from_u32))
                {
                    pointer_classes.insert(id, class);
                }
            }
            Op::Variable
            | Op::AccessChain
            | Op::InBoundsAccessChain
            | Op::PtrAccessChain
            | Op::ImageTexelPointer => {
                if let (Some(ty), Some(id)) = (word(1), word(2)) {
                    value_types.insert(id, ty);
                }
            }
            Op::AtomicFAddEXT | Op::AtomicExchange | Op::AtomicLoad => {
                if let (Some(ty), Some(pointer)) = (word(1), word(3)) {
                    atomics.push((op, ty, pointer));
                }
            }
            _ => {}
        }
    }
    for (op, ty, pointer) in atomics {
        let Some(&width) = float_widths.get(&ty) else {
            continue; // an integer atomic: core
        };
        let class = value_types
            .get(&pointer)
            .and_then(|t| pointer_classes.get(t))
            .copied();
        if let Some(feature) = class.and_then(|c| float_atomic_feature(op, width, c)) {
            found.insert(Requirement {
                need: Need::Feature(feature),
                why: format!(
                    "Op{op:?} on a {width}-bit float in {:?} memory",
                    class.unwrap_or(StorageClass::Generic)
                ),
            });
        }
    }
    // One requirement per need: the first reason found is enough to name.
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|r| seen.insert(r.need.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::back::{spirv, Output, Target};
    use crate::pipeline::{compile_path, CompileOptions};

    fn needs(fixture: &str) -> Vec<Requirement> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
        let compiled = compile_path(&path, &CompileOptions::default()).expect("compiles");
        let Ok(Output::Binary(bytes)) = compiled.emit(Target::Spirv) else {
            panic!("no SPIR-V");
        };
        let found = requirements(&spirv::bytes_to_words(&bytes).expect("words"));
        for requirement in &found {
            if let Need::Feature(name) = requirement.need {
                assert!(FEATURE_NAMES.contains(&name), "{name} is not listed");
            }
        }
        found
    }

    fn features(found: &[Requirement]) -> Vec<&'static str> {
        found
            .iter()
            .filter_map(|r| match r.need {
                Need::Feature(name) => Some(name),
                Need::Subgroup(_) => None,
            })
            .collect()
    }

    #[test]
    fn float_atomic_add_on_a_buffer_needs_the_buffer_add_feature() {
        let found = needs("fixtures/vulkan/float_atomic_splat.comp");
        assert_eq!(
            features(&found),
            ["shaderBufferFloat32AtomicAdd", "shaderBufferFloat32Atomics"],
            "{found:?}"
        );
        let add = found
            .iter()
            .find(|r| r.need == Need::Feature("shaderBufferFloat32AtomicAdd"))
            .expect("add");
        assert!(add.why.contains("AtomicFAddEXT"), "{}", add.why);
    }

    #[test]
    fn subgroup_reductions_need_arithmetic_subgroup_operations() {
        let found = needs("fixtures/vulkan/subgroup_reduce.comp");
        assert!(
            found
                .iter()
                .any(|r| r.need == Need::Subgroup(SubgroupOps::Arithmetic)),
            "{found:?}"
        );
    }

    #[test]
    fn a_plain_kernel_needs_nothing_and_garbage_is_not_a_panic() {
        assert_eq!(requirements(&[]), []);
        assert_eq!(requirements(&[0x0723_0203, 0, 0, 0, 0, 0xffff_ffff, 7]), []);
        assert_eq!(requirements(&[0x0723_0203, 0, 0, 0, 0, 0x0002_0011]), []);
    }
}
