//! Small helpers over naga's IR that the front end and the back end both use. A leaf: it
//! imports nothing of prism's.

/// Every function of `module`, the entry points' included.
pub fn all_functions(module: &naga::Module) -> impl Iterator<Item = &naga::Function> {
    module
        .functions
        .iter()
        .map(|(_, f)| f)
        .chain(module.entry_points.iter().map(|e| &e.function))
}
