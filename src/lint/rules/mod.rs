//! One file per rule, named for the pattern. Codes and order live in `../codes.rs`.

pub mod ari_util;
pub mod dead_util;
pub mod derivative_in_non_uniform_control_flow;
pub mod dynamically_written_local_array;
pub mod float_to_int_index;
pub mod floor_before_int_conversion;
pub mod idx_util;
pub mod integer_division_by_variable;
pub mod length_comparison;
pub mod loop_invariant_work;
pub mod pow_small_integer_exponent;
pub mod read_zero_skip_write_in_loop;
pub mod rechecked_index;
pub mod row_offset_indices;
pub mod runtime_array_length_check;
pub mod signed_power_of_two_division;
pub mod signed_range_test;
pub mod unused_function;
pub mod unused_global;
pub mod unused_result;
