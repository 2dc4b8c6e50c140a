//! Atomics lowered by `front::glsl::atomics`, run: GLSL → prism's WGSL → naga → wgpu (lavapipe
//! in CI), the results checked on the CPU. A lock-free list pushed with `atomicCompSwap` on a
//! storage buffer must hold every node exactly once, a compare-and-swap minimum in `shared`
//! memory must be the minimum, and one invocation per workgroup must win
//! `atomicCompSwap(claimed, 0, 1)` (WGSL's compare-exchange is weak: prism retries it, see
//! `back::lower::strong_cas`); image atomics must count and take maxima per texel. Beside
//! them, a struct's `matCx2` members in a std430 buffer, which prism moves column by column.

#![cfg(feature = "gpu")]

mod common;

use prism::back::{Output, Target};
use prism::pipeline::{compile_text, CompileOptions};
use prism::shader::{InputKind, Stage};

const GROUPS: u32 = 4;
const SIZE: u32 = 64;
const PIXELS: u32 = 4;
const END: u32 = u32::MAX;

const LIST: &str = "#version 450
layout(local_size_x = 64) in;
layout(set = 0, binding = 0) buffer Heads { uint heads[4]; };
layout(set = 0, binding = 1) buffer Next { uint next[]; };
layout(set = 0, binding = 2) buffer Result { uint mins[4]; uint winners[4]; };
shared uint minValue;
shared int claimed;
void main() {
    uint i = gl_GlobalInvocationID.x;
    if (gl_LocalInvocationIndex == 0u) {
        minValue = 0xFFFFFFFFu;
        claimed = 0;
    }
    barrier();
    uint p = i % 4u;
    uint head = heads[p];
    for (;;) {
        next[i] = head;
        uint seen = atomicCompSwap(heads[p], head, i);
        if (seen == head) {
            break;
        }
        head = seen;
    }
    uint v = (i * 2654435761u) >> 8u;
    uint current = minValue;
    while (v < current) {
        uint previous = atomicCompSwap(minValue, current, v);
        if (previous == current) {
            break;
        }
        current = previous;
    }
    int first = atomicCompSwap(claimed, 0, 1);
    barrier();
    if (first == 0) {
        mins[gl_WorkGroupID.x] = minValue;
        atomicAdd(winners[gl_WorkGroupID.x], 1u);
    }
}
";

const IMAGE: &str = "#version 450
layout(local_size_x = 64) in;
layout(set = 0, binding = 0, r32ui) uniform uimage2D counts;
layout(set = 0, binding = 1) readonly buffer Values { uint values[]; };
void main() {
    uint v = values[gl_GlobalInvocationID.x];
    imageAtomicAdd(counts, ivec2(int(v % 8u), 0), 1u);
    if (v > 3u)
        imageAtomicMax(counts, ivec2(int(v % 8u), 1), v);
}
";

fn value(i: u32) -> u32 {
    i.wrapping_mul(2_654_435_761) >> 8
}

fn wgsl(name: &str, source: &str) -> String {
    let compilation = compile_text(
        name,
        source,
        InputKind::Glsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{name}: {:?}", f.diagnostics));
    match compilation.emit(Target::Wgsl) {
        Ok(Output::Text(text)) => text,
        other => panic!("{name}: {other:?}"),
    }
}

fn pipeline(device: &wgpu::Device, name: &str, source: &str) -> wgpu::ComputePipeline {
    // prism's WGSL, read back by naga (wgpu is built with naga IR input only).
    let text = wgsl(name, source);
    let ir = naga::front::wgsl::parse_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(name),
        source: wgpu::ShaderSource::Naga(std::borrow::Cow::Owned(ir)),
    });
    device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some(name),
        layout: None,
        module: &module,
        entry_point: Some("main"),
        compilation_options: Default::default(),
        cache: None,
    })
}

fn buffer(device: &wgpu::Device, queue: &wgpu::Queue, words: &[u32]) -> wgpu::Buffer {
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: None,
        size: (words.len() * 4) as u64,
        usage: wgpu::BufferUsages::STORAGE
            | wgpu::BufferUsages::COPY_SRC
            | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    queue.write_buffer(&buffer, 0, &bytes);
    buffer
}

/// Run `encode` (copies into `staging` included), then read `staging` back as words.
fn run_and_read(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    staging: &wgpu::Buffer,
    encode: impl FnOnce(&mut wgpu::CommandEncoder),
) -> Vec<u32> {
    let mut encoder = device.create_command_encoder(&Default::default());
    encode(&mut encoder);
    queue.submit([encoder.finish()]);
    let (sender, receiver) = std::sync::mpsc::channel();
    staging.map_async(wgpu::MapMode::Read, .., move |r| {
        let _ = sender.send(r);
    });
    device
        .poll(wgpu::PollType::wait_indefinitely())
        .expect("poll");
    receiver.recv().expect("mapped").expect("map");
    let words = staging
        .get_mapped_range(..)
        .expect("range")
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    staging.unmap();
    words
}

fn staging(device: &wgpu::Device, bytes: u64) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: None,
        size: bytes,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// A bind group for set 0 of `pipeline`: `resources` at bindings 0, 1, ... in order.
fn bind_group<'a>(
    device: &wgpu::Device,
    pipeline: &wgpu::ComputePipeline,
    resources: impl IntoIterator<Item = wgpu::BindingResource<'a>>,
) -> wgpu::BindGroup {
    let entries: Vec<wgpu::BindGroupEntry> = resources
        .into_iter()
        .enumerate()
        .map(|(binding, resource)| wgpu::BindGroupEntry {
            binding: binding as u32,
            resource,
        })
        .collect();
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: None,
        layout: &pipeline.get_bind_group_layout(0),
        entries: &entries,
    })
}

fn dispatch(
    encoder: &mut wgpu::CommandEncoder,
    pipeline: &wgpu::ComputePipeline,
    bind_group: &wgpu::BindGroup,
) {
    let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
        label: None,
        timestamp_writes: None,
    });
    pass.set_pipeline(pipeline);
    pass.set_bind_group(0, bind_group, &[]);
    pass.dispatch_workgroups(GROUPS, 1, 1);
}

#[test]
fn compare_swap_list_and_shared_minimum_run() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let (device, queue) = (&gpu.device, &gpu.queue);
    // What runs is prism's strong compare-exchange: each weak one retried in its own loop
    // (`back::lower::strong_cas`); without it a spurious failure could drop a node or leave a
    // workgroup without a winner.
    let text = wgsl("list.comp", LIST);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let retried = lines
        .windows(2)
        .filter(|w| w[0] == "loop {" && w[1].contains("= atomicCompareExchangeWeak("))
        .count();
    assert_eq!(retried, 3, "{text}");
    let pipeline = pipeline(device, "list.comp", LIST);
    let invocations = GROUPS * SIZE;
    let heads = buffer(device, queue, &[END; PIXELS as usize]);
    let next = buffer(device, queue, &vec![0xDEAD_BEEF; invocations as usize]);
    let result = buffer(device, queue, &[0; 8]);
    let bind_group = bind_group(
        device,
        &pipeline,
        [
            heads.as_entire_binding(),
            next.as_entire_binding(),
            result.as_entire_binding(),
        ],
    );
    let words = (PIXELS + invocations + 8) as u64;
    let out = staging(device, words * 4);
    let read = run_and_read(device, queue, &out, |encoder| {
        dispatch(encoder, &pipeline, &bind_group);
        encoder.copy_buffer_to_buffer(&heads, 0, &out, 0, PIXELS as u64 * 4);
        encoder.copy_buffer_to_buffer(&next, 0, &out, PIXELS as u64 * 4, invocations as u64 * 4);
        encoder.copy_buffer_to_buffer(&result, 0, &out, (PIXELS + invocations) as u64 * 4, 32);
    });
    let (heads, rest) = read.split_at(PIXELS as usize);
    let (next, result) = rest.split_at(invocations as usize);
    for p in 0..PIXELS {
        let mut seen = Vec::new();
        let mut node = heads[p as usize];
        while node != END && seen.len() <= invocations as usize {
            seen.push(node);
            node = next[node as usize];
        }
        seen.sort_unstable();
        let expected: Vec<u32> = (0..invocations).filter(|i| i % PIXELS == p).collect();
        assert_eq!(seen, expected, "list of pixel {p}");
    }
    for g in 0..GROUPS {
        let min = (g * SIZE..(g + 1) * SIZE).map(value).min().unwrap();
        assert_eq!(result[g as usize], min, "minimum of workgroup {g}");
        assert_eq!(result[4 + g as usize], 1, "winners of workgroup {g}");
    }
}

#[test]
fn image_atomics_count_and_take_maxima() {
    let instance =
        wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    let adapters = pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()));
    let Some(adapter) = adapters
        .iter()
        .find(|a| a.features().contains(wgpu::Features::TEXTURE_ATOMIC))
    else {
        common::skip("no adapter with wgpu::Features::TEXTURE_ATOMIC: image atomics not run");
        return;
    };
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("prism image atomics"),
        required_features: wgpu::Features::TEXTURE_ATOMIC,
        ..Default::default()
    }))
    .expect("device");
    let pipeline = pipeline(&device, "image.comp", IMAGE);
    let invocations = GROUPS * SIZE;
    let values: Vec<u32> = (0..invocations).map(value).collect();
    let values_buffer = buffer(&device, &queue, &values);
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("counts"),
        size: wgpu::Extent3d {
            width: 8,
            height: 2,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::R32Uint,
        usage: wgpu::TextureUsages::STORAGE_BINDING
            | wgpu::TextureUsages::STORAGE_ATOMIC
            | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = texture.create_view(&Default::default());
    let bind_group = bind_group(
        &device,
        &pipeline,
        [
            wgpu::BindingResource::TextureView(&view),
            values_buffer.as_entire_binding(),
        ],
    );
    let row = 256u32;
    let out = staging(&device, (row * 2) as u64);
    let read = run_and_read(&device, &queue, &out, |encoder| {
        dispatch(encoder, &pipeline, &bind_group);
        encoder.copy_texture_to_buffer(
            wgpu::TexelCopyTextureInfo {
                texture: &texture,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            wgpu::TexelCopyBufferInfo {
                buffer: &out,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(row),
                    rows_per_image: Some(2),
                },
            },
            wgpu::Extent3d {
                width: 8,
                height: 2,
                depth_or_array_layers: 1,
            },
        );
    });
    for x in 0..8u32 {
        let count = values.iter().filter(|v| *v % 8 == x).count() as u32;
        let max = values
            .iter()
            .filter(|v| *v % 8 == x && **v > 3)
            .max()
            .copied()
            .unwrap_or(0);
        assert_eq!(read[x as usize], count, "count of texel {x}");
        assert_eq!(read[(row / 4 + x) as usize], max, "maximum of texel {x}");
    }
}

/// Not an atomic: a struct with `mat2`/`mat3x2` members in std430 buffers, which prism stores
/// column by column (`dialect::struct_members`). 14 floats per `Xform`: `offset` at 0, `rot`
/// at 2 (columns 2 floats apart), `scale` at 6, `skew` at 8, stride 14 (56 bytes).
const COLUMNS: &str = "#version 450
layout(local_size_x = 64) in;
struct Xform { vec2 offset; mat2 rot; float scale; mat3x2 skew; };
layout(std430, binding = 0) readonly buffer In { Xform xforms[]; };
layout(std430, binding = 1) buffer Out { Xform outs[]; };
layout(std430, binding = 2) buffer Res { vec2 results[]; };
void main() {
    uint i = gl_GlobalInvocationID.x;
    Xform x = xforms[i];
    x.rot *= 2.0;
    vec2 p = x.rot * vec2(1.0, 2.0) + x.offset;
    p += xforms[i].skew * vec3(1.0, 10.0, 100.0);
    p += xforms[i].rot[1] * x.scale;
    results[i] = p;
    outs[i] = Xform(x.offset, x.rot, x.scale, x.skew);
    outs[i].skew = xforms[i].skew * 3.0;
    outs[i].rot[1] = vec2(float(i), -1.0);
}
";

#[test]
fn two_row_matrices_in_std430_structs_move_column_by_column() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let (device, queue) = (&gpu.device, &gpu.queue);
    const FLOATS: usize = 14;
    let n = (GROUPS * SIZE) as usize;
    // Fresh values each run, and poisoned outputs. Float 7 of each `Xform` is padding, which
    // a whole-struct store may leave as it was: not compared.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.subsec_nanos());
    let input: Vec<f32> = (0..n * FLOATS)
        .map(|k| (value(k as u32 ^ seed) % 2001) as f32 / 100.0 - 10.0)
        .collect();
    let words = |floats: &[f32]| floats.iter().map(|f| f.to_bits()).collect::<Vec<u32>>();
    let poison = vec![0x7FC0_DEAD; n * FLOATS];
    let pipeline = pipeline(device, "columns.comp", COLUMNS);
    let xforms = buffer(device, queue, &words(&input));
    let outs = buffer(device, queue, &poison);
    let results = buffer(device, queue, &poison[..n * 2]);
    let bind_group = bind_group(
        device,
        &pipeline,
        [
            xforms.as_entire_binding(),
            outs.as_entire_binding(),
            results.as_entire_binding(),
        ],
    );
    let out_bytes = (n * FLOATS * 4) as u64;
    let staging = staging(device, out_bytes + (n * 8) as u64);
    let read = run_and_read(device, queue, &staging, |encoder| {
        dispatch(encoder, &pipeline, &bind_group);
        encoder.copy_buffer_to_buffer(&outs, 0, &staging, 0, out_bytes);
        encoder.copy_buffer_to_buffer(&results, 0, &staging, out_bytes, (n * 8) as u64);
    });
    let read: Vec<f64> = read.iter().map(|w| f64::from(f32::from_bits(*w))).collect();
    let (outs, results) = read.split_at(n * FLOATS);
    let close = |got: f64, want: f64| (got - want).abs() <= 1e-4 * want.abs().max(1.0);
    for i in 0..n {
        let x: Vec<f64> = input[i * FLOATS..(i + 1) * FLOATS]
            .iter()
            .map(|&f| f64::from(f))
            .collect();
        let (offset, rot, scale, skew) = (&x[0..2], &x[2..6], x[6], &x[8..14]);
        // Column-major: rot * v = col0 * v.x + col1 * v.y.
        let p: Vec<f64> = (0..2)
            .map(|r| {
                2.0 * rot[r]
                    + 2.0 * rot[2 + r] * 2.0
                    + offset[r]
                    + skew[r]
                    + skew[2 + r] * 10.0
                    + skew[4 + r] * 100.0
                    + rot[2 + r] * scale
            })
            .collect();
        for r in 0..2 {
            assert!(
                close(results[i * 2 + r], p[r]),
                "results[{i}][{r}]: {} vs {}",
                results[i * 2 + r],
                p[r]
            );
        }
        let o = &outs[i * FLOATS..(i + 1) * FLOATS];
        let want = [
            (0, offset[0]),
            (1, offset[1]),
            (2, 2.0 * rot[0]),
            (3, 2.0 * rot[1]),
            (4, i as f64),
            (5, -1.0),
            (6, scale),
            (8, 3.0 * skew[0]),
            (9, 3.0 * skew[1]),
            (10, 3.0 * skew[2]),
            (11, 3.0 * skew[3]),
            (12, 3.0 * skew[4]),
            (13, 3.0 * skew[5]),
        ];
        for (k, w) in want {
            assert!(close(o[k], w), "outs[{i}] float {k}: {} vs {w}", o[k]);
        }
    }
}
