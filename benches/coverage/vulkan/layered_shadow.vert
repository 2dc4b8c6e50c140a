#version 450
#extension GL_ARB_shader_viewport_layer_array : require
layout(set = 0, binding = 0) uniform Cascades { mat4 vp[4]; } c;
layout(location = 0) in vec3 inPos;
void main() {
	gl_Layer = gl_InstanceIndex;
	gl_Position = c.vp[gl_InstanceIndex & 3] * vec4(inPos, 1.0);
}
