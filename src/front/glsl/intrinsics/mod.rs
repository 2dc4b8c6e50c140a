//! Vulkan and desktop built-in functions and variables naga's GLSL reader lacks, lowered in
//! two steps around it, the way [`super::atomics`] lowers atomics:
//!
//! 1. [`rewrite`], on the preprocessed tokens (before the dialect layer's own rewrites):
//!    calls and names become GLSL naga reads, or calls of generated stubs that carry the
//!    meaning through naga's parse. Every generated token carries the location of the
//!    user's token it replaces, and no newline is added.
//! 2. [`lower`], on naga's module: the stubs and markers become the IR they stand for.
//!
//! | GLSL | step 1 | step 2 |
//! | --- | --- | --- |
//! | `gl_WorkGroupSize` | `uvec3(x, y, z)` from the `local_size` layout (a constant, as GLSL defines it) | |
//! | `layout(local_size_x_id = N)` | the id is dropped (warning); the size keeps its default (`local_size_x` or 1), like `constant_id` | |
//! | `memoryBarrier*()`, `groupMemoryBarrier()` | call of a stub `prism_memoryBarrier*` | `Statement::MemoryBarrier` |
//! | `textureGather(s, p[, c])`, `textureGatherOffset` | `textureLod[Offset](s, p, MARK + c)`; with a depth reference `textureGrad[Offset](s, vecN(p, ref), vecG(MARK), ..)` (see `gather`) | `ImageSample { gather: c, level: Zero }`; a component naga could not fold is refused |
//! | `texture`, `textureLod`, `textureOffset`, `textureLodOffset` on `isampler2D`/`3D`/`2DArray` (and `usampler`) | a call of `prism_texel`, which fetches the texel the coordinate falls in, clamped to the edge, with a warning (see `integer_texels`) | |
//! | the other forms on `isampler*` / `usampler*` (`textureProj`, `textureGrad`, a bias, cube maps) | | refused (`E-UNSUPPORTED`): naga's IR has no filtered sample of integer textures (see `integer_sampling`) |
//! | `gl_ClipDistance`, `gl_CullDistance` | a redeclared size becomes `const int prism_clip_distances = int(N);` (see `clip_distances`) | the unsized global gets its size: declared, or highest constant index + 1 |
//! | `uniform sampler2D tex[]` indexed at run time | `texture2D tex[]` + one `sampler tex_sampler`; uses `sampler2D(tex[i], tex_sampler)` (see `binding_arrays`) | the array becomes a `BindingArray` |
//! | `nonuniformEXT(i)` | `(i)` (naga's SPIR-V writer decorates non-uniform accesses itself) | |
//! | `gl_ViewIndex` | `gl_DrawID` (naga knows its `u32` type) | the argument's built-in becomes `ViewIndex` |
//! | `subpassInput` / `subpassLoad(x)` | `texture2D` / `texelFetch(x, ivec2(gl_FragCoord.xy), 0)` | |
//! | `uaddCarry`, `usubBorrow`, `umulExtended`, `imulExtended` | GLSL implementations (stubs that stay) | |
//!
//! Input attachments: a `subpassInput` becomes a sampled `texture2D` at the same set and
//! binding, read at the fragment's own pixel. That is what an input attachment read means,
//! but the pipeline must bind a sampled image there (not an `INPUT_ATTACHMENT` descriptor),
//! and tile-based GPUs lose the on-chip read: prism says so with a warning.

mod binding_arrays;
mod builtins;
mod calls;
mod clip_distances;
mod f16;
mod fragment;
mod fragment_lower;
mod gather;
mod integer_sampling;
mod integer_texels;
mod lower;
mod modf;
mod pass;
mod sampler_scopes;
mod scalar_layout;
mod subgroups;
mod subgroups_lower;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::Token;
use crate::shader::Stage;
use pass::{apply, gen, Edit, Pass};

pub use f16::lower as lower_f16;
pub use fragment_lower::lower as lower_fragment;
pub use integer_texels::lower as lower_integer_texels;
pub use lower::lower;
pub use modf::lower as lower_modf;
pub use pass::Refused;
pub use subgroups::user_message;
pub use subgroups_lower::lower as lower_subgroups;

/// The rewritten tokens and what the user should know about them.
pub struct Rewritten {
    pub tokens: Vec<Token>,
    pub warnings: Vec<Diagnostic>,
}

/// Step 1 (see the module docs).
/// `es`: a GLSL ES (WebGL) shader, whose sampler arrays take only constant indices: the
/// dialect layer reports the others, so they do not become binding arrays here.
pub fn rewrite(tokens: Vec<Token>, stage: Stage, es: bool) -> Result<Rewritten, Vec<Diagnostic>> {
    let mut pass = Pass {
        tokens: &tokens,
        edits: Vec::new(),
        stubs: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    builtins::rewrite(&mut pass, stage);
    clip_distances::rewrite(&mut pass, stage);
    integer_texels::rewrite(&mut pass);
    calls::rewrite(&mut pass);
    subgroups::rewrite(&mut pass);
    fragment::rewrite(&mut pass, stage);
    scalar_layout::check(&mut pass);
    modf::rewrite(&mut pass);
    if !es {
        binding_arrays::rewrite(&mut pass);
    }
    if !pass.errors.is_empty() {
        return Err(pass.errors);
    }
    let Pass {
        mut edits,
        stubs,
        warnings,
        ..
    } = pass;
    if let Some(first) = tokens.first() {
        let source: Vec<&str> = stubs.iter().map(|(_, s)| s.as_str()).collect();
        edits.push(Edit {
            start: 0,
            end: 0,
            insert: gen(&source.join(" "), first.loc),
        });
    }
    Ok(Rewritten {
        tokens: apply(tokens.clone(), edits),
        warnings,
    })
}
