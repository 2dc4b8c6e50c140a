//! The child side: load Vulkan, open one device, create each job's pipeline with statistics
//! capture on, and write what the driver says back as JSON lines.
//!
//! This is the only code in prism that calls into a GPU driver, and the driver may crash on
//! it: it runs in a `prism __isa-worker` process, one per GPU, and talks to its parent only
//! through the protocol below. Each `unsafe` block is a Vulkan call whose invariants are the
//! usual ones (handles created by this device and still alive, create-info structs and the
//! slices they point to alive for the call); the blocks say what else they rely on.

use std::ffi::CStr;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use ash::vk;

use super::error::IsaError;
use super::job::Job;
use super::protocol::{DeviceInfo, Request, Response, RESPONSE_PREFIX};
use super::report::{Executable, Representation, StatValue, Statistic};
use super::vk_features::DeviceFeatures;
use super::vk_pipeline::{vk_error, Objects};
use crate::shader::Stage;

/// The body of `prism __isa-worker`: one request on stdin, response lines on stdout.
pub fn main(mut stdin: impl Read, mut stdout: impl Write) -> i32 {
    let mut text = String::new();
    let mut send = |response: &Response| -> bool {
        match serde_json::to_string(response) {
            Ok(json) => writeln!(stdout, "{RESPONSE_PREFIX}{json}")
                .and_then(|()| stdout.flush())
                .is_ok(),
            Err(_) => false,
        }
    };
    if let Err(e) = stdin.read_to_string(&mut text) {
        send(&Response::Failed(IsaError::Protocol(format!(
            "reading the job: {e}"
        ))));
        return 2;
    }
    let request: Request = match serde_json::from_str(&text) {
        Ok(request) => request,
        Err(e) => {
            send(&Response::Failed(IsaError::Protocol(format!(
                "bad job: {e}"
            ))));
            return 2;
        }
    };
    let (selector, jobs) = match request {
        Request::List => {
            let devices = catch_unwind(list).unwrap_or_else(|_| Err(panicked("listing")));
            return if send(&Response::Devices(devices)) {
                0
            } else {
                2
            };
        }
        Request::Radv { jobs } => (Selector::Radv, jobs),
        Request::Device { spec, jobs } => (Selector::Spec(spec), jobs),
    };
    let gpu = match catch_unwind(AssertUnwindSafe(|| Gpu::open(&selector))) {
        Ok(Ok(gpu)) => gpu,
        Ok(Err(e)) => return if send(&Response::Failed(e)) { 0 } else { 2 },
        Err(_) => {
            send(&Response::Failed(panicked("opening the device")));
            return 2;
        }
    };
    if !send(&Response::Ready {
        device_name: gpu.name.clone(),
        driver: gpu.driver.clone(),
    }) {
        return 2;
    }
    for job in &jobs {
        let result = catch_unwind(AssertUnwindSafe(|| gpu.compile(job)))
            .unwrap_or_else(|_| Err(panicked("compiling")));
        if !send(&Response::Job(result)) {
            return 2;
        }
    }
    0
}

fn panicked(what: &str) -> IsaError {
    IsaError::Internal(format!("the ISA worker panicked while {what}"))
}

enum Selector {
    Radv,
    Spec(String),
}

fn c_text(text: Result<&CStr, std::ffi::FromBytesUntilNulError>) -> String {
    text.map(|t| t.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The loader and an instance; destroyed on drop.
struct Vulkan {
    _entry: ash::Entry,
    instance: ash::Instance,
}

impl Vulkan {
    fn load() -> Result<Vulkan, IsaError> {
        // SAFETY: dlopens the system's Vulkan loader; ash keeps the library alive in `Entry`,
        // which `Vulkan` holds for as long as the instance.
        let entry = unsafe { ash::Entry::load() }.map_err(|e| IsaError::NoVulkan(e.to_string()))?;
        // SAFETY: a global command with no handles.
        let version = unsafe { entry.try_enumerate_instance_version() }
            .map_err(vk_error("vkEnumerateInstanceVersion"))?
            .unwrap_or(vk::API_VERSION_1_0);
        if version < vk::API_VERSION_1_1 {
            return Err(IsaError::NoVulkan(format!(
                "the Vulkan loader is version {}.{}; 1.1 or later is needed",
                vk::api_version_major(version),
                vk::api_version_minor(version)
            )));
        }
        let app = vk::ApplicationInfo::default()
            .application_name(c"prism")
            .api_version(version.min(vk::API_VERSION_1_3));
        let info = vk::InstanceCreateInfo::default().application_info(&app);
        // SAFETY: `info` and `app` outlive the call.
        let instance = unsafe { entry.create_instance(&info, None) }.map_err(|e| match e {
            vk::Result::ERROR_INCOMPATIBLE_DRIVER => IsaError::NoVulkan(
                "the Vulkan loader found no driver (vkCreateInstance: ERROR_INCOMPATIBLE_DRIVER)"
                    .into(),
            ),
            e => vk_error("vkCreateInstance")(e),
        })?;
        Ok(Vulkan {
            _entry: entry,
            instance,
        })
    }

    fn devices(&self) -> Result<Vec<(vk::PhysicalDevice, DeviceInfo, u32)>, IsaError> {
        // SAFETY: the instance is alive.
        let handles = unsafe { self.instance.enumerate_physical_devices() }
            .map_err(vk_error("vkEnumeratePhysicalDevices"))?;
        handles
            .into_iter()
            .enumerate()
            .map(|(index, handle)| {
                let (info, api) = self.describe(index, handle)?;
                Ok((handle, info, api))
            })
            .collect()
    }

    fn describe(
        &self,
        index: usize,
        device: vk::PhysicalDevice,
    ) -> Result<(DeviceInfo, u32), IsaError> {
        let instance = &self.instance;
        // SAFETY: `device` was enumerated from this instance.
        let properties = unsafe { instance.get_physical_device_properties(device) };
        let mut driver_properties = vk::PhysicalDeviceDriverProperties::default();
        let has_driver_properties = properties.api_version >= vk::API_VERSION_1_2;
        if has_driver_properties {
            let mut properties2 =
                vk::PhysicalDeviceProperties2::default().push_next(&mut driver_properties);
            // SAFETY: the chained struct is core in 1.2, which the device reports.
            unsafe { instance.get_physical_device_properties2(device, &mut properties2) };
        }
        // SAFETY: as above.
        let extensions = unsafe { instance.enumerate_device_extension_properties(device) }
            .map_err(vk_error("vkEnumerateDeviceExtensionProperties"))?;
        let has_extension = extensions.iter().any(|e| {
            e.extension_name_as_c_str() == Ok(ash::khr::pipeline_executable_properties::NAME)
        });
        let mut executable_features =
            vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR::default();
        if has_extension {
            let mut features2 =
                vk::PhysicalDeviceFeatures2::default().push_next(&mut executable_features);
            // SAFETY: the chained struct belongs to an extension the device supports.
            unsafe { instance.get_physical_device_features2(device, &mut features2) };
        }
        let driver = if has_driver_properties {
            let name = c_text(driver_properties.driver_name_as_c_str());
            let info = c_text(driver_properties.driver_info_as_c_str());
            format!("{name} {info}").trim().to_string()
        } else {
            format!("driver version {:#x}", properties.driver_version)
        };
        let kind = properties.device_type;
        Ok((
            DeviceInfo {
                index,
                name: c_text(properties.device_name_as_c_str()),
                driver,
                kind: match kind {
                    vk::PhysicalDeviceType::DISCRETE_GPU => "discrete GPU",
                    vk::PhysicalDeviceType::INTEGRATED_GPU => "integrated GPU",
                    vk::PhysicalDeviceType::VIRTUAL_GPU => "virtual GPU",
                    vk::PhysicalDeviceType::CPU => "CPU",
                    _ => "other",
                }
                .to_string(),
                reports_statistics: has_extension
                    && executable_features.pipeline_executable_info == vk::TRUE,
                is_radv: driver_properties.driver_id == vk::DriverId::MESA_RADV,
                is_cpu: kind == vk::PhysicalDeviceType::CPU,
            },
            properties.api_version,
        ))
    }
}

impl Drop for Vulkan {
    fn drop(&mut self) {
        // SAFETY: every device made from the instance was destroyed first (`Gpu` drops its
        // device before its `Vulkan`).
        unsafe { self.instance.destroy_instance(None) };
    }
}

fn list() -> Result<Vec<DeviceInfo>, IsaError> {
    Ok(Vulkan::load()?
        .devices()?
        .into_iter()
        .map(|(_, info, _)| info)
        .collect())
}

/// An open device that can report pipeline statistics.
struct Gpu {
    name: String,
    driver: String,
    device: ash::Device,
    executables: ash::khr::pipeline_executable_properties::Device,
    features: DeviceFeatures,
    /// Declared last: dropped (instance destroyed) after the device.
    _vulkan: Vulkan,
}

impl Drop for Gpu {
    fn drop(&mut self) {
        // SAFETY: every object made from the device was destroyed by `compile`.
        unsafe { self.device.destroy_device(None) };
    }
}

impl Gpu {
    fn open(selector: &Selector) -> Result<Gpu, IsaError> {
        let vulkan = Vulkan::load()?;
        let devices = vulkan.devices()?;
        let names = || {
            devices
                .iter()
                .map(|(_, d, _)| format!("device:{} {}", d.index, d.name))
                .collect()
        };
        let found = match selector {
            Selector::Radv => devices.iter().find(|(_, d, _)| d.is_radv),
            Selector::Spec(spec) => match spec.strip_prefix("device:") {
                Some(index) => index.parse::<usize>().ok().and_then(|i| devices.get(i)),
                None => {
                    let wanted = spec.to_lowercase();
                    devices
                        .iter()
                        .find(|(_, d, _)| d.name.to_lowercase().contains(&wanted))
                }
            },
        };
        let Some((physical, info, api)) = found else {
            return Err(IsaError::NoDevice {
                spec: match selector {
                    Selector::Radv => "a RADV device".into(),
                    Selector::Spec(spec) => spec.clone(),
                },
                devices: names(),
            });
        };
        if !info.reports_statistics {
            return Err(IsaError::NoStatistics {
                device: info.name.clone(),
            });
        }
        // SAFETY: `physical` was enumerated from this instance.
        let extensions = unsafe {
            vulkan
                .instance
                .enumerate_device_extension_properties(*physical)
        }
        .map_err(vk_error("vkEnumerateDeviceExtensionProperties"))?;
        let features = DeviceFeatures::query(&vulkan.instance, *physical, *api, &extensions);
        let device = create_device(&vulkan.instance, *physical, &features)?;
        let executables =
            ash::khr::pipeline_executable_properties::Device::new(&vulkan.instance, &device);
        Ok(Gpu {
            name: info.name.clone(),
            driver: info.driver.clone(),
            device,
            executables,
            features,
            _vulkan: vulkan,
        })
    }

    fn compile(&self, job: &Job) -> Result<Vec<Executable>, IsaError> {
        self.features.check(&job.spirv, job.stage)?;
        if let Some(companion) = &job.companion {
            let other = match job.stage {
                Stage::Vertex => Stage::Fragment,
                _ => Stage::Vertex,
            };
            self.features.check(companion, other)?;
        }
        let objects = Objects::create(&self.device, job)?;
        // Vertex shaders' representations tell which variant the driver built.
        let representations = job.disasm || job.stage == Stage::Vertex;
        self.read_executables(objects.pipeline, representations)
    }

    fn read_executables(
        &self,
        pipeline: vk::Pipeline,
        representations: bool,
    ) -> Result<Vec<Executable>, IsaError> {
        let info = vk::PipelineInfoKHR::default().pipeline(pipeline);
        // SAFETY: `pipeline` was created with CAPTURE_STATISTICS on this device.
        let properties = unsafe { self.executables.get_pipeline_executable_properties(&info) }
            .map_err(vk_error("vkGetPipelineExecutablePropertiesKHR"))?;
        let mut out = Vec::with_capacity(properties.len());
        for (index, property) in properties.iter().enumerate() {
            let executable = vk::PipelineExecutableInfoKHR::default()
                .pipeline(pipeline)
                .executable_index(index as u32);
            // SAFETY: the index is one the driver just listed.
            let statistics = unsafe {
                self.executables
                    .get_pipeline_executable_statistics(&executable)
            }
            .map_err(vk_error("vkGetPipelineExecutableStatisticsKHR"))?;
            let statistics = statistics.iter().map(statistic).collect();
            let representations = if representations {
                self.representations(&executable)?
            } else {
                Vec::new()
            };
            out.push(Executable {
                name: c_text(property.name_as_c_str()),
                description: c_text(property.description_as_c_str()),
                stages: stage_names(property.stages),
                subgroup_size: property.subgroup_size,
                statistics,
                representations,
            });
        }
        Ok(out)
    }

    fn representations(
        &self,
        executable: &vk::PipelineExecutableInfoKHR,
    ) -> Result<Vec<Representation>, IsaError> {
        // SAFETY: ash's call sizes the list and leaves `p_data` null, so the driver only
        // fills in names and data sizes.
        let mut sized = unsafe {
            self.executables
                .get_pipeline_executable_internal_representations(executable)
        }
        .map_err(vk_error(
            "vkGetPipelineExecutableInternalRepresentationsKHR",
        ))?;
        let mut buffers: Vec<Vec<u8>> = sized.iter().map(|r| vec![0u8; r.data_size]).collect();
        for (representation, buffer) in sized.iter_mut().zip(&mut buffers) {
            representation.p_data = buffer.as_mut_ptr().cast();
        }
        let mut count = sized.len() as u32;
        // SAFETY: each `p_data` points at a live buffer of `data_size` bytes (the buffers
        // outlive the call and are not moved); `count` is the length of `sized`.
        let result = unsafe {
            (self
                .executables
                .fp()
                .get_pipeline_executable_internal_representations_khr)(
                self.device.handle(),
                executable,
                &mut count,
                sized.as_mut_ptr(),
            )
        };
        if result != vk::Result::SUCCESS && result != vk::Result::INCOMPLETE {
            return Err(vk_error(
                "vkGetPipelineExecutableInternalRepresentationsKHR",
            )(result));
        }
        Ok(sized
            .iter()
            .zip(&buffers)
            .take(count as usize)
            .map(|(representation, buffer)| {
                let size = representation.data_size.min(buffer.len());
                let text = if representation.is_text == vk::TRUE {
                    let bytes = &buffer[..size];
                    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                    String::from_utf8_lossy(&bytes[..end]).into_owned()
                } else {
                    format!("(binary, {size} bytes)")
                };
                Representation {
                    name: c_text(representation.name_as_c_str()),
                    description: c_text(representation.description_as_c_str()),
                    text,
                }
            })
            .collect())
    }
}

fn statistic(s: &vk::PipelineExecutableStatisticKHR) -> Statistic {
    // SAFETY: the union member read is the one `format` names.
    let value = unsafe {
        match s.format {
            vk::PipelineExecutableStatisticFormatKHR::BOOL32 => StatValue::Bool(s.value.b32 != 0),
            vk::PipelineExecutableStatisticFormatKHR::INT64 => StatValue::Signed(s.value.i64),
            vk::PipelineExecutableStatisticFormatKHR::FLOAT64 => StatValue::Float(s.value.f64),
            _ => StatValue::Unsigned(s.value.u64),
        }
    };
    Statistic {
        name: c_text(s.name_as_c_str()),
        description: c_text(s.description_as_c_str()),
        value,
    }
}

fn stage_names(flags: vk::ShaderStageFlags) -> Vec<String> {
    [
        (vk::ShaderStageFlags::VERTEX, "vertex"),
        (
            vk::ShaderStageFlags::TESSELLATION_CONTROL,
            "tessellation-control",
        ),
        (
            vk::ShaderStageFlags::TESSELLATION_EVALUATION,
            "tessellation-evaluation",
        ),
        (vk::ShaderStageFlags::GEOMETRY, "geometry"),
        (vk::ShaderStageFlags::FRAGMENT, "fragment"),
        (vk::ShaderStageFlags::COMPUTE, "compute"),
        (vk::ShaderStageFlags::TASK_EXT, "task"),
        (vk::ShaderStageFlags::MESH_EXT, "mesh"),
    ]
    .into_iter()
    .filter(|(flag, _)| flags.contains(*flag))
    .map(|(_, name)| name.to_string())
    .collect()
}

/// A device with every feature it has enabled, except the robustness features: the bounds
/// checks measured are the ones prism's robustness preset put in the SPIR-V.
fn create_device(
    instance: &ash::Instance,
    physical: vk::PhysicalDevice,
    features: &DeviceFeatures,
) -> Result<ash::Device, IsaError> {
    let api = features.api;
    let mut v11 = features.v11;
    let mut v12 = features.v12;
    let mut v13 = features.v13;
    v13.robust_image_access = vk::FALSE;
    let core = vk::PhysicalDeviceFeatures {
        robust_buffer_access: vk::FALSE,
        ..features.core
    };
    let mut executable = vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR::default()
        .pipeline_executable_info(true);
    let mut atomic_float = features.atomic_float.unwrap_or_default();
    let mut image_int64 = features.image_int64.unwrap_or_default();

    let priorities = [1.0f32];
    let queues = [vk::DeviceQueueCreateInfo::default()
        .queue_family_index(0)
        .queue_priorities(&priorities)];
    let mut extensions = vec![ash::khr::pipeline_executable_properties::NAME.as_ptr()];
    let mut features2 = vk::PhysicalDeviceFeatures2::default()
        .features(core)
        .push_next(&mut executable);
    if api >= vk::API_VERSION_1_2 {
        features2 = features2.push_next(&mut v11).push_next(&mut v12);
    }
    if api >= vk::API_VERSION_1_3 {
        features2 = features2.push_next(&mut v13);
    }
    if features.atomic_float.is_some() {
        extensions.push(ash::ext::shader_atomic_float::NAME.as_ptr());
        features2 = features2.push_next(&mut atomic_float);
    }
    if features.image_int64.is_some() {
        extensions.push(ash::ext::shader_image_atomic_int64::NAME.as_ptr());
        features2 = features2.push_next(&mut image_int64);
    }
    let info = vk::DeviceCreateInfo::default()
        .queue_create_infos(&queues)
        .enabled_extension_names(&extensions)
        .push_next(&mut features2);
    // SAFETY: the features enabled are the ones the device reported (chain pointers cleared
    // by the query, rebuilt here), for extensions it lists; the structs and arrays `info`
    // points at live until the call returns.
    unsafe { instance.create_device(physical, &info, None) }.map_err(vk_error("vkCreateDevice"))
}
