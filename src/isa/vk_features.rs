//! What the device has, asked once when the worker opens it: the feature structs (core,
//! 1.1-1.3, `VK_EXT_shader_atomic_float`, `VK_EXT_shader_image_atomic_int64`) and the
//! subgroup properties. The device is created with all of them on except robustness, and each
//! job's [`requirements`](super::requirements) are checked against them before its pipeline
//! is made: a driver may abort on a pipeline using a feature it lacks.
//!
//! `unsafe` blocks follow the rule stated in `worker.rs`.

use ash::vk;

use super::error::IsaError;
use super::requirements::{requirements, Need};
use crate::shader::Stage;

/// The device's features and subgroup properties, chain pointers cleared.
#[derive(Default)]
pub struct DeviceFeatures {
    pub api: u32,
    pub core: vk::PhysicalDeviceFeatures,
    pub v11: vk::PhysicalDeviceVulkan11Features<'static>,
    pub v12: vk::PhysicalDeviceVulkan12Features<'static>,
    pub v13: vk::PhysicalDeviceVulkan13Features<'static>,
    /// `None`: the device lacks `VK_EXT_shader_atomic_float`.
    pub atomic_float: Option<vk::PhysicalDeviceShaderAtomicFloatFeaturesEXT<'static>>,
    /// `None`: the device lacks `VK_EXT_shader_image_atomic_int64`.
    pub image_int64: Option<vk::PhysicalDeviceShaderImageAtomicInt64FeaturesEXT<'static>>,
    pub subgroup_operations: vk::SubgroupFeatureFlags,
    pub subgroup_stages: vk::ShaderStageFlags,
}

impl DeviceFeatures {
    /// Ask `physical` (Vulkan `api`, with `extensions`) what it has.
    pub fn query(
        instance: &ash::Instance,
        physical: vk::PhysicalDevice,
        api: u32,
        extensions: &[vk::ExtensionProperties],
    ) -> DeviceFeatures {
        let has = |name: &std::ffi::CStr| {
            extensions
                .iter()
                .any(|e| e.extension_name_as_c_str() == Ok(name))
        };
        let mut out = DeviceFeatures {
            api,
            ..Default::default()
        };
        let mut atomic_float = vk::PhysicalDeviceShaderAtomicFloatFeaturesEXT::default();
        let mut image_int64 = vk::PhysicalDeviceShaderImageAtomicInt64FeaturesEXT::default();
        {
            let mut features2 = vk::PhysicalDeviceFeatures2::default();
            if api >= vk::API_VERSION_1_2 {
                features2 = features2.push_next(&mut out.v11).push_next(&mut out.v12);
            }
            if api >= vk::API_VERSION_1_3 {
                features2 = features2.push_next(&mut out.v13);
            }
            if has(ash::ext::shader_atomic_float::NAME) {
                features2 = features2.push_next(&mut atomic_float);
            }
            if has(ash::ext::shader_image_atomic_int64::NAME) {
                features2 = features2.push_next(&mut image_int64);
            }
            // SAFETY: every chained struct is core in the version the device reports, or
            // belongs to an extension it lists.
            unsafe { instance.get_physical_device_features2(physical, &mut features2) };
            out.core = features2.features;
        }
        let mut subgroup = vk::PhysicalDeviceSubgroupProperties::default();
        {
            let mut properties2 = vk::PhysicalDeviceProperties2::default().push_next(&mut subgroup);
            // SAFETY: the subgroup properties are core in 1.1, which the loader checked.
            unsafe { instance.get_physical_device_properties2(physical, &mut properties2) };
        }
        out.subgroup_operations = subgroup.supported_operations;
        out.subgroup_stages = subgroup.supported_stages;
        atomic_float.p_next = std::ptr::null_mut();
        image_int64.p_next = std::ptr::null_mut();
        out.v11.p_next = std::ptr::null_mut();
        out.v12.p_next = std::ptr::null_mut();
        out.v13.p_next = std::ptr::null_mut();
        out.atomic_float = has(ash::ext::shader_atomic_float::NAME).then_some(atomic_float);
        out.image_int64 = has(ash::ext::shader_image_atomic_int64::NAME).then_some(image_int64);
        out
    }

    /// Whether the device has the feature of that spec name; `None` for a name this table
    /// does not know (a prism bug, caught by a test).
    pub fn has(&self, name: &str) -> Option<bool> {
        let (c, v11, v12, v13) = (&self.core, &self.v11, &self.v12, &self.v13);
        let af = self.atomic_float.unwrap_or_default();
        let value = match name {
            "shaderFloat64" => c.shader_float64,
            "shaderInt64" => c.shader_int64,
            "shaderInt16" => c.shader_int16,
            "shaderFloat16" => v12.shader_float16,
            "shaderInt8" => v12.shader_int8,
            "shaderBufferInt64Atomics" => v12.shader_buffer_int64_atomics,
            "shaderImageInt64Atomics" => self
                .image_int64
                .map_or(vk::FALSE, |f| f.shader_image_int64_atomics),
            "storageBuffer16BitAccess" => v11.storage_buffer16_bit_access,
            "uniformAndStorageBuffer16BitAccess" => v11.uniform_and_storage_buffer16_bit_access,
            "storagePushConstant16" => v11.storage_push_constant16,
            "storageInputOutput16" => v11.storage_input_output16,
            "storageBuffer8BitAccess" => v12.storage_buffer8_bit_access,
            "uniformAndStorageBuffer8BitAccess" => v12.uniform_and_storage_buffer8_bit_access,
            "storagePushConstant8" => v12.storage_push_constant8,
            "multiview" => v11.multiview,
            "shaderDrawParameters" => v11.shader_draw_parameters,
            "shaderClipDistance" => c.shader_clip_distance,
            "shaderCullDistance" => c.shader_cull_distance,
            "sampleRateShading" => c.sample_rate_shading,
            "imageCubeArray" => c.image_cube_array,
            "shaderStorageImageExtendedFormats" => c.shader_storage_image_extended_formats,
            "shaderStorageImageReadWithoutFormat" => c.shader_storage_image_read_without_format,
            "shaderStorageImageWriteWithoutFormat" => c.shader_storage_image_write_without_format,
            "shaderStorageImageMultisample" => c.shader_storage_image_multisample,
            "shaderImageGatherExtended" => c.shader_image_gather_extended,
            "shaderResourceMinLod" => c.shader_resource_min_lod,
            "shaderResourceResidency" => c.shader_resource_residency,
            "geometryShader" => c.geometry_shader,
            "tessellationShader" => c.tessellation_shader,
            "runtimeDescriptorArray" => v12.runtime_descriptor_array,
            "shaderSampledImageArrayNonUniformIndexing" => {
                v12.shader_sampled_image_array_non_uniform_indexing
            }
            "shaderStorageBufferArrayNonUniformIndexing" => {
                v12.shader_storage_buffer_array_non_uniform_indexing
            }
            "shaderStorageImageArrayNonUniformIndexing" => {
                v12.shader_storage_image_array_non_uniform_indexing
            }
            "shaderUniformBufferArrayNonUniformIndexing" => {
                v12.shader_uniform_buffer_array_non_uniform_indexing
            }
            "vulkanMemoryModel" => v12.vulkan_memory_model,
            "vulkanMemoryModelDeviceScope" => v12.vulkan_memory_model_device_scope,
            "shaderDemoteToHelperInvocation" => v13.shader_demote_to_helper_invocation,
            "shaderIntegerDotProduct" => v13.shader_integer_dot_product,
            "shaderBufferFloat32Atomics" => af.shader_buffer_float32_atomics,
            "shaderBufferFloat32AtomicAdd" => af.shader_buffer_float32_atomic_add,
            "shaderBufferFloat64Atomics" => af.shader_buffer_float64_atomics,
            "shaderBufferFloat64AtomicAdd" => af.shader_buffer_float64_atomic_add,
            "shaderSharedFloat32Atomics" => af.shader_shared_float32_atomics,
            "shaderSharedFloat32AtomicAdd" => af.shader_shared_float32_atomic_add,
            "shaderSharedFloat64Atomics" => af.shader_shared_float64_atomics,
            "shaderSharedFloat64AtomicAdd" => af.shader_shared_float64_atomic_add,
            "shaderImageFloat32Atomics" => af.shader_image_float32_atomics,
            "shaderImageFloat32AtomicAdd" => af.shader_image_float32_atomic_add,
            _ => return None,
        };
        Some(value == vk::TRUE)
    }

    /// The first thing `spirv` (for a `stage` shader) needs that the device lacks.
    pub fn check(&self, spirv: &[u32], stage: Stage) -> Result<(), IsaError> {
        let stage_flag = match stage {
            Stage::Vertex => vk::ShaderStageFlags::VERTEX,
            Stage::Fragment => vk::ShaderStageFlags::FRAGMENT,
            Stage::Compute => vk::ShaderStageFlags::COMPUTE,
        };
        for requirement in requirements(spirv) {
            let missing = match requirement.need {
                Need::Feature(name) => match self.has(name) {
                    Some(true) => continue,
                    Some(false) => name.to_string(),
                    None => {
                        return Err(IsaError::Internal(format!(
                            "the feature table lacks `{name}`"
                        )))
                    }
                },
                Need::Subgroup(ops) => {
                    let bit = vk::SubgroupFeatureFlags::from_raw(ops.bit());
                    if !self.subgroup_operations.contains(bit) {
                        format!("{} subgroup operations (supportedOperations)", ops.name())
                    } else if !self.subgroup_stages.contains(stage_flag) {
                        let stage = format!("{stage:?}").to_lowercase();
                        format!("subgroup operations in {stage} shaders (supportedStages)")
                    } else {
                        continue;
                    }
                }
            };
            return Err(IsaError::MissingFeature {
                feature: missing,
                needed_by: requirement.why,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::requirements::FEATURE_NAMES;

    #[test]
    fn every_feature_the_scanner_names_is_in_the_table() {
        let features = DeviceFeatures::default();
        for name in FEATURE_NAMES {
            assert_eq!(features.has(name), Some(false), "{name}");
        }
    }
}
