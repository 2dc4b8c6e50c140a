//! naga's SPIR-V writer gives a subgroup control barrier (`subgroupBarrier()`, which the GLSL
//! front lowers to `ControlBarrier(SUB_GROUP)`) the memory semantics `AcquireRelease |
//! SubgroupMemory`, and Vulkan's rules refuse `SubgroupMemory`
//! (VUID-StandaloneSpirv-OpControlBarrier-04650). This pass, run on the words naga wrote,
//! gives each barrier whose semantics have that bit the semantics glslang writes for
//! `subgroupBarrier()`: `AcquireRelease | UniformMemory | WorkgroupMemory | ImageMemory`, in a
//! constant of its own (naga shares integer constants among all their uses).

const OP_CONSTANT: u32 = 43;
const OP_CONTROL_BARRIER: u32 = 224;
const OP_MEMORY_BARRIER: u32 = 225;
const SUBGROUP_MEMORY: u32 = 0x80;
const VULKAN_SEMANTICS: u32 = 0x40 | 0x100 | 0x800;
const HEADER: usize = 5;

/// Rewrite the barriers' semantics (a no-op for modules without such a barrier).
pub fn fix(words: &mut Vec<u32>) {
    if words.len() < HEADER {
        return;
    }
    let barrier = |r: std::ops::Range<usize>| {
        matches!(
            words[r.start] & 0xffff,
            OP_CONTROL_BARRIER | OP_MEMORY_BARRIER
        )
    };
    if !super::capabilities::instructions(words).any(barrier) {
        return; // most modules: no constant table to build
    }
    let ranges: Vec<_> = super::capabilities::instructions(words).collect();
    // Constant id → (index of its instruction, its type, its value).
    let constants: std::collections::HashMap<u32, (usize, u32, u32)> = ranges
        .iter()
        .filter(|r| words[r.start] & 0xffff == OP_CONSTANT && r.len() == 4)
        .map(|r| {
            (
                words[r.start + 2],
                (r.start, words[r.start + 1], words[r.start + 3]),
            )
        })
        .collect();
    // Semantics operand positions to patch, and the constants to add (after which index).
    let mut patched = Vec::new();
    let mut added: Vec<(usize, u32, u32, u32)> = Vec::new();
    for r in &ranges {
        let semantics_at = match words[r.start] & 0xffff {
            OP_CONTROL_BARRIER if r.len() == 4 => r.start + 3,
            OP_MEMORY_BARRIER if r.len() == 3 => r.start + 2,
            _ => continue,
        };
        let Some(&(at, ty, value)) = constants.get(&words[semantics_at]) else {
            continue;
        };
        if value & SUBGROUP_MEMORY == 0 {
            continue;
        }
        let value = (value & !SUBGROUP_MEMORY) | VULKAN_SEMANTICS;
        let id = match added.iter().find(|(_, t, v, _)| *t == ty && *v == value) {
            Some(&(_, _, _, id)) => id,
            None => {
                let id = words[3];
                words[3] += 1;
                added.push((at, ty, value, id));
                id
            }
        };
        patched.push((semantics_at, id));
    }
    for (at, id) in patched {
        words[at] = id;
    }
    // Each new constant right after the one it replaces (in the constants section), back
    // to front so the indices stay right.
    added.sort_by_key(|&(at, ..)| std::cmp::Reverse(at));
    for (at, ty, value, id) in added {
        let after = at + 4;
        words.splice(after..after, [(4 << 16) | OP_CONSTANT, ty, id, value]);
    }
}
