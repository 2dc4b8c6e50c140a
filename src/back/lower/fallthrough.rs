//! `switch` cases that fall through into the next one (a GLSL `case` without `break`), for
//! the WGSL writer, which refuses them (WGSL has no fall-through). The next case's body is
//! copied to the end of the falling case, which then stops falling through; cases with empty
//! bodies stay (the writer merges their selectors: `case 1, 2:`). A `break` in the copy
//! still leaves the switch, as it did. The copy gets fresh expression handles
//! ([`super::copy`]); a body the copier does not know is left alone (the writer's error
//! stands).
//!
//! naga's SPIR-V writer gets this too: a non-empty case falling into an empty one that falls
//! through again produces a back-edge spirv-val rejects.

use naga::{Block, Function, Module, Statement, SwitchCase};

use super::copy::copy_block;

/// Rewrite every fall-through case with a body; returns how many.
pub fn remove_fallthrough(module: &mut Module) -> usize {
    let mut changed = 0;
    let plain = module.functions.iter_mut().map(|(_, f)| f);
    let entries = module.entry_points.iter_mut().map(|ep| &mut ep.function);
    for function in plain.chain(entries) {
        let mut body = std::mem::take(&mut function.body);
        changed += fix_block(function, &mut body);
        function.body = body;
    }
    changed
}

/// Fix the switches of `block` and of every block inside it, innermost first.
fn fix_block(function: &mut Function, block: &mut Block) -> usize {
    let mut changed = 0;
    for statement in block.iter_mut() {
        match statement {
            Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    changed += fix_block(function, &mut case.body);
                }
                changed += fix_cases(function, cases);
            }
            Statement::Block(inner) => changed += fix_block(function, inner),
            Statement::If { accept, reject, .. } => {
                changed += fix_block(function, accept) + fix_block(function, reject);
            }
            Statement::Loop {
                body, continuing, ..
            } => changed += fix_block(function, body) + fix_block(function, continuing),
            _ => {}
        }
    }
    changed
}

fn fix_cases(function: &mut Function, cases: &mut [SwitchCase]) -> usize {
    let mut changed = 0;
    for i in (0..cases.len()).rev() {
        if !cases[i].fall_through || cases[i].body.is_empty() {
            continue;
        }
        // Later cases are already fixed: the first one that does not fall through is where
        // control ends up (the ones in between are empty).
        let Some(target) = (i + 1..cases.len()).find(|&j| !cases[j].fall_through) else {
            continue;
        };
        let ends = matches!(
            cases[i].body.last(),
            Some(
                Statement::Break | Statement::Continue | Statement::Return { .. } | Statement::Kill
            )
        );
        if !ends {
            let Some(tail) = copy_block(function, &cases[target].body) else {
                continue;
            };
            cases[i].body.extend_block(tail);
        }
        cases[i].fall_through = false;
        changed += 1;
    }
    changed
}
