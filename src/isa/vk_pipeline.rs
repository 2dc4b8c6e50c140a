//! One job's Vulkan objects: descriptor set layouts, pipeline layout, render pass, shader
//! modules and the pipeline itself, created with statistics capture on and destroyed on drop.
//!
//! Everything here follows from the job, which the parent derived from the naga module: the
//! layout matches the shader's bindings exactly (RADV segfaults otherwise), the vertex
//! attributes the vertex stage's inputs, the attachments the fragment stage's outputs.
//! `unsafe` blocks follow the rule stated in `worker.rs`.

use std::ffi::CString;

use ash::vk;

use super::error::IsaError;
use super::job::{DescriptorKind, Job, Slot, ValueFormat, ValueKind};
use crate::shader::Stage;

/// A `map_err` for a failed Vulkan `call`: the call and its result, as an [`IsaError`].
pub(super) fn vk_error(call: &'static str) -> impl Fn(vk::Result) -> IsaError {
    move |result| IsaError::Vulkan {
        call: call.to_string(),
        result: format!("{result:?}"),
    }
}

/// The objects one pipeline needs, destroyed on drop whether or not the pipeline was made.
pub struct Objects<'a> {
    device: &'a ash::Device,
    modules: Vec<vk::ShaderModule>,
    set_layouts: Vec<vk::DescriptorSetLayout>,
    pipeline_layout: vk::PipelineLayout,
    render_pass: vk::RenderPass,
    pub pipeline: vk::Pipeline,
}

impl Drop for Objects<'_> {
    fn drop(&mut self) {
        // SAFETY: every handle was created from `device` (or is null, which destroy calls
        // accept) and no command buffer uses them.
        unsafe {
            self.device.destroy_pipeline(self.pipeline, None);
            self.device.destroy_render_pass(self.render_pass, None);
            self.device
                .destroy_pipeline_layout(self.pipeline_layout, None);
            for &layout in &self.set_layouts {
                self.device.destroy_descriptor_set_layout(layout, None);
            }
            for &module in &self.modules {
                self.device.destroy_shader_module(module, None);
            }
        }
    }
}

fn stage_flag(stage: Stage) -> vk::ShaderStageFlags {
    match stage {
        Stage::Vertex => vk::ShaderStageFlags::VERTEX,
        Stage::Fragment => vk::ShaderStageFlags::FRAGMENT,
        Stage::Compute => vk::ShaderStageFlags::COMPUTE,
    }
}

fn vertex_format(format: ValueFormat) -> vk::Format {
    use vk::Format as F;
    match (format.kind, format.components) {
        (ValueKind::Float, 1) => F::R32_SFLOAT,
        (ValueKind::Float, 2) => F::R32G32_SFLOAT,
        (ValueKind::Float, 3) => F::R32G32B32_SFLOAT,
        (ValueKind::Float, _) => F::R32G32B32A32_SFLOAT,
        (ValueKind::Sint, 1) => F::R32_SINT,
        (ValueKind::Sint, 2) => F::R32G32_SINT,
        (ValueKind::Sint, 3) => F::R32G32B32_SINT,
        (ValueKind::Sint, _) => F::R32G32B32A32_SINT,
        (ValueKind::Uint, 1) => F::R32_UINT,
        (ValueKind::Uint, 2) => F::R32G32_UINT,
        (ValueKind::Uint, 3) => F::R32G32B32_UINT,
        (ValueKind::Uint, _) => F::R32G32B32A32_UINT,
    }
}

/// Float outputs go to RGBA8, the common render target (the attachment format picks the
/// export format, so the last instructions of a fragment shader depend on it); integer
/// outputs to 32-bit integer targets, which have no 3-component form.
fn attachment_format(format: ValueFormat) -> vk::Format {
    use vk::Format as F;
    match (format.kind, format.components) {
        (ValueKind::Float, _) => F::R8G8B8A8_UNORM,
        (ValueKind::Sint, 1) => F::R32_SINT,
        (ValueKind::Sint, 2) => F::R32G32_SINT,
        (ValueKind::Sint, _) => F::R32G32B32A32_SINT,
        (ValueKind::Uint, 1) => F::R32_UINT,
        (ValueKind::Uint, 2) => F::R32G32_UINT,
        (ValueKind::Uint, _) => F::R32G32B32A32_UINT,
    }
}

impl<'a> Objects<'a> {
    /// Create the job's pipeline on `device`; what was made is destroyed on failure too.
    pub fn create(device: &'a ash::Device, job: &Job) -> Result<Objects<'a>, IsaError> {
        let mut objects = Objects {
            device,
            modules: Vec::new(),
            set_layouts: Vec::new(),
            pipeline_layout: vk::PipelineLayout::null(),
            render_pass: vk::RenderPass::null(),
            pipeline: vk::Pipeline::null(),
        };
        objects.build(job)?;
        Ok(objects)
    }

    fn module(&mut self, words: &[u32]) -> Result<vk::ShaderModule, IsaError> {
        let info = vk::ShaderModuleCreateInfo::default().code(words);
        // SAFETY: `words` is a SPIR-V module naga wrote and prism validated.
        let module = unsafe { self.device.create_shader_module(&info, None) }
            .map_err(vk_error("vkCreateShaderModule"))?;
        self.modules.push(module);
        Ok(module)
    }

    fn build(&mut self, job: &Job) -> Result<(), IsaError> {
        let entry = CString::new(job.entry.clone())
            .map_err(|_| IsaError::Protocol("entry point name holds a NUL".into()))?;
        let stage = stage_flag(job.stage);
        for set in &job.sets {
            let bindings: Vec<_> = set
                .iter()
                .map(|b| {
                    vk::DescriptorSetLayoutBinding::default()
                        .binding(b.binding)
                        .descriptor_count(b.count)
                        .stage_flags(stage)
                        .descriptor_type(match b.kind {
                            DescriptorKind::UniformBuffer => vk::DescriptorType::UNIFORM_BUFFER,
                            DescriptorKind::StorageBuffer => vk::DescriptorType::STORAGE_BUFFER,
                            DescriptorKind::SampledImage => vk::DescriptorType::SAMPLED_IMAGE,
                            DescriptorKind::StorageImage => vk::DescriptorType::STORAGE_IMAGE,
                            DescriptorKind::Sampler => vk::DescriptorType::SAMPLER,
                        })
                })
                .collect();
            let info = vk::DescriptorSetLayoutCreateInfo::default().bindings(&bindings);
            // SAFETY: `bindings` outlives the call.
            let layout = unsafe { self.device.create_descriptor_set_layout(&info, None) }
                .map_err(vk_error("vkCreateDescriptorSetLayout"))?;
            self.set_layouts.push(layout);
        }
        let push_constants = [vk::PushConstantRange::default()
            .stage_flags(stage)
            .size(job.push_constant_bytes)];
        let push_constants = if job.push_constant_bytes > 0 {
            &push_constants[..]
        } else {
            &[]
        };
        let info = vk::PipelineLayoutCreateInfo::default()
            .set_layouts(&self.set_layouts)
            .push_constant_ranges(push_constants);
        // SAFETY: the set layouts are alive.
        self.pipeline_layout = unsafe { self.device.create_pipeline_layout(&info, None) }
            .map_err(vk_error("vkCreatePipelineLayout"))?;

        let shader = self.module(&job.spirv)?;
        let flags = vk::PipelineCreateFlags::CAPTURE_STATISTICS_KHR
            | vk::PipelineCreateFlags::CAPTURE_INTERNAL_REPRESENTATIONS_KHR;
        let main = vk::PipelineShaderStageCreateInfo::default()
            .stage(stage)
            .module(shader)
            .name(&entry);
        if job.stage == Stage::Compute {
            let info = vk::ComputePipelineCreateInfo::default()
                .flags(flags)
                .stage(main)
                .layout(self.pipeline_layout);
            // SAFETY: the module and layout are alive; the layout matches the shader's
            // bindings (derived from the same module).
            let pipelines = unsafe {
                self.device
                    .create_compute_pipelines(vk::PipelineCache::null(), &[info], None)
            }
            .map_err(|(_, e)| vk_error("vkCreateComputePipelines")(e))?;
            self.pipeline = pipelines.into_iter().next().unwrap_or_default();
            return Ok(());
        }

        let companion = job.companion.as_deref().ok_or_else(|| {
            IsaError::Protocol("a graphics job without its companion stage".into())
        })?;
        let companion = self.module(companion)?;
        let companion_stage = match job.stage {
            Stage::Vertex => vk::ShaderStageFlags::FRAGMENT,
            _ => vk::ShaderStageFlags::VERTEX,
        };
        let stages = [
            main,
            vk::PipelineShaderStageCreateInfo::default()
                .stage(companion_stage)
                .module(companion)
                .name(c"main"),
        ];
        self.render_pass = self.render_pass(job)?;

        let vertex_bindings: Vec<_> = (0..job.vertex_inputs.len() as u32)
            .map(|binding| {
                vk::VertexInputBindingDescription::default()
                    .binding(binding)
                    .stride(16)
                    .input_rate(vk::VertexInputRate::VERTEX)
            })
            .collect();
        let attributes: Vec<_> = job
            .vertex_inputs
            .iter()
            .zip(0u32..)
            .map(|(slot, binding)| {
                vk::VertexInputAttributeDescription::default()
                    .location(slot.location)
                    .binding(binding)
                    .format(vertex_format(slot.format))
            })
            .collect();
        let vertex_input = vk::PipelineVertexInputStateCreateInfo::default()
            .vertex_binding_descriptions(&vertex_bindings)
            .vertex_attribute_descriptions(&attributes);
        let input_assembly = vk::PipelineInputAssemblyStateCreateInfo::default()
            .topology(vk::PrimitiveTopology::TRIANGLE_LIST);
        let viewport = vk::PipelineViewportStateCreateInfo::default()
            .viewport_count(1)
            .scissor_count(1);
        let rasterization = vk::PipelineRasterizationStateCreateInfo::default()
            .polygon_mode(vk::PolygonMode::FILL)
            .cull_mode(vk::CullModeFlags::NONE)
            .front_face(vk::FrontFace::COUNTER_CLOCKWISE)
            .line_width(1.0);
        let multisample = vk::PipelineMultisampleStateCreateInfo::default()
            .rasterization_samples(vk::SampleCountFlags::TYPE_1);
        let depth_stencil = vk::PipelineDepthStencilStateCreateInfo::default()
            .depth_test_enable(job.depth_output)
            .depth_write_enable(job.depth_output)
            .depth_compare_op(vk::CompareOp::ALWAYS);
        let blend_attachments: Vec<_> = (0..color_slots(&job.color_outputs))
            .map(|_| {
                vk::PipelineColorBlendAttachmentState::default()
                    .color_write_mask(vk::ColorComponentFlags::RGBA)
            })
            .collect();
        let blend =
            vk::PipelineColorBlendStateCreateInfo::default().attachments(&blend_attachments);
        let dynamic_states = [vk::DynamicState::VIEWPORT, vk::DynamicState::SCISSOR];
        let dynamic = vk::PipelineDynamicStateCreateInfo::default().dynamic_states(&dynamic_states);
        let info = vk::GraphicsPipelineCreateInfo::default()
            .flags(flags)
            .stages(&stages)
            .vertex_input_state(&vertex_input)
            .input_assembly_state(&input_assembly)
            .viewport_state(&viewport)
            .rasterization_state(&rasterization)
            .multisample_state(&multisample)
            .depth_stencil_state(&depth_stencil)
            .color_blend_state(&blend)
            .dynamic_state(&dynamic)
            .layout(self.pipeline_layout)
            .render_pass(self.render_pass)
            .subpass(0);
        // SAFETY: all state structs, arrays and handles outlive the call; the layout matches
        // the shader's bindings, the vertex attributes the vertex stage's inputs, the
        // attachments the fragment stage's outputs (all derived from the modules).
        let pipelines = unsafe {
            self.device
                .create_graphics_pipelines(vk::PipelineCache::null(), &[info], None)
        }
        .map_err(|(_, e)| vk_error("vkCreateGraphicsPipelines")(e))?;
        self.pipeline = pipelines.into_iter().next().unwrap_or_default();
        Ok(())
    }

    fn render_pass(&self, job: &Job) -> Result<vk::RenderPass, IsaError> {
        let mut attachments = Vec::new();
        let mut color_refs = vec![
            vk::AttachmentReference::default()
                .attachment(vk::ATTACHMENT_UNUSED)
                .layout(vk::ImageLayout::UNDEFINED);
            color_slots(&job.color_outputs) as usize
        ];
        for slot in &job.color_outputs {
            color_refs[slot.location as usize] = vk::AttachmentReference::default()
                .attachment(attachments.len() as u32)
                .layout(vk::ImageLayout::COLOR_ATTACHMENT_OPTIMAL);
            attachments.push(
                vk::AttachmentDescription::default()
                    .format(attachment_format(slot.format))
                    .samples(vk::SampleCountFlags::TYPE_1)
                    .load_op(vk::AttachmentLoadOp::DONT_CARE)
                    .store_op(vk::AttachmentStoreOp::STORE)
                    .initial_layout(vk::ImageLayout::UNDEFINED)
                    .final_layout(vk::ImageLayout::COLOR_ATTACHMENT_OPTIMAL),
            );
        }
        let depth_ref = vk::AttachmentReference::default()
            .attachment(attachments.len() as u32)
            .layout(vk::ImageLayout::DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
        if job.depth_output {
            attachments.push(
                vk::AttachmentDescription::default()
                    .format(vk::Format::D32_SFLOAT)
                    .samples(vk::SampleCountFlags::TYPE_1)
                    .load_op(vk::AttachmentLoadOp::DONT_CARE)
                    .store_op(vk::AttachmentStoreOp::STORE)
                    .initial_layout(vk::ImageLayout::UNDEFINED)
                    .final_layout(vk::ImageLayout::DEPTH_STENCIL_ATTACHMENT_OPTIMAL),
            );
        }
        let mut subpass = vk::SubpassDescription::default()
            .pipeline_bind_point(vk::PipelineBindPoint::GRAPHICS)
            .color_attachments(&color_refs);
        if job.depth_output {
            subpass = subpass.depth_stencil_attachment(&depth_ref);
        }
        let subpasses = [subpass];
        let view_masks = [0b11u32];
        let mut multiview = vk::RenderPassMultiviewCreateInfo::default().view_masks(&view_masks);
        let mut info = vk::RenderPassCreateInfo::default()
            .attachments(&attachments)
            .subpasses(&subpasses);
        if job.multiview {
            info = info.push_next(&mut multiview);
        }
        // SAFETY: the arrays `info` points at outlive the call; attachment references index
        // `attachments` or are UNUSED.
        unsafe { self.device.create_render_pass(&info, None) }
            .map_err(vk_error("vkCreateRenderPass"))
    }
}

/// Colour attachment slots: locations 0 to the highest used.
fn color_slots(outputs: &[Slot]) -> u32 {
    outputs.iter().map(|s| s.location + 1).max().unwrap_or(0)
}
