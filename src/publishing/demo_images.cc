#include "publishing/demo_images.h"

#include <vips/vips.h>

#include <array>
#include <cmath>
#include <numbers>
#include <string_view>
#include <utility>

#include "media/vips_util.h"

namespace publishing {
namespace {

using base::Result;
using base::Status;

// Two gradient ends and an accent for the shapes, with names for alt text.
struct Palette {
  std::array<double, 3> from, to, accent;
  std::string_view from_en, to_en, accent_en;
  std::string_view from_es, to_es, accent_es;
};

constexpr std::array<Palette, 8> kPalettes = {{
    {{150, 20, 32}, {238, 118, 38}, {250, 236, 210},
     "deep red", "orange", "cream", "rojo oscuro", "naranja", "crema"},
    {{18, 34, 82}, {22, 138, 140}, {242, 198, 78},
     "navy", "teal", "gold", "azul marino", "verde azulado", "dorado"},
    {{72, 22, 82}, {222, 82, 112}, {255, 222, 204},
     "plum", "rose", "pale peach", "ciruela", "rosa", "melocotón claro"},
    {{18, 78, 52}, {148, 198, 72}, {250, 246, 222},
     "forest green", "lime", "ivory", "verde bosque", "lima", "marfil"},
    {{38, 38, 48}, {192, 30, 46}, {246, 244, 238},
     "charcoal", "crimson", "off-white", "carbón", "carmesí", "blanco roto"},
    {{204, 134, 32}, {158, 48, 30}, {44, 30, 30},
     "ochre", "brick red", "dark brown", "ocre", "rojo ladrillo", "marrón oscuro"},
    {{74, 152, 212}, {40, 40, 122}, {255, 255, 255},
     "sky blue", "indigo", "white", "azul cielo", "índigo", "blanco"},
    {{20, 110, 118}, {232, 208, 160}, {170, 40, 40},
     "teal", "sand", "red", "verde azulado", "arena", "rojo"},
}};

// Small deterministic generator (splitmix32-style) so a seed fixes the picture.
class Rng {
 public:
  explicit Rng(uint32_t seed) : state_(seed) {}
  uint32_t Next() {
    uint32_t z = (state_ += 0x9E3779B9u);
    z = (z ^ (z >> 16)) * 0x85EBCA6Bu;
    z = (z ^ (z >> 13)) * 0xC2B2AE35u;
    return z ^ (z >> 16);
  }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * (Next() / 4294967296.0); }

 private:
  uint32_t state_;
};

// The first draw picks the palette, so DescribeDemoImage can name it without
// drawing anything.
const Palette& PickPalette(Rng& rng) { return kPalettes[rng.Next() % kPalettes.size()]; }

// The media module's RAII holder for a VipsImage reference.
using media::internal::ImageRef;

// Turns a libvips return code into a Status, taking (and clearing) libvips'
// thread-local error buffer so the next failure does not repeat this one.
Status Check(int rc, std::string_view what) {
  if (rc == 0) return Status::Ok();
  return Status::Internal(std::string(what) + ": " + media::internal::TakeVipsError());
}

Status EnsureVipsStarted() {
  // libvips keeps process-wide state (GObject types, its thread pool, the
  // operation cache) that must be set up once before any other call. This
  // function-local static is the single place that happens; C++ guarantees it
  // runs once even with concurrent callers. It is never shut down: libvips
  // may still be in use by other threads until the process exits.
  static const bool started = VIPS_INIT("broadside") == 0;
  if (!started) return Status::Internal("libvips failed to initialise");
  return Status::Ok();
}

// x*ux + y*uy for every pixel of a two-band xyz image, as a float image.
Result<ImageRef> Projection(const ImageRef& xyz, double ux, double uy) {
  ImageRef matrix(vips_image_new_matrixv(2, 1, ux, uy));
  if (matrix.get() == nullptr) return Check(-1, "matrix");
  ImageRef out;
  BS_RETURN_IF_ERROR(Check(vips_recomb(xyz.get(), out.out(), matrix.get(), nullptr), "recomb"));
  return out;
}

// Euclidean distance of every pixel from (cx, cy).
Result<ImageRef> Distance(const ImageRef& xyz, double cx, double cy) {
  const double scale[2] = {1, 1};
  const double offset[2] = {-cx, -cy};
  ImageRef shifted, squared, sum, root;
  BS_RETURN_IF_ERROR(
      Check(vips_linear(xyz.get(), shifted.out(), scale, offset, 2, nullptr), "linear"));
  BS_RETURN_IF_ERROR(
      Check(vips_multiply(shifted.get(), shifted.get(), squared.out(), nullptr), "multiply"));
  BS_ASSIGN_OR_RETURN(sum, Projection(squared, 1, 1));
  BS_RETURN_IF_ERROR(Check(vips_pow_const1(sum.get(), root.out(), 0.5, nullptr), "pow"));
  return root;
}

// A one-band uchar mask: 255 where |f - center| < half_width, fading to 0
// over a couple of pixels at the edge so shapes are antialiased.
Result<ImageRef> SoftMask(const ImageRef& f, double center, double half_width) {
  constexpr double kFeather = 2.0;
  ImageRef shifted, magnitude, ramp, mask;
  BS_RETURN_IF_ERROR(Check(vips_linear1(f.get(), shifted.out(), 1, -center, nullptr), "linear"));
  BS_RETURN_IF_ERROR(Check(vips_abs(shifted.get(), magnitude.out(), nullptr), "abs"));
  BS_RETURN_IF_ERROR(Check(vips_linear1(magnitude.get(), ramp.out(), -255 / kFeather,
                                        255 * half_width / kFeather + 127.5, nullptr),
                           "linear"));
  // The cast clips to 0..255, which is what turns the ramp into a mask.
  BS_RETURN_IF_ERROR(Check(vips_cast_uchar(ramp.get(), mask.out(), nullptr), "cast"));
  return mask;
}

// Paints `accent` over `canvas` where `mask` is set, at `strength` (0..1).
Status Overlay(ImageRef& canvas, const ImageRef& mask, const std::array<double, 3>& accent,
               double strength) {
  const double keep[3] = {1 - strength, 1 - strength, 1 - strength};
  const double add[3] = {accent[0] * strength, accent[1] * strength, accent[2] * strength};
  ImageRef tinted, blended;
  BS_RETURN_IF_ERROR(Check(
      vips_linear(canvas.get(), tinted.out(), keep, add, 3, "uchar", TRUE, nullptr), "linear"));
  BS_RETURN_IF_ERROR(Check(vips_ifthenelse(mask.get(), tinted.get(), canvas.get(), blended.out(),
                                           "blend", TRUE, nullptr),
                           "ifthenelse"));
  canvas = std::move(blended);
  return Status::Ok();
}

// Builds the (lazy) picture; nothing is computed until it is saved.
Result<ImageRef> Draw(int width, int height, uint32_t seed) {
  Rng rng(seed);
  const Palette& palette = PickPalette(rng);
  const double scale = std::min(width, height) / 630.0;

  ImageRef xyz;
  BS_RETURN_IF_ERROR(Check(vips_xyz(xyz.out(), width, height, nullptr), "xyz"));

  // Gradient along a random direction, normalised to 0..1 over the image.
  const double angle = rng.Uniform(0, 2 * std::numbers::pi);
  const double ux = std::cos(angle), uy = std::sin(angle);
  const double lo = std::min(0.0, ux * width) + std::min(0.0, uy * height);
  const double hi = std::max(0.0, ux * width) + std::max(0.0, uy * height);
  ImageRef along, t, canvas;
  BS_ASSIGN_OR_RETURN(along, Projection(xyz, ux, uy));
  BS_RETURN_IF_ERROR(
      Check(vips_linear1(along.get(), t.out(), 1 / (hi - lo), -lo / (hi - lo), nullptr), "linear"));
  double a[3], b[3];
  for (int i = 0; i < 3; ++i) {
    a[i] = palette.to[i] - palette.from[i];
    b[i] = palette.from[i];
  }
  // Shapes are painted on 8-bit pixels: libvips' blend is much faster there.
  BS_RETURN_IF_ERROR(
      Check(vips_linear(t.get(), canvas.out(), a, b, 3, "uchar", TRUE, nullptr), "linear"));

  // Two or three parallel bands, roughly across the gradient.
  const double band_angle = angle + std::numbers::pi / 2 + rng.Uniform(-0.6, 0.6);
  const double bx = std::cos(band_angle), by = std::sin(band_angle);
  const double band_lo = std::min(0.0, bx * width) + std::min(0.0, by * height);
  const double band_hi = std::max(0.0, bx * width) + std::max(0.0, by * height);
  ImageRef across;
  BS_ASSIGN_OR_RETURN(across, Projection(xyz, bx, by));
  const int bands = 2 + static_cast<int>(rng.Next() % 2);
  for (int i = 0; i < bands; ++i) {
    const double center = band_lo + (band_hi - band_lo) * (i + rng.Uniform(0.3, 0.7)) / bands;
    ImageRef mask;
    BS_ASSIGN_OR_RETURN(mask, SoftMask(across, center, rng.Uniform(12, 60) * scale));
    BS_RETURN_IF_ERROR(Overlay(canvas, mask, palette.accent, rng.Uniform(0.15, 0.35)));
  }

  // A few discs and rings.
  const int shapes = 2 + static_cast<int>(rng.Next() % 3);
  for (int i = 0; i < shapes; ++i) {
    const double cx = rng.Uniform(0.1, 0.9) * width, cy = rng.Uniform(0.1, 0.9) * height;
    const double radius = rng.Uniform(50, 230) * scale;
    const bool ring = rng.Next() % 2 == 0;
    ImageRef distance, mask;
    BS_ASSIGN_OR_RETURN(distance, Distance(xyz, cx, cy));
    if (ring) {
      BS_ASSIGN_OR_RETURN(mask, SoftMask(distance, radius, rng.Uniform(5, 14) * scale));
      BS_RETURN_IF_ERROR(Overlay(canvas, mask, palette.accent, 0.8));
    } else {
      BS_ASSIGN_OR_RETURN(mask, SoftMask(distance, 0, radius));
      BS_RETURN_IF_ERROR(Overlay(canvas, mask, palette.accent, rng.Uniform(0.2, 0.4)));
    }
  }

  return canvas;
}

}  // namespace

Status WriteDemoImage(const std::string& path, int width, int height, uint32_t seed) {
  constexpr int kMaxSide = 8000;
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide) {
    return Status::InvalidArgument("demo image: size out of range");
  }
  if (path.empty()) return Status::InvalidArgument("demo image: path required");
  BS_RETURN_IF_ERROR(EnsureVipsStarted());
  // The picture is all gradients and soft edges, so drawing it at half size
  // and doubling each pixel loses little and halves the time (init draws ~20).
  const bool halve = width >= 200 && height >= 200 && width % 2 == 0 && height % 2 == 0;
  ImageRef image;
  BS_ASSIGN_OR_RETURN(image, halve ? Draw(width / 2, height / 2, seed) : Draw(width, height, seed));
  if (halve) {
    ImageRef doubled;
    BS_RETURN_IF_ERROR(Check(vips_zoom(image.get(), doubled.out(), 2, 2, nullptr), "zoom"));
    image = std::move(doubled);
  }
  if (vips_image_get_width(image.get()) != width || vips_image_get_height(image.get()) != height) {
    return Status::Internal("demo image: drawn at the wrong size");
  }
  return Check(vips_jpegsave(image.get(), path.c_str(), "Q", 70, "strip", TRUE,
                             "optimize_coding", TRUE, nullptr),
               "jpegsave " + path);
}

std::string DescribeDemoImage(uint32_t seed, std::string_view lang) {
  Rng rng(seed);
  const Palette& p = PickPalette(rng);
  std::string out;
  if (lang == "es") {
    out = "Ilustración abstracta: un degradado de ";
    out.append(p.from_es).append(" a ").append(p.to_es);
    out.append(", atravesado por franjas translúcidas de color ").append(p.accent_es);
    out.append(" y círculos superpuestos");
  } else {
    out = "Abstract illustration: a gradient from ";
    out.append(p.from_en).append(" to ").append(p.to_en);
    out.append(", crossed by translucent ").append(p.accent_en);
    out.append(" bands and overlapping circles");
  }
  return out;
}

}  // namespace publishing
