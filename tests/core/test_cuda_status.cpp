// What a CUDA test does on each kind of machine (core/device.hpp, classify_cuda_probe): only
// "no GPU" skips; a driver too old for the build, or any other CUDA error, fails; and the
// reasons name what to do. The probe's answers are written out by hand, so every case runs on
// any machine, GPU or not.
#include <cstdlib>
#include <string>

#include "core/device.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {
// cudaError_t values (CUDA runtime API, driver_types.h).
constexpr int kSuccess = 0, kStubLibrary = 34, kInsufficientDriver = 35, kNoDevice = 100,
              kSystemDriverMismatch = 803;

CudaProbe probe(int error, const char* name, int driver, bool library, int count = 0) {
    CudaProbe p;
    p.error = error;
    p.error_name = name;
    p.error_text = "(text)";
    p.device_count = count;
    p.driver_version = driver;
    p.runtime_version = 13000;
    p.driver_library = library;
    return p;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
}  // namespace

TEST(CudaStatus, AGpuWithAGoodDriverIsUsable) {
    const CudaStatus s = classify_cuda_probe(probe(kSuccess, "cudaSuccess", 13000, true, 1));
    EXPECT_EQ(s.state, CudaState::Usable);
    EXPECT_EQ(s.reason, "");
    // A newer driver runs an older runtime.
    EXPECT_EQ(classify_cuda_probe(probe(kSuccess, "cudaSuccess", 13020, true, 8)).state,
              CudaState::Usable);
}

TEST(CudaStatus, NoDriverAtAllIsNoGpu) {
    // What this machine's CUDA build answers: the runtime reports an insufficient driver, but
    // there is no driver library to be insufficient.
    const CudaStatus s =
        classify_cuda_probe(probe(kInsufficientDriver, "cudaErrorInsufficientDriver", 0, false));
    EXPECT_EQ(s.state, CudaState::NoGpu);
    EXPECT_TRUE(has(s.reason, "no GPU: no NVIDIA driver is installed")) << s.reason;
    EXPECT_TRUE(has(s.reason, "libcuda.so.1")) << s.reason;
}

TEST(CudaStatus, ADriverThatSeesNoDeviceIsNoGpu) {
    const CudaStatus s = classify_cuda_probe(probe(kNoDevice, "cudaErrorNoDevice", 13000, true));
    EXPECT_EQ(s.state, CudaState::NoGpu);
    EXPECT_EQ(s.reason.rfind("no GPU: ", 0), 0u) << s.reason;
    EXPECT_TRUE(has(s.reason, "cudaErrorNoDevice")) << s.reason;
    EXPECT_EQ(classify_cuda_probe(probe(kSuccess, "cudaSuccess", 13000, true, 0)).state,
              CudaState::NoGpu);
}

TEST(CudaStatus, ADriverTooOldForTheBuildFailsNamingTheVersionNeeded) {
    // A CUDA 12.4 driver (550 branch) under a CUDA 13.0 build: a GPU is there, so this is a
    // failure, never a skip, and the message says which driver CUDA 13 needs.
    const CudaStatus s =
        classify_cuda_probe(probe(kInsufficientDriver, "cudaErrorInsufficientDriver", 12040, true));
    EXPECT_EQ(s.state, CudaState::Broken);
    EXPECT_TRUE(has(s.reason, "supports CUDA up to 12.4")) << s.reason;
    EXPECT_TRUE(has(s.reason, "needs CUDA 13.0")) << s.reason;
    EXPECT_TRUE(has(s.reason, "R580")) << s.reason;
    EXPECT_TRUE(has(s.reason, "580.65.06")) << s.reason;
    EXPECT_EQ(s.reason.rfind("no GPU", 0), std::string::npos) << s.reason;
}

TEST(CudaStatus, EveryOtherErrorFails) {
    for (const CudaProbe& p :
         {probe(kSystemDriverMismatch, "cudaErrorSystemDriverMismatch", 13000, true),
          probe(kStubLibrary, "cudaErrorStubLibrary", 0, true),
          probe(kInsufficientDriver, "cudaErrorInsufficientDriver", 0, true),
          probe(999, "cudaErrorUnknown", 13000, true)}) {
        const CudaStatus s = classify_cuda_probe(p);
        EXPECT_EQ(s.state, CudaState::Broken) << p.error_name;
        EXPECT_TRUE(has(s.reason, p.error_name)) << s.reason;
        EXPECT_EQ(s.reason.rfind("no GPU", 0), std::string::npos) << s.reason;
    }
    EXPECT_TRUE(has(classify_cuda_probe(probe(kStubLibrary, "cudaErrorStubLibrary", 0, true)).reason,
                    "stubs"));
}

TEST(CudaStatus, ThisProcessAgreesWithItsOwnProbe) {
    // Whatever this machine is, the cached status is consistent with the other entry points.
    const CudaStatus s = cuda_status();
    EXPECT_EQ(cuda_available(), s.state == CudaState::Usable);
    EXPECT_EQ(cuda_unavailable_reason(), s.reason);
    EXPECT_EQ(s.reason.empty(), s.state == CudaState::Usable);
    if (!cuda_compiled()) EXPECT_EQ(s.state, CudaState::NotCompiled);
}

TEST(CudaStatus, RequireGpuReadsTheEnvironment) {
    const char* old = std::getenv("DL_REQUIRE_GPU");
    const std::string saved = old ? old : "";
    setenv("DL_REQUIRE_GPU", "1", 1);
    EXPECT_TRUE(gpu_required());
    setenv("DL_REQUIRE_GPU", "0", 1);
    EXPECT_FALSE(gpu_required());
    setenv("DL_REQUIRE_GPU", "", 1);
    EXPECT_FALSE(gpu_required());
    unsetenv("DL_REQUIRE_GPU");
    EXPECT_FALSE(gpu_required());
    if (old) setenv("DL_REQUIRE_GPU", saved.c_str(), 1);
}
