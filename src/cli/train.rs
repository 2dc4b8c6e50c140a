//! `prism train`: a tiny fully connected network trained end to end on the GPU, on a seeded
//! classification problem prism generates (blobs: one random centre per class,
//! uniform noise around it), printing the loss and accuracy per epoch.

use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};

use prism::gpu::device::Gpu;
use prism::gpu::kernels::{Activation, Cost};
use prism::gpu::network::{self, Dataset, Network};

use super::common::Outcome;

/// Noise around each class centre, per coordinate: wide enough (centres lie in [−1, 1]ⁿ) that
/// the classes overlap coordinate by coordinate and the network has to combine many inputs.
const NOISE: f32 = 6.0;

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Layer sizes, input first: 784,128,10 is 784 inputs, a hidden layer of 128 and 10
    /// classes. The output layer is a sigmoid; hidden layers use --activation.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "N,...",
        default_value = "784,128,10"
    )]
    pub layers: Vec<usize>,

    /// Passes over the generated data.
    #[arg(long, default_value_t = 3)]
    pub epochs: usize,

    /// Samples per training step.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,

    /// Samples generated (rounded down to whole batches).
    #[arg(long, default_value_t = 4096)]
    pub samples: usize,

    /// Learning rate (applied to the gradient of the batch's mean loss).
    #[arg(long, default_value_t = 0.5)]
    pub rate: f32,

    /// SGD momentum.
    #[arg(long, default_value_t = 0.9)]
    pub momentum: f32,

    /// The cost: cross-entropy (after the sigmoid output) or quadratic.
    #[arg(long, value_enum, default_value_t = CostArg::CrossEntropy)]
    pub cost: CostArg,

    /// Hidden layers' activation.
    #[arg(long, value_enum, default_value_t = ActivationArg::Tanh)]
    pub activation: ActivationArg,

    /// Seed of the data and of the initial weights.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Adapter index from `prism bench --list` (default: the best).
    #[arg(long, value_name = "N")]
    pub adapter: Option<usize>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CostArg {
    CrossEntropy,
    Quadratic,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ActivationArg {
    Linear,
    Relu,
    Sigmoid,
    Tanh,
}

impl From<ActivationArg> for Activation {
    fn from(a: ActivationArg) -> Activation {
        match a {
            ActivationArg::Linear => Activation::Linear,
            ActivationArg::Relu => Activation::Relu,
            ActivationArg::Sigmoid => Activation::Sigmoid,
            ActivationArg::Tanh => Activation::Tanh,
        }
    }
}

pub fn run(args: TrainArgs) -> anyhow::Result<Outcome> {
    if args.layers.len() < 2 || args.layers.contains(&0) {
        bail!("--layers needs at least two positive sizes (inputs, then each layer's outputs)");
    }
    if args.batch == 0 || args.samples < args.batch {
        bail!("--samples must hold at least one --batch of at least one sample");
    }
    let cost = match args.cost {
        CostArg::CrossEntropy => Cost::CrossEntropy,
        CostArg::Quadratic => Cost::Quadratic,
    };
    let mut activations = vec![Activation::from(args.activation); args.layers.len() - 2];
    activations.push(Activation::Sigmoid);
    let (inputs, classes) = (args.layers[0], args.layers[args.layers.len() - 1]);
    let batches = args.samples / args.batch;
    let data = Dataset::blobs(inputs, classes, batches * args.batch, NOISE, args.seed);

    let gpu = Gpu::open(args.adapter).context("opening the GPU")?;
    eprintln!(
        "prism train: {} ({}, {}), layers {:?}, batch {}, {} samples, {} cost, rate {}, \
         momentum {}, seed {}",
        gpu.adapter.name,
        gpu.adapter.backend,
        gpu.adapter.device_type,
        args.layers,
        args.batch,
        data.samples(),
        cost.name(),
        args.rate,
        args.momentum,
        args.seed
    );
    if gpu.adapter.is_cpu {
        eprintln!(
            "note: {} is a CPU device: times are CPU-emulated",
            gpu.adapter.name
        );
    }
    let mut net = Network::new(&gpu, &args.layers, &activations, args.batch, args.seed)
        .context("building the network")?;
    for epoch in 1..=args.epochs {
        let start = Instant::now();
        let mut loss = 0.0f64;
        let mut right = 0;
        for b in 0..batches {
            let (x, y, labels) = data.batch(b, args.batch);
            let step = net
                .train_step(&gpu, x, y, cost, args.rate, args.momentum)
                .with_context(|| format!("epoch {epoch}, batch {b}"))?;
            if !step.is_finite() {
                bail!("the loss diverged at epoch {epoch}, batch {b}; try a smaller --rate");
            }
            loss += f64::from(step);
            right += network::correct(net.output(), labels, classes);
        }
        println!(
            "epoch {epoch}: loss {:.4}, accuracy {:.1}% (during the epoch), {:.2} s",
            loss / batches as f64,
            100.0 * right as f64 / data.samples() as f64,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Clean)
}
