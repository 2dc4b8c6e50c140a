//! Binding numbers of resources (uniform and storage blocks, textures, samplers, images):
//! which binding namespace a declaration is in, the numbers the user wrote, and the
//! `layout(set = S, binding = B)` written into a declaration that lacks them. The numbering
//! rules themselves are [`bindings`](super::bindings)'.
//!
//! Trap: desktop GL gives blocks, storage blocks, textures and images separate binding
//! namespaces; Vulkan (and naga) has one per set. A shader that reuses a number across
//! classes without any `set =` gets one set per class ([`reserve_user_bindings`]), and a
//! user binding then lands in its class's set.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::bindings::{BindingClass, BindingKind, Planner};
use super::items::{self, Qualifiers};
use super::rewrite::Rewrite;
use super::tokens::{gen, Edit};
use crate::front::glsl::preprocess::Token;
use crate::source::Loc;

/// Choose the binding namespaces (see the module docs), then record every binding the user
/// wrote, before any number is handed out.
pub(super) fn reserve_user_bindings(tokens: &[Token], quals: &[Qualifiers], plan: &mut Planner) {
    let mut classes: HashMap<u32, HashSet<BindingClass>> = HashMap::new();
    let mut explicit_sets = false;
    for q in quals {
        explicit_sets |= q.layout("set").is_some() || q.layout("push_constant").is_some();
        if let (Some(binding), Some(class)) = (q.layout_int("binding"), binding_class(tokens, q)) {
            classes.entry(binding).or_default().insert(class);
        }
    }
    if !explicit_sets && classes.values().any(|c| c.len() > 1) {
        plan.use_gl_namespaces();
    }
    for q in quals {
        if let Some(binding) = q.layout_int("binding") {
            let set = match binding_class(tokens, q) {
                Some(class) => plan.gl_set(class, q.layout_int("set")),
                None => q.layout_int("set").unwrap_or(0),
            };
            plan.reserve_binding(set, binding);
        }
    }
}

/// The class of a declaration that takes a binding.
fn binding_class(tokens: &[Token], q: &Qualifiers) -> Option<BindingClass> {
    let ty = tokens.get(q.type_start)?;
    let is_block = q.opens_block(tokens);
    if is_block && q.has("buffer") {
        Some(BindingClass::Storage)
    } else if is_block && q.has("uniform") {
        Some(BindingClass::Uniform)
    } else if q.has("uniform") {
        opaque_kind(&ty.text).map(|kind| match kind {
            BindingKind::StorageImage => BindingClass::Image,
            _ => BindingClass::Texture,
        })
    } else {
        None
    }
}

/// The resource kind of a type that cannot live in a uniform block (`None` for the rest).
/// `iimage2D` / `usampler2D` are the same kinds as `image2D` / `sampler2D`; a separate
/// `sampler` / `samplerShadow` is a sampler, a `sampler2D` (combined) or `texture2D` a texture.
pub(super) fn opaque_kind(ty: &str) -> Option<BindingKind> {
    let base = ty
        .strip_prefix(['i', 'u'])
        .filter(|rest| {
            rest.starts_with("sampler") || rest.starts_with("texture") || rest.starts_with("image")
        })
        .unwrap_or(ty);
    if base.starts_with("image") {
        Some(BindingKind::StorageImage)
    } else if base == "sampler" || base == "samplerShadow" {
        Some(BindingKind::Sampler)
    } else if base.starts_with("sampler") || base.starts_with("texture") || ty == "atomic_uint" {
        Some(BindingKind::Texture)
    } else {
        None
    }
}

impl Rewrite<'_> {
    /// The user's (set, binding), with the set moved per class under GL namespaces.
    pub fn user_binding(&self, q: &Qualifiers) -> (Option<u32>, Option<u32>) {
        let binding = q.layout_int("binding");
        let set = match (binding, binding_class(self.tokens, q)) {
            (Some(_), Some(class)) => Some(self.plan.gl_set(class, q.layout_int("set"))),
            _ => q.layout_int("set"),
        };
        (set, binding)
    }

    /// Number the resource `name` that `q` declares: the user's numbers, or planned ones
    /// written into its layout.
    pub fn bind_resource(&mut self, q: &Qualifiers, kind: BindingKind, name: &str, loc: Loc) {
        let user = self.user_binding(q);
        let (set, binding) = self.plan.resource(kind, name, user, loc);
        self.insert_binding(q, set, binding, user, loc);
    }

    /// A texture, separate sampler, image or atomic counter: numbered under its first name.
    pub fn bind_opaque(&mut self, q: &Qualifiers, kind: BindingKind, range: Range<usize>) {
        let name = items::first_declarator(self.tokens, q, range.end);
        let loc = self.loc(range.start);
        self.bind_resource(q, kind, &name, loc);
    }

    /// Add `set`/`binding` to a declaration that lacks them.
    fn insert_binding(
        &mut self,
        q: &Qualifiers,
        set: u32,
        binding: u32,
        user: (Option<u32>, Option<u32>),
        loc: Loc,
    ) {
        let mut words = Vec::new();
        if q.layout("set").is_none() {
            words.push(format!("set = {set}"));
        }
        if user.1.is_none() || q.layout("binding").is_none() {
            words.push(format!("binding = {binding}"));
        }
        if words.is_empty() {
            return;
        }
        let text = words.join(" , ");
        let edit = match q.layouts.first() {
            // Inside the user's own `layout(` group, after the parenthesis.
            Some(group) => Edit::insert(group.range.start + 2, gen(&format!("{text} ,"), loc)),
            None => Edit::insert(q.first_index(), gen(&format!("layout ( {text} )"), loc)),
        };
        self.edits.push(edit);
    }
}

#[cfg(test)]
mod tests {
    use super::{opaque_kind, BindingKind};

    #[test]
    fn opaque_kinds_cover_the_integer_prefixes() {
        assert_eq!(opaque_kind("image2D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("iimage2D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("uimage3D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("sampler"), Some(BindingKind::Sampler));
        assert_eq!(opaque_kind("samplerShadow"), Some(BindingKind::Sampler));
        assert_eq!(opaque_kind("texture2D"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("utexture2DArray"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("isampler2D"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("uint"), None);
        assert_eq!(opaque_kind("ivec4"), None);
        assert_eq!(opaque_kind("vec4"), None);
    }
}
