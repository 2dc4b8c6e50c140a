//! `switch` cases that fall through into the next one (a GLSL `case` without `break`), for
//! the WGSL writer, which refuses them (WGSL has no fall-through). The next case's body is
//! copied to the end of the falling case, which then stops falling through; cases with empty
//! bodies stay (the writer merges their selectors: `case 1, 2:`). A `break` in the copy
//! still leaves the switch, as it did.

use naga::{Module, Statement, SwitchCase};

use super::build::for_each_block;

/// Rewrite every fall-through case with a body; returns how many.
pub fn remove_fallthrough(module: &mut Module) -> usize {
    let mut changed = 0;
    let plain = module.functions.iter_mut().map(|(_, f)| f);
    let entries = module.entry_points.iter_mut().map(|ep| &mut ep.function);
    for function in plain.chain(entries) {
        for_each_block(&mut function.body, &mut |block| {
            for statement in block.iter_mut() {
                if let Statement::Switch { cases, .. } = statement {
                    changed += fix_cases(cases);
                }
            }
        });
    }
    changed
}

fn fix_cases(cases: &mut [SwitchCase]) -> usize {
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
                Statement::Break
                    | Statement::Continue
                    | Statement::Return { .. }
                    | Statement::Kill
            )
        );
        if !ends {
            let tail = cases[target].body.clone();
            cases[i].body.extend_block(tail);
        }
        cases[i].fall_through = false;
        changed += 1;
    }
    changed
}
