//! The IR analyses rules share, each computed once per shader on first use and kept on the
//! rule context ([`Context`](crate::lint::Context)) or on a function's [`FunctionView`].
//!
//! In: the naga module and its validation info. Out: facts about functions and values, for
//! rules to phrase. Nothing here knows about rules, findings or the user's text; everything
//! is conservative (a "not proven" answer never becomes a finding that could be wrong).
//!
//! Per module, on the context:
//! - [`calls`]: the call graph, call sites, reachability from the entry points, functions
//!   without side effects, the globals each function writes.
//! - [`uniformity`]: non-uniform control flow and per-pixel values in fragment shaders.
//!
//! Per function, on its [`FunctionView`]:
//! - [`placement`]: the loops, branches and switches around each statement and expression.
//! - [`locals`]: what each local variable holds (the values naga's readers pass through
//!   locals), what a pointer points into.
//! - [`flow`]: where each variable is written, for [`same_value`].
//! - [`loops`]: loop statements by id, constant-trip counted loops.
//!
//! On demand (no state to keep): [`values`] (literals, "never negative", operand trees),
//! [`same_value`], [`conditions`] (comparisons and conjunctions), [`loop_writes`] (what each
//! loop writes, for LOOP001).
//!
//! A function is named by a [`FnId`] everywhere.

pub mod calls;
pub mod conditions;
pub mod flow;
pub mod fn_id;
pub mod locals;
pub mod loop_writes;
pub mod loops;
pub mod placement;
pub mod same_value;
pub mod uniformity;
pub mod values;
pub mod view;

pub use fn_id::FnId;
pub use view::FunctionView;
