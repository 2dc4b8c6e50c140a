//! The job a worker compiles: one pipeline, described in plain data the parent derives from
//! the naga module, so that the worker needs no naga and the pipeline layout matches the
//! shader's bindings exactly (RADV crashes on a mismatch).
//!
//! A graphics pipeline needs a second stage to be realistic. RADV links the stages and
//! optimises across them: outputs no stage reads are deleted, inputs fed a constant or a
//! duplicate are folded. So the generated companion never gives it the chance:
//! - a fragment shader gets a pass-through vertex shader whose outputs are its own vertex
//!   attributes, one attribute per fragment input location, same type;
//! - a vertex shader gets a fragment shader that folds every component of every output into
//!   its colour, so no output is dead.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use naga::{AddressSpace, ArraySize, Binding, ImageClass, ScalarKind, TypeInner};
use serde::{Deserialize, Serialize};

use super::error::IsaError;
use crate::back::{spirv, Output, Target};
use crate::pipeline::{compile_text, Compilation, CompileOptions};
use crate::shader::InputKind;
use crate::shader::Stage;

/// One pipeline for the worker to create.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Job {
    pub stage: Stage,
    pub entry: String,
    pub spirv: Vec<u32>,
    /// The generated other stage of a graphics pipeline (entry point `main`).
    pub companion: Option<Vec<u32>>,
    /// Descriptor set layouts, dense: index = set number (unused sets are empty).
    pub sets: Vec<Vec<LayoutBinding>>,
    /// Size of the push-constant range, 0 for none.
    pub push_constant_bytes: u32,
    /// Vertex attributes of the pipeline's vertex stage.
    pub vertex_inputs: Vec<Slot>,
    /// Colour attachments by fragment output location.
    pub color_outputs: Vec<Slot>,
    /// The fragment stage writes depth: the pipeline gets a depth attachment.
    pub depth_output: bool,
    /// A stage reads the view index: the render pass gets two views.
    pub multiview: bool,
    /// Fetch the internal representations too.
    pub disasm: bool,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutBinding {
    pub binding: u32,
    pub kind: DescriptorKind,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DescriptorKind {
    UniformBuffer,
    StorageBuffer,
    SampledImage,
    StorageImage,
    Sampler,
}

/// An interface slot: a vertex attribute or a colour output.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub location: u32,
    pub format: ValueFormat,
}

/// The type at an interface slot, which the worker maps to a `VkFormat`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueFormat {
    pub kind: ValueKind,
    pub components: u8,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Float,
    Sint,
    Uint,
}

/// A user-defined varying: location, type and interpolation.
struct Varying {
    location: u32,
    format: ValueFormat,
    interpolation: Option<naga::Interpolation>,
    sampling: Option<naga::Sampling>,
}

/// Build the job for the compilation's entry point.
pub fn build(compilation: &Compilation, disasm: bool) -> Result<Job, IsaError> {
    let module = &compilation.parsed.module;
    let Some(choice) = &compilation.entry else {
        let names: Vec<_> = module
            .entry_points
            .iter()
            .map(|ep| ep.name.as_str())
            .collect();
        return Err(IsaError::Unsupported(if names.is_empty() {
            "the module has no entry point".into()
        } else {
            format!(
                "the module has several entry points ({}); pick one with --entry",
                names.join(", ")
            )
        }));
    };
    let (index, entry) = module
        .entry_points
        .iter()
        .enumerate()
        .find(|(_, ep)| ep.name == choice.name && ep.stage == choice.stage)
        .ok_or_else(|| IsaError::Internal(format!("entry point `{}` vanished", choice.name)))?;
    let stage = match entry.stage {
        naga::ShaderStage::Vertex => Stage::Vertex,
        naga::ShaderStage::Fragment => Stage::Fragment,
        naga::ShaderStage::Compute => Stage::Compute,
        other => {
            return Err(IsaError::Unsupported(format!(
                "{other:?} shaders are not supported; vertex, fragment and compute are"
            )))
        }
    };
    let spirv = emit_spirv(compilation)?;
    let (sets, push_constant_bytes) = layout(module, &compilation.parsed.info, index)?;

    let inputs = varyings_in(
        module,
        entry.function.arguments.iter().map(|a| (a.ty, &a.binding)),
    )?;
    let outputs = match &entry.function.result {
        Some(result) => varyings_in(module, std::iter::once((result.ty, &result.binding)))?,
        None => Vec::new(),
    };
    let builtins = builtins_of(module, entry);
    let multiview = builtins.contains(&naga::BuiltIn::ViewIndex);

    let (companion, vertex_inputs, color_outputs, depth_output) = match stage {
        Stage::Compute => (None, Vec::new(), Vec::new(), false),
        Stage::Vertex => {
            let consumer = compile_companion(&consumer_fragment(&outputs), Stage::Fragment)?;
            let color = Slot {
                location: 0,
                format: ValueFormat {
                    kind: ValueKind::Float,
                    components: 4,
                },
            };
            (Some(consumer), slots(&inputs), vec![color], false)
        }
        Stage::Fragment => {
            let feeder = compile_companion(&pass_through_vertex(&inputs), Stage::Vertex)?;
            let depth = builtins.contains(&naga::BuiltIn::FragDepth);
            (Some(feeder), slots(&inputs), slots(&outputs), depth)
        }
    };
    Ok(Job {
        stage,
        entry: entry.name.clone(),
        spirv,
        companion,
        sets,
        push_constant_bytes,
        vertex_inputs,
        color_outputs,
        depth_output,
        multiview,
        disasm,
    })
}

fn emit_spirv(compilation: &Compilation) -> Result<Vec<u32>, IsaError> {
    match compilation.emit(Target::Spirv) {
        Ok(Output::Binary(bytes)) => spirv::bytes_to_words(&bytes)
            .ok_or_else(|| IsaError::Internal("SPIR-V output is not whole words".into())),
        Ok(Output::Text(_)) => Err(IsaError::Internal("SPIR-V output is text".into())),
        Err(diagnostic) => Err(IsaError::Spirv(diagnostic.message)),
    }
}

fn slots(varyings: &[Varying]) -> Vec<Slot> {
    varyings
        .iter()
        .map(|v| Slot {
            location: v.location,
            format: v.format,
        })
        .collect()
}

/// Descriptor sets and the push-constant size of the globals the entry point uses.
fn layout(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    entry_index: usize,
) -> Result<(Vec<Vec<LayoutBinding>>, u32), IsaError> {
    let uses = info.get_entry_point(entry_index);
    let mut sets: BTreeMap<u32, BTreeMap<u32, LayoutBinding>> = BTreeMap::new();
    let mut push_constant_bytes = 0;
    for (handle, var) in module.global_variables.iter() {
        if uses[handle].is_empty() {
            continue;
        }
        let name = var.name.as_deref().unwrap_or("<unnamed>");
        if var.space == AddressSpace::Immediate {
            let size = module.types[var.ty]
                .inner
                .try_size(module.to_ctx())
                .ok_or_else(|| {
                    IsaError::Unsupported(format!("push constant `{name}` has no fixed size"))
                })?;
            push_constant_bytes = push_constant_bytes.max(size.next_multiple_of(4));
            continue;
        }
        let Some(binding) = &var.binding else {
            continue;
        };
        let (inner, count) = match &module.types[var.ty].inner {
            TypeInner::BindingArray { base, size } => {
                let count = match size {
                    ArraySize::Constant(n) => n.get(),
                    ArraySize::Pending(_) | ArraySize::Dynamic => {
                        return Err(IsaError::Unsupported(format!(
                            "`{name}` is a binding array without a constant size"
                        )))
                    }
                };
                (&module.types[*base].inner, count)
            }
            inner => (inner, 1),
        };
        let kind = match (var.space, inner) {
            (AddressSpace::Uniform, _) => DescriptorKind::UniformBuffer,
            (AddressSpace::Storage { .. }, _) => DescriptorKind::StorageBuffer,
            (AddressSpace::Handle, TypeInner::Sampler { .. }) => DescriptorKind::Sampler,
            (AddressSpace::Handle, TypeInner::Image { class, .. }) => match class {
                ImageClass::Sampled { .. } | ImageClass::Depth { .. } => {
                    DescriptorKind::SampledImage
                }
                ImageClass::Storage { .. } => DescriptorKind::StorageImage,
                ImageClass::External => {
                    return Err(IsaError::Unsupported(format!(
                        "`{name}` is an external texture"
                    )))
                }
            },
            (space, inner) => {
                return Err(IsaError::Unsupported(format!(
                    "`{name}`: no descriptor type for {inner:?} in {space:?}"
                )))
            }
        };
        let entry = LayoutBinding {
            binding: binding.binding,
            kind,
            count,
        };
        let set = sets.entry(binding.group).or_default();
        if let Some(previous) = set.insert(binding.binding, entry) {
            if previous != entry {
                return Err(IsaError::Unsupported(format!(
                    "set {} binding {} is used as both {:?} and {:?}",
                    binding.group, binding.binding, previous.kind, entry.kind
                )));
            }
        }
    }
    let dense = match sets.last_key_value() {
        Some((&last, _)) => (0..=last)
            .map(|set| {
                sets.get(&set)
                    .map(|b| b.values().copied().collect())
                    .unwrap_or_default()
            })
            .collect(),
        None => Vec::new(),
    };
    Ok((dense, push_constant_bytes))
}

/// The `@location` varyings among entry-point arguments or a result, structs flattened.
fn varyings_in<'a>(
    module: &naga::Module,
    items: impl Iterator<Item = (naga::Handle<naga::Type>, &'a Option<Binding>)>,
) -> Result<Vec<Varying>, IsaError> {
    let mut out = Vec::new();
    let mut push = |ty: naga::Handle<naga::Type>, binding: &Option<Binding>| {
        if let Some(Binding::Location {
            location,
            interpolation,
            sampling,
            ..
        }) = binding
        {
            out.push(Varying {
                location: *location,
                format: value_format(module, ty)?,
                interpolation: *interpolation,
                sampling: *sampling,
            });
        }
        Ok::<(), IsaError>(())
    };
    for (ty, binding) in items {
        match &module.types[ty].inner {
            TypeInner::Struct { members, .. } if binding.is_none() => {
                for member in members {
                    push(member.ty, &member.binding)?;
                }
            }
            _ => push(ty, binding)?,
        }
    }
    out.sort_by_key(|v| v.location);
    // Dual-source blending gives two outputs one location: one attachment.
    out.dedup_by_key(|v| v.location);
    Ok(out)
}

fn value_format(
    module: &naga::Module,
    ty: naga::Handle<naga::Type>,
) -> Result<ValueFormat, IsaError> {
    let (scalar, components) = match module.types[ty].inner {
        TypeInner::Scalar(scalar) => (scalar, 1),
        TypeInner::Vector { size, scalar } => (scalar, size as u8),
        ref other => {
            return Err(IsaError::Unsupported(format!(
                "no vertex/attachment format for an interface value of type {other:?}"
            )))
        }
    };
    let kind = match (scalar.kind, scalar.width) {
        (ScalarKind::Float, 4) => ValueKind::Float,
        (ScalarKind::Sint, 4) => ValueKind::Sint,
        (ScalarKind::Uint, 4) => ValueKind::Uint,
        _ => {
            return Err(IsaError::Unsupported(format!(
                "interface values of type {:?}{} are not supported (32-bit only)",
                scalar.kind,
                scalar.width * 8
            )))
        }
    };
    Ok(ValueFormat { kind, components })
}

fn builtins_of(module: &naga::Module, entry: &naga::EntryPoint) -> Vec<naga::BuiltIn> {
    let mut found = Vec::new();
    let bindings = entry
        .function
        .arguments
        .iter()
        .map(|a| (a.ty, &a.binding))
        .chain(entry.function.result.iter().map(|r| (r.ty, &r.binding)));
    for (ty, binding) in bindings {
        match (binding, &module.types[ty].inner) {
            (Some(Binding::BuiltIn(builtin)), _) => found.push(*builtin),
            (None, TypeInner::Struct { members, .. }) => {
                found.extend(members.iter().filter_map(|m| match m.binding {
                    Some(Binding::BuiltIn(builtin)) => Some(builtin),
                    _ => None,
                }))
            }
            _ => {}
        }
    }
    found
}

fn wgsl_type(format: ValueFormat) -> String {
    let scalar = match format.kind {
        ValueKind::Float => "f32",
        ValueKind::Sint => "i32",
        ValueKind::Uint => "u32",
    };
    match format.components {
        1 => scalar.to_string(),
        n => format!("vec{n}<{scalar}>"),
    }
}

fn wgsl_interpolation(varying: &Varying) -> String {
    use naga::{Interpolation, Sampling};
    let interpolation = match varying.interpolation {
        _ if varying.format.kind != ValueKind::Float => "flat",
        Some(Interpolation::Flat) => "flat",
        Some(Interpolation::Linear) => "linear",
        Some(Interpolation::Perspective) | Some(Interpolation::PerVertex) | None => "perspective",
    };
    let sampling = match (interpolation, varying.sampling) {
        ("flat", _) => "",
        (_, Some(Sampling::Centroid)) => ", centroid",
        (_, Some(Sampling::Sample)) => ", sample",
        _ => "",
    };
    format!("@interpolate({interpolation}{sampling})")
}

/// A vertex shader feeding each fragment input from its own vertex attribute.
fn pass_through_vertex(inputs: &[Varying]) -> String {
    let mut text = String::from("struct Varyings {\n    @builtin(position) position: vec4<f32>,\n");
    for v in inputs {
        let _ = writeln!(
            text,
            "    @location({0}) {1} v{0}: {2},",
            v.location,
            wgsl_interpolation(v),
            wgsl_type(v.format)
        );
    }
    text.push_str("}\n\n@vertex\nfn main(@builtin(vertex_index) index: u32");
    for v in inputs {
        let _ = write!(
            text,
            ", @location({0}) a{0}: {1}",
            v.location,
            wgsl_type(v.format)
        );
    }
    text.push_str(") -> Varyings {\n    return Varyings(vec4<f32>(f32(index), 0.0, 0.0, 1.0)");
    for v in inputs {
        let _ = write!(text, ", a{}", v.location);
    }
    text.push_str(");\n}\n");
    text
}

/// A fragment shader that reads every component of every vertex output.
fn consumer_fragment(outputs: &[Varying]) -> String {
    let mut text = String::from("@fragment\nfn main(");
    for v in outputs {
        let _ = write!(
            text,
            "@location({0}) {1} v{0}: {2}, ",
            v.location,
            wgsl_interpolation(v),
            wgsl_type(v.format)
        );
    }
    text.push_str(") -> @location(0) vec4<f32> {\n    var sum = vec4<f32>(0.0);\n");
    for v in outputs {
        let widened = match v.format.components {
            1 => format!("vec4<f32>(f32(v{}), 0.0, 0.0, 0.0)", v.location),
            2 => format!("vec4<f32>(vec2<f32>(v{}), 0.0, 0.0)", v.location),
            3 => format!("vec4<f32>(vec3<f32>(v{}), 0.0)", v.location),
            _ => format!("vec4<f32>(v{})", v.location),
        };
        let _ = writeln!(text, "    sum += {widened};");
    }
    text.push_str("    return sum;\n}\n");
    text
}

fn compile_companion(wgsl: &str, stage: Stage) -> Result<Vec<u32>, IsaError> {
    let compiled = compile_text(
        "prism-isa-companion.wgsl",
        wgsl,
        InputKind::Wgsl,
        Some(stage),
        &CompileOptions::default(),
    )
    .map_err(|failure| {
        let messages: Vec<_> = failure
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        IsaError::Internal(format!(
            "the generated {} shader does not compile: {}\n{wgsl}",
            stage.name(),
            messages.join("; ")
        ))
    })?;
    emit_spirv(&compiled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varying(location: u32, kind: ValueKind, components: u8) -> Varying {
        Varying {
            location,
            format: ValueFormat { kind, components },
            interpolation: None,
            sampling: None,
        }
    }

    #[test]
    fn generated_companions_compile() {
        let varyings = [
            varying(0, ValueKind::Float, 2),
            varying(2, ValueKind::Sint, 1),
            varying(3, ValueKind::Uint, 4),
            varying(5, ValueKind::Float, 3),
        ];
        compile_companion(&pass_through_vertex(&varyings), Stage::Vertex).expect("vertex");
        compile_companion(&consumer_fragment(&varyings), Stage::Fragment).expect("fragment");
        compile_companion(&pass_through_vertex(&[]), Stage::Vertex).expect("empty vertex");
        compile_companion(&consumer_fragment(&[]), Stage::Fragment).expect("empty fragment");
    }
}
