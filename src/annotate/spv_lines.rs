//! Reading a SPIR-V module back: which instructions each function body holds, under which
//! `OpLine`, and what kind of work each one is.
//!
//! The parse is the binary format's own framing (word count and opcode in each first word);
//! opcodes are named through the `spirv` crate.
//!
//! The SPIR-V specification ends an `OpLine`'s scope at the end of its block. prism carries it
//! on into the following blocks until the next `OpLine`, `OpNoLine` or function: a
//! read-zero-skip-write bounds check opens blocks in the middle of an expression (compare,
//! branch, load, phi), and the load and phi belong to that expression. Since naga writes an
//! `OpLine` before every expression and statement (see `sites`), nothing else is carried far.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use spirv::Op;

/// What an instruction does, for the per-line category columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Arithmetic, logic, comparisons, selects, math library calls.
    Alu,
    /// Type conversions, including the clamp a saturating float→int conversion adds.
    Conversion,
    /// Loads, stores, access chains, image and atomic operations, barriers.
    Memory,
    /// Branches, phis, calls, returns, discards.
    Control,
    /// Instructions a bounds-check policy added (found by comparing with an unchecked build).
    BoundsCheck,
    /// Composite construction / extraction, shuffles, copies: data movement.
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Alu,
        Category::Conversion,
        Category::Memory,
        Category::Control,
        Category::BoundsCheck,
        Category::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Alu => "alu",
            Category::Conversion => "conversion",
            Category::Memory => "memory",
            Category::Control => "control",
            Category::BoundsCheck => "bounds-check",
            Category::Other => "other",
        }
    }
}

/// An opcode, with the GLSL.std.450 instruction for `OpExtInst`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Opcode {
    pub op: u16,
    pub ext: Option<u32>,
}

impl Opcode {
    pub fn name(self) -> String {
        match (Op::from_u32(self.op as u32), self.ext) {
            (Some(Op::ExtInst), Some(ext)) => match spirv::GlslStd450Op::from_u32(ext) {
                Some(gl) => format!("{gl:?}"),
                None => format!("ExtInst{ext}"),
            },
            (Some(op), _) => format!("Op{op:?}"),
            (None, _) => format!("Op#{}", self.op),
        }
    }

    pub fn is(self, op: Op) -> bool {
        self.op as u32 == op as u32
    }

    pub fn is_gl(self, gl: spirv::GlslStd450Op) -> bool {
        self.is(Op::ExtInst) && self.ext == Some(gl as u32)
    }

    pub fn category(self) -> Category {
        let Some(op) = Op::from_u32(self.op as u32) else {
            return Category::Other;
        };
        use Op::*;
        match op {
            ConvertFToU | ConvertFToS | ConvertSToF | ConvertUToF | UConvert | SConvert
            | FConvert | Bitcast | QuantizeToF16 | ConvertPtrToU | ConvertUToPtr => {
                Category::Conversion
            }
            Load
            | Store
            | CopyMemory
            | CopyMemorySized
            | AccessChain
            | InBoundsAccessChain
            | PtrAccessChain
            | InBoundsPtrAccessChain
            | ArrayLength
            | SampledImage
            | Image
            | ImageSampleImplicitLod
            | ImageSampleExplicitLod
            | ImageSampleDrefImplicitLod
            | ImageSampleDrefExplicitLod
            | ImageSampleProjImplicitLod
            | ImageSampleProjExplicitLod
            | ImageSampleProjDrefImplicitLod
            | ImageSampleProjDrefExplicitLod
            | ImageFetch
            | ImageGather
            | ImageDrefGather
            | ImageRead
            | ImageWrite
            | ImageQueryFormat
            | ImageQueryOrder
            | ImageQuerySizeLod
            | ImageQuerySize
            | ImageQueryLod
            | ImageQueryLevels
            | ImageQuerySamples
            | AtomicLoad
            | AtomicStore
            | AtomicExchange
            | AtomicCompareExchange
            | AtomicCompareExchangeWeak
            | AtomicIIncrement
            | AtomicIDecrement
            | AtomicIAdd
            | AtomicISub
            | AtomicSMin
            | AtomicUMin
            | AtomicSMax
            | AtomicUMax
            | AtomicAnd
            | AtomicOr
            | AtomicXor
            | AtomicFAddEXT
            | AtomicFMinEXT
            | AtomicFMaxEXT
            | ControlBarrier
            | MemoryBarrier => Category::Memory,
            Branch
            | BranchConditional
            | Switch
            | Return
            | ReturnValue
            | Kill
            | TerminateInvocation
            | Unreachable
            | Phi
            | FunctionCall
            | DemoteToHelperInvocation => Category::Control,
            CompositeConstruct | CompositeExtract | CompositeInsert | VectorShuffle
            | CopyObject | CopyLogical | VectorExtractDynamic | VectorInsertDynamic | Undef => {
                Category::Other
            }
            _ => Category::Alu,
        }
    }
}

/// Instructions that are not work: structure, declarations, debug information.
fn is_counted(op: Option<Op>) -> bool {
    !matches!(
        op,
        Some(
            Op::Function
                | Op::FunctionParameter
                | Op::FunctionEnd
                | Op::Label
                | Op::Line
                | Op::NoLine
                | Op::SelectionMerge
                | Op::LoopMerge
                | Op::Variable
                | Op::Nop
        )
    )
}

/// One counted instruction.
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    /// The `OpFunction` result id it belongs to.
    pub function: u32,
    /// The column of the `OpLine` in force (a site index + 2), if any.
    pub column: Option<u32>,
    pub opcode: Opcode,
}

/// A function of the module, by its id.
#[derive(Clone, Debug, Default)]
pub struct FunctionInfo {
    pub name: Option<String>,
    /// Whether any instruction of the body sits under an `OpLine`: naga's own helper
    /// functions (safe integer division and the like) have none.
    pub has_lines: bool,
    pub is_entry_point: bool,
    /// Functions it calls, by id, once per call site.
    pub calls: Vec<u32>,
    /// Counted instructions in its body.
    pub instructions: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub instructions: Vec<Counted>,
    /// In the order the module defines them.
    pub functions: Vec<(u32, FunctionInfo)>,
}

impl Listing {
    pub fn function(&self, id: u32) -> Option<&FunctionInfo> {
        self.functions
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, f)| f)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("malformed SPIR-V at word {at}: {what}")]
pub struct ParseError {
    pub at: usize,
    pub what: &'static str,
}

/// List every counted instruction of every function body.
pub fn read(words: &[u32]) -> Result<Listing, ParseError> {
    if words.len() < 5 || words[0] != 0x0723_0203 {
        return Err(ParseError {
            at: 0,
            what: "not a SPIR-V module (bad magic number or too short)",
        });
    }
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut entry_ids = Vec::new();
    let mut glsl_set = None;
    let mut listing = Listing::default();
    let mut current: Option<(u32, FunctionInfo)> = None;
    let mut column = None;
    let mut at = 5;
    while at < words.len() {
        let first = words[at];
        let count = (first >> 16) as usize;
        let opcode = (first & 0xffff) as u16;
        if count == 0 || at + count > words.len() {
            return Err(ParseError {
                at,
                what: "instruction runs past the end",
            });
        }
        let inst = &words[at..at + count];
        let op = Op::from_u32(opcode as u32);
        match op {
            Some(Op::Name) if count >= 3 => {
                names.insert(inst[1], decode_string(&inst[2..]));
            }
            Some(Op::EntryPoint) if count >= 4 => {
                entry_ids.push(inst[2]);
                names.insert(inst[2], decode_string(&inst[3..]));
            }
            Some(Op::ExtInstImport)
                if count >= 3 && decode_string(&inst[2..]) == "GLSL.std.450" =>
            {
                glsl_set = Some(inst[1]);
            }
            Some(Op::Function) if count >= 3 => {
                current = Some((inst[2], FunctionInfo::default()));
                column = None;
            }
            Some(Op::FunctionEnd) => {
                if let Some(done) = current.take() {
                    listing.functions.push(done);
                }
            }
            Some(Op::Line) if count >= 4 => column = Some(inst[3]),
            Some(Op::NoLine) => column = None,
            _ => {}
        }
        if let Some((function, info)) = current.as_mut() {
            if is_counted(op) {
                let ext = match op {
                    Some(Op::ExtInst) if count >= 5 && Some(inst[3]) == glsl_set => Some(inst[4]),
                    Some(Op::ExtInst) => Some(u32::MAX),
                    _ => None,
                };
                if op == Some(Op::FunctionCall) && count >= 4 {
                    info.calls.push(inst[3]);
                }
                info.has_lines |= column.is_some();
                info.instructions += 1;
                listing.instructions.push(Counted {
                    function: *function,
                    column,
                    opcode: Opcode { op: opcode, ext },
                });
            }
        }
        at += count;
    }
    for (id, info) in &mut listing.functions {
        info.name = names.get(id).cloned();
        info.is_entry_point = entry_ids.contains(id);
    }
    Ok(listing)
}

fn decode_string(words: &[u32]) -> String {
    let bytes: Vec<u8> = words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take_while(|b| *b != 0)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `spirv-opt -O` (SPIRV-Tools' performance recipe), keeping `OpLine`s.
pub fn optimize(words: &[u32]) -> Result<Vec<u32>, String> {
    use spirv_tools::opt::Optimizer;
    let mut optimizer = spirv_tools::opt::create(None);
    optimizer.register_performance_passes();
    let mut messages = Vec::new();
    let result = optimizer.optimize(
        words,
        &mut |message: spirv_tools::error::Message| messages.push(message.message),
        None,
    );
    match result {
        Ok(binary) => Ok(binary.as_words().to_vec()),
        Err(err) => Err(if messages.is_empty() {
            err.to_string()
        } else {
            format!("{err}: {}", messages.join("; "))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spirv_tools::assembler::Assembler;

    fn assemble(text: &str) -> Vec<u32> {
        spirv_tools::assembler::create(None)
            .assemble(text, Default::default())
            .expect("valid assembly")
            .as_words()
            .to_vec()
    }

    /// Two functions: `main` with lines (one carried into the next block, one ended by
    /// `OpNoLine`) and a helper without any.
    const MODULE: &str = r#"
               OpCapability Shader
          %1 = OpExtInstImport "GLSL.std.450"
               OpMemoryModel Logical GLSL450
               OpEntryPoint GLCompute %main "main"
               OpExecutionMode %main LocalSize 1 1 1
               OpName %helper "naga_div"
       %file = OpString "sites"
       %void = OpTypeVoid
      %float = OpTypeFloat 32
       %fptr = OpTypePointer Function %float
       %bool = OpTypeBool
         %fn = OpTypeFunction %void
      %float_fn = OpTypeFunction %float
        %one = OpConstant %float 1
       %true = OpConstantTrue %bool
     %helper = OpFunction %float None %float_fn
         %h0 = OpLabel
         %h1 = OpFAdd %float %one %one
               OpReturnValue %h1
               OpFunctionEnd
       %main = OpFunction %void None %fn
         %m0 = OpLabel
          %v = OpVariable %fptr Function
               OpLine %file 1 7
         %m1 = OpFunctionCall %float %helper
         %m2 = OpExtInst %float %1 FClamp %m1 %one %one
               OpSelectionMerge %m4 None
               OpBranchConditional %true %m3 %m4
         %m3 = OpLabel
               OpStore %v %m2
               OpBranch %m4
         %m4 = OpLabel
               OpLine %file 1 9
         %m5 = OpFMul %float %m2 %m2
               OpNoLine
               OpStore %v %m5
               OpReturn
               OpFunctionEnd
    "#;

    #[test]
    fn lines_carry_across_blocks_until_the_next_line() {
        let listing = read(&assemble(MODULE)).unwrap();
        let main = listing
            .functions
            .iter()
            .find(|(_, f)| f.is_entry_point)
            .map(|(id, _)| *id)
            .unwrap();
        let in_main: Vec<(String, Option<u32>)> = listing
            .instructions
            .iter()
            .filter(|i| i.function == main)
            .map(|i| (i.opcode.name(), i.column))
            .collect();
        let expected = [
            ("OpFunctionCall", Some(7)),
            ("FClamp", Some(7)),
            ("OpBranchConditional", Some(7)),
            // Carried into the next block: a read-zero-skip-write check's store is here.
            ("OpStore", Some(7)),
            ("OpBranch", Some(7)),
            ("OpFMul", Some(9)),
            ("OpStore", None),
            ("OpReturn", None),
        ];
        let expected: Vec<(String, Option<u32>)> =
            expected.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        // Labels, merges and variables are structure, not work.
        assert_eq!(in_main, expected);
    }

    #[test]
    fn helper_functions_have_no_lines_and_keep_their_names() {
        let listing = read(&assemble(MODULE)).unwrap();
        let (id, helper) = &listing.functions[0];
        assert_eq!(helper.name.as_deref(), Some("naga_div"));
        assert!(!helper.has_lines && !helper.is_entry_point);
        let main = &listing.functions[1].1;
        assert_eq!(main.name.as_deref(), Some("main"));
        assert!(main.has_lines && main.is_entry_point);
        assert_eq!(main.calls, vec![*id]);
    }

    #[test]
    fn categories_follow_the_opcode() {
        let op = |op: Op| Opcode {
            op: op as u16,
            ext: None,
        };
        assert_eq!(op(Op::ConvertFToS).category(), Category::Conversion);
        assert_eq!(op(Op::AccessChain).category(), Category::Memory);
        assert_eq!(op(Op::Phi).category(), Category::Control);
        assert_eq!(op(Op::CompositeExtract).category(), Category::Other);
        assert_eq!(op(Op::FMul).category(), Category::Alu);
        let umin = Opcode {
            op: Op::ExtInst as u16,
            ext: Some(spirv::GlslStd450Op::UMin as u32),
        };
        assert_eq!(umin.name(), "UMin");
        assert_eq!(umin.category(), Category::Alu);
    }

    #[test]
    fn truncated_modules_are_errors_not_panics() {
        let words = assemble(MODULE);
        // Every prefix reads or fails cleanly; those that cut an instruction fail.
        let errors = (0..words.len())
            .filter(|&cut| read(&words[..cut]).is_err())
            .count();
        assert!(errors > words.len() / 2, "{errors} of {}", words.len());
        assert!(read(&[0xdead_beef; 8]).is_err());
    }
}
