// Column sums with subgroup operations, for narrow matrices (the output layer's bias gradient:
// 10 columns, a batch of rows): out[chunk][c] = sum of x[r][c] over the 256 rows r of one
// chunk. The same bindings and grid as column_sum.comp (x, y) = (ceil(cols / 64), chunks), so
// it is a drop-in replacement; the host picks it when the device has SUBGROUP and cols <= 16.
//
// column_sum.comp puts 64 columns side by side across the lanes: with 10 columns, 54 of every
// 64 lanes idle. Here each of the 256 invocations owns one row, reads that row's columns one
// after the other (a whole narrow row block is a few cache lines), and a subgroupAdd sums one
// column across the subgroup; the subgroups' sums meet in workgroup memory. WGSL because
// naga's GLSL front end has no subgroup functions; no `enable subgroups;` because naga 30
// rejects that directive as not implemented yet (it accepts the builtins without it).

struct Params {
    rows: u32,
    cols: u32,
    unused0: u32,
    unused1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> outv: array<f32>;

const ROWS_PER_GROUP: u32 = 256u;
// One slot per subgroup: 256 invocations in subgroups of at least 4.
var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(256)
fn main(
    @builtin(local_invocation_index) lid: u32,
    @builtin(workgroup_id) group: vec3<u32>,
    @builtin(subgroup_invocation_id) lane: u32,
    @builtin(subgroup_id) subgroup: u32,
    @builtin(num_subgroups) subgroups: u32,
) {
    let row = group.y * ROWS_PER_GROUP + lid;
    let c0 = group.x * 64u;
    let c1 = min(c0 + 64u, params.cols);
    for (var c = c0; c < c1; c++) {
        var v = 0.0;
        if (row < params.rows) {
            v = x[row * params.cols + c];
        }
        let s = subgroupAdd(v);
        if (lane == 0u && subgroup < 64u) {
            partial[subgroup] = s;
        }
        workgroupBarrier();
        if (lid == 0u) {
            var total = 0.0;
            for (var i = 0u; i < min(subgroups, 64u); i++) {
                total += partial[i];
            }
            outv[group.y * params.cols + c] = total;
        }
        workgroupBarrier();
    }
}
