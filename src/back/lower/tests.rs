//! The helpers compute what they claim: a small evaluator for the expressions they are made
//! of runs them on sample values (`inverse(m) * m == I`, outer products, NaN / infinity bit
//! tests), after the lowered module passed naga's validator.

use naga::{BinaryOperator, Expression, Function, Handle, Literal, Statement, UnaryOperator};

use super::{lower, Plan};

#[derive(Clone, Debug, PartialEq)]
enum V {
    F(f64),
    U(u32),
    B(bool),
    /// A vector, or a matrix as its columns.
    L(Vec<V>),
}

impl V {
    fn f(&self) -> f64 {
        match self {
            V::F(x) => *x,
            other => panic!("not a float: {other:?}"),
        }
    }
}

fn zip(a: &V, b: &V, op: &dyn Fn(&V, &V) -> V) -> V {
    match (a, b) {
        (V::L(x), V::L(y)) => V::L(x.iter().zip(y).map(|(p, q)| zip(p, q, op)).collect()),
        (V::L(x), s) => V::L(x.iter().map(|p| zip(p, s, op)).collect()),
        (s, V::L(y)) => V::L(y.iter().map(|q| zip(s, q, op)).collect()),
        (p, q) => op(p, q),
    }
}

fn eval(f: &Function, args: &[V], h: Handle<Expression>) -> V {
    let e = |h| eval(f, args, h);
    match &f.expressions[h] {
        Expression::FunctionArgument(i) => args[*i as usize].clone(),
        Expression::Literal(Literal::F32(x)) => V::F(*x as f64),
        Expression::Literal(Literal::F64(x)) => V::F(*x),
        Expression::Literal(Literal::U32(x)) => V::U(*x),
        Expression::AccessIndex { base, index } => match e(*base) {
            V::L(items) => items[*index as usize].clone(),
            other => panic!("index into {other:?}"),
        },
        Expression::Compose { components, .. } => V::L(components.iter().map(|&c| e(c)).collect()),
        Expression::Splat { size, value } => V::L(vec![e(*value); *size as usize]),
        Expression::Unary {
            op: UnaryOperator::Negate,
            expr,
        } => zip(&e(*expr), &V::F(0.0), &|a, _| V::F(-a.f())),
        Expression::As { expr, .. } => {
            zip(&e(*expr), &V::U(0), &|a, _| V::U((a.f() as f32).to_bits()))
        }
        Expression::Binary { op, left, right } => {
            let op = *op;
            zip(&e(*left), &e(*right), &move |a, b| match (op, a, b) {
                (BinaryOperator::Add, V::F(x), V::F(y)) => V::F(x + y),
                (BinaryOperator::Subtract, V::F(x), V::F(y)) => V::F(x - y),
                (BinaryOperator::Multiply, V::F(x), V::F(y)) => V::F(x * y),
                (BinaryOperator::Divide, V::F(x), V::F(y)) => V::F(x / y),
                (BinaryOperator::And, V::U(x), V::U(y)) => V::U(x & y),
                (BinaryOperator::Greater, V::U(x), V::U(y)) => V::B(x > y),
                (BinaryOperator::Equal, V::U(x), V::U(y)) => V::B(x == y),
                other => panic!("no rule for {other:?}"),
            })
        }
        other => panic!("the evaluator does not know {other:?}"),
    }
}

fn run(f: &Function, args: &[V]) -> V {
    let ret = f
        .body
        .iter()
        .find_map(|s| match s {
            Statement::Return { value: Some(v) } => Some(*v),
            _ => None,
        })
        .expect("helper returns");
    eval(f, args, ret)
}

/// The lowered module of a GLSL 450 shader, for `plan`.
fn lowered(source: &str, stage: naga::ShaderStage, plan: Plan) -> naga::Module {
    let module = naga::front::glsl::Frontend::default()
        .parse(&naga::front::glsl::Options::from(stage), source)
        .expect("parses");
    let info = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&module)
    .expect("valid");
    lower(&module, &info, plan)
        .expect("lowering validates")
        .expect("something was lowered")
        .module
}

fn helper<'m>(module: &'m naga::Module, name: &str) -> &'m Function {
    module
        .functions
        .iter()
        .map(|(_, f)| f)
        .find(|f| f.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no helper {name}"))
}

fn matrix(n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut state = seed;
    (0..n)
        .map(|c| {
            (0..n)
                .map(|r| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let noise = ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5;
                    noise + if c == r { 2.0 } else { 0.0 }
                })
                .collect()
        })
        .collect()
}

fn to_v(m: &[Vec<f64>]) -> V {
    V::L(
        m.iter()
            .map(|col| V::L(col.iter().map(|&x| V::F(x)).collect()))
            .collect(),
    )
}

fn from_v(v: &V) -> Vec<Vec<f64>> {
    match v {
        V::L(cols) => cols
            .iter()
            .map(|c| match c {
                V::L(xs) => xs.iter().map(V::f).collect(),
                other => panic!("not a column: {other:?}"),
            })
            .collect(),
        other => panic!("not a matrix: {other:?}"),
    }
}

#[test]
fn inverse_times_matrix_is_identity() {
    let source = "#version 450\nlayout(location=0) out vec4 o;\n\
        layout(set=0, binding=0) uniform U { mat4 m4; mat3 m3; vec4 v2; };\n\
        void main() { mat2 m2 = mat2(v2.xy, v2.zw);\n\
        o = inverse(m4)[0] + vec4(inverse(m3)[1], 0.0) + vec4(inverse(m2)[1], 0.0, 0.0); }\n";
    let module = lowered(source, naga::ShaderStage::Fragment, Plan::HLSL);
    for n in 2..=4 {
        let f = helper(&module, &format!("prism_inverse_{n}x{n}_f32"));
        for seed in 0..20 {
            let m = matrix(n, seed);
            let inv = from_v(&run(f, &[to_v(&m)]));
            // (inv * m)[c][r] = sum_k inv[k][r] * m[c][k]
            for (c, column) in m.iter().enumerate() {
                for r in 0..n {
                    let product: f64 = inv.iter().zip(column).map(|(k, x)| k[r] * x).sum();
                    let want = if c == r { 1.0 } else { 0.0 };
                    assert!(
                        (product - want).abs() < 1e-4,
                        "{n}x{n} seed {seed}: ({c},{r}) = {product}"
                    );
                }
            }
        }
    }
}

#[test]
fn outer_product_columns() {
    let source = "#version 450\nlayout(location=0) in vec3 a;\nlayout(location=1) in vec3 b;\n\
        layout(location=0) out vec4 o;\nvoid main() { mat3 m = outerProduct(a, b); o = vec4(m[1], 1.0); }\n";
    let module = lowered(source, naga::ShaderStage::Fragment, Plan::MSL);
    let f = helper(&module, "prism_outer_3x3_f32");
    let c = V::L(vec![V::F(1.0), V::F(2.0), V::F(3.0)]);
    let r = V::L(vec![V::F(10.0), V::F(-1.0), V::F(0.5)]);
    let got = from_v(&run(f, &[c, r]));
    // GLSL: outerProduct(c, r)[j][i] = c[i] * r[j]
    assert_eq!(
        got,
        vec![
            vec![10.0, 20.0, 30.0],
            vec![-1.0, -2.0, -3.0],
            vec![0.5, 1.0, 1.5]
        ]
    );
}

#[test]
fn nan_and_inf_bit_tests() {
    let source = "#version 450\nlayout(location=0) in vec4 v;\nlayout(location=0) out vec4 o;\n\
        void main() { o = vec4(any(isnan(v)) ? 1.0 : 0.0, isinf(v.x) ? 1.0 : 0.0, 0.0, 1.0); }\n";
    let module = lowered(source, naga::ShaderStage::Fragment, Plan::WGSL);
    let isnan = helper(&module, "prism_isnan_vec4_f32");
    let isinf = helper(&module, "prism_isinf_f32");
    let values = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0e38, -0.0];
    let got = run(
        isnan,
        &[V::L(values[..4].iter().map(|&x| V::F(x)).collect())],
    );
    assert_eq!(
        got,
        V::L(vec![V::B(true), V::B(false), V::B(false), V::B(false)])
    );
    let infs: Vec<V> = values.iter().map(|&x| run(isinf, &[V::F(x)])).collect();
    assert_eq!(
        infs,
        vec![
            V::B(false),
            V::B(true),
            V::B(true),
            V::B(false),
            V::B(false)
        ]
    );
}
