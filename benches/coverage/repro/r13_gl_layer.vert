#version 450
#extension GL_ARB_shader_viewport_layer_array : require
layout(location = 0) in vec3 inPos;
void main() {
	gl_Layer = gl_InstanceIndex;
	gl_Position = vec4(inPos, 1.0);
}
