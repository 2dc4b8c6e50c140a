//! What a shader is, before anything reads it: its language ([`InputKind`]) and its pipeline
//! stage ([`Stage`]).
//!
//! Every layer may import these (the front ends, the ISA compiler, the GPU kernels, lint):
//! they carry no knowledge of any one front end.

use std::path::Path;

use serde::Serialize;

/// The pipeline stages prism compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Vertex,
    Fragment,
    Compute,
}

impl Stage {
    pub fn to_naga(self) -> naga::ShaderStage {
        match self {
            Stage::Vertex => naga::ShaderStage::Vertex,
            Stage::Fragment => naga::ShaderStage::Fragment,
            Stage::Compute => naga::ShaderStage::Compute,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::Vertex => "vertex",
            Stage::Fragment => "fragment",
            Stage::Compute => "compute",
        }
    }
}

/// What kind of source a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Glsl,
    Wgsl,
    Spirv,
}

impl InputKind {
    /// From the file extension; `None` for extensions prism does not know.
    pub fn from_path(path: &Path) -> Option<(InputKind, Option<Stage>)> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "vert" | "vs" | "vsh" => (InputKind::Glsl, Some(Stage::Vertex)),
            "frag" | "fs" | "fsh" => (InputKind::Glsl, Some(Stage::Fragment)),
            "comp" | "cs" => (InputKind::Glsl, Some(Stage::Compute)),
            "glsl" => (InputKind::Glsl, None),
            "wgsl" => (InputKind::Wgsl, None),
            "spv" => (InputKind::Spirv, None),
            _ => return None,
        })
    }
}

/// Stages prism cannot read, by file extension: the stage's name and why, for an
/// `E-UNSUPPORTED` error (see `front::glsl::dialect::unsupported` for the same features met
/// inside a shader). naga 30's IR has mesh, task, ray generation, miss, closest-hit and
/// any-hit entry points, but its GLSL reader reads none of them.
pub fn unsupported_stage(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "geom" => "geometry shaders (naga's IR has no such stage)",
        "tesc" => "tessellation control shaders (naga's IR has no such stage)",
        "tese" => "tessellation evaluation shaders (naga's IR has no such stage)",
        "rgen" => "ray generation shaders (GL_EXT_ray_tracing: naga's IR has the stage, but its GLSL reader cannot read it)",
        "rchit" => "closest-hit shaders (GL_EXT_ray_tracing: naga's IR has the stage, but its GLSL reader cannot read it)",
        "rmiss" => "miss shaders (GL_EXT_ray_tracing: naga's IR has the stage, but its GLSL reader cannot read it)",
        "rahit" => "any-hit shaders (GL_EXT_ray_tracing: naga's IR has the stage, but its GLSL reader cannot read it)",
        "rint" => "intersection shaders (GL_EXT_ray_tracing: naga's IR has no such stage)",
        "rcall" => "callable shaders (GL_EXT_ray_tracing: naga's IR has no such stage)",
        "mesh" => "mesh shaders (GL_EXT_mesh_shader: naga's IR has the stage, but its GLSL reader cannot read it)",
        "task" => "task shaders (GL_EXT_mesh_shader: naga's IR has the stage, but its GLSL reader cannot read it)",
        _ => return None,
    })
}
