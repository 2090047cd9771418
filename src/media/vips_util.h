#pragma once
// Internal to media/: RAII for libvips objects and its error buffer.

#include <vips/vips.h>

#include <string>
#include <string_view>
#include <utility>

namespace media::internal {

// Owns one reference to a VipsImage.
class ImageRef {
 public:
  ImageRef() = default;
  explicit ImageRef(VipsImage* image) : image_(image) {}
  ~ImageRef() { Reset(); }
  ImageRef(ImageRef&& other) noexcept : image_(std::exchange(other.image_, nullptr)) {}
  ImageRef& operator=(ImageRef&& other) noexcept {
    if (this != &other) {
      Reset();
      image_ = std::exchange(other.image_, nullptr);
    }
    return *this;
  }
  ImageRef(const ImageRef&) = delete;
  ImageRef& operator=(const ImageRef&) = delete;

  VipsImage* get() const { return image_; }
  // For libvips' output parameters.
  VipsImage** out() {
    Reset();
    return &image_;
  }

 private:
  void Reset() {
    if (image_ != nullptr) g_object_unref(image_);
    image_ = nullptr;
  }
  VipsImage* image_ = nullptr;
};

// Takes (and clears) libvips' error buffer, for logs. Never shown to users.
inline std::string TakeVipsError() {
  char* copy = vips_error_buffer_copy();
  std::string message = copy != nullptr ? copy : "";
  g_free(copy);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message;
}

// Copies a g_malloc'd buffer from a *save_buffer call into a string, freeing it.
inline std::string TakeBuffer(void* data, size_t size) {
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

}  // namespace media::internal
