//! naga's SPIR-V writer declares the `SampleMask` built-in as a scalar `uint`; Vulkan wants
//! an array of 32-bit integers (VUID-SampleMask-SampleMask-04359), so spirv-val rejects
//! every module that reads or writes the sample mask. This pass, run on the words naga
//! wrote, makes each such variable a `uint[1]` and sends every load and store through an
//! `OpAccessChain` to element 0.

const OP_TYPE_ARRAY: u32 = 28;
const OP_TYPE_POINTER: u32 = 32;
const OP_CONSTANT: u32 = 43;
const OP_VARIABLE: u32 = 59;
const OP_LOAD: u32 = 61;
const OP_STORE: u32 = 62;
const OP_ACCESS_CHAIN: u32 = 65;
const OP_DECORATE: u32 = 71;
const DECORATION_BUILT_IN: u32 = 11;
const BUILT_IN_SAMPLE_MASK: u32 = 20;
const HEADER: usize = 5;

fn instruction(opcode: u32, operands: &[u32]) -> Vec<u32> {
    let mut out = vec![((operands.len() as u32 + 1) << 16) | opcode];
    out.extend_from_slice(operands);
    out
}

/// Rewrite the sample mask variables of `words` (a no-op for modules without one).
pub fn fix(words: &mut Vec<u32>) {
    if words.len() < HEADER {
        return;
    }
    let ranges: Vec<_> = super::capabilities::instructions(words).collect();
    let op = |r: &std::ops::Range<usize>| words[r.start] & 0xffff;
    let masks: Vec<u32> = ranges
        .iter()
        .filter(|r| {
            op(r) == OP_DECORATE
                && r.len() == 4
                && words[r.start + 2] == DECORATION_BUILT_IN
                && words[r.start + 3] == BUILT_IN_SAMPLE_MASK
        })
        .map(|r| words[r.start + 1])
        .collect();
    if masks.is_empty() {
        return;
    }
    let mut bound = words[3];
    let mut fresh = || {
        bound += 1;
        bound - 1
    };
    // Per variable: its scalar pointer type, the new array pointer type, the constant 0.
    struct Mask {
        var: u32,
        scalar_ptr: u32,
        zero: u32,
    }
    let mut fixed: Vec<Mask> = Vec::new();
    let mut out: Vec<u32> = words[..HEADER].to_vec();
    for r in &ranges {
        let w = &words[r.clone()];
        match op(r) {
            OP_VARIABLE if masks.contains(&w[2]) => {
                let (ptr, var, class) = (w[1], w[2], w[3]);
                let Some(uint) = ranges.iter().find_map(|p| {
                    (op(p) == OP_TYPE_POINTER && words[p.start + 1] == ptr)
                        .then(|| words[p.start + 3])
                }) else {
                    out.extend_from_slice(w);
                    continue;
                };
                let (zero, one, array, array_ptr) = (fresh(), fresh(), fresh(), fresh());
                out.extend(instruction(OP_CONSTANT, &[uint, zero, 0]));
                out.extend(instruction(OP_CONSTANT, &[uint, one, 1]));
                out.extend(instruction(OP_TYPE_ARRAY, &[array, uint, one]));
                out.extend(instruction(OP_TYPE_POINTER, &[array_ptr, class, array]));
                let mut variable = w.to_vec();
                variable[1] = array_ptr;
                out.extend(variable);
                fixed.push(Mask {
                    var,
                    scalar_ptr: ptr,
                    zero,
                });
            }
            OP_LOAD if fixed.iter().any(|m| m.var == w[3]) => {
                let m = fixed.iter().find(|m| m.var == w[3]).expect("found");
                let element = fresh();
                out.extend(instruction(
                    OP_ACCESS_CHAIN,
                    &[m.scalar_ptr, element, m.var, m.zero],
                ));
                let mut load = w.to_vec();
                load[3] = element;
                out.extend(load);
            }
            OP_STORE if fixed.iter().any(|m| m.var == w[1]) => {
                let m = fixed.iter().find(|m| m.var == w[1]).expect("found");
                let element = fresh();
                out.extend(instruction(
                    OP_ACCESS_CHAIN,
                    &[m.scalar_ptr, element, m.var, m.zero],
                ));
                let mut store = w.to_vec();
                store[1] = element;
                out.extend(store);
            }
            _ => out.extend_from_slice(w),
        }
    }
    out[3] = bound;
    *words = out;
}
