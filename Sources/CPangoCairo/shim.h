// Pango (text layout: shaping, bidi, line breaking, font fallback through fontconfig) drawing with Cairo into
// PDF surfaces, from Debian's libpango1.0-dev and libcairo2-dev (pkg-config pangocairo).
#include <pango/pangocairo.h>
#include <cairo/cairo-pdf.h>
