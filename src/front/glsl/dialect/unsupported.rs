//! The one table of GLSL features naga's IR cannot express (or prism cannot yet lower), each
//! found at its own token and reported as `E-UNSUPPORTED` naming the feature, at the user's
//! line and column: never a parse error about something else further on.
//!
//! The check runs first in the dialect layer, before any rewrite. A feature is recognised by
//! an identifier (a built-in function, variable, qualifier or type), never by its
//! `#extension` line alone: a shader that enables an extension and uses nothing from it
//! compiles. Stages prism cannot read (geometry, tessellation, ray tracing, mesh, task) are
//! refused earlier still, from the file extension (see [`crate::shader`]).

use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Preprocessed, TokenKind};

/// A feature naga cannot express: the identifiers that use it, its name in the error.
struct Feature {
    idents: &'static [&'static str],
    /// Identifier prefix and suffix (both must match), for families such as `sparse*ARB`.
    affix: Option<(&'static str, &'static str)>,
    name: &'static str,
}

const FEATURES: &[Feature] = &[
    Feature {
        idents: &[
            "rayPayloadEXT",
            "rayPayloadInEXT",
            "hitAttributeEXT",
            "callableDataEXT",
            "callableDataInEXT",
            "shaderRecordEXT",
            "traceRayEXT",
            "reportIntersectionEXT",
            "executeCallableEXT",
            "ignoreIntersectionEXT",
            "terminateRayEXT",
            "rayPayloadNV",
            "rayPayloadInNV",
            "hitAttributeNV",
            "traceNV",
            "accelerationStructureNV",
            "gl_LaunchIDEXT",
            "gl_LaunchSizeEXT",
        ],
        affix: None,
        name: "ray tracing (GL_EXT_ray_tracing)",
    },
    // `accelerationStructureEXT` is both extensions' type; outside the ray tracing stages
    // (refused by file extension) only ray queries can use it.
    Feature {
        idents: &["accelerationStructureEXT"],
        affix: Some(("rayQuery", "EXT")),
        name: "ray queries (GL_EXT_ray_query; naga reads them from WGSL and SPIR-V only)",
    },
    Feature {
        idents: &[
            "SetMeshOutputsEXT",
            "EmitMeshTasksEXT",
            "taskPayloadSharedEXT",
            "gl_MeshVerticesEXT",
            "gl_MeshPrimitivesEXT",
            "gl_PrimitiveTriangleIndicesEXT",
            "gl_PrimitiveLineIndicesEXT",
            "gl_PrimitivePointIndicesEXT",
            "gl_MeshVerticesNV",
            "gl_PrimitiveIndicesNV",
            "gl_PrimitiveCountNV",
            "gl_TaskCountNV",
        ],
        affix: None,
        name: "mesh and task shaders (GL_EXT_mesh_shader)",
    },
    Feature {
        idents: &[
            "EmitVertex",
            "EndPrimitive",
            "EmitStreamVertex",
            "EndStreamPrimitive",
        ],
        affix: None,
        name: "geometry shaders",
    },
    Feature {
        idents: &[
            "gl_TessLevelOuter",
            "gl_TessLevelInner",
            "gl_TessCoord",
            "gl_PatchVerticesIn",
        ],
        affix: None,
        name: "tessellation shaders",
    },
    Feature {
        idents: &["buffer_reference", "buffer_reference_align"],
        affix: None,
        name: "buffer device addresses (GL_EXT_buffer_reference)",
    },
    Feature {
        idents: &[
            "gl_ShadingRateEXT",
            "gl_PrimitiveShadingRateEXT",
            "gl_ShadingRateFlag2VerticalPixelsEXT",
            "gl_ShadingRateFlag4VerticalPixelsEXT",
            "gl_ShadingRateFlag2HorizontalPixelsEXT",
            "gl_ShadingRateFlag4HorizontalPixelsEXT",
        ],
        affix: None,
        name: "fragment shading rate built-ins (GL_EXT_fragment_shading_rate)",
    },
    Feature {
        idents: &[
            "gl_FragmentSizeNV",
            "gl_InvocationsPerPixelNV",
        ],
        affix: None,
        name: "shading rate images (GL_NV_shading_rate_image: naga's IR has no such built-in)",
    },
    Feature {
        idents: &["pervertexEXT", "pervertexNV"],
        affix: None,
        name: "per-vertex fragment inputs (`pervertexEXT`, GL_EXT_fragment_shader_barycentric: naga's IR has them, but its GLSL reader does not read them and prism does not lower them yet)",
    },
    Feature {
        idents: &[],
        affix: Some(("sparse", "ARB")),
        name: "sparse texture residency (GL_ARB_sparse_texture2)",
    },
    Feature {
        idents: &[
            "imageAtomicExchange",
            "imageAtomicCompSwap",
            "imageAtomicLoad",
            "imageAtomicStore",
        ],
        affix: None,
        name: "image exchange, compare-swap, load and store atomics (naga's image atomics are add, min, max, and, or and xor)",
    },
    Feature {
        idents: &[
            "image2DMS",
            "iimage2DMS",
            "uimage2DMS",
            "image2DMSArray",
            "iimage2DMSArray",
            "uimage2DMSArray",
            "imageSamples",
        ],
        affix: None,
        name: "multisampled storage images (`image2DMS`, `imageSamples`: naga's storage images have no samples)",
    },
    Feature {
        idents: &["textureGatherOffsets"],
        affix: None,
        name: "`textureGatherOffsets` (four offsets: naga's gather takes one)",
    },
    Feature {
        idents: &[
            "subgroupInclusiveMin",
            "subgroupInclusiveMax",
            "subgroupInclusiveAnd",
            "subgroupInclusiveOr",
            "subgroupInclusiveXor",
            "subgroupExclusiveMin",
            "subgroupExclusiveMax",
            "subgroupExclusiveAnd",
            "subgroupExclusiveOr",
            "subgroupExclusiveXor",
        ],
        affix: None,
        name: "subgroup scans other than Add and Mul (naga's IR scans only sums and products)",
    },
    Feature {
        idents: &[],
        affix: Some(("subgroupClustered", "")),
        name: "clustered subgroup operations (GL_KHR_shader_subgroup_clustered: naga's IR has no cluster size)",
    },
    Feature {
        idents: &[],
        affix: Some(("subgroupPartition", "NV")),
        name: "partitioned subgroup operations (GL_NV_shader_subgroup_partitioned)",
    },
    Feature {
        idents: &[
            "uint64_t",
            "int64_t",
            "u64vec2",
            "u64vec3",
            "u64vec4",
            "i64vec2",
            "i64vec3",
            "i64vec4",
        ],
        affix: None,
        name: "64-bit integers (`uint64_t`, GL_ARB_gpu_shader_int64: naga's IR has them, but its GLSL reader has no 64-bit types and prism does not lower them yet)",
    },
    Feature {
        idents: &["gl_Layer", "gl_ViewportIndex", "gl_ViewportMask"],
        affix: None,
        name: "layered and multi-viewport rendering (`gl_Layer`, `gl_ViewportIndex`: naga's IR has no such built-in)",
    },
    Feature {
        idents: &["gl_HelperInvocation"],
        affix: None,
        name: "`gl_HelperInvocation` (naga's IR has no such built-in)",
    },
    Feature {
        idents: &["gl_SamplePosition"],
        affix: None,
        name: "`gl_SamplePosition` (naga's IR has no such built-in; `gl_SampleID` is supported)",
    },
    Feature {
        idents: &["textureQueryLod"],
        affix: None,
        name: "`textureQueryLod` (naga's image queries have no level-of-detail query)",
    },
    Feature {
        idents: &[
            "interpolateAtCentroid",
            "interpolateAtSample",
            "interpolateAtOffset",
        ],
        affix: None,
        name: "`interpolateAt*` (naga's IR interpolates by qualifier only: use `centroid` or `sample` on the input)",
    },
    Feature {
        idents: &["gl_FragStencilRefARB"],
        affix: None,
        name: "stencil export (`gl_FragStencilRefARB`: naga's IR has no such built-in)",
    },
    Feature {
        idents: &["atomic_uint", "atomicCounterIncrement", "atomicCounter"],
        affix: None,
        name: "atomic counters (`atomic_uint`; Vulkan GLSL has none)",
    },
];

fn feature_of(ident: &str) -> Option<&'static str> {
    FEATURES.iter().find_map(|f| {
        let listed = f.idents.contains(&ident);
        let affixed = f.affix.is_some_and(|(pre, suf)| {
            ident.len() > pre.len() + suf.len() && ident.starts_with(pre) && ident.ends_with(suf)
        });
        (listed || affixed).then_some(f.name)
    })
}

/// One `E-UNSUPPORTED` per feature (at its first use), in source order.
pub fn check(pre: &Preprocessed) -> Vec<Diagnostic> {
    let mut seen: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    let mut report = |name: &'static str, loc, what: &str| {
        if !seen.contains(&name) {
            seen.push(name);
            errors.push(error_at(
                "E-UNSUPPORTED",
                format!("not supported by prism: {name}"),
                loc,
                format!("`{what}` needs it"),
            ));
        }
    };
    for token in &pre.tokens {
        if token.kind != TokenKind::Ident {
            continue;
        }
        if let Some(name) = feature_of(&token.text) {
            report(name, token.loc, &token.text);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::feature_of;

    #[test]
    fn table_finds_families_and_names() {
        assert!(feature_of("sparseTextureLodARB").is_some());
        assert!(feature_of("imageAtomicExchange").is_some());
        assert!(feature_of("imageAtomicAdd").is_none());
        assert!(feature_of("atomicCompSwap").is_none());
        assert!(feature_of("traceRayEXT").is_some());
        assert!(feature_of("accelerationStructureEXT").is_some_and(|f| f.contains("ray queries")));
        assert!(
            feature_of("rayQueryGetIntersectionTypeEXT").is_some_and(|f| f.contains("ray queries"))
        );
        assert!(
            feature_of("gl_FragmentSizeNV").is_some_and(|f| f.contains("GL_NV_shading_rate_image"))
        );
        assert!(feature_of("texture").is_none());
        assert!(feature_of("sparse").is_none());
        assert!(feature_of("imageAtomic").is_none());
    }
}
