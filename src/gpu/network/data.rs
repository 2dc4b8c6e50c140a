//! A seeded classification problem for `prism train` and the tests: blobs around random class
//! centres, one-hot targets, and how many outputs pick the right class.

use rand::{RngExt, SeedableRng};

/// A seeded classification problem: `classes` blobs in `inputs` dimensions.
pub struct Dataset {
    pub inputs: usize,
    pub classes: usize,
    /// samples × inputs.
    pub x: Vec<f32>,
    /// samples × classes, one-hot.
    pub y: Vec<f32>,
    pub labels: Vec<usize>,
}

impl Dataset {
    /// Each class a random centre in [−1, 1]ⁿ; each sample its class's centre plus uniform
    /// noise of `noise` per coordinate.
    pub fn blobs(inputs: usize, classes: usize, samples: usize, noise: f32, seed: u64) -> Dataset {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let centres: Vec<f32> = (0..classes * inputs)
            .map(|_| rng.random_range(-1.0..1.0))
            .collect();
        let mut x = Vec::with_capacity(samples * inputs);
        let mut y = vec![0.0; samples * classes];
        let mut labels = Vec::with_capacity(samples);
        for s in 0..samples {
            let class = rng.random_range(0..classes.max(1));
            let centre = &centres[class * inputs..(class + 1) * inputs];
            x.extend(centre.iter().map(|c| c + rng.random_range(-noise..=noise)));
            y[s * classes + class] = 1.0;
            labels.push(class);
        }
        Dataset {
            inputs,
            classes,
            x,
            y,
            labels,
        }
    }

    pub fn samples(&self) -> usize {
        self.labels.len()
    }

    /// Batch `b` of size `batch`: (inputs, targets, labels).
    pub fn batch(&self, b: usize, batch: usize) -> (&[f32], &[f32], &[usize]) {
        let rows = b * batch..(b + 1) * batch;
        (
            &self.x[rows.start * self.inputs..rows.end * self.inputs],
            &self.y[rows.start * self.classes..rows.end * self.classes],
            &self.labels[rows],
        )
    }
}

/// How many of a batch's outputs (batch × classes) pick the right class.
pub fn correct(output: &[f32], labels: &[usize], classes: usize) -> usize {
    output
        .chunks_exact(classes.max(1))
        .zip(labels)
        .filter(|(row, &label)| {
            let best = row
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i);
            best == Some(label)
        })
        .count()
}
