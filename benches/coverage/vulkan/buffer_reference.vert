#version 450
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
layout(buffer_reference, scalar) readonly buffer VertexBuffer { vec3 positions[]; };
layout(push_constant) uniform PC { mat4 mvp; VertexBuffer vb; } pc;
void main() {
	gl_Position = pc.mvp * vec4(pc.vb.positions[gl_VertexIndex], 1.0);
}
