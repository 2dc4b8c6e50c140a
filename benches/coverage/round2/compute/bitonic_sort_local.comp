#version 450

layout(local_size_x = 256) in;

layout(std430, binding = 0) buffer SortData { uvec2 elements[]; };

layout(push_constant) uniform Params {
    uint h;
    uint algorithm;
} params;

shared uvec2 localValue[512];

bool isGreater(uvec2 a, uvec2 b) { return a.x > b.x || (a.x == b.x && a.y > b.y); }

void globalCompareAndSwap(uvec2 idx) {
    if (isGreater(elements[idx.x], elements[idx.y])) {
        uvec2 tmp = elements[idx.x];
        elements[idx.x] = elements[idx.y];
        elements[idx.y] = tmp;
    }
}

void localCompareAndSwap(uvec2 idx) {
    if (isGreater(localValue[idx.x], localValue[idx.y])) {
        uvec2 tmp = localValue[idx.x];
        localValue[idx.x] = localValue[idx.y];
        localValue[idx.y] = tmp;
    }
}

void localFlip(uint h) {
    uint t = gl_LocalInvocationID.x;
    barrier();
    uint halfH = h >> 1;
    uvec2 indices = uvec2(h * ((2 * t) / h)) + uvec2(t % halfH, h - 1 - (t % halfH));
    localCompareAndSwap(indices);
}

void localDisperse(uint h) {
    uint t = gl_LocalInvocationID.x;
    for (; h > 1; h /= 2) {
        barrier();
        uint halfH = h >> 1;
        uvec2 indices = uvec2(h * ((2 * t) / h)) + uvec2(t % halfH, halfH + (t % halfH));
        localCompareAndSwap(indices);
    }
}

void localBms(uint h) {
    for (uint hh = 2; hh <= h; hh <<= 1) {
        localFlip(hh);
        localDisperse(hh / 2);
    }
}

void main() {
    uint t = gl_LocalInvocationID.x;
    uint offset = gl_WorkGroupSize.x * 2 * gl_WorkGroupID.x;
    if (params.algorithm <= 1) {
        localValue[t * 2] = elements[offset + t * 2];
        localValue[t * 2 + 1] = elements[offset + t * 2 + 1];
    }
    switch (params.algorithm) {
        case 0: localBms(params.h); break;
        case 1: localDisperse(params.h); break;
        case 2: globalCompareAndSwap(uvec2(offset + t, offset + t + params.h)); break;
    }
    if (params.algorithm <= 1) {
        barrier();
        elements[offset + t * 2] = localValue[t * 2];
        elements[offset + t * 2 + 1] = localValue[t * 2 + 1];
    }
}
