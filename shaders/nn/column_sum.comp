#version 450
// Column sums of a rows x cols row-major matrix: out[chunk][c] = sum of x[r][c] over the rows
// r of one chunk of ROWS_PER_GROUP rows (the bias gradient: a sum over the batch).
// Workgroup (64, 4): 64 columns side by side (coalesced), 4 lanes striding down the rows,
// combined in workgroup memory. The host dispatches (ceil(cols/64), chunks); with more than
// one chunk it runs this kernel again on the chunk partials (rows = chunks).
layout(local_size_x = 64, local_size_y = 4) in;

#define ROWS_PER_GROUP 256u

layout(set = 0, binding = 0) uniform Params {
    uint rows;
    uint cols;
    uint unused0;
    uint unused1;
};
layout(set = 0, binding = 1) readonly buffer X { float x[]; };
layout(set = 0, binding = 3) writeonly buffer Out { float outv[]; };

// One flat array: a 2-D shared array's index order is easy to get wrong across front ends.
shared float lanes[4 * 64];

void main() {
    uint lx = gl_LocalInvocationID.x;
    uint ly = gl_LocalInvocationID.y;
    uint col = gl_WorkGroupID.x * 64u + lx;
    uint chunk = gl_WorkGroupID.y;
    uint r0 = chunk * ROWS_PER_GROUP;
    uint r1 = min(r0 + ROWS_PER_GROUP, rows);

    float sum = 0.0;
    if (col < cols) {
        for (uint r = r0 + ly; r < r1; r += 4u) {
            sum += x[r * cols + col];
        }
    }
    lanes[ly * 64u + lx] = sum;
    barrier();
    if (ly == 0u && col < cols) {
        outv[chunk * cols + col] = (lanes[lx] + lanes[64u + lx]) + (lanes[128u + lx] + lanes[192u + lx]);
    }
}
