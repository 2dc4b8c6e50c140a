//! prism: GLSL as people write it (WebGL 1/2, desktop, Vulkan), WGSL and SPIR-V in;
//! HLSL, SPIR-V, WGSL, MSL and GLSL out, through naga, with every diagnostic and every later
//! count pointing at the user's own file, line and column.
//!
//! The modules are the pipeline: [`source`] (files and locations) and [`shader`] (language and
//! stage) → [`front`] (GLSL through [`front::glsl::preprocess`] and
//! [`front::glsl::dialect`], WGSL, SPIR-V: a validated naga module) → [`back`], run end to
//! end by [`pipeline`].
//!
//! ```
//! use prism::back::Target;
//! use prism::shader::{InputKind, Stage};
//! use prism::pipeline::{compile_text, CompileOptions};
//!
//! // A WebGL 1 fragment shader, as shipped.
//! let webgl = "precision mediump float;\n\
//!              uniform sampler2D uTex;\n\
//!              varying vec2 vUv;\n\
//!              void main() { gl_FragColor = texture2D(uTex, vUv); }\n";
//! let compiled = compile_text("tex.frag", webgl, InputKind::Glsl, Some(Stage::Fragment),
//!                             &CompileOptions::default()).expect("compiles");
//! let wgsl = compiled.emit(Target::Wgsl).expect("writes WGSL");
//! assert!(wgsl.as_text().unwrap().contains("textureSample(uTex, uTex_sampler"));
//!
//! // Errors point at the user's line, through the dialect layer.
//! let broken = webgl.replace("vUv)", "vUv2)");
//! let Err(failure) = compile_text("tex.frag", &broken, InputKind::Glsl,
//!                                  Some(Stage::Fragment), &CompileOptions::default())
//! else {
//!     panic!("an undeclared variable must not compile");
//! };
//! let label = &failure.diagnostics[0].labels[0];
//! assert_eq!(failure.files.get(label.file_id).line_col(label.range.start).0, 4);
//! ```

pub mod annotate;
pub mod back;
pub mod check;
pub mod diagnostic;
pub mod front;
#[cfg(feature = "gpu")]
pub mod gpu;
pub mod ir;
pub mod isa;
pub mod lint;
pub mod lsp;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod robustness;
pub mod shader;
pub mod source;
