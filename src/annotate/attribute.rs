//! SPIR-V instructions per site: a module as compiled, the same without bounds checks and
//! without the forced loop bound; per site and opcode, what each build has beyond the next
//! is the checks' and the bound's. In: the three listings; out: a [`SiteCost`] per site.

use std::collections::{BTreeMap, HashMap};

use spirv::GlslStd450Op as GLOp;

use super::report::{Counts, Inserted, InsertedKind};
use super::sites;
use super::spv_lines::{self, Category};

/// Everything attributed to one site (or to none), for one SPIR-V module.
#[derive(Default)]
pub(super) struct SiteOps {
    ops: HashMap<Option<u32>, BTreeMap<spv_lines::Opcode, u32>>,
}

impl SiteOps {
    fn from_listing(listing: &spv_lines::Listing) -> Self {
        let mut ops: HashMap<Option<u32>, BTreeMap<spv_lines::Opcode, u32>> = HashMap::new();
        for inst in &listing.instructions {
            *ops.entry(inst.column)
                .or_default()
                .entry(inst.opcode)
                .or_default() += 1;
        }
        SiteOps { ops }
    }
}

/// What one site (or no site) holds in one SPIR-V module.
pub(super) struct SiteCost {
    pub column: Option<u32>,
    pub counts: Counts,
    pub inserted: Vec<Inserted>,
    /// Instructions by opcode name.
    pub ops: BTreeMap<String, u32>,
}

/// One module as compiled, and the same without checks and without the forced loop bound.
pub(super) struct Builds {
    pub listing: spv_lines::Listing,
    pub no_checks: Option<spv_lines::Listing>,
    pub no_loops: Option<spv_lines::Listing>,
}

/// Per site: the counts by category, the opcodes and the inserted code, for one SPIR-V module.
pub(super) fn attribute(tagged: &sites::Tagged, builds: &Builds, target: &str) -> Vec<SiteCost> {
    let checked = SiteOps::from_listing(&builds.listing);
    let no_checks = builds.no_checks.as_ref().map(SiteOps::from_listing);
    let no_loops = builds.no_loops.as_ref().map(SiteOps::from_listing);
    let count_in = |ops: &Option<SiteOps>, column: Option<u32>, opcode, default: u32| match ops {
        Some(ops) => ops
            .ops
            .get(&column)
            .and_then(|m| m.get(&opcode))
            .copied()
            .unwrap_or(0),
        None => default,
    };
    let mut out = Vec::new();
    let mut columns: Vec<_> = checked.ops.keys().copied().collect();
    columns.sort();
    for column in columns {
        let ops = &checked.ops[&column];
        let site = column.and_then(|c| tagged.site_of_column(c));
        let float_to_int = site.is_some_and(|s| is_float_to_int(&tagged.module, s));
        let mut counts = Counts::default();
        let mut inserted = Vec::new();
        let mut check_ops: Vec<(spv_lines::Opcode, u32)> = Vec::new();
        let mut loop_ops: Vec<(spv_lines::Opcode, u32)> = Vec::new();
        for (&opcode, &n) in ops {
            let without_checks = count_in(&no_checks, column, opcode, n).min(n);
            let without_loops = count_in(&no_loops, column, opcode, without_checks);
            let check = n - without_checks;
            let bound = without_checks.saturating_sub(without_loops);
            if check > 0 {
                check_ops.push((opcode, check));
                counts.add(Category::BoundsCheck, check);
            }
            if bound > 0 {
                loop_ops.push((opcode, bound));
                counts.add(Category::Control, bound);
            }
            let normal = n - check - bound;
            if normal == 0 {
                continue;
            }
            if float_to_int && opcode.is_gl(GLOp::FClamp) {
                counts.add(Category::Conversion, normal);
                inserted.push(Inserted {
                    target: target.to_string(),
                    kind: InsertedKind::SaturatingConversion,
                    what: "FClamp before float→int conversion".to_string(),
                    count: normal,
                });
            } else {
                counts.add(opcode.category(), normal);
            }
        }
        let total = |ops: &[(spv_lines::Opcode, u32)]| ops.iter().map(|(_, n)| n).sum();
        if !check_ops.is_empty() {
            inserted.push(Inserted {
                target: target.to_string(),
                kind: InsertedKind::BoundsCheck,
                what: describe_check(&check_ops),
                count: total(&check_ops),
            });
        }
        if !loop_ops.is_empty() {
            inserted.push(Inserted {
                target: target.to_string(),
                kind: InsertedKind::LoopBound,
                what: format!(
                    "forced loop bound: a counter that ends any loop ({})",
                    op_list(&loop_ops)
                ),
                count: total(&loop_ops),
            });
        }
        let mut names = BTreeMap::new();
        for (op, n) in ops {
            *names.entry(op.name()).or_default() += n;
        }
        out.push(SiteCost {
            column,
            counts,
            inserted,
            ops: names,
        });
    }
    out
}

/// `OpLoad×2, UMin` for a list of opcodes.
fn op_list(ops: &[(spv_lines::Opcode, u32)]) -> String {
    ops.iter()
        .map(|(op, n)| {
            if *n > 1 {
                format!("{}×{n}", op.name())
            } else {
                op.name()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Opcodes a bounds check itself writes (the rest of a site's excess, in an optimized
/// module, is work the optimizer could no longer remove because of the check).
fn is_check_opcode(op: spv_lines::Opcode) -> bool {
    use spirv::Op;
    [
        Op::BranchConditional,
        Op::Branch,
        Op::Phi,
        Op::ArrayLength,
        Op::ISub,
        Op::ULessThan,
        Op::ULessThanEqual,
        Op::UGreaterThan,
        Op::SLessThan,
        Op::Select,
        Op::LogicalAnd,
    ]
    .iter()
    .any(|o| op.is(*o))
        || op.is_gl(GLOp::UMin)
}

/// A bounds check by the instructions it added.
fn describe_check(ops: &[(spv_lines::Opcode, u32)]) -> String {
    let has = |f: &dyn Fn(spv_lines::Opcode) -> bool| ops.iter().any(|(op, _)| f(*op));
    let branchy = has(&|op| op.is(spirv::Op::BranchConditional) || op.is(spirv::Op::Phi));
    let clamp = has(&|op| op.is_gl(GLOp::UMin));
    let length = has(&|op| op.is(spirv::Op::ArrayLength));
    let mut text = match (clamp, branchy) {
        (true, false) => "Restrict: UMin(i, N-1)".to_string(),
        (false, true) => "ReadZeroSkipWrite: compare + branch".to_string(),
        (true, true) => "Restrict and ReadZeroSkipWrite".to_string(),
        (false, false) => "bounds check".to_string(),
    };
    if length {
        text.push_str(" with OpArrayLength");
    }
    let (check, lost): (Vec<_>, Vec<_>) = ops
        .iter()
        .copied()
        .partition(|(op, _)| is_check_opcode(*op));
    if !check.is_empty() {
        text.push_str(&format!(" ({})", op_list(&check)));
    }
    if !lost.is_empty() {
        text.push_str(&format!(
            "; plus work the optimizer no longer removes because of the check ({})",
            op_list(&lost)
        ));
    }
    text
}

fn is_float_to_int(module: &naga::Module, site: &sites::Site) -> bool {
    let sites::SiteKind::Expression(handle) = site.kind else {
        return false;
    };
    let function = match site.function {
        sites::FunctionRef::Function(f) => &module.functions[f],
        sites::FunctionRef::EntryPoint(i) => &module.entry_points[i].function,
    };
    matches!(
        function.expressions[handle],
        naga::Expression::As {
            kind: naga::ScalarKind::Sint | naga::ScalarKind::Uint,
            convert: Some(_),
            ..
        }
    )
}
