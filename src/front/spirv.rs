//! SPIR-V binaries: checked by spirv-val, then read by naga. There is no text, so no span
//! means anything ([`SpanMap::None`](crate::front::SpanMap::None)).

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;

/// Parse SPIR-V binary. spirv-val checks it first: naga's reader assumes a valid module and
/// panics on some invalid ones (an id past the bound, an id of 0: found by fuzzing), and its
/// messages for the others are vaguer than the validator's.
pub fn parse_spirv(bytes: &[u8], file: FileId) -> Result<naga::Module, Vec<Diagnostic>> {
    let invalid = |message: String| {
        vec![Diagnostic::error()
            .with_code("E-PARSE")
            .with_message(format!("SPIR-V: {message}"))
            .with_labels(vec![Label::primary(file, 0..0)])]
    };
    if !bytes.len().is_multiple_of(4) || bytes.len() < 20 {
        return Err(invalid(format!(
            "{} bytes is not a SPIR-V module (a 20-byte header, then 4-byte words)",
            bytes.len()
        )));
    }
    let little: Vec<u32> = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let words: Vec<u32> = if little[0] == 0x0723_0203 {
        little
    } else if little[0].swap_bytes() == 0x0723_0203 {
        little.into_iter().map(u32::swap_bytes).collect()
    } else {
        return Err(invalid(format!(
            "no SPIR-V magic number (0x07230203) at the start; found {:#010x}",
            little[0]
        )));
    };
    crate::back::spirv::validate(&words)
        .map_err(|message| invalid(format!("invalid module (spirv-val): {message}")))?;
    let options = naga::front::spv::Options {
        adjust_coordinate_space: false,
        strict_capabilities: false,
        block_ctx_dump_prefix: None,
    };
    // naga reads little-endian words: hand it the words, swapped if the file was not.
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    naga::front::spv::parse_u8_slice(&bytes, &options).map_err(|err| {
        vec![Diagnostic::error()
            .with_code("E-PARSE")
            .with_message(format!("SPIR-V: {}", crate::back::error_chain(&err)))
            .with_labels(vec![Label::primary(file, 0..0)])]
    })
}
