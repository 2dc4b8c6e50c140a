//! Combined image-samplers (`sampler2D`), which naga's GLSL front end cannot read.
//!
//! naga models textures and samplers as separate resources, as WGSL, HLSL and Vulkan do; its
//! GLSL reader accepts `texture2D t; sampler s;` combined at the use site as
//! `sampler2D(t, s)`. So every combined declaration is split into a texture that keeps the
//! user's name and a sampler named `<name>_sampler`, and every use of the name becomes the
//! constructor, except where it is passed whole to a user function whose parameter was split
//! the same way: there it becomes the two arguments.

/// The texture type, sampler type and constructor for a combined sampler type name.
pub fn split_type(combined: &str) -> Option<(String, &'static str)> {
    let (prefix, rest) = match combined.as_bytes().first() {
        Some(b'i') | Some(b'u') => (&combined[..1], &combined[1..]),
        _ => ("", combined),
    };
    let shape = rest.strip_prefix("sampler")?;
    let (shape, shadow) = match shape.strip_suffix("Shadow") {
        Some(base) => (base, true),
        None => (shape, false),
    };
    let known = [
        "1D",
        "2D",
        "3D",
        "Cube",
        "1DArray",
        "2DArray",
        "CubeArray",
        "2DMS",
        "2DMSArray",
    ];
    if !known.contains(&shape) || (shadow && !prefix.is_empty()) {
        return None;
    }
    if shadow && (shape == "3D" || shape.contains("MS")) {
        return None;
    }
    let sampler = if shadow { "samplerShadow" } else { "sampler" };
    Some((format!("{prefix}texture{shape}"), sampler))
}

#[cfg(test)]
mod tests {
    use super::split_type;

    #[test]
    fn splits_the_common_types() {
        assert_eq!(
            split_type("sampler2D"),
            Some(("texture2D".to_string(), "sampler"))
        );
        assert_eq!(
            split_type("usampler2DArray"),
            Some(("utexture2DArray".to_string(), "sampler"))
        );
        assert_eq!(
            split_type("sampler2DShadow"),
            Some(("texture2D".to_string(), "samplerShadow"))
        );
        assert_eq!(
            split_type("samplerCube"),
            Some(("textureCube".to_string(), "sampler"))
        );
        assert_eq!(split_type("sampler"), None);
        assert_eq!(split_type("samplerExternalOES"), None);
        assert_eq!(split_type("isampler2DShadow"), None);
        assert_eq!(split_type("texture2D"), None);
    }
}
