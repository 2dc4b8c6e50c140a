//! Locations and bindings: the ones the user wrote are kept; the rest are assigned here.
//!
//! The numbering is deterministic and documented because the host code has to match it:
//!
//! - **Resources** (uniform and storage blocks, textures, samplers, images) without a binding
//!   go to descriptor set 0 and take the lowest binding number no declaration uses, in
//!   declaration order. The generated `prism_globals` block (the loose uniforms) is numbered
//!   where the first loose uniform was declared. A combined sampler becomes a texture (at the
//!   combined sampler's binding) followed by its sampler (the next free binding).
//! - An array of combined samplers with a literal size (`uniform sampler2D shadowMap[4];`,
//!   as three.js writes) becomes one texture and sampler per element, `shadowMap_0` /
//!   `shadowMap_sampler_0`, ..., numbered like separate declarations; uses must index it
//!   with literals.
//! - A combined sampler that the user bound (Vulkan GLSL: `layout(set = 1, binding = 2)
//!   uniform sampler2D s;`) keeps that binding for the texture; its sampler goes after the
//!   highest binding the user used in that set, in declaration order.
//! - **Locations** of vertex inputs, stage outputs and fragment inputs without one take the
//!   lowest free locations in declaration order (a `mat4` takes 4, an array N times its
//!   element). Link a vertex and a fragment shader by declaring their varyings in the same
//!   order, as glslang's `--auto-map-locations` expects too. `gl_FragColor` is output 0 and
//!   `gl_FragData[n]` is output n.
//! - **Desktop GL namespaces.** OpenGL gives uniform blocks, storage blocks, textures and
//!   images separate binding numbers (`binding = 0` can be a texture unit *and* a UBO);
//!   Vulkan has one namespace per set. When a shader without any `set =` reuses a binding
//!   number across those classes, each class moves to its own set: uniform blocks 0, storage
//!   blocks 1, textures 2 (their split samplers also 2, after the textures), images 3.
//!   Shaders without such a collision keep everything in set 0.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::source::Loc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BindingKind {
    UniformBlock,
    StorageBlock,
    PushConstant,
    Texture,
    Sampler,
    StorageImage,
    Input,
    Output,
    SpecConstant,
}

impl BindingKind {
    pub fn describe(self) -> &'static str {
        match self {
            BindingKind::UniformBlock => "uniform block",
            BindingKind::StorageBlock => "storage block",
            BindingKind::PushConstant => "push constants",
            BindingKind::Texture => "texture",
            BindingKind::Sampler => "sampler",
            BindingKind::StorageImage => "storage image",
            BindingKind::Input => "input",
            BindingKind::Output => "output",
            BindingKind::SpecConstant => "specialization constant",
        }
    }
}

/// Binding namespaces of desktop OpenGL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BindingClass {
    Uniform,
    Storage,
    Texture,
    Image,
}

/// Whether a number was written by the user or assigned by prism.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    User,
    Generated,
}

/// One interface variable and where its number came from.
#[derive(Clone, Debug, Serialize)]
pub struct Binding {
    pub kind: BindingKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<u32>,
    /// Location for inputs/outputs; the constant id for specialization constants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<u32>,
    pub origin: Origin,
    /// Loose uniforms gathered into a generated block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    #[serde(skip)]
    pub loc: Loc,
}

/// Hands out numbers; see the module docs for the rules.
#[derive(Default)]
pub struct Planner {
    used: BTreeMap<u32, BTreeSet<u32>>,
    high: BTreeMap<u32, u32>,
    locations: BTreeMap<&'static str, BTreeSet<u32>>,
    gl_namespaces: bool,
    entries: Vec<Binding>,
}

impl Planner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Give each GL binding class its own set (see the module docs).
    pub fn use_gl_namespaces(&mut self) {
        self.gl_namespaces = true;
    }

    /// The set a user binding of `class` lands in.
    pub fn gl_set(&self, class: BindingClass, user_set: Option<u32>) -> u32 {
        match (user_set, self.gl_namespaces) {
            (Some(set), _) => set,
            (None, false) => 0,
            (None, true) => match class {
                BindingClass::Uniform => 0,
                BindingClass::Storage => 1,
                BindingClass::Texture => 2,
                BindingClass::Image => 3,
            },
        }
    }

    /// Record a binding the user wrote, before any number is handed out.
    pub fn reserve_binding(&mut self, set: u32, binding: u32) {
        self.used.entry(set).or_default().insert(binding);
        let high = self.high.entry(set).or_insert(0);
        *high = (*high).max(binding + 1);
    }

    /// Record a location the user wrote.
    pub fn reserve_location(&mut self, direction: &str, location: u32, size: u32) {
        let key = direction_key(direction);
        let set = self.locations.entry(key).or_default();
        for l in location..location + size.max(1) {
            set.insert(l);
        }
    }

    fn lowest_free(&mut self, set: u32) -> u32 {
        let used = self.used.entry(set).or_default();
        let mut b = 0;
        while used.contains(&b) {
            b += 1;
        }
        used.insert(b);
        let high = self.high.entry(set).or_insert(0);
        *high = (*high).max(b + 1);
        b
    }

    /// A block, texture, sampler or image: the user's numbers, or generated ones.
    pub fn resource(
        &mut self,
        kind: BindingKind,
        name: &str,
        user: (Option<u32>, Option<u32>),
        loc: Loc,
    ) -> (u32, u32) {
        let set = user.0.unwrap_or(0);
        let (binding, origin) = match user.1 {
            Some(b) => (b, Origin::User),
            None => (self.lowest_free(set), Origin::Generated),
        };
        self.entries.push(Binding {
            kind,
            name: name.to_string(),
            set: Some(set),
            binding: Some(binding),
            location: None,
            origin,
            members: Vec::new(),
            loc,
        });
        (set, binding)
    }

    /// The sampler half of a split combined sampler.
    pub fn split_sampler(
        &mut self,
        name: &str,
        set: u32,
        texture_was_user_bound: bool,
        loc: Loc,
    ) -> (u32, u32) {
        let binding = if texture_was_user_bound {
            let high = self.high.entry(set).or_insert(0);
            let b = *high;
            *high += 1;
            self.used.entry(set).or_default().insert(b);
            b
        } else {
            self.lowest_free(set)
        };
        self.entries.push(Binding {
            kind: BindingKind::Sampler,
            name: name.to_string(),
            set: Some(set),
            binding: Some(binding),
            location: None,
            origin: Origin::Generated,
            members: Vec::new(),
            loc,
        });
        (set, binding)
    }

    /// The generated block of loose uniforms.
    pub fn globals_block(&mut self, name: &str, members: &[String], loc: Loc) -> (u32, u32) {
        let binding = self.lowest_free(0);
        self.entries.push(Binding {
            kind: BindingKind::UniformBlock,
            name: name.to_string(),
            set: Some(0),
            binding: Some(binding),
            location: None,
            origin: Origin::Generated,
            members: members.to_vec(),
            loc,
        });
        (0, binding)
    }

    pub fn set_members(&mut self, block: &str, members: Vec<String>) {
        if let Some(entry) = self.entries.iter_mut().find(|e| e.name == block) {
            entry.members = members;
        }
    }

    pub fn push_constant(&mut self, name: &str, loc: Loc) {
        self.entries.push(Binding {
            kind: BindingKind::PushConstant,
            name: name.to_string(),
            set: None,
            binding: None,
            location: None,
            origin: Origin::User,
            members: Vec::new(),
            loc,
        });
    }

    pub fn spec_constant(&mut self, name: &str, id: Option<u32>, loc: Loc) {
        self.entries.push(Binding {
            kind: BindingKind::SpecConstant,
            name: name.to_string(),
            set: None,
            binding: None,
            location: id,
            origin: Origin::User,
            members: Vec::new(),
            loc,
        });
    }

    /// An input or output: the user's location, or the lowest free run of `size` locations.
    pub fn location(
        &mut self,
        direction: &str,
        name: &str,
        user: Option<u32>,
        size: u32,
        loc: Loc,
    ) -> u32 {
        let key = direction_key(direction);
        let used = self.locations.entry(key).or_default();
        let (location, origin) = match user {
            Some(l) => (l, Origin::User),
            None => {
                let size = size.max(1);
                let mut l = 0;
                while (l..l + size).any(|x| used.contains(&x)) {
                    l += 1;
                }
                for x in l..l + size {
                    used.insert(x);
                }
                (l, Origin::Generated)
            }
        };
        let kind = if direction == "in" {
            BindingKind::Input
        } else {
            BindingKind::Output
        };
        self.entries.push(Binding {
            kind,
            name: name.to_string(),
            set: None,
            binding: None,
            location: Some(location),
            origin,
            members: Vec::new(),
            loc,
        });
        location
    }

    pub fn finish(self) -> Vec<Binding> {
        self.entries
    }
}

fn direction_key(direction: &str) -> &'static str {
    if direction == "in" {
        "in"
    } else {
        "out"
    }
}
